/* replay.c: runs a fuzz target over stored inputs, without libFuzzer
 *
 * Usage: fuzz-TARGET-replay FILE-OR-DIRECTORY...  (exit status 0 when every
 * input ran; a failed check aborts). The test suite replays the corpus in
 * tests/fuzz/corpus/ this way, so that every crash once found stays fixed.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static guint
replay_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &error))
    g_error ("%s", error->message);
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
  return 1;
}

static guint
replay_directory (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
  const char *name;
  guint count = 0;

  if (dir == NULL)
    g_error ("%s", error->message);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      if (!g_file_test (file, G_FILE_TEST_IS_DIR))
        count += replay_file (file);
    }
  return count;
}

int
main (int    argc,
      char **argv)
{
  guint count = 0;
  int i;

  for (i = 1; i < argc; i++)
    count += g_file_test (argv[i], G_FILE_TEST_IS_DIR) ? replay_directory (argv[i]) : replay_file (argv[i]);
  if (count == 0)
    g_error ("no inputs to replay");
  printf ("replayed %u inputs\n", count);
  return 0;
}
