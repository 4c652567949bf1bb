/* dynantic-http.c: the HTTP core every call to AWS goes through
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "dynantic-credentials-cache-private.h"
#include "dynantic-error-private.h"
#include "dynantic-hash-private.h"
#include "dynantic-http-private.h"
#include "dynantic-i18n-private.h"
#include "dynantic-sigv4-private.h"
#include "dynantic-watchdog-private.h"

#define DEFAULT_MAX_ATTEMPTS 3

/* The largest buffer a response's Content-Length makes a call allocate
 * before any byte arrives; longer bodies grow it as they come. */
#define MAX_BODY_PREALLOCATION (1024 * 1024)

/* Sessions ----------------------------------------------------------------- */

struct _DynanticHttp
{
  DynanticHttpSettings  settings;
  SoupSession          *session;
  DynanticRetryPolicy  *retry_policy;
};

/* One session for every call. libsoup's content decoder is left out: it would
 * ask for compressed responses, whose x-amz-crc32 covers the compressed
 * bytes, and DynamoDB's JSON is cheaper to read than to inflate. An endpoint
 * on this machine is reached directly, without asking the proxy resolver
 * (libproxy) about every new connection. */
static SoupSession *
new_session (const DynanticHttpSettings *settings)
{
  double timeout = settings->timeout;
  guint io_timeout = timeout > 0 && timeout < G_MAXUINT ? (guint) ceil (timeout) : 0;
  SoupSession *session = g_object_new (SOUP_TYPE_SESSION,
                                       "timeout", io_timeout,
                                       "max-conns-per-host", 64,
                                       "max-conns", 256,
                                       "user-agent", "dynantic/" PACKAGE_VERSION,
                                       NULL);

  soup_session_remove_feature_by_type (session, SOUP_TYPE_CONTENT_DECODER);
  if (settings->direct)
    soup_session_set_proxy_resolver (session, NULL);
  if (settings->tls_database != NULL)
    soup_session_set_tls_database (session, settings->tls_database);
  return session;
}

DynanticHttp *
dynantic_http_new (const DynanticHttpSettings *settings)
{
  DynanticHttp *self = g_atomic_rc_box_new0 (DynanticHttp);

  self->settings = *settings;
  if (self->settings.max_attempts == 0)
    self->settings.max_attempts = DEFAULT_MAX_ATTEMPTS;
  if (self->settings.max_response_size == 0)
    self->settings.max_response_size = DYNANTIC_HTTP_DEFAULT_MAX_RESPONSE_SIZE;
  if (self->settings.tls_database != NULL)
    g_object_ref (self->settings.tls_database);
  self->session = new_session (&self->settings);
  self->retry_policy = dynantic_retry_policy_new (self->settings.retry_mode, self->settings.max_attempts,
                                                  g_get_monotonic_time ());
  return self;
}

