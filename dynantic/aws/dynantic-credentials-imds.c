/* dynantic-credentials-imds.c: an EC2 instance's role credentials, from the
 * instance metadata service (IMDS), as botocore's InstanceMetadataFetcher
 * gets them
 *
 *   PUT  /latest/api/token   (X-aws-ec2-metadata-token-ttl-seconds: 21600)
 *   GET  /latest/meta-data/iam/security-credentials/         -> the role's name
 *   GET  /latest/meta-data/iam/security-credentials/ROLE     -> the credentials
 *
 * the GETs with the token (X-aws-ec2-metadata-token) when IMDSv2 gave one.
 * When the token request is refused as IMDSv1-only services refuse it (403,
 * 404, 405), times out or cannot connect, the GETs go without a token
 * (IMDSv1), unless AWS_EC2_METADATA_V1_DISABLED or the profile's
 * ec2_metadata_v1_disabled forbids it. AWS_EC2_METADATA_DISABLED=true
 * turns the provider off. The endpoint: AWS_EC2_METADATA_SERVICE_ENDPOINT,
 * the profile's ec2_metadata_service_endpoint, else the IPv4 or (with
 * AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE / ec2_metadata_service_endpoint_mode
 * IPv6) IPv6 link-local address. Each request gets
 * AWS_METADATA_SERVICE_TIMEOUT seconds (default 1) and
 * AWS_METADATA_SERVICE_NUM_ATTEMPTS attempts (default 1).
 *
 * Credentials the service gives already expired or about to (it could not
 * renew them) are used a while longer, as botocore does ("static
 * stability"): their expiration is moved 15 minutes and a random 2 to 10
 * more ahead, so that the next refresh comes after that.
 *
 * IMDS is the last source of the default chain: its failures let the chain
 * end with what every source said.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic-aws-config-private.h"
#include "dynantic-credentials-http-private.h"
#include "dynantic-credentials-private.h"
#include "dynantic-credentials.h"
#include "dynantic-error.h"
#include "dynantic-i18n-private.h"

#define IPV4_ENDPOINT "http://169.254.169.254"
#define IPV6_ENDPOINT "http://[fd00:ec2::254]"
#define TOKEN_PATH "/latest/api/token"
#define ROLE_PATH "/latest/meta-data/iam/security-credentials/"
#define TOKEN_TTL "21600"
#define DEFAULT_TIMEOUT 1.0
#define DEFAULT_ATTEMPTS 1
#define MAX_ATTEMPTS 10
/* botocore's ec2_credential_refresh_window and jitter */
#define EXTENSION (15 * G_TIME_SPAN_MINUTE)
#define EXTENSION_JITTER_MIN (2 * G_TIME_SPAN_MINUTE)
#define EXTENSION_JITTER_MAX (10 * G_TIME_SPAN_MINUTE)

typedef enum {
  STEP_TOKEN,
  STEP_ROLE,
  STEP_CREDENTIALS,
} ImdsStep;

typedef struct {
  DynanticHttp *http;
  ImdsStep      step;         /* the request in flight */
  char         *endpoint;     /* without a trailing slash */
  gboolean      v1_disabled;
  char         *token;        /* IMDSv2's, or NULL (IMDSv1) */
  char         *role;
} ImdsLoad;

static void
imds_load_free (ImdsLoad *load)
{
  g_clear_pointer (&load->http, dynantic_http_unref);
  g_free (load->endpoint);
  if (load->token != NULL)
    explicit_bzero (load->token, strlen (load->token));
  g_free (load->token);
  g_free (load->role);
  g_free (load);
}

static const char *
setting (DynanticAwsFiles *files,
         const char       *variable,
         const char       *key)
{
  const char *value = g_getenv (variable);

  if (value != NULL && *value != '\0')
    return value;
  return dynantic_aws_files_get (files, key);
}

static gboolean
is_true (const char *value)
{
  return value != NULL && g_ascii_strcasecmp (value, "true") == 0;
}

