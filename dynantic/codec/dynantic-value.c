/* dynantic-value.c: GValue <-> DynamoDB AttributeValue, exactly
 *
 * Writing goes straight from a GValue to JSON text and reading straight from
 * JSON tokens to a GValue, without a DOM in between.
 *
 * Choices where DynamoDB and GLib do not meet one to one:
 * - DynamoDB has no negative zero: -0.0 is written "0" and reads back 0.0.
 * - DynamoDB returns numbers normalized ("1.50" -> "1.5", "1E+2" -> "100"):
 *   a NUMBER_STRING reads back as the server's text, the same number.
 * - A GDateTime keeps its UTC offset (Z for UTC); offsets that are not whole
 *   minutes are written as the same instant in UTC. Sub-second digits are
 *   written, six of them, only when non-zero (as Python's isoformat() does),
 *   so whole and fractional seconds do not sort together as text: use
 *   EPOCH_SECONDS where order matters across both.
 * - Strings with a NUL character (DynamoDB holds them) cannot be C strings:
 *   reading one into a string, a variant or a JsonNode is a VALIDATION error.
 * - Sets keep their members' order when written (DynamoDB's is unspecified);
 *   duplicate members are refused as DynamoDB refuses them ("1" and "1.0" are
 *   the same number).
 * - GVariant and JsonNode write back every DynamoDB type as they read it:
 *   GVariant through shapes of its own for each (tagged values for sets and
 *   exact numbers), JsonNode through the shape kept beside the value where
 *   JSON has no twin; see dynantic-value-variant.c, dynantic-value-json-node.c.
 *
 * On a VALIDATION error while reading, the whole AttributeValue has been
 * consumed, so the caller may go on reading the item.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "dynantic-attribute-value-private.h"
#include "dynantic-error-private.h"
#include "dynantic-i18n-private.h"
#include "dynantic-value-json-node-private.h"
#include "dynantic-value-private.h"
#include "dynantic-value-shape-private.h"
#include "dynantic-value-variant-private.h"

static gboolean
set_unsupported_error (GError     **error,
                       const char  *name,
                       GType        type)
{
  return dynantic_av_set_error (error, DYNANTIC_ERROR_INVALID_ARGUMENT, name,
                                /* Translators: %s is a GType name such as GHashTable; “these flags” are the storage
                                   options given for the value */
                                _("values of type %s (with these flags) cannot be stored in DynamoDB"),
                                g_type_name (type));
}

static DynanticValueKind
type_kind (GType type)
{
  switch (G_TYPE_FUNDAMENTAL (type))
    {
    case G_TYPE_STRING: return DYNANTIC_VALUE_KIND_STRING;
    case G_TYPE_BOOLEAN: return DYNANTIC_VALUE_KIND_BOOLEAN;
    case G_TYPE_CHAR: return DYNANTIC_VALUE_KIND_CHAR;
    case G_TYPE_UCHAR: return DYNANTIC_VALUE_KIND_UCHAR;
    case G_TYPE_INT: return DYNANTIC_VALUE_KIND_INT;
    case G_TYPE_UINT: return DYNANTIC_VALUE_KIND_UINT;
    case G_TYPE_LONG: return DYNANTIC_VALUE_KIND_LONG;
    case G_TYPE_ULONG: return DYNANTIC_VALUE_KIND_ULONG;
    case G_TYPE_INT64: return DYNANTIC_VALUE_KIND_INT64;
    case G_TYPE_UINT64: return DYNANTIC_VALUE_KIND_UINT64;
    case G_TYPE_FLOAT: return DYNANTIC_VALUE_KIND_FLOAT;
    case G_TYPE_DOUBLE: return DYNANTIC_VALUE_KIND_DOUBLE;
    case G_TYPE_ENUM: return DYNANTIC_VALUE_KIND_ENUM;
    case G_TYPE_FLAGS: return DYNANTIC_VALUE_KIND_FLAGS;
    case G_TYPE_VARIANT: return DYNANTIC_VALUE_KIND_VARIANT;
    default: break;
    }
  if (type == G_TYPE_STRV)
    return DYNANTIC_VALUE_KIND_STRV;
  if (type == G_TYPE_BYTES)
    return DYNANTIC_VALUE_KIND_BYTES;
  if (type == G_TYPE_DATE_TIME)
    return DYNANTIC_VALUE_KIND_DATE_TIME;
  if (type == JSON_TYPE_NODE)
    return DYNANTIC_VALUE_KIND_JSON_NODE;
  return DYNANTIC_VALUE_KIND_UNSUPPORTED;
}

static DynanticValueFlags
allowed_flags (DynanticValueKind kind)
{
  switch (kind)
    {
    case DYNANTIC_VALUE_KIND_STRING:
      return DYNANTIC_VALUE_NUMBER_STRING;
    case DYNANTIC_VALUE_KIND_CHAR:
    case DYNANTIC_VALUE_KIND_UCHAR:
    case DYNANTIC_VALUE_KIND_INT:
    case DYNANTIC_VALUE_KIND_UINT:
    case DYNANTIC_VALUE_KIND_LONG:
    case DYNANTIC_VALUE_KIND_ULONG:
    case DYNANTIC_VALUE_KIND_INT64:
    case DYNANTIC_VALUE_KIND_UINT64:
    case DYNANTIC_VALUE_KIND_DATE_TIME:
      return DYNANTIC_VALUE_EPOCH_SECONDS;
    case DYNANTIC_VALUE_KIND_FLAGS:
    case DYNANTIC_VALUE_KIND_VARIANT:
      return DYNANTIC_VALUE_SET;
    case DYNANTIC_VALUE_KIND_STRV:
      return DYNANTIC_VALUE_SET | DYNANTIC_VALUE_NUMBER_STRING;
    default:
      return DYNANTIC_VALUE_DEFAULT;
    }
}

