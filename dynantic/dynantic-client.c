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
#include "dynantic-client-private.h"
#include "dynantic-enums.h"
#include "dynantic-error-private.h"
#include "dynantic-i18n-private.h"

#define DEFAULT_MAX_ATTEMPTS 3

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
 * Responses are limited to #DynanticClient:max-response-size bytes. TLS
 * certificates are always verified, against the system's trust store or
 * #DynanticClient:tls-ca-file.
 *
 * A client made with dynantic_client_new() takes its settings the way the
 * AWS CLI does: `AWS_REGION`/`AWS_DEFAULT_REGION`, `AWS_ENDPOINT_URL_DYNAMODB`/
 * `AWS_ENDPOINT_URL`, `AWS_PROFILE` and the shared config and credentials
 * files.
 *
 * ## Settings that cannot work
 *
 * A client's settings are checked when it is made: a region or an endpoint
 * holding characters an HTTP header cannot carry (a CR or LF could forge
 * headers), a #DynanticClient:cursor-key shorter than 32 bytes, a
 * #DynanticClient:tls-ca-file that cannot be loaded, a malformed endpoint
 * or no region at all. The client implements #GInitable, whose
 * g_initable_init() (or g_initable_new()) reports such a setting at once,
 * with %DYNANTIC_ERROR_INVALID_ARGUMENT naming it; a client made without it
 * (g_object_new(), dynantic_client_new(), a binding's constructor) fails
 * every call with that error before sending anything.
 *
 * Since: 0.1
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
  guint64                      max_response_size;
  char                        *tls_ca_file;

  GError                      *config_error;
  GUri                        *uri;
  DynanticHttp                *http;        /* session, retries, timeouts */
  DynanticHttpAuth            *auth;        /* credentials, SigV4 for dynamodb */
};

static void dynantic_client_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DynanticClient, dynantic_client, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, dynantic_client_initable_iface_init))

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
  PROP_MAX_RESPONSE_SIZE,
  PROP_TLS_CA_FILE,
  N_PROPS
};

/* Cursors sealed with a shorter key could be forged. */
#define MIN_CURSOR_KEY_SIZE 32

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

/* A region goes into the Host header of the default endpoint and into the
 * credential scope of every signature: letters, digits, '-', '_' and '.'
 * are all any region holds, and all a header may take unquoted. */
static gboolean
region_is_safe (const char *region)
{
  gsize length = strlen (region);

  if (length == 0 || length > 64)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (region[i]) && region[i] != '-' && region[i] != '_' && region[i] != '.')
      return FALSE;
  return TRUE;
}

/* Whether @text holds a control character, a space or a byte above ASCII:
 * what no URL of an endpoint holds, and a CR or LF of which would forge
 * headers. */
static gboolean
has_unsafe_byte (const char *text)
{
  for (const guchar *c = (const guchar *) text; *c != '\0'; c++)
    if (*c <= ' ' || *c >= 0x7f)
      return TRUE;
  return FALSE;
}

static gboolean
setting_refused (GError     **error,
                 const char  *setting,
                 const char  *why)
{
  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
               /* Translators: the first %s names a client setting ("region"), the second says why */
               _("The client’s setting “%s” is refused: %s"), setting, why);
  return FALSE;
}

/* Settings that can never work, refused when the client is made. The
 * values are never quoted: a forged header is no message to show. */
static gboolean
check_settings (DynanticClient  *self,
                GError         **error)
{
  if (self->region != NULL && !region_is_safe (self->region))
    return setting_refused (error, "region",
                            _("a region holds only letters, digits, “-”, “_” and “.”"));
  if (self->endpoint != NULL && has_unsafe_byte (self->endpoint))
    return setting_refused (error, "endpoint",
                            _("it holds a control character, a space or a non-ASCII byte"));
  if (self->cursor_key != NULL && g_bytes_get_size (self->cursor_key) < MIN_CURSOR_KEY_SIZE)
    return setting_refused (error, "cursor-key",
                            _("a cursor key must be at least 32 bytes (random, and kept secret)"));
  return TRUE;
}

/* The endpoint's host goes into the signed Host header. */
static gboolean
check_host (const char  *host,
            GError     **error)
{
  for (const char *c = host; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '-' && *c != '.' && *c != ':' && *c != '_')
      return setting_refused (error, "endpoint", _("its host holds characters a host name cannot"));
  return TRUE;
}

