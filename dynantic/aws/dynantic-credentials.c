/* dynantic-credentials.c: AWS credentials and their providers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic-aws-json-private.h"
#include "dynantic-credentials-private.h"
#include "dynantic-credentials.h"
#include "dynantic-error.h"
#include "dynantic-i18n-private.h"

struct _DynanticCredentials
{
  gatomicrefcount  ref_count;
  char            *access_key_id;
  char            *secret_access_key;
  char            *session_token;
  GDateTime       *expiration;
};

G_DEFINE_BOXED_TYPE (DynanticCredentials, dynantic_credentials,
                     dynantic_credentials_ref, dynantic_credentials_unref)

/**
 * dynantic_credentials_new:
 * @access_key_id: the access key id
 * @secret_access_key: the secret access key
 * @session_token: (nullable): the session token of temporary credentials
 *
 * Credentials that do not expire.
 *
 * Returns: (transfer full): new credentials
 *
 * Since: 0.1
 */
DynanticCredentials *
dynantic_credentials_new (const char *access_key_id,
                          const char *secret_access_key,
                          const char *session_token)
{
  return dynantic_credentials_new_with_expiration (access_key_id, secret_access_key,
                                                   session_token, NULL);
}

/**
 * dynantic_credentials_new_with_expiration:
 * @access_key_id: the access key id
 * @secret_access_key: the secret access key
 * @session_token: (nullable): the session token of temporary credentials
 * @expiration: (nullable): when the credentials stop being valid
 *
 * Credentials that expire at @expiration; the client loads fresh ones from
 * its provider shortly before that.
 *
 * Returns: (transfer full): new credentials
 *
 * Since: 0.1
 */
DynanticCredentials *
dynantic_credentials_new_with_expiration (const char *access_key_id,
                                          const char *secret_access_key,
                                          const char *session_token,
                                          GDateTime  *expiration)
{
  DynanticCredentials *self;

  g_return_val_if_fail (access_key_id != NULL, NULL);
  g_return_val_if_fail (secret_access_key != NULL, NULL);

  self = g_new0 (DynanticCredentials, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->access_key_id = g_strdup (access_key_id);
  self->secret_access_key = g_strdup (secret_access_key);
  self->session_token = (session_token != NULL && *session_token != '\0') ? g_strdup (session_token) : NULL;
  self->expiration = expiration != NULL ? g_date_time_ref (expiration) : NULL;

  return self;
}

/**
 * dynantic_credentials_ref:
 * @self: credentials
 *
 * Returns: (transfer full): @self
 *
 * Since: 0.1
 */
DynanticCredentials *
dynantic_credentials_ref (DynanticCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * dynantic_credentials_unref:
 * @self: (transfer full): credentials
 *
 * Drops a reference; the secret is wiped from memory with the last one.
 *
 * Since: 0.1
 */
void
dynantic_credentials_unref (DynanticCredentials *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  explicit_bzero (self->secret_access_key, strlen (self->secret_access_key));
  g_free (self->access_key_id);
  g_free (self->secret_access_key);
  if (self->session_token != NULL)
    explicit_bzero (self->session_token, strlen (self->session_token));
  g_free (self->session_token);
  g_clear_pointer (&self->expiration, g_date_time_unref);
  g_free (self);
}

/**
 * dynantic_credentials_get_access_key_id:
 * @self: credentials
 *
 * Returns: the access key id
 *
 * Since: 0.1
 */
const char *
dynantic_credentials_get_access_key_id (DynanticCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->access_key_id;
}

/**
 * dynantic_credentials_get_secret_access_key:
 * @self: credentials
 *
 * Returns: the secret access key
 *
 * Since: 0.1
 */
const char *
dynantic_credentials_get_secret_access_key (DynanticCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->secret_access_key;
}

/**
 * dynantic_credentials_get_session_token:
 * @self: credentials
 *
 * Returns: (nullable): the session token, or %NULL for long-term credentials
 *
 * Since: 0.1
 */
const char *
dynantic_credentials_get_session_token (DynanticCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->session_token;
}

/**
 * dynantic_credentials_get_expiration:
 * @self: credentials
 *
 * Returns: (nullable) (transfer none): when the credentials expire, or %NULL
 *
 * Since: 0.1
 */
GDateTime *
dynantic_credentials_get_expiration (DynanticCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->expiration;
}

/**
 * dynantic_credentials_expires_within:
 * @self: credentials
 * @span: a time span in microseconds
 *
 * Whether the credentials expire within @span from now.
 *
 * Returns: %TRUE when they expire within @span (never for credentials without expiration)
 *
 * Since: 0.1
 */
gboolean
dynantic_credentials_expires_within (DynanticCredentials *self,
                                     GTimeSpan            span)
{
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->expiration == NULL)
    return FALSE;

  now = g_date_time_new_now_utc ();
  return g_date_time_difference (self->expiration, now) <= span;
}

/* The provider base class. */

struct _DynanticMfaFuncHolder
{
  DynanticMfaFunc func;
  gpointer        user_data;
  GDestroyNotify  notify;
};

typedef struct {
  gboolean               load_in_thread;
  GMutex                 lock;          /* guards mfa */
  DynanticMfaFuncHolder *mfa;
} DynanticCredentialsProviderPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (DynanticCredentialsProvider, dynantic_credentials_provider, G_TYPE_OBJECT)

enum {
  PROVIDER_PROP_0,
  PROVIDER_PROP_LOAD_IN_THREAD,
  PROVIDER_N_PROPS
};

static GParamSpec *provider_properties[PROVIDER_N_PROPS];

static DynanticCredentials *default_load       (DynanticCredentialsProvider  *self,
                                                GCancellable                 *cancellable,
                                                GError                      **error);
static void                 default_load_async (DynanticCredentialsProvider  *self,
                                                GCancellable                 *cancellable,
                                                GAsyncReadyCallback           callback,
                                                gpointer                      user_data);

static GError *
neither_implemented (DynanticCredentialsProvider *self)
{
  return g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                      /* Translators: %s is the GType name of a credentials provider; “load” and “load_async”
                       * are names of its methods, keep them as they are */
                      _("The credentials provider %s implements neither load nor load_async"),
                      G_OBJECT_TYPE_NAME (self));
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **stored = user_data;

  *stored = g_object_ref (result);
}

