/* dynantic-value-shape-private.h: how a value read from DynamoDB was on the wire
 *
 * A shape goes with a value the codec read, kept by the value's owner (the
 * model) and handed back when the value is written, so that what the
 * value's type cannot say, or would say at a cost, is written back exactly
 * as read:
 *  - a GVariant's shape is the AttributeValue's text as read: a variant is
 *    immutable, so while the property still holds that very variant, the
 *    text is what it writes (without walking, or checking, the variant's
 *    serialized bytes, which came from the network);
 *  - a JsonNode's shape notes the parts JSON has no type for: the arrays
 *    that were sets (by their JsonArray, which copies of the node share),
 *    the strings that were binary and the doubles that stand for an exact
 *    number (by their member JsonNode), and the value itself when it is
 *    such a scalar (by what it holds). dynantic-value-json-node.c reads
 *    and writes them.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "dynantic-attribute-value-private.h"
#include "dynantic-value-types-private.h"

G_BEGIN_DECLS

/* A GVariant read from @text (@length bytes, an AttributeValue). */
DynanticValueShape *dynantic_value_shape_new_for_variant (GVariant                  *variant,
                                                          const char                *text,
                                                          gsize                      length);
/* The text @variant was read from, when @shape (nullable) is the shape of
 * that very variant; else NULL. */
const char         *dynantic_value_shape_variant_text    (const DynanticValueShape  *shape,
                                                          GVariant                  *variant,
                                                          gsize                     *length);

/* What one part of a JsonNode was: B, N (with its exact text and the
 * double the node was given), SS, NS or BS. */
typedef struct {
  DynanticAvKind  kind;
  char           *text;
  double          number;
} DynanticValueHint;

/* Notes that @node (a member of an object or array) was read from @kind;
 * makes *@shape when it is NULL. */
void                     dynantic_value_shape_note_node  (DynanticValueShape       **shape,
                                                          JsonNode                  *node,
                                                          DynanticAvKind             kind,
                                                          const char                *text,
                                                          double                     number);
/* Notes that @array was read from the set @kind. */
void                     dynantic_value_shape_note_array (DynanticValueShape       **shape,
                                                          JsonArray                 *array,
                                                          DynanticAvKind             kind);
/* Makes the note of @node that of the value itself (matched by what it
 * holds, not by the node: every g_object_get() copies the node). */
void                     dynantic_value_shape_note_root  (DynanticValueShape        *shape,
                                                          JsonNode                  *node);
/* The notes; NULL when there is none (or no shape). */
const DynanticValueHint *dynantic_value_shape_node_hint  (const DynanticValueShape  *shape,
                                                          JsonNode                  *node);
const DynanticValueHint *dynantic_value_shape_array_hint (const DynanticValueShape  *shape,
                                                          JsonArray                 *array);
const DynanticValueHint *dynantic_value_shape_root_hint  (const DynanticValueShape  *shape);

G_END_DECLS
