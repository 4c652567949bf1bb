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
 *   so whole and fractional seconds do not sort together as text: use EPOCH_SECONDS
 *   where order matters across both.
 * - Strings with a NUL character (DynamoDB holds them) cannot be C strings:
 *   reading one into a string, a variant or a JsonNode is a VALIDATION error.
 * - N read into a GVariant: int64 "x" when integral within int64, uint64 "t"
 *   when integral beyond, double "d" when the double writes back as the same
 *   number, else string "s" holding the exact text (which would be written
 *   back as S). L reads as "av", M as "a{sv}", NULL members as a "mv" without
 *   value inside their "v"; SS as "as", NS as "ax", else "ad", else "as";
 *   BS as "aay". Object paths and signatures are written as S and read back
 *   as "s"; handles ("h") are refused.
 * - N read into a JsonNode: int when integral within int64, else a double
 *   (the nearest; 17 or more significant digits may change). B and BS read
 *   as base64 strings, SS/NS as arrays.
 * - Sets keep their members' order when written (DynamoDB's is unspecified);
 *   duplicate members are refused as DynamoDB refuses them ("1" and "1.0" are
 *   the same number).
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

#include "dynantic-error-private.h"
#include "dynantic-i18n-private.h"
#include "dynantic-number-private.h"
#include "dynantic-value-private.h"

/* DynamoDB nests at most 31 maps or lists inside an attribute (the attribute
 * itself is level 1; its innermost scalar may be at level 32). */
#define MAX_CONTAINER_LEVEL 31

/* Sets this small are checked for duplicates without sorting a copy. */
#define SMALL_SET 16

typedef enum {
  KIND_S,
  KIND_N,
  KIND_B,
  KIND_BOOL,
  KIND_NULL,
  KIND_M,
  KIND_L,
  KIND_SS,
  KIND_NS,
  KIND_BS,
} Kind;

static const char *const kind_names[] = {
  [KIND_S] = "S", [KIND_N] = "N", [KIND_B] = "B", [KIND_BOOL] = "BOOL", [KIND_NULL] = "NULL",
  [KIND_M] = "M", [KIND_L] = "L", [KIND_SS] = "SS", [KIND_NS] = "NS", [KIND_BS] = "BS",
};

/* ---- Errors ------------------------------------------------------------ */

G_GNUC_PRINTF (4, 0)
static void
set_attribute_error_valist (GError     **error,
                            DynanticError code,
                            const char  *name,
                            const char  *format,
                            va_list      args)
{
  const char *fields[] = { name, NULL };
  g_autofree char *reason = NULL;
  GError *attribute_error;

  if (error == NULL)
    return;
  reason = g_strdup_vprintf (format, args);
  attribute_error = g_error_new (DYNANTIC_ERROR, code, _("Attribute “%s”: %s"), name, reason);
  dynantic_error_set_fields (attribute_error, fields);
  g_propagate_error (error, attribute_error);
}

/* A VALIDATION error naming attribute @name: never its value. */
G_GNUC_PRINTF (3, 4)
static gboolean
set_validation_error (GError     **error,
                      const char  *name,
                      const char  *format,
                      ...)
{
  va_list args;

  va_start (args, format);
  set_attribute_error_valist (error, DYNANTIC_ERROR_VALIDATION, name, format, args);
  va_end (args);
  return FALSE;
}

static gboolean
set_unsupported_error (GError     **error,
                       const char  *name,
                       GType        type)
{
  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
               _("Attribute “%s”: values of type %s (with these flags) cannot be stored in DynamoDB"),
               name, g_type_name (type));
  if (error != NULL)
    {
      const char *fields[] = { name, NULL };

      dynantic_error_set_fields (*error, fields);
    }
  return FALSE;
}

static const char *
number_status_reason (DynanticNumberStatus status)
{
  switch (status)
    {
    case DYNANTIC_NUMBER_SYNTAX:
      return _("not a number");
    case DYNANTIC_NUMBER_PRECISION:
      return _("a number with more than 38 significant digits");
    case DYNANTIC_NUMBER_OVERFLOW:
      return _("a number too large for DynamoDB (1E+126 or more)");
    case DYNANTIC_NUMBER_UNDERFLOW:
      return _("a number too small for DynamoDB (below 1E-130)");
    case DYNANTIC_NUMBER_OK:
    default:
      return "";
    }
}

/* ---- Types ------------------------------------------------------------- */

static DynanticValueFlags
allowed_flags (GType type)
{
  switch (G_TYPE_FUNDAMENTAL (type))
    {
    case G_TYPE_STRING:
      return DYNANTIC_VALUE_NUMBER_STRING;
    case G_TYPE_BOOLEAN:
    case G_TYPE_FLOAT:
    case G_TYPE_DOUBLE:
    case G_TYPE_ENUM:
      return DYNANTIC_VALUE_DEFAULT;
    case G_TYPE_CHAR:
    case G_TYPE_UCHAR:
    case G_TYPE_INT:
    case G_TYPE_UINT:
    case G_TYPE_LONG:
    case G_TYPE_ULONG:
    case G_TYPE_INT64:
    case G_TYPE_UINT64:
      return DYNANTIC_VALUE_EPOCH_SECONDS;
    case G_TYPE_FLAGS:
    case G_TYPE_VARIANT:
      return DYNANTIC_VALUE_SET;
    default:
      break;
    }
  if (type == G_TYPE_STRV)
    return DYNANTIC_VALUE_SET | DYNANTIC_VALUE_NUMBER_STRING;
  if (type == G_TYPE_DATE_TIME)
    return DYNANTIC_VALUE_EPOCH_SECONDS;
  if (type == G_TYPE_BYTES || type == JSON_TYPE_NODE)
    return DYNANTIC_VALUE_DEFAULT;
  return (DynanticValueFlags) -1;
}

gboolean
dynantic_value_type_is_supported (GType              type,
                                  DynanticValueFlags flags)
{
  DynanticValueFlags allowed = allowed_flags (type);

  return allowed != (DynanticValueFlags) -1 && (flags & ~allowed) == 0;
}

static gboolean
variant_is_set_array (GVariant *variant)
{
  return variant != NULL &&
         g_variant_is_of_type (variant, G_VARIANT_TYPE_ARRAY) &&
         !g_variant_is_of_type (variant, G_VARIANT_TYPE_BYTESTRING);
}

gboolean
dynantic_value_is_empty_set (const GValue       *value,
                             DynanticValueFlags  flags)
{
  GType type = G_VALUE_TYPE (value);

  if (G_TYPE_IS_FLAGS (type))
    return g_value_get_flags (value) == 0;
  if ((flags & DYNANTIC_VALUE_SET) == 0)
    return FALSE;
  if (type == G_TYPE_STRV)
    {
      const char * const *strv = g_value_get_boxed (value);

      return strv == NULL || strv[0] == NULL;
    }
  if (type == G_TYPE_VARIANT)
    {
      GVariant *variant = g_value_get_variant (value);

      return variant_is_set_array (variant) && g_variant_n_children (variant) == 0;
    }
  return FALSE;
}

/* ---- Numbers ----------------------------------------------------------- */

