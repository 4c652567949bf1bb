/* floor.c: the floor — what any DynamoDB client must at least pay
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Raw libsoup 3 POSTs of request bytes built and signed once, before any
 * measuring: no JSON building, no signing, no response parsing per request.
 * Messages are flagged SOUP_MESSAGE_IDEMPOTENT so libsoup reuses the
 * connection (as Dynantic's client does), and the session is set up as
 * Dynantic's is (connection limits, no content decoder, no proxy resolver). Sequential requests use the sync API, their bodies read
 * the way Dynantic's client reads them (dynantic_soup_send_and_read(), which
 * is soup_session_send_and_read() without its splice into a memory stream:
 * raw libsoup, only cheaper); "async_N" keeps N requests in flight on one
 * main context.
 *
 * Signing once is fine for DynamoDB Local; a real endpoint would reject the
 * reused X-Amz-Date after 15 minutes, which no run comes near.
 */
#include <libsoup/soup.h>

#include "bench-util.h"
#include "dynantic-client-private.h"
#include "dynantic-sigv4-private.h"

#define CONTENT_TYPE "application/x-amz-json-1.0"

typedef struct {
  char   *target;
  char   *amz_date;
  char   *authorization;
  GBytes *body;
} SignedRequest;

typedef struct {
  BenchOptions        *options;
  SoupSession         *session;
  GUri                *uri;
  DynanticSigner      *signer;
  DynanticCredentials *credentials;
  SignedRequest       *get;
  SignedRequest       *put;
  SignedRequest       *query;
} Floor;

static void
signed_request_free (SignedRequest *request)
{
  g_free (request->target);
  g_free (request->amz_date);
  g_free (request->authorization);
  g_bytes_unref (request->body);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignedRequest, signed_request_free)

static char *
host_header (GUri *uri)
{
  return g_uri_get_port (uri) > 0 ? g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri))
                                  : g_strdup (g_uri_get_host (uri));
}

/* Serializes and signs @body (which it consumes) for @operation, once. */
static SignedRequest *
sign_request (Floor      *self,
              const char *operation,
              JsonObject *body)
{
  g_autoptr(JsonObject) owned_body = body;
  SignedRequest *request = g_new0 (SignedRequest, 1);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *text = bench_to_json (body);
  g_autofree char *host = host_header (self->uri);
  g_autofree char *payload_hash = dynantic_sigv4_sha256_hex (text, strlen (text));
  DynanticSigv4Header headers[4];
  DynanticSigv4Request to_sign = { 0 };
  gsize length;

  request->target = g_strconcat ("DynamoDB_20120810.", operation, NULL);
  request->amz_date = dynantic_sigv4_format_amz_date (now);
  headers[0] = (DynanticSigv4Header) { "content-type", CONTENT_TYPE };
  headers[1] = (DynanticSigv4Header) { "host", host };
  headers[2] = (DynanticSigv4Header) { "x-amz-date", request->amz_date };
  headers[3] = (DynanticSigv4Header) { "x-amz-target", request->target };
  to_sign.method = "POST";
  to_sign.path = "/";
  to_sign.headers = headers;
  to_sign.n_headers = G_N_ELEMENTS (headers);
  to_sign.payload_hash = payload_hash;
  request->authorization = dynantic_signer_authorization (self->signer, self->credentials, &to_sign,
                                                          request->amz_date);
  length = strlen (text);
  request->body = g_bytes_new_take (g_steal_pointer (&text), length);

  return request;
}

static SoupMessage *
message_for (Floor         *self,
             SignedRequest *request)
{
  SoupMessage *msg = soup_message_new_from_uri ("POST", self->uri);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);
  soup_message_headers_append (headers, "X-Amz-Date", request->amz_date);
  soup_message_headers_append (headers, "X-Amz-Target", request->target);
  soup_message_headers_append (headers, "Authorization", request->authorization);
  soup_message_set_request_body_from_bytes (msg, CONTENT_TYPE, request->body);
  return msg;
}

static gboolean
check_status (SoupMessage  *msg,
              GError      **error)
{
  if (soup_message_get_status (msg) == SOUP_STATUS_OK)
    return TRUE;
  g_set_error (error, BENCH_ERROR, BENCH_ERROR_FAILED, "HTTP %u from the server", soup_message_get_status (msg));
  return FALSE;
}

/* One request, its response body read whole. */
static GBytes *
send_request (Floor         *self,
      SignedRequest *request,
      GError       **error)
{
  g_autoptr(SoupMessage) msg = message_for (self, request);
  g_autoptr(GBytes) body = dynantic_soup_send_and_read (self->session, msg, 0, NULL, error);

  if (body == NULL || !check_status (msg, error))
    return NULL;
  return g_steal_pointer (&body);
}

