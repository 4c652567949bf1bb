/* bench-util.c: what the C benchmark programs share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "bench-util.h"

G_DEFINE_QUARK (bench-error-quark, bench_error)

gboolean
bench_options_parse (BenchOptions   *options,
                     int            *argc,
                     char         ***argv,
                     const char     *summary,
                     GError        **error)
{
  const GOptionEntry entries[] = {
    { "endpoint", 0, 0, G_OPTION_ARG_STRING, &options->endpoint, "DynamoDB endpoint (loopback only)", "URL" },
    { "region", 0, 0, G_OPTION_ARG_STRING, &options->region, "region to sign for", "REGION" },
    { "table", 0, 0, G_OPTION_ARG_STRING, &options->table, "table (default: from --item)", "NAME" },
    { "scan-table", 0, 0, G_OPTION_ARG_STRING, &options->scan_table, "table of the scan workload", "NAME" },
    { "item", 0, 0, G_OPTION_ARG_FILENAME, &options->item_path, "bench/item.json", "FILE" },
    { "ops", 0, 0, G_OPTION_ARG_INT, &options->ops, "count for workloads given without one", "N" },
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &options->seconds, "time bound of each measured loop", "S" },
    { "workloads", 0, 0, G_OPTION_ARG_STRING, &options->workloads, "workloads to run", "NAME[=COUNT],..." },
    { "check-write", 0, 0, G_OPTION_ARG_STRING, &options->check_write, "check mode: write the item", "PK" },
    { "check-read", 0, 0, G_OPTION_ARG_STRING, &options->check_read, "check mode: read items back", "PK,..." },
    { "list", 0, 0, G_OPTION_ARG_NONE, &options->list, "print the workloads this program can run", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  options->ops = 1000;
  options->seconds = 10.0;
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;

  if (options->endpoint == NULL || options->item_path == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "--endpoint and --item are required");
      return FALSE;
    }
  if (!g_str_has_prefix (options->endpoint, "http://127.") &&
      !g_str_has_prefix (options->endpoint, "http://localhost") &&
      !g_str_has_prefix (options->endpoint, "http://[::1]"))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "the benchmarks only talk to a server on this machine (http://127.x.x.x)");
      return FALSE;
    }
  if (options->region == NULL)
    options->region = g_strdup ("us-east-1");

  if (!json_parser_load_from_file (parser, options->item_path, error))
    return FALSE;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s is not a JSON object", options->item_path);
      return FALSE;
    }
  options->spec = json_object_ref (json_node_get_object (root));
  if (options->table == NULL)
    options->table = g_strdup (json_object_get_string_member (options->spec, "table"));
  if (options->scan_table == NULL)
    options->scan_table = g_strdup (json_object_get_string_member (options->spec, "scan_table"));

  return TRUE;
}

void
bench_options_clear (BenchOptions *options)
{
  g_clear_pointer (&options->endpoint, g_free);
  g_clear_pointer (&options->region, g_free);
  g_clear_pointer (&options->table, g_free);
  g_clear_pointer (&options->scan_table, g_free);
  g_clear_pointer (&options->item_path, g_free);
  g_clear_pointer (&options->workloads, g_free);
  g_clear_pointer (&options->check_write, g_free);
  g_clear_pointer (&options->check_read, g_free);
  g_clear_pointer (&options->spec, json_object_unref);
}

/* ------------------------------------------------------------ the shared data */

const char *
bench_spec_partition (BenchOptions *options,
                      const char   *name)
{
  return json_object_get_string_member (json_object_get_object_member (options->spec, "partitions"), name);
}

gint64
bench_spec_size (BenchOptions *options,
                 const char   *name)
{
  return json_object_get_int_member (json_object_get_object_member (options->spec, "sizes"), name);
}

static JsonNode *
string_value (const char *text)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *value = json_object_new ();

  json_object_set_string_member (value, "S", text);
  json_node_take_object (node, value);
  return node;
}

