/* dynantic-value-json-node-private.h: JsonNode <-> AttributeValue
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "dynantic-attribute-value-private.h"

G_BEGIN_DECLS

/* @node as one AttributeValue at nesting @level (the attribute is 1). */
gboolean         dynantic_value_json_node_write (DynanticAvWriting  *w,
                                                 JsonNode           *node,
                                                 guint               level);
/* The value of an AttributeValue of @kind (after its kind member) as a new
 * JsonNode, NULL for NULL. */
DynanticAvStatus dynantic_value_json_node_read  (DynanticAvReading  *r,
                                                 DynanticAvKind      kind,
                                                 JsonNode          **node);

G_END_DECLS
