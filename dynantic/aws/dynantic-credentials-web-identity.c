/* dynantic-credentials-web-identity.c: the credentials of a role assumed
 * with a web identity token (EKS pods with IAM roles for service accounts,
 * and any OIDC identity): AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN,
 * AWS_ROLE_SESSION_NAME, or a profile's web_identity_token_file, role_arn
 * and role_session_name, through STS AssumeRoleWithWebIdentity
 *
 * The token file is read again at each load: the platform replaces it
 * before the token expires.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic-aws-config-private.h"
#include "dynantic-credentials-http-private.h"
#include "dynantic-credentials-private.h"
#include "dynantic-credentials-web-identity-private.h"
#include "dynantic-credentials.h"
#include "dynantic-error.h"
#include "dynantic-i18n-private.h"
#include "dynantic-sts-private.h"

/* A token is a JWT of a few kilobytes. */
#define MAX_TOKEN_SIZE (64 * 1024)

typedef struct {
  DynanticSts *sts;
  char        *role_arn;
  char        *session_name;
  char        *where;        /* the source, for errors */
} WebIdentityLoad;

static void
web_identity_load_free (WebIdentityLoad *load)
{
  dynantic_sts_free (load->sts);
  g_free (load->role_arn);
  g_free (load->session_name);
  g_free (load->where);
  g_free (load);
}

static void
assumed (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WebIdentityLoad *load = g_task_get_task_data (task);
  GError *error = NULL;
  DynanticCredentials *credentials = dynantic_sts_finish (result, &error);
  g_autofree char *what = NULL;

  if (credentials != NULL)
    {
      g_task_return_pointer (task, credentials, (GDestroyNotify) dynantic_credentials_unref);
      return;
    }

  /* Translators: %s says where the token came from: either “the profile “…”” (a translated message) or the
   * environment variable AWS_WEB_IDENTITY_TOKEN_FILE; “role_arn” is a setting name */
  what = g_strdup_printf (_("Could not assume the role_arn of %s with its web identity token"), load->where);
  g_task_return_error (task, dynantic_credentials_error_wrap (error, what));
}

static void
token_read (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WebIdentityLoad *load = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  DynanticStsRole role = { load->role_arn, load->session_name };
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                                 /* Translators: %s says where the token file was named: either “the profile
                                  * “…”” (a translated message) or the environment variable
                                  * AWS_WEB_IDENTITY_TOKEN_FILE */
                                 _("Could not read the web identity token file of %s"), load->where);
      return;
    }

  g_strstrip (contents);
  if (*contents == '\0' || length > MAX_TOKEN_SIZE)
    g_task_return_new_error (task, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                             /* Translators: %s says where the token file was named: either “the profile “…””
                              * (a translated message) or the environment variable AWS_WEB_IDENTITY_TOKEN_FILE */
                             _("The web identity token file of %s holds no token"), load->where);
  else
    dynantic_sts_assume_role_with_web_identity_async (load->sts, &role, contents, g_task_get_cancellable (task),
                                                      assumed, g_object_ref (task));

  explicit_bzero (contents, length);
  g_free (contents);
}

void
dynantic_web_identity_load_async (DynanticHttp        *http,
                                  DynanticAwsFiles    *files,
                                  const char          *token_file,
                                  const char          *role_arn,
                                  const char          *session_name,
                                  const char          *where,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GFile) file = NULL;
  GError *error = NULL;
  WebIdentityLoad *load = g_new0 (WebIdentityLoad, 1);

  load->role_arn = g_strdup (role_arn);
  load->session_name = g_strdup (session_name);
  load->where = g_strdup (where);
  g_task_set_source_tag (task, dynantic_web_identity_load_async);
  g_task_set_task_data (task, load, (GDestroyNotify) web_identity_load_free);

  if (role_arn == NULL)
    {
      g_task_return_new_error (task, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                               /* Translators: %s says where the token file was named: either “the profile
                                * “…”” (a translated message) or the environment variable
                                * AWS_WEB_IDENTITY_TOKEN_FILE */
                               _("%s has a web identity token file but no role ARN to assume"), where);
      return;
    }

  load->sts = dynantic_sts_new (http, dynantic_aws_files_get_region (files),
                                dynantic_aws_files_get_endpoint (files, "STS", "sts"),
                                "AWS_ENDPOINT_URL_STS", &error);
  if (load->sts == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_debug ("credentials: assuming a role with the web identity token of %s", where);
  file = g_file_new_for_path (token_file);
  g_file_load_contents_async (file, cancellable, token_read, g_object_ref (task));
}

DynanticCredentials *
dynantic_web_identity_load_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The provider of the environment's web identity. */

