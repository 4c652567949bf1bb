/* dynantic-item.c: model instances <-> DynamoDB items, on the wire
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "codec/dynantic-coerce-private.h"
#include "codec/dynantic-item-size-private.h"
#include "dynantic-error-private.h"
#include "dynantic-i18n-private.h"
#include "dynantic-item-private.h"
#include "dynantic-model-private.h"

/* Writing ------------------------------------------------------------------ */

gboolean
dynantic_item_value_is_null (const GValue *value)
{
  return dynantic_value_is_null (value);
}

gboolean
dynantic_item_value_is_empty (const GValue *value)
{
  return dynantic_value_is_empty (value);
}

/* Whether values of @property are read with a shape, which the model
 * keeps (dynantic_value_read_kind()). */
static gboolean
property_has_shape (const DynanticSchemaProperty *property)
{
  return property->kind == DYNANTIC_VALUE_KIND_JSON_NODE || property->kind == DYNANTIC_VALUE_KIND_VARIANT;
}

/* @value holds @property's own type: its kind says how to look. */
static gboolean
value_is_absent (const GValue                 *value,
                 const DynanticSchemaProperty *property)
{
  if (property->model_type != 0)
    return g_value_get_object (value) == NULL;
  return dynantic_value_kind_is_absent (property->kind, value, property->flags);
}

/* DynamoDB's limits on what an item's names may be: attribute names (and
 * map keys) from 1 byte to 64 KB, the names of table and index keys at
 * most 255 bytes; and on an item's size, its names and values as DynamoDB
 * counts them (dynantic-item-size.c). */
#define MAX_NAME_LENGTH 65536
#define MAX_KEY_NAME_LENGTH 255
#define MAX_ITEM_SIZE (400 * 1024)

/* The first characters of a long name, for messages. */
static char *
shortened (const char *name,
           gsize       length)
{
  const char *end = name + MIN (length, 32);

  /* not in the middle of a character */
  while (end > name && end < name + length && ((guchar) *end & 0xc0) == 0x80)
    end--;
  return end < name + length ? g_strdup_printf ("%.*s…", (int) (end - name), name) : g_strndup (name, length);
}

/* The check of dynantic_item_check_name() that every name passes. */
static inline gboolean
name_fits (gsize    length,
           gboolean key)
{
  return length != 0 && length <= (key ? MAX_KEY_NAME_LENGTH : MAX_NAME_LENGTH);
}

gboolean
dynantic_item_check_name (const char  *name,
                          gsize        length,
                          gboolean     key,
                          GError     **error)
{
  gsize limit = key ? MAX_KEY_NAME_LENGTH : MAX_NAME_LENGTH;
  g_autofree char *shown = NULL;
  const char *fields[] = { name, NULL };
  GError *name_error;

  if (G_LIKELY (name_fits (length, key)))
    return TRUE;
  if (length == 0)
    {
      g_set_error_literal (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION,
                           _("An attribute name is empty, which DynamoDB refuses"));
      return FALSE;
    }
  shown = shortened (name, length);
  name_error = g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION,
                            /* Translators: %s is an attribute name (perhaps shortened), the first %zu its length in
                               bytes, the second %zu DynamoDB’s limit in bytes */
                            key ? _("The key attribute name “%s” is %zu bytes long, over DynamoDB’s limit of %zu")
                                /* Translators: %s is an attribute name (perhaps shortened), the first %zu its length
                                   in bytes, the second %zu DynamoDB’s limit in bytes */
                                : _("The attribute name “%s” is %zu bytes long, over DynamoDB’s limit of %zu"),
                            shown, length, limit);
  fields[0] = shown;
  dynantic_error_set_fields (name_error, fields);
  g_propagate_error (error, name_error);
  return FALSE;
}

/* What can be wrong with an attribute as such, beyond its value. */
typedef enum {
  TOO_DEEP,
  TWICE,
  NUL_IN_NAME,
} AttributeProblem;

/* An error about attribute @name (@length bytes, shown shortened), never
 * its value. */
