/* test-http.c: the HTTP core's contract (aws/dynantic-http-private.h) for
 * every kind of AWS endpoint: unsigned GET/PUT (instance metadata, container
 * credentials), a SigV4-signed form POST for another service (STS), a JSON
 * GET with a bearer header (SSO), custom response checks, redirects, the
 * response size limit and deadlines; synchronous and asynchronous
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "aws/dynantic-http-private.h"
#include "fake-server.h"

typedef struct {
  FakeServer   *server;
  DynanticHttp *http;
  gboolean      async;
} Fixture;

static const gboolean sync_case = FALSE;
static const gboolean async_case = TRUE;

static void
fixture_set_up_with (Fixture                    *f,
                     gconstpointer               data,
                     const DynanticHttpSettings *settings)
{
  f->server = fake_server_new ();
  f->http = dynantic_http_new (settings);
  f->async = *(const gboolean *) data;
  dynantic_retry_policy_set_backoff (dynantic_http_get_retry_policy (f->http),
                                     1 * G_TIME_SPAN_MILLISECOND, 2 * G_TIME_SPAN_MILLISECOND,
                                     10 * G_TIME_SPAN_MILLISECOND);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  fixture_set_up_with (f, data, &(DynanticHttpSettings) { .direct = TRUE });
}

/* A limit of 1000 bytes per response. */
static void
fixture_set_up_small (Fixture       *f,
                      gconstpointer  data)
{
  fixture_set_up_with (f, data, &(DynanticHttpSettings) { .direct = TRUE, .max_response_size = 1000 });
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->http, dynantic_http_unref);
  g_clear_pointer (&f->server, fake_server_free);
}

/* A request to @path_and_query on the fake server. */
static DynanticHttpRequest *
new_request (Fixture    *f,
             const char *method,
             const char *path_and_query,
             const char *service,
             const char *operation)
{
  g_autofree char *url = g_strconcat (fake_server_get_url (f->server), path_and_query + 1, NULL);
  g_autoptr(GUri) uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);

  g_assert_nonnull (uri);
  return dynantic_http_request_new (method, uri, service, operation);
}

typedef struct {
  DynanticHttp *http;
  GBytes       *body;
  GError       *error;
  gboolean      done;
} Outcome;

static void
sent (GObject      *source,
      GAsyncResult *result,
      gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->body = dynantic_http_send_finish (outcome->http, result, &outcome->error);
  outcome->done = TRUE;
}

static GBytes *
send (Fixture              *f,
      DynanticHttpRequest  *request,
      GError              **error)
{
  Outcome outcome = { f->http, NULL, NULL, FALSE };

  if (!f->async)
    return dynantic_http_send (f->http, request, NULL, error);

  dynantic_http_send_async (f->http, request, NULL, sent, &outcome);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);
  if (outcome.error != NULL)
    g_propagate_error (error, outcome.error);
  return outcome.body;
}

static void
assert_body (GBytes     *body,
             const char *expected)
{
  gsize size = 0;
  const char *data;

  g_assert_nonnull (body);
  data = g_bytes_get_data (body, &size);
  g_assert_cmpmem (data, size, expected, strlen (expected));
  g_assert_cmpint (data[size], ==, '\0');
}

static void
assert_last_header (Fixture    *f,
                    const char *name,
                    const char *expected)
{
  g_autofree char *value = fake_server_dup_last_header (f->server, name);

  g_assert_cmpstr (value, ==, expected);
}

static void
assert_last_request_line (Fixture    *f,
                          const char *expected)
{
  g_autofree char *line = fake_server_dup_last_request_line (f->server);

  g_assert_cmpstr (line, ==, expected);
}

/* Unsigned calls ------------------------------------------------------------ */

/* Instance metadata: a GET with a token header, nothing signed. */
static void
test_unsigned_get (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(DynanticHttpRequest) request =
    new_request (f, "GET", "/latest/meta-data/iam/security-credentials/", "IMDS", "GetRoleName");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  fake_server_push (f->server, &(FakeResponse) { .body = "my-role" });
  dynantic_http_request_add_header (request, "X-aws-ec2-metadata-token", "imds-token");
  body = send (f, request, &error);
  g_assert_no_error (error);
  assert_body (body, "my-role");
  assert_last_request_line (f, "GET /latest/meta-data/iam/security-credentials/");
  assert_last_header (f, "X-aws-ec2-metadata-token", "imds-token");
  assert_last_header (f, "Authorization", NULL);
  assert_last_header (f, "X-Amz-Date", NULL);
}

