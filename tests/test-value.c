/* test-value.c: the AttributeValue codec, its wire text and its round trips
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "dynantic.h"
#include "dynantic-number-private.h"
#include "dynantic-value-private.h"

/* ---- Helpers ----------------------------------------------------------- */

static char *
write_value (const GValue        *value,
             DynanticValueFlags   flags,
             GError             **error)
{
  GString *out = g_string_new (NULL);
  DynanticJsonWriter writer;

  dynantic_json_writer_init (&writer, out);
  if (!dynantic_value_write (&writer, "attr", value, flags, error))
    {
      g_assert_cmpuint (out->len, ==, 0);
      g_assert_cmpuint (writer.depth, ==, 0);
      g_string_free (out, TRUE);
      return NULL;
    }
  g_assert_cmpuint (writer.depth, ==, 0);
  return g_string_free (out, FALSE);
}

static void
assert_written (const GValue       *value,
                DynanticValueFlags  flags,
                const char         *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = write_value (value, flags, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (json, ==, expected);
}

static void
assert_write_refused (const GValue       *value,
                      DynanticValueFlags  flags,
                      gint                code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = write_value (value, flags, &error);

  g_assert_null (json);
  g_assert_error (error, DYNANTIC_ERROR, code);
  g_assert_nonnull (strstr (error->message, "“attr”"));
  g_assert_cmpstr (dynantic_error_get_fields (error)[0], ==, "attr");
}

/* Reads @json (one AttributeValue) into @value; the reader must then be at
 * the document's end, whatever the outcome short of BAD_RESPONSE. */
static gboolean
read_value (const char          *json,
            GValue              *value,
            DynanticValueFlags   flags,
            GError             **error)
{
  g_autofree char *copy = g_strdup (json);
  DynanticJsonReader reader;
  gboolean ok;
  GError *local_error = NULL;

  dynantic_json_reader_init (&reader, copy, strlen (copy));
  ok = dynantic_value_read (&reader, "attr", value, flags, &local_error);
  if (ok || g_error_matches (local_error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION))
    g_assert_cmpint (dynantic_json_reader_next (&reader), ==, DYNANTIC_JSON_END);
  dynantic_json_reader_clear (&reader);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return ok;
}

static void
assert_read_refused (const char         *json,
                     GType               type,
                     DynanticValueFlags  flags,
                     gint                code)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  g_value_init (&value, type);
  g_assert_false (read_value (json, &value, flags, &error));
  g_assert_error (error, DYNANTIC_ERROR, code);
  /* named, whether the value does not fit or the response is bad */
  g_assert_cmpstr (dynantic_error_get_fields (error)[0], ==, "attr");
  g_assert_true (g_str_has_prefix (error->message, "Attribute “attr”: "));
}

/* Writes @value, checks the wire text, reads it back into a value of the
 * same type which the caller compares; returns it. */
static GValue *
round_trip (const GValue       *value,
            DynanticValueFlags  flags,
            const char         *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = write_value (value, flags, &error);
  GValue *back = g_new0 (GValue, 1);

  g_assert_no_error (error);
  g_assert_cmpstr (json, ==, expected);
  g_value_init (back, G_VALUE_TYPE (value));
  read_value (json, back, flags, &error);
  g_assert_no_error (error);
  return back;
}

static void
value_free (GValue *value)
{
  g_value_unset (value);
  g_free (value);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GValue, value_free)

/* ---- Strings ----------------------------------------------------------- */

static void
assert_string_round_trip (const char *text,
                          const char *expected)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GValue) back = NULL;

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, text);
  back = round_trip (&value, DYNANTIC_VALUE_DEFAULT, expected);
  g_assert_cmpstr (g_value_get_string (back), ==, text);
}

static void
test_string (void)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GString) big = g_string_new (NULL);
  g_autofree char *big_json = NULL;

  assert_string_round_trip ("", "{\"S\":\"\"}");
  assert_string_round_trip ("Widget", "{\"S\":\"Widget\"}");
  assert_string_round_trip ("é ☃ 😀 日本", "{\"S\":\"é ☃ 😀 日本\"}");
  assert_string_round_trip ("\"q\" \\ \n\t\x01", "{\"S\":\"\\\"q\\\" \\\\ \\n\\t\\u0001\"}");
  assert_string_round_trip (NULL, "{\"NULL\":true}");

  while (big->len < 10 * 1024)
    g_string_append (big, "0123456789abcdé☃");
  big_json = g_strdup_printf ("{\"S\":\"%s\"}", big->str);
  assert_string_round_trip (big->str, big_json);

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, "secret\xff");
  assert_write_refused (&value, DYNANTIC_VALUE_DEFAULT, DYNANTIC_ERROR_VALIDATION);
}

static void
test_string_read (void)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (read_value ("{ \"S\" : \"a\\u00e9\\ud83d\\ude00\" }", &value, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (g_value_get_string (&value), ==, "aé😀");
  /* into a value holding a string (freed: ASan), and a static one */
  g_assert_true (read_value ("{\"S\":\"second\"}", &value, 0, &error));
  g_assert_cmpstr (g_value_get_string (&value), ==, "second");
  g_value_set_static_string (&value, "static");
  g_assert_true (read_value ("{\"S\":\"third\"}", &value, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (g_value_get_string (&value), ==, "third");
  g_value_set_static_string (&value, NULL);
  g_assert_true (read_value ("{\"S\":\"fourth\"}", &value, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (g_value_get_string (&value), ==, "fourth");
  /* DynamoDB holds NUL characters; a C string cannot: the response is refused */
  assert_read_refused ("{\"S\":\"a\\u0000b\"}", G_TYPE_STRING, 0, DYNANTIC_ERROR_BAD_RESPONSE);
  assert_read_refused ("{\"N\":\"1\"}", G_TYPE_STRING, 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"S\":\"1\"}", G_TYPE_STRING, DYNANTIC_VALUE_NUMBER_STRING, DYNANTIC_ERROR_VALIDATION);
}

/* ---- Exact decimals ---------------------------------------------------- */

static void
assert_number_string_round_trip (const char *text)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GValue) back = NULL;
  g_autofree char *expected = g_strdup_printf ("{\"N\":\"%s\"}", text);

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, text);
  back = round_trip (&value, DYNANTIC_VALUE_NUMBER_STRING, expected);
  g_assert_cmpstr (g_value_get_string (back), ==, text);
}

static void
test_number_string (void)
{
  static const char *const accepted[] = {
    "0", "-0", "12345678901234567890123456789012345678", "-1234567890123456789.0123456789012345678",
    "0.000000000000000000000000000000000000000000000000000000123", "1234567890123456789012345678901234567800000",
    "9.9999999999999999999999999999999999999E+125", "1E-130", "-1E-130", "1e-0130", "1E+00125",
    /* what DynamoDB also accepts (it answers them normalized) */
    "+5", ".5", "5.", "007", "00.5", "1.50", "-0.000", "0e5", "1.0000000000000000000000000000000000000000000",
  };
  static const char *const refused[] = {
    "", "-", "+", ".", " 5", "5 ", "5e", "1e+", "0x10", "NaN", "Infinity", "-Infinity", "1_0", "1,5",
    "1..5", "1.5.", "e5", "--1", "1e5.5", "١", "123456789012345678901234567890123456789",
    "10000000000000000000000000000000000000.1", "9.99999999999999999999999999999999999999E+125",
    "1E126", "-1E126", "1E-131", "9.9E-131", "1e2147483648", "1e300", "5e-324",
  };
  g_auto(GValue) value = G_VALUE_INIT;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;

      assert_number_string_round_trip (accepted[i]);
      g_assert_true (dynantic_value_check_number_text ("attr", accepted[i], &error));
      g_assert_no_error (error);
    }
  g_value_init (&value, G_TYPE_STRING);
  for (i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;

      g_value_set_string (&value, refused[i]);
      assert_write_refused (&value, DYNANTIC_VALUE_NUMBER_STRING, DYNANTIC_ERROR_VALIDATION);
      g_assert_false (dynantic_value_check_number_text ("price", refused[i], &error));
      g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
      g_assert_nonnull (strstr (error->message, "“price”"));
    }
}

/* ---- Booleans and integers --------------------------------------------- */

static void
test_boolean (void)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GValue) yes = NULL;
  g_autoptr(GValue) no = NULL;

  g_value_init (&value, G_TYPE_BOOLEAN);
  g_value_set_boolean (&value, TRUE);
  yes = round_trip (&value, 0, "{\"BOOL\":true}");
  g_assert_true (g_value_get_boolean (yes));
  g_value_set_boolean (&value, FALSE);
  no = round_trip (&value, 0, "{\"BOOL\":false}");
  g_assert_false (g_value_get_boolean (no));
  assert_read_refused ("{\"N\":\"1\"}", G_TYPE_BOOLEAN, 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"NULL\":true}", G_TYPE_BOOLEAN, 0, DYNANTIC_ERROR_VALIDATION);
}

typedef struct {
  GType       type;
  gint64      value;      /* for unsigned types: as guint64 bits */
  const char *text;
} IntegerCase;

static void
set_integer_value (GValue  *value,
                   gint64   number)
{
  switch (G_VALUE_TYPE (value))
    {
    case G_TYPE_CHAR: g_value_set_schar (value, (gint8) number); break;
    case G_TYPE_UCHAR: g_value_set_uchar (value, (guchar) number); break;
    case G_TYPE_INT: g_value_set_int (value, (gint) number); break;
    case G_TYPE_UINT: g_value_set_uint (value, (guint) number); break;
    case G_TYPE_LONG: g_value_set_long (value, (glong) number); break;
    case G_TYPE_ULONG: g_value_set_ulong (value, (gulong) number); break;
    case G_TYPE_INT64: g_value_set_int64 (value, number); break;
    case G_TYPE_UINT64: g_value_set_uint64 (value, (guint64) number); break;
    default: g_assert_not_reached ();
    }
}

static gint64
get_integer_value (const GValue *value)
{
  switch (G_VALUE_TYPE (value))
    {
    case G_TYPE_CHAR: return g_value_get_schar (value);
    case G_TYPE_UCHAR: return g_value_get_uchar (value);
    case G_TYPE_INT: return g_value_get_int (value);
    case G_TYPE_UINT: return g_value_get_uint (value);
    case G_TYPE_LONG: return g_value_get_long (value);
    case G_TYPE_ULONG: return (gint64) g_value_get_ulong (value);
    case G_TYPE_INT64: return g_value_get_int64 (value);
    case G_TYPE_UINT64: return (gint64) g_value_get_uint64 (value);
    default: g_assert_not_reached ();
    }
}

static void
test_integers (void)
{
  static const IntegerCase cases[] = {
    { G_TYPE_CHAR, 0, "0" }, { G_TYPE_CHAR, -128, "-128" }, { G_TYPE_CHAR, 127, "127" },
    { G_TYPE_UCHAR, 255, "255" }, { G_TYPE_INT, G_MININT, "-2147483648" }, { G_TYPE_INT, -1, "-1" },
    { G_TYPE_INT, G_MAXINT, "2147483647" }, { G_TYPE_UINT, G_MAXUINT, "4294967295" },
    { G_TYPE_LONG, G_MINLONG, "-9223372036854775808" }, { G_TYPE_ULONG, (gint64) G_MAXULONG, "18446744073709551615" },
    { G_TYPE_INT64, G_MININT64, "-9223372036854775808" }, { G_TYPE_INT64, G_MAXINT64, "9223372036854775807" },
    { G_TYPE_INT64, 0, "0" }, { G_TYPE_INT64, 1000000, "1000000" },
    { G_TYPE_UINT64, (gint64) G_MAXUINT64, "18446744073709551615" }, { G_TYPE_UINT64, 0, "0" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;
      g_autoptr(GValue) back = NULL;
      g_autofree char *expected = g_strdup_printf ("{\"N\":\"%s\"}", cases[i].text);

      g_value_init (&value, cases[i].type);
      set_integer_value (&value, cases[i].value);
      back = round_trip (&value, 0, expected);
      g_assert_cmpint (get_integer_value (back), ==, cases[i].value);
    }
}

static void
assert_integer_read (const char *json,
                     GType       type,
                     gint64      expected)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  g_value_init (&value, type);
  g_assert_true (read_value (json, &value, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (get_integer_value (&value), ==, expected);
}

static void
test_integers_read (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GValue) value = G_VALUE_INIT;

  /* whatever notation the server uses for an integer */
  assert_integer_read ("{\"N\":\"1E+2\"}", G_TYPE_INT, 100);
  assert_integer_read ("{\"N\":\"1.50E1\"}", G_TYPE_INT, 15);
  assert_integer_read ("{\"N\":\"-0\"}", G_TYPE_UINT, 0);
  assert_integer_read ("{\"N\":\"-12.000\"}", G_TYPE_INT64, -12);
  assert_integer_read ("{\"N\":\"1000000000000000000000E-3\"}", G_TYPE_UINT64, G_GINT64_CONSTANT (1000000000000000000));

  /* out of range, not integers: VALIDATION naming the attribute */
  assert_read_refused ("{\"N\":\"300\"}", G_TYPE_UCHAR, 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"N\":\"-1\"}", G_TYPE_UCHAR, 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"N\":\"128\"}", G_TYPE_CHAR, 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"N\":\"-129\"}", G_TYPE_CHAR, 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"N\":\"2147483648\"}", G_TYPE_INT, 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"N\":\"-1\"}", G_TYPE_UINT, 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"N\":\"9223372036854775808\"}", G_TYPE_INT64, 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"N\":\"-9223372036854775809\"}", G_TYPE_INT64, 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"N\":\"18446744073709551616\"}", G_TYPE_UINT64, 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"N\":\"1000000000000000000000\"}", G_TYPE_UINT64, 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"N\":\"1.5\"}", G_TYPE_INT, 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"N\":\"0.1\"}", G_TYPE_INT, 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"S\":\"1\"}", G_TYPE_INT, 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"NULL\":true}", G_TYPE_INT, 0, DYNANTIC_ERROR_VALIDATION);
  /* malformed numbers from the server */
  assert_read_refused ("{\"N\":\"12abc\"}", G_TYPE_INT, 0, DYNANTIC_ERROR_BAD_RESPONSE);
  assert_read_refused ("{\"N\":12}", G_TYPE_INT, 0, DYNANTIC_ERROR_BAD_RESPONSE);

  /* the message names the attribute and the type, never the value */
  g_value_init (&value, G_TYPE_UCHAR);
  g_assert_false (read_value ("{\"N\":\"300\"}", &value, 0, &error));
  g_assert_nonnull (strstr (error->message, "“attr”"));
  g_assert_nonnull (strstr (error->message, "guchar"));
  g_assert_null (strstr (error->message, "300"));
}

/* ---- Doubles ----------------------------------------------------------- */

static void
assert_double_round_trip (double      number,
                          const char *text)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GValue) back = NULL;
  g_autofree char *expected = g_strdup_printf ("{\"N\":\"%s\"}", text);
  char buffer[32];

  g_value_init (&value, G_TYPE_DOUBLE);
  g_value_set_double (&value, number);
  back = round_trip (&value, 0, expected);
  g_assert_cmpfloat (g_value_get_double (back), ==, number);
  g_assert_cmpuint (dynantic_value_format_double (number, buffer), ==, strlen (text));
  g_assert_cmpstr (buffer, ==, text);
}

