/* dynantic-pager.c: the page loop every read runs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "codec/dynantic-json-private.h"
#include "dynantic-client-private.h"
#include "dynantic-error.h"
#include "dynantic-i18n-private.h"
#include "dynantic-item-private.h"
#include "dynantic-model-private.h"
#include "dynantic-pager-private.h"

/* Plans -------------------------------------------------------------------- */

static void
read_plan_clear (gpointer data)
{
  DynanticReadPlan *self = data;

  g_clear_object (&self->client);
  g_clear_object (&self->item_client);
  g_clear_pointer (&self->request, g_bytes_unref);
  g_clear_pointer (&self->index, g_free);
  g_clear_pointer (&self->partition, g_free);
}

DynanticReadPlan *
dynantic_read_plan_new (void)
{
  DynanticReadPlan *self = g_atomic_rc_box_new0 (DynanticReadPlan);

  self->segment = -1;
  return self;
}

DynanticReadPlan *
dynantic_read_plan_ref (DynanticReadPlan *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
dynantic_read_plan_unref (DynanticReadPlan *self)
{
  g_atomic_rc_box_release_full (self, read_plan_clear);
}

void
dynantic_read_plan_get_binding (DynanticReadPlan      *self,
                                DynanticCursorBinding *binding)
{
  binding->table = dynantic_schema_get_table (self->schema);
  binding->index = self->index;
  binding->partition = self->partition;
  binding->segment = self->segment;
}

void
dynantic_pager_page_free (DynanticPagerPage *page)
{
  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_free (page);
}

static DynanticPagerPage *
pager_page_new (void)
{
  DynanticPagerPage *page = g_new0 (DynanticPagerPage, 1);

  page->items = g_ptr_array_new_with_free_func (g_object_unref);
  return page;
}

/* Pagers ------------------------------------------------------------------- */

struct _DynanticPager
{
  DynanticReadPlan *plan;
  GBytes           *next_key;   /* the ExclusiveStartKey of the next request */
  guint64           total;      /* items (or count) read so far */
  gboolean          done;
  gboolean          busy;       /* a page is being read */
};

DynanticPager *
dynantic_pager_new (DynanticReadPlan *plan,
                    GBytes           *start_key)
{
  DynanticPager *self = g_new0 (DynanticPager, 1);

  self->plan = dynantic_read_plan_ref (plan);
  self->next_key = start_key != NULL ? g_bytes_ref (start_key) : NULL;
  return self;
}

void
dynantic_pager_free (DynanticPager *self)
{
  g_return_if_fail (!self->busy);

  dynantic_read_plan_unref (self->plan);
  g_clear_pointer (&self->next_key, g_bytes_unref);
  g_free (self);
}

DynanticReadPlan *
dynantic_pager_get_plan (DynanticPager *self)
{
  return self->plan;
}

gboolean
dynantic_pager_is_done (DynanticPager *self)
{
  return self->done;
}

GBytes *
dynantic_pager_get_next_key (DynanticPager *self)
{
  return self->done ? NULL : self->next_key;
}

guint64
dynantic_pager_get_total (DynanticPager *self)
{
  return self->total;
}

char *
dynantic_pager_seal_cursor (DynanticPager *self)
{
  DynanticCursorBinding binding;
  GBytes *key = dynantic_pager_get_next_key (self);
  gsize length;
  const char *data;

  if (key == NULL)
    return NULL;
  data = g_bytes_get_data (key, &length);
  dynantic_read_plan_get_binding (self->plan, &binding);
  return dynantic_cursor_seal (dynantic_client_get_cursor_key (self->plan->client), &binding,
                               data, length);
}

/* How many items (or counts) the read may still return; G_MAXUINT64 when
 * it has no limit. */
static guint64
remaining (DynanticPager *self)
{
  DynanticReadPlan *plan = self->plan;

  if (plan->limit == 0)
    return G_MAXUINT64;
  if (plan->mode == DYNANTIC_READ_MODE_PAGE)
    return plan->limit;
  return plan->limit - MIN (self->total, plan->limit);
}

/* DynamoDB's Limit for the next request: how many items it may read. */
static guint
request_limit (DynanticPager *self)
{
  DynanticReadPlan *plan = self->plan;
  guint64 wanted = remaining (self);
  gboolean exact = plan->mode == DYNANTIC_READ_MODE_PAGE || !plan->filtered;

  if (!exact || wanted == G_MAXUINT64)
    return plan->page_size;
  if (plan->page_size != 0 && plan->page_size < wanted)
    return plan->page_size;
  return (guint) wanted;
}

/* The plan's request object with `Limit` and `ExclusiveStartKey` added
 * before its closing brace. Both are appended as text: an integer, and a
 * key object DynamoDB returned (kept verbatim, or sealed into a cursor and
 * authenticated when it came back). The plan's object always holds
 * TableName, so a comma goes first. */
static GBytes *
request_body (DynanticPager *self)
{
  guint limit = request_limit (self);
  gsize length, key_length = 0;
  const char *request = g_bytes_get_data (self->plan->request, &length);
  const char *key = self->next_key != NULL ? g_bytes_get_data (self->next_key, &key_length) : NULL;
  GString *out;

  if (limit == 0 && key == NULL)
    return g_bytes_ref (self->plan->request);

  out = g_string_sized_new (length + key_length + 48);
  g_string_append_len (out, request, length - 1);
  if (limit != 0)
    g_string_append_printf (out, ",\"Limit\":%u", limit);
  if (key != NULL)
    {
      g_string_append (out, ",\"ExclusiveStartKey\":");
      g_string_append_len (out, key, key_length);
    }
  g_string_append_c (out, '}');
  return g_string_free_to_bytes (out);
}

/* Responses ---------------------------------------------------------------- */

/* Reads "Items" into @page: at most @wanted instances; the rest are only
 * checked to be well-formed JSON. Items of another kind than the plan's
 * class reads are left out. */
static gboolean
read_items (DynanticReadPlan    *plan,
            DynanticJsonReader  *reader,
            guint64              wanted,
            DynanticPagerPage    *page,
            GError             **error)
{
  if (!dynantic_json_reader_expect (reader, DYNANTIC_JSON_BEGIN_ARRAY, N_("an array of items"), error))
    return FALSE;

  while (!dynantic_json_reader_array_ends (reader))
    {
      GError *local_error = NULL;
      DynanticModel *item;

      if (page->items->len >= wanted)
        {
          if (!dynantic_json_reader_skip_value (reader))
            return dynantic_json_reader_fail (reader, "an item", error);
          continue;
        }
      item = dynantic_item_read (reader, plan->schema, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      if (item == NULL)
        continue;
      if (plan->item_client != NULL)
        dynantic_model_set_instance_client (item, plan->item_client);
      g_ptr_array_add (page->items, item);
    }
  return dynantic_json_reader_expect (reader, DYNANTIC_JSON_END_ARRAY, N_("the end of the items"), error);
}

static gboolean
read_count (DynanticJsonReader  *reader,
            guint64             *count,
            GError             **error)
{
  if (!dynantic_json_reader_expect (reader, DYNANTIC_JSON_NUMBER, N_("a count"), error))
    return FALSE;
  if (!g_ascii_string_to_unsigned (dynantic_json_reader_get_string (reader, NULL), 10,
                                   0, G_MAXUINT64, count, NULL))
    return dynantic_json_reader_fail (reader, "a whole number", error);
  return TRUE;
}

static gboolean
read_key (DynanticJsonReader  *reader,
          GBytes             **key,
          GError             **error)
{
  const char *json;
  gsize length;

  if (!dynantic_json_reader_capture_value (reader, &json, &length))
    return dynantic_json_reader_fail (reader, "a key", error);
  if (json[0] != '{')
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE,
                   _("The response’s LastEvaluatedKey is not an object"));
      return FALSE;
    }
  g_clear_pointer (key, g_bytes_unref);
  *key = g_bytes_new (json, length);
  return TRUE;
}

