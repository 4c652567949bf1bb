/* test-soak.c: thousands of writes through a chaos proxy, every outcome
 * checked against what DynamoDB Local holds
 *
 * Between Dynantic and DynamoDB Local, tests/chaos-proxy.c resets
 * connections before and after requests reach the server, truncates and
 * delays responses past the client's timeout, and answers 500, 503 and
 * ThrottlingException itself, on a schedule drawn from a seed. Through it,
 * one client in the standard retry mode (3 attempts) writes items one at a
 * time (so the same seed gives the same faults in the same order):
 *
 *   puts      one to three saves of different values (idempotent PutItem)
 *   creates   one conditional create (PutItem if the item does not exist)
 *   batches   items saved by BatchWriteItem, 2 to 30 at a time
 *             (DynanticBatchWrite: what it reports processed must be
 *             stored, what it reports unprocessed absent or identical)
 *   counters  a save, then one to three updates, each adding 1 to
 *             `counter` and its own marker to the set `marks` in the same
 *             UpdateExpression: a double application shows as a counter
 *             above the number of marks. A third of the items' updates carry
 *             the condition that their marker is not there yet (the safe way
 *             to retry a non-idempotent update), a third none, and a third
 *             go as one-action transactions (TransactWriteItems), whose
 *             retries resend the same ClientRequestToken: applied once.
 *
 * Then a direct client (no proxy) and boto3 (tests/soak-check.py) read the
 * table and check that:
 *   - every write reported successful is stored with exactly its values,
 *     unless a later write replaced them;
 *   - every write reported failed is absent, or stored identical (it
 *     reached the server, but its response was lost);
 *   - no conditioned update was applied twice, and an unconditioned one
 *     at most as many times as the proxy forwarded it (first attempt and
 *     retries): those double applications are the hazard of retrying a
 *     non-idempotent write whose response was lost, counted and reported.
 *
 * DYNANTIC_SOAK_SEED (default: from the clock) and DYNANTIC_SOAK_ITEMS
 * (default 5000) set the run, DYNANTIC_SOAK_SECONDS (default 600) bounds
 * its writing phase; the seed is printed for reproduction.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "chaos-proxy.h"
#include "dynantic-client-private.h"
#include "dynantic-retry-private.h"
#include "test-util.h"

/* The model ---------------------------------------------------------------- */

