/* dynantic-number-private.h: decimal number text as DynamoDB stores it
 *
 * DynamoDB numbers are decimals of up to 38 significant digits with a
 * magnitude from 1E-130 to below 1E+126. It accepts Java BigDecimal's text
 * ("+5", ".5", "5.", "007", "1e2" ...) and always answers in plain notation
 * without superfluous zeros ("1E+2" -> "100", "1.50" -> "1.5").
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DYNANTIC_NUMBER_MAX_DIGITS 38
/* Room for dynantic_number_format()'s text and its NUL. */
#define DYNANTIC_NUMBER_FORMAT_SIZE 64

typedef enum {
  DYNANTIC_NUMBER_OK,
  DYNANTIC_NUMBER_SYNTAX,      /* not a number */
  DYNANTIC_NUMBER_PRECISION,   /* more than 38 significant digits */
  DYNANTIC_NUMBER_OVERFLOW,    /* magnitude 1E+126 or more */
  DYNANTIC_NUMBER_UNDERFLOW,   /* magnitude below 1E-130 (and not zero) */
} DynanticNumberStatus;

/* A decimal taken apart: 0.DIGITS x 10^exponent, DIGITS without leading or
 * trailing zeros (none at all for zero, which is never negative). Two
 * decimals are the same number exactly when their fields are equal. */
typedef struct {
  gboolean negative;
  guint    n_digits;
  gint64   exponent;
  char     digits[DYNANTIC_NUMBER_MAX_DIGITS + 1];
} DynanticDecimal;

/* Parses DynamoDB's number grammar: [+-] digits [. digits] [(e|E) [+-] digits],
 * with at least one mantissa digit. On PRECISION, @decimal keeps only its
 * first 39 digits; on SYNTAX it is undefined. */
DynanticNumberStatus dynantic_number_parse          (const char            *text,
                                                     gsize                  length,
                                                     DynanticDecimal       *decimal);
gboolean             dynantic_number_equal          (const DynanticDecimal *a,
                                                     const DynanticDecimal *b);
int                  dynantic_number_compare        (const DynanticDecimal *a,
                                                     const DynanticDecimal *b);

/* The magnitude of @decimal x 10^@shift rounded to an integer (half away
 * from zero): FALSE when it exceeds G_MAXUINT64. @exact tells whether the
 * value was already an integer. */
gboolean             dynantic_number_to_integer     (const DynanticDecimal *decimal,
                                                     int                    shift,
                                                     guint64               *magnitude,
                                                     gboolean              *exact);

/* The int64 @decimal holds exactly, or FALSE. */
gboolean             dynantic_number_to_int64       (const DynanticDecimal *decimal,
                                                     gint64                *value);
/* The double nearest @decimal, parsed from @text (NUL-terminated): what
 * g_ascii_strtod() gives for @text, without calling it when @decimal has up
 * to 15 digits and a scale within 10^±22. */
double               dynantic_number_to_double      (const char            *text,
                                                     const DynanticDecimal *decimal);
/* Whether @text (of @decimal) reads as a double that writes back as the
 * same number; the double in @value either way. */
gboolean             dynantic_number_to_exact_double (const char           *text,
                                                      const DynanticDecimal *decimal,
                                                      double               *value);

/* Text of an N value: plain notation from 1E-6 up to below 1E+21, else
 * D.DDDE+X or D.DDDE-X (which DynamoDB accepts), like JavaScript's.
 * @buffer has DYNANTIC_NUMBER_FORMAT_SIZE bytes. */
gsize                dynantic_number_format         (const DynanticDecimal *decimal,
                                                     char                  *buffer);

/* The shortest decimal that reads back (g_ascii_strtod, then a cast to float
 * when @as_float) as exactly @value, which is finite; returns whether
 * DynamoDB can hold it (OK, OVERFLOW or UNDERFLOW). */
DynanticNumberStatus dynantic_number_from_double    (double                 value,
                                                     gboolean               as_float,
                                                     DynanticDecimal       *decimal);

/* Decimal digits without printf; @buffer holds 21 bytes plus NUL. */
gsize                dynantic_number_format_int64   (gint64                 value,
                                                     char                  *buffer);
gsize                dynantic_number_format_uint64  (guint64                value,
                                                     char                  *buffer);

G_END_DECLS