static gboolean
attribute_error (GError           **error,
                 DynanticError      code,
                 const char        *name,
                 gsize              length,
                 AttributeProblem   problem)
{
  g_autofree char *shown = shortened (name, length);
  const char *fields[] = { shown, NULL };
  GError *item_error;

  switch (problem)
    {
    case TOO_DEEP:
      /* Translators: %s is an attribute name */
      item_error = g_error_new (DYNANTIC_ERROR, code, _("Attribute “%s”: nested models are deeper than DynamoDB’s 32 levels"),
                                shown);
      break;
    case TWICE:
      /* Translators: %s is an attribute name */
      item_error = g_error_new (DYNANTIC_ERROR, code, _("The item holds the attribute “%s” twice"), shown);
      break;
    case NUL_IN_NAME:
    default:
      item_error = g_error_new_literal (DYNANTIC_ERROR, code, _("An attribute name of the item holds a NUL character"));
      fields[0] = NULL;
      break;
    }
  if (fields[0] != NULL)
    dynantic_error_set_fields (item_error, fields);
  g_propagate_error (error, item_error);
  return FALSE;
}

static gboolean write_item (DynanticJsonWriter            *writer,
                            const DynanticSchema          *schema,
                            DynanticModel                 *model,
                            const DynanticSchemaProperty  *replaced,
                            const GValue                  *replacement,
                            guint                          level,
                            GError                       **error);

/* {"M": {...}} for a nested model, whose attribute @property is at @level
 * (of maps and lists around it). */
static gboolean
write_nested (DynanticJsonWriter            *writer,
              const DynanticSchemaProperty  *property,
              DynanticModel                 *nested,
              guint                          level,
              GError                       **error)
{
  g_autoptr(DynanticSchema) schema = NULL;

  /* checked before going deeper: a chain of models may be as long as the
   * application makes it */
  if (level >= DYNANTIC_VALUE_MAX_LEVEL)
    return attribute_error (error, DYNANTIC_ERROR_VALIDATION, property->attribute, property->attribute_length,
                            TOO_DEEP);
  schema = dynantic_schema_lookup (G_OBJECT_TYPE (nested), error);
  if (schema == NULL)
    return FALSE;
  dynantic_json_writer_begin_object (writer);
  dynantic_json_writer_member (writer, "M");
  if (!write_item (writer, schema, nested, NULL, NULL, level + 1, error))
    return FALSE;
  dynantic_json_writer_end_object (writer);
  return TRUE;
}

static gboolean
write_value (DynanticJsonWriter            *writer,
             const DynanticSchemaProperty  *property,
             const GValue                  *value,
             const DynanticValueShape      *shape,
             guint                          level,
             GError                       **error)
{
  if (property->model_type != 0)
    return write_nested (writer, property, g_value_get_object (value), level, error);
  return dynantic_value_write_kind (writer, property->attribute, property->kind, value, property->flags, shape,
                                    level, error);
}

gboolean
dynantic_item_write_value (DynanticJsonWriter            *writer,
                           const DynanticSchemaProperty  *property,
                           const GValue                  *value,
                           const DynanticValueShape      *shape,
                           GError                       **error)
{
  return write_value (writer, property, value, shape, 0, error);
}

typedef struct {
  DynanticJsonWriter   *writer;
  const DynanticSchema *schema;
  GError               *error;
} ExtraWriter;

static void
write_extra (const char *name,
             const char *json,
             gsize       length,
             gpointer    user_data)
{
  ExtraWriter *extra = user_data;

  /* A property may have been added for it since it was read. */
  if (extra->error != NULL || dynantic_schema_find_attribute (extra->schema, name) != NULL)
    return;
  if (!dynantic_item_check_name (name, strlen (name), FALSE, &extra->error))
    return;
  dynantic_json_writer_member (extra->writer, name);
  dynantic_json_writer_raw (extra->writer, json, length);
}

/* @model's item, with @replaced (nullable) written as @replacement; at
 * @level (of maps around it: 0 for an item, more for a nested model). */
