/* dynantic-item-size.c: an item's size as DynamoDB counts it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "dynantic-attribute-value-private.h"
#include "dynantic-i18n-private.h"
#include "dynantic-item-size-private.h"

/* @x / 2, rounded down (C rounds toward zero). */
static gint64
half_down (gint64 x)
{
  return x >= 0 ? x / 2 : -((-x + 1) / 2);
}

/* A number 0.D1..Dn x 10^e has digits at the places 10^(e-1) down to
 * 10^(e-n): DynamoDB stores the base-100 digits they span. */
static gsize
number_size (const char *text,
             gsize       length)
{
  DynanticDecimal decimal;

  if (dynantic_number_parse (text, length, &decimal) == DYNANTIC_NUMBER_SYNTAX || decimal.n_digits == 0)
    return 1;
  return (gsize) (half_down (decimal.exponent - 1) - half_down (decimal.exponent - (gint64) decimal.n_digits) + 1) +
         1 + (decimal.negative ? 1 : 0);
}

/* Base64's raw bytes: three per quad, less its padding. */
static gsize
binary_size (const char *text,
             gsize       length)
{
  gsize padding = 0;

  while (padding < 2 && padding < length && text[length - 1 - padding] == '=')
    padding++;
  return length / 4 * 3 - padding;
}

static gboolean value_size (DynanticAvReading *r,
                            gsize             *size);

/* The members of an L or M after its kind: three bytes, and one per
 * element with its key and value. */
static gboolean
container_size (DynanticAvReading *r,
                gboolean           map,
                gsize             *size)
{
  DynanticJsonToken token;

  if (dynantic_json_reader_next (r->reader) != (map ? DYNANTIC_JSON_BEGIN_OBJECT : DYNANTIC_JSON_BEGIN_ARRAY))
    return FALSE;
  *size += 3;
  for (;;)
    {
      gsize length = 0;

      if (map)
        {
          token = dynantic_json_reader_next (r->reader);
          if (token == DYNANTIC_JSON_END_OBJECT)
            return TRUE;
          if (token != DYNANTIC_JSON_MEMBER)
            return FALSE;
          dynantic_json_reader_get_text (r->reader, &length);
        }
      else if (dynantic_json_reader_array_ends (r->reader))
        return dynantic_json_reader_next (r->reader) == DYNANTIC_JSON_END_ARRAY;
      *size += 1 + length;
      if (!value_size (r, size))
        return FALSE;
    }
}

/* The members of a set after its kind. */
static gboolean
set_size (DynanticAvReading *r,
          DynanticAvKind     kind,
          gsize             *size)
{
  DynanticJsonToken token;

  if (dynantic_json_reader_next (r->reader) != DYNANTIC_JSON_BEGIN_ARRAY)
    return FALSE;
  while ((token = dynantic_json_reader_next (r->reader)) == DYNANTIC_JSON_STRING)
    {
      gsize length;
      const char *text = dynantic_json_reader_get_text (r->reader, &length);

      *size += kind == DYNANTIC_AV_SS ? length : kind == DYNANTIC_AV_NS ? number_size (text, length)
                                                                        : binary_size (text, length);
    }
  return token == DYNANTIC_JSON_END_ARRAY;
}

/* One AttributeValue. */
static gboolean
value_size (DynanticAvReading *r,
            gsize             *size)
{
  DynanticAvKind kind;
  const char *text;
  gsize length;
  gboolean ok;

  if (dynantic_av_read_start (r, &kind) != DYNANTIC_AV_OK)
    return FALSE;
  switch (kind)
    {
    case DYNANTIC_AV_S:
    case DYNANTIC_AV_N:
    case DYNANTIC_AV_B:
      ok = dynantic_json_reader_next (r->reader) == DYNANTIC_JSON_STRING;
      if (ok)
        {
          text = dynantic_json_reader_get_text (r->reader, &length);
          *size += kind == DYNANTIC_AV_S ? length : kind == DYNANTIC_AV_N ? number_size (text, length)
                                                                          : binary_size (text, length);
        }
      break;
    case DYNANTIC_AV_BOOL:
    case DYNANTIC_AV_NULL:
      ok = dynantic_json_reader_skip_value (r->reader);
      *size += 1;
      break;
    case DYNANTIC_AV_M:
    case DYNANTIC_AV_L:
      ok = container_size (r, kind == DYNANTIC_AV_M, size);
      break;
    default:
      ok = set_size (r, kind, size);
      break;
    }
  return ok && dynantic_json_reader_close_object (r->reader);
}

gboolean
dynantic_item_size (const char  *json,
                    gsize        length,
                    gsize       *size,
                    GError     **error)
{
  DynanticJsonReader reader;
  DynanticAvReading r = { &reader, "", NULL, 0 };
  DynanticJsonToken token;
  gboolean ok;

  while (length > 0 && (*json == ',' || g_ascii_isspace (*json)))
    json++, length--;
  *size = 0;
  dynantic_json_reader_init (&reader, json, length);
  ok = dynantic_json_reader_next (&reader) == DYNANTIC_JSON_BEGIN_OBJECT;
  while (ok && (token = dynantic_json_reader_next (&reader)) == DYNANTIC_JSON_MEMBER)
    {
      dynantic_json_reader_get_text (&reader, &length);
      *size += length;
      ok = value_size (&r, size);
    }
  ok = ok && token == DYNANTIC_JSON_END_OBJECT;
  if (!ok)
    dynantic_json_reader_fail (&reader, _("an item"), error);
  dynantic_json_reader_clear (&reader);
  return ok;
}