DynanticHttp *
dynantic_http_ref (DynanticHttp *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
http_clear (gpointer data)
{
  DynanticHttp *self = data;

  g_clear_object (&self->settings.tls_database);
  g_clear_object (&self->session);
  g_clear_pointer (&self->retry_policy, dynantic_retry_policy_free);
}

void
dynantic_http_unref (DynanticHttp *self)
{
  g_atomic_rc_box_release_full (self, http_clear);
}

DynanticRetryPolicy *
dynantic_http_get_retry_policy (DynanticHttp *self)
{
  return self->retry_policy;
}

const DynanticHttpSettings *
dynantic_http_get_settings (DynanticHttp *self)
{
  return &self->settings;
}

static GTimeSpan
seconds_to_span (double seconds)
{
  /* A century is as good as forever, and cannot overflow. */
  return (GTimeSpan) (MIN (seconds, 100.0 * 365 * 24 * 3600) * G_TIME_SPAN_SECOND);
}

gint64
dynantic_http_deadline_after (gint64 now,
                              double seconds)
{
  return seconds > 0 ? now + seconds_to_span (seconds) : G_MAXINT64;
}

/* Signing ------------------------------------------------------------------ */

struct _DynanticHttpAuth
{
  DynanticSigner           *signer;
  DynanticCredentialsCache *cache;  /* one refresh at a time, no lock held while loading */
};

DynanticHttpAuth *
dynantic_http_auth_new (DynanticCredentialsProvider *provider,
                        const char                  *region,
                        const char                  *service)
{
  DynanticHttpAuth *self = g_atomic_rc_box_new0 (DynanticHttpAuth);

  self->signer = dynantic_signer_new (region, service);
  self->cache = dynantic_credentials_cache_new (provider);
  return self;
}

DynanticHttpAuth *
dynantic_http_auth_ref (DynanticHttpAuth *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
auth_clear (gpointer data)
{
  DynanticHttpAuth *self = data;

  g_clear_pointer (&self->signer, dynantic_signer_free);
  g_clear_pointer (&self->cache, dynantic_credentials_cache_unref);
}

void
dynantic_http_auth_unref (DynanticHttpAuth *self)
{
  g_atomic_rc_box_release_full (self, auth_clear);
}

DynanticCredentialsCache *
dynantic_http_auth_get_credentials_cache (DynanticHttpAuth *self)
{
  return self->cache;
}

/* Requests ----------------------------------------------------------------- */

typedef struct {
  const char *name;
  char       *value;
} Header;

struct _DynanticHttpRequest
{
  const char            *method;
  GUri                  *uri;
  const char            *service;
  const char            *operation;
  Header                 headers[DYNANTIC_HTTP_MAX_HEADERS];
  guint                  n_headers;
  const char            *content_type;
  GBytes                *body;
  DynanticHttpAuth      *auth;
  DynanticHttpCheckFunc  check;
  gpointer               check_data;
  gint64                 deadline;
  GTimeSpan              delay;
};

DynanticHttpRequest *
dynantic_http_request_new (const char *method,
                           GUri       *uri,
                           const char *service,
                           const char *operation)
{
  DynanticHttpRequest *self = g_atomic_rc_box_new0 (DynanticHttpRequest);

  self->method = method;
  self->uri = g_uri_ref (uri);
  self->service = service;
  self->operation = operation;
  self->deadline = G_MAXINT64;
  return self;
}

DynanticHttpRequest *
dynantic_http_request_ref (DynanticHttpRequest *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
request_clear (gpointer data)
{
  DynanticHttpRequest *self = data;

  g_uri_unref (self->uri);
  for (guint i = 0; i < self->n_headers; i++)
    g_free (self->headers[i].value);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_clear_pointer (&self->auth, dynantic_http_auth_unref);
}

void
dynantic_http_request_unref (DynanticHttpRequest *self)
{
  g_atomic_rc_box_release_full (self, request_clear);
}

void
dynantic_http_request_take_header (DynanticHttpRequest *self,
                                   const char          *name,
                                   char                *value)
{
  g_return_if_fail (self->n_headers < DYNANTIC_HTTP_MAX_HEADERS);

  self->headers[self->n_headers++] = (Header) { name, value };
}

void
dynantic_http_request_add_header (DynanticHttpRequest *self,
                                  const char          *name,
                                  const char          *value)
{
  dynantic_http_request_take_header (self, name, g_strdup (value));
}

void
dynantic_http_request_set_body (DynanticHttpRequest *self,
                                const char          *content_type,
                                GBytes              *body)
{
  self->content_type = content_type;
  g_clear_pointer (&self->body, g_bytes_unref);
  self->body = body != NULL ? g_bytes_ref (body) : NULL;
}

void
dynantic_http_request_set_auth (DynanticHttpRequest *self,
                                DynanticHttpAuth    *auth)
{
  g_clear_pointer (&self->auth, dynantic_http_auth_unref);
  self->auth = auth != NULL ? dynantic_http_auth_ref (auth) : NULL;
}

void
dynantic_http_request_set_check (DynanticHttpRequest   *self,
                                 DynanticHttpCheckFunc  check,
                                 gpointer               user_data)
{
  self->check = check;
  self->check_data = user_data;
}

void
dynantic_http_request_set_deadline (DynanticHttpRequest *self,
                                    gint64               deadline)
{
  self->deadline = deadline;
}

void
dynantic_http_request_set_delay (DynanticHttpRequest *self,
                                 GTimeSpan            delay)
{
  self->delay = delay;
}

const char *
dynantic_http_request_get_operation (DynanticHttpRequest *self)
{
  return self->operation;
}

static char *
host_header (GUri *uri)
{
  int port = g_uri_get_port (uri);
  const char *scheme = g_uri_get_scheme (uri);
  gboolean default_port = port == -1 ||
    (port == 443 && g_ascii_strcasecmp (scheme, "https") == 0) ||
    (port == 80 && g_ascii_strcasecmp (scheme, "http") == 0);
  char digits[8];
  char *first = digits + sizeof digits - 1;

  if (default_port)
    return g_strdup (g_uri_get_host (uri));

  /* host:port, without printf's cost on every signed request; a port has
   * five digits at most */
  *first = '\0';
  do
    *--first = '0' + port % 10;
  while ((port /= 10) > 0);
  return g_strconcat (g_uri_get_host (uri), ":", first, NULL);
}

/* The Authorization header for @request sent at @amz_date: SigV4 over the
 * host, the date, the token, the body's type and the request's headers. */
static char *
authorization (DynanticHttpRequest *request,
               DynanticCredentials *credentials,
               const char          *amz_date)
{
  DynanticSigv4Header headers[DYNANTIC_HTTP_MAX_HEADERS + 4];
  g_autofree char *host = host_header (request->uri);
  char payload_hash[DYNANTIC_SHA256_HEX_SIZE];
  DynanticSigv4Request signed_request = { 0 };
  const char *token = dynantic_credentials_get_session_token (credentials);
  const char *path = g_uri_get_path (request->uri);
  gconstpointer body_data = NULL;
  gsize body_size = 0;
  gsize n = 0;

  if (request->body != NULL)
    body_data = g_bytes_get_data (request->body, &body_size);
  dynantic_sha256_hex (body_data != NULL ? body_data : "", body_size, payload_hash);

  if (request->content_type != NULL)
    headers[n++] = (DynanticSigv4Header) { "content-type", request->content_type };
  headers[n++] = (DynanticSigv4Header) { "host", host };
  headers[n++] = (DynanticSigv4Header) { "x-amz-date", amz_date };
  for (guint i = 0; i < request->n_headers; i++)
    headers[n++] = (DynanticSigv4Header) { request->headers[i].name, request->headers[i].value };
  if (token != NULL)
    headers[n++] = (DynanticSigv4Header) { "x-amz-security-token", token };

  signed_request.method = request->method;
  signed_request.path = (path != NULL && *path != '\0') ? path : "/";
  signed_request.query = g_uri_get_query (request->uri);
  signed_request.headers = headers;
  signed_request.n_headers = n;
  signed_request.payload_hash = payload_hash;
  return dynantic_signer_authorization (request->auth->signer, credentials, &signed_request, amz_date);
}

/* The message of one attempt, signed with @credentials when given.
 * Messages are flagged idempotent so that libsoup keeps connections alive
 * between them (see README, "Connection reuse"). Redirects are never
 * followed: libsoup would take the signed headers and the session token to
 * the other host, and turn a 301/302/303 into a body-less GET whose
 * `200 {}` could pass for a successful write. */
static SoupMessage *
build_message (DynanticHttpRequest *request,
               DynanticCredentials *credentials)
{
  SoupMessage *msg = soup_message_new_from_uri (request->method, request->uri);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT | SOUP_MESSAGE_NO_REDIRECT);

  /* a new message has none of these headers: append, not replace */
  for (guint i = 0; i < request->n_headers; i++)
    soup_message_headers_append (headers, request->headers[i].name, request->headers[i].value);
  if (credentials != NULL)
    {
      char amz_date[DYNANTIC_SIGV4_AMZ_DATE_SIZE];
      const char *token = dynantic_credentials_get_session_token (credentials);
      g_autofree char *signature = NULL;

      dynantic_sigv4_amz_date_now (amz_date);
      signature = authorization (request, credentials, amz_date);
      soup_message_headers_append (headers, "X-Amz-Date", amz_date);
      if (token != NULL)
        soup_message_headers_append (headers, "X-Amz-Security-Token", token);
      soup_message_headers_append (headers, "Authorization", signature);
    }
  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (msg, request->content_type, request->body);

  return msg;
}

/* Reading bodies ----------------------------------------------------------- */

/* A response body read into one buffer: sized by the Content-Length, grown
 * when there is none or more arrives, never past the limit plus the room of
 * one read (the bytes that show the body is too long). */
typedef struct {
  char  *data;
  gsize  size;
  gsize  capacity;
  gsize  max_size;   /* 0: none */
  gsize  min_read;   /* the least room a read is given */
} BodyReader;

/* libsoup's chunked decoder needs room for a chunk's trailing CRLF in
 * every read; a body with a Content-Length is read to its last byte. */
#define CHUNKED_MIN_READ 256

static GError *
too_large_error (gsize max_size)
{
  return g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_RESPONSE_TOO_LARGE,
                      /* Translators: %zu is a number of bytes */
                      _("The response is larger than the limit of %zu bytes"),
                      max_size);
}

/* FALSE with @error set when the Content-Length already says too much. */
static gboolean
body_reader_init (BodyReader   *reader,
                  SoupMessage  *msg,
                  gsize         max_size,
                  GError      **error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  goffset length = soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
                 ? soup_message_headers_get_content_length (headers) : -1;

  reader->data = NULL;
  reader->size = 0;
  reader->max_size = max_size;
  if (length >= 0)
    {
      if (max_size != 0 && (guint64) length > max_size)
        {
          g_propagate_error (error, too_large_error (max_size));
          return FALSE;
        }
      reader->min_read = 1;
      reader->capacity = (gsize) MIN (length, MAX_BODY_PREALLOCATION) + 1;  /* + 1: room to see the end */
    }
  else
    {
      reader->min_read = CHUNKED_MIN_READ;
      reader->capacity = 8192;
      if (max_size != 0)
        reader->capacity = MIN (reader->capacity, max_size + CHUNKED_MIN_READ);
    }
  reader->data = g_malloc (reader->capacity);
  return TRUE;
}

static void
body_reader_clear (BodyReader *reader)
{
  g_clear_pointer (&reader->data, g_free);
}

/* Before each read: room for it, or FALSE with @error set once the body
 * is past the limit. */
static gboolean
body_reader_reserve (BodyReader  *reader,
                     GError     **error)
{
  if (reader->max_size != 0 && reader->size > reader->max_size)
    {
      g_propagate_error (error, too_large_error (reader->max_size));
      return FALSE;
    }
  if (reader->capacity - reader->size >= reader->min_read)
    return TRUE;

  reader->capacity = MAX (reader->capacity * 2, reader->size + reader->min_read);
  if (reader->max_size != 0)
    reader->capacity = MIN (reader->capacity, reader->max_size + reader->min_read);
  reader->data = g_realloc (reader->data, reader->capacity);
  return TRUE;
}

static GBytes *
body_reader_take (BodyReader *reader)
{
  reader->data[reader->size] = '\0';  /* size < capacity: a NUL after the body */
  return g_bytes_new_take (g_steal_pointer (&reader->data), reader->size);
}

/* Closing a body stream before its end would read the rest (libsoup
 * completes the message on close): closed with a cancelled cancellable, it
 * drops the connection instead. */
static void
abandon_stream (GInputStream *stream)
{
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();

  g_cancellable_cancel (cancelled);
  g_input_stream_close (stream, cancelled, NULL);
}

/* soup_session_send_and_read() without its splice into a growing memory
 * stream, and with a limit: the body is read straight into one buffer the
 * size its Content-Length announces (grown when it has none, or more
 * arrives), then the stream is closed, which completes the message as the
 * splice does. */
GBytes *
dynantic_soup_send_and_read (SoupSession   *session,
                             SoupMessage   *msg,
                             gsize          max_size,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(GInputStream) stream = soup_session_send (session, msg, cancellable, error);
  BodyReader reader;

  if (stream == NULL)
    return NULL;

  if (!body_reader_init (&reader, msg, max_size, error))
    {
      abandon_stream (stream);
      return NULL;
    }
  while (body_reader_reserve (&reader, error))
    {
      gssize got = g_input_stream_read (stream, reader.data + reader.size, reader.capacity - reader.size,
                                        cancellable, error);

      if (got < 0)
        break;
      if (got == 0)
        {
          if (!g_input_stream_close (stream, cancellable, error))
            break;
          return body_reader_take (&reader);
        }
      reader.size += got;
    }

  abandon_stream (stream);
  body_reader_clear (&reader);
  return NULL;
}

/* Calls -------------------------------------------------------------------- */

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
 * call_begin_attempt(), call_sign(), call_end_attempt()); they differ only
 * in how they load credentials, send and wait. */
