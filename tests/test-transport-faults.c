/* test-transport-faults.c: what the transport refuses and what it bounds
 * (redirects, response sizes, whole-call timeouts, pagination loops, TLS,
 * settings that cannot work), and how strictly responses and service
 * errors are read, against in-process servers that misbehave on purpose
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "fake-server.h"
#include "test-model-util.h"

#define SESSION_TOKEN "SessionTokenNeverForOthers"

#define TEST_TYPE_NOTE (test_note_get_type ())
G_DECLARE_FINAL_TYPE (TestNote, test_note, TEST, NOTE, DynanticModel)
struct _TestNote { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (TestNote, test_note, DYNANTIC_TYPE_MODEL)

static void
test_note_class_init (TestNoteClass *klass)
{
  DynanticModelClass *model_class = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model_class,
      g_param_spec_string ("note-id", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_string ("text", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_set_table (model_class, "notes");
  dynantic_model_class_set_partition_key (model_class, "note-id");
}

static void test_note_init (TestNote *self) { }

/* The endpoint, the host its redirects point to, and a client of the
 * endpoint whose credentials carry a session token. */
typedef struct {
  FakeServer     *endpoint;
  FakeServer     *elsewhere;
  DynanticClient *client;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(DynanticCredentials) credentials =
    dynantic_credentials_new ("FakeServerKey", "FakeServerSecret", SESSION_TOKEN);
  g_autoptr(DynanticCredentialsProvider) provider =
    dynantic_credentials_provider_new_static (credentials);

  f->endpoint = fake_server_new ();
  f->elsewhere = fake_server_new ();
  f->client = g_object_new (DYNANTIC_TYPE_CLIENT,
                            "endpoint", fake_server_get_url (f->endpoint),
                            "region", "us-east-1",
                            "credentials-provider", provider,
                            NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->client);
  g_clear_pointer (&f->endpoint, fake_server_free);
  g_clear_pointer (&f->elsewhere, fake_server_free);
}

/* Redirects ---------------------------------------------------------------- */

typedef enum {
  OP_SAVE,
  OP_DELETE,
  OP_GET,
  OP_QUERY,
} Operation;

typedef struct {
  guint     status;
  Operation operation;
  gboolean  async;
} RedirectCase;

static gboolean
run_sync (Fixture    *f,
          Operation   operation,
          GError    **error)
{
  switch (operation)
    {
    case OP_SAVE:
      {
        g_autoptr(DynanticModel) note = g_object_new (TEST_TYPE_NOTE, "note-id", "n1", "text", "hello", NULL);

        dynantic_model_set_instance_client (note, f->client);
        return dynantic_model_save (note, NULL, NULL, error);
      }
    case OP_DELETE:
      return dynantic_model_delete_by_key (TEST_TYPE_NOTE, VALUE_STRING ("n1"), NULL, NULL, f->client, NULL, error);
    case OP_GET:
      {
        g_autoptr(DynanticModel) note = dynantic_model_get_by_key_full (TEST_TYPE_NOTE, FALSE, VALUE_STRING ("n1"),
                                                                        NULL, f->client, NULL, error);
        return note != NULL;
      }
    case OP_QUERY:
    default:
      {
        g_autoptr(DynanticQuery) query = dynantic_query_new (TEST_TYPE_NOTE, VALUE_STRING ("n1"), f->client);
        g_autoptr(GPtrArray) notes = dynantic_read_all (DYNANTIC_READ (query), NULL, error);

        return notes != NULL;
      }
    }
}