static char *
endpoint_of (DynanticAwsFiles *files)
{
  const char *endpoint = setting (files, "AWS_EC2_METADATA_SERVICE_ENDPOINT", "ec2_metadata_service_endpoint");
  const char *mode = setting (files, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ec2_metadata_service_endpoint_mode");
  gsize length;

  if (endpoint == NULL)
    endpoint = (mode != NULL && g_ascii_strcasecmp (mode, "IPv6") == 0) ? IPV6_ENDPOINT : IPV4_ENDPOINT;

  length = strlen (endpoint);
  while (length > 0 && endpoint[length - 1] == '/')
    length--;
  return g_strndup (endpoint, length);
}

static DynanticHttp *
http_of (DynanticAwsFiles *files)
{
  const char *timeout_text = setting (files, "AWS_METADATA_SERVICE_TIMEOUT", "metadata_service_timeout");
  const char *attempts_text = setting (files, "AWS_METADATA_SERVICE_NUM_ATTEMPTS", "metadata_service_num_attempts");
  double timeout = DEFAULT_TIMEOUT;
  guint64 attempts = DEFAULT_ATTEMPTS;

  if (timeout_text != NULL)
    {
      char *end = NULL;
      double value = g_ascii_strtod (timeout_text, &end);

      if (end != timeout_text && *end == '\0' && value > 0 && value <= 3600)
        timeout = value;
      else
        g_debug ("credentials: ignoring the IMDS timeout setting: not a number of seconds");
    }
  if (attempts_text != NULL &&
      !g_ascii_string_to_unsigned (attempts_text, 10, 1, MAX_ATTEMPTS, &attempts, NULL))
    {
      g_debug ("credentials: ignoring the IMDS attempts setting: not a number from 1 to %d", MAX_ATTEMPTS);
      attempts = DEFAULT_ATTEMPTS;
    }

  return dynantic_credentials_http_new (timeout, (guint) attempts, TRUE);
}

/* The token request's verdict: 403, 404 and 405 mean "no IMDSv2 here"
 * (G_IO_ERROR_NOT_SUPPORTED, for the fallback), 400 a bad request. */
static DynanticAttemptOutcome
token_check (const DynanticHttpResponse  *response,
             gpointer                     user_data,
             GError                     **error)
{
  if (response->status == 200)
    return DYNANTIC_ATTEMPT_SUCCEEDED;

  if (response->status == 403 || response->status == 404 || response->status == 405)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "HTTP %u", response->status);
      return DYNANTIC_ATTEMPT_FAILED;
    }

  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
               /* Translators: %u is an HTTP status code such as 403 */
               _("The instance metadata service answered HTTP %u to the token request"), response->status);
  return dynantic_attempt_classify (response->status, NULL, NULL);
}

/* The GETs: 404 for the role's name means the instance has no role
 * (G_IO_ERROR_NOT_FOUND); an empty answer is retried, as botocore does. */
static DynanticAttemptOutcome
get_check (const DynanticHttpResponse  *response,
           gpointer                     user_data,
           GError                     **error)
{
  if (response->status == 200 && g_bytes_get_size (response->body) > 0)
    return DYNANTIC_ATTEMPT_SUCCEEDED;

  if (response->status == 200)
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                   _("The instance metadata service answered with nothing"));
      return DYNANTIC_ATTEMPT_TRANSIENT;
    }
  if (response->status == 404)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "HTTP 404");
      return DYNANTIC_ATTEMPT_FAILED;
    }

  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
               /* Translators: %u is an HTTP status code such as 404 */
               _("The instance metadata service answered HTTP %u"), response->status);
  return response->status == 401 ? DYNANTIC_ATTEMPT_FAILED : dynantic_attempt_classify (response->status, NULL, NULL);
}

static void imds_step (GTask    *task,
                       ImdsStep  step);

static void
imds_fail (GTask      *task,
           GError     *error)
{
  g_task_return_error (task, dynantic_credentials_error_wrap (error, _("The instance metadata service")));
}

/* Credentials about to expire, kept a while (static stability). */
static DynanticCredentials *
extended (DynanticCredentials *credentials)
{
  GDateTime *expiration = dynantic_credentials_get_expiration (credentials);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = NULL;
  GTimeSpan extension;

  if (expiration == NULL || g_date_time_difference (expiration, now) > EXTENSION)
    return credentials;

  extension = EXTENSION + g_random_int_range (EXTENSION_JITTER_MIN / G_USEC_PER_SEC,
                                              EXTENSION_JITTER_MAX / G_USEC_PER_SEC) * G_USEC_PER_SEC;
  later = g_date_time_add (now, extension);
  g_info ("The instance metadata service gave credentials about to expire; using them %d more minutes",
          (int) (extension / G_TIME_SPAN_MINUTE));

  {
    DynanticCredentials *kept =
      dynantic_credentials_new_with_expiration (dynantic_credentials_get_access_key_id (credentials),
                                                dynantic_credentials_get_secret_access_key (credentials),
                                                dynantic_credentials_get_session_token (credentials), later);

    dynantic_credentials_unref (credentials);
    return kept;
  }
}

