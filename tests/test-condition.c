/* test-condition.c: DynanticCondition, the public face (no server)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "dynantic-condition-private.h"
#include "dynantic-expression-private.h"
#include "test-util.h"
#include "test-values.h"

/* Shows @condition (taken over) and checks the text. */
static void
assert_shows (DynanticCondition *condition,
              const char        *expected)
{
  g_autoptr(DynanticCondition) owned = condition;
  g_autofree char *shown = dynantic_condition_to_string (owned);

  g_assert_cmpstr (shown, ==, expected);
}

static void
test_to_string_every_operator (void)
{
  GValue pair[2] = { G_VALUE_INIT, G_VALUE_INIT };

  test_value_string (&pair[0], "open");
  test_value_string (&pair[1], "closed");
  assert_shows (dynantic_condition_eq ("price", VALUE_DOUBLE (29.99)), "price = :v0");
  assert_shows (dynantic_condition_ne ("price", VALUE_INT (1)), "price <> :v0");
  assert_shows (dynantic_condition_lt ("price", VALUE_INT (1)), "price < :v0");
  assert_shows (dynantic_condition_le ("price", VALUE_INT (1)), "price <= :v0");
  assert_shows (dynantic_condition_gt ("price", VALUE_INT (1)), "price > :v0");
  assert_shows (dynantic_condition_ge ("price", VALUE_INT (1)), "price >= :v0");
  assert_shows (dynantic_condition_eq ("gone", NULL), "gone = :v0");
  assert_shows (dynantic_condition_between ("a.b[0]", VALUE_INT (1), VALUE_INT (2)), "a.b[0] BETWEEN :v0 AND :v1");
  assert_shows (dynantic_condition_in ("status", pair, 2), "status IN (:v0, :v1)");
  assert_shows (dynantic_condition_begins_with ("sk", "2024-"), "begins_with(sk, :v0)");
  assert_shows (dynantic_condition_contains ("tags", VALUE_STRING ("red")), "contains(tags, :v0)");
  assert_shows (dynantic_condition_attribute_exists ("email"), "attribute_exists(email)");
  assert_shows (dynantic_condition_attribute_not_exists ("email"), "attribute_not_exists(email)");
  assert_shows (dynantic_condition_attribute_type ("data", "M"), "attribute_type(data, :v0)");
  assert_shows (dynantic_condition_size ("tags", DYNANTIC_COMPARISON_LE, VALUE_INT (3)), "size(tags) <= :v0");
  assert_shows (dynantic_condition_size_between ("tags", VALUE_INT (1), VALUE_INT (3)), "size(tags) BETWEEN :v0 AND :v1");
  assert_shows (dynantic_condition_and (TAKE (dynantic_condition_ge ("age", VALUE_INT (18))),
                                        TAKE (dynantic_condition_not (TAKE (dynantic_condition_attribute_exists ("banned")))),
                                        TAKE (dynantic_condition_or (TAKE (dynantic_condition_gt ("balance", VALUE_INT (0))),
                                                               TAKE (dynantic_condition_eq ("vip", VALUE_BOOLEAN (TRUE))),
                                                               NULL)),
                                        NULL),
                "age >= :v0 AND NOT attribute_exists(banned) AND (balance > :v1 OR vip = :v2)");
}

/* Debug text shows where values go, never what they are. */
static void
test_to_string_hides_values (void)
{
  GValue secrets[2] = { G_VALUE_INIT, G_VALUE_INIT };
  g_autoptr(DynanticCondition) condition = NULL;
  g_autofree char *shown = NULL;

  test_value_string (&secrets[0], "secret-one");
  test_value_string (&secrets[1], "secret-two");
  condition = dynantic_condition_or (TAKE (dynantic_condition_eq ("password", VALUE_STRING ("secret-zero"))),
                                     TAKE (dynantic_condition_in ("token", secrets, 2)),
                                     TAKE (dynantic_condition_begins_with ("card", "secret-prefix")),
                                     TAKE (dynantic_condition_eq ("pin", VALUE_INT (987654))),
                                     NULL);
  shown = dynantic_condition_to_string (condition);
  g_assert_cmpstr (shown, ==, "password = :v0 OR token IN (:v1, :v2) OR begins_with(card, :v3) OR pin = :v4");
  g_assert_null (strstr (shown, "secret"));
  g_assert_null (strstr (shown, "987654"));
}

