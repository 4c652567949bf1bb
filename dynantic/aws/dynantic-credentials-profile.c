/* dynantic-credentials-profile.c: credentials from a profile of the AWS
 * CLI's shared files, as botocore resolves them
 *
 * A profile's sources, in botocore's order (its AssumeRoleProvider, then
 * ProfileProviderBuilder's providers):
 *
 * 1. role_arn (without web_identity_token_file): the role is assumed
 *    through STS AssumeRole, with the credentials of source_profile (itself
 *    resolved this way: a chain of roles; a profile may name itself when it
 *    has keys) or of credential_source (Environment, Ec2InstanceMetadata,
 *    EcsContainer), with its external_id, mfa_serial (the code asked
 *    through the MFA callback), duration_seconds and role_session_name.
 *    A source profile with keys gives its keys, whatever role it has. Loops
 *    are refused.
 * 2. web_identity_token_file with role_arn: STS AssumeRoleWithWebIdentity.
 * 3. SSO: sso_account_id and sso_role_name with sso_session (whose
 *    [sso-session] section has sso_start_url and sso_region), or the legacy
 *    sso_start_url and sso_region in the profile.
 * 4. aws_access_key_id/aws_secret_access_key/aws_session_token in the
 *    credentials file's section.
 * 5. credential_process.
 * 6. the same keys in the config file's section.
 *
 * A profile with none of them has no credentials (a chain goes on); a
 * source that is configured and fails stops a chain.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "dynantic-aws-config-private.h"
#include "dynantic-credential-process-private.h"
#include "dynantic-credentials-http-private.h"
#include "dynantic-credentials-private.h"
#include "dynantic-credentials-web-identity-private.h"
#include "dynantic-credentials.h"
#include "dynantic-error.h"
#include "dynantic-i18n-private.h"
#include "dynantic-sso-private.h"
#include "dynantic-sts-private.h"

#define DYNANTIC_TYPE_PROFILE_CREDENTIALS_PROVIDER (dynantic_profile_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (DynanticProfileCredentialsProvider, dynantic_profile_credentials_provider,
                      DYNANTIC, PROFILE_CREDENTIALS_PROVIDER, DynanticCredentialsProvider)

struct _DynanticProfileCredentialsProvider
{
  DynanticCredentialsProvider  parent_instance;
  char                        *profile;  /* NULL: AWS_PROFILE or "default" at each load */
  DynanticHttp                *http;     /* STS, SSO */
};

G_DEFINE_FINAL_TYPE (DynanticProfileCredentialsProvider, dynantic_profile_credentials_provider,
                     DYNANTIC_TYPE_CREDENTIALS_PROVIDER)

/* One load: the files as they are now, and the profiles visited through
 * source_profile. */
typedef struct {
  DynanticProfileCredentialsProvider *provider;
  DynanticAwsFiles                   *files;
  GPtrArray                          *visited;
  DynanticMfaFuncHolder              *mfa;
  gboolean                            absent;   /* the profile has no source at all */
} ProfileLoad;

static void
profile_load_free (ProfileLoad *load)
{
  g_clear_object (&load->provider);
  g_clear_pointer (&load->files, dynantic_aws_files_free);
  g_clear_pointer (&load->visited, g_ptr_array_unref);
  g_clear_pointer (&load->mfa, dynantic_mfa_func_holder_unref);
  g_free (load);
}

/* The resolution of one profile (the one asked for, or a source_profile). */
typedef struct {
  ProfileLoad         *load;       /* the outer task's */
  char                *profile;
  gboolean             top;
  DynanticCredentials *source;     /* of the role */
} Resolve;

static void
resolve_free (Resolve *resolve)
{
  g_free (resolve->profile);
  g_clear_pointer (&resolve->source, dynantic_credentials_unref);
  g_free (resolve);
}

static const char *
get (Resolve    *resolve,
     const char *key)
{
  return dynantic_aws_files_get_for (resolve->load->files, resolve->profile, key);
}

static void
resolve_async (ProfileLoad         *load,
               const char          *profile,
               gboolean             top,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data);

