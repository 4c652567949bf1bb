/* tables.c: the examples' tables, made from their models and deleted after
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "tables.h"

static GArray *
collect_types (GType    first_type,
               va_list  args)
{
  GArray *types = g_array_new (FALSE, FALSE, sizeof (GType));

  for (GType type = first_type; type != 0; type = va_arg (args, GType))
    g_array_append_val (types, type);
  return types;
}

static gboolean
create_tables (GArray  *types,
               GError **error)
{
  for (guint i = 0; i < types->len; i++)
    if (!dynantic_table_create (g_array_index (types, GType, i), NULL, NULL, error))
      return FALSE;
  for (guint i = 0; i < types->len; i++)
    if (!dynantic_table_wait_until_active (g_array_index (types, GType, i), 60, NULL, NULL, error))
      return FALSE;
  return TRUE;
}

static void
delete_tables (GArray *types)
{
  for (guint i = 0; i < types->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!dynantic_table_delete (g_array_index (types, GType, i), NULL, NULL, &error))
        g_printerr ("could not delete a table: %s\n", error->message);
    }
}

gboolean
example_tables_create (GError **error,
                       GType    first_type,
                       ...)
{
  g_autoptr(GArray) types = NULL;
  va_list args;

  va_start (args, first_type);
  types = collect_types (first_type, args);
  va_end (args);
  return create_tables (types, error);
}

void
example_tables_delete (GType first_type,
                       ...)
{
  g_autoptr(GArray) types = NULL;
  va_list args;

  va_start (args, first_type);
  types = collect_types (first_type, args);
  va_end (args);
  delete_tables (types);
}

int
example_run (const char  *name,
             gboolean   (*body) (GError **error),
             GType        first_type,
             ...)
{
  g_autoptr(GArray) types = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;
  va_list args;

  va_start (args, first_type);
  types = collect_types (first_type, args);
  va_end (args);

  ok = create_tables (types, &error) && body (&error);
  delete_tables (types);
  if (!ok)
    {
      g_printerr ("%s: %s\n", name, error->message);
      return 1;
    }
  return 0;
}
