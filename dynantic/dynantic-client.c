/* dynantic-client.c: the connection to DynamoDB
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <libsoup/soup.h>

#include "aws/dynantic-aws-config-private.h"
#include "aws/dynantic-http-private.h"
#include "aws/dynantic-retry-private.h"
#include "codec/dynantic-json-private.h"
#include "dynantic-client-private.h"
#include "dynantic-enums.h"
#include "dynantic-error-private.h"
#include "dynantic-i18n-private.h"
#include "read/dynantic-cursor-private.h"

#define DEFAULT_MAX_ATTEMPTS 3
#define SERVICE_NAME "DynamoDB"
#define TARGET_PREFIX "DynamoDB_20120810."
#define CONTENT_TYPE "application/x-amz-json-1.0"

/**
 * DynanticClient:
 *
 * The connection to DynamoDB: region, endpoint, credentials, retry policy and
 * timeouts, and one HTTP session whose connections are reused.
 *
 * ## Threads
 *
 * All properties are set at construction and never change, so a client can be
 * shared. Synchronous calls may be made on one client from any number of
 * threads at the same time, each doing its I/O in its own thread.
 * Asynchronous calls complete in the thread-default main context of the
 * thread that started them, which must be running a main loop. The retry
 * quota and the adaptive rate limiter are shared by every call of a client,
 * whatever its thread.
 *
 * ## Retries and timeouts
 *
 * A call is retried, up to #DynanticClient:max-attempts attempts in all, when
 * DynamoDB throttles it, fails with HTTP 5xx, when the connection fails or
 * drops, when an attempt times out, and when a response arrives damaged (its
 * `x-amz-crc32` does not match). Client errors such as a validation failure
 * or a failed condition are never retried. Before each retry the call waits a
 * random time up to min(20 s, base × 2^retry), base being 25 ms, or 1 s after
 * throttling (the AWS SDKs' "full jitter" backoff for DynamoDB). Every retry
 * takes 5 tokens (10 after a timeout) from the client's retry quota of 500,
 * and every success gives some back: when the quota runs dry, calls fail with
 * their last error instead of retrying, so a struggling service is not
 * hammered. In %DYNANTIC_RETRY_MODE_ADAPTIVE the client also limits its own
 * send rate once DynamoDB has throttled it.
 *
 * #DynanticClient:timeout limits each attempt, #DynanticClient:total-timeout
 * the whole call, backoff included; either gives %DYNANTIC_ERROR_TIMEOUT.
 * Cancelling the call's #GCancellable stops it at once, during an attempt or
 * a wait, with %G_IO_ERROR_CANCELLED.
 *
 * Redirects are never followed: an endpoint that answers with HTTP 3xx fails
 * the call with %DYNANTIC_ERROR_REDIRECT, and the request (its signature and
 * session token) goes nowhere else.
 *
 * A client made with dynantic_client_new() takes its settings the way the
 * AWS CLI does: `AWS_REGION`/`AWS_DEFAULT_REGION`, `AWS_ENDPOINT_URL_DYNAMODB`/
 * `AWS_ENDPOINT_URL`, `AWS_PROFILE` and the shared config and credentials
 * files. Problems with those settings (no region, a malformed endpoint) are
 * reported by the first call.
 */
struct _DynanticClient
{
  GObject                      parent_instance;

  char                        *region;
  char                        *endpoint;
  char                        *profile;
  DynanticCredentialsProvider *credentials_provider;
  guint                        max_attempts;
  DynanticRetryMode            retry_mode;
  double                       timeout;
  double                       total_timeout;
  GBytes                      *cursor_key;

  GError                      *config_error;
  GUri                        *uri;
  DynanticHttp                *http;        /* session, retries, timeouts */
  DynanticHttpAuth            *auth;        /* credentials, SigV4 for dynamodb */
};

