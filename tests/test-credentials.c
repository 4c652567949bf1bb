/* test-credentials.c: the credentials providers: environment, shared files,
 * credential_process, chains and the default chain
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

#include "dynantic.h"
#include "test-aws-env.h"

static DynanticCredentials *
load (DynanticCredentialsProvider *provider)
{
  g_autoptr(GError) error = NULL;
  DynanticCredentials *credentials = dynantic_credentials_provider_load (provider, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (credentials);
  return credentials;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **stored = user_data;

  *stored = g_object_ref (result);
}

/* dynantic_credentials_provider_load_async(), run to its end. */
static DynanticCredentials *
load_async (DynanticCredentialsProvider  *provider,
            GCancellable                 *cancellable,
            GError                      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dynantic_credentials_provider_load_async (provider, cancellable, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return dynantic_credentials_provider_load_finish (provider, result, error);
}

static void
assert_credentials (DynanticCredentials *credentials,
                    const char          *access_key_id,
                    const char          *secret_access_key,
                    const char          *session_token)
{
  g_assert_cmpstr (dynantic_credentials_get_access_key_id (credentials), ==, access_key_id);
  g_assert_cmpstr (dynantic_credentials_get_secret_access_key (credentials), ==, secret_access_key);
  g_assert_cmpstr (dynantic_credentials_get_session_token (credentials), ==, session_token);
}

/* Loads synchronously and asynchronously, with the same outcome. */
static void
assert_loads (DynanticCredentialsProvider *provider,
              const char                  *access_key_id,
              const char                  *secret_access_key,
              const char                  *session_token)
{
  g_autoptr(DynanticCredentials) credentials = load (provider);
  g_autoptr(GError) error = NULL;
  g_autoptr(DynanticCredentials) async_credentials = load_async (provider, NULL, &error);

  assert_credentials (credentials, access_key_id, secret_access_key, session_token);
  g_assert_no_error (error);
  assert_credentials (async_credentials, access_key_id, secret_access_key, session_token);
}

static void
assert_profile_credentials (const char *profile,
                            const char *access_key_id,
                            const char *secret_access_key,
                            const char *session_token)
{
  g_autoptr(DynanticCredentialsProvider) provider = dynantic_credentials_provider_new_profile (profile);

  assert_loads (provider, access_key_id, secret_access_key, session_token);
}

/* The error of a provider that finds nothing; it must name no secret. */
static GError *
load_error (DynanticCredentialsProvider *provider,
            const char * const          *secrets)
{
  GError *error = NULL;
  g_autoptr(GError) async_error = NULL;
  g_autoptr(DynanticCredentials) credentials = dynantic_credentials_provider_load (provider, NULL, &error);
  g_autoptr(DynanticCredentials) async_credentials = load_async (provider, NULL, &async_error);

  g_assert_null (credentials);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS);
  for (guint i = 0; secrets != NULL && secrets[i] != NULL; i++)
    g_assert_null (strstr (error->message, secrets[i]));
  g_test_message ("%s", error->message);

  /* the same error without blocking */
  g_assert_null (async_credentials);
  g_assert_error (async_error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS);
  g_assert_cmpstr (async_error->message, ==, error->message);

  return error;
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” does not contain “%s”", text, part);
}

/* The environment. */