typedef struct {
  DynanticHttp        *http;
  DynanticHttpRequest *request;
  GCancellable        *cancellable;          /* the caller's, or NULL */
  gint64               deadline;             /* monotonic; G_MAXINT64: none */
  DynanticRetryState   retry;
  GTimeSpan            backoff;              /* to wait before the next attempt */
  gboolean             finished;
  GBytes              *response;             /* the accepted response's body */
  GError              *error;                /* why the call failed so far */

  /* the attempt in flight, and what cancels it: the caller's cancellable or
   * the attempt's deadline */
  SoupMessage           *msg;
  GCancellable          *attempt_cancellable;
  GSource               *attempt_source;     /* async */
  gulong                 cancelled_id;       /* sync */
  DynanticWatchdogEntry  watchdog;           /* sync */
  GInputStream          *stream;             /* async */
  BodyReader             reader;             /* async */
  GError                *read_error;         /* async: why the body was abandoned */
} Call;

typedef enum {
  CALL_SEND,
  CALL_WAIT,
  CALL_DONE,
} CallStep;

static Call *
call_new (DynanticHttp        *http,
          DynanticHttpRequest *request,
          GCancellable        *cancellable)
{
  Call *call = g_new0 (Call, 1);

  call->http = dynantic_http_ref (http);
  call->request = dynantic_http_request_ref (request);
  call->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  call->deadline = MIN (request->deadline,
                        dynantic_http_deadline_after (g_get_monotonic_time (), http->settings.total_timeout));
  call->backoff = request->delay;
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
  g_clear_object (&call->stream);
  body_reader_clear (&call->reader);
  g_clear_error (&call->read_error);
  g_clear_object (&call->attempt_cancellable);
  g_clear_object (&call->msg);
}