DynanticValueKind
dynantic_value_kind_of (GType              type,
                        DynanticValueFlags flags)
{
  DynanticValueKind kind = type_kind (type);

  if ((flags & ~allowed_flags (kind)) != 0)
    return DYNANTIC_VALUE_KIND_UNSUPPORTED;
  return kind;
}

gboolean
dynantic_value_type_is_supported (GType              type,
                                  DynanticValueFlags flags)
{
  return dynantic_value_kind_of (type, flags) != DYNANTIC_VALUE_KIND_UNSUPPORTED;
}

static gboolean
variant_is_set_array (GVariant *variant)
{
  return variant != NULL &&
         g_variant_is_of_type (variant, G_VARIANT_TYPE_ARRAY) &&
         !g_variant_is_of_type (variant, G_VARIANT_TYPE_BYTESTRING);
}

/* An empty array with the SET flag, or a tagged set ({'SS', []}) that is
 * empty: DynamoDB holds no empty set. */
static gboolean
variant_is_empty_set (GVariant           *variant,
                      DynanticValueFlags  flags)
{
  g_autoptr(GVariant) members = NULL;
  DynanticAvKind tag;

  if (variant == NULL)
    return FALSE;
  if (g_variant_is_of_type (variant, G_VARIANT_TYPE_DICT_ENTRY))
    return dynantic_value_variant_get_tag (variant, &tag, &members) && tag != DYNANTIC_AV_N &&
           g_variant_is_of_type (members, G_VARIANT_TYPE_ARRAY) && g_variant_n_children (members) == 0;
  return (flags & DYNANTIC_VALUE_SET) && variant_is_set_array (variant) && g_variant_n_children (variant) == 0;
}

gboolean
dynantic_value_is_empty_set (const GValue       *value,
                             DynanticValueFlags  flags)
{
  GType type = G_VALUE_TYPE (value);

  if (G_TYPE_IS_FLAGS (type))
    return g_value_get_flags (value) == 0;
  if (type == G_TYPE_VARIANT)
    return variant_is_empty_set (g_value_get_variant (value), flags);
  if ((flags & DYNANTIC_VALUE_SET) == 0)
    return FALSE;
  if (type == G_TYPE_STRV)
    {
      const char * const *strv = g_value_get_boxed (value);

      return strv == NULL || strv[0] == NULL;
    }
  return FALSE;
}

/* The pointer a value of a pointer @kind holds, through the accessor of
 * its fundamental type (which asks GType nothing for the exact type). */
static gpointer
kind_pointer (DynanticValueKind  kind,
              const GValue      *value)
{
  switch (kind)
    {
    case DYNANTIC_VALUE_KIND_STRING:
      return (gpointer) g_value_get_string (value);
    case DYNANTIC_VALUE_KIND_VARIANT:
      return g_value_get_variant (value);
    default:
      return g_value_get_boxed (value);
    }
}

gboolean
dynantic_value_kind_is_absent (DynanticValueKind   kind,
                               const GValue       *value,
                               DynanticValueFlags  flags)
{
  gpointer pointer;

  switch (kind)
    {
    case DYNANTIC_VALUE_KIND_STRING:
    case DYNANTIC_VALUE_KIND_BYTES:
    case DYNANTIC_VALUE_KIND_DATE_TIME:
    case DYNANTIC_VALUE_KIND_JSON_NODE:
      return kind_pointer (kind, value) == NULL;
    case DYNANTIC_VALUE_KIND_STRV:
      pointer = kind_pointer (kind, value);
      return pointer == NULL || ((flags & DYNANTIC_VALUE_SET) && ((char **) pointer)[0] == NULL);
    case DYNANTIC_VALUE_KIND_VARIANT:
      pointer = kind_pointer (kind, value);
      return pointer == NULL || variant_is_empty_set (pointer, flags);
    case DYNANTIC_VALUE_KIND_FLAGS:
      return g_value_get_flags (value) == 0;
    default:
      return FALSE;
    }
}

gboolean
dynantic_value_is_null (const GValue *value)
{
  return g_value_fits_pointer (value) && g_value_peek_pointer (value) == NULL;
}

gboolean
dynantic_value_is_empty (const GValue *value)
{
  if (G_VALUE_HOLDS_STRING (value))
    return g_value_get_string (value) == NULL || g_value_get_string (value)[0] == '\0';
  if (G_VALUE_HOLDS (value, G_TYPE_BYTES))
    return g_value_get_boxed (value) == NULL || g_bytes_get_size (g_value_get_boxed (value)) == 0;
  return dynantic_value_is_null (value);
}