static void
set_environment_credentials (const char *access_key_id,
                             const char *secret_access_key)
{
  g_setenv ("AWS_ACCESS_KEY_ID", access_key_id, TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", secret_access_key, TRUE);
}

static void
test_environment (AwsEnv        *env,
                  gconstpointer  data)
{
  static const char * const secrets[] = { "env/secret+KEY", NULL };
  g_autoptr(DynanticCredentialsProvider) provider = dynantic_credentials_provider_new_environment ();
  g_autoptr(GError) missing = NULL;
  g_autoptr(GError) partial = NULL;

  missing = load_error (provider, NULL);
  assert_contains (missing->message, "AWS_ACCESS_KEY_ID");
  assert_contains (missing->message, "AWS_SECRET_ACCESS_KEY");

  g_setenv ("AWS_SECRET_ACCESS_KEY", "env/secret+KEY", TRUE);
  partial = load_error (provider, secrets);

  g_setenv ("AWS_ACCESS_KEY_ID", "AKIDENV", TRUE);
  assert_loads (provider, "AKIDENV", "env/secret+KEY", NULL);

  /* Read again at each load. */
  g_setenv ("AWS_SESSION_TOKEN", "env-token", TRUE);
  assert_loads (provider, "AKIDENV", "env/secret+KEY", "env-token");
}

/* The shared files. */

static void
test_profile_credentials_file (AwsEnv        *env,
                               gconstpointer  data)
{
  aws_env_write_credentials (env,
    "[default]\n"
    "aws_access_key_id = AKIDDEFAULT\n"
    "aws_secret_access_key = default/secret+KEY\n"
    "\n"
    "# the work account\n"
    "[work]\n"
    "aws_access_key_id=AKIDWORK\n"
    "aws_secret_access_key=work/secret+KEY\n"
    "aws_session_token=work-token\n");

  assert_profile_credentials (NULL, "AKIDDEFAULT", "default/secret+KEY", NULL);
  assert_profile_credentials ("work", "AKIDWORK", "work/secret+KEY", "work-token");

  g_setenv ("AWS_PROFILE", "work", TRUE);
  assert_profile_credentials (NULL, "AKIDWORK", "work/secret+KEY", "work-token");
  assert_profile_credentials ("default", "AKIDDEFAULT", "default/secret+KEY", NULL);
}

/* The config file names profiles [profile x] and [default]; a bare [x]
 * there is not a profile. */
static void
test_profile_config_file (AwsEnv        *env,
                          gconstpointer  data)
{
  static const char * const secrets[] = { "bare/secret+KEY", NULL };
  g_autoptr(DynanticCredentialsProvider) bare = dynantic_credentials_provider_new_profile ("bare");
  g_autoptr(GError) error = NULL;

  aws_env_write_config (env,
    "[default]\n"
    "aws_access_key_id = AKIDCONFIGDEFAULT\n"
    "aws_secret_access_key = config-default/secret+KEY\n"
    "[profile work]\n"
    "region = eu-west-1\n"
    "aws_access_key_id = AKIDCONFIGWORK\n"
    "aws_secret_access_key = config-work/secret+KEY\n"
    "aws_session_token = config-work-token\n"
    "[bare]\n"
    "aws_access_key_id = AKIDBARE\n"
    "aws_secret_access_key = bare/secret+KEY\n");

  assert_profile_credentials (NULL, "AKIDCONFIGDEFAULT", "config-default/secret+KEY", NULL);
  assert_profile_credentials ("work", "AKIDCONFIGWORK", "config-work/secret+KEY", "config-work-token");

  error = load_error (bare, secrets);
  assert_contains (error->message, "“bare”");
  assert_contains (error->message, env->config_path);
}

/* The credentials file wins over the config file, as a whole: keys are
 * never mixed from the two. */
static void
test_profile_credentials_file_wins (AwsEnv        *env,
                                    gconstpointer  data)
{
  aws_env_write_credentials (env,
    "[work]\n"
    "aws_access_key_id = AKIDFILE\n"
    "aws_secret_access_key = file/secret+KEY\n");
  aws_env_write_config (env,
    "[profile work]\n"
    "aws_access_key_id = AKIDCONFIG\n"
    "aws_secret_access_key = config/secret+KEY\n"
    "aws_session_token = config-token\n");

  assert_profile_credentials ("work", "AKIDFILE", "file/secret+KEY", NULL);
}

static void
test_profile_missing_files (AwsEnv        *env,
                            gconstpointer  data)
{
  g_autoptr(DynanticCredentialsProvider) provider = dynantic_credentials_provider_new_profile (NULL);
  g_autoptr(GError) error = load_error (provider, NULL);
  g_autofree char *expected_credentials = g_strdup_printf ("%s does not exist", env->credentials_path);
  g_autofree char *expected_config = g_strdup_printf ("%s does not exist", env->config_path);

  assert_contains (error->message, "“default”");
  assert_contains (error->message, expected_credentials);
  assert_contains (error->message, expected_config);
  assert_contains (error->message, "credential_process");
}

/* Malformed lines are skipped; what is around them still counts, and the
 * debug log has line numbers, not text. */
static void
test_profile_malformed_lines (AwsEnv        *env,
                              gconstpointer  data)
{
  aws_env_write_credentials (env,
    "aws_secret_access_key = orphan/secret+KEY\n"
    "[work]\n"
    "aws_access_key_id: AKIDWORK\n"
    "garbage without a delimiter work/secret+KEY\n"
    "   \t\n"
    "AWS_Secret_Access_Key = work/secret+KEY\r\n"
    "[broken\n"
    "aws_secret_access_key = broken/secret+KEY\n");

  assert_profile_credentials ("work", "AKIDWORK", "work/secret+KEY", NULL);
  assert_contains (aws_env_debug_messages (), ":1:");
  assert_contains (aws_env_debug_messages (), ":4:");
  assert_contains (aws_env_debug_messages (), ":7:");
  g_assert_null (strstr (aws_env_debug_messages (), "secret+KEY"));
}

static void
test_profile_partial (AwsEnv        *env,
                      gconstpointer  data)
{
  static const char * const secrets[] = { "lonely/secret+KEY", "config/secret+KEY", NULL };
  g_autoptr(DynanticCredentialsProvider) provider = dynantic_credentials_provider_new_profile ("work");
  g_autoptr(GError) error = NULL;

  aws_env_write_credentials (env, "[work]\naws_secret_access_key = lonely/secret+KEY\n");
  aws_env_write_config (env,
    "[profile work]\n"
    "aws_access_key_id = AKIDCONFIG\n"
    "aws_secret_access_key = config/secret+KEY\n");

  error = load_error (provider, secrets);
  assert_contains (error->message, env->credentials_path);
  assert_contains (error->message, "no aws_access_key_id");
}

/* credential_process. */

static char *
process_command (const char *mode)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "data", "aws", "credential-process.sh", NULL);
  g_autofree char *quoted = g_shell_quote (script);

  return g_strdup_printf ("/bin/sh %s %s", quoted, mode);
}

