/* dynantic-http-private.h: the HTTP core every call to AWS goes through
 *
 * One DynanticHttp holds a SoupSession and the settings its calls share:
 * attempts, retry mode (its DynanticRetryPolicy: backoff, retry quota,
 * adaptive rate limiter), the per-attempt and whole-call timeouts, the
 * largest response accepted and the TLS trust. A DynanticHttpRequest says
 * what one call sends; dynantic_http_send() and its asynchronous form run it
 * through one state machine:
 *
 *   wait (backoff, rate limiter) -> credentials (when signed) -> sign ->
 *   send -> read the body -> judge it -> retry or end
 *
 * Contract, for every request, signed or not:
 *
 * - Redirects are never followed: a 3xx answer ends the call with
 *   DYNANTIC_ERROR_REDIRECT (the status kept, the Location never shown), and
 *   nothing is sent to another host.
 * - Each attempt is bounded by the timeout (a blocked synchronous attempt is
 *   cancelled by the watchdog thread, an asynchronous one by a source on the
 *   task's context); the whole call, credentials, backoff and attempts, by
 *   the total timeout or the request's own deadline, whichever is earlier.
 *   Either gives DYNANTIC_ERROR_TIMEOUT. Cancelling the caller's cancellable
 *   ends the call at once with G_IO_ERROR_CANCELLED.
 * - A response body is read whole into one buffer, at most
 *   max_response_size bytes: a longer one (or an endless chunked one) ends
 *   the call with DYNANTIC_ERROR_RESPONSE_TOO_LARGE after reading no more
 *   than that. The body returned has a NUL after it, outside its size.
 * - A request with a DynanticHttpAuth is signed (AWS Signature V4 for the
 *   auth's service and region) at every attempt with credentials from its
 *   provider, kept and refreshed by the auth's DynanticCredentialsCache
 *   (the SDKs' advisory and mandatory windows, one refresh at a time, no
 *   lock held while they load; an asynchronous call never blocks on them).
 *   Signed: host, x-amz-date, x-amz-security-token, the body's content-type
 *   and every header the request adds.
 * - Each response is judged by the request's check function (default: 2xx
 *   succeeds, anything else fails with an error from its status); a
 *   transient or throttled outcome is retried as the retry policy decides.
 *   Connection failures, dropped connections and attempts that time out are
 *   retried too. A failed call reports the last attempt's error.
 * - One debug line per attempt (service operation, attempt, status, what
 *   next), never a header, a body or a credential.
 * - Synchronous calls may come from any thread; an asynchronous call
 *   completes in the thread-default main context of the thread that
 *   started it. A DynanticHttp, a DynanticHttpAuth and a request that is
 *   no longer changed may be shared between threads.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "dynantic-credentials-cache-private.h"
#include "dynantic-credentials.h"
#include "dynantic-retry-private.h"

G_BEGIN_DECLS

/* Well above DynamoDB's largest response (a 16 MB page, encoded). */
#define DYNANTIC_HTTP_DEFAULT_MAX_RESPONSE_SIZE ((gsize) 64 * 1024 * 1024)

typedef struct {
  guint              max_attempts;       /* the first attempt included; 0: 3 */
  DynanticRetryMode  retry_mode;
  double             timeout;            /* per attempt, seconds; 0: none */
  double             total_timeout;      /* whole call, seconds; 0: none */
  gsize              max_response_size;  /* bytes; 0: the default */
  gboolean           direct;             /* no proxy look-up (endpoints on this machine) */
  GTlsDatabase      *tls_database;       /* nullable: the system's trust */
} DynanticHttpSettings;

typedef struct _DynanticHttp DynanticHttp;

DynanticHttp        *dynantic_http_new              (const DynanticHttpSettings *settings);
DynanticHttp        *dynantic_http_ref              (DynanticHttp               *self);
void                 dynantic_http_unref            (DynanticHttp               *self);
/* The retry state shared by the calls; tests shorten its backoff. */
DynanticRetryPolicy *dynantic_http_get_retry_policy (DynanticHttp               *self);
const DynanticHttpSettings *dynantic_http_get_settings (DynanticHttp            *self);

/* Signing: credentials from @provider, SigV4 for @service in @region. */
typedef struct _DynanticHttpAuth DynanticHttpAuth;

DynanticHttpAuth    *dynantic_http_auth_new         (DynanticCredentialsProvider *provider,
                                                     const char                  *region,
                                                     const char                  *service);
DynanticHttpAuth    *dynantic_http_auth_ref         (DynanticHttpAuth            *self);
void                 dynantic_http_auth_unref       (DynanticHttpAuth            *self);
/* Where its credentials are kept (tests set its clock). */
DynanticCredentialsCache *dynantic_http_auth_get_credentials_cache (DynanticHttpAuth *self);

