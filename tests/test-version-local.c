/* test-version-local.c: optimistic locking (dynantic_model_class_set_version)
 * on save, delete and patch, and the current item a failed conditional
 * write brings back, against DynamoDB Local
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "batch-fixtures.h"

/* A class whose version is not an integer: refused by its schema. */
#define TEST_TYPE_BAD_VERSION (test_bad_version_get_type ())
G_DECLARE_FINAL_TYPE (TestBadVersion, test_bad_version, TEST, BAD_VERSION, DynanticModel)
struct _TestBadVersion { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (TestBadVersion, test_bad_version, DYNANTIC_TYPE_MODEL)

static void
test_bad_version_class_init (TestBadVersionClass *klass)
{
  DynanticModelClass *model_class = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model_class,
      g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_string ("revision", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_set_table (model_class, "never-created");
  dynantic_model_class_set_partition_key (model_class, "id");
  dynantic_model_class_set_version (model_class, "revision");
}

static void test_bad_version_init (TestBadVersion *self) { }

static void
fixture_set_up (TestTables    *tables,
                gconstpointer  data)
{
  test_tables_set_up (tables);
}

static void
fixture_tear_down (TestTables    *tables,
                   gconstpointer  data)
{
  test_tables_tear_down (tables);
}

static TestDoc *
read_doc (const char *id)
{
  return test_read_back (TEST_TYPE_DOC, VALUE_STRING (id), NULL);
}

static void
save_ok (gpointer model)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dynantic_model_save (DYNANTIC_MODEL (model), NULL, NULL, &error));
  g_assert_no_error (error);
}