/* For a provider that implements only load_async: runs it in a main
 * context of this call's own, so that no other source of the thread runs
 * meanwhile. */
static DynanticCredentials *
default_load (DynanticCredentialsProvider  *self,
              GCancellable                 *cancellable,
              GError                      **error)
{
  DynanticCredentialsProviderClass *klass = DYNANTIC_CREDENTIALS_PROVIDER_GET_CLASS (self);
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  if (klass->load_async == default_load_async)
    {
      g_propagate_error (error, neither_implemented (self));
      return NULL;
    }

  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  klass->load_async (self, cancellable, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  /* what the load's I/O left to finish (a cancelled read's sources) */
  while (g_main_context_pending (context))
    g_main_context_iteration (context, FALSE);
  g_main_context_pop_thread_default (context);

  return klass->load_finish (self, result, error);
}

/* A load that gave neither credentials nor an error (a binding that could
 * not run it) is an error too, never a critical. */
static GError *
gave_nothing (gpointer provider)
{
  return g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                      /* Translators: %s is the GType name of a credentials provider */
                      _("The credentials provider %s gave neither credentials nor an error"),
                      G_OBJECT_TYPE_NAME (provider));
}

static void
return_loaded (GTask               *task,
               DynanticCredentials *credentials,
               GError              *error)
{
  if (credentials != NULL)
    g_task_return_pointer (task, credentials, (GDestroyNotify) dynantic_credentials_unref);
  else if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_error (task, gave_nothing (g_task_get_source_object (task)));
}

/* The outcome of a subclass's load or load_finish, @local_error set when
 * there are no credentials. */
static DynanticCredentials *
checked (DynanticCredentialsProvider  *self,
         DynanticCredentials          *credentials,
         GError                       *local_error,
         GError                      **error)
{
  if (credentials == NULL && local_error == NULL)
    local_error = gave_nothing (self);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return credentials;
}

static void
run_load (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  DynanticCredentialsProvider *self = source_object;
  GError *error = NULL;
  DynanticCredentials *credentials =
    DYNANTIC_CREDENTIALS_PROVIDER_GET_CLASS (self)->load (self, cancellable, &error);

  return_loaded (task, credentials, error);
}

/* For a provider that implements only load: runs it in a worker thread,
 * unless it must run in the caller's (#DynanticCredentialsProvider:load-in-thread).
 * A load that does not heed cancellation goes on in its worker, but the
 * caller is answered as soon as it cancels (the client cancels at its
 * timeouts). */