#define SOAK_TYPE_ITEM (soak_item_get_type ())
G_DECLARE_FINAL_TYPE (SoakItem, soak_item, SOAK, ITEM, DynanticModel)
struct _SoakItem { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (SoakItem, soak_item, DYNANTIC_TYPE_MODEL)

static void
soak_item_class_init (SoakItemClass *klass)
{
  DynanticModelClass *k = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (k, g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (k, g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (k, g_param_spec_double ("price", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                                                                 G_PARAM_READWRITE));
  dynantic_model_class_install_property (k, g_param_spec_int64 ("qty", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                                                                G_PARAM_READWRITE));
  dynantic_model_class_install_property (k, g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV, G_PARAM_READWRITE));
  dynantic_model_class_install_property (k, g_param_spec_boxed ("blob", NULL, NULL, G_TYPE_BYTES, G_PARAM_READWRITE));
  dynantic_model_class_install_property (k, g_param_spec_int64 ("counter", NULL, NULL, 0, G_MAXINT64, 0,
                                                                G_PARAM_READWRITE));
  dynantic_model_class_install_property (k, g_param_spec_boxed ("marks", NULL, NULL, G_TYPE_STRV, G_PARAM_READWRITE));
  dynantic_model_class_set_partition_key (k, "id");
  dynantic_model_class_set_set (k, "tags");
  dynantic_model_class_set_set (k, "marks");
}

static void soak_item_init (SoakItem *self) { }

/* What was written, and what came of it ------------------------------------ */

typedef enum { KIND_PUTS, KIND_CREATE, KIND_COUNTER, KIND_BATCH } ItemKind;

typedef struct {
  SoakItem *values;     /* what the write sent */
  gboolean  ok;
  int       code;       /* the DYNANTIC_ERROR code when it failed */
} Write;

typedef struct {
  char     *marker;
  gboolean  ok;
  int       code;
} Update;

typedef struct {
  char      *id;
  ItemKind   kind;
  gboolean   conditioned;   /* counters: updates carry the marker condition */
  gboolean   transactional; /* counters: updates go as transactions */
  GArray    *writes;        /* Write: puts, the create, or the counter's base */
  GArray    *updates;       /* Update */
} Record;

static void
write_clear (gpointer data)
{
  g_clear_object (&((Write *) data)->values);
}

static void
update_clear (gpointer data)
{
  g_clear_pointer (&((Update *) data)->marker, g_free);
}

static void
record_free (gpointer data)
{
  Record *record = data;

  g_free (record->id);
  g_array_unref (record->writes);
  g_array_unref (record->updates);
  g_free (record);
}

typedef struct {
  guint32         seed;
  guint           n_items;
  guint           seconds;
  char           *table;
  ChaosProxy     *proxy;
  DynanticClient *chaotic;    /* through the proxy */
  DynanticClient *direct;     /* straight to DynamoDB Local */
  GRand          *rand;       /* the items' plans and values */
  GPtrArray      *records;    /* Record */
  GPtrArray      *batch;      /* Record: batch items waiting for their BatchWriteItem */
  guint           batch_size; /* how many the next batch takes */
  /* outcomes */
  guint           writes, writes_failed, updates, updates_failed;
  guint           failed_but_stored, updates_failed_but_applied;
  guint           double_applications;
  guint           batches, batches_failed;
  guint           codes[32];
} Soak;

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *text = g_getenv (name);
  guint64 value;

  if (text == NULL || *text == '\0')
    return fallback;
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &value, NULL))
    g_error ("%s must be a whole number, not “%s”", name, text);
  return (guint) value;
}

/* The chaos: a fifth of the requests meet a fault. */
static const ChaosSchedule schedule = {
  .weights = {
    [CHAOS_PASS] = 80,
    [CHAOS_RESET_BEFORE] = 4,
    [CHAOS_RESET_AFTER] = 4,
    [CHAOS_TRUNCATE] = 3,
    [CHAOS_DELAY] = 1,
    [CHAOS_ERROR_500] = 3,
    [CHAOS_ERROR_503] = 2,
    [CHAOS_THROTTLE] = 3,
  },
  .delay_ms = 2200,
};

/* An attempt that times out may still reach DynamoDB Local later: on a
 * loaded machine the server (or the proxy's forwarding thread) can stall
 * past the timeout, and the stale put then lands after the writes that
 * followed it, as it would against any endpoint (a hazard of every client
 * that retries after a timeout, which only conditions avoid). At 0.5 s a
 * CI run met it once (a later write overwritten by an earlier one's first
 * attempt); the soak tests the library's handling of the proxy's faults, so
 * its timeout stays well above a server stall and the delays above it. */
#define CLIENT_TIMEOUT 2.0

static DynanticClient *
new_client (const char *endpoint,
            double      timeout)
{
  g_autoptr(DynanticCredentials) credentials = dynantic_credentials_new ("SoakKey", "SoakSecret", NULL);
  g_autoptr(DynanticCredentialsProvider) provider = dynantic_credentials_provider_new_static (credentials);
  DynanticClient *client = g_object_new (DYNANTIC_TYPE_CLIENT,
                                         "endpoint", endpoint, "region", "us-east-1",
                                         "credentials-provider", provider,
                                         "retry-mode", DYNANTIC_RETRY_MODE_STANDARD,
                                         "max-attempts", 3,
                                         "timeout", timeout,
                                         NULL);

  /* The standard mode's waits, shortened: its backoff after throttling (up
   * to seconds) would make the soak last an hour, and tells nothing more. */
  dynantic_retry_policy_set_backoff (dynantic_client_get_retry_policy (client),
                                     G_TIME_SPAN_MILLISECOND, 5 * G_TIME_SPAN_MILLISECOND,
                                     50 * G_TIME_SPAN_MILLISECOND);
  return client;
}

