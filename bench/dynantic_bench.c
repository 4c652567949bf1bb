/* dynantic_bench.c: Dynantic's side of the benchmarks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Two kinds of workloads:
 *
 *  - "call_*": the bare call primitive, dynantic_client_call() with a request
 *    JsonObject built once: what Dynantic's transport (JSON writing, SigV4,
 *    libsoup, JSON parsing, retries) costs. Reported as `dynantic_call`.
 *
 *  - get, put, query_100, iterate_10k, async_1/8/32, codec, scan_rss: through
 *    the model layer, what users of Dynantic pay: a model class (BenchItem)
 *    with the ten attributes of bench/item.json, read and written by the
 *    calls a user makes. These are the figures compared with boto3, the Go
 *    SDK and the floor. A workload whose layer has not landed is a SLOT that
 *    returns bench_not_available(); the program then reports null (printed
 *    n/a) and never a made-up number.
 *
 * The program links Dynantic's internal static library (as the unit tests
 * do) for one reason: the codec workload calls the model's item reader and
 * writer (dynantic-item-private.h), which have no public entry point
 * without the network. Every other workload calls the public API only; the
 * code it runs is the shared library's, compiled from the same objects.
 *
 * Every result must hold what the workload really did: query_100 and
 * iterate_10k report "items" (the driver checks 100 and 10,000), scan_rss
 * reports "items" and "rss_growth_mb".
 */
#include <string.h>

#include <dynantic/dynantic.h>

#include "dynantic-item-private.h"

#include "bench-util.h"

/* ------------------------------------------------------------ the model
 *
 * The shared item of bench/item.json as a user would declare it in C:
 * DynanticModel keeps the values (no get/set_property of its own). pk and
 * sk are the table's keys; price a double (N, written in its shortest exact
 * text), stock an integer (N), active a boolean (BOOL), tags a GVariant list
 * of mixed values (L), dimensions a JsonNode object (M), categories a
 * string set (SS). The table and the class's client are set in main(),
 * from --table and --endpoint. */

#define BENCH_TYPE_ITEM (bench_item_get_type ())
G_DECLARE_FINAL_TYPE (BenchItem, bench_item, BENCH, ITEM, DynanticModel)

struct _BenchItem
{
  DynanticModel parent_instance;
};

G_DEFINE_FINAL_TYPE (BenchItem, bench_item, DYNANTIC_TYPE_MODEL)

static void
bench_item_class_init (BenchItemClass *klass)
{
  DynanticModelClass *model_class = DYNANTIC_MODEL_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;
  const char *strings[] = { "pk", "sk", "name", "description" };

  for (gsize i = 0; i < G_N_ELEMENTS (strings); i++)
    dynantic_model_class_install_property (model_class, g_param_spec_string (strings[i], NULL, NULL, NULL, flags));
  dynantic_model_class_install_property (model_class,
      g_param_spec_double ("price", NULL, NULL, 0, G_MAXDOUBLE, 0, flags));
  dynantic_model_class_install_property (model_class,
      g_param_spec_int64 ("stock", NULL, NULL, 0, G_MAXINT64, 0, flags));
  dynantic_model_class_install_property (model_class,
      g_param_spec_boolean ("active", NULL, NULL, FALSE, flags));
  dynantic_model_class_install_property (model_class,
      g_param_spec_variant ("tags", NULL, NULL, G_VARIANT_TYPE ("av"), NULL, flags));
  dynantic_model_class_install_property (model_class,
      g_param_spec_boxed ("dimensions", NULL, NULL, JSON_TYPE_NODE, flags));
  dynantic_model_class_install_property (model_class,
      g_param_spec_boxed ("categories", NULL, NULL, G_TYPE_STRV, flags));

  dynantic_model_class_set_set (model_class, "categories");
  dynantic_model_class_set_partition_key (model_class, "pk");
  dynantic_model_class_set_sort_key (model_class, "sk");
}

static void
bench_item_init (BenchItem *self)
{
}