gboolean
dynantic_value_check_number_text (const char  *name,
                                  const char  *text,
                                  GError     **error)
{
  DynanticDecimal decimal;
  DynanticNumberStatus status = dynantic_number_parse (text, strlen (text), &decimal);

  if (status == DYNANTIC_NUMBER_OK)
    return TRUE;
  return set_validation_error (error, name, _("the value is %s"), number_status_reason (status));
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

/* ---- Duplicates in sets ------------------------------------------------ */

typedef int (*CompareFunc) (const void *a, const void *b);

/* Whether two of the @n items of @size bytes at @items compare equal. */
static gboolean
has_duplicates (const void  *items,
                gsize        n,
                gsize        size,
                CompareFunc  compare)
{
  const char *bytes = items;
  g_autofree char *sorted = NULL;
  gsize i, j;

  if (n <= SMALL_SET)
    {
      for (i = 0; i < n; i++)
        for (j = i + 1; j < n; j++)
          if (compare (bytes + i * size, bytes + j * size) == 0)
            return TRUE;
      return FALSE;
    }
  sorted = g_memdup2 (items, n * size);
  qsort (sorted, n, size, compare);
  for (i = 1; i < n; i++)
    if (compare (sorted + (i - 1) * size, sorted + i * size) == 0)
      return TRUE;
  return FALSE;
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static int
compare_decimals (const void *a,
                  const void *b)
{
  return dynantic_number_compare (a, b);
}

static int
compare_bytes (const void *a,
               const void *b)
{
  return g_bytes_compare (*(GBytes * const *) a, *(GBytes * const *) b);
}

/* ---- Writing ----------------------------------------------------------- */

typedef struct {
  DynanticJsonWriter  *writer;
  const char          *name;
  GError             **error;
} Writing;

static void
begin_attribute_value (Writing *w,
                       Kind     kind)
{
  dynantic_json_writer_begin_object (w->writer);
  dynantic_json_writer_member (w->writer, kind_names[kind]);
}

static void
end_attribute_value (Writing *w)
{
  dynantic_json_writer_end_object (w->writer);
}

static gboolean
write_text (Writing    *w,
            Kind        kind,
            const char *text,
            gsize       length)
{
  begin_attribute_value (w, kind);
  dynantic_json_writer_string (w->writer, text, length);
  end_attribute_value (w);
  return TRUE;
}

static gboolean
write_null (Writing *w)
{
  begin_attribute_value (w, KIND_NULL);
  dynantic_json_writer_boolean (w->writer, TRUE);
  end_attribute_value (w);
  return TRUE;
}

static gboolean
write_boolean (Writing  *w,
               gboolean  value)
{
  begin_attribute_value (w, KIND_BOOL);
  dynantic_json_writer_boolean (w->writer, value);
  end_attribute_value (w);
  return TRUE;
}

static gboolean
write_signed (Writing *w,
              gint64   value)
{
  char digits[24];

  return write_text (w, KIND_N, digits, dynantic_number_format_int64 (value, digits));
}

static gboolean
write_unsigned (Writing *w,
                guint64  value)
{
  char digits[24];

  return write_text (w, KIND_N, digits, dynantic_number_format_uint64 (value, digits));
}

/* The N text of a finite double, or FALSE when DynamoDB cannot hold it. */
static gboolean
format_double (Writing  *w,
               double    value,
               gboolean  as_float,
               char     *text,
               gsize    *length)
{
  DynanticDecimal decimal;
  DynanticNumberStatus status;

  if (!isfinite (value))
    return set_validation_error (w->error, w->name, _("NaN and infinities cannot be stored"));
  status = dynantic_number_from_double (value, as_float, &decimal);
  if (status != DYNANTIC_NUMBER_OK)
    return set_validation_error (w->error, w->name, _("the value is %s"), number_status_reason (status));
  *length = dynantic_number_format (&decimal, text);
  return TRUE;
}

static gboolean
write_double (Writing  *w,
              double    value,
              gboolean  as_float)
{
  char text[DYNANTIC_NUMBER_FORMAT_SIZE];
  gsize length;

  if (!format_double (w, value, as_float, text, &length))
    return FALSE;
  return write_text (w, KIND_N, text, length);
}

static gboolean
check_utf8 (Writing    *w,
            const char *text,
            gsize       length)
{
  if (G_LIKELY (g_utf8_validate_len (text, length, NULL)))
    return TRUE;
  return set_validation_error (w->error, w->name, _("the text is not valid UTF-8"));
}

static gboolean
check_number (Writing    *w,
              const char *text,
              gsize       length)
{
  DynanticDecimal decimal;
  DynanticNumberStatus status = dynantic_number_parse (text, length, &decimal);

  if (status == DYNANTIC_NUMBER_OK)
    return TRUE;
  return set_validation_error (w->error, w->name, _("the value is %s"), number_status_reason (status));
}

static gboolean
write_string (Writing            *w,
              const char         *text,
              DynanticValueFlags  flags)
{
  gsize length;

  if (text == NULL)
    return write_null (w);
  length = strlen (text);
  if (flags & DYNANTIC_VALUE_NUMBER_STRING)
    return check_number (w, text, length) && write_text (w, KIND_N, text, length);
  return check_utf8 (w, text, length) && write_text (w, KIND_S, text, length);
}

static gboolean
write_bytes (Writing *w,
             GBytes  *bytes)
{
  g_autofree char *base64 = NULL;
  gsize size;
  const guchar *data;

  if (bytes == NULL)
    return write_null (w);
  data = g_bytes_get_data (bytes, &size);
  base64 = g_base64_encode (data, size);
  return write_text (w, KIND_B, base64, strlen (base64));
}

static gboolean
write_enum (Writing *w,
            GType    type,
            gint     value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *member = g_enum_get_value (klass, value);

  if (member == NULL)
    return set_validation_error (w->error, w->name, _("the value is not a member of %s"), g_type_name (type));
  return write_text (w, KIND_S, member->value_nick, strlen (member->value_nick));
}

static gboolean
check_set_members (Writing             *w,
                   Kind                 kind,
                   const char * const  *texts,
                   gsize                n)
{
  g_autofree DynanticDecimal *numbers = NULL;
  gsize i;

  if (n == 0)
    return set_validation_error (w->error, w->name, _("DynamoDB cannot store an empty set"));
  if (kind == KIND_SS)
    {
      for (i = 0; i < n; i++)
        if (!check_utf8 (w, texts[i], strlen (texts[i])))
          return FALSE;
      if (has_duplicates (texts, n, sizeof *texts, compare_strings))
        return set_validation_error (w->error, w->name, _("a set cannot hold the same member twice"));
      return TRUE;
    }
  numbers = g_new (DynanticDecimal, n);
  for (i = 0; i < n; i++)
    if (!check_number (w, texts[i], strlen (texts[i])))
      return FALSE;
    else
      dynantic_number_parse (texts[i], strlen (texts[i]), &numbers[i]);
  if (has_duplicates (numbers, n, sizeof *numbers, compare_decimals))
    return set_validation_error (w->error, w->name, _("a set cannot hold the same number twice"));
  return TRUE;
}

/* An SS or NS of @texts, in their order. */
static gboolean
write_text_set (Writing             *w,
                Kind                 kind,
                const char * const  *texts,
                gsize                n)
{
  gsize i;

  if (!check_set_members (w, kind, texts, n))
    return FALSE;
  begin_attribute_value (w, kind);
  dynantic_json_writer_begin_array (w->writer);
  for (i = 0; i < n; i++)
    dynantic_json_writer_string (w->writer, texts[i], -1);
  dynantic_json_writer_end_array (w->writer);
  end_attribute_value (w);
  return TRUE;
}

/* The nicks of the set bits, in the flags class's order; a value that
 * covers several bits stands for them when it comes first. */
static gboolean
write_flags (Writing *w,
             GType    type,
             guint    value)
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
    return set_validation_error (w->error, w->name, _("the value has bits that %s does not name"), g_type_name (type));
  return write_text_set (w, KIND_SS, nicks, n);
}

static gboolean
write_strv (Writing             *w,
            const char * const  *strv,
            DynanticValueFlags   flags)
{
  gboolean numbers = (flags & DYNANTIC_VALUE_NUMBER_STRING) != 0;
  gsize n, i;

  if (strv == NULL)
    return write_null (w);
  n = g_strv_length ((char **) strv);
  if (flags & DYNANTIC_VALUE_SET)
    return write_text_set (w, numbers ? KIND_NS : KIND_SS, strv, n);

  for (i = 0; i < n; i++)
    if (numbers ? !check_number (w, strv[i], strlen (strv[i])) : !check_utf8 (w, strv[i], strlen (strv[i])))
      return FALSE;
  begin_attribute_value (w, KIND_L);
  dynantic_json_writer_begin_array (w->writer);
  for (i = 0; i < n; i++)
    write_text (w, numbers ? KIND_N : KIND_S, strv[i], strlen (strv[i]));
  dynantic_json_writer_end_array (w->writer);
  end_attribute_value (w);
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
write_date_time (Writing            *w,
                 GDateTime          *datetime,
                 DynanticValueFlags  flags)
{
  char text[48];

  if (datetime == NULL)
    return write_null (w);
  if (flags & DYNANTIC_VALUE_EPOCH_SECONDS)
    return write_text (w, KIND_N, text, format_epoch_seconds (datetime, text));
  return write_text (w, KIND_S, text, format_iso8601 (datetime, text));
}

static gboolean
check_container_level (Writing *w,
                       guint    level)
{
  if (level <= MAX_CONTAINER_LEVEL)
    return TRUE;
  return set_validation_error (w->error, w->name,
                               _("maps and lists are nested deeper than DynamoDB’s 32 levels"));
}

static gboolean write_variant (Writing *w, GVariant *variant, DynanticValueFlags flags, guint level);

static gboolean
write_variant_list (Writing  *w,
                    GVariant *variant,
                    guint     level)
{
  gsize n = g_variant_n_children (variant);
  gboolean ok = TRUE;
  gsize i;

  if (!check_container_level (w, level))
    return FALSE;
  begin_attribute_value (w, KIND_L);
  dynantic_json_writer_begin_array (w->writer);
  for (i = 0; ok && i < n; i++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (variant, i);

      ok = write_variant (w, child, DYNANTIC_VALUE_DEFAULT, level + 1);
    }
  dynantic_json_writer_end_array (w->writer);
  end_attribute_value (w);
  return ok;
}

static gboolean
write_variant_map (Writing  *w,
                   GVariant *variant,
                   guint     level)
{
  gsize n = g_variant_n_children (variant);
  g_autofree const char **keys = g_new (const char *, n + 1);
  gboolean ok = TRUE;
  gsize i;

  if (!check_container_level (w, level))
    return FALSE;
  for (i = 0; i < n; i++)
    {
      g_autoptr(GVariant) entry = g_variant_get_child_value (variant, i);
      g_autoptr(GVariant) key = g_variant_get_child_value (entry, 0);

      /* the string lives as long as @variant */
      keys[i] = g_variant_get_string (key, NULL);
    }
  if (has_duplicates (keys, n, sizeof *keys, compare_strings))
    return set_validation_error (w->error, w->name, _("a map cannot hold the same key twice"));
  begin_attribute_value (w, KIND_M);
  dynantic_json_writer_begin_object (w->writer);
  for (i = 0; ok && i < n; i++)
    {
      g_autoptr(GVariant) entry = g_variant_get_child_value (variant, i);
      g_autoptr(GVariant) value = g_variant_get_child_value (entry, 1);

      dynantic_json_writer_member (w->writer, keys[i]);
      ok = write_variant (w, value, DYNANTIC_VALUE_DEFAULT, level + 1);
    }
  dynantic_json_writer_end_object (w->writer);
  end_attribute_value (w);
  return ok;
}

static gboolean
write_variant_bytes (Writing  *w,
                     GVariant *variant)
{
  g_autoptr(GBytes) bytes = g_variant_get_data_as_bytes (variant);

  return write_bytes (w, bytes);
}

static gboolean
is_string_type (const GVariantType *type)
{
  return g_variant_type_equal (type, G_VARIANT_TYPE_STRING) ||
         g_variant_type_equal (type, G_VARIANT_TYPE_OBJECT_PATH) ||
         g_variant_type_equal (type, G_VARIANT_TYPE_SIGNATURE);
}

static gboolean
is_number_type (const GVariantType *type)
{
  return g_variant_type_get_string_length (type) == 1 &&
         strchr ("nqiuxtd", g_variant_type_peek_string (type)[0]) != NULL;
}

/* The text of a number variant: integers in full, doubles shortest. */
static gboolean
format_variant_number (Writing  *w,
                       GVariant *number,
                       char     *text,
                       gsize    *length)
{
  switch (g_variant_classify (number))
    {
    case G_VARIANT_CLASS_INT16:
      *length = dynantic_number_format_int64 (g_variant_get_int16 (number), text);
      return TRUE;
    case G_VARIANT_CLASS_UINT16:
      *length = dynantic_number_format_uint64 (g_variant_get_uint16 (number), text);
      return TRUE;
    case G_VARIANT_CLASS_INT32:
      *length = dynantic_number_format_int64 (g_variant_get_int32 (number), text);
      return TRUE;
    case G_VARIANT_CLASS_UINT32:
      *length = dynantic_number_format_uint64 (g_variant_get_uint32 (number), text);
      return TRUE;
    case G_VARIANT_CLASS_INT64:
      *length = dynantic_number_format_int64 (g_variant_get_int64 (number), text);
      return TRUE;
    case G_VARIANT_CLASS_UINT64:
      *length = dynantic_number_format_uint64 (g_variant_get_uint64 (number), text);
      return TRUE;
    case G_VARIANT_CLASS_DOUBLE:
    default:
      return format_double (w, g_variant_get_double (number), FALSE, text, length);
    }
}

static gboolean
write_variant_bytes_set (Writing  *w,
                         GVariant *variant)
{
  gsize n = g_variant_n_children (variant);
  g_autoptr(GPtrArray) members = g_ptr_array_new_full (n, (GDestroyNotify) g_bytes_unref);
  gsize i;

  for (i = 0; i < n; i++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (variant, i);

      g_ptr_array_add (members, g_variant_get_data_as_bytes (child));
    }
  if (n == 0)
    return set_validation_error (w->error, w->name, _("DynamoDB cannot store an empty set"));
  if (has_duplicates (members->pdata, n, sizeof (gpointer), compare_bytes))
    return set_validation_error (w->error, w->name, _("a set cannot hold the same member twice"));
  begin_attribute_value (w, KIND_BS);
  dynantic_json_writer_begin_array (w->writer);
  for (i = 0; i < n; i++)
    {
      gsize size;
      const guchar *data = g_bytes_get_data (members->pdata[i], &size);
      g_autofree char *base64 = g_base64_encode (data, size);

      dynantic_json_writer_string (w->writer, base64, -1);
    }
  dynantic_json_writer_end_array (w->writer);
  end_attribute_value (w);
  return TRUE;
}

/* as/ao/ag as SS, arrays of numbers as NS, aay as BS. */
static gboolean
write_variant_set (Writing  *w,
                   GVariant *variant)
{
  const GVariantType *element = g_variant_type_element (g_variant_get_type (variant));
  gsize n = g_variant_n_children (variant);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_full (n + 1, g_free);
  gboolean numbers = is_number_type (element);
  gsize i;

  if (g_variant_type_equal (element, G_VARIANT_TYPE_BYTESTRING))
    return write_variant_bytes_set (w, variant);
  if (!numbers && !is_string_type (element))
    return set_validation_error (w->error, w->name, _("a GVariant of type %s cannot be a DynamoDB set"),
                                 g_variant_get_type_string (variant));
  for (i = 0; i < n; i++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (variant, i);
      char text[DYNANTIC_NUMBER_FORMAT_SIZE];
      gsize length;

      if (!numbers)
        g_ptr_array_add (texts, g_variant_dup_string (child, NULL));
      else if (format_variant_number (w, child, text, &length))
        g_ptr_array_add (texts, g_strndup (text, length));
      else
        return FALSE;
    }
  g_ptr_array_add (texts, NULL);
  return write_text_set (w, numbers ? KIND_NS : KIND_SS, (const char * const *) texts->pdata, n);
}

static gboolean
write_variant_array (Writing            *w,
                     GVariant           *variant,
                     DynanticValueFlags  flags,
                     guint               level)
{
  const GVariantType *element = g_variant_type_element (g_variant_get_type (variant));

  if (g_variant_type_equal (element, G_VARIANT_TYPE_BYTE))
    return write_variant_bytes (w, variant);
  if (flags & DYNANTIC_VALUE_SET)
    return write_variant_set (w, variant);
  if (g_variant_type_is_dict_entry (element) && is_string_type (g_variant_type_key (element)))
    return write_variant_map (w, variant, level);
  return write_variant_list (w, variant, level);
}

static gboolean
write_variant_child (Writing            *w,
                     GVariant           *variant,
                     DynanticValueFlags  flags,
                     guint               level)
{
  g_autoptr(GVariant) child = NULL;

  if (g_variant_n_children (variant) == 0)
    return write_null (w);
  child = g_variant_get_child_value (variant, 0);
  return write_variant (w, child, flags, level);
}

static gboolean
write_variant (Writing            *w,
               GVariant           *variant,
               DynanticValueFlags  flags,
               guint               level)
{
  char text[DYNANTIC_NUMBER_FORMAT_SIZE];
  gsize length;

  switch (g_variant_classify (variant))
    {
    case G_VARIANT_CLASS_BOOLEAN:
      return write_boolean (w, g_variant_get_boolean (variant));
    case G_VARIANT_CLASS_BYTE:
      return write_unsigned (w, g_variant_get_byte (variant));
    case G_VARIANT_CLASS_INT16:
    case G_VARIANT_CLASS_UINT16:
    case G_VARIANT_CLASS_INT32:
    case G_VARIANT_CLASS_UINT32:
    case G_VARIANT_CLASS_INT64:
    case G_VARIANT_CLASS_UINT64:
    case G_VARIANT_CLASS_DOUBLE:
      return format_variant_number (w, variant, text, &length) && write_text (w, KIND_N, text, length);
    case G_VARIANT_CLASS_STRING:
    case G_VARIANT_CLASS_OBJECT_PATH:
    case G_VARIANT_CLASS_SIGNATURE:
      return write_string (w, g_variant_get_string (variant, NULL), DYNANTIC_VALUE_DEFAULT);
    case G_VARIANT_CLASS_VARIANT:
    case G_VARIANT_CLASS_MAYBE:
      return write_variant_child (w, variant, flags, level);
    case G_VARIANT_CLASS_ARRAY:
      return write_variant_array (w, variant, flags, level);
    case G_VARIANT_CLASS_TUPLE:
    case G_VARIANT_CLASS_DICT_ENTRY:
      return write_variant_list (w, variant, level);
    case G_VARIANT_CLASS_HANDLE:
    default:
      return set_validation_error (w->error, w->name, _("a GVariant of type %s cannot be stored"),
                                   g_variant_get_type_string (variant));
    }
}

static gboolean write_json_node (Writing *w, JsonNode *node, guint level);

static gboolean
write_json_object (Writing    *w,
                   JsonObject *object,
                   guint       level)
{
  g_autoptr(GList) members = json_object_get_members (object);
  gboolean ok = TRUE;
  GList *l;

  if (!check_container_level (w, level))
    return FALSE;
  begin_attribute_value (w, KIND_M);
  dynantic_json_writer_begin_object (w->writer);
  for (l = members; ok && l != NULL; l = l->next)
    {
      dynantic_json_writer_member (w->writer, l->data);
      ok = write_json_node (w, json_object_get_member (object, l->data), level + 1);
    }
  dynantic_json_writer_end_object (w->writer);
  end_attribute_value (w);
  return ok;
}

static gboolean
write_json_array (Writing   *w,
                  JsonArray *array,
                  guint      level)
{
  guint n = json_array_get_length (array);
  gboolean ok = TRUE;
  guint i;

  if (!check_container_level (w, level))
    return FALSE;
  begin_attribute_value (w, KIND_L);
  dynantic_json_writer_begin_array (w->writer);
  for (i = 0; ok && i < n; i++)
    ok = write_json_node (w, json_array_get_element (array, i), level + 1);
  dynantic_json_writer_end_array (w->writer);
  end_attribute_value (w);
  return ok;
}

static gboolean
write_json_node (Writing  *w,
                 JsonNode *node,
                 guint     level)
{
  if (node == NULL)
    return write_null (w);
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return write_json_object (w, json_node_get_object (node), level);
    case JSON_NODE_ARRAY:
      return write_json_array (w, json_node_get_array (node), level);
    case JSON_NODE_NULL:
      return write_null (w);
    case JSON_NODE_VALUE:
    default:
      break;
    }
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return write_signed (w, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return write_double (w, json_node_get_double (node), FALSE);
    case G_TYPE_BOOLEAN:
      return write_boolean (w, json_node_get_boolean (node));
    case G_TYPE_STRING:
    default:
      return write_string (w, json_node_get_string (node), DYNANTIC_VALUE_DEFAULT);
    }
}

static gboolean
write_boxed (Writing            *w,
             GType               type,
             gpointer            boxed,
             DynanticValueFlags  flags)
{
  if (type == G_TYPE_STRV)
    return write_strv (w, boxed, flags);
  if (type == G_TYPE_BYTES)
    return write_bytes (w, boxed);
  if (type == G_TYPE_DATE_TIME)
    return write_date_time (w, boxed, flags);
  return write_json_node (w, boxed, 1);
}

static gboolean
write_value (Writing            *w,
             const GValue       *value,
             DynanticValueFlags  flags)
{
  GType type = G_VALUE_TYPE (value);

  if (!dynantic_value_type_is_supported (type, flags))
    return set_unsupported_error (w->error, w->name, type);
  switch (G_TYPE_FUNDAMENTAL (type))
    {
    case G_TYPE_STRING:
      return write_string (w, g_value_get_string (value), flags);
    case G_TYPE_BOOLEAN:
      return write_boolean (w, g_value_get_boolean (value));
    case G_TYPE_CHAR:
      return write_signed (w, g_value_get_schar (value));
    case G_TYPE_UCHAR:
      return write_unsigned (w, g_value_get_uchar (value));
    case G_TYPE_INT:
      return write_signed (w, g_value_get_int (value));
    case G_TYPE_UINT:
      return write_unsigned (w, g_value_get_uint (value));
    case G_TYPE_LONG:
      return write_signed (w, g_value_get_long (value));
    case G_TYPE_ULONG:
      return write_unsigned (w, g_value_get_ulong (value));
    case G_TYPE_INT64:
      return write_signed (w, g_value_get_int64 (value));
    case G_TYPE_UINT64:
      return write_unsigned (w, g_value_get_uint64 (value));
    case G_TYPE_FLOAT:
      return write_double (w, g_value_get_float (value), TRUE);
    case G_TYPE_DOUBLE:
      return write_double (w, g_value_get_double (value), FALSE);
    case G_TYPE_ENUM:
      return write_enum (w, type, g_value_get_enum (value));
    case G_TYPE_FLAGS:
      return write_flags (w, type, g_value_get_flags (value));
    case G_TYPE_VARIANT:
      if (g_value_get_variant (value) == NULL)
        return write_null (w);
      return write_variant (w, g_value_get_variant (value), flags, 1);
    case G_TYPE_BOXED:
    default:
      return write_boxed (w, type, g_value_get_boxed (value), flags);
    }
}

gboolean
dynantic_value_write (DynanticJsonWriter  *writer,
                      const char          *name,
                      const GValue        *value,
                      DynanticValueFlags   flags,
                      GError             **error)
{
  Writing w = { writer, name, error };
  gsize length = writer->out->len;
  guint depth = writer->depth;
  gboolean need_comma = writer->need_comma[depth];

  g_return_val_if_fail (G_IS_VALUE (value), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (write_value (&w, value, flags))
    return TRUE;
  /* nothing written */
  g_string_truncate (writer->out, length);
  writer->depth = depth;
  writer->need_comma[depth] = need_comma;
  return FALSE;
}

/* ---- Reading ----------------------------------------------------------- */

/* READ_INVALID: a VALIDATION error, the AttributeValue consumed whole.
 * READ_BAD: malformed JSON or AttributeValue, the reader stopped. */
typedef enum {
  READ_OK,
  READ_INVALID,
  READ_BAD,
} ReadStatus;

typedef struct {
  DynanticJsonReader  *reader;
  const char          *name;
  GError             **error;
} Reading;

G_GNUC_PRINTF (2, 3)
static ReadStatus
invalid (Reading    *r,
         const char *format,
         ...)
{
  va_list args;

  if (r->error != NULL && *r->error != NULL)
    return READ_INVALID; /* the first problem is the one reported */
  va_start (args, format);
  set_attribute_error_valist (r->error, DYNANTIC_ERROR_VALIDATION, r->name, format, args);
  va_end (args);
  return READ_INVALID;
}

static ReadStatus
bad (Reading    *r,
     const char *what)
{
  if (r->error != NULL)
    g_clear_error (r->error);
  dynantic_json_reader_fail (r->reader, what, r->error);
  return READ_BAD;
}

static ReadStatus
expect (Reading           *r,
        DynanticJsonToken  token,
        const char        *what)
{
  return dynantic_json_reader_next (r->reader) == token ? READ_OK : bad (r, what);
}

static gboolean
kind_from_name (const char *name,
                gsize       length,
                Kind       *kind)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (strlen (kind_names[i]) == length && memcmp (kind_names[i], name, length) == 0)
      {
        *kind = (Kind) i;
        return TRUE;
      }
  return FALSE;
}

/* After an AttributeValue's '{': its one member's name. */
static ReadStatus
read_kind (Reading *r,
           Kind    *kind)
{
  const char *name;
  gsize length;

  if (dynantic_json_reader_next (r->reader) != DYNANTIC_JSON_MEMBER)
    return bad (r, _("an AttributeValue’s type"));
  name = dynantic_json_reader_get_string (r->reader, &length);
  if (!kind_from_name (name, length, kind))
    return bad (r, _("an AttributeValue’s type (S, N, B, BOOL, NULL, M, L, SS, NS or BS)"));
  return READ_OK;
}

static ReadStatus
read_start (Reading *r,
            Kind    *kind)
{
  if (expect (r, DYNANTIC_JSON_BEGIN_OBJECT, _("an AttributeValue object")) != READ_OK)
    return READ_BAD;
  return read_kind (r, kind);
}

static ReadStatus
read_end (Reading    *r,
          ReadStatus  status)
{
  if (status == READ_BAD)
    return READ_BAD;
  if (expect (r, DYNANTIC_JSON_END_OBJECT, _("the end of an AttributeValue with one member")) != READ_OK)
    return READ_BAD;
  return status;
}

/* The text of an S, N or B value (or a set member). */
static ReadStatus
read_text (Reading     *r,
           const char **text,
           gsize       *length)
{
  if (expect (r, DYNANTIC_JSON_STRING, _("a string")) != READ_OK)
    return READ_BAD;
  *text = dynantic_json_reader_get_string (r->reader, length);
  return READ_OK;
}

/* The text of an N value (or NS member), its syntax checked. */
static ReadStatus
read_number (Reading         *r,
             const char     **text,
             gsize           *length,
             DynanticDecimal *decimal)
{
  if (read_text (r, text, length) != READ_OK)
    return READ_BAD;
  if (dynantic_number_parse (*text, *length, decimal) == DYNANTIC_NUMBER_SYNTAX)
    return bad (r, _("a number"));
  return READ_OK;
}

static ReadStatus
read_null (Reading *r)
{
  return expect (r, DYNANTIC_JSON_TRUE, _("true (for NULL)"));
}

static ReadStatus
read_boolean (Reading  *r,
              gboolean *value)
{
  DynanticJsonToken token = dynantic_json_reader_next (r->reader);

  if (token != DYNANTIC_JSON_TRUE && token != DYNANTIC_JSON_FALSE)
    return bad (r, _("true or false"));
  *value = token == DYNANTIC_JSON_TRUE;
  return READ_OK;
}

/* An AttributeValue of @kind that the target cannot hold: skipped whole. */
static ReadStatus
mismatch (Reading *r,
          Kind     kind,
          GType    type)
{
  if (!dynantic_json_reader_skip_value (r->reader))
    return bad (r, _("a value"));
  if (kind == KIND_NULL)
    return invalid (r, _("it is NULL, which %s cannot hold"), g_type_name (type));
  return invalid (r, _("DynamoDB type %s cannot be read as %s"), kind_names[kind], g_type_name (type));
}

static ReadStatus
check_no_nul (Reading    *r,
              const char *text,
              gsize       length)
{
  if (G_LIKELY (memchr (text, '\0', length) == NULL))
    return READ_OK;
  return invalid (r, _("the text holds a NUL character, which a C string cannot"));
}

static ReadStatus
read_string (Reading            *r,
             Kind                kind,
             GValue             *value,
             DynanticValueFlags  flags)
{
  Kind wanted = (flags & DYNANTIC_VALUE_NUMBER_STRING) ? KIND_N : KIND_S;
  DynanticDecimal decimal;
  const char *text;
  gsize length;
  ReadStatus status;

  if (kind == KIND_NULL)
    {
      g_value_set_string (value, NULL);
      return read_null (r);
    }
  if (kind != wanted)
    return mismatch (r, kind, G_VALUE_TYPE (value));
  status = wanted == KIND_N ? read_number (r, &text, &length, &decimal) : read_text (r, &text, &length);
  if (status == READ_OK)
    status = check_no_nul (r, text, length);
  if (status == READ_OK)
    g_value_set_string (value, text);
  return status;
}

static void
integer_bounds (GType    fundamental,
                guint64 *negative_limit,
                guint64 *positive_limit)
{
  *negative_limit = 0;
  switch (fundamental)
    {
    case G_TYPE_CHAR:
      *negative_limit = -(gint64) G_MININT8;
      *positive_limit = G_MAXINT8;
      break;
    case G_TYPE_UCHAR:
      *positive_limit = G_MAXUINT8;
      break;
    case G_TYPE_INT:
      *negative_limit = -(gint64) G_MININT;
      *positive_limit = G_MAXINT;
      break;
    case G_TYPE_UINT:
      *positive_limit = G_MAXUINT;
      break;
    case G_TYPE_LONG:
      *negative_limit = (guint64) G_MAXLONG + 1;
      *positive_limit = G_MAXLONG;
      break;
    case G_TYPE_ULONG:
      *positive_limit = G_MAXULONG;
      break;
    case G_TYPE_INT64:
      *negative_limit = (guint64) G_MAXINT64 + 1;
      *positive_limit = G_MAXINT64;
      break;
    case G_TYPE_UINT64:
    default:
      *positive_limit = G_MAXUINT64;
      break;
    }
}

static void
set_integer (GValue   *value,
             gboolean  negative,
             guint64   magnitude)
{
  gint64 signed_value = negative ? (gint64) (~magnitude + 1) : (gint64) magnitude;

  switch (G_TYPE_FUNDAMENTAL (G_VALUE_TYPE (value)))
    {
    case G_TYPE_CHAR: g_value_set_schar (value, (gint8) signed_value); break;
    case G_TYPE_UCHAR: g_value_set_uchar (value, (guchar) magnitude); break;
    case G_TYPE_INT: g_value_set_int (value, (gint) signed_value); break;
    case G_TYPE_UINT: g_value_set_uint (value, (guint) magnitude); break;
    case G_TYPE_LONG: g_value_set_long (value, (glong) signed_value); break;
    case G_TYPE_ULONG: g_value_set_ulong (value, (gulong) magnitude); break;
    case G_TYPE_INT64: g_value_set_int64 (value, signed_value); break;
    case G_TYPE_UINT64: default: g_value_set_uint64 (value, magnitude); break;
    }
}

static ReadStatus
read_integer (Reading *r,
              Kind     kind,
              GValue  *value)
{
  GType type = G_VALUE_TYPE (value);
  guint64 negative_limit, positive_limit, magnitude;
  DynanticDecimal decimal;
  gboolean exact;
  const char *text;
  gsize length;

  if (kind != KIND_N)
    return mismatch (r, kind, type);
  if (read_number (r, &text, &length, &decimal) != READ_OK)
    return READ_BAD;
  integer_bounds (G_TYPE_FUNDAMENTAL (type), &negative_limit, &positive_limit);
  if (!dynantic_number_to_integer (&decimal, 0, &magnitude, &exact) ||
      magnitude > (decimal.negative ? negative_limit : positive_limit))
    return invalid (r, _("the number is out of the range of %s"), g_type_name (type));
  if (!exact)
    return invalid (r, _("the number is not an integer"));
  set_integer (value, decimal.negative, magnitude);
  return READ_OK;
}

static ReadStatus
read_double (Reading *r,
             Kind     kind,
             GValue  *value)
{
  gboolean as_float = G_VALUE_HOLDS_FLOAT (value);
  DynanticDecimal decimal;
  const char *text;
  gsize length;
  double number;

  if (kind != KIND_N)
    return mismatch (r, kind, G_VALUE_TYPE (value));
  if (read_number (r, &text, &length, &decimal) != READ_OK)
    return READ_BAD;
  number = g_ascii_strtod (text, NULL);
  /* from 2^128 - 2^103 on, a double rounds to a float infinity */
  if (as_float && fabs (number) >= ldexp (1.0, 128) - ldexp (1.0, 103))
    number = INFINITY;
  if (!isfinite (number) || (decimal.n_digits != 0 && (as_float ? (float) number : number) == 0))
    return invalid (r, _("the number is out of the range of %s"), g_type_name (G_VALUE_TYPE (value)));
  if (as_float)
    g_value_set_float (value, (float) number);
  else
    g_value_set_double (value, number);
  return READ_OK;
}

static ReadStatus
read_enum (Reading *r,
           Kind     kind,
           GValue  *value)
{
  GType type = G_VALUE_TYPE (value);
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *member;
  const char *text;
  gsize length;

  if (kind != KIND_S)
    return mismatch (r, kind, type);
  if (read_text (r, &text, &length) != READ_OK)
    return READ_BAD;
  klass = g_type_class_ref (type);
  member = g_enum_get_value_by_nick (klass, text);
  if (member == NULL)
    return invalid (r, _("the text is not a nick of %s"), g_type_name (type));
  g_value_set_enum (value, member->value);
  return READ_OK;
}

/* Each item of a string collection: an SS/NS member, or the text of an L's
 * S/N AttributeValue. */
typedef ReadStatus (*AddText) (Reading    *r,
                               const char *text,
                               gsize       length,
                               gpointer    user_data);

static ReadStatus
read_list_text (Reading    *r,
                Kind        item_kind,
                const char **text,
                gsize       *length)
{
  DynanticDecimal decimal;
  ReadStatus status;
  Kind kind;

  if (read_kind (r, &kind) != READ_OK)
    return READ_BAD;
  if (kind != item_kind)
    {
      if (!dynantic_json_reader_skip_value (r->reader))
        return bad (r, _("a value"));
      status = invalid (r, _("a list item of DynamoDB type %s where %s is expected"),
                        kind_names[kind], kind_names[item_kind]);
    }
  else if (item_kind == KIND_N)
    status = read_number (r, text, length, &decimal);
  else
    status = read_text (r, text, length);
  return read_end (r, status);
}

/* The items of an SS/NS/BS (after its kind), or of an L of @item_kind. Every
 * item is consumed, even after an invalid one. */
static ReadStatus
read_texts (Reading *r,
            Kind     kind,
            Kind     item_kind,
            AddText  add,
            gpointer user_data)
{
  ReadStatus status = READ_OK;

  if (expect (r, DYNANTIC_JSON_BEGIN_ARRAY, _("an array")) != READ_OK)
    return READ_BAD;
  for (;;)
    {
      DynanticJsonToken token = dynantic_json_reader_next (r->reader);
      ReadStatus item;
      const char *text = NULL;
      gsize length = 0;

      if (token == DYNANTIC_JSON_END_ARRAY)
        return status;
      if (kind == KIND_L)
        item = token == DYNANTIC_JSON_BEGIN_OBJECT ? read_list_text (r, item_kind, &text, &length)
                                                   : bad (r, _("an AttributeValue object"));
      else if (token == DYNANTIC_JSON_STRING)
        {
          DynanticDecimal decimal;

          text = dynantic_json_reader_get_string (r->reader, &length);
          item = READ_OK;
          if (kind == KIND_NS && dynantic_number_parse (text, length, &decimal) == DYNANTIC_NUMBER_SYNTAX)
            item = bad (r, _("a number"));
        }
      else
        item = bad (r, _("a string"));
      if (item == READ_OK && status == READ_OK)
        item = add (r, text, length, user_data);
      if (item == READ_BAD)
        return READ_BAD;
      if (item == READ_INVALID)
        status = READ_INVALID;
    }
}

typedef struct {
  GFlagsClass *klass;
  guint        value;
} FlagsReading;

static ReadStatus
add_flag (Reading    *r,
          const char *text,
          gsize       length,
          gpointer    user_data)
{
  FlagsReading *flags = user_data;
  GFlagsValue *member = g_flags_get_value_by_nick (flags->klass, text);

  if (member == NULL)
    return invalid (r, _("a set member is not a nick of %s"), G_FLAGS_CLASS_TYPE_NAME (flags->klass));
  flags->value |= member->value;
  return READ_OK;
}

static ReadStatus
read_flags (Reading *r,
            Kind     kind,
            GValue  *value)
{
  GType type = G_VALUE_TYPE (value);
  g_autoptr(GFlagsClass) klass = NULL;
  FlagsReading flags = { NULL, 0 };
  ReadStatus status;

  if (kind != KIND_SS && kind != KIND_L)
    return mismatch (r, kind, type);
  klass = g_type_class_ref (type);
  flags.klass = klass;
  status = read_texts (r, kind, KIND_S, add_flag, &flags);
  if (status == READ_OK)
    g_value_set_flags (value, flags.value);
  return status;
}

static ReadStatus
add_string (Reading    *r,
            const char *text,
            gsize       length,
            gpointer    user_data)
{
  ReadStatus status = check_no_nul (r, text, length);

  if (status == READ_OK)
    g_ptr_array_add (user_data, g_strndup (text, length));
  return status;
}

static ReadStatus
read_strv (Reading            *r,
           Kind                kind,
           GValue             *value,
           DynanticValueFlags  flags)
{
  gboolean numbers = (flags & DYNANTIC_VALUE_NUMBER_STRING) != 0;
  g_autoptr(GPtrArray) strings = NULL;
  ReadStatus status;

  if (kind == KIND_NULL)
    {
      g_value_set_boxed (value, NULL);
      return read_null (r);
    }
  if (kind != KIND_L && kind != (numbers ? KIND_NS : KIND_SS))
    return mismatch (r, kind, G_TYPE_STRV);
  strings = g_ptr_array_new_with_free_func (g_free);
  status = read_texts (r, kind, numbers ? KIND_N : KIND_S, add_string, strings);
  if (status != READ_OK)
    return status;
  g_ptr_array_add (strings, NULL);
  g_value_take_boxed (value, g_ptr_array_steal (strings, NULL));
  return READ_OK;
}

static gboolean
is_base64_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/';
}

