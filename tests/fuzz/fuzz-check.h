/* fuzz-check.h: what the fuzz targets assert
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <stdio.h>
#include <stdlib.h>

/* Aborts (which libFuzzer and the corpus replay report as a crash) with
 * the failed check named, whatever the build type. */
#define CHECK(condition)                                                              \
  do {                                                                                \
    if (!(condition))                                                                 \
      {                                                                               \
        fprintf (stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition);  \
        abort ();                                                                     \
      }                                                                               \
  } while (0)

#include <glib.h>

/* A log writer that lets debug and info messages pass silently and aborts,
 * printing it, on any warning, critical or error: a GLib warning is a bug
 * (a failed precondition, a bad GValue transform) even when nothing
 * crashes. Install once per process with g_log_set_writer_func(). */
static inline GLogWriterOutput
fuzz_abort_on_warnings (GLogLevelFlags   level,
                        const GLogField *fields,
                        gsize            n_fields,
                        gpointer         user_data)
{
  if (!(level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)))
    return G_LOG_WRITER_HANDLED;
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") || g_str_equal (fields[i].key, "GLIB_DOMAIN"))
      fprintf (stderr, "%s: %s\n", fields[i].key, (const char *) fields[i].value);
  abort ();
}
