/* dynantic-credentials.c: AWS credentials and their providers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic-aws-config-private.h"
#include "dynantic-credential-process-private.h"
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

/* The shared files: the credentials file, the profile's credential_process,
 * then the config file, as the AWS CLI tries them. */

#define DYNANTIC_TYPE_PROFILE_CREDENTIALS_PROVIDER (dynantic_profile_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (DynanticProfileCredentialsProvider, dynantic_profile_credentials_provider,
                      DYNANTIC, PROFILE_CREDENTIALS_PROVIDER, DynanticCredentialsProvider)

struct _DynanticProfileCredentialsProvider
{
  DynanticCredentialsProvider  parent_instance;
  char                        *profile;  /* NULL: AWS_PROFILE or "default" at each load */
};

G_DEFINE_FINAL_TYPE (DynanticProfileCredentialsProvider, dynantic_profile_credentials_provider,
                     DYNANTIC_TYPE_CREDENTIALS_PROVIDER)

/* The keys in one file's section for the profile. %NULL without @error when
 * there are none (@looked gets why), with @error when only one of the two
 * is there. */
static DynanticCredentials *
credentials_from_section (DynanticAwsIni         *file,
                          DynanticAwsIniSection  *section,
                          const char             *path,
                          const char             *profile,
                          GPtrArray              *looked,
                          GError                **error)
{
  const char *access_key_id = dynantic_aws_ini_section_get (section, "aws_access_key_id");
  const char *secret_access_key = dynantic_aws_ini_section_get (section, "aws_secret_access_key");

  if (file == NULL)
    g_ptr_array_add (looked, g_strdup_printf (_("%s does not exist or cannot be read"), path));
  else if (section == NULL)
    g_ptr_array_add (looked, g_strdup_printf (_("%s has no section for it"), path));
  else if (access_key_id == NULL && secret_access_key == NULL)
    g_ptr_array_add (looked, g_strdup_printf (_("its section in %s has no aws_access_key_id"), path));
  else if (access_key_id == NULL || secret_access_key == NULL)
    g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                 _("The profile “%s” in %s has %s but no %s"), profile, path,
                 access_key_id != NULL ? "aws_access_key_id" : "aws_secret_access_key",
                 access_key_id != NULL ? "aws_secret_access_key" : "aws_access_key_id");
  else
    return dynantic_credentials_new (access_key_id, secret_access_key,
                                     dynantic_aws_ini_section_get (section, "aws_session_token"));

  return NULL;
}

static DynanticCredentials *
profile_provider_load (DynanticCredentialsProvider  *provider,
                       GCancellable                 *cancellable,
                       GError                      **error)
{
  DynanticProfileCredentialsProvider *self = DYNANTIC_PROFILE_CREDENTIALS_PROVIDER (provider);
  g_autoptr(DynanticAwsFiles) files = dynantic_aws_files_load (self->profile);
  g_autoptr(GPtrArray) looked = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *summary = NULL;
  GError *local_error = NULL;
  DynanticCredentials *credentials;
  const char *process;

  credentials = credentials_from_section (files->credentials,
                                          dynantic_aws_files_get_credentials_profile (files),
                                          files->credentials_path, files->profile, looked,
                                          &local_error);
  if (credentials != NULL || local_error != NULL)
    goto out;

  process = dynantic_aws_files_get (files, "credential_process");
  if (process != NULL)
    return dynantic_credential_process_run (process, files->profile, cancellable, error);
  g_ptr_array_add (looked, g_strdup (_("no credential_process is set")));

  credentials = credentials_from_section (files->config,
                                          dynantic_aws_files_get_config_profile (files),
                                          files->config_path, files->profile, looked,
                                          &local_error);
  if (credentials != NULL || local_error != NULL)
    goto out;

  g_ptr_array_add (looked, NULL);
  summary = g_strjoinv ("; ", (char **) looked->pdata);
  local_error = g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                             _("No credentials for the profile “%s”: %s"), files->profile, summary);

out:
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return credentials;
}

