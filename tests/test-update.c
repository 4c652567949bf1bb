/* test-update.c: atomic updates and conditional writes against DynamoDB Local
 * (the seed's sections 6 and 7)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "test-update-models.h"
#include "test-model-util.h"

#define EMAIL "john@example.com"

typedef struct {
  DynanticClient *client;
  char           *users;
  TestAsync       async;
} Fixture;

static void
create_table (Fixture    *fixture,
              GType       type,
              const char *table)
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
drop_table (GType type)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dynantic_table_delete (type, NULL, NULL, &error));
  g_assert_no_error (error);
  dynantic_model_class_set_client (g_type_class_peek (type), NULL);
  g_type_class_unref (g_type_class_peek (type));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *pets = test_unique_table_name ("pets");

  fixture->client = test_local_client ();
  fixture->users = test_unique_table_name ("users");
  test_async_init (&fixture->async);
  g_type_class_ref (TEST_TYPE_USER);
  g_type_class_ref (TEST_TYPE_PET);
  g_type_class_ref (TEST_TYPE_DOG);
  create_table (fixture, TEST_TYPE_USER, fixture->users);
  create_table (fixture, TEST_TYPE_PET, pets);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  drop_table (TEST_TYPE_USER);
  drop_table (TEST_TYPE_PET);
  g_type_class_unref (g_type_class_peek (TEST_TYPE_DOG));
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->users, g_free);
  test_async_clear (&fixture->async);
}

/* Values ------------------------------------------------------------------- */

static GValue *
json_value (GValue     *value,
            const char *json)
{
  g_value_init (value, JSON_TYPE_NODE);
  g_value_take_boxed (value, json_from_string (json, NULL));
  return value;
}

static GValue *
date_value (GValue     *value,
            const char *iso8601)
{
  g_value_init (value, G_TYPE_DATE_TIME);
  g_value_take_boxed (value, g_date_time_new_from_iso8601 (iso8601, NULL));
  return value;
}

/* Items -------------------------------------------------------------------- */

static void
save (gpointer model)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dynantic_model_save (model, NULL, NULL, &error));
  g_assert_no_error (error);
  g_object_unref (model);
}

/* Saves a user with the given properties (name/value pairs, NULL-terminated). */
static void
save_user (const char *user_id,
           const char *first_property,
           ...)
{
  g_autoptr(TestUser) user = g_object_new (TEST_TYPE_USER, "user-id", user_id, "email", EMAIL, NULL);
  va_list args;

  va_start (args, first_property);
  if (first_property != NULL)
    g_object_set_valist (G_OBJECT (user), first_property, args);
  va_end (args);
  save (g_steal_pointer (&user));
}

static TestUser *
get_user (const char *user_id)
{
  g_autoptr(GError) error = NULL;
  DynanticModel *user;

  user = dynantic_model_get_by_key_full (TEST_TYPE_USER, TRUE, VALUE_STRING (user_id),
                             VALUE_STRING (EMAIL), NULL, NULL, &error);
  g_assert_no_error (error);
  return (TestUser *) user;
}

static DynanticUpdate *
user_update (const char *user_id)
{
  return dynantic_update_new (TEST_TYPE_USER, VALUE_STRING (user_id), VALUE_STRING (EMAIL), NULL);
}

static void
execute (DynanticUpdate *update)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dynantic_update_execute (update, NULL, &error));
  g_assert_no_error (error);
}

static int
get_int (gpointer    object,
         const char *property)
{
  int value = 0;

  g_object_get (object, property, &value, NULL);
  return value;
}

static void
assert_strv (gpointer            object,
             const char         *property,
             const char * const *expected)
{
  g_auto(GStrv) value = NULL;

  g_object_get (object, property, &value, NULL);
  g_assert_nonnull (value);
  g_assert_cmpstrv (value, expected);
}

/* The property's JSON, compact. */
static char *
dup_json (gpointer    object,
          const char *property)
{
  g_autoptr(JsonNode) node = NULL;

  g_object_get (object, property, &node, NULL);
  g_assert_nonnull (node);
  return json_to_string (node, FALSE);
}

/* The seed's example and each action --------------------------------------- */

