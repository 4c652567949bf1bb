/* test-update-checks.c: what an update refuses before sending, the request it
 * encodes, and hostile responses, against an in-process server that counts
 * requests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "dynantic-update-private.h"
#include "fake-server.h"
#include "test-update-models.h"
#include "test-model-util.h"

#define EMAIL "john@example.com"

typedef struct {
  FakeServer     *server;
  DynanticClient *client;
  TestAsync       async;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->server = fake_server_new ();
  f->client = fake_server_new_client (f->server, NULL);
  test_async_init (&f->async);
  dynantic_model_class_set_table (g_type_class_ref (TEST_TYPE_USER), "users");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_type_class_unref (g_type_class_peek (TEST_TYPE_USER));
  test_async_clear (&f->async);
  g_clear_object (&f->client);
  g_clear_pointer (&f->server, fake_server_free);
}

static DynanticUpdate *
user_update (Fixture    *f,
             const char *user_id)
{

  return dynantic_update_new (TEST_TYPE_USER, VALUE_STRING (user_id), VALUE_STRING (EMAIL),
                              f->client);
}

/* @update fails, sync and async, with @code and a message naming @named
 * (never the value @secret), and nothing reaches the server. */
static void
assert_refused (Fixture        *f,
                DynanticUpdate *update,
                int             code,
                const char     *named,
                const char     *secret)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) async_error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_false (dynantic_update_execute (update, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, named));
  if (secret != NULL)
    g_assert_null (strstr (error->message, secret));

  dynantic_update_execute_async (update, NULL, test_async_callback, &f->async);
  result = test_async_wait (&f->async);
  g_assert_false (dynantic_update_execute_finish (update, result, &async_error));
  g_assert_error (async_error, DYNANTIC_ERROR, code);
  g_assert_cmpstr (async_error->message, ==, error->message);

  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 0);
}

/* Refused before sending -------------------------------------------------- */

static void
test_no_actions (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(DynanticUpdate) update = user_update (f, "u");

  assert_refused (f, update, DYNANTIC_ERROR_INVALID_ARGUMENT, "TestUser", NULL);
}

static void
test_same_path_twice (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(DynanticUpdate) update = user_update (f, "u");

  /* The property's name and its attribute's name are the same path. */
  dynantic_update_add (update, "login-count", VALUE_INT (1));
  dynantic_update_remove (update, "login_count");
  assert_refused (f, update, DYNANTIC_ERROR_INVALID_ARGUMENT, "login_count", NULL);
}