static void
dynantic_profile_credentials_provider_finalize (GObject *object)
{
  DynanticProfileCredentialsProvider *self = DYNANTIC_PROFILE_CREDENTIALS_PROVIDER (object);

  g_free (self->profile);

  G_OBJECT_CLASS (dynantic_profile_credentials_provider_parent_class)->finalize (object);
}

static void
dynantic_profile_credentials_provider_class_init (DynanticProfileCredentialsProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dynantic_profile_credentials_provider_finalize;
  DYNANTIC_CREDENTIALS_PROVIDER_CLASS (klass)->load = profile_provider_load;
}

static void
dynantic_profile_credentials_provider_init (DynanticProfileCredentialsProvider *self)
{
}

/**
 * dynantic_credentials_provider_new_profile:
 * @profile: (nullable): the profile, or %NULL for `AWS_PROFILE` or `default`
 *
 * A provider that reads a profile of the AWS CLI's shared files at each
 * load, in the AWS CLI's order: `aws_access_key_id`, `aws_secret_access_key`
 * and `aws_session_token` of the section `[profile]` in the credentials file
 * (`AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`); then the
 * profile's `credential_process`, a command that prints the credentials as
 * JSON; then the same keys in the section `[profile profile]` (or
 * `[default]`) of the config file (`AWS_CONFIG_FILE`, else `~/.aws/config`).
 * Missing files are skipped.
 *
 * Returns: (transfer full): a new provider
 */
DynanticCredentialsProvider *
dynantic_credentials_provider_new_profile (const char *profile)
{
  DynanticProfileCredentialsProvider *self =
    g_object_new (DYNANTIC_TYPE_PROFILE_CREDENTIALS_PROVIDER, NULL);

  self->profile = g_strdup (profile);

  return DYNANTIC_CREDENTIALS_PROVIDER (self);
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

static DynanticCredentials *
chain_provider_load (DynanticCredentialsProvider  *provider,
                     GCancellable                 *cancellable,
                     GError                      **error)
{
  DynanticChainCredentialsProvider *self = DYNANTIC_CHAIN_CREDENTIALS_PROVIDER (provider);
  g_autoptr(GString) looked = g_string_new (NULL);

  for (guint i = 0; i < self->providers->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      DynanticCredentials *credentials =
        dynantic_credentials_provider_load (self->providers->pdata[i], cancellable, &local_error);

      if (credentials != NULL)
        return credentials;
      if (!g_error_matches (local_error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_string_append_printf (looked, " %s.", local_error->message);
    }

  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
               _("No AWS credentials found.%s"), looked->str);
  return NULL;
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
  G_OBJECT_CLASS (klass)->finalize = dynantic_chain_credentials_provider_finalize;
  DYNANTIC_CREDENTIALS_PROVIDER_CLASS (klass)->load = chain_provider_load;
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
 * credentials one of them has. When none has any, it fails with one
 * %DYNANTIC_ERROR_CREDENTIALS error that says what each looked at. Other
 * errors (such as cancellation) end the search at once.
 *
 * Returns: (transfer full): a new provider
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
 * The AWS CLI's chain, in its order, for the sources that need no network:
 * the environment (dynantic_credentials_provider_new_environment()), then
 * the profile in the shared files (dynantic_credentials_provider_new_profile()).
 * The AWS CLI's chain has more sources that are not implemented here: role
 * assumption (`role_arn`), web identity tokens, IAM Identity Center (SSO),
 * the ECS/EKS container endpoint and the EC2 instance metadata service. For
 * those, pass your own #DynanticCredentialsProvider.
 *
 * Returns: (transfer full): a new provider
 */
DynanticCredentialsProvider *
dynantic_credentials_provider_new_default (const char *profile)
{
  g_autoptr(DynanticCredentialsProvider) environment = dynantic_credentials_provider_new_environment ();
  g_autoptr(DynanticCredentialsProvider) shared_files = dynantic_credentials_provider_new_profile (profile);
  DynanticCredentialsProvider *providers[] = { environment, shared_files };

  return dynantic_credentials_provider_new_chain (providers, G_N_ELEMENTS (providers));
}