G_DEFINE_FINAL_TYPE (DynanticClient, dynantic_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REGION,
  PROP_ENDPOINT,
  PROP_PROFILE,
  PROP_CREDENTIALS_PROVIDER,
  PROP_MAX_ATTEMPTS,
  PROP_RETRY_MODE,
  PROP_TIMEOUT,
  PROP_TOTAL_TIMEOUT,
  PROP_CURSOR_KEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static gboolean
resolve_endpoint (DynanticClient  *self,
                  GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *scheme;
  const char *host;

  if (self->endpoint == NULL)
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                   _("No region is configured: set the client's region, AWS_REGION, "
                     "AWS_DEFAULT_REGION or `region` in the profile “%s” of the AWS config file"),
                   self->profile);
      return FALSE;
    }

  self->uri = g_uri_parse (self->endpoint, SOUP_HTTP_URI_FLAGS, &local_error);
  if (self->uri == NULL)
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                   _("The endpoint “%s” is not a valid URL: %s"), self->endpoint, local_error->message);
      return FALSE;
    }

  scheme = g_uri_get_scheme (self->uri);
  host = g_uri_get_host (self->uri);
  if (host == NULL || *host == '\0' ||
      (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0))
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                   _("The endpoint “%s” must be an http or https URL with a host"), self->endpoint);
      return FALSE;
    }

  if (g_ascii_strcasecmp (scheme, "http") == 0 && !host_is_loopback (host))
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                   _("The endpoint “%s” uses plain http to a host that is not on this machine; "
                     "use https"), self->endpoint);
      return FALSE;
    }

  return TRUE;
}

/* The settings may turn the default standard mode into adaptive; a client
 * made adaptive stays so. */
static DynanticRetryMode
resolve_retry_mode (DynanticRetryMode  mode,
                    const char        *setting)
{
  if (setting != NULL && g_ascii_strcasecmp (setting, "adaptive") == 0)
    return DYNANTIC_RETRY_MODE_ADAPTIVE;
  return mode;
}

static void
dynantic_client_constructed (GObject *object)
{
  DynanticClient *self = DYNANTIC_CLIENT (object);
  g_autoptr(DynanticAwsSettings) settings = dynantic_aws_settings_resolve (self->profile);

  G_OBJECT_CLASS (dynantic_client_parent_class)->constructed (object);

  if (self->profile == NULL)
    self->profile = g_strdup (settings->profile);
  if (self->region == NULL)
    self->region = g_strdup (settings->region);
  if (self->endpoint == NULL)
    self->endpoint = settings->endpoint_url != NULL ? g_strdup (settings->endpoint_url)
                   : self->region != NULL ? dynantic_aws_default_endpoint (self->region)
                   : NULL;
  if (self->region == NULL && self->endpoint != NULL)
    self->region = g_strdup ("us-east-1");
  if (self->max_attempts == 0)
    self->max_attempts = settings->max_attempts > 0 ? settings->max_attempts : DEFAULT_MAX_ATTEMPTS;
  self->retry_mode = resolve_retry_mode (self->retry_mode, settings->retry_mode);
  if (self->credentials_provider == NULL)
    self->credentials_provider = dynantic_credentials_provider_new_default (self->profile);
  if (self->cursor_key == NULL)
    self->cursor_key = dynantic_cursor_default_key ();

  if (!resolve_endpoint (self, &self->config_error))
    g_debug ("client is not usable: %s", self->config_error->message);

  self->http = dynantic_http_new (&(DynanticHttpSettings) {
    .max_attempts = self->max_attempts,
    .retry_mode = self->retry_mode,
    .timeout = self->timeout,
    .total_timeout = self->total_timeout,
    .direct = self->uri != NULL && host_is_loopback (g_uri_get_host (self->uri)),
  });
  self->auth = dynantic_http_auth_new (self->credentials_provider,
                                       self->region != NULL ? self->region : "us-east-1", "dynamodb");
}

static void
dynantic_client_finalize (GObject *object)
{
  DynanticClient *self = DYNANTIC_CLIENT (object);

  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->endpoint, g_free);
  g_clear_pointer (&self->profile, g_free);
  g_clear_object (&self->credentials_provider);
  g_clear_pointer (&self->cursor_key, g_bytes_unref);
  g_clear_error (&self->config_error);
  g_clear_pointer (&self->uri, g_uri_unref);
  g_clear_pointer (&self->http, dynantic_http_unref);
  g_clear_pointer (&self->auth, dynantic_http_auth_unref);

  G_OBJECT_CLASS (dynantic_client_parent_class)->finalize (object);
}

