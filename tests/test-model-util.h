/* test-model-util.h: what the model test programs share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "test-util.h"
#include "test-values.h"

G_BEGIN_DECLS

/* An asynchronous call: pass test_async_callback and the TestAsync as the
 * call's callback and data, then test_async_wait() runs the main loop until
 * the call completes (unless it already has) and returns its result.
 * Several calls may run at once, each with its own TestAsync. */
typedef struct {
  GMainLoop    *loop;
  GAsyncResult *result;
} TestAsync;

void          test_async_init     (TestAsync    *self);
void          test_async_clear    (TestAsync    *self);
void          test_async_callback (GObject      *source,
                                   GAsyncResult *result,
                                   gpointer      user_data);
GAsyncResult *test_async_wait     (TestAsync    *self);

/* Calls @operation with the request @json, asserting it succeeds. */
JsonObject   *test_call           (DynanticClient *client,
                                   const char     *operation,
                                   const char     *json);

void          test_assert_string_property (gpointer    object,
                                           const char *property,
                                           const char *expected);

G_END_DECLS
