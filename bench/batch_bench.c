/* batch_bench.c: Dynantic's batch write and batch get, measured
 *
 *     batch-bench ENDPOINT TABLE WRITE_COUNT GET_COUNT PREFIX
 *
 * Writes WRITE_COUNT items of the table TABLE (partition key "id") with
 * one DynanticBatchWrite, then reads GET_COUNT of them back with one
 * DynanticBatchGet, and prints one JSON line: for each, the items, the
 * wall-clock seconds, the items per second and the client CPU (user+sys of
 * the process, getrusage) per item in microseconds. The objects are made
 * before the clock starts, as bench/batch_boto3.py makes its dicts. The
 * table exists already (bench/batch.sh makes it). See bench/README.md.
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
  dynantic_model_class_install_property (model, g_param_spec_int64 ("n", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                                                                    G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_double ("score", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                                                                     G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_boolean ("active", NULL, NULL, FALSE, G_PARAM_READWRITE));
  dynantic_model_class_set_partition_key (model, "id");
}

static void row_init (Row *self) { }

/* User plus system CPU of the whole process so far, in microseconds. */
static gint64
cpu_us (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (gint64) (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC +
         usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

static void
print_figures (const char *name,
               guint       items,
               gint64      wall_us,
               gint64      cpu_used_us,
               gboolean    last)
{
  double seconds = wall_us / (double) G_USEC_PER_SEC;

  g_print ("\"%s\":{\"items\":%u,\"seconds\":%.3f,\"items_per_s\":%.1f,\"cpu_us_per_item\":%.2f}%s",
           name, items, seconds, items / seconds, cpu_used_us / (double) items, last ? "" : ",");
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
  gint64 wall, cpu;

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
  wall = g_get_monotonic_time ();
  cpu = cpu_us ();
  if (!dynantic_batch_write_execute (write, NULL, &error))
    {
      g_printerr ("batch-bench: %s\n", error->message);
      return 1;
    }
  print_figures ("batch_write", n_write, g_get_monotonic_time () - wall, cpu_us () - cpu, FALSE);

  wall = g_get_monotonic_time ();
  cpu = cpu_us ();
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
  print_figures ("batch_get", n_get, g_get_monotonic_time () - wall, cpu_us () - cpu, TRUE);
  g_print ("}\n");
  return 0;
}