static void
test_double (void)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GValue) zero = NULL;

  assert_double_round_trip (29.99, "29.99");
  assert_double_round_trip (0.1, "0.1");
  assert_double_round_trip (0.0, "0");
  assert_double_round_trip (-1.5, "-1.5");
  assert_double_round_trip (1.0 / 3.0, "0.3333333333333333");
  assert_double_round_trip (2.0 / 3.0, "0.6666666666666666");
  assert_double_round_trip (100.0, "100");
  assert_double_round_trip (123456789.125, "123456789.125");
  assert_double_round_trip (9007199254740993.0, "9007199254740992");
  assert_double_round_trip (1e20, "100000000000000000000");
  assert_double_round_trip (1e21, "1E+21");
  assert_double_round_trip (1.5e300 / 1e180, "1.5E+120");
  assert_double_round_trip (1e-6, "0.000001");
  assert_double_round_trip (1e-7, "1E-7");
  assert_double_round_trip (-2.5e-100, "-2.5E-100");
  assert_double_round_trip (1e-130, "1E-130");
  assert_double_round_trip (5e125, "5E+125");
  assert_double_round_trip (0.30000000000000004, "0.30000000000000004");
  assert_double_round_trip (1.7976931348623157e125, "1.7976931348623155E+125");
  assert_double_round_trip (4.35, "4.35");
  assert_double_round_trip (-0.000123, "-0.000123");

  /* DynamoDB has no negative zero */
  g_value_init (&value, G_TYPE_DOUBLE);
  g_value_set_double (&value, -0.0);
  zero = round_trip (&value, 0, "{\"N\":\"0\"}");
  g_assert_cmpfloat (g_value_get_double (zero), ==, 0.0);

  /* what DynamoDB cannot hold */
  g_value_set_double (&value, NAN);
  assert_write_refused (&value, 0, DYNANTIC_ERROR_VALIDATION);
  g_value_set_double (&value, INFINITY);
  assert_write_refused (&value, 0, DYNANTIC_ERROR_VALIDATION);
  g_value_set_double (&value, -INFINITY);
  assert_write_refused (&value, 0, DYNANTIC_ERROR_VALIDATION);
  g_value_set_double (&value, DBL_MAX);
  assert_write_refused (&value, 0, DYNANTIC_ERROR_VALIDATION);
  g_value_set_double (&value, 1e126);
  assert_write_refused (&value, 0, DYNANTIC_ERROR_VALIDATION);
  g_value_set_double (&value, 5e-324);
  assert_write_refused (&value, 0, DYNANTIC_ERROR_VALIDATION);
  g_value_set_double (&value, 9e-131);
  assert_write_refused (&value, 0, DYNANTIC_ERROR_VALIDATION);
}

static void
test_double_read (void)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  g_value_init (&value, G_TYPE_DOUBLE);
  /* DynamoDB's plain notation of what we wrote as 1E+21 */
  g_assert_true (read_value ("{\"N\":\"1000000000000000000000\"}", &value, 0, &error));
  g_assert_cmpfloat (g_value_get_double (&value), ==, 1e21);
  g_assert_true (read_value ("{\"N\":\"12345678901234567890123456789012345678\"}", &value, 0, &error));
  g_assert_cmpfloat (g_value_get_double (&value), ==, 12345678901234567890123456789012345678.0);
  g_assert_no_error (error);
  assert_read_refused ("{\"N\":\"1e400\"}", G_TYPE_DOUBLE, 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"N\":\"1e-400\"}", G_TYPE_DOUBLE, 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"N\":\"1e39\"}", G_TYPE_FLOAT, 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"N\":\"1e-50\"}", G_TYPE_FLOAT, 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"N\":\"nan\"}", G_TYPE_DOUBLE, 0, DYNANTIC_ERROR_BAD_RESPONSE);
  assert_read_refused ("{\"N\":\"inf\"}", G_TYPE_DOUBLE, 0, DYNANTIC_ERROR_BAD_RESPONSE);
  assert_read_refused ("{\"S\":\"1.5\"}", G_TYPE_DOUBLE, 0, DYNANTIC_ERROR_VALIDATION);
}

/* Any double in DynamoDB's range: the text reads back exactly, and no
 * shorter correctly rounded text does (up to 15 digits, where that is
 * guaranteed; past them at most one digit more than needed). */
static void
test_double_shortest (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240501);
  guint checked = 0;

  while (checked < 20000)
    {
      guint64 bits = (guint64) g_rand_int (rand) << 32 | g_rand_int (rand);
      double number;
      char text[32], shorter[40], format[8];
      guint digits = 0, significant = 0, i;
      const char *p;

      memcpy (&number, &bits, sizeof number);
      if (!isfinite (number) || fabs (number) < 1e-130 || fabs (number) >= 1e125)
        continue;
      if (checked % 2 == 1)
        number = round (number * 1e4) / 1e4; /* few decimals, like prices */
      if (number == 0)
        continue;
      checked++;
      dynantic_value_format_double (number, text);
      g_assert_cmpfloat (g_ascii_strtod (text, NULL), ==, number);
      /* significant digits: from the first non-zero one to the last */
      for (p = text; *p != '\0' && *p != 'E'; p++)
        if (g_ascii_isdigit (*p) && (digits > 0 || *p != '0'))
          {
            digits++;
            significant = *p != '0' ? digits : significant;
          }
      digits = significant;
      g_assert_cmpuint (digits, <=, 17);
      for (i = 1; i < MIN (digits, 16); i++)
        {
          g_snprintf (format, sizeof format, "%%.%ue", i - 1);
          g_ascii_formatd (shorter, sizeof shorter, format, number);
          g_assert_cmpfloat (g_ascii_strtod (shorter, NULL), !=, number);
        }
    }
}

static void
test_float (void)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GValue) tenth = NULL;
  g_autoptr(GValue) max = NULL;

  g_value_init (&value, G_TYPE_FLOAT);
  g_value_set_float (&value, 0.1f);
  tenth = round_trip (&value, 0, "{\"N\":\"0.1\"}");
  g_assert_cmpfloat (g_value_get_float (tenth), ==, 0.1f);
  g_value_set_float (&value, FLT_MAX);
  max = round_trip (&value, 0, "{\"N\":\"3.4028235E+38\"}");
  g_assert_cmpfloat (g_value_get_float (max), ==, FLT_MAX);
  g_value_set_float (&value, NAN);
  assert_write_refused (&value, 0, DYNANTIC_ERROR_VALIDATION);
}

/* ---- Enums and flags --------------------------------------------------- */

typedef enum { COLOR_RED, COLOR_DARK_GREEN, COLOR_BLUE = 7 } Color;
typedef enum { ACCESS_READ = 1, ACCESS_WRITE = 2, ACCESS_EXEC = 4 } Access;

static GType
color_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    { COLOR_RED, "COLOR_RED", "red" },
    { COLOR_DARK_GREEN, "COLOR_DARK_GREEN", "dark-green" },
    { COLOR_BLUE, "COLOR_BLUE", "blue" },
    { 0, NULL, NULL },
  };

  if (type == 0)
    type = g_enum_register_static ("TestColor", values);
  return type;
}

static GType
access_get_type (void)
{
  static GType type = 0;
  static const GFlagsValue values[] = {
    { ACCESS_READ, "ACCESS_READ", "read" },
    { ACCESS_WRITE, "ACCESS_WRITE", "write" },
    { ACCESS_EXEC, "ACCESS_EXEC", "exec" },
    { 0, NULL, NULL },
  };

  if (type == 0)
    type = g_flags_register_static ("TestAccess", values);
  return type;
}

static void
test_enum (void)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GValue) back = NULL;

  g_value_init (&value, color_get_type ());
  g_value_set_enum (&value, COLOR_DARK_GREEN);
  back = round_trip (&value, 0, "{\"S\":\"dark-green\"}");
  g_assert_cmpint (g_value_get_enum (back), ==, COLOR_DARK_GREEN);
  g_value_set_enum (&value, 3);
  assert_write_refused (&value, 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"S\":\"purple\"}", color_get_type (), 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"S\":\"COLOR_RED\"}", color_get_type (), 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"N\":\"0\"}", color_get_type (), 0, DYNANTIC_ERROR_VALIDATION);
}

static void
test_flags (void)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GValue) back = NULL;
  g_autoptr(GError) error = NULL;

  g_value_init (&value, access_get_type ());
  g_value_set_flags (&value, ACCESS_READ | ACCESS_EXEC);
  g_assert_false (dynantic_value_is_empty_set (&value, 0));
  back = round_trip (&value, 0, "{\"SS\":[\"read\",\"exec\"]}");
  g_assert_cmpuint (g_value_get_flags (back), ==, ACCESS_READ | ACCESS_EXEC);

  g_value_set_flags (&value, 0);
  g_assert_true (dynantic_value_is_empty_set (&value, 0));
  assert_write_refused (&value, 0, DYNANTIC_ERROR_VALIDATION);
  g_value_set_flags (&value, 8);
  assert_write_refused (&value, 0, DYNANTIC_ERROR_VALIDATION);

  g_assert_true (read_value ("{\"SS\":[\"write\",\"read\"]}", &value, 0, &error));
  g_assert_cmpuint (g_value_get_flags (&value), ==, ACCESS_READ | ACCESS_WRITE);
  assert_read_refused ("{\"SS\":[\"read\",\"fly\",\"write\"]}", access_get_type (), 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"S\":\"read\"}", access_get_type (), 0, DYNANTIC_ERROR_VALIDATION);
}

/* ---- String lists and sets --------------------------------------------- */

static void
set_strv (GValue             *value,
          const char * const *strv)
{
  g_value_set_boxed (value, strv);
}

static void
assert_strv_round_trip (const char * const *strv,
                        DynanticValueFlags  flags,
                        const char         *expected)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GValue) back = NULL;

  g_value_init (&value, G_TYPE_STRV);
  set_strv (&value, strv);
  back = round_trip (&value, flags, expected);
  if (strv == NULL)
    g_assert_null (g_value_get_boxed (back));
  else
    g_assert_true (g_strv_equal (g_value_get_boxed (back), (const char * const *) strv));
}