static DynanticCredentials *
resolve_finish (GAsyncResult  *result,
                GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
resolve_return (GTask               *task,
                DynanticCredentials *credentials)
{
  g_task_return_pointer (task, credentials, (GDestroyNotify) dynantic_credentials_unref);
}

static void
resolve_fail (GTask      *task,
              const char *format,
              ...) G_GNUC_PRINTF (2, 3);

static void
resolve_fail (GTask      *task,
              const char *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_task_return_new_error (task, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS, "%s", message);
}

/* Keys. */

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
    /* Translators: %s is the path of the AWS credentials or config
     * file; this is one item of a list of places looked at for credentials */
    g_ptr_array_add (looked, g_strdup_printf (_("%s does not exist or cannot be read"), path));
  else if (section == NULL)
    /* Translators: %s is the path of the AWS credentials or config
     * file; “it” is the profile named in the message that holds this one */
    g_ptr_array_add (looked, g_strdup_printf (_("%s has no section for it"), path));
  else if (access_key_id == NULL && secret_access_key == NULL)
    /* Translators: %s is the path of the AWS credentials or config
     * file; “it” is the profile named in the message that holds this one; “aws_access_key_id” is a
     * setting name, keep it as it is */
    g_ptr_array_add (looked, g_strdup_printf (_("its section in %s has no aws_access_key_id"), path));
  else if (access_key_id == NULL || secret_access_key == NULL)
    g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                 /* Translators: the first %s is the name of an AWS profile, the second the path of a file,
                  * the third and fourth setting names (aws_access_key_id, aws_secret_access_key) */
                 _("The profile “%s” in %s has %s but no %s"), profile, path,
                 access_key_id != NULL ? "aws_access_key_id" : "aws_secret_access_key",
                 access_key_id != NULL ? "aws_secret_access_key" : "aws_access_key_id");
  else
    return dynantic_credentials_new (access_key_id, secret_access_key,
                                     dynantic_aws_ini_section_get (section, "aws_session_token"));

  return NULL;
}

static gboolean
has_keys (Resolve *resolve)
{
  return get (resolve, "aws_access_key_id") != NULL || get (resolve, "aws_secret_access_key") != NULL;
}

/* The sources after the role: web identity, SSO, keys, process. */

static void
source_done (GTask               *task,
             DynanticCredentials *credentials,
             GError              *error)
{
  if (credentials != NULL)
    resolve_return (task, credentials);
  else
    g_task_return_error (task, error);
}

static void
process_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  DynanticCredentials *credentials = dynantic_credential_process_run_finish (result, &error);

  source_done (task, credentials, error);
}

static void
web_identity_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  DynanticCredentials *credentials = dynantic_web_identity_load_finish (result, &error);

  source_done (task, credentials, error);
}

static void
sso_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  DynanticCredentials *credentials = dynantic_sso_load_finish (result, &error);

  source_done (task, credentials, error);
}

/* The sso_session's value of @key, checked against the profile's own. */
static gboolean
sso_setting (Resolve     *resolve,
             const char  *session,
             const char  *key,
             const char **value)
{
  const char *own = get (resolve, key);

  if (session == NULL)
    {
      *value = own;
      return TRUE;
    }

  *value = dynantic_aws_files_get_sso_session (resolve->load->files, session, key);
  if (own != NULL && *value != NULL && g_strcmp0 (own, *value) != 0)
    return FALSE;
  if (*value == NULL)
    *value = own;
  return TRUE;
}