static gboolean
write_item (DynanticJsonWriter            *writer,
            const DynanticSchema          *schema,
            DynanticModel                 *model,
            const DynanticSchemaProperty  *replaced,
            const GValue                  *replacement,
            guint                          level,
            GError                       **error)
{
  ExtraWriter extra = { writer, schema, NULL };

  dynantic_json_writer_begin_object (writer);
  for (guint i = 0; i < dynantic_schema_get_n_properties (schema); i++)
    {
      const DynanticSchemaProperty *property = dynantic_schema_get_property (schema, i);
      g_auto(GValue) scratch = G_VALUE_INIT;
      const GValue *value = property == replaced ? replacement
                                                 : dynantic_model_peek_property (model, property, &scratch);

      if (value_is_absent (value, property))
        continue;
      if (G_UNLIKELY (!name_fits (property->attribute_length, property->key && level == 0)) &&
          !dynantic_item_check_name (property->attribute, property->attribute_length, property->key && level == 0, error))
        return FALSE;
      dynantic_json_writer_member_encoded (writer, property->attribute_member, property->attribute_member_length);
      if (!write_value (writer, property, value,
                        property_has_shape (property) ? dynantic_model_peek_shape (model, property) : NULL,
                        level, error))
        return FALSE;
    }
  dynantic_model_foreach_extra_attribute (model, write_extra, &extra);
  if (extra.error != NULL)
    {
      g_propagate_error (error, extra.error);
      return FALSE;
    }
  dynantic_json_writer_end_object (writer);
  return TRUE;
}

gboolean
dynantic_item_check_size (const char  *json,
                          gsize        length,
                          GError     **error)
{
  gsize size;

  /* The JSON text is never smaller than the item as DynamoDB counts it
   * (names and texts are at least as long, base64 longer than its bytes,
   * a number's text longer than its size): only a long one is counted. */
  if (G_LIKELY (length <= MAX_ITEM_SIZE))
    return TRUE;
  if (!dynantic_item_size (json, length, &size, error))
    return FALSE;
  if (size <= MAX_ITEM_SIZE)
    return TRUE;
  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION,
               /* Translators: %zu is the item’s size in bytes, %d DynamoDB’s limit in bytes */
               _("The item is %zu bytes as DynamoDB counts them, over its limit of %d bytes (400 KB)"),
               size, MAX_ITEM_SIZE);
  return FALSE;
}

gboolean
dynantic_item_write (DynanticJsonWriter    *writer,
                     const DynanticSchema  *schema,
                     DynanticModel         *model,
                     GError               **error)
{
  return dynantic_item_write_replacing (writer, schema, model, NULL, NULL, error);
}

gboolean
dynantic_item_write_replacing (DynanticJsonWriter            *writer,
                               const DynanticSchema          *schema,
                               DynanticModel                 *model,
                               const DynanticSchemaProperty  *replaced,
                               const GValue                  *replacement,
                               GError                       **error)
{
  gsize start = writer->out->len;

  return write_item (writer, schema, model, replaced, replacement, 0, error) &&
         dynantic_item_check_size (writer->out->str + start, writer->out->len - start, error);
}

/* Keys --------------------------------------------------------------------- */

/* Whether the caller gave a key value: not NULL, not unset, and not the
 * pointer GValue holding NULL that GJS passes for `null`. */
static gboolean
key_value_given (const GValue *value)
{
  GType type;

  if (value == NULL || (type = G_VALUE_TYPE (value)) == G_TYPE_INVALID)
    return FALSE;
  /* a pointer value holding NULL counts as none */
  return G_TYPE_FUNDAMENTAL (type) != G_TYPE_POINTER || g_value_get_pointer (value) != NULL;
}

/* Refuses a key value (of its property's type) that is empty or out of its
 * property's range. */
static gboolean
check_key_value (const DynanticSchemaProperty  *property,
                 const GValue                  *value,
                 GError                       **error)
{
  if (dynantic_item_value_is_empty (value))
    g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION,
                 /* Translators: %s is the key’s property name */
                 _("The key “%s” must not be empty"), property->name);
  else if (!dynantic_model_value_fits_pspec (property->pspec, value))
    g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION,
                 /* Translators: %s is the key’s property name */
                 _("The key “%s” is out of its property’s range"), property->name);
  else
    return TRUE;
  return FALSE;
}

/* Whether @value is given and already of the type @property writes, so that
 * it needs no conversion (nor a copy). */