static gboolean
run_async (Fixture    *f,
           Operation   operation,
           GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  TestAsync async;
  gboolean ok;

  test_async_init (&async);
  switch (operation)
    {
    case OP_SAVE:
      {
        g_autoptr(DynanticModel) note = g_object_new (TEST_TYPE_NOTE, "note-id", "n1", "text", "hello", NULL);

        dynantic_model_set_instance_client (note, f->client);
        dynantic_model_save_async (note, NULL, NULL, test_async_callback, &async);
        ok = dynantic_model_save_finish (note, (result = test_async_wait (&async)), error);
        break;
      }
    case OP_DELETE:
      dynantic_model_delete_by_key_async (TEST_TYPE_NOTE, VALUE_STRING ("n1"), NULL, NULL, f->client, NULL,
                                          test_async_callback, &async);
      ok = dynantic_model_delete_by_key_finish ((result = test_async_wait (&async)), error);
      break;
    case OP_GET:
      {
        g_autoptr(DynanticModel) note = NULL;

        dynantic_model_get_by_key_full_async (TEST_TYPE_NOTE, FALSE, VALUE_STRING ("n1"), NULL, f->client, NULL,
                                              test_async_callback, &async);
        note = dynantic_model_get_by_key_full_finish ((result = test_async_wait (&async)), error);
        ok = note != NULL;
        break;
      }
    case OP_QUERY:
    default:
      {
        g_autoptr(DynanticQuery) query = dynantic_query_new (TEST_TYPE_NOTE, VALUE_STRING ("n1"), f->client);
        g_autoptr(GPtrArray) notes = NULL;

        dynantic_read_all_async (DYNANTIC_READ (query), NULL, test_async_callback, &async);
        notes = dynantic_read_all_finish (DYNANTIC_READ (query), (result = test_async_wait (&async)), error);
        ok = notes != NULL;
        break;
      }
    }
  test_async_clear (&async);
  return ok;
}

/* The endpoint redirects every request to another server, which would
 * answer `200 {}`: the call fails with DYNANTIC_ERROR_REDIRECT naming the
 * status (not where it pointed), is not retried, and nothing (no request, no
 * session token) reaches the other server. */
static void
test_redirect_refused (Fixture       *f,
                       gconstpointer  data)
{
  const RedirectCase *c = data;
  g_autofree char *status = g_strdup_printf ("%u", c->status);
  g_auto(GStrv) sent_headers = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  fake_server_push (f->endpoint, &(FakeResponse) {
    .status = c->status, .body = "", .location = fake_server_get_url (f->elsewhere), .repeat = 5 });

  ok = c->async ? run_async (f, c->operation, &error) : run_sync (f, c->operation, &error);
  g_assert_false (ok);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_REDIRECT);
  g_assert_nonnull (strstr (error->message, status));
  g_assert_null (strstr (error->message, fake_server_get_url (f->elsewhere)));
  g_assert_cmpuint (dynantic_error_get_http_status (error), ==, c->status);
  g_assert_false (dynantic_error_is_retryable (error));

  g_assert_cmpuint (fake_server_get_requests (f->endpoint), ==, 1);
  g_assert_cmpuint (fake_server_get_requests (f->elsewhere), ==, 0);
  /* the token went where it belongs, and only there */
  sent_headers = fake_server_dup_header_names (f->endpoint);
  g_assert_true (g_strv_contains ((const char * const *) sent_headers, "x-amz-security-token"));
  g_strfreev (sent_headers);
  sent_headers = fake_server_dup_header_names (f->elsewhere);
  g_assert_cmpuint (g_strv_length (sent_headers), ==, 0);
}

static void
add_redirect_tests (void)
{
  static const guint statuses[] = { 301, 302, 303, 307, 308 };
  static const char * const operations[] = { "save", "delete", "get", "query" };
  static RedirectCase cases[G_N_ELEMENTS (statuses) * G_N_ELEMENTS (operations) * 2];
  guint n = 0;

  for (guint s = 0; s < G_N_ELEMENTS (statuses); s++)
    for (guint o = 0; o < G_N_ELEMENTS (operations); o++)
      for (guint a = 0; a < 2; a++)
        {
          g_autofree char *path = g_strdup_printf ("/transport/redirect/%s/%s/%u",
                                                   a ? "async" : "sync", operations[o], statuses[s]);

          cases[n] = (RedirectCase) { statuses[s], (Operation) o, a };
          g_test_add (path, Fixture, &cases[n++], fixture_set_up, test_redirect_refused, fixture_tear_down);
        }
}

