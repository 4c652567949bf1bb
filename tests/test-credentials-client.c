/* test-credentials-client.c: a client gets its credentials without
 * blocking its main loop, within its timeouts, and signs with them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

#include "dynantic.h"
#include "aws/dynantic-credentials-container-private.h"
#include "aws/dynantic-sso-private.h"
#include "dynantic-client-private.h"
#include "fake-cloud.h"
#include "read-fixtures.h"
#include "test-aws-env.h"

typedef struct {
  AwsEnv        env;
  FakeDynamodb *dynamodb;
  char         *pid_path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  aws_env_setup (&f->env, data);
  f->dynamodb = fake_dynamodb_new ();
  f->pid_path = g_build_filename (f->env.dir, "pid", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_remove (f->pid_path);
  g_free (f->pid_path);
  g_clear_pointer (&f->dynamodb, fake_dynamodb_free);
  aws_env_teardown (&f->env, data);
}

static char *
process_command (const char *mode)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "data", "aws", "credential-process.sh", NULL);
  g_autofree char *quoted = g_shell_quote (script);

  return g_strdup_printf ("/bin/sh %s %s", quoted, mode);
}

/* AWS_PROFILE=work, whose credentials come from the script in @mode. */
static void
use_process_profile (Fixture    *f,
                     const char *mode)
{
  g_autofree char *command = process_command (mode);
  g_autofree char *config = g_strdup_printf ("[profile work]\ncredential_process = %s\n", command);

  aws_env_write_config (&f->env, config);
  g_setenv ("AWS_PROFILE", "work", TRUE);
}

static void
use_hanging_process (Fixture *f)
{
  g_autofree char *quoted = g_shell_quote (f->pid_path);
  g_autofree char *mode = g_strconcat ("sleep-pid ", quoted, NULL);

  use_process_profile (f, mode);
}

/* A client of the fake DynamoDB with the default credentials chain. */
static DynanticClient *
new_client (Fixture    *f,
            const char *first_property,
            ...)
{
  g_autoptr(DynanticClient) client = NULL;
  va_list args;

  g_setenv ("AWS_ENDPOINT_URL_DYNAMODB", fake_dynamodb_get_url (f->dynamodb), TRUE);
  g_setenv ("AWS_REGION", "us-east-1", TRUE);
  va_start (args, first_property);
  client = DYNANTIC_CLIENT (g_object_new_valist (DYNANTIC_TYPE_CLIENT, first_property, args));
  va_end (args);

  return g_steal_pointer (&client);
}

static JsonObject *
get_item_request (void)
{
  JsonObject *request = json_object_new ();

  json_object_set_string_member (request, "TableName", "products");
  return request;
}

typedef struct {
  JsonObject *response;
  GError     *error;
  gboolean    done;
} Outcome;

static void
call_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->response = dynantic_client_call_finish (DYNANTIC_CLIENT (source), result, &outcome->error);
  outcome->done = TRUE;
}