static void
dynantic_client_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DynanticClient *self = DYNANTIC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_REGION:
      g_value_set_string (value, self->region);
      break;
    case PROP_ENDPOINT:
      g_value_set_string (value, self->endpoint);
      break;
    case PROP_PROFILE:
      g_value_set_string (value, self->profile);
      break;
    case PROP_CREDENTIALS_PROVIDER:
      g_value_set_object (value, self->credentials_provider);
      break;
    case PROP_MAX_ATTEMPTS:
      g_value_set_uint (value, self->max_attempts);
      break;
    case PROP_RETRY_MODE:
      g_value_set_enum (value, self->retry_mode);
      break;
    case PROP_TIMEOUT:
      g_value_set_double (value, self->timeout);
      break;
    case PROP_TOTAL_TIMEOUT:
      g_value_set_double (value, self->total_timeout);
      break;
    case PROP_CURSOR_KEY:
      g_value_set_boxed (value, self->cursor_key);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dynantic_client_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  DynanticClient *self = DYNANTIC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_REGION:
      self->region = g_value_dup_string (value);
      break;
    case PROP_ENDPOINT:
      self->endpoint = g_value_dup_string (value);
      break;
    case PROP_PROFILE:
      self->profile = g_value_dup_string (value);
      break;
    case PROP_CREDENTIALS_PROVIDER:
      self->credentials_provider = g_value_dup_object (value);
      break;
    case PROP_MAX_ATTEMPTS:
      self->max_attempts = g_value_get_uint (value);
      break;
    case PROP_RETRY_MODE:
      self->retry_mode = g_value_get_enum (value);
      break;
    case PROP_TIMEOUT:
      self->timeout = g_value_get_double (value);
      break;
    case PROP_TOTAL_TIMEOUT:
      self->total_timeout = g_value_get_double (value);
      break;
    case PROP_CURSOR_KEY:
      self->cursor_key = g_value_dup_boxed (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dynantic_client_class_init (DynanticClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = dynantic_client_constructed;
  object_class->finalize = dynantic_client_finalize;
  object_class->get_property = dynantic_client_get_property;
  object_class->set_property = dynantic_client_set_property;

  /**
   * DynanticClient:region: (getter get_region)
   *
   * The AWS region, such as `eu-west-1`. Unset: from the environment or the
   * profile's config.
   */
  properties[PROP_REGION] =
    g_param_spec_string ("region", NULL, NULL, NULL, flags);

  /**
   * DynanticClient:endpoint: (getter get_endpoint)
   *
   * The URL requests go to. Unset: `AWS_ENDPOINT_URL_DYNAMODB`,
   * `AWS_ENDPOINT_URL`, the profile's config, or the region's public
   * endpoint. Plain http is accepted only for hosts on this machine.
   */
  properties[PROP_ENDPOINT] =
    g_param_spec_string ("endpoint", NULL, NULL, NULL, flags);

  /**
   * DynanticClient:profile: (getter get_profile)
   *
   * The profile of the shared config and credentials files. Unset:
   * `AWS_PROFILE`, then `default`.
   */
  properties[PROP_PROFILE] =
    g_param_spec_string ("profile", NULL, NULL, NULL, flags);

  /**
   * DynanticClient:credentials-provider: (getter get_credentials_provider)
   *
   * Where credentials come from. Unset: the AWS CLI's default chain.
   */
  properties[PROP_CREDENTIALS_PROVIDER] =
    g_param_spec_object ("credentials-provider", NULL, NULL,
                         DYNANTIC_TYPE_CREDENTIALS_PROVIDER, flags);

  /**
   * DynanticClient:max-attempts: (getter get_max_attempts)
   *
   * How many times a call is tried at most, the first attempt included.
   * 0: `AWS_MAX_ATTEMPTS`, the profile's `max_attempts`, or 3.
   */
  properties[PROP_MAX_ATTEMPTS] =
    g_param_spec_uint ("max-attempts", NULL, NULL, 0, 100, 0, flags);

  /**
   * DynanticClient:retry-mode: (getter get_retry_mode)
   *
   * The retry mode. `AWS_RETRY_MODE` or the profile's `retry_mode` set to
   * `adaptive` turn the default standard mode into adaptive.
   */
  properties[PROP_RETRY_MODE] =
    g_param_spec_enum ("retry-mode", NULL, NULL, DYNANTIC_TYPE_RETRY_MODE,
                       DYNANTIC_RETRY_MODE_STANDARD, flags);

  /**
   * DynanticClient:timeout: (getter get_timeout)
   *
   * The longest one attempt may take, in seconds; 0 for no limit. An attempt
   * that times out is retried like a dropped connection.
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_double ("timeout", NULL, NULL, 0, G_MAXDOUBLE, 60, flags);

  /**
   * DynanticClient:total-timeout: (getter get_total_timeout)
   *
   * The longest a whole call may take, retries and backoff included, in
   * seconds; 0 for no limit.
   */
  properties[PROP_TOTAL_TIMEOUT] =
    g_param_spec_double ("total-timeout", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);

  /**
   * DynanticClient:cursor-key: (getter get_cursor_key)
   *
   * The secret that seals the pagination cursors of the client's reads
   * (dynantic_read_page()): HMAC-SHA256 authenticates them and a key stream
   * derived from it hides the key values they carry. Give every process that
   * must accept another's cursors the same key, at least 32 random bytes,
   * and keep it secret. Unset: a random key made once per process, so
   * cursors do not outlive the process.
   */
  properties[PROP_CURSOR_KEY] =
    g_param_spec_boxed ("cursor-key", NULL, NULL, G_TYPE_BYTES, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dynantic_client_init (DynanticClient *self)
{
}

/**
 * dynantic_client_new:
 *
 * A client configured from the environment and the shared AWS files, the
 * way the AWS CLI is.
 *
 * Returns: (transfer full): a new client
 */
DynanticClient *
dynantic_client_new (void)
{
  return g_object_new (DYNANTIC_TYPE_CLIENT, NULL);
}

/**
 * dynantic_client_new_for_endpoint:
 * @endpoint: the endpoint URL, such as `http://127.0.0.1:8000` for DynamoDB Local
 * @region: (nullable): the region to sign for, or %NULL for the configured one
 *
 * A client for an explicit endpoint; credentials and retry settings come from
 * the environment as with dynantic_client_new().
 *
 * Returns: (transfer full): a new client
 */
DynanticClient *
dynantic_client_new_for_endpoint (const char *endpoint,
                                  const char *region)
{
  g_return_val_if_fail (endpoint != NULL, NULL);

  return g_object_new (DYNANTIC_TYPE_CLIENT, "endpoint", endpoint, "region", region, NULL);
}

static GMutex default_client_lock;
static DynanticClient *default_client;

/**
 * dynantic_client_get_default:
 *
 * The client models use when they have none of their own: the one given to
 * dynantic_client_set_default(), else one made by dynantic_client_new() on
 * first use.
 *
 * Returns: (transfer none): the process's default client
 */
DynanticClient *
dynantic_client_get_default (void)
{
  DynanticClient *client;

  g_mutex_lock (&default_client_lock);
  if (default_client == NULL)
    default_client = dynantic_client_new ();
  client = default_client;
  g_mutex_unlock (&default_client_lock);

  return client;
}

/**
 * dynantic_client_set_default:
 * @client: (nullable): a client, or %NULL to go back to one made from the environment
 *
 * Sets the process's default client.
 */
void
dynantic_client_set_default (DynanticClient *client)
{
  DynanticClient *old;

  g_return_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client));

  g_mutex_lock (&default_client_lock);
  old = default_client;
  default_client = client != NULL ? g_object_ref (client) : NULL;
  g_mutex_unlock (&default_client_lock);

  g_clear_object (&old);
}

/**
 * dynantic_client_get_region:
 * @self: a client
 *
 * Returns: (nullable): the region requests are signed for
 */
const char *
dynantic_client_get_region (DynanticClient *self)
{
  g_return_val_if_fail (DYNANTIC_IS_CLIENT (self), NULL);
  return self->region;
}

/**
 * dynantic_client_get_endpoint:
 * @self: a client
 *
 * Returns: (nullable): the endpoint URL requests go to
 */
const char *
dynantic_client_get_endpoint (DynanticClient *self)
{
  g_return_val_if_fail (DYNANTIC_IS_CLIENT (self), NULL);
  return self->endpoint;
}

/**
 * dynantic_client_get_profile:
 * @self: a client
 *
 * Returns: the profile of the shared files the client reads
 */
const char *
dynantic_client_get_profile (DynanticClient *self)
{
  g_return_val_if_fail (DYNANTIC_IS_CLIENT (self), NULL);
  return self->profile;
}

/**
 * dynantic_client_get_credentials_provider:
 * @self: a client
 *
 * Returns: (transfer none): where the client's credentials come from
 */
DynanticCredentialsProvider *
dynantic_client_get_credentials_provider (DynanticClient *self)
{
  g_return_val_if_fail (DYNANTIC_IS_CLIENT (self), NULL);
  return self->credentials_provider;
}

/**
 * dynantic_client_get_max_attempts:
 * @self: a client
 *
 * Returns: how many attempts a call makes at most
 */
guint
dynantic_client_get_max_attempts (DynanticClient *self)
{
  g_return_val_if_fail (DYNANTIC_IS_CLIENT (self), 0);
  return self->max_attempts;
}

/**
 * dynantic_client_get_retry_mode:
 * @self: a client
 *
 * Returns: the retry mode
 */
DynanticRetryMode
dynantic_client_get_retry_mode (DynanticClient *self)
{
  g_return_val_if_fail (DYNANTIC_IS_CLIENT (self), DYNANTIC_RETRY_MODE_STANDARD);
  return self->retry_mode;
}

/**
 * dynantic_client_get_timeout:
 * @self: a client
 *
 * Returns: the per-attempt timeout in seconds, 0 for none
 */
double
dynantic_client_get_timeout (DynanticClient *self)
{
  g_return_val_if_fail (DYNANTIC_IS_CLIENT (self), 0);
  return self->timeout;
}

/**
 * dynantic_client_get_total_timeout:
 * @self: a client
 *
 * Returns: the whole-call timeout in seconds, 0 for none
 */
double
dynantic_client_get_total_timeout (DynanticClient *self)
{
  g_return_val_if_fail (DYNANTIC_IS_CLIENT (self), 0);
  return self->total_timeout;
}

/**
 * dynantic_client_get_cursor_key:
 * @self: a client
 *
 * Returns: (transfer none): the key that seals pagination cursors
 */
GBytes *
dynantic_client_get_cursor_key (DynanticClient *self)
{
  g_return_val_if_fail (DYNANTIC_IS_CLIENT (self), NULL);
  return self->cursor_key;
}

DynanticRetryPolicy *
dynantic_client_get_retry_policy (DynanticClient *self)
{
  g_return_val_if_fail (DYNANTIC_IS_CLIENT (self), NULL);
  return dynantic_http_get_retry_policy (self->http);
}

DynanticCredentialsCache *
dynantic_client_get_credentials_cache (DynanticClient *self)
{
  g_return_val_if_fail (DYNANTIC_IS_CLIENT (self), NULL);
  return dynantic_http_auth_get_credentials_cache (self->auth);
}

/* The DynamoDB JSON protocol on the HTTP core ------------------------------- */

/* Whether @data holds one JSON value and nothing after it but whitespace.
 * json-glib keeps the last of several top-level values and leaks the ones
 * before it (json-glib 1.6), and it takes comments DynamoDB never sends:
 * bodies are checked with the strict reader before json-glib sees them. */
static gboolean
json_is_one_value (const char *data,
                   gsize       size)
{
  DynanticJsonReader reader;
  gboolean one;

  dynantic_json_reader_init (&reader, data, size);
  one = dynantic_json_reader_skip_value (&reader) &&
        dynantic_json_reader_next (&reader) == DYNANTIC_JSON_END;
  dynantic_json_reader_clear (&reader);
  return one;
}

/* The error for a non-2xx response, from its JSON body or headers. */
static GError *
error_from_response (const DynanticHttpResponse *response)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *service_code = NULL;
  g_autofree char *service_message = NULL;
  const char *header_type = soup_message_headers_get_one (response->headers, "x-amzn-ErrorType");
  const char *request_id = soup_message_headers_get_one (response->headers, "x-amzn-RequestId");
  gsize size = 0;
  const char *data = response->body != NULL ? g_bytes_get_data (response->body, &size) : NULL;

  if (data != NULL && size > 0 && json_is_one_value (data, size) &&
      json_parser_load_from_data (parser, data, size, NULL))
    {
      JsonNode *root = json_parser_get_root (parser);

      /* a body of only whitespace or comments parses to no root */
      if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
        {
          JsonObject *object = json_node_get_object (root);
          const char *type = dynantic_json_object_get_string (object, "__type");
          const char *message = dynantic_json_object_get_string (object, "message");

          if (message == NULL)
            message = dynantic_json_object_get_string (object, "Message");
          if (type != NULL)
            service_code = g_strdup (strrchr (type, '#') != NULL ? strrchr (type, '#') + 1 : type);
          service_message = g_strdup (message);
        }
    }

  if (service_code == NULL && header_type != NULL)
    service_code = g_strndup (header_type, strcspn (header_type, ":"));

  return dynantic_error_new_from_service (response->status, service_code, service_message, request_id);
}