/* The trust store of #DynanticClient:tls-ca-file, or NULL for the system's. */
static GTlsDatabase *
load_tls_database (DynanticClient  *self,
                   GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  GTlsDatabase *database;

  if (self->tls_ca_file == NULL)
    return NULL;
  /* GTlsFileDatabase takes absolute paths only */
  path = g_canonicalize_filename (self->tls_ca_file, NULL);
  database = g_tls_file_database_new (path, &local_error);
  if (database == NULL)
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                   /* Translators: the first %s is a file name, the second why it could not be loaded;
                    * “tls-ca-file” is a setting name, keep it as it is */
                   _("The client’s setting “tls-ca-file” is refused: “%s” holds no certificates "
                     "that can be loaded: %s"), self->tls_ca_file, local_error->message);
      return NULL;
    }
  return database;
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
                   /* Translators: %s is the name of an AWS profile; AWS_REGION, AWS_DEFAULT_REGION and
                    * `region` are names of settings, keep them as they are */
                   _("No region is configured: set the client's region, AWS_REGION, "
                     "AWS_DEFAULT_REGION or `region` in the profile “%s” of the AWS config file"),
                   self->profile);
      return FALSE;
    }

  self->uri = g_uri_parse (self->endpoint, SOUP_HTTP_URI_FLAGS, &local_error);
  if (self->uri == NULL)
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                   /* Translators: the first %s is the endpoint URL as given, the second says why it is not
                    * valid */
                   _("The endpoint “%s” is not a valid URL: %s"), self->endpoint, local_error->message);
      return FALSE;
    }

  scheme = g_uri_get_scheme (self->uri);
  host = g_uri_get_host (self->uri);
  if (host != NULL && !check_host (host, error))
    return FALSE;
  if (host == NULL || *host == '\0' ||
      (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0))
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is the endpoint URL as given */
                   _("The endpoint “%s” must be an http or https URL with a host"), self->endpoint);
      return FALSE;
    }

  if (g_ascii_strcasecmp (scheme, "http") == 0 && !host_is_loopback (host))
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is the endpoint URL as given; “http” and “https” stay as they are */
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
  g_autoptr(GTlsDatabase) tls_database = NULL;

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

  if (check_settings (self, &self->config_error))
    tls_database = load_tls_database (self, &self->config_error);
  if (self->config_error == NULL && !resolve_endpoint (self, &self->config_error))
    g_clear_pointer (&self->uri, g_uri_unref);
  if (self->config_error != NULL)
    g_debug ("client is not usable: %s", self->config_error->message);

  self->http = dynantic_http_new (&(DynanticHttpSettings) {
    .max_attempts = self->max_attempts,
    .retry_mode = self->retry_mode,
    .timeout = self->timeout,
    .total_timeout = self->total_timeout,
    .max_response_size = (gsize) MIN (self->max_response_size, G_MAXSIZE),
    .direct = self->uri != NULL && host_is_loopback (g_uri_get_host (self->uri)),
    .tls_database = tls_database,
  });
  self->auth = dynantic_http_auth_new (self->credentials_provider,
                                       self->config_error == NULL ? self->region : "us-east-1", "dynamodb");
}

static gboolean
dynantic_client_initable_init (GInitable     *initable,
                               GCancellable  *cancellable,
                               GError       **error)
{
  DynanticClient *self = DYNANTIC_CLIENT (initable);

  /* Everything was checked when it was made: a binding's constructor
   * (which never calls this) gets the same client, whose calls fail. */
  if (self->config_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->config_error));
      return FALSE;
    }
  return TRUE;
}