/* Strict base64: whole quads, padding only at the end. */
static GBytes *
decode_base64 (const char *text,
               gsize       length)
{
  gsize padding = 0;
  gint state = 0;
  guint save = 0;
  guchar *data;
  gsize i;

  if (length % 4 != 0)
    return NULL;
  while (padding < 2 && padding < length && text[length - 1 - padding] == '=')
    padding++;
  for (i = 0; i < length - padding; i++)
    if (!is_base64_char (text[i]))
      return NULL;
  data = g_malloc (length / 4 * 3 + 3);
  return g_bytes_new_take (data, g_base64_decode_step (text, length, data, &state, &save));
}

static ReadStatus
read_binary (Reading  *r,
             GBytes  **bytes)
{
  const char *text;
  gsize length;

  if (read_text (r, &text, &length) != READ_OK)
    return READ_BAD;
  *bytes = decode_base64 (text, length);
  return *bytes != NULL ? READ_OK : bad (r, _("base64 data"));
}

static ReadStatus
read_bytes (Reading *r,
            Kind     kind,
            GValue  *value)
{
  GBytes *bytes = NULL;

  if (kind == KIND_NULL)
    {
      g_value_set_boxed (value, NULL);
      return read_null (r);
    }
  if (kind != KIND_B)
    return mismatch (r, kind, G_TYPE_BYTES);
  if (read_binary (r, &bytes) != READ_OK)
    return READ_BAD;
  g_value_take_boxed (value, bytes);
  return READ_OK;
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

static ReadStatus
read_date_time (Reading *r,
                Kind     kind,
                GValue  *value)
{
  DynanticDecimal decimal;
  GDateTime *datetime;
  const char *text;
  gsize length;

  if (kind == KIND_NULL)
    {
      g_value_set_boxed (value, NULL);
      return read_null (r);
    }
  if (kind == KIND_S)
    {
      if (read_text (r, &text, &length) != READ_OK)
        return READ_BAD;
      datetime = parse_iso8601 (text, length);
    }
  else if (kind == KIND_N)
    {
      if (read_number (r, &text, &length, &decimal) != READ_OK)
        return READ_BAD;
      datetime = parse_epoch_seconds (&decimal);
    }
  else
    return mismatch (r, kind, G_TYPE_DATE_TIME);
  if (datetime == NULL)
    return invalid (r, _("the value is not a date and time GDateTime can hold"));
  g_value_take_boxed (value, datetime);
  return READ_OK;
}

/* ---- Reading GVariants ------------------------------------------------- */

static ReadStatus read_variant (Reading *r, Kind kind, GVariant **variant);

static gboolean
decimal_to_int64 (const DynanticDecimal *decimal,
                  gint64                *value)
{
  guint64 magnitude;
  gboolean exact;

  if (!dynantic_number_to_integer (decimal, 0, &magnitude, &exact) || !exact ||
      magnitude > (guint64) G_MAXINT64 + decimal->negative)
    return FALSE;
  *value = decimal->negative ? (gint64) (~magnitude + 1) : (gint64) magnitude;
  return TRUE;
}

/* Whether @text reads as a double that writes back as the same number. */
static gboolean
decimal_to_exact_double (const char            *text,
                         const DynanticDecimal *decimal,
                         double                *value)
{
  DynanticDecimal shortest;

  *value = g_ascii_strtod (text, NULL);
  return isfinite (*value) && decimal->n_digits <= DYNANTIC_NUMBER_MAX_DIGITS &&
         dynantic_number_from_double (*value, FALSE, &shortest) == DYNANTIC_NUMBER_OK &&
         dynantic_number_equal (decimal, &shortest);
}

/* N as a GVariant: "x", "t", "d" when the double writes back as the same
 * number, else the exact text as "s". */
static GVariant *
number_variant (const char            *text,
                const DynanticDecimal *decimal)
{
  guint64 magnitude;
  gboolean exact;
  gint64 integer;
  double number;

  if (decimal_to_int64 (decimal, &integer))
    return g_variant_new_int64 (integer);
  if (!decimal->negative && dynantic_number_to_integer (decimal, 0, &magnitude, &exact) && exact)
    return g_variant_new_uint64 (magnitude);
  if (decimal_to_exact_double (text, decimal, &number))
    return g_variant_new_double (number);
  return g_variant_new_string (text);
}

/* A NULL member inside a list or map: a "v" holding a "mv" without value. */
static GVariant *
boxed_variant (GVariant *child)
{
  GVariant *boxed;

  if (child == NULL)
    return g_variant_new_variant (g_variant_new_maybe (G_VARIANT_TYPE_VARIANT, NULL));
  boxed = g_variant_new_variant (child);
  g_variant_unref (child);
  return boxed;
}

/* One nested AttributeValue, whole; its GVariant boxed in a "v". */
static ReadStatus
read_variant_member (Reading   *r,
                     GVariant **boxed)
{
  GVariant *child = NULL;
  ReadStatus status;
  Kind kind;

  if (read_kind (r, &kind) != READ_OK)
    return READ_BAD;
  status = read_end (r, read_variant (r, kind, &child));
  if (status == READ_OK)
    *boxed = boxed_variant (child);
  else if (child != NULL)
    g_variant_unref (child);
  return status;
}

static ReadStatus
read_variant_map (Reading   *r,
                  GVariant **variant)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  ReadStatus status = READ_OK;

  if (expect (r, DYNANTIC_JSON_BEGIN_OBJECT, _("an object")) != READ_OK)
    return READ_BAD;
  for (;;)
    {
      DynanticJsonToken token = dynantic_json_reader_next (r->reader);
      g_autofree char *key = NULL;
      GVariant *member = NULL;
      ReadStatus item;

      if (token == DYNANTIC_JSON_END_OBJECT)
        break;
      if (token != DYNANTIC_JSON_MEMBER)
        return bad (r, _("a map key"));
      key = g_strdup (dynantic_json_reader_get_string (r->reader, NULL));
      if (expect (r, DYNANTIC_JSON_BEGIN_OBJECT, _("an AttributeValue object")) != READ_OK)
        return READ_BAD;
      item = read_variant_member (r, &member);
      if (item == READ_BAD)
        return READ_BAD;
      if (item == READ_INVALID)
        status = READ_INVALID;
      else
        g_variant_builder_add (&builder, "{s@v}", key, member);
    }
  if (status == READ_OK)
    *variant = g_variant_ref_sink (g_variant_builder_end (&builder));
  return status;
}

