/* test-json.c: the JSON writer and pull reader
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic.h"
#include "dynantic-json-private.h"

/* ---- Writer ------------------------------------------------------------ */

static void
test_writer_structure (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  DynanticJsonWriter writer;

  dynantic_json_writer_init (&writer, out);
  dynantic_json_writer_begin_object (&writer);
  dynantic_json_writer_member (&writer, "TableName");
  dynantic_json_writer_string (&writer, "orders", -1);
  dynantic_json_writer_member_literal (&writer, "Item");  /* the same as member() */
  dynantic_json_writer_begin_object (&writer);
  dynantic_json_writer_end_object (&writer);
  dynantic_json_writer_member (&writer, "List");
  dynantic_json_writer_begin_array (&writer);
  dynantic_json_writer_int64 (&writer, 0);
  dynantic_json_writer_int64 (&writer, -42);
  dynantic_json_writer_begin_array (&writer);
  dynantic_json_writer_end_array (&writer);
  dynantic_json_writer_boolean (&writer, TRUE);
  dynantic_json_writer_boolean (&writer, FALSE);
  dynantic_json_writer_null (&writer);
  dynantic_json_writer_raw (&writer, "{\"N\":\"1\"}", 9);
  dynantic_json_writer_end_array (&writer);
  dynantic_json_writer_member_literal (&writer, "Last");
  dynantic_json_writer_int64 (&writer, 7);
  dynantic_json_writer_end_object (&writer);

  g_assert_cmpstr (out->str, ==,
                   "{\"TableName\":\"orders\",\"Item\":{},\"List\":[0,-42,[],true,false,null,"
                   "{\"N\":\"1\"}],\"Last\":7}");
  g_assert_cmpuint (writer.depth, ==, 0);
}

static void
test_writer_int64_extremes (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  DynanticJsonWriter writer;

  dynantic_json_writer_init (&writer, out);
  dynantic_json_writer_begin_array (&writer);
  dynantic_json_writer_int64 (&writer, G_MININT64);
  dynantic_json_writer_int64 (&writer, G_MAXINT64);
  dynantic_json_writer_int64 (&writer, -1);
  dynantic_json_writer_int64 (&writer, 10);
  dynantic_json_writer_end_array (&writer);
  g_assert_cmpstr (out->str, ==, "[-9223372036854775808,9223372036854775807,-1,10]");
}

static void
test_writer_escapes (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  DynanticJsonWriter writer;
  const char text[] = "q\"b\\s/\b\f\n\r\t\x01\x1f\x7f é ☃ 😀";

  dynantic_json_writer_init (&writer, out);
  dynantic_json_writer_begin_object (&writer);
  dynantic_json_writer_member (&writer, "a\"b");
  dynantic_json_writer_string (&writer, text, -1);
  dynantic_json_writer_member (&writer, "nul");
  dynantic_json_writer_string (&writer, "a\0b", 3);
  dynantic_json_writer_member (&writer, "empty");
  dynantic_json_writer_string (&writer, "", 0);
  dynantic_json_writer_end_object (&writer);

  g_assert_cmpstr (out->str, ==,
                   "{\"a\\\"b\":\"q\\\"b\\\\s/\\b\\f\\n\\r\\t\\u0001\\u001f\x7f é ☃ 😀\","
                   "\"nul\":\"a\\u0000b\",\"empty\":\"\"}");
}

static void
test_writer_appends (void)
{
  g_autoptr(GString) out = g_string_new ("prefix:");
  DynanticJsonWriter writer;

  dynantic_json_writer_init (&writer, out);
  dynantic_json_writer_string (&writer, "x", 1);
  g_assert_cmpstr (out->str, ==, "prefix:\"x\"");
}

/* {"S":"..."} in one call: plain ASCII (0x20-0x7f but the quote and the
 * backslash) as it stands, anything else escaped after its plain start;
 * with validation, text that is not UTF-8 (or holds a NUL) writes nothing.
 * Commas placed as the general path does. */