static void
default_load_async (DynanticCredentialsProvider *self,
                    GCancellable                *cancellable,
                    GAsyncReadyCallback          callback,
                    gpointer                     user_data)
{
  DynanticCredentialsProviderPrivate *priv = dynantic_credentials_provider_get_instance_private (self);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, default_load_async);
  if (DYNANTIC_CREDENTIALS_PROVIDER_GET_CLASS (self)->load == default_load)
    {
      g_task_return_error (task, neither_implemented (self));
      return;
    }

  if (!priv->load_in_thread)
    {
      run_load (task, self, NULL, cancellable);
      return;
    }

  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, run_load);
}

static DynanticCredentials *
default_load_finish (DynanticCredentialsProvider  *self,
                     GAsyncResult                 *result,
                     GError                      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
dynantic_credentials_provider_get_property (GObject    *object,
                                            guint       prop_id,
                                            GValue     *value,
                                            GParamSpec *pspec)
{
  DynanticCredentialsProvider *self = DYNANTIC_CREDENTIALS_PROVIDER (object);

  switch (prop_id)
    {
    case PROVIDER_PROP_LOAD_IN_THREAD:
      g_value_set_boolean (value, dynantic_credentials_provider_get_load_in_thread (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dynantic_credentials_provider_set_property (GObject      *object,
                                            guint         prop_id,
                                            const GValue *value,
                                            GParamSpec   *pspec)
{
  DynanticCredentialsProvider *self = DYNANTIC_CREDENTIALS_PROVIDER (object);
  DynanticCredentialsProviderPrivate *priv = dynantic_credentials_provider_get_instance_private (self);

  switch (prop_id)
    {
    case PROVIDER_PROP_LOAD_IN_THREAD:
      priv->load_in_thread = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dynantic_credentials_provider_finalize (GObject *object)
{
  DynanticCredentialsProvider *self = DYNANTIC_CREDENTIALS_PROVIDER (object);
  DynanticCredentialsProviderPrivate *priv = dynantic_credentials_provider_get_instance_private (self);

  g_clear_pointer (&priv->mfa, dynantic_mfa_func_holder_unref);
  g_mutex_clear (&priv->lock);

  G_OBJECT_CLASS (dynantic_credentials_provider_parent_class)->finalize (object);
}

static void
dynantic_credentials_provider_class_init (DynanticCredentialsProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dynantic_credentials_provider_finalize;
  object_class->get_property = dynantic_credentials_provider_get_property;
  object_class->set_property = dynantic_credentials_provider_set_property;
  klass->load = default_load;
  klass->load_async = default_load_async;
  klass->load_finish = default_load_finish;

  /**
   * DynanticCredentialsProvider:load-in-thread: (getter get_load_in_thread)
   *
   * Whether the default #DynanticCredentialsProviderClass.load_async runs
   * #DynanticCredentialsProviderClass.load in a worker thread (the default),
   * or in the caller's thread, blocking it. A provider written in a
   * language whose code must run on its main thread, such as JavaScript
   * with GJS (which cannot implement `load_async`), sets it to %FALSE; its
   * `load` must then not wait on I/O.
   *
   * Since: 0.2
   */
  provider_properties[PROVIDER_PROP_LOAD_IN_THREAD] =
    g_param_spec_boolean ("load-in-thread", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, PROVIDER_N_PROPS, provider_properties);
}

static void
dynantic_credentials_provider_init (DynanticCredentialsProvider *self)
{
  DynanticCredentialsProviderPrivate *priv = dynantic_credentials_provider_get_instance_private (self);

  g_mutex_init (&priv->lock);
}

/**
 * dynantic_credentials_provider_get_load_in_thread:
 * @self: a provider
 *
 * Returns: whether the default `load_async` runs `load` in a worker thread
 *
 * Since: 0.2
 */
gboolean
dynantic_credentials_provider_get_load_in_thread (DynanticCredentialsProvider *self)
{
  DynanticCredentialsProviderPrivate *priv;

  g_return_val_if_fail (DYNANTIC_IS_CREDENTIALS_PROVIDER (self), TRUE);

  priv = dynantic_credentials_provider_get_instance_private (self);
  return priv->load_in_thread;
}

/**
 * dynantic_credentials_provider_load: (virtual load)
 * @self: a provider
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Loads the current credentials, blocking the calling thread. When there
 * are none, fails with %DYNANTIC_ERROR_CREDENTIALS and a message that says
 * where it looked, never what a secret is.
 *
 * Returns: (transfer full): the credentials, or %NULL with @error set
 */
DynanticCredentials *
dynantic_credentials_provider_load (DynanticCredentialsProvider  *self,
                                    GCancellable                 *cancellable,
                                    GError                      **error)
{
  GError *local_error = NULL;
  DynanticCredentials *credentials;

  g_return_val_if_fail (DYNANTIC_IS_CREDENTIALS_PROVIDER (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  credentials = DYNANTIC_CREDENTIALS_PROVIDER_GET_CLASS (self)->load (self, cancellable, &local_error);
  return checked (self, credentials, local_error, error);
}

/**
 * dynantic_credentials_provider_load_async: (virtual load_async)
 * @self: a provider
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the credentials are loaded
 * @user_data: data for @callback
 *
 * Loads the current credentials without blocking: @callback is called in
 * the thread-default main context of the calling thread, where the
 * provider's I/O runs too. Cancelling @cancellable ends the load (a
 * `credential_process` is killed) and completes it with
 * %G_IO_ERROR_CANCELLED.
 *
 * Since: 0.2
 */
void
dynantic_credentials_provider_load_async (DynanticCredentialsProvider *self,
                                          GCancellable                *cancellable,
                                          GAsyncReadyCallback          callback,
                                          gpointer                     user_data)
{
  g_return_if_fail (DYNANTIC_IS_CREDENTIALS_PROVIDER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  DYNANTIC_CREDENTIALS_PROVIDER_GET_CLASS (self)->load_async (self, cancellable, callback, user_data);
}

/**
 * dynantic_credentials_provider_load_finish: (virtual load_finish)
 * @self: a provider
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_credentials_provider_load_async().
 *
 * Returns: (transfer full): the credentials, or %NULL with @error set
 *
 * Since: 0.2
 */
DynanticCredentials *
dynantic_credentials_provider_load_finish (DynanticCredentialsProvider  *self,
                                           GAsyncResult                 *result,
                                           GError                      **error)
{
  GError *local_error = NULL;
  DynanticCredentials *credentials;

  g_return_val_if_fail (DYNANTIC_IS_CREDENTIALS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  credentials = DYNANTIC_CREDENTIALS_PROVIDER_GET_CLASS (self)->load_finish (self, result, &local_error);
  return checked (self, credentials, local_error, error);
}

/* load_async of the providers whose load never waits (static credentials,
 * the environment): load at once, answer from the main context. */
static void
load_now_async (DynanticCredentialsProvider *self,
                GCancellable                *cancellable,
                GAsyncReadyCallback          callback,
                gpointer                     user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;
  DynanticCredentials *credentials;

  g_task_set_source_tag (task, load_now_async);
  credentials = DYNANTIC_CREDENTIALS_PROVIDER_GET_CLASS (self)->load (self, cancellable, &error);
  return_loaded (task, credentials, error);
}

/* Static credentials. */

#define DYNANTIC_TYPE_STATIC_CREDENTIALS_PROVIDER (dynantic_static_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (DynanticStaticCredentialsProvider, dynantic_static_credentials_provider,
                      DYNANTIC, STATIC_CREDENTIALS_PROVIDER, DynanticCredentialsProvider)

struct _DynanticStaticCredentialsProvider
{
  DynanticCredentialsProvider  parent_instance;
  DynanticCredentials         *credentials;
};

G_DEFINE_FINAL_TYPE (DynanticStaticCredentialsProvider, dynantic_static_credentials_provider,
                     DYNANTIC_TYPE_CREDENTIALS_PROVIDER)

static DynanticCredentials *
static_provider_load (DynanticCredentialsProvider  *provider,
                      GCancellable                 *cancellable,
                      GError                      **error)
{
  DynanticStaticCredentialsProvider *self = DYNANTIC_STATIC_CREDENTIALS_PROVIDER (provider);

  return dynantic_credentials_ref (self->credentials);
}

static void
dynantic_static_credentials_provider_finalize (GObject *object)
{
  DynanticStaticCredentialsProvider *self = DYNANTIC_STATIC_CREDENTIALS_PROVIDER (object);

  g_clear_pointer (&self->credentials, dynantic_credentials_unref);

  G_OBJECT_CLASS (dynantic_static_credentials_provider_parent_class)->finalize (object);
}

static void
dynantic_static_credentials_provider_class_init (DynanticStaticCredentialsProviderClass *klass)
{
  DynanticCredentialsProviderClass *provider_class = DYNANTIC_CREDENTIALS_PROVIDER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = dynantic_static_credentials_provider_finalize;
  provider_class->load = static_provider_load;
  provider_class->load_async = load_now_async;
}

static void
dynantic_static_credentials_provider_init (DynanticStaticCredentialsProvider *self)
{
}

/**
 * dynantic_credentials_provider_new_static:
 * @credentials: the credentials to give out
 *
 * A provider that always gives @credentials.
 *
 * Returns: (transfer full): a new provider
 *
 * Since: 0.1
 */
DynanticCredentialsProvider *
dynantic_credentials_provider_new_static (DynanticCredentials *credentials)
{
  DynanticStaticCredentialsProvider *self;

  g_return_val_if_fail (credentials != NULL, NULL);

  self = g_object_new (DYNANTIC_TYPE_STATIC_CREDENTIALS_PROVIDER, NULL);
  self->credentials = dynantic_credentials_ref (credentials);

  return DYNANTIC_CREDENTIALS_PROVIDER (self);
}

/* The environment: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN. */

#define DYNANTIC_TYPE_ENVIRONMENT_CREDENTIALS_PROVIDER (dynantic_environment_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (DynanticEnvironmentCredentialsProvider, dynantic_environment_credentials_provider,
                      DYNANTIC, ENVIRONMENT_CREDENTIALS_PROVIDER, DynanticCredentialsProvider)

struct _DynanticEnvironmentCredentialsProvider
{
  DynanticCredentialsProvider parent_instance;
};

G_DEFINE_FINAL_TYPE (DynanticEnvironmentCredentialsProvider, dynantic_environment_credentials_provider,
                     DYNANTIC_TYPE_CREDENTIALS_PROVIDER)

static DynanticCredentials *
environment_provider_load (DynanticCredentialsProvider  *provider,
                           GCancellable                 *cancellable,
                           GError                      **error)
{
  const char *access_key_id = g_getenv ("AWS_ACCESS_KEY_ID");
  const char *secret_access_key = g_getenv ("AWS_SECRET_ACCESS_KEY");

  if (access_key_id == NULL || *access_key_id == '\0' ||
      secret_access_key == NULL || *secret_access_key == '\0')
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                   _("No credentials in the environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must both be set"));
      return NULL;
    }

  return dynantic_credentials_new (access_key_id, secret_access_key, g_getenv ("AWS_SESSION_TOKEN"));
}

static void
dynantic_environment_credentials_provider_class_init (DynanticEnvironmentCredentialsProviderClass *klass)
{
  DynanticCredentialsProviderClass *provider_class = DYNANTIC_CREDENTIALS_PROVIDER_CLASS (klass);

  provider_class->load = environment_provider_load;
  provider_class->load_async = load_now_async;
}

static void
dynantic_environment_credentials_provider_init (DynanticEnvironmentCredentialsProvider *self)
{
}

/**
 * dynantic_credentials_provider_new_environment:
 *
 * A provider that reads `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
 * `AWS_SESSION_TOKEN` at each load.
 *
 * Returns: (transfer full): a new provider
 *
 * Since: 0.1
 */
DynanticCredentialsProvider *
dynantic_credentials_provider_new_environment (void)
{
  return g_object_new (DYNANTIC_TYPE_ENVIRONMENT_CREDENTIALS_PROVIDER, NULL);
}

/* A chain: the first provider that gives credentials. */

#define DYNANTIC_TYPE_CHAIN_CREDENTIALS_PROVIDER (dynantic_chain_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (DynanticChainCredentialsProvider, dynantic_chain_credentials_provider,
                      DYNANTIC, CHAIN_CREDENTIALS_PROVIDER, DynanticCredentialsProvider)

struct _DynanticChainCredentialsProvider
{
  DynanticCredentialsProvider  parent_instance;
  GPtrArray                   *providers;
};

G_DEFINE_FINAL_TYPE (DynanticChainCredentialsProvider, dynantic_chain_credentials_provider,
                     DYNANTIC_TYPE_CREDENTIALS_PROVIDER)

/* Whether the chain goes on after @provider failed with @error: only when
 * it has no credentials (not when the call was cancelled or timed out, nor
 * when a built-in provider's configured source failed).
 * The debug log says why each one was passed over; its messages never
 * hold a secret. */
static gboolean
chain_passes_over (DynanticCredentialsProvider *provider,
                   const GError                *error,
                   GString                     *looked)
{
  if (!g_error_matches (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS))
    return FALSE;

  g_debug ("credentials: %s gave none: %s", G_OBJECT_TYPE_NAME (provider), error->message);
  g_string_append_printf (looked, " %s.", error->message);
  return TRUE;
}

static GError *
chain_none_found (GString *looked)
{
  return g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                      /* Translators: %s is a list of what each credentials provider said, each item starting
                       * with a space and ending with a full stop; keep no space before %s */
                      _("No AWS credentials found.%s"), looked->str);
}

typedef struct {
  guint    next;    /* the provider to ask next */
  GString *looked;
} ChainLoad;

static void
chain_load_free (ChainLoad *load)
{
  g_string_free (load->looked, TRUE);
  g_free (load);
}

static void chain_ask_next (GTask *task);

static void
chain_provider_loaded (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ChainLoad *load = g_task_get_task_data (task);
  DynanticCredentialsProvider *provider = DYNANTIC_CREDENTIALS_PROVIDER (source);
  GError *error = NULL;
  DynanticCredentials *credentials = dynantic_credentials_provider_load_finish (provider, result, &error);

  if (credentials != NULL)
    g_task_return_pointer (task, credentials, (GDestroyNotify) dynantic_credentials_unref);
  else if (dynantic_credentials_result_is_failure (result))
    dynantic_credentials_task_return_failure (task, error);
  else if (!chain_passes_over (provider, error, load->looked))
    g_task_return_error (task, error);
  else
    {
      g_clear_error (&error);
      chain_ask_next (task);
    }
}

static void
chain_ask_next (GTask *task)
{
  DynanticChainCredentialsProvider *self = g_task_get_source_object (task);
  ChainLoad *load = g_task_get_task_data (task);

  if (load->next >= self->providers->len)
    {
      g_task_return_error (task, chain_none_found (load->looked));
      return;
    }

  dynantic_credentials_provider_load_async (self->providers->pdata[load->next++], g_task_get_cancellable (task),
                                            chain_provider_loaded, g_object_ref (task));
}

static void
chain_provider_load_async (DynanticCredentialsProvider *provider,
                           GCancellable                *cancellable,
                           GAsyncReadyCallback          callback,
                           gpointer                     user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);
  ChainLoad *load = g_new0 (ChainLoad, 1);

  load->looked = g_string_new (NULL);
  g_task_set_source_tag (task, chain_provider_load_async);
  g_task_set_task_data (task, load, (GDestroyNotify) chain_load_free);
  chain_ask_next (task);
}

static void
dynantic_chain_credentials_provider_finalize (GObject *object)
{
  DynanticChainCredentialsProvider *self = DYNANTIC_CHAIN_CREDENTIALS_PROVIDER (object);

  g_clear_pointer (&self->providers, g_ptr_array_unref);

  G_OBJECT_CLASS (dynantic_chain_credentials_provider_parent_class)->finalize (object);
}

static void
dynantic_chain_credentials_provider_class_init (DynanticChainCredentialsProviderClass *klass)
{
  DynanticCredentialsProviderClass *provider_class = DYNANTIC_CREDENTIALS_PROVIDER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = dynantic_chain_credentials_provider_finalize;
  /* load: the base class's, which runs load_async */
  provider_class->load_async = chain_provider_load_async;
}

static void
dynantic_chain_credentials_provider_init (DynanticChainCredentialsProvider *self)
{
  self->providers = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * dynantic_credentials_provider_new_chain:
 * @providers: (array length=n_providers) (transfer none): the providers, in order
 * @n_providers: the number of @providers
 *
 * A provider that asks each of @providers in turn and gives the first
 * credentials one of them has. A provider that fails with
 * %DYNANTIC_ERROR_CREDENTIALS has none, and the next one is asked; when none
 * has any, the chain fails with one %DYNANTIC_ERROR_CREDENTIALS error that
 * says what each looked at. Other errors (such as cancellation) end the
 * search at once, and so does the failure of a source a built-in provider
 * found configured (a role that cannot be assumed, an expired SSO login, a
 * container endpoint that does not answer): as in the AWS SDKs, a chain
 * never falls through to credentials other than the ones configured.
 *
 * Returns: (transfer full): a new provider
 *
 * Since: 0.1
 */
DynanticCredentialsProvider *
dynantic_credentials_provider_new_chain (DynanticCredentialsProvider **providers,
                                         guint                         n_providers)
{
  DynanticChainCredentialsProvider *self;

  g_return_val_if_fail (providers != NULL || n_providers == 0, NULL);

  self = g_object_new (DYNANTIC_TYPE_CHAIN_CREDENTIALS_PROVIDER, NULL);
  for (guint i = 0; i < n_providers; i++)
    {
      g_return_val_if_fail (DYNANTIC_IS_CREDENTIALS_PROVIDER (providers[i]), NULL);
      g_ptr_array_add (self->providers, g_object_ref (providers[i]));
    }

  return DYNANTIC_CREDENTIALS_PROVIDER (self);
}

/**
 * dynantic_credentials_provider_new_default:
 * @profile: (nullable): the profile of the shared files, or %NULL for
 *   `AWS_PROFILE` or `default`
 *
 * The AWS SDKs' default chain, in their order:
 *
 * 1. the environment (dynantic_credentials_provider_new_environment());
 * 2. a web identity token in the environment, as EKS gives a pod with an
 *    IAM role for its service account (dynantic_credentials_provider_new_web_identity());
 * 3. the profile in the shared files: roles to assume, web identity, SSO,
 *    keys, `credential_process` (dynantic_credentials_provider_new_profile());
 * 4. the container credentials endpoint of an ECS task or an EKS pod
 *    (dynantic_credentials_provider_new_container());
 * 5. the EC2 instance metadata service (dynantic_credentials_provider_new_instance_metadata()).
 *
 * Each is asked in turn; one that is not configured is passed over (a
 * `g_debug()` line in the `Dynantic` domain says why), one that is
 * configured and fails ends the search with its error. Every source loads
 * without blocking when loaded asynchronously, and is cancelled with the
 * load.
 *
 * Returns: (transfer full): a new provider
 *
 * Since: 0.1
 */
DynanticCredentialsProvider *
dynantic_credentials_provider_new_default (const char *profile)
{
  g_autoptr(DynanticCredentialsProvider) environment = dynantic_credentials_provider_new_environment ();
  g_autoptr(DynanticCredentialsProvider) web_identity = dynantic_credentials_provider_new_web_identity (profile);
  g_autoptr(DynanticCredentialsProvider) shared_files = dynantic_credentials_provider_new_profile (profile);
  g_autoptr(DynanticCredentialsProvider) container = dynantic_credentials_provider_new_container ();
  g_autoptr(DynanticCredentialsProvider) instance = dynantic_credentials_provider_new_instance_metadata (profile);
  DynanticCredentialsProvider *providers[] = { environment, web_identity, shared_files, container, instance };

  return dynantic_credentials_provider_new_chain (providers, G_N_ELEMENTS (providers));
}

/* What the built-in providers share (dynantic-credentials-private.h). */

static GQuark
failure_quark (void)
{
  return g_quark_from_static_string ("dynantic-credentials-failure");
}

void
dynantic_credentials_task_return_failure (GTask  *task,
                                          GError *error)
{
  g_object_set_qdata (G_OBJECT (task), failure_quark (), GINT_TO_POINTER (TRUE));
  g_task_return_error (task, error);
}

gboolean
dynantic_credentials_result_is_failure (GAsyncResult *result)
{
  return G_IS_TASK (result) && g_object_get_qdata (G_OBJECT (result), failure_quark ()) != NULL;
}

GError *
dynantic_credentials_error_wrap (GError     *error,
                                 const char *what)
{
  GError *wrapped;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  wrapped = g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS, "%s: %s", what, error->message);
  g_error_free (error);
  return wrapped;
}

GDateTime *
dynantic_credentials_parse_time (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  return text != NULL ? g_date_time_new_from_iso8601 (text, utc) : NULL;
}

DynanticCredentials *
dynantic_credentials_from_metadata_json (const char  *data,
                                         gsize        size,
                                         const char  *what,
                                         GError     **error)
{
  g_autoptr(JsonObject) object = dynantic_aws_json_parse_object (data, size);
  g_autoptr(GDateTime) expiration = NULL;
  const char *access_key_id, *secret_access_key, *expiration_text;

  if (object == NULL)
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                   /* Translators: %s names the service asked for credentials (such as “The container endpoint
                    * (…)”); “JSON” stays as it is */
                   _("%s: the answer is not a JSON object"), what);
      return NULL;
    }

  access_key_id = dynantic_aws_json_get_string (object, "AccessKeyId");
  secret_access_key = dynantic_aws_json_get_string (object, "SecretAccessKey");
  if (access_key_id == NULL || *access_key_id == '\0' || secret_access_key == NULL || *secret_access_key == '\0')
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                   /* Translators: %s names the service asked for credentials (such as “The container endpoint
                    * (…)”); “AccessKeyId” and “SecretAccessKey” are names to keep as they are */
                   _("%s: the answer has no “AccessKeyId” and “SecretAccessKey”"), what);
      return NULL;
    }

  expiration_text = dynantic_aws_json_get_string (object, "Expiration");
  if (expiration_text != NULL && (expiration = dynantic_credentials_parse_time (expiration_text)) == NULL)
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                   /* Translators: %s names the service asked for credentials (such as “The container endpoint
                    * (…)”); “Expiration” is a name to keep as it is */
                   _("%s: the answer’s “Expiration” is not an ISO 8601 date and time"), what);
      return NULL;
    }

  return dynantic_credentials_new_with_expiration (access_key_id, secret_access_key,
                                                   dynantic_aws_json_get_string (object, "Token"),
                                                   expiration);
}

