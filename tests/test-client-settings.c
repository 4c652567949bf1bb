/* test-client-settings.c: the client's settings and the process's default
 * client, without a server
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic.h"

static DynanticClient *
local_client (void)
{
  return dynantic_client_new_for_endpoint ("http://127.0.0.1:9", "us-east-1");
}

static void
mark_finalized (gpointer  data,
                GObject  *where_the_object_was)
{
  *(gboolean *) data = TRUE;
}

/* A default got before another thread replaces it stays usable: replaced
 * defaults are kept, never freed under their users. */
static void
test_replaced_default_stays_valid (void)
{
  g_autoptr(DynanticClient) first = local_client ();
  g_autoptr(DynanticClient) second = local_client ();
  DynanticClient *got;
  gboolean finalized = FALSE;

  dynantic_client_set_default (first);
  got = dynantic_client_get_default ();
  g_assert_true (got == first);
  g_object_weak_ref (G_OBJECT (got), mark_finalized, &finalized);
  g_clear_object (&first);   /* the default's is the only reference left */

  dynantic_client_set_default (second);
  g_assert_true (dynantic_client_get_default () == second);
  g_assert_false (finalized);
  g_assert_cmpstr (dynantic_client_get_region (got), ==, "us-east-1");

  dynantic_client_set_default (NULL);
  g_assert_false (finalized);
  g_object_weak_unref (G_OBJECT (got), mark_finalized, &finalized);
}

typedef struct {
  gint     stop;
  guint    uses;
} Readers;

static gpointer
use_defaults (gpointer data)
{
  Readers *readers = data;

  while (!g_atomic_int_get (&readers->stop))
    {
      DynanticClient *client = dynantic_client_get_default ();

      /* no reference of its own: the default may be replaced meanwhile */
      g_assert_true (DYNANTIC_IS_CLIENT (client));
      g_assert_cmpuint (dynantic_client_get_max_attempts (client), >=, 1);
      g_assert_cmpstr (dynantic_client_get_region (client), ==, "us-east-1");
      g_atomic_int_inc ((gint *) &readers->uses);
    }
  return NULL;
}

/* Threads use the default without references while another replaces it
 * again and again. */
static void
test_default_replaced_while_used (void)
{
  Readers readers = { 0, 0 };
  GThread *threads[4];

  dynantic_client_set_default (local_client ());
  g_object_unref (dynantic_client_get_default ());  /* the default's own reference only */
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("default-user", use_defaults, &readers);

  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(DynanticClient) client = local_client ();

      dynantic_client_set_default (client);
      while (g_atomic_int_get ((gint *) &readers.uses) < (gint) (i + 1) * 4)
        g_thread_yield ();
    }

  g_atomic_int_set (&readers.stop, 1);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  dynantic_client_set_default (NULL);
}

int
main (int argc, char *argv[])
{
  g_setenv ("AWS_REGION", "us-east-1", TRUE);
  g_setenv ("AWS_ACCESS_KEY_ID", "SettingsTestKey", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "SettingsTestSecret", TRUE);
  g_setenv ("AWS_CONFIG_FILE", "/nonexistent", TRUE);
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/default/replaced-stays-valid", test_replaced_default_stays_valid);
  g_test_add_func ("/client/default/replaced-while-used", test_default_replaced_while_used);

  return g_test_run ();
}
