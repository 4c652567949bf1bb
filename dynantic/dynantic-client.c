/* dynantic-client.c: the connection to DynamoDB
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <libsoup/soup.h>

#include "aws/dynantic-aws-config-private.h"
#include "aws/dynantic-hash-private.h"
#include "aws/dynantic-retry-private.h"
#include "aws/dynantic-sigv4-private.h"
#include "codec/dynantic-json-private.h"
#include "dynantic-client-private.h"
#include "dynantic-enums.h"
#include "dynantic-error-private.h"
#include "dynantic-i18n-private.h"
#include "dynantic-watchdog-private.h"
#include "read/dynantic-cursor-private.h"

#define DEFAULT_MAX_ATTEMPTS 3
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
  char                        *host;        /* the Host header, signed */
  SoupSession                 *session;
  DynanticSigner              *signer;
  DynanticRetryPolicy         *retry_policy;

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

  self->host = host_header (self->uri);
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

/* One session for every call. libsoup's content decoder is left out: it would
 * ask for compressed responses, whose x-amz-crc32 covers the compressed
 * bytes, and DynamoDB's JSON is cheaper to read than to inflate. An endpoint
 * on this machine is reached directly, without asking the proxy resolver
 * (libproxy) about every new connection. */
static SoupSession *
new_session (double    timeout,
             gboolean  direct)
{
  guint io_timeout = timeout > 0 && timeout < G_MAXUINT ? (guint) ceil (timeout) : 0;
  SoupSession *session = g_object_new (SOUP_TYPE_SESSION,
                                       "timeout", io_timeout,
                                       "max-conns-per-host", 64,
                                       "max-conns", 256,
                                       "user-agent", "dynantic/" PACKAGE_VERSION,
                                       NULL);

  soup_session_remove_feature_by_type (session, SOUP_TYPE_CONTENT_DECODER);
  if (direct)
    soup_session_set_proxy_resolver (session, NULL);
  return session;
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

  self->signer = dynantic_signer_new (self->region != NULL ? self->region : "us-east-1", "dynamodb");
  self->session = new_session (self->timeout,
                               self->uri != NULL && host_is_loopback (g_uri_get_host (self->uri)));
  self->retry_policy = dynantic_retry_policy_new (self->retry_mode, self->max_attempts,
                                                  g_get_monotonic_time ());
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
  g_clear_pointer (&self->host, g_free);
  g_clear_object (&self->session);
  g_clear_pointer (&self->signer, dynantic_signer_free);
  g_clear_pointer (&self->retry_policy, dynantic_retry_policy_free);
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
  return self->retry_policy;
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
  char amz_date[DYNANTIC_SIGV4_AMZ_DATE_SIZE];
  char payload_hash[DYNANTIC_SHA256_HEX_SIZE];
  g_autofree char *target = NULL;
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

  dynantic_sigv4_amz_date_now (amz_date);
  target = g_strconcat (TARGET_PREFIX, operation, NULL);
  body_data = g_bytes_get_data (body, &body_size);
  dynantic_sha256_hex (body_data, body_size, payload_hash);
  token = dynantic_credentials_get_session_token (credentials);

  headers[n_headers++] = (DynanticSigv4Header) { "content-type", CONTENT_TYPE };
  headers[n_headers++] = (DynanticSigv4Header) { "host", self->host };
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
  /* a new message has none of these headers: append, not replace */
  request_headers = soup_message_get_request_headers (msg);
  soup_message_headers_append (request_headers, "X-Amz-Date", amz_date);
  soup_message_headers_append (request_headers, "X-Amz-Target", target);
  if (token != NULL)
    soup_message_headers_append (request_headers, "X-Amz-Security-Token", token);
  soup_message_headers_append (request_headers, "Authorization", authorization);
  soup_message_set_request_body_from_bytes (msg, CONTENT_TYPE, body);

  return msg;
}

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

  return dynantic_error_new_from_service (soup_message_get_status (msg), service_code,
                                          service_message, request_id);
}

static GError *
error_from_transport (const GError *transport_error)
{
  if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_TIMEOUT,
                        _("DynamoDB did not answer in time: %s"), transport_error->message);

  return g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_NETWORK,
                      _("Could not reach DynamoDB: %s"), transport_error->message);
}

/* DynamoDB sends the CRC-32 of every response body in `x-amz-crc32`; a body
 * that does not match it was damaged on the way, and is retried as the AWS
 * SDKs do. (The session asks for no compression, so the body is the one the
 * checksum was computed over.) */