/* Values ------------------------------------------------------------------- */

static char *
random_word (GRand *rand)
{
  static const char letters[] = "abcdefghijklmnopqrstuvwxyz0123456789-_";
  guint n = g_rand_int_range (rand, 1, 12);
  char *word = g_malloc (n + 1);

  for (guint i = 0; i < n; i++)
    word[i] = letters[g_rand_int_range (rand, 0, sizeof letters - 1)];
  word[n] = '\0';
  return word;
}

static SoakItem *
random_values (Soak       *soak,
               const char *id,
               guint       version)
{
  g_autoptr(GStrvBuilder) tags = g_strv_builder_new ();
  g_auto(GStrv) tag_list = NULL;
  g_autofree char *name = NULL;
  g_autofree char *word = random_word (soak->rand);
  guint8 blob[24];
  guint n_tags = g_rand_int_range (soak->rand, 0, 4);
  guint n_blob = g_rand_int_range (soak->rand, 1, sizeof blob);
  g_autoptr(GBytes) bytes = NULL;

  for (guint i = 0; i < n_tags; i++)
    {
      g_autofree char *tag = g_strdup_printf ("t%u-%u", i, g_rand_int_range (soak->rand, 0, 1000));

      g_strv_builder_add (tags, tag);
    }
  tag_list = g_strv_builder_end (tags);
  for (guint i = 0; i < n_blob; i++)
    blob[i] = (guint8) g_rand_int (soak->rand);
  bytes = g_bytes_new (blob, n_blob);
  name = g_strdup_printf ("%s v%u %s \xc3\xa9", id, version, word);

  return g_object_new (SOAK_TYPE_ITEM,
                       "id", id,
                       "name", name,
                       "price", g_rand_double_range (soak->rand, -1e9, 1e9),
                       "qty", (gint64) (((guint64) g_rand_int (soak->rand) << 32) | g_rand_int (soak->rand)),
                       "tags", n_tags > 0 ? tag_list : NULL,
                       "blob", bytes,
                       NULL);
}

/* Writing through the chaos ------------------------------------------------ */

static void
count_failure (Soak         *soak,
               const GError *error)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == DYNANTIC_ERROR);
  soak->codes[MIN ((guint) error->code, G_N_ELEMENTS (soak->codes) - 1)]++;
}

static void
run_write (Soak     *soak,
           Record   *record,
           SoakItem *values,
           gboolean  create)
{
  g_autoptr(GError) error = NULL;
  Write write = { g_object_ref (values), FALSE, 0 };

  dynantic_model_set_instance_client (DYNANTIC_MODEL (values), soak->chaotic);
  write.ok = create ? dynantic_model_create (DYNANTIC_MODEL (values), NULL, &error)
                    : dynantic_model_save (DYNANTIC_MODEL (values), NULL, NULL, &error);
  soak->writes++;
  if (!write.ok)
    {
      count_failure (soak, error);
      write.code = error->code;
      soak->writes_failed++;
    }
  g_array_append_val (record->writes, write);
}