/* The instance metadata token: a PUT without a body. */
static void
test_unsigned_put (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(DynanticHttpRequest) request = new_request (f, "PUT", "/latest/api/token", "IMDS", "GetToken");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  fake_server_push (f->server, &(FakeResponse) { .body = "AQAEAtoken==" });
  dynantic_http_request_add_header (request, "X-aws-ec2-metadata-token-ttl-seconds", "21600");
  body = send (f, request, &error);
  g_assert_no_error (error);
  assert_body (body, "AQAEAtoken==");
  assert_last_request_line (f, "PUT /latest/api/token");
  assert_last_header (f, "X-aws-ec2-metadata-token-ttl-seconds", "21600");
  assert_last_header (f, "Authorization", NULL);
}

/* SSO's portal: a JSON GET with a query and a bearer token header. */
static void
test_bearer_get (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(DynanticHttpRequest) request =
    new_request (f, "GET", "/federation/credentials?role_name=reader&account_id=123456789012", "SSO", "GetRoleCredentials");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  fake_server_push (f->server, &(FakeResponse) { .body = "{\"roleCredentials\":{}}" });
  dynantic_http_request_add_header (request, "x-amz-sso_bearer_token", "bearer-token");
  body = send (f, request, &error);
  g_assert_no_error (error);
  assert_body (body, "{\"roleCredentials\":{}}");
  assert_last_request_line (f, "GET /federation/credentials?role_name=reader&account_id=123456789012");
  assert_last_header (f, "x-amz-sso_bearer_token", "bearer-token");
  assert_last_header (f, "Authorization", NULL);
}

/* Signed calls -------------------------------------------------------------- */

/* STS: a form POST signed for service "sts" in the region given, with the
 * source credentials' session token. */
static void
test_signed_form_post (Fixture       *f,
                       gconstpointer  data)
{
  static const char form[] = "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr";
  g_autoptr(DynanticCredentials) credentials =
    dynantic_credentials_new ("AKIDEXAMPLE", "SourceSecret", "SourceToken");
  g_autoptr(DynanticCredentialsProvider) provider = dynantic_credentials_provider_new_static (credentials);
  g_autoptr(DynanticHttpAuth) auth = dynantic_http_auth_new (provider, "eu-west-1", "sts");
  g_autoptr(DynanticHttpRequest) request = new_request (f, "POST", "/", "STS", "AssumeRole");
  g_autoptr(GBytes) form_body = g_bytes_new_static (form, strlen (form));
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *date = NULL;
  g_autofree char *expected_prefix = NULL;
  g_auto(GStrv) bodies = NULL;

  fake_server_push (f->server, &(FakeResponse) { .body = "<AssumeRoleResponse/>" });
  dynantic_http_request_set_body (request, "application/x-www-form-urlencoded; charset=utf-8", form_body);
  dynantic_http_request_set_auth (request, auth);
  body = send (f, request, &error);
  g_assert_no_error (error);
  assert_body (body, "<AssumeRoleResponse/>");

  assert_last_request_line (f, "POST /");
  assert_last_header (f, "Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  assert_last_header (f, "X-Amz-Security-Token", "SourceToken");
  date = fake_server_dup_last_header (f->server, "X-Amz-Date");
  g_assert_nonnull (date);
  g_assert_cmpuint (strlen (date), ==, 16);
  authorization = fake_server_dup_last_header (f->server, "Authorization");
  expected_prefix = g_strdup_printf ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/%.8s/eu-west-1/sts/aws4_request, "
                                     "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, "
                                     "Signature=", date);
  g_assert_true (g_str_has_prefix (authorization, expected_prefix));
  g_assert_cmpuint (strlen (authorization), ==, strlen (expected_prefix) + 64);
  bodies = fake_server_dup_bodies (f->server);
  g_assert_cmpstr (bodies[0], ==, form);
}

