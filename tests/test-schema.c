/* test-schema.c: model schemas, validation and item encoding, without a server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "codec/dynantic-item-size-private.h"
#include "dynantic-item-private.h"
#include "dynantic-model-private.h"
#include "dynantic-schema-private.h"
#include "test-util.h"
#include "test-values.h"

/* Model classes made at run time: each test's class_init is a "recipe". */
typedef void (*Recipe) (DynanticModelClass *klass);

static void
recipe_class_init (gpointer klass,
                   gpointer class_data)
{
  ((Recipe) class_data) (klass);
}

static GType
define_model_under (GType       parent,
                    const char *name,
                    Recipe      recipe)
{
  GTypeQuery query;
  GTypeInfo info = { 0 };

  g_type_query (parent, &query);
  info.class_size = query.class_size;
  info.class_init = recipe_class_init;
  info.class_data = (gconstpointer) recipe;
  info.instance_size = query.instance_size;
  return g_type_register_static (parent, name, &info, 0);
}

static GType
define_model (const char *name,
              Recipe      recipe)
{
  return define_model_under (DYNANTIC_TYPE_MODEL, name, recipe);
}

static void
install_string (DynanticModelClass *klass,
                const char         *name)
{
  dynantic_model_class_install_property (klass,
      g_param_spec_string (name, NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
}

static void
install_int (DynanticModelClass *klass,
             const char         *name,
             int                 minimum,
             int                 maximum)
{
  dynantic_model_class_install_property (klass,
      g_param_spec_int (name, NULL, NULL, minimum, maximum, CLAMP (0, minimum, maximum),
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
}

static void
install_boxed (DynanticModelClass *klass,
               const char         *name,
               GType               type)
{
  dynantic_model_class_install_property (klass,
      g_param_spec_boxed (name, NULL, NULL, type, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
}

static void
assert_schema_error (GType       type,
                     const char *class_name,
                     const char *property)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (dynantic_schema_lookup_for_table (type, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_SCHEMA);
  g_assert_nonnull (strstr (error->message, class_name));
  if (property != NULL)
    g_assert_nonnull (strstr (error->message, property));
}

/* A valid schema ------------------------------------------------------------- */

static void
order_recipe (DynanticModelClass *klass)
{
  install_string (klass, "customer-id");
  dynantic_model_class_install_property (klass,
      g_param_spec_boxed ("placed-at", NULL, NULL, G_TYPE_DATE_TIME, G_PARAM_READWRITE));
  install_string (klass, "status");
  install_string (klass, "total");
  install_boxed (klass, "tags", G_TYPE_STRV);
  dynantic_model_class_install_property (klass,
      g_param_spec_int64 ("expires", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READWRITE));
  install_string (klass, "order-id");
  install_string (klass, "region");
  dynantic_model_class_install_property (klass,
      g_param_spec_string ("computed", NULL, NULL, NULL, G_PARAM_READABLE));

  dynantic_model_class_set_table (klass, "orders");
  dynantic_model_class_set_partition_key (klass, "customer-id");
  dynantic_model_class_set_sort_key (klass, "placed-at");
  dynantic_model_class_add_global_index (klass, "StatusIndex", "status", "placed-at");
  dynantic_model_class_add_global_index (klass, "RegionIndex", "region", NULL);
  dynantic_model_class_add_local_index (klass, "TotalIndex", "total");
  dynantic_model_class_set_number (klass, "total");
  dynantic_model_class_set_set (klass, "tags");
  dynantic_model_class_set_ttl (klass, "expires");
  dynantic_model_class_set_auto_id (klass, "order-id");
  dynantic_model_class_set_attribute_name (klass, "status", "st");
}

static GType
order_type (void)
{
  static GType type;

  if (type == 0)
    type = define_model ("TestOrder", order_recipe);
  return type;
}

static void
test_schema_valid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DynanticSchema) schema = dynantic_schema_lookup_for_table (order_type (), &error);
  const DynanticSchemaProperty *property;
  const DynanticSchemaIndex *index;

  g_assert_no_error (error);
  g_assert_cmpstr (dynantic_schema_get_table (schema), ==, "orders");
  g_assert_cmpstr (dynantic_model_class_get_table (g_type_class_peek (order_type ())), ==, "orders");
  /* "computed" is read-only: not stored. */
  g_assert_cmpuint (dynantic_schema_get_n_properties (schema), ==, 8);
  g_assert_null (dynantic_schema_find_property (schema, "computed"));

  property = dynantic_schema_get_partition_key (schema);
  g_assert_cmpstr (property->name, ==, "customer-id");
  g_assert_cmpstr (property->attribute, ==, "customer_id");
  /* the member name the item writer copies */
  g_assert_cmpstr (property->attribute_member, ==, "\"customer_id\":");
  g_assert_cmpuint (property->attribute_member_length, ==, strlen ("\"customer_id\":"));
  g_assert_true (property->required && property->key && property->base_stored);
  g_assert_cmpstr (dynantic_schema_get_sort_key (schema)->attribute, ==, "placed_at");

  property = dynantic_schema_find_attribute (schema, "st");
  g_assert_nonnull (property);
  g_assert_cmpstr (property->name, ==, "status");
  g_assert_true (property->key);
  g_assert_false (property->required);
  g_assert_cmpint (dynantic_schema_find_property (schema, "total")->flags, ==, DYNANTIC_VALUE_NUMBER_STRING);
  g_assert_cmpint (dynantic_schema_find_property (schema, "tags")->flags, ==, DYNANTIC_VALUE_SET);
  g_assert_cmpint (dynantic_schema_get_ttl (schema)->flags, ==, DYNANTIC_VALUE_EPOCH_SECONDS);
  g_assert_true (dynantic_schema_find_property (schema, "order-id")->auto_id);
  g_assert_null (dynantic_schema_get_discriminator (schema));

  g_assert_cmpuint (dynantic_schema_get_n_indexes (schema), ==, 3);
  index = dynantic_schema_find_index (schema, "StatusIndex");
  g_assert_cmpint (index->kind, ==, DYNANTIC_SCHEMA_INDEX_GLOBAL);
  g_assert_cmpstr (index->partition_key->attribute, ==, "st");
  g_assert_cmpstr (index->sort_key->attribute, ==, "placed_at");
  g_assert_null (dynantic_schema_find_index (schema, "RegionIndex")->sort_key);
  index = dynantic_schema_find_index (schema, "TotalIndex");
  g_assert_cmpint (index->kind, ==, DYNANTIC_SCHEMA_INDEX_LOCAL);
  g_assert_true (index->partition_key == dynantic_schema_get_partition_key (schema));
  g_assert_cmpstr (index->sort_key->attribute, ==, "total");
  g_assert_null (dynantic_schema_find_index (schema, "Nope"));
}

/* The same declarations, every property named as Python and GJS spell
 * them (GObject keeps `customer_id` as `customer-id`). */
static void
binding_names_recipe (DynanticModelClass *klass)
{
  install_string (klass, "customer-id");
  dynantic_model_class_install_property (klass,
      g_param_spec_boxed ("placed-at", NULL, NULL, G_TYPE_DATE_TIME, G_PARAM_READWRITE));
  install_string (klass, "order-status");
  install_string (klass, "order-total");
  install_boxed (klass, "tag-set", G_TYPE_STRV);
  install_string (klass, "order-id");

  dynantic_model_class_set_table (klass, "orders");
  dynantic_model_class_set_partition_key (klass, "customer_id");
  dynantic_model_class_set_sort_key (klass, "placed_at");
  dynantic_model_class_add_global_index (klass, "StatusIndex", "order_status", "placed_at");
  dynantic_model_class_add_local_index (klass, "TotalIndex", "order_total");
  dynantic_model_class_set_number (klass, "order_total");
  dynantic_model_class_set_set (klass, "tag_set");
  dynantic_model_class_set_auto_id (klass, "order_id");
  dynantic_model_class_set_required (klass, "order_status");
  dynantic_model_class_set_attribute_name (klass, "order_status", "st_at");
}

static void
test_schema_binding_names (void)
{
  GType type = define_model ("TestBindingNames", binding_names_recipe);
  g_autoptr(GError) error = NULL;
  g_autoptr(DynanticSchema) schema = dynantic_schema_lookup_for_table (type, &error);
  const DynanticSchemaIndex *index;

  g_assert_no_error (error);
  g_assert_cmpstr (dynantic_schema_get_partition_key (schema)->name, ==, "customer-id");
  g_assert_cmpstr (dynantic_schema_get_sort_key (schema)->attribute, ==, "placed_at");
  index = dynantic_schema_find_index (schema, "StatusIndex");
  /* the attribute name is kept as declared: only property names fold */
  g_assert_cmpstr (index->partition_key->attribute, ==, "st_at");
  g_assert_true (index->partition_key->required);
  g_assert_cmpstr (dynantic_schema_find_index (schema, "TotalIndex")->sort_key->name, ==, "order-total");
  g_assert_cmpint (dynantic_schema_find_property (schema, "order_total")->flags, ==, DYNANTIC_VALUE_NUMBER_STRING);
  g_assert_cmpint (dynantic_schema_find_property (schema, "tag-set")->flags, ==, DYNANTIC_VALUE_SET);
  g_assert_true (dynantic_schema_find_property (schema, "order_id")->auto_id);
  /* both spellings find one property; a path root names it by either */
  g_assert_true (dynantic_schema_find_property (schema, "order_status") ==
                 dynantic_schema_find_property (schema, "order-status"));
  g_assert_true (dynantic_schema_resolve_root (schema, "st_at") ==
                 dynantic_schema_find_property (schema, "order-status"));
  g_assert_true (dynantic_schema_resolve_root (schema, "order_status") ==
                 dynantic_schema_find_property (schema, "order-status"));
  g_assert_null (dynantic_schema_resolve_root (schema, "mood"));
  g_assert_null (dynantic_schema_find_property (schema, "never_interned_anywhere_before"));
}

static void
subclass_recipe (DynanticModelClass *klass)
{
  install_string (klass, "note");
}

static void
test_schema_inherited (void)
{
  GType type = define_model_under (order_type (), "TestOrderSubclass", subclass_recipe);
  g_autoptr(GError) error = NULL;
  g_autoptr(DynanticSchema) schema = dynantic_schema_lookup_for_table (type, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (dynantic_schema_get_table (schema), ==, "orders");
  g_assert_cmpuint (dynantic_schema_get_n_properties (schema), ==, 9);
  g_assert_cmpstr (dynantic_schema_find_property (schema, "note")->attribute, ==, "note");
  g_assert_cmpstr (dynantic_schema_get_partition_key (schema)->name, ==, "customer-id");
  g_assert_cmpuint (dynantic_schema_get_n_indexes (schema), ==, 3);
}

static void
nested_recipe (DynanticModelClass *klass)
{
  install_string (klass, "street");
}

static void
test_schema_nested_needs_no_table (void)
{
  GType type = define_model ("TestNestedOnly", nested_recipe);
  g_autoptr(GError) error = NULL;
  g_autoptr(DynanticSchema) schema = dynantic_schema_lookup (type, &error);

  g_assert_nonnull (schema);
  g_assert_no_error (error);
  assert_schema_error (type, "TestNestedOnly", NULL);
}

/* Invalid schemas: each names the class and the property ------------------- */

static void
no_table_recipe (DynanticModelClass *klass)
{
  install_string (klass, "id");
  dynantic_model_class_set_partition_key (klass, "id");
}

static void
no_partition_key_recipe (DynanticModelClass *klass)
{
  install_string (klass, "id");
  dynantic_model_class_set_table (klass, "things");
}

static void
two_partition_keys_recipe (DynanticModelClass *klass)
{
  install_string (klass, "id");
  install_string (klass, "other-id");
  dynantic_model_class_set_table (klass, "things");
  dynantic_model_class_set_partition_key (klass, "id");
  dynantic_model_class_set_partition_key (klass, "other-id");
}

static void
two_ttls_recipe (DynanticModelClass *klass)
{
  no_table_recipe (klass);
  dynantic_model_class_set_table (klass, "things");
  install_int (klass, "expires", 0, G_MAXINT);
  install_int (klass, "ends", 0, G_MAXINT);
  dynantic_model_class_set_ttl (klass, "expires");
  dynantic_model_class_set_ttl (klass, "ends");
}

static void
two_discriminators_recipe (DynanticModelClass *klass)
{
  no_table_recipe (klass);
  dynantic_model_class_set_table (klass, "things");
  install_string (klass, "kind");
  install_string (klass, "type");
  dynantic_model_class_set_discriminator (klass, "kind");
  dynantic_model_class_set_discriminator (klass, "type");
}

static void
index_sort_only_recipe (DynanticModelClass *klass)
{
  no_table_recipe (klass);
  dynantic_model_class_set_table (klass, "things");
  install_string (klass, "published");
  dynantic_model_class_add_global_index (klass, "ByDate", NULL, "published");
}

static void
ttl_string_recipe (DynanticModelClass *klass)
{
  no_table_recipe (klass);
  dynantic_model_class_set_table (klass, "things");
  install_string (klass, "expires");
  dynantic_model_class_set_ttl (klass, "expires");
}

static void
auto_id_int_recipe (DynanticModelClass *klass)
{
  no_table_recipe (klass);
  dynantic_model_class_set_table (klass, "things");
  install_int (klass, "serial", 0, G_MAXINT);
  dynantic_model_class_set_auto_id (klass, "serial");
}

static void
missing_property_recipe (DynanticModelClass *klass)
{
  no_table_recipe (klass);
  dynantic_model_class_set_table (klass, "things");
  dynantic_model_class_set_sort_key (klass, "created");
}

static void
boolean_key_recipe (DynanticModelClass *klass)
{
  dynantic_model_class_install_property (klass,
      g_param_spec_boolean ("flag", NULL, NULL, FALSE, G_PARAM_READWRITE));
  dynantic_model_class_set_table (klass, "things");
  dynantic_model_class_set_partition_key (klass, "flag");
}

static void
local_index_without_sort_key_recipe (DynanticModelClass *klass)
{
  no_table_recipe (klass);
  dynantic_model_class_set_table (klass, "things");
  install_string (klass, "rank");
  dynantic_model_class_add_local_index (klass, "ByRank", "rank");
}

static void
unsupported_type_recipe (DynanticModelClass *klass)
{
  no_table_recipe (klass);
  dynantic_model_class_set_table (klass, "things");
  dynantic_model_class_install_property (klass,
      g_param_spec_pointer ("handle", NULL, NULL, G_PARAM_READWRITE));
}

static void
number_int_recipe (DynanticModelClass *klass)
{
  no_table_recipe (klass);
  dynantic_model_class_set_table (klass, "things");
  install_int (klass, "count", 0, 10);
  dynantic_model_class_set_number (klass, "count");
}

static void
bad_table_name_recipe (DynanticModelClass *klass)
{
  no_table_recipe (klass);
  dynantic_model_class_set_table (klass, "no spaces allowed");
}

static void
test_schema_errors (void)
{
  const struct {
    const char *name;
    Recipe      recipe;
    const char *property;
  } cases[] = {
    { "TestNoTable", no_table_recipe, NULL },
    { "TestNoPartitionKey", no_partition_key_recipe, NULL },
    { "TestTwoPartitionKeys", two_partition_keys_recipe, "other-id" },
    { "TestTwoTtls", two_ttls_recipe, "ends" },
    { "TestTwoDiscriminators", two_discriminators_recipe, "type" },
    { "TestIndexSortOnly", index_sort_only_recipe, "published" },
    { "TestTtlString", ttl_string_recipe, "expires" },
    { "TestAutoIdInt", auto_id_int_recipe, "serial" },
    { "TestMissingProperty", missing_property_recipe, "created" },
    { "TestBooleanKey", boolean_key_recipe, "flag" },
    { "TestLocalIndexWithoutSortKey", local_index_without_sort_key_recipe, "ByRank" },
    { "TestUnsupportedType", unsupported_type_recipe, "handle" },
    { "TestNumberInt", number_int_recipe, "count" },
    { "TestBadTableName", bad_table_name_recipe, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GType type = define_model (cases[i].name, cases[i].recipe);
      g_autoptr(GError) error = NULL;

      assert_schema_error (type, cases[i].name, cases[i].property);
      /* The error is reported at every use, not only the first. */
      g_assert_false (dynantic_model_class_check_schema (g_type_class_peek (type), &error));
      g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_SCHEMA);
    }
}

/* A declaration made after the first use takes effect. */
static void
test_schema_late_declaration (void)
{
  GType type = define_model ("TestLateTable", no_table_recipe);
  g_autoptr(GTypeClass) klass = g_type_class_ref (type);
  g_autoptr(DynanticSchema) schema = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (dynantic_model_class_check_schema (DYNANTIC_MODEL_CLASS (klass), NULL));
  dynantic_model_class_set_table (DYNANTIC_MODEL_CLASS (klass), "late");
  g_assert_true (dynantic_model_class_check_schema (DYNANTIC_MODEL_CLASS (klass), &error));
  g_assert_no_error (error);
  schema = dynantic_schema_lookup (type, NULL);
  g_assert_cmpstr (dynantic_schema_get_table (schema), ==, "late");
}

/* Schemas per class ----------------------------------------------------------- */

static void
keyed_recipe (DynanticModelClass *klass)
{
  install_string (klass, "id");
  install_string (klass, "note");
  dynantic_model_class_set_table (klass, "t-one");
  dynantic_model_class_set_partition_key (klass, "id");
}

static void
empty_recipe (DynanticModelClass *klass)
{
}

static GTypeClass *
class_of (GType type)
{
  return g_type_class_ref (type);
}

/* A declaration makes stale the schemas of its class and of the classes
 * below it, and no other: those stay the very same objects. A schema
 * handed out stays valid, whatever is declared meanwhile. */
static void
test_schema_invalidated_per_class (void)
{
  GType a = define_model ("TestStaleA", keyed_recipe);
  GType child = define_model_under (a, "TestStaleAChild", empty_recipe);
  GType b = define_model ("TestStaleB", keyed_recipe);
  g_autoptr(GTypeClass) a_class = class_of (a);
  g_autoptr(DynanticSchema) a1 = dynantic_schema_lookup_for_table (a, NULL);
  g_autoptr(DynanticSchema) child1 = dynantic_schema_lookup_for_table (child, NULL);
  g_autoptr(DynanticSchema) b1 = dynantic_schema_lookup_for_table (b, NULL);
  g_autoptr(DynanticSchema) a2 = NULL;
  g_autoptr(DynanticSchema) child2 = NULL;
  g_autoptr(DynanticSchema) b2 = NULL;

  dynantic_model_class_set_required (DYNANTIC_MODEL_CLASS (a_class), "note");
  a2 = dynantic_schema_lookup_for_table (a, NULL);
  child2 = dynantic_schema_lookup_for_table (child, NULL);
  b2 = dynantic_schema_lookup_for_table (b, NULL);

  g_assert_true (a1 != a2);
  g_assert_true (child1 != child2);
  g_assert_true (b1 == b2);
  g_assert_true (dynantic_schema_find_property (a2, "note")->required);
  g_assert_true (dynantic_schema_find_property (child2, "note")->required);
  g_assert_false (dynantic_schema_find_property (b2, "note")->required);
  /* the stale schema, still held, is whole */
  g_assert_false (dynantic_schema_find_property (a1, "note")->required);
  g_assert_cmpstr (dynantic_schema_get_table (a1), ==, "t-one");
}

/* A replaced schema is freed once nobody holds it: declaring again and
 * again keeps one schema per class alive, not one per declaration. */
static void
test_schema_freed_when_replaced (void)
{
  GType type = define_model ("TestReplaced", keyed_recipe);
  g_autoptr(GTypeClass) klass = class_of (type);
  g_autoptr(DynanticSchema) first = dynantic_schema_lookup_for_table (type, NULL);
  guint alive = dynantic_schema_get_n_alive ();

  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(DynanticSchema) schema = NULL;

      dynantic_model_class_set_table (DYNANTIC_MODEL_CLASS (klass), i % 2 ? "t-one" : "t-two");
      schema = dynantic_schema_lookup_for_table (type, NULL);
      g_assert_cmpstr (dynantic_schema_get_table (schema), ==, i % 2 ? "t-one" : "t-two");
    }
  /* the first, still held, and the current one */
  g_assert_cmpuint (dynantic_schema_get_n_alive (), ==, alive + 1);
  g_clear_pointer (&first, dynantic_schema_unref);
  g_assert_cmpuint (dynantic_schema_get_n_alive (), ==, alive);
}

typedef struct {
  GType    type;
  gint     stop;
  gint     reads;
} Readers;

static gpointer
read_schemas (gpointer data)
{
  Readers *readers = data;

  while (!g_atomic_int_get (&readers->stop))
    {
      g_autoptr(DynanticSchema) schema = dynantic_schema_lookup_for_table (readers->type, NULL);
      const char *table = dynantic_schema_get_table (schema);

      g_assert_true (g_str_equal (table, "t-one") || g_str_equal (table, "t-two"));
      g_assert_cmpuint (dynantic_schema_get_n_properties (schema), ==, 2);
      g_assert_cmpstr (dynantic_schema_get_partition_key (schema)->attribute, ==, "id");
      g_atomic_int_inc (&readers->reads);
    }
  return NULL;
}

/* Readers on other threads keep using the schemas they hold while the
 * class is declared again and again (under ASan, a schema freed too early
 * is a use after free). */
static void
test_schema_concurrent_readers (void)
{
  Readers readers = { define_model ("TestConcurrentReaders", keyed_recipe), 0, 0 };
  g_autoptr(GTypeClass) klass = class_of (readers.type);
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("reader", read_schemas, &readers);
  for (guint i = 0; i < 2000; i++)
    dynantic_model_class_set_table (DYNANTIC_MODEL_CLASS (klass), i % 2 ? "t-one" : "t-two");
  /* every reader read at least once */
  while (g_atomic_int_get (&readers.reads) < (gint) G_N_ELEMENTS (threads))
    g_thread_yield ();
  g_atomic_int_set (&readers.stop, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
}

static void
animal_recipe (DynanticModelClass *klass)
{
  install_string (klass, "name");
  install_string (klass, "kind");
  dynantic_model_class_set_table (klass, "zoo");
  dynantic_model_class_set_partition_key (klass, "name");
  dynantic_model_class_set_discriminator (klass, "kind");
}

/* One class's mistake never surfaces on another: a subtype registered by
 * a class outside the hierarchy, or by a sibling that is not its parent,
 * is an error of the class that registered it, and of no other. */
static void
test_schema_mistakes_stay_with_their_class (void)
{
  GType animal = define_model ("TestZooAnimal", animal_recipe);
  GType dog = define_model_under (animal, "TestZooDog", empty_recipe);
  GType cat = define_model_under (animal, "TestZooCat", empty_recipe);
  GType mouse = define_model_under (animal, "TestZooMouse", empty_recipe);
  GType product = define_model ("TestZooProduct", keyed_recipe);
  g_autoptr(GTypeClass) animal_class = class_of (animal);
  g_autoptr(GTypeClass) cat_class = class_of (cat);
  g_autoptr(GTypeClass) product_class = class_of (product);
  g_autoptr(DynanticSchema) animal_schema = NULL;
  g_autoptr(DynanticSchema) dog_schema = NULL;
  g_autoptr(DynanticSchema) mouse_schema = NULL;
  g_autoptr(DynanticModel) rex = NULL;
  g_autoptr(DynanticQuery) query = NULL;
  g_autoptr(GError) error = NULL;

  dynantic_model_class_register_subtype (DYNANTIC_MODEL_CLASS (animal_class), "DOG", dog);
  dynantic_model_class_register_subtype (DYNANTIC_MODEL_CLASS (animal_class), "CAT", cat);
  /* the mistakes */
  dynantic_model_class_register_subtype (DYNANTIC_MODEL_CLASS (product_class), "DOG", dog);
  dynantic_model_class_register_subtype (DYNANTIC_MODEL_CLASS (cat_class), "MOUSE", mouse);

  assert_schema_error (product, "TestZooProduct", "TestZooDog");
  assert_schema_error (cat, "TestZooCat", "TestZooMouse");

  animal_schema = dynantic_schema_lookup_for_table (animal, &error);
  g_assert_no_error (error);
  g_assert_true (dynantic_schema_resolve_kind (animal_schema, "DOG") == dog);
  g_assert_true (dynantic_schema_resolve_kind (animal_schema, "CAT") == cat);
  g_assert_true (dynantic_schema_resolve_kind (animal_schema, "MOUSE") == animal);
  dog_schema = dynantic_schema_lookup_for_table (dog, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dynantic_schema_get_kind (dog_schema), ==, "DOG");
  mouse_schema = dynantic_schema_lookup_for_table (mouse, &error);
  g_assert_no_error (error);
  g_assert_null (dynantic_schema_get_kind (mouse_schema));

  /* what get, query and scan ask of the schema works for the others */
  rex = g_object_new (dog, "name", "rex", NULL);
  g_assert_true (dynantic_model_validate (rex, &error));
  g_assert_no_error (error);
  query = dynantic_query_new (animal, VALUE_STRING ("rex"), NULL);
  g_assert_true (dynantic_read_validate (DYNANTIC_READ (query), &error));
  g_assert_no_error (error);
}

/* Property storage ---------------------------------------------------------- */

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_storage (void)
{
  g_autoptr(GObject) order = g_object_new (order_type (), NULL);
  g_autofree char *status = NULL;
  g_auto(GStrv) tags = NULL;
  const char *set_tags[] = { "a", "b", NULL };
  gint64 expires = -1;
  guint notified = 0;

  g_signal_connect (order, "notify::status", G_CALLBACK (count_notify), &notified);
  g_object_get (order, "status", &status, "expires", &expires, "tags", &tags, NULL);
  g_assert_null (status);
  g_assert_cmpint (expires, ==, 0);
  g_assert_null (tags);

  g_object_set (order, "status", "open", "expires", (gint64) 1700000000, "tags", set_tags, NULL);
  g_clear_pointer (&status, g_free);
  g_object_get (order, "status", &status, "expires", &expires, "tags", &tags, NULL);
  g_assert_cmpstr (status, ==, "open");
  g_assert_cmpint (expires, ==, 1700000000);
  g_assert_cmpstrv (tags, set_tags);
  g_assert_cmpuint (notified, ==, 1);
}

/* Validation ---------------------------------------------------------------- */

#define TEST_TYPE_PERSON (test_person_get_type ())
G_DECLARE_FINAL_TYPE (TestPerson, test_person, TEST, PERSON, DynanticModel)

/* Keeps its own storage, so that it can hold values GObject would refuse. */
struct _TestPerson
{
  DynanticModel parent_instance;
  char *email;
  char *name;
  int age;
  double score;
  char *balance;
  char *sku;
};

enum { PROP_0, PROP_EMAIL, PROP_NAME, PROP_AGE, PROP_SCORE, PROP_BALANCE, PROP_SKU, N_PROPS };

G_DEFINE_FINAL_TYPE (TestPerson, test_person, DYNANTIC_TYPE_MODEL)

static void
test_person_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TestPerson *self = TEST_PERSON (object);

  switch (prop_id)
    {
    case PROP_EMAIL: g_value_set_string (value, self->email); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_AGE: g_value_set_int (value, self->age); break;
    case PROP_SCORE: g_value_set_double (value, self->score); break;
    case PROP_BALANCE: g_value_set_string (value, self->balance); break;
    case PROP_SKU: g_value_set_string (value, self->sku); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_person_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TestPerson *self = TEST_PERSON (object);

  switch (prop_id)
    {
    case PROP_EMAIL: g_free (self->email); self->email = g_value_dup_string (value); break;
    case PROP_NAME: g_free (self->name); self->name = g_value_dup_string (value); break;
    case PROP_AGE: self->age = g_value_get_int (value); break;
    case PROP_SCORE: self->score = g_value_get_double (value); break;
    case PROP_BALANCE: g_free (self->balance); self->balance = g_value_dup_string (value); break;
    case PROP_SKU: g_free (self->sku); self->sku = g_value_dup_string (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_person_finalize (GObject *object)
{
  TestPerson *self = TEST_PERSON (object);

  g_free (self->email);
  g_free (self->name);
  g_free (self->balance);
  g_free (self->sku);
  G_OBJECT_CLASS (test_person_parent_class)->finalize (object);
}

/* A custom rule: a SKU looks like "ABC-123". */
static void
test_person_validate (DynanticModel *model)
{
  TestPerson *self = TEST_PERSON (model);

  if (self->sku != NULL && !g_regex_match_simple ("^[A-Z]{3}-[0-9]{3}$", self->sku, 0, 0))
    dynantic_model_add_invalid_field (model, "sku", "must look like ABC-123");
}

static void
test_person_class_init (TestPersonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  DynanticModelClass *model_class = DYNANTIC_MODEL_CLASS (klass);
  GParamSpec *props[N_PROPS] = { NULL };

  object_class->get_property = test_person_get_property;
  object_class->set_property = test_person_set_property;
  object_class->finalize = test_person_finalize;
  model_class->validate = test_person_validate;

  props[PROP_EMAIL] = g_param_spec_string ("email", NULL, NULL, NULL, G_PARAM_READWRITE);
  props[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READWRITE);
  props[PROP_AGE] = g_param_spec_int ("age", NULL, NULL, 0, 150, 0, G_PARAM_READWRITE);
  props[PROP_SCORE] = g_param_spec_double ("score", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, G_PARAM_READWRITE);
  props[PROP_BALANCE] = g_param_spec_string ("balance", NULL, NULL, NULL, G_PARAM_READWRITE);
  props[PROP_SKU] = g_param_spec_string ("sku", NULL, NULL, NULL, G_PARAM_READWRITE);
  g_object_class_install_properties (object_class, N_PROPS, props);

  dynantic_model_class_set_table (model_class, "people");
  dynantic_model_class_set_partition_key (model_class, "email");
  dynantic_model_class_set_required (model_class, "name");
  dynantic_model_class_set_number (model_class, "balance");
}

static void
test_person_init (TestPerson *self)
{
}

static void
test_validation_lists_every_field (void)
{
  g_autoptr(TestPerson) person = g_object_new (TEST_TYPE_PERSON, "email", "", "balance", "12abc",
                                               "sku", "nope", NULL);
  g_autoptr(GError) error = NULL;
  const char * const *fields;
  const char *expected[] = { "email", "name", "age", "score", "balance", "sku" };

  /* Values GObject refuses, set behind its back. */
  person->age = 200;
  person->score = NAN;
  g_assert_false (dynantic_model_validate (DYNANTIC_MODEL (person), &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);

  fields = dynantic_error_get_fields (error);
  g_assert_nonnull (fields);
  g_assert_cmpuint (g_strv_length ((char **) fields), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_true (g_strv_contains (fields, expected[i]));
      g_assert_nonnull (strstr (error->message, expected[i]));
    }
  /* Names, never values. */
  g_assert_null (strstr (error->message, "12abc"));
  g_assert_null (strstr (error->message, "nope"));
  g_assert_null (strstr (error->message, "200"));
}

static void
test_validation_passes (void)
{
  g_autoptr(TestPerson) person = g_object_new (TEST_TYPE_PERSON, "email", "a@example.com",
                                               "name", "Ada", "age", 36, "score", 0.5,
                                               "balance", "-0.000001", "sku", "ABC-123", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (dynantic_model_validate (DYNANTIC_MODEL (person), &error));
  g_assert_no_error (error);
}

/* Keys ---------------------------------------------------------------------- */

static void
numbers_recipe (DynanticModelClass *klass)
{
  dynantic_model_class_install_property (klass,
      g_param_spec_int64 ("account", NULL, NULL, G_MININT64, G_MAXINT64, 0, G_PARAM_READWRITE));
  dynantic_model_class_install_property (klass,
      g_param_spec_uint ("seq", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READWRITE));
  dynantic_model_class_set_table (klass, "ledger");
  dynantic_model_class_set_partition_key (klass, "account");
  dynantic_model_class_set_sort_key (klass, "seq");
}

static char *
write_key (const DynanticSchema  *schema,
           const GValue          *partition_key,
           const GValue          *sort_key,
           GError               **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  DynanticJsonWriter writer;

  dynantic_json_writer_init (&writer, out);
  if (!dynantic_item_write_key (&writer, schema, partition_key, sort_key, error))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_keys (void)
{
  g_autoptr(DynanticSchema) schema = dynantic_schema_lookup_for_table (define_model ("TestLedger", numbers_recipe), NULL);
  g_auto(GValue) account = G_VALUE_INIT;
  g_auto(GValue) seq = G_VALUE_INIT;
  g_auto(GValue) text = G_VALUE_INIT;
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;

  /* An int for an int64 key, and a 0 sort key: a real key. */
  g_value_init (&account, G_TYPE_INT);
  g_value_set_int (&account, -7);
  g_value_init (&seq, G_TYPE_INT);
  g_value_set_int (&seq, 0);
  json = write_key (schema, &account, &seq, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json, ==, "{\"account\":{\"N\":\"-7\"},\"seq\":{\"N\":\"0\"}}");

  /* A negative number for an unsigned key loses its sign: refused. */
  g_value_set_int (&seq, -1);
  g_assert_null (write_key (schema, &account, &seq, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "seq"));
  g_clear_error (&error);

  /* A string for a number key. */
  g_value_init (&text, G_TYPE_STRING);
  g_value_set_string (&text, "12");
  g_assert_null (write_key (schema, &text, &seq, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "account"));
  g_clear_error (&error);

  /* The sort key is missing. */
  g_assert_null (write_key (schema, &account, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
}

static void
test_empty_string_key_refused (void)
{
  g_autoptr(DynanticSchema) schema = dynantic_schema_lookup_for_table (TEST_TYPE_PERSON, NULL);
  g_auto(GValue) email = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  g_value_init (&email, G_TYPE_STRING);
  g_value_set_string (&email, "");
  g_assert_null (write_key (schema, &email, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "email"));
  g_clear_error (&error);

  g_value_set_string (&email, "a@example.com");
  json = write_key (schema, &email, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json, ==, "{\"email\":{\"S\":\"a@example.com\"}}");
}

/* GJS passes `null` for a GValue as a pointer value holding NULL. */
static void
test_null_pointer_sort_key_is_none (void)
{
  g_autoptr(DynanticSchema) schema = dynantic_schema_lookup_for_table (TEST_TYPE_PERSON, NULL);
  g_auto(GValue) email = G_VALUE_INIT;
  g_auto(GValue) nothing = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  g_value_set_string (g_value_init (&email, G_TYPE_STRING), "a@example.com");
  g_value_init (&nothing, G_TYPE_POINTER);
  json = write_key (schema, &email, &nothing, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json, ==, "{\"email\":{\"S\":\"a@example.com\"}}");
}

/* Items on the wire --------------------------------------------------------- */

static JsonObject *
write_item (DynanticModel *model)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(DynanticSchema) schema = dynantic_schema_lookup (G_OBJECT_TYPE (model), NULL);
  DynanticJsonWriter writer;

  dynantic_json_writer_init (&writer, out);
  g_assert_true (dynantic_item_write (&writer, schema, model, &error));
  g_assert_no_error (error);
  node = json_from_string (out->str, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}

static DynanticModel *
read_item (GType        type,
           const char  *json,
           GError     **error)
{
  g_autoptr(DynanticSchema) schema = dynantic_schema_lookup (type, NULL);
  DynanticJsonReader reader;
  DynanticModel *model;

  dynantic_json_reader_init (&reader, json, strlen (json));
  model = dynantic_item_read (&reader, schema, error);
  dynantic_json_reader_clear (&reader);
  return model;
}

static const char *
attribute_value (JsonObject *item,
                 const char *attribute,
                 const char *type)
{
  JsonObject *value = json_object_get_object_member (item, attribute);

  g_assert_nonnull (value);
  g_assert_cmpuint (json_object_get_size (value), ==, 1);
  return json_object_get_string_member (value, type);
}

static void
test_item_write (void)
{
  g_autoptr(GDateTime) placed = g_date_time_new_utc (2024, 2, 29, 23, 59, 59.125);
  const char *no_tags[] = { NULL };
  g_autoptr(GObject) order = g_object_new (order_type (), "customer-id", "c-1", "placed-at", placed,
                                           "status", "", "total", "29.990", "tags", no_tags,
                                           "expires", (gint64) 1700000000, NULL);
  g_autoptr(JsonObject) item = write_item (DYNANTIC_MODEL (order));

  g_assert_cmpstr (attribute_value (item, "customer_id", "S"), ==, "c-1");
  g_assert_cmpstr (attribute_value (item, "placed_at", "S"), ==, "2024-02-29T23:59:59.125000Z");
  g_assert_cmpstr (attribute_value (item, "st", "S"), ==, "");
  g_assert_cmpstr (attribute_value (item, "total", "N"), ==, "29.990");
  g_assert_cmpstr (attribute_value (item, "expires", "N"), ==, "1700000000");
  /* NULL values and empty sets are left out. */
  g_assert_false (json_object_has_member (item, "tags"));
  g_assert_false (json_object_has_member (item, "order_id"));
  g_assert_false (json_object_has_member (item, "region"));
  g_assert_cmpuint (json_object_get_size (item), ==, 5);
}

/* Items read one after the other in changing orders, with attributes the
 * class does not know in between: the order learned from one item only
 * guesses the next item's, every value lands in its own property. */
static void
test_item_read_changing_orders (void)
{
  const char *items[] = {
    "{\"total\":{\"N\":\"1\"},\"st\":{\"S\":\"a\"},\"customer_id\":{\"S\":\"c-1\"},\"expires\":{\"N\":\"1\"}}",
    "{\"total\":{\"N\":\"2\"},\"st\":{\"S\":\"b\"},\"customer_id\":{\"S\":\"c-2\"},\"expires\":{\"N\":\"2\"}}",
    "{\"expires\":{\"N\":\"3\"},\"customer_id\":{\"S\":\"c-3\"},\"other\":{\"S\":\"x\"},\"st\":{\"S\":\"c\"},\"total\":{\"N\":\"3\"}}",
    "{\"total\":{\"N\":\"4\"},\"other\":{\"S\":\"y\"},\"customer_id\":{\"S\":\"c-4\"},\"expires\":{\"N\":\"4\"}}",
    "{\"customer_id\":{\"S\":\"c-5\"},\"st\":{\"S\":\"e\"},\"total\":{\"N\":\"5\"},\"expires\":{\"N\":\"5\"}}",
  };
  const char *statuses[] = { "a", "b", "c", NULL, "e" };

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DynanticModel) order = read_item (order_type (), items[i], &error);
      g_autofree char *customer = g_strdup_printf ("c-%u", i + 1);
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      g_autoptr(JsonObject) item = NULL;

      g_assert_no_error (error);
      item = write_item (order);
      g_assert_cmpstr (attribute_value (item, "customer_id", "S"), ==, customer);
      g_assert_cmpstr (attribute_value (item, "total", "N"), ==, number);
      g_assert_cmpstr (attribute_value (item, "expires", "N"), ==, number);
      if (statuses[i] != NULL)
        g_assert_cmpstr (attribute_value (item, "st", "S"), ==, statuses[i]);
      else
        g_assert_false (json_object_has_member (item, "st"));
      if (i == 2 || i == 3)
        g_assert_cmpstr (attribute_value (item, "other", "S"), ==, i == 2 ? "x" : "y");
      else
        g_assert_false (json_object_has_member (item, "other"));
    }
}

/* An attribute twice (a property's, or one no property stores) in an item,
 * read new or into an object again: refused as a bad response naming the
 * attribute, never a value. */
static void
test_item_read_twice (void)
{
  const char *items[] = {
    "{\"st\":{\"S\":\"a\"},\"customer_id\":{\"S\":\"c-1\"},\"st\":{\"S\":\"secret\"}}",
    "{\"customer_id\":{\"S\":\"c-1\"},\"other\":{\"S\":\"a\"},\"other\":{\"N\":\"1\"}}",
  };
  const char *names[] = { "st", "other" };

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) reload_error = NULL;
      g_autoptr(DynanticModel) order = read_item (order_type (), items[i], &error);
      g_autoptr(DynanticModel) existing = g_object_new (order_type (), NULL);
      DynanticJsonReader reader;

      g_assert_null (order);
      g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE);
      g_assert_cmpstr (dynantic_error_get_fields (error)[0], ==, names[i]);
      g_assert_nonnull (strstr (error->message, names[i]));
      g_assert_null (strstr (error->message, "secret"));

      dynantic_json_reader_init (&reader, items[i], strlen (items[i]));
      g_assert_false (dynantic_item_read_into (&reader, dynantic_schema_lookup (order_type (), NULL), existing,
                                               &reload_error));
      dynantic_json_reader_clear (&reader);
      g_assert_error (reload_error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE);
    }
}

/* Attributes in any order: every value is found again for writing, and
 * reading into the object again (reload) resets what the item lacks. */
static void
test_item_read_any_order (void)
{
  const char *json = "{\"expires\":{\"N\":\"7\"},\"customer_id\":{\"S\":\"c-1\"},"
                     "\"st\":{\"S\":\"b\"},\"total\":{\"N\":\"1.5\"}}";
  const char *again = "{\"total\":{\"N\":\"2\"},\"customer_id\":{\"S\":\"c-2\"}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(DynanticModel) order = read_item (order_type (), json, &error);
  g_autoptr(DynanticSchema) schema = NULL;
  g_autoptr(JsonObject) item = NULL;
  g_autoptr(JsonObject) reloaded = NULL;
  g_autofree char *status = NULL;
  g_autofree char *total = NULL;
  DynanticJsonReader reader;
  gint64 expires = -1;

  g_assert_no_error (error);
  item = write_item (order);
  g_assert_cmpstr (attribute_value (item, "st", "S"), ==, "b");
  g_assert_cmpstr (attribute_value (item, "customer_id", "S"), ==, "c-1");
  g_assert_cmpstr (attribute_value (item, "total", "N"), ==, "1.5");
  g_assert_cmpstr (attribute_value (item, "expires", "N"), ==, "7");
  g_assert_cmpuint (json_object_get_size (item), ==, 4);

  dynantic_json_reader_init (&reader, again, strlen (again));
  schema = dynantic_schema_lookup (order_type (), NULL);
  g_assert_true (dynantic_item_read_into (&reader, schema, order, &error));
  dynantic_json_reader_clear (&reader);
  g_assert_no_error (error);
  g_object_get (order, "status", &status, "total", &total, "expires", &expires, NULL);
  g_assert_null (status);
  g_assert_cmpstr (total, ==, "2");
  g_assert_cmpint (expires, ==, 0);

  g_object_set (order, "status", "z", NULL);
  reloaded = write_item (order);
  g_assert_cmpstr (attribute_value (reloaded, "st", "S"), ==, "z");
  g_assert_cmpstr (attribute_value (reloaded, "customer_id", "S"), ==, "c-2");
  g_assert_cmpstr (attribute_value (reloaded, "total", "N"), ==, "2");
  g_assert_cmpstr (attribute_value (reloaded, "expires", "N"), ==, "0");
  g_assert_cmpuint (json_object_get_size (reloaded), ==, 4);
}

static void
test_item_read_keeps_unknown (void)
{
  const char *json = "{\"customer_id\":{\"S\":\"c-1\"},\"future\":{\"L\":[{\"N\":\"1\"},{\"NULL\":true}]},"
                     "\"expires\":{\"N\":\"42\"},\"later\":{\"SS\":[\"x\"]}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(DynanticModel) order = read_item (order_type (), json, &error);
  g_autofree char *customer = NULL;
  g_auto(GStrv) extras = NULL;
  g_autoptr(JsonNode) future = NULL;
  g_autofree char *future_text = NULL;
  g_autoptr(JsonObject) item = NULL;
  gint64 expires = 0;
  const char *expected_extras[] = { "future", "later", NULL };

  g_assert_no_error (error);
  g_object_get (order, "customer-id", &customer, "expires", &expires, NULL);
  g_assert_cmpstr (customer, ==, "c-1");
  g_assert_cmpint (expires, ==, 42);

  extras = dynantic_model_list_extra_attributes (order);
  g_assert_cmpstrv (extras, expected_extras);
  future = dynantic_model_get_extra_attribute (order, "future");
  future_text = json_to_string (future, FALSE);
  g_assert_cmpstr (future_text, ==, "{\"L\":[{\"N\":\"1\"},{\"NULL\":true}]}");
  g_assert_null (dynantic_model_get_extra_attribute (order, "absent"));

  /* Written back unchanged. */
  item = write_item (order);
  g_assert_true (json_object_has_member (item, "future"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_object_get_object_member (item, "later"), "SS")), ==, 1);
}

static void
test_item_read_type_mismatch (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DynanticModel) order = read_item (order_type (), "{\"customer_id\":{\"N\":\"5\"}}", &error);

  g_assert_null (order);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "customer_id"));
}

static void
test_item_read_out_of_range (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DynanticModel) person = read_item (TEST_TYPE_PERSON,
                                               "{\"email\":{\"S\":\"a\"},\"age\":{\"N\":\"151\"}}", &error);

  g_assert_null (person);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "age"));
  g_assert_null (strstr (error->message, "151"));
}

/* String pspecs that restrict characters or fold "" and NULL still check
 * what is read; plain ones take it as it is. */
static void
checked_strings_recipe (DynanticModelClass *klass)
{
  GParamSpec *code = g_param_spec_string ("code", NULL, NULL, NULL, G_PARAM_READWRITE);
  GParamSpec *label = g_param_spec_string ("label", NULL, NULL, NULL, G_PARAM_READWRITE);
  GParamSpec *note = g_param_spec_string ("note", NULL, NULL, NULL, G_PARAM_READWRITE);

  G_PARAM_SPEC_STRING (code)->cset_first = g_strdup ("abc");
  G_PARAM_SPEC_STRING (code)->cset_nth = g_strdup ("abc");
  G_PARAM_SPEC_STRING (label)->ensure_non_null = TRUE;
  dynantic_model_class_install_property (klass, code);
  dynantic_model_class_install_property (klass, label);
  dynantic_model_class_install_property (klass, note);
}

static GType
checked_strings_type (void)
{
  static GType type;

  if (type == 0)
    type = define_model ("TestCheckedStrings", checked_strings_recipe);
  return type;
}

static void
test_item_read_checked_strings (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DynanticModel) model = read_item (checked_strings_type (),
                                              "{\"code\":{\"S\":\"cab\"},\"label\":{\"S\":\"x\"},"
                                              "\"note\":{\"S\":\"\\u00e9!\"}}", &error);
  g_autoptr(DynanticModel) refused = NULL;
  g_autoptr(DynanticModel) folded = NULL;
  g_autofree char *note = NULL;
  g_autofree char *label = NULL;

  g_assert_no_error (error);
  g_object_get (model, "note", &note, NULL);
  g_assert_cmpstr (note, ==, "\u00e9!");

  refused = read_item (checked_strings_type (), "{\"code\":{\"S\":\"cad\"}}", &error);
  g_assert_null (refused);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "code"));
  g_clear_error (&error);

  /* NULL changes into "" under ensure_non_null: refused as well */
  folded = read_item (checked_strings_type (), "{\"label\":{\"NULL\":true}}", &error);
  g_assert_null (folded);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "label"));
  g_clear_error (&error);

  g_object_get (model, "label", &label, NULL);
  g_assert_cmpstr (label, ==, "x");
}