/* save: 1 on the first write, one more after, only over the version read */
static void
test_save_versions (TestTables    *tables,
                    gconstpointer  data)
{
  g_autoptr(TestDoc) doc = test_doc_new ("d1", "first");
  g_autoptr(TestDoc) stale = NULL;
  g_autoptr(TestDoc) stored = NULL;
  g_autoptr(TestDoc) newcomer = test_doc_new ("d1", "newcomer");
  g_autoptr(GError) error = NULL;
  DynanticModel *current;

  save_ok (doc);
  g_assert_cmpint (test_get_int (doc, "version"), ==, 1);
  stored = read_doc ("d1");
  g_assert_cmpint (test_get_int (stored, "version"), ==, 1);
  g_clear_object (&stored);

  g_object_set (doc, "text", "second", NULL);
  save_ok (doc);
  g_assert_cmpint (test_get_int (doc, "version"), ==, 2);

  /* Two readers of version 2: the first write wins, the second is stale. */
  stale = read_doc ("d1");
  g_object_set (doc, "text", "third", NULL);
  save_ok (doc);
  g_object_set (stale, "text", "stale", NULL);
  g_assert_false (dynantic_model_save (DYNANTIC_MODEL (stale), NULL, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED);
  g_assert_cmpint (test_get_int (stale, "version"), ==, 2);   /* kept: it can be reloaded and retried */
  current = DYNANTIC_MODEL (dynantic_error_get_item (error));
  g_assert_true (TEST_IS_DOC (current));
  g_assert_cmpint (test_get_int (current, "version"), ==, 3);
  test_assert_string_property (current, "text", "third");
  g_clear_error (&error);

  stored = read_doc ("d1");
  g_assert_cmpint (test_get_int (stored, "version"), ==, 3);
  test_assert_string_property (stored, "text", "third");
  g_clear_object (&stored);

  /* An object never read (version 0) cannot overwrite a versioned item. */
  g_assert_false (dynantic_model_save (DYNANTIC_MODEL (newcomer), NULL, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED);
  g_clear_error (&error);
  g_assert_cmpint (test_get_int (newcomer, "version"), ==, 0);

  /* Reloaded, the stale object writes again. */
  g_assert_true (dynantic_model_reload (DYNANTIC_MODEL (stale), NULL, &error));
  g_assert_no_error (error);
  g_object_set (stale, "text", "after reload", NULL);
  save_ok (stale);
  g_assert_cmpint (test_get_int (stale, "version"), ==, 4);
}

/* a user's condition and the version's, both */
static void
test_save_with_condition (TestTables    *tables,
                          gconstpointer  data)
{
  g_autoptr(TestDoc) doc = test_doc_new ("d2", "draft");
  g_autoptr(TestDoc) stored = NULL;
  g_autoptr(GError) error = NULL;

  save_ok (doc);
  g_object_set (doc, "text", "final", NULL);
  g_assert_false (dynantic_model_save (DYNANTIC_MODEL (doc), TAKE (dynantic_condition_eq ("text", VALUE_STRING ("other"))),
                                       NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED);
  g_clear_error (&error);
  g_assert_cmpint (test_get_int (doc, "version"), ==, 1);
  g_assert_true (dynantic_model_save (DYNANTIC_MODEL (doc), TAKE (dynantic_condition_eq ("text", VALUE_STRING ("draft"))),
                                      NULL, &error));
  g_assert_no_error (error);
  stored = read_doc ("d2");
  g_assert_cmpint (test_get_int (stored, "version"), ==, 2);
  test_assert_string_property (stored, "text", "final");
}

static void
test_delete_versions (TestTables    *tables,
                      gconstpointer  data)
{
  g_autoptr(TestDoc) doc = test_doc_new ("d3", "one");
  g_autoptr(TestDoc) stale = NULL;
  g_autoptr(TestDoc) stored = NULL;
  g_autoptr(GError) error = NULL;

  save_ok (doc);
  stale = read_doc ("d3");
  save_ok (doc);   /* version 2 */

  g_assert_false (dynantic_model_delete_item (DYNANTIC_MODEL (stale), NULL, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED);
  g_assert_cmpint (test_get_int (dynantic_error_get_item (error), "version"), ==, 2);
  g_clear_error (&error);
  stored = read_doc ("d3");
  g_assert_nonnull (stored);

  g_assert_true (dynantic_model_delete_item (DYNANTIC_MODEL (doc), NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&stored);
  g_assert_null (read_doc ("d3"));

  /* By key there is no object to compare with: not checked. */
  g_clear_object (&stale);
  stale = test_doc_new ("d4", "x");
  save_ok (stale);
  g_assert_true (dynantic_model_delete_by_key (TEST_TYPE_DOC, VALUE_STRING ("d4"), NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (read_doc ("d4"));
}

static void
test_patch_versions (TestTables    *tables,
                     gconstpointer  data)
{
  g_autoptr(TestDoc) doc = test_doc_new ("d5", "one");
  g_autoptr(TestDoc) stale = NULL;
  g_autoptr(TestDoc) stored = NULL;
  g_autoptr(DynanticUpdate) update = NULL;
  g_autoptr(DynanticUpdate) stale_update = NULL;
  g_autoptr(GError) error = NULL;

  save_ok (doc);
  stale = read_doc ("d5");

  update = dynantic_model_patch (DYNANTIC_MODEL (doc));
  dynantic_update_set_value (update, "text", VALUE_STRING ("patched"));
  g_assert_true (dynantic_update_execute (update, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_get_int (doc, "version"), ==, 2);
  stored = read_doc ("d5");
  g_assert_cmpint (test_get_int (stored, "version"), ==, 2);
  test_assert_string_property (stored, "text", "patched");
  g_clear_object (&stored);

  stale_update = dynantic_model_patch (DYNANTIC_MODEL (stale));
  dynantic_update_set_value (stale_update, "text", VALUE_STRING ("stale"));
  g_assert_false (dynantic_update_execute (stale_update, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED);
  test_assert_string_property (dynantic_error_get_item (error), "text", "patched");
  g_clear_error (&error);
  g_assert_cmpint (test_get_int (stale, "version"), ==, 1);
  stored = read_doc ("d5");
  test_assert_string_property (stored, "text", "patched");

  /* The version is the update's to write: an action on it is refused. */
  g_clear_object (&update);
  update = dynantic_model_patch (DYNANTIC_MODEL (doc));
  dynantic_update_set_value (update, "version", VALUE_INT (40));
  g_assert_false (dynantic_update_execute (update, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
}

static void
test_async_save (TestTables    *tables,
                 gconstpointer  data)
{
  g_autoptr(TestDoc) doc = test_doc_new ("d6", "async");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dynantic_model_save_async (DYNANTIC_MODEL (doc), NULL, NULL, test_async_callback, &tables->async);
  g_assert_cmpint (test_get_int (doc, "version"), ==, 0);   /* taken once written */
  result = test_async_wait (&tables->async);
  g_assert_true (dynantic_model_save_finish (DYNANTIC_MODEL (doc), result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_get_int (doc, "version"), ==, 1);
}

/* Unversioned classes: a failed condition brings the current item back, of
 * the subclass its discriminator names. */
static void
test_failed_condition_item (TestTables    *tables,
                            gconstpointer  data)
{
  g_autoptr(TestOrder) order = test_order_new ("ada", 1, 10.5);
  g_autoptr(TestOrder) again = test_order_new ("ada", 1, 99);
  g_autoptr(TestDog) dog = g_object_new (TEST_TYPE_DOG, "pet-id", "rex", "name", "Rex", "barks", TRUE, NULL);
  g_autoptr(TestCat) cat = g_object_new (TEST_TYPE_CAT, "pet-id", "rex", "name", "Tom", NULL);
  g_autoptr(DynanticUpdate) update = NULL;
  g_autoptr(GError) error = NULL;
  GObject *current;

  save_ok (order);
  g_assert_false (dynantic_model_create (DYNANTIC_MODEL (again), NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED);
  current = dynantic_error_get_item (error);
  g_assert_true (TEST_IS_ORDER (current));
  g_assert_cmpfloat (test_get_double (current, "total"), ==, 10.5);
  g_clear_error (&error);

  save_ok (dog);
  g_assert_false (dynantic_model_create (DYNANTIC_MODEL (cat), NULL, &error));
  current = dynantic_error_get_item (error);
  g_assert_true (TEST_IS_DOG (current));
  test_assert_string_property (current, "name", "Rex");
  g_clear_error (&error);

  update = dynantic_update_new (TEST_TYPE_ORDER, VALUE_STRING ("ada"), VALUE_INT (1), NULL);
  dynantic_update_set_value (update, "total", VALUE_DOUBLE (1));
  dynantic_update_set_condition (update, TAKE (dynantic_condition_gt ("total", VALUE_DOUBLE (100))));
  g_assert_false (dynantic_update_execute (update, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED);
  g_assert_cmpfloat (test_get_double (dynantic_error_get_item (error), "total"), ==, 10.5);
  g_clear_error (&error);

  /* No item: nothing to bring back. */
  g_assert_false (dynantic_model_delete_by_key (TEST_TYPE_ORDER, VALUE_STRING ("nobody"), VALUE_INT (1),
                                                TAKE (dynantic_condition_attribute_exists ("total")),
                                                NULL, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED);
  g_assert_null (dynantic_error_get_item (error));
}

static void
test_bad_version_declaration (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (dynantic_model_class_check_schema (g_type_class_ref (TEST_TYPE_BAD_VERSION), &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_SCHEMA);
  g_assert_nonnull (strstr (error->message, "revision"));
  g_type_class_unref (g_type_class_peek (TEST_TYPE_BAD_VERSION));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ((path), TestTables, NULL, fixture_set_up, (func), fixture_tear_down)
  ADD ("/version/save", test_save_versions);
  ADD ("/version/save-with-condition", test_save_with_condition);
  ADD ("/version/delete", test_delete_versions);
  ADD ("/version/patch", test_patch_versions);
  ADD ("/version/async-save", test_async_save);
  ADD ("/version/failed-condition-item", test_failed_condition_item);
#undef ADD
  g_test_add_func ("/version/bad-declaration", test_bad_version_declaration);

  return g_test_run ();
}
