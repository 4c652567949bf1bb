/* test-model-crud.c: save, create, get, reload and delete against DynamoDB Local
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "test-model-util.h"

/* A note: composite key, a required property ----------------------------- */

#define TEST_TYPE_NOTE (test_note_get_type ())
G_DECLARE_FINAL_TYPE (TestNote, test_note, TEST, NOTE, DynanticModel)
struct _TestNote { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (TestNote, test_note, DYNANTIC_TYPE_MODEL)

static void
test_note_class_init (TestNoteClass *klass)
{
  DynanticModelClass *model_class = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model_class,
      g_param_spec_string ("owner", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_int ("seq", NULL, NULL, G_MININT, G_MAXINT, 0, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_string ("body", NULL, NULL, "(empty)", G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_uint ("views", NULL, NULL, 0, 1000, 0, G_PARAM_READWRITE));

  dynantic_model_class_set_partition_key (model_class, "owner");
  dynantic_model_class_set_sort_key (model_class, "seq");
  dynantic_model_class_set_required (model_class, "title");
}

static void test_note_init (TestNote *self) { }

/* A ticket: its id is generated ----------------------------------------- */

#define TEST_TYPE_TICKET (test_ticket_get_type ())
G_DECLARE_FINAL_TYPE (TestTicket, test_ticket, TEST, TICKET, DynanticModel)
struct _TestTicket { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (TestTicket, test_ticket, DYNANTIC_TYPE_MODEL)

static void
test_ticket_class_init (TestTicketClass *klass)
{
  DynanticModelClass *model_class = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model_class,
      g_param_spec_string ("ticket-id", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_string ("subject", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_set_partition_key (model_class, "ticket-id");
  dynantic_model_class_set_auto_id (model_class, "ticket-id");
}

static void test_ticket_init (TestTicket *self) { }

/* A slot: a number key with a range ------------------------------------ */

#define TEST_TYPE_SLOT (test_slot_get_type ())
G_DECLARE_FINAL_TYPE (TestSlot, test_slot, TEST, SLOT, DynanticModel)
struct _TestSlot { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (TestSlot, test_slot, DYNANTIC_TYPE_MODEL)

static void
test_slot_class_init (TestSlotClass *klass)
{
  DynanticModelClass *model_class = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model_class,
      g_param_spec_uint ("slot", NULL, NULL, 1, 100, 1, G_PARAM_READWRITE));
  dynantic_model_class_set_table (model_class, "slots");  /* never created: no request is sent */
  dynantic_model_class_set_partition_key (model_class, "slot");
}

static void test_slot_init (TestSlot *self) { }

/* Fixture: fresh tables, the class's client set -------------------------- */

typedef struct {
  DynanticClient *client;
  char           *notes;
  TestAsync       async;
} Fixture;

static void
create_table (Fixture *fixture,
              GType    type,
              char    *table)
{
  g_autoptr(GError) error = NULL;

  dynantic_model_class_set_table (g_type_class_peek (type), table);
  dynantic_model_class_set_client (g_type_class_peek (type), fixture->client);
  g_assert_true (dynantic_table_create (type, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (dynantic_table_wait_until_active (type, 30, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *tickets = test_unique_table_name ("tickets");

  fixture->client = test_local_client ();
  fixture->notes = test_unique_table_name ("notes");
  test_async_init (&fixture->async);
  g_type_class_ref (TEST_TYPE_NOTE);
  g_type_class_ref (TEST_TYPE_TICKET);
  create_table (fixture, TEST_TYPE_NOTE, fixture->notes);
  create_table (fixture, TEST_TYPE_TICKET, tickets);
}

static void
drop_table (GType type)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dynantic_table_delete (type, NULL, NULL, &error));
  g_assert_no_error (error);
  dynantic_model_class_set_client (g_type_class_peek (type), NULL);
  g_type_class_unref (g_type_class_peek (type));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  drop_table (TEST_TYPE_NOTE);
  drop_table (TEST_TYPE_TICKET);
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->notes, g_free);
  test_async_clear (&fixture->async);
}

/* Helpers -------------------------------------------------------------------- */

static TestNote *
get_note (const char  *owner,
          int          seq,
          GError     **error)
{
  g_auto(GValue) pk = G_VALUE_INIT;
  g_auto(GValue) sk = G_VALUE_INIT;

  return (TestNote *) dynantic_model_get_by_key_full (TEST_TYPE_NOTE, TRUE, test_value_string (&pk, owner),
                                          test_value_int (&sk, seq), NULL, NULL, error);
}

static char *
dup_string (gpointer    object,
            const char *property)
{
  char *value = NULL;

  g_object_get (object, property, &value, NULL);
  return value;
}

static void
save_note (const char *owner,
           int         seq,
           const char *title)
{
  g_autoptr(TestNote) note = g_object_new (TEST_TYPE_NOTE, "owner", owner, "seq", seq, "title", title, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (dynantic_model_save (DYNANTIC_MODEL (note), NULL, NULL, &error));
  g_assert_no_error (error);
}

/* Tests ------------------------------------------------------------------------ */

static void
test_save_get_update_delete (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(TestNote) note = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) pk = G_VALUE_INIT;
  g_auto(GValue) sk = G_VALUE_INIT;
  guint views = 0;

  /* A sort key of 0 is a real key. */
  save_note ("ada", 0, "first");
  note = get_note ("ada", 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (note);
  test_assert_string_property (note, "title", "first");
  test_assert_string_property (note, "body", "(empty)");

  /* Update by saving. */
  g_object_set (note, "title", "changed", "views", 3, NULL);
  g_assert_true (dynantic_model_save (DYNANTIC_MODEL (note), NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&note);
  note = get_note ("ada", 0, &error);
  test_assert_string_property (note, "title", "changed");
  g_object_get (note, "views", &views, NULL);
  g_assert_cmpuint (views, ==, 3);

  /* Delete from the instance, then by key: neither fails when absent. */
  g_assert_true (dynantic_model_delete_item (DYNANTIC_MODEL (note), NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&note);
  g_assert_null (get_note ("ada", 0, &error));
  g_assert_no_error (error);
  g_assert_true (dynantic_model_delete_by_key (TEST_TYPE_NOTE, test_value_string (&pk, "ada"), test_value_int (&sk, 0),
                                        NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_get_absent (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  save_note ("ada", 1, "one");
  g_assert_null (get_note ("ada", 2, &error));
  g_assert_no_error (error);
  g_assert_null (get_note ("bob", 1, &error));
  g_assert_no_error (error);
}

static void
test_create_twice (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TestNote) first = g_object_new (TEST_TYPE_NOTE, "owner", "ada", "seq", 5, "title", "original", NULL);
  g_autoptr(TestNote) second = g_object_new (TEST_TYPE_NOTE, "owner", "ada", "seq", 5, "title", "intruder", NULL);
  g_autoptr(TestNote) read = NULL;
  g_autoptr(DynanticErrorDetails) details = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (dynantic_model_create (DYNANTIC_MODEL (first), NULL, &error));
  g_assert_no_error (error);
  g_assert_false (dynantic_model_create (DYNANTIC_MODEL (second), NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED);
  /* the details the binding suites read of the same failure */
  g_assert_cmpstr (dynantic_error_get_service_code (error), ==, "ConditionalCheckFailedException");
  g_assert_cmpuint (dynantic_error_get_http_status (error), ==, 400);
  g_assert_nonnull (dynantic_error_get_request_id (error));
  g_assert_cmpstr (dynantic_error_get_request_id (error), !=, "");
  g_assert_false (dynantic_error_is_retryable (error));
  g_assert_null (dynantic_error_get_cancellation_reasons (error));
  test_assert_string_property (dynantic_error_get_item (error), "title", "original");
  details = dynantic_error_get_details (error);
  g_assert_cmpint (dynantic_error_details_get_code (details), ==, DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED);
  g_assert_cmpstr (dynantic_error_details_get_request_id (details), ==, dynantic_error_get_request_id (error));
  g_assert_true (dynantic_error_details_get_item (details) == dynantic_error_get_item (error));
  g_clear_error (&error);

  read = get_note ("ada", 5, &error);
  test_assert_string_property (read, "title", "original");
}

static void
test_conditional_save_delete (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(TestNote) note = g_object_new (TEST_TYPE_NOTE, "owner", "ada", "seq", 6, "title", "v1",
                                           "views", 1, NULL);
  g_autoptr(TestNote) read = NULL;
  g_autoptr(DynanticCondition) was_v1 = NULL;
  g_autoptr(DynanticCondition) few_views = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) title = G_VALUE_INIT;
  g_auto(GValue) views = G_VALUE_INIT;
  g_auto(GValue) pk = G_VALUE_INIT;
  g_auto(GValue) sk = G_VALUE_INIT;

  g_assert_true (dynantic_model_save (DYNANTIC_MODEL (note), NULL, NULL, &error));
  was_v1 = dynantic_condition_eq ("title", test_value_string (&title, "v1"));

  /* Optimistic locking: the first conditional save wins, the second fails. */
  g_object_set (note, "title", "v2", NULL);
  g_assert_true (dynantic_model_save (DYNANTIC_MODEL (note), was_v1, NULL, &error));
  g_assert_no_error (error);
  g_object_set (note, "title", "v3", NULL);
  g_assert_false (dynantic_model_save (DYNANTIC_MODEL (note), was_v1, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED);
  g_clear_error (&error);
  read = get_note ("ada", 6, &error);
  test_assert_string_property (read, "title", "v2");

  /* A condition on a number property: the value is converted to its type. */
  few_views = dynantic_condition_lt ("views", test_value_int (&views, 1));
  g_assert_false (dynantic_model_delete_by_key (TEST_TYPE_NOTE, test_value_string (&pk, "ada"), test_value_int (&sk, 6),
                                         few_views, NULL, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED);
  g_clear_error (&error);
  g_assert_false (dynantic_model_delete_item (DYNANTIC_MODEL (read), was_v1, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED);
  g_clear_error (&error);
  g_clear_object (&read);
  read = get_note ("ada", 6, &error);
  g_assert_nonnull (read);

  g_value_set_int (&views, 2);
  g_clear_pointer (&few_views, dynantic_condition_unref);
  few_views = dynantic_condition_lt ("views", &views);
  g_assert_true (dynantic_model_delete_item (DYNANTIC_MODEL (read), few_views, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&read);
  g_assert_null (get_note ("ada", 6, &error));
  g_assert_no_error (error);
}

static void
test_auto_id (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(TestTicket) ticket = g_object_new (TEST_TYPE_TICKET, "subject", "help", NULL);
  g_autoptr(TestTicket) other = g_object_new (TEST_TYPE_TICKET, "ticket-id", "", "subject", "more", NULL);
  g_autoptr(DynanticModel) read = NULL;
  g_autofree char *id = NULL;
  g_autofree char *other_id = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) pk = G_VALUE_INIT;

  g_assert_true (dynantic_model_create (DYNANTIC_MODEL (ticket), NULL, &error));
  g_assert_no_error (error);
  id = dup_string (ticket, "ticket-id");
  g_assert_true (g_uuid_string_is_valid (id));

  g_assert_true (dynantic_model_save (DYNANTIC_MODEL (other), NULL, NULL, &error));
  g_assert_no_error (error);
  other_id = dup_string (other, "ticket-id");
  g_assert_true (g_uuid_string_is_valid (other_id));
  g_assert_cmpstr (id, !=, other_id);

  read = dynantic_model_get_by_key (TEST_TYPE_TICKET, test_value_string (&pk, id), NULL, NULL, &error);
  g_assert_no_error (error);
  test_assert_string_property (read, "subject", "help");
}

static void
count_notify (guint *count)
{
  (*count)++;
}

static void
test_reload (Fixture       *fixture,
             gconstpointer  data)
{
  guint title_notified = 0;
  guint body_notified = 0;
  g_autoptr(TestNote) note = g_object_new (TEST_TYPE_NOTE, "owner", "ada", "seq", -3, "title", "t",
                                           "body", "b", NULL);
  g_autoptr(TestNote) other = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (dynantic_model_save (DYNANTIC_MODEL (note), NULL, NULL, &error));
  other = get_note ("ada", -3, &error);
  g_object_set (other, "title", "newer", "body", NULL, NULL);
  g_assert_true (dynantic_model_save (DYNANTIC_MODEL (other), NULL, NULL, &error));
  g_assert_no_error (error);

  g_signal_connect_swapped (note, "notify::title", G_CALLBACK (count_notify), &title_notified);
  g_signal_connect_swapped (note, "notify::body", G_CALLBACK (count_notify), &body_notified);
  g_assert_true (dynantic_model_reload (DYNANTIC_MODEL (note), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (title_notified, ==, 1);
  g_assert_cmpuint (body_notified, ==, 1);
  test_assert_string_property (note, "title", "newer");
  /* Not in the item any more: back to the default. */
  test_assert_string_property (note, "body", "(empty)");

  g_assert_true (dynantic_model_delete_item (DYNANTIC_MODEL (other), NULL, NULL, &error));
  g_assert_false (dynantic_model_reload (DYNANTIC_MODEL (note), NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_RESOURCE_NOT_FOUND);
}

/* Invalid objects and keys fail before any request: the client points at a
 * port nothing listens on, so a request would fail with a network error. */
static void
test_validation_before_sending (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(DynanticClient) nowhere = dynantic_client_new_for_endpoint ("http://127.0.0.1:9", "us-east-1");
  g_autoptr(TestNote) note = g_object_new (TEST_TYPE_NOTE, "owner", "ada", NULL);
  g_autoptr(TestNote) empty_key = g_object_new (TEST_TYPE_NOTE, "owner", "", "title", "t", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GValue) pk = G_VALUE_INIT;
  g_auto(GValue) sk = G_VALUE_INIT;
  g_auto(GValue) wrong = G_VALUE_INIT;

  dynantic_model_set_instance_client (DYNANTIC_MODEL (note), nowhere);
  g_assert_false (dynantic_model_save (DYNANTIC_MODEL (note), NULL, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  g_assert_true (g_strv_contains (dynantic_error_get_fields (error), "title"));
  g_clear_error (&error);

  dynantic_model_set_instance_client (DYNANTIC_MODEL (empty_key), nowhere);
  g_assert_false (dynantic_model_create (DYNANTIC_MODEL (empty_key), NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  g_assert_true (g_strv_contains (dynantic_error_get_fields (error), "owner"));
  g_clear_error (&error);

  g_assert_null (dynantic_model_get_by_key_full (TEST_TYPE_NOTE, FALSE, test_value_string (&pk, ""),
                                     test_value_int (&sk, 0), nowhere, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  g_clear_error (&error);

  g_value_init (&wrong, G_TYPE_BOOLEAN);
  g_assert_false (dynantic_model_delete_by_key (TEST_TYPE_NOTE, &wrong, &sk, NULL, nowhere, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  g_clear_error (&error);

  g_value_unset (&pk);
  g_assert_null (dynantic_model_get_by_key_full (TEST_TYPE_NOTE, FALSE, test_value_string (&pk, "ada"), NULL,
                                     nowhere, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* And the class's client would have worked: nothing was written. */
  g_assert_null (get_note ("ada", 0, &error));
  g_assert_no_error (error);
}

/* A key out of its property's range is refused before sending, whether it
 * holds the property's own type or one converted to it. */
static void
test_key_out_of_range (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(DynanticClient) nowhere = dynantic_client_new_for_endpoint ("http://127.0.0.1:9", "us-east-1");
  g_autoptr(GError) error = NULL;
  g_auto(GValue) own = G_VALUE_INIT;
  g_auto(GValue) converted = G_VALUE_INIT;
  g_auto(GValue) none = G_VALUE_INIT;

  g_value_init (&own, G_TYPE_UINT);
  g_value_set_uint (&own, 0);
  g_assert_null (dynantic_model_get_by_key_full (TEST_TYPE_SLOT, FALSE, &own, NULL, nowhere, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "“slot” is out of its property’s range"));
  g_clear_error (&error);

  g_value_set_uint (&own, 101);
  g_assert_false (dynantic_model_delete_by_key (TEST_TYPE_SLOT, &own, NULL, NULL, nowhere, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  g_clear_error (&error);

  g_value_init (&converted, G_TYPE_INT64);
  g_value_set_int64 (&converted, 500);
  g_assert_null (dynantic_model_get_by_key_full (TEST_TYPE_SLOT, FALSE, &converted, NULL, nowhere, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "“slot” is out of its property’s range"));
  g_clear_error (&error);

  /* a pointer value holding NULL is no key at all */
  g_value_init (&none, G_TYPE_POINTER);
  g_assert_null (dynantic_model_get_by_key_full (TEST_TYPE_SLOT, FALSE, &none, NULL, nowhere, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "“slot” is missing"));
}

/* Attributes the class does not know survive a read-modify-save. */
static void
test_unknown_attributes_kept (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *put = g_strdup_printf (
      "{\"TableName\":\"%s\",\"Item\":{\"owner\":{\"S\":\"ada\"},\"seq\":{\"N\":\"9\"},"
      "\"title\":{\"S\":\"old\"},\"legacy\":{\"M\":{\"x\":{\"NS\":[\"1\",\"2\"]}}},\"flag\":{\"BOOL\":true}}}",
      fixture->notes);
  g_autofree char *get = g_strdup_printf (
      "{\"TableName\":\"%s\",\"Key\":{\"owner\":{\"S\":\"ada\"},\"seq\":{\"N\":\"9\"}},\"ConsistentRead\":true}",
      fixture->notes);
  g_autoptr(JsonObject) put_response = test_call (fixture->client, "PutItem", put);
  g_autoptr(JsonObject) get_response = NULL;
  g_autoptr(TestNote) note = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) legacy = NULL;
  JsonObject *item;

  note = get_note ("ada", 9, &error);
  g_assert_no_error (error);
  legacy = dynantic_model_get_extra_attribute (DYNANTIC_MODEL (note), "legacy");
  g_assert_true (JSON_NODE_HOLDS_OBJECT (legacy));
  g_assert_true (json_object_has_member (json_node_get_object (legacy), "M"));

  g_object_set (note, "title", "new", NULL);
  g_assert_true (dynantic_model_save (DYNANTIC_MODEL (note), NULL, NULL, &error));
  g_assert_no_error (error);

  get_response = test_call (fixture->client, "GetItem", get);
  item = json_object_get_object_member (get_response, "Item");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (item, "title"), "S"), ==, "new");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (item, "flag"), "BOOL"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_object_get_object_member (json_object_get_object_member (
                        json_object_get_object_member (item, "legacy"), "M"), "x"), "NS")), ==, 2);
}

/* A client given to a call stays with the objects it read. */
static void
test_client_per_call (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(TestNote) note = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) pk = G_VALUE_INIT;
  g_auto(GValue) sk = G_VALUE_INIT;

  save_note ("ada", 7, "seven");
  dynantic_model_class_set_client (g_type_class_peek (TEST_TYPE_NOTE), NULL);
  g_assert_null (dynantic_model_class_get_client (g_type_class_peek (TEST_TYPE_NOTE)));

  note = (TestNote *) dynantic_model_get_by_key_full (TEST_TYPE_NOTE, FALSE, test_value_string (&pk, "ada"),
                                          test_value_int (&sk, 7), fixture->client, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (dynantic_model_get_instance_client (DYNANTIC_MODEL (note)) == fixture->client);
  g_object_set (note, "title", "SEVEN", NULL);
  g_assert_true (dynantic_model_save (DYNANTIC_MODEL (note), NULL, NULL, &error));
  g_assert_no_error (error);

  dynantic_model_class_set_client (g_type_class_peek (TEST_TYPE_NOTE), fixture->client);
  g_clear_object (&note);
  note = get_note ("ada", 7, &error);
  test_assert_string_property (note, "title", "SEVEN");
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(TestNote) note = g_object_new (TEST_TYPE_NOTE, "owner", "ada", "seq", 11, "title", "async", NULL);
  g_autoptr(TestNote) copy = g_object_new (TEST_TYPE_NOTE, "owner", "ada", "seq", 11, "title", "copy", NULL);
  g_autoptr(TestNote) invalid = g_object_new (TEST_TYPE_NOTE, "owner", "ada", NULL);
  g_autoptr(DynanticModel) read = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) pk = G_VALUE_INIT;
  g_auto(GValue) sk = G_VALUE_INIT;

  dynantic_model_create_async (DYNANTIC_MODEL (note), NULL, test_async_callback, &fixture->async);
  result = test_async_wait (&fixture->async);
  g_assert_true (dynantic_model_create_finish (DYNANTIC_MODEL (note), result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  dynantic_model_create_async (DYNANTIC_MODEL (copy), NULL, test_async_callback, &fixture->async);
  result = test_async_wait (&fixture->async);
  g_assert_false (dynantic_model_create_finish (DYNANTIC_MODEL (copy), result, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED);
  g_clear_error (&error);
  g_clear_object (&result);

  dynantic_model_save_async (DYNANTIC_MODEL (invalid), NULL, NULL, test_async_callback, &fixture->async);
  result = test_async_wait (&fixture->async);
  g_assert_false (dynantic_model_save_finish (DYNANTIC_MODEL (invalid), result, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  g_clear_error (&error);
  g_clear_object (&result);

  g_object_set (copy, "title", "saved", NULL);
  dynantic_model_save_async (DYNANTIC_MODEL (copy), NULL, NULL, test_async_callback, &fixture->async);
  result = test_async_wait (&fixture->async);
  g_assert_true (dynantic_model_save_finish (DYNANTIC_MODEL (copy), result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  dynantic_model_get_by_key_full_async (TEST_TYPE_NOTE, TRUE, test_value_string (&pk, "ada"), test_value_int (&sk, 11),
                            NULL, NULL, test_async_callback, &fixture->async);
  result = test_async_wait (&fixture->async);
  read = dynantic_model_get_by_key_full_finish (result, &error);
  g_assert_no_error (error);
  test_assert_string_property (read, "title", "saved");
  g_clear_object (&result);

  dynantic_model_reload_async (DYNANTIC_MODEL (note), NULL, test_async_callback, &fixture->async);
  result = test_async_wait (&fixture->async);
  g_assert_true (dynantic_model_reload_finish (DYNANTIC_MODEL (note), result, &error));
  g_assert_no_error (error);
  test_assert_string_property (note, "title", "saved");
  g_clear_object (&result);

  dynantic_model_delete_item_async (read, NULL, NULL, test_async_callback, &fixture->async);
  result = test_async_wait (&fixture->async);
  g_assert_true (dynantic_model_delete_item_finish (read, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_clear_object (&read);

  dynantic_model_get_by_key_full_async (TEST_TYPE_NOTE, TRUE, &pk, &sk, NULL, NULL, test_async_callback, &fixture->async);
  result = test_async_wait (&fixture->async);
  read = dynantic_model_get_by_key_full_finish (result, &error);
  g_assert_no_error (error);
  g_assert_null (read);
  g_clear_object (&result);

  dynantic_model_delete_by_key_async (TEST_TYPE_NOTE, &pk, &sk, NULL, NULL, NULL, test_async_callback, &fixture->async);
  result = test_async_wait (&fixture->async);
  g_assert_true (dynantic_model_delete_by_key_finish (result, &error));
  g_assert_no_error (error);
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(TestNote) note = g_object_new (TEST_TYPE_NOTE, "owner", "ada", "seq", 12, "title", "t", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (dynantic_model_save (DYNANTIC_MODEL (note), NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_null (get_note ("ada", 12, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/model/crud/save-get-update-delete", test_save_get_update_delete);
  ADD ("/model/crud/get-absent", test_get_absent);
  ADD ("/model/crud/create-twice", test_create_twice);
  ADD ("/model/crud/conditional-save-delete", test_conditional_save_delete);
  ADD ("/model/crud/auto-id", test_auto_id);
  ADD ("/model/crud/reload", test_reload);
  ADD ("/model/crud/validation-before-sending", test_validation_before_sending);
  ADD ("/model/crud/key-out-of-range", test_key_out_of_range);
  ADD ("/model/crud/unknown-attributes-kept", test_unknown_attributes_kept);
  ADD ("/model/crud/client-per-call", test_client_per_call);
  ADD ("/model/crud/async", test_async);
  ADD ("/model/crud/cancelled", test_cancelled);
#undef ADD

  return g_test_run ();
}