static void
test_writer_tagged_string (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  DynanticJsonWriter writer;
  const char *escaped[] = { "a\"b", "a\\b", "tab\there", "ctl\x01", "\xc3\xa9", "long text that ends in a quote\"" };
  const char *refused[] = { "bad \xff", "half \xc3", "surrogate \xed\xa0\x80" };
  const char plain[] = "plain text, with / and \x7f";
  g_autoptr(GString) expected = g_string_new ("[{\"S\":\"plain text, with / and \x7f\"},{\"N\":\"\"},");

  dynantic_json_writer_init (&writer, out);
  dynantic_json_writer_begin_array (&writer);
  g_assert_true (dynantic_json_writer_tagged_string (&writer, "\"S\":", 4, plain, strlen (plain), TRUE));
  g_assert_false (dynantic_json_writer_tagged_string (&writer, "\"S\":", 4, plain, sizeof plain, TRUE)); /* its NUL */
  g_assert_true (dynantic_json_writer_tagged_string (&writer, "\"N\":", 4, "", 0, TRUE));
  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    g_assert_false (dynantic_json_writer_tagged_string (&writer, "\"S\":", 4, refused[i], strlen (refused[i]), TRUE));
  for (gsize i = 0; i < G_N_ELEMENTS (escaped); i++)
    g_assert_true (dynantic_json_writer_tagged_string (&writer, "\"S\":", 4, escaped[i], strlen (escaped[i]), TRUE));
  dynantic_json_writer_int64 (&writer, 1);
  dynantic_json_writer_end_array (&writer);
  g_string_append (expected, "{\"S\":\"a\\\"b\"},{\"S\":\"a\\\\b\"},{\"S\":\"tab\\there\"},{\"S\":\"ctl\\u0001\"},"
                             "{\"S\":\"\xc3\xa9\"},{\"S\":\"long text that ends in a quote\\\"\"},1]");
  g_assert_cmpstr (out->str, ==, expected->str);
}

/* ---- Reader ------------------------------------------------------------ */

/* The reader over an exact-size heap copy, so that AddressSanitizer sees any
 * read past the end. */
typedef struct {
  char               *copy;
  DynanticJsonReader  reader;
} ReaderFixture;

static void
fixture_open (ReaderFixture *fixture,
              const char    *json,
              gsize          length)
{
  fixture->copy = g_memdup2 (json, MAX (length, 1));
  dynantic_json_reader_init (&fixture->reader, fixture->copy, length);
}

static void
fixture_close (ReaderFixture *fixture)
{
  dynantic_json_reader_clear (&fixture->reader);
  g_free (fixture->copy);
}

/* Every token of @json as a compact trace: { } [ ] m:NAME s:TEXT n:TEXT t f z
 * END, or ERROR@offset. */
static char *
trace_tokens (const char *json,
              gsize       length)
{
  GString *trace = g_string_new (NULL);
  ReaderFixture fixture;
  DynanticJsonToken token;

  fixture_open (&fixture, json, length);
  do
    {
      const char *text;
      gsize text_length;

      token = dynantic_json_reader_next (&fixture.reader);
      if (trace->len > 0)
        g_string_append_c (trace, ' ');
      switch (token)
        {
        case DYNANTIC_JSON_BEGIN_OBJECT: g_string_append (trace, "{"); break;
        case DYNANTIC_JSON_END_OBJECT: g_string_append (trace, "}"); break;
        case DYNANTIC_JSON_BEGIN_ARRAY: g_string_append (trace, "["); break;
        case DYNANTIC_JSON_END_ARRAY: g_string_append (trace, "]"); break;
        case DYNANTIC_JSON_TRUE: g_string_append (trace, "t"); break;
        case DYNANTIC_JSON_FALSE: g_string_append (trace, "f"); break;
        case DYNANTIC_JSON_NULL: g_string_append (trace, "z"); break;
        case DYNANTIC_JSON_END: g_string_append (trace, "END"); break;
        case DYNANTIC_JSON_MEMBER:
        case DYNANTIC_JSON_STRING:
        case DYNANTIC_JSON_NUMBER:
          text = dynantic_json_reader_get_string (&fixture.reader, &text_length);
          g_assert_nonnull (text);
          g_assert_cmpint (text[text_length], ==, '\0');
          g_string_append_printf (trace, "%c:", token == DYNANTIC_JSON_MEMBER ? 'm' :
                                                token == DYNANTIC_JSON_STRING ? 's' : 'n');
          g_string_append_len (trace, text, text_length);
          break;
        case DYNANTIC_JSON_ERROR:
          {
            const GError *error = dynantic_json_reader_get_error (&fixture.reader);

            g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE);
            g_string_append_printf (trace, "ERROR@%" G_GSIZE_FORMAT, fixture.reader.pos);
            /* the error is sticky */
            g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_ERROR);
          }
          break;
        }
    }
  while (token != DYNANTIC_JSON_END && token != DYNANTIC_JSON_ERROR);
  fixture_close (&fixture);
  return g_string_free (trace, FALSE);
}

static void
assert_trace (const char *json,
              const char *expected)
{
  g_autofree char *trace = trace_tokens (json, strlen (json));

  g_assert_cmpstr (trace, ==, expected);
}

static void
test_reader_tokens (void)
{
  assert_trace ("{}", "{ } END");
  assert_trace ("[]", "[ ] END");
  assert_trace (" \t\r\n{ \"a\" : 1 , \"b\":[true,false,null,\"x\"] }\n ",
                "{ m:a n:1 m:b [ t f z s:x ] } END");
  assert_trace ("{\"Item\":{\"pk\":{\"S\":\"k1\"},\"n\":{\"N\":\"29.99\"}}}",
                "{ m:Item { m:pk { m:S s:k1 } m:n { m:N s:29.99 } } } END");
  assert_trace ("[[[]],{}]", "[ [ [ ] ] { } ] END");
  assert_trace ("\"top\"", "s:top END");
  assert_trace ("17", "n:17 END");
  assert_trace ("true", "t END");
  assert_trace ("null", "z END");
  assert_trace ("{\"\":\"\"}", "{ m: s: } END");
}

