/* test-concurrency.c: one client shared by 8 threads and 200 async calls
 *
 * Against DynamoDB Local, 8 threads share one DynanticClient and make 1,000
 * synchronous calls each: saves, gets, deletes and queries on keys of their
 * own (each thread keeps what it expects every key to hold, and checks every
 * get and query against it), and updates and gets on 10 keys all threads
 * share. Meanwhile the main thread keeps 200 asynchronous calls in flight on
 * its main context (saves of its own items and updates of the shared keys).
 *
 * A shared update adds 1 to `counter` and its own marker to the set `marks`
 * in one UpdateExpression, conditioned on the marker's absence: every read
 * of a shared item must show as many marks as its counter (no update lost
 * or applied twice, however the calls interleave), and at the end the marks
 * must be exactly those of the updates that reported success.
 *
 * DYNANTIC_CONCURRENCY_OPS sets the calls per thread (default 1000).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "test-util.h"

#define N_THREADS 8
#define N_SHARED 10
#define N_OWN_KEYS 40
#define N_ASYNC 200

/* The model ---------------------------------------------------------------- */

#define CONC_TYPE_ITEM (conc_item_get_type ())
G_DECLARE_FINAL_TYPE (ConcItem, conc_item, CONC, ITEM, DynanticModel)
struct _ConcItem { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (ConcItem, conc_item, DYNANTIC_TYPE_MODEL)

static void
conc_item_class_init (ConcItemClass *klass)
{
  DynanticModelClass *k = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (k, g_param_spec_string ("owner", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (k, g_param_spec_int64 ("n", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READWRITE));
  dynantic_model_class_install_property (k, g_param_spec_string ("value", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (k, g_param_spec_int64 ("counter", NULL, NULL, 0, G_MAXINT64, 0,
                                                                G_PARAM_READWRITE));
  dynantic_model_class_install_property (k, g_param_spec_boxed ("marks", NULL, NULL, G_TYPE_STRV, G_PARAM_READWRITE));
  dynantic_model_class_set_partition_key (k, "owner");
  dynantic_model_class_set_sort_key (k, "n");
  dynantic_model_class_set_set (k, "marks");
}

static void conc_item_init (ConcItem *self) { }

/* Shared state ------------------------------------------------------------- */

typedef struct {
  DynanticClient *client;
  guint           ops;
  GMutex          lock;
  GHashTable     *applied;     /* marker -> key n: shared updates that succeeded */
  guint           checks;      /* results checked, all threads */
} Run;

static Run run;

static void
add_applied (const char *marker,
             gint64      n)
{
  g_mutex_lock (&run.lock);
  g_hash_table_insert (run.applied, g_strdup (marker), GINT_TO_POINTER ((gint) n + 1));
  g_mutex_unlock (&run.lock);
}

static void
count_checks (guint n)
{
  g_mutex_lock (&run.lock);
  run.checks += n;
  g_mutex_unlock (&run.lock);
}

static void
value_string (GValue     *value,
              const char *text)
{
  g_value_init (value, G_TYPE_STRING);
  g_value_set_string (value, text);
}

static void
value_int64 (GValue *value,
             gint64  n)
{
  g_value_init (value, G_TYPE_INT64);
  g_value_set_int64 (value, n);
}

/* A shared item read whole: its counter is its number of marks. */
static void
assert_consistent (DynanticModel *item)
{
  g_auto(GStrv) marks = NULL;
  gint64 counter = 0;

  g_object_get (item, "counter", &counter, "marks", &marks, NULL);
  g_assert_cmpint (counter, ==, marks != NULL ? (gint64) g_strv_length (marks) : 0);
}

/* The updates on the shared keys ------------------------------------------- */

static DynanticUpdate *
shared_update (gint64      n,
               const char *marker)
{
  g_auto(GValue) owner = G_VALUE_INIT;
  g_auto(GValue) key = G_VALUE_INIT;
  g_auto(GValue) one = G_VALUE_INIT;
  g_auto(GValue) marks = G_VALUE_INIT;
  g_auto(GValue) marker_value = G_VALUE_INIT;
  const char *list[] = { marker, NULL };
  g_autoptr(DynanticCondition) present = NULL;
  g_autoptr(DynanticCondition) fresh = NULL;
  DynanticUpdate *update;

  value_string (&owner, "shared");
  value_int64 (&key, n);
  value_int64 (&one, 1);
  g_value_set_boxed (g_value_init (&marks, G_TYPE_STRV), list);
  value_string (&marker_value, marker);
  present = dynantic_condition_contains ("marks", &marker_value);
  fresh = dynantic_condition_not (present);

  update = dynantic_update_new (CONC_TYPE_ITEM, &owner, &key, run.client);
  dynantic_update_add (update, "counter", &one);
  dynantic_update_add (update, "marks", &marks);
  dynantic_update_set_condition (update, fresh);
  return update;
}

/* One thread's work ------------------------------------------------------- */

typedef struct {
  guint       index;
  char       *owner;
  GHashTable *expected;   /* n -> value (char *): what each own key holds */
} Worker;

static ConcItem *
own_item (Worker *worker,
          gint64  n,
          guint   op)
{
  g_autofree char *value = g_strdup_printf ("%s/%" G_GINT64_FORMAT "/op%u", worker->owner, n, op);
  ConcItem *item = g_object_new (CONC_TYPE_ITEM, "owner", worker->owner, "n", n, "value", value, NULL);

  dynantic_model_set_instance_client (DYNANTIC_MODEL (item), run.client);
  return item;
}

static void
do_save (Worker *worker,
         gint64  n,
         guint   op)
{
  g_autoptr(ConcItem) item = own_item (worker, n, op);
  g_autoptr(GError) error = NULL;
  char *value = NULL;

  g_assert_true (dynantic_model_save (DYNANTIC_MODEL (item), NULL, NULL, &error));
  g_assert_no_error (error);
  g_object_get (item, "value", &value, NULL);
  g_hash_table_insert (worker->expected, GINT_TO_POINTER ((gint) n), value);
}

static void
do_get (Worker *worker,
        gint64  n)
{
  g_auto(GValue) owner = G_VALUE_INIT;
  g_auto(GValue) key = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(DynanticModel) found = NULL;
  const char *expected = g_hash_table_lookup (worker->expected, GINT_TO_POINTER ((gint) n));

  value_string (&owner, worker->owner);
  value_int64 (&key, n);
  found = dynantic_model_get_by_key_full (CONC_TYPE_ITEM, TRUE, &owner, &key, run.client, NULL, &error);
  g_assert_no_error (error);
  if (expected == NULL)
    g_assert_null (found);
  else
    {
      g_autofree char *value = NULL;

      g_assert_nonnull (found);
      g_object_get (found, "value", &value, NULL);
      g_assert_cmpstr (value, ==, expected);
    }
}

static void
do_delete (Worker *worker,
           gint64  n)
{
  g_auto(GValue) owner = G_VALUE_INIT;
  g_auto(GValue) key = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  value_string (&owner, worker->owner);
  value_int64 (&key, n);
  g_assert_true (dynantic_model_delete_by_key (CONC_TYPE_ITEM, &owner, &key, NULL, run.client, NULL, &error));
  g_assert_no_error (error);
  g_hash_table_remove (worker->expected, GINT_TO_POINTER ((gint) n));
}

/* Everything the thread's partition holds, checked against what it expects. */
static void
do_query (Worker *worker)
{
  g_auto(GValue) owner = G_VALUE_INIT;
  g_autoptr(DynanticQuery) query = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  value_string (&owner, worker->owner);
  query = dynantic_query_new (CONC_TYPE_ITEM, &owner, run.client);
  dynantic_query_consistent (query, TRUE);
  items = dynantic_read_all (DYNANTIC_READ (query), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, g_hash_table_size (worker->expected));
  for (guint i = 0; i < items->len; i++)
    {
      g_autofree char *value = NULL;
      gint64 n = 0;

      g_object_get (items->pdata[i], "n", &n, "value", &value, NULL);
      g_assert_cmpstr (value, ==, g_hash_table_lookup (worker->expected, GINT_TO_POINTER ((gint) n)));
    }
}

static void
do_shared_update (Worker *worker,
                  gint64  n,
                  guint   op)
{
  g_autofree char *marker = g_strdup_printf ("t%u-op%u", worker->index, op);
  g_autoptr(DynanticUpdate) update = shared_update (n, marker);
  g_autoptr(GError) error = NULL;

  g_assert_true (dynantic_update_execute (update, NULL, &error));
  g_assert_no_error (error);
  add_applied (marker, n);
}

static void
do_shared_get (gint64 n)
{
  g_auto(GValue) owner = G_VALUE_INIT;
  g_auto(GValue) key = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(DynanticModel) found = NULL;

  value_string (&owner, "shared");
  value_int64 (&key, n);
  found = dynantic_model_get_by_key_full (CONC_TYPE_ITEM, FALSE, &owner, &key, run.client, NULL, &error);
  g_assert_no_error (error);
  if (found != NULL)
    assert_consistent (found);
}

static gpointer
work (gpointer data)
{
  Worker *worker = data;
  GRand *rand = g_rand_new_with_seed (worker->index * 7919 + 1);

  for (guint op = 0; op < run.ops; op++)
    {
      gint64 own = g_rand_int_range (rand, 0, N_OWN_KEYS);
      gint64 shared = g_rand_int_range (rand, 0, N_SHARED);

      switch (g_rand_int_range (rand, 0, 10))
        {
        case 0: case 1: case 2: do_save (worker, own, op); break;
        case 3: case 4: do_get (worker, own); break;
        case 5: do_delete (worker, own); break;
        case 6: case 7: do_shared_update (worker, shared, op); break;
        case 8: do_shared_get (shared); break;
        default: do_query (worker); break;
        }
    }
  count_checks (run.ops);
  g_rand_free (rand);
  return NULL;
}

/* The main thread's asynchronous calls ------------------------------------- */

typedef struct {
  guint     pending;
  guint     succeeded;
  GPtrArray *saved;      /* ConcItem, the async saves */
} Async;

typedef struct {
  Async *async;
  char  *marker;         /* a shared update's, or NULL for a save */
  gint64 n;
} Call;

static void
save_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Async *async = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (dynantic_model_save_finish (DYNANTIC_MODEL (source), result, &error));
  g_assert_no_error (error);
  async->succeeded++;
  async->pending--;
}

static void
update_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (dynantic_update_execute_finish (DYNANTIC_UPDATE (source), result, &error));
  g_assert_no_error (error);
  add_applied (call->marker, call->n);
  call->async->succeeded++;
  call->async->pending--;
  g_free (call->marker);
  g_free (call);
}

static void
start_async (Async *async)
{
  for (guint i = 0; i < N_ASYNC; i++)
    {
      async->pending++;
      if (i % 2 == 0)
        {
          g_autofree char *value = g_strdup_printf ("async/%u", i);
          ConcItem *item = g_object_new (CONC_TYPE_ITEM, "owner", "async", "n", (gint64) i, "value", value, NULL);

          dynantic_model_set_instance_client (DYNANTIC_MODEL (item), run.client);
          g_ptr_array_add (async->saved, item);
          dynantic_model_save_async (DYNANTIC_MODEL (item), NULL, NULL, save_done, async);
        }
      else
        {
          Call *call = g_new0 (Call, 1);
          g_autoptr(DynanticUpdate) update = NULL;

          call->async = async;
          call->n = i % N_SHARED;
          call->marker = g_strdup_printf ("async-%u", i);
          update = shared_update (call->n, call->marker);
          dynantic_update_execute_async (update, NULL, update_done, call);
        }
    }
}

/* The end: what the table holds ------------------------------------------- */

static void
check_table (Worker *workers,
             Async  *async)
{
  g_autoptr(DynanticScan) scan = dynantic_scan_new (CONC_TYPE_ITEM, run.client);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) marks_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint own[N_THREADS] = { 0 };
  guint async_items = 0;

  dynantic_scan_consistent (scan, TRUE);
  items = dynantic_read_all (DYNANTIC_READ (scan), NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    {
      g_autofree char *owner = NULL;
      g_autofree char *value = NULL;
      g_auto(GStrv) marks = NULL;
      gint64 n = 0;
      guint t;

      g_object_get (items->pdata[i], "owner", &owner, "n", &n, "value", &value, "marks", &marks, NULL);
      if (g_str_equal (owner, "shared"))
        {
          assert_consistent (items->pdata[i]);
          for (guint m = 0; marks != NULL && marks[m] != NULL; m++)
            {
              gpointer key_plus_one = g_hash_table_lookup (run.applied, marks[m]);

              /* every mark from an update that reported success, on its key */
              g_assert_nonnull (key_plus_one);
              g_assert_cmpint (GPOINTER_TO_INT (key_plus_one) - 1, ==, n);
              g_hash_table_add (marks_seen, g_strdup (marks[m]));
            }
        }
      else if (g_str_equal (owner, "async"))
        {
          g_autofree char *expected = g_strdup_printf ("async/%" G_GINT64_FORMAT, n);

          g_assert_cmpstr (value, ==, expected);
          async_items++;
        }
      else
        {
          g_assert_true (sscanf (owner, "thread-%u", &t) == 1 && t < N_THREADS);
          g_assert_cmpstr (value, ==, g_hash_table_lookup (workers[t].expected, GINT_TO_POINTER ((gint) n)));
          own[t]++;
        }
    }

  /* and nothing missing: every successful update's mark, every own key */
  g_assert_cmpuint (g_hash_table_size (marks_seen), ==, g_hash_table_size (run.applied));
  for (guint t = 0; t < N_THREADS; t++)
    g_assert_cmpuint (own[t], ==, g_hash_table_size (workers[t].expected));
  g_assert_cmpuint (async_items, ==, async->saved->len);
}

static void
test_shared_client (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *table = test_unique_table_name ("concurrency");
  GThread *threads[N_THREADS];
  Worker workers[N_THREADS];
  Async async = { 0, 0, g_ptr_array_new_with_free_func (g_object_unref) };
  const char *ops = g_getenv ("DYNANTIC_CONCURRENCY_OPS");

  run.ops = ops != NULL ? (guint) g_ascii_strtoull (ops, NULL, 10) : 1000;
  run.client = test_local_client ();
  run.applied = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_init (&run.lock);
  g_type_class_unref (g_type_class_ref (CONC_TYPE_ITEM));
  dynantic_model_class_set_table (g_type_class_peek (CONC_TYPE_ITEM), table);
  g_assert_true (dynantic_table_create (CONC_TYPE_ITEM, run.client, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (dynantic_table_wait_until_active (CONC_TYPE_ITEM, 30, run.client, NULL, &error));
  g_assert_no_error (error);

  for (guint t = 0; t < N_THREADS; t++)
    {
      workers[t].index = t;
      workers[t].owner = g_strdup_printf ("thread-%u", t);
      workers[t].expected = g_hash_table_new_full (NULL, NULL, NULL, g_free);
      threads[t] = g_thread_new ("worker", work, &workers[t]);
    }
  start_async (&async);
  while (async.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (async.succeeded, ==, N_ASYNC);
  for (guint t = 0; t < N_THREADS; t++)
    g_thread_join (threads[t]);

  check_table (workers, &async);
  g_test_message ("%u sync calls from %u threads and %u async calls, %u shared updates applied",
                  run.checks, N_THREADS, N_ASYNC, g_hash_table_size (run.applied));

  g_assert_true (dynantic_table_delete (CONC_TYPE_ITEM, run.client, NULL, &error));
  g_assert_no_error (error);
  for (guint t = 0; t < N_THREADS; t++)
    {
      g_free (workers[t].owner);
      g_hash_table_unref (workers[t].expected);
    }
  g_ptr_array_unref (async.saved);
  g_hash_table_unref (run.applied);
  g_clear_object (&run.client);
  g_mutex_clear (&run.lock);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/concurrency/shared-client", test_shared_client);
  return g_test_run ();
}