static void
write_process_profile (AwsEnv     *env,
                       const char *mode)
{
  g_autofree char *command = process_command (mode);
  g_autofree char *config = g_strdup_printf ("[profile work]\n"
                                             "aws_access_key_id = AKIDCONFIG\n"
                                             "aws_secret_access_key = config/secret+KEY\n"
                                             "credential_process = %s\n", command);

  aws_env_write_config (env, config);
}

static void
test_process (AwsEnv        *env,
              gconstpointer  data)
{
  g_autoptr(DynanticCredentialsProvider) provider = dynantic_credentials_provider_new_profile ("work");

  /* The process comes before the config file's keys. */
  write_process_profile (env, "temporary");
  {
    g_autoptr(DynanticCredentials) credentials = load (provider);
    g_autoptr(GDateTime) expected = g_date_time_new_utc (2031, 2, 3, 4, 5, 6);

    assert_credentials (credentials, "AKIDPROCESS", "process/secret+KEY", "process-token");
    g_assert_nonnull (dynantic_credentials_get_expiration (credentials));
    g_assert_true (g_date_time_equal (dynantic_credentials_get_expiration (credentials), expected));
  }

  write_process_profile (env, "long-term");
  {
    g_autoptr(DynanticCredentials) credentials = load (provider);

    assert_credentials (credentials, "AKIDPROCESSLT", "process/long-term+KEY", NULL);
    g_assert_null (dynantic_credentials_get_expiration (credentials));
  }

  /* The credentials file comes before the process. */
  aws_env_write_credentials (env,
    "[work]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file/secret+KEY\n");
  assert_profile_credentials ("work", "AKIDFILE", "file/secret+KEY", NULL);
}

static void
test_process_failures (AwsEnv        *env,
                       gconstpointer  data)
{
  static const char * const secrets[] = { "process/secret+KEY", "config/secret+KEY", NULL };
  static const struct {
    const char *mode;
    const char *expected;
  } cases[] = {
    { "fail", "exit status 3" },
    { "not-json", "did not print a JSON object" },
    { "version-2", "“Version”" },
    { "no-secret", "“SecretAccessKey”" },
    { "bad-expiration", "“Expiration”" },
    { "empty", "printed nothing" },
    { "blank", "printed nothing" },
    { "flood", "printed more than 65536 bytes" },
    { "not-utf8", "did not print a JSON object" },
    { "nul", "did not print a JSON object" },
    { "deep", "did not print a JSON object" },
    { "array", "did not print a JSON object" },
    { "truncated", "did not print a JSON object" },
    { "version-string", "“Version”" },
    { "number-key", "“AccessKeyId”" },
    { "object-secret", "“SecretAccessKey”" },
    { "killed", "signal 9" },
  };
  g_autoptr(DynanticCredentialsProvider) provider = dynantic_credentials_provider_new_profile ("work");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      write_process_profile (env, cases[i].mode);
      error = load_error (provider, secrets);
      assert_contains (error->message, cases[i].expected);
      assert_contains (error->message, "“work”");
      assert_contains (error->message, "credential_process");
      g_assert_null (strstr (error->message, "credential-process.sh"));
    }

  aws_env_write_config (env, "[profile work]\ncredential_process = \"unterminated\n");
  {
    g_autoptr(GError) error = load_error (provider, secrets);
    assert_contains (error->message, "not a valid command line");
  }

  aws_env_write_config (env, "[profile work]\ncredential_process = /nonexistent/credential-helper\n");
  {
    g_autoptr(GError) error = load_error (provider, secrets);
    assert_contains (error->message, "Could not start");
  }
}