/* One attempt's response, for the request's check function. @body is
 * whole, with a NUL after it outside its size. */
typedef struct {
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
} DynanticHttpResponse;

/* Judges a response (any status but a redirect): DYNANTIC_ATTEMPT_SUCCEEDED
 * ends the call with it; any other outcome comes with @error set, and the
 * retry policy decides from the outcome whether to try again. Called in the
 * thread of the call (synchronous) or its context (asynchronous). */
typedef DynanticAttemptOutcome (*DynanticHttpCheckFunc) (const DynanticHttpResponse  *response,
                                                         gpointer                     user_data,
                                                         GError                     **error);

typedef struct _DynanticHttpRequest DynanticHttpRequest;

/* A request of @method to @uri. @service and @operation name it in logs and
 * errors ("DynamoDB", "GetItem"; "STS", "AssumeRole"). @method, @service
 * and @operation are not copied: string literals, or strings that outlive
 * the request. */
DynanticHttpRequest *dynantic_http_request_new      (const char            *method,
                                                     GUri                  *uri,
                                                     const char            *service,
                                                     const char            *operation);
DynanticHttpRequest *dynantic_http_request_ref      (DynanticHttpRequest   *self);
void                 dynantic_http_request_unref    (DynanticHttpRequest   *self);
/* The most headers a request adds. */
#define DYNANTIC_HTTP_MAX_HEADERS 4

/* Adds a header, signed when the request is: @name is not copied (a
 * literal), @value is; at most DYNANTIC_HTTP_MAX_HEADERS. */
void                 dynantic_http_request_add_header (DynanticHttpRequest *self,
                                                       const char          *name,
                                                       const char          *value);
/* The same, taking @value. */
void                 dynantic_http_request_take_header (DynanticHttpRequest *self,
                                                        const char          *name,
                                                        char                *value);
/* @content_type is not copied (a literal); @body is referenced. */
void                 dynantic_http_request_set_body (DynanticHttpRequest   *self,
                                                     const char            *content_type,
                                                     GBytes                *body);
/* NULL: unsigned (the default). */
void                 dynantic_http_request_set_auth (DynanticHttpRequest   *self,
                                                     DynanticHttpAuth      *auth);
void                 dynantic_http_request_set_check (DynanticHttpRequest  *self,
                                                      DynanticHttpCheckFunc check,
                                                      gpointer              user_data);
/* Ends the call at @deadline (monotonic) if the total timeout does not end
 * it earlier: a call made of several requests (the pages of a read) passes
 * each the deadline of the whole. G_MAXINT64: none (the default). */
void                 dynantic_http_request_set_deadline (DynanticHttpRequest *self,
                                                         gint64               deadline);
/* Waits @delay before the first attempt, as before a retry (cancellable,
 * within the deadline): for a call's next request that must wait, such as
 * the unprocessed part of a batch. */
void                 dynantic_http_request_set_delay (DynanticHttpRequest *self,
                                                      GTimeSpan            delay);
const char          *dynantic_http_request_get_operation (DynanticHttpRequest *self);

/* Runs @request; returns the body of the response its check accepted. */
GBytes              *dynantic_http_send             (DynanticHttp          *self,
                                                     DynanticHttpRequest   *request,
                                                     GCancellable          *cancellable,
                                                     GError               **error);
void                 dynantic_http_send_async       (DynanticHttp          *self,
                                                     DynanticHttpRequest   *request,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
GBytes              *dynantic_http_send_finish      (DynanticHttp          *self,
                                                     GAsyncResult          *result,
                                                     GError               **error);

/* The deadline (monotonic) @seconds from @now; G_MAXINT64 for 0 (none). */
gint64               dynantic_http_deadline_after   (gint64                 now,
                                                     double                 seconds);

/* Sends @msg and reads its response body whole into one buffer sized by its
 * Content-Length, followed by a NUL outside the body's size, refusing
 * bodies longer than @max_size (0: no limit) with
 * DYNANTIC_ERROR_RESPONSE_TOO_LARGE. No retries, no redirects: the
 * benchmarks' floor uses it as the cheapest possible exchange. */
GBytes              *dynantic_soup_send_and_read    (SoupSession           *session,
                                                     SoupMessage           *msg,
                                                     gsize                  max_size,
                                                     GCancellable          *cancellable,
                                                     GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DynanticHttp, dynantic_http_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DynanticHttpAuth, dynantic_http_auth_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DynanticHttpRequest, dynantic_http_request_unref)

G_END_DECLS
