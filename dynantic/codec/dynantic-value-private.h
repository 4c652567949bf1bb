/* dynantic-value-private.h: GValue <-> DynamoDB AttributeValue, exactly
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib-object.h>

#include "dynantic-json-private.h"
#include "dynantic-value-types-private.h"

G_BEGIN_DECLS


/* The GTypes the codec maps:
 *   G_TYPE_STRING        S (N with NUMBER_STRING; "" kept)
 *   G_TYPE_BOOLEAN       BOOL
 *   integer types        N (range-checked when read)
 *   G_TYPE_FLOAT/DOUBLE  N, shortest text that reads back to the same double; NaN/Inf refused
 *   G_TYPE_BYTES         B (base64 on the wire)
 *   G_TYPE_DATE_TIME     S ISO-8601, UTC written with Z, sub-second digits kept
 *                        (N epoch seconds with EPOCH_SECONDS)
 *   enum types           S, the value's nick
 *   flags types          SS of the set bits' nicks
 *   G_TYPE_STRV          L of S (SS with SET)
 *   G_TYPE_VARIANT       by the variant's type: s S, numbers N, b BOOL, ay B,
 *                        a{s*} M, other arrays and tuples L (as/ax/ad/aay with
 *                        SET: SS/NS/NS/BS), maybe-nothing NULL, v unwrapped;
 *                        the dict entries {'SS', as}, {'NS', ax|ad|as},
 *                        {'BS', aay} and {'N', s} (tagged values) the set or
 *                        exact number they name, which is how sets (unless
 *                        declared, at the top) and numbers no x/t/d holds
 *                        exactly read back (dynantic-value-variant.c)
 *   JSON_TYPE_NODE       object M, array L, string S, number N, bool BOOL, null NULL;
 *                        sets, binary and exact numbers read as arrays, base64
 *                        strings and doubles, and written back as read through
 *                        the value's shape (dynantic-value-json-node.c)
 * Nested models (G_TYPE_OBJECT) are the model layer's business, not the codec's. */

/* What the codec does with a GType (with its flags), resolved once so that
 * reading and writing values of a known type ask GType nothing again. */
typedef enum {
  DYNANTIC_VALUE_KIND_UNSUPPORTED,
  DYNANTIC_VALUE_KIND_STRING,
  DYNANTIC_VALUE_KIND_BOOLEAN,
  DYNANTIC_VALUE_KIND_CHAR,
  DYNANTIC_VALUE_KIND_UCHAR,
  DYNANTIC_VALUE_KIND_INT,
  DYNANTIC_VALUE_KIND_UINT,
  DYNANTIC_VALUE_KIND_LONG,
  DYNANTIC_VALUE_KIND_ULONG,
  DYNANTIC_VALUE_KIND_INT64,
  DYNANTIC_VALUE_KIND_UINT64,
  DYNANTIC_VALUE_KIND_FLOAT,
  DYNANTIC_VALUE_KIND_DOUBLE,
  DYNANTIC_VALUE_KIND_ENUM,
  DYNANTIC_VALUE_KIND_FLAGS,
  DYNANTIC_VALUE_KIND_VARIANT,
  DYNANTIC_VALUE_KIND_STRV,
  DYNANTIC_VALUE_KIND_BYTES,
  DYNANTIC_VALUE_KIND_DATE_TIME,
  DYNANTIC_VALUE_KIND_JSON_NODE,
} DynanticValueKind;

/* The kind of values of @type stored with @flags; UNSUPPORTED when the
 * codec cannot store them (or not with those flags). */
DynanticValueKind dynantic_value_kind_of (GType               type,
                                          DynanticValueFlags  flags);

/* Whether the codec can store values of @type (with @flags). */
gboolean dynantic_value_type_is_supported (GType               type,
                                           DynanticValueFlags  flags);

/* Whether @value would be an empty set, which DynamoDB refuses: such
 * attributes are left out of the item. */
gboolean dynantic_value_is_empty_set      (const GValue       *value,
                                           DynanticValueFlags  flags);

/* Writes @value as one AttributeValue object ({"S":"..."} etc.). @name is the
 * attribute's name for error messages (never the value). Values DynamoDB
 * cannot hold (NaN, infinities, malformed or out-of-range decimals, invalid
 * UTF-8) fail with DYNANTIC_ERROR_VALIDATION and write nothing; types the
 * codec does not support with DYNANTIC_ERROR_INVALID_ARGUMENT. */
