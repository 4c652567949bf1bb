/* fuzz-expression.c: the condition and update compilers, driven by bytes
 *
 * The input is a little program: each step builds a value, a condition
 * (comparisons, BETWEEN, IN, functions, AND/OR/NOT over conditions built
 * before) or an update action (SET, if_not_exists, list_append, +/-, ADD,
 * REMOVE, DELETE) on a path taken from FuzzEverything's attributes or from
 * the input. Then the conditions are compiled for display and against the
 * schema, and the update into the members of an UpdateItem request.
 *
 * Beyond "no crash, no leak, no GLib warning":
 * - a failure is DYNANTIC_ERROR, INVALID_ARGUMENT or VALIDATION;
 * - a request compiled well is valid JSON, whose expressions hold only
 *   placeholders, operators, keywords and function names (never a name or
 *   value the caller gave), and whose ExpressionAttributeNames and
 *   ExpressionAttributeValues define exactly the placeholders the
 *   expressions use (DynamoDB refuses unused ones).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "dynantic-error.h"
#include "dynantic-condition-private.h"
#include "dynantic-expression-private.h"
#include "dynantic-schema-private.h"
#include "dynantic-update-private.h"
#include "fuzz-models.h"
#include "fuzz-check.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define MAX_STACK 16
#define MAX_STEPS 48

typedef struct {
  const uint8_t *data;
  size_t         size;
} Input;

static guint8
take_byte (Input *in)
{
  guint8 byte;

  if (in->size == 0)
    return 0;
  byte = in->data[0];
  in->data++;
  in->size--;
  return byte;
}

static guint64
take_bits (Input *in,
           guint  n_bytes)
{
  guint64 bits = 0;

  for (guint i = 0; i < n_bytes; i++)
    bits = bits << 8 | take_byte (in);
  return bits;
}

/* Up to @max bytes, the count first. */
static char *
take_string (Input *in,
             guint  max)
{
  guint wanted = take_byte (in) % (max + 1);
  guint length = MIN (wanted, in->size);
  char *text = g_strndup ((const char *) in->data, length);

  in->data += length;
  in->size -= length;
  return text;
}

static char *
take_path (Input *in)
{
  guint8 pick = take_byte (in);

  if (pick < 224)
    return g_strdup (fuzz_everything_paths[pick % g_strv_length ((char **) fuzz_everything_paths)]);
  return take_string (in, 40);
}

/* A value of a type the input chooses into @value; FALSE for "no value"
 * (NULL). */