static void
test_strv (void)
{
  const char *tags[] = { "b", "a", "é☃", "", NULL };
  const char *numbers[] = { "10", "-1.5", "12345678901234567890123456789012345678", NULL };
  const char *empty[] = { NULL };
  const char *duplicates[] = { "x", "y", "x", NULL };
  const char *same_number[] = { "1", "1.0", NULL };
  const char *not_numbers[] = { "1", "one", NULL };
  const char *seven[] = { "1", "2", "3", "4", "5", "6", "7", NULL };
  const char *eight[] = { "1", "2", "3", "4", "5", "6", "7", "8", NULL };
  const char *seventeen[] = { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", NULL };
  g_auto(GValue) value = G_VALUE_INIT;

  assert_strv_round_trip (tags, 0, "{\"L\":[{\"S\":\"b\"},{\"S\":\"a\"},{\"S\":\"é☃\"},{\"S\":\"\"}]}");
  assert_strv_round_trip (tags, DYNANTIC_VALUE_SET, "{\"SS\":[\"b\",\"a\",\"é☃\",\"\"]}");
  assert_strv_round_trip (numbers, DYNANTIC_VALUE_NUMBER_STRING,
                          "{\"L\":[{\"N\":\"10\"},{\"N\":\"-1.5\"},{\"N\":\"12345678901234567890123456789012345678\"}]}");
  assert_strv_round_trip (numbers, DYNANTIC_VALUE_SET | DYNANTIC_VALUE_NUMBER_STRING,
                          "{\"NS\":[\"10\",\"-1.5\",\"12345678901234567890123456789012345678\"]}");
  assert_strv_round_trip (empty, 0, "{\"L\":[]}");
  assert_strv_round_trip (NULL, 0, "{\"NULL\":true}");
  /* around the room reserved for a set read: 7 and 8 members, then growth */
  assert_strv_round_trip (seven, DYNANTIC_VALUE_SET, "{\"SS\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\"]}");
  assert_strv_round_trip (eight, DYNANTIC_VALUE_SET, "{\"SS\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\"]}");
  assert_strv_round_trip (seventeen, DYNANTIC_VALUE_SET,
                          "{\"SS\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\",\"l\","
                          "\"m\",\"n\",\"o\",\"p\",\"q\"]}");

  g_value_init (&value, G_TYPE_STRV);
  set_strv (&value, empty);
  g_assert_true (dynantic_value_is_empty_set (&value, DYNANTIC_VALUE_SET));
  g_assert_false (dynantic_value_is_empty_set (&value, 0));
  assert_write_refused (&value, DYNANTIC_VALUE_SET, DYNANTIC_ERROR_VALIDATION);
  set_strv (&value, NULL);
  g_assert_true (dynantic_value_is_empty_set (&value, DYNANTIC_VALUE_SET));
  set_strv (&value, tags);
  g_assert_false (dynantic_value_is_empty_set (&value, DYNANTIC_VALUE_SET));
  set_strv (&value, duplicates);
  assert_write_refused (&value, DYNANTIC_VALUE_SET, DYNANTIC_ERROR_VALIDATION);
  assert_written (&value, 0, "{\"L\":[{\"S\":\"x\"},{\"S\":\"y\"},{\"S\":\"x\"}]}");
  set_strv (&value, same_number);
  assert_write_refused (&value, DYNANTIC_VALUE_SET | DYNANTIC_VALUE_NUMBER_STRING, DYNANTIC_ERROR_VALIDATION);
  set_strv (&value, not_numbers);
  assert_write_refused (&value, DYNANTIC_VALUE_NUMBER_STRING, DYNANTIC_ERROR_VALIDATION);
}

static void
test_large_set_duplicates (void)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_free);
  g_auto(GValue) value = G_VALUE_INIT;
  g_autofree char *json = NULL;
  g_autofree char *as_strings = NULL;
  guint i;

  for (i = 0; i < 100; i++)
    g_ptr_array_add (members, g_strdup_printf ("%u", i * 7));
  g_ptr_array_add (members, NULL);
  g_value_init (&value, G_TYPE_STRV);
  g_value_set_boxed (&value, members->pdata);
  json = write_value (&value, DYNANTIC_VALUE_SET | DYNANTIC_VALUE_NUMBER_STRING, NULL);
  g_assert_true (g_str_has_prefix (json, "{\"NS\":[\"0\",\"7\",\"14\","));
  /* "700E-1" is 70, already there */
  g_free (members->pdata[99]);
  members->pdata[99] = g_strdup ("700E-1");
  g_value_set_boxed (&value, members->pdata);
  assert_write_refused (&value, DYNANTIC_VALUE_SET | DYNANTIC_VALUE_NUMBER_STRING, DYNANTIC_ERROR_VALIDATION);
  /* as strings they differ */
  as_strings = write_value (&value, DYNANTIC_VALUE_SET, NULL);
  g_assert_nonnull (as_strings);
  g_free (members->pdata[50]);
  members->pdata[50] = g_strdup ("700E-1");
  g_value_set_boxed (&value, members->pdata);
  assert_write_refused (&value, DYNANTIC_VALUE_SET, DYNANTIC_ERROR_VALIDATION);
}

static void
test_strv_read (void)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  const char * const *strv;

  g_value_init (&value, G_TYPE_STRV);
  /* a list read as a set and the other way round: schemas evolve */
  g_assert_true (read_value ("{\"SS\":[\"z\",\"a\"]}", &value, 0, &error));
  strv = g_value_get_boxed (&value);
  g_assert_cmpstr (strv[0], ==, "z");
  g_assert_cmpstr (strv[1], ==, "a");
  g_assert_null (strv[2]);
  g_assert_true (read_value ("{\"L\":[{\"S\":\"q\"}]}", &value, DYNANTIC_VALUE_SET, &error));
  g_assert_cmpstr (((const char * const *) g_value_get_boxed (&value))[0], ==, "q");
  g_assert_true (read_value ("{\"L\":[]}", &value, DYNANTIC_VALUE_SET, &error));
  g_assert_cmpuint (g_strv_length (g_value_get_boxed (&value)), ==, 0);
  g_assert_true (read_value ("{\"NULL\":true}", &value, 0, &error));
  g_assert_null (g_value_get_boxed (&value));
  g_assert_no_error (error);

  assert_read_refused ("{\"L\":[{\"S\":\"a\"},{\"N\":\"1\"},{\"L\":[{\"S\":\"deep\"}]},{\"S\":\"b\"}]}",
                       G_TYPE_STRV, 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"NS\":[\"1\"]}", G_TYPE_STRV, 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"SS\":[\"1\"]}", G_TYPE_STRV, DYNANTIC_VALUE_NUMBER_STRING, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"SS\":[\"a\\u0000\"]}", G_TYPE_STRV, 0, DYNANTIC_ERROR_BAD_RESPONSE);
  assert_read_refused ("{\"SS\":[1]}", G_TYPE_STRV, 0, DYNANTIC_ERROR_BAD_RESPONSE);
  assert_read_refused ("{\"SS\":\"a\"}", G_TYPE_STRV, 0, DYNANTIC_ERROR_BAD_RESPONSE);
  assert_read_refused ("{\"L\":[\"a\"]}", G_TYPE_STRV, 0, DYNANTIC_ERROR_BAD_RESPONSE);
  assert_read_refused ("{\"NS\":[\"x\"]}", G_TYPE_STRV, DYNANTIC_VALUE_NUMBER_STRING, DYNANTIC_ERROR_BAD_RESPONSE);
}

/* ---- Binary ------------------------------------------------------------ */

static void
test_bytes (void)
{
  const guchar data[] = { 0, 1, 2, 0, 0xff, 0xfe, 'a', 0 };
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, sizeof data);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GValue) back = NULL;
  g_autoptr(GValue) back_empty = NULL;
  g_autoptr(GValue) back_null = NULL;

  g_value_init (&value, G_TYPE_BYTES);
  g_value_set_boxed (&value, bytes);
  back = round_trip (&value, 0, "{\"B\":\"AAECAP/+YQA=\"}");
  g_assert_true (g_bytes_equal (g_value_get_boxed (back), bytes));
  g_value_set_boxed (&value, empty);
  back_empty = round_trip (&value, 0, "{\"B\":\"\"}");
  g_assert_nonnull (g_value_get_boxed (back_empty));
  g_assert_cmpuint (g_bytes_get_size (g_value_get_boxed (back_empty)), ==, 0);
  g_value_set_boxed (&value, NULL);
  back_null = round_trip (&value, 0, "{\"NULL\":true}");
  g_assert_null (g_value_get_boxed (back_null));

  assert_read_refused ("{\"B\":\"AAE\"}", G_TYPE_BYTES, 0, DYNANTIC_ERROR_BAD_RESPONSE);
  assert_read_refused ("{\"B\":\"AA!=\"}", G_TYPE_BYTES, 0, DYNANTIC_ERROR_BAD_RESPONSE);
  assert_read_refused ("{\"B\":\"A===\"}", G_TYPE_BYTES, 0, DYNANTIC_ERROR_BAD_RESPONSE);
  assert_read_refused ("{\"B\":\"A=AA\"}", G_TYPE_BYTES, 0, DYNANTIC_ERROR_BAD_RESPONSE);
  assert_read_refused ("{\"S\":\"AAAA\"}", G_TYPE_BYTES, 0, DYNANTIC_ERROR_VALIDATION);
}

/* ---- Dates and times --------------------------------------------------- */

static void
assert_date_time_round_trip (GDateTime          *datetime,
                             DynanticValueFlags  flags,
                             const char         *expected)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GValue) back = NULL;
  GDateTime *read;

  g_value_init (&value, G_TYPE_DATE_TIME);
  g_value_set_boxed (&value, datetime);
  back = round_trip (&value, flags, expected);
  read = g_value_get_boxed (back);
  g_assert_true (g_date_time_equal (read, datetime));
  g_assert_cmpint (g_date_time_get_microsecond (read), ==, g_date_time_get_microsecond (datetime));
  if (!(flags & DYNANTIC_VALUE_EPOCH_SECONDS))
    g_assert_cmpint (g_date_time_get_utc_offset (read), ==, g_date_time_get_utc_offset (datetime));
}

static void
test_date_time (void)
{
  g_autoptr(GTimeZone) plus2 = g_time_zone_new_offset (2 * 3600);
  g_autoptr(GTimeZone) minus530 = g_time_zone_new_offset (-(5 * 3600 + 30 * 60));
  g_autoptr(GDateTime) subsecond = g_date_time_new_utc (2024, 5, 1, 12, 30, 45.123456);
  g_autoptr(GDateTime) whole = g_date_time_new_utc (2024, 5, 1, 12, 30, 45);
  g_autoptr(GDateTime) half = g_date_time_new_utc (2024, 5, 1, 12, 30, 45.5);
  g_autoptr(GDateTime) early = g_date_time_new_utc (1, 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) late = g_date_time_new_utc (9999, 12, 31, 23, 59, 59.999999);
  g_autoptr(GDateTime) before_1970 = g_date_time_new_utc (1969, 12, 31, 23, 59, 59.5);
  g_autoptr(GDateTime) offset = g_date_time_new (plus2, 2024, 5, 1, 14, 30, 45.25);
  g_autoptr(GDateTime) negative = g_date_time_new (minus530, 2024, 1, 2, 3, 4, 5);
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GValue) back = NULL;

  assert_date_time_round_trip (subsecond, 0, "{\"S\":\"2024-05-01T12:30:45.123456Z\"}");
  assert_date_time_round_trip (whole, 0, "{\"S\":\"2024-05-01T12:30:45Z\"}");
  assert_date_time_round_trip (half, 0, "{\"S\":\"2024-05-01T12:30:45.500000Z\"}");
  assert_date_time_round_trip (early, 0, "{\"S\":\"0001-01-01T00:00:00Z\"}");
  assert_date_time_round_trip (late, 0, "{\"S\":\"9999-12-31T23:59:59.999999Z\"}");
  assert_date_time_round_trip (offset, 0, "{\"S\":\"2024-05-01T14:30:45.250000+02:00\"}");
  assert_date_time_round_trip (negative, 0, "{\"S\":\"2024-01-02T03:04:05-05:30\"}");

  assert_date_time_round_trip (whole, DYNANTIC_VALUE_EPOCH_SECONDS, "{\"N\":\"1714566645\"}");
  assert_date_time_round_trip (subsecond, DYNANTIC_VALUE_EPOCH_SECONDS, "{\"N\":\"1714566645.123456\"}");
  assert_date_time_round_trip (half, DYNANTIC_VALUE_EPOCH_SECONDS, "{\"N\":\"1714566645.5\"}");
  assert_date_time_round_trip (offset, DYNANTIC_VALUE_EPOCH_SECONDS, "{\"N\":\"1714566645.25\"}");
  assert_date_time_round_trip (before_1970, DYNANTIC_VALUE_EPOCH_SECONDS, "{\"N\":\"-0.5\"}");
  assert_date_time_round_trip (early, DYNANTIC_VALUE_EPOCH_SECONDS, "{\"N\":\"-62135596800\"}");

  g_value_init (&value, G_TYPE_DATE_TIME);
  back = round_trip (&value, 0, "{\"NULL\":true}");
  g_assert_null (g_value_get_boxed (back));
}

static void
assert_date_time_read (const char *json,
                       GDateTime  *expected)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  g_value_init (&value, G_TYPE_DATE_TIME);
  g_assert_true (read_value (json, &value, 0, &error));
  g_assert_no_error (error);
  g_assert_true (g_date_time_equal (g_value_get_boxed (&value), expected));
}

static void
test_date_time_read (void)
{
  g_autoptr(GDateTime) whole = g_date_time_new_utc (2024, 5, 1, 12, 30, 45);
  g_autoptr(GDateTime) half = g_date_time_new_utc (2024, 5, 1, 12, 30, 45.5);
  g_autoptr(GDateTime) midnight = g_date_time_new_utc (2024, 5, 1, 0, 0, 0);
  g_autoptr(GDateTime) micro = g_date_time_new_utc (2024, 5, 1, 12, 30, 45.000001);

  /* what boto3, Python's isoformat() and other clients leave behind */
  assert_date_time_read ("{\"S\":\"2024-05-01T12:30:45Z\"}", whole);
  assert_date_time_read ("{\"S\":\"2024-05-01T12:30:45+00:00\"}", whole);
  assert_date_time_read ("{\"S\":\"2024-05-01T14:30:45+02:00\"}", whole);
  assert_date_time_read ("{\"S\":\"2024-05-01T12:30:45\"}", whole);
  assert_date_time_read ("{\"S\":\"2024-05-01 12:30:45.5\"}", half);
  assert_date_time_read ("{\"S\":\"2024-05-01T12:30:45.500Z\"}", half);
  assert_date_time_read ("{\"S\":\"2024-05-01T12:30:45.000001Z\"}", micro);
  assert_date_time_read ("{\"S\":\"2024-05-01\"}", midnight);
  /* epoch seconds, whole or not, whatever the flag */
  assert_date_time_read ("{\"N\":\"1714566645\"}", whole);
  assert_date_time_read ("{\"N\":\"1714566645.5\"}", half);
  assert_date_time_read ("{\"N\":\"1.7145666455E+9\"}", half);
  assert_date_time_read ("{\"N\":\"1714566645.0000005\"}", micro);

  assert_read_refused ("{\"S\":\"yesterday\"}", G_TYPE_DATE_TIME, 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"S\":\"2024-13-01\"}", G_TYPE_DATE_TIME, 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"S\":\"\"}", G_TYPE_DATE_TIME, 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"N\":\"1E+20\"}", G_TYPE_DATE_TIME, 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"N\":\"-1E+12\"}", G_TYPE_DATE_TIME, 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"BOOL\":true}", G_TYPE_DATE_TIME, 0, DYNANTIC_ERROR_VALIDATION);
}

