/* dynantic-credentials-cache.c: a client's credentials, loaded once and
 * refreshed ahead of their expiry, one refresh at a time
 *
 * The windows are the AWS SDKs' (botocore's RefreshableCredentials): 15
 * minutes before credentials expire a refresh starts while calls go on
 * signing with them (advisory); 10 minutes before, calls wait for it
 * (mandatory). A refresh that fails while the credentials have not expired
 * is logged and the credentials are used until they do. Unlike botocore, an
 * asynchronous call never runs an advisory refresh itself: it starts one in
 * the background and goes on at once.
 *
 * Every refresh is one Refresh: calls that need fresh credentials while one
 * is in flight wait for it instead of starting their own. The cache's lock
 * guards the state only; it is never held while a provider loads.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "dynantic-credentials-cache-private.h"
#include "dynantic-error.h"
#include "dynantic-i18n-private.h"

/* The bound of a refresh nobody waits for, unless told otherwise: the
 * client's default timeout. */
#define DEFAULT_REFRESH_TIMEOUT (60 * G_TIME_SPAN_SECOND)

typedef struct _Refresh Refresh;

struct _DynanticCredentialsCache
{
  gatomicrefcount              ref_count;
  DynanticCredentialsProvider *provider;
  GTimeSpan                    refresh_timeout;   /* of a refresh nobody waits for; 0: none */
  DynanticCredentialsClock     clock;
  gpointer                     clock_data;

  GMutex                       lock;
  GCond                        changed;           /* a refresh ended, or a waiter was cancelled */
  DynanticCredentials         *credentials;       /* the last loaded, or NULL */
  gint64                       expiration;        /* theirs, real time in µs; G_MAXINT64: never */
  gint64                       next_refresh;      /* while they last, no refresh starts before */
  Refresh                     *refresh;           /* the one in flight, or NULL */
  guint                        refreshes;
};

struct _Refresh
{
  gatomicrefcount           ref_count;
  DynanticCredentialsCache *cache;
  GCancellable             *cancellable;      /* cancels the provider's load */
  GMainContext             *context;          /* an asynchronous refresh's; NULL: synchronous */
  GSource                  *timeout_source;   /* bounds a refresh nobody waits for */
  gboolean                  advisory;         /* started while the credentials were good */
  guint                     n_waiters;        /* calls waiting for it, sync and async */
  GList                    *tasks;            /* the asynchronous ones' GTasks (owned) */
  gboolean                  done;
  DynanticCredentials      *result;
  GError                   *error;
};

typedef enum {
  CACHE_USE,         /* sign with the cached credentials */
  CACHE_ADVISORY,    /* sign with them, refresh in the background */
  CACHE_MUST_WAIT,   /* fresh credentials are needed first */
} CacheState;

static gint64
real_time (gpointer data)
{
  return g_get_real_time ();
}