gboolean
dynantic_value_check_number_text (const char  *name,
                                  const char  *text,
                                  GError     **error)
{
  DynanticDecimal decimal;
  DynanticNumberStatus status = dynantic_number_parse (text, strlen (text), &decimal);

  if (status == DYNANTIC_NUMBER_OK)
    return TRUE;
  /* Translators: %s says what is wrong with a number, such as “not a number” (a message translated on its own) */
  return dynantic_av_set_validation_error (error, name, _("the value is %s"), dynantic_av_number_status_reason (status));
}

gsize
dynantic_value_format_double (double value,
                              char   buffer[32])
{
  char text[DYNANTIC_NUMBER_FORMAT_SIZE];
  DynanticDecimal decimal;
  gsize length;

  dynantic_number_from_double (value, FALSE, &decimal);
  length = dynantic_number_format (&decimal, text);
  memcpy (buffer, text, length + 1);
  return length;
}

static gboolean
write_enum (DynanticAvWriting *w,
            GType              type,
            gint               value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *member = g_enum_get_value (klass, value);

  if (member == NULL)
    /* Translators: %s is the GType name of an enum type */
    return dynantic_av_set_validation_error (w->error, w->name, _("the value is not a member of %s"), g_type_name (type));
  return dynantic_av_write_text (w, DYNANTIC_AV_S, member->value_nick, strlen (member->value_nick));
}

/* The nicks of the set bits, in the flags class's order; a value that
 * covers several bits stands for them when it comes first. */
static gboolean
write_flags (DynanticAvWriting *w,
             GType              type,
             guint              value)
{
  g_autoptr(GFlagsClass) klass = g_type_class_ref (type);
  g_autofree const char **nicks = g_new0 (const char *, klass->n_values + 1);
  guint remaining = value;
  gsize n = 0;
  guint i;

  for (i = 0; i < klass->n_values; i++)
    {
      guint bits = klass->values[i].value;

      if (bits != 0 && (value & bits) == bits && (remaining & bits) != 0)
        {
          nicks[n++] = klass->values[i].value_nick;
          remaining &= ~bits;
        }
    }
  if (remaining != 0)
    /* Translators: %s is the GType name of a flags type */
    return dynantic_av_set_validation_error (w->error, w->name, _("the value has bits that %s does not name"), g_type_name (type));
  return dynantic_av_write_text_set (w, DYNANTIC_AV_SS, nicks, n);
}

static gboolean
write_strv (DynanticAvWriting  *w,
            const char * const *strv,
            DynanticValueFlags  flags)
{
  gboolean numbers = (flags & DYNANTIC_VALUE_NUMBER_STRING) != 0;
  gsize n, i;

  if (strv == NULL)
    return dynantic_av_write_null (w);
  n = g_strv_length ((char **) strv);
  if (flags & DYNANTIC_VALUE_SET)
    return dynantic_av_write_text_set (w, numbers ? DYNANTIC_AV_NS : DYNANTIC_AV_SS, strv, n);

  for (i = 0; i < n; i++)
    if (numbers ? !dynantic_av_check_number (w, strv[i], strlen (strv[i])) : !dynantic_av_check_utf8 (w, strv[i], strlen (strv[i])))
      return FALSE;
  dynantic_av_begin (w, DYNANTIC_AV_L);
  dynantic_json_writer_begin_array (w->writer);
  for (i = 0; i < n; i++)
    dynantic_av_write_text (w, numbers ? DYNANTIC_AV_N : DYNANTIC_AV_S, strv[i], strlen (strv[i]));
  dynantic_json_writer_end_array (w->writer);
  dynantic_av_end (w);
  return TRUE;
}

static void
put_digits (char  *p,
            guint  value,
            guint  width)
{
  while (width-- > 0)
    {
      p[width] = (char) ('0' + value % 10);
      value /= 10;
    }
}

/* YYYY-MM-DDTHH:MM:SS[.ffffff](Z|+HH:MM) into @text (40 bytes). */
static gsize
format_iso8601 (GDateTime *datetime,
                char      *text)
{
  GTimeSpan offset = g_date_time_get_utc_offset (datetime);
  int year, month, day, microsecond;
  guint minutes;
  char *p = text;

  if (offset % G_TIME_SPAN_MINUTE != 0)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (datetime);

      return format_iso8601 (utc, text);
    }
  g_date_time_get_ymd (datetime, &year, &month, &day);
  memcpy (p, "0000-00-00T00:00:00", 19);
  put_digits (p, year, 4);
  put_digits (p + 5, month, 2);
  put_digits (p + 8, day, 2);
  put_digits (p + 11, g_date_time_get_hour (datetime), 2);
  put_digits (p + 14, g_date_time_get_minute (datetime), 2);
  put_digits (p + 17, g_date_time_get_second (datetime), 2);
  p += 19;
  microsecond = g_date_time_get_microsecond (datetime);
  if (microsecond != 0)
    {
      *p++ = '.';
      put_digits (p, microsecond, 6);
      p += 6;
    }
  if (offset == 0)
    {
      *p++ = 'Z';
      return p - text;
    }
  *p++ = offset < 0 ? '-' : '+';
  minutes = (guint) (ABS (offset) / G_TIME_SPAN_MINUTE);
  put_digits (p, minutes / 60, 2);
  p[2] = ':';
  put_digits (p + 3, minutes % 60, 2);
  return p + 5 - text;
}

