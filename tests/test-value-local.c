/* test-value-local.c: every type the codec writes survives DynamoDB Local
 *
 * An item written by the codec goes out with PutItem through the bytes-level
 * call; GetItem brings it back and the codec reads it. For each attribute
 * the test checks the exact AttributeValue DynamoDB answers (it normalizes
 * numbers and orders sets) and that the codec reads it back into an equal
 * value (written again, it gives the same text).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <float.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "test-util.h"
#include "dynantic-client-private.h"
#include "dynantic-request-private.h"
#include "dynantic-item-private.h"
#include "dynantic-value-private.h"
#include "codec/dynantic-item-size-private.h"

typedef struct {
  const char         *name;
  DynanticValueFlags  flags;
  GValue              value;
  const char         *answered;   /* the AttributeValue DynamoDB returns */
  const char         *rewritten;  /* the codec's text for what it read back, if not that */
  GValue              back;       /* what the codec read back */
} Attribute;

static GPtrArray *attributes;

static Attribute *
add_attribute (const char         *name,
               GType               type,
               DynanticValueFlags  flags,
               const char         *answered)
{
  Attribute *attribute = g_new0 (Attribute, 1);

  attribute->name = name;
  attribute->flags = flags;
  attribute->answered = answered;
  g_value_init (&attribute->value, type);
  g_ptr_array_add (attributes, attribute);
  return attribute;
}

static void
attribute_free (Attribute *attribute)
{
  g_value_unset (&attribute->value);
  if (G_IS_VALUE (&attribute->back))
    g_value_unset (&attribute->back);
  g_free (attribute);
}

/* Where the codec's own text differs from DynamoDB's normalized one. */
static void
expect_rewritten (const char *text)
{
  ((Attribute *) attributes->pdata[attributes->len - 1])->rewritten = text;
}

static GType
shade_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    { 0, "SHADE_LIGHT", "light" }, { 1, "SHADE_DARK_BLUE", "dark-blue" }, { 0, NULL, NULL },
  };

  if (type == 0)
    type = g_enum_register_static ("TestLocalShade", values);
  return type;
}

static GType
perm_get_type (void)
{
  static GType type = 0;
  static const GFlagsValue values[] = {
    { 1, "PERM_WRITE", "write" }, { 2, "PERM_READ", "read" }, { 4, "PERM_ADMIN", "admin" }, { 0, NULL, NULL },
  };

  if (type == 0)
    type = g_flags_register_static ("TestLocalPerm", values);
  return type;
}

static char *big_text;
static char *big_answer;

static void
add_strings (void)
{
  GString *big = g_string_new (NULL);

  g_value_set_string (&add_attribute ("s_empty", G_TYPE_STRING, 0, "{\"S\":\"\"}")->value, "");
  /* DynamoDB Local escapes characters beyond the BMP as surrogate pairs */
  g_value_set_string (&add_attribute ("s_unicode", G_TYPE_STRING, 0,
                                      "{\"S\":\"é ☃ \\uD83D\\uDE00 \\\"q\\\" \\\\ \\n\"}")->value,
                      "é ☃ 😀 \"q\" \\ \n");
  while (big->len < 10 * 1024)
    g_string_append (big, "0123456789é☃");
  big_text = g_string_free (big, FALSE);
  big_answer = g_strdup_printf ("{\"S\":\"%s\"}", big_text);
  g_value_set_string (&add_attribute ("s_10k", G_TYPE_STRING, 0, big_answer)->value, big_text);
  g_value_set_string (&add_attribute ("s_null", G_TYPE_STRING, 0, "{\"NULL\":true}")->value, NULL);
  /* exact decimals: DynamoDB keeps the number, normalizes the text */
  g_value_set_string (&add_attribute ("dec_38", G_TYPE_STRING, DYNANTIC_VALUE_NUMBER_STRING,
                                      "{\"N\":\"-1234567890123456789.0123456789012345678\"}")->value,
                      "-1234567890123456789.0123456789012345678");
  g_value_set_string (&add_attribute ("dec_zeros", G_TYPE_STRING, DYNANTIC_VALUE_NUMBER_STRING,
                                      "{\"N\":\"1.5\"}")->value, "001.50");
  g_value_set_string (&add_attribute ("dec_exponent", G_TYPE_STRING, DYNANTIC_VALUE_NUMBER_STRING,
                                      "{\"N\":\"1000000000000000000000000000000000000000000000000\"}")->value,
                      "1E+48");
  g_value_set_string (&add_attribute ("dec_tiny", G_TYPE_STRING, DYNANTIC_VALUE_NUMBER_STRING,
                                      "{\"N\":\"0.0000000000000000000000000000000000000000000000000000000000000000000000000"
                                      "000000000000000000000000000000000000000000000000000000001\"}")->value,
                      "1E-130");
}