static void
answered (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ImdsLoad *load = g_task_get_task_data (task);
  ImdsStep step = load->step;
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  gsize size = 0;
  const char *data;

  body = dynantic_http_send_finish (NULL, result, &error);

  if (step == STEP_TOKEN && body == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_error_matches (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS))
    {
      /* refused as IMDSv1 refuses it, timed out, or unreachable */
      if (load->v1_disabled)
        {
          g_clear_error (&error);
          g_task_return_new_error (task, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                                   _("The instance metadata service gave no IMDSv2 token, and IMDSv1 is "
                                     "disabled (AWS_EC2_METADATA_V1_DISABLED, ec2_metadata_v1_disabled)"));
          return;
        }
      g_debug ("credentials: no IMDSv2 token (%s); trying IMDSv1", error->message);
      g_clear_error (&error);
      imds_step (task, STEP_ROLE);
      return;
    }

  if (body == NULL)
    {
      if (step == STEP_ROLE && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          g_clear_error (&error);
          g_task_return_new_error (task, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                                   _("The instance metadata service has no IAM role for this instance"));
          return;
        }
      imds_fail (task, error);
      return;
    }

  data = g_bytes_get_data (body, &size);
  switch (step)
    {
    case STEP_TOKEN:
      load->token = g_strstrip (g_strndup (data, size));
      explicit_bzero ((char *) data, size);
      imds_step (task, STEP_ROLE);
      break;
    case STEP_ROLE:
      load->role = g_strstrip (g_strndup (data, strcspn (data, "\n")));
      if (*load->role == '\0')
        g_task_return_new_error (task, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                                 _("The instance metadata service named no IAM role"));
      else
        imds_step (task, STEP_CREDENTIALS);
      break;
    case STEP_CREDENTIALS:
    default:
      {
        DynanticCredentials *credentials =
          dynantic_credentials_from_metadata_json (data, size, _("The instance metadata service"), &error);

        explicit_bzero ((char *) data, size);
        if (credentials == NULL)
          g_task_return_error (task, error);
        else
          g_task_return_pointer (task, extended (credentials), (GDestroyNotify) dynantic_credentials_unref);
      }
      break;
    }
}

static void
imds_step (GTask    *task,
           ImdsStep  step)
{
  ImdsLoad *load = g_task_get_task_data (task);
  g_autoptr(DynanticHttpRequest) request = NULL;
  g_autofree char *url = NULL;
  g_autofree char *role = NULL;
  g_autoptr(GUri) uri = NULL;

  switch (step)
    {
    case STEP_TOKEN:
      url = g_strconcat (load->endpoint, TOKEN_PATH, NULL);
      break;
    case STEP_ROLE:
      url = g_strconcat (load->endpoint, ROLE_PATH, NULL);
      break;
    case STEP_CREDENTIALS:
    default:
      role = g_uri_escape_string (load->role, NULL, FALSE);
      url = g_strconcat (load->endpoint, ROLE_PATH, role, NULL);
      break;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL)
    {
      g_task_return_new_error (task, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                               _("The instance metadata service endpoint is not a valid URL"));
      return;
    }

  request = dynantic_http_request_new (step == STEP_TOKEN ? "PUT" : "GET", uri, "instance metadata service",
                                       step == STEP_TOKEN ? "GetToken" : step == STEP_ROLE ? "GetRoleName"
                                                                                         : "GetCredentials");
  if (step == STEP_TOKEN)
    {
      dynantic_http_request_add_header (request, "X-aws-ec2-metadata-token-ttl-seconds", TOKEN_TTL);
      dynantic_http_request_set_check (request, token_check, NULL);
    }
  else
    {
      if (load->token != NULL)
        dynantic_http_request_add_header (request, "X-aws-ec2-metadata-token", load->token);
      dynantic_http_request_set_check (request, get_check, NULL);
    }

  load->step = step;
  dynantic_http_send_async (load->http, request, g_task_get_cancellable (task), answered, g_object_ref (task));
}

