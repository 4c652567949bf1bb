/* fuzz-cursor.c: the cursor decoder on arbitrary text
 *
 * The first byte picks what the rest is:
 * - even: a cursor string, opened with a fixed key under every binding:
 *   nothing crashes or leaks, and only DYNANTIC_ERROR_INVALID_CURSOR comes
 *   back (no forged cursor opens: the fuzzer does not know the key);
 * - odd: a payload, sealed under one binding and opened again: it comes
 *   back byte for byte, under that binding only, and any one character
 *   changed (at a position the input picks) makes the cursor refused.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dynantic-error.h"
#include "dynantic-cursor-private.h"
#include "fuzz-check.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const DynanticCursorBinding bindings[] = {
  { "orders", NULL, "S:customer-1", -1 },
  { "orders", "by-date", "S:customer-1", -1 },
  { "orders", NULL, NULL, 3 },
  { "orders", NULL, NULL, -1 },
  { "", "", "", 0 },
};

static GBytes *
fixed_key (void)
{
  guint8 key[DYNANTIC_CURSOR_KEY_SIZE];

  for (guint i = 0; i < sizeof key; i++)
    key[i] = (guint8) (i * 7 + 1);
  return g_bytes_new (key, sizeof key);
}

static void
check_refused (GBytes                      *key,
               const DynanticCursorBinding *binding,
               const char                  *cursor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) opened = dynantic_cursor_open (key, binding, cursor, &error);

  CHECK (opened == NULL);
  CHECK (g_error_matches (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_CURSOR));
}

static void
check_round_trip (GBytes       *key,
                  const guint8 *payload,
                  gsize         length,
                  guint         which)
{
  const DynanticCursorBinding *binding = &bindings[which % G_N_ELEMENTS (bindings)];
  g_autofree char *cursor = dynantic_cursor_seal (key, binding, (const char *) payload, length);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) opened = dynantic_cursor_open (key, binding, cursor, &error);
  gsize cursor_length = strlen (cursor);
  gsize opened_length = 0;
  const guint8 *opened_data;

  if (opened == NULL)
    {
      /* only a cursor longer than the decoder takes (16 KiB) may fail */
      CHECK (g_error_matches (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_CURSOR));
      CHECK (cursor_length > 16384);
      return;
    }
  opened_data = g_bytes_get_data (opened, &opened_length);
  CHECK (opened_length == length);
  CHECK (length == 0 || memcmp (opened_data, payload, length) == 0);

  for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
    if (i != which % G_N_ELEMENTS (bindings))
      check_refused (key, &bindings[i], cursor);

  /* one character changed, at a place the input chooses */
  {
    gsize at = (length > 0 ? payload[0] * 31u + length : 0) % cursor_length;
    char was = cursor[at];

    cursor[at] = was == 'A' ? 'B' : 'A';
    check_refused (key, binding, cursor);
    cursor[at] = was;
    cursor[cursor_length - 1] = '\0';   /* truncated */
    check_refused (key, binding, cursor);
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) key = fixed_key ();

  if (size == 0)
    return 0;
  if (data[0] % 2 == 0)
    {
      g_autofree char *cursor = g_strndup ((const char *) data + 1, size - 1);

      for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
        check_refused (key, &bindings[i], cursor);
    }
  else
    check_round_trip (key, data + 1, size - 1, data[0] / 2);
  return 0;
}
