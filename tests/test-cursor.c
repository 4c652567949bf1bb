/* test-cursor.c: pagination cursors are opaque, bound and tamper-proof
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic.h"
#include "dynantic-cursor-private.h"

static const char payload[] = "{\"pk\":{\"S\":\"customer-secret-42\"},\"sk\":{\"N\":\"1700000000\"}}";

static GBytes *
fixed_key (guint8 fill)
{
  guint8 key[DYNANTIC_CURSOR_KEY_SIZE];

  memset (key, fill, sizeof key);
  return g_bytes_new (key, sizeof key);
}

static const DynanticCursorBinding orders_by_customer = { "orders", NULL, "S:customer-secret-42", -1 };

static void
test_cursor_round_trip (void)
{
  g_autoptr(GBytes) key = fixed_key (7);
  g_autofree char *cursor = dynantic_cursor_seal (key, &orders_by_customer, payload, strlen (payload));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) opened = NULL;
  gsize length = 0;
  const char *data;

  opened = dynantic_cursor_open (key, &orders_by_customer, cursor, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (opened, &length);
  g_assert_cmpmem (data, length, payload, strlen (payload));
}

static void
test_cursor_is_opaque_and_url_safe (void)
{
  g_autoptr(GBytes) key = fixed_key (7);
  g_autofree char *first = dynantic_cursor_seal (key, &orders_by_customer, payload, strlen (payload));
  g_autofree char *second = dynantic_cursor_seal (key, &orders_by_customer, payload, strlen (payload));
  g_autofree guchar *decoded = NULL;
  gsize decoded_length = 0;

  for (const char *p = first; *p != '\0'; p++)
    g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');

  /* Neither the text nor its base64 decoding shows the key values. */
  g_assert_null (strstr (first, "customer"));
  g_assert_null (strstr (first, "1700000000"));
  {
    g_autofree char *standard = g_strdup (first);
    gsize n = strlen (standard);
    g_autofree char *padded = NULL;

    g_strdelimit (standard, "-", '+');
    g_strdelimit (standard, "_", '/');
    padded = g_strdup_printf ("%s%s", standard, n % 4 == 2 ? "==" : n % 4 == 3 ? "=" : "");
    decoded = g_base64_decode (padded, &decoded_length);
    g_assert_null (memmem (decoded, decoded_length, "customer", 8));
    g_assert_null (memmem (decoded, decoded_length, "1700000000", 10));
  }

  /* A fresh nonce each time: the same page never gives the same string. */
  g_assert_cmpstr (first, !=, second);
}

static void
assert_refused (GBytes                      *key,
                const DynanticCursorBinding *binding,
                const char                  *cursor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) opened = dynantic_cursor_open (key, binding, cursor, &error);

  g_assert_null (opened);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_CURSOR);
  g_assert_null (strstr (error->message, "customer"));
}

static void
test_cursor_tampered (void)
{
  g_autoptr(GBytes) key = fixed_key (7);
  g_autofree char *cursor = dynantic_cursor_seal (key, &orders_by_customer, payload, strlen (payload));
  gsize n = strlen (cursor);

  /* Every single-character change anywhere is caught. */
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *altered = g_strdup (cursor);

      altered[i] = altered[i] == 'A' ? 'B' : 'A';
      assert_refused (key, &orders_by_customer, altered);
    }

  /* Truncated at every length. */
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *truncated = g_strndup (cursor, i);

      assert_refused (key, &orders_by_customer, truncated);
    }

  assert_refused (key, &orders_by_customer, "not a cursor!");
  assert_refused (key, &orders_by_customer, "");
  {
    g_autofree char *extended = g_strconcat (cursor, "AAAA", NULL);
    assert_refused (key, &orders_by_customer, extended);
  }
}

static void
test_cursor_bound (void)
{
  g_autoptr(GBytes) key = fixed_key (7);
  g_autoptr(GBytes) other_key = fixed_key (8);
  g_autofree char *cursor = dynantic_cursor_seal (key, &orders_by_customer, payload, strlen (payload));
  const DynanticCursorBinding other_partition = { "orders", NULL, "S:customer-43", -1 };
  const DynanticCursorBinding other_table = { "invoices", NULL, "S:customer-secret-42", -1 };
  const DynanticCursorBinding on_index = { "orders", "StatusIndex", "S:customer-secret-42", -1 };
  const DynanticCursorBinding as_scan = { "orders", NULL, NULL, -1 };
  const DynanticCursorBinding other_segment = { "orders", NULL, "S:customer-secret-42", 1 };
  /* Length prefixes keep ("ab","c") and ("a","bc") apart. */
  const DynanticCursorBinding shifted = { "order", "s", "S:customer-secret-42", -1 };

  assert_refused (other_key, &orders_by_customer, cursor);
  assert_refused (key, &other_partition, cursor);
  assert_refused (key, &other_table, cursor);
  assert_refused (key, &on_index, cursor);
  assert_refused (key, &as_scan, cursor);
  assert_refused (key, &other_segment, cursor);
  assert_refused (key, &shifted, cursor);
}

static void
test_cursor_default_key (void)
{
  g_autoptr(GBytes) first = dynantic_cursor_default_key ();
  g_autoptr(GBytes) second = dynantic_cursor_default_key ();
  g_autoptr(GBytes) zeros = fixed_key (0);

  g_assert_cmpuint (g_bytes_get_size (first), ==, DYNANTIC_CURSOR_KEY_SIZE);
  g_assert_true (g_bytes_equal (first, second));
  g_assert_false (g_bytes_equal (first, zeros));
}

static void
test_cursor_long_payload (void)
{
  g_autoptr(GBytes) key = fixed_key (9);
  g_autoptr(GString) big = g_string_new (NULL);
  g_autofree char *cursor = NULL;
  g_autoptr(GBytes) opened = NULL;
  g_autoptr(GError) error = NULL;

  /* Several keystream blocks, and a length that is not a multiple of 32. */
  for (guint i = 0; i < 100; i++)
    g_string_append_printf (big, "%u,", i);
  cursor = dynantic_cursor_seal (key, &orders_by_customer, big->str, big->len);
  opened = dynantic_cursor_open (key, &orders_by_customer, cursor, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (opened, NULL), g_bytes_get_size (opened), big->str, big->len);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cursor/round-trip", test_cursor_round_trip);
  g_test_add_func ("/cursor/opaque-url-safe", test_cursor_is_opaque_and_url_safe);
  g_test_add_func ("/cursor/tampered", test_cursor_tampered);
  g_test_add_func ("/cursor/bound", test_cursor_bound);
  g_test_add_func ("/cursor/default-key", test_cursor_default_key);
  g_test_add_func ("/cursor/long-payload", test_cursor_long_payload);

  return g_test_run ();
}