static void
test_item_read_malformed (void)
{
  const char *cases[] = {
    "",
    "[]",
    "{\"customer_id\":{\"S\":\"c\"}",
    "{\"customer_id\":}",
    "{\"customer_id\":{\"S\":\"c\"},\"x\":[1,}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DynanticModel) order = read_item (order_type (), cases[i], &error);

      g_assert_null (order);
      g_assert_nonnull (error);
      g_assert_true (error->domain == DYNANTIC_ERROR);
    }
}

/* Limits checked before sending -------------------------------------------- */

static void
link_recipe (DynanticModelClass *klass)
{
  install_string (klass, "name");
  dynantic_model_class_install_property (klass,
      g_param_spec_object ("next", NULL, NULL, G_TYPE_FROM_CLASS (klass), G_PARAM_READWRITE));
  install_boxed (klass, "data", JSON_TYPE_NODE);
  dynantic_model_class_set_table (klass, "links");
  dynantic_model_class_set_partition_key (klass, "name");
}

static GType
link_type (void)
{
  static GType type;

  if (type == 0)
    type = define_model ("TestLink", link_recipe);
  return type;
}

/* A model and @n more nested in it through "next"; the innermost holds
 * @data (nullable, JSON). */
static DynanticModel *
link_chain (guint       n,
            const char *data)
{
  g_autoptr(JsonNode) node = data != NULL ? json_from_string (data, NULL) : NULL;
  DynanticModel *chain = g_object_new (link_type (), "name", "x", "data", node, NULL);

  for (guint i = 0; i < n; i++)
    {
      DynanticModel *outer = g_object_new (link_type (), "name", "x", "next", chain, NULL);

      g_object_unref (chain);
      chain = outer;
    }
  return chain;
}