static ReadStatus
read_variant_list (Reading   *r,
                   GVariant **variant)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("av"));
  ReadStatus status = READ_OK;

  if (expect (r, DYNANTIC_JSON_BEGIN_ARRAY, _("an array")) != READ_OK)
    return READ_BAD;
  for (;;)
    {
      DynanticJsonToken token = dynantic_json_reader_next (r->reader);
      GVariant *member = NULL;
      ReadStatus item;

      if (token == DYNANTIC_JSON_END_ARRAY)
        break;
      if (token != DYNANTIC_JSON_BEGIN_OBJECT)
        return bad (r, _("an AttributeValue object"));
      item = read_variant_member (r, &member);
      if (item == READ_BAD)
        return READ_BAD;
      if (item == READ_INVALID)
        status = READ_INVALID;
      else
        g_variant_builder_add_value (&builder, member);
    }
  if (status == READ_OK)
    *variant = g_variant_ref_sink (g_variant_builder_end (&builder));
  return status;
}

typedef struct {
  GPtrArray *texts;
  GArray    *decimals;
} NumbersReading;

static ReadStatus
add_number (Reading    *r,
            const char *text,
            gsize       length,
            gpointer    user_data)
{
  NumbersReading *numbers = user_data;
  DynanticDecimal decimal;

  dynantic_number_parse (text, length, &decimal);
  g_ptr_array_add (numbers->texts, g_strndup (text, length));
  g_array_append_val (numbers->decimals, decimal);
  return READ_OK;
}

