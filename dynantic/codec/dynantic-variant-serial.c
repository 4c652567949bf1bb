/* dynantic-variant-serial.c: GVariant values written and walked in their serialized form
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic-variant-serial-private.h"

void
dynantic_variant_serial_align (GString *data,
                               gsize    alignment)
{
  gsize padding = (alignment - (data->len & (alignment - 1))) & (alignment - 1);

  if (padding == 0)
    return;
  g_string_set_size (data, data->len + padding);
  memset (data->str + data->len - padding, 0, padding);
}

void
dynantic_variant_serial_end_variant (GString    *data,
                                     const char *type)
{
  /* the NUL that separates the value from its type, then the type */
  gsize length = strlen (type);
  char *p = dynantic_string_extend (data, length + 1);

  p[0] = '\0';
  memcpy (p + 1, type, length);
}

gsize
dynantic_variant_serial_offset_width (gsize size)
{
  if (size <= G_MAXUINT8)
    return 1;
  if (size <= G_MAXUINT16)
    return 2;
  if (size <= G_MAXUINT32)
    return 4;
  return 8;
}

void
dynantic_variant_frame_init (DynanticVariantFrame *frame,
                             GString              *data)
{
  frame->start = data->len;
  frame->n = 0;
  frame->allocated = G_N_ELEMENTS (frame->inline_ends);
  frame->ends = frame->inline_ends;
}

void
dynantic_variant_frame_add_end (DynanticVariantFrame *frame,
                                GString              *data)
{
  if (G_UNLIKELY (frame->n == frame->allocated))
    {
      frame->allocated *= 2;
      if (frame->ends != frame->inline_ends)
        frame->ends = g_renew (gsize, frame->ends, frame->allocated);
      else
        frame->ends = memcpy (g_new (gsize, frame->allocated), frame->inline_ends, sizeof frame->inline_ends);
    }
  frame->ends[frame->n++] = data->len - frame->start;
}

void
dynantic_variant_frame_clear (DynanticVariantFrame *frame)
{
  if (frame->ends != frame->inline_ends)
    g_free (frame->ends);
  frame->ends = frame->inline_ends;
  frame->n = 0;
}

/* The width of the offsets of a container whose children take @body bytes
 * and that has @n offsets: the smallest in which the total size fits. */
static gsize
offset_width (gsize body,
              gsize n)
{
  gsize width = 1;

  while (width < 8 && dynantic_variant_serial_offset_width (body + width * n) > width)
    width *= 2;
  return width;
}

void
dynantic_variant_frame_close (DynanticVariantFrame *frame,
                              GString              *data)
{
  gsize width = offset_width (data->len - frame->start, frame->n);
  gsize at = data->len;

  g_string_set_size (data, at + width * frame->n);
  for (gsize i = 0; i < frame->n; i++, at += width)
    {
      guint64 offset = GUINT64_TO_LE ((guint64) frame->ends[i]);

      /* little-endian: the low @width bytes come first */
      memcpy (data->str + at, &offset, width);
    }
  dynantic_variant_frame_clear (frame);
}

GVariant *
dynantic_variant_serial_finish (char       *data,
                                gsize       size,
                                const char *type)
{
  /* Untrusted: the bytes were made from what a server sent, so GLib checks
   * them as it reads them (and once whole, when the value is written back
   * through its serialized form). The type string is ours: no
   * G_VARIANT_TYPE() check. */
  return g_variant_ref_sink (g_variant_new_from_data ((const GVariantType *) type, data, size,
                                                      FALSE, g_free, data));
}

/* ---- Reading */

static inline gsize
read_offset (const guchar *at,
             gsize         width)
{
  guint64 offset = 0;

  for (gsize i = 0; i < width; i++)
    offset |= (guint64) at[i] << (8 * i);
  return offset;
}

gboolean
dynantic_variant_array_init (DynanticVariantArray *array,
                             const guchar         *data,
                             gsize                 size,
                             gsize                 alignment)
{
  array->data = data;
  array->alignment = alignment;
  array->end = 0;
  array->n = 0;
  array->offsets = 0;
  array->width = 1;
  if (size == 0)
    return TRUE;
  array->width = dynantic_variant_serial_offset_width (size);
  if (array->width > size)
    return FALSE;
  array->offsets = read_offset (data + size - array->width, array->width);
  if (array->offsets >= size || (size - array->offsets) % array->width != 0)
    return FALSE;
  array->n = (size - array->offsets) / array->width;
  return TRUE;
}

gboolean
dynantic_variant_array_child (DynanticVariantArray  *array,
                              gsize                  i,
                              const guchar         **data,
                              gsize                 *size)
{
  gsize start = (array->end + array->alignment - 1) & ~(array->alignment - 1);
  gsize end = read_offset (array->data + array->offsets + i * array->width, array->width);

  if (start > end || end > array->offsets)
    return FALSE;
  *data = array->data + start;
  *size = end - start;
  array->end = end;
  return TRUE;
}

gboolean
dynantic_variant_serial_entry (const guchar  *data,
                               gsize          size,
                               const char   **key,
                               const guchar **value,
                               gsize         *value_size)
{
  gsize width = dynantic_variant_serial_offset_width (size);
  gsize key_end;

  if (size < width)
    return FALSE;
  key_end = read_offset (data + size - width, width);
  if (key_end == 0 || key_end > size - width || data[key_end - 1] != '\0')
    return FALSE;
  *key = (const char *) data;
  *value = data + ((key_end + 7) & ~(gsize) 7);
  if (*value > data + size - width)
    return FALSE;
  *value_size = data + size - width - *value;
  return TRUE;
}