/* A cancelled load ends the process and reports the cancellation, which a
 * chain passes on instead of trying the next provider. */
static void
test_process_cancelled (AwsEnv        *env,
                        gconstpointer  data)
{
  g_autoptr(DynanticCredentials) fallback = dynantic_credentials_new ("AKIDFALLBACK", "fallback", NULL);
  g_autoptr(DynanticCredentialsProvider) profile = dynantic_credentials_provider_new_profile ("work");
  g_autoptr(DynanticCredentialsProvider) fixed = dynantic_credentials_provider_new_static (fallback);
  DynanticCredentialsProvider *providers[] = { profile, fixed };
  g_autoptr(DynanticCredentialsProvider) chain = dynantic_credentials_provider_new_chain (providers, 2);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DynanticCredentials) credentials = NULL;

  write_process_profile (env, "sleep");
  g_cancellable_cancel (cancellable);
  credentials = dynantic_credentials_provider_load (chain, cancellable, &error);

  g_assert_null (credentials);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main context until @done says so, looking every few
 * milliseconds; the guard fails the test if that takes unreasonably long
 * (a hang, not a speed measurement). */
static void
iterate_until (gboolean (*done) (gpointer data),
               gpointer   data)
{
  gboolean guard = FALSE;
  guint guard_id = g_timeout_add_seconds (20, set_flag, &guard);
  guint tick_id = g_timeout_add (5, tick, NULL);

  while (!done (data) && !guard)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (guard);
  g_source_remove (guard_id);
  g_source_remove (tick_id);
}

static gboolean
file_exists (gpointer path)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (path, &contents, NULL, NULL) && strchr (contents, '\n') != NULL;
}

static gboolean
process_gone (gpointer data)
{
  return kill (GPOINTER_TO_INT (data), 0) == -1 && errno == ESRCH;
}

/* The process id the sleep-pid mode wrote to @path. */
static int
read_pid (const char *path)
{
  g_autofree char *contents = NULL;
  guint64 pid = 0;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_ascii_string_to_unsigned (g_strstrip (contents), 10, 2, G_MAXINT, &pid, NULL));
  return (int) pid;
}

static void
write_sleeping_profile (AwsEnv     *env,
                        const char *pid_path)
{
  g_autofree char *quoted = g_shell_quote (pid_path);
  g_autofree char *mode = g_strconcat ("sleep-pid ", quoted, NULL);

  write_process_profile (env, mode);
}

typedef struct {
  GAsyncResult *result;
} Pending;

static gboolean
pending_done (gpointer data)
{
  return ((Pending *) data)->result != NULL;
}

/* Cancelling an asynchronous load kills the process: the main loop never
 * waits for it. */
static void
test_process_async_cancel_kills (AwsEnv        *env,
                                 gconstpointer  data)
{
  g_autoptr(DynanticCredentialsProvider) provider = dynantic_credentials_provider_new_profile ("work");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *pid_path = g_build_filename (env->dir, "pid", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DynanticCredentials) credentials = NULL;
  Pending pending = { NULL };
  int pid;

  write_sleeping_profile (env, pid_path);
  dynantic_credentials_provider_load_async (provider, cancellable, store_result, &pending.result);
  iterate_until (file_exists, pid_path);
  pid = read_pid (pid_path);
  g_assert_null (pending.result);

  g_cancellable_cancel (cancellable);
  iterate_until (pending_done, &pending);
  credentials = dynantic_credentials_provider_load_finish (provider, pending.result, &error);
  g_assert_null (credentials);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  iterate_until (process_gone, GINT_TO_POINTER (pid));

  g_object_unref (pending.result);
  g_remove (pid_path);
}

typedef struct {
  const char   *pid_path;
  GCancellable *cancellable;
} Canceller;