/* Clients of one server ------------------------------------------------------ */

typedef struct {
  FakeServer     *server;
  DynanticClient *client;
} Served;

static void
served_set_up (Served        *f,
               gconstpointer  data)
{
  f->server = fake_server_new ();
  f->client = fake_server_new_client (f->server, "max-attempts", 1, NULL);
}

static void
served_tear_down (Served        *f,
                  gconstpointer  data)
{
  g_clear_object (&f->client);
  g_clear_pointer (&f->server, fake_server_free);
}

static void
use_client (Served         *f,
            DynanticClient *client)
{
  g_object_unref (f->client);
  f->client = client;
}

static DynanticModel *
get_note (Served   *f,
          GError  **error)
{
  return dynantic_model_get_by_key_full (TEST_TYPE_NOTE, FALSE, VALUE_STRING ("n1"), NULL,
                                         f->client, NULL, error);
}

static DynanticQuery *
note_query (Served *f)
{
  return dynantic_query_new (TEST_TYPE_NOTE, VALUE_STRING ("n1"), f->client);
}

#define NOTE(text) "{\"note_id\":{\"S\":\"n1\"},\"text\":{\"S\":\"" text "\"}}"

/* Response size ----------------------------------------------------------- */

/* A body that never ends stops at the client's limit, sync and async; so
 * does one whose Content-Length is over it, before reading it. */
static void
test_response_size_limit (Served        *f,
                          gconstpointer  data)
{
  g_autofree char *long_text = g_strnfill (5000, 'x');
  g_autofree char *long_item = g_strdup_printf ("{\"Item\":{\"note_id\":{\"S\":\"n1\"},\"text\":{\"S\":\"%s\"}}}",
                                                long_text);
  g_autoptr(DynanticModel) endless = NULL;
  g_autoptr(DynanticModel) too_long = NULL;
  g_autoptr(DynanticModel) fits = NULL;
  g_autoptr(GPtrArray) endless_page = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DynanticQuery) query = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  TestAsync async;

  g_assert_cmpuint (dynantic_client_get_max_response_size (f->client), ==, 64 * 1024 * 1024);
  use_client (f, fake_server_new_client (f->server, "max-attempts", 3, "max-response-size", (guint64) 4096, NULL));
  g_assert_cmpuint (dynantic_client_get_max_response_size (f->client), ==, 4096);
  query = note_query (f);

  fake_server_push (f->server, &(FakeResponse) { .action = FAKE_ENDLESS, .body = "{\"Item\":{\"text\":{\"S\":\"" });
  endless = get_note (f, &error);
  g_assert_null (endless);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_RESPONSE_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "4096"));
  g_clear_error (&error);

  fake_server_push (f->server, &(FakeResponse) { .action = FAKE_ENDLESS, .body = "{\"Items\":[" });
  test_async_init (&async);
  dynantic_read_all_async (DYNANTIC_READ (query), NULL, test_async_callback, &async);
  result = test_async_wait (&async);
  endless_page = dynantic_read_all_finish (DYNANTIC_READ (query), result, &error);
  test_async_clear (&async);
  g_assert_null (endless_page);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_RESPONSE_TOO_LARGE);
  g_clear_error (&error);

  fake_server_push (f->server, &(FakeResponse) { .body = long_item });
  too_long = get_note (f, &error);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_RESPONSE_TOO_LARGE);
  g_clear_error (&error);
  /* never retried: a response does not shrink */
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 3);

  fake_server_push (f->server, &(FakeResponse) { .body = "{\"Item\":" NOTE ("fits") "}" });
  fits = get_note (f, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fits);
}

/* Whole calls ------------------------------------------------------------------ */

typedef enum {
  READ_ALL,
  READ_COUNT,
  READ_ITERATE,
  READ_RESULTS,
  READ_ALL_ASYNC,
} ReadTerminal;

