/* test-i18n.c: Dynantic's messages in the user's language
 *
 * Run by meson test with LANGUAGE=de and LC_ALL=C.UTF-8, and
 * DYNANTIC_TEST_LOCALEDIR naming the build tree's catalogues (po/): the
 * library binds its versioned gettext domain to the installed catalogues
 * when it is loaded; the test checks that, then binds the domain to the
 * catalogues just built, as an installed library would find them.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <locale.h>
#include <libintl.h>

#include "dynantic.h"

#define DOMAIN "dynantic-1"

/* What the domain was bound to before main () ran. */
static char *dir_at_load;
static char *codeset_at_load;

#define TEST_TYPE_ITEM (test_item_get_type ())
G_DECLARE_FINAL_TYPE (TestItem, test_item, TEST, ITEM, DynanticModel)
struct _TestItem { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (TestItem, test_item, DYNANTIC_TYPE_MODEL)

static void
test_item_class_init (TestItemClass *klass)
{
  DynanticModelClass *model = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model, g_param_spec_string ("item-id", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_int ("count", NULL, NULL, 0, 10, 0, G_PARAM_READWRITE));
  dynantic_model_class_set_table (model, "i18n-items");
  dynantic_model_class_set_partition_key (model, "item-id");
  dynantic_model_class_set_sort_key (model, "count");
  dynantic_model_class_set_required (model, "name");
}

static void test_item_init (TestItem *self) { }

static void
test_bound_when_loaded (void)
{
  g_assert_cmpstr (dir_at_load, ==, LOCALEDIR);
  g_assert_cmpstr (codeset_at_load, ==, "UTF-8");
  /* the domain meson builds and installs is the one the code uses */
  g_assert_cmpstr (GETTEXT_PACKAGE, ==, DOMAIN);
}

/* A validation error names the field in the sentence of the user's language. */
static void
test_validation_error_translated (void)
{
  g_autoptr(TestItem) item = g_object_new (TEST_TYPE_ITEM, "item-id", "i-1", NULL);
  g_autoptr(GError) error = NULL;
  const char * const *fields;

  g_assert_false (dynantic_model_validate (DYNANTIC_MODEL (item), &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, "Ungültige Felder: name (erforderlich)");
  fields = dynantic_error_get_fields (error);
  g_assert_nonnull (fields);
  g_assert_cmpstr (fields[0], ==, "name");
  g_assert_null (fields[1]);
}

/* A key that does not fit its property: the message names it. */
static void
test_conversion_error_translated (void)
{
  g_autoptr(DynanticQuery) query = NULL;
  g_auto(GValue) key = G_VALUE_INIT;
  g_auto(GValue) eleven = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  g_value_set_string (g_value_init (&key, G_TYPE_STRING), "i-1");
  g_value_set_int (g_value_init (&eleven, G_TYPE_INT), 11);
  query = dynantic_query_new (TEST_TYPE_ITEM, &key, NULL);
  dynantic_query_eq (query, &eleven);
  g_assert_false (dynantic_read_validate (DYNANTIC_READ (query), &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, "Der Schlüssel „count“ liegt außerhalb des Bereichs seiner Eigenschaft");
}

int
main (int   argc,
      char *argv[])
{
  const char *catalogues = g_getenv ("DYNANTIC_TEST_LOCALEDIR");

  /* Passing NULL asks what is bound without changing it. */
  dir_at_load = g_strdup (bindtextdomain (DOMAIN, NULL));
  codeset_at_load = g_strdup (bind_textdomain_codeset (DOMAIN, NULL));

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (catalogues);
  bindtextdomain (DOMAIN, catalogues);

  g_test_add_func ("/i18n/bound-when-loaded", test_bound_when_loaded);
  g_test_add_func ("/i18n/validation-error", test_validation_error_translated);
  g_test_add_func ("/i18n/conversion-error", test_conversion_error_translated);
  return g_test_run ();
}