static gboolean
write_fails (DynanticModel  *model,
             GError        **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  DynanticJsonWriter writer;

  dynantic_json_writer_init (&writer, out);
  return !dynantic_item_write (&writer, dynantic_schema_lookup (G_OBJECT_TYPE (model), NULL), model, error);
}

/* Nested models count toward DynamoDB's 32 levels, with the maps and lists
 * of their values: validation, writing and reading all stop at them before
 * going deeper, naming the attribute. */
static void
test_item_nested_chain (void)
{
  g_autoptr(DynanticModel) deepest = link_chain (31, NULL);
  g_autoptr(DynanticModel) fits = link_chain (30, "[1]");
  g_autoptr(JsonObject) written = write_item (deepest);
  g_autoptr(GString) too_deep = g_string_new (NULL);
  guint chains[] = { 32, 1000 };

  g_assert_true (dynantic_model_validate (deepest, NULL));
  g_assert_true (dynantic_model_validate (fits, NULL));
  json_object_unref (write_item (fits));
  for (guint i = 0; i < G_N_ELEMENTS (chains); i++)
    {
      g_autoptr(DynanticModel) chain = link_chain (chains[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) write_error = NULL;

      g_assert_false (dynantic_model_validate (chain, &error));
      g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
      g_assert_true (g_str_has_prefix (dynantic_error_get_fields (error)[0], "next.next."));
      g_assert_true (write_fails (chain, &write_error));
      g_assert_error (write_error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
      g_assert_cmpstr (dynantic_error_get_fields (write_error)[0], ==, "next");
    }
  {
    g_autoptr(DynanticModel) over = link_chain (30, "[[1]]");
    g_autoptr(GError) error = NULL;

    g_assert_true (write_fails (over, &error));
    g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
    g_assert_cmpstr (dynantic_error_get_fields (error)[0], ==, "data");
  }

  /* read: 31 nested models come back, 32 are refused */
  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), written);
    g_autofree char *text = json_to_string (node, FALSE);
    g_autoptr(GError) error = NULL;
    g_autoptr(DynanticModel) back = read_item (link_type (), text, &error);

    g_assert_no_error (error);
    g_assert_nonnull (back);
  }
  for (guint i = 0; i < 32; i++)
    g_string_append (too_deep, "{\"name\":{\"S\":\"x\"},\"next\":{\"M\":");
  g_string_append (too_deep, "{\"name\":{\"S\":\"x\"}}");
  for (guint i = 0; i < 32; i++)
    g_string_append (too_deep, "}}");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DynanticModel) back = read_item (link_type (), too_deep->str, &error);

    g_assert_null (back);
    g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE);
    g_assert_cmpstr (dynantic_error_get_fields (error)[0], ==, "next");
  }
}

