/* dynantic-coerce-private.h: a caller's value, converted to a property's type
 *
 * Conditions and updates take values as GValues of whatever type the caller
 * (or a language binding) had at hand: a Python int arrives as a gint, a
 * Decimal as a string, an enum member as its nick. Before such a value is
 * encoded it is converted to the type of the property it is compared with or
 * stored into, so that it is written exactly as the property itself would be
 * and compares equal on the server. Only conversions that lose nothing are
 * made; anything else is refused.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib-object.h>

#include "dynantic-value-private.h"

G_BEGIN_DECLS

/* Initializes @out to @type and sets it from @value:
 *   - the same type (or a subtype): copied;
 *   - integer types: any integer, or a double without fraction, in range;
 *   - float/double: any integer that converts exactly, the other float type;
 *   - strings flagged NUMBER_STRING: integers and doubles as decimal text,
 *     strings that are valid DynamoDB numbers;
 *   - enums: a nick or name (string) or a valid integer value;
 *   - flags: one flag's nick or name, or an integer of valid bits;
 *   - GDateTime: an ISO-8601 string (UTC when it has no offset) or integer
 *     epoch seconds.
 * Anything else fails with DYNANTIC_ERROR_VALIDATION naming @name (the
 * value itself never appears in the message) and leaves @out unset. */
gboolean dynantic_coerce_value     (const char          *name,
                                    const GValue        *value,
                                    GType                type,
                                    DynanticValueFlags   flags,
                                    GValue              *out,
                                    GError             **error);

/* Whether @type is one of the integer or floating-point fundamental types. */
gboolean dynantic_coerce_is_number (GType                type);

G_END_DECLS
