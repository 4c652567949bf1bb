/* dynantic-write-common.c: what the writes share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "codec/dynantic-number-private.h"
#include "dynantic-client-private.h"
#include "dynantic-error.h"
#include "dynantic-i18n-private.h"
#include "dynantic-item-private.h"
#include "dynantic-write-common-private.h"
#include "expression/dynantic-condition-private.h"
#include "expression/dynantic-expression-private.h"

DynanticModel *
dynantic_write_read_current_item (DynanticJsonReader    *reader,
                                  const DynanticSchema  *schema,
                                  DynanticClient        *client,
                                  GError               **error)
{
  g_autoptr(DynanticSchema) base = NULL;
  DynanticModel *item;

  if (dynantic_schema_get_base_type (schema) != dynantic_schema_get_model_type (schema))
    base = dynantic_schema_lookup (dynantic_schema_get_base_type (schema), error);
  else
    base = dynantic_schema_ref (schema);
  if (base == NULL)
    return NULL;
  item = dynantic_item_read (reader, base, error);
  if (item != NULL && client != NULL)
    dynantic_model_set_instance_client (item, client);
  return item;
}

/* Requests ------------------------------------------------------------------ */

gboolean
dynantic_write_check_key_class (const DynanticSchema  *schema,
                                GError               **error)
{
  GType type = dynantic_schema_get_model_type (schema);

  if (!G_TYPE_IS_ABSTRACT (type))
    return TRUE;
  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
               /* Translators: %s is a model class's GType name */
               _("Model class “%s” is abstract: name a key through a class of its items"),
               g_type_name (type));
  return FALSE;
}

DynanticModel *
dynantic_write_new_key_object (const DynanticSchema  *schema,
                               const GValue          *partition_key,
                               const GValue          *sort_key,
                               GError               **error)
{
  const DynanticSchemaProperty *properties[2] = { dynantic_schema_get_partition_key (schema),
                                                  dynantic_schema_get_sort_key (schema) };
  const GValue *values[2] = { partition_key, sort_key };
  g_autoptr(DynanticModel) key = NULL;

  if (!dynantic_write_check_key_class (schema, error))
    return NULL;
  key = g_object_new (dynantic_schema_get_model_type (schema), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (properties) && properties[i] != NULL; i++)
    {
      g_auto(GValue) converted = G_VALUE_INIT;

      if (!dynantic_item_convert_key_value (properties[i], values[i], &converted, error))
        return NULL;
      g_object_set_property (G_OBJECT (key), properties[i]->pspec->name, &converted);
    }
  return g_steal_pointer (&key);
}

gboolean
dynantic_write_condition (DynanticJsonWriter    *writer,
                          const DynanticSchema  *schema,
                          DynanticCondition     *condition,
                          GError               **error)
{
  g_autoptr(DynanticExpressionContext) context = NULL;
  g_autofree char *expression = NULL;

  if (condition == NULL)
    return TRUE;

  context = dynantic_expression_context_new (dynantic_schema_resolve_attribute, (gpointer) schema);
  expression = dynantic_expression_context_compile_condition (context, condition, error);
  if (expression == NULL)
    return FALSE;
  dynantic_json_writer_member_literal (writer, "ConditionExpression");
  dynantic_json_writer_string (writer, expression, -1);
  dynantic_json_writer_member_literal (writer, "ReturnValuesOnConditionCheckFailure");
  dynantic_json_writer_string (writer, "ALL_OLD", -1);
  return dynantic_expression_context_write (context, writer, error);
}

/* Identities --------------------------------------------------------------- */

/* "LENGTH:" and @text after it: no piece can imitate the end of another.
 * The length is written by hand: g_string_append_printf() here cost 1,150
 * instructions a piece, a quarter of a batch get's identities (callgrind,
 * bench/batch_bench.c). */
static void
append_piece (GString    *out,
              const char *text,
              gsize       length)
{
  char digits[24];
  gsize start = sizeof digits - 1;
  gsize rest = length;

  digits[start] = ':';
  do
    digits[--start] = (char) ('0' + rest % 10);
  while ((rest /= 10) > 0);
  g_string_append_len (out, digits + start, sizeof digits - start);
  g_string_append_len (out, text, length);
}