gboolean
dynantic_credentials_host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
dynantic_credentials_uri_is_safe (GUri *uri)
{
  const char *scheme = g_uri_get_scheme (uri);

  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  return g_ascii_strcasecmp (scheme, "http") == 0 && dynantic_credentials_host_is_loopback (g_uri_get_host (uri));
}

/* The MFA callback. */

DynanticMfaFuncHolder *
dynantic_mfa_func_holder_ref (DynanticMfaFuncHolder *holder)
{
  return g_atomic_rc_box_acquire (holder);
}

static void
mfa_func_holder_clear (gpointer data)
{
  DynanticMfaFuncHolder *holder = data;

  if (holder->notify != NULL)
    holder->notify (holder->user_data);
}

void
dynantic_mfa_func_holder_unref (DynanticMfaFuncHolder *holder)
{
  g_atomic_rc_box_release_full (holder, mfa_func_holder_clear);
}

static void
provider_set_mfa (DynanticCredentialsProvider *self,
                  DynanticMfaFuncHolder       *holder)
{
  DynanticCredentialsProviderPrivate *priv = dynantic_credentials_provider_get_instance_private (self);
  DynanticMfaFuncHolder *old;

  g_mutex_lock (&priv->lock);
  old = priv->mfa;
  priv->mfa = holder != NULL ? dynantic_mfa_func_holder_ref (holder) : NULL;
  g_mutex_unlock (&priv->lock);
  g_clear_pointer (&old, dynantic_mfa_func_holder_unref);

  /* a chain's providers ask the same callback */
  if (DYNANTIC_IS_CHAIN_CREDENTIALS_PROVIDER (self))
    {
      DynanticChainCredentialsProvider *chain = DYNANTIC_CHAIN_CREDENTIALS_PROVIDER (self);

      for (guint i = 0; i < chain->providers->len; i++)
        provider_set_mfa (chain->providers->pdata[i], holder);
    }
}