/* Seconds since 1970 (UTC), with up to six decimals when not whole. */
static gsize
format_epoch_seconds (GDateTime *datetime,
                      char      *text)
{
  gint64 microseconds = g_date_time_to_unix (datetime) * G_USEC_PER_SEC +
                        g_date_time_get_microsecond (datetime);
  guint64 magnitude = microseconds < 0 ? (guint64) -microseconds : (guint64) microseconds;
  guint fraction = magnitude % G_USEC_PER_SEC;
  gsize length = 0;
  guint width = 6;

  if (microseconds < 0)
    text[length++] = '-';
  length += dynantic_number_format_uint64 (magnitude / G_USEC_PER_SEC, text + length);
  if (fraction == 0)
    return length;
  while (fraction % 10 == 0)
    {
      fraction /= 10;
      width--;
    }
  text[length++] = '.';
  put_digits (text + length, fraction, width);
  return length + width;
}

static gboolean
write_date_time (DynanticAvWriting  *w,
                 GDateTime          *datetime,
                 DynanticValueFlags  flags)
{
  char text[48];

  if (datetime == NULL)
    return dynantic_av_write_null (w);
  if (flags & DYNANTIC_VALUE_EPOCH_SECONDS)
    return dynantic_av_write_text (w, DYNANTIC_AV_N, text, format_epoch_seconds (datetime, text));
  return dynantic_av_write_text (w, DYNANTIC_AV_S, text, format_iso8601 (datetime, text));
}

/* A variant still the one read with @shape is written as the text it was
 * read from: the same, exactly, without a walk over bytes from the
 * network (which GLib would check first: 5,800 instructions for the
 * benchmark item's five-member list, bench/instructions.sh). */
static gboolean
write_variant (DynanticAvWriting         *w,
               GVariant                  *variant,
               DynanticValueFlags         flags,
               const DynanticValueShape  *shape,
               guint                      level)
{
  const char *text;
  gsize length;

  if (variant == NULL)
    return dynantic_av_write_null (w);
  text = dynantic_value_shape_variant_text (shape, variant, &length);
  if (text != NULL)
    {
      dynantic_json_writer_raw (w->writer, text, length);
      return TRUE;
    }
  return dynantic_value_variant_write (w, variant, flags, level);
}

/* @level: the container level the value would be at, were it a map or a
 * list (1 for an item's attribute). */
static gboolean
write_value (DynanticAvWriting         *w,
             DynanticValueKind          kind,
             const GValue              *value,
             DynanticValueFlags         flags,
             const DynanticValueShape  *shape,
             guint                      level)
{
  switch (kind)
    {
    case DYNANTIC_VALUE_KIND_STRING:
      return dynantic_av_write_string (w, g_value_get_string (value), flags);
    case DYNANTIC_VALUE_KIND_BOOLEAN:
      return dynantic_av_write_boolean (w, g_value_get_boolean (value));
    case DYNANTIC_VALUE_KIND_CHAR:
      return dynantic_av_write_signed (w, g_value_get_schar (value));
    case DYNANTIC_VALUE_KIND_UCHAR:
      return dynantic_av_write_unsigned (w, g_value_get_uchar (value));
    case DYNANTIC_VALUE_KIND_INT:
      return dynantic_av_write_signed (w, g_value_get_int (value));
    case DYNANTIC_VALUE_KIND_UINT:
      return dynantic_av_write_unsigned (w, g_value_get_uint (value));
    case DYNANTIC_VALUE_KIND_LONG:
      return dynantic_av_write_signed (w, g_value_get_long (value));
    case DYNANTIC_VALUE_KIND_ULONG:
      return dynantic_av_write_unsigned (w, g_value_get_ulong (value));
    case DYNANTIC_VALUE_KIND_INT64:
      return dynantic_av_write_signed (w, g_value_get_int64 (value));
    case DYNANTIC_VALUE_KIND_UINT64:
      return dynantic_av_write_unsigned (w, g_value_get_uint64 (value));
    case DYNANTIC_VALUE_KIND_FLOAT:
      return dynantic_av_write_double (w, g_value_get_float (value), TRUE);
    case DYNANTIC_VALUE_KIND_DOUBLE:
      return dynantic_av_write_double (w, g_value_get_double (value), FALSE);
    case DYNANTIC_VALUE_KIND_ENUM:
      return write_enum (w, G_VALUE_TYPE (value), g_value_get_enum (value));
    case DYNANTIC_VALUE_KIND_FLAGS:
      return write_flags (w, G_VALUE_TYPE (value), g_value_get_flags (value));
    case DYNANTIC_VALUE_KIND_VARIANT:
      return write_variant (w, g_value_get_variant (value), flags, shape, level);
    case DYNANTIC_VALUE_KIND_STRV:
      return write_strv (w, g_value_get_boxed (value), flags);
    case DYNANTIC_VALUE_KIND_BYTES:
      return dynantic_av_write_bytes (w, g_value_get_boxed (value));
    case DYNANTIC_VALUE_KIND_DATE_TIME:
      return write_date_time (w, g_value_get_boxed (value), flags);
    case DYNANTIC_VALUE_KIND_JSON_NODE:
      return dynantic_value_json_node_write (w, g_value_get_boxed (value), shape, level);
    case DYNANTIC_VALUE_KIND_UNSUPPORTED:
    default:
      return set_unsupported_error (w->error, w->name, G_VALUE_TYPE (value));
    }
}