/* User.update("user-123", "john@example.com").add(User.login_count, 1)
 *     .set(User.status, "active").execute() */
static void
test_seed_example (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(DynanticUpdate) update = user_update ("user-123");
  g_autoptr(TestUser) user = NULL;

  save_user ("user-123", "name", "John", "login-count", 4, NULL);
  dynantic_update_add (dynantic_update_set_value (update, "status", VALUE_STRING ("active")),
                       "login-count", VALUE_INT (1));
  execute (update);

  g_assert_null (dynantic_update_get_returned_item (update));
  g_assert_null (dynantic_update_get_returned_attributes (update));
  user = get_user ("user-123");
  g_assert_cmpint (get_int (user, "login-count"), ==, 5);
  g_assert_cmpint (get_int (user, "status"), ==, TEST_STATUS_ACTIVE);
  test_assert_string_property (user, "name", "John");
}

static void
test_counters (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(TestUser) user = NULL;

  /* ADD on an item that does not exist yet creates it, from 0. */
  for (int i = 0; i < 3; i++)
    {
      g_autoptr(DynanticUpdate) update = user_update ("counter");

      dynantic_update_add (update, "login-count", VALUE_INT (2));
      execute (update);
    }
  {
    g_autoptr(DynanticUpdate) update = user_update ("counter");

    dynantic_update_add (update, "login-count", VALUE_INT (-1));
    execute (update);
  }

  user = get_user ("counter");
  g_assert_nonnull (user);
  g_assert_cmpint (get_int (user, "login-count"), ==, 5);
}

static void
test_sets (Fixture       *fixture,
           gconstpointer  data)
{
  static const char * const added[] = { "admin", "dev", NULL };
  static const char * const more[] = { "dev", "ops", NULL };
  static const char * const removed[] = { "dev", "nobody", NULL };
  static const char * const rest[] = { "admin", "ops", NULL };
  static const char * const all[] = { "admin", "ops", NULL };
  g_autoptr(DynanticUpdate) add = user_update ("sets");
  g_autoptr(DynanticUpdate) add_more = user_update ("sets");
  g_autoptr(DynanticUpdate) remove = user_update ("sets");
  g_autoptr(DynanticUpdate) remove_all = user_update ("sets");
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(TestUser) user = NULL;
  g_autoptr(TestUser) emptied = NULL;
  g_auto(GStrv) roles = NULL;

  save_user ("sets", NULL);
  dynantic_update_add (add, "roles", strv_value (&value, added));
  execute (add);
  g_value_unset (&value);
  dynantic_update_add (add_more, "roles", strv_value (&value, more));
  execute (add_more);
  g_value_unset (&value);
  dynantic_update_delete (remove, "roles", strv_value (&value, removed));
  execute (remove);

  user = get_user ("sets");
  g_object_get (user, "roles", &roles, NULL);
  g_assert_cmpuint (g_strv_length (roles), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) roles, rest[0]));
  g_assert_true (g_strv_contains ((const char * const *) roles, rest[1]));

  /* Taking out every element removes the attribute. */
  g_value_unset (&value);
  dynantic_update_delete (remove_all, "roles", strv_value (&value, all));
  execute (remove_all);
  emptied = get_user ("sets");
  g_clear_pointer (&roles, g_strfreev);
  g_object_get (emptied, "roles", &roles, NULL);
  g_assert_null (roles);
}

static void
test_lists (Fixture       *fixture,
            gconstpointer  data)
{
  static const char * const tags[] = { "b", NULL };
  static const char * const tail[] = { "c", "d", NULL };
  static const char * const head[] = { "a", NULL };
  static const char * const expected[] = { "a", "b", "c", "d", NULL };
  static const char * const started[] = { "c", "d", NULL };
  g_autoptr(DynanticUpdate) update = user_update ("lists");
  g_autoptr(DynanticUpdate) start = user_update ("fresh");
  g_auto(GValue) append = G_VALUE_INIT;
  g_auto(GValue) prepend = G_VALUE_INIT;
  g_autoptr(TestUser) user = NULL;
  g_autoptr(TestUser) fresh = NULL;

  save_user ("lists", "tags", tags, NULL);
  dynantic_update_append (update, "tags", strv_value (&append, tail));
  execute (update);
  g_clear_object (&update);
  update = user_update ("lists");
  dynantic_update_prepend (update, "tags", strv_value (&prepend, head));
  execute (update);

  user = get_user ("lists");
  assert_strv (user, "tags", expected);

  /* Appending to a list the item lacks starts it. */
  save_user ("fresh", NULL);
  dynantic_update_append (start, "tags", &append);
  execute (start);
  fresh = get_user ("fresh");
  assert_strv (fresh, "tags", started);
}

