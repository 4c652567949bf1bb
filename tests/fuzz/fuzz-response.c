/* fuzz-response.c: arbitrary response bodies, read by every call that reads
 * one
 *
 * An in-process HTTP server (a SoupServer on loopback, in a thread of its
 * own) answers the first request of each input with the input's body and
 * status (a correct Content-Length and x-amz-crc32, so the body is read),
 * and any later request (the next page of a read) with an empty page. The
 * input's first byte picks the call: GetItem into a model with every
 * property kind and into a polymorphic one, reload, Query (all, page with
 * its cursor), Scan (all, count), UpdateItem returning the new item or the
 * updated attributes, PutItem, DeleteItem, DescribeTable, and the JsonObject
 * call primitive; the second byte picks the status (200, 400, 404, 500,
 * 413). One attempt per call: a retry would read the same bytes again.
 *
 * Beyond "no crash, no leak, no GLib warning": a call either returns its
 * result or fails with a DYNANTIC_ERROR (or G_IO_ERROR) error, and never
 * succeeds on a status other than 200.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libsoup/soup.h>

#include "dynantic-client-private.h"
#include "dynantic-json-private.h"
#include "dynantic-retry-private.h"
#include "fuzz-models.h"
#include "fuzz-check.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define CONTENT_TYPE "application/x-amz-json-1.0"
#define EMPTY_PAGE "{\"Items\":[],\"Count\":0,\"ScannedCount\":0}"

static const guint statuses[] = { 200, 200, 200, 400, 404, 500, 413, 200 };

/* The server: answers the first request with the current body. */
static struct {
  GMutex        lock;
  GCond         started;
  GMainContext *context;
  SoupServer   *server;
  char         *url;
  /* under lock */
  GBytes       *body;
  guint         status;
  gboolean      served;
} server;

static void
handle_request (SoupServer        *soup_server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr(GBytes) body = NULL;
  g_autofree char *crc32 = NULL;
  guint status = 200;
  gsize length;
  gconstpointer data;

  g_mutex_lock (&server.lock);
  if (!server.served && server.body != NULL)
    {
      body = g_bytes_ref (server.body);
      status = server.status;
      server.served = TRUE;
    }
  g_mutex_unlock (&server.lock);
  if (body == NULL)
    body = g_bytes_new_static (EMPTY_PAGE, strlen (EMPTY_PAGE));

  data = g_bytes_get_data (body, &length);
  crc32 = g_strdup_printf ("%u", dynantic_crc32 (data, length));
  soup_message_headers_replace (headers, "x-amz-crc32", crc32);
  soup_message_headers_replace (headers, "x-amzn-RequestId", "FUZZREQUEST");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, CONTENT_TYPE, SOUP_MEMORY_COPY, length > 0 ? data : "", length);
}

static gpointer
serve (gpointer data)
{
  g_autoptr(GMainLoop) loop = NULL;
  GSList *uris;

  server.context = g_main_context_new ();
  loop = g_main_loop_new (server.context, FALSE);
  g_main_context_push_thread_default (server.context);
  server.server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server.server, NULL, handle_request, NULL, NULL);
  CHECK (soup_server_listen_local (server.server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, NULL));
  uris = soup_server_get_uris (server.server);

  g_mutex_lock (&server.lock);
  server.url = g_uri_to_string (uris->data);
  g_cond_signal (&server.started);
  g_mutex_unlock (&server.lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (loop);   /* for the life of the process */
  return NULL;
}

static DynanticClient *
client_get (void)
{
  static DynanticClient *client;

  if (client == NULL)
    {
      g_autoptr(DynanticCredentials) credentials =
        dynantic_credentials_new ("FuzzKey", "FuzzSecret", "FuzzToken");
      g_autoptr(DynanticCredentialsProvider) provider =
        dynantic_credentials_provider_new_static (credentials);

      g_log_set_writer_func (fuzz_abort_on_warnings, NULL, NULL);
      fuzz_models_init ();
      g_mutex_lock (&server.lock);
      g_thread_unref (g_thread_new ("fuzz-server", serve, NULL));
      while (server.url == NULL)
        g_cond_wait (&server.started, &server.lock);
      g_mutex_unlock (&server.lock);

      client = g_object_new (DYNANTIC_TYPE_CLIENT,
                             "endpoint", server.url, "region", "us-east-1",
                             "credentials-provider", provider,
                             "max-attempts", 1, "timeout", 30.0,
                             NULL);
    }
  return client;
}

static void
check_outcome (gboolean      ok,
               const GError *error,
               guint         status)
{
  CHECK (ok == (error == NULL));
  if (ok)
    CHECK (status == 200);
  else
    CHECK (error->domain == DYNANTIC_ERROR || error->domain == G_IO_ERROR);
}

/* Whether the current body is one JSON value, whitespace around it. */
static gboolean
body_is_one_document (void)
{
  DynanticJsonReader reader;
  gsize length = 0;
  const char *data;
  gboolean one;

  g_mutex_lock (&server.lock);
  data = g_bytes_get_data (server.body, &length);
  dynantic_json_reader_init (&reader, data, length);
  one = length == 0 ||
        (dynantic_json_reader_skip_value (&reader) && dynantic_json_reader_next (&reader) == DYNANTIC_JSON_END);
  dynantic_json_reader_clear (&reader);
  g_mutex_unlock (&server.lock);
  return one;
}

