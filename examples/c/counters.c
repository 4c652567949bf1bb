/* counters.c: atomic counters, updated without reading first, 100 at once
 *
 *     class PageViews(DynamoModel):
 *         page: str = Key()
 *         views: int = 0
 *         visitors: set[str] = set()
 *
 *     examples/run.sh c counters
 *
 * The Python version updates from 8 threads; here 100 updates are in
 * flight at once on one main loop: ADD makes each one count.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <dynantic/dynantic.h>

#include "tables.h"

#define SITE_TYPE_PAGE_VIEWS (site_page_views_get_type ())
G_DECLARE_FINAL_TYPE (SitePageViews, site_page_views, SITE, PAGE_VIEWS, DynanticModel)
struct _SitePageViews { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (SitePageViews, site_page_views, DYNANTIC_TYPE_MODEL)

static void
site_page_views_class_init (SitePageViewsClass *klass)
{
  DynanticModelClass *model = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model, g_param_spec_string ("page", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_int64 ("views", NULL, NULL, G_MININT64, G_MAXINT64, 0, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_boxed ("visitors", NULL, NULL, G_TYPE_STRV, G_PARAM_READWRITE));
  dynantic_model_class_set_table (model, "example-c-page-views");
  dynantic_model_class_set_partition_key (model, "page");
  dynantic_model_class_set_set (model, "visitors");   /* SS, not a list */
}

static void site_page_views_init (SitePageViews *self) { }

typedef struct {
  guint   pending;
  GError *error;   /* the first failure */
} Visits;

static void
visited (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Visits *visits = user_data;
  GError *error = NULL;

  if (!dynantic_update_execute_finish (DYNANTIC_UPDATE (source), result, &error))
    {
      if (visits->error == NULL)
        visits->error = error;
      else
        g_error_free (error);
    }
  visits->pending--;
}

/* One visit: views + 1, and the visitor into the set. */
static DynanticUpdate *
visit (guint n)
{
  g_autofree char *visitor = g_strdup_printf ("visitor-%u", n % 5);
  const char *visitors[] = { visitor, NULL };
  g_auto(GValue) page = G_VALUE_INIT, one = G_VALUE_INIT, who = G_VALUE_INIT;
  DynanticUpdate *update;

  g_value_set_string (g_value_init (&page, G_TYPE_STRING), "/home");
  g_value_set_int (g_value_init (&one, G_TYPE_INT), 1);
  g_value_set_boxed (g_value_init (&who, G_TYPE_STRV), visitors);
  update = dynantic_update_new (SITE_TYPE_PAGE_VIEWS, &page, NULL, NULL);
  dynantic_update_add (dynantic_update_add (update, "views", &one), "visitors", &who);
  return update;
}

static gboolean
run (GError **error)
{
  g_autoptr(SitePageViews) home = g_object_new (SITE_TYPE_PAGE_VIEWS, "page", "/home", NULL);
  g_autoptr(GPtrArray) updates = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(DynanticModel) counted = NULL;
  g_autoptr(DynanticUpdate) correction = NULL;
  g_auto(GStrv) visitors = NULL;
  g_auto(GValue) page = G_VALUE_INIT, minus_ten = G_VALUE_INIT;
  Visits visits = { 0 };
  GHashTable *changed;
  gint64 views = 0;

  if (!dynantic_model_save (DYNANTIC_MODEL (home), NULL, NULL, error))
    return FALSE;

  /* 100 updates in flight at once, on this thread's main context */
  for (guint n = 0; n < 100; n++)
    {
      DynanticUpdate *update = visit (n);

      g_ptr_array_add (updates, update);
      visits.pending++;
      dynantic_update_execute_async (update, NULL, visited, &visits);
    }
  while (visits.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  if (visits.error != NULL)
    {
      g_propagate_error (error, visits.error);
      return FALSE;
    }

  g_value_set_string (g_value_init (&page, G_TYPE_STRING), "/home");
  counted = dynantic_model_get_by_key_full (SITE_TYPE_PAGE_VIEWS, TRUE, &page, NULL, NULL, NULL, error);
  if (counted == NULL)
    return FALSE;
  g_object_get (counted, "views", &views, "visitors", &visitors, NULL);
  g_print ("views: %" G_GINT64_FORMAT " distinct visitors: %u\n", views, g_strv_length (visitors));

  /* What changed, as it is after the update */
  g_value_set_int (g_value_init (&minus_ten, G_TYPE_INT), -10);
  correction = dynantic_update_new (SITE_TYPE_PAGE_VIEWS, &page, NULL, NULL);
  dynantic_update_add (correction, "views", &minus_ten);
  dynantic_update_set_return_values (correction, DYNANTIC_RETURN_VALUES_UPDATED_NEW);
  if (!dynantic_update_execute (correction, NULL, error))
    return FALSE;
  changed = dynantic_update_get_returned_attributes (correction);
  g_print ("after a correction: %" G_GINT64_FORMAT "\n",
           g_value_get_int64 (g_hash_table_lookup (changed, "views")));
  return TRUE;
}

int
main (void)
{
  return example_run ("counters", run, SITE_TYPE_PAGE_VIEWS, G_TYPE_INVALID);
}
