/* test-expression.c: paths, placeholders, values and the expression strings
 * compiled from conditions (no server)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <math.h>

#include "dynantic-condition-private.h"
#include "dynantic-expression-private.h"
#include "dynantic-error.h"
#include "test-util.h"
#include "test-values.h"

/* Paths */

static void
assert_segments (const char *text,
                 const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DynanticPath) path = dynantic_path_parse (text, &error);
  g_autoptr(GString) shown = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (path);
  g_assert_cmpstr (dynantic_path_get_text (path), ==, text);
  for (guint i = 0; i < dynantic_path_get_n_segments (path); i++)
    {
      const DynanticPathSegment *segment = dynantic_path_get_segment (path, i);

      if (segment->name != NULL)
        g_string_append_printf (shown, "<%s>", segment->name);
      else
        g_string_append_printf (shown, "[%u]", segment->index);
    }
  g_assert_cmpstr (shown->str, ==, expected);
}

static void
test_path_parse (void)
{
  assert_segments ("price", "<price>");
  assert_segments ("a.b[2].c", "<a><b>[2]<c>");
  assert_segments ("matrix[0][12]", "<matrix>[0][12]");
  assert_segments ("orders[2].lines[0].sku", "<orders>[2]<lines>[0]<sku>");
  assert_segments ("address.city.zip", "<address><city><zip>");
  assert_segments ("first name.last name", "<first name><last name>");
  assert_segments ("prénom.名前", "<prénom><名前>");
  assert_segments ("a\\.b", "<a.b>");
  assert_segments ("x\\[0\\].y\\\\z", "<x[0]><y\\z>");
  assert_segments ("#n0.:v0", "<#n0><:v0>");
  assert_segments ("list[2147483647]", "<list>[2147483647]");
}

static void
test_path_root (void)
{
  g_autoptr(DynanticPath) root = dynantic_path_parse ("a\\.b", NULL);
  g_autoptr(DynanticPath) nested = dynantic_path_parse ("a.b", NULL);
  g_autoptr(DynanticPath) element = dynantic_path_parse ("tags[0]", NULL);

  g_assert_true (dynantic_path_is_root (root));
  g_assert_cmpstr (dynantic_path_get_root (root), ==, "a.b");
  g_assert_false (dynantic_path_is_root (nested));
  g_assert_cmpstr (dynantic_path_get_root (nested), ==, "a");
  g_assert_false (dynantic_path_is_root (element));
  g_assert_cmpstr (dynantic_path_get_root (element), ==, "tags");
}

static void
assert_bad_path (const char *text,
                 const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DynanticPath) path = dynantic_path_parse (text, &error);
  g_autofree char *named = g_strdup_printf ("“%s”", text);

  g_assert_null (path);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, named));
  g_assert_nonnull (strstr (error->message, reason));
}