static void
call_free (Call *call)
{
  call_end_attempt_io (call);
  g_clear_pointer (&call->http, dynantic_http_unref);
  g_clear_pointer (&call->request, dynantic_http_request_unref);
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
                      /* Translators: %s is an operation such as GetItem */
                      _("%s did not complete within its total timeout"),
                      call->request->operation);
}

/* What to do next: send an attempt, wait (backoff or the rate limiter), or
 * stop. No attempt starts once the caller cancelled or the deadline
 * passed, or when the wait before it would end past the deadline. */
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
    *wait = dynantic_retry_policy_wait_to_send (call->http->retry_policy, now);
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

/* Arms the attempt's cancellation, when the caller cancels or at the
 * attempt's deadline (the per-attempt timeout or the call's, whichever
 * comes first). Loading credentials is part of the attempt. @context is
 * the task's for an asynchronous call, NULL for a synchronous one. */
static void
call_begin_attempt (Call         *call,
                    GMainContext *context)
{
  gint64 deadline = MIN (call->deadline,
                         dynantic_http_deadline_after (g_get_monotonic_time (), call->http->settings.timeout));

  call->attempt_cancellable = g_cancellable_new ();
  if (context == NULL)
    arm_sync_attempt (call, deadline);
  else
    arm_async_attempt (call, deadline, context);
}