/* A condition with a mistake still shows; the mistake is reported when compiled. */
static void
test_to_string_of_invalid (void)
{
  assert_shows (dynantic_condition_eq ("a..b", VALUE_INT (1)), "a..b = :v0");
  assert_shows (dynantic_condition_in ("status", NULL, 0), "status IN ()");
  assert_shows (dynantic_condition_attribute_type ("x", "STRING"), "attribute_type(x, :v0)");
  assert_shows (dynantic_condition_andv (NULL, 0), "");
}

static void
test_boxed_and_refcount (void)
{
  DynanticCondition *condition = dynantic_condition_attribute_exists ("pk");
  DynanticCondition *copy;
  g_auto(GValue) holder = G_VALUE_INIT;

  g_assert_true (G_TYPE_IS_BOXED (DYNANTIC_TYPE_CONDITION));
  copy = g_boxed_copy (DYNANTIC_TYPE_CONDITION, condition);
  g_assert_true (copy == condition);   /* immutable: a copy is a reference */
  g_boxed_free (DYNANTIC_TYPE_CONDITION, copy);

  g_value_init (&holder, DYNANTIC_TYPE_CONDITION);
  g_value_set_boxed (&holder, condition);
  g_assert_true (g_value_get_boxed (&holder) == condition);
  g_assert_true (dynantic_condition_ref (condition) == condition);
  dynantic_condition_unref (condition);
  dynantic_condition_unref (condition);
  {
    g_autofree char *shown = dynantic_condition_to_string (g_value_get_boxed (&holder));

    g_assert_cmpstr (shown, ==, "attribute_exists(pk)");
  }
}

/* Every combinator borrows the conditions it is given and keeps its own
 * references: what the caller holds outlives a combination, and the other
 * way round (under ASan, either mistake is a use after free). */
static void
test_ownership (void)
{
  DynanticCondition *a = dynantic_condition_attribute_exists ("a");
  DynanticCondition *b = dynantic_condition_attribute_exists ("b");
  DynanticCondition *both[] = { a, b };
  DynanticCondition *either = dynantic_condition_orv (both, 2);
  DynanticCondition *not_b = dynantic_condition_not (b);
  DynanticCondition *combined = dynantic_condition_and (a, not_b, NULL);
  DynanticCondition *any = dynantic_condition_or (a, b, NULL);
  g_autofree char *shown_combined = NULL;
  g_autofree char *shown_either = NULL;
  g_autofree char *shown_any = NULL;
  g_autofree char *shown_a = NULL;

  /* the caller's references go first: the combinations still hold theirs */
  dynantic_condition_unref (b);
  dynantic_condition_unref (not_b);
  shown_combined = dynantic_condition_to_string (combined);
  shown_either = dynantic_condition_to_string (either);
  shown_any = dynantic_condition_to_string (any);
  g_assert_cmpstr (shown_combined, ==, "attribute_exists(a) AND NOT attribute_exists(b)");
  g_assert_cmpstr (shown_either, ==, "attribute_exists(a) OR attribute_exists(b)");
  g_assert_cmpstr (shown_any, ==, "attribute_exists(a) OR attribute_exists(b)");

  /* the combinations go first: the caller's reference to a still holds */
  dynantic_condition_unref (combined);
  dynantic_condition_unref (either);
  dynantic_condition_unref (any);
  shown_a = dynantic_condition_to_string (a);
  g_assert_cmpstr (shown_a, ==, "attribute_exists(a)");
  dynantic_condition_unref (a);
}

static void
test_comparison_enum (void)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (DYNANTIC_TYPE_COMPARISON);

  g_assert_cmpint (g_enum_get_value_by_nick (klass, "eq")->value, ==, DYNANTIC_COMPARISON_EQ);
  g_assert_cmpint (g_enum_get_value_by_nick (klass, "ge")->value, ==, DYNANTIC_COMPARISON_GE);
  g_assert_cmpuint (klass->n_values, ==, 6);
}