typedef struct {
  BenchOptions         *options;
  DynanticClient       *client;
  JsonObject           *get_request;  /* GetItem of the shared item, for the call primitive */
  JsonObject           *put_request;  /* PutItem of the shared item */
  const DynanticSchema *schema;       /* BenchItem's */
  char                 *item_text;    /* the shared item in DynamoDB JSON */
  GValue                get_key;      /* the partition key of the item read */
  GValue                sort_key;
  DynanticModel        *put_item;     /* the item saved */
} Bench;

static void
set_string_value (GValue     *value,
                  const char *text)
{
  g_value_init (value, G_TYPE_STRING);
  g_value_set_string (value, text);
}

/* Reads @text (an item in DynamoDB JSON) as a BenchItem, through the
 * model's item reader; the whole text must be that one item. */
static DynanticModel *
item_from_text (Bench       *self,
                const char  *text,
                GError     **error)
{
  DynanticJsonReader reader;
  DynanticModel *item;

  dynantic_json_reader_init (&reader, text, strlen (text));
  item = dynantic_item_read (&reader, self->schema, error);
  if (item != NULL && dynantic_json_reader_next (&reader) != DYNANTIC_JSON_END)
    {
      dynantic_json_reader_fail (&reader, "the end of the item", error);
      g_clear_object (&item);
    }
  dynantic_json_reader_clear (&reader);
  return item;
}

