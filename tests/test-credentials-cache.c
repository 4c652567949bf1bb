/* test-credentials-cache.c: a client's credentials cache: one refresh at a
 * time shared by concurrent calls, the advisory and mandatory windows on a
 * fake clock, failures, cancellation, synchronous and asynchronous calls
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic.h"
#include "aws/dynantic-credentials-cache-private.h"

#define MINUTE G_TIME_SPAN_MINUTE
/* Midnight, 1 January 2030, UTC: the fake clock's start. */
#define T0 (G_GINT64_CONSTANT (1893456000) * G_USEC_PER_SEC)

static gint64 fake_now;
static GString *logged;  /* the library's messages (not its debug lines) */

static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  if ((level & G_LOG_LEVEL_MESSAGE) == 0)
    return (level & G_LOG_LEVEL_DEBUG) != 0 ? G_LOG_WRITER_HANDLED
                                            : g_log_writer_default (level, fields, n_fields, user_data);

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE"))
      g_string_append_printf (logged, "%s\n", (const char *) fields[i].value);
  return G_LOG_WRITER_HANDLED;
}

static void
assert_logged (const char *pattern)
{
  if (!g_pattern_match_simple (pattern, logged->str))
    g_error ("nothing logged matches “%s”; logged: “%s”", pattern, logged->str);
  g_string_truncate (logged, 0);
}

static gint64
fake_clock (gpointer data)
{
  return fake_now;
}

static DynanticCredentials *
credentials_expiring (const char *access_key_id,
                      gint64      expiration)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (expiration / G_USEC_PER_SEC);

  return dynantic_credentials_new_with_expiration (access_key_id, "secret", "token", when);
}

/* A provider whose asynchronous loads wait until the test ends them. */

#define TEST_TYPE_PENDING_PROVIDER (test_pending_provider_get_type ())
G_DECLARE_FINAL_TYPE (TestPendingProvider, test_pending_provider, TEST, PENDING_PROVIDER, DynanticCredentialsProvider)

struct _TestPendingProvider
{
  DynanticCredentialsProvider parent_instance;
  GQueue                      pending;   /* GTask */
  guint                       loads;
  guint                       cancelled;
};

G_DEFINE_FINAL_TYPE (TestPendingProvider, test_pending_provider, DYNANTIC_TYPE_CREDENTIALS_PROVIDER)

static void
pending_cancelled (GCancellable        *cancellable,
                   TestPendingProvider *self)
{
  self->cancelled++;
}

static void
pending_load_async (DynanticCredentialsProvider *provider,
                    GCancellable                *cancellable,
                    GAsyncReadyCallback          callback,
                    gpointer                     user_data)
{
  TestPendingProvider *self = TEST_PENDING_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_check_cancellable (task, FALSE);  /* a late answer still counts */
  self->loads++;
  if (cancellable != NULL)
    g_cancellable_connect (cancellable, G_CALLBACK (pending_cancelled), self, NULL);
  g_queue_push_tail (&self->pending, task);
}

static void
test_pending_provider_finalize (GObject *object)
{
  TestPendingProvider *self = TEST_PENDING_PROVIDER (object);

  g_queue_clear_full (&self->pending, g_object_unref);
  G_OBJECT_CLASS (test_pending_provider_parent_class)->finalize (object);
}

static void
test_pending_provider_class_init (TestPendingProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_pending_provider_finalize;
  DYNANTIC_CREDENTIALS_PROVIDER_CLASS (klass)->load_async = pending_load_async;
}

static void
test_pending_provider_init (TestPendingProvider *self)
{
  g_queue_init (&self->pending);
}

/* Ends the oldest pending load with @credentials (taken), or an error. */
static void
pending_complete (TestPendingProvider *self,
                  DynanticCredentials *credentials)
{
  g_autoptr(GTask) task = g_queue_pop_head (&self->pending);

  g_assert_nonnull (task);
  if (credentials != NULL)
    g_task_return_pointer (task, credentials, (GDestroyNotify) dynantic_credentials_unref);
  else
    g_task_return_new_error (task, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS, "the source is down");
}

/* Asynchronous gets. */