static void
test_escape (void)
{
  g_autofree char *path = dynantic_attr_path_escape ("a.b");
  g_autoptr(DynanticCondition) literal = dynantic_condition_attribute_exists (path);
  g_autoptr(DynanticCondition) nested = dynantic_condition_attribute_exists ("a.b");
  g_autoptr(DynanticExpressionContext) context = dynantic_expression_context_new (NULL, NULL);
  g_autofree char *literal_expression = dynantic_expression_context_compile_condition (context, literal, NULL);
  g_autofree char *nested_expression = dynantic_expression_context_compile_condition (context, nested, NULL);

  g_assert_cmpstr (path, ==, "a\\.b");
  g_assert_cmpstr (literal_expression, ==, "attribute_exists(#n0)");
  g_assert_cmpstr (dynantic_expression_context_get_name (context, 0), ==, "a.b");
  g_assert_cmpstr (nested_expression, ==, "attribute_exists(#n1.#n2)");
}

/* One condition, built once, used by several threads at the same time. */
typedef struct {
  DynanticCondition *condition;
  char              *expected_text;
  char              *expected_expression;
} Shared;

static gpointer
use_shared (gpointer data)
{
  Shared *shared = data;

  for (guint i = 0; i < 2000; i++)
    {
      g_autoptr(DynanticCondition) mine = dynantic_condition_ref (shared->condition);
      g_autoptr(DynanticExpressionContext) context = dynantic_expression_context_new (NULL, NULL);
      g_autofree char *text = dynantic_condition_to_string (mine);
      g_autofree char *expression = dynantic_expression_context_compile_condition (context, mine, NULL);

      if (g_strcmp0 (text, shared->expected_text) != 0 ||
          g_strcmp0 (expression, shared->expected_expression) != 0 ||
          !G_VALUE_HOLDS_INT (dynantic_expression_context_get_value (context, 0, NULL)))
        return GINT_TO_POINTER (FALSE);
    }
  return GINT_TO_POINTER (TRUE);
}

static void
test_shared_between_threads (void)
{
  Shared shared;
  GThread *threads[4];

  shared.condition = dynantic_condition_and (TAKE (dynantic_condition_size ("tags", DYNANTIC_COMPARISON_GT, VALUE_INT (2))),
                                             TAKE (dynantic_condition_contains ("tags", VALUE_STRING ("x"))),
                                             NULL);
  shared.expected_text = dynantic_condition_to_string (shared.condition);
  shared.expected_expression = g_strdup ("size(#n0) > :v0 AND contains(#n0, :v1)");
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("condition-user", use_shared, &shared);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (GPOINTER_TO_INT (g_thread_join (threads[i])));

  g_assert_cmpstr (shared.expected_text, ==, "size(tags) > :v0 AND contains(tags, :v1)");
  dynantic_condition_unref (shared.condition);
  g_free (shared.expected_text);
  g_free (shared.expected_expression);
}

/* @leaf (taken over) inside @levels NOTs. */
static DynanticCondition *
nested_nots (DynanticCondition *leaf,
             guint              levels)
{
  DynanticCondition *condition = leaf;

  for (guint i = 0; i < levels; i++)
    {
      DynanticCondition *outer = dynantic_condition_not (condition);

      dynantic_condition_unref (condition);
      condition = outer;
    }
  return condition;
}

/* Compiles @condition; NULL and @error set when refused. */
static char *
compile (DynanticCondition  *condition,
         GError            **error)
{
  g_autoptr(DynanticExpressionContext) context = dynantic_expression_context_new (NULL, NULL);

  return dynantic_expression_context_compile_condition (context, condition, error);
}

static void
assert_too_deep (DynanticCondition *condition,
                 guint              depth)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expression = compile (condition, &error);
  g_autofree char *shown = dynantic_condition_to_string (condition);
  g_autofree char *expected = g_strdup_printf ("A condition nests %u levels deep; the most is 256 "
                                               "(DYNANTIC_CONDITION_MAX_DEPTH)", depth);

  g_assert_null (expression);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_cmpstr (shown, ==, expected);
}

