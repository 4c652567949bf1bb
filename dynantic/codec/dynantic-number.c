/* dynantic-number.c: decimal number text as DynamoDB stores it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "dynantic-number-private.h"

/* DynamoDB's range, as exponents of 0.DIGITS x 10^exponent. */
#define MAX_EXPONENT 126    /* below 1E+126 */
#define MIN_EXPONENT (-129) /* at least 1E-130 */

/* Java's BigDecimal keeps its scale in an int; DynamoDB refuses bigger exponents. */
#define MAX_EXPONENT_DIGITS_VALUE G_MAXINT32

static DynanticNumberStatus
parse_exponent (const char *p,
                const char *end,
                gint64     *exponent)
{
  gboolean negative = FALSE;
  gboolean any = FALSE;
  gint64 value = 0;

  if (p < end && (*p == '+' || *p == '-'))
    negative = *p++ == '-';
  for (; p < end && *p >= '0' && *p <= '9'; p++)
    {
      any = TRUE;
      value = value * 10 + (*p - '0');
      if (value > MAX_EXPONENT_DIGITS_VALUE)
        return DYNANTIC_NUMBER_SYNTAX;
    }
  if (!any || p != end)
    return DYNANTIC_NUMBER_SYNTAX;
  *exponent += negative ? -value : value;
  return DYNANTIC_NUMBER_OK;
}

static DynanticNumberStatus
classify (DynanticDecimal *decimal,
          guint            n_kept)
{
  if (n_kept == 0)
    {
      decimal->negative = FALSE;
      decimal->exponent = 0;
      decimal->n_digits = 0;
      return DYNANTIC_NUMBER_OK;
    }
  decimal->n_digits = MIN (n_kept, DYNANTIC_NUMBER_MAX_DIGITS + 1);
  if (n_kept > DYNANTIC_NUMBER_MAX_DIGITS)
    return DYNANTIC_NUMBER_PRECISION;
  if (decimal->exponent > MAX_EXPONENT)
    return DYNANTIC_NUMBER_OVERFLOW;
  if (decimal->exponent < MIN_EXPONENT)
    return DYNANTIC_NUMBER_UNDERFLOW;
  return DYNANTIC_NUMBER_OK;
}

DynanticNumberStatus
dynantic_number_parse (const char      *text,
                       gsize            length,
                       DynanticDecimal *decimal)
{
  const char *p = text;
  const char *end = text + length;
  gboolean seen_digit = FALSE;
  gboolean seen_point = FALSE;
  guint n_significant = 0; /* digits from the first non-zero one */
  guint n_kept = 0;        /* of those, up to the last non-zero one */

  decimal->negative = FALSE;
  decimal->exponent = 0;
  if (p < end && (*p == '+' || *p == '-'))
    decimal->negative = *p++ == '-';

  for (; p < end; p++)
    {
      char c = *p;

      if (c == '.')
        {
          if (seen_point)
            return DYNANTIC_NUMBER_SYNTAX;
          seen_point = TRUE;
          continue;
        }
      if (c < '0' || c > '9')
        break;
      seen_digit = TRUE;
      if (n_significant == 0 && c == '0')
        {
          if (seen_point)
            decimal->exponent--;
          continue;
        }
      if (!seen_point)
        decimal->exponent++;
      if (n_significant <= DYNANTIC_NUMBER_MAX_DIGITS)
        decimal->digits[n_significant] = c;
      n_significant++;
      if (c != '0')
        n_kept = n_significant;
    }
  if (!seen_digit)
    return DYNANTIC_NUMBER_SYNTAX;
  if (p < end)
    {
      if (*p != 'e' && *p != 'E')
        return DYNANTIC_NUMBER_SYNTAX;
      if (parse_exponent (p + 1, end, &decimal->exponent) != DYNANTIC_NUMBER_OK)
        return DYNANTIC_NUMBER_SYNTAX;
    }
  return classify (decimal, n_kept);
}

gboolean
dynantic_number_equal (const DynanticDecimal *a,
                       const DynanticDecimal *b)
{
  return a->negative == b->negative &&
         a->n_digits == b->n_digits &&
         a->exponent == b->exponent &&
         memcmp (a->digits, b->digits, a->n_digits) == 0;
}

static int
compare_magnitude (const DynanticDecimal *a,
                   const DynanticDecimal *b)
{
  int order;

  if (a->n_digits == 0 || b->n_digits == 0)
    return (a->n_digits != 0) - (b->n_digits != 0);
  if (a->exponent != b->exponent)
    return a->exponent < b->exponent ? -1 : 1;
  order = memcmp (a->digits, b->digits, MIN (a->n_digits, b->n_digits));
  if (order != 0)
    return order < 0 ? -1 : 1;
  return (a->n_digits > b->n_digits) - (a->n_digits < b->n_digits);
}