static gpointer
cancel_when_started (gpointer data)
{
  Canceller *canceller = data;

  while (!file_exists ((gpointer) canceller->pid_path))
    g_usleep (5 * G_TIME_SPAN_MILLISECOND);
  g_cancellable_cancel (canceller->cancellable);
  return NULL;
}

/* The same for a synchronous load, cancelled from another thread. */
static void
test_process_sync_cancel_kills (AwsEnv        *env,
                                gconstpointer  data)
{
  g_autoptr(DynanticCredentialsProvider) provider = dynantic_credentials_provider_new_profile ("work");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *pid_path = g_build_filename (env->dir, "pid", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DynanticCredentials) credentials = NULL;
  Canceller canceller = { pid_path, cancellable };
  GThread *thread;

  write_sleeping_profile (env, pid_path);
  thread = g_thread_new ("cancel", cancel_when_started, &canceller);
  credentials = dynantic_credentials_provider_load (provider, cancellable, &error);
  g_thread_join (thread);

  g_assert_null (credentials);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  iterate_until (process_gone, GINT_TO_POINTER (read_pid (pid_path)));
  g_remove (pid_path);
}

static gboolean
cancel_now (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

/* A process that closed its output but never exits is waited for only
 * until the load is cancelled. */
static void
test_process_never_exits (AwsEnv        *env,
                          gconstpointer  data)
{
  g_autoptr(DynanticCredentialsProvider) provider = dynantic_credentials_provider_new_profile ("work");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DynanticCredentials) credentials = NULL;

  write_process_profile (env, "close-and-sleep");
  g_timeout_add_full (G_PRIORITY_DEFAULT, 100, cancel_now, g_object_ref (cancellable), g_object_unref);
  credentials = load_async (provider, cancellable, &error);

  g_assert_null (credentials);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Providers written by users: either vfunc is enough. */

#define TEST_TYPE_SYNC_PROVIDER (test_sync_provider_get_type ())
G_DECLARE_FINAL_TYPE (TestSyncProvider, test_sync_provider, TEST, SYNC_PROVIDER, DynanticCredentialsProvider)

struct _TestSyncProvider
{
  DynanticCredentialsProvider parent_instance;
  GThread                    *thread;  /* the last load's */
};

G_DEFINE_FINAL_TYPE (TestSyncProvider, test_sync_provider, DYNANTIC_TYPE_CREDENTIALS_PROVIDER)

static DynanticCredentials *
sync_provider_load (DynanticCredentialsProvider  *provider,
                    GCancellable                 *cancellable,
                    GError                      **error)
{
  TEST_SYNC_PROVIDER (provider)->thread = g_thread_self ();
  return dynantic_credentials_new ("AKIDSYNC", "sync/secret+KEY", NULL);
}

static void
test_sync_provider_class_init (TestSyncProviderClass *klass)
{
  DYNANTIC_CREDENTIALS_PROVIDER_CLASS (klass)->load = sync_provider_load;
}

static void
test_sync_provider_init (TestSyncProvider *self)
{
}

#define TEST_TYPE_ASYNC_PROVIDER (test_async_provider_get_type ())
G_DECLARE_FINAL_TYPE (TestAsyncProvider, test_async_provider, TEST, ASYNC_PROVIDER, DynanticCredentialsProvider)

struct _TestAsyncProvider
{
  DynanticCredentialsProvider parent_instance;
};

G_DEFINE_FINAL_TYPE (TestAsyncProvider, test_async_provider, DYNANTIC_TYPE_CREDENTIALS_PROVIDER)

static void
async_provider_load_async (DynanticCredentialsProvider *provider,
                           GCancellable                *cancellable,
                           GAsyncReadyCallback          callback,
                           gpointer                     user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);

  g_task_return_pointer (task, dynantic_credentials_new ("AKIDASYNC", "async/secret+KEY", NULL),
                         (GDestroyNotify) dynantic_credentials_unref);
}

static void
test_async_provider_class_init (TestAsyncProviderClass *klass)
{
  DYNANTIC_CREDENTIALS_PROVIDER_CLASS (klass)->load_async = async_provider_load_async;
}

static void
test_async_provider_init (TestAsyncProvider *self)
{
}

#define TEST_TYPE_NO_PROVIDER (test_no_provider_get_type ())
G_DECLARE_FINAL_TYPE (TestNoProvider, test_no_provider, TEST, NO_PROVIDER, DynanticCredentialsProvider)