static void
start_sso (GTask *task)
{
  Resolve *resolve = g_task_get_task_data (task);
  DynanticAwsFiles *files = resolve->load->files;
  DynanticSsoConfig config = { resolve->profile, get (resolve, "sso_session") };
  static const char * const session_keys[] = { "sso_start_url", "sso_region" };
  const char *values[G_N_ELEMENTS (session_keys)];

  if (config.session_name != NULL &&
      dynantic_aws_ini_get_sso_session (files->config, config.session_name) == NULL)
    {
      /* Translators: the first %s is the name of an AWS profile, the second the path of the AWS config file;
       * “sso_session” and “[sso-session]” are names to keep as they are */
      resolve_fail (task, _("The sso_session of the profile “%s” names no [sso-session] section of %s"),
                    resolve->profile, files->config_path);
      return;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (session_keys); i++)
    if (!sso_setting (resolve, config.session_name, session_keys[i], &values[i]))
      {
        /* Translators: the first %s is a setting name (such as sso_region), the second the name of an AWS
         * profile; “sso_session” is a setting name, keep it as it is */
        resolve_fail (task, _("The %s of the profile “%s” differs from its sso_session’s"),
                      session_keys[i], resolve->profile);
        return;
      }
  config.start_url = values[0];
  config.region = values[1];
  config.account_id = get (resolve, "sso_account_id");
  config.role_name = get (resolve, "sso_role_name");

  {
    const char *missing = config.start_url == NULL ? "sso_start_url"
                        : config.region == NULL ? "sso_region"
                        : config.account_id == NULL ? "sso_account_id"
                        : config.role_name == NULL ? "sso_role_name"
                        : NULL;

    if (missing != NULL)
      {
        /* Translators: the first %s is the name of an AWS profile, the second a setting name (such as
         * sso_start_url or sso_region) */
        resolve_fail (task, _("The profile “%s” is set up for SSO but has no %s"), resolve->profile, missing);
        return;
      }
  }

  config.portal_endpoint = dynantic_aws_files_get_endpoint (files, "SSO", "sso");
  config.oidc_endpoint = dynantic_aws_files_get_endpoint (files, "SSO_OIDC", "sso_oidc");
  dynantic_sso_load_async (resolve->load->provider->http, &config, g_task_get_cancellable (task), sso_done,
                           g_object_ref (task));
}

static void
resolve_without_role (GTask *task)
{
  Resolve *resolve = g_task_get_task_data (task);
  ProfileLoad *load = resolve->load;
  DynanticAwsFiles *files = load->files;
  g_autoptr(GPtrArray) looked = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *summary = NULL;
  const char *web_identity = get (resolve, "web_identity_token_file");
  const char *process;
  GError *error = NULL;
  DynanticCredentials *credentials;

  if (web_identity != NULL)
    {
      /* Translators: %s is the name of an AWS profile; this text is put into other messages, as in “Could not
       * read the web identity token file of the profile “…”” */
      g_autofree char *where = g_strdup_printf (_("the profile “%s”"), resolve->profile);

      dynantic_web_identity_load_async (load->provider->http, files, web_identity, get (resolve, "role_arn"),
                                        get (resolve, "role_session_name"), where, g_task_get_cancellable (task),
                                        web_identity_done, g_object_ref (task));
      return;
    }

  if (get (resolve, "sso_account_id") != NULL || get (resolve, "sso_role_name") != NULL)
    {
      start_sso (task);
      return;
    }

  credentials = credentials_from_section (files->credentials,
                                          dynantic_aws_ini_get_profile (files->credentials, resolve->profile),
                                          files->credentials_path, resolve->profile, looked, &error);
  if (credentials != NULL || error != NULL)
    {
      source_done (task, credentials, error);
      return;
    }

  process = get (resolve, "credential_process");
  if (process != NULL)
    {
      dynantic_credential_process_run_async (process, resolve->profile, g_task_get_cancellable (task),
                                             process_done, g_object_ref (task));
      return;
    }
  g_ptr_array_add (looked, g_strdup (_("no credential_process is set")));

  credentials = credentials_from_section (files->config,
                                          dynantic_aws_ini_get_profile (files->config, resolve->profile),
                                          files->config_path, resolve->profile, looked, &error);
  if (credentials != NULL || error != NULL)
    {
      source_done (task, credentials, error);
      return;
    }

  if (!resolve->top)
    {
      /* Translators: %s is the name of an AWS profile */
      resolve_fail (task, _("The source profile “%s” has no credentials"), resolve->profile);
      return;
    }

  load->absent = TRUE;
  g_ptr_array_add (looked, NULL);
  summary = g_strjoinv ("; ", (char **) looked->pdata);
  /* Translators: the first %s is the name of an AWS profile, the second a list, separated by semicolons, of
   * the places looked at and what each lacked */
  resolve_fail (task, _("No credentials for the profile “%s”: %s"), resolve->profile, summary);
}

/* The role. */

static void
role_assumed (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Resolve *resolve = g_task_get_task_data (task);
  GError *error = NULL;
  DynanticCredentials *credentials = dynantic_sts_finish (result, &error);
  g_autofree char *what = NULL;

  if (credentials != NULL)
    {
      resolve_return (task, credentials);
      return;
    }

  /* Translators: %s is the name of an AWS profile; “role_arn” is a setting name, keep it as it is */
  what = g_strdup_printf (_("Could not assume the role_arn of the profile “%s”"), resolve->profile);
  g_task_return_error (task, dynantic_credentials_error_wrap (error, what));
}