static void
run_update (Soak   *soak,
            Record *record,
            guint   k)
{
  g_autoptr(DynanticUpdate) update = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) key = G_VALUE_INIT;
  g_auto(GValue) one = G_VALUE_INIT;
  g_auto(GValue) marks = G_VALUE_INIT;
  g_auto(GValue) marker_value = G_VALUE_INIT;
  Update outcome = { g_strdup_printf ("mark-%u-%s-%u", soak->seed, record->id, k), FALSE, 0 };
  const char *marker_list[] = { outcome.marker, NULL };

  g_value_set_string (g_value_init (&key, G_TYPE_STRING), record->id);
  g_value_set_int64 (g_value_init (&one, G_TYPE_INT64), 1);
  g_value_set_boxed (g_value_init (&marks, G_TYPE_STRV), marker_list);
  g_value_set_string (g_value_init (&marker_value, G_TYPE_STRING), outcome.marker);

  update = dynantic_update_new (SOAK_TYPE_ITEM, &key, NULL, soak->chaotic);
  dynantic_update_add (update, "counter", &one);
  dynantic_update_add (update, "marks", &marks);
  if (record->conditioned)
    {
      g_autoptr(DynanticCondition) present = dynantic_condition_contains ("marks", &marker_value);
      g_autoptr(DynanticCondition) fresh = dynantic_condition_not (present);

      dynantic_update_set_condition (update, fresh);
    }
  if (record->transactional)
    {
      g_autoptr(DynanticTransactWrite) transaction = dynantic_transact_write_new (soak->chaotic);

      dynantic_transact_write_update (transaction, update);
      outcome.ok = dynantic_transact_write_execute (transaction, NULL, &error);
    }
  else
    outcome.ok = dynantic_update_execute (update, NULL, &error);
  soak->updates++;
  if (!outcome.ok)
    {
      count_failure (soak, error);
      outcome.code = error->code;
      soak->updates_failed++;
    }
  g_array_append_val (record->updates, outcome);
}

/* Sends the items waiting for a batch in one DynanticBatchWrite (up to 30,
 * in chunks of 25): each reported processed must be stored, each
 * unprocessed absent or identical. */
static void
flush_batch (Soak *soak)
{
  g_autoptr(DynanticBatchWrite) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) processed = NULL;
  g_autoptr(GPtrArray) unprocessed = NULL;
  gboolean ok;

  if (soak->batch->len == 0)
    return;
  batch = dynantic_batch_write_new (soak->chaotic);
  for (guint i = 0; i < soak->batch->len; i++)
    {
      Record *record = soak->batch->pdata[i];

      dynantic_batch_write_save (batch, DYNANTIC_MODEL (g_array_index (record->writes, Write, 0).values));
    }
  ok = dynantic_batch_write_execute (batch, NULL, &error);
  soak->batches++;
  if (!ok)
    {
      g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BATCH_INCOMPLETE);
      soak->batches_failed++;
    }
  processed = dynantic_batch_write_get_processed (batch);
  unprocessed = dynantic_batch_write_get_unprocessed (batch);
  g_assert_cmpuint (processed->len + unprocessed->len, ==, soak->batch->len);
  for (guint i = 0; i < soak->batch->len; i++)
    {
      Record *record = soak->batch->pdata[i];
      Write *write = &g_array_index (record->writes, Write, 0);

      write->ok = g_ptr_array_find (processed, write->values, NULL);
      g_assert_true (write->ok || !ok);
      soak->writes++;
      if (!write->ok)
        {
          write->code = DYNANTIC_ERROR_BATCH_INCOMPLETE;
          soak->codes[DYNANTIC_ERROR_BATCH_INCOMPLETE]++;
          soak->writes_failed++;
        }
    }
  g_ptr_array_set_size (soak->batch, 0);
  soak->batch_size = g_rand_int_range (soak->rand, 2, 31);
}

static Record *
run_item (Soak *soak,
          guint i)
{
  Record *record = g_new0 (Record, 1);
  guint plan = g_rand_int_range (soak->rand, 0, 10);

  record->id = g_strdup_printf ("soak-%u-%05u", soak->seed, i);
  record->writes = g_array_new (FALSE, TRUE, sizeof (Write));
  g_array_set_clear_func (record->writes, write_clear);
  record->updates = g_array_new (FALSE, TRUE, sizeof (Update));
  g_array_set_clear_func (record->updates, update_clear);
  record->kind = plan < 3 ? KIND_PUTS : plan < 5 ? KIND_CREATE : plan < 8 ? KIND_COUNTER : KIND_BATCH;

  switch (record->kind)
    {
    case KIND_PUTS:
      for (guint v = 0, n = g_rand_int_range (soak->rand, 1, 4); v < n; v++)
        {
          g_autoptr(SoakItem) values = random_values (soak, record->id, v);

          run_write (soak, record, values, FALSE);
        }
      break;
    case KIND_CREATE:
      {
        g_autoptr(SoakItem) values = random_values (soak, record->id, 0);

        run_write (soak, record, values, TRUE);
      }
      break;
    case KIND_BATCH:
      {
        Write write = { random_values (soak, record->id, 0), FALSE, 0 };

        dynantic_model_set_instance_client (DYNANTIC_MODEL (write.values), soak->chaotic);
        g_array_append_val (record->writes, write);
        g_ptr_array_add (soak->batch, record);
        if (soak->batch->len >= soak->batch_size)
          flush_batch (soak);
      }
      break;
    case KIND_COUNTER:
    default:
      {
        g_autoptr(SoakItem) values = random_values (soak, record->id, 0);
        guint mode = g_rand_int_range (soak->rand, 0, 3);

        record->conditioned = mode == 1;
        record->transactional = mode == 2;
        run_write (soak, record, values, FALSE);
        for (guint k = 0, n = g_rand_int_range (soak->rand, 1, 4); k < n; k++)
          run_update (soak, record, k);
      }
      break;
    }
  return record;
}