/* DynamoDB sends the CRC-32 of every response body in `x-amz-crc32`; a body
 * that does not match it was damaged on the way, and is retried as the AWS
 * SDKs do. (The session asks for no compression, so the body is the one the
 * checksum was computed over.) */
static gboolean
response_is_intact (const DynanticHttpResponse *response)
{
  const char *header = soup_message_headers_get_one (response->headers, "x-amz-crc32");
  gconstpointer data = NULL;
  guint64 expected;
  gsize size = 0;

  if (header == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (header, 10, 0, G_MAXUINT32, &expected, NULL))
    return FALSE;

  if (response->body != NULL)
    data = g_bytes_get_data (response->body, &size);
  return dynantic_crc32 (data, size) == expected;
}

/* Judges one DynamoDB response for the HTTP core's retry loop. */
static DynanticAttemptOutcome
check_response (const DynanticHttpResponse  *response,
                gpointer                     user_data,
                GError                     **error)
{
  DynanticHttpRequest *request = user_data;

  if (!response_is_intact (response))
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE,
                   _("DynamoDB’s response to %s was damaged on the way (its CRC32 does not match)"),
                   dynantic_http_request_get_operation (request));
      return DYNANTIC_ATTEMPT_TRANSIENT;
    }

  if (response->status >= 200 && response->status < 300)
    return DYNANTIC_ATTEMPT_SUCCEEDED;

  *error = error_from_response (response);
  return dynantic_attempt_classify (response->status, dynantic_error_get_service_code (*error), NULL);
}

