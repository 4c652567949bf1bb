/* batch_bench.c: Dynantic's batch write and batch get, measured
 *
 *     batch-bench ENDPOINT TABLE WRITE_COUNT GET_COUNT PREFIX
 *
 * Writes WRITE_COUNT items of the table TABLE (partition key "id") with
 * one DynanticBatchWrite, then reads GET_COUNT of them back with one
 * DynanticBatchGet, and prints one JSON line: for each, the items, the
 * wall-clock seconds, the items per second, the client CPU per item in
 * microseconds (user+sys of the process, getrusage), and its user and
 * system parts; with BENCH_SERVER_PID set (bench/driver.py sets it to
 * DynamoDB Local's pid), also the server's CPU per item (utime+stime of
 * /proc/PID/stat, every thread of the JVM; null without it). The objects
 * are made before the clock starts, as bench/batch_boto3.py makes its
 * dicts. The table exists already (bench/driver.py makes a fresh one for
 * each run). See bench/README.md.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <dynantic.h>

#define TYPE_ROW (row_get_type ())
G_DECLARE_FINAL_TYPE (Row, row, BENCH, ROW, DynanticModel)
struct _Row { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (Row, row, DYNANTIC_TYPE_MODEL)

static void
row_class_init (RowClass *klass)
{
  DynanticModelClass *model = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model, g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_int64 ("n", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                                                                    G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_double ("score", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                                                                     G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_boolean ("active", NULL, NULL, FALSE, G_PARAM_READWRITE));
  dynantic_model_class_set_partition_key (model, "id");
}

static void row_init (Row *self) { }

/* The CPU of this process so far, user and system, in microseconds. */
typedef struct
{
  gint64 user_us;
  gint64 sys_us;
} CpuTimes;

static CpuTimes
cpu_times (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (CpuTimes) {
    (gint64) usage.ru_utime.tv_sec * G_USEC_PER_SEC + usage.ru_utime.tv_usec,
    (gint64) usage.ru_stime.tv_sec * G_USEC_PER_SEC + usage.ru_stime.tv_usec,
  };
}

/* The server's CPU so far (utime + stime of every thread of the process
 * BENCH_SERVER_PID names, in clock ticks of /proc/PID/stat), in
 * microseconds; -1 when there is no such process to read. */
static gint64
server_cpu_us (void)
{
  const char *pid = g_getenv ("BENCH_SERVER_PID");
  g_autofree char *path = NULL;
  g_autofree char *stat = NULL;
  const char *fields;
  unsigned long long utime, stime;

  if (pid == NULL || *pid == '\0')
    return -1;
  path = g_strdup_printf ("/proc/%s/stat", pid);
  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return -1;
  /* The command name, in parentheses, may hold spaces: fields 3 on come
   * after the last ')'; utime and stime are fields 14 and 15. */
  fields = strrchr (stat, ')');
  if (fields == NULL ||
      sscanf (fields + 1, " %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %llu %llu", &utime, &stime) != 2)
    return -1;
  return (gint64) ((utime + stime) * G_USEC_PER_SEC / (unsigned long long) sysconf (_SC_CLK_TCK));
}

/* Where one measured call starts: the clock, this process's CPU and the
 * server's. */
typedef struct
{
  gint64 wall_us;
  CpuTimes cpu;
  gint64 server_us;
} Mark;

static Mark
mark_start (void)
{
  Mark mark;

  mark.server_us = server_cpu_us ();
  mark.wall_us = g_get_monotonic_time ();
  mark.cpu = cpu_times ();
  return mark;
}

/* Prints the figures of the call since @start as one JSON member. */
static void
print_figures (const char *name,
               guint       items,
               const Mark *start,
               gboolean    last)
{
  CpuTimes cpu = cpu_times ();
  double seconds = (g_get_monotonic_time () - start->wall_us) / (double) G_USEC_PER_SEC;
  gint64 server_us = server_cpu_us ();
  double user = (cpu.user_us - start->cpu.user_us) / (double) items;
  double sys = (cpu.sys_us - start->cpu.sys_us) / (double) items;
  g_autofree char *server = NULL;

  if (start->server_us < 0 || server_us < 0)
    server = g_strdup ("null");
  else
    server = g_strdup_printf ("%.2f", (server_us - start->server_us) / (double) items);
  g_print ("\"%s\":{\"items\":%u,\"seconds\":%.3f,\"items_per_s\":%.1f,\"cpu_us_per_item\":%.2f,"
           "\"cpu_user_us_per_item\":%.2f,\"cpu_sys_us_per_item\":%.2f,\"server_cpu_us_per_item\":%s}%s",
           name, items, seconds, items / seconds, user + sys, user, sys, server, last ? "" : ",");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DynanticClient) client = NULL;
  g_autoptr(DynanticBatchWrite) write = NULL;
  g_autoptr(DynanticBatchGet) get = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  guint n_write, n_get;
  Mark start;

  if (argc != 6)
    {
      g_printerr ("usage: batch-bench ENDPOINT TABLE WRITE_COUNT GET_COUNT PREFIX\n");
      return 2;
    }
  n_write = (guint) strtoul (argv[3], NULL, 10);
  n_get = MIN ((guint) strtoul (argv[4], NULL, 10), n_write);
  client = g_object_new (DYNANTIC_TYPE_CLIENT, "endpoint", argv[1], NULL);
  dynantic_model_class_set_table (g_type_class_ref (TYPE_ROW), argv[2]);
  dynantic_model_class_set_client (g_type_class_peek (TYPE_ROW), client);

  write = dynantic_batch_write_new (client);
  for (guint i = 0; i < n_write; i++)
    {
      g_autofree char *id = g_strdup_printf ("%s-%06u", argv[5], i);
      g_autoptr(Row) row = g_object_new (TYPE_ROW, "id", id, "name", "a batch-written row of the benchmark",
                                         "n", (gint64) i, "score", i * 0.5, "active", i % 2 == 0, NULL);

      dynantic_batch_write_save (write, DYNANTIC_MODEL (row));
    }
  get = dynantic_batch_get_new (client);
  for (guint i = 0; i < n_get; i++)
    {
      g_autofree char *id = g_strdup_printf ("%s-%06u", argv[5], (guint) ((guint64) i * n_write / n_get));
      g_auto(GValue) key = G_VALUE_INIT;

      g_value_take_string (g_value_init (&key, G_TYPE_STRING), g_steal_pointer (&id));
      dynantic_batch_get_add_key (get, TYPE_ROW, &key, NULL);
    }

  g_print ("{");
  start = mark_start ();
  if (!dynantic_batch_write_execute (write, NULL, &error))
    {
      g_printerr ("batch-bench: %s\n", error->message);
      return 1;
    }
  print_figures ("batch_write", n_write, &start, FALSE);

  start = mark_start ();
  if (!dynantic_batch_get_execute (get, NULL, &error))
    {
      g_printerr ("batch-bench: %s\n", error->message);
      return 1;
    }
  items = dynantic_batch_get_get_items (get);
  if (items->len != n_get)
    {
      g_printerr ("batch-bench: %u of %u items read back\n", items->len, n_get);
      return 1;
    }
  print_figures ("batch_get", n_get, &start, TRUE);
  g_print ("}\n");
  return 0;
}