static void
test_reader_numbers_unchanged (void)
{
  assert_trace ("[0,-0,0.0,-1,12,1.5,1e5,1E+5,1e-5,-0.25e-10,123456789012345678901234567890]",
                "[ n:0 n:-0 n:0.0 n:-1 n:12 n:1.5 n:1e5 n:1E+5 n:1e-5 n:-0.25e-10 "
                "n:123456789012345678901234567890 ] END");
}

static void
test_reader_unescapes (void)
{
  assert_trace ("[\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"]", "[ s:a\"b\\c/d\b\f\n\r\t ] END");
  assert_trace ("[\"\\u00e9\\u2603 \\ud83d\\ude00 \\uD83D\\uDE00\"]", "[ s:é☃ 😀 😀 ] END");
  assert_trace ("[\"raw é ☃ 😀 \U0010FFFF\"]", "[ s:raw é ☃ 😀 \U0010FFFF ] END");
  assert_trace ("{\"k\\u0041y\":1}", "{ m:kAy n:1 } END");
}

static void
test_reader_embedded_nul (void)
{
  const char json[] = "[\"a\\u0000b\",\"plain\"]";
  ReaderFixture fixture;
  const char *text;
  gsize length = 0;

  fixture_open (&fixture, json, strlen (json));
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_BEGIN_ARRAY);
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_STRING);
  text = dynantic_json_reader_get_string (&fixture.reader, &length);
  g_assert_cmpuint (length, ==, 3);
  g_assert_cmpmem (text, 4, "a\0b", 4);
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_STRING);
  /* without a copy: the bytes in the input, up to the closing quote */
  text = dynantic_json_reader_get_text (&fixture.reader, &length);
  g_assert_cmpuint (length, ==, 5);
  g_assert_true (text == fixture.copy + 13);
  g_assert_cmpmem (text, length, "plain", 5);
  /* NULL length is allowed; the text is NUL-terminated although the input is not */
  g_assert_cmpstr (dynantic_json_reader_get_string (&fixture.reader, NULL), ==, "plain");
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_END_ARRAY);
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_END);
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_END);
  fixture_close (&fixture);
}

static void
test_reader_long_string (void)
{
  g_autoptr(GString) json = g_string_new ("[\"");
  g_autoptr(GString) expected = g_string_new (NULL);
  ReaderFixture fixture;
  const char *text;
  gsize length;
  guint i;

  for (i = 0; i < 2000; i++)
    {
      g_string_append (json, i % 100 == 0 ? "\\n☃" : "abcd");
      g_string_append (expected, i % 100 == 0 ? "\n☃" : "abcd");
    }
  g_string_append (json, "\"]");
  fixture_open (&fixture, json->str, json->len);
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_BEGIN_ARRAY);
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_STRING);
  text = dynantic_json_reader_get_string (&fixture.reader, &length);
  g_assert_cmpuint (length, ==, expected->len);
  g_assert_cmpstr (text, ==, expected->str);
  fixture_close (&fixture);
}

typedef struct {
  const char *json;
  gsize       offset;  /* where the reader stops */
} Malformed;

static void
assert_malformed (const char *json,
                  gsize       length,
                  gsize       offset)
{
  g_autofree char *trace = trace_tokens (json, length);
  g_autofree char *suffix = g_strdup_printf ("ERROR@%" G_GSIZE_FORMAT, offset);

  if (!g_str_has_suffix (trace, suffix))
    g_error ("input %s: trace %s, expected an error at %" G_GSIZE_FORMAT, json, trace, offset);
}

