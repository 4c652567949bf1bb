/* test-model-util.c: what the model test programs share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "test-model-util.h"

void
test_async_init (TestAsync *self)
{
  self->loop = g_main_loop_new (NULL, FALSE);
  self->result = NULL;
}

void
test_async_clear (TestAsync *self)
{
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_object (&self->result);
}

void
test_async_callback (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  TestAsync *self = user_data;

  g_set_object (&self->result, result);
  g_main_loop_quit (self->loop);
}

GAsyncResult *
test_async_wait (TestAsync *self)
{
  /* The call may have completed while another was waited for. */
  if (self->result == NULL)
    g_main_loop_run (self->loop);
  return g_steal_pointer (&self->result);
}

JsonObject *
test_call (DynanticClient *client,
           const char     *operation,
           const char     *json)
{
  g_autoptr(JsonNode) request = json_from_string (json, NULL);
  g_autoptr(GError) error = NULL;
  JsonObject *response;

  g_assert_nonnull (request);
  response = dynantic_client_call (client, operation, json_node_get_object (request), NULL, &error);
  g_assert_no_error (error);
  return response;
}

void
test_assert_string_property (gpointer    object,
                             const char *property,
                             const char *expected)
{
  g_autofree char *value = NULL;

  g_object_get (object, property, &value, NULL);
  g_assert_cmpstr (value, ==, expected);
}
