/* dynantic-json-private.h: a fast JSON writer and pull reader for DynamoDB's wire format
 *
 * The model layer encodes requests and decodes responses with these, straight
 * between property values and bytes, without building a DOM. json-glib stays
 * for the public JsonObject call primitive.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <string.h>

G_BEGIN_DECLS

/* DynamoDB nests up to 31 maps/lists inside an attribute (32 levels with the
 * innermost scalar); each costs two JSON levels ({"M":{...}}), inside up to 7
 * levels of request or response envelope (BatchWriteItem's RequestItems ->
 * table -> [ -> PutRequest -> Item). 64 would refuse items DynamoDB accepts. */
#define DYNANTIC_JSON_MAX_DEPTH 128

/* Grows @out by @n bytes and returns where they go: one capacity check
 * inline, where GString's append is a call into GLib's general insert per
 * piece. For the JSON writer and the GVariant serializer. GString's str,
 * len and allocated_len are public fields; within the capacity this sets
 * len and the NUL after it as g_string_set_size() does, without the call
 * into GLib per piece, which measured 508 instructions more per GetItem,
 * 846 per PutItem and 766 per codec item (bench/instructions.sh: 339,422
 * -> 339,930, 331,438 -> 332,284, 50,211 -> 50,977). The one place
 * Dynantic writes a GString's fields. */
static inline char *
dynantic_string_extend (GString *out,
                        gsize    n)
{
  gsize length = out->len;

  if (G_UNLIKELY (length + n >= out->allocated_len))
    g_string_set_size (out, length + n);
  else
    {
      out->len = length + n;
      out->str[out->len] = '\0';
    }
  return out->str + length;
}

/* Writer: appends compact JSON to a GString. Commas are placed for you; the
 * caller keeps objects and arrays balanced. */
typedef struct {
  GString *out;
  guint    depth;
  gboolean need_comma[DYNANTIC_JSON_MAX_DEPTH + 1];
} DynanticJsonWriter;

void dynantic_json_writer_init         (DynanticJsonWriter *self,
                                        GString            *out);
void dynantic_json_writer_begin_object (DynanticJsonWriter *self);
void dynantic_json_writer_end_object   (DynanticJsonWriter *self);
void dynantic_json_writer_begin_array  (DynanticJsonWriter *self);
void dynantic_json_writer_end_array    (DynanticJsonWriter *self);
/* An object member's name; the next call writes its value. */
void dynantic_json_writer_member       (DynanticJsonWriter *self,
                                        const char         *name);
/* The same, of @length bytes. */
void dynantic_json_writer_member_length (DynanticJsonWriter *self,
                                         const char         *name,
                                         gsize               length);
/* An object member's name already written as JSON, with its colon
 * (`"name":`, @length bytes): for names known in advance. */
void dynantic_json_writer_member_encoded (DynanticJsonWriter *self,
                                          const char         *encoded,
                                          gsize               length);
/* A member name given as a string literal of plain ASCII (no quote, no
 * backslash, no control character), encoded when compiled. */
#define dynantic_json_writer_member_literal(self, name) \
  dynantic_json_writer_member_encoded ((self), "\"" name "\":", sizeof ("\"" name "\":") - 1)
/* A string value; @text is valid UTF-8 of @length bytes (-1: NUL-terminated).
 * Escapes what JSON requires (quotes, backslash, control characters). */
void dynantic_json_writer_string       (DynanticJsonWriter *self,
                                        const char         *text,
                                        gssize              length);
/* `{` @encoded `"text"}`: an object of one member whose name is already
 * encoded as for member_encoded(), its value the string @text of @length
 * bytes -- DynamoDB's {"S":"..."} -- escaped as JSON requires, in one pass
 * over the text when it is plain ASCII (no escape, no byte above 0x7f),
 * else over what follows its plain start. With @validate, text that is
 * not UTF-8 as dynantic_json_utf8_validate() has it writes nothing and
 * gives FALSE. */
gboolean dynantic_json_writer_tagged_string (DynanticJsonWriter *self,
                                             const char         *encoded,
                                             gsize               encoded_length,
                                             const char         *text,
                                             gsize               length,
                                             gboolean            validate);
void dynantic_json_writer_int64        (DynanticJsonWriter *self,
                                        gint64              value);
void dynantic_json_writer_boolean      (DynanticJsonWriter *self,
                                        gboolean            value);
void dynantic_json_writer_null         (DynanticJsonWriter *self);
/* A value already encoded as JSON (e.g. an unknown attribute kept verbatim). */
void dynantic_json_writer_raw          (DynanticJsonWriter *self,
                                        const char         *json,
                                        gsize               length);

/* Whether @text (@length bytes) is UTF-8 as RFC 3629 has it (no overlongs,
 * surrogates or code points above U+10FFFF) without NUL bytes: what
 * g_utf8_validate_len() accepts, checked eight ASCII bytes at a time. */
gboolean dynantic_json_utf8_validate   (const char         *text,
                                        gsize               length);

/* Reader: a pull parser over one buffer. It validates as it goes (UTF-8,
 * escapes, nesting up to DYNANTIC_JSON_MAX_DEPTH, numbers' syntax, trailing
 * garbage) and never reads past @length; on any fault it returns
 * DYNANTIC_JSON_ERROR and keeps a DYNANTIC_ERROR_BAD_RESPONSE error. */