static void
test_overlapping_paths (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(DynanticUpdate) update = user_update (f, "u");
  g_autoptr(DynanticUpdate) siblings = user_update (f, "u");
  g_autoptr(GError) error = NULL;

  dynantic_update_set_value (update, "profile.address.city", VALUE_STRING ("Secret City"));
  dynantic_update_remove (update, "profile.address");
  assert_refused (f, update, DYNANTIC_ERROR_INVALID_ARGUMENT, "“profile.address.city” and “profile.address”",
                  "Secret City");

  /* Neighbours do not overlap ("tags" and "tags_old", "profile.a" and "profile.ab"). */
  dynantic_update_remove (siblings, "tags");
  dynantic_update_remove (siblings, "tags_old");
  dynantic_update_remove (siblings, "profile.a");
  dynantic_update_remove (siblings, "profile.ab");
  dynantic_update_remove (siblings, "profile.list[1]");
  dynantic_update_remove (siblings, "profile.list[10]");
  g_assert_true (dynantic_update_execute (siblings, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 1);
}

static void
test_keys_refused (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(DynanticUpdate) partition = user_update (f, "u");
  g_autoptr(DynanticUpdate) sort = user_update (f, "u");

  dynantic_update_set_value (partition, "user-id", VALUE_STRING ("someone-else"));
  assert_refused (f, partition, DYNANTIC_ERROR_INVALID_ARGUMENT, "user-id", "someone-else");
  dynantic_update_remove (sort, "email");
  assert_refused (f, sort, DYNANTIC_ERROR_INVALID_ARGUMENT, "email", NULL);
}

static void
test_bad_keys (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(DynanticUpdate) no_sort = NULL;
  g_autoptr(DynanticUpdate) empty_key = NULL;

  no_sort = dynantic_update_new (TEST_TYPE_USER, VALUE_STRING ("u"), NULL, f->client);
  dynantic_update_set_value (no_sort, "name", VALUE_STRING ("N"));
  assert_refused (f, no_sort, DYNANTIC_ERROR_INVALID_ARGUMENT, "email", NULL);

  empty_key = dynantic_update_new (TEST_TYPE_USER, VALUE_STRING (""), VALUE_STRING (EMAIL),
                                   f->client);
  dynantic_update_set_value (empty_key, "name", VALUE_STRING ("N"));
  assert_refused (f, empty_key, DYNANTIC_ERROR_VALIDATION, "user-id", NULL);
}

static void
test_malformed_path (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(DynanticUpdate) update = user_update (f, "u");

  dynantic_update_remove (update, "profile..city");
  assert_refused (f, update, DYNANTIC_ERROR_INVALID_ARGUMENT, "profile..city", NULL);
}

/* An update's condition nested 200,000 levels deep: refused by its limit,
 * before any recursion and before sending. */
static void
test_condition_too_deep (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(DynanticUpdate) update = user_update (f, "u");
  DynanticCondition *condition = dynantic_condition_attribute_exists ("email");

  for (guint i = 0; i < 200000; i++)
    {
      DynanticCondition *outer = dynantic_condition_not (condition);

      dynantic_condition_unref (condition);
      condition = outer;
    }
  dynantic_update_remove (update, "name");
  dynantic_update_set_condition (update, condition);
  dynantic_condition_unref (condition);
  assert_refused (f, update, DYNANTIC_ERROR_INVALID_ARGUMENT, "DYNANTIC_CONDITION_MAX_DEPTH", NULL);
}

/* Values its property refuses: each names the field, never the value. */
static void
test_values_refused (Fixture       *f,
                     gconstpointer  data)
{
  struct {
    const char *path;
    const char *text;      /* a string value, or NULL for the number */
    double      number;
    const char *named;
  } cases[] = {
    { "score", NULL, 150, "score" },                  /* above the pspec's maximum */
    { "score", NULL, -0.5, "score" },                 /* below its minimum */
    { "score", NULL, NAN, "score" },                  /* not finite */
    { "login-count", NULL, -3, "login-count" },       /* below 0 */
    { "login-count", NULL, 2.5, "login-count" },      /* a fraction for an integer */
    { "login-count", "many-logins", 0, "login-count" }, /* a string for a number */
    { "status", "sleeping-status", 0, "status" },     /* not a member of the enum */
    { "price", "twelve-dollars", 0, "price" },        /* not a decimal number */
    { "last-seen", "yesterday-ish", 0, "last-seen" }, /* not an ISO-8601 date */
    { "rating", NULL, INFINITY, "rating" },           /* no property: still no infinity */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DynanticUpdate) update = user_update (f, "u");

      dynantic_update_set_value (update, cases[i].path,
                           cases[i].text != NULL ? VALUE_STRING (cases[i].text) : VALUE_DOUBLE (cases[i].number));
      assert_refused (f, update, DYNANTIC_ERROR_VALIDATION, cases[i].named, cases[i].text);
    }
}