/* The caller cancelled, or else the attempt's time ran out. */
static GError *
cancelled_error (Call *call)
{
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (call->cancellable, &error))
    return error;
  return g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_TIMEOUT,
                      /* Translators: %s is a service such as DynamoDB */
                      _("Loading credentials for %s did not complete in time"),
                      call->request->service);
}

/* Credentials could not be loaded: the call fails, unretried. */
static void
call_credentials_failed (Call   *call,
                         GError *error)
{
  if (g_cancellable_is_cancelled (call->attempt_cancellable))
    {
      g_clear_error (&error);
      error = cancelled_error (call);
    }
  call_end_attempt_io (call);
  call_fail (call, error);
}

/* Makes the attempt's message, signed with @credentials (NULL: unsigned). */
static void
call_sign (Call                *call,
           DynanticCredentials *credentials)
{
  call->msg = build_message (call->request, credentials);
}

static GError *
error_from_transport (Call         *call,
                      const GError *transport_error)
{
  if (transport_error->domain == G_TLS_ERROR)
    return g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_TLS,
                        /* Translators: the first %s is a service such as DynamoDB */
                        _("The TLS connection to %s failed: %s"), call->request->service,
                        transport_error->message);

  if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_TIMEOUT,
                        /* Translators: the first %s is a service such as DynamoDB */
                        _("%s did not answer in time: %s"), call->request->service, transport_error->message);

  return g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_NETWORK,
                      /* Translators: the first %s is a service such as DynamoDB */
                      _("Could not reach %s: %s"), call->request->service, transport_error->message);
}