gboolean
dynantic_value_write (DynanticJsonWriter  *writer,
                      const char          *name,
                      const GValue        *value,
                      DynanticValueFlags   flags,
                      GError             **error)
{
  g_return_val_if_fail (G_IS_VALUE (value), FALSE);

  return dynantic_value_write_kind (writer, name, dynantic_value_kind_of (G_VALUE_TYPE (value), flags),
                                    value, flags, NULL, 0, error);
}

gboolean
dynantic_value_write_kind (DynanticJsonWriter        *writer,
                           const char                *name,
                           DynanticValueKind          kind,
                           const GValue              *value,
                           DynanticValueFlags         flags,
                           const DynanticValueShape  *shape,
                           guint                      level,
                           GError                   **error)
{
  DynanticAvWriting w = { writer, name, error, 0 };
  gsize length = writer->out->len;
  guint depth = writer->depth;
  gboolean need_comma = writer->need_comma[depth];

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (write_value (&w, kind, value, flags, shape, level + 1))
    return TRUE;
  /* nothing written */
  g_string_truncate (writer->out, length);
  writer->depth = depth;
  writer->need_comma[depth] = need_comma;
  return FALSE;
}

/* What the codec read into @value, of the string or boxed type the caller
 * resolved (taken). */
static void
take_contents (GValue   *value,
               gpointer  contents)
{
  if (G_VALUE_HOLDS_STRING (value))
    g_value_take_string (value, contents);
  else
    g_value_take_boxed (value, contents);
}

static DynanticAvStatus
read_string (DynanticAvReading  *r,
             DynanticAvKind      kind,
             GValue             *value,
             DynanticValueFlags  flags)
{
  DynanticAvKind wanted = (flags & DYNANTIC_VALUE_NUMBER_STRING) ? DYNANTIC_AV_N : DYNANTIC_AV_S;
  DynanticDecimal decimal;
  const char *text;
  char *copy;
  gsize length;
  DynanticAvStatus status;

  if (kind == DYNANTIC_AV_NULL)
    {
      g_value_set_string (value, NULL);
      return dynantic_av_read_null (r);
    }
  if (kind != wanted)
    return dynantic_av_mismatch (r, kind, G_VALUE_TYPE (value));
  status = wanted == DYNANTIC_AV_N ? dynantic_av_read_number (r, &text, &length, &decimal) : dynantic_av_read_text (r, &text, &length);
  if (status == DYNANTIC_AV_OK)
    status = dynantic_av_copy_text (r, text, length, &copy);
  if (status == DYNANTIC_AV_OK)
    take_contents (value, copy);
  return status;
}

static void
integer_bounds (DynanticValueKind  value_kind,
                guint64           *negative_limit,
                guint64           *positive_limit)
{
  *negative_limit = 0;
  switch (value_kind)
    {
    case DYNANTIC_VALUE_KIND_CHAR:
      *negative_limit = -(gint64) G_MININT8;
      *positive_limit = G_MAXINT8;
      break;
    case DYNANTIC_VALUE_KIND_UCHAR:
      *positive_limit = G_MAXUINT8;
      break;
    case DYNANTIC_VALUE_KIND_INT:
      *negative_limit = -(gint64) G_MININT;
      *positive_limit = G_MAXINT;
      break;
    case DYNANTIC_VALUE_KIND_UINT:
      *positive_limit = G_MAXUINT;
      break;
    case DYNANTIC_VALUE_KIND_LONG:
      *negative_limit = (guint64) G_MAXLONG + 1;
      *positive_limit = G_MAXLONG;
      break;
    case DYNANTIC_VALUE_KIND_ULONG:
      *positive_limit = G_MAXULONG;
      break;
    case DYNANTIC_VALUE_KIND_INT64:
      *negative_limit = (guint64) G_MAXINT64 + 1;
      *positive_limit = G_MAXINT64;
      break;
    case DYNANTIC_VALUE_KIND_UINT64:
    default:
      *positive_limit = G_MAXUINT64;
      break;
    }
}

static void
set_integer (DynanticValueKind  value_kind,
             GValue            *value,
             gboolean           negative,
             guint64            magnitude)
{
  gint64 signed_value = negative ? (gint64) (~magnitude + 1) : (gint64) magnitude;

  switch (value_kind)
    {
    case DYNANTIC_VALUE_KIND_CHAR: g_value_set_schar (value, (gint8) signed_value); break;
    case DYNANTIC_VALUE_KIND_UCHAR: g_value_set_uchar (value, (guchar) magnitude); break;
    case DYNANTIC_VALUE_KIND_INT: g_value_set_int (value, (gint) signed_value); break;
    case DYNANTIC_VALUE_KIND_UINT: g_value_set_uint (value, (guint) magnitude); break;
    case DYNANTIC_VALUE_KIND_LONG: g_value_set_long (value, (glong) signed_value); break;
    case DYNANTIC_VALUE_KIND_ULONG: g_value_set_ulong (value, (gulong) magnitude); break;
    case DYNANTIC_VALUE_KIND_INT64: g_value_set_int64 (value, signed_value); break;
    case DYNANTIC_VALUE_KIND_UINT64: default: g_value_set_uint64 (value, magnitude); break;
    }
}