static void
test_path_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) deep = g_string_new ("a");

  assert_bad_path ("a..b", "a name is empty");
  assert_bad_path (".a", "a name is empty");
  assert_bad_path ("a.", "a name is empty");
  assert_bad_path ("a.[0]", "a name is empty");
  assert_bad_path ("[0]", "a name is empty");
  assert_bad_path ("a[", "“[” is not closed");
  assert_bad_path ("a[1", "“[” is not closed");
  assert_bad_path ("a[]", "a list index is empty");
  assert_bad_path ("a[x]", "a list index is not a number");
  assert_bad_path ("a[-1]", "a list index is not a number");
  assert_bad_path ("a[ 1]", "a list index is not a number");
  assert_bad_path ("a[2147483648]", "a list index is too large");
  assert_bad_path ("a]", "“]” without “[”");
  assert_bad_path ("a.b]c", "“]” without “[”");
  assert_bad_path ("a[0]b", "“.” or “[” must follow “]”");
  assert_bad_path ("a\\", "it ends with a lone backslash");

  for (guint i = 1; i < DYNANTIC_PATH_MAX_DEPTH; i++)
    g_string_append (deep, ".a");
  {
    g_autoptr(DynanticPath) deepest = dynantic_path_parse (deep->str, NULL);

    g_assert_nonnull (deepest);
    g_assert_cmpuint (dynantic_path_get_n_segments (deepest), ==, DYNANTIC_PATH_MAX_DEPTH);
  }
  g_string_append (deep, "[0]");
  assert_bad_path (deep->str, "it is nested too deeply");

  g_assert_null (dynantic_path_parse ("", &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "An attribute path is empty");
  g_clear_error (&error);

  g_assert_null (dynantic_path_parse ("a\xff", &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
}

static void
test_path_escape (void)
{
  const char *names[] = { "plain", "a.b", "x[0]", "back\\slash", "]", "all.[]\\.", "名前" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *escaped = dynantic_path_escape_name (names[i]);
      g_autoptr(DynanticPath) path = dynantic_path_parse (escaped, NULL);

      g_assert_nonnull (path);
      g_assert_true (dynantic_path_is_root (path));
      g_assert_cmpstr (dynantic_path_get_root (path), ==, names[i]);
    }

  {
    g_autofree char *escaped = dynantic_path_escape_name ("a.b[0]\\");

    g_assert_cmpstr (escaped, ==, "a\\.b\\[0\\]\\\\");
  }
}

/* Compiling conditions */

static char *
compile_ok (DynanticExpressionContext *context,
            DynanticCondition         *condition)
{
  g_autoptr(GError) error = NULL;
  char *expression = dynantic_expression_context_compile_condition (context, condition, &error);

  g_assert_no_error (error);
  g_assert_nonnull (expression);
  return expression;
}

/* Compiles @condition (taken over) in a fresh context and checks the string. */
static void
assert_compiles (DynanticCondition *condition,
                 const char        *expected)
{
  g_autoptr(DynanticCondition) owned = condition;
  g_autoptr(DynanticExpressionContext) context = dynantic_expression_context_new (NULL, NULL);
  g_autofree char *expression = compile_ok (context, owned);

  g_assert_cmpstr (expression, ==, expected);
}

/* The context's names, #n0 first, as "a|b|c". */
static char *
names_of (DynanticExpressionContext *context)
{
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < dynantic_expression_context_get_n_names (context); i++)
    {
      if (i > 0)
        g_string_append_c (names, '|');
      g_string_append (names, dynantic_expression_context_get_name (context, i));
    }
  return g_string_free (names, FALSE);
}

static void
test_compile_comparisons (void)
{
  assert_compiles (dynantic_condition_eq ("a", VALUE_INT (1)), "#n0 = :v0");
  assert_compiles (dynantic_condition_ne ("a", VALUE_INT (1)), "#n0 <> :v0");
  assert_compiles (dynantic_condition_lt ("a", VALUE_INT (1)), "#n0 < :v0");
  assert_compiles (dynantic_condition_le ("a", VALUE_INT (1)), "#n0 <= :v0");
  assert_compiles (dynantic_condition_gt ("a", VALUE_INT (1)), "#n0 > :v0");
  assert_compiles (dynantic_condition_ge ("a", VALUE_INT (1)), "#n0 >= :v0");
  assert_compiles (dynantic_condition_compare ("a", DYNANTIC_COMPARISON_NE, NULL), "#n0 <> :v0");
  assert_compiles (dynantic_condition_between ("a", VALUE_INT (1), VALUE_INT (9)),
                   "#n0 BETWEEN :v0 AND :v1");
}

static void
test_compile_functions (void)
{
  GValue three[3] = { G_VALUE_INIT, G_VALUE_INIT, G_VALUE_INIT };

  test_value_string (&three[0], "x");
  test_value_string (&three[1], "y");
  test_value_string (&three[2], "z");
  assert_compiles (dynantic_condition_in ("a", three, 3), "#n0 IN (:v0, :v1, :v2)");
  assert_compiles (dynantic_condition_in ("a", three, 1), "#n0 IN (:v0)");
  assert_compiles (dynantic_condition_begins_with ("a", "pre"), "begins_with(#n0, :v0)");
  assert_compiles (dynantic_condition_contains ("a", VALUE_STRING ("x")), "contains(#n0, :v0)");
  assert_compiles (dynantic_condition_attribute_exists ("a"), "attribute_exists(#n0)");
  assert_compiles (dynantic_condition_attribute_not_exists ("a"), "attribute_not_exists(#n0)");
  assert_compiles (dynantic_condition_attribute_type ("a", "SS"), "attribute_type(#n0, :v0)");
  assert_compiles (dynantic_condition_size ("a", DYNANTIC_COMPARISON_GE, VALUE_INT (3)),
                   "size(#n0) >= :v0");
  assert_compiles (dynantic_condition_size ("a", DYNANTIC_COMPARISON_NE, VALUE_INT (3)),
                   "size(#n0) <> :v0");
  assert_compiles (dynantic_condition_size_between ("a", VALUE_INT (1), VALUE_INT (5)),
                   "size(#n0) BETWEEN :v0 AND :v1");
}

static void
test_compile_paths (void)
{
  assert_compiles (dynantic_condition_eq ("a.b[2].c", VALUE_INT (1)), "#n0.#n1[2].#n2 = :v0");
  assert_compiles (dynantic_condition_eq ("m[0][3]", VALUE_INT (1)), "#n0[0][3] = :v0");
  assert_compiles (dynantic_condition_attribute_exists ("a.a.a[1].a"), "attribute_exists(#n0.#n0.#n0[1].#n0)");
  assert_compiles (dynantic_condition_size ("tags[0].b", DYNANTIC_COMPARISON_LT, VALUE_INT (3)),
                   "size(#n0[0].#n1) < :v0");
  assert_compiles (dynantic_condition_contains ("a\\.b", VALUE_STRING ("x")), "contains(#n0, :v0)");
}

/* Conditions for the nesting tests: A, B, C compile to #n0 = :v0, ... */
static DynanticCondition *
leaf (const char *name)
{
  return dynantic_condition_eq (name, VALUE_INT (0));
}

static void
test_compile_nesting (void)
{
  assert_compiles (dynantic_condition_and (TAKE (leaf ("a")), TAKE (leaf ("b")), TAKE (leaf ("c")), NULL),
                   "#n0 = :v0 AND #n1 = :v1 AND #n2 = :v2");
  assert_compiles (dynantic_condition_or (TAKE (leaf ("a")), TAKE (leaf ("b")), NULL),
                   "#n0 = :v0 OR #n1 = :v1");
  assert_compiles (dynantic_condition_or (TAKE (dynantic_condition_and (TAKE (leaf ("a")), TAKE (leaf ("b")), NULL)), TAKE (leaf ("c")), NULL),
                   "(#n0 = :v0 AND #n1 = :v1) OR #n2 = :v2");
  assert_compiles (dynantic_condition_and (TAKE (dynantic_condition_or (TAKE (leaf ("a")), TAKE (leaf ("b")), NULL)), TAKE (leaf ("c")), NULL),
                   "(#n0 = :v0 OR #n1 = :v1) AND #n2 = :v2");
  assert_compiles (dynantic_condition_and (TAKE (leaf ("a")), TAKE (dynantic_condition_or (TAKE (leaf ("b")), TAKE (leaf ("c")), NULL)), NULL),
                   "#n0 = :v0 AND (#n1 = :v1 OR #n2 = :v2)");
  assert_compiles (dynantic_condition_and (TAKE (dynantic_condition_and (TAKE (leaf ("a")), TAKE (leaf ("b")), NULL)), TAKE (leaf ("c")), NULL),
                   "#n0 = :v0 AND #n1 = :v1 AND #n2 = :v2");
  assert_compiles (dynantic_condition_or (TAKE (leaf ("a")), TAKE (dynantic_condition_or (TAKE (leaf ("b")), TAKE (leaf ("c")), NULL)), NULL),
                   "#n0 = :v0 OR #n1 = :v1 OR #n2 = :v2");
  assert_compiles (dynantic_condition_not (TAKE (leaf ("a"))), "NOT #n0 = :v0");
  assert_compiles (dynantic_condition_not (TAKE (dynantic_condition_attribute_exists ("a"))),
                   "NOT attribute_exists(#n0)");
  assert_compiles (dynantic_condition_not (TAKE (dynantic_condition_and (TAKE (leaf ("a")), TAKE (leaf ("b")), NULL))),
                   "NOT (#n0 = :v0 AND #n1 = :v1)");
  assert_compiles (dynantic_condition_not (TAKE (dynantic_condition_or (TAKE (leaf ("a")), TAKE (leaf ("b")), NULL))),
                   "NOT (#n0 = :v0 OR #n1 = :v1)");
  assert_compiles (dynantic_condition_not (TAKE (dynantic_condition_not (TAKE (leaf ("a"))))), "NOT (NOT #n0 = :v0)");
  assert_compiles (dynantic_condition_and (TAKE (dynantic_condition_not (TAKE (leaf ("a")))), TAKE (leaf ("b")), NULL),
                   "NOT #n0 = :v0 AND #n1 = :v1");
  assert_compiles (dynantic_condition_or (TAKE (dynantic_condition_not (TAKE (leaf ("a")))),
                                          TAKE (dynantic_condition_and (TAKE (leaf ("b")),
                                                                  TAKE (dynantic_condition_not (TAKE (dynantic_condition_or (TAKE (leaf ("c")), TAKE (leaf ("d")), NULL)))),
                                                                  NULL)),
                                          NULL),
                   "NOT #n0 = :v0 OR (#n1 = :v1 AND NOT (#n2 = :v2 OR #n3 = :v3))");
  /* An AND or OR of one condition is that condition, wherever it stands. */
  assert_compiles (dynantic_condition_and (TAKE (leaf ("a")), NULL), "#n0 = :v0");
  assert_compiles (dynantic_condition_and (TAKE (dynantic_condition_or (TAKE (dynantic_condition_or (TAKE (leaf ("a")), TAKE (leaf ("b")), NULL)), NULL)),
                                           TAKE (leaf ("c")), NULL),
                   "(#n0 = :v0 OR #n1 = :v1) AND #n2 = :v2");
  assert_compiles (dynantic_condition_not (TAKE (dynantic_condition_and (TAKE (leaf ("a")), NULL))), "NOT #n0 = :v0");
}

static void
test_compile_arrays (void)
{
  g_autoptr(DynanticCondition) a = leaf ("a");
  g_autoptr(DynanticCondition) b = leaf ("b");
  DynanticCondition *pair[] = { a, b };

  assert_compiles (dynantic_condition_andv (pair, 2), "#n0 = :v0 AND #n1 = :v1");
  assert_compiles (dynantic_condition_orv (pair, 2), "#n0 = :v0 OR #n1 = :v1");
  /* the arrays' conditions are borrowed, not taken */
  assert_compiles (dynantic_condition_andv (pair, 1), "#n0 = :v0");
}

static void
test_names_deduplicated (void)
{
  g_autoptr(DynanticExpressionContext) context = dynantic_expression_context_new (NULL, NULL);
  g_autoptr(DynanticCondition) condition =
    dynantic_condition_and (TAKE (dynantic_condition_eq ("a", VALUE_INT (1))),
                            TAKE (dynantic_condition_gt ("a.b", VALUE_INT (2))),
                            TAKE (dynantic_condition_lt ("b.a", VALUE_INT (3))),
                            TAKE (dynantic_condition_attribute_exists ("b[1].b")),
                            NULL);
  g_autofree char *expression = compile_ok (context, condition);
  g_autofree char *names = names_of (context);

  g_assert_cmpstr (expression, ==, "#n0 = :v0 AND #n0.#n1 > :v1 AND #n1.#n0 < :v2 AND attribute_exists(#n1[1].#n1)");
  g_assert_cmpstr (names, ==, "a|b");
  g_assert_cmpuint (dynantic_expression_context_get_n_values (context), ==, 3);
  g_assert_cmpstr (dynantic_expression_context_add_name (context, "b"), ==, "#n1");
  g_assert_cmpstr (dynantic_expression_context_add_name (context, "c"), ==, "#n2");
}

/* Key condition, filter and projection of one request share a context: the
 * placeholders run on across them and names are shared. */
static void
test_context_shared_by_request (void)
{
  g_autoptr(DynanticExpressionContext) context = dynantic_expression_context_new (NULL, NULL);
  g_autoptr(DynanticCondition) key = dynantic_condition_and (TAKE (dynantic_condition_eq ("room", VALUE_STRING ("r1"))),
                                                             TAKE (dynantic_condition_begins_with ("ts", "2024-")),
                                                             NULL);
  g_autoptr(DynanticCondition) filter = dynantic_condition_contains ("body", VALUE_STRING ("hello"));
  const char *projection_paths[] = { "room", "body", "meta.author", "ts" };
  g_autoptr(GError) error = NULL;
  g_autofree char *key_expression = compile_ok (context, key);
  g_autofree char *filter_expression = compile_ok (context, filter);
  g_autofree char *projection = dynantic_expression_context_compile_projection (context, projection_paths, 4, &error);
  g_autofree char *names = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (key_expression, ==, "#n0 = :v0 AND begins_with(#n1, :v1)");
  g_assert_cmpstr (filter_expression, ==, "contains(#n2, :v2)");
  g_assert_cmpstr (projection, ==, "#n0, #n2, #n3.#n4, #n1");
  names = names_of (context);
  g_assert_cmpstr (names, ==, "room|ts|body|meta|author");
  g_assert_cmpstr (g_value_get_string (dynantic_expression_context_get_value (context, 0, NULL)), ==, "r1");
  g_assert_cmpstr (g_value_get_string (dynantic_expression_context_get_value (context, 1, NULL)), ==, "2024-");
  g_assert_cmpstr (g_value_get_string (dynantic_expression_context_get_value (context, 2, NULL)), ==, "hello");
}

static void
test_projection_errors (void)
{
  g_autoptr(DynanticExpressionContext) context = dynantic_expression_context_new (NULL, NULL);
  const char *bad[] = { "ok", "a..b" };
  g_autoptr(GError) error = NULL;
  char *projection;

  projection = dynantic_expression_context_compile_projection (context, bad, 0, &error);
  g_assert_null (projection);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  projection = dynantic_expression_context_compile_projection (context, bad, 2, &error);
  g_assert_null (projection);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "“a..b”"));
}

