/* dynantic-expression.c: compiling the expressions of one request
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "codec/dynantic-coerce-private.h"
#include "dynantic-error.h"
#include "dynantic-expression-private.h"
#include "dynantic-i18n-private.h"

typedef struct {
  char               *placeholder;   /* ":v3" */
  char               *path;          /* the path it goes with, for error messages */
  GValue              value;         /* unset: DynamoDB's NULL */
  DynanticValueFlags  flags;
} ExpressionValue;

struct _DynanticExpressionContext {
  DynanticAttributeResolver  resolver;
  gpointer                   user_data;
  gboolean                   for_display;
  GPtrArray                 *names;          /* char *, #n<i> is names[i] */
  GPtrArray                 *placeholders;   /* char *, "#n<i>" */
  GHashTable                *name_indexes;   /* name (borrowed from names) -> index + 1 */
  GArray                    *values;         /* ExpressionValue, :v<i> is values[i] */
};

static void
expression_value_clear (gpointer data)
{
  ExpressionValue *entry = data;

  g_free (entry->placeholder);
  g_free (entry->path);
  if (G_IS_VALUE (&entry->value))
    g_value_unset (&entry->value);
}

DynanticExpressionContext *
dynantic_expression_context_new (DynanticAttributeResolver resolver,
                                 gpointer                  user_data)
{
  DynanticExpressionContext *self = g_new0 (DynanticExpressionContext, 1);

  self->resolver = resolver;
  self->user_data = user_data;
  self->names = g_ptr_array_new_with_free_func (g_free);
  self->placeholders = g_ptr_array_new_with_free_func (g_free);
  self->name_indexes = g_hash_table_new (g_str_hash, g_str_equal);
  self->values = g_array_new (FALSE, TRUE, sizeof (ExpressionValue));
  g_array_set_clear_func (self->values, expression_value_clear);
  return self;
}

DynanticExpressionContext *
dynantic_expression_context_new_for_display (void)
{
  DynanticExpressionContext *self = dynantic_expression_context_new (NULL, NULL);

  self->for_display = TRUE;
  return self;
}

void
dynantic_expression_context_free (DynanticExpressionContext *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->name_indexes);
  g_ptr_array_unref (self->names);
  g_ptr_array_unref (self->placeholders);
  g_array_unref (self->values);
  g_free (self);
}

gboolean
dynantic_expression_context_is_for_display (DynanticExpressionContext *self)
{
  return self->for_display;
}

const char *
dynantic_expression_context_add_name (DynanticExpressionContext *self,
                                      const char                *name)
{
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (self->name_indexes, name));
  char *copy;

  if (index > 0)
    return g_ptr_array_index (self->placeholders, index - 1);

  copy = g_strdup (name);
  g_ptr_array_add (self->names, copy);
  g_ptr_array_add (self->placeholders, g_strdup_printf ("#n%u", self->names->len - 1));
  g_hash_table_insert (self->name_indexes, copy, GUINT_TO_POINTER (self->names->len));
  return g_ptr_array_index (self->placeholders, self->names->len - 1);
}

typedef struct {
  gboolean           is_property;
  const char        *attribute;
  GType              type;
  DynanticValueFlags flags;
} PathRoot;

/* What the first segment of @path names: a property's attribute, or the
 * attribute of that name when no property is stored there. */
static PathRoot
resolve_root (DynanticExpressionContext *self,
              const DynanticPath        *path)
{
  PathRoot root = { FALSE, dynantic_path_get_root (path), G_TYPE_INVALID, DYNANTIC_VALUE_DEFAULT };

  if (self->resolver != NULL)
    root.is_property = self->resolver (root.attribute, &root.attribute, &root.type,
                                       &root.flags, self->user_data);
  return root;
}

void
dynantic_expression_context_append_path (DynanticExpressionContext *self,
                                         const DynanticPath        *path,
                                         GString                   *out)
{
  if (self->for_display)
    {
      g_string_append (out, dynantic_path_get_text (path));
      return;
    }
  g_string_append (out, dynantic_expression_context_add_name (self, resolve_root (self, path).attribute));
  for (guint i = 1; i < dynantic_path_get_n_segments (path); i++)
    {
      const DynanticPathSegment *segment = dynantic_path_get_segment (path, i);

      if (segment->name == NULL)
        g_string_append_printf (out, "[%u]", segment->index);
      else
        {
          g_string_append_c (out, '.');
          g_string_append (out, dynantic_expression_context_add_name (self, segment->name));
        }
    }
}

char *
dynantic_expression_context_add_path (DynanticExpressionContext  *self,
                                      const char                 *path,
                                      GError                    **error)
{
  g_autoptr(DynanticPath) parsed = dynantic_path_parse (path, error);
  GString *out;

  if (parsed == NULL)
    return NULL;
  out = g_string_new (NULL);
  dynantic_expression_context_append_path (self, parsed, out);
  return g_string_free (out, FALSE);
}

static gboolean
fail_not_string (const char  *path,
                 GError     **error)
{
  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION,
               /* Translators: %s is an attribute path */
               _("The value for “%s” must be a string"), path);
  return FALSE;
}