static void
test_if_not_exists (Fixture       *fixture,
                    gconstpointer  data)
{
  g_auto(GValue) first = G_VALUE_INIT;
  g_auto(GValue) second = G_VALUE_INIT;
  g_autoptr(GDateTime) seen = NULL;
  g_autoptr(TestUser) user = NULL;
  g_autofree char *text = NULL;

  save_user ("first-seen", NULL);
  date_value (&first, "2024-05-01T10:00:00.250Z");
  date_value (&second, "2025-01-01T00:00:00Z");
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(DynanticUpdate) update = user_update ("first-seen");

      dynantic_update_set_if_not_exists (update, "last-seen", i == 0 ? &first : &second);
      execute (update);
    }

  user = get_user ("first-seen");
  g_object_get (user, "last-seen", &seen, NULL);
  g_assert_nonnull (seen);
  text = g_date_time_format_iso8601 (seen);
  g_assert_cmpstr (text, ==, "2024-05-01T10:00:00.250000Z");
}

static void
test_arithmetic (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(DynanticUpdate) update = user_update ("sums");
  g_autoptr(TestUser) user = NULL;
  gint64 money = 0;
  double points = 0;

  save_user ("sums", "score", 40.25, "balance", (gint64) 100, "price", "10.10", NULL);
  dynantic_update_increment (update, "score", VALUE_DOUBLE (2.5));
  dynantic_update_decrement (update, "balance", VALUE_INT (140));
  dynantic_update_increment (update, "price", VALUE_STRING ("0.05"));
  execute (update);

  user = get_user ("sums");
  g_object_get (user, "score", &points, "balance", &money, NULL);
  g_assert_cmpfloat (points, ==, 42.75);
  g_assert_cmpint (money, ==, -40);
  test_assert_string_property (user, "price", "10.15");
}

static void
test_remove (Fixture       *fixture,
             gconstpointer  data)
{
  static const char * const tags[] = { "x", NULL };
  g_autoptr(DynanticUpdate) update = user_update ("gone");
  g_autoptr(TestUser) user = NULL;
  g_auto(GStrv) no_tags = NULL;

  save_user ("gone", "name", "Jo", "status", TEST_STATUS_BANNED, "tags", tags, "login-count", 3, NULL);
  /* REMOVE, and SET with NULL (a NULL pointer, and a NULL string). */
  dynantic_update_remove (update, "tags");
  dynantic_update_set_value (update, "status", NULL);
  dynantic_update_set_value (update, "name", VALUE_STRING (NULL));
  execute (update);

  user = get_user ("gone");
  test_assert_string_property (user, "name", NULL);
  g_assert_cmpint (get_int (user, "status"), ==, TEST_STATUS_PENDING);
  g_object_get (user, "tags", &no_tags, NULL);
  g_assert_null (no_tags);
  g_assert_cmpint (get_int (user, "login-count"), ==, 3);
}

/* Return values ------------------------------------------------------------ */

/* An update of "ret": login-count 1 -> 2, name set; returning @kind. */
static DynanticUpdate *
run_returning (DynanticReturnValues kind)
{
  DynanticUpdate *update = user_update ("ret");

  save_user ("ret", "login-count", 1, "score", 7.5, NULL);
  dynantic_update_add (update, "login-count", VALUE_INT (1));
  dynantic_update_set_value (update, "name", VALUE_STRING ("Ann"));
  dynantic_update_set_return_values (update, kind);
  g_assert_cmpint (dynantic_update_get_return_values (update), ==, kind);
  execute (update);
  return update;
}

