/* dynantic-variant-serial-private.h: GVariant values written in their serialized form
 *
 * Building a list or map read from DynamoDB through GVariantBuilder costs a
 * GVariant (with its GBytes) per member, another for the "v" around it, and
 * frees them one by one. The value reader writes the whole value's
 * serialized form into one buffer instead, in GVariant's normal form, and
 * wraps it once (g_variant_new_from_data(), untrusted: GLib checks what it
 * reads): one value to free.
 *
 * The format is the GVariant Specification's ("Serialisation"), as GLib's
 * gvariant-serialiser.c writes it:
 *  - fixed-size values (b: one byte 0/1, x t d: eight bytes, host order)
 *    and strings (the bytes and a NUL) stand as they are;
 *  - a "v" is its child's serialized form, a NUL, then the child's type
 *    string; "mv" (Nothing) is empty;
 *  - an array of fixed-size elements is their concatenation; of
 *    variable-size ones, each element aligned to the element type's
 *    alignment, then the end offset of each (from the array's start);
 *  - a dict entry {sv}: the key, padding to 8, the value, then the key's
 *    end offset;
 *  - offsets are little-endian, all of the smallest width (1, 2, 4 or 8
 *    bytes) in which the container's whole size, offsets included, fits.
 * Padding is zeros, measured from the start of the buffer: every container
 * starts at a multiple of its own alignment, so that is the same as from
 * the container's start.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "dynantic-json-private.h"

G_BEGIN_DECLS

/* Appends @n bytes at @bytes to @data. */
static inline void
dynantic_variant_serial_append (GString    *data,
                                const void *bytes,
                                gsize       n)
{
  memcpy (dynantic_string_extend (data, n), bytes, n);
}

/* Zeros up to the next multiple of @alignment (1, 2, 4 or 8) in @data. */
void      dynantic_variant_serial_align      (GString    *data,
                                              gsize       alignment);

/* Closes a "v" whose child's serialized form ends @data: the NUL and the
 * child's @type string. */
void      dynantic_variant_serial_end_variant (GString   *data,
                                               const char *type);

/* The framing of one container (a variable-size array or a dict entry):
 * where it starts and where each framed child ends. */
typedef struct {
  gsize  start;
  gsize  n;
  gsize  allocated;
  gsize *ends;
  gsize  inline_ends[16];
} DynanticVariantFrame;

/* Starts a container at the end of @data. */
void      dynantic_variant_frame_init        (DynanticVariantFrame *frame,
                                              GString              *data);
/* Records that a child ends at the end of @data. */
void      dynantic_variant_frame_add_end     (DynanticVariantFrame *frame,
                                              GString              *data);
/* Appends the children's end offsets to @data and frees what @frame holds. */
void      dynantic_variant_frame_close       (DynanticVariantFrame *frame,
                                              GString              *data);
/* Frees what @frame holds, for a container given up. */
void      dynantic_variant_frame_clear       (DynanticVariantFrame *frame);

/* The width of the framing offsets in a container of @size bytes, all
 * offsets included. */
gsize     dynantic_variant_serial_offset_width (gsize size);

/* The @size bytes of @data (g_malloc()ed; taken) as a new GVariant of
 * @type, a valid type string (trusted), over bytes GLib does not trust.
 * Not floating. */
GVariant *dynantic_variant_serial_finish     (char       *data,
                                              gsize       size,
                                              const char *type);

G_END_DECLS