typedef enum {
  DYNANTIC_JSON_ERROR,
  DYNANTIC_JSON_BEGIN_OBJECT,
  DYNANTIC_JSON_END_OBJECT,
  DYNANTIC_JSON_BEGIN_ARRAY,
  DYNANTIC_JSON_END_ARRAY,
  DYNANTIC_JSON_MEMBER,       /* an object member's name: get_string() */
  DYNANTIC_JSON_STRING,       /* get_string() */
  DYNANTIC_JSON_NUMBER,       /* get_string() gives its text, unchanged */
  DYNANTIC_JSON_TRUE,
  DYNANTIC_JSON_FALSE,
  DYNANTIC_JSON_NULL,
  DYNANTIC_JSON_END,          /* the document ended well */
} DynanticJsonToken;

typedef struct {
  /*< private >*/
  const char *data;
  gsize       length;
  gsize       pos;
  guint       depth;
  guint8      state[DYNANTIC_JSON_MAX_DEPTH + 1];
  GString    *scratch;     /* unescaped strings, and long texts get_string() copies */
  char        short_text[64]; /* short texts get_string() copies, with their NUL */
  const char *text;
  gsize       text_length;
  GError     *error;
} DynanticJsonReader;

void               dynantic_json_reader_init          (DynanticJsonReader *self,
                                                       const char         *data,
                                                       gsize               length);
void               dynantic_json_reader_clear         (DynanticJsonReader *self);
DynanticJsonToken  dynantic_json_reader_next          (DynanticJsonReader *self);
/* The unescaped text of the last MEMBER, STRING or NUMBER; valid until the
 * next call. Never NULL after such a token; NUL-terminated. */
const char        *dynantic_json_reader_get_string    (DynanticJsonReader *self,
                                                       gsize              *length);
/* The same text without the copy get_string() may need for its NUL: @length
 * bytes, NOT NUL-terminated, valid until the next call. For comparing names
 * and copying values out. */
const char        *dynantic_json_reader_get_text      (DynanticJsonReader *self,
                                                       gsize              *length);
/* Whether the array the reader is in ends before its next element: a look
 * at the next token that consumes nothing but whitespace. For loops over
 * elements whose reader expects to read the element's first token itself. */
gboolean           dynantic_json_reader_array_ends    (DynanticJsonReader *self);
/* Reads `{"name":` (BEGIN_OBJECT and its first MEMBER) in one step when
 * the value that follows starts so, compactly, with a short name of plain
 * ASCII: DynamoDB's {"S": ...}. Otherwise returns FALSE having consumed
 * nothing, and the caller reads the same tokens with next(). @name is as
 * get_text() gives it. */
gboolean           dynantic_json_reader_open_tagged   (DynanticJsonReader  *self,
                                                       const char         **name,
                                                       gsize               *length);
/* Whether the next token is END_OBJECT (consumed, as next() would). */
gboolean           dynantic_json_reader_close_object  (DynanticJsonReader *self);
/* Skips the value that follows (after MEMBER, or in an array): whole objects
 * and arrays included. */
gboolean           dynantic_json_reader_skip_value    (DynanticJsonReader *self);
/* Where the value that follows starts, for text_since() once it is read
 * (after MEMBER, or in an array). */
gsize              dynantic_json_reader_mark          (DynanticJsonReader *self);
/* The raw bytes read since @mark: the value read whole after it. */
const char        *dynantic_json_reader_text_since    (DynanticJsonReader *self,
                                                       gsize               mark,
                                                       gsize              *length);
/* Like skip_value(), and gives the raw bytes of the skipped value. */
gboolean           dynantic_json_reader_capture_value (DynanticJsonReader *self,
                                                       const char        **start,
                                                       gsize              *length);
/* Reads the object that is the next value up to its member @name and
 * leaves the reader before that member's value (*found TRUE), or reads the
 * whole object when it has no such member (*found FALSE). For responses
 * whose one interesting member is "Item" or "Attributes". */
gboolean           dynantic_json_reader_find_member   (DynanticJsonReader  *self,
                                                       const char          *name,
                                                       gboolean            *found,
                                                       GError             **error);
/* Reads the next token; when it is not @token, fails saying @what (a
 * string marked with N_(), translated only on failure) was expected. */
gboolean           dynantic_json_reader_expect        (DynanticJsonReader  *self,
                                                       DynanticJsonToken    token,
                                                       const char          *what,
                                                       GError             **error);
/* Stops the reader as at a fault, for well-formed JSON the caller refuses
 * (and reports itself): next() gives DYNANTIC_JSON_ERROR from now on. */
void               dynantic_json_reader_stop          (DynanticJsonReader *self);
/* The reader's error after DYNANTIC_JSON_ERROR (transfer none). */
const GError      *dynantic_json_reader_get_error     (DynanticJsonReader *self);
/* Moves the reader's error into @error, or sets one saying @what was
 * expected when the reader has none. Returns FALSE, for `return`. */
gboolean           dynantic_json_reader_fail          (DynanticJsonReader  *self,
                                                       const char          *what,
                                                       GError             **error);

/* json-glib DOMs of what a server or a process sent ---------------------- */

/* The string member @name of @object, or NULL when it is absent or holds
 * anything else. Unlike json_object_get_string_member_with_default(), a
 * member holding an object or an array is no programming error here: the
 * other side chose it. */
const char        *dynantic_json_object_get_string    (JsonObject         *object,
                                                       const char         *name);

G_END_DECLS