static gboolean
key_value_is_own_type (const DynanticSchemaProperty *property,
                       const GValue                 *value)
{
  return key_value_given (value) && G_VALUE_TYPE (value) == property->value_type &&
         !(property->value_type == G_TYPE_STRING && (property->flags & DYNANTIC_VALUE_NUMBER_STRING));
}

gboolean
dynantic_item_convert_key_value (const DynanticSchemaProperty  *property,
                                 const GValue                  *value,
                                 GValue                        *out,
                                 GError                       **error)
{
  if (!key_value_given (value))
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION,
                   /* Translators: %s is the key’s property name */
                   _("The key “%s” is missing"), property->name);
      return FALSE;
    }
  if (!dynantic_coerce_value (property->name, value, property->value_type, property->flags, out, error))
    return FALSE;
  if (check_key_value (property, out, error))
    return TRUE;
  g_value_unset (out);
  return FALSE;
}

static gboolean
write_key_member (DynanticJsonWriter            *writer,
                  const DynanticSchemaProperty  *property,
                  const GValue                  *value,
                  GError                       **error)
{
  g_auto(GValue) converted = G_VALUE_INIT;

  if (key_value_is_own_type (property, value))
    {
      if (!check_key_value (property, value, error))
        return FALSE;
    }
  else if (dynantic_item_convert_key_value (property, value, &converted, error))
    value = &converted;
  else
    return FALSE;
  if (!dynantic_item_check_name (property->attribute, property->attribute_length, TRUE, error))
    return FALSE;
  dynantic_json_writer_member_encoded (writer, property->attribute_member, property->attribute_member_length);
  return dynantic_value_write (writer, property->attribute, value, property->flags, error);
}

gboolean
dynantic_item_write_key (DynanticJsonWriter    *writer,
                         const DynanticSchema  *schema,
                         const GValue          *partition_key,
                         const GValue          *sort_key,
                         GError               **error)
{
  const DynanticSchemaProperty *sort_property = dynantic_schema_get_sort_key (schema);

  if (!key_value_given (sort_key))
    sort_key = NULL;
  if (sort_property == NULL && sort_key != NULL)
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a model class’s GType name */
                   _("The table of model class “%s” has no sort key, but one was given"),
                   g_type_name (dynantic_schema_get_model_type (schema)));
      return FALSE;
    }
  if (sort_property != NULL && sort_key == NULL)
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                   /* Translators: the first %s is a model class’s GType name, the second the sort key’s property name */
                   _("The table of model class “%s” has the sort key “%s”, but none was given"),
                   g_type_name (dynantic_schema_get_model_type (schema)), sort_property->name);
      return FALSE;
    }

  dynantic_json_writer_begin_object (writer);
  if (!write_key_member (writer, dynantic_schema_get_partition_key (schema), partition_key, error) ||
      (sort_property != NULL && !write_key_member (writer, sort_property, sort_key, error)))
    return FALSE;
  dynantic_json_writer_end_object (writer);
  return TRUE;
}

gboolean
dynantic_item_write_key_of (DynanticJsonWriter    *writer,
                            const DynanticSchema  *schema,
                            DynanticModel         *model,
                            GError               **error)
{
  const DynanticSchemaProperty *partition_property = dynantic_schema_get_partition_key (schema);
  const DynanticSchemaProperty *sort_property = dynantic_schema_get_sort_key (schema);
  g_auto(GValue) partition_scratch = G_VALUE_INIT;
  g_auto(GValue) sort_scratch = G_VALUE_INIT;

  return dynantic_item_write_key (writer, schema,
                                  dynantic_model_peek_property (model, partition_property, &partition_scratch),
                                  sort_property != NULL
                                    ? dynantic_model_peek_property (model, sort_property, &sort_scratch)
                                    : NULL,
                                  error);
}

/* Reading ------------------------------------------------------------------ */

/* One Item object being read into a model. */
typedef struct {
  DynanticJsonReader   *reader;
  const DynanticSchema *schema;
  DynanticModel        *model;
  guint8               *seen;      /* by property index: read already */
  GHashTable           *unknown;   /* names of the attributes kept unread */
  gboolean              notify;    /* @model was read before (reload): tell its watchers */
  guint                 level;     /* of maps around the item: 0, or a nested model's */
} ItemReading;

