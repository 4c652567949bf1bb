/* dynantic-json.c: a fast JSON writer and pull reader for DynamoDB's wire format
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic-error.h"
#include "dynantic-i18n-private.h"
#include "dynantic-json-private.h"
#include "dynantic-number-private.h"

/* ---- Eight bytes at a time --------------------------------------------- */

#define ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

/* Eight bytes, the first one lowest. */
static inline guint64
load_word (const char *p)
{
  guint64 word;

  memcpy (&word, p, sizeof word);
  return GUINT64_FROM_LE (word);
}

/* The top bit of each byte below @n (n <= 128) is set. Borrows may also
 * mark bytes after the first such one, never before: the lowest mark is
 * exact. */
static inline guint64
bytes_below (guint64 word,
             guint   n)
{
  return (word - ONES * n) & ~word & HIGHS;
}

static inline guint64
bytes_equal (guint64 word,
             guchar  byte)
{
  return bytes_below (word ^ (ONES * byte), 1);
}

/* Marks the bytes a JSON string must escape. */
static inline guint64
needs_escape (guint64 word)
{
  return bytes_below (word, 0x20) | bytes_equal (word, '"') | bytes_equal (word, '\\');
}

/* Marks the bytes a JSON string must escape and every byte that is not
 * ASCII. With non-ASCII bytes marked anyway, no byte below the first mark
 * can borrow or carry: each test is one subtraction, and the lowest mark
 * is exact. */
static inline guint64
stops_ascii (guint64 word)
{
  return (((word ^ (ONES * '"')) - ONES) | ((word ^ (ONES * '\\')) - ONES) | (word - ONES * 0x20) | word) & HIGHS;
}

/* Where the first byte from @pos on that needs an escape (or, when
 * @ascii_only, is not ASCII) may be, scanning a word at a time: exactly
 * there, or in the last seven bytes before @length. */
static inline gsize
skip_plain_words (const char *data,
                  gsize       pos,
                  gsize       length,
                  gboolean    ascii_only)
{
  while (pos + 8 <= length)
    {
      guint64 word = load_word (data + pos);
      guint64 marks = ascii_only ? stops_ascii (word) : needs_escape (word);

      if (marks != 0)
        return pos + (__builtin_ctzll (marks) >> 3);
      pos += 8;
    }
  return pos;
}

/* Where the first NUL or non-ASCII byte from @pos on may be: exactly
 * there, or in the last seven bytes before @length (as above, with
 * non-ASCII bytes marked nothing borrows before the first mark). */
static inline gsize
skip_ascii_words (const char *data,
                  gsize       pos,
                  gsize       length)
{
  while (pos + 8 <= length)
    {
      guint64 word = load_word (data + pos);
      guint64 marks = ((word - ONES) | word) & HIGHS;

      if (marks != 0)
        return pos + (__builtin_ctzll (marks) >> 3);
      pos += 8;
    }
  return pos;
}

/* ---- Writer ------------------------------------------------------------ */

/* What each byte becomes inside a JSON string: 0 for itself, else the
 * letter after the backslash ('u' for \u00XX). */