static void
key_values (GValue *partition,
            GValue *sort)
{
  g_value_set_static_string (g_value_init (partition, G_TYPE_STRING), "key");
  g_value_set_int64 (g_value_init (sort, G_TYPE_INT64), 1);
}

static void
check_items (GPtrArray *items)
{
  for (guint i = 0; items != NULL && i < items->len; i++)
    CHECK (DYNANTIC_IS_MODEL (g_ptr_array_index (items, i)));
}

static void
run_call (DynanticClient *client,
          guint           call,
          guint           status)
{
  g_auto(GValue) partition = G_VALUE_INIT;
  g_auto(GValue) sort = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  key_values (&partition, &sort);
  switch (call)
    {
    case 0:
    case 1:
      {
        GType type = call == 0 ? FUZZ_TYPE_EVERYTHING : FUZZ_TYPE_SHAPE;
        g_autoptr(DynanticModel) found =
          dynantic_model_get_by_key_full (type, FALSE, &partition, call == 0 ? &sort : NULL, client, NULL, &error);

        check_outcome (error == NULL, error, status);
        CHECK (found == NULL || g_type_is_a (G_OBJECT_TYPE (found), type));
      }
      break;
    case 2:
      {
        g_autoptr(DynanticModel) model = g_object_new (FUZZ_TYPE_EVERYTHING, "id", "key", "n", (gint64) 1, NULL);
        gboolean ok;

        dynantic_model_set_instance_client (model, client);
        ok = dynantic_model_reload (model, NULL, &error);
        check_outcome (ok, error, status);
      }
      break;
    case 3:
    case 4:
      {
        g_autoptr(DynanticQuery) query = dynantic_query_new (FUZZ_TYPE_EVERYTHING, &partition, client);
        g_autoptr(GPtrArray) all = NULL;
        g_autoptr(DynanticPage) page = NULL;

        if (call == 3)
          {
            all = dynantic_read_all (DYNANTIC_READ (query), NULL, &error);
            check_outcome (all != NULL, error, status);
            check_items (all);
          }
        else
          {
            page = dynantic_read_page (DYNANTIC_READ (query), NULL, NULL, &error);
            check_outcome (page != NULL, error, status);
            if (page != NULL)
              {
                const char *cursor = dynantic_page_get_cursor (page);

                CHECK ((cursor != NULL) == dynantic_page_get_has_more (page));
              }
          }
      }
      break;
    case 5:
    case 6:
      {
        g_autoptr(DynanticScan) scan = dynantic_scan_new (call == 5 ? FUZZ_TYPE_SHAPE : FUZZ_TYPE_EVERYTHING, client);

        if (call == 5)
          {
            g_autoptr(GPtrArray) all = dynantic_read_all (DYNANTIC_READ (scan), NULL, &error);

            check_outcome (all != NULL, error, status);
            check_items (all);
          }
        else
          {
            guint64 count = dynantic_read_count (DYNANTIC_READ (scan), NULL, &error);

            check_outcome (error == NULL, error, status);
            (void) count;
          }
      }
      break;
    case 7:
    case 8:
      {
        g_autoptr(DynanticUpdate) update = dynantic_update_new (FUZZ_TYPE_EVERYTHING, &partition, &sort, client);
        g_auto(GValue) one = G_VALUE_INIT;
        gboolean ok;

        g_value_set_int (g_value_init (&one, G_TYPE_INT), 1);
        dynantic_update_add (update, "count", &one);
        dynantic_update_set_return_values (update, call == 7 ? DYNANTIC_RETURN_VALUES_ALL_NEW
                                                             : DYNANTIC_RETURN_VALUES_UPDATED_OLD);
        ok = dynantic_update_execute (update, NULL, &error);
        check_outcome (ok, error, status);
        if (ok && call == 7)
          CHECK (dynantic_update_get_returned_item (update) == NULL ||
                 FUZZ_IS_EVERYTHING (dynantic_update_get_returned_item (update)));
      }
      break;
    case 9:
    case 10:
      {
        g_autoptr(DynanticModel) model = g_object_new (FUZZ_TYPE_EVERYTHING, "id", "key", "n", (gint64) 1, NULL);
        gboolean ok;

        dynantic_model_set_instance_client (model, client);
        ok = call == 9 ? dynantic_model_save (model, NULL, NULL, &error)
                       : dynantic_model_delete_item (model, NULL, NULL, &error);
        check_outcome (ok, error, status);
      }
      break;
    case 11:
      {
        g_autoptr(JsonObject) table = dynantic_table_describe (FUZZ_TYPE_EVERYTHING, client, NULL, &error);

        check_outcome (table != NULL, error, status);
      }
      break;
    default:
      {
        g_autoptr(JsonObject) request = json_object_new ();
        g_autoptr(JsonObject) response = NULL;

        json_object_set_string_member (request, "TableName", "fuzz");
        response = dynantic_client_call (client, "DescribeTable", request, NULL, &error);
        check_outcome (response != NULL, error, status);
        /* a body with anything after its document is refused */
        if (response != NULL)
          CHECK (body_is_one_document ());
      }
      break;
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  DynanticClient *client = client_get ();
  guint call, status;

  if (size < 2)
    return 0;
  call = data[0] % 13;
  status = statuses[data[1] % G_N_ELEMENTS (statuses)];

  g_mutex_lock (&server.lock);
  g_clear_pointer (&server.body, g_bytes_unref);
  server.body = g_bytes_new (data + 2, size - 2);
  server.status = status;
  server.served = FALSE;
  g_mutex_unlock (&server.lock);

  run_call (client, call, status);
  return 0;
}