/* What the update builder uses: paths and values one at a time. */
static void
test_add_path_and_value (void)
{
  g_autoptr(DynanticExpressionContext) context = dynantic_expression_context_new (NULL, NULL);
  g_autoptr(DynanticCondition) condition = dynantic_condition_attribute_exists ("count");
  g_autoptr(GError) error = NULL;
  g_autofree char *set_path = dynantic_expression_context_add_path (context, "stats.count", &error);
  const char *placeholder;
  g_autofree char *condition_expression = NULL;
  char *bad;

  g_assert_no_error (error);
  g_assert_cmpstr (set_path, ==, "#n0.#n1");
  placeholder = dynantic_expression_context_add_value (context, "stats.count", VALUE_INT (5),
                                                       DYNANTIC_VALUE_ROLE_PROPERTY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (placeholder, ==, ":v0");
  placeholder = dynantic_expression_context_add_value (context, "stats.count", VALUE_INT (6),
                                                       DYNANTIC_VALUE_ROLE_NUMBER, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (placeholder, ==, ":v1");
  condition_expression = compile_ok (context, condition);
  g_assert_cmpstr (condition_expression, ==, "attribute_exists(#n1)");

  bad = dynantic_expression_context_add_path (context, "stats[", &error);
  g_assert_null (bad);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (dynantic_expression_context_add_value (context, "", VALUE_INT (1),
                                                        DYNANTIC_VALUE_ROLE_PROPERTY, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
}

/* Whether @expression is made of placeholders, operators, keywords,
 * function names, list indexes, parentheses, commas, dots and spaces only. */
static gboolean
only_placeholders_and_syntax (const char *expression)
{
  static const char * const words[] = {
    "attribute_not_exists(", "attribute_exists(", "attribute_type(", "begins_with(",
    "contains(", "size(", "BETWEEN", "AND", "OR", "NOT", "IN", "<>", "<=", ">=",
    "=", "<", ">", "(", ")", ",", ".", " ",
  };
  const char *p = expression;

  while (*p != '\0')
    {
      gboolean matched = FALSE;

      if ((p[0] == '#' && p[1] == 'n') || (p[0] == ':' && p[1] == 'v') || p[0] == '[')
        {
          const char *digits = p + (p[0] == '[' ? 1 : 2);

          if (!g_ascii_isdigit (*digits))
            return FALSE;
          while (g_ascii_isdigit (*digits))
            digits++;
          if (p[0] == '[' && *digits++ != ']')
            return FALSE;
          p = digits;
          continue;
        }
      for (guint i = 0; i < G_N_ELEMENTS (words) && !matched; i++)
        if (g_str_has_prefix (p, words[i]))
          {
            p += strlen (words[i]);
            matched = TRUE;
          }
      if (!matched)
        return FALSE;
    }
  return TRUE;
}

static void
test_no_user_text_in_expressions (void)
{
  static const char * const hostile[] = {
    "first name", "#n0", ":v0", "a#b:c", "it's", "say \"hi\"", "prénom", "名前", "😀",
    "status", "size", "name", "AND", "OR x = :v0", ") OR (attribute_exists(pk)",
    "a\\.b", "back\\\\slash", "tab\there", "comma,here", "<>", "select", "NOT",
  };
  g_autoptr(DynanticExpressionContext) context = dynantic_expression_context_new (NULL, NULL);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) dynantic_condition_unref);
  g_autoptr(DynanticCondition) all = NULL;
  g_autofree char *expression = NULL;
  g_autofree char *projection = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autofree char *nested = g_strdup_printf ("%s.%s[1]", hostile[i], hostile[(i + 1) % G_N_ELEMENTS (hostile)]);

      g_ptr_array_add (parts, dynantic_condition_eq (hostile[i], VALUE_STRING (hostile[i])));
      g_ptr_array_add (parts, dynantic_condition_begins_with (nested, hostile[i]));
      g_ptr_array_add (parts, dynantic_condition_size (nested, DYNANTIC_COMPARISON_GT, VALUE_INT (i)));
      g_ptr_array_add (parts, dynantic_condition_not (TAKE (dynantic_condition_attribute_type (hostile[i], "S"))));
    }
  all = dynantic_condition_orv ((DynanticCondition * const *) parts->pdata, parts->len);
  expression = compile_ok (context, all);
  projection = dynantic_expression_context_compile_projection (context, hostile, G_N_ELEMENTS (hostile), NULL);

  g_assert_true (only_placeholders_and_syntax (expression));
  g_assert_true (only_placeholders_and_syntax (projection));
  /* and each name arrived whole in the names map */
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr(DynanticPath) path = dynantic_path_parse (hostile[i], NULL);
      const char *root = dynantic_path_get_root (path);
      gboolean found = FALSE;

      for (guint n = 0; n < dynantic_expression_context_get_n_names (context); n++)
        found |= g_str_equal (dynantic_expression_context_get_name (context, n), root);
      g_assert_true (found);
    }
  g_assert_cmpuint (dynantic_expression_context_get_n_values (context), ==, 4 * G_N_ELEMENTS (hostile));
}