/* ---- GVariant ---------------------------------------------------------- */

/* @variant equals the one @expected parses to, type included. */
static void
assert_variant_is (GVariant   *variant,
                   const char *expected)
{
  g_autoptr(GVariant) wanted = g_variant_ref_sink (g_variant_new_parsed (expected));

  if (!g_variant_equal (variant, wanted))
    {
      g_autofree char *printed = g_variant_print (variant, TRUE);

      g_error ("got %s, expected %s", printed, expected);
    }
}

static GValue *
variant_round_trip (const char         *text,
                    DynanticValueFlags  flags,
                    const char         *expected_json,
                    const char         *expected_back)
{
  g_autoptr(GVariant) variant = g_variant_ref_sink (g_variant_new_parsed (text));
  g_auto(GValue) value = G_VALUE_INIT;
  GValue *back;

  g_value_init (&value, G_TYPE_VARIANT);
  g_value_set_variant (&value, variant);
  back = round_trip (&value, flags, expected_json);
  assert_variant_is (g_value_get_variant (back), expected_back);
  return back;
}

static void
assert_variant_round_trip (const char         *text,
                           DynanticValueFlags  flags,
                           const char         *expected_json,
                           const char         *expected_back)
{
  g_autoptr(GValue) back = variant_round_trip (text, flags, expected_json, expected_back);
}

static void
test_variant_scalars (void)
{
  assert_variant_round_trip ("'hello'", 0, "{\"S\":\"hello\"}", "'hello'");
  assert_variant_round_trip ("true", 0, "{\"BOOL\":true}", "true");
  assert_variant_round_trip ("int32 -5", 0, "{\"N\":\"-5\"}", "int64 -5");
  assert_variant_round_trip ("byte 200", 0, "{\"N\":\"200\"}", "int64 200");
  assert_variant_round_trip ("uint64 18446744073709551615", 0, "{\"N\":\"18446744073709551615\"}",
                             "uint64 18446744073709551615");
  assert_variant_round_trip ("29.99", 0, "{\"N\":\"29.99\"}", "29.99");
  assert_variant_round_trip ("2.0", 0, "{\"N\":\"2\"}", "int64 2");
  assert_variant_round_trip ("[byte 0x61, 0x62, 0x00, 0x63]", 0, "{\"B\":\"YWIAYw==\"}", "[byte 0x61, 0x62, 0x00, 0x63]");
  assert_variant_round_trip ("objectpath '/org/x'", 0, "{\"S\":\"/org/x\"}", "'/org/x'");
  assert_variant_round_trip ("<<'boxed'>>", 0, "{\"S\":\"boxed\"}", "'boxed'");
  assert_variant_round_trip ("just 'x'", 0, "{\"S\":\"x\"}", "'x'");
  assert_variant_round_trip ("(1, 'a', [true])", 0,
                             "{\"L\":[{\"N\":\"1\"},{\"S\":\"a\"},{\"L\":[{\"BOOL\":true}]}]}",
                             "[<int64 1>, <'a'>, <[<true>]>]");
}

static void
test_variant_nested (void)
{
  assert_variant_round_trip (
    "{'name': <'Widget'>, 'price': <29.99>, 'tags': <['a', 'b']>, 'none': <@mv nothing>,"
    " 'dims': <{'w': <int64 3>, 'list': <[<'x'>, <@ms nothing>, <[1.5, 2.0]>]>}>, 'empty': <@as []>,"
    " 'map': <@a{sv} {}>}",
    0,
    "{\"M\":{\"name\":{\"S\":\"Widget\"},\"price\":{\"N\":\"29.99\"},"
    "\"tags\":{\"L\":[{\"S\":\"a\"},{\"S\":\"b\"}]},\"none\":{\"NULL\":true},"
    "\"dims\":{\"M\":{\"w\":{\"N\":\"3\"},\"list\":{\"L\":[{\"S\":\"x\"},{\"NULL\":true},"
    "{\"L\":[{\"N\":\"1.5\"},{\"N\":\"2\"}]}]}}},\"empty\":{\"L\":[]},\"map\":{\"M\":{}}}}",
    "{'name': <'Widget'>, 'price': <29.99>, 'tags': <[<'a'>, <'b'>]>, 'none': <@mv nothing>, "
    "'dims': <{'w': <int64 3>, 'list': <[<'x'>, <@mv nothing>, <[<1.5>, <int64 2>]>]>}>, "
    "'empty': <@av []>, 'map': <@a{sv} {}>}");
  /* maps with object-path keys; lists of dict entries with other keys */
  assert_variant_round_trip ("{objectpath '/a': 1}", 0, "{\"M\":{\"/a\":{\"N\":\"1\"}}}", "{'/a': <int64 1>}");
  assert_variant_round_trip ("{1: 'one'}", 0, "{\"L\":[{\"L\":[{\"N\":\"1\"},{\"S\":\"one\"}]}]}",
                             "[<[<int64 1>, <'one'>]>]");
}

static void
test_variant_sets (void)
{
  g_auto(GValue) value = G_VALUE_INIT;

  assert_variant_round_trip ("['b', 'a']", DYNANTIC_VALUE_SET, "{\"SS\":[\"b\",\"a\"]}", "['b', 'a']");
  assert_variant_round_trip ("[int64 3, -1]", DYNANTIC_VALUE_SET, "{\"NS\":[\"3\",\"-1\"]}", "[int64 3, -1]");
  assert_variant_round_trip ("[uint32 3, 4]", DYNANTIC_VALUE_SET, "{\"NS\":[\"3\",\"4\"]}", "[int64 3, 4]");
  assert_variant_round_trip ("[0.5, 2.0]", DYNANTIC_VALUE_SET, "{\"NS\":[\"0.5\",\"2\"]}", "[0.5, 2.0]");
  assert_variant_round_trip ("[[byte 0x61], [byte 0x00]]", DYNANTIC_VALUE_SET, "{\"BS\":[\"YQ==\",\"AA==\"]}",
                             "[[byte 0x61], [byte 0x00]]");
  /* a bytestring stays B, set or not */
  assert_variant_round_trip ("[byte 0x61]", DYNANTIC_VALUE_SET, "{\"B\":\"YQ==\"}", "[byte 0x61]");

  g_value_init (&value, G_TYPE_VARIANT);
  g_value_set_variant (&value, g_variant_new_parsed ("@as []"));
  g_assert_true (dynantic_value_is_empty_set (&value, DYNANTIC_VALUE_SET));
  g_assert_false (dynantic_value_is_empty_set (&value, 0));
  assert_write_refused (&value, DYNANTIC_VALUE_SET, DYNANTIC_ERROR_VALIDATION);
  g_value_set_variant (&value, g_variant_new_parsed ("['a']"));
  g_assert_false (dynantic_value_is_empty_set (&value, DYNANTIC_VALUE_SET));
  g_value_set_variant (&value, g_variant_new_parsed ("@aay []"));
  assert_write_refused (&value, DYNANTIC_VALUE_SET, DYNANTIC_ERROR_VALIDATION);
  g_value_set_variant (&value, g_variant_new_parsed ("['a', 'b', 'a']"));
  assert_write_refused (&value, DYNANTIC_VALUE_SET, DYNANTIC_ERROR_VALIDATION);
  g_value_set_variant (&value, g_variant_new_parsed ("[0.0, -0.0]"));
  assert_write_refused (&value, DYNANTIC_VALUE_SET, DYNANTIC_ERROR_VALIDATION);
  g_value_set_variant (&value, g_variant_new_parsed ("[[byte 0x61], [byte 0x61]]"));
  assert_write_refused (&value, DYNANTIC_VALUE_SET, DYNANTIC_ERROR_VALIDATION);
  g_value_set_variant (&value, g_variant_new_parsed ("[true]"));
  assert_write_refused (&value, DYNANTIC_VALUE_SET, DYNANTIC_ERROR_VALIDATION);
}

/* What GVariant has no type for, as the dict entry {TYPE, value}: sets
 * anywhere, and numbers by their exact text. */
static void
test_variant_tagged (void)
{
  g_auto(GValue) value = G_VALUE_INIT;

  assert_variant_round_trip ("{'SS', ['b', 'a']}", 0, "{\"SS\":[\"b\",\"a\"]}", "{'SS', ['b', 'a']}");
  assert_variant_round_trip ("{'NS', [int64 3, -1]}", 0, "{\"NS\":[\"3\",\"-1\"]}", "{'NS', [int64 3, -1]}");
  assert_variant_round_trip ("{'NS', [uint32 3]}", 0, "{\"NS\":[\"3\"]}", "{'NS', [int64 3]}");
  assert_variant_round_trip ("{'NS', ['1.50', '1E+2']}", 0, "{\"NS\":[\"1.50\",\"1E+2\"]}", "{'NS', [1.5, 100.0]}");
  assert_variant_round_trip ("{'BS', [[byte 0x61], [byte 0x00]]}", 0, "{\"BS\":[\"YQ==\",\"AA==\"]}",
                             "{'BS', [[byte 0x61], [byte 0x00]]}");
  assert_variant_round_trip ("{'N', '12345678901234567890123456789012345678'}", 0,
                             "{\"N\":\"12345678901234567890123456789012345678\"}",
                             "{'N', '12345678901234567890123456789012345678'}");
  assert_variant_round_trip ("{'N', '2.5'}", 0, "{\"N\":\"2.5\"}", "2.5");
  assert_variant_round_trip ("{'N', int32 7}", 0, "{\"N\":\"7\"}", "int64 7");
  /* boxed values, and a tagged value as a property declared a set */
  assert_variant_round_trip ("{'SS', <['x']>}", 0, "{\"SS\":[\"x\"]}", "{'SS', ['x']}");
  assert_variant_round_trip ("{'SS', ['x']}", DYNANTIC_VALUE_SET, "{\"SS\":[\"x\"]}", "['x']");
  assert_variant_round_trip ("{'NS', ['1', '0.1000000000000000000001']}", DYNANTIC_VALUE_SET,
                             "{\"NS\":[\"1\",\"0.1000000000000000000001\"]}",
                             "{'NS', ['1', '0.1000000000000000000001']}");
  assert_variant_round_trip ("{'m': <{'NS', [0.5]}>, 'l': <[<{'SS', ['a']}>]>}", 0,
                             "{\"M\":{\"m\":{\"NS\":[\"0.5\"]},\"l\":{\"L\":[{\"SS\":[\"a\"]}]}}}",
                             "{'m': <{'NS', [0.5]}>, 'l': <[<{'SS', ['a']}>]>}");
  /* other dict entries are lists of their key and value */
  assert_variant_round_trip ("{'S', 'x'}", 0, "{\"L\":[{\"S\":\"S\"},{\"S\":\"x\"}]}", "[<'S'>, <'x'>]");

  g_value_init (&value, G_TYPE_VARIANT);
  /* a tag over a value it cannot name, an empty or duplicated set */
  g_value_set_variant (&value, g_variant_new_parsed ("{'SS', [1]}"));
  assert_write_refused (&value, 0, DYNANTIC_ERROR_VALIDATION);
  g_value_set_variant (&value, g_variant_new_parsed ("{'BS', ['a']}"));
  assert_write_refused (&value, 0, DYNANTIC_ERROR_VALIDATION);
  g_value_set_variant (&value, g_variant_new_parsed ("{'N', true}"));
  assert_write_refused (&value, 0, DYNANTIC_ERROR_VALIDATION);
  g_value_set_variant (&value, g_variant_new_parsed ("{'N', 'x'}"));
  assert_write_refused (&value, 0, DYNANTIC_ERROR_VALIDATION);
  g_value_set_variant (&value, g_variant_new_parsed ("{'NS', ['1', '1.0']}"));
  assert_write_refused (&value, 0, DYNANTIC_ERROR_VALIDATION);
  g_value_set_variant (&value, g_variant_new_parsed ("{'m': <{'SS', @as []}>}"));
  assert_write_refused (&value, 0, DYNANTIC_ERROR_VALIDATION);
  /* an empty tagged set is left out of an item, as an empty declared set */
  g_value_set_variant (&value, g_variant_new_parsed ("{'SS', @as []}"));
  g_assert_true (dynantic_value_is_empty_set (&value, 0));
  g_assert_true (dynantic_value_kind_is_absent (DYNANTIC_VALUE_KIND_VARIANT, &value, 0));
  g_value_set_variant (&value, g_variant_new_parsed ("{'N', '1'}"));
  g_assert_false (dynantic_value_is_empty_set (&value, 0));
  g_assert_false (dynantic_value_kind_is_absent (DYNANTIC_VALUE_KIND_VARIANT, &value, 0));
}

static void
assert_variant_read_flags (const char         *json,
                           DynanticValueFlags  flags,
                           const char         *expected)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;

  g_value_init (&value, G_TYPE_VARIANT);
  g_assert_true (read_value (json, &value, flags, &error));
  g_assert_no_error (error);
  assert_variant_is (g_value_get_variant (&value), expected);
  /* and back as read */
  written = write_value (&value, flags, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (written, ==, json);
}

static void
assert_variant_read (const char *json,
                     const char *expected)
{
  assert_variant_read_flags (json, 0, expected);
}