/* Runs @terminal over the query; TRUE when it read to the end. */
static gboolean
run_terminal (Served        *f,
              ReadTerminal   terminal,
              GError       **error)
{
  g_autoptr(DynanticQuery) query = note_query (f);
  DynanticRead *read = DYNANTIC_READ (query);

  switch (terminal)
    {
    case READ_ALL:
      {
        g_autoptr(GPtrArray) items = dynantic_read_all (read, NULL, error);

        return items != NULL;
      }
    case READ_COUNT:
      dynantic_read_count (read, NULL, error);
      return error == NULL || *error == NULL;
    case READ_ITERATE:
      {
        g_autoptr(DynanticIterator) iterator = dynantic_read_iterate (read, error);
        g_autoptr(DynanticModel) item = NULL;

        item = dynantic_iterator_next (iterator, NULL, error);
        return error == NULL || *error == NULL;
      }
    case READ_RESULTS:
      {
        g_autoptr(DynanticResults) results = dynantic_read_results (read, error);

        return dynantic_results_load_more (results, NULL, error);
      }
    case READ_ALL_ASYNC:
    default:
      {
        g_autoptr(GPtrArray) items = NULL;
        g_autoptr(GAsyncResult) result = NULL;
        TestAsync async;

        test_async_init (&async);
        dynantic_read_all_async (read, NULL, test_async_callback, &async);
        result = test_async_wait (&async);
        items = dynantic_read_all_finish (read, result, error);
        test_async_clear (&async);
        return items != NULL;
      }
    }
}

/* Pages that each come in time, but not all of them: the total timeout
 * bounds the whole read. The pages hold items for all and count, none for
 * iterate and results, which read on until one has items. */
static void
test_total_timeout_over_pages (Served        *f,
                               gconstpointer  data)
{
  ReadTerminal terminal = GPOINTER_TO_INT (data);
  gboolean with_items = terminal == READ_ALL || terminal == READ_COUNT || terminal == READ_ALL_ASYNC;
  g_autoptr(GError) error = NULL;

  use_client (f, fake_server_new_client (f->server, "max-attempts", 1, "total-timeout", 0.6, NULL));
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"Items\":[%s],\"Count\":%u,\"LastEvaluatedKey\":"
                                               "{\"note_id\":{\"S\":\"k%u\"}}}",
                                               with_items ? NOTE ("t") : "", with_items ? 1 : 0, i);

      fake_server_push (f->server, &(FakeResponse) { .body = body, .delay_ms = 150 });
    }
  fake_server_push (f->server, &(FakeResponse) { .body = "{\"Items\":[],\"Count\":0}" });

  g_assert_false (run_terminal (f, terminal, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_TIMEOUT);
  g_assert_cmpuint (fake_server_get_requests (f->server), <, 13);
  fake_server_log_arrivals (f->server);
}

/* Page keys a, b, a: the read would never end. */
static void
test_pagination_loop (Served        *f,
                      gconstpointer  data)
{
  ReadTerminal terminal = GPOINTER_TO_INT (data);
  static const char * const keys[] = { "a", "b", "a", "b", "a", "b" };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"Items\":[],\"Count\":0,\"LastEvaluatedKey\":"
                                               "{\"note_id\":{\"S\":\"%s\"}}}", keys[i]);

      fake_server_push (f->server, &(FakeResponse) { .body = body });
    }
  fake_server_push (f->server, &(FakeResponse) { .body = "{\"Items\":[],\"Count\":0}" });

  g_assert_false (run_terminal (f, terminal, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_PAGINATION_LOOP);
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 3);
}

/* Service errors ------------------------------------------------------------------ */

/* A service message with escapes, line breaks, values and 5 MB of text is
 * kept sanitized, short, and without the values. */