static gboolean
response_is_intact (SoupMessage *msg,
                    GBytes      *body)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  const char *header = soup_message_headers_get_one (headers, "x-amz-crc32");
  gconstpointer data = NULL;
  guint64 expected;
  gsize size = 0;

  if (header == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (header, 10, 0, G_MAXUINT32, &expected, NULL))
    return FALSE;

  if (body != NULL)
    data = g_bytes_get_data (body, &size);
  return dynantic_crc32 (data, size) == expected;
}

static GTimeSpan
seconds_to_span (double seconds)
{
  /* A century is as good as forever, and cannot overflow. */
  return (GTimeSpan) (MIN (seconds, 100.0 * 365 * 24 * 3600) * G_TIME_SPAN_SECOND);
}

/* A source on any context that fires at @ready_time (monotonic; -1: never),
 * or as soon as @cancellable (nullable) is cancelled: every wait of a call
 * (backoff, the rate limiter) and the deadline of an asynchronous attempt. */
static GSource *
timer_source_new (GCancellable *cancellable,
                  gint64        ready_time)
{
  GSource *source = g_cancellable_source_new (cancellable);

  g_source_set_ready_time (source, ready_time);
  return source;
}

/* One call on its way through the retry loop. The synchronous and the
 * asynchronous paths drive the same steps (call_next_step(),
 * call_begin_attempt(), call_end_attempt()); they differ only in how they
 * send and how they wait. */
typedef struct {
  DynanticClient     *client;
  char               *operation;
  GBytes             *body;
  GCancellable       *cancellable;          /* the caller's, or NULL */
  gint64              deadline;             /* monotonic; G_MAXINT64 without total-timeout */
  DynanticRetryState  retry;
  GTimeSpan           backoff;              /* to wait before the next attempt */
  gboolean            finished;
  GBytes             *response;             /* the successful response's body */
  GError             *error;                /* why the call failed so far */

  /* the attempt in flight, and what cancels it: the caller's cancellable or
   * the attempt's deadline */
  SoupMessage           *msg;
  GCancellable          *attempt_cancellable;
  GSource               *attempt_source;    /* async */
  gulong                 cancelled_id;      /* sync */
  DynanticWatchdogEntry  watchdog;          /* sync */
} Call;

typedef enum {
  CALL_SEND,
  CALL_WAIT,
  CALL_DONE,
} CallStep;

static Call *
call_new (DynanticClient *client,
          const char     *operation,
          GBytes         *body,
          GCancellable   *cancellable)
{
  Call *call = g_new0 (Call, 1);

  call->client = g_object_ref (client);
  call->operation = g_strdup (operation);
  call->body = g_bytes_ref (body);
  call->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  call->deadline = client->total_timeout > 0
                 ? g_get_monotonic_time () + seconds_to_span (client->total_timeout)
                 : G_MAXINT64;

  return call;
}

static void
call_end_attempt_io (Call *call)
{
  if (call->attempt_source != NULL)
    g_source_destroy (call->attempt_source);
  g_clear_pointer (&call->attempt_source, g_source_unref);
  if (call->cancelled_id != 0)
    g_cancellable_disconnect (call->cancellable, call->cancelled_id);
  call->cancelled_id = 0;
  dynantic_watchdog_disarm (&call->watchdog);
  g_clear_object (&call->attempt_cancellable);
  g_clear_object (&call->msg);
}

static void
call_free (Call *call)
{
  call_end_attempt_io (call);
  g_clear_object (&call->client);
  g_clear_pointer (&call->operation, g_free);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_clear_object (&call->cancellable);
  g_clear_pointer (&call->response, g_bytes_unref);
  g_clear_error (&call->error);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Call, call_free)

static CallStep
call_fail (Call   *call,
           GError *error)
{
  g_clear_error (&call->error);
  call->error = error;
  call->finished = TRUE;
  return CALL_DONE;
}

static GError *
total_timeout_error (Call *call)
{
  return g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_TIMEOUT,
                      /* Translators: %s is a DynamoDB operation, %g a number of seconds */
                      _("%s did not complete within the client’s total timeout of %g seconds"),
                      call->operation, call->client->total_timeout);
}

/* What to do next: send an attempt, wait (backoff or the rate limiter), or
 * stop. No attempt starts once the caller cancelled or the total timeout
 * passed, or when the wait before it would end past that timeout. */