static void
test_return_none (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(DynanticUpdate) update = run_returning (DYNANTIC_RETURN_VALUES_NONE);

  g_assert_null (dynantic_update_get_returned_item (update));
  g_assert_null (dynantic_update_get_returned_attributes (update));
}

static void
test_return_all_old (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(DynanticUpdate) update = run_returning (DYNANTIC_RETURN_VALUES_ALL_OLD);
  g_autoptr(DynanticUpdate) fresh = user_update ("never-seen");
  DynanticModel *old = dynantic_update_get_returned_item (update);
  double score = 0;

  g_assert_true (TEST_IS_USER (old));
  g_assert_null (dynantic_update_get_returned_attributes (update));
  g_assert_cmpint (get_int (old, "login-count"), ==, 1);
  test_assert_string_property (old, "name", NULL);
  test_assert_string_property (old, "user-id", "ret");
  g_object_get (old, "score", &score, NULL);
  g_assert_cmpfloat (score, ==, 7.5);

  /* No item before: nothing old to return. */
  dynantic_update_add (fresh, "login-count", VALUE_INT (1));
  dynantic_update_set_return_values (fresh, DYNANTIC_RETURN_VALUES_ALL_OLD);
  execute (fresh);
  g_assert_null (dynantic_update_get_returned_item (fresh));
}

static void
test_return_all_new (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(DynanticUpdate) update = run_returning (DYNANTIC_RETURN_VALUES_ALL_NEW);
  DynanticModel *item = dynantic_update_get_returned_item (update);

  g_assert_true (TEST_IS_USER (item));
  g_assert_cmpint (get_int (item, "login-count"), ==, 2);
  test_assert_string_property (item, "name", "Ann");
  test_assert_string_property (item, "email", EMAIL);
}

static void
test_return_updated_old (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(DynanticUpdate) update = run_returning (DYNANTIC_RETURN_VALUES_UPDATED_OLD);
  GHashTable *attributes = dynantic_update_get_returned_attributes (update);
  const GValue *count;

  g_assert_null (dynantic_update_get_returned_item (update));
  g_assert_nonnull (attributes);
  /* "name" did not exist before: only the counter comes back. */
  g_assert_cmpuint (g_hash_table_size (attributes), ==, 1);
  count = g_hash_table_lookup (attributes, "login_count");
  g_assert_true (G_VALUE_HOLDS_INT (count));
  g_assert_cmpint (g_value_get_int (count), ==, 1);
}

static void
test_return_updated_new (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(DynanticUpdate) update = run_returning (DYNANTIC_RETURN_VALUES_UPDATED_NEW);
  g_autoptr(DynanticUpdate) extra = user_update ("ret");
  GHashTable *attributes = dynantic_update_get_returned_attributes (update);
  const GValue *value;
  g_autofree char *json = NULL;

  g_assert_cmpuint (g_hash_table_size (attributes), ==, 2);
  value = g_hash_table_lookup (attributes, "login_count");
  g_assert_cmpint (g_value_get_int (value), ==, 2);
  value = g_hash_table_lookup (attributes, "name");
  g_assert_cmpstr (g_value_get_string (value), ==, "Ann");

  /* An attribute no property stores comes back as its DynamoDB JSON. */
  dynantic_update_set_value (extra, "note", VALUE_STRING ("hi"));
  dynantic_update_set_return_values (extra, DYNANTIC_RETURN_VALUES_UPDATED_NEW);
  execute (extra);
  value = g_hash_table_lookup (dynantic_update_get_returned_attributes (extra), "note");
  g_assert_true (G_VALUE_HOLDS (value, JSON_TYPE_NODE));
  json = json_to_string (g_value_get_boxed (value), FALSE);
  g_assert_cmpstr (json, ==, "{\"S\":\"hi\"}");
}

/* Conditional writes ------------------------------------------------------- */