static void
assert_compile_fails (DynanticCondition *condition,
                      GQuark             domain,
                      gint               code,
                      const char        *mentioned)
{
  g_autoptr(DynanticCondition) owned = condition;
  g_autoptr(DynanticExpressionContext) context = dynantic_expression_context_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *expression = dynantic_expression_context_compile_condition (context, owned, &error);

  g_assert_null (expression);
  g_assert_error (error, domain, code);
  if (strstr (error->message, mentioned) == NULL)
    g_error ("“%s” does not mention %s", error->message, mentioned);
}

static void
test_compile_errors (void)
{
  GValue many[DYNANTIC_CONDITION_MAX_IN_VALUES + 1];

  for (guint i = 0; i < G_N_ELEMENTS (many); i++)
    test_value_int (memset (&many[i], 0, sizeof many[i]), (gint) i);

  assert_compile_fails (dynantic_condition_in ("status", many, 0),
                        DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT, "“in” on “status”");
  assert_compile_fails (dynantic_condition_in ("status", many, DYNANTIC_CONDITION_MAX_IN_VALUES + 1),
                        DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT, "not 101");
  {
    g_autoptr(DynanticExpressionContext) context = dynantic_expression_context_new (NULL, NULL);
    g_autoptr(DynanticCondition) hundred = dynantic_condition_in ("status", many, DYNANTIC_CONDITION_MAX_IN_VALUES);
    g_autofree char *expression = compile_ok (context, hundred);

    g_assert_true (g_str_has_suffix (expression, ":v98, :v99)"));
    g_assert_cmpuint (dynantic_expression_context_get_n_values (context), ==, 100);
  }
  assert_compile_fails (dynantic_condition_eq ("a..b", VALUE_INT (1)),
                        DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT, "“a..b”");
  assert_compile_fails (dynantic_condition_in ("a[x]", many, 0),
                        DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT, "“a[x]”: a list index is not a number");
  assert_compile_fails (dynantic_condition_attribute_type ("kind", "STRING"),
                        DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT, "“STRING” for “kind”");
  assert_compile_fails (dynantic_condition_attribute_type ("kind", "s"),
                        DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT, "“s” for “kind”");
  assert_compile_fails (dynantic_condition_andv (NULL, 0),
                        DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT, "“and”");
  assert_compile_fails (dynantic_condition_orv (NULL, 0),
                        DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT, "“or”");
  /* a problem deep inside is found */
  assert_compile_fails (dynantic_condition_or (TAKE (leaf ("a")),
                                               TAKE (dynantic_condition_not (TAKE (dynantic_condition_and (TAKE (leaf ("b")), TAKE (leaf ("c]")), NULL)))),
                                               NULL),
                        DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT, "“c]”");
  assert_compile_fails (dynantic_condition_size ("a", DYNANTIC_COMPARISON_EQ, VALUE_STRING ("3")),
                        DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION, "“a” must be a number");

  for (guint i = 0; i < G_N_ELEMENTS (many); i++)
    g_value_unset (&many[i]);
}

