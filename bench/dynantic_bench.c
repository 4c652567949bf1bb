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
 *    SDK and the floor.
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
G_DECLARE_DERIVABLE_TYPE (BenchItem, bench_item, BENCH, ITEM, DynanticModel)

struct _BenchItemClass
{
  DynanticModelClass parent_class;
};

G_DEFINE_TYPE (BenchItem, bench_item, DYNANTIC_TYPE_MODEL)

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

/* The same item in the scan table (--scan-table): a subclass declaring its
 * own table, as single-table designs do the other way round. */
#define BENCH_TYPE_SCAN_ITEM (bench_scan_item_get_type ())
G_DECLARE_FINAL_TYPE (BenchScanItem, bench_scan_item, BENCH, SCAN_ITEM, BenchItem)

struct _BenchScanItem
{
  BenchItem parent_instance;
};

G_DEFINE_FINAL_TYPE (BenchScanItem, bench_scan_item, BENCH_TYPE_ITEM)

static void
bench_scan_item_class_init (BenchScanItemClass *klass)
{
}

static void
bench_scan_item_init (BenchScanItem *self)
{
}

typedef struct {
  BenchOptions         *options;
  DynanticClient       *client;
  JsonObject           *get_request;  /* GetItem of the shared item, for the call primitive */
  JsonObject           *put_request;  /* PutItem of the shared item */
  DynanticSchema       *schema;       /* BenchItem's (a reference) */
  char                 *item_text;    /* the shared item in DynamoDB JSON */
  GValue                get_key;      /* the partition key of the item read */
  GValue                sort_key;
  DynanticModel        *put_item;     /* the item saved */
  guint                 items;        /* the fewest items a query or an iteration saw */
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
  g_autoptr(GTypeClass) scan_klass = g_type_class_ref (BENCH_TYPE_SCAN_ITEM);

  dynantic_model_class_set_table (DYNANTIC_MODEL_CLASS (klass), options->table);
  dynantic_model_class_set_client (DYNANTIC_MODEL_CLASS (klass), self->client);
  dynantic_model_class_set_table (DYNANTIC_MODEL_CLASS (scan_klass), options->scan_table);
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
  g_autoptr(DynanticModel) item = dynantic_model_get_by_key (BENCH_TYPE_ITEM, &self->get_key, &self->sort_key,
                                                      NULL, error);

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
  g_autoptr(DynanticModel) item = dynantic_model_get_by_key_finish (result, &error);

  found (item, &error);
  bench_in_flight_done (in_flight, error);
}

