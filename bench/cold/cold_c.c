/* cold_c.c ENDPOINT TABLE PK SK: a cold start of Dynantic from C (load the
 * library, declare the model, make a client, first GetItem, exit), as a
 * serverless function pays it on every scale-out. bench/driver.py times it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <dynantic.h>

#define COLD_TYPE_ITEM (cold_item_get_type ())
G_DECLARE_FINAL_TYPE (ColdItem, cold_item, COLD, ITEM, DynanticModel)
struct _ColdItem { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (ColdItem, cold_item, DYNANTIC_TYPE_MODEL)

/* The shared item of bench/item.json, as bench/dynantic_bench.c declares it. */
static void
cold_item_class_init (ColdItemClass *klass)
{
  DynanticModelClass *model_class = DYNANTIC_MODEL_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;
  const char *strings[] = { "pk", "sk", "name", "description" };

  for (gsize i = 0; i < G_N_ELEMENTS (strings); i++)
    dynantic_model_class_install_property (model_class, g_param_spec_string (strings[i], NULL, NULL, NULL, flags));
  dynantic_model_class_install_property (model_class, g_param_spec_double ("price", NULL, NULL, 0, G_MAXDOUBLE, 0, flags));
  dynantic_model_class_install_property (model_class, g_param_spec_int64 ("stock", NULL, NULL, 0, G_MAXINT64, 0, flags));
  dynantic_model_class_install_property (model_class, g_param_spec_boolean ("active", NULL, NULL, FALSE, flags));
  dynantic_model_class_install_property (model_class,
      g_param_spec_variant ("tags", NULL, NULL, G_VARIANT_TYPE ("av"), NULL, flags));
  dynantic_model_class_install_property (model_class,
      g_param_spec_boxed ("dimensions", NULL, NULL, JSON_TYPE_NODE, flags));
  dynantic_model_class_install_property (model_class, g_param_spec_boxed ("categories", NULL, NULL, G_TYPE_STRV, flags));
  dynantic_model_class_set_set (model_class, "categories");
  dynantic_model_class_set_partition_key (model_class, "pk");
  dynantic_model_class_set_sort_key (model_class, "sk");
}

static void cold_item_init (ColdItem *self) { }

int
main (int argc, char **argv)
{
  g_autoptr(DynanticClient) client = NULL;
  g_autoptr(DynanticModel) item = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) pk = G_VALUE_INIT;
  g_auto(GValue) sk = G_VALUE_INIT;
  DynanticModelClass *klass;

  if (argc != 5)
    {
      g_printerr ("usage: cold-c ENDPOINT TABLE PK SK\n");
      return 2;
    }
  klass = g_type_class_ref (COLD_TYPE_ITEM);
  dynantic_model_class_set_table (klass, argv[2]);
  client = dynantic_client_new_for_endpoint (argv[1], "us-east-1");
  dynantic_model_class_set_client (klass, client);
  g_value_set_string (g_value_init (&pk, G_TYPE_STRING), argv[3]);
  g_value_set_string (g_value_init (&sk, G_TYPE_STRING), argv[4]);
  item = dynantic_model_get_by_key (COLD_TYPE_ITEM, &pk, &sk, NULL, &error);
  if (item == NULL)
    {
      g_printerr ("cold-c: %s\n", error != NULL ? error->message : "no item");
      return 1;
    }
  return 0;
}
