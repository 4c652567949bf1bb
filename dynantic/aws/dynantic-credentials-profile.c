/* dynantic-credentials-profile.c: credentials from a profile of the AWS
 * CLI's shared files
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "dynantic-aws-config-private.h"
#include "dynantic-credential-process-private.h"
#include "dynantic-credentials.h"
#include "dynantic-error.h"
#include "dynantic-i18n-private.h"

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

static void
process_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  DynanticCredentials *credentials = dynantic_credential_process_run_finish (result, &error);

  if (credentials != NULL)
    g_task_return_pointer (task, credentials, (GDestroyNotify) dynantic_credentials_unref);
  else
    g_task_return_error (task, error);
}

static void
profile_provider_load_async (DynanticCredentialsProvider *provider,
                             GCancellable                *cancellable,
                             GAsyncReadyCallback          callback,
                             gpointer                     user_data)
{
  DynanticProfileCredentialsProvider *self = DYNANTIC_PROFILE_CREDENTIALS_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(DynanticAwsFiles) files = dynantic_aws_files_load (self->profile);
  g_autoptr(GPtrArray) looked = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *summary = NULL;
  GError *error = NULL;
  DynanticCredentials *credentials;
  const char *process;

  g_task_set_source_tag (task, profile_provider_load_async);

  credentials = credentials_from_section (files->credentials,
                                          dynantic_aws_files_get_credentials_profile (files),
                                          files->credentials_path, files->profile, looked, &error);
  if (credentials != NULL || error != NULL)
    goto out;

  process = dynantic_aws_files_get (files, "credential_process");
  if (process != NULL)
    {
      dynantic_credential_process_run_async (process, files->profile, cancellable, process_done,
                                             g_object_ref (task));
      return;
    }
  g_ptr_array_add (looked, g_strdup (_("no credential_process is set")));

  credentials = credentials_from_section (files->config,
                                          dynantic_aws_files_get_config_profile (files),
                                          files->config_path, files->profile, looked, &error);
  if (credentials != NULL || error != NULL)
    goto out;

  g_ptr_array_add (looked, NULL);
  summary = g_strjoinv ("; ", (char **) looked->pdata);
  error = g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                       _("No credentials for the profile “%s”: %s"), files->profile, summary);

out:
  if (credentials != NULL)
    g_task_return_pointer (task, credentials, (GDestroyNotify) dynantic_credentials_unref);
  else
    g_task_return_error (task, error);
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
  /* load: the base class's, which runs load_async */
  DYNANTIC_CREDENTIALS_PROVIDER_CLASS (klass)->load_async = profile_provider_load_async;
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
