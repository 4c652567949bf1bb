/* dynantic-pager.c: the page loop every read runs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "aws/dynantic-hash-private.h"
#include "codec/dynantic-json-private.h"
#include "dynantic-error-private.h"
#include "dynantic-i18n-private.h"
#include "dynantic-item-private.h"
#include "dynantic-model-private.h"
#include "dynantic-pager-private.h"
#include "dynantic-request-private.h"

/* Plans -------------------------------------------------------------------- */

static void
read_plan_clear (gpointer data)
{
  DynanticReadPlan *self = data;

  g_clear_object (&self->client);
  g_clear_object (&self->item_client);
  g_clear_pointer (&self->schema, dynantic_schema_unref);
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

GBytes *
dynantic_read_plan_dup_cursor_key (DynanticReadPlan *self)
{
  GBytes *key = dynantic_client_get_cursor_key (self->client);

  return key != NULL ? g_bytes_ref (key) : dynantic_cursor_default_key ();
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
  gint64            deadline;   /* of every page's request; G_MAXINT64: none */
  GHashTable       *seen_keys;  /* SHA-256 digests (GBytes) of every page key of the read */
  gboolean          done;
  gboolean          busy;       /* a page is being read */
};

/* A read's page keys, each seen once: a server that cycles through keys
 * (a, b, a, ...) would otherwise keep a read going forever. Digests keep
 * the memory small (32 bytes a page); a collision is out of reach. */
static gboolean
remember_key (DynanticPager  *self,
              GBytes         *key,
              GError        **error)
{
  guint8 digest[DYNANTIC_SHA256_SIZE];
  gsize length;
  gconstpointer data = g_bytes_get_data (key, &length);

  dynantic_sha256 (data, length, digest);
  if (!g_hash_table_add (self->seen_keys, g_bytes_new (digest, sizeof digest)))
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_PAGINATION_LOOP,
                   _("The service returned a page key it had returned before in this read, "
                     "which would never end"));
      return FALSE;
    }
  return TRUE;
}

DynanticPager *
dynantic_pager_new (DynanticReadPlan *plan,
                    GBytes           *start_key)
{
  DynanticPager *self = g_new0 (DynanticPager, 1);

  self->plan = dynantic_read_plan_ref (plan);
  self->next_key = start_key != NULL ? g_bytes_ref (start_key) : NULL;
  self->deadline = G_MAXINT64;
  self->seen_keys = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref, NULL);
  if (start_key != NULL)
    remember_key (self, start_key, NULL);
  return self;
}

void
dynantic_pager_free (DynanticPager *self)
{
  g_return_if_fail (!self->busy);

  dynantic_read_plan_unref (self->plan);
  g_clear_pointer (&self->next_key, g_bytes_unref);
  g_clear_pointer (&self->seen_keys, g_hash_table_unref);
  g_free (self);
}

DynanticReadPlan *
dynantic_pager_get_plan (DynanticPager *self)
{
  return self->plan;
}