/**
 * dynantic_credentials_provider_set_mfa_func:
 * @self: a provider
 * @func: (nullable) (scope notified) (closure user_data) (destroy notify): called
 *   when a role to assume needs an MFA code, or %NULL for none
 * @user_data: data for @func
 * @notify: (nullable): frees @user_data when @func is replaced or @self finalized
 *
 * Sets what asks for the code of an MFA device when a profile's role has
 * an `mfa_serial`. Without it, assuming such a role fails with
 * %DYNANTIC_ERROR_CREDENTIALS. A chain (such as the default one, which
 * dynantic_client_get_credentials_provider() returns for a client made
 * without a provider) passes @func on to its providers.
 *
 * @func is called in the thread that loads the credentials (the thread
 * of the call, or its main context's for an asynchronous one), each time
 * the role is assumed (the credentials of a role last an hour by default).
 * It answers with dynantic_mfa_request_answer() or
 * dynantic_mfa_request_refuse(), at once or later from any thread, within
 * the client's timeouts.
 *
 * Since: 0.2
 */
void
dynantic_credentials_provider_set_mfa_func (DynanticCredentialsProvider *self,
                                            DynanticMfaFunc              func,
                                            gpointer                     user_data,
                                            GDestroyNotify               notify)
{
  g_autoptr(DynanticMfaFuncHolder) holder = NULL;

  g_return_if_fail (DYNANTIC_IS_CREDENTIALS_PROVIDER (self));

  if (func != NULL)
    {
      holder = g_atomic_rc_box_new0 (DynanticMfaFuncHolder);
      holder->func = func;
      holder->user_data = user_data;
      holder->notify = notify;
    }
  else if (notify != NULL)
    {
      notify (user_data);
    }

  provider_set_mfa (self, holder);
}

DynanticMfaFuncHolder *
dynantic_credentials_provider_dup_mfa (DynanticCredentialsProvider *self)
{
  DynanticCredentialsProviderPrivate *priv = dynantic_credentials_provider_get_instance_private (self);
  DynanticMfaFuncHolder *holder;

  g_mutex_lock (&priv->lock);
  holder = priv->mfa != NULL ? dynantic_mfa_func_holder_ref (priv->mfa) : NULL;
  g_mutex_unlock (&priv->lock);

  return holder;
}

void
dynantic_mfa_func_holder_call (DynanticMfaFuncHolder *holder,
                               DynanticMfaRequest    *request)
{
  holder->func (request, holder->user_data);
}
