/* dynantic-credentials-container.c: the credentials an ECS task or an EKS
 * pod (Pod Identity) gets from its container credentials endpoint
 *
 * AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is a path on ECS's endpoint,
 * http://169.254.170.2. AWS_CONTAINER_CREDENTIALS_FULL_URI is a whole URL:
 * https to any host, or plain http only to this machine or to the ECS and
 * EKS link-local endpoints (169.254.170.2, 169.254.170.23, fd00:ec2::23),
 * as the AWS SDKs allow (a host name other than localhost is not resolved
 * to check it: it needs https). The request carries the token of
 * AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (read at each load), else of
 * AWS_CONTAINER_AUTHORIZATION_TOKEN, as its Authorization header. The
 * answer is {"AccessKeyId", "SecretAccessKey", "Token", "Expiration"}.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic-credentials-container-private.h"
#include "dynantic-credentials-http-private.h"
#include "dynantic-credentials-private.h"
#include "dynantic-credentials.h"
#include "dynantic-error.h"
#include "dynantic-i18n-private.h"

#define ECS_ENDPOINT "http://169.254.170.2"
/* botocore's ContainerMetadataFetcher: 2 s per attempt, 3 attempts */
#define CONTAINER_TIMEOUT 2.0
#define CONTAINER_ATTEMPTS 3
#define MAX_TOKEN_SIZE (16 * 1024)

static const char * const allowed_link_local_hosts[] = {
  "169.254.170.2",   /* ECS */
  "169.254.170.23",  /* EKS Pod Identity */
  "fd00:ec2::23",    /* EKS Pod Identity, IPv6 */
};

static char *relative_endpoint_override;

void
dynantic_container_credentials_set_relative_endpoint (const char *endpoint)
{
  g_free (relative_endpoint_override);
  relative_endpoint_override = g_strdup (endpoint);
}

static const char *
env (const char *name)
{
  const char *value = g_getenv (name);

  return (value != NULL && *value != '\0') ? value : NULL;
}

static gboolean
full_uri_allowed (GUri *uri)
{
  const char *scheme = g_uri_get_scheme (uri);
  const char *host = g_uri_get_host (uri);

  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (scheme, "http") != 0 || host == NULL)
    return FALSE;
  if (dynantic_credentials_host_is_loopback (host))
    return TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (allowed_link_local_hosts); i++)
    if (g_ascii_strcasecmp (host, allowed_link_local_hosts[i]) == 0)
      return TRUE;
  return FALSE;
}

typedef struct {
  GUri       *uri;
  const char *setting;   /* the variable the URI came from */
  char       *token;     /* the Authorization header, or NULL */
} ContainerLoad;

static void
container_load_free (ContainerLoad *load)
{
  g_clear_pointer (&load->uri, g_uri_unref);
  if (load->token != NULL)
    explicit_bzero (load->token, strlen (load->token));
  g_free (load->token);
  g_free (load);
}

#define DYNANTIC_TYPE_CONTAINER_CREDENTIALS_PROVIDER (dynantic_container_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (DynanticContainerCredentialsProvider, dynantic_container_credentials_provider,
                      DYNANTIC, CONTAINER_CREDENTIALS_PROVIDER, DynanticCredentialsProvider)

struct _DynanticContainerCredentialsProvider
{
  DynanticCredentialsProvider  parent_instance;
  DynanticHttp                *http;
};

G_DEFINE_FINAL_TYPE (DynanticContainerCredentialsProvider, dynantic_container_credentials_provider,
                     DYNANTIC_TYPE_CREDENTIALS_PROVIDER)

static void
fail (GTask  *task,
      GError *error)
{
  ContainerLoad *load = g_task_get_task_data (task);
  /* Translators: %s is the name of the environment variable that gave the endpoint
   * (AWS_CONTAINER_CREDENTIALS_FULL_URI or AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) */
  g_autofree char *what = g_strdup_printf (_("Could not get credentials from the container endpoint (%s)"),
                                           load->setting);

  dynantic_credentials_task_return_failure (task, dynantic_credentials_error_wrap (error, what));
}

