/* dynantic-watchdog-private.h: cancels blocked synchronous attempts at their
 * deadline
 *
 * A synchronous attempt blocks its thread in the send, so something else must
 * cancel it when its time is up: one thread for the whole process, which
 * sleeps until the earliest deadline armed. Arming a deadline later than that
 * one (the usual case: every new attempt ends after the ones in flight) and
 * disarming cost a mutex, not a wake-up.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Lives in the caller's own state between arm and disarm. */
typedef struct {
  /*< private >*/
  GList         link;
  gint64        deadline;
  GCancellable *cancellable;
  gboolean      armed;
} DynanticWatchdogEntry;

/* Cancels @cancellable at @deadline (monotonic), unless disarmed before. */
void dynantic_watchdog_arm    (DynanticWatchdogEntry *entry,
                               GCancellable          *cancellable,
                               gint64                 deadline);
/* Safe to call whether the deadline passed or not, and more than once. */
void dynantic_watchdog_disarm (DynanticWatchdogEntry *entry);

G_END_DECLS