static void
test_reader_malformed (void)
{
  static const Malformed cases[] = {
    /* truncated */
    { "", 0 }, { "{", 1 }, { "{\"a\"", 4 }, { "{\"a\":", 5 }, { "{\"a\":1", 6 },
    { "{\"a\":1,", 7 }, { "[1,", 3 }, { "\"abc", 4 }, { "\"ab\\", 3 }, { "tru", 0 },
    { "-", 1 }, { "1.", 2 }, { "1e", 2 }, { "1e+", 3 }, { "\"\\u12", 2 },
    /* bad structure */
    { "}", 0 }, { "]", 0 }, { "{]", 1 }, { "[}", 1 }, { "{\"a\" 1}", 5 }, { "{\"a\":1 \"b\":2}", 7 },
    { "{1:2}", 1 }, { "[1 2]", 3 }, { "[1,]", 3 }, { "{\"a\":1,}", 7 }, { "[,1]", 1 },
    { "{,}", 1 }, { "'a'", 0 }, { "nul", 0 }, { "nulL", 0 }, { "True", 0 },
    /* trailing garbage */
    { "{} {}", 3 }, { "1 2", 2 }, { "{}x", 2 }, { "[]]", 2 }, { "\"a\"\"b\"", 3 },
    /* numbers */
    { "01", 1 }, { "-01", 2 }, { "00", 1 }, { "+1", 0 }, { ".5", 0 }, { "1.e5", 2 },
    { "-a", 1 }, { "0x10", 1 }, { "1e5.5", 3 }, { "NaN", 0 }, { "Infinity", 0 }, { "[-]", 2 },
    /* escapes */
    { "\"\\x\"", 2 }, { "\"\\u12G4\"", 2 }, { "\"\\U0041\"", 2 }, { "\"\\'\"", 2 },
    /* lone or reversed surrogates */
    { "\"\\ud800\"", 7 }, { "\"\\udc00\"", 7 }, { "\"\\ud800\\u0041\"", 7 },
    { "\"\\ud800x\"", 7 }, { "\"\\ude00\\ud83d\"", 7 }, { "\"\\ud800\\\"", 7 },
    /* control characters */
    { "\"a\nb\"", 2 }, { "\"\t\"", 1 }, { "\"\x01\"", 1 },
    /* bad UTF-8 in raw bytes */
    { "\"\x80\"", 1 }, { "\"\xbf\"", 1 }, { "\"\xc0\xaf\"", 1 }, { "\"\xc1\xbf\"", 1 },
    { "\"\xe0\x80\xaf\"", 1 }, { "\"\xe0\x9f\xbf\"", 1 }, { "\"\xed\xa0\x80\"", 1 },
    { "\"\xed\xbf\xbf\"", 1 }, { "\"\xf0\x80\x80\xaf\"", 1 }, { "\"\xf0\x8f\xbf\xbf\"", 1 },
    { "\"\xf4\x90\x80\x80\"", 1 }, { "\"\xf5\x80\x80\x80\"", 1 }, { "\"\xff\"", 1 },
    { "\"\xc3\"", 1 }, { "\"\xe2\x98\"", 1 }, { "\"\xf0\x9f\x98\"", 1 }, { "\"\xc3\x28\"", 1 },
    { "\"a\xe2\x98", 2 }, { "\xef\xbb\xbf{}", 0 },
    /* not JSON at all */
    { "<html>", 0 }, { "{\"a\":undefined}", 5 },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_malformed (cases[i].json, strlen (cases[i].json), cases[i].offset);
  /* a NUL byte is neither whitespace nor allowed raw in a string */
  assert_malformed ("{}\0", 3, 2);
  assert_malformed ("\"a\0\"", 4, 2);
}

static char *
nested_arrays (guint depth)
{
  GString *json = g_string_new (NULL);
  guint i;

  for (i = 0; i < depth; i++)
    g_string_append_c (json, '[');
  for (i = 0; i < depth; i++)
    g_string_append_c (json, ']');
  return g_string_free (json, FALSE);
}

static void
test_reader_depth_limit (void)
{
  g_autofree char *deepest = nested_arrays (DYNANTIC_JSON_MAX_DEPTH);
  g_autofree char *too_deep = nested_arrays (DYNANTIC_JSON_MAX_DEPTH + 1);
  g_autofree char *trace = trace_tokens (deepest, strlen (deepest));
  g_autofree char *objects = NULL;
  GString *json = g_string_new (NULL);
  guint i;

  g_assert_true (g_str_has_suffix (trace, "] END"));
  assert_malformed (too_deep, strlen (too_deep), DYNANTIC_JSON_MAX_DEPTH);

  for (i = 0; i <= DYNANTIC_JSON_MAX_DEPTH; i++)
    g_string_append (json, "{\"a\":");
  objects = g_string_free (json, FALSE);
  assert_malformed (objects, strlen (objects), 5 * DYNANTIC_JSON_MAX_DEPTH);
}

/* Every prefix of a valid document is refused, none read past its end. */
static void
test_reader_every_truncation (void)
{
  const char json[] = "{\"Item\":{\"pk\":{\"S\":\"k\\u00e9☃\"},\"n\":{\"N\":\"-1.5e3\"},"
                      "\"l\":{\"L\":[{\"BOOL\":true},{\"NULL\":true},{\"BOOL\":false}]}}}";
  gsize length = strlen (json);
  gsize i;

  for (i = 0; i < length; i++)
    {
      g_autofree char *trace = trace_tokens (json, i);

      g_assert_true (strstr (trace, "ERROR@") != NULL);
    }
}

static void
test_reader_error_message (void)
{
  ReaderFixture fixture;
  const GError *error;

  fixture_open (&fixture, "{\"secret\":\"value\" x}", 20);
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_BEGIN_OBJECT);
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_MEMBER);
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_STRING);
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_ERROR);
  error = dynantic_json_reader_get_error (&fixture.reader);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "byte 18"));
  g_assert_null (strstr (error->message, "secret"));
  g_assert_null (strstr (error->message, "value"));
  fixture_close (&fixture);
}