/* Checking ----------------------------------------------------------------- */

static gboolean
same_set (const char * const *a,
          const char * const *b)
{
  guint n = a != NULL ? g_strv_length ((char **) a) : 0;

  if (n != (b != NULL ? g_strv_length ((char **) b) : 0))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (!g_strv_contains (b, a[i]))
      return FALSE;
  return TRUE;
}

/* Whether @stored holds exactly the values @written sent (the counter
 * fields aside). */
static gboolean
same_values (SoakItem *stored,
             SoakItem *written)
{
  g_autofree char *name_a = NULL, *name_b = NULL;
  g_auto(GStrv) tags_a = NULL, tags_b = NULL;
  g_autoptr(GBytes) blob_a = NULL, blob_b = NULL;
  double price_a, price_b;
  gint64 qty_a, qty_b;

  g_object_get (stored, "name", &name_a, "price", &price_a, "qty", &qty_a, "tags", &tags_a, "blob", &blob_a, NULL);
  g_object_get (written, "name", &name_b, "price", &price_b, "qty", &qty_b, "tags", &tags_b, "blob", &blob_b, NULL);
  return g_strcmp0 (name_a, name_b) == 0 && price_a == price_b && qty_a == qty_b &&
         same_set ((const char * const *) tags_a, (const char * const *) tags_b) &&
         ((blob_a == NULL && blob_b == NULL) ||
          (blob_a != NULL && blob_b != NULL && g_bytes_equal (blob_a, blob_b)));
}

/* Puts and creates: the stored item is the last successful write's values,
 * or those of a failed write after it (its response lost); absent only if
 * no write succeeded. */
static void
check_writes (Soak     *soak,
              Record   *record,
              SoakItem *stored)
{
  gint last_ok = -1;
  gboolean matched = FALSE;

  for (guint i = 0; i < record->writes->len; i++)
    if (g_array_index (record->writes, Write, i).ok)
      last_ok = (gint) i;

  if (stored == NULL)
    {
      if (last_ok >= 0)
        g_error ("%s: a write reported successful is not stored", record->id);
      return;
    }
  for (guint i = MAX (last_ok, 0); i < record->writes->len && !matched; i++)
    {
      Write *write = &g_array_index (record->writes, Write, i);

      if ((gint) i >= last_ok && same_values (stored, write->values))
        {
          matched = TRUE;
          if (!write->ok)
            soak->failed_but_stored++;
        }
    }
  if (!matched)
    g_error ("%s: the stored item is not what the last successful write (#%d of %u) "
             "or a failed write after it sent", record->id, last_ok, record->writes->len);
}

/* Counters: the base save as for puts (if the item exists at all, the
 * updates may have made it); every successful update's marker there, no
 * marker that was not sent; the counter equal to the number of marks for
 * conditioned updates, and above it by no more than the proxy forwarded
 * extra copies of unconditioned ones. */