#define DYNANTIC_TYPE_WEB_IDENTITY_CREDENTIALS_PROVIDER (dynantic_web_identity_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (DynanticWebIdentityCredentialsProvider, dynantic_web_identity_credentials_provider,
                      DYNANTIC, WEB_IDENTITY_CREDENTIALS_PROVIDER, DynanticCredentialsProvider)

struct _DynanticWebIdentityCredentialsProvider
{
  DynanticCredentialsProvider  parent_instance;
  char                        *profile;  /* for the region and STS's endpoint */
  DynanticHttp                *http;
};

G_DEFINE_FINAL_TYPE (DynanticWebIdentityCredentialsProvider, dynantic_web_identity_credentials_provider,
                     DYNANTIC_TYPE_CREDENTIALS_PROVIDER)

static const char *
env (const char *name)
{
  const char *value = g_getenv (name);

  return (value != NULL && *value != '\0') ? value : NULL;
}

static void
provider_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  DynanticCredentials *credentials = dynantic_web_identity_load_finish (result, &error);

  if (credentials != NULL)
    g_task_return_pointer (task, credentials, (GDestroyNotify) dynantic_credentials_unref);
  else
    dynantic_credentials_task_return_failure (task, error);
}

static void
web_identity_provider_load_async (DynanticCredentialsProvider *provider,
                                  GCancellable                *cancellable,
                                  GAsyncReadyCallback          callback,
                                  gpointer                     user_data)
{
  DynanticWebIdentityCredentialsProvider *self = DYNANTIC_WEB_IDENTITY_CREDENTIALS_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(DynanticAwsFiles) files = NULL;
  const char *token_file = env ("AWS_WEB_IDENTITY_TOKEN_FILE");

  g_task_set_source_tag (task, web_identity_provider_load_async);
  if (token_file == NULL)
    {
      g_task_return_new_error (task, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                               _("No web identity in the environment: AWS_WEB_IDENTITY_TOKEN_FILE is not set"));
      return;
    }

  files = dynantic_aws_files_load (self->profile);
  dynantic_web_identity_load_async (self->http, files, token_file, env ("AWS_ROLE_ARN"),
                                    env ("AWS_ROLE_SESSION_NAME"), "AWS_WEB_IDENTITY_TOKEN_FILE",
                                    cancellable, provider_loaded, g_object_ref (task));
}

static void
dynantic_web_identity_credentials_provider_finalize (GObject *object)
{
  DynanticWebIdentityCredentialsProvider *self = DYNANTIC_WEB_IDENTITY_CREDENTIALS_PROVIDER (object);

  g_free (self->profile);
  g_clear_pointer (&self->http, dynantic_http_unref);

  G_OBJECT_CLASS (dynantic_web_identity_credentials_provider_parent_class)->finalize (object);
}

static void
dynantic_web_identity_credentials_provider_class_init (DynanticWebIdentityCredentialsProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dynantic_web_identity_credentials_provider_finalize;
  DYNANTIC_CREDENTIALS_PROVIDER_CLASS (klass)->load_async = web_identity_provider_load_async;
}

static void
dynantic_web_identity_credentials_provider_init (DynanticWebIdentityCredentialsProvider *self)
{
  self->http = dynantic_credentials_http_new (DYNANTIC_CREDENTIALS_STS_TIMEOUT, 3, FALSE);
}

/**
 * dynantic_credentials_provider_new_web_identity:
 * @profile: (nullable): the profile whose region and STS endpoint are
 *   used, or %NULL for `AWS_PROFILE` or `default`
 *
 * A provider that assumes the role in `AWS_ROLE_ARN` with the web
 * identity token in the file `AWS_WEB_IDENTITY_TOKEN_FILE` names (as EKS
 * sets them for a pod with an IAM role for its service account), through
 * STS `AssumeRoleWithWebIdentity`, with the session name
 * `AWS_ROLE_SESSION_NAME` if set. The variables and the file are read
 * again at each load. STS is reached at the region's endpoint, or at the
 * endpoint configured for STS (`AWS_ENDPOINT_URL_STS`, ...; see the
 * README's configuration).
 *
 * Returns: (transfer full): a new provider
 *
 * Since: 0.2
 */
DynanticCredentialsProvider *
dynantic_credentials_provider_new_web_identity (const char *profile)
{
  DynanticWebIdentityCredentialsProvider *self =
    g_object_new (DYNANTIC_TYPE_WEB_IDENTITY_CREDENTIALS_PROVIDER, NULL);

  self->profile = g_strdup (profile);
  return DYNANTIC_CREDENTIALS_PROVIDER (self);
}