static DynanticModel *read_item (DynanticJsonReader    *reader,
                                 const DynanticSchema  *schema,
                                 guint                  level,
                                 GError               **error);

static gboolean
not_a_map (const DynanticSchemaProperty  *property,
           GError                       **error)
{
  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION,
               /* Translators: %s is an attribute name; a map is DynamoDB’s M type */
               _("The attribute “%s” is not a map, as its property expects"), property->attribute);
  return FALSE;
}

/* A BAD_RESPONSE error about attribute @name of the item, never its
 * value; the reader stops. */
static gboolean
refuse_attribute (DynanticJsonReader  *reader,
                  const char          *name,
                  gsize                length,
                  AttributeProblem     problem,
                  GError             **error)
{
  dynantic_json_reader_stop (reader);
  return attribute_error (error, DYNANTIC_ERROR_BAD_RESPONSE, name, length, problem);
}

/* {"M": {...}} into a new nested model, or {"NULL": true}. */
static gboolean
read_nested (ItemReading                   *item,
             const DynanticSchemaProperty  *property,
             GValue                        *value,
             GError                       **error)
{
  DynanticJsonReader *reader = item->reader;
  g_autoptr(DynanticSchema) schema = dynantic_schema_lookup (property->model_type, error);
  g_autoptr(DynanticModel) nested = NULL;
  const char *type_name;

  if (schema == NULL || !dynantic_json_reader_expect (reader, DYNANTIC_JSON_BEGIN_OBJECT, N_("an AttributeValue"), error) ||
      !dynantic_json_reader_expect (reader, DYNANTIC_JSON_MEMBER, N_("an AttributeValue’s type"), error))
    return FALSE;

  type_name = dynantic_json_reader_get_string (reader, NULL);
  if (strcmp (type_name, "NULL") == 0)
    return dynantic_json_reader_skip_value (reader) &&
           dynantic_json_reader_expect (reader, DYNANTIC_JSON_END_OBJECT, N_("the end of an AttributeValue"), error);
  if (strcmp (type_name, "M") != 0)
    return not_a_map (property, error);
  /* checked before going deeper: DynamoDB never sends more */
  if (item->level >= DYNANTIC_VALUE_MAX_LEVEL)
    return refuse_attribute (reader, property->attribute, property->attribute_length, TOO_DEEP, error);

  nested = read_item (reader, schema, item->level + 1, error);
  if (nested == NULL)
    return (error != NULL && *error != NULL) ? FALSE : not_a_map (property, error);
  g_value_set_object (value, nested);
  return dynantic_json_reader_expect (reader, DYNANTIC_JSON_END_OBJECT, N_("the end of an AttributeValue"), error);
}

static gboolean
read_property (ItemReading                   *item,
               const DynanticSchemaProperty  *property,
               GError                       **error)
{
  g_auto(GValue) value = G_VALUE_INIT;
  DynanticValueShape *shape = NULL;

  if (item->seen[property->index])
    return refuse_attribute (item->reader, property->attribute, property->attribute_length, TWICE, error);
  item->seen[property->index] = TRUE;
  g_value_init (&value, property->value_type);
  if (property->model_type != 0 ? !read_nested (item, property, &value, error)
                                : !dynantic_value_read_kind (item->reader, property->attribute, property->kind,
                                                             &value, property->flags,
                                                             property_has_shape (property) ? &shape : NULL,
                                                             item->level, error))
    return FALSE;
  return dynantic_model_take_property (item->model, property, &value, shape, item->notify, error);
}

/* An attribute no property stores: kept as it was sent. */
static gboolean
keep_unknown (ItemReading  *item,
              GError      **error)
{
  gsize length;
  const char *text = dynantic_json_reader_get_text (item->reader, &length);
  g_autofree char *name = g_strndup (text, length);
  const char *json;

  if (memchr (text, '\0', length) != NULL)
    return refuse_attribute (item->reader, name, strlen (name), NUL_IN_NAME, error);
  if (item->unknown == NULL)
    item->unknown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!g_hash_table_add (item->unknown, g_strdup (name)))
    return refuse_attribute (item->reader, name, length, TWICE, error);
  if (!dynantic_value_capture (item->reader, name, item->level, &json, &length, error))
    return FALSE;
  dynantic_model_keep_extra_attribute (item->model, name, json, length);
  return TRUE;
}

