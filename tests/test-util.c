/* test-util.c: what the test suites share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <unistd.h>

#include "test-util.h"
#include "dynantic-client-private.h"
#include "dynantic-retry-private.h"

static char *local_endpoint;
static gboolean local_endpoint_owned;

const char *
test_source_root (void)
{
  const char *root = g_getenv ("DYNANTIC_SOURCE_ROOT");

  return root != NULL ? root : DYNANTIC_SOURCE_ROOT;
}

static void
stop_local_server (void)
{
  g_autofree char *script = g_build_filename (test_source_root (), "scripts", "dynamodb-local.sh", NULL);
  const char *argv[] = { script, "stop", local_endpoint, NULL };

  if (!local_endpoint_owned)
    return;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, NULL, NULL);
  g_clear_pointer (&local_endpoint, g_free);
}

const char *
test_local_endpoint (void)
{
  g_autofree char *script = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[3];
  int status = 0;

  if (local_endpoint != NULL)
    return local_endpoint;

  if (g_getenv ("DYNANTIC_TEST_ENDPOINT") != NULL)
    {
      local_endpoint = g_strdup (g_getenv ("DYNANTIC_TEST_ENDPOINT"));
      return local_endpoint;
    }

  script = g_build_filename (test_source_root (), "scripts", "dynamodb-local.sh", NULL);
  argv[0] = script;
  argv[1] = "start";
  argv[2] = NULL;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("could not start DynamoDB Local with %s: %s", script, error->message);

  local_endpoint = g_strstrip (g_steal_pointer (&out));
  local_endpoint_owned = TRUE;
  atexit (stop_local_server);

  return local_endpoint;
}

DynanticClient *
test_local_client (void)
{
  g_autoptr(DynanticCredentials) credentials =
    dynantic_credentials_new ("DynanticTestKey", "DynanticTestSecret", NULL);
  g_autoptr(DynanticCredentialsProvider) provider =
    dynantic_credentials_provider_new_static (credentials);
  DynanticClient *client = g_object_new (DYNANTIC_TYPE_CLIENT,
                                         "endpoint", test_local_endpoint (),
                                         "region", "us-east-1",
                                         "credentials-provider", provider,
                                         NULL);

  /* A busy machine may make DynamoDB Local answer 5xx or time out now and
   * then: retry quickly rather than with production backoff. */
  dynantic_retry_policy_set_backoff (dynantic_client_get_retry_policy (client),
                                     G_TIME_SPAN_MILLISECOND, 5 * G_TIME_SPAN_MILLISECOND,
                                     50 * G_TIME_SPAN_MILLISECOND);
  return client;
}

char *
test_unique_table_name (const char *prefix)
{
  static gint counter;

  return g_strdup_printf ("%s-%d-%" G_GINT64_FORMAT "-%d", prefix, (int) getpid (),
                          g_get_real_time () % 1000000000, g_atomic_int_add (&counter, 1));
}

JsonObject *
test_parse_object (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

JsonObject *
test_call_ok (DynanticClient *client,
              const char     *operation,
              const char     *json)
{
  g_autoptr(JsonObject) request = test_parse_object (json);
  g_autoptr(GError) error = NULL;
  JsonObject *response;

  response = dynantic_client_call (client, operation, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (response);
  return response;
}

DynanticCondition *
test_take_condition (DynanticCondition *condition)
{
  g_test_queue_destroy ((GDestroyNotify) dynantic_condition_unref, condition);
  return condition;
}