gboolean dynantic_value_write             (DynanticJsonWriter  *writer,
                                           const char          *name,
                                           const GValue        *value,
                                           DynanticValueFlags   flags,
                                           GError             **error);

/* Reads one AttributeValue object from @reader (the next value) into @value,
 * which the caller has initialized to the target GType. A type mismatch or
 * a number out of the target's range fails with DYNANTIC_ERROR_VALIDATION
 * naming @name, after consuming the whole AttributeValue (the caller may
 * go on reading the item); malformed JSON with DYNANTIC_ERROR_BAD_RESPONSE
 * (the reader stops). Types the codec does not support: INVALID_ARGUMENT. */
gboolean dynantic_value_read              (DynanticJsonReader  *reader,
                                           const char          *name,
                                           GValue              *value,
                                           DynanticValueFlags   flags,
                                           GError             **error);

/* dynantic_value_write() and dynantic_value_read() for a value whose kind
 * the caller resolved with dynantic_value_kind_of() (not UNSUPPORTED) from
 * the value's own type and @flags. Reading a JsonNode or a GVariant with
 * @shape sets *@shape to the value's shape (NULL when it needs none: see
 * dynantic-value-shape-private.h), which the owner of the value keeps with
 * it and hands back to write_kind() (@shape nullable). @level: the maps
 * and lists around the value (0 for an item's attribute, one more for each
 * nested model around it), which count toward DynamoDB's 32 levels. */
gboolean dynantic_value_write_kind        (DynanticJsonWriter        *writer,
                                           const char                *name,
                                           DynanticValueKind          kind,
                                           const GValue              *value,
                                           DynanticValueFlags         flags,
                                           const DynanticValueShape  *shape,
                                           guint                      level,
                                           GError                   **error);
gboolean dynantic_value_read_kind         (DynanticJsonReader        *reader,
                                           const char                *name,
                                           DynanticValueKind          kind,
                                           GValue                    *value,
                                           DynanticValueFlags         flags,
                                           DynanticValueShape       **shape,
                                           guint                      level,
                                           GError                   **error);

/* Reads one AttributeValue that no property stores, checked as
 * dynantic_value_read_kind() checks what it reads (a BAD_RESPONSE error
 * naming @name; at @level as there), and gives its text (valid while the
 * reader's data is). */
gboolean dynantic_value_capture           (DynanticJsonReader  *reader,
                                           const char          *name,
                                           guint                level,
                                           const char         **json,
                                           gsize               *length,
                                           GError             **error);

/* Whether a value of @kind is left out of an item: NULL, or an empty set
 * (which DynamoDB refuses). */
gboolean dynantic_value_kind_is_absent    (DynanticValueKind    kind,
                                           const GValue        *value,
                                           DynanticValueFlags   flags);

/* NULL strings, boxed values, objects and variants. */
gboolean dynantic_value_is_null           (const GValue        *value);
/* NULL, or an empty string or binary: what a key may not be. */
gboolean dynantic_value_is_empty          (const GValue        *value);

/* Checks that @text is a number DynamoDB accepts (38 significant digits,
 * exponent within 1E-130 .. 9.99..E+125) */
gboolean dynantic_value_check_number_text (const char          *name,
                                           const char          *text,
                                           GError             **error);

/* The shortest decimal text that reads back as exactly @value (finite).
 * Writes into @buffer, returns its length. */
gsize    dynantic_value_format_double     (double               value,
                                           char                 buffer[32]);

/* Moves the contents of @src (initialized) into @dest (uninitialized or
 * unset) and leaves @src unset: no copy of what it holds. GLib has no call
 * that moves a GValue; a GValue holds no pointer into itself, so it moves
 * as a whole, as GLib's own GArray of GValues and GValueArray move them
 * (its fields are not touched one by one). The one place Dynantic moves a
 * GValue, for each value an item read stores in its model and each value
 * an expression keeps: copying instead (g_value_init(), g_value_copy(),
 * g_value_unset()) measured 4,933 instructions more per GetItem and 4,242
 * per codec item (bench/instructions.sh: 339,422 -> 344,355 and 50,211 ->
 * 54,453). */
static inline void
dynantic_value_move (GValue *dest,
                     GValue *src)
{
  *dest = *src;
  *src = (GValue) G_VALUE_INIT;
}

G_END_DECLS
