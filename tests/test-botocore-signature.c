/* test-botocore-signature.c: a request signed by DynanticClient, checked by
 * botocore
 *
 * The client sends GetItem to an in-process SoupServer that keeps the
 * request as it arrived; tests/verify-sigv4-botocore.py rebuilds it with
 * botocore's SigV4Auth (same credentials, region and X-Amz-Date) and the
 * Authorization header botocore computes must be the one Dynantic sent.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <libsoup/soup.h>

#include "dynantic.h"

#define PYTHON "/usr/bin/python3"
#define ACCESS_KEY_ID "AKIDEXAMPLE"
#define SECRET_ACCESS_KEY "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define REGION "us-east-1"

typedef struct {
  const char *session_token;  /* NULL for long-term credentials */
  const char *endpoint_path;  /* after http://127.0.0.1:PORT */
} SignatureCase;

/* The request as the server received it. */
typedef struct {
  char      *method;
  char      *path;
  char      *query;
  JsonArray *headers;  /* [name, value] pairs, in order */
  GBytes    *body;
} Captured;

static void
captured_clear (Captured *captured)
{
  g_clear_pointer (&captured->method, g_free);
  g_clear_pointer (&captured->path, g_free);
  g_clear_pointer (&captured->query, g_free);
  g_clear_pointer (&captured->headers, json_array_unref);
  g_clear_pointer (&captured->body, g_bytes_unref);
}

static void
capture_request (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Captured *captured = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  SoupMessageHeadersIter iter;
  const char *name, *value;

  captured_clear (captured);
  captured->method = g_strdup (soup_server_message_get_method (msg));
  /* SoupServer hands the path decoded; on the wire it was percent-encoded. */
  captured->path = g_uri_escape_string (g_uri_get_path (uri), G_URI_RESERVED_CHARS_ALLOWED_IN_PATH, FALSE);
  captured->query = g_strdup (g_uri_get_query (uri));
  captured->headers = json_array_new ();
  soup_message_headers_iter_init (&iter, soup_server_message_get_request_headers (msg));
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      JsonArray *pair = json_array_sized_new (2);

      json_array_add_string_element (pair, name);
      json_array_add_string_element (pair, value);
      json_array_add_array_element (captured->headers, pair);
    }
  captured->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/x-amz-json-1.0", SOUP_MEMORY_STATIC, "{}", 2);
}

static JsonObject *
get_item_request (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser,
                              "{\"TableName\": \"orders\", \"ConsistentRead\": true,"
                              " \"Key\": {\"pk\": {\"S\": \"na\\u00efve/\\u00fc \\u2603+&=\"},"
                              " \"sk\": {\"N\": \"42\"}}}", -1, &error);
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
call_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GMainLoop *loop = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = dynantic_client_call_finish (DYNANTIC_CLIENT (source), result, &error);

  g_assert_no_error (error);
  g_assert_nonnull (response);
  g_main_loop_quit (loop);
}

/* Sends GetItem from a client with @credentials to @endpoint. */
static void
send_get_item (const char          *endpoint,
               DynanticCredentials *credentials)
{
  g_autoptr(DynanticCredentialsProvider) provider = dynantic_credentials_provider_new_static (credentials);
  g_autoptr(DynanticClient) client = g_object_new (DYNANTIC_TYPE_CLIENT,
                                                   "endpoint", endpoint,
                                                   "region", REGION,
                                                   "credentials-provider", provider,
                                                   "max-attempts", 1,
                                                   NULL);
  g_autoptr(JsonObject) request = get_item_request ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  dynantic_client_call_async (client, "GetItem", request, NULL, call_done, loop);
  g_main_loop_run (loop);
}

static char *
verifier_input (Captured            *captured,
                const char          *origin,
                DynanticCredentials *credentials)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *url = g_strconcat (origin, captured->path,
                                      captured->query != NULL ? "?" : "",
                                      captured->query != NULL ? captured->query : "", NULL);
  g_autofree char *body = g_strndup (g_bytes_get_data (captured->body, NULL),
                                     g_bytes_get_size (captured->body));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, url);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, captured->method);
  json_builder_set_member_name (builder, "headers");
  json_builder_add_value (builder, json_node_init_array (json_node_alloc (), captured->headers));
  json_builder_set_member_name (builder, "body");
  json_builder_add_string_value (builder, body);
  json_builder_set_member_name (builder, "access_key_id");
  json_builder_add_string_value (builder, dynantic_credentials_get_access_key_id (credentials));
  json_builder_set_member_name (builder, "secret_access_key");
  json_builder_add_string_value (builder, dynantic_credentials_get_secret_access_key (credentials));
  json_builder_set_member_name (builder, "session_token");
  if (dynantic_credentials_get_session_token (credentials) != NULL)
    json_builder_add_string_value (builder, dynantic_credentials_get_session_token (credentials));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "region");
  json_builder_add_string_value (builder, REGION);
  json_builder_set_member_name (builder, "service");
  json_builder_add_string_value (builder, "dynamodb");
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* The Authorization header botocore computes for the captured request. */
static char *
botocore_authorization (const char *input)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "verify-sigv4-botocore.py", NULL);
  const char *argv[] = { PYTHON, script, input, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s: %s\nstdout: %s\nstderr: %s", script, error->message, out, err);

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                  "authorization"));
}

static const char *
captured_header (Captured   *captured,
                 const char *name)
{
  for (guint i = 0; i < json_array_get_length (captured->headers); i++)
    {
      JsonArray *pair = json_array_get_array_element (captured->headers, i);

      if (g_ascii_strcasecmp (json_array_get_string_element (pair, 0), name) == 0)
        return json_array_get_string_element (pair, 1);
    }
  return NULL;
}

static void
test_signature (gconstpointer data)
{
  const SignatureCase *signature_case = data;
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(DynanticCredentials) credentials =
    dynantic_credentials_new (ACCESS_KEY_ID, SECRET_ACCESS_KEY, signature_case->session_token);
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *input = NULL;
  g_autofree char *expected = NULL;
  Captured captured = { 0 };

  soup_server_add_handler (server, NULL, capture_request, &captured, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  origin = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  endpoint = g_strconcat (origin, signature_case->endpoint_path, NULL);

  send_get_item (endpoint, credentials);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_cmpstr (captured.method, ==, "POST");
  g_assert_cmpstr (captured_header (&captured, "X-Amz-Target"), ==, "DynamoDB_20120810.GetItem");
  g_assert_cmpstr (captured_header (&captured, "X-Amz-Security-Token"), ==, signature_case->session_token);
  input = verifier_input (&captured, origin, credentials);
  expected = botocore_authorization (input);
  g_assert_cmpstr (captured_header (&captured, "Authorization"), ==, expected);

  captured_clear (&captured);
  soup_server_disconnect (server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static const SignatureCase long_term = { NULL, "/" };
static const SignatureCase session_token = {
  "FwoGZXIvYXdzEBYaDK+temporary/token==", "/"
};
static const SignatureCase endpoint_path = { NULL, "/dynamo%20db/./v1/" };

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/botocore/signature/long-term", &long_term, test_signature);
  g_test_add_data_func ("/botocore/signature/session-token", &session_token, test_signature);
  g_test_add_data_func ("/botocore/signature/endpoint-path", &endpoint_path, test_signature);

  return g_test_run ();
}