static void
test_condition_fails_unchanged (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(DynanticUpdate) update = user_update ("guarded");
  g_autoptr(DynanticCondition) condition = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TestUser) user = NULL;

  save_user ("guarded", "name", "Before", "login-count", 3, NULL);
  condition = dynantic_condition_gt ("login_count", VALUE_INT (100));
  dynantic_update_add (update, "login-count", VALUE_INT (1));
  dynantic_update_set_value (update, "name", VALUE_STRING ("After"));
  dynantic_update_set_condition (update, condition);
  dynantic_update_set_return_values (update, DYNANTIC_RETURN_VALUES_ALL_NEW);

  g_assert_false (dynantic_update_execute (update, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED);
  g_assert_cmpstr (dynantic_error_get_service_code (error), ==, "ConditionalCheckFailedException");
  g_assert_null (dynantic_update_get_returned_item (update));

  user = get_user ("guarded");
  g_assert_cmpint (get_int (user, "login-count"), ==, 3);
  test_assert_string_property (user, "name", "Before");

  /* The same update without the condition goes through. */
  g_clear_error (&error);
  dynantic_update_set_condition (update, NULL);
  execute (update);
  g_assert_cmpint (get_int (dynantic_update_get_returned_item (update), "login-count"), ==, 4);
}