/* Schemas this small are searched by comparing lengths, then bytes, in
 * place in the input: cheaper than hashing a NUL-terminated copy. */
#define SMALL_SCHEMA 32

/* The property of the member name @reader is on, or NULL. The search
 * starts at @next, the property after the last one found: an item
 * Dynantic wrote holds its attributes in the schema's order. */
static const DynanticSchemaProperty *
find_member_property (DynanticJsonReader    *reader,
                      const DynanticSchema  *schema,
                      guint                  next)
{
  guint n = dynantic_schema_get_n_properties (schema);
  gsize length;
  const char *name;

  if (n > SMALL_SCHEMA)
    return dynantic_schema_find_attribute (schema, dynantic_json_reader_get_string (reader, NULL));
  name = dynantic_json_reader_get_text (reader, &length);
  for (guint i = 0, at = next; i < n; i++, at++)
    {
      const DynanticSchemaProperty *property;

      if (at >= n)
        at = 0;
      property = dynantic_schema_get_property (schema, at);
      if (property->attribute_length == length && memcmp (property->attribute, name, length) == 0)
        return property;
    }
  return NULL;
}

/* Reads an Item object's members into the model: each attribute once. */
static gboolean
read_members (ItemReading  *item,
              GError      **error)
{
  DynanticJsonReader *reader = item->reader;
  DynanticJsonToken token;
  guint next = 0;

  if (!dynantic_json_reader_expect (reader, DYNANTIC_JSON_BEGIN_OBJECT, N_("an item"), error))
    return FALSE;

  while ((token = dynantic_json_reader_next (reader)) == DYNANTIC_JSON_MEMBER)
    {
      const DynanticSchemaProperty *property = find_member_property (reader, item->schema, next);

      if (property == NULL)
        {
          if (!keep_unknown (item, error))
            return FALSE;
          continue;
        }
      if (!read_property (item, property, error))
        return FALSE;
      next = property->index + 1;
    }
  return token == DYNANTIC_JSON_END_OBJECT ||
         dynantic_json_reader_fail (reader, _("an attribute or the end of the item"), error);
}

/* read_members() with a table of the properties seen: on the stack for a
 * schema this small. */
#define SMALL_SEEN 64

static gboolean
read_members_into (DynanticJsonReader    *reader,
                   const DynanticSchema  *schema,
                   DynanticModel         *model,
                   gboolean               reload,
                   guint                  level,
                   GError               **error)
{
  guint n = dynantic_schema_get_n_properties (schema);
  guint8 inline_seen[SMALL_SEEN];
  g_autofree guint8 *heap_seen = NULL;
  ItemReading item = { reader, schema, model, inline_seen, NULL, reload, level };
  gboolean ok;

  if (n > SMALL_SEEN)
    item.seen = heap_seen = g_new0 (guint8, n);
  else
    memset (inline_seen, 0, n);
  ok = read_members (&item, error);
  g_clear_pointer (&item.unknown, g_hash_table_unref);
  for (guint i = 0; ok && reload && i < n; i++)
    if (!item.seen[i])
      dynantic_model_reset_property (model, dynantic_schema_get_property (schema, i));
  return ok;
}