static void
check_counter (Soak     *soak,
               Record   *record,
               SoakItem *stored)
{
  Write *base = &g_array_index (record->writes, Write, 0);
  g_auto(GStrv) marks = NULL;
  g_autofree char *name = NULL;
  gint64 counter = 0;
  guint n_marks, extra_allowed = 0;
  gboolean any_ok = base->ok;

  for (guint k = 0; k < record->updates->len; k++)
    any_ok |= g_array_index (record->updates, Update, k).ok;
  if (stored == NULL)
    {
      if (any_ok)
        g_error ("%s: a write reported successful is not stored", record->id);
      return;
    }

  g_object_get (stored, "name", &name, "counter", &counter, "marks", &marks, NULL);
  if (base->ok || name != NULL)
    {
      if (!same_values (stored, base->values))
        g_error ("%s: the stored item does not hold its base save's values", record->id);
      if (!base->ok)
        soak->failed_but_stored++;
    }

  n_marks = marks != NULL ? g_strv_length (marks) : 0;
  for (guint m = 0; m < n_marks; m++)
    {
      gboolean sent = FALSE;

      for (guint k = 0; k < record->updates->len; k++)
        sent |= g_str_equal (marks[m], g_array_index (record->updates, Update, k).marker);
      if (!sent)
        g_error ("%s: the mark %s was never sent", record->id, marks[m]);
    }
  for (guint k = 0; k < record->updates->len; k++)
    {
      Update *update = &g_array_index (record->updates, Update, k);
      gboolean present = marks != NULL && g_strv_contains ((const char * const *) marks, update->marker);
      guint forwarded = chaos_proxy_get_forwarded (soak->proxy, update->marker);

      if (update->ok && !present)
        g_error ("%s: the update %s reported successful was not applied", record->id, update->marker);
      if (present && forwarded == 0)
        g_error ("%s: the update %s was applied but never reached the server", record->id, update->marker);
      if (!update->ok && present)
        soak->updates_failed_but_applied++;
      if (!record->conditioned && !record->transactional && forwarded > 1)
        extra_allowed += forwarded - 1;
    }

  if (counter < (gint64) n_marks)
    g_error ("%s: counter %" G_GINT64_FORMAT " below its %u marks", record->id, counter, n_marks);
  if ((record->conditioned || record->transactional) && counter != (gint64) n_marks)
    g_error ("%s: a %s update was applied twice (counter %" G_GINT64_FORMAT ", %u marks)",
             record->id, record->conditioned ? "conditioned" : "transactional", counter, n_marks);
  if (counter - (gint64) n_marks > (gint64) extra_allowed)
    g_error ("%s: counter %" G_GINT64_FORMAT " with %u marks, more than the %u extra copies forwarded",
             record->id, counter, n_marks, extra_allowed);
  soak->double_applications += (guint) (counter - (gint64) n_marks);
}