struct _TestNoProvider
{
  DynanticCredentialsProvider parent_instance;
};

G_DEFINE_FINAL_TYPE (TestNoProvider, test_no_provider, DYNANTIC_TYPE_CREDENTIALS_PROVIDER)

static void
test_no_provider_class_init (TestNoProviderClass *klass)
{
}

static void
test_no_provider_init (TestNoProvider *self)
{
}

/* A provider with only load is loaded asynchronously in a worker thread;
 * one with only load_async synchronously in a main context of its own. */
static void
test_subclass_one_vfunc (void)
{
  g_autoptr(TestSyncProvider) sync_only = g_object_new (TEST_TYPE_SYNC_PROVIDER, NULL);
  g_autoptr(DynanticCredentialsProvider) async_only = g_object_new (TEST_TYPE_ASYNC_PROVIDER, NULL);

  assert_loads (DYNANTIC_CREDENTIALS_PROVIDER (sync_only), "AKIDSYNC", "sync/secret+KEY", NULL);
  g_assert_true (sync_only->thread != g_thread_self ());  /* the asynchronous load's */
  {
    g_autoptr(DynanticCredentials) credentials = load (DYNANTIC_CREDENTIALS_PROVIDER (sync_only));

    g_assert_true (sync_only->thread == g_thread_self ());
  }

  assert_loads (async_only, "AKIDASYNC", "async/secret+KEY", NULL);
}

/* load-in-thread FALSE: the default load_async runs load in the caller's
 * thread (GJS providers, whose code cannot run in another thread). */
static void
test_subclass_load_in_caller (void)
{
  g_autoptr(TestSyncProvider) provider = g_object_new (TEST_TYPE_SYNC_PROVIDER, "load-in-thread", FALSE, NULL);
  g_autoptr(TestSyncProvider) threaded = g_object_new (TEST_TYPE_SYNC_PROVIDER, NULL);

  g_assert_false (dynantic_credentials_provider_get_load_in_thread (DYNANTIC_CREDENTIALS_PROVIDER (provider)));
  g_assert_true (dynantic_credentials_provider_get_load_in_thread (DYNANTIC_CREDENTIALS_PROVIDER (threaded)));
  assert_loads (DYNANTIC_CREDENTIALS_PROVIDER (provider), "AKIDSYNC", "sync/secret+KEY", NULL);
  g_assert_true (provider->thread == g_thread_self ());
}

/* A load that gives neither credentials nor an error (what a binding does
 * when it cannot run the code) is a credentials error, never a critical. */

#define TEST_TYPE_NOTHING_PROVIDER (test_nothing_provider_get_type ())
G_DECLARE_FINAL_TYPE (TestNothingProvider, test_nothing_provider, TEST, NOTHING_PROVIDER, DynanticCredentialsProvider)

struct _TestNothingProvider
{
  DynanticCredentialsProvider parent_instance;
};

G_DEFINE_FINAL_TYPE (TestNothingProvider, test_nothing_provider, DYNANTIC_TYPE_CREDENTIALS_PROVIDER)

static DynanticCredentials *
nothing_load (DynanticCredentialsProvider  *provider,
              GCancellable                 *cancellable,
              GError                      **error)
{
  return NULL;
}

static void
test_nothing_provider_class_init (TestNothingProviderClass *klass)
{
  DYNANTIC_CREDENTIALS_PROVIDER_CLASS (klass)->load = nothing_load;
}

static void
test_nothing_provider_init (TestNothingProvider *self)
{
}

static void
test_subclass_gives_nothing (void)
{
  g_autoptr(DynanticCredentialsProvider) provider = g_object_new (TEST_TYPE_NOTHING_PROVIDER, NULL);
  g_autoptr(GError) error = load_error (provider, NULL);

  assert_contains (error->message, "TestNothingProvider gave neither credentials nor an error");
}

static void
test_subclass_no_vfunc (void)
{
  g_autoptr(DynanticCredentialsProvider) provider = g_object_new (TEST_TYPE_NO_PROVIDER, NULL);
  g_autoptr(GError) error = load_error (provider, NULL);

  assert_contains (error->message, "TestNoProvider implements neither load nor load_async");
}

/* The default load_async of a provider whose load ignores cancellation:
 * the caller is answered at once; the load finishes on its own. */

#define TEST_TYPE_STUCK_PROVIDER (test_stuck_provider_get_type ())
G_DECLARE_FINAL_TYPE (TestStuckProvider, test_stuck_provider, TEST, STUCK_PROVIDER, DynanticCredentialsProvider)

