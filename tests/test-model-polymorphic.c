/* test-model-polymorphic.c: single-table hierarchies with a discriminator
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "dynantic-schema-private.h"
#include "test-model-util.h"

#define TEST_TYPE_ANIMAL (test_animal_get_type ())
G_DECLARE_DERIVABLE_TYPE (TestAnimal, test_animal, TEST, ANIMAL, DynanticModel)
struct _TestAnimalClass { DynanticModelClass parent_class; };
G_DEFINE_TYPE (TestAnimal, test_animal, DYNANTIC_TYPE_MODEL)

#define TEST_TYPE_DOG (test_dog_get_type ())
G_DECLARE_DERIVABLE_TYPE (TestDog, test_dog, TEST, DOG, TestAnimal)
struct _TestDogClass { TestAnimalClass parent_class; };
G_DEFINE_TYPE (TestDog, test_dog, TEST_TYPE_ANIMAL)

#define TEST_TYPE_CAT (test_cat_get_type ())
G_DECLARE_FINAL_TYPE (TestCat, test_cat, TEST, CAT, TestAnimal)
struct _TestCat { TestAnimal parent_instance; };
G_DEFINE_FINAL_TYPE (TestCat, test_cat, TEST_TYPE_ANIMAL)

/* Registered from its own class_init: known once the class is. */
#define TEST_TYPE_PUPPY (test_puppy_get_type ())
G_DECLARE_FINAL_TYPE (TestPuppy, test_puppy, TEST, PUPPY, TestDog)
struct _TestPuppy { TestDog parent_instance; };
G_DEFINE_FINAL_TYPE (TestPuppy, test_puppy, TEST_TYPE_DOG)

