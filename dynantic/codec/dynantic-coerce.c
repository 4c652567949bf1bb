/* dynantic-coerce.c: a caller's value, converted to a property's type
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <math.h>

#include "dynantic-coerce-private.h"
#include "dynantic-error-private.h"
#include "dynantic-i18n-private.h"

/* A number read from any numeric GValue: an integer as sign and magnitude
 * (so that every gint64 and guint64 fits), or a double. */
typedef struct {
  gboolean is_integer;
  gboolean negative;
  guint64  magnitude;
  double   real;
} Number;

gboolean
dynantic_coerce_is_number (GType type)
{
  switch (G_TYPE_FUNDAMENTAL (type))
    {
    case G_TYPE_CHAR: case G_TYPE_UCHAR:
    case G_TYPE_INT: case G_TYPE_UINT:
    case G_TYPE_LONG: case G_TYPE_ULONG:
    case G_TYPE_INT64: case G_TYPE_UINT64:
    case G_TYPE_FLOAT: case G_TYPE_DOUBLE:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
number_set_signed (Number *number,
                   gint64  value)
{
  number->is_integer = TRUE;
  number->negative = value < 0;
  number->magnitude = value < 0 ? -(guint64) value : (guint64) value;
}

static void
number_set_unsigned (Number  *number,
                     guint64  value)
{
  number->is_integer = TRUE;
  number->negative = FALSE;
  number->magnitude = value;
}

static gboolean
number_from_value (const GValue *value,
                   Number       *number)
{
  memset (number, 0, sizeof *number);
  switch (G_TYPE_FUNDAMENTAL (G_VALUE_TYPE (value)))
    {
    case G_TYPE_CHAR: number_set_signed (number, g_value_get_schar (value)); return TRUE;
    case G_TYPE_UCHAR: number_set_unsigned (number, g_value_get_uchar (value)); return TRUE;
    case G_TYPE_INT: number_set_signed (number, g_value_get_int (value)); return TRUE;
    case G_TYPE_UINT: number_set_unsigned (number, g_value_get_uint (value)); return TRUE;
    case G_TYPE_LONG: number_set_signed (number, g_value_get_long (value)); return TRUE;
    case G_TYPE_ULONG: number_set_unsigned (number, g_value_get_ulong (value)); return TRUE;
    case G_TYPE_INT64: number_set_signed (number, g_value_get_int64 (value)); return TRUE;
    case G_TYPE_UINT64: number_set_unsigned (number, g_value_get_uint64 (value)); return TRUE;
    case G_TYPE_FLOAT: number->real = g_value_get_float (value); return TRUE;
    case G_TYPE_DOUBLE: number->real = g_value_get_double (value); return TRUE;
    default:
      return FALSE;
    }
}

/* A double without fraction, within ±2^64, as an integer. */
static gboolean
number_make_integer (Number *number)
{
  double magnitude = fabs (number->real);

  if (number->is_integer)
    return TRUE;
  if (!isfinite (number->real) || floor (number->real) != number->real ||
      magnitude >= 18446744073709551616.0)
    return FALSE;
  number->is_integer = TRUE;
  number->negative = number->real < 0;
  number->magnitude = (guint64) magnitude;
  return TRUE;
}

/* An integer as a double, when the double holds it exactly. */
static gboolean
number_make_real (Number *number)
{
  double magnitude;

  if (!number->is_integer)
    return TRUE;
  magnitude = (double) number->magnitude;
  if (magnitude >= 18446744073709551616.0 || (guint64) magnitude != number->magnitude)
    return FALSE;
  number->is_integer = FALSE;
  number->real = number->negative ? -magnitude : magnitude;
  return TRUE;
}

static void
integer_range (GType    type,
               guint64 *max_negative,
               guint64 *max_positive)
{
  switch (G_TYPE_FUNDAMENTAL (type))
    {
    case G_TYPE_CHAR: *max_negative = 128; *max_positive = G_MAXINT8; break;
    case G_TYPE_UCHAR: *max_negative = 0; *max_positive = G_MAXUINT8; break;
    case G_TYPE_INT: *max_negative = (guint64) G_MAXINT + 1; *max_positive = G_MAXINT; break;
    case G_TYPE_UINT: *max_negative = 0; *max_positive = G_MAXUINT; break;
    case G_TYPE_LONG: *max_negative = (guint64) G_MAXLONG + 1; *max_positive = G_MAXLONG; break;
    case G_TYPE_ULONG: *max_negative = 0; *max_positive = G_MAXULONG; break;
    case G_TYPE_INT64: *max_negative = (guint64) G_MAXINT64 + 1; *max_positive = G_MAXINT64; break;
    case G_TYPE_UINT64: *max_negative = 0; *max_positive = G_MAXUINT64; break;
    default: g_assert_not_reached ();
    }
}

static gboolean
number_fits (const Number *number,
             GType         type)
{
  guint64 max_negative, max_positive;

  integer_range (type, &max_negative, &max_positive);
  return number->negative ? number->magnitude <= max_negative
                          : number->magnitude <= max_positive;
}

/* Sets an integer @out from @number, which fits its type. */
static void
set_integer (GValue       *out,
             const Number *number)
{
  gint64 as_signed = number->negative ? (gint64) (0 - number->magnitude) : (gint64) number->magnitude;

  switch (G_TYPE_FUNDAMENTAL (G_VALUE_TYPE (out)))
    {
    case G_TYPE_CHAR: g_value_set_schar (out, (gint8) as_signed); break;
    case G_TYPE_UCHAR: g_value_set_uchar (out, (guchar) number->magnitude); break;
    case G_TYPE_INT: g_value_set_int (out, (gint) as_signed); break;
    case G_TYPE_UINT: g_value_set_uint (out, (guint) number->magnitude); break;
    case G_TYPE_LONG: g_value_set_long (out, (glong) as_signed); break;
    case G_TYPE_ULONG: g_value_set_ulong (out, (gulong) number->magnitude); break;
    case G_TYPE_INT64: g_value_set_int64 (out, as_signed); break;
    case G_TYPE_UINT64: g_value_set_uint64 (out, number->magnitude); break;
    default: g_assert_not_reached ();
    }
}

static gboolean
fail_type (const char    *name,
           const GValue  *value,
           GType          type,
           GError       **error)
{
  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION,
               /* Translators: the first %s is a property name or attribute path, the second the GType name it
                  expects, the third the GType name of the value given */
               _("The value for “%s” does not fit its type %s (it is a %s)"),
               name, g_type_name (type), G_VALUE_TYPE_NAME (value));
  return FALSE;
}

static gboolean
fail_range (const char  *name,
            GType        type,
            GError     **error)
{
  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION,
               /* Translators: the first %s is a property name or attribute path, the second a GType name such as
                  guint8 */
               _("The value for “%s” is outside the range of its type %s"),
               name, g_type_name (type));
  return FALSE;
}