static void
test_variant_read_numbers (void)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  assert_variant_read ("{\"N\":\"-9223372036854775808\"}", "int64 -9223372036854775808");
  assert_variant_read ("{\"N\":\"9223372036854775808\"}", "uint64 9223372036854775808");
  assert_variant_read ("{\"N\":\"-9223372036854775809\"}", "{'N', '-9223372036854775809'}");
  assert_variant_read ("{\"N\":\"0.1\"}", "0.1");
  assert_variant_read ("{\"N\":\"1E+21\"}", "1e+21");
  /* not a double exactly, nor an integer: the exact text, tagged N */
  assert_variant_read ("{\"N\":\"0.1000000000000000000001\"}", "{'N', '0.1000000000000000000001'}");
  assert_variant_read ("{\"N\":\"12345678901234567890123456789012345678\"}",
                       "{'N', '12345678901234567890123456789012345678'}");
  /* sets, which GVariant has no type for: tagged with their DynamoDB type */
  assert_variant_read ("{\"NS\":[\"1\",\"2\"]}", "{'NS', [int64 1, 2]}");
  assert_variant_read ("{\"NS\":[\"1\",\"0.5\"]}", "{'NS', [1.0, 0.5]}");
  assert_variant_read ("{\"NS\":[\"1\",\"0.1000000000000000000001\"]}", "{'NS', ['1', '0.1000000000000000000001']}");
  assert_variant_read ("{\"NS\":[\"18446744073709551615\",\"1\"]}", "{'NS', ['18446744073709551615', '1']}");
  assert_variant_read ("{\"SS\":[\"x\"]}", "{'SS', ['x']}");
  assert_variant_read ("{\"BS\":[\"AA==\"]}", "{'BS', [[byte 0x00]]}");
  /* a property declared a set reads them as plain arrays, save an NS that
   * only strings hold exactly ("as" alone is an SS) */
  assert_variant_read_flags ("{\"SS\":[\"x\"]}", DYNANTIC_VALUE_SET, "['x']");
  assert_variant_read_flags ("{\"NS\":[\"1\",\"2\"]}", DYNANTIC_VALUE_SET, "[int64 1, 2]");
  assert_variant_read_flags ("{\"NS\":[\"0.5\"]}", DYNANTIC_VALUE_SET, "[0.5]");
  assert_variant_read_flags ("{\"NS\":[\"1\",\"0.1000000000000000000001\"]}", DYNANTIC_VALUE_SET,
                             "{'NS', ['1', '0.1000000000000000000001']}");
  assert_variant_read_flags ("{\"BS\":[\"AA==\"]}", DYNANTIC_VALUE_SET, "[[byte 0x00]]");
  /* (inside a map, whatever the flags) */
  g_value_init (&value, G_TYPE_VARIANT);
  g_assert_true (read_value ("{\"M\":{\"s\":{\"SS\":[\"x\"]}}}", &value, DYNANTIC_VALUE_SET, &error));
  g_assert_no_error (error);
  assert_variant_is (g_value_get_variant (&value), "{'s': <{'SS', ['x']}>}");
  g_value_unset (&value);
  assert_variant_read ("{\"L\":[{\"NULL\":true},{\"M\":{\"k\":{\"NULL\":true}}}]}",
                       "[<@mv nothing>, <{'k': <@mv nothing>}>]");

  g_value_init (&value, G_TYPE_VARIANT);
  g_assert_true (read_value ("{\"NULL\":true}", &value, 0, &error));
  g_assert_null (g_value_get_variant (&value));
  g_assert_no_error (error);
  /* a NUL deep inside, in a string or a map key: the response is refused */
  assert_read_refused ("{\"M\":{\"a\":{\"L\":[{\"S\":\"ok\"},{\"S\":\"\\u0000\"},{\"N\":\"1\"}]},\"b\":{\"S\":\"x\"}}}",
                       G_TYPE_VARIANT, 0, DYNANTIC_ERROR_BAD_RESPONSE);
  assert_read_refused ("{\"M\":{\"a\\u0000b\":{\"S\":\"x\"}}}", G_TYPE_VARIANT, 0, DYNANTIC_ERROR_BAD_RESPONSE);
  assert_read_refused ("{\"M\":{\"a\\u0000b\":{\"S\":\"x\"}}}", JSON_TYPE_NODE, 0, DYNANTIC_ERROR_BAD_RESPONSE);
  assert_read_refused ("{\"M\":{\"a\":{\"Q\":1}}}", G_TYPE_VARIANT, 0, DYNANTIC_ERROR_BAD_RESPONSE);
}

/* What reading makes is GVariant's normal form (GLib checks an untrusted
 * copy of its bytes), and writing it back gives @expected (NULL: @json). */
static void
assert_variant_serialized (const char *json,
                           const char *expected)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) untrusted = NULL;
  g_autofree char *written = NULL;
  GVariant *variant;

  g_value_init (&value, G_TYPE_VARIANT);
  g_assert_true (read_value (json, &value, 0, &error));
  g_assert_no_error (error);
  variant = g_value_get_variant (&value);
  untrusted = g_variant_ref_sink (g_variant_new_from_data (g_variant_get_type (variant), g_variant_get_data (variant),
                                                           g_variant_get_size (variant), FALSE, NULL, NULL));
  g_assert_true (g_variant_is_normal_form (untrusted));
  written = write_value (&value, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (written, ==, expected != NULL ? expected : json);
}

/* A list of @n strings of @length bytes each, as JSON. */
static char *
long_list_json (guint n,
                gsize length)
{
  g_autoptr(GString) json = g_string_new ("{\"L\":[");
  g_autofree char *text = g_strnfill (length, 'x');

  for (guint i = 0; i < n; i++)
    g_string_append_printf (json, "%s{\"M\":{\"k%u\":{\"S\":\"%s\"},\"n\":{\"N\":\"%u\"}}}", i ? "," : "", i, text, i);
  g_string_append (json, "]}");
  return g_string_free (g_steal_pointer (&json), FALSE);
}

static void
test_variant_serialized (void)
{
  g_autofree char *one_byte_offsets = long_list_json (3, 10);
  g_autofree char *two_byte_offsets = long_list_json (40, 20);   /* and more than 16 children */
  g_autofree char *four_byte_offsets = long_list_json (2, 70000);
  g_autoptr(GVariant) odd = NULL;
  g_autoptr(GVariant) normal = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  g_autofree char *odd_json = NULL;
  g_autofree char *normal_json = NULL;

  assert_variant_serialized ("{\"L\":[]}", NULL);
  assert_variant_serialized ("{\"M\":{}}", NULL);
  /* sets and exact texts, tagged, inside a list: written back as read */
  assert_variant_serialized ("{\"L\":[{\"S\":\"\"},{\"NULL\":true},{\"BOOL\":false},{\"N\":\"-7\"},{\"N\":\"0.5\"},"
                             "{\"N\":\"18446744073709551615\"},{\"N\":\"0.1000000000000000000001\"},{\"B\":\"AAE=\"},"
                             "{\"L\":[{\"L\":[]}]},{\"SS\":[\"a\",\"\"]},{\"NS\":[\"1\",\"2\"]},{\"NS\":[\"0.5\"]},"
                             "{\"NS\":[\"1\",\"1E+125\"]},{\"BS\":[\"\",\"AA==\"]},"
                             "{\"N\":\"-12345678901234567890123456789012345678\"}]}", NULL);
  assert_variant_serialized ("{\"M\":{\"n\":{\"N\":\"1.5000000000000000000001\"},\"ns\":{\"NS\":[\"99999999999999999999\"]},"
                             "\"ss\":{\"SS\":[\"x\"]},\"bs\":{\"BS\":[\"AA==\"]}}}", NULL);
  assert_variant_serialized ("{\"M\":{\"k\":{\"S\":\"é\"},\"a\":{\"M\":{\"b\":{\"NULL\":true},\"c\":{\"BOOL\":true}}}}}", NULL);
  assert_variant_serialized (one_byte_offsets, NULL);
  assert_variant_serialized (two_byte_offsets, NULL);
  assert_variant_serialized (four_byte_offsets, NULL);

  /* not in normal form (two-byte offsets in a 4-byte array): written as
   * GLib reads it, the same as its normal form */
  odd = g_variant_ref_sink (g_variant_new_from_data (G_VARIANT_TYPE ("as"), "a\0\2\0", 4, FALSE, NULL, NULL));
  g_assert_false (g_variant_is_normal_form (odd));
  normal = g_variant_get_normal_form (odd);
  g_value_init (&value, G_TYPE_VARIANT);
  g_value_set_variant (&value, odd);
  odd_json = write_value (&value, 0, &error);
  g_assert_no_error (error);
  g_value_set_variant (&value, normal);
  normal_json = write_value (&value, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (odd_json, ==, normal_json);
}

static GVariant *
nested_lists (guint levels)
{
  GVariant *variant = g_variant_new_string ("leaf");
  guint i;

  for (i = 0; i < levels; i++)
    variant = g_variant_new_array (G_VARIANT_TYPE_VARIANT, (GVariant *[]) { g_variant_new_variant (variant) }, 1);
  return variant;
}

static void
test_variant_limits (void)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GValue) back = NULL;

  g_value_init (&value, G_TYPE_VARIANT);
  /* DynamoDB takes 31 nested lists, refuses 32 */
  g_value_set_variant (&value, nested_lists (31));
  json = write_value (&value, 0, &error);
  g_assert_no_error (error);
  back = g_new0 (GValue, 1);
  g_value_init (back, G_TYPE_VARIANT);
  g_assert_true (read_value (json, back, 0, &error));
  g_assert_no_error (error);
  g_value_set_variant (&value, nested_lists (32));
  assert_write_refused (&value, 0, DYNANTIC_ERROR_VALIDATION);

  g_value_set_variant (&value, g_variant_new_handle (1));
  assert_write_refused (&value, 0, DYNANTIC_ERROR_VALIDATION);
  g_value_set_variant (&value, g_variant_new_parsed ("{'a': <1>, 'nan': <@d nan>}"));
  assert_write_refused (&value, 0, DYNANTIC_ERROR_VALIDATION);
  g_value_set_variant (&value, g_variant_new_parsed ("@a{sv} [{'a', <1>}, {'a', <2>}]"));
  assert_write_refused (&value, 0, DYNANTIC_ERROR_VALIDATION);
  g_value_set_variant (&value, NULL);
  assert_written (&value, 0, "{\"NULL\":true}");
}

/* 100,000 boxes around a string, or 1,000 maybes (each of a type of its
 * own, which GLib keeps): refused by depth, before the walk goes deeper
 * (the stack overflowed). */
static void
test_variant_deep_write (void)
{
  GVariant *boxes = g_variant_new_string ("x");
  GVariant *maybes = g_variant_new_string ("x");
  g_auto(GValue) value = G_VALUE_INIT;

  for (guint i = 0; i < 100000; i++)
    boxes = g_variant_new_variant (boxes);
  for (guint i = 0; i < 1000; i++)
    maybes = g_variant_new_maybe (NULL, maybes);
  g_value_init (&value, G_TYPE_VARIANT);
  g_value_set_variant (&value, boxes);
  assert_write_refused (&value, 0, DYNANTIC_ERROR_VALIDATION);
  g_value_set_variant (&value, maybes);
  assert_write_refused (&value, 0, DYNANTIC_ERROR_VALIDATION);
  /* as many as DynamoDB's 32 levels of maps and lists need are fine */
  g_value_take_variant (&value, g_variant_ref_sink (nested_lists (31)));
  g_assert_true (dynantic_value_is_empty_set (&value, 0) == FALSE);
  g_free (write_value (&value, 0, NULL));
}

/* Maps and lists nested deeper than DynamoDB's 32 levels, read into a
 * variant or a JSON node: refused as a bad response naming the attribute,
 * before the reader goes deeper; 31 lists are read. */
static void
test_read_too_deep (void)
{
  GType types[] = { G_TYPE_VARIANT, JSON_TYPE_NODE };
  guint depths[] = { 32, 100000 };

  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      g_auto(GValue) value = G_VALUE_INIT;
      g_autoptr(GString) fine = g_string_new (NULL);
      g_autoptr(GError) error = NULL;

      for (guint d = 0; d < G_N_ELEMENTS (depths); d++)
        {
          g_autoptr(GString) json = g_string_new (NULL);

          for (guint i = 0; i < depths[d]; i++)
            g_string_append (json, i % 2 ? "{\"M\":{\"k\":" : "{\"L\":[");
          g_string_append (json, "{\"S\":\"x\"}");
          for (guint i = depths[d]; i-- > 0;)
            g_string_append (json, i % 2 ? "}}" : "]}");
          assert_read_refused (json->str, types[t], 0, DYNANTIC_ERROR_BAD_RESPONSE);
        }
      for (guint i = 0; i < 31; i++)
        g_string_append (fine, "{\"L\":[");
      g_string_append (fine, "{\"S\":\"x\"}");
      for (guint i = 0; i < 31; i++)
        g_string_append (fine, "]}");
      g_value_init (&value, types[t]);
      g_assert_true (read_value (fine->str, &value, 0, &error));
      g_assert_no_error (error);
    }
}

/* ---- JsonNode ---------------------------------------------------------- */

static void
assert_json_round_trip (const char *json,
                        const char *expected_wire,
                        const char *expected_back)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GValue) back = NULL;
  g_autofree char *printed = NULL;

  g_value_init (&value, JSON_TYPE_NODE);
  g_value_set_boxed (&value, node);
  back = round_trip (&value, 0, expected_wire);
  printed = json_to_string (g_value_get_boxed (back), FALSE);
  g_assert_cmpstr (printed, ==, expected_back);
}