static void
dynantic_client_initable_iface_init (GInitableIface *iface)
{
  iface->init = dynantic_client_initable_init;
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
  g_clear_pointer (&self->tls_ca_file, g_free);
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
    case PROP_MAX_RESPONSE_SIZE:
      g_value_set_uint64 (value, self->max_response_size);
      break;
    case PROP_TLS_CA_FILE:
      g_value_set_string (value, self->tls_ca_file);
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
    case PROP_MAX_RESPONSE_SIZE:
      self->max_response_size = g_value_get_uint64 (value);
      break;
    case PROP_TLS_CA_FILE:
      self->tls_ca_file = g_value_dup_string (value);
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
   * and keep it secret: a shorter key is refused (see "Settings that cannot
   * work" above). Unset: a random key made once per process, so cursors do
   * not outlive the process.
   */
  properties[PROP_CURSOR_KEY] =
    g_param_spec_boxed ("cursor-key", NULL, NULL, G_TYPE_BYTES, flags);

  /**
   * DynanticClient:max-response-size: (getter get_max_response_size)
   *
   * The largest response body the client reads, in bytes; a longer one
   * (or one that never ends) fails the call with
   * %DYNANTIC_ERROR_RESPONSE_TOO_LARGE after reading no more than that,
   * and is not retried. The default, 64 MiB, is well above DynamoDB's
   * largest response (a page of 16 MB, as JSON).
   *
   * Since: 0.2
   */
  properties[PROP_MAX_RESPONSE_SIZE] =
    g_param_spec_uint64 ("max-response-size", NULL, NULL, 1024, G_MAXUINT64,
                         DYNANTIC_HTTP_DEFAULT_MAX_RESPONSE_SIZE, flags);

  /**
   * DynanticClient:tls-ca-file: (getter get_tls_ca_file)
   *
   * A file of PEM certificates to trust, instead of the system's trust
   * store, when verifying the endpoint's TLS certificate: for an endpoint
   * with a private certificate authority. Certificates are always
   * verified; one that is not trusted fails the call with
   * %DYNANTIC_ERROR_TLS. A file that cannot be loaded is refused (see
   * "Settings that cannot work" above). Unset: the system's trust store.
   *
   * Since: 0.2
   */
  properties[PROP_TLS_CA_FILE] =
    g_param_spec_string ("tls-ca-file", NULL, NULL, NULL, flags);

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
 *
 * Since: 0.1
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
 *
 * Since: 0.1
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
static GPtrArray *retired_defaults;   /* replaced defaults, kept: see get_default() */

/**
 * dynantic_client_get_default:
 *
 * The client models use when they have none of their own: the one given to
 * dynantic_client_set_default(), else one made by dynantic_client_new() on
 * first use.
 *
 * The client returned stays valid for the life of the process, even when
 * another thread replaces the default meanwhile: a replaced default is kept,
 * not freed, so code that got it may go on using it without a reference of
 * its own. Set the default once, at start-up, rather than often.
 *
 * Returns: (transfer none): the process's default client
 *
 * Since: 0.1
 */
DynanticClient *
dynantic_client_get_default (void)
{
  DynanticClient *client;
  DynanticClient *made;

  g_mutex_lock (&default_client_lock);
  client = default_client;
  g_mutex_unlock (&default_client_lock);
  if (client != NULL)
    return client;

  /* Made without the lock: reading the environment and the shared files
   * is I/O, which no lock is held across. The first made wins. */
  made = dynantic_client_new ();
  g_mutex_lock (&default_client_lock);
  if (default_client == NULL)
    default_client = g_steal_pointer (&made);
  client = default_client;
  g_mutex_unlock (&default_client_lock);
  g_clear_object (&made);

  return client;
}

/**
 * dynantic_client_set_default:
 * @client: (nullable): a client, or %NULL to go back to one made from the environment
 *
 * Sets the process's default client. The default it replaces is kept for
 * the life of the process (see dynantic_client_get_default()).
 *
 * Since: 0.1
 */
void
dynantic_client_set_default (DynanticClient *client)
{
  g_return_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client));

  g_mutex_lock (&default_client_lock);
  if (default_client != NULL)
    {
      if (retired_defaults == NULL)
        retired_defaults = g_ptr_array_new ();
      g_ptr_array_add (retired_defaults, default_client);
    }
  default_client = client != NULL ? g_object_ref (client) : NULL;
  g_mutex_unlock (&default_client_lock);
}

/**
 * dynantic_client_get_region:
 * @self: a client
 *
 * Returns: (nullable): the region requests are signed for
 *
 * Since: 0.1
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
 *
 * Since: 0.1
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
 *
 * Since: 0.1
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
 *
 * Since: 0.1
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
 *
 * Since: 0.1
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
 *
 * Since: 0.1
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
 *
 * Since: 0.1
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
 *
 * Since: 0.1
 */
double
dynantic_client_get_total_timeout (DynanticClient *self)
{
  g_return_val_if_fail (DYNANTIC_IS_CLIENT (self), 0);
  return self->total_timeout;
}

/**
 * dynantic_client_get_max_response_size:
 * @self: a client
 *
 * Returns: the largest response body the client reads, in bytes
 *
 * Since: 0.2
 */
guint64
dynantic_client_get_max_response_size (DynanticClient *self)
{
  g_return_val_if_fail (DYNANTIC_IS_CLIENT (self), 0);
  return self->max_response_size;
}

/**
 * dynantic_client_get_tls_ca_file:
 * @self: a client
 *
 * Returns: (nullable) (type filename): the file of certificates the client
 *   trusts, or %NULL for the system's trust store
 *
 * Since: 0.2
 */
const char *
dynantic_client_get_tls_ca_file (DynanticClient *self)
{
  g_return_val_if_fail (DYNANTIC_IS_CLIENT (self), NULL);
  return self->tls_ca_file;
}

/**
 * dynantic_client_get_cursor_key:
 * @self: a client
 *
 * Returns: (transfer none) (nullable): the key that seals the pagination
 *   cursors of the client's reads, or %NULL when none was given: the reads
 *   then use a random key made once per process
 *
 * Since: 0.1
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

DynanticHttp *
dynantic_client_get_http (DynanticClient *self)
{
  return self->http;
}

DynanticHttpAuth *
dynantic_client_get_auth (DynanticClient *self)
{
  return self->auth;
}

GUri *
dynantic_client_get_uri (DynanticClient *self)
{
  return self->uri;
}

const GError *
dynantic_client_get_config_error (DynanticClient *self)
{
  return self->config_error;
}
