/* blog_posts.c: a global secondary index queried by category, newest first
 *
 *     class BlogPost(DynamoModel):
 *         post_id: str = Key()
 *         title: str
 *         category: str = GSIKey(index_name="CategoryIndex")
 *         published_at: datetime = GSISortKey(index_name="CategoryIndex")
 *         tags: list[str] = []
 *
 *     examples/run.sh c blog_posts
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <dynantic/dynantic.h>

#include "tables.h"

#define BLOG_TYPE_POST (blog_post_get_type ())
G_DECLARE_FINAL_TYPE (BlogPost, blog_post, BLOG, POST, DynanticModel)
struct _BlogPost { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (BlogPost, blog_post, DYNANTIC_TYPE_MODEL)

static void
blog_post_class_init (BlogPostClass *klass)
{
  DynanticModelClass *model = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model, g_param_spec_string ("post-id", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_string ("category", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_boxed ("published-at", NULL, NULL, G_TYPE_DATE_TIME, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV, G_PARAM_READWRITE));
  dynantic_model_class_set_table (model, "example-c-blog-posts");
  dynantic_model_class_set_partition_key (model, "post-id");
  dynantic_model_class_set_required (model, "title");
  dynantic_model_class_add_global_index (model, "CategoryIndex", "category", "published-at");
}

static void blog_post_init (BlogPost *self) { }

static const struct {
  const char *category;
  const char *title;
} posts[] = {
  { "technology", "GObject introspection" },
  { "cooking", "Bread" },
  { "technology", "DynamoDB single-table design" },
  { "technology", "Async all the way" },
};

static gboolean
save_posts (GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (posts); i++)
    {
      g_autofree char *id = g_strdup_printf ("post-%u", i + 1);
      g_autoptr(GDateTime) published = g_date_time_new_utc (2024, 5, i + 1, 0, 0, 0);
      const char *tags[] = { posts[i].category, NULL };
      g_autoptr(BlogPost) post = g_object_new (BLOG_TYPE_POST, "post-id", id, "title", posts[i].title,
                                               "category", posts[i].category, "published-at", published,
                                               "tags", tags, NULL);

      if (!dynantic_model_save (DYNANTIC_MODEL (post), NULL, NULL, error))
        return FALSE;
    }
  return TRUE;
}

/* The titles of @items, joined by ", ". */
static char *
titles (GPtrArray *items)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    {
      g_autofree char *title = NULL;

      g_object_get (g_ptr_array_index (items, i), "title", &title, NULL);
      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", title);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static DynanticQuery *
technology (void)
{
  g_auto(GValue) category = G_VALUE_INIT;

  g_value_set_string (g_value_init (&category, G_TYPE_STRING), "technology");
  return dynantic_query_new_for_index (BLOG_TYPE_POST, "CategoryIndex", &category, NULL);
}

static gboolean
run (GError **error)
{
  g_autoptr(DynanticQuery) all = technology ();
  g_autoptr(DynanticQuery) newest_first = technology ();
  g_autoptr(DynanticQuery) since = technology ();
  g_autoptr(DynanticCondition) about_dynamodb = NULL;
  g_autoptr(GPtrArray) tech_posts = NULL, recent = NULL;
  g_autoptr(DynanticModel) newest = NULL;
  g_autoptr(GDateTime) published = NULL;
  g_autofree char *tech_titles = NULL, *recent_titles = NULL, *newest_title = NULL, *when = NULL;
  g_auto(GValue) may_2 = G_VALUE_INIT, word = G_VALUE_INIT;

  if (!save_posts (error))
    return FALSE;

  /* The index, in its sort key's order */
  if ((tech_posts = dynantic_read_all (DYNANTIC_READ (all), NULL, error)) == NULL)
    return FALSE;
  tech_titles = titles (tech_posts);
  g_print ("technology: %s\n", tech_titles);

  /* Newest first: the first of the reversed order */
  newest = dynantic_read_first (DYNANTIC_READ (dynantic_query_descending (newest_first, TRUE)), NULL, error);
  if (newest == NULL)
    return FALSE;
  g_object_get (newest, "title", &newest_title, "published-at", &published, NULL);
  when = g_date_time_format_iso8601 (published);
  g_print ("newest: %s, %s\n", newest_title, when);

  /* A range of the sort key (a date, given as ISO 8601 text), and a filter */
  g_value_set_string (g_value_init (&may_2, G_TYPE_STRING), "2024-05-02T00:00:00Z");
  g_value_set_string (g_value_init (&word, G_TYPE_STRING), "DynamoDB");
  about_dynamodb = dynantic_condition_contains ("title", &word);
  dynantic_query_filter (dynantic_query_ge (since, &may_2), about_dynamodb);
  if ((recent = dynantic_read_all (DYNANTIC_READ (since), NULL, error)) == NULL)
    return FALSE;
  recent_titles = titles (recent);
  g_print ("since May 2 about DynamoDB: %s\n", recent_titles);
  return TRUE;
}

int
main (void)
{
  return example_run ("blog_posts", run, BLOG_TYPE_POST, G_TYPE_INVALID);
}
