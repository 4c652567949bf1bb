/* dynantic-variant-serial.c: GVariant values written in their serialized form
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
  g_string_append_c (data, '\0');
  g_string_append (data, type);
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
  if (body + n <= G_MAXUINT8)
    return 1;
  if (body + 2 * n <= G_MAXUINT16)
    return 2;
  if (body + 4 * n <= G_MAXUINT32)
    return 4;
  return 8;
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
dynantic_variant_serial_finish (GString    *data,
                                const char *type)
{
  GBytes *bytes = g_string_free_to_bytes (data);
  GVariant *variant = g_variant_new_from_bytes (G_VARIANT_TYPE (type), bytes, TRUE);

  g_bytes_unref (bytes);
  return g_variant_ref_sink (variant);
}
