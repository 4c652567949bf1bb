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
   * them as it reads them. The type string is ours: no G_VARIANT_TYPE()
   * check. */
  return g_variant_ref_sink (g_variant_new_from_data ((const GVariantType *) type, data, size,
                                                      FALSE, g_free, data));
}