struct _TestStuckProvider
{
  DynanticCredentialsProvider parent_instance;
  GMutex                      lock;
  GCond                       cond;
  gboolean                    started;
  gboolean                    released;
};

G_DEFINE_FINAL_TYPE (TestStuckProvider, test_stuck_provider, DYNANTIC_TYPE_CREDENTIALS_PROVIDER)

static DynanticCredentials *
stuck_provider_load (DynanticCredentialsProvider  *provider,
                     GCancellable                 *cancellable,
                     GError                      **error)
{
  TestStuckProvider *self = TEST_STUCK_PROVIDER (provider);

  g_mutex_lock (&self->lock);
  self->started = TRUE;
  g_cond_broadcast (&self->cond);
  while (!self->released)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  return dynantic_credentials_new ("AKIDLATE", "late/secret+KEY", NULL);
}

static void
test_stuck_provider_finalize (GObject *object)
{
  TestStuckProvider *self = TEST_STUCK_PROVIDER (object);

  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (test_stuck_provider_parent_class)->finalize (object);
}

static void
test_stuck_provider_class_init (TestStuckProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_stuck_provider_finalize;
  DYNANTIC_CREDENTIALS_PROVIDER_CLASS (klass)->load = stuck_provider_load;
}

static void
test_stuck_provider_init (TestStuckProvider *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
}

static void
test_subclass_stuck_cancelled (void)
{
  g_autoptr(TestStuckProvider) provider = g_object_new (TEST_TYPE_STUCK_PROVIDER, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DynanticCredentials) credentials = NULL;

  g_timeout_add_full (G_PRIORITY_DEFAULT, 50, cancel_now, g_object_ref (cancellable), g_object_unref);
  credentials = load_async (DYNANTIC_CREDENTIALS_PROVIDER (provider), cancellable, &error);
  g_assert_null (credentials);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* the worker is still in load; let it go (the provider outlives it: the
   * task holds a reference) */
  g_mutex_lock (&provider->lock);
  while (!provider->started)
    g_cond_wait (&provider->cond, &provider->lock);
  provider->released = TRUE;
  g_cond_broadcast (&provider->cond);
  g_mutex_unlock (&provider->lock);
}

/* Chains. */

static void
test_chain_order (AwsEnv        *env,
                  gconstpointer  data)
{
  g_autoptr(DynanticCredentials) first = dynantic_credentials_new ("AKIDFIRST", "first", NULL);
  g_autoptr(DynanticCredentials) second = dynantic_credentials_new ("AKIDSECOND", "second", NULL);
  g_autoptr(DynanticCredentialsProvider) first_provider = dynantic_credentials_provider_new_static (first);
  g_autoptr(DynanticCredentialsProvider) second_provider = dynantic_credentials_provider_new_static (second);
  g_autoptr(DynanticCredentialsProvider) environment = dynantic_credentials_provider_new_environment ();
  DynanticCredentialsProvider *both[] = { first_provider, second_provider };
  DynanticCredentialsProvider *env_first[] = { environment, second_provider };
  g_autoptr(DynanticCredentialsProvider) chain = dynantic_credentials_provider_new_chain (both, 2);
  g_autoptr(DynanticCredentialsProvider) env_chain = dynantic_credentials_provider_new_chain (env_first, 2);

  {
    g_autoptr(DynanticCredentials) credentials = load (chain);
    g_assert_true (credentials == first);
  }
  {
    /* The environment has nothing: the next one answers. */
    g_autoptr(DynanticCredentials) credentials = load (env_chain);
    g_assert_true (credentials == second);
  }

  set_environment_credentials ("AKIDENV", "env");
  assert_loads (env_chain, "AKIDENV", "env", NULL);
}

/* The default chain: the environment, then the profile. */
static void
test_default_chain (AwsEnv        *env,
                    gconstpointer  data)
{
  g_autoptr(DynanticCredentialsProvider) provider = dynantic_credentials_provider_new_default (NULL);
  g_autoptr(DynanticCredentialsProvider) work = dynantic_credentials_provider_new_default ("work");

  aws_env_write_credentials (env,
    "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file/secret+KEY\n");
  aws_env_write_config (env,
    "[profile work]\naws_access_key_id = AKIDWORK\naws_secret_access_key = work/secret+KEY\n");
  assert_loads (provider, "AKIDFILE", "file/secret+KEY", NULL);
  assert_loads (work, "AKIDWORK", "work/secret+KEY", NULL);

  set_environment_credentials ("AKIDENV", "env/secret+KEY");
  assert_loads (work, "AKIDENV", "env/secret+KEY", NULL);
}

