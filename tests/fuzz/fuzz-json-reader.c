/* fuzz-json-reader.c: the JSON pull reader on arbitrary bytes
 *
 * Checks, beyond "no crash, no leak, no read past the end":
 * - the text of every MEMBER/STRING/NUMBER is NUL-terminated at its length;
 * - reading with capture_value() agrees with reading token by token, and
 *   every captured value is a complete JSON document on its own;
 * - a document read well, written again with the writer, reads back to the
 *   same tokens (the writer's escaping against the reader's unescaping).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dynantic-json-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define CHECK(condition) do { if (!(condition)) abort (); } while (0)

/* Every token of @json into @log (kind, length, text), with its writer
 * echo into @echo when set; returns the last token (END or ERROR). */
static DynanticJsonToken
read_all (const char *json,
          gsize       length,
          GString    *log,
          GString    *echo,
          gboolean   *member_with_nul)
{
  DynanticJsonReader reader;
  DynanticJsonWriter writer;
  DynanticJsonToken token;

  dynantic_json_reader_init (&reader, json, length);
  if (echo != NULL)
    dynantic_json_writer_init (&writer, echo);
  do
    {
      const char *text = NULL;
      gsize text_length = 0;

      token = dynantic_json_reader_next (&reader);
      g_string_append_printf (log, "%d:", token);
      if (token == DYNANTIC_JSON_MEMBER || token == DYNANTIC_JSON_STRING || token == DYNANTIC_JSON_NUMBER)
        {
          text = dynantic_json_reader_get_string (&reader, &text_length);
          CHECK (text != NULL && text[text_length] == '\0');
          g_string_append_printf (log, "%" G_GSIZE_FORMAT ":", text_length);
          g_string_append_len (log, text, text_length);
          if (token == DYNANTIC_JSON_MEMBER && memchr (text, '\0', text_length) != NULL)
            *member_with_nul = TRUE;
        }
      g_string_append_c (log, '\n');
      if (echo == NULL)
        continue;
      switch (token)
        {
        case DYNANTIC_JSON_BEGIN_OBJECT: dynantic_json_writer_begin_object (&writer); break;
        case DYNANTIC_JSON_END_OBJECT: dynantic_json_writer_end_object (&writer); break;
        case DYNANTIC_JSON_BEGIN_ARRAY: dynantic_json_writer_begin_array (&writer); break;
        case DYNANTIC_JSON_END_ARRAY: dynantic_json_writer_end_array (&writer); break;
        case DYNANTIC_JSON_MEMBER: dynantic_json_writer_member (&writer, text); break;
        case DYNANTIC_JSON_STRING: dynantic_json_writer_string (&writer, text, text_length); break;
        case DYNANTIC_JSON_NUMBER: dynantic_json_writer_raw (&writer, text, text_length); break;
        case DYNANTIC_JSON_TRUE: dynantic_json_writer_boolean (&writer, TRUE); break;
        case DYNANTIC_JSON_FALSE: dynantic_json_writer_boolean (&writer, FALSE); break;
        case DYNANTIC_JSON_NULL: dynantic_json_writer_null (&writer); break;
        case DYNANTIC_JSON_ERROR:
        case DYNANTIC_JSON_END:
        default:
          break;
        }
    }
  while (token != DYNANTIC_JSON_END && token != DYNANTIC_JSON_ERROR);
  CHECK ((token == DYNANTIC_JSON_ERROR) == (dynantic_json_reader_get_error (&reader) != NULL));
  dynantic_json_reader_clear (&reader);
  return token;
}

static gboolean
is_complete_document (const char *json,
                      gsize       length)
{
  g_autoptr(GString) log = g_string_new (NULL);
  gboolean member_with_nul = FALSE;

  return read_all (json, length, log, NULL, &member_with_nul) == DYNANTIC_JSON_END;
}

/* Reads with capture_value() after every member name and at the top. */
static DynanticJsonToken
read_capturing (const char *json,
                gsize       length)
{
  DynanticJsonReader reader;
  DynanticJsonToken token = DYNANTIC_JSON_ERROR;
  const char *start;
  gsize captured;

  dynantic_json_reader_init (&reader, json, length);
  if (length % 2 == 0)
    {
      /* the whole document in one capture */
      if (dynantic_json_reader_capture_value (&reader, &start, &captured))
        {
          CHECK (start >= json && start + captured <= json + length);
          CHECK (is_complete_document (start, captured));
          token = dynantic_json_reader_next (&reader);
        }
      dynantic_json_reader_clear (&reader);
      return token == DYNANTIC_JSON_END ? DYNANTIC_JSON_END : DYNANTIC_JSON_ERROR;
    }
  do
    {
      token = dynantic_json_reader_next (&reader);
      if (token == DYNANTIC_JSON_MEMBER)
        {
          if (!dynantic_json_reader_capture_value (&reader, &start, &captured))
            {
              token = DYNANTIC_JSON_ERROR;
              break;
            }
          CHECK (start >= json && start + captured <= json + length);
          CHECK (is_complete_document (start, captured));
        }
    }
  while (token != DYNANTIC_JSON_END && token != DYNANTIC_JSON_ERROR);
  dynantic_json_reader_clear (&reader);
  return token;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* an exact-size copy: any read past the end is caught */
  char *json = g_memdup2 (data, size ? size : 1);
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GString) echo = g_string_new (NULL);
  gboolean member_with_nul = FALSE;
  DynanticJsonToken last = read_all (json, size, log, echo, &member_with_nul);

  CHECK ((read_capturing (json, size) == DYNANTIC_JSON_END) == (last == DYNANTIC_JSON_END));
  if (last == DYNANTIC_JSON_END && !member_with_nul)
    {
      g_autoptr(GString) echo_log = g_string_new (NULL);
      gboolean unused = FALSE;

      CHECK (read_all (echo->str, echo->len, echo_log, NULL, &unused) == DYNANTIC_JSON_END);
      CHECK (g_string_equal (echo_log, log));
    }
  g_free (json);
  return 0;
}