static gboolean
read_member (DynanticReadPlan    *plan,
             DynanticJsonReader  *reader,
             const char          *name,
             guint64              wanted,
             DynanticPagerPage    *page,
             GBytes             **last_key,
             GError             **error)
{
  if (strcmp (name, "Items") == 0)
    return read_items (plan, reader, wanted, page, error);
  if (strcmp (name, "Count") == 0)
    return read_count (reader, &page->count, error);
  if (strcmp (name, "ScannedCount") == 0)
    return read_count (reader, &page->scanned, error);
  if (strcmp (name, "LastEvaluatedKey") == 0)
    return read_key (reader, last_key, error);
  return dynantic_json_reader_skip_value (reader) ||
         dynantic_json_reader_fail (reader, "a value", error);
}

/* Reads a Query or Scan response: the items (no more than @wanted), the
 * counts, and where the next page starts (@last_key, NULL at the end). */
static gboolean
read_response (DynanticReadPlan  *plan,
               GBytes            *response,
               guint64            wanted,
               DynanticPagerPage  *page,
               GBytes           **last_key,
               GError           **error)
{
  DynanticJsonReader reader;
  DynanticJsonToken token;
  gsize length = 0;
  const char *data = g_bytes_get_data (response, &length);
  gboolean ok;

  dynantic_json_reader_init (&reader, data, length);
  ok = dynantic_json_reader_expect (&reader, DYNANTIC_JSON_BEGIN_OBJECT, N_("a JSON object"), error);
  while (ok && (token = dynantic_json_reader_next (&reader)) == DYNANTIC_JSON_MEMBER)
    {
      g_autofree char *name = g_strdup (dynantic_json_reader_get_string (&reader, NULL));

      ok = read_member (plan, &reader, name, wanted, page, last_key, error);
    }
  if (ok)
    ok = (token == DYNANTIC_JSON_END_OBJECT &&
          dynantic_json_reader_next (&reader) == DYNANTIC_JSON_END) ||
         dynantic_json_reader_fail (&reader, "the end of the response", error);
  dynantic_json_reader_clear (&reader);
  return ok;
}