/* A POST of @body as @operation: X-Amz-Target names it, SigV4 for
 * dynamodb signs it, check_response() judges the answers. NULL with @error
 * set when the client's settings are unusable. */
static DynanticHttpRequest *
new_request (DynanticClient  *self,
             const char      *operation,
             GBytes          *body,
             GError         **error)
{
  g_autofree char *target = NULL;
  DynanticHttpRequest *request;

  if (self->config_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->config_error));
      return NULL;
    }

  target = g_strconcat (TARGET_PREFIX, operation, NULL);
  request = dynantic_http_request_new ("POST", self->uri, SERVICE_NAME, operation);
  dynantic_http_request_add_header (request, "X-Amz-Target", target);
  dynantic_http_request_set_body (request, CONTENT_TYPE, body);
  dynantic_http_request_set_auth (request, self->auth);
  dynantic_http_request_set_check (request, check_response, request);
  return request;
}

GBytes *
dynantic_client_send (DynanticClient  *self,
                      const char      *operation,
                      GBytes          *body,
                      GCancellable    *cancellable,
                      GError         **error)
{
  g_autoptr(DynanticHttpRequest) request = NULL;

  g_return_val_if_fail (DYNANTIC_IS_CLIENT (self), NULL);
  g_return_val_if_fail (operation != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  request = new_request (self, operation, body, error);
  if (request == NULL)
    return NULL;
  return dynantic_http_send (self->http, request, cancellable, error);
}

static void
send_ready (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DynanticClient *self = g_task_get_source_object (task);
  GError *error = NULL;
  GBytes *response;

  response = dynantic_http_send_finish (self->http, result, &error);
  if (response == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, response, (GDestroyNotify) g_bytes_unref);
}

void
dynantic_client_send_async (DynanticClient      *self,
                            const char          *operation,
                            GBytes              *body,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(DynanticHttpRequest) request = NULL;
  GError *error = NULL;
  GTask *task;

  g_return_if_fail (DYNANTIC_IS_CLIENT (self));
  g_return_if_fail (operation != NULL);
  g_return_if_fail (body != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dynantic_client_send_async);
  request = new_request (self, operation, body, &error);
  if (request == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  dynantic_http_send_async (self->http, request, cancellable, send_ready, task);
}

GBytes *
dynantic_client_send_finish (DynanticClient  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dynantic_client_send_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static GBytes *
encode_request (JsonObject *request)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), request);
  gsize length = 0;
  char *text = json_to_string (node, FALSE);

  length = strlen (text);
  return g_bytes_new_take (text, length);
}