static void
test_reader_fail (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) moved = NULL;
  ReaderFixture fixture;

  /* a well-formed document that is not what the caller expects */
  fixture_open (&fixture, "[1]", 3);
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_BEGIN_ARRAY);
  g_assert_false (dynantic_json_reader_fail (&fixture.reader, "an object", &error));
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "an object"));
  g_assert_nonnull (strstr (error->message, "byte 1"));
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_ERROR);
  fixture_close (&fixture);

  /* the reader's own error is moved, not replaced */
  fixture_open (&fixture, "[1,]", 4);
  while (dynantic_json_reader_next (&fixture.reader) != DYNANTIC_JSON_ERROR)
    ;
  g_assert_false (dynantic_json_reader_fail (&fixture.reader, "an object", &moved));
  g_assert_error (moved, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE);
  g_assert_null (strstr (moved->message, "an object"));
  g_assert_null (dynantic_json_reader_get_error (&fixture.reader));
  g_assert_false (dynantic_json_reader_fail (&fixture.reader, "an object", NULL));
  fixture_close (&fixture);
}

static void
test_reader_skip (void)
{
  const char json[] = "{\"skip\":{\"a\":[1,{\"b\":\"\\u00e9\"},[]],\"c\":null},\"keep\":\"yes\","
                      "\"s\":\"x\",\"n\":-2,\"t\":true,\"arr\":[{},[],\"z\"]}";
  ReaderFixture fixture;

  fixture_open (&fixture, json, strlen (json));
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_BEGIN_OBJECT);
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_MEMBER);
  g_assert_true (dynantic_json_reader_skip_value (&fixture.reader));
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_MEMBER);
  g_assert_cmpstr (dynantic_json_reader_get_string (&fixture.reader, NULL), ==, "keep");
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_STRING);
  g_assert_cmpstr (dynantic_json_reader_get_string (&fixture.reader, NULL), ==, "yes");
  /* scalars */
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_MEMBER);
  g_assert_true (dynantic_json_reader_skip_value (&fixture.reader));
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_MEMBER);
  g_assert_true (dynantic_json_reader_skip_value (&fixture.reader));
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_MEMBER);
  g_assert_true (dynantic_json_reader_skip_value (&fixture.reader));
  /* array items */
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_MEMBER);
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_BEGIN_ARRAY);
  g_assert_true (dynantic_json_reader_skip_value (&fixture.reader));
  g_assert_true (dynantic_json_reader_skip_value (&fixture.reader));
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_STRING);
  /* nothing left to skip inside the array: that is an error */
  g_assert_false (dynantic_json_reader_skip_value (&fixture.reader));
  g_assert_error (dynantic_json_reader_get_error (&fixture.reader), DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE);
  fixture_close (&fixture);
}

/* array_ends() looks without taking: it consumes whitespace only, and the
 * reader's own tokens, commas included, stay where they were. */
static void
test_reader_array_ends (void)
{
  const char json[] = "[ ] [\t{}\n, 7 ]";
  ReaderFixture fixture;

  fixture_open (&fixture, json, 3);
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_BEGIN_ARRAY);
  g_assert_true (dynantic_json_reader_array_ends (&fixture.reader));
  g_assert_true (dynantic_json_reader_array_ends (&fixture.reader));
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_END_ARRAY);
  g_assert_false (dynantic_json_reader_array_ends (&fixture.reader));
  fixture_close (&fixture);

  fixture_open (&fixture, json + 4, strlen (json + 4));
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_BEGIN_ARRAY);
  g_assert_false (dynantic_json_reader_array_ends (&fixture.reader));
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_BEGIN_OBJECT);
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_END_OBJECT);
  /* before the comma: not the end */
  g_assert_false (dynantic_json_reader_array_ends (&fixture.reader));
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_NUMBER);
  g_assert_cmpstr (dynantic_json_reader_get_string (&fixture.reader, NULL), ==, "7");
  g_assert_true (dynantic_json_reader_array_ends (&fixture.reader));
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_END_ARRAY);
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_END);
  fixture_close (&fixture);

  /* truncated: no end to see */
  fixture_open (&fixture, "[  ", 3);
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_BEGIN_ARRAY);
  g_assert_false (dynantic_json_reader_array_ends (&fixture.reader));
  fixture_close (&fixture);
}

static void
test_reader_skip_validates (void)
{
  static const char *const bad[] = {
    "{\"a\":[1,2}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\xc0\xaf\"}", "{\"a\":01}", "{\"a\":[", "{\"a\":",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      ReaderFixture fixture;

      fixture_open (&fixture, bad[i], strlen (bad[i]));
      g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_BEGIN_OBJECT);
      g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_MEMBER);
      /* "01": the skip ends after the 0, the next token is the fault */
      if (dynantic_json_reader_skip_value (&fixture.reader))
        g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_ERROR);
      g_assert_error (dynantic_json_reader_get_error (&fixture.reader), DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE);
      fixture_close (&fixture);
    }
}