static void
number_recipe (DynanticModelClass *klass)
{
  install_string (klass, "id");
  dynantic_model_class_install_property (klass,
      g_param_spec_double ("wide", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, G_PARAM_READWRITE));
  dynantic_model_class_install_property (klass,
      g_param_spec_double ("bounded", NULL, NULL, 0, 1e200, 0, G_PARAM_READWRITE));
  dynantic_model_class_set_table (klass, "numbers");
  dynantic_model_class_set_partition_key (klass, "id");
}

/* The full double range is accepted where the pspec's range takes it
 * (GLib 2.74's own check refused anything beyond 3.4e38); a pspec's range
 * still applies, and DynamoDB's own (below 1E+126) when writing. */
static void
test_model_double_range (void)
{
  static GType type;
  double fine[] = { 3.5e38, 1e100, -9.99e125, G_MAXFLOAT * 2.0 };

  if (type == 0)
    type = define_model ("TestNumbers", number_recipe);
  for (guint i = 0; i < G_N_ELEMENTS (fine); i++)
    {
      g_autoptr(DynanticModel) model = g_object_new (type, "id", "a", "wide", fine[i], "bounded", 1e120, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) item = NULL;

      g_assert_true (dynantic_model_validate (model, &error));
      g_assert_no_error (error);
      item = write_item (model);
      g_assert_true (json_object_has_member (item, "wide"));
    }
  {
    g_autoptr(DynanticModel) model = g_object_new (type, "id", "a", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(GError) write_error = NULL;
    GValue big = G_VALUE_INIT;

    /* out of the pspec's range: set around GObject's own clamping */
    g_value_init (&big, G_TYPE_DOUBLE);
    g_value_set_double (&big, 1e201);
    g_assert_true (dynantic_model_value_fits_pspec (g_object_class_find_property (G_OBJECT_GET_CLASS (model), "wide"), &big));
    g_assert_false (dynantic_model_value_fits_pspec (g_object_class_find_property (G_OBJECT_GET_CLASS (model), "bounded"),
                                                     &big));
    g_value_unset (&big);
    g_object_set (model, "wide", 1e300, NULL);
    g_assert_true (dynantic_model_validate (model, &error));
    g_assert_true (write_fails (model, &write_error));
    g_assert_error (write_error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
    g_assert_cmpstr (dynantic_error_get_fields (write_error)[0], ==, "wide");
  }
}

static void
names_recipe (DynanticModelClass *klass)
{
  static char *long_name, *longest_name, *long_key, *longest_key;

  install_string (klass, "id");
  install_string (klass, "empty");
  install_string (klass, "long");
  install_string (klass, "longest");
  install_string (klass, "index-key");
  long_name = g_strnfill (65537, 'n');
  longest_name = g_strnfill (65536, 'n');
  long_key = g_strnfill (256, 'k');
  longest_key = g_strnfill (255, 'k');
  dynantic_model_class_set_attribute_name (klass, "empty", "");
  dynantic_model_class_set_attribute_name (klass, "long", long_name);
  dynantic_model_class_set_attribute_name (klass, "longest", longest_name);
  dynantic_model_class_set_attribute_name (klass, "index-key", long_key);
  dynantic_model_class_set_attribute_name (klass, "id", longest_key);
  dynantic_model_class_set_table (klass, "names");
  dynantic_model_class_set_partition_key (klass, "id");
  dynantic_model_class_add_global_index (klass, "ByKey", "index-key", NULL);
}

/* Attribute names DynamoDB refuses: empty, over 64 KB, a key's over 255
 * bytes; refused before sending, naming the attribute (shortened). */
static void
test_item_names (void)
{
  static GType type;
  const char *bad[] = { "empty", "long", "index-key" };

  if (type == 0)
    type = define_model ("TestNames", names_recipe);
  {
    g_autoptr(DynanticModel) model = g_object_new (type, "id", "a", "longest", "b", NULL);

    json_object_unref (write_item (model));
  }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(DynanticModel) model = g_object_new (type, "id", "a", bad[i], "b", NULL);
      g_autoptr(GError) error = NULL;

      g_assert_true (write_fails (model, &error));
      g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
      g_assert_cmpuint (strlen (error->message), <, 200);
    }
  /* an attribute read with such a name is not written back either */
  {
    g_autofree char *long_unknown = g_strnfill (65537, 'u');
    g_autofree char *json = g_strdup_printf ("{\"%s\":{\"S\":\"a\"},\"%s\":{\"S\":\"b\"}}",
                                             dynantic_schema_get_partition_key (dynantic_schema_lookup (type, NULL))->attribute,
                                             long_unknown);
    g_autoptr(GError) error = NULL;
    g_autoptr(GError) write_error = NULL;
    g_autoptr(DynanticModel) model = read_item (type, json, &error);

    g_assert_no_error (error);
    g_assert_true (write_fails (model, &write_error));
    g_assert_error (write_error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
    g_assert_true (g_str_has_prefix (dynantic_error_get_fields (write_error)[0], "uuuu"));
  }
}

static gsize
size_of (const char *json)
{
  g_autoptr(GError) error = NULL;
  gsize size = 0;

  g_assert_true (dynantic_item_size (json, strlen (json), &size, &error));
  g_assert_no_error (error);
  return size;
}

/* DynamoDB's count of an item's size (measured against DynamoDB Local:
 * tests/test-value-local.c saves items of exactly the limit). */
static void
test_item_size_count (void)
{
  g_assert_cmpuint (size_of ("{\"id\":{\"S\":\"a\\u00e9\"}}"), ==, 2 + 3);
  g_assert_cmpuint (size_of (",{\"b\":{\"B\":\"AAEC\"},\"bb\":{\"B\":\"AA==\"}}"), ==, 1 + 3 + 2 + 1);
  g_assert_cmpuint (size_of ("{\"n\":{\"N\":\"0\"}}"), ==, 1 + 1);
  g_assert_cmpuint (size_of ("{\"n\":{\"N\":\"12\"}}"), ==, 1 + 2);
  g_assert_cmpuint (size_of ("{\"n\":{\"N\":\"123\"}}"), ==, 1 + 3);
  g_assert_cmpuint (size_of ("{\"n\":{\"N\":\"1.5\"}}"), ==, 1 + 3);
  g_assert_cmpuint (size_of ("{\"n\":{\"N\":\"0.05\"}}"), ==, 1 + 2);
  g_assert_cmpuint (size_of ("{\"n\":{\"N\":\"-0.00123\"}}"), ==, 1 + 4);
  g_assert_cmpuint (size_of ("{\"n\":{\"N\":\"123.45\"}}"), ==, 1 + 4);
  g_assert_cmpuint (size_of ("{\"n\":{\"N\":\"1001\"}}"), ==, 1 + 3);
  g_assert_cmpuint (size_of ("{\"n\":{\"N\":\"12345678901234567890123456789012345678E-50\"}}"), ==, 1 + 20);
  g_assert_cmpuint (size_of ("{\"t\":{\"BOOL\":true},\"z\":{\"NULL\":true}}"), ==, 2 + 2);
  g_assert_cmpuint (size_of ("{\"l\":{\"L\":[]},\"m\":{\"M\":{}}}"), ==, 4 + 4);
  g_assert_cmpuint (size_of ("{\"v\":{\"M\":{\"k\":{\"S\":\"ab\"}}}}"), ==, 1 + 7);
  g_assert_cmpuint (size_of ("{\"v\":{\"L\":[{\"S\":\"ab\"},{\"NULL\":true}]}}"), ==, 1 + 8);
  g_assert_cmpuint (size_of ("{\"v\":{\"SS\":[\"ab\",\"c\"]},\"w\":{\"NS\":[\"1\",\"12\"]},\"x\":{\"BS\":[\"YWI=\",\"Yw==\"]}}"),
                    ==, 1 + 3 + 1 + 4 + 1 + 3);
}

static void
sized_recipe (DynanticModelClass *klass)
{
  install_string (klass, "id");
  install_string (klass, "text");
  dynantic_model_class_set_table (klass, "sized");
  dynantic_model_class_set_partition_key (klass, "id");
}

/* The 400 KB limit, checked on the item as written: exactly the limit is
 * written, a byte more refused giving the size and the limit. */
static void
test_item_size_limit (void)
{
  static GType type;
  /* "id" + "a", "text" + the text */
  g_autofree char *fits = g_strnfill (409600 - 3 - 4, 'x');
  g_autofree char *over = g_strnfill (409600 - 3 - 4 + 1, 'x');
  g_autoptr(DynanticModel) model = NULL;
  g_autoptr(GError) error = NULL;

  if (type == 0)
    type = define_model ("TestSized", sized_recipe);
  model = g_object_new (type, "id", "a", "text", fits, NULL);
  json_object_unref (write_item (model));
  g_object_set (model, "text", over, NULL);
  g_assert_true (write_fails (model, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "409601"));
  g_assert_nonnull (strstr (error->message, "409600"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/schema/valid", test_schema_valid);
  g_test_add_func ("/schema/binding-names", test_schema_binding_names);
  g_test_add_func ("/schema/inherited", test_schema_inherited);
  g_test_add_func ("/schema/nested-needs-no-table", test_schema_nested_needs_no_table);
  g_test_add_func ("/schema/errors", test_schema_errors);
  g_test_add_func ("/schema/late-declaration", test_schema_late_declaration);
  g_test_add_func ("/schema/invalidated-per-class", test_schema_invalidated_per_class);
  g_test_add_func ("/schema/freed-when-replaced", test_schema_freed_when_replaced);
  g_test_add_func ("/schema/concurrent-readers", test_schema_concurrent_readers);
  g_test_add_func ("/schema/mistakes-stay-with-their-class", test_schema_mistakes_stay_with_their_class);
  g_test_add_func ("/model/storage", test_storage);
  g_test_add_func ("/model/validation/lists-every-field", test_validation_lists_every_field);
  g_test_add_func ("/model/validation/passes", test_validation_passes);
  g_test_add_func ("/item/keys", test_keys);
  g_test_add_func ("/item/empty-string-key-refused", test_empty_string_key_refused);
  g_test_add_func ("/item/null-pointer-sort-key-is-none", test_null_pointer_sort_key_is_none);
  g_test_add_func ("/item/write", test_item_write);
  g_test_add_func ("/item/read-keeps-unknown", test_item_read_keeps_unknown);
  g_test_add_func ("/item/read-twice", test_item_read_twice);
  g_test_add_func ("/item/nested-chain", test_item_nested_chain);
  g_test_add_func ("/item/names", test_item_names);
  g_test_add_func ("/item/size-count", test_item_size_count);
  g_test_add_func ("/item/size-limit", test_item_size_limit);
  g_test_add_func ("/model/double-range", test_model_double_range);
  g_test_add_func ("/item/read-any-order", test_item_read_any_order);
  g_test_add_func ("/item/read-changing-orders", test_item_read_changing_orders);
  g_test_add_func ("/item/read-type-mismatch", test_item_read_type_mismatch);
  g_test_add_func ("/item/read-out-of-range", test_item_read_out_of_range);
  g_test_add_func ("/item/read-checked-strings", test_item_read_checked_strings);
  g_test_add_func ("/item/read-malformed", test_item_read_malformed);

  return g_test_run ();
}