static JsonObject *
send_and_parse (Floor         *self,
                SignedRequest *request,
                GError       **error)
{
  g_autoptr(GBytes) body = send_request (self, request, error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size;
  const char *data;

  if (body == NULL)
    return NULL;
  data = g_bytes_get_data (body, &size);
  if (!json_parser_load_from_data (parser, data, size, error))
    return NULL;
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* ------------------------------------------------------------ workloads */

typedef struct {
  Floor         *self;
  SignedRequest *request;
} Op;

static gboolean
send_op (gpointer  data,
         GError  **error)
{
  Op *op = data;
  g_autoptr(GBytes) body = send_request (op->self, op->request, error);

  return body != NULL;
}

static JsonObject *
workload_get (gpointer context, const BenchPlan *plan, GError **error)
{
  Floor *self = context;
  Op op = { self, self->get };

  return bench_measure_sequential (send_op, &op, plan, error);
}

static JsonObject *
workload_put (gpointer context, const BenchPlan *plan, GError **error)
{
  Floor *self = context;
  Op op = { self, self->put };

  return bench_measure_sequential (send_op, &op, plan, error);
}

/* The measured loop sends the query bytes; the item count is read once,
 * after it, from one more response. */
static JsonObject *
workload_query_100 (gpointer context, const BenchPlan *plan, GError **error)
{
  Floor *self = context;
  Op op = { self, self->query };
  g_autoptr(JsonObject) result = bench_measure_sequential (send_op, &op, plan, error);
  g_autoptr(JsonObject) response = NULL;

  if (result == NULL || plan->count == 0)
    return g_steal_pointer (&result);
  response = send_and_parse (self, self->query, error);
  if (response == NULL)
    return NULL;
  json_object_set_int_member (result, "items", json_object_get_int_member_with_default (response, "Count", 0));
  return g_steal_pointer (&result);
}

typedef struct {
  SoupMessage   *msg;
  BenchInFlight *in_flight;
} Pending;

static void
async_sent (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Pending *pending = data;
  GError *error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  if (body != NULL)
    check_status (pending->msg, &error);
  bench_in_flight_done (pending->in_flight, error);
  g_object_unref (pending->msg);
  g_free (pending);
}

static void
start_get (gpointer       data,
           BenchInFlight *in_flight)
{
  Floor *self = data;
  Pending *pending = g_new0 (Pending, 1);

  pending->msg = message_for (self, self->get);
  pending->in_flight = in_flight;
  soup_session_send_and_read_async (self->session, pending->msg, G_PRIORITY_DEFAULT, NULL, async_sent, pending);
}

static JsonObject *
workload_async (gpointer context, const BenchPlan *plan, GError **error)
{
  return bench_measure_in_flight (start_get, context, plan, error);
}

/* ------------------------------------------------------------ check mode */

static gboolean
check_put (gpointer context, const char *pk, GError **error)
{
  Floor *self = context;
  g_autoptr(SignedRequest) request = sign_request (self, "PutItem", bench_put_request (self->options, pk));
  g_autoptr(GBytes) body = send_request (self, request, error);

  return body != NULL;
}

static JsonObject *
check_get (gpointer context, const char *pk, GError **error)
{
  Floor *self = context;
  g_autoptr(SignedRequest) request = sign_request (self, "GetItem", bench_get_request (self->options, pk));
  g_autoptr(JsonObject) response = send_and_parse (self, request, error);

  return bench_response_item (response);
}

static const BenchWorkload workloads[] = {
  { "get", workload_get, 0 },
  { "put", workload_put, 0 },
  { "query_100", workload_query_100, 0 },
  { "async_1", workload_async, 1 },
  { "async_8", workload_async, 8 },
  { "async_32", workload_async, 32 },
};

static const BenchPeer peer = {
  "floor", workloads, G_N_ELEMENTS (workloads), check_put, check_get,
};

static DynanticCredentials *
credentials_from_environment (void)
{
  const char *key = g_getenv ("AWS_ACCESS_KEY_ID");
  const char *secret = g_getenv ("AWS_SECRET_ACCESS_KEY");

  return dynantic_credentials_new (key != NULL ? key : "DynanticBenchKey",
                                   secret != NULL ? secret : "DynanticBenchSecret", NULL);
}

int
main (int    argc,
      char **argv)
{
  g_auto(BenchOptions) options = { 0 };
  g_autoptr(GError) error = NULL;
  Floor self = { &options };
  g_autofree char *put_pk = NULL;
  int status;

  if (!bench_options_parse (&options, &argc, &argv, "The floor: raw libsoup POSTs of pre-signed bytes", &error))
    {
      g_printerr ("floor: %s\n", error->message);
      return 2;
    }

  self.uri = g_uri_parse (options.endpoint, SOUP_HTTP_URI_FLAGS, &error);
  if (self.uri == NULL)
    {
      g_printerr ("floor: %s\n", error->message);
      return 2;
    }
  self.session = g_object_new (SOUP_TYPE_SESSION, "max-conns-per-host", 64, "max-conns", 256, NULL);
  /* The cheapest correct libsoup, set up as Dynantic's session is: no
   * content decoder (nothing to inflate) and no proxy resolver on loopback. */
  soup_session_remove_feature_by_type (self.session, SOUP_TYPE_CONTENT_DECODER);
  soup_session_set_proxy_resolver (self.session, NULL);
  self.signer = dynantic_signer_new (options.region, "dynamodb");
  self.credentials = credentials_from_environment ();
  put_pk = g_strconcat (bench_spec_partition (&options, "put"), "#floor", NULL);
  self.get = sign_request (&self, "GetItem", bench_get_request (&options, bench_spec_partition (&options, "get")));
  self.put = sign_request (&self, "PutItem", bench_put_request (&options, put_pk));
  self.query = sign_request (&self, "Query",
                             bench_query_request (&options, bench_spec_partition (&options, "query_100")));

  status = bench_run (&peer, &self, &options);

  signed_request_free (self.get);
  signed_request_free (self.put);
  signed_request_free (self.query);
  dynantic_credentials_unref (self.credentials);
  dynantic_signer_free (self.signer);
  g_object_unref (self.session);
  g_uri_unref (self.uri);
  return status;
}