/* Checks -------------------------------------------------------------------- */

/* STS's XML errors: <Code>Throttling</Code> is throttling. */
static DynanticAttemptOutcome
check_sts (const DynanticHttpResponse  *response,
           gpointer                     user_data,
           GError                     **error)
{
  const char *text = g_bytes_get_data (response->body, NULL);

  *(guint *) user_data += 1;
  if (response->status == 200)
    return DYNANTIC_ATTEMPT_SUCCEEDED;
  if (strstr (text, "<Code>Throttling</Code>") != NULL)
    {
      g_set_error_literal (error, DYNANTIC_ERROR, DYNANTIC_ERROR_THROTTLED, "throttled");
      return DYNANTIC_ATTEMPT_THROTTLED;
    }
  g_set_error_literal (error, DYNANTIC_ERROR, DYNANTIC_ERROR_FAILED, "failed");
  return DYNANTIC_ATTEMPT_FAILED;
}

static void
test_custom_check (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(DynanticHttpRequest) request = new_request (f, "POST", "/", "STS", "AssumeRole");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint checked = 0;

  fake_server_push (f->server, &(FakeResponse) {
    .status = 400, .body = "<ErrorResponse><Error><Code>Throttling</Code></Error></ErrorResponse>" });
  fake_server_push (f->server, &(FakeResponse) { .body = "<ok/>" });
  dynantic_http_request_set_check (request, check_sts, &checked);
  body = send (f, request, &error);
  g_assert_no_error (error);
  assert_body (body, "<ok/>");
  g_assert_cmpuint (checked, ==, 2);
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 2);
}

/* Without a check: 2xx succeeds, a 4xx fails at once with an error from its
 * status, a 5xx is retried. */
static void
test_default_check (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(DynanticHttpRequest) request = new_request (f, "GET", "/x", "IMDS", "Get");
  g_autoptr(GError) not_found = NULL;
  g_autoptr(GError) failing = NULL;
  g_autoptr(GBytes) body = NULL;

  fake_server_push (f->server, &(FakeResponse) { .status = 404, .body = "no" });
  body = send (f, request, &not_found);
  g_assert_null (body);
  g_assert_error (not_found, DYNANTIC_ERROR, DYNANTIC_ERROR_RESOURCE_NOT_FOUND);
  g_assert_cmpuint (dynantic_error_get_http_status (not_found), ==, 404);
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 1);

  fake_server_push (f->server, &(FakeResponse) { .status = 503, .body = "busy", .repeat = 3 });
  body = send (f, request, &failing);
  g_assert_null (body);
  g_assert_error (failing, DYNANTIC_ERROR, DYNANTIC_ERROR_SERVICE);
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 4);
}

/* Unsigned calls never follow redirects either. */
static void
test_redirect_refused (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(FakeServer) elsewhere = fake_server_new ();
  g_autoptr(DynanticHttpRequest) request = new_request (f, "GET", "/x", "SSO", "GetRoleCredentials");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  dynantic_http_request_add_header (request, "x-amz-sso_bearer_token", "bearer-token");
  fake_server_push (f->server, &(FakeResponse) {
    .status = 302, .body = "", .location = fake_server_get_url (elsewhere) });
  body = send (f, request, &error);
  g_assert_null (body);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_REDIRECT);
  g_assert_cmpuint (fake_server_get_requests (elsewhere), ==, 0);
}

/* Size limit ---------------------------------------------------------------- */

static char *
body_of_size (gsize size)
{
  char *body = g_malloc (size + 1);

  memset (body, 'x', size);
  body[size] = '\0';
  return body;
}

/* A body of exactly the limit is read; one byte more, with a
 * Content-Length or chunked, is refused. */