static void
test_condition_item_must_exist (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(DynanticUpdate) update = user_update ("nobody");
  g_autoptr(DynanticCondition) exists = dynantic_condition_attribute_exists ("user_id");
  g_autoptr(GError) error = NULL;
  g_autoptr(TestUser) user = NULL;

  dynantic_update_add (update, "login-count", VALUE_INT (1));
  dynantic_update_set_condition (update, exists);
  g_assert_false (dynantic_update_execute (update, NULL, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED);

  user = get_user ("nobody");
  g_assert_null (user);
}

/* Reads the version, bumps it under the condition that it is still the
 * one read. */
static gboolean
bump_version (int      seen,
              GError **error)
{
  g_autoptr(DynanticUpdate) update = user_update ("locked");
  g_autoptr(DynanticCondition) unchanged = NULL;

  unchanged = dynantic_condition_eq ("version", VALUE_INT (seen));
  dynantic_update_increment (update, "version", VALUE_INT (1));
  dynantic_update_set_value (update, "score", VALUE_DOUBLE (seen + 1));
  dynantic_update_set_condition (update, unchanged);
  return dynantic_update_execute (update, NULL, error);
}

static void
test_optimistic_locking (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TestUser) user = NULL;
  double score = 0;

  save_user ("locked", "version", 5, NULL);
  g_assert_true (bump_version (5, &error));
  g_assert_no_error (error);

  /* A writer that read version 5 too loses. */
  g_assert_false (bump_version (5, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED);

  user = get_user ("locked");
  g_object_get (user, "score", &score, NULL);
  g_assert_cmpint (get_int (user, "version"), ==, 6);
  g_assert_cmpfloat (score, ==, 6);
}

/* Paths, TTL, patch, polymorphism, async ----------------------------------- */

static void
test_ttl_epoch_seconds (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(DynanticUpdate) update = user_update ("ttl");
  g_auto(GValue) expires = G_VALUE_INIT;
  g_autofree char *request = NULL;
  g_autoptr(JsonObject) response = NULL;
  g_autoptr(TestUser) user = NULL;
  g_autoptr(GDateTime) read_back = NULL;
  JsonObject *attribute;

  dynantic_update_set_value (update, "expires", date_value (&expires, "2030-01-01T00:00:00Z"));
  execute (update);

  request = g_strdup_printf ("{\"TableName\":\"%s\",\"ConsistentRead\":true,"
                             "\"Key\":{\"user_id\":{\"S\":\"ttl\"},\"email\":{\"S\":\"%s\"}}}",
                             fixture->users, EMAIL);
  response = test_call (fixture->client, "GetItem", request);
  attribute = json_object_get_object_member (json_object_get_object_member (response, "Item"), "expires");
  g_assert_cmpstr (json_object_get_string_member (attribute, "N"), ==, "1893456000");

  user = get_user ("ttl");
  g_object_get (user, "expires", &read_back, NULL);
  g_assert_cmpint (g_date_time_to_unix (read_back), ==, 1893456000);
}

static void
test_nested_paths (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(JsonNode) profile = json_from_string ("{\"city\":\"Paris\",\"zip\":\"75001\",\"langs\":[\"fr\"],"
                                                  "\"visits\":{\"web\":1}}", NULL);
  g_autoptr(TestAddress) address = g_object_new (TEST_TYPE_ADDRESS, "city", "Nantes", "street", "Quai", NULL);
  g_autoptr(DynanticUpdate) update = user_update ("nested");
  g_auto(GValue) langs = G_VALUE_INIT;
  g_autoptr(TestUser) user = NULL;
  g_autoptr(TestAddress) stored_address = NULL;
  g_autofree char *json = NULL;
  const GValue *returned;

  save_user ("nested", "profile", profile, "address", address, NULL);
  dynantic_update_set_value (update, "profile.city", VALUE_STRING ("Lyon"));
  dynantic_update_append (update, "profile.langs", json_value (&langs, "[\"en\"]"));
  dynantic_update_add (update, "profile.visits.web", VALUE_INT (1));
  dynantic_update_remove (update, "profile.zip");
  dynantic_update_set_value (update, "address.city", VALUE_STRING ("Brest"));
  dynantic_update_set_return_values (update, DYNANTIC_RETURN_VALUES_UPDATED_NEW);
  execute (update);

  /* What changed inside "profile" comes back as a partial document. */
  returned = g_hash_table_lookup (dynantic_update_get_returned_attributes (update), "profile");
  g_assert_true (G_VALUE_HOLDS (returned, JSON_TYPE_NODE));
  json = json_to_string (g_value_get_boxed (returned), FALSE);
  g_assert_nonnull (strstr (json, "\"city\":\"Lyon\""));
  g_assert_null (strstr (json, "zip"));
  g_clear_pointer (&json, g_free);

  user = get_user ("nested");
  json = dup_json (user, "profile");
  g_assert_nonnull (strstr (json, "\"city\":\"Lyon\""));
  g_assert_nonnull (strstr (json, "\"langs\":[\"fr\",\"en\"]"));
  g_assert_nonnull (strstr (json, "\"visits\":{\"web\":2}"));
  g_assert_null (strstr (json, "zip"));
  g_object_get (user, "address", &stored_address, NULL);
  test_assert_string_property (stored_address, "city", "Brest");
  test_assert_string_property (stored_address, "street", "Quai");
}

/* A path may name the property ("login-count") or its attribute
 * ("login_count"), and attributes no property stores. */
static void
test_property_and_attribute_names (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(DynanticUpdate) update = user_update ("names");
  g_autoptr(DynanticUpdate) again = user_update ("names");
  g_autoptr(TestUser) user = NULL;
  g_autoptr(GDateTime) last_seen = NULL;
  g_autoptr(JsonNode) kept = NULL;

  dynantic_update_add (update, "login_count", VALUE_INT (2));
  dynantic_update_set_value (update, "last-seen", VALUE_STRING ("2024-02-29T12:00:00Z"));
  dynantic_update_remove (update, "legacy_old");
  dynantic_update_set_value (update, "legacy_code", VALUE_INT (7));
  execute (update);
  dynantic_update_add (again, "login-count", VALUE_INT (2));
  execute (again);

  user = get_user ("names");
  g_assert_cmpint (get_int (user, "login-count"), ==, 4);
  g_object_get (user, "last-seen", &last_seen, NULL);
  g_assert_cmpint (g_date_time_to_unix (last_seen), ==, 1709208000);
  kept = dynantic_model_get_extra_attribute (DYNANTIC_MODEL (user), "legacy_code");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (kept), "N"), ==, "7");
}

static void
test_patch (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(TestUser) user = g_object_new (TEST_TYPE_USER, "user-id", "patched", "email", EMAIL,
                                           "name", "Old", "login-count", 1, NULL);
  g_autoptr(DynanticUpdate) update = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (dynantic_model_save (DYNANTIC_MODEL (user), NULL, NULL, &error));
  g_assert_no_error (error);
  update = dynantic_model_patch (DYNANTIC_MODEL (user));
  g_assert_true (dynantic_update_get_model_type (update) == TEST_TYPE_USER);
  dynantic_update_set_value (update, "name", VALUE_STRING ("New"));
  execute (update);

  /* The object keeps its values until it is reloaded. */
  test_assert_string_property (user, "name", "Old");
  g_assert_true (dynantic_model_reload (DYNANTIC_MODEL (user), NULL, &error));
  g_assert_no_error (error);
  test_assert_string_property (user, "name", "New");
  g_assert_cmpint (get_int (user, "login-count"), ==, 1);
}