static void
set_key (BenchOptions *options,
         JsonObject   *object,
         const char   *pk)
{
  json_object_set_member (object, "pk", string_value (pk));
  json_object_set_member (object, "sk", string_value (json_object_get_string_member (options->spec, "sort_key")));
}

/* The shared item with its key set to @pk: a new object whose other members
 * are shared with the spec (they are never changed). */
static JsonObject *
spec_item (BenchOptions *options,
           const char   *pk)
{
  JsonObject *item = json_object_get_object_member (options->spec, "item");
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init_ordered (&iter, item);
  while (json_object_iter_next_ordered (&iter, &name, &value))
    json_object_set_member (copy, name, json_node_copy (value));
  set_key (options, copy, pk);

  return copy;
}

static JsonObject *
spec_key (BenchOptions *options,
          const char   *pk)
{
  JsonObject *key = json_object_new ();

  set_key (options, key, pk);
  return key;
}

/* The requests every client sends, in DynamoDB JSON. */
static JsonObject *
table_request (BenchOptions *options,
               const char   *member,
               JsonObject   *value)
{
  JsonObject *request = json_object_new ();

  json_object_set_string_member (request, "TableName", options->table);
  json_object_set_object_member (request, member, value);
  return request;
}

JsonObject *
bench_get_request (BenchOptions *options,
                   const char   *pk)
{
  return table_request (options, "Key", spec_key (options, pk));
}

JsonObject *
bench_put_request (BenchOptions *options,
                   const char   *pk)
{
  return table_request (options, "Item", spec_item (options, pk));
}

JsonObject *
bench_query_request (BenchOptions *options,
                     const char   *pk)
{
  JsonObject *values = json_object_new ();
  JsonObject *request = table_request (options, "ExpressionAttributeValues", values);

  json_object_set_member (values, ":p", string_value (pk));
  json_object_set_string_member (request, "KeyConditionExpression", "pk = :p");
  return request;
}

/* The item of a GetItem response (a new reference), or NULL when absent. */
JsonObject *
bench_response_item (JsonObject *response)
{
  if (response == NULL || !json_object_has_member (response, "Item"))
    return NULL;
  return json_object_ref (json_object_get_object_member (response, "Item"));
}

/* ------------------------------------------------------------ measuring */

double
bench_cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

/* The process's peak resident set in MB: VmHWM of /proc/self/status, the
 * high-water mark of this program's own memory. Not ru_maxrss: Linux
 * carries that over exec from the process that forked us (the driver, a
 * Python process holding the loaded data), so it may never move. */
double
bench_peak_rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;
  struct rusage usage;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) &&
      (line = strstr (status, "\nVmHWM:")) != NULL)
    return g_ascii_strtod (line + strlen ("\nVmHWM:"), NULL) / 1024.0;  /* kB */

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;  /* KiB on Linux */
}

JsonObject *
bench_measure (BenchRunFunc     run,
               gpointer         data,
               const BenchPlan *plan,
               GError         **error)
{
  JsonObject *result = json_object_new ();
  double cpu0, cpu;
  gint64 t0, wall;
  guint done;

  if (plan->count == 0)
    return result;

  if (run (data, plan->warmup, G_MAXINT64, error) == 0)
    goto failed;

  cpu0 = bench_cpu_seconds ();
  t0 = g_get_monotonic_time ();
  done = run (data, plan->count, t0 + (gint64) (plan->seconds * G_USEC_PER_SEC), error);
  wall = g_get_monotonic_time () - t0;
  cpu = bench_cpu_seconds () - cpu0;
  if (done == 0)
    goto failed;

  json_object_set_int_member (result, "ops", done);
  json_object_set_double_member (result, "wall_s", wall / 1e6);
  json_object_set_double_member (result, "cpu_us", cpu * 1e6 / done);
  json_object_set_double_member (result, "ops_per_s", done / (wall / 1e6));
  return result;

failed:
  json_object_unref (result);
  return NULL;
}