/* An NS: "ax" when every member is an int64, else "ad" when every member is
 * a double that writes back the same, else "as" of the exact texts. */
static GVariant *
number_set_variant (NumbersReading *numbers)
{
  g_auto(GVariantBuilder) integers = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("ax"));
  g_auto(GVariantBuilder) doubles = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("ad"));
  g_auto(GVariantBuilder) strings = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_STRING_ARRAY);
  gboolean all_integers = TRUE;
  gboolean all_doubles = TRUE;
  guint i;

  for (i = 0; i < numbers->texts->len; i++)
    {
      const char *text = numbers->texts->pdata[i];
      const DynanticDecimal *decimal = &g_array_index (numbers->decimals, DynanticDecimal, i);
      gint64 integer;
      double number;

      all_integers = all_integers && decimal_to_int64 (decimal, &integer);
      if (all_integers)
        g_variant_builder_add (&integers, "x", integer);
      all_doubles = all_doubles && decimal_to_exact_double (text, decimal, &number);
      if (all_doubles)
        g_variant_builder_add (&doubles, "d", number);
      g_variant_builder_add (&strings, "s", text);
    }
  if (all_integers)
    return g_variant_builder_end (&integers);
  if (all_doubles)
    return g_variant_builder_end (&doubles);
  return g_variant_builder_end (&strings);
}

