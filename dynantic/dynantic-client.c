/* dynantic-client.c: the connection to DynamoDB
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "dynantic-aws-config-private.h"
#include "dynantic-client-private.h"
#include "dynantic-enums.h"
#include "dynantic-error-private.h"
#include "dynantic-i18n-private.h"
#include "dynantic-sigv4-private.h"

#define DEFAULT_MAX_ATTEMPTS 3
#define TARGET_PREFIX "DynamoDB_20120810."
#define CONTENT_TYPE "application/x-amz-json-1.0"

/**
 * DynanticClient:
 *
 * The connection to DynamoDB: region, endpoint, credentials, retry policy and
 * timeouts, and one HTTP session whose connections are reused.
 *
 * All properties are set at construction and never change, so a client can be
 * shared. Synchronous calls may be made from any thread at the same time.
 * Asynchronous calls complete in the thread-default main context of the
 * thread that started them, which must be running a main loop.
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

  GError                      *config_error;
  GUri                        *uri;
  SoupSession                 *session;
  DynanticSigner              *signer;

  GMutex                       credentials_lock;
  DynanticCredentials         *credentials;
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

static DynanticRetryMode
parse_retry_mode (const char *text,
                  DynanticRetryMode fallback)
{
  if (text == NULL)
    return fallback;
  if (g_ascii_strcasecmp (text, "adaptive") == 0)
    return DYNANTIC_RETRY_MODE_ADAPTIVE;
  return DYNANTIC_RETRY_MODE_STANDARD;
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
  self->retry_mode = parse_retry_mode (settings->retry_mode, self->retry_mode);
  if (self->credentials_provider == NULL)
    self->credentials_provider = dynantic_credentials_provider_new_default (self->profile);

  if (!resolve_endpoint (self, &self->config_error))
    g_debug ("client is not usable: %s", self->config_error->message);

  self->signer = dynantic_signer_new (self->region != NULL ? self->region : "us-east-1", "dynamodb");
  self->session = g_object_new (SOUP_TYPE_SESSION,
                                "timeout", (guint) (self->timeout + 0.999),
                                "max-conns-per-host", 64,
                                "max-conns", 256,
                                NULL);
}

static void
dynantic_client_finalize (GObject *object)
{
  DynanticClient *self = DYNANTIC_CLIENT (object);

  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->endpoint, g_free);
  g_clear_pointer (&self->profile, g_free);
  g_clear_object (&self->credentials_provider);
  g_clear_error (&self->config_error);
  g_clear_pointer (&self->uri, g_uri_unref);
  g_clear_object (&self->session);
  g_clear_pointer (&self->signer, dynantic_signer_free);
  g_clear_pointer (&self->credentials, dynantic_credentials_unref);
  g_mutex_clear (&self->credentials_lock);

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
   * The retry mode; `AWS_RETRY_MODE` or the profile's `retry_mode`
   * override the default.
   */
  properties[PROP_RETRY_MODE] =
    g_param_spec_enum ("retry-mode", NULL, NULL, DYNANTIC_TYPE_RETRY_MODE,
                       DYNANTIC_RETRY_MODE_STANDARD, flags);

  /**
   * DynanticClient:timeout: (getter get_timeout)
   *
   * The longest one attempt may wait for the network, in seconds; 0 for no limit.
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

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dynantic_client_init (DynanticClient *self)
{
  g_mutex_init (&self->credentials_lock);
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

/* Credentials are loaded once and again shortly before they expire. */
static DynanticCredentials *
get_credentials (DynanticClient  *self,
                 GCancellable    *cancellable,
                 GError         **error)
{
  DynanticCredentials *credentials = NULL;

  g_mutex_lock (&self->credentials_lock);
  if (self->credentials == NULL ||
      dynantic_credentials_expires_within (self->credentials, 5 * G_TIME_SPAN_MINUTE))
    {
      g_clear_pointer (&self->credentials, dynantic_credentials_unref);
      self->credentials = dynantic_credentials_provider_load (self->credentials_provider,
                                                              cancellable, error);
    }
  if (self->credentials != NULL)
    credentials = dynantic_credentials_ref (self->credentials);
  g_mutex_unlock (&self->credentials_lock);

  return credentials;
}

static char *
host_header (GUri *uri)
{
  int port = g_uri_get_port (uri);
  const char *scheme = g_uri_get_scheme (uri);
  gboolean default_port = port == -1 ||
    (port == 443 && g_ascii_strcasecmp (scheme, "https") == 0) ||
    (port == 80 && g_ascii_strcasecmp (scheme, "http") == 0);

  if (default_port)
    return g_strdup (g_uri_get_host (uri));

  return g_strdup_printf ("%s:%d", g_uri_get_host (uri), port);
}

/* A signed POST of @body. Messages are flagged idempotent so that libsoup
 * keeps connections alive between them: see README, "Connection reuse". */