typedef struct {
  BenchOpFunc op;
  gpointer    data;
} Sequential;

static guint
run_sequential (gpointer  data,
                guint     n,
                gint64    deadline,
                GError  **error)
{
  Sequential *sequential = data;
  guint done = 0;

  while (done < n)
    {
      if (!sequential->op (sequential->data, error))
        return 0;
      done++;
      if (g_get_monotonic_time () >= deadline)
        break;
    }
  return done;
}

JsonObject *
bench_measure_sequential (BenchOpFunc      op,
                          gpointer         data,
                          const BenchPlan *plan,
                          GError         **error)
{
  Sequential sequential = { op, data };

  return bench_measure (run_sequential, &sequential, plan, error);
}

struct _BenchInFlight {
  BenchStartFunc start;
  gpointer       data;
  guint          concurrency;
  guint          target;
  guint          started;
  guint          done;
  gint64         deadline;
  GError        *error;
};

static void
start_one (BenchInFlight *in_flight)
{
  in_flight->started++;
  in_flight->start (in_flight->data, in_flight);
}

void
bench_in_flight_done (BenchInFlight *in_flight,
                      GError        *error)
{
  in_flight->done++;
  if (error != NULL && in_flight->error == NULL)
    in_flight->error = error;
  else if (error != NULL)
    g_error_free (error);

  if (in_flight->error == NULL && in_flight->started < in_flight->target &&
      g_get_monotonic_time () < in_flight->deadline)
    start_one (in_flight);
}

/* Keeps in_flight->concurrency operations going on the thread-default main
 * context until @n have started (or the deadline passed) and all are done. */
static guint
run_in_flight (gpointer  data,
               guint     n,
               gint64    deadline,
               GError  **error)
{
  BenchInFlight *in_flight = data;
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  in_flight->target = n;
  in_flight->started = 0;
  in_flight->done = 0;
  in_flight->deadline = deadline;
  while (in_flight->started < MIN (in_flight->concurrency, n))
    start_one (in_flight);
  while (in_flight->done < in_flight->started)
    g_main_context_iteration (context, TRUE);

  if (in_flight->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&in_flight->error));
      return 0;
    }
  return in_flight->done;
}

/* Keeps plan->in_flight operations going on the thread-default main context. */
JsonObject *
bench_measure_in_flight (BenchStartFunc   start,
                         gpointer         data,
                         const BenchPlan *plan,
                         GError         **error)
{
  BenchInFlight in_flight = { start, data, MAX (plan->in_flight, 1), 0, 0, 0, 0, NULL };
  JsonObject *result = bench_measure (run_in_flight, &in_flight, plan, error);

  if (result != NULL && plan->count > 0)
    json_object_set_int_member (result, "in_flight", in_flight.concurrency);
  return result;
}

gpointer
bench_not_available (GError **error)
{
  g_set_error_literal (error, BENCH_ERROR, BENCH_ERROR_NOT_AVAILABLE, "not available yet");
  return NULL;
}

/* ------------------------------------------------------------ running a peer */

char *
bench_to_json (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}

static void
emit (JsonObject *object)
{
  g_autofree char *text = bench_to_json (object);

  printf ("%s\n", text);
  fflush (stdout);
}

static gboolean
list_available (const BenchPeer *peer,
                gpointer         context,
                JsonObject      *report,
                GError         **error)
{
  JsonArray *available = json_array_new ();

  json_object_set_array_member (report, "available", available);
  for (gsize i = 0; i < peer->n_workloads; i++)
    {
      const BenchPlan probe = { 0, 0, 0, peer->workloads[i].in_flight };
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonObject) result = peer->workloads[i].run (context, &probe, &local_error);

      if (result != NULL)
        json_array_add_string_element (available, peer->workloads[i].name);
      else if (!g_error_matches (local_error, BENCH_ERROR, BENCH_ERROR_NOT_AVAILABLE))
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", peer->workloads[i].name);
          return FALSE;
        }
    }
  if (peer->check_put != NULL && peer->check_get != NULL)
    json_array_add_string_element (available, "check");
  return TRUE;
}