static GBytes *
bad_key (const DynanticSchema  *schema,
         GString               *out,
         GError               **error)
{
  g_string_free (out, TRUE);
  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE,
               /* Translators: %s is a DynamoDB table's name */
               _("An item of the table “%s” in the response has no valid key"),
               dynantic_schema_get_table (schema));
  return NULL;
}

/* One key AttributeValue ({"S": ...}, {"N": ...}, {"B": ...}) appended to
 * @out: its type and its value, a number in its normal form. */
static gboolean
read_key_value (DynanticJsonReader  *reader,
                GString             *out)
{
  const char *text;
  gsize length = 0;
  char kind;

  if (dynantic_json_reader_next (reader) != DYNANTIC_JSON_BEGIN_OBJECT ||
      dynantic_json_reader_next (reader) != DYNANTIC_JSON_MEMBER)
    return FALSE;
  text = dynantic_json_reader_get_text (reader, &length);
  if (length != 1 || strchr ("SNB", text[0]) == NULL)
    return FALSE;
  kind = text[0];
  if (dynantic_json_reader_next (reader) != DYNANTIC_JSON_STRING)
    return FALSE;
  text = dynantic_json_reader_get_string (reader, &length);
  g_string_append_c (out, kind);
  if (kind == 'N')
    {
      DynanticDecimal decimal;
      char normal[DYNANTIC_NUMBER_FORMAT_SIZE];

      if (dynantic_number_parse (text, length, &decimal) != DYNANTIC_NUMBER_OK)
        return FALSE;
      length = dynantic_number_format (&decimal, normal);
      append_piece (out, normal, length);
    }
  else
    append_piece (out, text, length);
  return dynantic_json_reader_next (reader) == DYNANTIC_JSON_END_OBJECT;
}

/* The identity is built in one string: the table, then the partition key's
 * piece, then the sort key's, whichever order the members come in. */
GBytes *
dynantic_write_read_identity (DynanticJsonReader    *reader,
                              const DynanticSchema  *schema,
                              GError               **error)
{
  const DynanticSchemaProperty *partition_key = dynantic_schema_get_partition_key (schema);
  const DynanticSchemaProperty *sort_key = dynantic_schema_get_sort_key (schema);
  const char *table = dynantic_schema_get_table (schema);
  GString *out = g_string_sized_new (64);
  gboolean have_partition = FALSE, have_sort = FALSE;
  DynanticJsonToken token;
  gsize keys_start;

  append_piece (out, table, strlen (table));
  keys_start = out->len;
  if (dynantic_json_reader_next (reader) != DYNANTIC_JSON_BEGIN_OBJECT)
    return bad_key (schema, out, error);
  while ((token = dynantic_json_reader_next (reader)) == DYNANTIC_JSON_MEMBER)
    {
      gsize length = 0;
      const char *name = dynantic_json_reader_get_text (reader, &length);
      gsize piece_start = out->len;

      if (length == partition_key->attribute_length && memcmp (name, partition_key->attribute, length) == 0)
        {
          if (have_partition || !read_key_value (reader, out))
            return bad_key (schema, out, error);
          have_partition = TRUE;
          if (have_sort)
            {
              /* the sort key came first: the partition key's piece goes
               * before it (g_string_insert_len() copies from the string
               * itself correctly) and its copy at the end is cut */
              gsize piece_length = out->len - piece_start;

              g_string_insert_len (out, keys_start, out->str + piece_start, piece_length);
              g_string_truncate (out, piece_start + piece_length);
            }
        }
      else if (sort_key != NULL && length == sort_key->attribute_length &&
               memcmp (name, sort_key->attribute, length) == 0)
        {
          if (have_sort || !read_key_value (reader, out))
            return bad_key (schema, out, error);
          have_sort = TRUE;
        }
      else if (!dynantic_json_reader_skip_value (reader))
        return bad_key (schema, out, error);
    }
  if (token != DYNANTIC_JSON_END_OBJECT || !have_partition || (sort_key != NULL && !have_sort))
    return bad_key (schema, out, error);
  return g_string_free_to_bytes (out);
}