static CallStep
call_next_step (Call      *call,
                GTimeSpan *wait)
{
  GError *error = NULL;
  gint64 now;

  if (call->finished)
    return CALL_DONE;

  if (g_cancellable_set_error_if_cancelled (call->cancellable, &error))
    return call_fail (call, error);

  now = g_get_monotonic_time ();
  if (now >= call->deadline)
    return call_fail (call, total_timeout_error (call));

  *wait = call->backoff;
  call->backoff = 0;
  if (*wait == 0)
    *wait = dynantic_retry_policy_wait_to_send (call->client->retry_policy, now);
  if (*wait == 0)
    return CALL_SEND;

  if (now + *wait >= call->deadline)
    return call_fail (call, total_timeout_error (call));
  return CALL_WAIT;
}

static void
cancel_attempt (GCancellable *caller,
                GCancellable *attempt)
{
  g_cancellable_cancel (attempt);
}

static gboolean
cancel_attempt_from_source (GCancellable *caller,
                            GCancellable *attempt)
{
  cancel_attempt (caller, attempt);
  return G_SOURCE_REMOVE;
}

/* A synchronous attempt blocks its thread: the caller's cancellable reaches
 * it from whichever thread cancels, the deadline from the watchdog's. */
static void
arm_sync_attempt (Call   *call,
                  gint64  deadline)
{
  if (call->cancellable != NULL)
    call->cancelled_id = g_cancellable_connect (call->cancellable, G_CALLBACK (cancel_attempt),
                                                g_object_ref (call->attempt_cancellable),
                                                g_object_unref);
  if (deadline != G_MAXINT64)
    dynantic_watchdog_arm (&call->watchdog, call->attempt_cancellable, deadline);
}

/* An asynchronous attempt is cancelled from a source on the task's context,
 * so that libsoup sees the cancellation in its own thread. */
static void
arm_async_attempt (Call         *call,
                   gint64        deadline,
                   GMainContext *context)
{
  if (call->cancellable == NULL && deadline == G_MAXINT64)
    return;

  call->attempt_source = timer_source_new (call->cancellable, deadline == G_MAXINT64 ? -1 : deadline);
  g_source_set_callback (call->attempt_source, G_SOURCE_FUNC (cancel_attempt_from_source),
                         g_object_ref (call->attempt_cancellable), g_object_unref);
  g_source_attach (call->attempt_source, context);
}

/* Signs the attempt's message and arms its cancellation, when the caller
 * cancels or at the attempt's deadline (the per-attempt timeout or the total
 * one, whichever comes first). @context is the task's for an asynchronous
 * call, NULL for a synchronous one. */
static gboolean
call_begin_attempt (Call         *call,
                    GMainContext *context)
{
  DynanticClient *client = call->client;
  gint64 deadline = call->deadline;
  GError *error = NULL;

  call->msg = build_message (client, call->operation, call->body, call->cancellable, &error);
  if (call->msg == NULL)
    {
      call_fail (call, error);
      return FALSE;
    }

  call->attempt_cancellable = g_cancellable_new ();
  if (client->timeout > 0)
    deadline = MIN (deadline, g_get_monotonic_time () + seconds_to_span (client->timeout));

  if (context == NULL)
    arm_sync_attempt (call, deadline);
  else
    arm_async_attempt (call, deadline, context);

  return TRUE;
}

static DynanticAttemptOutcome
read_transport_error (Call          *call,
                      const GError  *transport_error,
                      GError       **error)
{
  g_autoptr(GError) timed_out = NULL;

  if (g_cancellable_set_error_if_cancelled (call->cancellable, error))
    return DYNANTIC_ATTEMPT_FAILED;

  /* Cancelled, but not by the caller: the attempt's deadline passed. */
  if (g_cancellable_is_cancelled (call->attempt_cancellable))
    {
      timed_out = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, _("the attempt timed out"));
      transport_error = timed_out;
    }

  *error = error_from_transport (transport_error);
  return dynantic_attempt_classify (0, NULL, transport_error);
}

/* How the attempt ended; unless it succeeded, @error says why. */
static DynanticAttemptOutcome
read_attempt (Call          *call,
              GBytes        *response,
              const GError  *transport_error,
              GError       **error)
{
  guint status;

  if (transport_error != NULL)
    return read_transport_error (call, transport_error, error);

  if (!response_is_intact (call->msg, response))
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE,
                   _("DynamoDB’s response to %s was damaged on the way (its CRC32 does not match)"),
                   call->operation);
      return DYNANTIC_ATTEMPT_TRANSIENT;
    }

  status = soup_message_get_status (call->msg);
  if (status >= 200 && status < 300)
    return DYNANTIC_ATTEMPT_SUCCEEDED;

  *error = error_from_response (call->msg, response);
  return dynantic_attempt_classify (status, dynantic_error_get_service_code (*error), NULL);
}