void
dynantic_pager_set_deadline (DynanticPager *self,
                             gint64         deadline)
{
  self->deadline = deadline;
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
  g_autoptr(GBytes) cursor_key = NULL;
  DynanticCursorBinding binding;
  GBytes *key = dynantic_pager_get_next_key (self);
  gsize length;
  const char *data;

  if (key == NULL)
    return NULL;
  data = g_bytes_get_data (key, &length);
  dynantic_read_plan_get_binding (self->plan, &binding);
  cursor_key = dynantic_read_plan_dup_cursor_key (self->plan);
  return dynantic_cursor_seal (cursor_key, &binding, data, length);
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

/* One page's state on the request path: what it reads into. */
typedef struct {
  DynanticPager     *pager;      /* borrowed: the caller keeps it while the page is read */
  DynanticPagerPage *page;
  GBytes            *last_key;   /* LastEvaluatedKey's JSON, or NULL at the end */
  guint64            wanted;     /* items still to keep */
} PageCall;

static void
page_call_free (PageCall *call)
{
  g_clear_pointer (&call->page, dynantic_pager_page_free);
  g_clear_pointer (&call->last_key, g_bytes_unref);
  g_free (call);
}

/* The plan's request object with `Limit` and `ExclusiveStartKey` added
 * before its closing brace. Both are appended as text: an integer, and a
 * key object DynamoDB returned (kept verbatim, or sealed into a cursor and
 * authenticated when it came back). The plan's object always holds
 * TableName, so a comma goes first. */
static gboolean
write_page_request (gpointer   state,
                    GString   *out,
                    GError   **error)
{
  PageCall *call = state;
  DynanticPager *self = call->pager;
  guint limit = request_limit (self);
  gsize length, key_length = 0;
  const char *request = g_bytes_get_data (self->plan->request, &length);
  const char *key = self->next_key != NULL ? g_bytes_get_data (self->next_key, &key_length) : NULL;

  if (limit == 0 && key == NULL)
    {
      g_string_append_len (out, request, length);
      return TRUE;
    }

  g_string_append_len (out, request, length - 1);
  if (limit != 0)
    g_string_append_printf (out, ",\"Limit\":%u", limit);
  if (key != NULL)
    {
      g_string_append (out, ",\"ExclusiveStartKey\":");
      g_string_append_len (out, key, key_length);
    }
  g_string_append_c (out, '}');
  return TRUE;
}

/* Responses ---------------------------------------------------------------- */

/* An item of the page that could not be read (@cause, taken): a bad
 * response naming the item's place in the page, never its values, and the
 * attributes @cause names. */
static gboolean
item_unreadable (guint    position,
                 GError  *cause,
                 GError **error)
{
  GError *wrapped = g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE,
                                 /* Translators: %u is an item's place in a page (1 for the first), %s why */
                                 _("Item %u of the page cannot be read: %s"), position, cause->message);

  if (cause->domain == DYNANTIC_ERROR && dynantic_error_get_fields (cause) != NULL)
    dynantic_error_set_fields (wrapped, dynantic_error_get_fields (cause));
  g_error_free (cause);
  g_propagate_error (error, wrapped);
  return FALSE;
}

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

  for (guint position = 1; !dynantic_json_reader_array_ends (reader); position++)
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
        return item_unreadable (position, local_error, error);
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

static DynanticRequestMember
read_page_member (gpointer             state,
                  const char          *name,
                  DynanticJsonReader  *reader,
                  GError             **error)
{
  PageCall *call = state;
  gboolean ok;

  if (strcmp (name, "Items") == 0)
    ok = read_items (call->pager->plan, reader, call->wanted, call->page, error);
  else if (strcmp (name, "Count") == 0)
    ok = read_count (reader, &call->page->count, error);
  else if (strcmp (name, "ScannedCount") == 0)
    ok = read_count (reader, &call->page->scanned, error);
  else if (strcmp (name, "LastEvaluatedKey") == 0)
    ok = read_key (reader, &call->last_key, error);
  else
    return DYNANTIC_REQUEST_MEMBER_SKIP;
  return ok ? DYNANTIC_REQUEST_MEMBER_READ : DYNANTIC_REQUEST_MEMBER_FAILED;
}

/* Moves the pager past the page read. */
static gboolean
finish_page (gpointer              state,
             DynanticRequestNext  *next,
             GError              **error)
{
  PageCall *call = state;
  DynanticPager *self = call->pager;
  DynanticPagerPage *page = call->page;

  if (call->last_key != NULL && !remember_key (self, call->last_key, error))
    return FALSE;

  if (self->plan->mode == DYNANTIC_READ_MODE_COUNT)
    page->count = MIN (page->count, call->wanted);
  else
    page->count = page->items->len;
  self->total += page->count;

  g_clear_pointer (&self->next_key, g_bytes_unref);
  self->next_key = g_steal_pointer (&call->last_key);
  self->done = self->next_key == NULL ||
               (self->plan->mode != DYNANTIC_READ_MODE_PAGE && remaining (self) == 0);
  return TRUE;
}