static void
add_numbers (void)
{
  g_value_set_boolean (&add_attribute ("bool_true", G_TYPE_BOOLEAN, 0, "{\"BOOL\":true}")->value, TRUE);
  g_value_set_boolean (&add_attribute ("bool_false", G_TYPE_BOOLEAN, 0, "{\"BOOL\":false}")->value, FALSE);
  g_value_set_int (&add_attribute ("int_zero", G_TYPE_INT, 0, "{\"N\":\"0\"}")->value, 0);
  g_value_set_int (&add_attribute ("int_negative", G_TYPE_INT, 0, "{\"N\":\"-42\"}")->value, -42);
  g_value_set_uchar (&add_attribute ("uchar_max", G_TYPE_UCHAR, 0, "{\"N\":\"255\"}")->value, 255);
  g_value_set_int64 (&add_attribute ("int64_min", G_TYPE_INT64, 0, "{\"N\":\"-9223372036854775808\"}")->value,
                     G_MININT64);
  g_value_set_uint64 (&add_attribute ("uint64_max", G_TYPE_UINT64, 0, "{\"N\":\"18446744073709551615\"}")->value,
                      G_MAXUINT64);
  g_value_set_int64 (&add_attribute ("ttl", G_TYPE_INT64, DYNANTIC_VALUE_EPOCH_SECONDS, "{\"N\":\"1714566645\"}")->value,
                     1714566645);
  g_value_set_double (&add_attribute ("price", G_TYPE_DOUBLE, 0, "{\"N\":\"29.99\"}")->value, 29.99);
  g_value_set_double (&add_attribute ("d_zero", G_TYPE_DOUBLE, 0, "{\"N\":\"0\"}")->value, 0.0);
  g_value_set_double (&add_attribute ("d_negative_zero", G_TYPE_DOUBLE, 0, "{\"N\":\"0\"}")->value, -0.0);
  g_value_set_double (&add_attribute ("d_third", G_TYPE_DOUBLE, 0, "{\"N\":\"0.3333333333333333\"}")->value, 1.0 / 3.0);
  g_value_set_double (&add_attribute ("d_big", G_TYPE_DOUBLE, 0, "{\"N\":\"1000000000000000000000\"}")->value, 1e21);
  expect_rewritten ("{\"N\":\"1E+21\"}");
  g_value_set_double (&add_attribute ("d_small", G_TYPE_DOUBLE, 0, "{\"N\":\"-0.00000025\"}")->value, -2.5e-7);
  expect_rewritten ("{\"N\":\"-2.5E-7\"}");
  g_value_set_double (&add_attribute ("d_huge", G_TYPE_DOUBLE, 0,
                                      "{\"N\":\"12345000000000000000000000000000000000000000000000000000000000000000"
                                      "0000000000000000000000000000000000000000000000000000000000\"}")->value,
                      1.2345e125);
  expect_rewritten ("{\"N\":\"1.2345E+125\"}");
  g_value_set_float (&add_attribute ("f_tenth", G_TYPE_FLOAT, 0, "{\"N\":\"0.1\"}")->value, 0.1f);
  g_value_set_float (&add_attribute ("f_max", G_TYPE_FLOAT, 0,
                                     "{\"N\":\"340282350000000000000000000000000000000\"}")->value, FLT_MAX);
  expect_rewritten ("{\"N\":\"3.4028235E+38\"}");
}