static void
test_polymorphic_return (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(TestDog) dog = g_object_new (TEST_TYPE_DOG, "pet-id", "rex", "name", "Rex", "tricks", 2, NULL);
  g_autoptr(DynanticUpdate) update = NULL;
  g_autoptr(GError) error = NULL;
  DynanticModel *item;
  guint tricks = 0;

  g_assert_true (dynantic_model_save (DYNANTIC_MODEL (dog), NULL, NULL, &error));
  g_assert_no_error (error);

  /* Through the base class: the object is of the registered subclass. */
  update = dynantic_update_new (TEST_TYPE_PET, VALUE_STRING ("rex"), NULL, fixture->client);
  dynantic_update_add (update, "tricks", VALUE_INT (1));
  dynantic_update_set_return_values (update, DYNANTIC_RETURN_VALUES_ALL_NEW);
  execute (update);

  item = dynantic_update_get_returned_item (update);
  g_assert_true (TEST_IS_DOG (item));
  g_object_get (item, "tricks", &tricks, NULL);
  g_assert_cmpuint (tricks, ==, 3);
  g_assert_true (dynantic_model_get_instance_client (item) == fixture->client);
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(DynanticUpdate) update = user_update ("async");
  g_autoptr(DynanticCondition) exists = dynantic_condition_attribute_exists ("user_id");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  save_user ("async", "login-count", 9, NULL);
  dynantic_update_add (update, "login-count", VALUE_INT (1));
  dynantic_update_set_return_values (update, DYNANTIC_RETURN_VALUES_UPDATED_NEW);
  dynantic_update_execute_async (update, NULL, test_async_callback, &fixture->async);
  result = test_async_wait (&fixture->async);
  g_assert_true (dynantic_update_execute_finish (update, result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_value_get_int (g_hash_table_lookup (dynantic_update_get_returned_attributes (update),
                                                         "login_count")), ==, 10);

  /* A failed condition, asynchronously: results are cleared. */
  g_clear_object (&result);
  g_clear_object (&update);
  update = user_update ("nobody-async");
  dynantic_update_add (update, "login-count", VALUE_INT (1));
  dynantic_update_set_condition (update, exists);
  dynantic_update_execute_async (update, NULL, test_async_callback, &fixture->async);
  result = test_async_wait (&fixture->async);
  g_assert_false (dynantic_update_execute_finish (update, result, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED);
  g_assert_null (dynantic_update_get_returned_attributes (update));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/update/seed-example", test_seed_example);
  ADD ("/update/counters", test_counters);
  ADD ("/update/sets", test_sets);
  ADD ("/update/lists", test_lists);
  ADD ("/update/if-not-exists", test_if_not_exists);
  ADD ("/update/arithmetic", test_arithmetic);
  ADD ("/update/remove", test_remove);
  ADD ("/update/return-values/none", test_return_none);
  ADD ("/update/return-values/all-old", test_return_all_old);
  ADD ("/update/return-values/all-new", test_return_all_new);
  ADD ("/update/return-values/updated-old", test_return_updated_old);
  ADD ("/update/return-values/updated-new", test_return_updated_new);
  ADD ("/update/condition/fails-unchanged", test_condition_fails_unchanged);
  ADD ("/update/condition/item-must-exist", test_condition_item_must_exist);
  ADD ("/update/condition/optimistic-locking", test_optimistic_locking);
  ADD ("/update/ttl-epoch-seconds", test_ttl_epoch_seconds);
  ADD ("/update/nested-paths", test_nested_paths);
  ADD ("/update/property-and-attribute-names", test_property_and_attribute_names);
  ADD ("/update/patch", test_patch);
  ADD ("/update/polymorphic-return", test_polymorphic_return);
  ADD ("/update/async", test_async);
#undef ADD

  return g_test_run ();
}