/* Orders by value. */
int
dynantic_number_compare (const DynanticDecimal *a,
                         const DynanticDecimal *b)
{
  if (a->negative != b->negative)
    return a->negative ? -1 : 1;
  return a->negative ? compare_magnitude (b, a) : compare_magnitude (a, b);
}

gboolean
dynantic_number_to_integer (const DynanticDecimal *decimal,
                            int                    shift,
                            guint64               *magnitude,
                            gboolean              *exact)
{
  gint64 n_integer = decimal->exponent + shift; /* digits before the point */
  guint64 value = 0;
  gint64 i;

  *exact = decimal->n_digits <= MAX (n_integer, 0);
  if (decimal->n_digits == 0 || n_integer < 0)
    {
      *magnitude = 0;
      return TRUE;
    }
  if (n_integer > 20)
    return FALSE;
  for (i = 0; i < n_integer; i++)
    {
      guint digit = i < decimal->n_digits ? (guint) (decimal->digits[i] - '0') : 0;

      if (value > (G_MAXUINT64 - digit) / 10)
        return FALSE;
      value = value * 10 + digit;
    }
  if (!*exact && decimal->digits[n_integer] >= '5')
    {
      if (value == G_MAXUINT64)
        return FALSE;
      value++;
    }
  *magnitude = value;
  return TRUE;
}

static char *
append_zeros (char   *p,
              gint64  count)
{
  for (; count > 0; count--)
    *p++ = '0';
  return p;
}

static char *
append_exponent (char   *p,
                 gint64  exponent)
{
  *p++ = 'E';
  *p++ = exponent < 0 ? '-' : '+';
  return p + dynantic_number_format_uint64 (exponent < 0 ? (guint64) -exponent : (guint64) exponent, p);
}

gsize
dynantic_number_format (const DynanticDecimal *decimal,
                        char                  *buffer)
{
  const char *digits = decimal->digits;
  gint64 n = decimal->exponent;
  gint64 k = decimal->n_digits;
  char *p = buffer;

  if (k == 0)
    return (memcpy (buffer, "0", 2), 1);
  if (decimal->negative)
    *p++ = '-';
  if (n >= -5 && n <= 21)
    {
      if (n <= 0)
        {
          *p++ = '0';
          *p++ = '.';
          p = append_zeros (p, -n);
          memcpy (p, digits, k);
          p += k;
        }
      else if (n >= k)
        {
          memcpy (p, digits, k);
          p = append_zeros (p + k, n - k);
        }
      else
        {
          memcpy (p, digits, n);
          p[n] = '.';
          memcpy (p + n + 1, digits + n, k - n);
          p += k + 1;
        }
    }
  else
    {
      *p++ = digits[0];
      if (k > 1)
        {
          *p++ = '.';
          memcpy (p, digits + 1, k - 1);
          p += k - 1;
        }
      p = append_exponent (p, n - 1);
    }
  *p = '\0';
  return p - buffer;
}

/* @magnitude x 10^-@scale, trailing zeros dropped. */
static void
decimal_from_scaled (gboolean         negative,
                     guint64          magnitude,
                     guint            scale,
                     DynanticDecimal *decimal)
{
  gsize length = dynantic_number_format_uint64 (magnitude, decimal->digits);

  decimal->negative = negative;
  decimal->exponent = (gint64) length - scale;
  while (length > 1 && decimal->digits[length - 1] == '0')
    length--;
  decimal->n_digits = length;
}

static gboolean
reads_back (double   candidate,
            double   value,
            gboolean as_float)
{
  return as_float ? (float) candidate == (float) value : candidate == value;
}

/* Values with at most 15 significant digits and 22 decimals: m / 10^k is
 * exactly what strtod gives for "mE-k" (both round the same quotient once),
 * and below 1E15 the rounded product value x 10^k cannot miss m. The first k
 * that reads back is the shortest. */
static gboolean
from_double_scaled (double           value,
                    gboolean         as_float,
                    DynanticDecimal *decimal)
{
  static const double powers[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  };
  double magnitude = fabs (value);
  guint k;

  for (k = 0; k < G_N_ELEMENTS (powers); k++)
    {
      double scaled = magnitude * powers[k];
      guint64 m;

      if (scaled >= 1e15)
        return FALSE;
      m = (guint64) (scaled + 0.5);
      if (m != 0 && reads_back ((double) m / powers[k], magnitude, as_float))
        {
          decimal_from_scaled (value < 0, m, k, decimal);
          return TRUE;
        }
    }
  return FALSE;
}