static void
assert_captured (const char *start,
                 gsize       length,
                 const char *expected)
{
  g_assert_cmpmem (start, length, expected, strlen (expected));
}

static void
test_reader_capture (void)
{
  const char json[] = "{\"a\": {\"M\":{\"x\":{\"L\":[{\"S\":\"\\u00e9\"}]}}} , \"b\":  \"s\" ,\"c\":[ 1 ,2 ]}";
  ReaderFixture fixture;
  const char *start = NULL;
  gsize length = 0;

  fixture_open (&fixture, json, strlen (json));
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_BEGIN_OBJECT);
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_MEMBER);
  g_assert_true (dynantic_json_reader_capture_value (&fixture.reader, &start, &length));
  assert_captured (start, length, "{\"M\":{\"x\":{\"L\":[{\"S\":\"\\u00e9\"}]}}}");
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_MEMBER);
  g_assert_true (dynantic_json_reader_capture_value (&fixture.reader, &start, &length));
  assert_captured (start, length, "\"s\"");
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_MEMBER);
  g_assert_true (dynantic_json_reader_capture_value (&fixture.reader, &start, &length));
  assert_captured (start, length, "[ 1 ,2 ]");
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_END_OBJECT);
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_END);
  fixture_close (&fixture);
}

/* Array elements one by one: from the second on, the comma before an
 * element is not part of it. */
static void
test_reader_capture_array_elements (void)
{
  const char json[] = "[{\"a\":1} , {\"b\":2},\n\"c\"]";
  ReaderFixture fixture;
  const char *start = NULL;
  gsize length = 0;

  fixture_open (&fixture, json, strlen (json));
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_BEGIN_ARRAY);
  g_assert_true (dynantic_json_reader_capture_value (&fixture.reader, &start, &length));
  assert_captured (start, length, "{\"a\":1}");
  g_assert_true (dynantic_json_reader_capture_value (&fixture.reader, &start, &length));
  assert_captured (start, length, "{\"b\":2}");
  g_assert_true (dynantic_json_reader_capture_value (&fixture.reader, &start, &length));
  assert_captured (start, length, "\"c\"");
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_END_ARRAY);
  g_assert_cmpint (dynantic_json_reader_next (&fixture.reader), ==, DYNANTIC_JSON_END);
  fixture_close (&fixture);
}

/* What the writer writes, the reader reads back. */
/* open_tagged() reads `{"name":` in one step where next() would read
 * BEGIN_OBJECT and MEMBER, in every state a value may start in, and
 * leaves anything else (whitespace, escapes, long names, the wrong state)
 * to next() with nothing consumed. */
static void
test_reader_open_tagged (void)
{
  const char *json = "{\"a\":{\"S\":\"x\"},\"l\":[{\"BOOL\":true},{\"NULL\":true}]}";
  DynanticJsonReader reader;
  const char *name;
  gsize length;

  dynantic_json_reader_init (&reader, json, strlen (json));
  g_assert_true (dynantic_json_reader_open_tagged (&reader, &name, &length));
  g_assert_cmpmem (name, length, "a", 1);
  g_assert_true (dynantic_json_reader_open_tagged (&reader, &name, &length));
  g_assert_cmpmem (name, length, "S", 1);
  g_assert_false (dynantic_json_reader_open_tagged (&reader, &name, &length)); /* a string follows */
  g_assert_cmpint (dynantic_json_reader_next (&reader), ==, DYNANTIC_JSON_STRING);
  g_assert_true (dynantic_json_reader_close_object (&reader));
  g_assert_false (dynantic_json_reader_open_tagged (&reader, &name, &length)); /* ',' then a member */
  g_assert_cmpint (dynantic_json_reader_next (&reader), ==, DYNANTIC_JSON_MEMBER);
  g_assert_cmpint (dynantic_json_reader_next (&reader), ==, DYNANTIC_JSON_BEGIN_ARRAY);
  g_assert_true (dynantic_json_reader_open_tagged (&reader, &name, &length));
  g_assert_cmpmem (name, length, "BOOL", 4);
  g_assert_cmpint (dynantic_json_reader_next (&reader), ==, DYNANTIC_JSON_TRUE);
  g_assert_true (dynantic_json_reader_close_object (&reader));
  g_assert_true (dynantic_json_reader_open_tagged (&reader, &name, &length)); /* after the comma */
  g_assert_cmpmem (name, length, "NULL", 4);
  g_assert_cmpint (dynantic_json_reader_next (&reader), ==, DYNANTIC_JSON_TRUE);
  g_assert_true (dynantic_json_reader_close_object (&reader));
  g_assert_cmpint (dynantic_json_reader_next (&reader), ==, DYNANTIC_JSON_END_ARRAY);
  g_assert_true (dynantic_json_reader_close_object (&reader));
  g_assert_cmpint (dynantic_json_reader_next (&reader), ==, DYNANTIC_JSON_END);
  dynantic_json_reader_clear (&reader);

  /* the general path's forms */
  {
    const char *others[] = { " {\"S\":1}", "{ \"S\":1}", "{\"S\" :1}", "{\"\\u0053\":1}", "{\"LONGNAME\":1}",
                             "{\"S\"", "{\"S", "{}", "[{\"S\":1}]" };

    for (gsize i = 0; i < G_N_ELEMENTS (others); i++)
      {
        dynantic_json_reader_init (&reader, others[i], strlen (others[i]));
        g_assert_false (dynantic_json_reader_open_tagged (&reader, &name, &length));
        g_assert_cmpint (dynantic_json_reader_next (&reader), ==,
                         others[i][0] == '[' ? DYNANTIC_JSON_BEGIN_ARRAY : DYNANTIC_JSON_BEGIN_OBJECT);
        dynantic_json_reader_clear (&reader);
      }
  }
  /* a name that ends the data, or is unfinished, is never read past */
  {
    const char *truncated[] = { "{\"S\":", "{\"BOOL\":" };

    for (gsize i = 0; i < G_N_ELEMENTS (truncated); i++)
      {
        dynantic_json_reader_init (&reader, truncated[i], strlen (truncated[i]));
        g_assert_true (dynantic_json_reader_open_tagged (&reader, &name, &length));
        g_assert_cmpint (dynantic_json_reader_next (&reader), ==, DYNANTIC_JSON_ERROR);
        dynantic_json_reader_clear (&reader);
      }
  }
}

