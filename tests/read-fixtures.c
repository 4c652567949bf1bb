/* read-fixtures.c: the models and data the query, scan and page tests read
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "read-fixtures.h"

/* Models ------------------------------------------------------------------- */

struct _ReadMessage { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (ReadMessage, read_message, DYNANTIC_TYPE_MODEL)

static void
read_message_class_init (ReadMessageClass *klass)
{
  DynanticModelClass *model_class = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model_class,
      g_param_spec_string ("room", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_boxed ("sent-at", NULL, NULL, G_TYPE_DATE_TIME, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_string ("author", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_string ("text", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_int ("likes", NULL, NULL, 0, G_MAXINT, 0, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_boolean ("pinned", NULL, NULL, FALSE, G_PARAM_READWRITE));
  dynantic_model_class_set_partition_key (model_class, "room");
  dynantic_model_class_set_sort_key (model_class, "sent-at");
  dynantic_model_class_add_local_index (model_class, "LikesIndex", "likes");
  dynantic_model_class_set_set (model_class, "tags");
}

static void read_message_init (ReadMessage *self) { }

struct _ReadOrder { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (ReadOrder, read_order, DYNANTIC_TYPE_MODEL)

static void
read_order_class_init (ReadOrderClass *klass)
{
  DynanticModelClass *model_class = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model_class,
      g_param_spec_string ("order-id", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_string ("customer-id", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_string ("order-date", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_string ("status", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_double ("total", NULL, NULL, 0, G_MAXDOUBLE, 0, G_PARAM_READWRITE));
  dynantic_model_class_set_partition_key (model_class, "order-id");
  dynantic_model_class_add_global_index (model_class, "CustomerIndex", "customer-id", "order-date");
  dynantic_model_class_add_global_index (model_class, "StatusDateIndex", "status", "order-date");
}

static void read_order_init (ReadOrder *self) { }

G_DEFINE_TYPE (ReadPet, read_pet, DYNANTIC_TYPE_MODEL)

struct _ReadDog { ReadPet parent_instance; };
G_DEFINE_FINAL_TYPE (ReadDog, read_dog, READ_TYPE_PET)

struct _ReadCat { ReadPet parent_instance; };
G_DEFINE_FINAL_TYPE (ReadCat, read_cat, READ_TYPE_PET)

static void
read_pet_class_init (ReadPetClass *klass)
{
  DynanticModelClass *model_class = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model_class,
      g_param_spec_string ("owner-id", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_string ("pet-id", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_string ("kind", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model_class,
      g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_set_partition_key (model_class, "owner-id");
  dynantic_model_class_set_sort_key (model_class, "pet-id");
  dynantic_model_class_set_discriminator (model_class, "kind");
  dynantic_model_class_register_subtype (model_class, "DOG", READ_TYPE_DOG);
  dynantic_model_class_register_subtype (model_class, "CAT", READ_TYPE_CAT);
}

static void read_pet_init (ReadPet *self) { }

static void
read_dog_class_init (ReadDogClass *klass)
{
  dynantic_model_class_install_property (DYNANTIC_MODEL_CLASS (klass),
      g_param_spec_string ("breed", NULL, NULL, NULL, G_PARAM_READWRITE));
}

static void read_dog_init (ReadDog *self) { }

static void
read_cat_class_init (ReadCatClass *klass)
{
  dynantic_model_class_install_property (DYNANTIC_MODEL_CLASS (klass),
      g_param_spec_int ("lives", NULL, NULL, 0, 9, 9, G_PARAM_READWRITE));
}

static void read_cat_init (ReadCat *self) { }

/* Data --------------------------------------------------------------------- */

static GType fixture_types[3];

void
read_fixtures_put_items (DynanticClient     *client,
                         const char         *table,
                         const char * const *items,
                         guint               n)
{
  for (guint first = 0; first < n; first += 25)
    {
      g_autoptr(GString) text = g_string_new ("{\"RequestItems\":{");
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(JsonObject) response = NULL;
      g_autoptr(GError) error = NULL;
      JsonObject *unprocessed;

      g_string_append_printf (text, "\"%s\":[", table);
      for (guint i = first; i < MIN (n, first + 25); i++)
        g_string_append_printf (text, "%s{\"PutRequest\":{\"Item\":%s}}", i > first ? "," : "", items[i]);
      g_string_append (text, "]}}");

      node = json_from_string (text->str, &error);
      g_assert_no_error (error);
      response = dynantic_client_call (client, "BatchWriteItem", json_node_get_object (node), NULL, &error);
      g_assert_no_error (error);
      unprocessed = json_object_get_object_member (response, "UnprocessedItems");
      g_assert_true (unprocessed == NULL || json_object_get_size (unprocessed) == 0);
    }
}

static void
add_general_messages (GPtrArray *items)
{
  static const char *authors[] = { "ana", "bo", "cy" };

  for (guint i = 0; i < 10; i++)
    g_ptr_array_add (items, g_strdup_printf (
        "{\"room\":{\"S\":\"general\"},\"sent_at\":{\"S\":\"2024-05-01T10:%02u:00Z\"},"
        "\"author\":{\"S\":\"%s\"},\"text\":{\"S\":\"%s %u\"},\"likes\":{\"N\":\"%u\"},"
        "\"tags\":{\"SS\":[%s]},\"pinned\":{\"BOOL\":%s}}",
        i, authors[i % 3], i % 2 == 0 ? "hello everyone" : "bye", i, 10 * i,
        i == 4 ? "\"news\",\"urgent\"" : i % 2 == 0 ? "\"news\"" : "\"chat\"",
        i == 3 || i == 7 ? "true" : "false"));
  g_ptr_array_add (items, g_strdup (
      "{\"room\":{\"S\":\"general\"},\"sent_at\":{\"S\":\"2024-06-15T08:00:00Z\"},"
      "\"author\":{\"S\":\"ana\"},\"text\":{\"S\":\"hello june\"},\"likes\":{\"N\":\"5\"},"
      "\"tags\":{\"SS\":[\"news\"]},\"pinned\":{\"BOOL\":false}}"));
}

static void
add_random_messages (GPtrArray *items)
{
  for (guint i = 0; i < TEST_RANDOM_MESSAGES; i++)
    g_ptr_array_add (items, g_strdup_printf (
        "{\"room\":{\"S\":\"random\"},\"sent_at\":{\"S\":\"2024-05-02T%02u:00:00Z\"},"
        "\"author\":{\"S\":\"dee\"},\"text\":{\"S\":\"random %u\"},\"likes\":{\"N\":\"1\"},"
        "\"pinned\":{\"BOOL\":false}}", i, i));
}

static void
add_orders (GPtrArray *items)
{
  static const struct { const char *id, *customer, *date, *status, *total; } orders[] = {
    { "o1", "c1", "2024-01-05", "PENDING", "10.5" },
    { "o2", "c1", "2024-01-20", "SHIPPED", "99.99" },
    { "o3", "c1", "2024-02-03", "PENDING", "5" },
    { "o4", "c2", "2024-01-11", "SHIPPED", "42" },
    { "o5", "c2", "2024-02-14", "DELIVERED", "7.25" },
    { "o6", "c3", "2024-01-30", "PENDING", "120" },
    { "o7", "c3", "2024-03-01", "SHIPPED", "15" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    g_ptr_array_add (items, g_strdup_printf (
        "{\"order_id\":{\"S\":\"%s\"},\"customer_id\":{\"S\":\"%s\"},\"order_date\":{\"S\":\"%s\"},"
        "\"status\":{\"S\":\"%s\"},\"total\":{\"N\":\"%s\"}}",
        orders[i].id, orders[i].customer, orders[i].date, orders[i].status, orders[i].total));
}

static void
add_pets (GPtrArray *items)
{
  static const char *pets[] = {
    "{\"owner_id\":{\"S\":\"ann\"},\"pet_id\":{\"S\":\"d1\"},\"kind\":{\"S\":\"DOG\"},"
      "\"name\":{\"S\":\"rex\"},\"breed\":{\"S\":\"collie\"}}",
    "{\"owner_id\":{\"S\":\"ann\"},\"pet_id\":{\"S\":\"c1\"},\"kind\":{\"S\":\"CAT\"},"
      "\"name\":{\"S\":\"tom\"},\"lives\":{\"N\":\"9\"}}",
    "{\"owner_id\":{\"S\":\"ann\"},\"pet_id\":{\"S\":\"d2\"},\"kind\":{\"S\":\"DOG\"},"
      "\"name\":{\"S\":\"fido\"},\"breed\":{\"S\":\"pug\"}}",
    "{\"owner_id\":{\"S\":\"ann\"},\"pet_id\":{\"S\":\"c2\"},\"kind\":{\"S\":\"CAT\"},"
      "\"name\":{\"S\":\"kit\"},\"lives\":{\"N\":\"7\"}}",
    "{\"owner_id\":{\"S\":\"bob\"},\"pet_id\":{\"S\":\"d3\"},\"kind\":{\"S\":\"DOG\"},"
      "\"name\":{\"S\":\"max\"},\"breed\":{\"S\":\"pug\"}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (pets); i++)
    g_ptr_array_add (items, g_strdup (pets[i]));
}

char *
read_fixtures_create_table (GType           type,
                            DynanticClient *client,
                            const char     *prefix)
{
  DynanticModelClass *klass = g_type_class_ref (type);
  char *table = test_unique_table_name (prefix);
  g_autoptr(GError) error = NULL;

  dynantic_model_class_set_table (klass, table);
  dynantic_model_class_set_client (klass, client);
  g_assert_true (dynantic_table_create (type, NULL, NULL, &error));
  g_assert_no_error (error);
  g_type_class_unref (klass);
  return table;
}

static void
create_table (GType           type,
              DynanticClient *client,
              const char     *prefix,
              void          (*add) (GPtrArray *items))
{
  g_autofree char *table = read_fixtures_create_table (type, client, prefix);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);

  add (items);
  if (type == READ_TYPE_MESSAGE)
    add_random_messages (items);
  read_fixtures_put_items (client, table, (const char * const *) items->pdata, items->len);
}

void
read_fixtures_set_up (DynanticClient *client)
{
  /* The subclasses must exist before the base's schema is first built. */
  g_type_ensure (READ_TYPE_DOG);
  g_type_ensure (READ_TYPE_CAT);

  fixture_types[0] = READ_TYPE_MESSAGE;
  fixture_types[1] = READ_TYPE_ORDER;
  fixture_types[2] = READ_TYPE_PET;
  create_table (READ_TYPE_MESSAGE, client, "messages", add_general_messages);
  create_table (READ_TYPE_ORDER, client, "orders", add_orders);
  create_table (READ_TYPE_PET, client, "pets", add_pets);
}

void
read_fixtures_tear_down (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (fixture_types); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (dynantic_table_delete (fixture_types[i], NULL, NULL, &error));
      g_assert_no_error (error);
      dynantic_model_class_set_client (g_type_class_peek (fixture_types[i]), NULL);
    }
}

/* Values ------------------------------------------------------------------- */

void
read_fixtures_sent_at (GValue *value,
                       guint   minute)
{
  g_autoptr(GDateTime) time = g_date_time_new_utc (2024, 5, 1, 10, (gint) minute, 0);

  g_value_set_boxed (g_value_init (value, G_TYPE_DATE_TIME), time);
}

static char *
message_number (gpointer message)
{
  g_autoptr(GDateTime) sent_at = NULL;

  g_object_get (message, "sent-at", &sent_at, NULL);
  g_assert_nonnull (sent_at);
  if (g_date_time_get_month (sent_at) == 6)
    return g_strdup ("10");
  if (g_date_time_get_day_of_month (sent_at) == 2)
    return g_strdup_printf ("r%d", g_date_time_get_hour (sent_at));
  return g_strdup_printf ("%d", g_date_time_get_minute (sent_at));
}

char *
read_fixtures_message_numbers (GPtrArray *messages)
{
  g_autoptr(GString) numbers = g_string_new (NULL);

  for (guint i = 0; i < messages->len; i++)
    {
      g_autofree char *number = message_number (g_ptr_array_index (messages, i));

      g_string_append_printf (numbers, "%s%s", i > 0 ? "," : "", number);
    }
  return g_string_free (g_steal_pointer (&numbers), FALSE);
}

char *
read_fixtures_join (GPtrArray  *items,
                    const char *property)
{
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    {
      g_autofree char *value = NULL;

      g_object_get (g_ptr_array_index (items, i), property, &value, NULL);
      g_string_append_printf (joined, "%s%s", i > 0 ? "," : "", value != NULL ? value : "(null)");
    }
  return g_string_free (g_steal_pointer (&joined), FALSE);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

char *
read_fixtures_sort_list (const char *list)
{
  g_auto(GStrv) values = NULL;

  if (list[0] == '\0')
    return g_strdup ("");
  values = g_strsplit (list, ",", -1);
  qsort (values, g_strv_length (values), sizeof (char *), compare_strings);
  return g_strjoinv (",", values);
}

char *
read_fixtures_join_sorted (GPtrArray  *items,
                           const char *property)
{
  g_autofree char *joined = read_fixtures_join (items, property);

  return read_fixtures_sort_list (joined);
}

DynanticQuery *
read_fixtures_room_query (const char *room)
{
  return dynantic_query_new (READ_TYPE_MESSAGE, VALUE_STRING (room), NULL);
}

DynanticCondition *
read_fixtures_author_is (const char *author)
{
  return dynantic_condition_eq ("author", VALUE_STRING (author));
}

GPtrArray *
read_fixtures_run_all (gpointer read)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *items = dynantic_read_all (DYNANTIC_READ (read), NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (items);
  return items;
}

/* The fake server ------------------------------------------------------------ */

void
read_fixtures_reply (FakeServer *server,
                     const char *body)
{
  fake_server_push (server, &(FakeResponse) { .body = body });
}

JsonObject *
read_fixtures_request (FakeServer *server,
                       guint       i)
{
  g_auto(GStrv) bodies = fake_server_dup_bodies (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_assert_cmpuint (g_strv_length (bodies), >, i);
  node = json_from_string (bodies[i], &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}