static gboolean
take_value (Input  *in,
            GValue *value)
{
  switch (take_byte (in) % 16)
    {
    case 0:
      return FALSE;
    case 1:
      g_value_set_int (g_value_init (value, G_TYPE_INT), (gint) take_bits (in, 4));
      break;
    case 2:
      g_value_set_int64 (g_value_init (value, G_TYPE_INT64), (gint64) take_bits (in, 8));
      break;
    case 3:
      {
        guint64 bits = take_bits (in, 8);
        double d;

        memcpy (&d, &bits, sizeof d);
        g_value_set_double (g_value_init (value, G_TYPE_DOUBLE), d);
      }
      break;
    case 4:
      g_value_take_string (g_value_init (value, G_TYPE_STRING), take_string (in, 32));
      break;
    case 5:
      g_value_set_boolean (g_value_init (value, G_TYPE_BOOLEAN), take_byte (in) & 1);
      break;
    case 6:
      {
        g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
        guint n = take_byte (in) % 5;

        for (guint i = 0; i < n; i++)
          {
            g_autofree char *element = take_string (in, 12);

            g_strv_builder_add (builder, element);
          }
        g_value_take_boxed (g_value_init (value, G_TYPE_STRV), g_strv_builder_end (builder));
      }
      break;
    case 7:
      {
        g_autofree char *text = take_string (in, 16);

        g_value_take_boxed (g_value_init (value, G_TYPE_BYTES), g_bytes_new (text, strlen (text)));
      }
      break;
    case 8:
      {
        g_autofree char *text = take_string (in, 48);
        g_autofree char *valid = g_utf8_make_valid (text, -1);
        GVariant *variant = NULL;

        /* GLib's text parser puts a string literal's bytes and \u escapes
         * (a surrogate among them) into a string without checking them, and
         * g_variant_new_string() then fails a critical: give it only UTF-8
         * text without \u escapes, as a program's own literals would be */
        if (strstr (valid, "\\u") == NULL && strstr (valid, "\\U") == NULL)
          variant = g_variant_parse (NULL, valid, NULL, NULL, NULL);
        if (variant == NULL)
          variant = g_variant_new_string (valid);
        /* parsed: a full reference; made: a floating one; taken either way */
        g_value_init (value, G_TYPE_VARIANT);
        g_value_take_variant (value, variant);
      }
      break;
    case 9:
      {
        g_autofree char *text = take_string (in, 48);
        JsonNode *node = json_from_string (text, NULL);

        if (node == NULL)
          node = json_node_init_string (json_node_alloc (), text);
        g_value_take_boxed (g_value_init (value, JSON_TYPE_NODE), node);
      }
      break;
    case 10:
      g_value_take_boxed (g_value_init (value, G_TYPE_DATE_TIME),
                          g_date_time_new_from_unix_utc ((gint64) take_bits (in, 5) - ((gint64) 1 << 39)));
      if (g_value_get_boxed (value) == NULL)
        {
          g_value_unset (value);
          return FALSE;
        }
      break;
    case 11:
      g_value_set_uint64 (g_value_init (value, G_TYPE_UINT64), take_bits (in, 8));
      break;
    case 12:
      {
        guint32 bits = (guint32) take_bits (in, 4);
        float f;

        memcpy (&f, &bits, sizeof f);
        g_value_set_float (g_value_init (value, G_TYPE_FLOAT), f);
      }
      break;
    case 13:
      g_value_set_schar (g_value_init (value, G_TYPE_CHAR), (gint8) take_byte (in));
      break;
    case 14:
      g_value_set_uint (g_value_init (value, G_TYPE_UINT), (guint) take_bits (in, 4));
      break;
    default:
      g_value_take_object (g_value_init (value, FUZZ_TYPE_ADDRESS),
                           g_object_new (FUZZ_TYPE_ADDRESS, "zip", (gint) (take_byte (in) * 390), NULL));
      break;
    }
  return TRUE;
}

typedef struct {
  DynanticCondition *stack[MAX_STACK];
  guint              depth;
} Stack;

static void
push (Stack             *stack,
      DynanticCondition *condition)
{
  CHECK (condition != NULL);
  if (stack->depth == MAX_STACK)
    {
      dynantic_condition_unref (condition);
      return;
    }
  stack->stack[stack->depth++] = condition;
}

static void
stack_clear (Stack *stack)
{
  while (stack->depth > 0)
    dynantic_condition_unref (stack->stack[--stack->depth]);
}

/* A value that some constructors require (they take no NULL). */
static void
take_required_value (Input  *in,
                     GValue *value)
{
  if (!take_value (in, value))
    g_value_set_int (g_value_init (value, G_TYPE_INT), 0);
}