static void
test_service_message_sanitized (Served        *f,
                                gconstpointer  data)
{
  g_autoptr(GString) body = g_string_new ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ValidationException\","
                                          "\"message\":\"\\u001b[31mBad\\u001b[0m request\\r\\nX-Forged: 1\\t"
                                          "The parameter cannot be converted to a numeric value: 12SecretDigits; "
                                          "token: \\\"SecretToken\\\", near \'SecretNear\' \\u001b]0;title\\u0007");
  g_autoptr(DynanticModel) note = NULL;
  g_autoptr(GError) error = NULL;
  const char *message;

  for (guint i = 0; i < 5 * 1024 * 1024 / 8; i++)
    g_string_append (body, "padding ");
  g_string_append (body, "\"}");
  fake_server_push (f->server, &(FakeResponse) { .status = 400, .body = body->str });

  note = get_note (f, &error);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  g_assert_cmpstr (dynantic_error_get_service_code (error), ==, "ValidationException");
  message = dynantic_error_get_service_message (error);
  g_test_message ("service message: %s", message);
  g_assert_nonnull (message);
  g_assert_cmpuint (strlen (message), <=, 256);
  g_assert_true (g_str_has_prefix (message, "Bad request X-Forged: 1 The parameter cannot be converted"));
  g_assert_true (g_str_has_suffix (message, "\u2026"));
  for (const char *m = message; *m != '\0'; m++)
    g_assert_cmpint ((guchar) *m, >=, 0x20);
  g_assert_null (strstr (message, "12SecretDigits"));
  g_assert_null (strstr (message, "SecretToken"));
  g_assert_null (strstr (message, "SecretNear"));
  g_assert_null (strstr (message, "title"));
  g_assert_cmpuint (strlen (error->message), <=, 400);
  g_assert_null (strchr (error->message, '\n'));
  g_assert_null (strchr (error->message, '\x1b'));
  g_assert_null (strstr (error->message, "12SecretDigits"));
}

/* Strict responses ------------------------------------------------------------------ */

static void
check_get_refused (Served     *f,
                   const char *body)
{
  g_autoptr(DynanticModel) note = NULL;
  g_autoptr(GError) error = NULL;

  fake_server_push (f->server, &(FakeResponse) { .body = body });
  note = get_note (f, &error);
  g_assert_null (note);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE);
}

/* What GetItem refuses: an error's type in a success, trailing data, an
 * item of another key, the item twice. */
static void
test_strict_get_item (Served        *f,
                      gconstpointer  data)
{
  check_get_refused (f, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ValidationException\"}");
  check_get_refused (f, "{\"Item\":" NOTE ("a") ",\"__type\":\"x\"}");
  check_get_refused (f, "{\"Item\":" NOTE ("a") "} trailing");
  check_get_refused (f, "{\"Item\":" NOTE ("a") "}{}");
  check_get_refused (f, "{\"Item\":{\"note_id\":{\"S\":\"n2\"},\"text\":{\"S\":\"other\"}}}");
  check_get_refused (f, "{\"Item\":{\"text\":{\"S\":\"no key\"}}}");
  check_get_refused (f, "{\"Item\":" NOTE ("a") ",\"Item\":" NOTE ("b") "}");
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 7);
}

/* dynantic_client_call(): a NUL inside a string is refused, not cut. */
static void
test_strict_call (Served        *f,
                  gconstpointer  data)
{
  static const char * const bodies[] = {
    "{\"Item\":{\"s\":{\"S\":\"before\\u0000after\"}}}",
    "{\"Item\":{\"s\\u0000x\":{\"S\":\"a\"}}}",
    "{\"Count\":1} {}",
    "{\"__type\":\"ThrottlingException\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(JsonObject) request = json_object_new ();
      g_autoptr(JsonObject) response = NULL;
      g_autoptr(GError) error = NULL;

      json_object_set_string_member (request, "TableName", "notes");
      fake_server_push (f->server, &(FakeResponse) { .body = bodies[i] });
      response = dynantic_client_call (f->client, "GetItem", request, NULL, &error);
      g_assert_null (response);
      g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE);
    }
}

/* An item of a page that cannot be read fails the read naming its place
 * in the page. */