static DynanticAvStatus
read_integer (DynanticAvReading *r,
              DynanticAvKind     kind,
              DynanticValueKind  value_kind,
              GValue            *value)
{
  GType type = G_VALUE_TYPE (value);
  guint64 negative_limit, positive_limit, magnitude;
  DynanticDecimal decimal;
  gboolean exact;
  const char *text;
  gsize length;

  if (kind != DYNANTIC_AV_N)
    return dynantic_av_mismatch (r, kind, type);
  if (dynantic_av_read_number (r, &text, &length, &decimal) != DYNANTIC_AV_OK)
    return DYNANTIC_AV_BAD;
  integer_bounds (value_kind, &negative_limit, &positive_limit);
  if (!dynantic_number_to_integer (&decimal, 0, &magnitude, &exact) ||
      magnitude > (decimal.negative ? negative_limit : positive_limit))
    /* Translators: %s is the GType name of a number type, such as gint8 or gfloat */
    return dynantic_av_invalid (r, _("the number is out of the range of %s"), g_type_name (type));
  if (!exact)
    return dynantic_av_invalid (r, _("the number is not an integer"));
  set_integer (value_kind, value, decimal.negative, magnitude);
  return DYNANTIC_AV_OK;
}

static DynanticAvStatus
read_double (DynanticAvReading *r,
             DynanticAvKind     kind,
             GValue            *value)
{
  gboolean as_float = G_VALUE_HOLDS_FLOAT (value);
  DynanticDecimal decimal;
  const char *text;
  gsize length;
  double number;

  if (kind != DYNANTIC_AV_N)
    return dynantic_av_mismatch (r, kind, G_VALUE_TYPE (value));
  if (dynantic_av_read_number (r, &text, &length, &decimal) != DYNANTIC_AV_OK)
    return DYNANTIC_AV_BAD;
  number = dynantic_number_to_double (dynantic_json_reader_get_string (r->reader, NULL), &decimal);
  /* from 2^128 - 2^103 on, a double rounds to a float infinity */
  if (as_float && fabs (number) >= ldexp (1.0, 128) - ldexp (1.0, 103))
    number = INFINITY;
  if (!isfinite (number) || (decimal.n_digits != 0 && (as_float ? (float) number : number) == 0))
    /* Translators: %s is the GType name of a number type, such as gint8 or gfloat */
    return dynantic_av_invalid (r, _("the number is out of the range of %s"), g_type_name (G_VALUE_TYPE (value)));
  if (as_float)
    g_value_set_float (value, (float) number);
  else
    g_value_set_double (value, number);
  return DYNANTIC_AV_OK;
}

static DynanticAvStatus
read_enum (DynanticAvReading *r,
           DynanticAvKind     kind,
           GValue            *value)
{
  GType type = G_VALUE_TYPE (value);
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *member;
  const char *text;
  gsize length;

  if (kind != DYNANTIC_AV_S)
    return dynantic_av_mismatch (r, kind, type);
  if (dynantic_av_read_text (r, &text, &length) != DYNANTIC_AV_OK)
    return DYNANTIC_AV_BAD;
  klass = g_type_class_ref (type);
  member = g_enum_get_value_by_nick (klass, dynantic_json_reader_get_string (r->reader, NULL));
  if (member == NULL)
    /* Translators: %s is the GType name of an enum type; a nick is the short name GLib gives each of its values */
    return dynantic_av_invalid (r, _("the text is not a nick of %s"), g_type_name (type));
  g_value_set_enum (value, member->value);
  return DYNANTIC_AV_OK;
}

typedef struct {
  GFlagsClass *klass;
  guint        value;
} FlagsReading;

static DynanticAvStatus
add_flag (DynanticAvReading *r,
          const char        *text,
          gsize              length,
          gpointer           user_data)
{
  FlagsReading *flags = user_data;
  GFlagsValue *member = g_flags_get_value_by_nick (flags->klass, dynantic_json_reader_get_string (r->reader, NULL));

  if (member == NULL)
    /* Translators: %s is the GType name of a flags type; a nick is the short name GLib gives each of its flags */
    return dynantic_av_invalid (r, _("a set member is not a nick of %s"), G_FLAGS_CLASS_TYPE_NAME (flags->klass));
  flags->value |= member->value;
  return DYNANTIC_AV_OK;
}

static DynanticAvStatus
read_flags (DynanticAvReading *r,
            DynanticAvKind     kind,
            GValue            *value)
{
  GType type = G_VALUE_TYPE (value);
  g_autoptr(GFlagsClass) klass = NULL;
  FlagsReading flags = { NULL, 0 };
  DynanticAvStatus status;

  if (kind != DYNANTIC_AV_SS && kind != DYNANTIC_AV_L)
    return dynantic_av_mismatch (r, kind, type);
  klass = g_type_class_ref (type);
  flags.klass = klass;
  status = dynantic_av_read_texts (r, kind, DYNANTIC_AV_S, add_flag, &flags);
  if (status == DYNANTIC_AV_OK)
    g_value_set_flags (value, flags.value);
  return status;
}

static DynanticAvStatus
add_string (DynanticAvReading *r,
            const char        *text,
            gsize              length,
            gpointer           user_data)
{
  char *copy;
  DynanticAvStatus status = dynantic_av_copy_text (r, text, length, &copy);

  if (status == DYNANTIC_AV_OK)
    g_ptr_array_add (user_data, copy);
  return status;
}