/* DYNANTIC_CONDITION_MAX_DEPTH levels compile; one more is refused. */
static void
test_depth_limit (void)
{
  g_autoptr(DynanticCondition) deepest = nested_nots (dynantic_condition_attribute_exists ("a"),
                                                      DYNANTIC_CONDITION_MAX_DEPTH - 1);
  g_autoptr(DynanticCondition) too_deep = dynantic_condition_not (deepest);
  g_autoptr(GError) error = NULL;
  g_autofree char *expression = compile (deepest, &error);
  g_autoptr(GString) expected = g_string_new (NULL);

  /* NOT (NOT (... NOT attribute_exists(#n0) ...)): 255 NOTs on one test */
  for (guint i = 0; i < DYNANTIC_CONDITION_MAX_DEPTH - 2; i++)
    g_string_append (expected, "NOT (");
  g_string_append (expected, "NOT attribute_exists(#n0)");
  for (guint i = 0; i < DYNANTIC_CONDITION_MAX_DEPTH - 2; i++)
    g_string_append_c (expected, ')');
  g_assert_cmpint (DYNANTIC_CONDITION_MAX_DEPTH, ==, 256);
  g_assert_no_error (error);
  g_assert_cmpstr (expression, ==, expected->str);
  assert_too_deep (too_deep, DYNANTIC_CONDITION_MAX_DEPTH + 1);
}

/* 200,000 nested NOTs, or 20,000 ANDs, are refused before they are walked,
 * and freed without a recursion (no stack overflow, no leak under ASan). */
static void
test_depth_hostile (void)
{
  DynanticCondition *nots = nested_nots (dynantic_condition_attribute_exists ("a"), 200000);
  DynanticCondition *ands = dynantic_condition_attribute_exists ("b");

  for (guint i = 0; i < 20000; i++)
    {
      g_autoptr(DynanticCondition) leaf = dynantic_condition_attribute_not_exists ("c");
      DynanticCondition *pair[] = { ands, leaf };
      DynanticCondition *outer = dynantic_condition_andv (pair, G_N_ELEMENTS (pair));

      dynantic_condition_unref (ands);
      ands = outer;
    }
  assert_too_deep (nots, 200001);
  assert_too_deep (ands, 20001);
  dynantic_condition_unref (nots);
  dynantic_condition_unref (ands);
}

/* Freeing a condition stops at the parts someone else still holds. */
static void
test_free_keeps_shared_parts (void)
{
  DynanticCondition *inner = nested_nots (dynantic_condition_attribute_exists ("a"), 2);
  DynanticCondition *outer = nested_nots (dynantic_condition_ref (inner), 3);
  DynanticCondition *pair[] = { outer, inner };
  DynanticCondition *both = dynantic_condition_andv (pair, G_N_ELEMENTS (pair));
  g_autofree char *shown = NULL;

  dynantic_condition_unref (outer);
  dynantic_condition_unref (both);
  shown = dynantic_condition_to_string (inner);
  g_assert_cmpstr (shown, ==, "NOT (NOT attribute_exists(a))");
  dynantic_condition_unref (inner);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/condition/to-string/every-operator", test_to_string_every_operator);
  g_test_add_func ("/condition/to-string/hides-values", test_to_string_hides_values);
  g_test_add_func ("/condition/to-string/invalid", test_to_string_of_invalid);
  g_test_add_func ("/condition/boxed", test_boxed_and_refcount);
  g_test_add_func ("/condition/ownership", test_ownership);
  g_test_add_func ("/condition/comparison-enum", test_comparison_enum);
  g_test_add_func ("/condition/escape", test_escape);
  g_test_add_func ("/condition/threads", test_shared_between_threads);
  g_test_add_func ("/condition/depth/limit", test_depth_limit);
  g_test_add_func ("/condition/depth/hostile", test_depth_hostile);
  g_test_add_func ("/condition/depth/free-keeps-shared-parts", test_free_keeps_shared_parts);

  return g_test_run ();
}