static void
test_json_node (void)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GValue) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;

  assert_json_round_trip ("{\"a\":[1,-2.5,true,null,\"s\",{}],\"b\":{\"c\":[]},\"d\":0.1}",
                          "{\"M\":{\"a\":{\"L\":[{\"N\":\"1\"},{\"N\":\"-2.5\"},{\"BOOL\":true},{\"NULL\":true},"
                          "{\"S\":\"s\"},{\"M\":{}}]},\"b\":{\"M\":{\"c\":{\"L\":[]}}},\"d\":{\"N\":\"0.1\"}}}",
                          /* json-glib prints doubles with 17 digits */
                          "{\"a\":[1,-2.5,true,null,\"s\",{}],\"b\":{\"c\":[]},\"d\":0.10000000000000001}");
  assert_json_round_trip ("\"é\"", "{\"S\":\"é\"}", "\"é\"");
  assert_json_round_trip ("9223372036854775807", "{\"N\":\"9223372036854775807\"}", "9223372036854775807");
  /* a double without fraction reads back as an integer */
  assert_json_round_trip ("2.0", "{\"N\":\"2\"}", "2");

  g_value_init (&value, JSON_TYPE_NODE);
  back = round_trip (&value, 0, "{\"NULL\":true}");
  g_assert_null (g_value_get_boxed (back));
  g_value_take_boxed (&value, json_node_init_double (json_node_alloc (), NAN));
  assert_write_refused (&value, 0, DYNANTIC_ERROR_VALIDATION);

  /* what has no JSON twin: sets as arrays, binary as base64 text, big numbers as doubles */
  g_assert_true (read_value ("{\"M\":{\"ss\":{\"SS\":[\"a\"]},\"ns\":{\"NS\":[\"1\",\"1.5\"]},\"bs\":{\"BS\":[\"AA==\"]},"
                             "\"b\":{\"B\":\"AA==\"},\"big\":{\"N\":\"12345678901234567890\"}}}",
                             &value, 0, &error));
  g_assert_no_error (error);
  printed = json_to_string (g_value_get_boxed (&value), FALSE);
  g_assert_cmpstr (printed, ==, "{\"ss\":[\"a\"],\"ns\":[1,1.5],\"bs\":[\"AA==\"],\"b\":\"AA==\",\"big\":1.2345678901234567e+19}");
  assert_read_refused ("{\"L\":[{\"S\":\"a\\u0000\"}]}", JSON_TYPE_NODE, 0, DYNANTIC_ERROR_BAD_RESPONSE);
}

/* Reads @json into a JsonNode value with its shape. */
static DynanticValueShape *
read_shaped (const char *json,
             GValue     *value)
{
  g_autofree char *copy = g_strdup (json);
  g_autoptr(GError) error = NULL;
  DynanticValueShape *shape = NULL;
  DynanticJsonReader reader;

  g_value_init (value, JSON_TYPE_NODE);
  dynantic_json_reader_init (&reader, copy, strlen (copy));
  g_assert_true (dynantic_value_read_kind (&reader, "attr", DYNANTIC_VALUE_KIND_JSON_NODE, value, 0, &shape, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dynantic_json_reader_next (&reader), ==, DYNANTIC_JSON_END);
  dynantic_json_reader_clear (&reader);
  return shape;
}

static char *
write_shaped (const GValue             *value,
              const DynanticValueShape *shape)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  DynanticJsonWriter writer;

  dynantic_json_writer_init (&writer, out);
  g_assert_true (dynantic_value_write_kind (&writer, "attr", DYNANTIC_VALUE_KIND_JSON_NODE, value, 0, shape, 0, &error));
  g_assert_no_error (error);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define SHAPED_MAP "{\"M\":{\"ss\":{\"SS\":[\"b\",\"a\"]},\"ns\":{\"NS\":[\"1\",\"0.1000000000000000000001\",\"2.5\"]}," \
                   "\"bs\":{\"BS\":[\"AA==\",\"/w==\"]},\"b\":{\"B\":\"AAE=\"}," \
                   "\"big\":{\"N\":\"12345678901234567890123456789012345678\"},\"n\":{\"N\":\"0.5\"},\"s\":{\"S\":\"AAE=\"}," \
                   "\"l\":{\"L\":[{\"SS\":[\"x\"]},{\"B\":\"AQ==\"},{\"N\":\"-99999999999999999999999\"}," \
                   "{\"M\":{\"d\":{\"BS\":[\"/g==\"]}}}]}}}"

/* What JSON has no twin for is written back as it was read: unchanged,
 * after changes elsewhere in the value, and in copies of the node. */
static void
test_json_node_shape (void)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_auto(GValue) copy = G_VALUE_INIT;
  g_autoptr(DynanticValueShape) shape = read_shaped (SHAPED_MAP, &value);
  g_autofree char *unchanged = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *plain = NULL;
  JsonObject *object;
  JsonArray *list;

  g_assert_nonnull (shape);
  unchanged = write_shaped (&value, shape);
  g_assert_cmpstr (unchanged, ==, SHAPED_MAP);

  /* a copy of the node (what g_object_get() gives) shares its parts */
  g_value_init (&copy, JSON_TYPE_NODE);
  g_value_copy (&value, &copy);
  copied = write_shaped (&copy, shape);
  g_assert_cmpstr (copied, ==, SHAPED_MAP);

  /* without its shape: JSON's own mapping */
  plain = write_shaped (&value, NULL);
  g_assert_cmpstr (plain, ==, "{\"M\":{\"ss\":{\"L\":[{\"S\":\"b\"},{\"S\":\"a\"}]},"
                              "\"ns\":{\"L\":[{\"N\":\"1\"},{\"N\":\"0.1\"},{\"N\":\"2.5\"}]},"
                              "\"bs\":{\"L\":[{\"S\":\"AA==\"},{\"S\":\"/w==\"}]},\"b\":{\"S\":\"AAE=\"},"
                              "\"big\":{\"N\":\"1.2345678901234568E+37\"},\"n\":{\"N\":\"0.5\"},\"s\":{\"S\":\"AAE=\"},"
                              "\"l\":{\"L\":[{\"L\":[{\"S\":\"x\"}]},{\"S\":\"AQ==\"},{\"N\":\"-1E+23\"},"
                              "{\"M\":{\"d\":{\"L\":[{\"S\":\"/g==\"}]}}}]}}}");

  /* changed in place: a member added, a set grown, another given a
   * duplicate (no longer a set: a list), a number and a binary string
   * changed (their own texts), a list item replaced */
  object = json_node_get_object (g_value_get_boxed (&copy));
  json_object_set_string_member (object, "added", "new");
  json_array_add_string_element (json_node_get_array (json_object_get_member (object, "ss")), "c");
  json_array_add_string_element (json_node_get_array (json_object_get_member (object, "bs")), "AA==");
  json_node_set_double (json_object_get_member (object, "big"), 1.5);
  json_node_set_string (json_object_get_member (object, "b"), "not base64!");
  list = json_node_get_array (json_object_get_member (object, "l"));
  json_array_remove_element (list, 0);
  json_array_add_string_element (list, "end");
  changed = write_shaped (&value, shape);
  g_assert_cmpstr (changed, ==, "{\"M\":{\"ss\":{\"SS\":[\"b\",\"a\",\"c\"]},"
                                "\"ns\":{\"NS\":[\"1\",\"0.1000000000000000000001\",\"2.5\"]},"
                                "\"bs\":{\"L\":[{\"S\":\"AA==\"},{\"S\":\"/w==\"},{\"S\":\"AA==\"}]},"
                                "\"b\":{\"S\":\"not base64!\"},\"big\":{\"N\":\"1.5\"},\"n\":{\"N\":\"0.5\"},"
                                "\"s\":{\"S\":\"AAE=\"},\"l\":{\"L\":[{\"B\":\"AQ==\"},{\"N\":\"-99999999999999999999999\"},"
                                "{\"M\":{\"d\":{\"BS\":[\"/g==\"]}}},{\"S\":\"end\"}]},\"added\":{\"S\":\"new\"}}}");
}

/* The value itself: a set (by its array, which copies share), binary and
 * exact numbers (by what they hold). */
static void
test_json_node_shape_top_level (void)
{
  const char *cases[] = {
    "{\"SS\":[\"x\",\"y\"]}", "{\"NS\":[\"1\",\"12345678901234567890123\"]}", "{\"BS\":[\"AA==\"]}",
    "{\"B\":\"AAE=\"}", "{\"N\":\"3.1415926535897932384626433832795028841\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;
      g_auto(GValue) copy = G_VALUE_INIT;
      g_autoptr(DynanticValueShape) shape = read_shaped (cases[i], &value);
      g_autofree char *written = NULL;

      g_assert_nonnull (shape);
      g_value_init (&copy, JSON_TYPE_NODE);
      g_value_take_boxed (&copy, json_node_copy (g_value_get_boxed (&value)));
      written = write_shaped (&copy, shape);
      g_assert_cmpstr (written, ==, cases[i]);
    }
}

/* A variant read with its shape is written back as the very text it was
 * read from while it is that variant; any other variant by its type. */
static void
test_variant_shape (void)
{
  const char *json = "{\"L\":[{\"N\":\"1.50\"},{\"SS\":[\"b\",\"a\"]},{\"M\":{\"k\":{\"S\":\"\\u00e9\"}}}]}";
  g_autofree char *copy = g_strdup (json);
  g_autoptr(DynanticValueShape) shape = NULL;
  g_autoptr(GString) same = g_string_new (NULL);
  g_autoptr(GString) other = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  g_auto(GValue) rebuilt = G_VALUE_INIT;
  DynanticJsonReader reader;
  DynanticJsonWriter writer;

  g_value_init (&value, G_TYPE_VARIANT);
  dynantic_json_reader_init (&reader, copy, strlen (copy));
  g_assert_true (dynantic_value_read_kind (&reader, "attr", DYNANTIC_VALUE_KIND_VARIANT, &value, 0, &shape, 0, &error));
  g_assert_no_error (error);
  dynantic_json_reader_clear (&reader);
  g_assert_nonnull (shape);

  dynantic_json_writer_init (&writer, same);
  g_assert_true (dynantic_value_write_kind (&writer, "attr", DYNANTIC_VALUE_KIND_VARIANT, &value, 0, shape, 0, &error));
  g_assert_cmpstr (same->str, ==, json);

  /* an equal variant, but another one: written from its type */
  g_value_init (&rebuilt, G_TYPE_VARIANT);
  g_value_take_variant (&rebuilt, g_variant_new_parsed ("[<1.5>, <{'SS', ['b', 'a']}>, <{'k': <'\u00e9'>}>]"));
  dynantic_json_writer_init (&writer, other);
  g_assert_true (dynantic_value_write_kind (&writer, "attr", DYNANTIC_VALUE_KIND_VARIANT, &rebuilt, 0, shape, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (other->str, ==, "{\"L\":[{\"N\":\"1.5\"},{\"SS\":[\"b\",\"a\"]},{\"M\":{\"k\":{\"S\":\"\u00e9\"}}}]}");
}

/* A set's array given what DynamoDB cannot hold: refused, nothing written. */
static void
test_json_node_shape_refused (void)
{
  const char *cases[] = { "{\"SS\":[\"x\"]}", "{\"NS\":[\"1\"]}" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;
      g_autoptr(DynanticValueShape) shape = read_shaped (cases[i], &value);
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      JsonArray *array = json_node_get_array (g_value_get_boxed (&value));
      DynanticJsonWriter writer;

      if (i == 0)
        json_array_add_string_element (array, "\xff");
      else
        json_array_add_double_element (array, NAN);
      dynantic_json_writer_init (&writer, out);
      g_assert_false (dynantic_value_write_kind (&writer, "attr", DYNANTIC_VALUE_KIND_JSON_NODE, &value, 0, shape, 0, &error));
      g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
      g_assert_cmpuint (out->len, ==, 0);
    }
}

/* A JsonNode of arrays nested 100,000 deep, of objects 2,000 deep (as deep
 * as json-glib frees them): refused by DynamoDB's 32 levels before the walk
 * goes deeper. */
static void
test_json_node_deep_write (void)
{
  for (guint kind = 0; kind < 2; kind++)
    {
      JsonNode *node = json_node_new (JSON_NODE_NULL);
      g_auto(GValue) value = G_VALUE_INIT;

      for (guint i = 0; i < (kind == 0 ? 100000 : 2000); i++)
        {
          JsonNode *container = json_node_alloc ();

          if (kind == 0)
            {
              JsonArray *array = json_array_new ();

              json_array_add_element (array, node);
              json_node_take_array (json_node_init (container, JSON_NODE_ARRAY), array);
            }
          else
            {
              JsonObject *object = json_object_new ();

              json_object_set_member (object, "k", node);
              json_node_take_object (json_node_init (container, JSON_NODE_OBJECT), object);
            }
          node = container;
        }
      g_value_init (&value, JSON_TYPE_NODE);
      g_value_take_boxed (&value, node);
      assert_write_refused (&value, 0, DYNANTIC_ERROR_VALIDATION);
    }
}

/* Map keys DynamoDB refuses: empty, or longer than 64 KB; a map of
 * GVariant or JsonNode. */
static void
test_map_keys_refused (void)
{
  g_autofree char *long_key = g_strnfill (65537, 'k');
  g_autofree char *longest_key = g_strnfill (65536, 'k');
  const char *bad[] = { "", long_key };
  g_auto(GValue) value = G_VALUE_INIT;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      GVariantBuilder builder;

      g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sv}"));
      g_variant_builder_add (&builder, "{sv}", bad[i], g_variant_new_int32 (1));
      g_value_init (&value, G_TYPE_VARIANT);
      g_value_set_variant (&value, g_variant_builder_end (&builder));
      assert_write_refused (&value, 0, DYNANTIC_ERROR_VALIDATION);
      g_value_unset (&value);

      json_object_set_int_member (object, "ok", 1);
      json_object_set_int_member (object, bad[i], 1);
      g_value_init (&value, JSON_TYPE_NODE);
      g_value_take_boxed (&value, json_node_init_object (json_node_alloc (), object));
      assert_write_refused (&value, 0, DYNANTIC_ERROR_VALIDATION);
      g_value_unset (&value);
    }
  /* 64 KB is fine */
  g_value_init (&value, G_TYPE_VARIANT);
  g_value_set_variant (&value, g_variant_new_parsed ("{%s: <1>}", longest_key));
  g_free (write_value (&value, 0, NULL));
}

