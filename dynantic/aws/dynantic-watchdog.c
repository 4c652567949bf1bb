/* dynantic-watchdog.c: cancels blocked synchronous attempts at their deadline
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "dynantic-watchdog-private.h"

static GMutex  lock;
static GCond   wake;
static GQueue  entries = G_QUEUE_INIT;   /* DynanticWatchdogEntry, earliest deadline first */
static gint64  sleeping_until;           /* what the thread waits for; G_MAXINT64: a signal */
static GThread *thread;

static DynanticWatchdogEntry *
first_entry (void)
{
  return entries.head != NULL ? entries.head->data : NULL;
}

/* Takes the first entry off the queue when its deadline has passed, with a
 * reference to its cancellable. */
static GCancellable *
take_expired_locked (gint64 now)
{
  DynanticWatchdogEntry *first = first_entry ();

  if (first == NULL || now < first->deadline)
    return NULL;

  g_queue_unlink (&entries, &first->link);
  first->armed = FALSE;
  return g_object_ref (first->cancellable);
}

static gpointer
run_watchdog (gpointer data)
{
  g_mutex_lock (&lock);
  for (;;)
    {
      GCancellable *expired = take_expired_locked (g_get_monotonic_time ());
      DynanticWatchdogEntry *first;

      if (expired != NULL)
        {
          /* outside the lock: cancelling runs the cancellable's handlers */
          g_mutex_unlock (&lock);
          g_cancellable_cancel (expired);
          g_object_unref (expired);
          g_mutex_lock (&lock);
          continue;
        }

      first = first_entry ();
      sleeping_until = first != NULL ? first->deadline : G_MAXINT64;
      if (first != NULL)
        g_cond_wait_until (&wake, &lock, sleeping_until);
      else
        g_cond_wait (&wake, &lock);
    }

  return NULL;
}

void
dynantic_watchdog_arm (DynanticWatchdogEntry *entry,
                       GCancellable          *cancellable,
                       gint64                 deadline)
{
  GList *before;

  g_return_if_fail (!entry->armed);

  entry->link = (GList) { entry, NULL, NULL };
  entry->deadline = deadline;
  entry->cancellable = g_object_ref (cancellable);

  g_mutex_lock (&lock);
  if (thread == NULL)
    {
      sleeping_until = G_MAXINT64;
      thread = g_thread_new ("dynantic-watchdog", run_watchdog, NULL);
    }

  /* New deadlines mostly come last: look for the place from the end. */
  for (before = entries.tail; before != NULL; before = before->prev)
    if (((DynanticWatchdogEntry *) before->data)->deadline <= deadline)
      break;
  if (before != NULL)
    g_queue_insert_after_link (&entries, before, &entry->link);
  else
    g_queue_push_head_link (&entries, &entry->link);
  entry->armed = TRUE;

  if (deadline < sleeping_until)
    {
      sleeping_until = deadline;
      g_cond_signal (&wake);
    }
  g_mutex_unlock (&lock);
}

void
dynantic_watchdog_disarm (DynanticWatchdogEntry *entry)
{
  g_mutex_lock (&lock);
  if (entry->armed)
    g_queue_unlink (&entries, &entry->link);
  entry->armed = FALSE;
  g_mutex_unlock (&lock);

  g_clear_object (&entry->cancellable);
}