DynanticCredentialsCache *
dynantic_credentials_cache_new (DynanticCredentialsProvider *provider)
{
  DynanticCredentialsCache *self = g_new0 (DynanticCredentialsCache, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->provider = g_object_ref (provider);
  self->clock = real_time;
  self->refresh_timeout = DEFAULT_REFRESH_TIMEOUT;
  g_mutex_init (&self->lock);
  g_cond_init (&self->changed);

  return self;
}

DynanticCredentialsCache *
dynantic_credentials_cache_ref (DynanticCredentialsCache *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
dynantic_credentials_cache_unref (DynanticCredentialsCache *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_assert (self->refresh == NULL);  /* a refresh holds a reference */
  g_clear_object (&self->provider);
  g_clear_pointer (&self->credentials, dynantic_credentials_unref);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->changed);
  g_free (self);
}

void
dynantic_credentials_cache_set_refresh_timeout (DynanticCredentialsCache *self,
                                                GTimeSpan                 timeout)
{
  self->refresh_timeout = timeout;
}

void
dynantic_credentials_cache_set_clock (DynanticCredentialsCache *self,
                                      DynanticCredentialsClock  clock,
                                      gpointer                  data)
{
  self->clock = clock;
  self->clock_data = data;
}

guint
dynantic_credentials_cache_get_refreshes (DynanticCredentialsCache *self)
{
  guint refreshes;

  g_mutex_lock (&self->lock);
  refreshes = self->refreshes;
  g_mutex_unlock (&self->lock);

  return refreshes;
}

static gint64
expiration_of (DynanticCredentials *credentials)
{
  GDateTime *expiration = dynantic_credentials_get_expiration (credentials);

  if (expiration == NULL)
    return G_MAXINT64;
  return g_date_time_to_unix (expiration) * G_USEC_PER_SEC + g_date_time_get_microsecond (expiration);
}

/* Under the lock. */
static gboolean
cached_are_fresh (DynanticCredentialsCache *self,
                  gint64                    now)
{
  return self->credentials != NULL &&
         (self->expiration == G_MAXINT64 || now < self->expiration - DYNANTIC_CREDENTIALS_ADVISORY_WINDOW);
}

/* Under the lock. */
static gboolean
cached_are_valid (DynanticCredentialsCache *self,
                  gint64                    now)
{
  return self->credentials != NULL && now < self->expiration;
}

/* Under the lock: what a call does with the cache as it is. */
static CacheState
cache_state (DynanticCredentialsCache *self,
             gint64                    now)
{
  if (cached_are_fresh (self, now))
    return CACHE_USE;
  if (!cached_are_valid (self, now))
    return CACHE_MUST_WAIT;
  if (now < self->next_refresh)
    return CACHE_USE;
  if (now < self->expiration - DYNANTIC_CREDENTIALS_MANDATORY_WINDOW)
    return self->refresh != NULL ? CACHE_USE : CACHE_ADVISORY;
  return CACHE_MUST_WAIT;
}

DynanticCredentials *
dynantic_credentials_cache_get_fresh (DynanticCredentialsCache *self)
{
  DynanticCredentials *credentials = NULL;

  g_mutex_lock (&self->lock);
  if (cached_are_fresh (self, self->clock (self->clock_data)))
    credentials = dynantic_credentials_ref (self->credentials);
  g_mutex_unlock (&self->lock);

  return credentials;
}

/* Refreshes. */

static Refresh *
refresh_ref (Refresh *refresh)
{
  g_atomic_ref_count_inc (&refresh->ref_count);
  return refresh;
}

static void
refresh_unref (Refresh *refresh)
{
  if (!g_atomic_ref_count_dec (&refresh->ref_count))
    return;

  g_assert (refresh->tasks == NULL);
  if (refresh->timeout_source != NULL)
    g_source_destroy (refresh->timeout_source);
  g_clear_pointer (&refresh->timeout_source, g_source_unref);
  g_clear_object (&refresh->cancellable);
  g_clear_pointer (&refresh->context, g_main_context_unref);
  g_clear_pointer (&refresh->result, dynantic_credentials_unref);
  g_clear_error (&refresh->error);
  dynantic_credentials_cache_unref (refresh->cache);
  g_free (refresh);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Refresh, refresh_unref)

/* Under the lock: the refresh in flight from now on, whose reference
 * belongs to the cache (transfer none: callers take their own). */
static Refresh *
refresh_start (DynanticCredentialsCache *self,
               gboolean                  asynchronous,
               gboolean                  advisory)
{
  Refresh *refresh = g_new0 (Refresh, 1);

  g_atomic_ref_count_init (&refresh->ref_count);
  refresh->cache = dynantic_credentials_cache_ref (self);
  refresh->cancellable = g_cancellable_new ();
  refresh->context = asynchronous ? g_main_context_ref_thread_default () : NULL;
  refresh->advisory = advisory;

  self->refresh = refresh;
  self->refreshes++;
  g_debug ("credentials: %s refresh from %s", advisory ? "advisory" : "required",
           G_OBJECT_TYPE_NAME (self->provider));

  return refresh;
}

/* Under the lock: a load's outcome becomes the cache's. */
static void
cache_store (DynanticCredentialsCache  *self,
             gboolean                   advisory,
             DynanticCredentials      **credentials,
             GError                   **error)
{
  gint64 now = self->clock (self->clock_data);
  gint64 expiration = *credentials != NULL ? expiration_of (*credentials) : 0;

  if (*credentials != NULL && expiration <= now)
    {
      g_clear_pointer (credentials, dynantic_credentials_unref);
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                   /* Translators: %s is the GType name of a credentials provider, a class name to keep as it
                    * is */
                   _("The credentials provider %s gave credentials that have already expired"),
                   G_OBJECT_TYPE_NAME (self->provider));
    }

  if (*credentials != NULL)
    {
      g_clear_pointer (&self->credentials, dynantic_credentials_unref);
      self->credentials = dynantic_credentials_ref (*credentials);
      self->expiration = expiration;
      self->next_refresh = cached_are_fresh (self, now) ? 0 : now + DYNANTIC_CREDENTIALS_ADVISORY_RETRY;
      return;
    }

  /* abandoned, not failed: the next call tries again at once */
  if (g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->next_refresh = now + DYNANTIC_CREDENTIALS_ADVISORY_RETRY;
  if (cached_are_valid (self, now))
    g_message ("Refreshing credentials failed during the %s refresh window; using the current "
               "ones until they expire: %s", advisory ? "advisory" : "mandatory", (*error)->message);
}

static void task_complete (GTask   *task,
                           Refresh *refresh);

/* The refresh has its outcome: every call that waits gets it. */
static void
refresh_finish (Refresh             *refresh,
                DynanticCredentials *credentials,
                GError              *error)
{
  DynanticCredentialsCache *self = refresh->cache;
  GList *tasks;

  if (refresh->timeout_source != NULL)
    g_source_destroy (refresh->timeout_source);

  g_mutex_lock (&self->lock);
  cache_store (self, refresh->advisory, &credentials, &error);
  refresh->result = credentials;
  refresh->error = error;
  refresh->done = TRUE;
  tasks = g_steal_pointer (&refresh->tasks);
  if (self->refresh == refresh)
    {
      self->refresh = NULL;
      refresh_unref (refresh);  /* the cache's; the caller holds another */
    }
  g_cond_broadcast (&self->changed);
  g_mutex_unlock (&self->lock);

  for (GList *l = tasks; l != NULL; l = l->next)
    task_complete (l->data, refresh);
  g_list_free_full (tasks, g_object_unref);
}

/* What a call that waited for @refresh signs with: its credentials, else
 * the cached ones while they last. FALSE (and no @error) when the refresh was
 * abandoned by another call and the caller should try again. */
static gboolean
refresh_outcome (Refresh              *refresh,
                 GCancellable         *cancellable,
                 DynanticCredentials **credentials,
                 GError              **error)
{
  DynanticCredentialsCache *self = refresh->cache;
  gboolean settled = TRUE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return TRUE;

  g_mutex_lock (&self->lock);
  if (refresh->result != NULL)
    *credentials = dynantic_credentials_ref (refresh->result);
  else if (cached_are_valid (self, self->clock (self->clock_data)))
    *credentials = dynantic_credentials_ref (self->credentials);
  else if (g_error_matches (refresh->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    settled = FALSE;
  else
    g_propagate_error (error, g_error_copy (refresh->error));
  g_mutex_unlock (&self->lock);

  return settled;
}

/* A waiter leaves before the end: an asynchronous refresh that nobody waits
 * for any more is cancelled (a credential_process is ended), unless it is
 * an advisory one, which has a timeout of its own. */
static gboolean
refresh_leave_locked (Refresh *refresh)
{
  refresh->n_waiters--;
  return refresh->n_waiters == 0 && !refresh->done && !refresh->advisory && refresh->context != NULL;
}

/* Synchronous calls. */

static void
wake_waiters (GCancellable             *cancellable,
              DynanticCredentialsCache *self)
{
  g_mutex_lock (&self->lock);
  g_cond_broadcast (&self->changed);
  g_mutex_unlock (&self->lock);
}

static void
wait_for_refresh (Refresh      *refresh,
                  GCancellable *cancellable)
{
  DynanticCredentialsCache *self = refresh->cache;
  gboolean cancel_refresh;
  gulong handler = 0;

  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (wake_waiters), self, NULL);

  g_mutex_lock (&self->lock);
  while (!refresh->done && !g_cancellable_is_cancelled (cancellable))
    g_cond_wait (&self->changed, &self->lock);
  cancel_refresh = refresh_leave_locked (refresh);
  g_mutex_unlock (&self->lock);

  if (cancel_refresh)
    g_cancellable_cancel (refresh->cancellable);
  g_cancellable_disconnect (cancellable, handler);
}

static void
cancel_refresh_cb (GCancellable *cancellable,
                   GCancellable *refresh_cancellable)
{
  g_cancellable_cancel (refresh_cancellable);
}

/* A synchronous refresh runs in its caller's thread and ends when the
 * caller cancels; the calls waiting for it then start another. */
static void
refresh_run_sync (Refresh      *refresh,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  DynanticCredentials *credentials;
  gulong handler = 0;

  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (cancel_refresh_cb),
                                     g_object_ref (refresh->cancellable), g_object_unref);
  credentials = dynantic_credentials_provider_load (refresh->cache->provider, refresh->cancellable, &error);
  g_cancellable_disconnect (cancellable, handler);

  refresh_finish (refresh, credentials, error);
}

/* A synchronous call in the thread whose main context runs the refresh in
 * flight cannot wait for it (that context does not run while the call
 * blocks): it loads on its own, and keeps what it got. */
static DynanticCredentials *
load_alone (DynanticCredentialsCache  *self,
            GCancellable              *cancellable,
            GError                   **error)
{
  GError *local_error = NULL;
  DynanticCredentials *credentials;

  g_debug ("credentials: a synchronous call in the thread of the refresh in flight loads on its own");
  credentials = dynantic_credentials_provider_load (self->provider, cancellable, &local_error);

  g_mutex_lock (&self->lock);
  self->refreshes++;
  cache_store (self, FALSE, &credentials, &local_error);
  g_mutex_unlock (&self->lock);

  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return credentials;
}

DynanticCredentials *
dynantic_credentials_cache_get (DynanticCredentialsCache  *self,
                                GCancellable              *cancellable,
                                GError                   **error)
{
  for (;;)
    {
      g_autoptr(Refresh) refresh = NULL;
      DynanticCredentials *credentials = NULL;
      gboolean runs_it = FALSE;

      g_mutex_lock (&self->lock);
      switch (cache_state (self, self->clock (self->clock_data)))
        {
        case CACHE_USE:
          credentials = dynantic_credentials_ref (self->credentials);
          break;
        case CACHE_ADVISORY:
          /* as botocore: the call that finds them near expiry refreshes them */
          refresh = refresh_ref (refresh_start (self, FALSE, TRUE));
          runs_it = TRUE;
          break;
        case CACHE_MUST_WAIT:
        default:
          if (self->refresh == NULL)
            {
              refresh = refresh_ref (refresh_start (self, FALSE, FALSE));
              runs_it = TRUE;
            }
          else if (self->refresh->context != NULL && g_main_context_is_owner (self->refresh->context))
            {
              g_mutex_unlock (&self->lock);
              return load_alone (self, cancellable, error);
            }
          else
            {
              refresh = refresh_ref (self->refresh);
              refresh->n_waiters++;
            }
          break;
        }
      g_mutex_unlock (&self->lock);

      if (credentials != NULL)
        return credentials;

      if (runs_it)
        refresh_run_sync (refresh, cancellable);
      else
        wait_for_refresh (refresh, cancellable);

      if (refresh_outcome (refresh, cancellable, &credentials, error))
        return credentials;
    }
}

/* Asynchronous calls. */

/* An asynchronous call's GTask data. */
typedef struct {
  DynanticCredentialsCache *cache;
  Refresh                  *refresh;        /* the one it waits for, or NULL */
  GSource                  *cancel_source;  /* while it waits */
} AsyncGet;

static void
async_get_free (AsyncGet *get)
{
  g_assert (get->refresh == NULL && get->cancel_source == NULL);
  dynantic_credentials_cache_unref (get->cache);
  g_free (get);
}

static void cache_get_step (GTask *task);

static void
return_credentials (GTask               *task,
                    DynanticCredentials *credentials)
{
  g_task_return_pointer (task, credentials, (GDestroyNotify) dynantic_credentials_unref);
}

static gboolean
step_again (gpointer data)
{
  cache_get_step (data);
  return G_SOURCE_REMOVE;
}

/* @refresh ended: @task gets its outcome, or starts over, in its own
 * context, when the refresh was abandoned. Called by the thread that ended
 * the refresh, which owns @task's reference from the refresh's list. */
static void
task_complete (GTask   *task,
               Refresh *refresh)
{
  AsyncGet *get = g_task_get_task_data (task);
  DynanticCredentials *credentials = NULL;
  GError *error = NULL;
  GSource *cancel_source;
  Refresh *waited;

  /* task_cancelled() may look at them from the task's thread */
  g_mutex_lock (&get->cache->lock);
  cancel_source = g_steal_pointer (&get->cancel_source);
  waited = g_steal_pointer (&get->refresh);
  g_mutex_unlock (&get->cache->lock);
  if (cancel_source != NULL)
    g_source_destroy (cancel_source);
  g_clear_pointer (&cancel_source, g_source_unref);
  g_clear_pointer (&waited, refresh_unref);

  if (refresh_outcome (refresh, g_task_get_cancellable (task), &credentials, &error))
    {
      if (credentials != NULL)
        return_credentials (task, credentials);
      else
        g_task_return_error (task, error);
      return;
    }

  {
    g_autoptr(GSource) source = g_idle_source_new ();

    g_source_set_callback (source, step_again, g_object_ref (task), g_object_unref);
    g_source_attach (source, g_task_get_context (task));
  }
}

/* The waiting call's cancellable fired, in its context: it leaves at once,
 * whatever the provider does. */
static gboolean
task_cancelled (GCancellable *cancellable,
                GTask        *task)
{
  AsyncGet *get = g_task_get_task_data (task);
  DynanticCredentialsCache *self = get->cache;
  g_autoptr(Refresh) refresh = NULL;
  g_autoptr(GSource) cancel_source = NULL;
  gboolean cancel_refresh = FALSE;
  GList *link = NULL;

  g_mutex_lock (&self->lock);
  if (get->refresh != NULL && (link = g_list_find (get->refresh->tasks, task)) != NULL)
    {
      refresh = g_steal_pointer (&get->refresh);
      cancel_source = g_steal_pointer (&get->cancel_source);
      refresh->tasks = g_list_delete_link (refresh->tasks, link);
      cancel_refresh = refresh_leave_locked (refresh);
    }
  g_mutex_unlock (&self->lock);

  if (refresh == NULL)
    return G_SOURCE_REMOVE;  /* the refresh ended first and completes the task */

  if (cancel_refresh)
    g_cancellable_cancel (refresh->cancellable);

  g_task_return_error_if_cancelled (task);
  g_object_unref (task);  /* the refresh list's */

  return G_SOURCE_REMOVE;
}

/* Under the lock: @task waits for @refresh. */
static void
task_wait_locked (GTask   *task,
                  Refresh *refresh)
{
  AsyncGet *get = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  get->refresh = refresh_ref (refresh);
  refresh->tasks = g_list_prepend (refresh->tasks, g_object_ref (task));
  refresh->n_waiters++;

  if (cancellable != NULL)
    {
      get->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (get->cancel_source, G_SOURCE_FUNC (task_cancelled),
                             g_object_ref (task), g_object_unref);
      g_source_attach (get->cancel_source, g_task_get_context (task));
    }
}

static void
refresh_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Refresh) refresh = user_data;
  GError *error = NULL;
  DynanticCredentials *credentials;

  credentials = dynantic_credentials_provider_load_finish (DYNANTIC_CREDENTIALS_PROVIDER (source), result, &error);
  if (credentials == NULL && refresh->timeout_source != NULL &&
      g_source_is_destroyed (refresh->timeout_source) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&error);
      g_set_error (&error, DYNANTIC_ERROR, DYNANTIC_ERROR_TIMEOUT,
                   /* Translators: %s is the GType name of a credentials provider, a class name to keep as it
                    * is */
                   _("The credentials provider %s did not give credentials in time"),
                   G_OBJECT_TYPE_NAME (source));
    }

  refresh_finish (refresh, credentials, error);
}