static const DynanticRequestKind query_page = {
  .operation = "Query",
  .write_body = write_page_request,
  .read_member = read_page_member,
  .finish = finish_page,
};

static const DynanticRequestKind scan_page = {
  .operation = "Scan",
  .write_body = write_page_request,
  .read_member = read_page_member,
  .finish = finish_page,
};

/* The request of the pager's next page. */
static DynanticRequest *
page_request_new (DynanticPager  *self,
                  GError        **error)
{
  PageCall *call = g_new0 (PageCall, 1);
  const DynanticRequestKind *kind = strcmp (self->plan->operation, "Scan") == 0 ? &scan_page : &query_page;
  DynanticRequest *request;

  call->pager = self;
  call->page = pager_page_new ();
  call->wanted = remaining (self);
  request = dynantic_request_new (g_object_ref (self->plan->client), kind, call,
                                  (GDestroyNotify) page_call_free, error);
  if (request != NULL)
    dynantic_request_set_deadline (request, self->deadline);
  return request;
}

DynanticPagerPage *
dynantic_pager_next (DynanticPager  *self,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_autoptr(DynanticRequest) request = NULL;
  PageCall *call;

  g_return_val_if_fail (!self->done && !self->busy, NULL);

  request = page_request_new (self, error);
  if (request == NULL || !dynantic_request_run (request, cancellable, error))
    return NULL;
  call = dynantic_request_get_state (request);
  return g_steal_pointer (&call->page);
}

/* The caller keeps @self alive until the callback runs. */
void
dynantic_pager_next_async (DynanticPager       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  DynanticRequest *request;
  GError *error = NULL;

  g_return_if_fail (!self->done && !self->busy);

  request = page_request_new (self, &error);
  self->busy = request != NULL;
  dynantic_request_run_async (request, error, NULL, dynantic_pager_next_async,
                              cancellable, callback, user_data);
}

DynanticPagerPage *
dynantic_pager_next_finish (DynanticPager  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  PageCall *call;

  self->busy = FALSE;
  call = dynantic_request_finish (result, NULL, dynantic_pager_next_async, error);
  return call != NULL ? g_steal_pointer (&call->page) : NULL;
}

/* Pages with items ---------------------------------------------------------- */

static gboolean
holds_items_or_ends (DynanticPager     *self,
                     DynanticPagerPage *page)
{
  return page->items->len > 0 || self->done;
}

/* One call for the next items, however many empty pages it reads: the
 * client's total timeout bounds them all. Returns the deadline to go back
 * to after. */
static gint64
begin_items_call (DynanticPager *self)
{
  gint64 outer = self->deadline;

  self->deadline = MIN (outer, dynantic_client_call_deadline (self->plan->client));
  return outer;
}

DynanticPagerPage *
dynantic_pager_next_items (DynanticPager  *self,
                           GCancellable   *cancellable,
                           GError        **error)
{
  gint64 outer = begin_items_call (self);
  DynanticPagerPage *page;

  while ((page = dynantic_pager_next (self, cancellable, error)) != NULL &&
         !holds_items_or_ends (self, page))
    dynantic_pager_page_free (page);
  self->deadline = outer;
  return page;
}

typedef struct {
  DynanticPager *pager;   /* the caller keeps it alive */
  gint64         outer;   /* the deadline to go back to */
} ItemsCall;


static void
next_items_ready (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ItemsCall *call = g_task_get_task_data (task);
  DynanticPager *self = call->pager;
  DynanticPagerPage *page;
  GError *error = NULL;

  page = dynantic_pager_next_finish (self, result, &error);
  if (page == NULL || holds_items_or_ends (self, page))
    self->deadline = call->outer;   /* before the caller may start another call */
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
  ItemsCall *call = g_new0 (ItemsCall, 1);

  call->pager = self;
  call->outer = begin_items_call (self);
  g_task_set_source_tag (task, dynantic_pager_next_items_async);
  g_task_set_task_data (task, call, g_free);
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