static DynanticAttemptOutcome
read_transport_error (Call          *call,
                      const GError  *transport_error,
                      GError       **error)
{
  g_autoptr(GError) timed_out = NULL;

  /* our own verdict on the response (too large): final */
  if (transport_error->domain == DYNANTIC_ERROR)
    {
      *error = g_error_copy (transport_error);
      return DYNANTIC_ATTEMPT_FAILED;
    }

  if (g_cancellable_set_error_if_cancelled (call->cancellable, error))
    return DYNANTIC_ATTEMPT_FAILED;

  /* Cancelled, but not by the caller: the attempt's deadline passed. */
  if (g_cancellable_is_cancelled (call->attempt_cancellable))
    {
      timed_out = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, _("the attempt timed out"));
      transport_error = timed_out;
    }

  *error = error_from_transport (call, transport_error);
  return dynantic_attempt_classify (0, NULL, transport_error);
}

static DynanticAttemptOutcome
check_status (const DynanticHttpResponse  *response,
              gpointer                     user_data,
              GError                     **error)
{
  const char *request_id = soup_message_headers_get_one (response->headers, "x-amzn-RequestId");

  if (response->status >= 200 && response->status < 300)
    return DYNANTIC_ATTEMPT_SUCCEEDED;

  *error = dynantic_error_new_from_service (response->status, NULL, NULL, request_id);
  return dynantic_attempt_classify (response->status, NULL, NULL);
}

/* How the attempt ended; unless it succeeded, @error says why. */
static DynanticAttemptOutcome
read_attempt (Call          *call,
              GBytes        *body,
              const GError  *transport_error,
              GError       **error)
{
  DynanticHttpRequest *request = call->request;
  DynanticHttpResponse response;

  if (transport_error != NULL)
    return read_transport_error (call, transport_error, error);

  response.status = soup_message_get_status (call->msg);
  response.headers = soup_message_get_response_headers (call->msg);
  response.body = body;
  if (response.status >= 300 && response.status < 400)
    {
      *error = dynantic_error_new_redirect (response.status,
                                            soup_message_headers_get_one (response.headers, "x-amzn-RequestId"));
      return DYNANTIC_ATTEMPT_FAILED;
    }

  if (request->check != NULL)
    return request->check (&response, request->check_data, error);
  return check_status (&response, NULL, error);
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
  guint status = call->msg != NULL ? soup_message_get_status (call->msg) : 0;

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

  g_debug ("%s attempt %u of %u: %s; %s", call->request->operation, call->retry.attempts,
           call->http->settings.max_attempts, result, next);
}