static gboolean
to_integer (const char    *name,
            const GValue  *value,
            GValue        *out,
            GError       **error)
{
  Number number;

  if (!number_from_value (value, &number))
    return fail_type (name, value, G_VALUE_TYPE (out), error);
  if (!number_make_integer (&number) || !number_fits (&number, G_VALUE_TYPE (out)))
    return fail_range (name, G_VALUE_TYPE (out), error);
  set_integer (out, &number);
  return TRUE;
}

static gboolean
to_real (const char    *name,
         const GValue  *value,
         GValue        *out,
         GError       **error)
{
  Number number;

  if (!number_from_value (value, &number))
    return fail_type (name, value, G_VALUE_TYPE (out), error);
  if (!number_make_real (&number))
    return fail_range (name, G_VALUE_TYPE (out), error);
  if (G_VALUE_HOLDS_DOUBLE (out))
    {
      g_value_set_double (out, number.real);
      return TRUE;
    }
  if (isfinite (number.real) && fabs (number.real) > G_MAXFLOAT)
    return fail_range (name, G_VALUE_TYPE (out), error);
  g_value_set_float (out, (float) number.real);
  return TRUE;
}

static char *
number_to_text (const char    *name,
                const Number  *number,
                GError       **error)
{
  char buffer[32];

  if (number->is_integer)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT, number->negative ? "-" : "", number->magnitude);
  if (!isfinite (number->real))
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION,
                   /* Translators: %s is a property name or attribute path */
                   _("The value for “%s” is not a finite number"), name);
      return NULL;
    }
  dynantic_value_format_double (number->real, buffer);
  return g_strdup (buffer);
}

/* A string property stored as N (an exact decimal). */
static gboolean
to_number_string (const char    *name,
                  const GValue  *value,
                  GValue        *out,
                  GError       **error)
{
  Number number;
  char *text;

  if (G_VALUE_HOLDS_STRING (value))
    {
      const char *given = g_value_get_string (value);

      if (given == NULL)
        return fail_type (name, value, G_TYPE_STRING, error);
      if (!dynantic_value_check_number_text (name, given, error))
        return FALSE;
      g_value_set_string (out, given);
      return TRUE;
    }
  if (!number_from_value (value, &number))
    return fail_type (name, value, G_TYPE_STRING, error);
  text = number_to_text (name, &number, error);
  if (text == NULL)
    return FALSE;
  g_value_take_string (out, text);
  return TRUE;
}

static gboolean
fail_member (const char  *name,
             GType        type,
             GError     **error)
{
  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION,
               /* Translators: the first %s is a property name or attribute path, the second the GType name of an enum
                  or flags type */
               _("The value for “%s” is not a member of %s"), name, g_type_name (type));
  return FALSE;
}