static guint
duration_seconds (Resolve *resolve)
{
  const char *text = get (resolve, "duration_seconds");
  guint64 value = 0;

  if (text != NULL && !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT32, &value, NULL))
    {
      /* botocore ignores it too */
      g_debug ("credentials: ignoring the duration_seconds of the profile “%s”: not a number", resolve->profile);
      value = 0;
    }
  return (guint) value;
}

static void
assume_role (GTask      *task,
             const char *token_code)
{
  Resolve *resolve = g_task_get_task_data (task);
  DynanticAwsFiles *files = resolve->load->files;
  g_autoptr(DynanticSts) sts = NULL;
  GError *error = NULL;
  DynanticStsRole role = {
    .role_arn = get (resolve, "role_arn"),
    .role_session_name = get (resolve, "role_session_name"),
    .external_id = get (resolve, "external_id"),
    .serial_number = token_code != NULL ? get (resolve, "mfa_serial") : NULL,
    .token_code = token_code,
    .duration_seconds = duration_seconds (resolve),
  };

  sts = dynantic_sts_new (resolve->load->provider->http, dynantic_aws_files_get_region (files),
                          dynantic_aws_files_get_endpoint (files, "STS", "sts"),
                          "AWS_ENDPOINT_URL_STS", &error);
  if (sts == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_debug ("credentials: assuming the role of the profile “%s”", resolve->profile);
  dynantic_sts_assume_role_async (sts, resolve->source, &role, g_task_get_cancellable (task), role_assumed,
                                  g_object_ref (task));
}

static void
mfa_answered (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autofree char *code = dynantic_mfa_ask_finish (result, &error);

  if (code == NULL)
    g_task_return_error (task, error);
  else
    assume_role (task, code);
}

/* The source credentials are there: the MFA code, then the role. */
static void
with_source (GTask               *task,
             DynanticCredentials *source)
{
  Resolve *resolve = g_task_get_task_data (task);
  const char *mfa_serial = get (resolve, "mfa_serial");

  resolve->source = source;
  if (mfa_serial != NULL)
    dynantic_mfa_ask_async (resolve->load->mfa, resolve->profile, mfa_serial, g_task_get_cancellable (task),
                            mfa_answered, g_object_ref (task));
  else
    assume_role (task, NULL);
}

static void
source_profile_resolved (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  DynanticCredentials *credentials = resolve_finish (result, &error);

  if (credentials == NULL)
    g_task_return_error (task, error);
  else
    with_source (task, credentials);
}

static void
credential_source_loaded (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Resolve *resolve = g_task_get_task_data (task);
  GError *error = NULL;
  DynanticCredentials *credentials =
    dynantic_credentials_provider_load_finish (DYNANTIC_CREDENTIALS_PROVIDER (source), result, &error);
  g_autofree char *what = NULL;

  if (credentials != NULL)
    {
      with_source (task, credentials);
      return;
    }

  /* Translators: %s is the name of an AWS profile; “credential_source” is a setting name, keep it as it is */
  what = g_strdup_printf (_("The credential_source of the profile “%s” gave no credentials"), resolve->profile);
  g_task_return_error (task, dynantic_credentials_error_wrap (error, what));
}

static void
from_credential_source (GTask      *task,
                        const char *credential_source)
{
  Resolve *resolve = g_task_get_task_data (task);
  g_autoptr(DynanticCredentialsProvider) provider = NULL;

  if (g_str_equal (credential_source, "Environment"))
    provider = dynantic_credentials_provider_new_environment ();
  else if (g_str_equal (credential_source, "Ec2InstanceMetadata"))
    provider = dynantic_credentials_provider_new_instance_metadata (resolve->load->files->profile);
  else if (g_str_equal (credential_source, "EcsContainer"))
    provider = dynantic_credentials_provider_new_container ();
  else
    {
      /* Translators: %s is the name of an AWS profile; “credential_source”, Environment, Ec2InstanceMetadata
       * and EcsContainer are names to keep as they are */
      resolve_fail (task, _("The credential_source of the profile “%s” is not Environment, "
                            "Ec2InstanceMetadata or EcsContainer"), resolve->profile);
      return;
    }

  dynantic_credentials_provider_load_async (provider, g_task_get_cancellable (task), credential_source_loaded,
                                            g_object_ref (task));
}

/* Whether @source_profile may be used by the profile being resolved: it
 * exists, and following it does not go round in a loop (a profile may name
 * itself when it has keys). */
static gboolean
source_profile_usable (GTask      *task,
                       const char *source_profile)
{
  Resolve *resolve = g_task_get_task_data (task);
  ProfileLoad *load = resolve->load;
  gboolean visited = FALSE;

  if (!dynantic_aws_files_has_profile (load->files, source_profile))
    {
      /* Translators: the first %s is the name of the source profile, the second the name of the AWS profile
       * that names it; “source_profile” is a setting name */
      resolve_fail (task, _("The source_profile “%s” of the profile “%s” does not exist"),
                    source_profile, resolve->profile);
      return FALSE;
    }

  for (guint i = 0; i < load->visited->len; i++)
    visited |= g_str_equal (load->visited->pdata[i], source_profile);

  if (visited && (!g_str_equal (source_profile, resolve->profile) || !has_keys (resolve)))
    {
      /* Translators: the first %s is the name of an AWS profile, the second the name of the profile that
       * closes the loop; “source_profile” is a setting name */
      resolve_fail (task, _("The source_profile of the profile “%s” leads back to the profile “%s”: "
                            "a loop"), resolve->profile, source_profile);
      return FALSE;
    }

  return TRUE;
}

static void
resolve_role (GTask *task)
{
  Resolve *resolve = g_task_get_task_data (task);
  ProfileLoad *load = resolve->load;
  const char *source_profile = get (resolve, "source_profile");
  const char *credential_source = get (resolve, "credential_source");

  if (source_profile != NULL && credential_source != NULL)
    {
      /* Translators: %s is the name of an AWS profile; “source_profile” and “credential_source” are setting
       * names, keep them as they are */
      resolve_fail (task, _("The profile “%s” has both source_profile and credential_source"), resolve->profile);
      return;
    }
  if (source_profile == NULL && credential_source == NULL)
    {
      /* Translators: %s is the name of an AWS profile; “role_arn”, “source_profile” and “credential_source”
       * are setting names, keep them as they are */
      resolve_fail (task, _("The profile “%s” has a role_arn but no source_profile or credential_source"),
                    resolve->profile);
      return;
    }

  if (credential_source != NULL)
    {
      from_credential_source (task, credential_source);
      return;
    }

  if (!source_profile_usable (task, source_profile))
    return;

  g_ptr_array_add (load->visited, g_strdup (source_profile));
  if (g_str_equal (source_profile, resolve->profile))
    {
      /* the profile's own keys, as botocore takes them */
      g_autoptr(GTask) keys = g_task_new (NULL, g_task_get_cancellable (task), source_profile_resolved,
                                          g_object_ref (task));
      Resolve *own = g_new0 (Resolve, 1);

      own->load = load;
      own->profile = g_strdup (source_profile);
      g_task_set_task_data (keys, own, (GDestroyNotify) resolve_free);
      resolve_without_role (keys);
      return;
    }

  resolve_async (load, source_profile, FALSE, g_task_get_cancellable (task), source_profile_resolved,
                 g_object_ref (task));
}

static void
resolve_async (ProfileLoad         *load,
               const char          *profile,
               gboolean             top,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Resolve *resolve = g_new0 (Resolve, 1);

  resolve->load = load;
  resolve->profile = g_strdup (profile);
  resolve->top = top;
  g_task_set_task_data (task, resolve, (GDestroyNotify) resolve_free);

  /* botocore: a role_arn is assumed unless it goes with a web identity
   * token; a source profile's keys win over its role */
  if (get (resolve, "role_arn") != NULL && get (resolve, "web_identity_token_file") == NULL &&
      (top || !has_keys (resolve)))
    resolve_role (task);
  else
    resolve_without_role (task);
}

/* The provider. */

static void
resolved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ProfileLoad *load = g_task_get_task_data (task);
  GError *error = NULL;
  DynanticCredentials *credentials = resolve_finish (result, &error);

  if (credentials != NULL)
    g_task_return_pointer (task, credentials, (GDestroyNotify) dynantic_credentials_unref);
  else if (load->absent)
    g_task_return_error (task, error);
  else
    dynantic_credentials_task_return_failure (task, error);
}

