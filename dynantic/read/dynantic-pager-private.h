/* dynantic-pager-private.h: the page loop every read runs
 *
 * A read builder (DynanticQuery, DynanticScan) compiles into a
 * DynanticReadPlan: the request object every page sends (table, index,
 * expressions with their names and values, order, consistency, segment),
 * the limits, and what a cursor of this read is bound to. A plan never
 * changes once made and may be shared between threads.
 *
 * A DynanticPager walks one plan page by page: it adds each request's
 * `Limit` and `ExclusiveStartKey`, sends it, reads the response straight
 * into model instances, stops at the plan's limit, and remembers where the
 * next page starts. Every terminal (all, first, count, page, iteration, the
 * list model, parallel scans) is a loop over a pager, so requests are built
 * and responses read in one place. A pager is used from one thread at a
 * time, one page at a time.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dynantic-client.h"
#include "dynantic-cursor-private.h"
#include "dynantic-schema-private.h"

G_BEGIN_DECLS

/* What the pages of a plan are for; it decides each request's Limit. */
typedef enum {
  /* items, up to the plan's limit: without a filter each request asks for
   * no more than the items still wanted; with one, DynamoDB's Limit counts
   * items read before filtering, so pages are asked for at the page size
   * and the items past the limit dropped */
  DYNANTIC_READ_MODE_ITEMS,
  /* one page whose cursor is exact: every request asks for at most the
   * smaller of page size and limit, so no item is read past the cursor */
  DYNANTIC_READ_MODE_PAGE,
  /* Select=COUNT: counts summed, up to the plan's limit */
  DYNANTIC_READ_MODE_COUNT,
} DynanticReadMode;

typedef struct _DynanticReadPlan DynanticReadPlan;

struct _DynanticReadPlan
{
  DynanticClient       *client;
  DynanticClient       *item_client;  /* given to the items read, or NULL */
  const DynanticSchema *schema;       /* a reference */
  const char           *operation;    /* "Query" or "Scan" */
  DynanticReadMode      mode;
  GBytes               *request;      /* the JSON object every page sends */
  guint                 limit;        /* items (or count) in all; 0: no limit */
  guint                 page_size;    /* DynamoDB's Limit per request; 0: none */
  gboolean              filtered;     /* the requests carry a FilterExpression */
  char                 *index;        /* binding: NULL for the table */
  char                 *partition;    /* binding: the partition key's AttributeValue; NULL for scans */
  gint                  segment;      /* binding: the scan segment, or -1 */
};

/* A new plan with its strings and references still to be filled in: the
 * builder that compiles it does. */
DynanticReadPlan *dynantic_read_plan_new          (void);
DynanticReadPlan *dynantic_read_plan_ref          (DynanticReadPlan *self);
void              dynantic_read_plan_unref        (DynanticReadPlan *self);
/* The key that seals the plan's cursors: its client's cursor-key, or the
 * process's random one when the client has none. */
GBytes           *dynantic_read_plan_dup_cursor_key (DynanticReadPlan *self);
/* What the plan's cursors are bound to (pointers into the plan). */
void              dynantic_read_plan_get_binding  (DynanticReadPlan      *self,
                                                   DynanticCursorBinding *binding);

/* One page as read. */
typedef struct {
  GPtrArray *items;     /* DynanticModel, full references */
  guint64    count;     /* items matched (DynamoDB's Count), after the limit */
  guint64    scanned;   /* items read before filtering (ScannedCount) */
} DynanticPagerPage;

void              dynantic_pager_page_free         (DynanticPagerPage *page);

typedef struct _DynanticPager DynanticPager;

/* A pager over @plan starting at @start_key (the ExclusiveStartKey object's
 * JSON, as a cursor holds it), or at the beginning. */
DynanticPager    *dynantic_pager_new              (DynanticReadPlan *plan,
                                                   GBytes           *start_key);
void              dynantic_pager_free             (DynanticPager    *self);

DynanticReadPlan *dynantic_pager_get_plan         (DynanticPager    *self);
/* Ends every page's request at @deadline (monotonic) if the client's
 * total timeout does not end it earlier: a read of many pages is one call. */
void              dynantic_pager_set_deadline     (DynanticPager    *self,
                                                   gint64            deadline);
/* Whether the read ended: DynamoDB has no more pages, or the limit is met. */
gboolean          dynantic_pager_is_done          (DynanticPager    *self);
/* Where the next page starts (LastEvaluatedKey's JSON); NULL when done. */
GBytes           *dynantic_pager_get_next_key     (DynanticPager    *self);
/* The items (or the count) read so far. */
guint64           dynantic_pager_get_total        (DynanticPager    *self);

/* Reads the next page; the pager must not be done. */
DynanticPagerPage *dynantic_pager_next             (DynanticPager    *self,
                                                   GCancellable     *cancellable,
                                                   GError          **error);
void              dynantic_pager_next_async       (DynanticPager        *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
DynanticPagerPage *dynantic_pager_next_finish      (DynanticPager    *self,
                                                   GAsyncResult     *result,
                                                   GError          **error);

/* Reads pages until one holds items or the read ends (a filtered read may
 * return empty pages while more remain), and returns that page: an empty
 * one only at the end. The pager must not be done. */
DynanticPagerPage *dynantic_pager_next_items        (DynanticPager        *self,
                                                    GCancellable         *cancellable,
                                                    GError              **error);
void               dynantic_pager_next_items_async  (DynanticPager        *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
DynanticPagerPage *dynantic_pager_next_items_finish (DynanticPager        *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* Seals the pager's next key into a cursor string with @plan's binding and
 * client's key; NULL when the pager is done. */
char             *dynantic_pager_seal_cursor      (DynanticPager    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DynanticReadPlan, dynantic_read_plan_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DynanticPagerPage, dynantic_pager_page_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DynanticPager, dynantic_pager_free)

G_END_DECLS