static void
answered (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ContainerLoad *load = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autofree char *what = NULL;
  GError *error = NULL;
  DynanticCredentials *credentials;
  gsize size = 0;
  const char *data;

  body = dynantic_http_send_finish (NULL, result, &error);
  if (body == NULL)
    {
      fail (task, error);
      return;
    }

  /* Translators: %s is the name of the environment variable that gave the endpoint; this text starts other
   * messages, as in “The container endpoint (…): the answer is not a JSON object” */
  what = g_strdup_printf (_("The container endpoint (%s)"), load->setting);
  data = g_bytes_get_data (body, &size);
  credentials = dynantic_credentials_from_metadata_json (data, size, what, &error);
  explicit_bzero ((char *) data, size);
  if (credentials != NULL)
    g_task_return_pointer (task, credentials, (GDestroyNotify) dynantic_credentials_unref);
  else
    dynantic_credentials_task_return_failure (task, error);
}

static DynanticAttemptOutcome
container_check (const DynanticHttpResponse  *response,
                 gpointer                     user_data,
                 GError                     **error)
{
  if (response->status >= 200 && response->status < 300)
    return DYNANTIC_ATTEMPT_SUCCEEDED;

  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
               /* Translators: %u is an HTTP status code such as 404 */
               _("the endpoint answered HTTP %u"), response->status);
  return dynantic_attempt_classify (response->status, NULL, NULL);
}

static void
send_request (GTask *task)
{
  DynanticContainerCredentialsProvider *self = g_task_get_source_object (task);
  ContainerLoad *load = g_task_get_task_data (task);
  g_autoptr(DynanticHttpRequest) request = dynantic_http_request_new ("GET", load->uri, "container endpoint",
                                                                     "GetCredentials");

  dynantic_http_request_add_header (request, "Accept", "application/json");
  dynantic_http_request_set_check (request, container_check, NULL);
  if (load->token != NULL)
    dynantic_http_request_add_header (request, "Authorization", load->token);
  g_debug ("credentials: asking the container endpoint of %s", load->setting);
  dynantic_http_send_async (self->http, request, g_task_get_cancellable (task), answered, g_object_ref (task));
}

/* The token must fit in a header: no line breaks. */
static gboolean
set_token (ContainerLoad *load,
           const char    *token,
           gsize          length)
{
  if (length == 0 || length > MAX_TOKEN_SIZE || memchr (token, '\r', length) != NULL ||
      memchr (token, '\n', length) != NULL || memchr (token, '\0', length) != NULL)
    return FALSE;

  load->token = g_strndup (token, length);
  return TRUE;
}

static void
token_file_read (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ContainerLoad *load = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;
  gboolean usable;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        dynantic_credentials_task_return_failure (task,
          g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                       _("Could not read the file AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE names")));
      return;
    }

  /* a file ends with a line break; the token has none */
  while (length > 0 && (contents[length - 1] == '\n' || contents[length - 1] == '\r'))
    length--;
  usable = set_token (load, contents, length);
  explicit_bzero (contents, length);
  g_free (contents);

  if (!usable)
    dynantic_credentials_task_return_failure (task,
      g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                   _("The file AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE names holds no usable token")));
  else
    send_request (task);
}

static GUri *
relative_uri (const char *relative)
{
  g_autofree char *url = NULL;

  if (relative[0] != '/')
    return NULL;
  url = g_strconcat (relative_endpoint_override != NULL ? relative_endpoint_override : ECS_ENDPOINT,
                     relative, NULL);
  return g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
}