static GHashTable *
read_table (Soak *soak)
{
  g_autoptr(DynanticScan) scan = dynantic_scan_new (SOAK_TYPE_ITEM, soak->direct);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  items = dynantic_read_all (DYNANTIC_READ (scan), NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    {
      g_autofree char *id = NULL;

      g_object_get (items->pdata[i], "id", &id, NULL);
      g_hash_table_insert (by_id, g_steal_pointer (&id), g_object_ref (items->pdata[i]));
    }
  return by_id;
}

/* The expectations for soak-check.py, as JSON. */
static void
add_values_json (JsonBuilder *builder,
                 SoakItem    *values)
{
  g_autofree char *name = NULL;
  g_auto(GStrv) tags = NULL;
  g_autoptr(GBytes) blob = NULL;
  g_autofree char *blob64 = NULL;
  g_autofree char *qty_text = NULL;
  char price[G_ASCII_DTOSTR_BUF_SIZE];
  double price_value;
  gint64 qty;
  gsize size = 0;
  gconstpointer data;

  g_object_get (values, "name", &name, "price", &price_value, "qty", &qty, "tags", &tags, "blob", &blob, NULL);
  data = g_bytes_get_data (blob, &size);
  blob64 = g_base64_encode (data, size);
  qty_text = g_strdup_printf ("%" G_GINT64_FORMAT, qty);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "price");
  json_builder_add_string_value (builder, g_ascii_dtostr (price, sizeof price, price_value));
  json_builder_set_member_name (builder, "qty");
  json_builder_add_string_value (builder, qty_text);
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    json_builder_add_string_value (builder, tags[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "blob");
  json_builder_add_string_value (builder, blob64);
  json_builder_end_object (builder);
}

static char *
expectations_json (Soak *soak)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint r = 0; r < soak->records->len; r++)
    {
      Record *record = soak->records->pdata[r];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, record->id);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, record->kind == KIND_COUNTER ? "counter" : "writes");
      json_builder_set_member_name (builder, "conditioned");
      json_builder_add_boolean_value (builder, record->conditioned);
      json_builder_set_member_name (builder, "writes");
      json_builder_begin_array (builder);
      for (guint i = 0; i < record->writes->len; i++)
        {
          Write *write = &g_array_index (record->writes, Write, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "ok");
          json_builder_add_boolean_value (builder, write->ok);
          json_builder_set_member_name (builder, "values");
          add_values_json (builder, write->values);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "updates");
      json_builder_begin_array (builder);
      for (guint k = 0; k < record->updates->len; k++)
        {
          Update *update = &g_array_index (record->updates, Update, k);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "marker");
          json_builder_add_string_value (builder, update->marker);
          json_builder_set_member_name (builder, "ok");
          json_builder_add_boolean_value (builder, update->ok);
          json_builder_set_member_name (builder, "forwarded");
          json_builder_add_int_value (builder, chaos_proxy_get_forwarded (soak->proxy, update->marker));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static void
check_with_boto3 (Soak *soak)
{
  g_autofree char *script = g_build_filename (test_source_root (), "tests", "soak-check.py", NULL);
  g_autofree char *json = expectations_json (soak);
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int fd = g_file_open_tmp ("soak-expect-XXXXXX.json", &path, &error);
  int status = 0;

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, json, -1, &error));
  {
    const char *argv[] = { "/usr/bin/python3", script, test_local_endpoint (), soak->table, path, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &out, &err, &status, &error));
  }
  g_assert_no_error (error);
  g_unlink (path);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("soak-check.py failed (seed %u):\n%s%s", soak->seed, out, err);
  g_test_message ("boto3: %s", g_strstrip (out));
}

/* The test ----------------------------------------------------------------- */

static void
create_table (Soak *soak)
{
  g_autoptr(GError) error = NULL;

  soak->table = test_unique_table_name ("soak");
  g_type_class_unref (g_type_class_ref (SOAK_TYPE_ITEM));
  dynantic_model_class_set_table (g_type_class_peek (SOAK_TYPE_ITEM), soak->table);
  dynantic_table_create (SOAK_TYPE_ITEM, soak->direct, NULL, &error);
  g_assert_no_error (error);
  dynantic_table_wait_until_active (SOAK_TYPE_ITEM, 30, soak->direct, NULL, &error);
  g_assert_no_error (error);
}

static void
report (Soak  *soak,
        guint  done,
        double elapsed)
{
  g_autoptr(GString) faults = g_string_new (NULL);
  g_autoptr(GString) codes = g_string_new (NULL);

  for (ChaosAction a = 0; a < CHAOS_N_ACTIONS; a++)
    g_string_append_printf (faults, "%s%s %u", a > 0 ? ", " : "", chaos_action_get_name (a),
                            chaos_proxy_get_count (soak->proxy, a));
  g_autoptr(GEnumClass) error_codes = g_type_class_ref (DYNANTIC_TYPE_ERROR);

  for (guint c = 0; c < G_N_ELEMENTS (soak->codes); c++)
    if (soak->codes[c] > 0)
      {
        GEnumValue *value = g_enum_get_value (error_codes, (gint) c);

        g_string_append_printf (codes, " %s %u", value != NULL ? value->value_nick : "?", soak->codes[c]);
      }
  g_test_message ("soak seed %u: %u items in %.0f s; %u writes (%u failed, %u of those stored; "
                  "%u batches, %u incomplete), %u updates (%u failed, %u of those applied); "
                  "%u double applications of unconditioned updates, 0 of conditioned ones",
                  soak->seed, done, elapsed, soak->writes, soak->writes_failed, soak->failed_but_stored,
                  soak->batches, soak->batches_failed,
                  soak->updates, soak->updates_failed, soak->updates_failed_but_applied,
                  soak->double_applications);
  g_test_message ("proxy: %s", faults->str);
  g_test_message ("failures by code:%s", codes->str);
}

