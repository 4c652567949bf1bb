/* test-scan-fake.c: segments on the wire and the parallel scan's merge,
 * against the in-process fake server (which serves each segment its own
 * items, whatever order the segments' requests arrive in)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "read-fixtures.h"

#define ORDER(id) \
  "{\"order_id\":{\"S\":\"" id "\"},\"status\":{\"S\":\"PENDING\"},\"total\":{\"N\":\"1\"}}"

typedef struct {
  FakeServer     *server;
  DynanticClient *client;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->server = fake_server_new ();
  f->client = fake_server_new_client (f->server, "max-attempts", 1, NULL);
  dynantic_model_class_set_table (g_type_class_peek (READ_TYPE_ORDER), "orders");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->client);
  g_clear_pointer (&f->server, fake_server_free);
}

static void
reply (Fixture    *f,
       const char *body)
{
  read_fixtures_reply (f->server, body);
}

/* The Segment/TotalSegments of every request, sorted: "0/4,1/4,...". */
static char *
segments_sent (Fixture *f)
{
  g_autoptr(GString) segments = g_string_new (NULL);

  for (guint i = 0; i < fake_server_get_requests (f->server); i++)
    {
      g_autoptr(JsonObject) body = read_fixtures_request (f->server, i);

      g_assert_cmpstr (json_object_get_string_member (body, "TableName"), ==, "orders");
      g_string_append_printf (segments, "%s%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, i > 0 ? "," : "",
                              json_object_get_int_member (body, "Segment"),
                              json_object_get_int_member (body, "TotalSegments"));
    }
  return read_fixtures_sort_list (segments->str);
}

static void
test_segment_on_the_wire (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(DynanticScan) whole = dynantic_scan_new (READ_TYPE_ORDER, f->client);
  g_autoptr(DynanticScan) segment = dynantic_scan_new (READ_TYPE_ORDER, f->client);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) part = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) whole_body = NULL;
  g_autoptr(JsonObject) segment_body = NULL;

  reply (f, "{\"Items\":[],\"Count\":0}");
  all = dynantic_read_all (DYNANTIC_READ (whole), NULL, &error);
  g_assert_no_error (error);

  dynantic_scan_segment (segment, 2, 4);
  reply (f, "{\"Items\":[" ORDER ("o1") "],\"Count\":1}");
  part = dynantic_read_all (DYNANTIC_READ (segment), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (part->len, ==, 1);

  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 2);
  whole_body = read_fixtures_request (f->server, 0);
  g_assert_false (json_object_has_member (whole_body, "Segment"));
  g_assert_false (json_object_has_member (whole_body, "TotalSegments"));
  g_assert_false (json_object_has_member (whole_body, "KeyConditionExpression"));
  segment_body = read_fixtures_request (f->server, 1);
  g_assert_cmpint (json_object_get_int_member (segment_body, "Segment"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (segment_body, "TotalSegments"), ==, 4);
}

static void
test_parallel_merges_disjoint_segments (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(DynanticScan) scan = dynantic_scan_new (READ_TYPE_ORDER, f->client);
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sent = NULL;
  g_autofree char *ids = NULL;

  /* Four segments with items of their own; whichever segment gets the
   * answer with a LastEvaluatedKey asks again and gets the fifth. */
  reply (f, "{\"Items\":[" ORDER ("o1") "," ORDER ("o2") "],\"Count\":2,"
            "\"LastEvaluatedKey\":{\"order_id\":{\"S\":\"o2\"}}}");
  reply (f, "{\"Items\":[" ORDER ("o3") "],\"Count\":1}");
  reply (f, "{\"Items\":[],\"Count\":0}");
  reply (f, "{\"Items\":[" ORDER ("o4") "," ORDER ("o5") "],\"Count\":2}");
  reply (f, "{\"Items\":[" ORDER ("o6") "],\"Count\":1}");

  orders = dynantic_scan_parallel (scan, 4, NULL, &error);
  g_assert_no_error (error);
  ids = read_fixtures_join_sorted (orders, "order-id");
  g_assert_cmpstr (ids, ==, "o1,o2,o3,o4,o5,o6");
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 5);
  sent = segments_sent (f);
  g_assert_true (g_str_has_prefix (sent, "0/4,"));
  g_assert_true (strstr (sent, "1/4") != NULL && strstr (sent, "2/4") != NULL &&
                 strstr (sent, "3/4") != NULL);
}

static void
test_parallel_limit (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(DynanticScan) scan = dynantic_scan_new (READ_TYPE_ORDER, f->client);
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;

  dynantic_scan_limit (scan, 3);
  reply (f, "{\"Items\":[" ORDER ("o1") "," ORDER ("o2") "],\"Count\":2}");
  reply (f, "{\"Items\":[" ORDER ("o3") "," ORDER ("o4") "],\"Count\":2}");
  orders = dynantic_scan_parallel (scan, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orders->len, ==, 3);
}

static void
test_parallel_failure (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(DynanticScan) scan = dynantic_scan_new (READ_TYPE_ORDER, f->client);
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;

  reply (f, "{\"Items\":[" ORDER ("o1") "],\"Count\":1,\"LastEvaluatedKey\":{\"order_id\":{\"S\":\"o1\"}}}");
  fake_server_push_error (f->server, 400, "ValidationException", 1);
  reply (f, "{\"Items\":[" ORDER ("o2") "],\"Count\":1}");
  reply (f, "{\"Items\":[" ORDER ("o3") "],\"Count\":1}");

  orders = dynantic_scan_parallel (scan, 3, NULL, &error);
  g_assert_null (orders);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
}

static void
test_parallel_cancelled (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(DynanticScan) scan = dynantic_scan_new (READ_TYPE_ORDER, f->client);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  orders = dynantic_scan_parallel (scan, 3, cancellable, &error);
  g_assert_null (orders);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_type_class_ref (READ_TYPE_ORDER);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/scan-fake/segment", test_segment_on_the_wire);
  ADD ("/scan-fake/parallel/merge", test_parallel_merges_disjoint_segments);
  ADD ("/scan-fake/parallel/limit", test_parallel_limit);
  ADD ("/scan-fake/parallel/failure", test_parallel_failure);
  ADD ("/scan-fake/parallel/cancelled", test_parallel_cancelled);
#undef ADD

  return g_test_run ();
}
