/* dynantic-path.c: document paths ("a.b[2].c"), parsed once
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "dynantic-error.h"
#include "dynantic-i18n-private.h"
#include "dynantic-path-private.h"

struct _DynanticPath {
  char   *text;
  GArray *segments;   /* DynanticPathSegment */
};

static void
clear_segment (gpointer data)
{
  DynanticPathSegment *segment = data;

  g_clear_pointer (&segment->name, g_free);
}

void
dynantic_path_free (DynanticPath *self)
{
  if (self == NULL)
    return;
  g_free (self->text);
  g_array_unref (self->segments);
  g_free (self);
}

static gboolean
path_fail (const char  *text,
           const char  *reason,
           GError     **error)
{
  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
               /* Translators: the first %s is the path as given, the second says what is wrong
                * with it (such as “a name is empty”) */
               _("Invalid attribute path “%s”: %s"), text, reason);
  return FALSE;
}

static gboolean
is_delimiter (char c)
{
  return c == '\0' || c == '.' || c == '[' || c == ']';
}

/* Reads a name up to the next unescaped delimiter, unescaping it. */
static gboolean
parse_name (const char  *text,
            const char **cursor,
            GArray      *segments,
            GError     **error)
{
  g_autoptr(GString) name = g_string_new (NULL);
  const char *p = *cursor;
  DynanticPathSegment segment = { NULL, 0 };

  while (!is_delimiter (*p))
    {
      if (*p == '\\')
        {
          p++;
          if (*p == '\0')
            return path_fail (text, _("it ends with a lone backslash"), error);
        }
      g_string_append_c (name, *p);
      p++;
    }
  if (name->len == 0)
    return path_fail (text, _("a name is empty"), error);
  if (*p == ']')
    return path_fail (text, _("“]” without “[”"), error);

  segment.name = g_string_free (g_steal_pointer (&name), FALSE);
  g_array_append_val (segments, segment);
  *cursor = p;
  return TRUE;
}

/* Reads "[digits]" at *cursor. */
static gboolean
parse_index (const char  *text,
             const char **cursor,
             GArray      *segments,
             GError     **error)
{
  const char *p = *cursor + 1;
  DynanticPathSegment segment = { NULL, 0 };
  guint64 index = 0;

  if (*p == ']')
    return path_fail (text, _("a list index is empty"), error);
  for (; *p != ']'; p++)
    {
      if (*p == '\0')
        return path_fail (text, _("“[” is not closed"), error);
      if (!g_ascii_isdigit (*p))
        return path_fail (text, _("a list index is not a number"), error);
      index = index * 10 + (guint64) (*p - '0');
      if (index > G_MAXINT32)
        return path_fail (text, _("a list index is too large"), error);
    }

  segment.index = (guint) index;
  g_array_append_val (segments, segment);
  *cursor = p + 1;
  return TRUE;
}

static gboolean
parse_segments (const char  *text,
                GArray      *segments,
                GError     **error)
{
  const char *p = text;

  if (!parse_name (text, &p, segments, error))
    return FALSE;
  while (*p != '\0')
    {
      gboolean ok;

      if (segments->len >= DYNANTIC_PATH_MAX_DEPTH)
        return path_fail (text, _("it is nested too deeply"), error);
      if (*p == '.')
        {
          p++;
          ok = parse_name (text, &p, segments, error);
        }
      else if (*p == '[')
        ok = parse_index (text, &p, segments, error);
      else
        return path_fail (text, _("“.” or “[” must follow “]”"), error);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

DynanticPath *
dynantic_path_parse (const char  *text,
                     GError     **error)
{
  g_autoptr(GArray) segments = NULL;
  DynanticPath *self;

  if (text == NULL || *text == '\0')
    {
      g_set_error_literal (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                           _("An attribute path is empty"));
      return NULL;
    }
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                           _("An attribute path is not valid UTF-8"));
      return NULL;
    }

  segments = g_array_new (FALSE, TRUE, sizeof (DynanticPathSegment));
  g_array_set_clear_func (segments, clear_segment);
  if (!parse_segments (text, segments, error))
    return NULL;

  self = g_new0 (DynanticPath, 1);
  self->text = g_strdup (text);
  self->segments = g_steal_pointer (&segments);
  return self;
}

const char *
dynantic_path_get_text (const DynanticPath *self)
{
  return self->text;
}

const char *
dynantic_path_get_root (const DynanticPath *self)
{
  return g_array_index (self->segments, DynanticPathSegment, 0).name;
}

gboolean
dynantic_path_is_root (const DynanticPath *self)
{
  return self->segments->len == 1;
}

guint
dynantic_path_get_n_segments (const DynanticPath *self)
{
  return self->segments->len;
}

const DynanticPathSegment *
dynantic_path_get_segment (const DynanticPath *self,
                           guint               i)
{
  g_return_val_if_fail (i < self->segments->len, NULL);

  return &g_array_index (self->segments, DynanticPathSegment, i);
}

char *
dynantic_path_escape_name (const char *name)
{
  GString *escaped = g_string_sized_new (strlen (name) + 2);

  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '\\' || is_delimiter (*p))
        g_string_append_c (escaped, '\\');
      g_string_append_c (escaped, *p);
    }
  return g_string_free (escaped, FALSE);
}
