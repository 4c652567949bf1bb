/* test-transport-faults.c: what the transport refuses (redirects) against
 * in-process servers that misbehave on purpose
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

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

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_redirect_tests ();

  return g_test_run ();
}