static ReadStatus
read_variant_number_set (Reading   *r,
                         GVariant **variant)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) decimals = g_array_new (FALSE, FALSE, sizeof (DynanticDecimal));
  NumbersReading numbers = { texts, decimals };
  ReadStatus status = read_texts (r, KIND_NS, KIND_N, add_number, &numbers);

  if (status == READ_OK)
    *variant = g_variant_ref_sink (number_set_variant (&numbers));
  return status;
}

static ReadStatus
add_string_variant (Reading    *r,
                    const char *text,
                    gsize       length,
                    gpointer    user_data)
{
  ReadStatus status = check_no_nul (r, text, length);

  if (status == READ_OK)
    g_variant_builder_add (user_data, "s", text);
  return status;
}

static ReadStatus
add_bytes_variant (Reading    *r,
                   const char *text,
                   gsize       length,
                   gpointer    user_data)
{
  g_autoptr(GBytes) bytes = decode_base64 (text, length);

  if (bytes == NULL)
    return bad (r, _("base64 data"));
  g_variant_builder_add_value (user_data, g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, bytes, TRUE));
  return READ_OK;
}

static ReadStatus
read_variant_set (Reading   *r,
                  Kind       kind,
                  GVariant **variant)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (kind == KIND_SS ? G_VARIANT_TYPE_STRING_ARRAY
                                                                            : G_VARIANT_TYPE_BYTESTRING_ARRAY);
  ReadStatus status;

  if (kind == KIND_NS)
    return read_variant_number_set (r, variant);
  status = read_texts (r, kind, kind, kind == KIND_SS ? add_string_variant : add_bytes_variant, &builder);
  if (status == READ_OK)
    *variant = g_variant_ref_sink (g_variant_builder_end (&builder));
  return status;
}