static void
profile_provider_load_async (DynanticCredentialsProvider *provider,
                             GCancellable                *cancellable,
                             GAsyncReadyCallback          callback,
                             gpointer                     user_data)
{
  DynanticProfileCredentialsProvider *self = DYNANTIC_PROFILE_CREDENTIALS_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  ProfileLoad *load = g_new0 (ProfileLoad, 1);

  load->provider = g_object_ref (self);
  load->files = dynantic_aws_files_load (self->profile);
  load->visited = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (load->visited, g_strdup (load->files->profile));
  load->mfa = dynantic_credentials_provider_dup_mfa (provider);
  g_task_set_source_tag (task, profile_provider_load_async);
  g_task_set_task_data (task, load, (GDestroyNotify) profile_load_free);

  resolve_async (load, load->files->profile, TRUE, cancellable, resolved, g_object_ref (task));
}

static void
dynantic_profile_credentials_provider_finalize (GObject *object)
{
  DynanticProfileCredentialsProvider *self = DYNANTIC_PROFILE_CREDENTIALS_PROVIDER (object);

  g_free (self->profile);
  g_clear_pointer (&self->http, dynantic_http_unref);

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
  self->http = dynantic_credentials_http_new (DYNANTIC_CREDENTIALS_STS_TIMEOUT, 3, FALSE);
}