static gboolean
count_tick (gpointer data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* A GetItem through the asynchronous path, run to its end while a 10 ms
 * timeout source counts how often the main loop ran meanwhile. A guard
 * fails the test if the call has not ended after 20 s (a hang, not a speed
 * measurement). */
static void
call_async (DynanticClient *client,
            GCancellable   *cancellable,
            Outcome        *outcome,
            guint          *ticks)
{
  g_autoptr(JsonObject) request = get_item_request ();
  gboolean guard = FALSE;
  guint guard_id = g_timeout_add_seconds (20, set_flag, &guard);
  guint tick_id = g_timeout_add (10, count_tick, ticks);

  dynantic_client_call_async (client, "GetItem", request, cancellable, call_done, outcome);
  while (!outcome->done && !guard)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (guard);
  g_source_remove (guard_id);
  g_source_remove (tick_id);
}

static gboolean
tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
process_gone (int pid)
{
  return kill (pid, 0) == -1 && errno == ESRCH;
}

/* The hanging process was started, then killed: its process id is gone. */
static void
assert_process_killed (Fixture *f)
{
  g_autofree char *contents = NULL;
  guint64 pid = 0;
  gboolean guard = FALSE;
  guint guard_id, tick_id;

  g_assert_true (g_file_get_contents (f->pid_path, &contents, NULL, NULL));
  g_assert_true (g_ascii_string_to_unsigned (g_strstrip (contents), 10, 2, G_MAXINT, &pid, NULL));

  guard_id = g_timeout_add_seconds (20, set_flag, &guard);
  tick_id = g_timeout_add (5, tick, NULL);
  while (!process_gone ((int) pid) && !guard)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (guard);
  g_source_remove (guard_id);
  g_source_remove (tick_id);
}

/* The case: a credential_process that hangs. The asynchronous call
 * fails with DYNANTIC_ERROR_TIMEOUT at its per-attempt timeout, the main
 * loop runs all along, and the process is killed. */
static void
test_hanging_process_timeout (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(DynanticClient) client = NULL;
  Outcome outcome = { 0 };
  guint ticks = 0;

  use_hanging_process (f);
  client = new_client (f, "timeout", 0.3, NULL);
  call_async (client, NULL, &outcome, &ticks);

  g_assert_error (outcome.error, DYNANTIC_ERROR, DYNANTIC_ERROR_TIMEOUT);
  g_assert_null (outcome.response);
  g_assert_cmpuint (ticks, >, 0);
  g_assert_cmpuint (fake_dynamodb_get_accepted (f->dynamodb) + fake_dynamodb_get_rejected (f->dynamodb), ==, 0);
  assert_process_killed (f);
  g_clear_error (&outcome.error);
}

typedef struct {
  DynanticModel *model;
  GError        *error;
  gboolean       done;
} GetOutcome;

static void
get_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GetOutcome *outcome = user_data;

  outcome->model = dynantic_model_get_by_key_full_finish (result, &outcome->error);
  outcome->done = TRUE;
}

/* The same through a model's asynchronous get. */
static void
test_hanging_process_model_get (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(DynanticClient) client = NULL;
  g_auto(GValue) key = G_VALUE_INIT;
  GetOutcome outcome = { 0 };
  gboolean guard = FALSE;
  guint ticks = 0;
  guint guard_id, tick_id;

  use_hanging_process (f);
  client = new_client (f, "timeout", 0.3, NULL);
  g_value_set_string (g_value_init (&key, G_TYPE_STRING), "o1");
  {
    DynanticModelClass *klass = g_type_class_ref (READ_TYPE_ORDER);

    dynantic_model_class_set_table (klass, "orders");
    g_type_class_unref (klass);
  }

  guard_id = g_timeout_add_seconds (20, set_flag, &guard);
  tick_id = g_timeout_add (10, count_tick, &ticks);
  dynantic_model_get_by_key_full_async (READ_TYPE_ORDER, FALSE, &key, NULL, client, NULL, get_done, &outcome);
  while (!outcome.done && !guard)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (guard);
  g_source_remove (guard_id);
  g_source_remove (tick_id);

  g_assert_error (outcome.error, DYNANTIC_ERROR, DYNANTIC_ERROR_TIMEOUT);
  g_assert_null (outcome.model);
  g_assert_cmpuint (ticks, >, 0);
  assert_process_killed (f);
  g_clear_error (&outcome.error);
}

/* The same bounded by the total timeout alone. */
static void
test_hanging_process_total_timeout (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(DynanticClient) client = NULL;
  Outcome outcome = { 0 };
  guint ticks = 0;

  use_hanging_process (f);
  client = new_client (f, "timeout", 0.0, "total-timeout", 0.3, NULL);
  call_async (client, NULL, &outcome, &ticks);

  g_assert_error (outcome.error, DYNANTIC_ERROR, DYNANTIC_ERROR_TIMEOUT);
  g_assert_cmpuint (ticks, >, 0);
  assert_process_killed (f);
  g_clear_error (&outcome.error);
}

static gboolean
cancel_now (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

/* Cancelling the call cancels the load: the process is killed, the call
 * fails with G_IO_ERROR_CANCELLED. */
static void
test_hanging_process_cancelled (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(DynanticClient) client = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Outcome outcome = { 0 };
  guint ticks = 0;

  use_hanging_process (f);
  client = new_client (f, NULL, NULL);
  g_timeout_add_full (G_PRIORITY_DEFAULT, 300, cancel_now, g_object_ref (cancellable), g_object_unref);
  call_async (client, cancellable, &outcome, &ticks);

  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (ticks, >, 0);
  assert_process_killed (f);
  g_clear_error (&outcome.error);
}

/* A synchronous call is bounded the same way. */
static void
test_hanging_process_sync (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(DynanticClient) client = NULL;
  g_autoptr(JsonObject) request = get_item_request ();
  g_autoptr(JsonObject) response = NULL;
  g_autoptr(GError) error = NULL;

  use_hanging_process (f);
  client = new_client (f, "timeout", 0.3, NULL);
  response = dynantic_client_call (client, "GetItem", request, NULL, &error);

  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_TIMEOUT);
  g_assert_null (response);
  assert_process_killed (f);
}