/* Everything else: the correctly rounded 15-, 16-, then 17-digit text (1 to
 * 9 for floats). Any text of 15 digits or fewer that reads back is the
 * nearest 15-digit one, so the first hit is the shortest; past 15 digits it
 * may, rarely, be one digit longer than the shortest. */
static void
from_double_printed (double           value,
                     gboolean         as_float,
                     DynanticDecimal *decimal)
{
  static const char *const formats[] = {
    "%.0e", "%.1e", "%.2e", "%.3e", "%.4e", "%.5e", "%.6e", "%.7e", "%.8e",
    "%.9e", "%.10e", "%.11e", "%.12e", "%.13e", "%.14e", "%.15e", "%.16e",
  };
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  guint first = as_float ? 0 : 14;
  guint last = as_float ? 8 : 16;
  guint i;

  for (i = first; i <= last; i++)
    {
      g_ascii_formatd (buffer, sizeof buffer, formats[i], value);
      if (i == last || reads_back (g_ascii_strtod (buffer, NULL), value, as_float))
        break;
    }
  dynantic_number_parse (buffer, strlen (buffer), decimal);
}

DynanticNumberStatus
dynantic_number_from_double (double           value,
                             gboolean         as_float,
                             DynanticDecimal *decimal)
{
  g_return_val_if_fail (isfinite (value), DYNANTIC_NUMBER_SYNTAX);

  if (value == 0)
    return classify (decimal, 0);
  if (!from_double_scaled (value, as_float, decimal))
    from_double_printed (value, as_float, decimal);
  return classify (decimal, decimal->n_digits);
}

gboolean
dynantic_number_to_int64 (const DynanticDecimal *decimal,
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

/* Clinger's fast path: up to 15 digits are an exact integer m, and 10^e is
 * exact up to e = 22, so m x 10^e and m / 10^e are rounded once, to the
 * same nearest double strtod finds. Needs double arithmetic without
 * excess precision (FLT_EVAL_METHOD 0, as on x86-64 and ARM). */
static gboolean
to_double_fast (const DynanticDecimal *decimal,
                double                *value)
{
  static const double powers[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  };
  gint64 scale;
  guint64 m = 0;

#if FLT_EVAL_METHOD != 0
  return FALSE;
#endif
  /* zero keeps strtod's sign ("-0" is -0.0) */
  if (decimal->n_digits == 0 || decimal->n_digits > 15)
    return FALSE;
  scale = decimal->exponent - (gint64) decimal->n_digits;
  if (scale < -22 || scale > 22)
    return FALSE;
  for (guint i = 0; i < decimal->n_digits; i++)
    m = m * 10 + (guint64) (decimal->digits[i] - '0');
  *value = scale >= 0 ? (double) m * powers[scale] : (double) m / powers[-scale];
  if (decimal->negative)
    *value = -*value;
  return TRUE;
}

double
dynantic_number_to_double (const char            *text,
                           const DynanticDecimal *decimal)
{
  double value;

  if (to_double_fast (decimal, &value))
    return value;
  return g_ascii_strtod (text, NULL);
}

/* Whether @text reads as a double that writes back as the same number. */
gboolean
dynantic_number_to_exact_double (const char            *text,
                                 const DynanticDecimal *decimal,
                                 double                *value)
{
  DynanticDecimal shortest;

  *value = dynantic_number_to_double (text, decimal);
  /* up to 15 significant digits (DBL_DIG) survive a trip through a normal
   * double (every number DynamoDB holds is one) */
  if (decimal->n_digits <= DBL_DIG && isfinite (*value) && (*value == 0 || fabs (*value) >= DBL_MIN))
    return TRUE;
  return isfinite (*value) && decimal->n_digits <= DYNANTIC_NUMBER_MAX_DIGITS &&
         dynantic_number_from_double (*value, FALSE, &shortest) == DYNANTIC_NUMBER_OK &&
         dynantic_number_equal (decimal, &shortest);
}

gsize
dynantic_number_format_uint64 (guint64  value,
                               char    *buffer)
{
  char digits[20];
  char *p = digits + sizeof digits;
  gsize length;

  do
    {
      *--p = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value != 0);
  length = digits + sizeof digits - p;
  memcpy (buffer, p, length);
  buffer[length] = '\0';
  return length;
}

gsize
dynantic_number_format_int64 (gint64  value,
                              char   *buffer)
{
  if (value >= 0)
    return dynantic_number_format_uint64 ((guint64) value, buffer);
  buffer[0] = '-';
  return 1 + dynantic_number_format_uint64 ((guint64) -(value + 1) + 1, buffer + 1);
}