/* What JSON says exactly needs no shape. */
static void
test_json_node_no_shape (void)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(DynanticValueShape) shape = read_shaped ("{\"M\":{\"a\":{\"N\":\"420.5\"},\"b\":{\"L\":[{\"S\":\"x\"},"
                                                     "{\"N\":\"123456789012345\"},{\"NULL\":true},{\"BOOL\":true}]}}}",
                                                     &value);

  g_assert_null (shape);
}

/* Objects are written in insertion order, small ones (found through a
 * table of their nodes) and large ones, after a member was replaced and
 * one removed. */
static void
test_json_node_member_order (void)
{
  g_autoptr(JsonObject) small = json_object_new ();
  g_autoptr(JsonObject) large = json_object_new ();
  g_autoptr(GString) expected = g_string_new ("{\"M\":{");
  g_auto(GValue) value = G_VALUE_INIT;

  json_object_set_int_member (small, "zeta", 1);
  json_object_set_string_member (small, "alpha", "a");
  json_object_set_boolean_member (small, "mid", TRUE);
  json_object_set_int_member (small, "gone", 0);
  json_object_set_string_member (small, "zeta", "replaced");
  json_object_remove_member (small, "gone");
  json_object_set_null_member (small, "b");
  g_value_init (&value, JSON_TYPE_NODE);
  g_value_take_boxed (&value, json_node_init_object (json_node_alloc (), small));
  assert_written (&value, 0, "{\"M\":{\"zeta\":{\"S\":\"replaced\"},\"alpha\":{\"S\":\"a\"},"
                             "\"mid\":{\"BOOL\":true},\"b\":{\"NULL\":true}}}");

  for (guint i = 0; i < 17; i++)
    {
      g_autofree char *name = g_strdup_printf ("m%u", (i * 7) % 17);

      json_object_set_int_member (large, name, i);
      g_string_append_printf (expected, "%s\"%s\":{\"N\":\"%u\"}", i == 0 ? "" : ",", name, i);
    }
  g_string_append (expected, "}}");
  g_value_take_boxed (&value, json_node_init_object (json_node_alloc (), large));
  assert_written (&value, 0, expected->str);
}

/* Scalar members of an M of every kind, and bad scalars inside an M; a
 * key twice is refused (DynamoDB never sends one), into a JSON node or a
 * variant. */
static void
test_json_node_map_members (void)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;

  g_value_init (&value, JSON_TYPE_NODE);
  g_assert_true (read_value ("{\"M\":{\"t\":{\"BOOL\":false},\"n\":{\"NULL\":true},\"x\":{\"S\":\"again\"},"
                             "\"f\":{\"N\":\"-2.5\"},\"b\":{\"B\":\"AA==\"},\"i\":{\"N\":\"1\"},"
                             "\"s\":{\"S\":\"\u00e9\"},\"l\":{\"L\":[]}}}",
                             &value, 0, &error));
  g_assert_no_error (error);
  printed = json_to_string (g_value_get_boxed (&value), FALSE);
  g_assert_cmpstr (printed, ==, "{\"t\":false,\"n\":null,\"x\":\"again\",\"f\":-2.5,\"b\":\"AA==\",\"i\":1,\"s\":\"\u00e9\",\"l\":[]}");

  assert_read_refused ("{\"M\":{\"x\":{\"N\":\"1\"},\"y\":{\"L\":[]},\"x\":{\"S\":\"again\"}}}", JSON_TYPE_NODE, 0,
                       DYNANTIC_ERROR_BAD_RESPONSE);
  assert_read_refused ("{\"L\":[{\"M\":{\"x\":{\"M\":{}},\"x\":{\"M\":{}}}}]}", JSON_TYPE_NODE, 0, DYNANTIC_ERROR_BAD_RESPONSE);
  assert_read_refused ("{\"M\":{\"x\":{\"N\":\"1\"},\"y\":{\"L\":[]},\"x\":{\"S\":\"again\"}}}", G_TYPE_VARIANT, 0,
                       DYNANTIC_ERROR_BAD_RESPONSE);
  assert_read_refused ("{\"M\":{\"a\":{\"S\":\"a\\u0000\"}}}", JSON_TYPE_NODE, 0, DYNANTIC_ERROR_BAD_RESPONSE);
  assert_read_refused ("{\"M\":{\"a\":{\"N\":\"1x\"}}}", JSON_TYPE_NODE, 0, DYNANTIC_ERROR_BAD_RESPONSE);
  assert_read_refused ("{\"M\":{\"a\":{\"BOOL\":1}}}", JSON_TYPE_NODE, 0, DYNANTIC_ERROR_BAD_RESPONSE);
  assert_read_refused ("{\"M\":{\"a\":{\"NULL\":false}}}", JSON_TYPE_NODE, 0, DYNANTIC_ERROR_BAD_RESPONSE);
}

/* Map keys are kept on the stack up to 63 bytes, longer ones on the heap:
 * each size reads back whole, as a JsonNode object and as an a{sv}. */
static void
test_map_key_lengths (void)
{
  static const gsize lengths[] = { 0, 1, 63, 64, 65, 200 };

  for (gsize i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      g_autofree char *key = g_strnfill (lengths[i], 'k');
      g_autofree char *json = g_strdup_printf ("{\"M\":{\"%s\":{\"N\":\"1\"},\"z\":{\"S\":\"%s\"}}}", key, key);
      g_auto(GValue) node = G_VALUE_INIT;
      g_auto(GValue) variant = G_VALUE_INIT;
      g_autoptr(GError) error = NULL;
      g_autoptr(GVariant) member = NULL;
      JsonObject *object;

      g_value_init (&node, JSON_TYPE_NODE);
      g_assert_true (read_value (json, &node, 0, &error));
      g_assert_no_error (error);
      object = json_node_get_object (g_value_get_boxed (&node));
      g_assert_cmpuint (json_object_get_size (object), ==, 2);
      g_assert_cmpint (json_object_get_int_member (object, key), ==, 1);
      g_assert_cmpstr (json_object_get_string_member (object, "z"), ==, key);

      g_value_init (&variant, G_TYPE_VARIANT);
      g_assert_true (read_value (json, &variant, 0, &error));
      g_assert_no_error (error);
      member = g_variant_lookup_value (g_value_get_variant (&variant), key, G_VARIANT_TYPE_INT64);
      g_assert_nonnull (member);
      g_assert_cmpint (g_variant_get_int64 (member), ==, 1);
    }
  /* a long key kept when the member after it is malformed is freed (ASan) */
  assert_read_refused ("{\"M\":{\"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\":[]}}",
                       JSON_TYPE_NODE, 0, DYNANTIC_ERROR_BAD_RESPONSE);
}

/* ---- Reading: positions, mismatches, malformed AttributeValues --------- */