static void
add_others (void)
{
  static const guchar binary[] = { 0, 1, 0, 0xff, 'x', 0 };
  const char *tags[] = { "b", "a", "", "é", NULL };
  const char *numbers[] = { "10", "-1.50", "2", "12345678901234567890123456789012345678", NULL };
  const char *none[] = { NULL };
  g_autoptr(GBytes) bytes = g_bytes_new_static (binary, sizeof binary);
  g_autoptr(GBytes) empty_bytes = g_bytes_new_static ("", 0);
  g_autoptr(GDateTime) subsecond = g_date_time_new_utc (2024, 5, 1, 12, 30, 45.123456);
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (-(3 * 3600 + 30 * 60));
  g_autoptr(GDateTime) local = g_date_time_new (zone, 2024, 12, 31, 23, 59, 59);
  g_autoptr(JsonNode) json = json_from_string ("{\"k\":[1,2.5,\"x\",null,{\"t\":true}]}", NULL);

  g_value_set_boxed (&add_attribute ("bytes", G_TYPE_BYTES, 0, "{\"B\":\"AAEA/3gA\"}")->value, bytes);
  g_value_set_boxed (&add_attribute ("bytes_empty", G_TYPE_BYTES, 0, "{\"B\":\"\"}")->value, empty_bytes);
  g_value_set_boxed (&add_attribute ("when", G_TYPE_DATE_TIME, 0, "{\"S\":\"2024-05-01T12:30:45.123456Z\"}")->value,
                     subsecond);
  g_value_set_boxed (&add_attribute ("when_local", G_TYPE_DATE_TIME, 0, "{\"S\":\"2024-12-31T23:59:59-03:30\"}")->value,
                     local);
  g_value_set_boxed (&add_attribute ("expires", G_TYPE_DATE_TIME, DYNANTIC_VALUE_EPOCH_SECONDS,
                                     "{\"N\":\"1714566645.123456\"}")->value, subsecond);
  g_value_set_enum (&add_attribute ("shade", shade_get_type (), 0, "{\"S\":\"dark-blue\"}")->value, 1);
  /* DynamoDB Local answers sets sorted; the real service in no set order */
  g_value_set_flags (&add_attribute ("perms", perm_get_type (), 0, "{\"SS\":[\"admin\",\"write\"]}")->value, 5);
  expect_rewritten ("{\"SS\":[\"write\",\"admin\"]}");
  g_value_set_boxed (&add_attribute ("tags", G_TYPE_STRV, 0,
                                     "{\"L\":[{\"S\":\"b\"},{\"S\":\"a\"},{\"S\":\"\"},{\"S\":\"é\"}]}")->value, tags);
  g_value_set_boxed (&add_attribute ("tag_set", G_TYPE_STRV, DYNANTIC_VALUE_SET,
                                     "{\"SS\":[\"\",\"a\",\"b\",\"é\"]}")->value, tags);
  g_value_set_boxed (&add_attribute ("number_set", G_TYPE_STRV, DYNANTIC_VALUE_SET | DYNANTIC_VALUE_NUMBER_STRING,
                                     "{\"NS\":[\"-1.5\",\"2\",\"10\",\"12345678901234567890123456789012345678\"]}")->value,
                     numbers);
  g_value_set_boxed (&add_attribute ("empty_list", G_TYPE_STRV, 0, "{\"L\":[]}")->value, none);
  g_value_take_variant (&add_attribute ("doc", G_TYPE_VARIANT, 0,
                                        "{\"M\":{\"n\":{\"N\":\"-7\"},\"d\":{\"N\":\"0.5\"},\"s\":{\"S\":\"x\"},"
                                        "\"none\":{\"NULL\":true},\"bin\":{\"B\":\"AGE=\"},\"empty\":{\"M\":{}},"
                                        "\"list\":{\"L\":[{\"BOOL\":false},{\"NULL\":true},{\"L\":[]},"
                                        "{\"M\":{\"deep\":{\"S\":\"é\"}}}]}}}")->value,
                        g_variant_new_parsed ("{'n': <int64 -7>, 'd': <0.5>, 's': <'x'>, 'none': <@mv nothing>,"
                                              " 'bin': <[byte 0x00, 0x61]>, 'empty': <@a{sv} {}>,"
                                              " 'list': <[<false>, <@mv nothing>, <@av []>, <{'deep': <'é'>}>]>}"));
  g_value_take_variant (&add_attribute ("doc_set", G_TYPE_VARIANT, DYNANTIC_VALUE_SET,
                                        "{\"NS\":[\"0.25\",\"3\"]}")->value,
                        g_variant_new_parsed ("[3.0, 0.25]"));
  g_value_set_boxed (&add_attribute ("json", JSON_TYPE_NODE, 0,
                                     "{\"M\":{\"k\":{\"L\":[{\"N\":\"1\"},{\"N\":\"2.5\"},{\"S\":\"x\"},{\"NULL\":true},"
                                     "{\"M\":{\"t\":{\"BOOL\":true}}}]}}}")->value, json);
}

