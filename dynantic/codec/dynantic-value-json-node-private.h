/* dynantic-value-json-node-private.h: JsonNode <-> AttributeValue
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "dynantic-attribute-value-private.h"

G_BEGIN_DECLS

/* @node as one AttributeValue at nesting @level (the attribute is 1); the
 * parts @shape (nullable) notes are written as they were read while they
 * still fit. */
gboolean         dynantic_value_json_node_write (DynanticAvWriting         *w,
                                                 JsonNode                  *node,
                                                 const DynanticValueShape  *shape,
                                                 guint                      level);
/* The value of an AttributeValue of @kind (after its kind member) as a new
 * JsonNode, NULL for NULL. With @shape, *@shape is set to a new shape of
 * what JSON cannot say in it (sets, binary, inexact numbers), or left NULL
 * when it holds none of these. */
DynanticAvStatus dynantic_value_json_node_read  (DynanticAvReading         *r,
                                                 DynanticAvKind             kind,
                                                 JsonNode                 **node,
                                                 DynanticValueShape       **shape);

G_END_DECLS