static void
model_get_start (gpointer       data,
                 BenchInFlight *in_flight)
{
  Bench *self = data;

  dynantic_model_get_by_key_async (BENCH_TYPE_ITEM, &self->get_key, &self->sort_key, NULL, model_get_done,
                            in_flight);
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

/* ------------------------------------------------------------ the query layer */

/* A query of one of the spec's partitions, made anew for each operation as
 * a user makes it. */
static DynanticRead *
partition_query (Bench      *self,
                 const char *partition)
{
  g_auto(GValue) pk = G_VALUE_INIT;

  set_string_value (&pk, bench_spec_partition (self->options, partition));
  return DYNANTIC_READ (dynantic_query_new (BENCH_TYPE_ITEM, &pk, NULL));
}

static void
saw_items (Bench *self,
           guint  n)
{
  self->items = MIN (self->items, n);
}

/* Every item of @read, one at a time, page by page; returns how many, or
 * G_MAXUINT with @error set. When @rss_at_mark is given, it is set to the
 * peak RSS once @mark items were read. */
static guint
iterate (DynanticRead  *read,
         guint          mark,
         double        *rss_at_mark,
         GError       **error)
{
  g_autoptr(DynanticIterator) iterator = dynantic_read_iterate (read, error);
  DynanticModel *item;
  guint n = 0;

  if (iterator == NULL)
    return G_MAXUINT;
  while ((item = dynantic_iterator_next (iterator, NULL, error)) != NULL)
    {
      if (++n == mark && rss_at_mark != NULL)
        *rss_at_mark = bench_peak_rss_mb ();
      g_object_unref (item);
    }
  return (error != NULL && *error != NULL) ? G_MAXUINT : n;
}

/* One Query: its first page, which holds the whole 100-item partition. */
static gboolean
query_100_once (gpointer  data,
                GError  **error)
{
  Bench *self = data;
  g_autoptr(DynanticRead) query = partition_query (self, "query_100");
  g_autoptr(DynanticPage) page = dynantic_read_page (query, NULL, NULL, error);

  if (page == NULL)
    return FALSE;
  saw_items (self, dynantic_page_get_has_more (page) ? 0 : dynantic_page_get_items (page)->len);
  return TRUE;
}

static gboolean
iterate_10k_once (gpointer  data,
                  GError  **error)
{
  Bench *self = data;
  g_autoptr(DynanticRead) query = partition_query (self, "iterate_10k");
  guint n = iterate (query, 0, NULL, error);

  if (n == G_MAXUINT)
    return FALSE;
  saw_items (self, n);
  return TRUE;
}

/* Measures @op, and reports the fewest items an operation saw. */
static JsonObject *
measure_counted (Bench           *self,
                 BenchOpFunc      op,
                 const BenchPlan *plan,
                 GError         **error)
{
  JsonObject *result;

  self->items = G_MAXUINT;
  result = bench_measure_sequential (op, self, plan, error);
  if (result != NULL && plan->count > 0)
    json_object_set_int_member (result, "items", self->items);
  return result;
}

static JsonObject *
workload_query_100 (gpointer context, const BenchPlan *plan, GError **error)
{
  return measure_counted (context, query_100_once, plan, error);
}

/* One operation = one pass over the 10,000-item partition. */
static JsonObject *
workload_iterate_10k (gpointer context, const BenchPlan *plan, GError **error)
{
  return measure_counted (context, iterate_10k_once, plan, error);
}

/* One scan of the 100,000-item table page by page, each page dropped before
 * the next (the iterator holds one). Not through bench_measure's warm-up:
 * the peak RSS is a high-water mark, so a warm-up scan would hide the growth.
 * One small page first sets up the session, the parsers and the read
 * machinery; "cpu_us" and "ops_per_s" are per item. "rss_growth_10k_mb"
 * is the growth once the first 10,000 items were read: flat means the
 * growth after 100,000 is no larger. */
static JsonObject *
workload_scan_rss (gpointer context, const BenchPlan *plan, GError **error)
{
  g_autoptr(DynanticScan) warmup = dynantic_scan_new (BENCH_TYPE_SCAN_ITEM, NULL);
  g_autoptr(DynanticRead) scan = DYNANTIC_READ (dynantic_scan_new (BENCH_TYPE_SCAN_ITEM, NULL));
  g_autoptr(DynanticPage) page = NULL;
  JsonObject *result;
  double rss0, rss_10k = 0, cpu0, cpu;
  gint64 t0, wall;
  guint n;

  if (plan->count == 0)
    return json_object_new ();

  page = dynantic_read_page (DYNANTIC_READ (dynantic_scan_page_size (warmup, 10)), NULL, NULL, error);
  if (page == NULL)
    return NULL;
  g_clear_object (&page);

  rss0 = bench_peak_rss_mb ();
  cpu0 = bench_cpu_seconds ();
  t0 = g_get_monotonic_time ();
  n = iterate (scan, 10000, &rss_10k, error);
  wall = g_get_monotonic_time () - t0;
  cpu = bench_cpu_seconds () - cpu0;
  if (n == G_MAXUINT)
    return NULL;

  result = json_object_new ();
  json_object_set_int_member (result, "ops", n);
  json_object_set_int_member (result, "items", n);
  json_object_set_double_member (result, "wall_s", wall / 1e6);
  json_object_set_double_member (result, "cpu_us", n > 0 ? cpu * 1e6 / n : 0);
  json_object_set_double_member (result, "ops_per_s", n / (wall / 1e6));
  json_object_set_double_member (result, "rss_growth_mb", bench_peak_rss_mb () - rss0);
  if (n >= 10000)
    json_object_set_double_member (result, "rss_growth_10k_mb", rss_10k - rss0);
  return result;
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
  item = dynantic_model_get_by_key_full (BENCH_TYPE_ITEM, TRUE, &key, &self->sort_key, NULL, NULL, error);
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