static void
create_table (DynanticClient *client,
              const char     *table)
{
  g_autofree char *json = g_strdup_printf (
    "{\"TableName\":\"%s\","
    "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],"
    "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],"
    "\"BillingMode\":\"PAY_PER_REQUEST\"}", table);
  g_autoptr(JsonNode) request = json_from_string (json, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = dynantic_client_call (client, "CreateTable", json_node_get_object (request),
                                                         NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (response);
}

static GBytes *
put_request (const char *table)
{
  GString *out = g_string_sized_new (32 * 1024);
  DynanticJsonWriter writer;
  guint i;

  dynantic_json_writer_init (&writer, out);
  dynantic_json_writer_begin_object (&writer);
  dynantic_json_writer_member (&writer, "TableName");
  dynantic_json_writer_string (&writer, table, -1);
  dynantic_json_writer_member (&writer, "Item");
  dynantic_json_writer_begin_object (&writer);
  dynantic_json_writer_member (&writer, "pk");
  dynantic_json_writer_raw (&writer, "{\"S\":\"item-1\"}", 14);
  for (i = 0; i < attributes->len; i++)
    {
      Attribute *attribute = attributes->pdata[i];
      g_autoptr(GError) error = NULL;

      dynantic_json_writer_member (&writer, attribute->name);
      g_assert_true (dynantic_value_write (&writer, attribute->name, &attribute->value, attribute->flags, &error));
      g_assert_no_error (error);
    }
  dynantic_json_writer_end_object (&writer);
  dynantic_json_writer_end_object (&writer);
  return g_string_free_to_bytes (out);
}

static Attribute *
find_attribute (const char *name)
{
  guint i;

  for (i = 0; i < attributes->len; i++)
    if (g_str_equal (((Attribute *) attributes->pdata[i])->name, name))
      return attributes->pdata[i];
  return NULL;
}

/* The same JSON: objects' members in any order (DynamoDB Local answers maps
 * in hash order), strings by their content, numbers by their text. */
static void
assert_same_json (const char *name,
                  const char *what,
                  const char *json,
                  const char *expected)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) expected_parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  g_assert_true (json_parser_load_from_data (expected_parser, expected, -1, NULL));
  if (!json_node_equal (json_parser_get_root (parser), json_parser_get_root (expected_parser)))
    g_error ("%s: %s %s, expected %s", name, what, json, expected);
}