/* The discriminator value of the item in @json, or NULL when it has none. */
static gboolean
find_kind (const char                    *json,
           gsize                          length,
           const DynanticSchemaProperty  *discriminator,
           char                         **kind,
           GError                       **error)
{
  DynanticJsonReader reader;
  DynanticJsonToken token;
  gboolean ok = TRUE;

  *kind = NULL;
  dynantic_json_reader_init (&reader, json, length);
  ok = dynantic_json_reader_expect (&reader, DYNANTIC_JSON_BEGIN_OBJECT, N_("an item"), error);
  while (ok && (token = dynantic_json_reader_next (&reader)) == DYNANTIC_JSON_MEMBER)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      if (strcmp (dynantic_json_reader_get_string (&reader, NULL), discriminator->attribute) != 0)
        {
          ok = dynantic_json_reader_skip_value (&reader) ||
               dynantic_json_reader_fail (&reader, _("an AttributeValue"), error);
          continue;
        }
      g_value_init (&value, G_TYPE_STRING);
      ok = dynantic_value_read (&reader, discriminator->attribute, &value, 0, error);
      if (ok)
        *kind = g_value_dup_string (&value);
      break;
    }
  dynantic_json_reader_clear (&reader);
  return ok;
}

/* The class to read the item in @json as, through @schema's class; 0 when
 * it is of another kind. */
static gboolean
resolve_item_type (const DynanticSchema  *schema,
                   const char            *json,
                   gsize                  length,
                   GType                 *type,
                   GError               **error)
{
  g_autofree char *kind = NULL;

  if (!find_kind (json, length, dynantic_schema_get_discriminator (schema), &kind, error))
    return FALSE;

  *type = dynantic_schema_resolve_kind (schema, kind);
  if (*type != 0 && G_TYPE_IS_ABSTRACT (*type))
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION,
                   /* Translators: %s is a model class’s GType name; an item’s kind is the value of its discriminator
                      attribute, which names its subclass */
                   _("An item of a kind no subclass of the abstract model class “%s” is registered for "
                     "cannot be read through it"),
                   g_type_name (*type));
      return FALSE;
    }
  return TRUE;
}

static DynanticModel *
read_new (DynanticJsonReader    *reader,
          const DynanticSchema  *schema,
          guint                  level,
          GError               **error)
{
  g_autoptr(DynanticModel) model = g_object_new (dynantic_schema_get_model_type (schema), NULL);

  dynantic_model_reserve_properties (model, dynantic_schema_get_n_properties (schema));
  if (!read_members_into (reader, schema, model, FALSE, level, error))
    return NULL;
  return g_steal_pointer (&model);
}

/* Two passes over the item: its discriminator first, then the item as the
 * class that names. */
static DynanticModel *
read_polymorphic (DynanticJsonReader    *reader,
                  const DynanticSchema  *schema,
                  guint                  level,
                  GError               **error)
{
  g_autoptr(DynanticSchema) item_schema = NULL;
  DynanticJsonReader item_reader;
  DynanticModel *model;
  const char *json;
  gsize length;
  GType type = 0;

  if (!dynantic_json_reader_capture_value (reader, &json, &length))
    {
      dynantic_json_reader_fail (reader, _("an item"), error);
      return NULL;
    }
  if (!resolve_item_type (schema, json, length, &type, error) || type == 0)
    return NULL;

  item_schema = type == dynantic_schema_get_model_type (schema) ? dynantic_schema_ref (schema)
                                                                : dynantic_schema_lookup (type, error);
  if (item_schema == NULL)
    return NULL;

  dynantic_json_reader_init (&item_reader, json, length);
  model = read_new (&item_reader, item_schema, level, error);
  dynantic_json_reader_clear (&item_reader);
  return model;
}

static DynanticModel *
read_item (DynanticJsonReader    *reader,
           const DynanticSchema  *schema,
           guint                  level,
           GError               **error)
{
  if (dynantic_schema_get_discriminator (schema) != NULL)
    return read_polymorphic (reader, schema, level, error);
  return read_new (reader, schema, level, error);
}

DynanticModel *
dynantic_item_read (DynanticJsonReader    *reader,
                    const DynanticSchema  *schema,
                    GError               **error)
{
  return read_item (reader, schema, 0, error);
}

gboolean
dynantic_item_read_into (DynanticJsonReader    *reader,
                         const DynanticSchema  *schema,
                         DynanticModel         *model,
                         GError               **error)
{
  gboolean ok;

  g_object_freeze_notify (G_OBJECT (model));
  dynantic_model_clear_extra_attributes (model);
  ok = read_members_into (reader, schema, model, TRUE, 0, error);
  g_object_thaw_notify (G_OBJECT (model));
  return ok;
}