static void
container_provider_load_async (DynanticCredentialsProvider *provider,
                               GCancellable                *cancellable,
                               GAsyncReadyCallback          callback,
                               gpointer                     user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);
  const char *relative = env ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  const char *full = env ("AWS_CONTAINER_CREDENTIALS_FULL_URI");
  const char *token_file = env ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
  const char *token = g_getenv ("AWS_CONTAINER_AUTHORIZATION_TOKEN");
  ContainerLoad *load = g_new0 (ContainerLoad, 1);

  g_task_set_source_tag (task, container_provider_load_async);
  g_task_set_task_data (task, load, (GDestroyNotify) container_load_free);

  if (relative == NULL && full == NULL)
    {
      g_task_return_new_error (task, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                               _("No container credentials endpoint: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI "
                                 "and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set"));
      return;
    }

  /* the relative URI wins, as in botocore */
  if (relative != NULL)
    {
      load->setting = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
      load->uri = relative_uri (relative);
    }
  else
    {
      load->setting = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
      load->uri = g_uri_parse (full, G_URI_FLAGS_ENCODED, NULL);
      if (load->uri != NULL && !full_uri_allowed (load->uri))
        {
          dynantic_credentials_task_return_failure (task,
            g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                         _("AWS_CONTAINER_CREDENTIALS_FULL_URI must be an https URL, or http to this "
                           "machine or to the ECS or EKS container endpoint")));
          return;
        }
    }

  if (load->uri == NULL || g_uri_get_host (load->uri) == NULL)
    {
      dynantic_credentials_task_return_failure (task,
        /* Translators: %s is the name of an environment variable (AWS_CONTAINER_CREDENTIALS_FULL_URI or
         * AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) whose value is not a valid URL */
        g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS, _("%s is not a valid URL"), load->setting));
      return;
    }

  if (token_file != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (token_file);

      g_file_load_contents_async (file, cancellable, token_file_read, g_object_ref (task));
      return;
    }

  if (token != NULL && !set_token (load, token, strlen (token)))
    {
      dynantic_credentials_task_return_failure (task,
        g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                     _("AWS_CONTAINER_AUTHORIZATION_TOKEN holds no usable token")));
      return;
    }

  send_request (task);
}

static void
dynantic_container_credentials_provider_finalize (GObject *object)
{
  DynanticContainerCredentialsProvider *self = DYNANTIC_CONTAINER_CREDENTIALS_PROVIDER (object);

  g_clear_pointer (&self->http, dynantic_http_unref);

  G_OBJECT_CLASS (dynantic_container_credentials_provider_parent_class)->finalize (object);
}

static void
dynantic_container_credentials_provider_class_init (DynanticContainerCredentialsProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dynantic_container_credentials_provider_finalize;
  DYNANTIC_CREDENTIALS_PROVIDER_CLASS (klass)->load_async = container_provider_load_async;
}

static void
dynantic_container_credentials_provider_init (DynanticContainerCredentialsProvider *self)
{
  self->http = dynantic_credentials_http_new (CONTAINER_TIMEOUT, CONTAINER_ATTEMPTS, TRUE);
}

/**
 * dynantic_credentials_provider_new_container:
 *
 * A provider for the credentials of an ECS task's role or an EKS pod's
 * (EKS Pod Identity), from the endpoint the container's environment names:
 * `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`, a path on ECS's endpoint
 * `http://169.254.170.2`, else `AWS_CONTAINER_CREDENTIALS_FULL_URI`, a URL
 * that must be https, or plain http to this machine or to the ECS or EKS
 * container endpoint (`169.254.170.2`, `169.254.170.23`, `fd00:ec2::23`).
 * The request carries the token in the file
 * `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` names (read at each load), else
 * in `AWS_CONTAINER_AUTHORIZATION_TOKEN`. When neither URI is set it has no
 * credentials; when one is and the endpoint fails, a chain stops there.
 *
 * Returns: (transfer full): a new provider
 *
 * Since: 0.2
 */
DynanticCredentialsProvider *
dynantic_credentials_provider_new_container (void)
{
  return g_object_new (DYNANTIC_TYPE_CONTAINER_CREDENTIALS_PROVIDER, NULL);
}