GBytes *
dynantic_write_identity_of_key (const DynanticSchema  *schema,
                                const char            *key_json,
                                gsize                  length,
                                GError               **error)
{
  DynanticJsonReader reader;
  GBytes *identity;

  dynantic_json_reader_init (&reader, key_json, length);
  identity = dynantic_write_read_identity (&reader, schema, error);
  dynantic_json_reader_clear (&reader);
  return identity;
}

/* Rounds -------------------------------------------------------------------- */

GTimeSpan
dynantic_write_round_delay (DynanticClient *client,
                            guint           stalled)
{
  return dynantic_retry_policy_backoff (dynantic_client_get_retry_policy (client), stalled, FALSE);
}

/* Consumed capacity --------------------------------------------------------- */

/* One {"TableName": ..., "CapacityUnits": n, ...} whose first token was read. */
static gboolean
read_capacity_object (DynanticJsonReader *reader,
                      double             *sum)
{
  DynanticJsonToken token;

  while ((token = dynantic_json_reader_next (reader)) == DYNANTIC_JSON_MEMBER)
    {
      if (strcmp (dynantic_json_reader_get_string (reader, NULL), "CapacityUnits") != 0)
        {
          if (!dynantic_json_reader_skip_value (reader))
            return FALSE;
          continue;
        }
      if (dynantic_json_reader_next (reader) != DYNANTIC_JSON_NUMBER)
        return FALSE;
      *sum += g_ascii_strtod (dynantic_json_reader_get_string (reader, NULL), NULL);
    }
  return token == DYNANTIC_JSON_END_OBJECT;
}

gboolean
dynantic_write_read_capacity (DynanticJsonReader  *reader,
                              double              *sum,
                              GError             **error)
{
  DynanticJsonToken token = dynantic_json_reader_next (reader);
  gboolean ok = TRUE;

  if (token == DYNANTIC_JSON_BEGIN_OBJECT)
    ok = read_capacity_object (reader, sum);
  else if (token == DYNANTIC_JSON_BEGIN_ARRAY)
    {
      while (ok && (token = dynantic_json_reader_next (reader)) == DYNANTIC_JSON_BEGIN_OBJECT)
        ok = read_capacity_object (reader, sum);
      ok = ok && token == DYNANTIC_JSON_END_ARRAY;
    }
  else
    ok = FALSE;
  if (!ok)
    g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE,
                 /* Translators: %s is the name of a member of DynamoDB's JSON response (such as
                  * UnprocessedItems), not to be translated */
                 _("The response’s member “%s” is not what was asked for"), "ConsumedCapacity");
  return ok;
}

void
dynantic_write_copy_value (GValue       *dest,
                           const GValue *src)
{
  if (src == NULL || !G_IS_VALUE (src))
    return;
  g_value_init (dest, G_VALUE_TYPE (src));
  g_value_copy (src, dest);
}

/* A key given as values is written straight from them, with no object made
 * for it: making one per key cost 2,800 instructions a key of a batch get
 * (callgrind, bench/batch_bench.c). */
GBytes *
dynantic_write_prepare_key (DynanticModel    *key,
                            GType             key_type,
                            const GValue     *partition_key,
                            const GValue     *sort_key,
                            DynanticSchema  **schema,
                            GBytes          **key_json,
                            GError          **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  DynanticJsonWriter writer;

  g_clear_pointer (schema, dynantic_schema_unref);
  *schema = dynantic_schema_lookup_for_table (key != NULL ? G_OBJECT_TYPE (key) : key_type, error);
  if (*schema == NULL)
    return NULL;
  dynantic_json_writer_init (&writer, out);
  if (key != NULL)
    {
      if (!dynantic_item_write_key_of (&writer, *schema, key, error))
        return NULL;
    }
  else if (!dynantic_write_check_key_class (*schema, error) ||
           !dynantic_item_write_key (&writer, *schema, partition_key,
                                     G_IS_VALUE (sort_key) ? sort_key : NULL, error))
    return NULL;
  *key_json = g_string_free_to_bytes (g_steal_pointer (&out));
  return dynantic_write_identity_of_key (*schema, g_bytes_get_data (*key_json, NULL),
                                         g_bytes_get_size (*key_json), error);
}