static char *
write_one (const GValue       *value,
           DynanticValueFlags  flags)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  DynanticJsonWriter writer;

  dynantic_json_writer_init (&writer, out);
  g_assert_true (dynantic_value_write (&writer, "again", value, flags, &error));
  g_assert_no_error (error);
  return g_strdup (out->str);
}

/* One attribute of the answer: the server's exact text, then the codec's
 * reading of it. */
static void
check_attribute (DynanticJsonReader *item,
                 Attribute          *attribute)
{
  GValue *value = &attribute->back;
  g_autoptr(GError) error = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *again = NULL;
  DynanticJsonReader reader;
  const char *start;
  gsize length;

  g_assert_true (dynantic_json_reader_capture_value (item, &start, &length));
  raw = g_strndup (start, length);
  assert_same_json (attribute->name, "DynamoDB answered", raw, attribute->answered);

  g_value_init (value, G_VALUE_TYPE (&attribute->value));
  dynantic_json_reader_init (&reader, raw, length);
  g_assert_true (dynantic_value_read (&reader, attribute->name, value, attribute->flags, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dynantic_json_reader_next (&reader), ==, DYNANTIC_JSON_END);
  dynantic_json_reader_clear (&reader);

  again = write_one (value, attribute->flags);
  assert_same_json (attribute->name, "read back and written again gives", again,
                    attribute->rewritten != NULL ? attribute->rewritten : attribute->answered);
}

static const GValue *
read_back (const char *name)
{
  return &find_attribute (name)->back;
}

/* Spot checks of values read back, beyond their text. */
static void
check_values (void)
{
  g_autoptr(GDateTime) subsecond = g_date_time_new_utc (2024, 5, 1, 12, 30, 45.123456);
  GDateTime *local = g_value_get_boxed (read_back ("when_local"));
  const char * const *tags = g_value_get_boxed (read_back ("tags"));
  GBytes *bytes = g_value_get_boxed (read_back ("bytes"));
  GVariant *doc = g_value_get_variant (read_back ("doc"));
  g_autoptr(GVariant) none = g_variant_lookup_value (doc, "none", NULL);
  g_autoptr(GVariant) bin = g_variant_lookup_value (doc, "bin", NULL);

  g_assert_cmpstr (g_value_get_string (read_back ("s_empty")), ==, "");
  g_assert_cmpstr (g_value_get_string (read_back ("s_10k")), ==, big_text);
  g_assert_null (g_value_get_string (read_back ("s_null")));
  g_assert_cmpstr (g_value_get_string (read_back ("dec_zeros")), ==, "1.5");
  g_assert_cmpint (g_value_get_int64 (read_back ("int64_min")), ==, G_MININT64);
  g_assert_cmpuint (g_value_get_uint64 (read_back ("uint64_max")), ==, G_MAXUINT64);
  g_assert_cmpfloat (g_value_get_double (read_back ("price")), ==, 29.99);
  g_assert_cmpfloat (g_value_get_double (read_back ("d_third")), ==, 1.0 / 3.0);
  g_assert_cmpfloat (g_value_get_double (read_back ("d_big")), ==, 1e21);
  g_assert_cmpfloat (g_value_get_double (read_back ("d_huge")), ==, 1.2345e125);
  g_assert_cmpfloat (g_value_get_float (read_back ("f_max")), ==, FLT_MAX);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 6);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), 6, "\0\1\0\xffx\0", 6);
  g_assert_true (g_date_time_equal (g_value_get_boxed (read_back ("when")), subsecond));
  g_assert_cmpint (g_date_time_get_microsecond (g_value_get_boxed (read_back ("expires"))), ==, 123456);
  g_assert_cmpint (g_date_time_get_utc_offset (local), ==, -(3 * 3600 + 30 * 60) * G_TIME_SPAN_SECOND);
  g_assert_cmpint (g_value_get_enum (read_back ("shade")), ==, 1);
  g_assert_cmpuint (g_value_get_flags (read_back ("perms")), ==, 5);
  g_assert_cmpstrv (tags, ((const char *[]) { "b", "a", "", "é", NULL }));
  g_assert_cmpuint (g_strv_length (g_value_get_boxed (read_back ("empty_list"))), ==, 0);
  g_assert_true (g_variant_is_of_type (none, G_VARIANT_TYPE ("mv")));
  g_assert_cmpuint (g_variant_n_children (none), ==, 0);
  g_assert_cmpuint (g_variant_get_size (bin), ==, 2);
}