/**
 * dynantic_credentials_provider_new_profile:
 * @profile: (nullable): the profile, or %NULL for `AWS_PROFILE` or `default`
 *
 * A provider that reads a profile of the AWS CLI's shared files at each
 * load (`AWS_CONFIG_FILE`, else `~/.aws/config`; `AWS_SHARED_CREDENTIALS_FILE`,
 * else `~/.aws/credentials`; a setting of the credentials file wins over the
 * config file's), and gets credentials from its sources in botocore's
 * order:
 *
 * 1. `role_arn` (without `web_identity_token_file`): the role is assumed
 *    through STS `AssumeRole` with the credentials of `source_profile`
 *    (resolved the same way: roles may be chained, loops are refused; a
 *    profile may name itself to use its own keys) or of `credential_source`
 *    (`Environment`, `Ec2InstanceMetadata` or `EcsContainer`), with the
 *    profile's `external_id`, `role_session_name`, `duration_seconds` and
 *    `mfa_serial` (the code is asked through
 *    dynantic_credentials_provider_set_mfa_func());
 * 2. `web_identity_token_file` with `role_arn`: STS `AssumeRoleWithWebIdentity`;
 * 3. IAM Identity Center (SSO): `sso_account_id` and `sso_role_name`, with
 *    `sso_session` (an `[sso-session NAME]` section with `sso_start_url` and
 *    `sso_region`) or the legacy `sso_start_url` and `sso_region`, using the
 *    login `aws sso login` cached in `~/.aws/sso/cache/`;
 * 4. `aws_access_key_id`, `aws_secret_access_key`, `aws_session_token` in
 *    the credentials file's section `[profile]`;
 * 5. `credential_process`, a command that prints the credentials as JSON;
 * 6. the same keys in the config file's section `[profile profile]` (or
 *    `[default]`).
 *
 * STS is reached in the profile's region (`AWS_REGION`, `AWS_DEFAULT_REGION`,
 * `region`) at its regional endpoint, or at the endpoint configured for
 * STS: `AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL`, the profile's services
 * section, `endpoint_url` (https, or plain http to this machine). The SSO
 * portal and SSO OIDC are configured the same way (`AWS_ENDPOINT_URL_SSO`,
 * `AWS_ENDPOINT_URL_SSO_OIDC`).
 *
 * A profile with none of these has no credentials; a source that is set
 * and fails (a role that cannot be assumed, an expired SSO login) stops a
 * chain, with a %DYNANTIC_ERROR_CREDENTIALS error that names the profile
 * and the setting.
 *
 * Returns: (transfer full): a new provider
 *
 * Since: 0.1
 */
DynanticCredentialsProvider *
dynantic_credentials_provider_new_profile (const char *profile)
{
  DynanticProfileCredentialsProvider *self =
    g_object_new (DYNANTIC_TYPE_PROFILE_CREDENTIALS_PROVIDER, NULL);

  self->profile = g_strdup (profile);

  return DYNANTIC_CREDENTIALS_PROVIDER (self);
}