/* Records the attempt's outcome and lets the retry policy decide. */
static void
call_end_attempt (Call         *call,
                  GBytes       *body,
                  const GError *transport_error)
{
  DynanticAttemptOutcome outcome;
  DynanticRetryDecision decision;
  GError *error = NULL;
  GTimeSpan delay = 0;

  outcome = read_attempt (call, body, transport_error, &error);
  decision = dynantic_retry_policy_after_attempt (call->http->retry_policy, &call->retry,
                                                  outcome, g_get_monotonic_time (), &delay);
  log_attempt (call, error, decision, delay);
  call_end_attempt_io (call);

  if (outcome == DYNANTIC_ATTEMPT_SUCCEEDED)
    {
      call->response = g_bytes_ref (body);
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

/* Synchronous calls ---------------------------------------------------------- */

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

static void
call_attempt_sync (Call *call)
{
  g_autoptr(DynanticCredentials) credentials = NULL;
  g_autoptr(GError) transport_error = NULL;
  g_autoptr(GBytes) body = NULL;

  call_begin_attempt (call, NULL);
  if (call->request->auth != NULL)
    {
      GError *error = NULL;

      credentials = dynantic_credentials_cache_get (call->request->auth->cache, call->attempt_cancellable, &error);
      if (credentials == NULL)
        {
          call_credentials_failed (call, error);
          return;
        }
    }
  call_sign (call, credentials);
  body = dynantic_soup_send_and_read (call->http->session, call->msg, call->http->settings.max_response_size,
                                      call->attempt_cancellable, &transport_error);
  call_end_attempt (call, body, transport_error);
}

GBytes *
dynantic_http_send (DynanticHttp         *self,
                    DynanticHttpRequest  *request,
                    GCancellable         *cancellable,
                    GError              **error)
{
  g_autoptr(Call) call = call_new (self, request, cancellable);
  GTimeSpan wait = 0;

  for (;;)
    {
      switch (call_next_step (call, &wait))
        {
        case CALL_SEND:
          call_attempt_sync (call);
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

/* Asynchronous calls -------------------------------------------------------- */

static void call_step_async (GTask *task);

/* The attempt ended, with @body or @transport_error; @task is taken. */
static void
attempt_done_async (GTask        *task,
                    GBytes       *body,
                    const GError *transport_error)
{
  call_end_attempt (g_task_get_task_data (task), body, transport_error);
  call_step_async (task);
}

static void
body_closed (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  if (!g_input_stream_close_finish (G_INPUT_STREAM (source), result, &error))
    {
      attempt_done_async (task, NULL, error);
      return;
    }
  body = body_reader_take (&call->reader);
  attempt_done_async (task, body, NULL);
}

static void
body_abandoned (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) read_error = g_steal_pointer (&call->read_error);

  g_input_stream_close_finish (G_INPUT_STREAM (source), result, NULL);
  attempt_done_async (task, NULL, read_error);
}

/* The body could not be read whole (@error, taken): the stream is closed
 * with a cancelled cancellable, which drops the connection instead of
 * reading on, and the attempt ends; @task is taken. */
static void
body_failed (GTask  *task,
             GError *error)
{
  Call *call = g_task_get_task_data (task);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();

  call->read_error = error;
  g_cancellable_cancel (cancelled);
  g_input_stream_close_async (call->stream, G_PRIORITY_DEFAULT, cancelled, body_abandoned, task);
}

/* The whole body is read: the stream is closed; @task is taken. */
static void
body_end (GTask *task)
{
  Call *call = g_task_get_task_data (task);

  g_input_stream_close_async (call->stream, G_PRIORITY_DEFAULT, call->attempt_cancellable, body_closed, task);
}

static gboolean body_readable (GObject *stream, gpointer user_data);

/* Reads the body as it arrives: what is there at once, then again when the
 * stream is readable. libsoup's response streams are pollable (a
 * SoupClientInputStream, or a GMemoryInputStream for a message without
 * body). g_input_stream_read_async() would complete every read in an idle
 * of its own (a GTask returned in the iteration it was made in), two or
 * three main loop iterations more a response. @task is taken. */
static void
read_body_pollable (GTask *task)
{
  Call *call = g_task_get_task_data (task);
  GPollableInputStream *stream = G_POLLABLE_INPUT_STREAM (call->stream);
  BodyReader *reader = &call->reader;
  GError *error = NULL;
  GSource *source;

  for (;;)
    {
      gssize got;

      if (!body_reader_reserve (reader, &error))
        {
          body_failed (task, error);
          return;
        }
      got = g_pollable_input_stream_read_nonblocking (stream, reader->data + reader->size,
                                                      reader->capacity - reader->size,
                                                      call->attempt_cancellable, &error);
      if (got == 0)
        {
          body_end (task);
          return;
        }
      if (got < 0)
        break;
      reader->size += got;
    }
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    {
      body_failed (task, error);
      return;
    }
  g_clear_error (&error);
  /* the source fires when the stream is readable or the attempt is
   * cancelled (its deadline, or the caller), which the next read reports */
  source = g_pollable_input_stream_create_source (stream, call->attempt_cancellable);
  g_source_set_callback (source, G_SOURCE_FUNC (body_readable), task, NULL);
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
}

static gboolean
body_readable (GObject  *stream,
               gpointer  user_data)
{
  read_body_pollable (user_data);
  return G_SOURCE_REMOVE;
}

static void
attempt_sent (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) send_error = NULL;
  GError *error = NULL;

  call->stream = soup_session_send_finish (SOUP_SESSION (source), result, &send_error);
  if (call->stream == NULL)
    {
      attempt_done_async (task, NULL, send_error);
      return;
    }
  if (!body_reader_init (&call->reader, call->msg, call->http->settings.max_response_size, &error))
    {
      body_failed (task, error);
      return;
    }
  if (!G_IS_POLLABLE_INPUT_STREAM (call->stream) ||
      !g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (call->stream)))
    {
      /* not a stream libsoup 3 gives: the attempt fails rather than block */
      body_failed (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                              _("The response body cannot be read without blocking")));
      return;
    }
  read_body_pollable (task);
}

/* Signs and sends the attempt; @task is taken. */
static void
send_async (GTask               *task,
            DynanticCredentials *credentials)
{
  Call *call = g_task_get_task_data (task);

  call_sign (call, credentials);
  soup_session_send_async (call->http->session, call->msg, G_PRIORITY_DEFAULT,
                           call->attempt_cancellable, attempt_sent, task);
}

static void
credentials_loaded (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(DynanticCredentials) credentials = NULL;
  GError *error = NULL;

  credentials = dynantic_credentials_cache_get_finish (call->request->auth->cache, result, &error);
  if (credentials == NULL)
    {
      call_credentials_failed (call, error);
      call_step_async (task);
      return;
    }
  send_async (task, credentials);
}

static gboolean
wait_over (GCancellable *cancellable,
           GTask        *task)
{
  call_step_async (g_object_ref (task));
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

/* The asynchronous retry loop: each step runs in the task's context; @task
 * (a reference) is taken. */
static void
call_step_async (GTask *task)
{
  Call *call = g_task_get_task_data (task);
  GMainContext *context = g_task_get_context (task);
  GTimeSpan wait = 0;

  switch (call_next_step (call, &wait))
    {
    case CALL_SEND:
      call_begin_attempt (call, context);
      if (call->request->auth != NULL)
        {
          /* credentials in hand are used at once; others are awaited
           * without blocking, within the attempt's deadline */
          DynanticCredentialsCache *cache = call->request->auth->cache;
          g_autoptr(DynanticCredentials) credentials = dynantic_credentials_cache_get_fresh (cache);

          if (credentials == NULL)
            dynantic_credentials_cache_get_async (cache, call->attempt_cancellable, credentials_loaded, task);
          else
            send_async (task, credentials);
        }
      else
        send_async (task, NULL);
      return;
    case CALL_WAIT:
      {
        g_autoptr(GSource) source = timer_source_new (call->cancellable, g_get_monotonic_time () + wait);

        g_source_set_callback (source, G_SOURCE_FUNC (wait_over), task, g_object_unref);
        g_source_attach (source, context);
        return;
      }
    case CALL_DONE:
    default:
      call_return (task);
      g_object_unref (task);
      return;
    }
}

void
dynantic_http_send_async (DynanticHttp        *self,
                          DynanticHttpRequest *request,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, dynantic_http_send_async);
  g_task_set_task_data (task, call_new (self, request, cancellable), (GDestroyNotify) call_free);
  call_step_async (task);
}

GBytes *
dynantic_http_send_finish (DynanticHttp  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dynantic_http_send_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
