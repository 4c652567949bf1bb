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
 * GVariant, NULL for NULL. @plain_sets: SS, NS and BS read as bare arrays
 * ("as", "ax" or "ad", "aay") when they can, as for a property declared a
 * set; otherwise (and always inside M and L) as tagged values. */
DynanticAvStatus dynantic_value_variant_read  (DynanticAvReading  *r,
                                               DynanticAvKind      kind,
                                               gboolean            plain_sets,
                                               GVariant          **variant);
/* Whether @variant is a tagged value, the dict entry {TYPE, value} that
 * stands for a DynamoDB type GVariant has none for ({'N', '1.5...'},
 * {'SS', [...]}, {'NS', [...]}, {'BS', [...]}): then its tag's kind and
 * its value (transfer full, "v" boxes opened). */
gboolean         dynantic_value_variant_get_tag (GVariant        *variant,
                                                 DynanticAvKind  *kind,
                                                 GVariant       **value);

G_END_DECLS