typedef struct {
  gboolean             done;
  DynanticCredentials *credentials;
  GError              *error;
} Got;

static void
got_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  Got *got = user_data;

  g_assert_null (source);
  got->credentials = dynantic_credentials_cache_get_finish (NULL, result, &got->error);
  got->done = TRUE;
}

static void
got_clear (Got *got)
{
  g_clear_pointer (&got->credentials, dynantic_credentials_unref);
  g_clear_error (&got->error);
  got->done = FALSE;
}

static void
iterate_pending (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static void
wait_for (Got *got)
{
  while (!got->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
assert_got (Got        *got,
            const char *access_key_id)
{
  g_assert_true (got->done);
  g_assert_no_error (got->error);
  g_assert_nonnull (got->credentials);
  g_assert_cmpstr (dynantic_credentials_get_access_key_id (got->credentials), ==, access_key_id);
}

typedef struct {
  TestPendingProvider      *provider;
  DynanticCredentialsCache *cache;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  fake_now = T0;
  g_string_truncate (logged, 0);
  f->provider = g_object_new (TEST_TYPE_PENDING_PROVIDER, NULL);
  f->cache = dynantic_credentials_cache_new (DYNANTIC_CREDENTIALS_PROVIDER (f->provider));
  dynantic_credentials_cache_set_clock (f->cache, fake_clock, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  iterate_pending ();
  g_assert_cmpuint (f->provider->pending.length, ==, 0);
  g_assert_cmpstr (logged->str, ==, "");
  g_clear_pointer (&f->cache, dynantic_credentials_cache_unref);
  g_clear_object (&f->provider);
}

/* Loads the first credentials, expiring at T0 + @lifetime. */
static void
first_load (Fixture *f,
            gint64   lifetime)
{
  Got got = { 0 };

  dynantic_credentials_cache_get_async (f->cache, NULL, got_cb, &got);
  iterate_pending ();
  pending_complete (f->provider, credentials_expiring ("AKIDFIRST", T0 + lifetime));
  wait_for (&got);
  assert_got (&got, "AKIDFIRST");
  got_clear (&got);
}

/* Calls that need credentials while a load is in flight wait for it: one
 * load for all. */
static void
test_concurrent_first_load (Fixture       *f,
                            gconstpointer  data)
{
  Got got[3] = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (got); i++)
    dynantic_credentials_cache_get_async (f->cache, NULL, got_cb, &got[i]);
  iterate_pending ();
  g_assert_cmpuint (f->provider->loads, ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (got); i++)
    g_assert_false (got[i].done);

  pending_complete (f->provider, credentials_expiring ("AKIDFIRST", T0 + 60 * MINUTE));
  for (guint i = 0; i < G_N_ELEMENTS (got); i++)
    {
      wait_for (&got[i]);
      assert_got (&got[i], "AKIDFIRST");
      got_clear (&got[i]);
    }
  g_assert_cmpuint (dynantic_credentials_cache_get_refreshes (f->cache), ==, 1);

  /* Fresh: no load, no wait. */
  {
    g_autoptr(DynanticCredentials) fresh = dynantic_credentials_cache_get_fresh (f->cache);

    g_assert_nonnull (fresh);
    g_assert_cmpstr (dynantic_credentials_get_access_key_id (fresh), ==, "AKIDFIRST");
  }
  g_assert_cmpuint (f->provider->loads, ==, 1);
}

/* In the advisory window (15 to 10 minutes before expiry) calls go on with
 * the current credentials while one refresh runs in the background. */
static void
test_advisory_window (Fixture       *f,
                      gconstpointer  data)
{
  Got got[2] = { 0 };

  first_load (f, 60 * MINUTE);
  fake_now = T0 + 46 * MINUTE;
  g_assert_null (dynantic_credentials_cache_get_fresh (f->cache));

  for (guint i = 0; i < G_N_ELEMENTS (got); i++)
    {
      dynantic_credentials_cache_get_async (f->cache, NULL, got_cb, &got[i]);
      wait_for (&got[i]);
      assert_got (&got[i], "AKIDFIRST");
      got_clear (&got[i]);
    }
  g_assert_cmpuint (f->provider->loads, ==, 2);
  g_assert_cmpuint (f->provider->pending.length, ==, 1);

  pending_complete (f->provider, credentials_expiring ("AKIDSECOND", T0 + 120 * MINUTE));
  iterate_pending ();
  {
    g_autoptr(DynanticCredentials) fresh = dynantic_credentials_cache_get_fresh (f->cache);

    g_assert_nonnull (fresh);
    g_assert_cmpstr (dynantic_credentials_get_access_key_id (fresh), ==, "AKIDSECOND");
  }
  g_assert_cmpuint (dynantic_credentials_cache_get_refreshes (f->cache), ==, 2);
}

/* A failed advisory refresh is logged; the current credentials are used,
 * and the source is not asked again for a minute. */
static void
test_advisory_failure (Fixture       *f,
                       gconstpointer  data)
{
  Got got = { 0 };

  first_load (f, 60 * MINUTE);
  fake_now = T0 + 46 * MINUTE;

  dynantic_credentials_cache_get_async (f->cache, NULL, got_cb, &got);
  wait_for (&got);
  assert_got (&got, "AKIDFIRST");
  got_clear (&got);

  pending_complete (f->provider, NULL);
  iterate_pending ();
  assert_logged ("*advisory refresh window*the source is down*");

  fake_now += MINUTE / 2;
  dynantic_credentials_cache_get_async (f->cache, NULL, got_cb, &got);
  wait_for (&got);
  assert_got (&got, "AKIDFIRST");
  got_clear (&got);
  g_assert_cmpuint (f->provider->loads, ==, 2);

  fake_now += MINUTE;
  dynantic_credentials_cache_get_async (f->cache, NULL, got_cb, &got);
  wait_for (&got);
  assert_got (&got, "AKIDFIRST");
  got_clear (&got);
  g_assert_cmpuint (f->provider->loads, ==, 3);
  pending_complete (f->provider, credentials_expiring ("AKIDSECOND", T0 + 120 * MINUTE));
}

/* In the mandatory window (the last 10 minutes) calls wait for the
 * refresh; when it fails, they carry on with the credentials while they
 * have not expired, and fail once they have. */
static void
test_mandatory_window (Fixture       *f,
                       gconstpointer  data)
{
  Got got = { 0 };

  first_load (f, 60 * MINUTE);
  fake_now = T0 + 52 * MINUTE;

  dynantic_credentials_cache_get_async (f->cache, NULL, got_cb, &got);
  iterate_pending ();
  g_assert_false (got.done);
  g_assert_cmpuint (f->provider->loads, ==, 2);
  pending_complete (f->provider, credentials_expiring ("AKIDSECOND", T0 + 120 * MINUTE));
  wait_for (&got);
  assert_got (&got, "AKIDSECOND");
  got_clear (&got);

  /* A failure with valid credentials: logged, and they are used. */
  fake_now = T0 + 112 * MINUTE;
  dynantic_credentials_cache_get_async (f->cache, NULL, got_cb, &got);
  iterate_pending ();
  g_assert_false (got.done);
  pending_complete (f->provider, NULL);
  wait_for (&got);
  assert_logged ("*mandatory refresh window*the source is down*");
  assert_got (&got, "AKIDSECOND");
  got_clear (&got);

  /* Expired: the failure is the call's. */
  fake_now = T0 + 121 * MINUTE;
  dynantic_credentials_cache_get_async (f->cache, NULL, got_cb, &got);
  iterate_pending ();
  pending_complete (f->provider, NULL);
  wait_for (&got);
  g_assert_error (got.error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS);
  g_assert_null (got.credentials);
  got_clear (&got);
}

/* A provider that gives credentials already expired fails the call. */
static void
test_expired_from_provider (Fixture       *f,
                            gconstpointer  data)
{
  Got got = { 0 };

  dynantic_credentials_cache_get_async (f->cache, NULL, got_cb, &got);
  iterate_pending ();
  pending_complete (f->provider, credentials_expiring ("AKIDSTALE", T0 - MINUTE));
  wait_for (&got);
  g_assert_error (got.error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS);
  g_assert_true (strstr (got.error->message, "already expired") != NULL);
  got_clear (&got);
}

/* A waiting call leaves as soon as it is cancelled, whatever the provider
 * does; the load is cancelled when no call waits for it any more. */
static void
test_waiter_cancelled (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GCancellable) first = g_cancellable_new ();
  g_autoptr(GCancellable) second = g_cancellable_new ();
  Got got[2] = { 0 };

  dynantic_credentials_cache_get_async (f->cache, first, got_cb, &got[0]);
  dynantic_credentials_cache_get_async (f->cache, second, got_cb, &got[1]);
  iterate_pending ();
  g_assert_cmpuint (f->provider->loads, ==, 1);

  g_cancellable_cancel (first);
  wait_for (&got[0]);
  g_assert_error (got[0].error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (f->provider->cancelled, ==, 0);  /* the second still waits */
  g_assert_false (got[1].done);

  g_cancellable_cancel (second);
  wait_for (&got[1]);
  g_assert_error (got[1].error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (f->provider->cancelled, ==, 1);

  /* The provider ends its load late: nobody is left, the cache keeps them. */
  pending_complete (f->provider, credentials_expiring ("AKIDLATE", T0 + 60 * MINUTE));
  iterate_pending ();
  {
    g_autoptr(DynanticCredentials) fresh = dynantic_credentials_cache_get_fresh (f->cache);

    g_assert_nonnull (fresh);
    g_assert_cmpstr (dynantic_credentials_get_access_key_id (fresh), ==, "AKIDLATE");
  }
  got_clear (&got[0]);
  got_clear (&got[1]);
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* A background refresh nobody waits for is bounded by the refresh
 * timeout; the failure makes the next one wait a minute. */
static void
test_background_timeout (Fixture       *f,
                         gconstpointer  data)
{
  Got got = { 0 };
  gboolean guard = FALSE;
  guint guard_id;

  first_load (f, 60 * MINUTE);
  dynantic_credentials_cache_set_refresh_timeout (f->cache, 20 * G_TIME_SPAN_MILLISECOND);
  fake_now = T0 + 46 * MINUTE;

  dynantic_credentials_cache_get_async (f->cache, NULL, got_cb, &got);
  wait_for (&got);
  assert_got (&got, "AKIDFIRST");
  got_clear (&got);

  guard_id = g_timeout_add_seconds (20, set_flag, &guard);
  while (f->provider->cancelled == 0 && !guard)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (guard);
  g_source_remove (guard_id);

  {
    g_autoptr(GTask) task = g_queue_pop_head (&f->provider->pending);

    g_task_return_error_if_cancelled (task);
  }
  iterate_pending ();
  assert_logged ("*did not give credentials in time*");
  g_assert_cmpuint (f->provider->loads, ==, 2);
}

/* Synchronous calls from several threads share one load. */

#define TEST_TYPE_GATED_PROVIDER (test_gated_provider_get_type ())
G_DECLARE_FINAL_TYPE (TestGatedProvider, test_gated_provider, TEST, GATED_PROVIDER, DynanticCredentialsProvider)

struct _TestGatedProvider
{
  DynanticCredentialsProvider parent_instance;
  GMutex                      lock;
  GCond                       cond;
  gboolean                    open;
  guint                       loads;
};

G_DEFINE_FINAL_TYPE (TestGatedProvider, test_gated_provider, DYNANTIC_TYPE_CREDENTIALS_PROVIDER)

static DynanticCredentials *
gated_load (DynanticCredentialsProvider  *provider,
            GCancellable                 *cancellable,
            GError                      **error)
{
  TestGatedProvider *self = TEST_GATED_PROVIDER (provider);
  guint load;

  g_mutex_lock (&self->lock);
  load = ++self->loads;
  g_cond_broadcast (&self->cond);
  while (!self->open)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  if (load > 1)
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS, "loaded twice");
      return NULL;
    }
  return credentials_expiring ("AKIDGATED", T0 + 60 * MINUTE);
}

static void
test_gated_provider_class_init (TestGatedProviderClass *klass)
{
  DYNANTIC_CREDENTIALS_PROVIDER_CLASS (klass)->load = gated_load;
}

static void
test_gated_provider_init (TestGatedProvider *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
}

static gpointer
sync_get (gpointer data)
{
  g_autoptr(GError) error = NULL;
  DynanticCredentials *credentials = dynantic_credentials_cache_get (data, NULL, &error);

  g_assert_no_error (error);
  return credentials;
}

static void
test_sync_threads_share (void)
{
  g_autoptr(TestGatedProvider) provider = g_object_new (TEST_TYPE_GATED_PROVIDER, NULL);
  g_autoptr(DynanticCredentialsCache) cache =
    dynantic_credentials_cache_new (DYNANTIC_CREDENTIALS_PROVIDER (provider));
  GThread *threads[4];

  fake_now = T0;
  dynantic_credentials_cache_set_clock (cache, fake_clock, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("get", sync_get, cache);

  /* The first load has started; let the other threads reach the cache. */
  g_mutex_lock (&provider->lock);
  while (provider->loads == 0)
    g_cond_wait (&provider->cond, &provider->lock);
  g_mutex_unlock (&provider->lock);
  g_usleep (50 * G_TIME_SPAN_MILLISECOND);  /* scheduling only: the assertions hold for any interleaving */

  g_mutex_lock (&provider->lock);
  provider->open = TRUE;
  g_cond_broadcast (&provider->cond);
  g_mutex_unlock (&provider->lock);

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_autoptr(DynanticCredentials) credentials = g_thread_join (threads[i]);

      g_assert_cmpstr (dynantic_credentials_get_access_key_id (credentials), ==, "AKIDGATED");
    }
  g_assert_cmpuint (provider->loads, ==, 1);
  g_assert_cmpuint (dynantic_credentials_cache_get_refreshes (cache), ==, 1);
}

/* A synchronous call waiting for another thread's load leaves when it is
 * cancelled. */
static gpointer
cancel_soon (gpointer data)
{
  g_usleep (20 * G_TIME_SPAN_MILLISECOND);
  g_cancellable_cancel (data);
  return NULL;
}

static void
test_sync_waiter_cancelled (void)
{
  g_autoptr(TestGatedProvider) provider = g_object_new (TEST_TYPE_GATED_PROVIDER, NULL);
  g_autoptr(DynanticCredentialsCache) cache =
    dynantic_credentials_cache_new (DYNANTIC_CREDENTIALS_PROVIDER (provider));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DynanticCredentials) none = NULL;
  GThread *loader, *canceller;

  fake_now = T0;
  dynantic_credentials_cache_set_clock (cache, fake_clock, NULL);
  loader = g_thread_new ("load", sync_get, cache);
  g_mutex_lock (&provider->lock);
  while (provider->loads == 0)
    g_cond_wait (&provider->cond, &provider->lock);
  g_mutex_unlock (&provider->lock);

  canceller = g_thread_new ("cancel", cancel_soon, cancellable);
  none = dynantic_credentials_cache_get (cache, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (none);
  g_thread_join (canceller);

  g_mutex_lock (&provider->lock);
  provider->open = TRUE;
  g_cond_broadcast (&provider->cond);
  g_mutex_unlock (&provider->lock);
  dynantic_credentials_unref (g_thread_join (loader));
  g_assert_cmpuint (provider->loads, ==, 1);
}

#define add_fixture_test(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  logged = g_string_new (NULL);
  g_log_set_writer_func (log_writer, NULL, NULL);

  add_fixture_test ("/credentials-cache/concurrent-first-load", test_concurrent_first_load);
  add_fixture_test ("/credentials-cache/advisory-window", test_advisory_window);
  add_fixture_test ("/credentials-cache/advisory-failure", test_advisory_failure);
  add_fixture_test ("/credentials-cache/mandatory-window", test_mandatory_window);
  add_fixture_test ("/credentials-cache/expired-from-provider", test_expired_from_provider);
  add_fixture_test ("/credentials-cache/waiter-cancelled", test_waiter_cancelled);
  add_fixture_test ("/credentials-cache/background-timeout", test_background_timeout);
  g_test_add_func ("/credentials-cache/sync/threads-share", test_sync_threads_share);
  g_test_add_func ("/credentials-cache/sync/waiter-cancelled", test_sync_waiter_cancelled);

  return g_test_run ();
}
