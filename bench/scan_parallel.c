/* scan_parallel.c: how to run the segments of a parallel scan
 *
 * dynantic_scan_parallel() runs its segments' requests asynchronously on one
 * main context in the calling thread. This program compares that with one
 * thread per segment (each a synchronous dynantic_read_all() of its
 * segment) and with a plain one-segment scan, on one table, and prints the
 * median wall time and client CPU (user + system of the whole process) of
 * each. It decided how dynantic_scan_parallel() runs (see bench/README.md).
 *
 *   scripts/dynamodb-local.sh run build/bench/scan-parallel [ITEMS [SEGMENTS [ROUNDS]]]
 *
 * (built with meson -Dbench=true; DynamoDB Local's endpoint from
 * AWS_ENDPOINT_URL_DYNAMODB).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>
#include <sys/resource.h>

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
  dynantic_model_class_install_property (model, g_param_spec_string ("description", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_int ("stock", NULL, NULL, 0, G_MAXINT, 0, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_double ("price", NULL, NULL, 0, G_MAXDOUBLE, 0, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_boolean ("active", NULL, NULL, FALSE, G_PARAM_READWRITE));
  dynantic_model_class_set_table (model, "bench_scan_parallel");
  dynantic_model_class_set_partition_key (model, "id");
}

static void row_init (Row *self) { }

typedef struct {
  double wall;  /* seconds */
  double cpu;   /* seconds */
  guint  items;
} Sample;

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static guint64
count_rows (void)
{
  g_autoptr(DynanticScan) scan = dynantic_scan_new (TYPE_ROW, NULL);
  g_autoptr(GError) error = NULL;
  guint64 n = dynantic_read_count (DYNANTIC_READ (scan), NULL, &error);

  if (error != NULL)
    g_error ("count: %s", error->message);
  return n;
}

/* Creates and fills the table, unless an earlier run did. */
static void
load (guint n)
{
  g_autoptr(GError) error = NULL;

  if (!dynantic_table_create (TYPE_ROW, NULL, NULL, &error))
    {
      if (!g_error_matches (error, DYNANTIC_ERROR, DYNANTIC_ERROR_RESOURCE_IN_USE))
        g_error ("create: %s", error->message);
      g_clear_error (&error);
      if (count_rows () == n)
        return;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("row-%06u", i);
      g_autoptr(Row) row = g_object_new (TYPE_ROW, "id", id, "name", "A widget of the usual kind",
                                         "description", "Sturdy, blue, and fits in most drawers; ships in a box",
                                         "stock", (gint) i, "price", 19.99 + i % 100, "active", i % 2 == 0, NULL);

      if (!dynantic_model_save (DYNANTIC_MODEL (row), NULL, NULL, &error))
        g_error ("save: %s", error->message);
    }
}

/* Each strategy returns the items read. */

static guint
one_segment (guint segments)
{
  g_autoptr(DynanticScan) scan = dynantic_scan_new (TYPE_ROW, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = dynantic_read_all (DYNANTIC_READ (scan), NULL, &error);

  if (rows == NULL)
    g_error ("scan: %s", error->message);
  return rows->len;
}

static guint
async_one_context (guint segments)
{
  g_autoptr(DynanticScan) scan = dynantic_scan_new (TYPE_ROW, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = dynantic_scan_parallel (scan, segments, NULL, &error);

  if (rows == NULL)
    g_error ("parallel scan: %s", error->message);
  return rows->len;
}

static gpointer
read_segment (gpointer data)
{
  guint *segment = data;  /* [segment, total] */
  g_autoptr(DynanticScan) scan = dynantic_scan_new (TYPE_ROW, NULL);
  g_autoptr(GError) error = NULL;
  GPtrArray *rows;

  dynantic_scan_segment (scan, segment[0], segment[1]);
  rows = dynantic_read_all (DYNANTIC_READ (scan), NULL, &error);
  if (rows == NULL)
    g_error ("segment scan: %s", error->message);
  return rows;
}

static guint
thread_per_segment (guint segments)
{
  g_autofree GThread **threads = g_new0 (GThread *, segments);
  g_autofree guint *arguments = g_new0 (guint, 2 * segments);
  g_autoptr(GPtrArray) merged = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < segments; i++)
    {
      arguments[2 * i] = i;
      arguments[2 * i + 1] = segments;
      threads[i] = g_thread_new ("segment", read_segment, &arguments[2 * i]);
    }
  for (guint i = 0; i < segments; i++)
    g_ptr_array_extend_and_steal (merged, g_thread_join (threads[i]));
  return merged->len;
}

static Sample
measure (guint (*strategy) (guint), guint segments)
{
  double cpu = cpu_seconds ();
  gint64 start = g_get_monotonic_time ();
  Sample sample;

  sample.items = strategy (segments);
  sample.wall = (g_get_monotonic_time () - start) / 1e6;
  sample.cpu = cpu_seconds () - cpu;
  return sample;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
report (const char *name,
        guint     (*strategy) (guint),
        guint       segments,
        guint       rounds,
        guint       expected)
{
  g_autofree double *walls = g_new0 (double, rounds);
  g_autofree double *cpus = g_new0 (double, rounds);

  measure (strategy, segments);  /* warm-up */
  for (guint i = 0; i < rounds; i++)
    {
      Sample sample = measure (strategy, segments);

      if (sample.items != expected)
        g_error ("%s read %u items, not %u", name, sample.items, expected);
      walls[i] = sample.wall;
      cpus[i] = sample.cpu;
    }
  qsort (walls, rounds, sizeof (double), compare_doubles);
  qsort (cpus, rounds, sizeof (double), compare_doubles);
  g_print ("%-22s %8u %10.3f %10.3f %12.0f\n", name, segments, walls[rounds / 2], cpus[rounds / 2],
           expected / walls[rounds / 2]);
}

int
main (int    argc,
      char **argv)
{
  guint items = argc > 1 ? (guint) atoi (argv[1]) : 20000;
  guint segments = argc > 2 ? (guint) atoi (argv[2]) : 4;
  guint rounds = argc > 3 ? (guint) atoi (argv[3]) : 5;

  load (items);
  g_print ("%-22s %8s %10s %10s %12s\n", "strategy", "segments", "wall s", "cpu s", "items/s");
  report ("one segment", one_segment, 1, rounds, items);
  report ("async, one context", async_one_context, segments, rounds, items);
  report ("thread per segment", thread_per_segment, segments, rounds, items);
  return 0;
}