static gboolean
fail_not_number (const char  *path,
                 GError     **error)
{
  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION,
               /* Translators: %s is an attribute path */
               _("The value for “%s” must be a number"), path);
  return FALSE;
}

/* Whether the property stores a collection whose elements contains() looks at. */
static gboolean
is_collection (GType              type,
               DynanticValueFlags flags)
{
  return type == G_TYPE_STRV || G_TYPE_IS_FLAGS (type) || type == G_TYPE_VARIANT ||
         type == JSON_TYPE_NODE || (flags & DYNANTIC_VALUE_SET) != 0;
}

/* Values whose type is their own (not a property's) must be ones the codec
 * can write. */
static gboolean
copy_own (const char    *path,
          const GValue  *value,
          GValue        *out,
          GError       **error)
{
  if (!dynantic_value_type_is_supported (G_VALUE_TYPE (value), DYNANTIC_VALUE_DEFAULT))
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION,
                   /* Translators: the first %s is an attribute path, the second a GType name
                    * (such as GDateTime) */
                   _("The value for “%s” is a %s, which cannot be stored"),
                   path, G_VALUE_TYPE_NAME (value));
      return FALSE;
    }
  g_value_init (out, G_VALUE_TYPE (value));
  g_value_copy (value, out);
  return TRUE;
}

/* An element of a collection property: a string for string lists and
 * flags (one flag's nick), the value's own type for the others. */
static gboolean
convert_element (const char          *path,
                 const GValue        *value,
                 GType                type,
                 GValue              *out,
                 GError             **error)
{
  if (type == G_TYPE_STRV || G_TYPE_IS_FLAGS (type))
    {
      if (!G_VALUE_HOLDS_STRING (value))
        return fail_not_string (path, error);
      if (G_TYPE_IS_FLAGS (type))
        {
          g_auto(GValue) member = G_VALUE_INIT;

          if (!dynantic_coerce_value (path, value, type, DYNANTIC_VALUE_DEFAULT, &member, error))
            return FALSE;
        }
    }
  return copy_own (path, value, out, error);
}

/* The property a path names: only a whole top-level attribute can be one. */
static PathRoot
resolve_property (DynanticExpressionContext *self,
                  const DynanticPath        *path)
{
  PathRoot root = resolve_root (self, path);

  root.is_property = root.is_property && dynantic_path_is_root (path);
  return root;
}

/* Sets @out (unset on entry) to @value as its @role on @path needs it. */
static gboolean
convert_value (DynanticExpressionContext  *self,
               const DynanticPath         *path,
               const GValue               *value,
               DynanticValueRole           role,
               GValue                     *out,
               DynanticValueFlags         *flags,
               GError                    **error)
{
  const char *text = dynantic_path_get_text (path);
  PathRoot property = resolve_property (self, path);

  *flags = DYNANTIC_VALUE_DEFAULT;
  switch (role)
    {
    case DYNANTIC_VALUE_ROLE_STRING:
      if (!G_VALUE_HOLDS_STRING (value))
        return fail_not_string (text, error);
      return copy_own (text, value, out, error);
    case DYNANTIC_VALUE_ROLE_NUMBER:
      if (!dynantic_coerce_is_number (G_VALUE_TYPE (value)))
        return fail_not_number (text, error);
      return copy_own (text, value, out, error);
    case DYNANTIC_VALUE_ROLE_ELEMENT:
      if (property.is_property && is_collection (property.type, property.flags))
        return convert_element (text, value, property.type, out, error);
      G_GNUC_FALLTHROUGH;
    case DYNANTIC_VALUE_ROLE_PROPERTY:
    default:
      if (!property.is_property || property.type == G_TYPE_VARIANT || property.type == JSON_TYPE_NODE)
        return copy_own (text, value, out, error);
      *flags = property.flags;
      return dynantic_coerce_value (text, value, property.type, property.flags, out, error);
    }
}

static ExpressionValue *
push_value (DynanticExpressionContext *self,
            const DynanticPath        *path)
{
  ExpressionValue *entry;

  g_array_set_size (self->values, self->values->len + 1);
  entry = &g_array_index (self->values, ExpressionValue, self->values->len - 1);
  entry->placeholder = g_strdup_printf (":v%u", self->values->len - 1);
  entry->path = path != NULL ? g_strdup (dynantic_path_get_text (path)) : NULL;
  return entry;
}

gboolean
dynantic_expression_context_append_value (DynanticExpressionContext  *self,
                                          const DynanticPath         *path,
                                          const GValue               *value,
                                          DynanticValueRole           role,
                                          GString                    *out,
                                          GError                    **error)
{
  g_auto(GValue) converted = G_VALUE_INIT;
  DynanticValueFlags flags = DYNANTIC_VALUE_DEFAULT;
  gboolean is_null = value == NULL || !G_IS_VALUE (value);
  ExpressionValue *entry;

  if (!self->for_display && is_null && role == DYNANTIC_VALUE_ROLE_STRING)
    return fail_not_string (dynantic_path_get_text (path), error);
  if (!self->for_display && is_null && role == DYNANTIC_VALUE_ROLE_NUMBER)
    return fail_not_number (dynantic_path_get_text (path), error);
  if (!self->for_display && !is_null &&
      !convert_value (self, path, value, role, &converted, &flags, error))
    return FALSE;
  if (G_IS_VALUE (&converted) && dynantic_value_is_empty_set (&converted, flags))
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION,
                   /* Translators: %s is an attribute path */
                   _("The value for “%s” is an empty set, which DynamoDB cannot hold"),
                   dynantic_path_get_text (path));
      return FALSE;
    }

  entry = push_value (self, path);
  entry->flags = flags;
  dynantic_value_move (&entry->value, &converted);
  g_string_append (out, entry->placeholder);
  return TRUE;
}

