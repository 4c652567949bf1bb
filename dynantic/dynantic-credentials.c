/* dynantic-credentials.c: AWS credentials and their providers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

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

G_DEFINE_ABSTRACT_TYPE (DynanticCredentialsProvider, dynantic_credentials_provider, G_TYPE_OBJECT)

static void
dynantic_credentials_provider_class_init (DynanticCredentialsProviderClass *klass)
{
}

static void
dynantic_credentials_provider_init (DynanticCredentialsProvider *self)
{
}

/**
 * dynantic_credentials_provider_load:
 * @self: a provider
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Loads the current credentials. When there are none, fails with
 * %DYNANTIC_ERROR_CREDENTIALS and a message that says where it looked,
 * never what a secret is.
 *
 * Returns: (transfer full): the credentials, or %NULL with @error set
 */
DynanticCredentials *
dynantic_credentials_provider_load (DynanticCredentialsProvider  *self,
                                    GCancellable                 *cancellable,
                                    GError                      **error)
{
  g_return_val_if_fail (DYNANTIC_IS_CREDENTIALS_PROVIDER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return DYNANTIC_CREDENTIALS_PROVIDER_GET_CLASS (self)->load (self, cancellable, error);
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
  G_OBJECT_CLASS (klass)->finalize = dynantic_static_credentials_provider_finalize;
  DYNANTIC_CREDENTIALS_PROVIDER_CLASS (klass)->load = static_provider_load;
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
  DYNANTIC_CREDENTIALS_PROVIDER_CLASS (klass)->load = environment_provider_load;
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
 */
DynanticCredentialsProvider *
dynantic_credentials_provider_new_environment (void)
{
  return g_object_new (DYNANTIC_TYPE_ENVIRONMENT_CREDENTIALS_PROVIDER, NULL);
}

/**
 * dynantic_credentials_provider_new_default:
 * @profile: (nullable): the profile of the shared files, or %NULL for
 *   `AWS_PROFILE` or `default`
 *
 * The chain the AWS CLI uses, in its order: the environment, then the
 * shared credentials and config files.
 *
 * Returns: (transfer full): a new provider
 */
DynanticCredentialsProvider *
dynantic_credentials_provider_new_default (const char *profile)
{
  /* FIXME: chain with the shared files provider once it lands. */
  return dynantic_credentials_provider_new_environment ();
}
