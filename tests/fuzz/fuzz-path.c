/* fuzz-path.c: the attribute path parser on arbitrary text
 *
 * Beyond "no crash, no leak":
 * - a path parses to 1 .. DYNANTIC_PATH_MAX_DEPTH segments, the first a
 *   non-empty name, and keeps its text;
 * - written back from its segments (names escaped, indexes in brackets)
 *   it parses to the same segments;
 * - any text escaped as a name parses back to exactly that one name;
 * - failures are DYNANTIC_ERROR_INVALID_ARGUMENT;
 * - the expression compiler turns a path into placeholders only.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dynantic-error.h"
#include "dynantic-expression-private.h"
#include "dynantic-path-private.h"
#include "fuzz-check.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char *
rebuild (const DynanticPath *path)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < dynantic_path_get_n_segments (path); i++)
    {
      const DynanticPathSegment *segment = dynantic_path_get_segment (path, i);

      if (segment->name != NULL)
        {
          g_autofree char *escaped = dynantic_path_escape_name (segment->name);

          if (i > 0)
            g_string_append_c (text, '.');
          g_string_append (text, escaped);
        }
      else
        g_string_append_printf (text, "[%u]", segment->index);
    }
  return g_string_free (text, FALSE);
}

static gboolean
same_segments (const DynanticPath *a,
               const DynanticPath *b)
{
  if (dynantic_path_get_n_segments (a) != dynantic_path_get_n_segments (b))
    return FALSE;
  for (guint i = 0; i < dynantic_path_get_n_segments (a); i++)
    {
      const DynanticPathSegment *x = dynantic_path_get_segment (a, i);
      const DynanticPathSegment *y = dynantic_path_get_segment (b, i);

      if (g_strcmp0 (x->name, y->name) != 0 || (x->name == NULL && x->index != y->index))
        return FALSE;
    }
  return TRUE;
}

/* "#n0.#n1[3]": placeholders, dots and indexes only. */
static void
check_placeholders (const DynanticPath *path)
{
  g_autoptr(DynanticExpressionContext) context = dynantic_expression_context_new (NULL, NULL);
  g_autoptr(GString) out = g_string_new (NULL);

  dynantic_expression_context_append_path (context, path, out);
  for (const char *p = out->str; *p != '\0'; p++)
    CHECK (g_ascii_isdigit (*p) || strchr ("#n.[]", *p) != NULL);
  CHECK (dynantic_expression_context_get_n_names (context) >= 1);
}

static void
check_path (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DynanticPath) path = dynantic_path_parse (text, &error);
  g_autoptr(DynanticPath) again = NULL;
  g_autofree char *rebuilt = NULL;
  guint n;

  if (path == NULL)
    {
      CHECK (g_error_matches (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT));
      return;
    }
  CHECK (error == NULL);
  n = dynantic_path_get_n_segments (path);
  CHECK (n >= 1 && n <= DYNANTIC_PATH_MAX_DEPTH);
  CHECK (strcmp (dynantic_path_get_text (path), text) == 0);
  CHECK (dynantic_path_get_root (path) != NULL && *dynantic_path_get_root (path) != '\0');
  CHECK (dynantic_path_is_root (path) == (n == 1));

  rebuilt = rebuild (path);
  again = dynantic_path_parse (rebuilt, NULL);
  CHECK (again != NULL && same_segments (path, again));
  check_placeholders (path);
}

static void
check_escaped_name (const char *name)
{
  g_autofree char *escaped = dynantic_path_escape_name (name);
  g_autoptr(DynanticPath) path = dynantic_path_parse (escaped, NULL);

  if (*name == '\0' || !g_utf8_validate (name, -1, NULL))
    {
      CHECK (path == NULL);
      return;
    }
  CHECK (path != NULL && dynantic_path_is_root (path));
  CHECK (strcmp (dynantic_path_get_root (path), name) == 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);

  check_path (text);
  check_escaped_name (text);
  return 0;
}