/* Writes @item as DynamoDB JSON text, through the model's item writer. */
static char *
item_to_text (Bench          *self,
              DynanticModel  *item,
              GError        **error)
{
  g_autoptr(GString) out = g_string_sized_new (512);
  DynanticJsonWriter writer;

  dynantic_json_writer_init (&writer, out);
  if (!dynantic_item_write (&writer, self->schema, item, error))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The shared item under partition key @pk, as a model. */
static DynanticModel *
spec_model (Bench       *self,
            const char  *pk,
            GError     **error)
{
  DynanticModel *item = item_from_text (self, self->item_text, error);

  if (item != NULL)
    g_object_set (item, "pk", pk, NULL);
  return item;
}

static gboolean
setup_model (Bench       *self,
             const char  *put_pk,
             GError     **error)
{
  BenchOptions *options = self->options;

  g_autoptr(GTypeClass) klass = g_type_class_ref (BENCH_TYPE_ITEM);

  dynantic_model_class_set_table (DYNANTIC_MODEL_CLASS (klass), options->table);
  dynantic_model_class_set_client (DYNANTIC_MODEL_CLASS (klass), self->client);
  self->schema = dynantic_schema_lookup_for_table (BENCH_TYPE_ITEM, error);
  if (self->schema == NULL)
    return FALSE;
  self->item_text = bench_to_json (json_object_get_object_member (options->spec, "item"));
  set_string_value (&self->get_key, bench_spec_partition (options, "get"));
  set_string_value (&self->sort_key, json_object_get_string_member (options->spec, "sort_key"));
  self->put_item = spec_model (self, put_pk, error);
  return self->put_item != NULL;
}

static void
clear_model (Bench *self)
{
  g_clear_object (&self->put_item);
  g_clear_pointer (&self->item_text, g_free);
  if (G_IS_VALUE (&self->get_key))
    g_value_unset (&self->get_key);
  if (G_IS_VALUE (&self->sort_key))
    g_value_unset (&self->sort_key);
}

/* ------------------------------------------------------------ call primitive */

static gboolean
has_item (JsonObject  *response,
          GError     **error)
{
  if (json_object_has_member (response, "Item"))
    return TRUE;
  g_set_error_literal (error, BENCH_ERROR, BENCH_ERROR_FAILED, "GetItem found no item");
  return FALSE;
}

static gboolean
call_get_once (gpointer  data,
               GError  **error)
{
  Bench *self = data;
  g_autoptr(JsonObject) response = dynantic_client_call (self->client, "GetItem", self->get_request, NULL, error);

  return response != NULL && has_item (response, error);
}

static gboolean
call_put_once (gpointer  data,
               GError  **error)
{
  Bench *self = data;
  g_autoptr(JsonObject) response = dynantic_client_call (self->client, "PutItem", self->put_request, NULL, error);

  return response != NULL;
}

static void
call_get_done (GObject      *source,
               GAsyncResult *result,
               gpointer      in_flight)
{
  GError *error = NULL;
  g_autoptr(JsonObject) response = dynantic_client_call_finish (DYNANTIC_CLIENT (source), result, &error);

  if (response != NULL)
    has_item (response, &error);
  bench_in_flight_done (in_flight, error);
}

static void
call_get_start (gpointer       data,
                BenchInFlight *in_flight)
{
  Bench *self = data;

  dynantic_client_call_async (self->client, "GetItem", self->get_request, NULL, call_get_done, in_flight);
}

static JsonObject *
workload_call_get (gpointer context, const BenchPlan *plan, GError **error)
{
  return bench_measure_sequential (call_get_once, context, plan, error);
}

static JsonObject *
workload_call_put (gpointer context, const BenchPlan *plan, GError **error)
{
  return bench_measure_sequential (call_put_once, context, plan, error);
}

static JsonObject *
workload_call_async (gpointer context, const BenchPlan *plan, GError **error)
{
  return bench_measure_in_flight (call_get_start, context, plan, error);
}

/* ------------------------------------------------------------ the model layer
 *
 * What users pay: BenchItem read and saved by the calls a user makes. */

static gboolean
found (DynanticModel  *item,
       GError        **error)
{
  if (item != NULL)
    return TRUE;
  if (error == NULL || *error == NULL)
    g_set_error_literal (error, BENCH_ERROR, BENCH_ERROR_FAILED, "the model's get found no item");
  return FALSE;
}

static gboolean
model_get_once (gpointer  data,
                GError  **error)
{
  Bench *self = data;
  g_autoptr(DynanticModel) item = dynantic_model_get (BENCH_TYPE_ITEM, NULL, &self->get_key,
                                                      &self->sort_key, FALSE, NULL, error);

  return found (item, error);
}

static gboolean
model_save_once (gpointer  data,
                 GError  **error)
{
  Bench *self = data;

  return dynantic_model_save (self->put_item, NULL, NULL, error);
}

static void
model_get_done (GObject      *source,
                GAsyncResult *result,
                gpointer      in_flight)
{
  GError *error = NULL;
  g_autoptr(DynanticModel) item = dynantic_model_get_finish (result, &error);

  found (item, &error);
  bench_in_flight_done (in_flight, error);
}

static void
model_get_start (gpointer       data,
                 BenchInFlight *in_flight)
{
  Bench *self = data;

  dynantic_model_get_async (BENCH_TYPE_ITEM, NULL, &self->get_key, &self->sort_key, FALSE,
                            NULL, model_get_done, in_flight);
}

/* Decodes the shared item's DynamoDB JSON text into a new BenchItem and
 * encodes it back to text: the round trip boto3 makes with json.loads +
 * TypeDeserializer and TypeSerializer + json.dumps. */
static gboolean
codec_once (gpointer  data,
            GError  **error)
{
  Bench *self = data;
  g_autoptr(DynanticModel) item = item_from_text (self, self->item_text, error);
  g_autofree char *text = NULL;

  if (item == NULL || (text = item_to_text (self, item, error)) == NULL)
    return FALSE;
  if (strlen (text) >= 100)
    return TRUE;
  g_set_error_literal (error, BENCH_ERROR, BENCH_ERROR_FAILED, "the codec lost the item");
  return FALSE;
}

static JsonObject *
workload_get (gpointer context, const BenchPlan *plan, GError **error)
{
  return bench_measure_sequential (model_get_once, context, plan, error);
}

static JsonObject *
workload_put (gpointer context, const BenchPlan *plan, GError **error)
{
  return bench_measure_sequential (model_save_once, context, plan, error);
}

static JsonObject *
workload_async (gpointer context, const BenchPlan *plan, GError **error)
{
  return bench_measure_in_flight (model_get_start, context, plan, error);
}

/* The driver reads "ops_per_s" as items per second. */
static JsonObject *
workload_codec (gpointer context, const BenchPlan *plan, GError **error)
{
  return bench_measure_sequential (codec_once, context, plan, error);
}

/* SLOT(query): one Query of partition bench_spec_partition (options,
 * "query_100") returning its 100 items as models (one page); set "items" in
 * the result to the count of the last query. */
static JsonObject *
workload_query_100 (gpointer context, const BenchPlan *plan, GError **error)
{
  return bench_not_available (error);
}

/* SLOT(query): one operation = iterating every item of partition
 * bench_spec_partition (options, "iterate_10k") page by page as models;
 * set "items" to the count of one pass (10,000). */
static JsonObject *
workload_iterate_10k (gpointer context, const BenchPlan *plan, GError **error)
{
  return bench_not_available (error);
}

/* SLOT(query): scan options->scan_table (100,000 items, one partition each)
 * page by page as models, dropping each page before the next, once. Not
 * through bench_measure's warm-up: ru_maxrss is a high-water mark, so a
 * warm-up scan would hide the growth. Instead make one small request first
 * (the session and parsers set up), take bench_peak_rss_mb (), scan, take it
 * again; set "rss_growth_mb" to the difference, "items" to the count seen
 * (the driver checks 100,000), and "cpu_us"/"ops_per_s" per item if wanted.
 * The driver loads this table only once this workload is available (--list). */
static JsonObject *
workload_scan_rss (gpointer context, const BenchPlan *plan, GError **error)
{
  return bench_not_available (error);
}

/* ------------------------------------------------------------ check mode
 *
 * Through the measured path: the model's save and get. What was read is
 * handed to the driver in DynamoDB JSON, written by the model's item
 * writer, so a property that drops or mangles an attribute shows. */

static gboolean
check_put (gpointer context, const char *pk, GError **error)
{
  Bench *self = context;
  g_autoptr(DynanticModel) item = spec_model (self, pk, error);

  return item != NULL && dynantic_model_save (item, NULL, NULL, error);
}

static JsonObject *
check_get (gpointer context, const char *pk, GError **error)
{
  Bench *self = context;
  g_auto(GValue) key = G_VALUE_INIT;
  g_autoptr(DynanticModel) item = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  set_string_value (&key, pk);
  item = dynantic_model_get (BENCH_TYPE_ITEM, NULL, &key, &self->sort_key, TRUE, NULL, error);
  if (item == NULL || (text = item_to_text (self, item, error)) == NULL)
    return NULL;
  node = json_from_string (text, error);
  return node != NULL ? json_node_dup_object (node) : NULL;
}

static const BenchWorkload workloads[] = {
  { "get", workload_get, 0 },
  { "put", workload_put, 0 },
  { "query_100", workload_query_100, 0 },
  { "iterate_10k", workload_iterate_10k, 0 },
  { "async_1", workload_async, 1 },
  { "async_8", workload_async, 8 },
  { "async_32", workload_async, 32 },
  { "codec", workload_codec, 0 },
  { "scan_rss", workload_scan_rss, 0 },
  { "call_get", workload_call_get, 0 },
  { "call_put", workload_call_put, 0 },
  { "call_async_1", workload_call_async, 1 },
  { "call_async_8", workload_call_async, 8 },
  { "call_async_32", workload_call_async, 32 },
};

static const BenchPeer peer = {
  "dynantic", workloads, G_N_ELEMENTS (workloads), check_put, check_get,
};

int
main (int    argc,
      char **argv)
{
  g_auto(BenchOptions) options = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *put_pk = NULL;
  Bench self = { &options };
  int status;

  if (!bench_options_parse (&options, &argc, &argv, "Dynantic's side of the benchmarks", &error))
    {
      g_printerr ("dynantic-bench: %s\n", error->message);
      return 2;
    }

  /* Credentials come from the environment (bench/run.sh sets them). */
  self.client = dynantic_client_new_for_endpoint (options.endpoint, options.region);
  put_pk = g_strconcat (bench_spec_partition (&options, "put"), "#dynantic", NULL);
  self.get_request = bench_get_request (&options, bench_spec_partition (&options, "get"));
  self.put_request = bench_put_request (&options, put_pk);

  if (setup_model (&self, put_pk, &error))
    status = bench_run (&peer, &self, &options);
  else
    {
      g_printerr ("dynantic-bench: %s\n", error->message);
      status = 1;
    }

  clear_model (&self);
  json_object_unref (self.get_request);
  json_object_unref (self.put_request);
  g_object_unref (self.client);
  return status;
}
