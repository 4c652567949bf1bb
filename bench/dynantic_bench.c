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
 *    the model layer, what users of Dynantic pay. These are the figures
 *    compared with boto3, the Go SDK and the floor. Each is a SLOT below that
 *    returns bench_not_available() until its layer lands; the program then
 *    reports null (printed n/a) and never a made-up number. Filling a slot is
 *    a few lines: the helpers in bench-util.h do the warm-up, the bounds, the
 *    getrusage/clock measurement and the JSON.
 *
 * Every result must hold what the workload really did: query_100 and
 * iterate_10k report "items" (the driver checks 100 and 10,000), scan_rss
 * reports "items" and "rss_growth_mb".
 */
#include <dynantic/dynantic.h>

#include "bench-util.h"

typedef struct {
  BenchOptions   *options;
  DynanticClient *client;
  JsonObject     *get_request;  /* GetItem of the shared item, for the call primitive */
  JsonObject     *put_request;  /* PutItem of the shared item */
} Bench;

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

/* ------------------------------------------------------------ SLOTS: the model layer
 *
 * Fill each when its layer lands. The model is the shared item of
 * bench/item.json (pk and sk string keys on table options->table; name and
 * description strings; price a decimal number "129.99"; stock an integer;
 * active a boolean; tags a list; dimensions a map; categories a string set).
 * Declare it once here (say `BenchItem`), build one instance from the spec in
 * main() and keep it in Bench. Keys: bench_spec_partition (options, "get"),
 * the put key is bench_spec_partition (options, "put") + "#dynantic", sort
 * key json_object_get_string_member (options->spec, "sort_key").
 */

/* SLOT(model): GetItem of the shared item by key through the model's get,
 * one call per operation:
 *   return bench_measure_sequential (model_get_once, self, plan, error);   */
static JsonObject *
workload_get (gpointer context, const BenchPlan *plan, GError **error)
{
  return bench_not_available (error);
}

/* SLOT(model): PutItem of the shared item through the model's save. */
static JsonObject *
workload_put (gpointer context, const BenchPlan *plan, GError **error)
{
  return bench_not_available (error);
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

/* SLOT(model): asynchronous model get with plan->in_flight (1, 8 or 32)
 * requests in flight on this thread's main context:
 *   return bench_measure_in_flight (model_get_start, self, plan, error);
 * where model_get_start calls the model's get_async and its callback ends
 * with bench_in_flight_done (in_flight, error). */
static JsonObject *
workload_async (gpointer context, const BenchPlan *plan, GError **error)
{
  return bench_not_available (error);
}

/* SLOT(codec): one operation = decode the shared item's DynamoDB JSON text
 * (bench_to_json of json_object_get_object_member (options->spec, "item"))
 * into a model and encode the model back to DynamoDB JSON text — the same
 * round trip boto3 does with TypeDeserializer/TypeSerializer + json.
 * The driver reads "ops_per_s" as items per second. */
static JsonObject *
workload_codec (gpointer context, const BenchPlan *plan, GError **error)
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
 * SLOT(model): once the model layer lands, write and read through the
 * model's save and get here, so the check covers the measured path. */

static gboolean
check_put (gpointer context, const char *pk, GError **error)
{
  Bench *self = context;
  g_autoptr(JsonObject) request = bench_put_request (self->options, pk);
  g_autoptr(JsonObject) response = dynantic_client_call (self->client, "PutItem", request, NULL, error);

  return response != NULL;
}

static JsonObject *
check_get (gpointer context, const char *pk, GError **error)
{
  Bench *self = context;
  g_autoptr(JsonObject) request = bench_get_request (self->options, pk);
  g_autoptr(JsonObject) response = dynantic_client_call (self->client, "GetItem", request, NULL, error);

  return bench_response_item (response);
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

  status = bench_run (&peer, &self, &options);

  json_object_unref (self.get_request);
  json_object_unref (self.put_request);
  g_object_unref (self.client);
  return status;
}