#define DYNANTIC_TYPE_IMDS_CREDENTIALS_PROVIDER (dynantic_imds_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (DynanticImdsCredentialsProvider, dynantic_imds_credentials_provider,
                      DYNANTIC, IMDS_CREDENTIALS_PROVIDER, DynanticCredentialsProvider)

struct _DynanticImdsCredentialsProvider
{
  DynanticCredentialsProvider  parent_instance;
  char                        *profile;
};

G_DEFINE_FINAL_TYPE (DynanticImdsCredentialsProvider, dynantic_imds_credentials_provider,
                     DYNANTIC_TYPE_CREDENTIALS_PROVIDER)

static void
imds_provider_load_async (DynanticCredentialsProvider *provider,
                          GCancellable                *cancellable,
                          GAsyncReadyCallback          callback,
                          gpointer                     user_data)
{
  DynanticImdsCredentialsProvider *self = DYNANTIC_IMDS_CREDENTIALS_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(DynanticAwsFiles) files = NULL;
  ImdsLoad *load;

  g_task_set_source_tag (task, imds_provider_load_async);
  if (is_true (g_getenv ("AWS_EC2_METADATA_DISABLED")))
    {
      g_task_return_new_error (task, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                               _("The instance metadata service is disabled (AWS_EC2_METADATA_DISABLED)"));
      return;
    }

  files = dynantic_aws_files_load (self->profile);
  load = g_new0 (ImdsLoad, 1);
  load->http = http_of (files);
  load->endpoint = endpoint_of (files);
  load->v1_disabled = is_true (setting (files, "AWS_EC2_METADATA_V1_DISABLED", "ec2_metadata_v1_disabled"));
  g_task_set_task_data (task, load, (GDestroyNotify) imds_load_free);

  g_debug ("credentials: asking the instance metadata service");
  imds_step (task, STEP_TOKEN);
}

static void
dynantic_imds_credentials_provider_finalize (GObject *object)
{
  DynanticImdsCredentialsProvider *self = DYNANTIC_IMDS_CREDENTIALS_PROVIDER (object);

  g_free (self->profile);

  G_OBJECT_CLASS (dynantic_imds_credentials_provider_parent_class)->finalize (object);
}

static void
dynantic_imds_credentials_provider_class_init (DynanticImdsCredentialsProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dynantic_imds_credentials_provider_finalize;
  DYNANTIC_CREDENTIALS_PROVIDER_CLASS (klass)->load_async = imds_provider_load_async;
}

static void
dynantic_imds_credentials_provider_init (DynanticImdsCredentialsProvider *self)
{
}

/**
 * dynantic_credentials_provider_new_instance_metadata:
 * @profile: (nullable): the profile whose settings are read, or %NULL for
 *   `AWS_PROFILE` or `default`
 *
 * A provider for the credentials of an EC2 instance's IAM role, from the
 * instance metadata service: an IMDSv2 session token first, then the
 * role's name, then its credentials. When the service refuses the token
 * request as IMDSv1-only services do, or does not answer it, the requests
 * go without a token, unless `AWS_EC2_METADATA_V1_DISABLED` (or the
 * profile's `ec2_metadata_v1_disabled`) is true. `AWS_EC2_METADATA_DISABLED=true`
 * turns it off. The service is at `AWS_EC2_METADATA_SERVICE_ENDPOINT` (or
 * the profile's `ec2_metadata_service_endpoint`), else `http://169.254.169.254`
 * (`http://[fd00:ec2::254]` with the endpoint mode `IPv6`); each request
 * gets `AWS_METADATA_SERVICE_TIMEOUT` seconds (default 1) and
 * `AWS_METADATA_SERVICE_NUM_ATTEMPTS` attempts (default 1), or the
 * profile's `metadata_service_timeout` and `metadata_service_num_attempts`.
 *
 * Returns: (transfer full): a new provider
 *
 * Since: 0.2
 */
DynanticCredentialsProvider *
dynantic_credentials_provider_new_instance_metadata (const char *profile)
{
  DynanticImdsCredentialsProvider *self = g_object_new (DYNANTIC_TYPE_IMDS_CREDENTIALS_PROVIDER, NULL);

  self->profile = g_strdup (profile);
  return DYNANTIC_CREDENTIALS_PROVIDER (self);
}
