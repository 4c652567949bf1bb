/* batch-import.c: importing many items through the batch API, with a
 * progress line and a report of anything not written
 *
 *     batch-import [N]          (N items, 10000 by default)
 *
 * The items go out 25 to a request, several requests at once; what
 * DynamoDB leaves unprocessed is sent again with the client's backoff, and
 * whatever still fails is reported by key, never dropped. Run it against
 * DynamoDB Local:
 *
 *     scripts/dynamodb-local.sh run build/examples/batch-import 10000
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>

#include <dynantic.h>

#define TYPE_READING (reading_get_type ())
G_DECLARE_FINAL_TYPE (Reading, reading, EXAMPLE, READING, DynanticModel)
struct _Reading { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (Reading, reading, DYNANTIC_TYPE_MODEL)

/* A sensor's readings: one item per sensor and time. */
static void
reading_class_init (ReadingClass *klass)
{
  DynanticModelClass *model = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model, g_param_spec_string ("sensor", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_int64 ("at", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_double ("celsius", NULL, NULL, -100, 100, 0, G_PARAM_READWRITE));
  dynantic_model_class_set_table (model, "readings");
  dynantic_model_class_set_partition_key (model, "sensor");
  dynantic_model_class_set_sort_key (model, "at");
}

static void reading_init (Reading *self) { }

/* ------------------------------------------------------------------------- */

static gboolean
ensure_table (GType    type,
              GError **error)
{
  g_autoptr(GError) create_error = NULL;

  if (!dynantic_table_create (type, NULL, NULL, &create_error) &&
      !g_error_matches (create_error, DYNANTIC_ERROR, DYNANTIC_ERROR_RESOURCE_IN_USE))
    {
      g_propagate_error (error, g_steal_pointer (&create_error));
      return FALSE;
    }
  return dynantic_table_wait_until_active (type, 60, NULL, NULL, error);
}

/* The progress line, rewritten in place as chunks complete. */
static void
on_progress (DynanticBatchWrite *batch,
             guint               done,
             guint               retried,
             guint               total,
             double              capacity,
             gpointer            user_data)
{
  g_print ("\rwritten %u of %u (%u sent again, %.0f capacity units)", done, total, retried, capacity);
}

/* Every item not written, by key. */
static void
report_unprocessed (GPtrArray *unprocessed)
{
  g_printerr ("%u items were not written:\n", unprocessed->len);
  for (guint i = 0; i < unprocessed->len; i++)
    {
      g_autofree char *sensor = NULL;
      gint64 at = 0;

      g_object_get (unprocessed->pdata[i], "sensor", &sensor, "at", &at, NULL);
      g_printerr ("  %s at %" G_GINT64_FORMAT "\n", sensor, at);
    }
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 10000;
  g_autoptr(DynanticBatchWrite) batch = dynantic_batch_write_new (NULL);
  g_autoptr(GPtrArray) unprocessed = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started;

  if (!ensure_table (TYPE_READING, &error))
    {
      g_printerr ("batch-import: %s\n", error->message);
      return 1;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *sensor = g_strdup_printf ("sensor-%02u", i % 40);
      g_autoptr(Reading) reading = g_object_new (TYPE_READING, "sensor", sensor, "at", (gint64) 1700000000 + i,
                                                 "celsius", 15.0 + (i % 200) / 10.0, NULL);

      dynantic_batch_write_save (batch, DYNANTIC_MODEL (reading));
    }
  g_signal_connect (batch, "progress", G_CALLBACK (on_progress), NULL);

  started = g_get_monotonic_time ();
  if (!dynantic_batch_write_execute (batch, NULL, &error))
    {
      g_print ("\n");
      g_printerr ("batch-import: %s\n", error->message);
      unprocessed = dynantic_batch_write_get_unprocessed (batch);
      report_unprocessed (unprocessed);
      return 1;
    }
  g_print ("\nimported %u items in %.2f s\n", n, (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  return 0;
}