static void
test_read_keeps_position (void)
{
  const char json[] = "{\"a\":{\"S\":\"text\"},\"b\":{\"M\":{\"x\":{\"L\":[{\"N\":\"1\"}]}}},\"c\":{\"N\":\"300\"},\"d\":{\"N\":\"7\"}}";
  g_auto(GValue) number = G_VALUE_INIT;
  g_autoptr(GError) first = NULL;
  g_autoptr(GError) second = NULL;
  g_autoptr(GError) third = NULL;
  DynanticJsonReader reader;

  g_value_init (&number, G_TYPE_UCHAR);
  dynantic_json_reader_init (&reader, json, strlen (json));
  g_assert_cmpint (dynantic_json_reader_next (&reader), ==, DYNANTIC_JSON_BEGIN_OBJECT);
  g_assert_cmpint (dynantic_json_reader_next (&reader), ==, DYNANTIC_JSON_MEMBER);
  g_assert_false (dynantic_value_read (&reader, "a", &number, 0, &first));
  g_assert_error (first, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  g_assert_cmpint (dynantic_json_reader_next (&reader), ==, DYNANTIC_JSON_MEMBER);
  g_assert_false (dynantic_value_read (&reader, "b", &number, 0, &second));
  g_assert_error (second, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  g_assert_cmpint (dynantic_json_reader_next (&reader), ==, DYNANTIC_JSON_MEMBER);
  g_assert_false (dynantic_value_read (&reader, "c", &number, 0, &third));
  g_assert_cmpstr (dynantic_error_get_fields (third)[0], ==, "c");
  g_assert_cmpint (dynantic_json_reader_next (&reader), ==, DYNANTIC_JSON_MEMBER);
  g_assert_true (dynantic_value_read (&reader, "d", &number, 0, NULL));
  g_assert_cmpuint (g_value_get_uchar (&number), ==, 7);
  g_assert_cmpint (dynantic_json_reader_next (&reader), ==, DYNANTIC_JSON_END_OBJECT);
  g_assert_cmpint (dynantic_json_reader_next (&reader), ==, DYNANTIC_JSON_END);
  dynantic_json_reader_clear (&reader);
}

static void
test_read_malformed (void)
{
  static const char *const bad[] = {
    "", "null", "\"S\"", "[]", "{}", "{\"X\":\"1\"}", "{\"s\":\"1\"}", "{\"S\":\"a\",\"N\":\"1\"}", "{\"S\":1}",
    "{\"S\":null}", "{\"BOOL\":\"true\"}", "{\"NULL\":false}", "{\"NULL\":1}", "{\"M\":[]}", "{\"L\":{}}",
    "{\"L\":[{\"S\":\"a\"},]}", "{\"M\":{\"a\":1}}", "{\"M\":{\"a\":{}}}", "{\"SS\":[null]}", "{\"S\":\"a\"",
    "{\"S\":\"\\ud800\"}", "{\"B\":\"****\"}",
  };
  const GType types[] = {
    G_TYPE_STRING, G_TYPE_INT, G_TYPE_DOUBLE, G_TYPE_BOOLEAN, G_TYPE_VARIANT, G_TYPE_STRV, G_TYPE_BYTES,
    G_TYPE_DATE_TIME, G_TYPE_INVALID,
  };
  guint i, t;

  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    for (t = 0; types[t] != G_TYPE_INVALID; t++)
      {
        g_auto(GValue) value = G_VALUE_INIT;
        g_autoptr(GError) error = NULL;

        g_value_init (&value, types[t]);
        /* a malformed value may also be a mismatch for some types; never a success */
        g_assert_false (read_value (bad[i], &value, 0, &error));
        g_assert_nonnull (error);
        g_assert_true (error->domain == DYNANTIC_ERROR);
        g_assert_true (error->code == DYNANTIC_ERROR_BAD_RESPONSE || error->code == DYNANTIC_ERROR_VALIDATION);
      }
  assert_read_refused ("{\"X\":\"1\"}", G_TYPE_STRING, 0, DYNANTIC_ERROR_BAD_RESPONSE);
  assert_read_refused ("{\"S\":\"a\",\"S\":\"b\"}", G_TYPE_STRING, 0, DYNANTIC_ERROR_BAD_RESPONSE);
  assert_read_refused ("{\"NULL\":false}", G_TYPE_STRING, 0, DYNANTIC_ERROR_BAD_RESPONSE);
  assert_read_refused ("{\"M\":{\"a\":1}}", JSON_TYPE_NODE, 0, DYNANTIC_ERROR_BAD_RESPONSE);
}

static void
test_null (void)
{
  const GType scalars[] = { G_TYPE_BOOLEAN, G_TYPE_INT, G_TYPE_UINT64, G_TYPE_DOUBLE, G_TYPE_FLOAT };
  const GType pointers[] = { G_TYPE_STRING, G_TYPE_BYTES, G_TYPE_DATE_TIME, G_TYPE_STRV, G_TYPE_VARIANT };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (scalars); i++)
    assert_read_refused ("{\"NULL\":true}", scalars[i], 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"NULL\":true}", color_get_type (), 0, DYNANTIC_ERROR_VALIDATION);
  assert_read_refused ("{\"NULL\":true}", access_get_type (), 0, DYNANTIC_ERROR_VALIDATION);
  for (i = 0; i < G_N_ELEMENTS (pointers); i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;
      g_autoptr(GError) error = NULL;

      g_value_init (&value, pointers[i]);
      g_assert_true (read_value ("{\"NULL\":true}", &value, 0, &error));
      g_assert_no_error (error);
      g_assert_null (g_value_peek_pointer (&value));
    }
}

/* ---- Types ------------------------------------------------------------- */

static void
test_supported_types (void)
{
  const GType supported[] = {
    G_TYPE_STRING, G_TYPE_BOOLEAN, G_TYPE_CHAR, G_TYPE_UCHAR, G_TYPE_INT, G_TYPE_UINT, G_TYPE_LONG,
    G_TYPE_ULONG, G_TYPE_INT64, G_TYPE_UINT64, G_TYPE_FLOAT, G_TYPE_DOUBLE, G_TYPE_BYTES,
    G_TYPE_DATE_TIME, G_TYPE_STRV, G_TYPE_VARIANT,
  };
  const GType unsupported[] = {
    G_TYPE_POINTER, G_TYPE_OBJECT, G_TYPE_GTYPE, G_TYPE_PARAM, G_TYPE_HASH_TABLE, G_TYPE_ERROR, G_TYPE_INTERFACE,
  };
  g_auto(GValue) pointer = G_VALUE_INIT;
  g_auto(GValue) integer = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (supported); i++)
    g_assert_true (dynantic_value_type_is_supported (supported[i], DYNANTIC_VALUE_DEFAULT));
  g_assert_true (dynantic_value_type_is_supported (color_get_type (), 0));
  g_assert_true (dynantic_value_type_is_supported (access_get_type (), DYNANTIC_VALUE_SET));
  g_assert_true (dynantic_value_type_is_supported (JSON_TYPE_NODE, 0));
  for (i = 0; i < G_N_ELEMENTS (unsupported); i++)
    g_assert_false (dynantic_value_type_is_supported (unsupported[i], DYNANTIC_VALUE_DEFAULT));

  /* flags only where they mean something */
  g_assert_true (dynantic_value_type_is_supported (G_TYPE_STRING, DYNANTIC_VALUE_NUMBER_STRING));
  g_assert_true (dynantic_value_type_is_supported (G_TYPE_INT64, DYNANTIC_VALUE_EPOCH_SECONDS));
  g_assert_true (dynantic_value_type_is_supported (G_TYPE_DATE_TIME, DYNANTIC_VALUE_EPOCH_SECONDS));
  g_assert_true (dynantic_value_type_is_supported (G_TYPE_STRV, DYNANTIC_VALUE_SET | DYNANTIC_VALUE_NUMBER_STRING));
  g_assert_false (dynantic_value_type_is_supported (G_TYPE_STRING, DYNANTIC_VALUE_SET));
  g_assert_false (dynantic_value_type_is_supported (G_TYPE_INT, DYNANTIC_VALUE_SET));
  g_assert_false (dynantic_value_type_is_supported (G_TYPE_INT, DYNANTIC_VALUE_NUMBER_STRING));
  g_assert_false (dynantic_value_type_is_supported (G_TYPE_DOUBLE, DYNANTIC_VALUE_EPOCH_SECONDS));
  g_assert_false (dynantic_value_type_is_supported (G_TYPE_BYTES, DYNANTIC_VALUE_SET));

  g_value_init (&pointer, G_TYPE_POINTER);
  assert_write_refused (&pointer, 0, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_value_init (&integer, G_TYPE_INT);
  assert_write_refused (&integer, DYNANTIC_VALUE_SET, DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_assert_false (read_value ("{\"N\":\"1\"}", &pointer, 0, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT);
}

/* ---- The writer around failures ---------------------------------------- */

static void
test_write_failure_leaves_nothing (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(GValue) good = G_VALUE_INIT;
  g_auto(GValue) deep = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  DynanticJsonWriter writer;

  g_value_init (&good, G_TYPE_INT);
  g_value_set_int (&good, 1);
  g_value_init (&deep, G_TYPE_VARIANT);
  /* fails half-way, after writing 31 levels */
  g_value_set_variant (&deep, nested_lists (32));

  dynantic_json_writer_init (&writer, out);
  dynantic_json_writer_begin_array (&writer);
  g_assert_true (dynantic_value_write (&writer, "a", &good, 0, NULL));
  g_assert_false (dynantic_value_write (&writer, "b", &deep, 0, &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION);
  g_assert_true (dynantic_value_write (&writer, "c", &good, 0, NULL));
  dynantic_json_writer_end_array (&writer);
  g_assert_cmpstr (out->str, ==, "[{\"N\":\"1\"},{\"N\":\"1\"}]");
}

/* dynantic_number_to_double() is g_ascii_strtod(), bit for bit, on both
 * sides of its fast path's limits (15 digits, 10^+-22) and on random
 * decimals within and around them. */
static void
assert_to_double_is_strtod (const char *text)
{
  DynanticDecimal decimal;
  double fast, expected;

  g_assert_cmpint (dynantic_number_parse (text, strlen (text), &decimal), !=, DYNANTIC_NUMBER_SYNTAX);
  fast = dynantic_number_to_double (text, &decimal);
  expected = g_ascii_strtod (text, NULL);
  if (memcmp (&fast, &expected, sizeof fast) != 0)
    g_error ("%s: %.17g instead of %.17g", text, fast, expected);
}

static void
test_number_to_double (void)
{
  static const char *const texts[] = {
    "0", "-0", "0.0", "1", "-1", "0.1", "129.99", "420.5", "-3.14159", "1e22", "1e23", "-1e-22",
    "1e-23", "123456789012345", "1234567890123456", "9007199254740993", "0.000000000000000000001",
    "999999999999999e22", "999999999999999e-22", "1.7976931348623157e308", "5e-324", "2.2250738585072014e-308",
    "+5", ".5", "5.", "007", "1E2", "12345678901234567890123456789012345678", "0.30000000000000004",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    assert_to_double_is_strtod (texts[i]);
  for (int i = 0; i < 20000; i++)
    {
      char text[64];
      int n_digits = g_test_rand_int_range (1, 18);
      int at = 0;

      if (g_test_rand_bit ())
        text[at++] = '-';
      for (int d = 0; d < n_digits; d++)
        text[at++] = (char) ('0' + g_test_rand_int_range (d == 0 ? 1 : 0, 10));
      g_snprintf (text + at, sizeof text - at, "e%d", g_test_rand_int_range (-40, 30));
      assert_to_double_is_strtod (text);
    }
}

/* The kind resolved once says what the GType questions said. */
static void
test_value_kinds (void)
{
  g_assert_cmpint (dynantic_value_kind_of (G_TYPE_STRING, DYNANTIC_VALUE_NUMBER_STRING), ==, DYNANTIC_VALUE_KIND_STRING);
  g_assert_cmpint (dynantic_value_kind_of (G_TYPE_BOOLEAN, 0), ==, DYNANTIC_VALUE_KIND_BOOLEAN);
  g_assert_cmpint (dynantic_value_kind_of (G_TYPE_CHAR, 0), ==, DYNANTIC_VALUE_KIND_CHAR);
  g_assert_cmpint (dynantic_value_kind_of (G_TYPE_UINT64, DYNANTIC_VALUE_EPOCH_SECONDS), ==, DYNANTIC_VALUE_KIND_UINT64);
  g_assert_cmpint (dynantic_value_kind_of (G_TYPE_FLOAT, 0), ==, DYNANTIC_VALUE_KIND_FLOAT);
  g_assert_cmpint (dynantic_value_kind_of (color_get_type (), 0), ==, DYNANTIC_VALUE_KIND_ENUM);
  g_assert_cmpint (dynantic_value_kind_of (access_get_type (), DYNANTIC_VALUE_SET), ==, DYNANTIC_VALUE_KIND_FLAGS);
  g_assert_cmpint (dynantic_value_kind_of (G_TYPE_VARIANT, DYNANTIC_VALUE_SET), ==, DYNANTIC_VALUE_KIND_VARIANT);
  g_assert_cmpint (dynantic_value_kind_of (G_TYPE_STRV, DYNANTIC_VALUE_SET | DYNANTIC_VALUE_NUMBER_STRING), ==, DYNANTIC_VALUE_KIND_STRV);
  g_assert_cmpint (dynantic_value_kind_of (G_TYPE_BYTES, 0), ==, DYNANTIC_VALUE_KIND_BYTES);
  g_assert_cmpint (dynantic_value_kind_of (G_TYPE_DATE_TIME, DYNANTIC_VALUE_EPOCH_SECONDS), ==, DYNANTIC_VALUE_KIND_DATE_TIME);
  g_assert_cmpint (dynantic_value_kind_of (JSON_TYPE_NODE, 0), ==, DYNANTIC_VALUE_KIND_JSON_NODE);
  g_assert_cmpint (dynantic_value_kind_of (G_TYPE_INT, DYNANTIC_VALUE_SET), ==, DYNANTIC_VALUE_KIND_UNSUPPORTED);
  g_assert_cmpint (dynantic_value_kind_of (G_TYPE_BYTES, DYNANTIC_VALUE_SET), ==, DYNANTIC_VALUE_KIND_UNSUPPORTED);
  g_assert_cmpint (dynantic_value_kind_of (G_TYPE_OBJECT, 0), ==, DYNANTIC_VALUE_KIND_UNSUPPORTED);
  g_assert_cmpint (dynantic_value_kind_of (G_TYPE_POINTER, 0), ==, DYNANTIC_VALUE_KIND_UNSUPPORTED);
}

static gboolean
absent_by_kind (const GValue       *value,
                DynanticValueFlags  flags)
{
  return dynantic_value_kind_is_absent (dynantic_value_kind_of (G_VALUE_TYPE (value), flags), value, flags);
}

/* Absent means NULL or an empty set, exactly as dynantic_value_is_empty_set()
 * and a NULL pointer say. */
static void
test_value_kind_absent (void)
{
  const char *empty[] = { NULL };
  const char *one[] = { "a", NULL };
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (absent_by_kind (&value, 0));
  g_value_set_string (&value, "");
  g_assert_false (absent_by_kind (&value, 0));
  g_value_unset (&value);

  g_value_init (&value, G_TYPE_STRV);
  g_assert_true (absent_by_kind (&value, 0));
  g_value_set_boxed (&value, empty);
  g_assert_false (absent_by_kind (&value, 0));
  g_assert_true (absent_by_kind (&value, DYNANTIC_VALUE_SET));
  g_value_set_boxed (&value, one);
  g_assert_false (absent_by_kind (&value, DYNANTIC_VALUE_SET));
  g_value_unset (&value);

  g_value_init (&value, G_TYPE_VARIANT);
  g_assert_true (absent_by_kind (&value, DYNANTIC_VALUE_SET));
  g_value_set_variant (&value, g_variant_new_strv (NULL, 0));
  g_assert_false (absent_by_kind (&value, 0));
  g_assert_true (absent_by_kind (&value, DYNANTIC_VALUE_SET));
  g_assert_true (dynantic_value_is_empty_set (&value, DYNANTIC_VALUE_SET));
  g_value_set_variant (&value, g_variant_new_bytestring (""));
  g_assert_false (absent_by_kind (&value, DYNANTIC_VALUE_SET));
  g_value_unset (&value);

  g_value_init (&value, access_get_type ());
  g_assert_true (absent_by_kind (&value, 0));
  g_value_set_flags (&value, 1);
  g_assert_false (absent_by_kind (&value, DYNANTIC_VALUE_SET));
  g_value_unset (&value);

  g_value_init (&value, G_TYPE_BYTES);
  g_assert_true (absent_by_kind (&value, 0));
  g_value_take_boxed (&value, g_bytes_new ("x", 1));
  g_assert_false (absent_by_kind (&value, 0));
  g_value_unset (&value);

  g_value_init (&value, G_TYPE_DATE_TIME);
  g_value_take_boxed (&value, g_date_time_new_from_unix_utc (0));
  g_assert_false (absent_by_kind (&value, 0));
  g_value_unset (&value);

  g_value_init (&value, JSON_TYPE_NODE);
  g_assert_true (absent_by_kind (&value, 0));
  g_value_take_boxed (&value, json_node_new (JSON_NODE_NULL));
  g_assert_false (absent_by_kind (&value, 0));
  g_value_unset (&value);

  g_value_init (&value, G_TYPE_INT);
  g_assert_false (absent_by_kind (&value, 0));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/value/string", test_string);
  g_test_add_func ("/value/string/read", test_string_read);
  g_test_add_func ("/value/number-string", test_number_string);
  g_test_add_func ("/value/number-to-double", test_number_to_double);
  g_test_add_func ("/value/boolean", test_boolean);
  g_test_add_func ("/value/integers", test_integers);
  g_test_add_func ("/value/integers/read", test_integers_read);
  g_test_add_func ("/value/double", test_double);
  g_test_add_func ("/value/double/read", test_double_read);
  g_test_add_func ("/value/double/shortest", test_double_shortest);
  g_test_add_func ("/value/float", test_float);
  g_test_add_func ("/value/enum", test_enum);
  g_test_add_func ("/value/flags", test_flags);
  g_test_add_func ("/value/strv", test_strv);
  g_test_add_func ("/value/strv/large-set", test_large_set_duplicates);
  g_test_add_func ("/value/strv/read", test_strv_read);
  g_test_add_func ("/value/bytes", test_bytes);
  g_test_add_func ("/value/date-time", test_date_time);
  g_test_add_func ("/value/date-time/read", test_date_time_read);
  g_test_add_func ("/value/variant/scalars", test_variant_scalars);
  g_test_add_func ("/value/variant/nested", test_variant_nested);
  g_test_add_func ("/value/variant/sets", test_variant_sets);
  g_test_add_func ("/value/variant/tagged", test_variant_tagged);
  g_test_add_func ("/value/variant/shape", test_variant_shape);
  g_test_add_func ("/value/variant/deep-write", test_variant_deep_write);
  g_test_add_func ("/value/read/too-deep", test_read_too_deep);
  g_test_add_func ("/value/json-node/deep-write", test_json_node_deep_write);
  g_test_add_func ("/value/map-keys-refused", test_map_keys_refused);
  g_test_add_func ("/value/variant/read-numbers", test_variant_read_numbers);
  g_test_add_func ("/value/variant/limits", test_variant_limits);
  g_test_add_func ("/value/variant/serialized", test_variant_serialized);
  g_test_add_func ("/value/json-node", test_json_node);
  g_test_add_func ("/value/json-node/shape", test_json_node_shape);
  g_test_add_func ("/value/json-node/shape-top-level", test_json_node_shape_top_level);
  g_test_add_func ("/value/json-node/no-shape", test_json_node_no_shape);
  g_test_add_func ("/value/json-node/shape-refused", test_json_node_shape_refused);
  g_test_add_func ("/value/json-node-map-members", test_json_node_map_members);
  g_test_add_func ("/value/json-node-member-order", test_json_node_member_order);
  g_test_add_func ("/value/map-key-lengths", test_map_key_lengths);
  g_test_add_func ("/value/read/keeps-position", test_read_keeps_position);
  g_test_add_func ("/value/read/malformed", test_read_malformed);
  g_test_add_func ("/value/null", test_null);
  g_test_add_func ("/value/supported-types", test_supported_types);
  g_test_add_func ("/value/kinds", test_value_kinds);
  g_test_add_func ("/value/kind-absent", test_value_kind_absent);
  g_test_add_func ("/value/write-failure-leaves-nothing", test_write_failure_leaves_nothing);

  return g_test_run ();
}