/* When every provider fails: one error that says what each looked at, and
 * no secret found on the way, even half-configured ones. */
static void
test_default_chain_error (AwsEnv        *env,
                          gconstpointer  data)
{
  static const char * const secrets[] = {
    "env/secret+KEY", "other/secret+KEY", "other-token", "partial/secret+KEY", NULL
  };
  g_autoptr(DynanticCredentialsProvider) provider = dynantic_credentials_provider_new_default ("work");

  {
    g_autoptr(GError) error = load_error (provider, secrets);
    g_autofree char *credentials_missing = g_strdup_printf ("%s does not exist", env->credentials_path);
    g_autofree char *config_missing = g_strdup_printf ("%s does not exist", env->config_path);

    assert_contains (error->message, "No AWS credentials found.");
    assert_contains (error->message, "AWS_ACCESS_KEY_ID");
    assert_contains (error->message, "“work”");
    assert_contains (error->message, credentials_missing);
    assert_contains (error->message, config_missing);
  }

  g_setenv ("AWS_SECRET_ACCESS_KEY", "env/secret+KEY", TRUE);
  aws_env_write_credentials (env,
    "[other]\n"
    "aws_access_key_id = AKIDOTHER\n"
    "aws_secret_access_key = other/secret+KEY\n"
    "aws_session_token = other-token\n");
  aws_env_write_config (env, "[profile work]\naws_secret_access_key = partial/secret+KEY\n");
  {
    /* a half-configured profile ends the search (botocore raises
     * PartialCredentialsError): no other source is tried */
    g_autoptr(GError) error = load_error (provider, secrets);

    assert_contains (error->message, "“work”");
    assert_contains (error->message, env->config_path);
    assert_contains (error->message, "aws_secret_access_key but no aws_access_key_id");
    g_assert_null (strstr (error->message, "No AWS credentials found"));
  }
}

static void
test_empty_chain (void)
{
  g_autoptr(DynanticCredentialsProvider) chain = dynantic_credentials_provider_new_chain (NULL, 0);
  g_autoptr(GError) error = load_error (chain, NULL);

  assert_contains (error->message, "No AWS credentials found.");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  aws_env_init ();

  aws_env_test_add ("/credentials/environment", test_environment);
  aws_env_test_add ("/credentials/profile/credentials-file", test_profile_credentials_file);
  aws_env_test_add ("/credentials/profile/config-file", test_profile_config_file);
  aws_env_test_add ("/credentials/profile/credentials-file-wins", test_profile_credentials_file_wins);
  aws_env_test_add ("/credentials/profile/missing-files", test_profile_missing_files);
  aws_env_test_add ("/credentials/profile/malformed-lines", test_profile_malformed_lines);
  aws_env_test_add ("/credentials/profile/partial", test_profile_partial);
  aws_env_test_add ("/credentials/process/success", test_process);
  aws_env_test_add ("/credentials/process/failures", test_process_failures);
  aws_env_test_add ("/credentials/process/cancelled", test_process_cancelled);
  aws_env_test_add ("/credentials/process/async-cancel-kills", test_process_async_cancel_kills);
  aws_env_test_add ("/credentials/process/sync-cancel-kills", test_process_sync_cancel_kills);
  aws_env_test_add ("/credentials/process/never-exits", test_process_never_exits);
  g_test_add_func ("/credentials/subclass/one-vfunc", test_subclass_one_vfunc);
  g_test_add_func ("/credentials/subclass/no-vfunc", test_subclass_no_vfunc);
  g_test_add_func ("/credentials/subclass/load-in-caller", test_subclass_load_in_caller);
  g_test_add_func ("/credentials/subclass/gives-nothing", test_subclass_gives_nothing);
  g_test_add_func ("/credentials/subclass/stuck-cancelled", test_subclass_stuck_cancelled);
  aws_env_test_add ("/credentials/chain/order", test_chain_order);
  aws_env_test_add ("/credentials/chain/default", test_default_chain);
  aws_env_test_add ("/credentials/chain/default-error", test_default_chain_error);
  g_test_add_func ("/credentials/chain/empty", test_empty_chain);

  return g_test_run ();
}
