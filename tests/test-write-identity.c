/* test-write-identity.c: identities, the names batches and transactions
 * give items (dynantic-write-common-private.h)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "batch-fixtures.h"

#include "write/dynantic-write-common-private.h"

static DynanticSchema *
order_schema (void)
{
  dynantic_model_class_set_table (g_type_class_ref (TEST_TYPE_ORDER), "orders-identity");
  return dynantic_schema_lookup_for_table (TEST_TYPE_ORDER, NULL);
}

static GBytes *
identity_of (const DynanticSchema  *schema,
             const char            *json,
             GError               **error)
{
  return dynantic_write_identity_of_key (schema, json, strlen (json), error);
}

static void
assert_same_item (const DynanticSchema *schema,
                  const char           *a,
                  const char           *b)
{
  g_autoptr(GBytes) first = identity_of (schema, a, NULL);
  g_autoptr(GBytes) second = identity_of (schema, b, NULL);

  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_true (g_bytes_equal (first, second));
}

static void
assert_other_item (const DynanticSchema *schema,
                   const char           *a,
                   const char           *b)
{
  g_autoptr(GBytes) first = identity_of (schema, a, NULL);
  g_autoptr(GBytes) second = identity_of (schema, b, NULL);

  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_false (g_bytes_equal (first, second));
}

/* The members of an item come in any order: the sort key before the
 * partition key, other attributes between them, is the same item. */
static void
test_member_order (void)
{
  g_autoptr(DynanticSchema) schema = order_schema ();
  g_autoptr(GBytes) identity = NULL;
  const char expected[] = "15:orders-identityS5:aliceN2:42";

  assert_same_item (schema, "{\"customer\":{\"S\":\"alice\"},\"seq\":{\"N\":\"42\"}}",
                    "{\"seq\":{\"N\":\"42\"},\"customer\":{\"S\":\"alice\"}}");
  assert_same_item (schema, "{\"customer\":{\"S\":\"alice\"},\"seq\":{\"N\":\"42\"}}",
                    "{\"seq\":{\"N\":\"42\"},\"total\":{\"N\":\"1.5\"},\"note\":{\"L\":[{\"S\":\"x\"}]},"
                    "\"customer\":{\"S\":\"alice\"}}");
  /* the exact form: table, then partition key, then sort key, each with
   * its length, whatever the order on the wire */
  identity = identity_of (schema, "{\"seq\":{\"N\":\"42\"},\"customer\":{\"S\":\"alice\"}}", NULL);
  g_assert_cmpmem (g_bytes_get_data (identity, NULL), g_bytes_get_size (identity), expected, sizeof expected - 1);
}

/* Numbers are compared in their normal form; lengths keep pieces apart. */
static void
test_values (void)
{
  g_autoptr(DynanticSchema) schema = order_schema ();

  assert_same_item (schema, "{\"customer\":{\"S\":\"a\"},\"seq\":{\"N\":\"1.50\"}}",
                    "{\"customer\":{\"S\":\"a\"},\"seq\":{\"N\":\"1.5\"}}");
  assert_same_item (schema, "{\"customer\":{\"S\":\"a\"},\"seq\":{\"N\":\"100\"}}",
                    "{\"customer\":{\"S\":\"a\"},\"seq\":{\"N\":\"1E2\"}}");
  assert_other_item (schema, "{\"customer\":{\"S\":\"a\"},\"seq\":{\"N\":\"1\"}}",
                     "{\"customer\":{\"S\":\"a\"},\"seq\":{\"S\":\"1\"}}");
  assert_other_item (schema, "{\"customer\":{\"S\":\"ab\"},\"seq\":{\"N\":\"1\"}}",
                     "{\"customer\":{\"S\":\"a\"},\"seq\":{\"N\":\"1\"}}");
  /* a value of ten characters or more: the length has two digits */
  assert_other_item (schema, "{\"customer\":{\"S\":\"0123456789ab\"},\"seq\":{\"N\":\"7\"}}",
                     "{\"customer\":{\"S\":\"0123456789a\"},\"seq\":{\"N\":\"7\"}}");
  assert_same_item (schema, "{\"customer\":{\"S\":\"0123456789ab\"},\"seq\":{\"N\":\"7\"}}",
                    "{\"seq\":{\"N\":\"7.0\"},\"customer\":{\"S\":\"0123456789ab\"}}");
}

/* A key attribute missing, twice, or not of a key's shape is a bad
 * response naming the table. */
static void
test_refused (void)
{
  g_autoptr(DynanticSchema) schema = order_schema ();
  const char *bad[] = {
    "{\"customer\":{\"S\":\"alice\"}}",
    "{\"seq\":{\"N\":\"1\"}}",
    "{\"customer\":{\"S\":\"alice\"},\"seq\":{\"N\":\"1\"},\"customer\":{\"S\":\"bob\"}}",
    "{\"seq\":{\"N\":\"1\"},\"customer\":{\"S\":\"alice\"},\"seq\":{\"N\":\"2\"}}",
    "{\"customer\":{\"BOOL\":true},\"seq\":{\"N\":\"1\"}}",
    "{\"customer\":{\"S\":\"alice\"},\"seq\":{\"N\":\"one\"}}",
    "[]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) identity = identity_of (schema, bad[i], &error);

      g_assert_null (identity);
      g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE);
      g_assert_nonnull (strstr (error->message, "orders-identity"));
      g_assert_null (strstr (error->message, "alice"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/write-identity/member-order", test_member_order);
  g_test_add_func ("/write-identity/values", test_values);
  g_test_add_func ("/write-identity/refused", test_refused);
  return g_test_run ();
}