const char *
dynantic_expression_context_add_value (DynanticExpressionContext  *self,
                                       const char                 *path,
                                       const GValue               *value,
                                       DynanticValueRole           role,
                                       GError                    **error)
{
  g_autoptr(DynanticPath) parsed = dynantic_path_parse (path, error);
  g_autoptr(GString) ignored = g_string_new (NULL);

  if (parsed == NULL ||
      !dynantic_expression_context_append_value (self, parsed, value, role, ignored, error))
    return NULL;
  return g_array_index (self->values, ExpressionValue, self->values->len - 1).placeholder;
}

char *
dynantic_expression_context_compile_projection (DynanticExpressionContext  *self,
                                                const char * const         *paths,
                                                guint                       n_paths,
                                                GError                    **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);

  if (n_paths == 0)
    {
      g_set_error_literal (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                           _("A projection needs at least one attribute path"));
      return NULL;
    }
  for (guint i = 0; i < n_paths; i++)
    {
      g_autoptr(DynanticPath) parsed = dynantic_path_parse (paths[i], error);
      g_autoptr(GString) placeholders = g_string_new (NULL);

      if (parsed == NULL)
        return NULL;
      dynantic_expression_context_append_path (self, parsed, placeholders);
      /* "name" and "name" (or a property's two spellings) are one path,
       * which DynamoDB refuses to see twice */
      if (g_ptr_array_find_with_equal_func (seen, placeholders->str, g_str_equal, NULL))
        continue;
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append_len (out, placeholders->str, placeholders->len);
      g_ptr_array_add (seen, g_strdup (placeholders->str));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
write_names (DynanticExpressionContext *self,
             DynanticJsonWriter        *writer)
{
  dynantic_json_writer_member (writer, "ExpressionAttributeNames");
  dynantic_json_writer_begin_object (writer);
  for (guint i = 0; i < self->names->len; i++)
    {
      dynantic_json_writer_member (writer, g_ptr_array_index (self->placeholders, i));
      dynantic_json_writer_string (writer, g_ptr_array_index (self->names, i), -1);
    }
  dynantic_json_writer_end_object (writer);
}

static gboolean
write_value (const ExpressionValue  *entry,
             DynanticJsonWriter     *writer,
             GError                **error)
{
  if (G_IS_VALUE (&entry->value))
    return dynantic_value_write (writer, entry->path, &entry->value, entry->flags, error);

  dynantic_json_writer_begin_object (writer);
  dynantic_json_writer_member (writer, "NULL");
  dynantic_json_writer_boolean (writer, TRUE);
  dynantic_json_writer_end_object (writer);
  return TRUE;
}

static gboolean
write_values (DynanticExpressionContext  *self,
              DynanticJsonWriter         *writer,
              GError                    **error)
{
  dynantic_json_writer_member (writer, "ExpressionAttributeValues");
  dynantic_json_writer_begin_object (writer);
  for (guint i = 0; i < self->values->len; i++)
    {
      const ExpressionValue *entry = &g_array_index (self->values, ExpressionValue, i);

      dynantic_json_writer_member (writer, entry->placeholder);
      if (!write_value (entry, writer, error))
        return FALSE;
    }
  dynantic_json_writer_end_object (writer);
  return TRUE;
}

gboolean
dynantic_expression_context_write (DynanticExpressionContext  *self,
                                   DynanticJsonWriter         *writer,
                                   GError                    **error)
{
  g_return_val_if_fail (!self->for_display, FALSE);

  if (self->names->len > 0)
    write_names (self, writer);
  if (self->values->len > 0)
    return write_values (self, writer, error);
  return TRUE;
}

guint
dynantic_expression_context_get_n_names (DynanticExpressionContext *self)
{
  return self->names->len;
}

const char *
dynantic_expression_context_get_name (DynanticExpressionContext *self,
                                      guint                      i)
{
  g_return_val_if_fail (i < self->names->len, NULL);

  return g_ptr_array_index (self->names, i);
}

guint
dynantic_expression_context_get_n_values (DynanticExpressionContext *self)
{
  return self->values->len;
}

const GValue *
dynantic_expression_context_get_value (DynanticExpressionContext *self,
                                       guint                      i,
                                       DynanticValueFlags        *flags)
{
  const ExpressionValue *entry;

  g_return_val_if_fail (i < self->values->len, NULL);

  entry = &g_array_index (self->values, ExpressionValue, i);
  if (flags != NULL)
    *flags = entry->flags;
  return &entry->value;
}