/* The value of an AttributeValue of @kind, as a GVariant (NULL for NULL). */
static ReadStatus
read_variant (Reading   *r,
              Kind       kind,
              GVariant **variant)
{
  DynanticDecimal decimal;
  g_autoptr(GBytes) bytes = NULL;
  const char *text;
  gsize length;
  gboolean boolean;
  ReadStatus status;

  switch (kind)
    {
    case KIND_S:
      if (read_text (r, &text, &length) != READ_OK)
        return READ_BAD;
      status = check_no_nul (r, text, length);
      if (status == READ_OK)
        *variant = g_variant_ref_sink (g_variant_new_string (text));
      return status;
    case KIND_N:
      if (read_number (r, &text, &length, &decimal) != READ_OK)
        return READ_BAD;
      *variant = g_variant_ref_sink (number_variant (text, &decimal));
      return READ_OK;
    case KIND_B:
      if (read_binary (r, &bytes) != READ_OK)
        return READ_BAD;
      *variant = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, bytes, TRUE));
      return READ_OK;
    case KIND_BOOL:
      if (read_boolean (r, &boolean) != READ_OK)
        return READ_BAD;
      *variant = g_variant_ref_sink (g_variant_new_boolean (boolean));
      return READ_OK;
    case KIND_NULL:
      *variant = NULL;
      return read_null (r);
    case KIND_M:
      return read_variant_map (r, variant);
    case KIND_L:
      return read_variant_list (r, variant);
    case KIND_SS:
    case KIND_NS:
    case KIND_BS:
    default:
      return read_variant_set (r, kind, variant);
    }
}

/* ---- Reading JsonNodes ------------------------------------------------- */

static ReadStatus read_json_node (Reading *r, Kind kind, JsonNode **node);