static void
test_page_names_the_item (Served        *f,
                          gconstpointer  data)
{
  g_autoptr(DynanticQuery) query = note_query (f);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  fake_server_push (f->server, &(FakeResponse) {
    .body = "{\"Items\":[" NOTE ("fine") "," NOTE ("nul\\u0000inside") "," NOTE ("fine") "],\"Count\":3}" });
  items = dynantic_read_all (DYNANTIC_READ (query), NULL, &error);
  g_assert_null (items);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "Item 2 of the page"));
  g_assert_nonnull (dynantic_error_get_fields (error));
  g_assert_cmpstr (dynantic_error_get_fields (error)[0], ==, "text");
  g_assert_null (strstr (error->message, "inside"));
}

/* Settings ---------------------------------------------------------------------- */

/* A setting that cannot work is refused when the client is made:
 * g_initable_new() says so at once, naming it; a client made without
 * init fails its calls with the same error and sends nothing. */
static void
check_setting_refused (Served     *f,
                       const char *setting,
                       const char *first_property,
                       ...)
{
  g_autoptr(GObject) client = NULL;
  g_autoptr(DynanticModel) note = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) call_error = NULL;
  g_autofree char *quoted = g_strdup_printf ("“%s”", setting);
  va_list args;

  va_start (args, first_property);
  client = G_OBJECT (g_initable_new_valist (DYNANTIC_TYPE_CLIENT, first_property, args, NULL, &error));
  va_end (args);
  g_assert_null (client);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, quoted));
  g_assert_null (strchr (error->message, '\r'));
  g_assert_null (strchr (error->message, '\n'));

  va_start (args, first_property);
  client = g_object_new_valist (DYNANTIC_TYPE_CLIENT, first_property, args);
  va_end (args);
  note = dynantic_model_get_by_key_full (TEST_TYPE_NOTE, FALSE, VALUE_STRING ("n1"), NULL,
                                         DYNANTIC_CLIENT (client), NULL, &call_error);
  g_assert_error (call_error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (call_error->message, ==, error->message);
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 0);
}

static void
test_settings_refused (Served        *f,
                       gconstpointer  data)
{
  const char *url = fake_server_get_url (f->server);
  g_autofree char *url_with_crlf = g_strconcat (url, "x\r\nX-Forged: 1", NULL);
  g_autoptr(GBytes) short_key = g_bytes_new_static ("0123456789012345678901234567890", 31);
  g_autoptr(GBytes) empty_key = g_bytes_new_static ("", 0);
  DynanticCredentialsProvider *provider = dynantic_client_get_credentials_provider (f->client);

  check_setting_refused (f, "region", "endpoint", url, "region", "us-east-1\r\nX-Forged: 1",
                         "credentials-provider", provider, NULL);
  check_setting_refused (f, "region", "endpoint", url, "region", "us east 1",
                         "credentials-provider", provider, NULL);
  check_setting_refused (f, "endpoint", "endpoint", url_with_crlf, "region", "us-east-1",
                         "credentials-provider", provider, NULL);
  check_setting_refused (f, "cursor-key", "endpoint", url, "region", "us-east-1", "cursor-key", short_key,
                         "credentials-provider", provider, NULL);
  check_setting_refused (f, "cursor-key", "endpoint", url, "region", "us-east-1", "cursor-key", empty_key,
                         "credentials-provider", provider, NULL);
  check_setting_refused (f, "tls-ca-file", "endpoint", url, "region", "us-east-1",
                         "tls-ca-file", "/nonexistent/ca.pem", "credentials-provider", provider, NULL);
}

/* Settings that work pass init: a 32-byte cursor key, a CA file. */
static void
test_settings_accepted (Served        *f,
                        gconstpointer  data)
{
  g_autofree char *ca_file = g_test_build_filename (G_TEST_DIST, "data", "tls", "ca.pem", NULL);
  g_autoptr(GBytes) key = g_bytes_new_static ("01234567890123456789012345678901", 32);
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) client = g_initable_new (DYNANTIC_TYPE_CLIENT, NULL, &error,
                                              "endpoint", fake_server_get_url (f->server),
                                              "region", "eu-west-1", "cursor-key", key,
                                              "tls-ca-file", ca_file, NULL);

  g_assert_no_error (error);
  g_assert_nonnull (client);
  g_assert_cmpstr (dynantic_client_get_tls_ca_file (DYNANTIC_CLIENT (client)), ==, ca_file);
}