/* get_string() gives texts up to 63 bytes from the reader's own buffer and
 * longer ones from its scratch string, NUL-terminated, as often as asked. */
static void
test_reader_get_string_lengths (void)
{
  for (gsize n = 60; n <= 68; n++)
    {
      g_autofree char *text = g_strnfill (n, 'x');
      g_autofree char *json = g_strdup_printf ("[\"%s\",\"y\"]", text);
      DynanticJsonReader reader;
      const char *got;
      gsize length;

      dynantic_json_reader_init (&reader, json, strlen (json));
      g_assert_cmpint (dynantic_json_reader_next (&reader), ==, DYNANTIC_JSON_BEGIN_ARRAY);
      g_assert_cmpint (dynantic_json_reader_next (&reader), ==, DYNANTIC_JSON_STRING);
      got = dynantic_json_reader_get_string (&reader, &length);
      g_assert_cmpuint (length, ==, n);
      g_assert_cmpstr (got, ==, text);
      g_assert_true (dynantic_json_reader_get_string (&reader, NULL) == got);
      g_assert_cmpstr (dynantic_json_reader_get_string (&reader, NULL), ==, text);
      g_assert_cmpint (dynantic_json_reader_next (&reader), ==, DYNANTIC_JSON_STRING);
      g_assert_cmpstr (dynantic_json_reader_get_string (&reader, NULL), ==, "y");
      dynantic_json_reader_clear (&reader);
    }
}

static void
test_round_trip (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  DynanticJsonWriter writer;
  guint c;
  char all[128];
  g_autofree char *trace = NULL;

  for (c = 1; c < 128; c++)
    all[c - 1] = (char) c;
  all[127] = '\0';
  dynantic_json_writer_init (&writer, out);
  dynantic_json_writer_begin_array (&writer);
  dynantic_json_writer_string (&writer, all, 127);
  dynantic_json_writer_end_array (&writer);
  trace = trace_tokens (out->str, out->len);
  g_assert_true (g_str_has_prefix (trace, "[ s:"));
  g_assert_cmpmem (trace + 4, 127, all, 127);
  g_assert_cmpstr (trace + 4 + 127, ==, " ] END");
}

/* The writer and the reader look at strings eight bytes at a time: every
 * byte that matters, at every offset around those words. */
