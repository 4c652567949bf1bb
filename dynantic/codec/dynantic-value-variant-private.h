/* dynantic-value-variant-private.h: GVariant <-> AttributeValue
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "dynantic-attribute-value-private.h"

G_BEGIN_DECLS

/* @variant as one AttributeValue at nesting @level (the attribute is 1);
 * @flags: SET makes arrays of strings, numbers or bytestrings sets. */
gboolean         dynantic_value_variant_write (DynanticAvWriting  *w,
                                               GVariant           *variant,
                                               DynanticValueFlags  flags,
                                               guint               level);
/* The value of an AttributeValue of @kind (after its kind member) as a new
 * GVariant, NULL for NULL. */
DynanticAvStatus dynantic_value_variant_read  (DynanticAvReading  *r,
                                               DynanticAvKind      kind,
                                               GVariant          **variant);

G_END_DECLS