static SoupMessage *
build_message (DynanticClient  *self,
               const char      *operation,
               GBytes          *body,
               GCancellable    *cancellable,
               GError         **error)
{
  g_autoptr(DynanticCredentials) credentials = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *amz_date = NULL;
  g_autofree char *target = NULL;
  g_autofree char *host = NULL;
  g_autofree char *payload_hash = NULL;
  g_autofree char *authorization = NULL;
  DynanticSigv4Header headers[5];
  DynanticSigv4Request request = { 0 };
  const char *token;
  const char *path;
  SoupMessageHeaders *request_headers;
  SoupMessage *msg;
  gsize n_headers = 0;
  gsize body_size;
  gconstpointer body_data;

  if (self->config_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->config_error));
      return NULL;
    }

  credentials = get_credentials (self, cancellable, error);
  if (credentials == NULL)
    return NULL;

  now = g_date_time_new_now_utc ();
  amz_date = dynantic_sigv4_format_amz_date (now);
  target = g_strconcat (TARGET_PREFIX, operation, NULL);
  host = host_header (self->uri);
  body_data = g_bytes_get_data (body, &body_size);
  payload_hash = dynantic_sigv4_sha256_hex (body_data, body_size);
  token = dynantic_credentials_get_session_token (credentials);

  headers[n_headers++] = (DynanticSigv4Header) { "content-type", CONTENT_TYPE };
  headers[n_headers++] = (DynanticSigv4Header) { "host", host };
  headers[n_headers++] = (DynanticSigv4Header) { "x-amz-date", amz_date };
  headers[n_headers++] = (DynanticSigv4Header) { "x-amz-target", target };
  if (token != NULL)
    headers[n_headers++] = (DynanticSigv4Header) { "x-amz-security-token", token };

  path = g_uri_get_path (self->uri);
  request.method = "POST";
  request.path = (path != NULL && *path != '\0') ? path : "/";
  request.query = g_uri_get_query (self->uri);
  request.headers = headers;
  request.n_headers = n_headers;
  request.payload_hash = payload_hash;
  authorization = dynantic_signer_authorization (self->signer, credentials, &request, amz_date);

  msg = soup_message_new_from_uri ("POST", self->uri);
  soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);
  request_headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (request_headers, "X-Amz-Date", amz_date);
  soup_message_headers_replace (request_headers, "X-Amz-Target", target);
  if (token != NULL)
    soup_message_headers_replace (request_headers, "X-Amz-Security-Token", token);
  soup_message_headers_replace (request_headers, "Authorization", authorization);
  soup_message_set_request_body_from_bytes (msg, CONTENT_TYPE, body);

  return msg;
}

/* The error for a non-2xx response, from its JSON body or headers. */
static GError *
error_from_response (SoupMessage *msg,
                     GBytes      *body)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *service_code = NULL;
  g_autofree char *service_message = NULL;
  const char *header_type = soup_message_headers_get_one (headers, "x-amzn-ErrorType");
  const char *request_id = soup_message_headers_get_one (headers, "x-amzn-RequestId");
  gsize size = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &size) : NULL;

  if (data != NULL && size > 0 && json_parser_load_from_data (parser, data, size, NULL))
    {
      JsonNode *root = json_parser_get_root (parser);

      if (JSON_NODE_HOLDS_OBJECT (root))
        {
          JsonObject *object = json_node_get_object (root);
          const char *type = json_object_get_string_member_with_default (object, "__type", NULL);
          const char *message = json_object_get_string_member_with_default (object, "message", NULL);

          if (message == NULL)
            message = json_object_get_string_member_with_default (object, "Message", NULL);
          if (type != NULL)
            service_code = g_strdup (strrchr (type, '#') != NULL ? strrchr (type, '#') + 1 : type);
          service_message = g_strdup (message);
        }
    }

  if (service_code == NULL && header_type != NULL)
    service_code = g_strndup (header_type, strcspn (header_type, ":"));

  return dynantic_error_new_from_service (soup_message_get_status (msg), service_code,
                                          service_message, request_id);
}

static GError *
error_from_transport (GError *transport_error)
{
  if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (transport_error);

  if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_TIMEOUT,
                        _("DynamoDB did not answer in time: %s"), transport_error->message);

  return g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_NETWORK,
                      _("Could not reach DynamoDB: %s"), transport_error->message);
}

static GBytes *
finish_response (SoupMessage  *msg,
                 GBytes       *body,
                 GError       *transport_error,
                 GError      **error)
{
  guint status;

  if (transport_error != NULL)
    {
      g_propagate_error (error, error_from_transport (transport_error));
      return NULL;
    }

  status = soup_message_get_status (msg);
  if (status >= 200 && status < 300)
    return g_bytes_ref (body);

  g_propagate_error (error, error_from_response (msg, body));
  return NULL;
}

GBytes *
dynantic_client_send (DynanticClient  *self,
                      const char      *operation,
                      GBytes          *body,
                      GCancellable    *cancellable,
                      GError         **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) transport_error = NULL;

  g_return_val_if_fail (DYNANTIC_IS_CLIENT (self), NULL);
  g_return_val_if_fail (operation != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  msg = build_message (self, operation, body, cancellable, error);
  if (msg == NULL)
    return NULL;

  response = soup_session_send_and_read (self->session, msg, cancellable, &transport_error);
  return finish_response (msg, response, transport_error, error);
}

static void
send_ready (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *msg = g_task_get_task_data (task);
  g_autoptr(GError) transport_error = NULL;
  g_autoptr(GBytes) response = NULL;
  GError *error = NULL;
  GBytes *body;

  response = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &transport_error);
  body = finish_response (msg, response, transport_error, &error);
  if (body != NULL)
    g_task_return_pointer (task, body, (GDestroyNotify) g_bytes_unref);
  else
    g_task_return_error (task, error);
}

void
dynantic_client_send_async (DynanticClient      *self,
                            const char          *operation,
                            GBytes              *body,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  SoupMessage *msg;

  g_return_if_fail (DYNANTIC_IS_CLIENT (self));
  g_return_if_fail (operation != NULL);
  g_return_if_fail (body != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dynantic_client_send_async);

  msg = build_message (self, operation, body, cancellable, &error);
  if (msg == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_set_task_data (task, msg, g_object_unref);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    send_ready, g_steal_pointer (&task));
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