static const char escapes[256] = {
  [0x00 ... 0x07] = 'u', ['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n', [0x0b] = 'u',
  ['\f'] = 'f', ['\r'] = 'r', [0x0e ... 0x1f] = 'u', ['"'] = '"', ['\\'] = '\\',
};

static inline void
append_bytes (GString    *out,
              const char *data,
              gsize       n)
{
  memcpy (dynantic_string_extend (out, n), data, n);
}

void
dynantic_json_writer_init (DynanticJsonWriter *self,
                           GString            *out)
{
  self->out = out;
  self->depth = 0;
  self->need_comma[0] = FALSE;
}

/* Before every value and member name: the comma that separates it from the
 * one before, if any. */
static inline void
begin_item (DynanticJsonWriter *self)
{
  if (self->need_comma[self->depth])
    g_string_append_c (self->out, ',');
  self->need_comma[self->depth] = TRUE;
}

static void
open_container (DynanticJsonWriter *self,
                char                bracket)
{
  g_return_if_fail (self->depth < DYNANTIC_JSON_MAX_DEPTH);

  begin_item (self);
  g_string_append_c (self->out, bracket);
  self->need_comma[++self->depth] = FALSE;
}

static void
close_container (DynanticJsonWriter *self,
                 char                bracket)
{
  g_return_if_fail (self->depth > 0);

  g_string_append_c (self->out, bracket);
  self->depth--;
}

void
dynantic_json_writer_begin_object (DynanticJsonWriter *self)
{
  open_container (self, '{');
}

void
dynantic_json_writer_end_object (DynanticJsonWriter *self)
{
  close_container (self, '}');
}

void
dynantic_json_writer_begin_array (DynanticJsonWriter *self)
{
  open_container (self, '[');
}

void
dynantic_json_writer_end_array (DynanticJsonWriter *self)
{
  close_container (self, ']');
}

static void
append_escape (GString *out,
               guchar   byte)
{
  static const char hex[] = "0123456789abcdef";
  char escape = escapes[byte];

  if (escape == 'u')
    {
      char text[6] = { '\\', 'u', '0', '0', hex[byte >> 4], hex[byte & 0xf] };

      append_bytes (out, text, sizeof text);
    }
  else
    {
      char text[2] = { '\\', escape };

      append_bytes (out, text, sizeof text);
    }
}

/* How many bytes from the start of @text need no escape. */
static gsize
plain_prefix (const char *text,
              gsize       length)
{
  const guchar *bytes = (const guchar *) text;
  gsize i = skip_plain_words (text, 0, length, FALSE);

  while (i < length && escapes[bytes[i]] == 0)
    i++;
  return i;
}

/* How many bytes from the start of @text are plain ASCII: printable, or
 * anything from 0x20 to 0x7f but the quote and the backslash. */
static gsize
plain_ascii_prefix (const char *text,
                    gsize       length)
{
  const guchar *bytes = (const guchar *) text;
  gsize i = skip_plain_words (text, 0, length, TRUE);

  while (i < length && bytes[i] < 0x80 && escapes[bytes[i]] == 0)
    i++;
  return i;
}

/* The escapes of @text from byte @from on, @text's first @from bytes
 * needing none. */
static void
append_escaped_from (GString    *out,
                     const char *text,
                     gsize       length,
                     gsize       from)
{
  const guchar *bytes = (const guchar *) text;
  gsize run = 0;

  for (gsize i = from; i < length; i++)
    {
      if (G_LIKELY (escapes[bytes[i]] == 0))
        continue;
      append_bytes (out, text + run, i - run);
      append_escape (out, bytes[i]);
      run = i + 1;
    }
  append_bytes (out, text + run, length - run);
}

static void
append_quoted (GString    *out,
               const char *text,
               gsize       length)
{
  gsize i = plain_prefix (text, length);

  if (G_LIKELY (i == length))
    {
      /* nothing to escape: one reservation, one copy */
      char *p = dynantic_string_extend (out, length + 2);

      p[0] = '"';
      memcpy (p + 1, text, length);
      p[length + 1] = '"';
      return;
    }
  g_string_append_c (out, '"');
  append_escaped_from (out, text, length, i);
  g_string_append_c (out, '"');
}

void
dynantic_json_writer_member (DynanticJsonWriter *self,
                             const char         *name)
{
  dynantic_json_writer_member_length (self, name, strlen (name));
}

void
dynantic_json_writer_member_length (DynanticJsonWriter *self,
                                    const char         *name,
                                    gsize               length)
{
  begin_item (self);
  append_quoted (self->out, name, length);
  g_string_append_c (self->out, ':');
  /* the member's value follows without a comma */
  self->need_comma[self->depth] = FALSE;
}

void
dynantic_json_writer_member_encoded (DynanticJsonWriter *self,
                                     const char         *encoded,
                                     gsize               length)
{
  begin_item (self);
  append_bytes (self->out, encoded, length);
  self->need_comma[self->depth] = FALSE;
}

void
dynantic_json_writer_string (DynanticJsonWriter *self,
                             const char         *text,
                             gssize              length)
{
  begin_item (self);
  append_quoted (self->out, text, length < 0 ? strlen (text) : (gsize) length);
}

gboolean
dynantic_json_writer_tagged_string (DynanticJsonWriter *self,
                                    const char         *encoded,
                                    gsize               encoded_length,
                                    const char         *text,
                                    gsize               length,
                                    gboolean            validate)
{
  /* plain ASCII is valid UTF-8 and needs no escape as it stands: only
   * what follows it is looked at again */
  gsize plain = plain_ascii_prefix (text, length);
  char *p;

  if (G_UNLIKELY (plain != length) && validate && !dynantic_json_utf8_validate (text + plain, length - plain))
    return FALSE;
  begin_item (self);
  p = dynantic_string_extend (self->out, encoded_length + 2);
  *p++ = '{';
  memcpy (p, encoded, encoded_length);
  p[encoded_length] = '"';
  if (G_LIKELY (plain == length))
    {
      p = dynantic_string_extend (self->out, length + 2);
      memcpy (p, text, length);
      p[length] = '"';
      p[length + 1] = '}';
      return TRUE;
    }
  append_escaped_from (self->out, text, length, plain);
  p = dynantic_string_extend (self->out, 2);
  p[0] = '"';
  p[1] = '}';
  return TRUE;
}

void
dynantic_json_writer_int64 (DynanticJsonWriter *self,
                            gint64              value)
{
  char digits[24];

  begin_item (self);
  append_bytes (self->out, digits, dynantic_number_format_int64 (value, digits));
}

void
dynantic_json_writer_boolean (DynanticJsonWriter *self,
                              gboolean            value)
{
  begin_item (self);
  if (value)
    append_bytes (self->out, "true", 4);
  else
    append_bytes (self->out, "false", 5);
}

void
dynantic_json_writer_null (DynanticJsonWriter *self)
{
  begin_item (self);
  append_bytes (self->out, "null", 4);
}

void
dynantic_json_writer_raw (DynanticJsonWriter *self,
                          const char         *json,
                          gsize               length)
{
  begin_item (self);
  append_bytes (self->out, json, length);
}

/* ---- Reader ------------------------------------------------------------ */

/* Where the reader stands at each depth (depth 0: the document): what
 * comes next, and in what kind of container. */
enum {
  STATE_VALUE,        /* a value: the document's, or a member's after its name */
  STATE_DONE,         /* depth 0: the document's value was read, its end follows */
  STATE_FAILED,       /* depth 0: the reader stopped at an error */
  STATE_OBJECT_FIRST, /* just inside '{': a member name or '}' */
  STATE_OBJECT_NEXT,  /* after a member's value: ',' or '}' */
  STATE_ARRAY_FIRST,  /* just inside '[': a value or ']' */
  STATE_ARRAY_NEXT,   /* after an element: ',' or ']' */
};

/* How string bytes are scanned. */
enum {
  BYTE_PLAIN,
  BYTE_QUOTE,
  BYTE_BACKSLASH,
  BYTE_CONTROL,
  BYTE_MULTIBYTE,
  BYTE_INVALID,
};

static const guint8 string_bytes[256] = {
  [0x00 ... 0x1f] = BYTE_CONTROL,
  ['"'] = BYTE_QUOTE,
  ['\\'] = BYTE_BACKSLASH,
  [0x80 ... 0xc1] = BYTE_INVALID,
  [0xc2 ... 0xf4] = BYTE_MULTIBYTE,
  [0xf5 ... 0xff] = BYTE_INVALID,
};

void
dynantic_json_reader_init (DynanticJsonReader *self,
                           const char         *data,
                           gsize               length)
{
  memset (self, 0, sizeof *self);
  self->data = data;
  self->length = length;
  self->state[0] = STATE_VALUE;
}

void
dynantic_json_reader_clear (DynanticJsonReader *self)
{
  if (self->scratch != NULL)
    g_string_free (self->scratch, TRUE);
  self->scratch = NULL;
  g_clear_error (&self->error);
  self->text = NULL;
  self->text_length = 0;
}

static DynanticJsonToken
fail_at (DynanticJsonReader *self,
         const char         *reason)
{
  if (self->state[0] != STATE_FAILED)
    {
      g_clear_error (&self->error);
      g_set_error (&self->error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE,
                   /* Translators: %zu is an offset in bytes from the start of the response, %s says what is wrong
                      there, such as “invalid UTF-8” (a message translated on its own) */
                   _("Malformed JSON in the response at byte %zu: %s"),
                   self->pos, reason);
    }
  self->depth = 0;
  self->state[0] = STATE_FAILED;
  return DYNANTIC_JSON_ERROR;
}

void
dynantic_json_reader_stop (DynanticJsonReader *self)
{
  g_clear_error (&self->error);
  self->depth = 0;
  self->state[0] = STATE_FAILED;
}

static DynanticJsonToken
fail_truncated (DynanticJsonReader *self)
{
  return fail_at (self, _("the data ends too early"));
}

static inline void
skip_whitespace (DynanticJsonReader *self)
{
  const char *data = self->data;
  gsize pos = self->pos;

  /* compact JSON: the next byte is already the token's */
  if (G_LIKELY (pos < self->length && (guchar) data[pos] > ' '))
    return;
  while (pos < self->length &&
         (data[pos] == ' ' || data[pos] == '\n' || data[pos] == '\r' || data[pos] == '\t'))
    pos++;
  self->pos = pos;
}

gboolean
dynantic_json_reader_array_ends (DynanticJsonReader *self)
{
  skip_whitespace (self);
  return self->pos < self->length && self->data[self->pos] == ']';
}

static GString *
scratch (DynanticJsonReader *self)
{
  if (self->scratch == NULL)
    self->scratch = g_string_sized_new (256);
  return self->scratch;
}

static inline gboolean
is_continuation (guchar byte)
{
  return (byte & 0xc0) == 0x80;
}

/* The length of the UTF-8 sequence at @pos (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF), or 0 if it is malformed. */
static gsize
utf8_sequence_length (const guchar *bytes,
                      gsize         available)
{
  guchar lead = bytes[0];
  guchar low = 0x80, high = 0xbf;
  gsize length;

  if (lead < 0xe0)
    length = 2;
  else if (lead < 0xf0)
    {
      length = 3;
      if (lead == 0xe0)
        low = 0xa0;
      else if (lead == 0xed)
        high = 0x9f;
    }
  else
    {
      length = 4;
      if (lead == 0xf0)
        low = 0x90;
      else if (lead == 0xf4)
        high = 0x8f;
    }
  if (available < length || bytes[1] < low || bytes[1] > high)
    return 0;
  if (length > 2 && !is_continuation (bytes[2]))
    return 0;
  if (length > 3 && !is_continuation (bytes[3]))
    return 0;
  return length;
}

gboolean
dynantic_json_utf8_validate (const char *text,
                             gsize       length)
{
  const guchar *bytes = (const guchar *) text;
  gsize pos = 0;

  while ((pos = skip_ascii_words (text, pos, length)) < length)
    {
      gsize sequence = 1;

      if (bytes[pos] == '\0')
        return FALSE;
      if (bytes[pos] >= 0x80)
        {
          if (string_bytes[bytes[pos]] != BYTE_MULTIBYTE)
            return FALSE;
          sequence = utf8_sequence_length (bytes + pos, length - pos);
          if (sequence == 0)
            return FALSE;
        }
      pos += sequence;
    }
  return TRUE;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Four hex digits at @pos, or -1. */
static gint32
read_hex4 (DynanticJsonReader *self,
           gsize               pos)
{
  gint32 value = 0;
  gsize i;

  if (self->length - pos < 4)
    return -1;
  for (i = 0; i < 4; i++)
    {
      int digit = hex_value (self->data[pos + i]);

      if (digit < 0)
        return -1;
      value = value << 4 | digit;
    }
  return value;
}

/* A \uXXXX escape at self->pos (on the 'u'), with its low surrogate if it
 * is a high one; leaves pos after it. Returns the code point or -1. */
static gint32
read_unicode_escape (DynanticJsonReader *self)
{
  gint32 unit = read_hex4 (self, self->pos + 1);
  gint32 low;

  if (unit < 0)
    return -1;
  self->pos += 5;
  if (unit >= 0xdc00 && unit <= 0xdfff)
    return -1;
  if (unit < 0xd800 || unit > 0xdbff)
    return unit;
  if (self->length - self->pos < 2 || self->data[self->pos] != '\\' || self->data[self->pos + 1] != 'u')
    return -1;
  low = read_hex4 (self, self->pos + 2);
  if (low < 0xdc00 || low > 0xdfff)
    return -1;
  self->pos += 6;
  return 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
}

/* One escape sequence at self->pos (on the backslash): appended to @out
 * unescaped when @out is set. */
static gboolean
read_escape (DynanticJsonReader *self,
             GString            *out)
{
  char decoded;
  gint32 code_point;

  if (self->length - self->pos < 2)
    return FALSE;
  self->pos++;
  switch (self->data[self->pos])
    {
    case '"': decoded = '"'; break;
    case '\\': decoded = '\\'; break;
    case '/': decoded = '/'; break;
    case 'b': decoded = '\b'; break;
    case 'f': decoded = '\f'; break;
    case 'n': decoded = '\n'; break;
    case 'r': decoded = '\r'; break;
    case 't': decoded = '\t'; break;
    case 'u':
      code_point = read_unicode_escape (self);
      if (code_point < 0)
        return FALSE;
      if (out != NULL)
        g_string_append_unichar (out, code_point);
      return TRUE;
    default:
      return FALSE;
    }
  self->pos++;
  if (out != NULL)
    g_string_append_c (out, decoded);
  return TRUE;
}

/* Remembers the string that ended at self->pos (on its closing quote). */
static void
keep_text (DynanticJsonReader *self,
           gsize               start,
           gsize               run,
           gboolean            escaped)
{
  if (!escaped)
    {
      /* still inside the input: get_string() copies it out to add a NUL */
      self->text = self->data + start;
      self->text_length = self->pos - start;
      return;
    }
  g_string_append_len (self->scratch, self->data + run, self->pos - run);
  self->text = self->scratch->str;
  self->text_length = self->scratch->len;
}

/* The rest of a string that read_string() found to hold more than plain
 * ASCII: @start is where its text starts, self->pos where the scan
 * stopped. Unescaping happens only when there are escapes. */
static DynanticJsonToken
read_string_slowly (DynanticJsonReader *self,
                    gsize               start,
                    gboolean            keep)
{
  const guchar *bytes = (const guchar *) self->data;
  gsize run = start;
  gboolean escaped = FALSE;

  for (;;)
    {
      gsize pos = self->pos;
      gsize length;

      /* UTF-8 is validated byte by byte */
      pos = skip_plain_words (self->data, pos, self->length, TRUE);
      while (pos < self->length && string_bytes[bytes[pos]] == BYTE_PLAIN)
        pos++;
      self->pos = pos;
      if (pos >= self->length)
        return fail_truncated (self);

      switch (string_bytes[bytes[pos]])
        {
        case BYTE_QUOTE:
          if (keep)
            keep_text (self, start, run, escaped);
          self->pos++;
          return DYNANTIC_JSON_STRING;
        case BYTE_BACKSLASH:
          if (keep)
            {
              if (!escaped)
                g_string_truncate (scratch (self), 0);
              escaped = TRUE;
              g_string_append_len (self->scratch, self->data + run, pos - run);
            }
          if (!read_escape (self, keep ? self->scratch : NULL))
            return fail_at (self, _("invalid escape sequence"));
          run = self->pos;
          break;
        case BYTE_MULTIBYTE:
          length = utf8_sequence_length (bytes + pos, self->length - pos);
          if (length == 0)
            return fail_at (self, _("invalid UTF-8"));
          self->pos += length;
          break;
        case BYTE_CONTROL:
          return fail_at (self, _("unescaped control character in a string"));
        default:
          return fail_at (self, _("invalid UTF-8"));
        }
    }
}

/* A string at self->pos (on its opening quote); validates it, and keeps its
 * text when @keep. */
static inline DynanticJsonToken
read_string (DynanticJsonReader *self,
             gboolean            keep)
{
  gsize start = self->pos + 1;
  gsize pos = skip_plain_words (self->data, start, self->length, TRUE);

  /* plain ASCII up to the closing quote: the text stays in the input */
  if (G_LIKELY (pos < self->length && self->data[pos] == '"'))
    {
      if (keep)
        {
          self->text = self->data + start;
          self->text_length = pos - start;
        }
      self->pos = pos + 1;
      return DYNANTIC_JSON_STRING;
    }
  self->pos = pos;
  return read_string_slowly (self, start, keep);
}

static inline gboolean
skip_digits (DynanticJsonReader *self)
{
  const guchar *bytes = (const guchar *) self->data;
  gsize start = self->pos;
  gsize pos = start;

  while (pos < self->length && (guchar) (bytes[pos] - '0') < 10)
    pos++;
  self->pos = pos;
  return pos > start;
}

/* A number at self->pos, by RFC 8259's grammar:
 * -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
static gboolean
read_number (DynanticJsonReader *self)
{
  gsize start = self->pos;

  if (self->data[self->pos] == '-')
    self->pos++;
  if (self->pos < self->length && self->data[self->pos] == '0')
    self->pos++;
  else if (!skip_digits (self))
    return FALSE;
  if (self->pos < self->length && self->data[self->pos] == '.')
    {
      self->pos++;
      if (!skip_digits (self))
        return FALSE;
    }
  if (self->pos < self->length && (self->data[self->pos] == 'e' || self->data[self->pos] == 'E'))
    {
      self->pos++;
      if (self->pos < self->length && (self->data[self->pos] == '+' || self->data[self->pos] == '-'))
        self->pos++;
      if (!skip_digits (self))
        return FALSE;
    }
  self->text = self->data + start;
  self->text_length = self->pos - start;
  return TRUE;
}

static DynanticJsonToken
read_literal (DynanticJsonReader *self,
              const char         *word,
              gsize               length,
              DynanticJsonToken   token)
{
  if (self->length - self->pos < length)
    return fail_truncated (self);
  if (memcmp (self->data + self->pos, word, length) != 0)
    return fail_at (self, _("unexpected character"));
  self->pos += length;
  return token;
}

static DynanticJsonToken
open_reader_container (DynanticJsonReader *self,
                       guint8              state,
                       DynanticJsonToken   token)
{
  if (self->depth == DYNANTIC_JSON_MAX_DEPTH)
    return fail_at (self, _("nested too deeply"));
  self->pos++;
  self->state[++self->depth] = state;
  return token;
}

static inline DynanticJsonToken
close_reader_container (DynanticJsonReader *self,
                        DynanticJsonToken   token)
{
  self->pos++;
  self->depth--;
  return token;
}

/* A value starting with @c at self->pos (whitespace skipped); the caller
 * has set the state that follows it. */
static DynanticJsonToken
read_value (DynanticJsonReader *self,
            char                c,
            gboolean            keep)
{
  switch (c)
    {
    case '"':
      return read_string (self, keep);
    case '{':
      return open_reader_container (self, STATE_OBJECT_FIRST, DYNANTIC_JSON_BEGIN_OBJECT);
    case '[':
      return open_reader_container (self, STATE_ARRAY_FIRST, DYNANTIC_JSON_BEGIN_ARRAY);
    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      if (!read_number (self))
        return self->pos >= self->length ? fail_truncated (self) : fail_at (self, _("invalid number"));
      return DYNANTIC_JSON_NUMBER;
    case 't':
      return read_literal (self, "true", 4, DYNANTIC_JSON_TRUE);
    case 'f':
      return read_literal (self, "false", 5, DYNANTIC_JSON_FALSE);
    case 'n':
      return read_literal (self, "null", 4, DYNANTIC_JSON_NULL);
    default:
      return fail_at (self, _("unexpected character"));
    }
}

/* A member name and its colon at self->pos (whitespace skipped, not at
 * the end). */
static DynanticJsonToken
read_member (DynanticJsonReader *self,
             gboolean            keep)
{
  if (self->data[self->pos] != '"')
    return fail_at (self, _("a member name was expected"));
  if (read_string (self, keep) == DYNANTIC_JSON_ERROR)
    return DYNANTIC_JSON_ERROR;
  skip_whitespace (self);
  if (self->pos >= self->length)
    return fail_truncated (self);
  if (self->data[self->pos] != ':')
    return fail_at (self, _("a colon was expected"));
  self->pos++;
  self->state[self->depth] = STATE_VALUE;
  return DYNANTIC_JSON_MEMBER;
}

/* After the comma at self->pos: the whitespace that may follow it. FALSE
 * (having failed) when the data ends there. */
static inline gboolean
read_comma (DynanticJsonReader *self)
{
  self->pos++;
  skip_whitespace (self);
  if (G_LIKELY (self->pos < self->length))
    return TRUE;
  fail_truncated (self);
  return FALSE;
}

static DynanticJsonToken
fail_no_comma (DynanticJsonReader *self)
{
  return fail_at (self, _("a comma or a closing bracket was expected"));
}

/* One token, by what the state at the current depth says comes next. */
static DynanticJsonToken
read_token (DynanticJsonReader *self,
            gboolean            keep)
{
  guint8 *state = &self->state[self->depth];
  char c;

  if (G_UNLIKELY (*state == STATE_FAILED))
    return DYNANTIC_JSON_ERROR;
  skip_whitespace (self);
  if (G_UNLIKELY (self->pos >= self->length))
    return *state == STATE_DONE ? DYNANTIC_JSON_END : fail_truncated (self);
  c = self->data[self->pos];
  switch (*state)
    {
    case STATE_VALUE:
      *state = self->depth == 0 ? STATE_DONE : STATE_OBJECT_NEXT;
      return read_value (self, c, keep);
    case STATE_OBJECT_NEXT:
      if (c == '}')
        return close_reader_container (self, DYNANTIC_JSON_END_OBJECT);
      if (c != ',')
        return fail_no_comma (self);
      if (!read_comma (self))
        return DYNANTIC_JSON_ERROR;
      return read_member (self, keep);
    case STATE_OBJECT_FIRST:
      if (c == '}')
        return close_reader_container (self, DYNANTIC_JSON_END_OBJECT);
      return read_member (self, keep);
    case STATE_ARRAY_NEXT:
      if (c == ']')
        return close_reader_container (self, DYNANTIC_JSON_END_ARRAY);
      if (c != ',')
        return fail_no_comma (self);
      if (!read_comma (self))
        return DYNANTIC_JSON_ERROR;
      return read_value (self, self->data[self->pos], keep);
    case STATE_ARRAY_FIRST:
      if (c == ']')
        return close_reader_container (self, DYNANTIC_JSON_END_ARRAY);
      *state = STATE_ARRAY_NEXT;
      return read_value (self, c, keep);
    case STATE_DONE:
    default:
      return fail_at (self, _("data after the end of the document"));
    }
}

DynanticJsonToken
dynantic_json_reader_next (DynanticJsonReader *self)
{
  self->text = NULL;
  self->text_length = 0;
  return read_token (self, TRUE);
}

const char *
dynantic_json_reader_get_string (DynanticJsonReader *self,
                                 gsize              *length)
{
  g_return_val_if_fail (self->text != NULL, NULL);

  if (self->text == self->short_text || (self->scratch != NULL && self->text == self->scratch->str))
    ; /* already copied, with its NUL */
  else if (self->text_length < sizeof self->short_text)
    {
      /* text still in the input, which has no NUL after it */
      memcpy (self->short_text, self->text, self->text_length);
      self->short_text[self->text_length] = '\0';
      self->text = self->short_text;
    }
  else
    {
      GString *copy = scratch (self);

      g_string_set_size (copy, self->text_length);
      memcpy (copy->str, self->text, self->text_length);
      self->text = copy->str;
    }
  if (length != NULL)
    *length = self->text_length;
  return self->text;
}

const char *
dynantic_json_reader_get_text (DynanticJsonReader *self,
                               gsize              *length)
{
  g_return_val_if_fail (self->text != NULL, NULL);

  *length = self->text_length;
  return self->text;
}

/* The longest member name open_tagged() reads itself. */
#define TAG_MAX 8

gboolean
dynantic_json_reader_open_tagged (DynanticJsonReader  *self,
                                  const char         **name,
                                  gsize               *length)
{
  const char *data = self->data;
  guint depth = self->depth;
  gsize pos = self->pos;
  gsize start, end, i;
  guint8 after;

  switch (self->state[depth])
    {
    case STATE_VALUE:
      after = depth == 0 ? STATE_DONE : STATE_OBJECT_NEXT;
      break;
    case STATE_ARRAY_FIRST:
      after = STATE_ARRAY_NEXT;
      break;
    case STATE_ARRAY_NEXT:
      if (pos >= self->length || data[pos] != ',')
        return FALSE;
      pos++;
      after = STATE_ARRAY_NEXT;
      break;
    default:
      return FALSE;
    }
  if (depth >= DYNANTIC_JSON_MAX_DEPTH || self->length - pos < 4 || data[pos] != '{' || data[pos + 1] != '"')
    return FALSE;
  start = pos + 2;
  end = MIN (self->length, start + TAG_MAX);
  for (i = start; i < end && data[i] != '"'; i++)
    if ((guchar) data[i] <= ' ' || (guchar) data[i] >= 0x7f || data[i] == '\\')
      return FALSE;
  if (i >= end || i + 1 >= self->length || data[i + 1] != ':')
    return FALSE;

  self->state[depth] = after;
  self->state[++self->depth] = STATE_VALUE;
  self->text = data + start;
  self->text_length = i - start;
  self->pos = i + 2;
  *name = self->text;
  *length = self->text_length;
  return TRUE;
}

gboolean
dynantic_json_reader_close_object (DynanticJsonReader *self)
{
  if (G_LIKELY (self->state[self->depth] == STATE_OBJECT_NEXT &&
                self->pos < self->length && self->data[self->pos] == '}'))
    {
      self->text = NULL;
      self->text_length = 0;
      close_reader_container (self, DYNANTIC_JSON_END_OBJECT);
      return TRUE;
    }
  return dynantic_json_reader_next (self) == DYNANTIC_JSON_END_OBJECT;
}

gboolean
dynantic_json_reader_skip_value (DynanticJsonReader *self)
{
  guint depth = self->depth;
  DynanticJsonToken token = read_token (self, FALSE);

  self->text = NULL;
  switch (token)
    {
    case DYNANTIC_JSON_BEGIN_OBJECT:
    case DYNANTIC_JSON_BEGIN_ARRAY:
      while (self->depth > depth)
        if (read_token (self, FALSE) == DYNANTIC_JSON_ERROR)
          return FALSE;
      return TRUE;
    case DYNANTIC_JSON_STRING:
    case DYNANTIC_JSON_NUMBER:
    case DYNANTIC_JSON_TRUE:
    case DYNANTIC_JSON_FALSE:
    case DYNANTIC_JSON_NULL:
      self->text = NULL;
      return TRUE;
    case DYNANTIC_JSON_ERROR:
      return FALSE;
    default:
      fail_at (self, _("a value was expected"));
      return FALSE;
    }
}

gsize
dynantic_json_reader_mark (DynanticJsonReader *self)
{
  if (self->state[0] != STATE_FAILED)
    skip_whitespace (self);
  return self->pos;
}

const char *
dynantic_json_reader_text_since (DynanticJsonReader *self,
                                 gsize               mark,
                                 gsize              *length)
{
  /* After an array's first element, reading the value read the comma
   * (and the whitespace after it) that comes before it. */
  while (mark < self->pos && (self->data[mark] == ',' || g_ascii_isspace (self->data[mark])))
    mark++;
  *length = self->pos - mark;
  return self->data + mark;
}

gboolean
dynantic_json_reader_capture_value (DynanticJsonReader  *self,
                                    const char         **start,
                                    gsize               *length)
{
  gsize mark = dynantic_json_reader_mark (self);

  if (!dynantic_json_reader_skip_value (self))
    return FALSE;
  *start = dynantic_json_reader_text_since (self, mark, length);
  return TRUE;
}

gboolean
dynantic_json_reader_find_member (DynanticJsonReader  *self,
                                  const char          *name,
                                  gboolean            *found,
                                  GError             **error)
{
  DynanticJsonToken token;

  *found = FALSE;
  if (dynantic_json_reader_next (self) != DYNANTIC_JSON_BEGIN_OBJECT)
    return dynantic_json_reader_fail (self, _("a JSON object"), error);

  while ((token = dynantic_json_reader_next (self)) == DYNANTIC_JSON_MEMBER)
    {
      if (strcmp (dynantic_json_reader_get_string (self, NULL), name) == 0)
        {
          *found = TRUE;
          return TRUE;
        }
      if (!dynantic_json_reader_skip_value (self))
        return dynantic_json_reader_fail (self, _("a value"), error);
    }
  return token == DYNANTIC_JSON_END_OBJECT ||
         dynantic_json_reader_fail (self, _("a member or the end of the object"), error);
}

gboolean
dynantic_json_reader_expect (DynanticJsonReader  *self,
                             DynanticJsonToken    token,
                             const char          *what,
                             GError             **error)
{
  return dynantic_json_reader_next (self) == token ||
         dynantic_json_reader_fail (self, _(what), error);
}

const GError *
dynantic_json_reader_get_error (DynanticJsonReader *self)
{
  return self->error;
}

gboolean
dynantic_json_reader_fail (DynanticJsonReader  *self,
                           const char          *what,
                           GError             **error)
{
  if (self->error == NULL)
    {
      g_set_error (&self->error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE,
                   /* Translators: %zu is an offset in bytes from the start of the response, %s what was expected
                      there, such as “a JSON object” (a message translated on its own) */
                   _("Unexpected JSON in the response at byte %zu: %s was expected"),
                   self->pos, what);
      self->depth = 0;
      self->state[0] = STATE_FAILED;
    }
  /* a caller that refused the document has reported why already */
  if (error != NULL && *error != NULL)
    g_clear_error (&self->error);
  else
    g_propagate_error (error, g_steal_pointer (&self->error));
  return FALSE;
}

const char *
dynantic_json_object_get_string (JsonObject *object,
                                 const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}