/* json-glib parses recursively, so a hostile response nested deeply enough
 * would overflow the stack. DynamoDB nests documents 32 levels at most (about
 * 70 JSON levels with its type wrappers); deeper responses are refused. */
#define MAX_RESPONSE_DEPTH 256

static gboolean
json_nesting_within (const char *data,
                     gsize       size,
                     guint       max_depth)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < size; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if ((c == '[' || c == '{') && ++depth > max_depth)
        return FALSE;
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}

static JsonObject *
decode_response (GBytes  *body,
                 GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) parse_error = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);
  JsonNode *root;

  if (size == 0)
    return json_object_new ();

  if (!g_utf8_validate_len (data, size, NULL))
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE,
                   _("DynamoDB’s response is not valid UTF-8"));
      return NULL;
    }

  if (!json_nesting_within (data, size, MAX_RESPONSE_DEPTH))
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE,
                   _("DynamoDB’s response is nested more than %d levels deep"), MAX_RESPONSE_DEPTH);
      return NULL;
    }

  if (!json_is_one_value (data, size))
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE,
                   _("DynamoDB’s response is not one JSON document"));
      return NULL;
    }

  if (!json_parser_load_from_data (parser, data, size, &parse_error))
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE,
                   _("DynamoDB's response is not valid JSON: %s"), parse_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE,
                   _("DynamoDB's response is not a JSON object"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/**
 * dynantic_client_call:
 * @self: a client
 * @operation: the DynamoDB operation, such as `GetItem`
 * @request: the operation's request, in DynamoDB's JSON form
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Calls any DynamoDB operation, with signing, retries and timeouts: the
 * primitive every higher-level call is built on, open to callers for
 * operations Dynantic has no model-level call for.
 *
 * Returns: (transfer full): the operation's response, or %NULL with @error set
 */
JsonObject *
dynantic_client_call (DynanticClient  *self,
                      const char      *operation,
                      JsonObject      *request,
                      GCancellable    *cancellable,
                      GError         **error)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) response = NULL;

  g_return_val_if_fail (DYNANTIC_IS_CLIENT (self), NULL);
  g_return_val_if_fail (operation != NULL, NULL);
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  body = encode_request (request);
  response = dynantic_client_send (self, operation, body, cancellable, error);
  if (response == NULL)
    return NULL;

  return decode_response (response, error);
}

static void
call_ready (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) response = NULL;
  GError *error = NULL;
  JsonObject *object;

  response = dynantic_client_send_finish (DYNANTIC_CLIENT (source), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  object = decode_response (response, &error);
  if (object == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, object, (GDestroyNotify) json_object_unref);
}

/**
 * dynantic_client_call_async:
 * @self: a client
 * @operation: the DynamoDB operation, such as `GetItem`
 * @request: the operation's request, in DynamoDB's JSON form
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the call completes
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_client_call().
 */
void
dynantic_client_call_async (DynanticClient      *self,
                            const char          *operation,
                            JsonObject          *request,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GBytes) body = NULL;
  GTask *task;

  g_return_if_fail (DYNANTIC_IS_CLIENT (self));
  g_return_if_fail (operation != NULL);
  g_return_if_fail (request != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dynantic_client_call_async);

  body = encode_request (request);
  dynantic_client_send_async (self, operation, body, cancellable, call_ready, task);
}

/**
 * dynantic_client_call_finish:
 * @self: a client
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_client_call_async().
 *
 * Returns: (transfer full): the operation's response, or %NULL with @error set
 */
JsonObject *
dynantic_client_call_finish (DynanticClient  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dynantic_client_call_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