static void
test_animal_class_init (TestAnimalClass *klass)
{
  DynanticModelClass *model_class = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model_class,
      g_param_spec_string ("animal-id", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_string ("kind", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_set_partition_key (model_class, "animal-id");
  dynantic_model_class_set_discriminator (model_class, "kind");
  dynantic_model_class_register_subtype (model_class, "DOG", TEST_TYPE_DOG);
  dynantic_model_class_register_subtype (model_class, "CAT", TEST_TYPE_CAT);
}

static void test_animal_init (TestAnimal *self) { }

static void
test_dog_class_init (TestDogClass *klass)
{
  dynantic_model_class_install_property (DYNANTIC_MODEL_CLASS (klass),
      g_param_spec_string ("breed", NULL, NULL, NULL, G_PARAM_READWRITE));
}

static void test_dog_init (TestDog *self) { }

static void
test_cat_class_init (TestCatClass *klass)
{
  dynantic_model_class_install_property (DYNANTIC_MODEL_CLASS (klass),
      g_param_spec_int ("lives", NULL, NULL, 0, 9, 9, G_PARAM_READWRITE));
}

static void test_cat_init (TestCat *self) { }

static void
test_puppy_class_init (TestPuppyClass *klass)
{
  dynantic_model_class_register_subtype (DYNANTIC_MODEL_CLASS (test_puppy_parent_class), "PUPPY",
                                         G_TYPE_FROM_CLASS (klass));
}

static void test_puppy_init (TestPuppy *self) { }

/* Fixture ---------------------------------------------------------------- */

typedef struct {
  DynanticClient *client;
  char           *table;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  DynanticModelClass *klass = g_type_class_ref (TEST_TYPE_ANIMAL);
  g_autoptr(GError) error = NULL;

  fixture->client = test_local_client ();
  fixture->table = test_unique_table_name ("animals");
  dynantic_model_class_set_table (klass, fixture->table);
  dynantic_model_class_set_client (klass, fixture->client);
  g_assert_true (dynantic_table_create (TEST_TYPE_ANIMAL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_type_class_unref (klass);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dynantic_table_delete (TEST_TYPE_ANIMAL, NULL, NULL, &error));
  g_assert_no_error (error);
  dynantic_model_class_set_client (g_type_class_peek (TEST_TYPE_ANIMAL), NULL);
  g_clear_object (&fixture->client);
  g_free (fixture->table);
}

/* Helpers ------------------------------------------------------------------ */

static DynanticModel *
get_animal (GType       type,
            const char *id)
{
  g_autoptr(GError) error = NULL;
  DynanticModel *animal;

  animal = dynantic_model_get_by_key_full (type, TRUE, VALUE_STRING (id), NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return animal;
}

static void
save (gpointer animal)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dynantic_model_save (DYNANTIC_MODEL (animal), NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
put_raw (Fixture    *fixture,
         const char *item)
{
  g_autofree char *json = g_strdup_printf ("{\"TableName\":\"%s\",\"Item\":%s}", fixture->table, item);
  g_autoptr(JsonObject) response = test_call (fixture->client, "PutItem", json);
}

/* Tests ---------------------------------------------------------------------- */

static void
test_base_reads_subclasses (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(TestDog) dog = g_object_new (TEST_TYPE_DOG, "animal-id", "a1", "name", "Rex", "breed", "collie", NULL);
  g_autoptr(TestCat) cat = g_object_new (TEST_TYPE_CAT, "animal-id", "a2", "name", "Tom", "lives", 7, NULL);
  g_autoptr(DynanticModel) read_dog = NULL;
  g_autoptr(DynanticModel) read_cat = NULL;
  int lives = 0;

  save (dog);
  save (cat);
  test_assert_string_property (dog, "kind", "DOG");

  read_dog = get_animal (TEST_TYPE_ANIMAL, "a1");
  g_assert_true (G_OBJECT_TYPE (read_dog) == TEST_TYPE_DOG);
  test_assert_string_property (read_dog, "breed", "collie");
  test_assert_string_property (read_dog, "name", "Rex");
  test_assert_string_property (read_dog, "kind", "DOG");

  read_cat = get_animal (TEST_TYPE_ANIMAL, "a2");
  g_assert_true (G_OBJECT_TYPE (read_cat) == TEST_TYPE_CAT);
  g_object_get (read_cat, "lives", &lives, NULL);
  g_assert_cmpint (lives, ==, 7);
}

static void
test_subclass_reads_only_its_kind (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(TestDog) dog = g_object_new (TEST_TYPE_DOG, "animal-id", "a1", "breed", "pug", NULL);
  g_autoptr(TestCat) cat = g_object_new (TEST_TYPE_CAT, "animal-id", "a2", NULL);
  g_autoptr(DynanticModel) as_dog = NULL;
  g_autoptr(DynanticModel) cat_as_dog = NULL;
  g_autoptr(DynanticModel) as_cat = NULL;

  save (dog);
  save (cat);
  as_dog = get_animal (TEST_TYPE_DOG, "a1");
  g_assert_true (TEST_IS_DOG (as_dog));
  cat_as_dog = get_animal (TEST_TYPE_DOG, "a2");
  g_assert_null (cat_as_dog);
  as_cat = get_animal (TEST_TYPE_CAT, "a1");
  g_assert_null (as_cat);
}

static void
test_unknown_kind_loads_as_base (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(DynanticModel) bird = NULL;
  g_autoptr(DynanticModel) bird_again = NULL;
  g_autoptr(DynanticModel) plain = NULL;
  g_autoptr(JsonNode) wingspan = NULL;
  g_autoptr(GError) error = NULL;

  put_raw (fixture, "{\"animal_id\":{\"S\":\"b1\"},\"kind\":{\"S\":\"BIRD\"},\"name\":{\"S\":\"Tweety\"},"
                    "\"wingspan\":{\"N\":\"0.25\"}}");
  bird = get_animal (TEST_TYPE_ANIMAL, "b1");
  g_assert_true (G_OBJECT_TYPE (bird) == TEST_TYPE_ANIMAL);
  test_assert_string_property (bird, "kind", "BIRD");
  test_assert_string_property (bird, "name", "Tweety");
  wingspan = dynantic_model_get_extra_attribute (bird, "wingspan");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (wingspan), "N"), ==, "0.25");
  g_assert_null (get_animal (TEST_TYPE_DOG, "b1"));

  /* Saved through the base: the kind and the unknown attribute stay. */
  g_object_set (bird, "name", "Tweety Bird", NULL);
  save (bird);
  bird_again = get_animal (TEST_TYPE_ANIMAL, "b1");
  test_assert_string_property (bird_again, "kind", "BIRD");
  test_assert_string_property (bird_again, "name", "Tweety Bird");
  g_clear_pointer (&wingspan, json_node_unref);
  wingspan = dynantic_model_get_extra_attribute (bird_again, "wingspan");
  g_assert_nonnull (wingspan);

  /* No discriminator at all: the base too. */
  put_raw (fixture, "{\"animal_id\":{\"S\":\"p1\"},\"name\":{\"S\":\"Plain\"}}");
  plain = get_animal (TEST_TYPE_ANIMAL, "p1");
  g_assert_true (G_OBJECT_TYPE (plain) == TEST_TYPE_ANIMAL);
}

static void
test_late_registration (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(TestPuppy) puppy = NULL;
  g_autoptr(DynanticModel) read = NULL;
  g_autoptr(DynanticModel) as_dog = NULL;
  g_autoptr(DynanticSchema) schema = NULL;
  const char * const *kinds;

  g_type_ensure (TEST_TYPE_PUPPY);
  puppy = g_object_new (TEST_TYPE_PUPPY, "animal-id", "p2", "breed", "beagle", NULL);
  save (puppy);
  test_assert_string_property (puppy, "kind", "PUPPY");

  read = get_animal (TEST_TYPE_ANIMAL, "p2");
  g_assert_true (G_OBJECT_TYPE (read) == TEST_TYPE_PUPPY);
  as_dog = get_animal (TEST_TYPE_DOG, "p2");
  g_assert_true (G_OBJECT_TYPE (as_dog) == TEST_TYPE_PUPPY);

  /* What a query through Dog filters on: its own kind and its subclasses'. */
  schema = dynantic_schema_lookup_for_table (TEST_TYPE_DOG, NULL);
  kinds = dynantic_schema_get_kinds (schema);
  g_assert_cmpuint (g_strv_length ((char **) kinds), ==, 2);
  g_assert_true (g_strv_contains (kinds, "DOG"));
  g_assert_true (g_strv_contains (kinds, "PUPPY"));
  g_assert_cmpstr (dynantic_schema_get_kind (schema), ==, "DOG");
  g_clear_pointer (&schema, dynantic_schema_unref);
  schema = dynantic_schema_lookup_for_table (TEST_TYPE_ANIMAL, NULL);
  g_assert_null (dynantic_schema_get_kinds (schema));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/model/polymorphic/base-reads-subclasses", test_base_reads_subclasses);
  ADD ("/model/polymorphic/subclass-reads-only-its-kind", test_subclass_reads_only_its_kind);
  ADD ("/model/polymorphic/unknown-kind-loads-as-base", test_unknown_kind_loads_as_base);
  ADD ("/model/polymorphic/late-registration", test_late_registration);
#undef ADD

  return g_test_run ();
}