static void
test_word_boundaries (void)
{
  static const char *const specials[] = { "\"", "\\", "\n", "\x01", "\x1f", "é", "☃", "😀", "\x7f" };
  guint length, at, i;

  for (length = 1; length <= 26; length++)
    for (at = 0; at < length; at++)
      for (i = 0; i < G_N_ELEMENTS (specials); i++)
        {
          g_autoptr(GString) text = g_string_new (NULL);
          g_autoptr(GString) out = g_string_new (NULL);
          g_autoptr(GString) broken = NULL;
          g_autofree char *trace = NULL;
          g_autofree char *expected = NULL;
          DynanticJsonWriter writer;

          g_string_append_len (text, "abcdefghijklmnopqrstuvwxyz", at);
          g_string_append (text, specials[i]);
          g_string_append_len (text, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", length - at - 1);
          dynantic_json_writer_init (&writer, out);
          dynantic_json_writer_string (&writer, text->str, text->len);
          trace = trace_tokens (out->str, out->len);
          expected = g_strdup_printf ("s:%s END", text->str);
          g_assert_cmpstr (trace, ==, expected);

          /* a byte that is never valid UTF-8, at the same place */
          broken = g_string_new ("\"");
          g_string_append_len (broken, text->str, at);
          g_string_append_c (broken, '\xff');
          g_string_append (broken, "tail\"");
          assert_malformed (broken->str, broken->len, 1 + at);
        }
}

/* Every ASCII byte at every offset of a string, near the ends of the
 * 8-byte words the reader scans: controls fail where they stand, the
 * quote ends the string, the others (the quote's and the backslash's
 * neighbours included) are text. */
static void
test_reader_ascii_bytes (void)
{
  for (guint byte = 0; byte < 0x80; byte++)
    for (guint at = 0; at < 18; at++)
      {
        g_autoptr(GString) json = g_string_new ("[\"");
        g_autofree char *trace = NULL;
        g_autofree char *expected = NULL;

        if (byte == '\\')
          continue;
        g_string_append_len (json, "abcdefghijklmnopqr", at);
        g_string_append_c (json, (char) byte);
        g_string_append (json, "xyz\"]");
        if (byte < 0x20)
          {
            assert_malformed (json->str, json->len, 2 + at);
            continue;
          }
        trace = trace_tokens (json->str, json->len);
        if (byte == '"')
          expected = g_strdup_printf ("[ s:%.*s ERROR@%u", (int) at, "abcdefghijklmnopqr", 3 + at);
        else
          expected = g_strdup_printf ("[ s:%.*s%cxyz ] END", (int) at, "abcdefghijklmnopqr", (char) byte);
        g_assert_cmpstr (trace, ==, expected);
      }
}

/* The writer's UTF-8 check accepts exactly what g_utf8_validate_len() does,
 * at every offset from the 8-byte words it scans. */
static void
test_utf8_validate (void)
{
  static const char *const cases[] = {
    "plain ascii", "caf\xc3\xa9", "\xe2\x80\x94 dash", "\xf0\x9f\x98\x80", "\xef\xbf\xbe",
    "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80",
    "\xc3", "\xe2\x80", "\x80", "\xff", "quote \" and \\ and \t",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    for (gsize pad = 0; pad < 9; pad++)
      {
        g_autofree char *text = g_strdup_printf ("%.*s%s tail", (int) pad, "abcdefghi", cases[i]);
        gsize length = strlen (text);

        g_assert_cmpint (dynantic_json_utf8_validate (text, length), ==,
                         g_utf8_validate_len (text, length, NULL));
        g_assert_cmpint (dynantic_json_utf8_validate (text, length - 5), ==,
                         g_utf8_validate_len (text, length - 5, NULL));
      }
  g_assert_false (dynantic_json_utf8_validate ("nul\0inside", 11));
  g_assert_true (dynantic_json_utf8_validate ("", 0));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/writer/structure", test_writer_structure);
  g_test_add_func ("/json/writer/int64-extremes", test_writer_int64_extremes);
  g_test_add_func ("/json/writer/escapes", test_writer_escapes);
  g_test_add_func ("/json/writer/appends", test_writer_appends);
  g_test_add_func ("/json/writer/tagged-string", test_writer_tagged_string);
  g_test_add_func ("/json/reader/tokens", test_reader_tokens);
  g_test_add_func ("/json/reader/numbers-unchanged", test_reader_numbers_unchanged);
  g_test_add_func ("/json/reader/unescapes", test_reader_unescapes);
  g_test_add_func ("/json/reader/embedded-nul", test_reader_embedded_nul);
  g_test_add_func ("/json/reader/long-string", test_reader_long_string);
  g_test_add_func ("/json/reader/malformed", test_reader_malformed);
  g_test_add_func ("/json/reader/depth-limit", test_reader_depth_limit);
  g_test_add_func ("/json/reader/array-ends", test_reader_array_ends);
  g_test_add_func ("/json/reader/every-truncation", test_reader_every_truncation);
  g_test_add_func ("/json/reader/error-message", test_reader_error_message);
  g_test_add_func ("/json/reader/fail", test_reader_fail);
  g_test_add_func ("/json/reader/skip", test_reader_skip);
  g_test_add_func ("/json/reader/skip-validates", test_reader_skip_validates);
  g_test_add_func ("/json/reader/capture", test_reader_capture);
  g_test_add_func ("/json/reader/capture-array-elements", test_reader_capture_array_elements);
  g_test_add_func ("/json/reader/open-tagged", test_reader_open_tagged);
  g_test_add_func ("/json/reader/get-string-lengths", test_reader_get_string_lengths);
  g_test_add_func ("/json/round-trip", test_round_trip);
  g_test_add_func ("/json/word-boundaries", test_word_boundaries);
  g_test_add_func ("/json/utf8-validate", test_utf8_validate);
  g_test_add_func ("/json/reader/ascii-bytes", test_reader_ascii_bytes);

  return g_test_run ();
}