static DynanticAvStatus
read_strv (DynanticAvReading  *r,
           DynanticAvKind      kind,
           GValue             *value,
           DynanticValueFlags  flags)
{
  gboolean numbers = (flags & DYNANTIC_VALUE_NUMBER_STRING) != 0;
  g_autoptr(GPtrArray) strings = NULL;
  DynanticAvStatus status;

  if (kind == DYNANTIC_AV_NULL)
    {
      g_value_set_boxed (value, NULL);
      return dynantic_av_read_null (r);
    }
  if (kind != DYNANTIC_AV_L && kind != (numbers ? DYNANTIC_AV_NS : DYNANTIC_AV_SS))
    return dynantic_av_mismatch (r, kind, G_TYPE_STRV);
  /* room for a small set and its NULL at once: GPtrArray would grow from
   * 2 to 4 to 8 */
  strings = g_ptr_array_new_full (8, g_free);
  status = dynantic_av_read_texts (r, kind, numbers ? DYNANTIC_AV_N : DYNANTIC_AV_S, add_string, strings);
  if (status != DYNANTIC_AV_OK)
    return status;
  g_ptr_array_add (strings, NULL);
  take_contents (value, g_ptr_array_steal (strings, NULL));
  return DYNANTIC_AV_OK;
}

static DynanticAvStatus
read_bytes (DynanticAvReading *r,
            DynanticAvKind     kind,
            GValue            *value)
{
  GBytes *bytes = NULL;

  if (kind == DYNANTIC_AV_NULL)
    {
      g_value_set_boxed (value, NULL);
      return dynantic_av_read_null (r);
    }
  if (kind != DYNANTIC_AV_B)
    return dynantic_av_mismatch (r, kind, G_TYPE_BYTES);
  if (dynantic_av_read_binary (r, &bytes) != DYNANTIC_AV_OK)
    return DYNANTIC_AV_BAD;
  take_contents (value, bytes);
  return DYNANTIC_AV_OK;
}

static GTimeZone *
utc_zone (void)
{
  static GTimeZone *utc;

  if (g_once_init_enter (&utc))
    g_once_init_leave (&utc, g_time_zone_new_utc ());
  return utc;
}

/* ISO 8601 as GLib reads it (no offset: UTC), or a date alone (midnight UTC). */
static GDateTime *
parse_iso8601 (const char *text,
               gsize       length)
{
  if (length == 10 && text[4] == '-' && text[7] == '-')
    {
      g_autofree char *midnight = g_strconcat (text, "T00:00:00Z", NULL);

      return g_date_time_new_from_iso8601 (midnight, NULL);
    }
  return g_date_time_new_from_iso8601 (text, utc_zone ());
}

/* Seconds since 1970 (fractions kept to the microsecond, rounded). */
static GDateTime *
parse_epoch_seconds (const DynanticDecimal *decimal)
{
  /* GDateTime ends in 9999: about 2.5E17 microseconds from 1970 either way */
  const guint64 limit = G_GUINT64_CONSTANT (400000000000000000);
  g_autoptr(GDateTime) whole = NULL;
  guint64 magnitude;
  gboolean exact;
  gint64 microseconds, seconds;

  if (!dynantic_number_to_integer (decimal, 6, &magnitude, &exact) || magnitude > limit)
    return NULL;
  microseconds = decimal->negative ? -(gint64) magnitude : (gint64) magnitude;
  seconds = microseconds / G_USEC_PER_SEC - (microseconds % G_USEC_PER_SEC < 0);
  whole = g_date_time_new_from_unix_utc (seconds);
  if (whole == NULL)
    return NULL;
  return g_date_time_add (whole, microseconds - seconds * G_USEC_PER_SEC);
}

static DynanticAvStatus
read_date_time (DynanticAvReading *r,
                DynanticAvKind     kind,
                GValue            *value)
{
  DynanticDecimal decimal;
  GDateTime *datetime;
  const char *text;
  gsize length;

  if (kind == DYNANTIC_AV_NULL)
    {
      g_value_set_boxed (value, NULL);
      return dynantic_av_read_null (r);
    }
  if (kind == DYNANTIC_AV_S)
    {
      if (dynantic_av_read_text (r, &text, &length) != DYNANTIC_AV_OK)
        return DYNANTIC_AV_BAD;
      datetime = parse_iso8601 (dynantic_json_reader_get_string (r->reader, NULL), length);
    }
  else if (kind == DYNANTIC_AV_N)
    {
      if (dynantic_av_read_number (r, &text, &length, &decimal) != DYNANTIC_AV_OK)
        return DYNANTIC_AV_BAD;
      datetime = parse_epoch_seconds (&decimal);
    }
  else
    return dynantic_av_mismatch (r, kind, G_TYPE_DATE_TIME);
  if (datetime == NULL)
    return dynantic_av_invalid (r, _("the value is not a date and time GDateTime can hold"));
  take_contents (value, datetime);
  return DYNANTIC_AV_OK;
}

static DynanticAvStatus
read_json_node (DynanticAvReading   *r,
                DynanticAvKind       kind,
                GValue              *value,
                DynanticValueShape **shape)
{
  JsonNode *node = NULL;
  DynanticAvStatus status = dynantic_value_json_node_read (r, kind, &node, shape);

  if (status == DYNANTIC_AV_OK)
    take_contents (value, node);
  return status;
}