static void
test_size_limit (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(DynanticHttpRequest) request = new_request (f, "GET", "/x", "IMDS", "Get");
  g_autofree char *fits = body_of_size (1000);
  g_autofree char *over = body_of_size (1001);
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GBytes) third = NULL;
  g_autoptr(GBytes) fourth = NULL;
  g_autoptr(GError) too_long = NULL;
  g_autoptr(GError) too_long_chunked = NULL;
  g_autoptr(GError) error = NULL;

  fake_server_push (f->server, &(FakeResponse) { .body = fits });
  fake_server_push (f->server, &(FakeResponse) { .action = FAKE_CHUNKED, .body = fits });
  fake_server_push (f->server, &(FakeResponse) { .body = over });
  fake_server_push (f->server, &(FakeResponse) { .action = FAKE_CHUNKED, .body = over });

  first = send (f, request, &error);
  g_assert_no_error (error);
  assert_body (first, fits);
  second = send (f, request, &error);
  g_assert_no_error (error);
  assert_body (second, fits);

  third = send (f, request, &too_long);
  g_assert_null (third);
  g_assert_error (too_long, DYNANTIC_ERROR, DYNANTIC_ERROR_RESPONSE_TOO_LARGE);
  g_assert_nonnull (strstr (too_long->message, "1000"));
  fourth = send (f, request, &too_long_chunked);
  g_assert_null (fourth);
  g_assert_error (too_long_chunked, DYNANTIC_ERROR, DYNANTIC_ERROR_RESPONSE_TOO_LARGE);
  /* not retried: a response does not shrink */
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 4);
}

/* An endless body stops at the limit; the client goes on working. */
static void
test_endless_body (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(DynanticHttpRequest) request = new_request (f, "GET", "/x", "IMDS", "Get");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) next = NULL;
  g_autoptr(GError) error = NULL;

  fake_server_push (f->server, &(FakeResponse) { .action = FAKE_ENDLESS, .body = "{\"Blob\":\"" });
  fake_server_push (f->server, &(FakeResponse) { .body = "fine" });
  body = send (f, request, &error);
  g_assert_null (body);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_RESPONSE_TOO_LARGE);
  g_clear_error (&error);

  next = send (f, request, &error);
  g_assert_no_error (error);
  assert_body (next, "fine");
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 2);
}

/* Deadlines ----------------------------------------------------------------- */

/* A request's own deadline ends the call: one already past sends nothing,
 * one that passes during an attempt ends it. */
static void
test_request_deadline (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(DynanticHttpRequest) request = new_request (f, "GET", "/x", "IMDS", "Get");
  g_autoptr(GError) past = NULL;
  g_autoptr(GError) during = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;

  dynantic_http_request_set_deadline (request, g_get_monotonic_time () - 1);
  first = send (f, request, &past);
  g_assert_null (first);
  g_assert_error (past, DYNANTIC_ERROR, DYNANTIC_ERROR_TIMEOUT);
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 0);

  fake_server_push (f->server, &(FakeResponse) { .action = FAKE_HANG, .repeat = 3 });
  dynantic_http_request_set_deadline (request, g_get_monotonic_time () + 200 * G_TIME_SPAN_MILLISECOND);
  second = send (f, request, &during);
  g_assert_null (second);
  g_assert_error (during, DYNANTIC_ERROR, DYNANTIC_ERROR_TIMEOUT);
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 1);
}

static void
add (const char  *name,
     void       (*set_up) (Fixture *, gconstpointer),
     void       (*test) (Fixture *, gconstpointer))
{
  g_autofree char *sync_path = g_strconcat ("/http/sync/", name, NULL);
  g_autofree char *async_path = g_strconcat ("/http/async/", name, NULL);

  g_test_add (sync_path, Fixture, &sync_case, set_up, test, fixture_tear_down);
  g_test_add (async_path, Fixture, &async_case, set_up, test, fixture_tear_down);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add ("unsigned-get", fixture_set_up, test_unsigned_get);
  add ("unsigned-put", fixture_set_up, test_unsigned_put);
  add ("bearer-get", fixture_set_up, test_bearer_get);
  add ("signed-form-post", fixture_set_up, test_signed_form_post);
  add ("custom-check", fixture_set_up, test_custom_check);
  add ("default-check", fixture_set_up, test_default_check);
  add ("redirect-refused", fixture_set_up, test_redirect_refused);
  add ("size-limit", fixture_set_up_small, test_size_limit);
  add ("endless-body", fixture_set_up_small, test_endless_body);
  add ("request-deadline", fixture_set_up, test_request_deadline);

  return g_test_run ();
}