/* A provider whose load blocks and ignores cancellation (written by a
 * user; the default load_async runs it in a worker thread) cannot hold an
 * asynchronous call past its timeout either. */

#define TEST_TYPE_BLOCKING_PROVIDER (test_blocking_provider_get_type ())
G_DECLARE_FINAL_TYPE (TestBlockingProvider, test_blocking_provider, TEST, BLOCKING_PROVIDER, DynanticCredentialsProvider)

struct _TestBlockingProvider
{
  DynanticCredentialsProvider parent_instance;
  GMutex                      lock;
  GCond                       cond;
  gboolean                    released;
};

G_DEFINE_FINAL_TYPE (TestBlockingProvider, test_blocking_provider, DYNANTIC_TYPE_CREDENTIALS_PROVIDER)

static DynanticCredentials *
blocking_load (DynanticCredentialsProvider  *provider,
               GCancellable                 *cancellable,
               GError                      **error)
{
  TestBlockingProvider *self = TEST_BLOCKING_PROVIDER (provider);

  g_mutex_lock (&self->lock);
  while (!self->released)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  return dynantic_credentials_new ("AKIDBLOCKING", "blocking/secret+KEY", NULL);
}

static void
test_blocking_provider_finalize (GObject *object)
{
  TestBlockingProvider *self = TEST_BLOCKING_PROVIDER (object);

  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (test_blocking_provider_parent_class)->finalize (object);
}

static void
test_blocking_provider_class_init (TestBlockingProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_blocking_provider_finalize;
  DYNANTIC_CREDENTIALS_PROVIDER_CLASS (klass)->load = blocking_load;
}

static void
test_blocking_provider_init (TestBlockingProvider *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
}

static void
test_blocking_provider_timeout (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(TestBlockingProvider) provider = g_object_new (TEST_TYPE_BLOCKING_PROVIDER, NULL);
  g_autoptr(DynanticClient) client = NULL;
  Outcome outcome = { 0 };
  guint ticks = 0;

  client = new_client (f, "timeout", 0.3, "credentials-provider", provider, NULL);
  call_async (client, NULL, &outcome, &ticks);

  g_assert_error (outcome.error, DYNANTIC_ERROR, DYNANTIC_ERROR_TIMEOUT);
  g_assert_cmpuint (ticks, >, 0);
  g_clear_error (&outcome.error);

  g_mutex_lock (&provider->lock);
  provider->released = TRUE;
  g_cond_broadcast (&provider->cond);
  g_mutex_unlock (&provider->lock);
}