static void
build_condition (Input *in,
                 guint8 op,
                 Stack *stack)
{
  g_autofree char *path = take_path (in);
  g_auto(GValue) a = G_VALUE_INIT;
  g_auto(GValue) b = G_VALUE_INIT;
  DynanticComparison comparison = op / 16 % 6;

  switch (op % 12)
    {
    case 0:
      push (stack, dynantic_condition_compare (path, comparison, take_value (in, &a) ? &a : NULL));
      break;
    case 1:
      take_required_value (in, &a);
      take_required_value (in, &b);
      push (stack, dynantic_condition_between (path, &a, &b));
      break;
    case 2:
      {
        guint n = take_byte (in) % 104;   /* past DynamoDB's 100 */
        GValue *values = g_new0 (GValue, MAX (n, 1));

        for (guint i = 0; i < n; i++)
          {
            if (i < 4)
              take_required_value (in, &values[i]);
            else
              g_value_copy (&values[i % 4], g_value_init (&values[i], G_VALUE_TYPE (&values[i % 4])));
          }
        push (stack, dynantic_condition_in (path, values, n));
        for (guint i = 0; i < n; i++)
          g_value_unset (&values[i]);
        g_free (values);
      }
      break;
    case 3:
      {
        g_autofree char *prefix = take_string (in, 16);

        push (stack, dynantic_condition_begins_with (path, prefix));
      }
      break;
    case 4:
      take_required_value (in, &a);
      push (stack, dynantic_condition_contains (path, &a));
      break;
    case 5:
      push (stack, dynantic_condition_attribute_exists (path));
      break;
    case 6:
      push (stack, dynantic_condition_attribute_not_exists (path));
      break;
    case 7:
      {
        static const char * const types[] = { "S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M", "X" };
        guint8 pick = take_byte (in);
        g_autofree char *type = pick < 200 ? g_strdup (types[pick % G_N_ELEMENTS (types)]) : take_string (in, 8);

        push (stack, dynantic_condition_attribute_type (path, type));
      }
      break;
    case 8:
      take_required_value (in, &a);
      push (stack, dynantic_condition_size (path, comparison, &a));
      break;
    case 9:
      take_required_value (in, &a);
      take_required_value (in, &b);
      push (stack, dynantic_condition_size_between (path, &a, &b));
      break;
    case 10:
    case 11:
      {
        guint wanted = take_byte (in) % 4;
        guint n = MIN (wanted, stack->depth);
        DynanticCondition *junction;

        if (wanted == 3 && stack->depth > 0)
          {
            DynanticCondition *negated = stack->stack[--stack->depth];

            junction = dynantic_condition_not (negated);   /* borrows */
            dynantic_condition_unref (negated);
            push (stack, junction);
            break;
          }
        stack->depth -= n;
        junction = op % 12 == 10 ? dynantic_condition_andv (stack->stack + stack->depth, n)
                                 : dynantic_condition_orv (stack->stack + stack->depth, n);
        for (guint i = 0; i < n; i++)
          dynantic_condition_unref (stack->stack[stack->depth + i]);
        push (stack, junction);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
add_action (Input          *in,
            guint8          op,
            DynanticUpdate *update)
{
  g_autofree char *path = take_path (in);
  g_auto(GValue) value = G_VALUE_INIT;
  const GValue *given = take_value (in, &value) ? &value : NULL;

  switch (op % 9)
    {
    case 0: dynantic_update_set_value (update, path, given); break;
    case 1: dynantic_update_set_if_not_exists (update, path, given); break;
    case 2: dynantic_update_append (update, path, given); break;
    case 3: dynantic_update_prepend (update, path, given); break;
    case 4: dynantic_update_increment (update, path, given); break;
    case 5: dynantic_update_decrement (update, path, given); break;
    case 6: dynantic_update_add (update, path, given); break;
    case 7: dynantic_update_remove (update, path); break;
    default: dynantic_update_delete (update, path, given); break;
    }
}

static void
check_error (const GError *error)
{
  CHECK (error != NULL && error->domain == DYNANTIC_ERROR);
  CHECK (error->code == DYNANTIC_ERROR_INVALID_ARGUMENT || error->code == DYNANTIC_ERROR_VALIDATION);
}

static const char * const words[] = {
  "SET", "REMOVE", "ADD", "DELETE", "AND", "OR", "NOT", "BETWEEN", "IN",
  "attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains",
  "size", "if_not_exists", "list_append", NULL
};

/* Checks that @expression holds placeholders, operators, keywords and
 * function names only, and adds the placeholders it uses to @used. */
static void
check_expression (const char *expression,
                  GHashTable *used)
{
  const char *p = expression;

  while (*p != '\0')
    {
      if (*p == '#' || *p == ':')
        {
          const char *start = p;

          CHECK (p[1] == (*p == '#' ? 'n' : 'v') && g_ascii_isdigit (p[2]));
          for (p += 2; g_ascii_isdigit (*p); p++)
            ;
          g_hash_table_add (used, g_strndup (start, p - start));
        }
      else if (g_ascii_isalpha (*p))
        {
          const char *start = p;
          g_autofree char *word = NULL;

          while (g_ascii_isalpha (*p) || *p == '_')
            p++;
          word = g_strndup (start, p - start);
          CHECK (g_strv_contains (words, word));
        }
      else
        {
          CHECK (strchr (" ,()[].=<>+-0123456789", *p) != NULL);
          p++;
        }
    }
}

static void
check_defined (JsonObject *request,
               const char *member,
               GHashTable *used)
{
  JsonObject *defined = json_object_has_member (request, member)
                      ? json_object_get_object_member (request, member) : NULL;
  g_autoptr(GList) names = defined != NULL ? json_object_get_members (defined) : NULL;
  char prefix = g_str_has_suffix (member, "Names") ? '#' : ':';
  guint count = 0;

  for (GList *l = names; l != NULL; l = l->next)
    {
      CHECK (g_hash_table_contains (used, l->data));
      count++;
    }
  CHECK (defined == NULL || count > 0);
  /* everything used is defined */
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, used);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      if (((const char *) key)[0] == prefix)
        CHECK (defined != NULL && json_object_has_member (defined, key));
  }
}

static void
check_request (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonObject *request;

  CHECK (node != NULL && JSON_NODE_HOLDS_OBJECT (node));
  request = json_node_get_object (node);
  CHECK (json_object_has_member (request, "UpdateExpression"));
  check_expression (json_object_get_string_member (request, "UpdateExpression"), used);
  if (json_object_has_member (request, "ConditionExpression"))
    check_expression (json_object_get_string_member (request, "ConditionExpression"), used);
  check_defined (request, "ExpressionAttributeNames", used);
  check_defined (request, "ExpressionAttributeValues", used);
}

static void
compile_update (DynanticUpdate *update)
{
  const DynanticSchema *schema = dynantic_update_lookup_schema (update, NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_auto(DynanticLockingStep) version = DYNANTIC_LOCKING_STEP_INIT;
  DynanticJsonWriter writer;

  CHECK (schema != NULL);
  dynantic_json_writer_init (&writer, out);
  dynantic_json_writer_begin_object (&writer);
  if (!dynantic_update_write_members (update, schema, &writer, &version, &error))
    {
      check_error (error);
      return;
    }
  dynantic_json_writer_end_object (&writer);
  check_request (out->str);
}

static void
compile_condition (DynanticCondition *condition)
{
  const DynanticSchema *schema = dynantic_schema_lookup (FUZZ_TYPE_EVERYTHING, NULL);
  g_autoptr(DynanticExpressionContext) context =
    dynantic_expression_context_new (dynantic_schema_resolve_attribute, (gpointer) schema);
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = dynantic_condition_to_string (condition);
  g_autofree char *expression = NULL;
  DynanticJsonWriter writer;

  CHECK (shown != NULL);
  expression = dynantic_expression_context_compile_condition (context, condition, &error);
  if (expression == NULL)
    {
      check_error (error);
      return;
    }
  check_expression (expression, used);
  CHECK (dynantic_expression_context_get_n_names (context) + dynantic_expression_context_get_n_values (context)
         == g_hash_table_size (used));
  dynantic_json_writer_init (&writer, out);
  dynantic_json_writer_begin_object (&writer);
  if (!dynantic_expression_context_write (context, &writer, &error))
    {
      check_error (error);
      return;
    }
  dynantic_json_writer_end_object (&writer);
  {
    g_autoptr(JsonNode) node = json_from_string (out->str, NULL);

    CHECK (node != NULL && JSON_NODE_HOLDS_OBJECT (node));
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static gboolean initialized;
  Input in = { data, size };
  Stack stack = { { NULL }, 0 };
  g_auto(GValue) partition = G_VALUE_INIT;
  g_auto(GValue) sort = G_VALUE_INIT;
  g_autoptr(DynanticUpdate) update = NULL;

  if (!initialized)
    {
      fuzz_models_init ();
      g_log_set_writer_func (fuzz_abort_on_warnings, NULL, NULL);   /* once per process */
      initialized = TRUE;
    }

  g_value_set_static_string (g_value_init (&partition, G_TYPE_STRING), "key");
  g_value_set_int64 (g_value_init (&sort, G_TYPE_INT64), 1);
  update = dynantic_update_new (FUZZ_TYPE_EVERYTHING, &partition, &sort, NULL);

  for (guint step = 0; step < MAX_STEPS && in.size > 0; step++)
    {
      guint8 op = take_byte (&in);

      if (op & 1)
        build_condition (&in, op >> 1, &stack);
      else
        add_action (&in, op >> 1, update);
    }

  for (guint i = 0; i < stack.depth; i++)
    compile_condition (stack.stack[i]);
  if (stack.depth > 0)
    dynantic_update_set_condition (update, stack.stack[stack.depth - 1]);
  compile_update (update);
  stack_clear (&stack);
  return 0;
}