/* Values converted to the type of the property their path names */

typedef enum { TEST_STATUS_PENDING, TEST_STATUS_ACTIVE } TestStatus;
typedef enum { TEST_PERM_READ = 1 << 0, TEST_PERM_WRITE = 1 << 1 } TestPerm;

static GType
test_status_get_type (void)
{
  static const GEnumValue values[] = {
    { TEST_STATUS_PENDING, "TEST_STATUS_PENDING", "pending" },
    { TEST_STATUS_ACTIVE, "TEST_STATUS_ACTIVE", "active" },
    { 0, NULL, NULL },
  };
  static gsize type;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("TestStatus", values));
  return type;
}

static GType
test_perm_get_type (void)
{
  static const GFlagsValue values[] = {
    { TEST_PERM_READ, "TEST_PERM_READ", "read" },
    { TEST_PERM_WRITE, "TEST_PERM_WRITE", "write" },
    { 0, NULL, NULL },
  };
  static gsize type;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_flags_register_static ("TestPerm", values));
  return type;
}

/* The model layer's part, played by a table: a root names a property by
 * its attribute's name, or (the last entry) by the property's own name. */
static gboolean
resolve_test_property (const char          *root,
                       const char         **attribute,
                       GType               *type,
                       DynanticValueFlags  *flags,
                       gpointer             user_data)
{
  const struct { const char *name; GType type; DynanticValueFlags flags; const char *attribute; } properties[] = {
    { "price", G_TYPE_DOUBLE, DYNANTIC_VALUE_DEFAULT },
    { "ratio", G_TYPE_FLOAT, DYNANTIC_VALUE_DEFAULT },
    { "count", G_TYPE_INT, DYNANTIC_VALUE_DEFAULT },
    { "small", G_TYPE_UCHAR, DYNANTIC_VALUE_DEFAULT },
    { "amount", G_TYPE_STRING, DYNANTIC_VALUE_NUMBER_STRING },
    { "status", test_status_get_type (), DYNANTIC_VALUE_DEFAULT },
    { "perms", test_perm_get_type (), DYNANTIC_VALUE_DEFAULT },
    { "created", G_TYPE_DATE_TIME, DYNANTIC_VALUE_DEFAULT },
    { "expires", G_TYPE_INT64, DYNANTIC_VALUE_EPOCH_SECONDS },
    { "tags", G_TYPE_STRV, DYNANTIC_VALUE_DEFAULT },
    { "name", G_TYPE_STRING, DYNANTIC_VALUE_DEFAULT },
    { "data", G_TYPE_VARIANT, DYNANTIC_VALUE_DEFAULT },
    { "a.b", G_TYPE_INT, DYNANTIC_VALUE_DEFAULT },
    { "unit-price", G_TYPE_DOUBLE, DYNANTIC_VALUE_DEFAULT, "unit_price" },
  };
  GPtrArray *asked = user_data;

  g_ptr_array_add (asked, g_strdup (root));
  for (guint i = 0; i < G_N_ELEMENTS (properties); i++)
    if (g_str_equal (root, properties[i].name))
      {
        *attribute = properties[i].attribute != NULL ? properties[i].attribute : properties[i].name;
        *type = properties[i].type;
        *flags = properties[i].flags;
        return TRUE;
      }
  return FALSE;
}

typedef struct {
  GPtrArray                 *asked;
  DynanticExpressionContext *context;
} Converted;