/* The credentials the process prints sign the requests, sync and async. */
static void
test_process_signs (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(DynanticClient) client = NULL;
  g_autoptr(JsonObject) request = get_item_request ();
  g_autoptr(GError) error = NULL;
  g_autofree char *key_id = NULL;
  Outcome outcome = { 0 };
  guint ticks = 0;

  use_process_profile (f, "temporary");
  fake_dynamodb_accept (f->dynamodb, "AKIDPROCESS", "process/secret+KEY", "process-token");
  client = new_client (f, NULL, NULL);

  call_async (client, NULL, &outcome, &ticks);
  g_assert_no_error (outcome.error);
  g_assert_nonnull (outcome.response);
  g_clear_pointer (&outcome.response, json_object_unref);

  {
    g_autoptr(JsonObject) response = dynantic_client_call (client, "GetItem", request, NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (response);
  }

  g_assert_cmpuint (fake_dynamodb_get_accepted (f->dynamodb), ==, 2);
  g_assert_cmpuint (fake_dynamodb_get_rejected (f->dynamodb), ==, 0);
  key_id = fake_dynamodb_dup_last_key_id (f->dynamodb);
  g_assert_cmpstr (key_id, ==, "AKIDPROCESS");
}

/* A process that prints nothing fails the call with a credentials error
 * naming the profile and the setting. */
static void
test_process_empty_output (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(DynanticClient) client = NULL;
  Outcome outcome = { 0 };
  guint ticks = 0;

  use_process_profile (f, "empty");
  client = new_client (f, NULL, NULL);
  call_async (client, NULL, &outcome, &ticks);

  g_assert_error (outcome.error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (outcome.error->message, "credential_process"));
  g_assert_nonnull (strstr (outcome.error->message, "“work”"));
  g_assert_nonnull (strstr (outcome.error->message, "printed nothing"));
  g_clear_error (&outcome.error);
}

/* The "done when": a client made with dynantic_client_new () in an
 * environment set up like each platform signs its DynamoDB requests with
 * the credentials that platform's source serves (loopback fakes for the
 * source and for DynamoDB, which checks the signature and the token). */

static FakeCloud *
platform_setup (Fixture *f)
{
  FakeCloud *cloud = fake_cloud_new (f->dynamodb, NULL);

  g_setenv ("AWS_REGION", "eu-central-1", TRUE);
  g_setenv ("AWS_ENDPOINT_URL_DYNAMODB", fake_dynamodb_get_url (f->dynamodb), TRUE);
  return cloud;
}

/* One GetItem sync and one async through @client, both accepted, signed
 * with the credentials the cloud gave out last. */
static void
assert_signs_with_cloud_credentials (Fixture   *f,
                                     FakeCloud *cloud)
{
  g_autoptr(DynanticClient) client = dynantic_client_new ();
  g_autoptr(JsonObject) request = get_item_request ();
  g_autoptr(JsonObject) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *served = NULL;
  g_autofree char *signed_with = NULL;
  Outcome outcome = { 0 };
  guint ticks = 0;

  call_async (client, NULL, &outcome, &ticks);
  g_assert_no_error (outcome.error);
  g_assert_nonnull (outcome.response);
  g_clear_pointer (&outcome.response, json_object_unref);

  response = dynantic_client_call (client, "GetItem", request, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (response);

  g_assert_cmpuint (fake_dynamodb_get_accepted (f->dynamodb), ==, 2);
  g_assert_cmpuint (fake_dynamodb_get_rejected (f->dynamodb), ==, 0);
  served = fake_cloud_dup_last_key_id (cloud);
  signed_with = fake_dynamodb_dup_last_key_id (f->dynamodb);
  g_assert_nonnull (served);
  g_assert_cmpstr (signed_with, ==, served);
}

static void
test_platform_ecs_task (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(FakeCloud) cloud = platform_setup (f);

  dynantic_container_credentials_set_relative_endpoint (fake_cloud_get_url (cloud));
  g_setenv ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/container/v2/credentials/task-id", TRUE);
  assert_signs_with_cloud_credentials (f, cloud);
  dynantic_container_credentials_set_relative_endpoint (NULL);
}

static void
test_platform_eks_pod_identity (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(FakeCloud) cloud = platform_setup (f);
  g_autofree char *full = g_strconcat (fake_cloud_get_url (cloud), "/container/v1/credentials", NULL);
  g_autofree char *token_path = g_build_filename (f->env.dir, "token", NULL);

  fake_cloud_lock (cloud)->container_token = "pod-identity-token";
  fake_cloud_unlock (cloud);
  aws_env_write (token_path, "pod-identity-token");
  g_setenv ("AWS_CONTAINER_CREDENTIALS_FULL_URI", full, TRUE);
  g_setenv ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_path, TRUE);
  assert_signs_with_cloud_credentials (f, cloud);
  g_remove (token_path);
}

static void
test_platform_ec2_instance (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(FakeCloud) cloud = platform_setup (f);

  g_unsetenv ("AWS_EC2_METADATA_DISABLED");
  g_setenv ("AWS_EC2_METADATA_SERVICE_ENDPOINT", fake_cloud_get_url (cloud), TRUE);
  assert_signs_with_cloud_credentials (f, cloud);
}

static void
test_platform_eks_irsa (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(FakeCloud) cloud = platform_setup (f);
  g_autofree char *token_path = g_build_filename (f->env.dir, "token", NULL);

  fake_cloud_lock (cloud)->web_identity_token = "eyJ-service-account-jwt";
  fake_cloud_unlock (cloud);
  aws_env_write (token_path, "eyJ-service-account-jwt");
  g_setenv ("AWS_WEB_IDENTITY_TOKEN_FILE", token_path, TRUE);
  g_setenv ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/irsa", TRUE);
  g_setenv ("AWS_ENDPOINT_URL_STS", fake_cloud_get_url (cloud), TRUE);
  assert_signs_with_cloud_credentials (f, cloud);
  g_remove (token_path);
}

static void
test_platform_assumed_role_profile (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(FakeCloud) cloud = platform_setup (f);

  fake_cloud_add_key (cloud, "AKIDBASE", "base/secret+KEY");
  aws_env_write_credentials (&f->env, "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base/secret+KEY\n");
  aws_env_write_config (&f->env, "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = base\n");
  g_setenv ("AWS_PROFILE", "admin", TRUE);
  g_setenv ("AWS_ENDPOINT_URL_STS", fake_cloud_get_url (cloud), TRUE);
  assert_signs_with_cloud_credentials (f, cloud);
}

static void
test_platform_sso_profile (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(FakeCloud) cloud = platform_setup (f);
  g_autofree char *cache = dynantic_sso_cache_path ("corp", NULL);
  g_autofree char *cache_dir = g_path_get_dirname (cache);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expires = g_date_time_add_hours (now, 8);
  g_autofree char *expires_text = g_date_time_format (expires, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *contents = g_strdup_printf ("{\"startUrl\": \"https://corp.awsapps.com/start\", "
                                               "\"region\": \"eu-west-1\", \"accessToken\": \"sso-access\", "
                                               "\"expiresAt\": \"%s\"}", expires_text);

  fake_cloud_lock (cloud)->sso_token = "sso-access";
  fake_cloud_unlock (cloud);
  aws_env_write_config (&f->env,
    "[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\n"
    "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n");
  g_assert_cmpint (g_mkdir_with_parents (cache_dir, 0700), ==, 0);
  aws_env_write (cache, contents);
  g_setenv ("AWS_PROFILE", "dev", TRUE);
  g_setenv ("AWS_ENDPOINT_URL_SSO", fake_cloud_get_url (cloud), TRUE);
  assert_signs_with_cloud_credentials (f, cloud);

  g_remove (cache);
  g_rmdir (cache_dir);
  {
    g_autofree char *sso = g_path_get_dirname (cache_dir);
    g_rmdir (sso);
  }
}

/* A container endpoint that never answers cannot hold an asynchronous call
 * past its timeout either. */
static void
test_container_hangs (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(FakeCloud) cloud = platform_setup (f);
  g_autofree char *full = g_strconcat (fake_cloud_get_url (cloud), "/container/hang", NULL);
  g_autoptr(DynanticClient) client = NULL;
  Outcome outcome = { 0 };
  guint ticks = 0;

  fake_cloud_lock (cloud)->container_hangs = TRUE;
  fake_cloud_unlock (cloud);
  g_setenv ("AWS_CONTAINER_CREDENTIALS_FULL_URI", full, TRUE);
  client = new_client (f, "timeout", 0.3, NULL);
  call_async (client, NULL, &outcome, &ticks);

  g_assert_error (outcome.error, DYNANTIC_ERROR, DYNANTIC_ERROR_TIMEOUT);
  g_assert_cmpuint (ticks, >, 0);
  g_clear_error (&outcome.error);
}

/* Credentials that expire during a run of 200 calls from 4 threads: the
 * container serves credentials that last 20 minutes of a fake clock that
 * each call moves 30 seconds on. Every call is signed with credentials
 * that have not expired when DynamoDB gets it, and the client refreshes
 * only when the advisory window comes (15 minutes before expiry): at most
 * once per 5 fake minutes. */

static gint64 fake_clock_now;
static GMutex fake_clock_lock;

static gint64
clock_read (void)
{
  gint64 now;

  g_mutex_lock (&fake_clock_lock);
  now = fake_clock_now;
  g_mutex_unlock (&fake_clock_lock);
  return now;
}

static gint64
clock_read_data (gpointer data)
{
  return clock_read ();
}

static void
clock_advance (GTimeSpan span)
{
  g_mutex_lock (&fake_clock_lock);
  fake_clock_now += span;
  g_mutex_unlock (&fake_clock_lock);
}

#define RUN_THREADS 4
#define RUN_CALLS_PER_THREAD 50
#define RUN_STEP (30 * G_TIME_SPAN_SECOND)

static gpointer
run_calls (gpointer data)
{
  DynanticClient *client = data;
  g_autoptr(JsonObject) request = get_item_request ();

  for (guint i = 0; i < RUN_CALLS_PER_THREAD; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) response = NULL;

      clock_advance (RUN_STEP);
      response = dynantic_client_call (client, "GetItem", request, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (response);
    }
  return NULL;
}

static void
test_refresh_during_run (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(FakeCloud) cloud = NULL;
  g_autoptr(DynanticClient) client = NULL;
  g_autofree char *full = NULL;
  GThread *threads[RUN_THREADS];
  gint64 start;
  guint refreshes, served, minutes;

  fake_clock_now = g_get_real_time ();
  start = clock_read ();
  fake_dynamodb_set_clock (f->dynamodb, clock_read);
  cloud = fake_cloud_new (f->dynamodb, clock_read);
  fake_cloud_lock (cloud)->lifetime = 20 * G_TIME_SPAN_MINUTE;
  fake_cloud_unlock (cloud);
  full = g_strconcat (fake_cloud_get_url (cloud), "/container/run", NULL);
  g_setenv ("AWS_CONTAINER_CREDENTIALS_FULL_URI", full, TRUE);

  client = new_client (f, NULL, NULL);
  dynantic_credentials_cache_set_clock (dynantic_client_get_credentials_cache (client), clock_read_data, NULL);

  for (guint i = 0; i < RUN_THREADS; i++)
    threads[i] = g_thread_new ("calls", run_calls, client);
  for (guint i = 0; i < RUN_THREADS; i++)
    g_thread_join (threads[i]);

  refreshes = dynantic_credentials_cache_get_refreshes (dynantic_client_get_credentials_cache (client));
  served = fake_cloud_lock (cloud)->container_requests;
  fake_cloud_unlock (cloud);
  minutes = (guint) ((clock_read () - start) / G_TIME_SPAN_MINUTE);
  g_test_message ("%u refreshes over %u fake minutes", refreshes, minutes);

  g_assert_cmpuint (minutes, ==, RUN_THREADS * RUN_CALLS_PER_THREAD / 2);
  g_assert_cmpuint (fake_dynamodb_get_accepted (f->dynamodb), ==, RUN_THREADS * RUN_CALLS_PER_THREAD);
  g_assert_cmpuint (fake_dynamodb_get_rejected (f->dynamodb), ==, 0);
  g_assert_cmpuint (fake_dynamodb_get_expired (f->dynamodb), ==, 0);
  g_assert_cmpuint (refreshes, ==, served);
  /* credentials lasting 20 minutes were replaced as the run went on ... */
  g_assert_cmpuint (refreshes, >=, minutes / 20);
  /* ... each when its advisory window came, never twice for one */
  g_assert_cmpuint (refreshes, <=, minutes / 5 + 2);

  fake_dynamodb_set_clock (f->dynamodb, NULL);
}

#define add_test(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  aws_env_init ();

  add_test ("/credentials-client/hanging-process/timeout", test_hanging_process_timeout);
  add_test ("/credentials-client/hanging-process/total-timeout", test_hanging_process_total_timeout);
  add_test ("/credentials-client/hanging-process/model-get", test_hanging_process_model_get);
  add_test ("/credentials-client/hanging-process/cancelled", test_hanging_process_cancelled);
  add_test ("/credentials-client/hanging-process/sync", test_hanging_process_sync);
  add_test ("/credentials-client/blocking-provider/timeout", test_blocking_provider_timeout);
  add_test ("/credentials-client/process/signs", test_process_signs);
  add_test ("/credentials-client/process/empty-output", test_process_empty_output);
  add_test ("/credentials-client/platform/ecs-task", test_platform_ecs_task);
  add_test ("/credentials-client/platform/eks-pod-identity", test_platform_eks_pod_identity);
  add_test ("/credentials-client/platform/ec2-instance", test_platform_ec2_instance);
  add_test ("/credentials-client/platform/eks-irsa", test_platform_eks_irsa);
  add_test ("/credentials-client/platform/assumed-role-profile", test_platform_assumed_role_profile);
  add_test ("/credentials-client/platform/sso-profile", test_platform_sso_profile);
  add_test ("/credentials-client/container-hangs", test_container_hangs);
  add_test ("/credentials-client/refresh-during-run", test_refresh_during_run);

  return g_test_run ();
}