static gboolean
run_check (const BenchPeer *peer,
           gpointer         context,
           BenchOptions    *options,
           JsonObject      *report,
           GError         **error)
{
  JsonObject *check = json_object_new ();
  JsonObject *read = json_object_new ();
  g_auto(GStrv) keys = g_strsplit (options->check_read != NULL ? options->check_read : "", ",", -1);

  json_object_set_object_member (report, "check", check);
  json_object_set_object_member (check, "read", read);
  json_object_set_null_member (check, "wrote");
  if (options->check_write != NULL)
    {
      if (!peer->check_put (context, options->check_write, error))
        return FALSE;
      json_object_set_string_member (check, "wrote", options->check_write);
    }
  for (char **key = keys; *key != NULL; key++)
    {
      g_autoptr(GError) local_error = NULL;
      JsonObject *item;

      if (**key == '\0')
        continue;
      item = peer->check_get (context, *key, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (item != NULL)
        json_object_set_object_member (read, *key, item);
      else
        json_object_set_null_member (read, *key);
    }
  return TRUE;
}

static const BenchWorkload *
find_workload (const BenchPeer *peer,
               const char      *name)
{
  for (gsize i = 0; i < peer->n_workloads; i++)
    if (g_str_equal (peer->workloads[i].name, name))
      return &peer->workloads[i];
  return NULL;
}

static gboolean
run_workloads (const BenchPeer *peer,
               gpointer         context,
               BenchOptions    *options,
               JsonObject      *report,
               GError         **error)
{
  JsonObject *results = json_object_new ();
  g_auto(GStrv) requests = g_strsplit (options->workloads != NULL ? options->workloads : "", ",", -1);

  json_object_set_object_member (report, "results", results);
  for (char **request = requests; *request != NULL; request++)
    {
      g_auto(GStrv) parts = g_strsplit (*request, "=", 2);
      guint count = parts[1] != NULL ? (guint) g_ascii_strtoull (parts[1], NULL, 10) : (guint) options->ops;
      const BenchWorkload *workload = find_workload (peer, parts[0]);
      BenchPlan plan = { MAX (count, 1), MAX (MAX (count, 1) / 10, 1), options->seconds,
                         workload != NULL ? workload->in_flight : 0 };
      g_autoptr(GError) local_error = NULL;
      JsonObject *result;

      if (**request == '\0')
        continue;
      result = workload != NULL ? workload->run (context, &plan, &local_error) : NULL;
      if (result != NULL)
        json_object_set_object_member (results, parts[0], result);
      else if (workload == NULL || g_error_matches (local_error, BENCH_ERROR, BENCH_ERROR_NOT_AVAILABLE))
        json_object_set_null_member (results, parts[0]);
      else
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", parts[0]);
          return FALSE;
        }
    }
  return TRUE;
}

/* Lists, checks or measures, as the options say; prints one JSON line.
 * Returns the exit status. */
int
bench_run (const BenchPeer *peer,
           gpointer         context,
           BenchOptions    *options)
{
  g_autoptr(JsonObject) report = json_object_new ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  json_object_set_string_member (report, "peer", peer->name);
  if (options->list)
    ok = list_available (peer, context, report, &error);
  else if (options->check_write != NULL || options->check_read != NULL)
    ok = run_check (peer, context, options, report, &error);
  else
    ok = run_workloads (peer, context, options, report, &error);

  if (!ok)
    {
      g_printerr ("%s: %s\n", peer->name, error->message);
      return 1;
    }
  emit (report);
  return 0;
}