static void
test_every_type_survives (void)
{
  g_autoptr(DynanticClient) client = test_local_client ();
  g_autofree char *table = test_unique_table_name ("codec");
  g_autofree char *get = NULL;
  g_autoptr(GBytes) put_body = NULL;
  g_autoptr(GBytes) get_body = NULL;
  g_autoptr(GBytes) put_answer = NULL;
  g_autoptr(GBytes) item = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  DynanticJsonReader reader;
  const char *data;
  gsize size;

  attributes = g_ptr_array_new_with_free_func ((GDestroyNotify) attribute_free);
  add_strings ();
  add_numbers ();
  add_others ();

  create_table (client, table);
  put_body = put_request (table);
  put_answer = dynantic_client_send (client, "PutItem", put_body, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (put_answer);

  get = g_strdup_printf ("{\"TableName\":\"%s\",\"Key\":{\"pk\":{\"S\":\"item-1\"}},\"ConsistentRead\":true}", table);
  get_body = g_bytes_new (get, strlen (get));
  item = dynantic_client_send (client, "GetItem", get_body, NULL, &error);
  g_assert_no_error (error);

  data = g_bytes_get_data (item, &size);
  dynantic_json_reader_init (&reader, data, size);
  g_assert_cmpint (dynantic_json_reader_next (&reader), ==, DYNANTIC_JSON_BEGIN_OBJECT);
  g_assert_cmpint (dynantic_json_reader_next (&reader), ==, DYNANTIC_JSON_MEMBER);
  g_assert_cmpstr (dynantic_json_reader_get_string (&reader, NULL), ==, "Item");
  g_assert_cmpint (dynantic_json_reader_next (&reader), ==, DYNANTIC_JSON_BEGIN_OBJECT);
  while (dynantic_json_reader_next (&reader) == DYNANTIC_JSON_MEMBER)
    {
      const char *name = dynantic_json_reader_get_string (&reader, NULL);
      Attribute *attribute = find_attribute (name);

      if (attribute == NULL)
        {
          g_assert_cmpstr (name, ==, "pk");
          g_assert_true (dynantic_json_reader_skip_value (&reader));
          continue;
        }
      g_hash_table_add (seen, (gpointer) attribute->name);
      check_attribute (&reader, attribute);
    }
  g_assert_null (dynantic_json_reader_get_error (&reader));
  g_assert_cmpint (dynantic_json_reader_next (&reader), ==, DYNANTIC_JSON_END_OBJECT);
  g_assert_cmpint (dynantic_json_reader_next (&reader), ==, DYNANTIC_JSON_END);
  dynantic_json_reader_clear (&reader);
  g_assert_cmpuint (g_hash_table_size (seen), ==, attributes->len);
  check_values ();

  g_clear_pointer (&attributes, g_ptr_array_unref);
  g_clear_pointer (&big_text, g_free);
  g_clear_pointer (&big_answer, g_free);
}

/* What the codec refuses, DynamoDB refuses too: checked on the server, so
 * the codec's limits are DynamoDB's and not stricter. */
static void
test_limits_match_the_server (void)
{
  static const char *const numbers[] = {
    "123456789012345678901234567890123456789", "1E+126", "1E-131", "9.9E-131", "5e", " 5",
  };
  g_autoptr(DynanticClient) client = test_local_client ();
  g_autofree char *table = test_unique_table_name ("codec_limits");
  guint i;

  create_table (client, table);
  for (i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autofree char *put = g_strdup_printf ("{\"TableName\":\"%s\",\"Item\":{\"pk\":{\"S\":\"k\"},\"n\":{\"N\":\"%s\"}}}",
                                              table, numbers[i]);
      g_autoptr(GBytes) body = g_bytes_new (put, strlen (put));
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(GError) server_error = NULL;
      g_autoptr(GError) codec_error = NULL;

      answer = dynantic_client_send (client, "PutItem", body, NULL, &server_error);
      g_assert_null (answer);
      g_assert_error (server_error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
      g_assert_false (dynantic_value_check_number_text ("n", numbers[i], &codec_error));
      g_assert_error (codec_error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
    }
}

/* An item of every kind padded to @size bytes as Dynantic counts them. */
static char *
item_of_size (gsize size)
{
  const char *base = "\"pk\":{\"S\":\"k\"},\"n1\":{\"N\":\"-0.00123\"},\"n2\":{\"N\":\"123.45\"},"
                     "\"n3\":{\"N\":\"12345678901234567890123456789012345678\"},\"n4\":{\"N\":\"0\"},"
                     "\"b\":{\"B\":\"AAECAw==\"},\"t\":{\"BOOL\":true},\"z\":{\"NULL\":true},"
                     "\"l\":{\"L\":[{\"S\":\"\u00e9\"},{\"N\":\"10.5\"},{\"M\":{\"key\":{\"SS\":[\"a\",\"bc\"]}}}]},"
                     "\"ns\":{\"NS\":[\"1\",\"0.05\"]},\"bs\":{\"BS\":[\"YWI=\"]},\"m\":{\"M\":{}}";
  g_autofree char *empty = g_strdup_printf ("{%s,\"x\":{\"S\":\"\"}}", base);
  g_autofree char *padding = NULL;
  gsize counted = 0;

  g_assert_true (dynantic_item_size (empty, strlen (empty), &counted, NULL));
  g_assert_cmpuint (counted, <, size);
  padding = g_strnfill (size - counted, 'y');
  return g_strdup_printf ("{%s,\"x\":{\"S\":\"%s\"}}", base, padding);
}

/* Dynantic counts an item's size as DynamoDB does: an item of exactly
 * 400 KB by its count is stored, one of a byte more refused by the server
 * too, and by Dynantic first. */
static void
test_item_size_matches_the_server (void)
{
  g_autoptr(DynanticClient) client = test_local_client ();
  g_autofree char *table = test_unique_table_name ("codec_size");
  gsize sizes[] = { 400 * 1024, 400 * 1024 + 1 };

  create_table (client, table);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *item = item_of_size (sizes[i]);
      g_autofree char *put = g_strdup_printf ("{\"TableName\":\"%s\",\"Item\":%s}", table, item);
      g_autoptr(GBytes) body = g_bytes_new (put, strlen (put));
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(GError) server_error = NULL;
      g_autoptr(GError) check_error = NULL;
      gboolean fits = dynantic_item_check_size (item, strlen (item), &check_error);

      answer = dynantic_client_send (client, "PutItem", body, NULL, &server_error);
      if (i == 0)
        {
          g_assert_no_error (server_error);
          g_assert_nonnull (answer);
          g_assert_no_error (check_error);
          g_assert_true (fits);
        }
      else
        {
          g_assert_null (answer);
          g_assert_error (server_error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
          g_assert_false (fits);
          g_assert_error (check_error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
          g_assert_nonnull (strstr (check_error->message, "409601"));
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/value-local/every-type-survives", test_every_type_survives);
  g_test_add_func ("/value-local/limits-match-the-server", test_limits_match_the_server);
  g_test_add_func ("/value-local/item-size-matches-the-server", test_item_size_matches_the_server);

  return g_test_run ();
}