/* Actions on attributes that cannot take them. */
static void
test_actions_refused (Fixture       *f,
                      gconstpointer  data)
{
  static const char * const words[] = { "alpha", NULL };
  static const char * const none[] = { NULL };
  g_autoptr(DynanticUpdate) append_number = user_update (f, "u");
  g_autoptr(DynanticUpdate) append_set = user_update (f, "u");
  g_autoptr(DynanticUpdate) append_scalar = user_update (f, "u");
  g_autoptr(DynanticUpdate) add_string = user_update (f, "u");
  g_autoptr(DynanticUpdate) add_list = user_update (f, "u");
  g_autoptr(DynanticUpdate) add_unknown_list = user_update (f, "u");
  g_autoptr(DynanticUpdate) delete_list = user_update (f, "u");
  g_autoptr(DynanticUpdate) add_empty_set = user_update (f, "u");
  g_autoptr(DynanticUpdate) increment_string = user_update (f, "u");
  g_autoptr(DynanticUpdate) increment_by_text = user_update (f, "u");
  g_autoptr(DynanticUpdate) without_value = user_update (f, "u");
  g_autoptr(DynanticUpdate) whole_nested = user_update (f, "u");
  g_auto(GValue) list = G_VALUE_INIT;
  g_auto(GValue) empty = G_VALUE_INIT;
  g_auto(GValue) address = G_VALUE_INIT;

  strv_value (&list, words);
  strv_value (&empty, none);

  assert_refused (f, dynantic_update_append (append_number, "login-count", &list),
                  DYNANTIC_ERROR_VALIDATION, "login-count", NULL);
  assert_refused (f, dynantic_update_append (append_set, "roles", &list),
                  DYNANTIC_ERROR_VALIDATION, "roles", NULL);
  assert_refused (f, dynantic_update_append (append_scalar, "profile.langs", VALUE_INT (1)),
                  DYNANTIC_ERROR_VALIDATION, "profile.langs", NULL);
  assert_refused (f, dynantic_update_add (add_string, "name", VALUE_STRING ("five")),
                  DYNANTIC_ERROR_VALIDATION, "name", "five");
  assert_refused (f, dynantic_update_add (add_list, "tags", &list),
                  DYNANTIC_ERROR_VALIDATION, "tags", NULL);
  assert_refused (f, dynantic_update_add (add_unknown_list, "labels", &list),
                  DYNANTIC_ERROR_VALIDATION, "labels", NULL);
  assert_refused (f, dynantic_update_delete (delete_list, "tags", &list),
                  DYNANTIC_ERROR_VALIDATION, "tags", NULL);
  assert_refused (f, dynantic_update_add (add_empty_set, "roles", &empty),
                  DYNANTIC_ERROR_VALIDATION, "roles", NULL);
  assert_refused (f, dynantic_update_increment (increment_string, "name", VALUE_INT (1)),
                  DYNANTIC_ERROR_VALIDATION, "name", NULL);
  assert_refused (f, dynantic_update_increment (increment_by_text, "rating", VALUE_STRING ("five")),
                  DYNANTIC_ERROR_VALIDATION, "rating", "five");
  assert_refused (f, dynantic_update_set_if_not_exists (without_value, "name", NULL),
                  DYNANTIC_ERROR_INVALID_ARGUMENT, "name", NULL);

  g_value_init (&address, TEST_TYPE_ADDRESS);
  g_value_take_object (&address, g_object_new (TEST_TYPE_ADDRESS, "city", "Brest", NULL));
  assert_refused (f, dynantic_update_set_value (whole_nested, "address", &address),
                  DYNANTIC_ERROR_INVALID_ARGUMENT, "address", "Brest");
}

/* The request --------------------------------------------------------------- */

static JsonObject *
encode (DynanticUpdate *update)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_auto(DynanticLockingStep) version = DYNANTIC_LOCKING_STEP_INIT;
  g_autoptr(DynanticSchema) schema = NULL;
  DynanticJsonWriter writer;

  schema = dynantic_update_lookup_schema (update, &error);
  g_assert_no_error (error);
  dynantic_json_writer_init (&writer, out);
  dynantic_json_writer_begin_object (&writer);
  g_assert_true (dynantic_update_write_members (update, schema, &writer, &version, &error));
  g_assert_no_error (error);
  dynantic_json_writer_end_object (&writer);
  node = json_from_string (out->str, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}

static const char *
member_string (JsonObject *object,
               const char *member,
               const char *inner)
{
  return json_object_get_string_member (json_object_get_object_member (object, member), inner);
}