static void
converted_clear (Converted *converted)
{
  g_clear_pointer (&converted->context, dynantic_expression_context_free);
  g_clear_pointer (&converted->asked, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Converted, converted_clear)

/* Compiles @condition (taken over) against the test properties. */
static void
convert_ok (Converted         *converted,
            DynanticCondition *condition)
{
  g_autoptr(DynanticCondition) owned = condition;
  g_autofree char *expression = NULL;

  converted->asked = g_ptr_array_new_with_free_func (g_free);
  converted->context = dynantic_expression_context_new (resolve_test_property, converted->asked);
  expression = compile_ok (converted->context, owned);
}

static const GValue *
value_at (Converted          *converted,
          guint               i,
          DynanticValueFlags  expected_flags)
{
  DynanticValueFlags flags;
  const GValue *value = dynantic_expression_context_get_value (converted->context, i, &flags);

  g_assert_cmpint (flags, ==, expected_flags);
  return value;
}

static void
assert_refused (DynanticCondition *condition,
                const char        *path,
                const char        *reason,
                const char        *secret)
{
  g_autoptr(DynanticCondition) owned = condition;
  g_autoptr(GPtrArray) asked = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(DynanticExpressionContext) context = dynantic_expression_context_new (resolve_test_property, asked);
  g_autoptr(GError) error = NULL;
  g_autofree char *expression = dynantic_expression_context_compile_condition (context, owned, &error);
  g_autofree char *named = g_strdup_printf ("“%s”", path);

  g_assert_null (expression);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  if (strstr (error->message, named) == NULL || strstr (error->message, reason) == NULL)
    g_error ("“%s” should name %s and say %s", error->message, named, reason);
  if (secret != NULL)
    g_assert_null (strstr (error->message, secret));
}

static void
test_values_numbers (void)
{
  g_auto(Converted) price = { 0 };
  g_auto(Converted) count = { 0 };
  g_auto(Converted) small = { 0 };
  g_auto(Converted) ratio = { 0 };

  convert_ok (&price, dynantic_condition_eq ("price", VALUE_INT (3)));
  g_assert_true (G_VALUE_HOLDS_DOUBLE (value_at (&price, 0, DYNANTIC_VALUE_DEFAULT)));
  g_assert_cmpfloat (g_value_get_double (value_at (&price, 0, DYNANTIC_VALUE_DEFAULT)), ==, 3.0);
  g_assert_cmpstr (g_ptr_array_index (price.asked, 0), ==, "price");

  convert_ok (&count, dynantic_condition_between ("count", VALUE_DOUBLE (3.0), VALUE_INT64 (G_MAXINT)));
  g_assert_cmpint (g_value_get_int (value_at (&count, 0, DYNANTIC_VALUE_DEFAULT)), ==, 3);
  g_assert_cmpint (g_value_get_int (value_at (&count, 1, DYNANTIC_VALUE_DEFAULT)), ==, G_MAXINT);

  convert_ok (&small, dynantic_condition_eq ("small", VALUE_INT (255)));
  g_assert_cmpuint (g_value_get_uchar (value_at (&small, 0, DYNANTIC_VALUE_DEFAULT)), ==, 255);

  convert_ok (&ratio, dynantic_condition_lt ("ratio", VALUE_DOUBLE (0.5)));
  g_assert_cmpfloat (g_value_get_float (value_at (&ratio, 0, DYNANTIC_VALUE_DEFAULT)), ==, 0.5f);

  assert_refused (dynantic_condition_eq ("count", VALUE_DOUBLE (3.5)), "count", "outside the range of its type gint", "3.5");
  assert_refused (dynantic_condition_eq ("count", VALUE_INT64 (G_GINT64_CONSTANT (1) << 40)), "count", "outside the range", "1099511627776");
  assert_refused (dynantic_condition_eq ("small", VALUE_INT (-1)), "small", "outside the range of its type guchar", NULL);
  assert_refused (dynantic_condition_eq ("price", VALUE_STRING ("3")), "price", "does not fit its type gdouble (it is a gchararray)", NULL);
  assert_refused (dynantic_condition_eq ("price", VALUE_INT64 ((G_GINT64_CONSTANT (1) << 53) + 1)), "price", "outside the range", NULL);
  assert_refused (dynantic_condition_eq ("ratio", VALUE_DOUBLE (1e300)), "ratio", "outside the range of its type gfloat", NULL);
  assert_refused (dynantic_condition_eq ("count", VALUE_BOOLEAN (TRUE)), "count", "does not fit", NULL);
}

static void
test_values_number_strings (void)
{
  g_auto(Converted) amount = { 0 };
  GValue choices[2] = { G_VALUE_INIT, G_VALUE_INIT };

  test_value_string (&choices[0], "12.50");
  test_value_int64 (&choices[1], G_GINT64_CONSTANT (-9007199254740993));
  convert_ok (&amount, dynantic_condition_and (TAKE (dynantic_condition_eq ("amount", VALUE_INT (42))),
                                               TAKE (dynantic_condition_gt ("amount", VALUE_DOUBLE (29.99))),
                                               TAKE (dynantic_condition_in ("amount", choices, 2)),
                                               NULL));
  g_assert_cmpstr (g_value_get_string (value_at (&amount, 0, DYNANTIC_VALUE_NUMBER_STRING)), ==, "42");
  g_assert_cmpstr (g_value_get_string (value_at (&amount, 1, DYNANTIC_VALUE_NUMBER_STRING)), ==, "29.99");
  g_assert_cmpstr (g_value_get_string (value_at (&amount, 2, DYNANTIC_VALUE_NUMBER_STRING)), ==, "12.50");
  g_assert_cmpstr (g_value_get_string (value_at (&amount, 3, DYNANTIC_VALUE_NUMBER_STRING)), ==, "-9007199254740993");

  assert_refused (dynantic_condition_eq ("amount", VALUE_STRING ("lots")), "amount", "", "lots");
  assert_refused (dynantic_condition_eq ("amount", VALUE_BOOLEAN (TRUE)), "amount", "does not fit", NULL);
  assert_refused (dynantic_condition_eq ("amount", VALUE_DOUBLE (INFINITY)), "amount", "not a finite number", NULL);
}

static void
test_values_enums_and_flags (void)
{
  g_auto(Converted) status = { 0 };
  g_auto(Converted) perms = { 0 };
  GValue nicks[2] = { G_VALUE_INIT, G_VALUE_INIT };

  test_value_string (&nicks[0], "active");
  test_value_string (&nicks[1], "TEST_STATUS_PENDING");
  convert_ok (&status, dynantic_condition_or (TAKE (dynantic_condition_in ("status", nicks, 2)),
                                              TAKE (dynantic_condition_eq ("status", VALUE_INT (1))),
                                              NULL));
  g_assert_true (G_VALUE_HOLDS (value_at (&status, 0, DYNANTIC_VALUE_DEFAULT), test_status_get_type ()));
  g_assert_cmpint (g_value_get_enum (value_at (&status, 0, DYNANTIC_VALUE_DEFAULT)), ==, TEST_STATUS_ACTIVE);
  g_assert_cmpint (g_value_get_enum (value_at (&status, 1, DYNANTIC_VALUE_DEFAULT)), ==, TEST_STATUS_PENDING);
  g_assert_cmpint (g_value_get_enum (value_at (&status, 2, DYNANTIC_VALUE_DEFAULT)), ==, TEST_STATUS_ACTIVE);

  /* contains() on a flags property looks for one flag, by its nick */
  convert_ok (&perms, dynantic_condition_contains ("perms", VALUE_STRING ("write")));
  g_assert_cmpstr (g_value_get_string (value_at (&perms, 0, DYNANTIC_VALUE_DEFAULT)), ==, "write");

  assert_refused (dynantic_condition_eq ("status", VALUE_STRING ("bogus")), "status", "not a member of TestStatus", "bogus");
  assert_refused (dynantic_condition_eq ("status", VALUE_INT (7)), "status", "not a member of TestStatus", NULL);
  assert_refused (dynantic_condition_eq ("status", VALUE_DOUBLE (1.0)), "status", "does not fit", NULL);
  assert_refused (dynantic_condition_contains ("perms", VALUE_STRING ("execute")), "perms", "not a member of TestPerm", "execute");
  assert_refused (dynantic_condition_contains ("perms", VALUE_INT (1)), "perms", "must be a string", NULL);
  /* a flags value with no bit set is an empty string set, which DynamoDB cannot hold */
  assert_refused (dynantic_condition_eq ("perms", VALUE_INT (0)), "perms", "is an empty set", NULL);
}

static void
test_values_dates (void)
{
  g_auto(Converted) created = { 0 };
  g_auto(Converted) expires = { 0 };
  GDateTime *date_time;

  convert_ok (&created, dynantic_condition_and (TAKE (dynantic_condition_ge ("created", VALUE_STRING ("2024-01-02T03:04:05.250+02:00"))),
                                                TAKE (dynantic_condition_lt ("created", VALUE_INT64 (86400))),
                                                TAKE (dynantic_condition_begins_with ("created", "2024-")),
                                                NULL));
  date_time = g_value_get_boxed (value_at (&created, 0, DYNANTIC_VALUE_DEFAULT));
  g_assert_cmpint (g_date_time_to_unix (date_time), ==, 1704157445);
  g_assert_cmpint (g_date_time_get_microsecond (date_time), ==, 250000);
  date_time = g_value_get_boxed (value_at (&created, 1, DYNANTIC_VALUE_DEFAULT));
  g_assert_cmpint (g_date_time_get_day_of_month (date_time), ==, 2);
  g_assert_cmpint (g_date_time_get_year (date_time), ==, 1970);
  /* begins_with takes the prefix as a string, whatever the property */
  g_assert_cmpstr (g_value_get_string (value_at (&created, 2, DYNANTIC_VALUE_DEFAULT)), ==, "2024-");

  convert_ok (&expires, dynantic_condition_between ("expires", VALUE_INT (0), VALUE_INT (10)));
  g_assert_cmpint (g_value_get_int64 (value_at (&expires, 1, DYNANTIC_VALUE_EPOCH_SECONDS)), ==, 10);

  assert_refused (dynantic_condition_eq ("created", VALUE_STRING ("next tuesday")), "created", "not an ISO 8601 date", "tuesday");
  assert_refused (dynantic_condition_eq ("created", VALUE_DOUBLE (1.5)), "created", "does not fit", NULL);
  assert_refused (dynantic_condition_eq ("created", VALUE_INT64 (G_MAXINT64)), "created", "outside the range of its type GDateTime", NULL);
}

static void
test_values_by_role (void)
{
  g_auto(Converted) roles = { 0 };

  convert_ok (&roles, dynantic_condition_and (TAKE (dynantic_condition_contains ("tags", VALUE_STRING ("red"))),
                                              TAKE (dynantic_condition_contains ("name", VALUE_STRING ("oh"))),
                                              TAKE (dynantic_condition_size ("name", DYNANTIC_COMPARISON_GT, VALUE_INT (3))),
                                              TAKE (dynantic_condition_size ("tags", DYNANTIC_COMPARISON_LE, VALUE_DOUBLE (2.0))),
                                              TAKE (dynantic_condition_attribute_type ("count", "N")),
                                              TAKE (dynantic_condition_eq ("data.x", VALUE_INT (1))),
                                              TAKE (dynantic_condition_eq ("data", VALUE_STRING ("whole"))),
                                              TAKE (dynantic_condition_eq ("tags[0]", VALUE_INT (5))),
                                              TAKE (dynantic_condition_eq ("other", VALUE_INT (6))),
                                              TAKE (dynantic_condition_eq ("a\\.b", VALUE_DOUBLE (2.0))),
                                              TAKE (dynantic_condition_eq ("count", NULL)),
                                              NULL));
  g_assert_cmpstr (g_value_get_string (value_at (&roles, 0, DYNANTIC_VALUE_DEFAULT)), ==, "red");
  g_assert_cmpstr (g_value_get_string (value_at (&roles, 1, DYNANTIC_VALUE_DEFAULT)), ==, "oh");
  g_assert_cmpint (g_value_get_int (value_at (&roles, 2, DYNANTIC_VALUE_DEFAULT)), ==, 3);
  g_assert_cmpfloat (g_value_get_double (value_at (&roles, 3, DYNANTIC_VALUE_DEFAULT)), ==, 2.0);
  g_assert_cmpstr (g_value_get_string (value_at (&roles, 4, DYNANTIC_VALUE_DEFAULT)), ==, "N");
  g_assert_cmpint (g_value_get_int (value_at (&roles, 5, DYNANTIC_VALUE_DEFAULT)), ==, 1);
  g_assert_cmpstr (g_value_get_string (value_at (&roles, 6, DYNANTIC_VALUE_DEFAULT)), ==, "whole");
  g_assert_cmpint (g_value_get_int (value_at (&roles, 7, DYNANTIC_VALUE_DEFAULT)), ==, 5);
  g_assert_cmpint (g_value_get_int (value_at (&roles, 8, DYNANTIC_VALUE_DEFAULT)), ==, 6);
  g_assert_true (G_VALUE_HOLDS_INT (value_at (&roles, 9, DYNANTIC_VALUE_DEFAULT)));
  g_assert_cmpint (g_value_get_int (value_at (&roles, 9, DYNANTIC_VALUE_DEFAULT)), ==, 2);
  g_assert_false (G_IS_VALUE (value_at (&roles, 10, DYNANTIC_VALUE_DEFAULT)));
  /* only top-level attributes are asked about, by their unescaped names */
  g_assert_true (g_ptr_array_find_with_equal_func (roles.asked, "a.b", g_str_equal, NULL));
  g_assert_false (g_ptr_array_find_with_equal_func (roles.asked, "tags[0]", g_str_equal, NULL));

  assert_refused (dynantic_condition_contains ("tags", VALUE_INT (1)), "tags", "must be a string", NULL);
  assert_refused (dynantic_condition_eq ("name", VALUE_INT (3)), "name", "does not fit its type gchararray", NULL);
  {
    g_autoptr(DynanticExpressionContext) context = dynantic_expression_context_new (NULL, NULL);
    g_autoptr(GError) error = NULL;

    g_assert_null (dynantic_expression_context_add_value (context, "n", NULL, DYNANTIC_VALUE_ROLE_NUMBER, &error));
    g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
    g_clear_error (&error);
    g_assert_null (dynantic_expression_context_add_value (context, "s", NULL, DYNANTIC_VALUE_ROLE_STRING, &error));
    g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  }
  {
    GValue pointer = G_VALUE_INIT;

    g_value_init (&pointer, G_TYPE_POINTER);
    assert_refused (dynantic_condition_eq ("other", &pointer), "other", "is a gpointer, which cannot be stored", NULL);
  }
}

/* A refused value names its path in the error's fields too. */
static void
test_values_error_fields (void)
{
  g_autoptr(GPtrArray) asked = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(DynanticExpressionContext) context = dynantic_expression_context_new (resolve_test_property, asked);
  g_autoptr(DynanticCondition) condition = dynantic_condition_eq ("count", VALUE_STRING ("x"));
  g_autoptr(GError) error = NULL;
  g_autofree char *expression = dynantic_expression_context_compile_condition (context, condition, &error);
  const char * const *fields;

  g_assert_null (expression);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  fields = dynantic_error_get_fields (error);
  g_assert_nonnull (fields);
  g_assert_cmpstr (fields[0], ==, "count");
  g_assert_null (fields[1]);
}

/* ExpressionAttributeNames and ExpressionAttributeValues, byte for byte */

static char *
written (DynanticExpressionContext *context)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  DynanticJsonWriter writer;

  dynantic_json_writer_init (&writer, out);
  dynantic_json_writer_begin_object (&writer);
  g_assert_true (dynantic_expression_context_write (context, &writer, &error));
  g_assert_no_error (error);
  dynantic_json_writer_end_object (&writer);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_write_nothing (void)
{
  g_autoptr(DynanticExpressionContext) context = dynantic_expression_context_new (NULL, NULL);
  g_autofree char *json = written (context);

  g_assert_cmpstr (json, ==, "{}");
}

static void
test_write_names_only (void)
{
  g_autoptr(DynanticExpressionContext) context = dynantic_expression_context_new (NULL, NULL);
  g_autoptr(DynanticCondition) condition = dynantic_condition_attribute_not_exists ("pk");
  g_autofree char *expression = compile_ok (context, condition);
  g_autofree char *json = written (context);

  g_assert_cmpstr (json, ==, "{\"ExpressionAttributeNames\":{\"#n0\":\"pk\"}}");
}

static void
test_write_names_and_values (void)
{
  g_auto(Converted) converted = { 0 };
  g_autofree char *json = NULL;

  convert_ok (&converted,
              dynantic_condition_and (TAKE (dynantic_condition_eq ("say \"hi\"\\.x", VALUE_STRING ("a \"quoted\" \\ value\n"))),
                                      TAKE (dynantic_condition_ge ("price", VALUE_INT (3))),
                                      TAKE (dynantic_condition_gt ("amount", VALUE_DOUBLE (29.99))),
                                      TAKE (dynantic_condition_eq ("status", VALUE_STRING ("active"))),
                                      TAKE (dynantic_condition_lt ("created", VALUE_STRING ("2024-01-02T03:04:05.25Z"))),
                                      TAKE (dynantic_condition_eq ("名前.😀[3]", VALUE_BOOLEAN (FALSE))),
                                      TAKE (dynantic_condition_ne ("count", NULL)),
                                      TAKE (dynantic_condition_size ("tags", DYNANTIC_COMPARISON_GE, VALUE_INT64 (-7))),
                                      TAKE (dynantic_condition_attribute_type ("count", "NS")),
                                      NULL));
  json = written (converted.context);
  g_assert_cmpstr (json, ==,
                   "{\"ExpressionAttributeNames\":{\"#n0\":\"say \\\"hi\\\".x\",\"#n1\":\"price\","
                   "\"#n2\":\"amount\",\"#n3\":\"status\",\"#n4\":\"created\",\"#n5\":\"名前\","
                   "\"#n6\":\"😀\",\"#n7\":\"count\",\"#n8\":\"tags\"},"
                   "\"ExpressionAttributeValues\":{"
                   "\":v0\":{\"S\":\"a \\\"quoted\\\" \\\\ value\\n\"},"
                   "\":v1\":{\"N\":\"3\"},"
                   "\":v2\":{\"N\":\"29.99\"},"
                   "\":v3\":{\"S\":\"active\"},"
                   "\":v4\":{\"S\":\"2024-01-02T03:04:05.250000Z\"},"
                   "\":v5\":{\"BOOL\":false},"
                   "\":v6\":{\"NULL\":true},"
                   "\":v7\":{\"N\":\"-7\"},"
                   "\":v8\":{\"S\":\"NS\"}}}");
}

/* A value the codec refuses fails the write, naming the path, not the value. */
static void
test_write_refused_value (void)
{
  g_autoptr(DynanticExpressionContext) context = dynantic_expression_context_new (NULL, NULL);
  g_autoptr(DynanticCondition) condition = dynantic_condition_eq ("ratio", VALUE_DOUBLE (NAN));
  g_autofree char *expression = compile_ok (context, condition);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  DynanticJsonWriter writer;

  dynantic_json_writer_init (&writer, out);
  dynantic_json_writer_begin_object (&writer);
  g_assert_false (dynantic_expression_context_write (context, &writer, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "ratio"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/path/parse", test_path_parse);
  g_test_add_func ("/path/root", test_path_root);
  g_test_add_func ("/path/errors", test_path_errors);
  g_test_add_func ("/path/escape", test_path_escape);
  g_test_add_func ("/compile/comparisons", test_compile_comparisons);
  g_test_add_func ("/compile/functions", test_compile_functions);
  g_test_add_func ("/compile/paths", test_compile_paths);
  g_test_add_func ("/compile/nesting", test_compile_nesting);
  g_test_add_func ("/compile/arrays", test_compile_arrays);
  g_test_add_func ("/compile/errors", test_compile_errors);
  g_test_add_func ("/context/names-deduplicated", test_names_deduplicated);
  g_test_add_func ("/context/shared-by-request", test_context_shared_by_request);
  g_test_add_func ("/context/projection-errors", test_projection_errors);
  g_test_add_func ("/context/add-path-and-value", test_add_path_and_value);
  g_test_add_func ("/context/no-user-text", test_no_user_text_in_expressions);
  g_test_add_func ("/values/numbers", test_values_numbers);
  g_test_add_func ("/values/number-strings", test_values_number_strings);
  g_test_add_func ("/values/enums-and-flags", test_values_enums_and_flags);
  g_test_add_func ("/values/dates", test_values_dates);
  g_test_add_func ("/values/by-role", test_values_by_role);
  g_test_add_func ("/values/error-fields", test_values_error_fields);
  g_test_add_func ("/write/nothing", test_write_nothing);
  g_test_add_func ("/write/names-only", test_write_names_only);
  g_test_add_func ("/write/names-and-values", test_write_names_and_values);
  g_test_add_func ("/write/refused-value", test_write_refused_value);

  return g_test_run ();
}