static gboolean
refresh_timed_out (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

/* Starts the provider's load of an asynchronous refresh, in the caller's
 * context. An advisory refresh, which no call waits for, is bounded by the
 * cache's refresh timeout. */
static void
refresh_run_async (Refresh *refresh)
{
  DynanticCredentialsCache *self = refresh->cache;

  if (refresh->advisory && self->refresh_timeout > 0)
    {
      refresh->timeout_source = g_timeout_source_new (self->refresh_timeout / G_TIME_SPAN_MILLISECOND);
      g_source_set_callback (refresh->timeout_source, refresh_timed_out,
                             g_object_ref (refresh->cancellable), g_object_unref);
      g_source_attach (refresh->timeout_source, refresh->context);
    }

  dynantic_credentials_provider_load_async (self->provider, refresh->cancellable,
                                            refresh_loaded, refresh_ref (refresh));
}

/* One look at the cache: the credentials at once, or a wait for a refresh
 * (started here when none is in flight). */
static void
cache_get_step (GTask *task)
{
  AsyncGet *get = g_task_get_task_data (task);
  DynanticCredentialsCache *self = get->cache;
  g_autoptr(Refresh) started = NULL;
  DynanticCredentials *credentials = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  g_mutex_lock (&self->lock);
  switch (cache_state (self, self->clock (self->clock_data)))
    {
    case CACHE_ADVISORY:
      started = refresh_ref (refresh_start (self, TRUE, TRUE));
      G_GNUC_FALLTHROUGH;
    case CACHE_USE:
      credentials = dynantic_credentials_ref (self->credentials);
      break;
    case CACHE_MUST_WAIT:
    default:
      if (self->refresh == NULL)
        started = refresh_ref (refresh_start (self, TRUE, FALSE));
      task_wait_locked (task, self->refresh);
      break;
    }
  g_mutex_unlock (&self->lock);

  if (started != NULL)
    refresh_run_async (started);
  if (credentials != NULL)
    return_credentials (task, credentials);
}

void
dynantic_credentials_cache_get_async (DynanticCredentialsCache *self,
                                      GCancellable             *cancellable,
                                      GAsyncReadyCallback       callback,
                                      gpointer                  user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  AsyncGet *get = g_new0 (AsyncGet, 1);

  get->cache = dynantic_credentials_cache_ref (self);
  g_task_set_source_tag (task, dynantic_credentials_cache_get_async);
  g_task_set_task_data (task, get, (GDestroyNotify) async_get_free);
  cache_get_step (task);
}

DynanticCredentials *
dynantic_credentials_cache_get_finish (DynanticCredentialsCache  *self,
                                       GAsyncResult              *result,
                                       GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dynantic_credentials_cache_get_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