static void
test_request_shape (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const tail[] = { "z", NULL };
  static const char * const roles[] = { "admin", NULL };
  static const char * const none[] = { NULL };
  g_autoptr(DynanticUpdate) update = user_update (f, "u-1");
  g_autoptr(DynanticUpdate) emptied = user_update (f, "u-1");
  g_autoptr(DynanticCondition) condition = NULL;
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(JsonObject) remove_request = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_utc (2030, 1, 1, 0, 0, 0);
  g_auto(GValue) list = G_VALUE_INIT;
  g_auto(GValue) set = G_VALUE_INIT;
  g_auto(GValue) expires = G_VALUE_INIT;
  g_auto(GValue) empty_set = G_VALUE_INIT;
  JsonObject *names;
  JsonObject *values;

  dynantic_update_set_value (update, "name", VALUE_STRING ("Robert'); DROP"));
  dynantic_update_set_if_not_exists (update, "status", VALUE_STRING ("active"));
  dynantic_update_prepend (update, "tags", strv_value (&list, tail));
  dynantic_update_decrement (update, "balance", VALUE_INT (3));
  dynantic_update_add (update, "roles", strv_value (&set, roles));
  g_value_init (&expires, G_TYPE_DATE_TIME);
  g_value_set_boxed (&expires, when);
  dynantic_update_set_value (update, "expires", &expires);
  dynantic_update_remove (update, "profile.zip");
  condition = dynantic_condition_eq ("version", VALUE_INT (5));
  dynantic_update_set_condition (update, condition);
  request = encode (update);

  /* Placeholders only: names and values travel beside the expressions. */
  g_assert_cmpstr (json_object_get_string_member (request, "TableName"), ==, "users");
  g_assert_cmpstr (member_string (json_object_get_object_member (request, "Key"), "user_id", "S"), ==, "u-1");
  g_assert_cmpstr (json_object_get_string_member (request, "UpdateExpression"), ==,
                   "SET #n0 = :v0, #n1 = if_not_exists(#n1, :v1), "
                   "#n2 = list_append(:v2, if_not_exists(#n2, :v3)), #n3 = #n3 - :v4, #n5 = :v6 "
                   "REMOVE #n6.#n7 "
                   "ADD #n4 :v5");
  g_assert_cmpstr (json_object_get_string_member (request, "ConditionExpression"), ==, "#n8 = :v7");
  names = json_object_get_object_member (request, "ExpressionAttributeNames");
  values = json_object_get_object_member (request, "ExpressionAttributeValues");
  g_assert_cmpuint (json_object_get_size (names), ==, 9);
  g_assert_cmpstr (json_object_get_string_member (names, "#n0"), ==, "name");
  g_assert_cmpstr (json_object_get_string_member (names, "#n7"), ==, "zip");
  g_assert_cmpstr (json_object_get_string_member (names, "#n8"), ==, "version");
  g_assert_cmpuint (json_object_get_size (values), ==, 8);
  g_assert_cmpstr (member_string (values, ":v0", "S"), ==, "Robert'); DROP");
  g_assert_cmpstr (member_string (values, ":v1", "S"), ==, "active");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_object_get_object_member (values, ":v3"), "L")), ==, 0);
  g_assert_cmpstr (member_string (values, ":v4", "N"), ==, "3");
  g_assert_true (json_object_has_member (json_object_get_object_member (values, ":v5"), "SS"));
  g_assert_cmpstr (member_string (values, ":v6", "N"), ==, "1893456000");
  g_assert_cmpstr (member_string (values, ":v7", "N"), ==, "5");
  g_assert_false (json_object_has_member (request, "ReturnValues"));

  /* An empty set is no value: setting one removes the attribute. */
  dynantic_update_set_value (emptied, "roles", strv_value (&empty_set, none));
  remove_request = encode (emptied);
  g_assert_cmpstr (json_object_get_string_member (remove_request, "UpdateExpression"), ==, "REMOVE #n0");
  g_assert_false (json_object_has_member (remove_request, "ExpressionAttributeValues"));
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 0);
}

/* What comes back ----------------------------------------------------------- */

static void
test_conditional_failure_not_retried (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(DynanticUpdate) update = user_update (f, "u");
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;

  fake_server_push_error (f->server, 400, "ConditionalCheckFailedException", 1);
  dynantic_update_add (update, "login-count", VALUE_INT (1));
  dynantic_update_set_return_values (update, DYNANTIC_RETURN_VALUES_ALL_NEW);
  g_assert_false (dynantic_update_execute (update, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED);
  g_assert_null (dynantic_update_get_returned_item (update));
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 1);
  target = fake_server_dup_last_target (f->server);
  g_assert_cmpstr (target, ==, "DynamoDB_20120810.UpdateItem");
}

/* Responses that are not what UpdateItem returns fail cleanly. */
static void
test_hostile_responses (Fixture       *f,
                        gconstpointer  data)
{
  struct {
    DynanticReturnValues  kind;
    const char           *body;
    int                   code;
  } cases[] = {
    { DYNANTIC_RETURN_VALUES_ALL_NEW, "{\"Attributes\":5}", DYNANTIC_ERROR_BAD_RESPONSE },
    { DYNANTIC_RETURN_VALUES_UPDATED_NEW, "{\"Attributes\":[1]}", DYNANTIC_ERROR_BAD_RESPONSE },
    { DYNANTIC_RETURN_VALUES_UPDATED_NEW, "{\"Attributes\":{\"login_count\":{\"S\":\"x\"}}}",
      DYNANTIC_ERROR_VALIDATION },
    { DYNANTIC_RETURN_VALUES_ALL_OLD, "{\"Attributes\":{\"login_count\":{\"N\":\"99999999999\"}}}",
      DYNANTIC_ERROR_VALIDATION },
    { DYNANTIC_RETURN_VALUES_UPDATED_OLD, "{\"Attributes\":{\"name\":{\"S\":\"a\"}", DYNANTIC_ERROR_BAD_RESPONSE },
    { DYNANTIC_RETURN_VALUES_ALL_NEW, "[]", DYNANTIC_ERROR_BAD_RESPONSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DynanticUpdate) update = user_update (f, "u");
      FakeResponse response = { .action = FAKE_REPLY, .body = cases[i].body };
      g_autoptr(GError) error = NULL;

      fake_server_push (f->server, &response);
      dynantic_update_add (update, "login-count", VALUE_INT (1));
      dynantic_update_set_return_values (update, cases[i].kind);
      g_assert_false (dynantic_update_execute (update, NULL, &error));
      g_assert_error (error, DYNANTIC_ERROR, cases[i].code);
      g_assert_null (dynantic_update_get_returned_item (update));
      g_assert_null (dynantic_update_get_returned_attributes (update));
    }
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, G_N_ELEMENTS (cases));
}