/* Reads @response into a page and moves the pager past it. */
static DynanticPagerPage *
take_response (DynanticPager  *self,
               GBytes         *response,
               GError        **error)
{
  g_autoptr(DynanticPagerPage) page = pager_page_new ();
  g_autoptr(GBytes) last_key = NULL;
  guint64 wanted = remaining (self);

  if (!read_response (self->plan, response, wanted, page, &last_key, error))
    return NULL;

  /* A server that answers with the key it was given would loop forever. */
  if (last_key != NULL && self->next_key != NULL && g_bytes_equal (last_key, self->next_key))
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE,
                   _("The service returned the page it was asked to start after"));
      return NULL;
    }

  if (self->plan->mode == DYNANTIC_READ_MODE_COUNT)
    page->count = MIN (page->count, wanted);
  else
    page->count = page->items->len;
  self->total += page->count;

  g_clear_pointer (&self->next_key, g_bytes_unref);
  self->next_key = g_steal_pointer (&last_key);
  self->done = self->next_key == NULL ||
               (self->plan->mode != DYNANTIC_READ_MODE_PAGE && remaining (self) == 0);
  return g_steal_pointer (&page);
}

DynanticPagerPage *
dynantic_pager_next (DynanticPager  *self,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) response = NULL;

  g_return_val_if_fail (!self->done && !self->busy, NULL);

  body = request_body (self);
  response = dynantic_client_send (self->plan->client, self->plan->operation, body,
                                   cancellable, error);
  if (response == NULL)
    return NULL;
  return take_response (self, response, error);
}

static void
next_ready (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DynanticPager *self = g_task_get_task_data (task);
  g_autoptr(GBytes) response = NULL;
  DynanticPagerPage *page;
  GError *error = NULL;

  self->busy = FALSE;
  response = dynantic_client_send_finish (DYNANTIC_CLIENT (source), result, &error);
  page = response != NULL ? take_response (self, response, &error) : NULL;
  if (page == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, page, (GDestroyNotify) dynantic_pager_page_free);
}

/* The caller keeps @self alive until the callback runs. */
void
dynantic_pager_next_async (DynanticPager       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GBytes) body = NULL;
  GTask *task;

  g_return_if_fail (!self->done && !self->busy);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dynantic_pager_next_async);
  g_task_set_task_data (task, self, NULL);
  self->busy = TRUE;
  body = request_body (self);
  dynantic_client_send_async (self->plan->client, self->plan->operation, body,
                              cancellable, next_ready, task);
}

DynanticPagerPage *
dynantic_pager_next_finish (DynanticPager  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, dynantic_pager_next_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Pages with items ---------------------------------------------------------- */

static gboolean
holds_items_or_ends (DynanticPager     *self,
                     DynanticPagerPage *page)
{
  return page->items->len > 0 || self->done;
}

DynanticPagerPage *
dynantic_pager_next_items (DynanticPager  *self,
                           GCancellable   *cancellable,
                           GError        **error)
{
  DynanticPagerPage *page;

  while ((page = dynantic_pager_next (self, cancellable, error)) != NULL &&
         !holds_items_or_ends (self, page))
    dynantic_pager_page_free (page);
  return page;
}

static void
next_items_ready (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DynanticPager *self = g_task_get_task_data (task);
  DynanticPagerPage *page;
  GError *error = NULL;

  page = dynantic_pager_next_finish (self, result, &error);
  if (page == NULL)
    g_task_return_error (task, error);
  else if (holds_items_or_ends (self, page))
    g_task_return_pointer (task, page, (GDestroyNotify) dynantic_pager_page_free);
  else
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      dynantic_pager_page_free (page);
      dynantic_pager_next_async (self, cancellable, next_items_ready, g_steal_pointer (&task));
    }
}

/* The caller keeps @self alive until the callback runs. */
void
dynantic_pager_next_items_async (DynanticPager       *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, dynantic_pager_next_items_async);
  g_task_set_task_data (task, self, NULL);
  dynantic_pager_next_async (self, cancellable, next_items_ready, task);
}

DynanticPagerPage *
dynantic_pager_next_items_finish (DynanticPager  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, dynantic_pager_next_items_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