/* One debug line per attempt: the operation, the attempt, its status and
 * what happens next. Never the request, the response or any header. */
static void
log_attempt (Call                  *call,
             const GError          *error,
             DynanticRetryDecision  decision,
             GTimeSpan              delay)
{
  g_autofree char *result = NULL;
  g_autofree char *next = NULL;
  guint status = soup_message_get_status (call->msg);

  if (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN))
    return;

  if (error != NULL && dynantic_error_get_service_code (error) != NULL)
    result = g_strdup_printf ("HTTP %u %s", status, dynantic_error_get_service_code (error));
  else if (error == NULL || dynantic_error_get_http_status (error) != 0)
    result = g_strdup_printf ("HTTP %u", status);
  else
    result = g_strdup (error->message);

  switch (decision)
    {
    case DYNANTIC_RETRY_AGAIN:
      next = g_strdup_printf ("retrying in %" G_GINT64_FORMAT " ms", delay / G_TIME_SPAN_MILLISECOND);
      break;
    case DYNANTIC_RETRY_NO_ATTEMPTS_LEFT:
      next = g_strdup ("no attempts left");
      break;
    case DYNANTIC_RETRY_NO_QUOTA:
      next = g_strdup ("retry quota exhausted");
      break;
    case DYNANTIC_RETRY_STOP:
    default:
      next = g_strdup (error == NULL ? "done" : "not retryable");
      break;
    }

  g_debug ("%s attempt %u of %u: %s; %s", call->operation, call->retry.attempts,
           call->client->max_attempts, result, next);
}

/* Records the attempt's outcome and lets the retry policy decide. */
static void
call_end_attempt (Call         *call,
                  GBytes       *response,
                  const GError *transport_error)
{
  DynanticAttemptOutcome outcome;
  DynanticRetryDecision decision;
  GError *error = NULL;
  GTimeSpan delay = 0;

  outcome = read_attempt (call, response, transport_error, &error);
  decision = dynantic_retry_policy_after_attempt (call->client->retry_policy, &call->retry,
                                                  outcome, g_get_monotonic_time (), &delay);
  log_attempt (call, error, decision, delay);
  call_end_attempt_io (call);

  if (outcome == DYNANTIC_ATTEMPT_SUCCEEDED)
    {
      call->response = g_bytes_ref (response);
      call->finished = TRUE;
    }
  else if (decision == DYNANTIC_RETRY_AGAIN)
    {
      g_clear_error (&call->error);
      call->error = error;
      call->backoff = delay;
    }
  else
    {
      call_fail (call, error);
    }
}

static GBytes *
call_take_result (Call    *call,
                  GError **error)
{
  if (call->response != NULL)
    return g_steal_pointer (&call->response);

  g_propagate_error (error, g_steal_pointer (&call->error));
  return NULL;
}

static gboolean
wake_up (GCancellable *cancellable,
         gboolean     *woken)
{
  *woken = TRUE;
  return G_SOURCE_REMOVE;
}

/* Sleeps @wait, or less if @cancellable is cancelled. */
static void
wait_sync (GCancellable *cancellable,
           GTimeSpan     wait)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSource) source = timer_source_new (cancellable, g_get_monotonic_time () + wait);
  gboolean woken = FALSE;

  g_source_set_callback (source, G_SOURCE_FUNC (wake_up), &woken, NULL);
  g_source_attach (source, context);
  while (!woken)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (source);
}

/* The largest buffer a response's Content-Length makes the client allocate
 * before any byte arrives; longer bodies grow it as they come. */
#define MAX_BODY_PREALLOCATION (1024 * 1024)

/* soup_session_send_and_read() without its splice into a growing memory
 * stream: the body is read straight into one buffer the size its
 * Content-Length announces (grown when it has none, or more arrives), then
 * the stream is closed, which completes the message as the splice does.
 * A NUL follows the body, outside the GBytes' size, so that it reads as a
 * string. */
