/* batch-fixtures.c: the models the batch, transaction and optimistic
 * locking tests share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "batch-fixtures.h"

/* Pets: polymorphic, generated ids, a TTL ---------------------------------- */

typedef struct { int unused; } TestPetPrivate;
G_DEFINE_TYPE_WITH_PRIVATE (TestPet, test_pet, DYNANTIC_TYPE_MODEL)

static void
test_pet_class_init (TestPetClass *klass)
{
  DynanticModelClass *model_class = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model_class,
      g_param_spec_string ("pet-id", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_string ("kind", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_int ("age", NULL, NULL, 0, 30, 0, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_boxed ("expires", NULL, NULL, G_TYPE_DATE_TIME, G_PARAM_READWRITE));
  dynantic_model_class_set_partition_key (model_class, "pet-id");
  dynantic_model_class_set_auto_id (model_class, "pet-id");
  dynantic_model_class_set_required (model_class, "name");
  dynantic_model_class_set_ttl (model_class, "expires");
  dynantic_model_class_set_discriminator (model_class, "kind");
  dynantic_model_class_register_subtype (model_class, "DOG", test_dog_get_type ());
  dynantic_model_class_register_subtype (model_class, "CAT", test_cat_get_type ());
}

static void test_pet_init (TestPet *self) { }

struct _TestDog { TestPet parent_instance; };
G_DEFINE_FINAL_TYPE (TestDog, test_dog, TEST_TYPE_PET)

static void
test_dog_class_init (TestDogClass *klass)
{
  dynantic_model_class_install_property (DYNANTIC_MODEL_CLASS (klass),
      g_param_spec_boolean ("barks", NULL, NULL, FALSE, G_PARAM_READWRITE));
}

static void test_dog_init (TestDog *self) { }

struct _TestCat { TestPet parent_instance; };
G_DEFINE_FINAL_TYPE (TestCat, test_cat, TEST_TYPE_PET)

static void
test_cat_class_init (TestCatClass *klass)
{
  dynantic_model_class_install_property (DYNANTIC_MODEL_CLASS (klass),
      g_param_spec_int ("lives", NULL, NULL, 0, 9, 9, G_PARAM_READWRITE));
}

static void test_cat_init (TestCat *self) { }

/* Orders: a composite key --------------------------------------------------- */

struct _TestOrder { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (TestOrder, test_order, DYNANTIC_TYPE_MODEL)

static void
test_order_class_init (TestOrderClass *klass)
{
  DynanticModelClass *model_class = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model_class,
      g_param_spec_string ("customer", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_int ("seq", NULL, NULL, G_MININT, G_MAXINT, 0, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_double ("total", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, G_PARAM_READWRITE));
  dynantic_model_class_set_partition_key (model_class, "customer");
  dynantic_model_class_set_sort_key (model_class, "seq");
}

static void test_order_init (TestOrder *self) { }

TestOrder *
test_order_new (const char *customer,
                int         seq,
                double      total)
{
  return g_object_new (TEST_TYPE_ORDER, "customer", customer, "seq", seq, "total", total, NULL);
}

/* Docs: optimistic locking ------------------------------------------------- */

struct _TestDoc { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (TestDoc, test_doc, DYNANTIC_TYPE_MODEL)

static void
test_doc_class_init (TestDocClass *klass)
{
  DynanticModelClass *model_class = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model_class,
      g_param_spec_string ("doc-id", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_int ("version", NULL, NULL, 0, G_MAXINT, 0, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_string ("text", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_set_partition_key (model_class, "doc-id");
  dynantic_model_class_set_version (model_class, "version");
}

static void test_doc_init (TestDoc *self) { }

TestDoc *
test_doc_new (const char *id,
              const char *text)
{
  return g_object_new (TEST_TYPE_DOC, "doc-id", id, "text", text, NULL);
}

/* Tables -------------------------------------------------------------------- */

static const GType *
table_types (void)
{
  static GType types[4];

  types[0] = TEST_TYPE_PET;
  types[1] = TEST_TYPE_ORDER;
  types[2] = TEST_TYPE_DOC;
  types[3] = G_TYPE_INVALID;
  return types;
}

void
test_tables_set_up (TestTables *tables)
{
  static const char * const prefixes[] = { "pets", "orders", "docs" };
  const GType *types = table_types ();

  tables->client = test_local_client ();
  test_async_init (&tables->async);
  g_type_class_ref (TEST_TYPE_DOG);
  g_type_class_ref (TEST_TYPE_CAT);
  for (guint i = 0; types[i] != G_TYPE_INVALID; i++)
    {
      g_autofree char *name = test_unique_table_name (prefixes[i]);
      DynanticModelClass *klass = g_type_class_ref (types[i]);
      g_autoptr(GError) error = NULL;

      dynantic_model_class_set_table (klass, name);
      dynantic_model_class_set_client (klass, tables->client);
      g_assert_true (dynantic_table_create (types[i], NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (dynantic_table_wait_until_active (types[i], 30, NULL, NULL, &error));
      g_assert_no_error (error);
    }
}

void
test_tables_tear_down (TestTables *tables)
{
  const GType *types = table_types ();

  for (guint i = 0; types[i] != G_TYPE_INVALID; i++)
    {
      DynanticModelClass *klass = g_type_class_peek (types[i]);
      g_autoptr(GError) error = NULL;

      g_assert_true (dynantic_table_delete (types[i], NULL, NULL, &error));
      g_assert_no_error (error);
      dynantic_model_class_set_client (klass, NULL);
      g_type_class_unref (klass);
    }
  g_type_class_unref (g_type_class_peek (TEST_TYPE_DOG));
  g_type_class_unref (g_type_class_peek (TEST_TYPE_CAT));
  g_clear_object (&tables->client);
  test_async_clear (&tables->async);
}

gpointer
test_read_back (GType         type,
                const GValue *partition_key,
                const GValue *sort_key)
{
  g_autoptr(GError) error = NULL;
  DynanticModel *item;

  item = dynantic_model_get_by_key_full (type, TRUE, partition_key, sort_key, NULL, NULL, &error);
  g_assert_no_error (error);
  return item;
}

gint
test_get_int (gpointer    object,
              const char *property)
{
  gint value = 0;

  g_object_get (object, property, &value, NULL);
  return value;
}

double
test_get_double (gpointer    object,
                 const char *property)
{
  double value = 0;

  g_object_get (object, property, &value, NULL);
  return value;
}