static ReadStatus
read_json_member (Reading   *r,
                  JsonNode **node)
{
  ReadStatus status;
  Kind kind;

  if (read_kind (r, &kind) != READ_OK)
    return READ_BAD;
  status = read_end (r, read_json_node (r, kind, node));
  if (status == READ_OK && *node == NULL)
    *node = json_node_new (JSON_NODE_NULL);
  else if (status != READ_OK)
    g_clear_pointer (node, json_node_unref);
  return status;
}

static ReadStatus
read_json_object (Reading   *r,
                  JsonNode **node)
{
  g_autoptr(JsonObject) object = json_object_new ();
  ReadStatus status = READ_OK;

  if (expect (r, DYNANTIC_JSON_BEGIN_OBJECT, _("an object")) != READ_OK)
    return READ_BAD;
  for (;;)
    {
      DynanticJsonToken token = dynantic_json_reader_next (r->reader);
      g_autofree char *key = NULL;
      JsonNode *member = NULL;
      ReadStatus item;

      if (token == DYNANTIC_JSON_END_OBJECT)
        break;
      if (token != DYNANTIC_JSON_MEMBER)
        return bad (r, _("a map key"));
      key = g_strdup (dynantic_json_reader_get_string (r->reader, NULL));
      if (expect (r, DYNANTIC_JSON_BEGIN_OBJECT, _("an AttributeValue object")) != READ_OK)
        return READ_BAD;
      item = read_json_member (r, &member);
      if (item == READ_BAD)
        return READ_BAD;
      if (item == READ_INVALID)
        status = READ_INVALID;
      else
        json_object_set_member (object, key, member);
    }
  if (status == READ_OK)
    *node = json_node_init_object (json_node_alloc (), object);
  return status;
}

static ReadStatus
read_json_list (Reading   *r,
                JsonNode **node)
{
  g_autoptr(JsonArray) array = json_array_new ();
  ReadStatus status = READ_OK;

  if (expect (r, DYNANTIC_JSON_BEGIN_ARRAY, _("an array")) != READ_OK)
    return READ_BAD;
  for (;;)
    {
      DynanticJsonToken token = dynantic_json_reader_next (r->reader);
      JsonNode *member = NULL;
      ReadStatus item;

      if (token == DYNANTIC_JSON_END_ARRAY)
        break;
      if (token != DYNANTIC_JSON_BEGIN_OBJECT)
        return bad (r, _("an AttributeValue object"));
      item = read_json_member (r, &member);
      if (item == READ_BAD)
        return READ_BAD;
      if (item == READ_INVALID)
        status = READ_INVALID;
      else
        json_array_add_element (array, member);
    }
  if (status == READ_OK)
    *node = json_node_init_array (json_node_alloc (), array);
  return status;
}

/* N as JSON: an int when integral within int64, else the nearest double. */
static JsonNode *
number_json_node (const char            *text,
                  const DynanticDecimal *decimal)
{
  gint64 integer;

  if (decimal_to_int64 (decimal, &integer))
    return json_node_init_int (json_node_alloc (), integer);
  return json_node_init_double (json_node_alloc (), g_ascii_strtod (text, NULL));
}

static ReadStatus
add_json_string (Reading    *r,
                 const char *text,
                 gsize       length,
                 gpointer    user_data)
{
  ReadStatus status = check_no_nul (r, text, length);

  if (status == READ_OK)
    json_array_add_string_element (user_data, text);
  return status;
}

static ReadStatus
add_json_number (Reading    *r,
                 const char *text,
                 gsize       length,
                 gpointer    user_data)
{
  DynanticDecimal decimal;

  dynantic_number_parse (text, length, &decimal);
  json_array_add_element (user_data, number_json_node (text, &decimal));
  return READ_OK;
}

static ReadStatus
read_json_set (Reading   *r,
               Kind       kind,
               JsonNode **node)
{
  g_autoptr(JsonArray) array = json_array_new ();
  ReadStatus status = read_texts (r, kind, kind, kind == KIND_NS ? add_json_number : add_json_string, array);

  if (status == READ_OK)
    *node = json_node_init_array (json_node_alloc (), array);
  return status;
}

/* The value of an AttributeValue of @kind, as JSON (NULL for NULL). */
static ReadStatus
read_json_node (Reading   *r,
                Kind       kind,
                JsonNode **node)
{
  DynanticDecimal decimal;
  const char *text;
  gsize length;
  gboolean boolean;
  ReadStatus status;

  *node = NULL;
  switch (kind)
    {
    case KIND_S:
    case KIND_B:
      if (read_text (r, &text, &length) != READ_OK)
        return READ_BAD;
      status = check_no_nul (r, text, length);
      if (status == READ_OK)
        *node = json_node_init_string (json_node_alloc (), text);
      return status;
    case KIND_N:
      if (read_number (r, &text, &length, &decimal) != READ_OK)
        return READ_BAD;
      *node = number_json_node (text, &decimal);
      return READ_OK;
    case KIND_BOOL:
      if (read_boolean (r, &boolean) != READ_OK)
        return READ_BAD;
      *node = json_node_init_boolean (json_node_alloc (), boolean);
      return READ_OK;
    case KIND_NULL:
      return read_null (r);
    case KIND_M:
      return read_json_object (r, node);
    case KIND_L:
      return read_json_list (r, node);
    case KIND_SS:
    case KIND_NS:
    case KIND_BS:
    default:
      return read_json_set (r, kind, node);
    }
}

/* ---- Reading into a GValue --------------------------------------------- */

static ReadStatus
read_boxed (Reading            *r,
            Kind                kind,
            GValue             *value,
            DynanticValueFlags  flags)
{
  GType type = G_VALUE_TYPE (value);
  JsonNode *node = NULL;
  ReadStatus status;

  if (type == G_TYPE_STRV)
    return read_strv (r, kind, value, flags);
  if (type == G_TYPE_BYTES)
    return read_bytes (r, kind, value);
  if (type == G_TYPE_DATE_TIME)
    return read_date_time (r, kind, value);
  status = read_json_node (r, kind, &node);
  if (status == READ_OK)
    g_value_take_boxed (value, node);
  return status;
}

static ReadStatus
read_into_variant (Reading *r,
                   Kind     kind,
                   GValue  *value)
{
  GVariant *variant = NULL;
  ReadStatus status = read_variant (r, kind, &variant);

  if (status == READ_OK)
    g_value_take_variant (value, variant);
  return status;
}

static ReadStatus
read_scalar (Reading *r,
             Kind     kind,
             GValue  *value)
{
  gboolean boolean;

  switch (G_TYPE_FUNDAMENTAL (G_VALUE_TYPE (value)))
    {
    case G_TYPE_BOOLEAN:
      if (kind != KIND_BOOL)
        return mismatch (r, kind, G_TYPE_BOOLEAN);
      if (read_boolean (r, &boolean) != READ_OK)
        return READ_BAD;
      g_value_set_boolean (value, boolean);
      return READ_OK;
    case G_TYPE_FLOAT:
    case G_TYPE_DOUBLE:
      return read_double (r, kind, value);
    case G_TYPE_ENUM:
      return read_enum (r, kind, value);
    case G_TYPE_FLAGS:
      return read_flags (r, kind, value);
    default:
      return read_integer (r, kind, value);
    }
}

static ReadStatus
read_value (Reading            *r,
            Kind                kind,
            GValue             *value,
            DynanticValueFlags  flags)
{
  switch (G_TYPE_FUNDAMENTAL (G_VALUE_TYPE (value)))
    {
    case G_TYPE_STRING:
      return read_string (r, kind, value, flags);
    case G_TYPE_VARIANT:
      return read_into_variant (r, kind, value);
    case G_TYPE_BOXED:
      return read_boxed (r, kind, value, flags);
    default:
      return read_scalar (r, kind, value);
    }
}

gboolean
dynantic_value_read (DynanticJsonReader  *reader,
                     const char          *name,
                     GValue              *value,
                     DynanticValueFlags   flags,
                     GError             **error)
{
  Reading r = { reader, name, error };
  GType type = G_VALUE_TYPE (value);
  Kind kind;

  g_return_val_if_fail (G_IS_VALUE (value), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!dynantic_value_type_is_supported (type, flags))
    {
      if (!dynantic_json_reader_skip_value (reader))
        return dynantic_json_reader_fail (reader, _("a value"), error);
      return set_unsupported_error (error, name, type);
    }
  if (read_start (&r, &kind) != READ_OK)
    return FALSE;
  return read_end (&r, read_value (&r, kind, value, flags)) == READ_OK;
}
