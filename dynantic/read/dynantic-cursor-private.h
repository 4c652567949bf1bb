/* dynantic-cursor-private.h: opaque, authenticated, encrypted pagination cursors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DYNANTIC_CURSOR_KEY_SIZE 32

/* What a cursor is bound to: a cursor made for one binding is refused for
 * any other. @partition is the encoded partition key value of a query (NULL
 * for a scan), @segment the scan segment (-1 for none). */
typedef struct {
  const char *table;
  const char *index;      /* NULL for the table itself */
  const char *partition;  /* NULL for a scan */
  gint        segment;
} DynanticCursorBinding;

/* The process-wide random key used when a client has none set. */
GBytes *dynantic_cursor_default_key (void);

/* Seals @payload (the LastEvaluatedKey's JSON) into a URL-safe string. */
char   *dynantic_cursor_seal        (GBytes                      *key,
                                     const DynanticCursorBinding *binding,
                                     const char                  *payload,
                                     gsize                        payload_length);

/* Opens a cursor made by dynantic_cursor_seal() with the same key and
 * binding; anything else fails with DYNANTIC_ERROR_INVALID_CURSOR. */
GBytes *dynantic_cursor_open        (GBytes                      *key,
                                     const DynanticCursorBinding *binding,
                                     const char                  *cursor,
                                     GError                     **error);

G_END_DECLS