static void
test_soak (void)
{
  Soak soak = { 0 };
  g_autoptr(GHashTable) stored = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 deadline;
  guint done = 0;

  soak.seed = env_uint ("DYNANTIC_SOAK_SEED", (guint) (g_get_real_time () % G_MAXUINT32));
  soak.n_items = env_uint ("DYNANTIC_SOAK_ITEMS", 5000);
  soak.seconds = env_uint ("DYNANTIC_SOAK_SECONDS", 600);
  deadline = start + (gint64) soak.seconds * G_TIME_SPAN_SECOND;
  /* the seed first, where a failure's log shows it */
  g_printerr ("# soak: DYNANTIC_SOAK_SEED=%u DYNANTIC_SOAK_ITEMS=%u\n", soak.seed, soak.n_items);
  g_test_message ("soak: DYNANTIC_SOAK_SEED=%u DYNANTIC_SOAK_ITEMS=%u", soak.seed, soak.n_items);

  soak.rand = g_rand_new_with_seed (soak.seed ^ 0x9e3779b9u);
  soak.records = g_ptr_array_new_with_free_func (record_free);
  soak.batch = g_ptr_array_new ();
  soak.batch_size = 10;
  soak.proxy = chaos_proxy_new (test_local_endpoint (), soak.seed, &schedule);
  chaos_proxy_set_marker_prefix (soak.proxy, "mark-");
  soak.direct = new_client (test_local_endpoint (), 60);
  soak.chaotic = new_client (chaos_proxy_get_url (soak.proxy), CLIENT_TIMEOUT);
  create_table (&soak);

  chaos_proxy_set_enabled (soak.proxy, TRUE);
  for (done = 0; done < soak.n_items && g_get_monotonic_time () < deadline; done++)
    g_ptr_array_add (soak.records, run_item (&soak, done));
  flush_batch (&soak);
  chaos_proxy_set_enabled (soak.proxy, FALSE);

  stored = read_table (&soak);
  for (guint r = 0; r < soak.records->len; r++)
    {
      Record *record = soak.records->pdata[r];
      SoakItem *item = g_hash_table_lookup (stored, record->id);

      if (record->kind == KIND_COUNTER)
        check_counter (&soak, record, item);
      else
        check_writes (&soak, record, item);
    }
  check_with_boto3 (&soak);
  report (&soak, done, (g_get_monotonic_time () - start) / (double) G_TIME_SPAN_SECOND);

  /* The run proves something only if the faults happened and were survived. */
  g_assert_cmpuint (done, >=, MIN (soak.n_items, 500));
  if (done >= 1000)
    for (ChaosAction a = 0; a < CHAOS_N_ACTIONS; a++)
      g_assert_cmpuint (chaos_proxy_get_count (soak.proxy, a), >, 0);
  g_assert_cmpuint (soak.writes_failed + soak.updates_failed, <, (soak.writes + soak.updates) / 4);

  {
    g_autoptr(GError) error = NULL;

    dynantic_table_delete (SOAK_TYPE_ITEM, soak.direct, NULL, &error);
    g_assert_no_error (error);
  }
  g_clear_object (&soak.chaotic);
  g_clear_object (&soak.direct);
  g_clear_pointer (&soak.proxy, chaos_proxy_free);
  g_ptr_array_unref (soak.records);
  g_ptr_array_unref (soak.batch);
  g_rand_free (soak.rand);
  g_free (soak.table);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/soak/chaos-proxy", test_soak);
  return g_test_run ();
}
