/* batch_import.c: many items written 25 a request, with progress; a batch
 * writer for a stream of rows; what was not written is never dropped
 *
 *     class Stock(DynamoModel):
 *         sku: str = Key()
 *         warehouse: str = SortKey()
 *         quantity: int = 0
 *
 *     examples/run.sh c batch_import
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <dynantic/dynantic.h>

#include "tables.h"

#define N_ROWS 120

#define SHOP_TYPE_STOCK (shop_stock_get_type ())
G_DECLARE_FINAL_TYPE (ShopStock, shop_stock, SHOP, STOCK, DynanticModel)
struct _ShopStock { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (ShopStock, shop_stock, DYNANTIC_TYPE_MODEL)

static void
shop_stock_class_init (ShopStockClass *klass)
{
  DynanticModelClass *model = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model, g_param_spec_string ("sku", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_string ("warehouse", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_int64 ("quantity", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READWRITE));
  dynantic_model_class_set_table (model, "example-c-stock");
  dynantic_model_class_set_partition_key (model, "sku");
  dynantic_model_class_set_sort_key (model, "warehouse");
}

static void shop_stock_init (ShopStock *self) { }

/* Row n of the import (from 1): what a CSV reader would give. */
static ShopStock *
stock_row (guint n)
{
  g_autofree char *sku = g_strdup_printf ("sku-%03u", n);

  return g_object_new (SHOP_TYPE_STOCK, "sku", sku, "warehouse", n % 2 ? "north" : "south",
                       "quantity", (gint64) n * 3, NULL);
}

/* The signal comes after each round of each chunk, several chunks being
 * in flight: keep the furthest point reached. */
static void
progress (DynanticBatchWrite *batch,
          guint               done,
          guint               retried,
          guint               total,
          double              consumed_capacity,
          gpointer            user_data)
{
  guint *furthest = user_data;

  *furthest = MAX (*furthest, done);
}

static gboolean
run (GError **error)
{
  g_autoptr(DynanticBatchWrite) batch = dynantic_batch_write_new (NULL);
  g_autoptr(DynanticBatchWriter) writer = dynantic_batch_writer_new (NULL);
  g_autoptr(GPtrArray) written = NULL;
  g_autoptr(GPtrArray) unprocessed = NULL;
  g_autoptr(ShopStock) gone = NULL;
  g_autoptr(DynanticScan) scan = NULL;
  guint furthest = 0;
  guint64 count;

  /* The first 100 rows in one batch: 4 requests of 25, sent at once. */
  for (guint n = 1; n <= 100; n++)
    {
      g_autoptr(ShopStock) row = stock_row (n);

      dynantic_batch_write_save (batch, DYNANTIC_MODEL (row));
    }
  g_signal_connect (batch, "progress", G_CALLBACK (progress), &furthest);
  if (!dynantic_batch_write_execute (batch, NULL, error))
    {
      /* Nothing is lost: these can be written later. */
      unprocessed = dynantic_batch_write_get_unprocessed (batch);
      g_print ("not written, to retry later: %u\n", unprocessed->len);
      return FALSE;
    }
  written = dynantic_batch_write_get_processed (batch);
  g_print ("batch: %u written, progress reported %u of %u\n",
           written->len, furthest, dynantic_batch_write_get_n_requests (batch));

  /* The rest as a stream: the writer sends every 25, and the rest when
   * closed. */
  for (guint n = 101; n <= N_ROWS; n++)
    {
      g_autoptr(ShopStock) row = stock_row (n);

      if (!dynantic_batch_writer_save (writer, DYNANTIC_MODEL (row), NULL, error))
        return FALSE;
    }
  gone = g_object_new (SHOP_TYPE_STOCK, "sku", "sku-001", "warehouse", "north", NULL);
  if (!dynantic_batch_writer_delete (writer, DYNANTIC_MODEL (gone), NULL, error) ||
      !dynantic_batch_writer_close (writer, NULL, error))
    return FALSE;
  g_print ("writer: closed, %u pending\n", dynantic_batch_writer_get_n_pending (writer));

  scan = dynantic_scan_new (SHOP_TYPE_STOCK, NULL);
  count = dynantic_read_count (DYNANTIC_READ (scan), NULL, error);
  if (count == 0 && *error != NULL)
    return FALSE;
  g_print ("items now: %" G_GUINT64_FORMAT "\n", count);
  return TRUE;
}

int
main (void)
{
  return example_run ("batch_import", run, SHOP_TYPE_STOCK, G_TYPE_INVALID);
}
