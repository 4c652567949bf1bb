/* dynantic-path-private.h: document paths ("a.b[2].c"), parsed once
 *
 * A path names an attribute and, optionally, an element inside it: map
 * members after '.', list elements by index in brackets. A backslash takes
 * the next character literally, so a top-level attribute whose name holds
 * '.', '[', ']' or '\' is written with those escaped
 * (dynantic_path_escape_name()).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The deepest document path DynamoDB accepts. */
#define DYNANTIC_PATH_MAX_DEPTH 32

typedef struct {
  char  *name;    /* a map member or the root attribute; NULL for a list index */
  guint  index;   /* the list index when name is NULL */
} DynanticPathSegment;

typedef struct _DynanticPath DynanticPath;

/* Parses @text; a malformed path fails with DYNANTIC_ERROR_INVALID_ARGUMENT
 * naming it. The result is immutable and may be shared between threads. */
DynanticPath              *dynantic_path_parse          (const char         *text,
                                                         GError            **error);
void                       dynantic_path_free           (DynanticPath       *self);

/* The text the path was parsed from. */
const char                *dynantic_path_get_text       (const DynanticPath *self);
/* The top-level attribute's name (unescaped). */
const char                *dynantic_path_get_root       (const DynanticPath *self);
/* Whether the path names a top-level attribute and nothing inside it. */
gboolean                   dynantic_path_is_root        (const DynanticPath *self);
guint                      dynantic_path_get_n_segments (const DynanticPath *self);
const DynanticPathSegment *dynantic_path_get_segment    (const DynanticPath *self,
                                                         guint               i);

/* A path that names the top-level attribute @name, whatever it holds. */
char                      *dynantic_path_escape_name    (const char         *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DynanticPath, dynantic_path_free)

G_END_DECLS