GBytes *
dynantic_soup_send_and_read (SoupSession   *session,
                             SoupMessage   *msg,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(GInputStream) stream = soup_session_send (session, msg, cancellable, error);
  SoupMessageHeaders *headers;
  g_autofree char *data = NULL;
  gsize capacity = 8192;
  gsize size = 0;
  goffset length;

  if (stream == NULL)
    return NULL;

  headers = soup_message_get_response_headers (msg);
  length = soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
         ? soup_message_headers_get_content_length (headers) : -1;
  if (length >= 0)
    capacity = (gsize) MIN (length, MAX_BODY_PREALLOCATION) + 1;  /* + 1: room to see the end */
  data = g_malloc (capacity);

  for (;;)
    {
      gsize got = 0;

      if (!g_input_stream_read_all (stream, data + size, capacity - size, &got, cancellable, error))
        {
          g_input_stream_close (stream, cancellable, NULL);
          return NULL;
        }
      size += got;
      if (size < capacity)
        break;
      capacity *= 2;
      data = g_realloc (data, capacity);
    }

  if (!g_input_stream_close (stream, cancellable, error))
    return NULL;
  data[size] = '\0';  /* size < capacity: a NUL after the body, as the splice's zeroed buffer has */
  return g_bytes_new_take (g_steal_pointer (&data), size);
}

static GBytes *
call_run_sync (Call    *call,
               GError **error)
{
  GTimeSpan wait = 0;

  for (;;)
    {
      switch (call_next_step (call, &wait))
        {
        case CALL_SEND:
          if (call_begin_attempt (call, NULL))
            {
              g_autoptr(GError) transport_error = NULL;
              g_autoptr(GBytes) response = NULL;

              response = dynantic_soup_send_and_read (call->client->session, call->msg,
                                                      call->attempt_cancellable, &transport_error);
              call_end_attempt (call, response, transport_error);
            }
          break;
        case CALL_WAIT:
          wait_sync (call->cancellable, wait);
          break;
        case CALL_DONE:
        default:
          return call_take_result (call, error);
        }
    }
}

GBytes *
dynantic_client_send (DynanticClient  *self,
                      const char      *operation,
                      GBytes          *body,
                      GCancellable    *cancellable,
                      GError         **error)
{
  g_autoptr(Call) call = NULL;

  g_return_val_if_fail (DYNANTIC_IS_CLIENT (self), NULL);
  g_return_val_if_fail (operation != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  call = call_new (self, operation, body, cancellable);
  return call_run_sync (call, error);
}

static void call_step_async (GTask *task);

static void
attempt_sent (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) transport_error = NULL;
  g_autoptr(GBytes) response = NULL;

  response = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &transport_error);
  call_end_attempt (g_task_get_task_data (task), response, transport_error);
  call_step_async (task);
}

static gboolean
wait_over (GCancellable *cancellable,
           GTask        *task)
{
  call_step_async (task);
  return G_SOURCE_REMOVE;
}

static void
call_return (GTask *task)
{
  GError *error = NULL;
  GBytes *response = call_take_result (g_task_get_task_data (task), &error);

  if (response != NULL)
    g_task_return_pointer (task, response, (GDestroyNotify) g_bytes_unref);
  else
    g_task_return_error (task, error);
}

/* The asynchronous retry loop: each step runs in the task's context. */
static void
call_step_async (GTask *task)
{
  Call *call = g_task_get_task_data (task);
  GMainContext *context = g_task_get_context (task);
  GTimeSpan wait = 0;

  for (;;)
    {
      switch (call_next_step (call, &wait))
        {
        case CALL_SEND:
          if (call_begin_attempt (call, context))
            {
              soup_session_send_and_read_async (call->client->session, call->msg, G_PRIORITY_DEFAULT,
                                                call->attempt_cancellable, attempt_sent,
                                                g_object_ref (task));
              return;
            }
          break;
        case CALL_WAIT:
          {
            g_autoptr(GSource) source = timer_source_new (call->cancellable,
                                                          g_get_monotonic_time () + wait);

            g_source_set_callback (source, G_SOURCE_FUNC (wait_over), g_object_ref (task), g_object_unref);
            g_source_attach (source, context);
            return;
          }
        case CALL_DONE:
        default:
          call_return (task);
          return;
        }
    }
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

  g_return_if_fail (DYNANTIC_IS_CLIENT (self));
  g_return_if_fail (operation != NULL);
  g_return_if_fail (body != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dynantic_client_send_async);
  g_task_set_task_data (task, call_new (self, operation, body, cancellable), (GDestroyNotify) call_free);
  call_step_async (task);
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