static gboolean
to_enum (const char    *name,
         const GValue  *value,
         GValue        *out,
         GError       **error)
{
  GType type = G_VALUE_TYPE (out);
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  const GEnumValue *member = NULL;
  Number number;

  if (G_VALUE_HOLDS_STRING (value) && g_value_get_string (value) != NULL)
    {
      member = g_enum_get_value_by_nick (klass, g_value_get_string (value));
      if (member == NULL)
        member = g_enum_get_value_by_name (klass, g_value_get_string (value));
    }
  else if (number_from_value (value, &number) && number.is_integer)
    {
      if (number_fits (&number, G_TYPE_INT))
        member = g_enum_get_value (klass, number.negative ? (gint) (0 - number.magnitude)
                                                          : (gint) number.magnitude);
    }
  else
    return fail_type (name, value, type, error);

  if (member == NULL)
    return fail_member (name, type, error);
  g_value_set_enum (out, member->value);
  return TRUE;
}

static gboolean
to_flags (const char    *name,
          const GValue  *value,
          GValue        *out,
          GError       **error)
{
  GType type = G_VALUE_TYPE (out);
  g_autoptr(GFlagsClass) klass = g_type_class_ref (type);
  Number number;

  if (G_VALUE_HOLDS_STRING (value) && g_value_get_string (value) != NULL)
    {
      const GFlagsValue *member = g_flags_get_value_by_nick (klass, g_value_get_string (value));

      if (member == NULL)
        member = g_flags_get_value_by_name (klass, g_value_get_string (value));
      if (member == NULL)
        return fail_member (name, type, error);
      g_value_set_flags (out, member->value);
      return TRUE;
    }
  if (!number_from_value (value, &number) || !number.is_integer)
    return fail_type (name, value, type, error);
  if (number.negative || number.magnitude > G_MAXUINT || (number.magnitude & ~(guint64) klass->mask) != 0)
    return fail_member (name, type, error);
  g_value_set_flags (out, (guint) number.magnitude);
  return TRUE;
}

static gboolean
to_date_time (const char    *name,
              const GValue  *value,
              GValue        *out,
              GError       **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  GDateTime *date_time = NULL;
  Number number;

  if (G_VALUE_HOLDS_STRING (value) && g_value_get_string (value) != NULL)
    {
      date_time = g_date_time_new_from_iso8601 (g_value_get_string (value), utc);
      if (date_time == NULL)
        {
          g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION,
                       /* Translators: %s is a property name or attribute path */
                       _("The value for “%s” is not an ISO 8601 date and time"), name);
          return FALSE;
        }
    }
  else if (number_from_value (value, &number) && number.is_integer)
    {
      /* epoch seconds */
      if (number_fits (&number, G_TYPE_INT64))
        date_time = g_date_time_new_from_unix_utc (number.negative ? (gint64) (0 - number.magnitude)
                                                                   : (gint64) number.magnitude);
      if (date_time == NULL)
        return fail_range (name, G_TYPE_DATE_TIME, error);
    }
  else
    return fail_type (name, value, G_TYPE_DATE_TIME, error);

  g_value_take_boxed (out, date_time);
  return TRUE;
}

static gboolean
convert (const char          *name,
         const GValue        *value,
         DynanticValueFlags   flags,
         GValue              *out,
         GError             **error)
{
  GType type = G_VALUE_TYPE (out);

  if (type == G_TYPE_STRING && (flags & DYNANTIC_VALUE_NUMBER_STRING))
    return to_number_string (name, value, out, error);
  if (type == G_TYPE_DATE_TIME)
    return to_date_time (name, value, out, error);
  switch (G_TYPE_FUNDAMENTAL (type))
    {
    case G_TYPE_FLOAT: case G_TYPE_DOUBLE:
      return to_real (name, value, out, error);
    case G_TYPE_ENUM:
      return to_enum (name, value, out, error);
    case G_TYPE_FLAGS:
      return to_flags (name, value, out, error);
    default:
      if (dynantic_coerce_is_number (type))
        return to_integer (name, value, out, error);
      return fail_type (name, value, type, error);
    }
}

gboolean
dynantic_coerce_value (const char          *name,
                       const GValue        *value,
                       GType                type,
                       DynanticValueFlags   flags,
                       GValue              *out,
                       GError             **error)
{
  gboolean ok;

  g_value_init (out, type);
  if (g_type_is_a (G_VALUE_TYPE (value), type) &&
      !(type == G_TYPE_STRING && (flags & DYNANTIC_VALUE_NUMBER_STRING)))
    {
      g_value_copy (value, out);
      return TRUE;
    }
  ok = convert (name, value, flags, out, error);
  if (!ok)
    {
      g_value_unset (out);
      if (error != NULL && *error != NULL)
        dynantic_error_set_fields (*error, (const char * const[]) { name, NULL });
    }
  return ok;
}