static DynanticAvStatus
read_into_variant (DynanticAvReading  *r,
                   DynanticAvKind      kind,
                   GValue             *value,
                   DynanticValueFlags  flags)
{
  GVariant *variant = NULL;
  DynanticAvStatus status = dynantic_value_variant_read (r, kind, (flags & DYNANTIC_VALUE_SET) != 0, &variant);

  if (status == DYNANTIC_AV_OK)
    g_value_take_variant (value, variant);
  return status;
}

static DynanticAvStatus
read_boolean (DynanticAvReading *r,
              DynanticAvKind     kind,
              GValue            *value)
{
  gboolean boolean;

  if (kind != DYNANTIC_AV_BOOL)
    return dynantic_av_mismatch (r, kind, G_TYPE_BOOLEAN);
  if (dynantic_av_read_boolean (r, &boolean) != DYNANTIC_AV_OK)
    return DYNANTIC_AV_BAD;
  g_value_set_boolean (value, boolean);
  return DYNANTIC_AV_OK;
}

static DynanticAvStatus
read_value (DynanticAvReading   *r,
            DynanticAvKind       kind,
            DynanticValueKind    value_kind,
            GValue              *value,
            DynanticValueFlags   flags,
            DynanticValueShape **shape)
{
  switch (value_kind)
    {
    case DYNANTIC_VALUE_KIND_STRING:
      return read_string (r, kind, value, flags);
    case DYNANTIC_VALUE_KIND_BOOLEAN:
      return read_boolean (r, kind, value);
    case DYNANTIC_VALUE_KIND_FLOAT:
    case DYNANTIC_VALUE_KIND_DOUBLE:
      return read_double (r, kind, value);
    case DYNANTIC_VALUE_KIND_ENUM:
      return read_enum (r, kind, value);
    case DYNANTIC_VALUE_KIND_FLAGS:
      return read_flags (r, kind, value);
    case DYNANTIC_VALUE_KIND_VARIANT:
      return read_into_variant (r, kind, value, flags);
    case DYNANTIC_VALUE_KIND_STRV:
      return read_strv (r, kind, value, flags);
    case DYNANTIC_VALUE_KIND_BYTES:
      return read_bytes (r, kind, value);
    case DYNANTIC_VALUE_KIND_DATE_TIME:
      return read_date_time (r, kind, value);
    case DYNANTIC_VALUE_KIND_JSON_NODE:
      return read_json_node (r, kind, value, shape);
    default:
      return read_integer (r, kind, value_kind, value);
    }
}

gboolean
dynantic_value_read (DynanticJsonReader  *reader,
                     const char          *name,
                     GValue              *value,
                     DynanticValueFlags   flags,
                     GError             **error)
{
  DynanticValueKind value_kind;

  g_return_val_if_fail (G_IS_VALUE (value), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  value_kind = dynantic_value_kind_of (G_VALUE_TYPE (value), flags);
  if (value_kind == DYNANTIC_VALUE_KIND_UNSUPPORTED)
    {
      if (!dynantic_json_reader_skip_value (reader))
        return dynantic_json_reader_fail (reader, _("a value"), error);
      return set_unsupported_error (error, name, G_VALUE_TYPE (value));
    }
  return dynantic_value_read_kind (reader, name, value_kind, value, flags, NULL, 0, error);
}

gboolean
dynantic_value_read_kind (DynanticJsonReader   *reader,
                          const char           *name,
                          DynanticValueKind     value_kind,
                          GValue               *value,
                          DynanticValueFlags    flags,
                          DynanticValueShape  **shape,
                          guint                 level,
                          GError              **error)
{
  DynanticAvReading r = { reader, name, error, level };
  DynanticAvKind kind;
  gsize mark = 0;

  if (shape != NULL)
    {
      *shape = NULL;
      if (value_kind == DYNANTIC_VALUE_KIND_VARIANT)
        mark = dynantic_json_reader_mark (reader);
    }
  if (dynantic_av_read_start (&r, &kind) != DYNANTIC_AV_OK)
    return FALSE;
  if (dynantic_av_read_end (&r, read_value (&r, kind, value_kind, value, flags, shape)) != DYNANTIC_AV_OK)
    {
      if (shape != NULL)
        g_clear_pointer (shape, dynantic_value_shape_free);
      return FALSE;
    }
  if (shape != NULL && value_kind == DYNANTIC_VALUE_KIND_VARIANT && g_value_get_variant (value) != NULL)
    {
      gsize length;
      const char *text = dynantic_json_reader_text_since (reader, mark, &length);

      *shape = dynantic_value_shape_new_for_variant (g_value_get_variant (value), text, length);
    }
  return TRUE;
}

gboolean
dynantic_value_capture (DynanticJsonReader  *reader,
                        const char          *name,
                        guint                level,
                        const char         **json,
                        gsize               *length,
                        GError             **error)
{
  DynanticAvReading r = { reader, name, error, level };
  gsize mark = dynantic_json_reader_mark (reader);

  if (!dynantic_av_skip (&r))
    return FALSE;
  *json = dynantic_json_reader_text_since (reader, mark, length);
  return TRUE;
}
