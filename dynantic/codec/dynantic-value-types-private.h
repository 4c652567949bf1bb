/* dynantic-value-types-private.h: what the value codec's parts share
 *
 * The value codec (dynantic-value.c) sits above its parts: the pieces of
 * AttributeValue (dynantic-attribute-value.c), GVariant and JsonNode
 * (dynantic-value-variant.c, dynantic-value-json-node.c). These types are
 * what they all speak, so that no part includes the codec above it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How a value is stored, beyond what its GType says. */
typedef enum {
  DYNANTIC_VALUE_DEFAULT        = 0,
  /* a string holding an exact decimal (up to 38 significant digits): N */
  DYNANTIC_VALUE_NUMBER_STRING  = 1 << 0,
  /* a GDateTime or integer stored as N epoch seconds (TTL attributes) */
  DYNANTIC_VALUE_EPOCH_SECONDS  = 1 << 1,
  /* a collection stored as a DynamoDB set (SS/NS/BS) rather than a list */
  DYNANTIC_VALUE_SET            = 1 << 2,
} DynanticValueFlags;

/* DynamoDB nests at most 31 maps or lists inside an attribute (the
 * attribute itself is level 1; its innermost scalar may be at level 32):
 * lists, maps and nested models alike. */
#define DYNANTIC_VALUE_MAX_LEVEL 31

/* How the parts of a JsonNode value were typed on the wire where JSON has
 * no type of its own (sets, binary, numbers no double holds exactly), so
 * that writing the value back keeps them. Made by reading a JsonNode
 * (dynantic_value_read_kind()); freed here (dynantic-value-json-node.c). */
typedef struct _DynanticValueShape DynanticValueShape;

void dynantic_value_shape_free (DynanticValueShape *shape);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DynanticValueShape, dynantic_value_shape_free)

G_END_DECLS