/* TLS ---------------------------------------------------------------------------- */

/* A server whose certificate no trusted authority signed is refused (and
 * the request never sent), unless the client trusts its CA file. */
static void
check_tls_verified (void)
{
  g_autofree char *certificate = g_test_build_filename (G_TEST_DIST, "data", "tls", "server.pem", NULL);
  g_autofree char *key = g_test_build_filename (G_TEST_DIST, "data", "tls", "server-key.pem", NULL);
  g_autofree char *ca_file = g_test_build_filename (G_TEST_DIST, "data", "tls", "ca.pem", NULL);
  g_autoptr(FakeServer) server = fake_server_new_tls (certificate, key);
  Served untrusting = { server, fake_server_new_client (server, "max-attempts", 3, NULL) };
  Served trusting = { server, fake_server_new_client (server, "tls-ca-file", ca_file, NULL) };
  g_autoptr(DynanticModel) refused = NULL;
  g_autoptr(DynanticModel) note = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_str_has_prefix (fake_server_get_url (server), "https://127.0.0.1:"));
  refused = get_note (&untrusting, &error);
  g_assert_null (refused);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_TLS);
  g_assert_false (dynantic_error_is_retryable (error));
  g_assert_cmpuint (fake_server_get_requests (server), ==, 0);
  g_clear_error (&error);

  fake_server_push (server, &(FakeResponse) { .body = "{\"Item\":" NOTE ("secure") "}" });
  note = get_note (&trusting, &error);
  g_assert_no_error (error);
  g_assert_nonnull (note);
  g_assert_cmpuint (fake_server_get_requests (server), ==, 1);

  g_object_unref (untrusting.client);
  g_object_unref (trusting.client);
}

/* The checks run in a child process that leaves with _exit(): glib-networking
 * hands TLS handshakes to GLib's worker threads, which hold GnuTLS's
 * thread-local storage of a dlopen()ed module, and LeakSanitizer (GCC 12)
 * crashes scanning such storage at exit ("Tracer caught signal 11"). The
 * child still runs under AddressSanitizer; only its exit-time leak scan is
 * skipped. */
static void
test_tls_verified (void)
{
  if (g_test_subprocess ())
    {
      check_tls_verified ();
      _exit (0);
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
add_served (const char     *path,
            gconstpointer   data,
            void          (*test) (Served *, gconstpointer))
{
  g_test_add (path, Served, data, served_set_up, test, served_tear_down);
}

static void
add_read_tests (void)
{
  static const char * const names[] = { "all", "count", "iterate", "results", "all-async" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *timeout = g_strconcat ("/transport/total-timeout-over-pages/", names[i], NULL);
      g_autofree char *loop = g_strconcat ("/transport/pagination-loop/", names[i], NULL);

      add_served (timeout, GINT_TO_POINTER (i), test_total_timeout_over_pages);
      add_served (loop, GINT_TO_POINTER (i), test_pagination_loop);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_redirect_tests ();
  add_served ("/transport/response-size-limit", NULL, test_response_size_limit);
  add_read_tests ();
  add_served ("/transport/service-message-sanitized", NULL, test_service_message_sanitized);
  add_served ("/transport/strict/get-item", NULL, test_strict_get_item);
  add_served ("/transport/strict/call", NULL, test_strict_call);
  add_served ("/transport/strict/page-names-the-item", NULL, test_page_names_the_item);
  add_served ("/transport/settings/refused", NULL, test_settings_refused);
  add_served ("/transport/settings/accepted", NULL, test_settings_accepted);
  g_test_add_func ("/transport/tls/verified", test_tls_verified);

  return g_test_run ();
}