/* Members other than Attributes are skipped; an ALL_NEW without Attributes
 * is no item; the results of an earlier execution are replaced. */
static void
test_response_members (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(DynanticUpdate) update = user_update (f, "u");
  FakeResponse full = {
    .action = FAKE_REPLY,
    .body = "{\"ConsumedCapacity\":{\"TableName\":\"users\",\"CapacityUnits\":1.0},"
            "\"Attributes\":{\"user_id\":{\"S\":\"u\"},\"email\":{\"S\":\"" EMAIL "\"},"
            "\"login_count\":{\"N\":\"12\"},\"unknown\":{\"L\":[{\"NULL\":true}]}},"
            "\"ItemCollectionMetrics\":{}}",
  };
  FakeResponse empty = { .action = FAKE_REPLY, .body = "{}" };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) unknown = NULL;
  g_autofree char *unknown_json = NULL;
  DynanticModel *item;
  int count = 0;

  fake_server_push (f->server, &full);
  fake_server_push (f->server, &empty);
  dynantic_update_add (update, "login-count", VALUE_INT (1));
  dynantic_update_set_return_values (update, DYNANTIC_RETURN_VALUES_ALL_NEW);

  g_assert_true (dynantic_update_execute (update, NULL, &error));
  g_assert_no_error (error);
  item = dynantic_update_get_returned_item (update);
  g_assert_true (TEST_IS_USER (item));
  g_object_get (item, "login-count", &count, NULL);
  g_assert_cmpint (count, ==, 12);
  g_assert_true (dynantic_model_get_instance_client (item) == f->client);
  unknown = dynantic_model_get_extra_attribute (item, "unknown");
  unknown_json = json_to_string (unknown, FALSE);
  g_assert_cmpstr (unknown_json, ==, "{\"L\":[{\"NULL\":true}]}");

  g_assert_true (dynantic_update_execute (update, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (dynantic_update_get_returned_item (update));
}

/* A patch updates the item with the object's key, through its client. */
static void
test_patch_key (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(TestUser) user = g_object_new (TEST_TYPE_USER, "user-id", "p", "email", EMAIL, NULL);
  g_autoptr(TestUser) keyless = g_object_new (TEST_TYPE_USER, "email", EMAIL, NULL);
  g_autoptr(DynanticUpdate) update = NULL;
  g_autoptr(DynanticUpdate) refused = NULL;
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(GError) error = NULL;

  dynantic_model_set_instance_client (DYNANTIC_MODEL (user), f->client);
  update = dynantic_model_patch (DYNANTIC_MODEL (user));
  dynantic_update_add (update, "login-count", VALUE_INT (1));
  request = encode (update);
  g_assert_cmpstr (member_string (json_object_get_object_member (request, "Key"), "user_id", "S"), ==, "p");
  g_assert_true (dynantic_update_execute (update, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 1);

  dynantic_model_set_instance_client (DYNANTIC_MODEL (keyless), f->client);
  refused = dynantic_model_patch (DYNANTIC_MODEL (keyless));
  dynantic_update_add (refused, "login-count", VALUE_INT (1));
  g_assert_false (dynantic_update_execute (refused, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "user-id"));
  g_assert_cmpuint (fake_server_get_requests (f->server), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/update-checks/refused/no-actions", test_no_actions);
  ADD ("/update-checks/refused/same-path-twice", test_same_path_twice);
  ADD ("/update-checks/refused/overlapping-paths", test_overlapping_paths);
  ADD ("/update-checks/refused/keys", test_keys_refused);
  ADD ("/update-checks/refused/bad-keys", test_bad_keys);
  ADD ("/update-checks/refused/malformed-path", test_malformed_path);
  ADD ("/update-checks/refused/condition-too-deep", test_condition_too_deep);
  ADD ("/update-checks/refused/values", test_values_refused);
  ADD ("/update-checks/refused/actions", test_actions_refused);
  ADD ("/update-checks/request-shape", test_request_shape);
  ADD ("/update-checks/conditional-failure-not-retried", test_conditional_failure_not_retried);
  ADD ("/update-checks/hostile-responses", test_hostile_responses);
  ADD ("/update-checks/response-members", test_response_members);
  ADD ("/update-checks/patch-key", test_patch_key);
#undef ADD

  return g_test_run ();
}
