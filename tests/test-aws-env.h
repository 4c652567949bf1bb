/* test-aws-env.h: a controlled AWS environment for the tests of the shared
 * files, the settings and the credentials providers
 *
 * Each test gets an empty temporary HOME, AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE pointing into it (not yet written), none of
 * the other AWS_* variables the library reads, and
 * AWS_EC2_METADATA_DISABLED=true. Debug messages of the library
 * are kept so that tests can check what is (never) logged.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

typedef struct {
  char *dir;
  char *config_path;
  char *credentials_path;
} AwsEnv;

static const char * const aws_env_variables[] = {
  "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
  "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_REGION", "AWS_DEFAULT_REGION",
  "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
  "AWS_MAX_ATTEMPTS", "AWS_RETRY_MODE",
  "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_SSO", "AWS_ENDPOINT_URL_SSO_OIDC",
  "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
  "AWS_EC2_METADATA_SERVICE_ENDPOINT", "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
  "AWS_EC2_METADATA_V1_DISABLED", "AWS_METADATA_SERVICE_TIMEOUT", "AWS_METADATA_SERVICE_NUM_ATTEMPTS",
};

static GString *aws_env_debug_log;
static GString *aws_env_message_log;

static GLogWriterOutput
aws_env_log_writer (GLogLevelFlags   level,
                    const GLogField *fields,
                    gsize            n_fields,
                    gpointer         user_data)
{
  GString *log = (level & G_LOG_LEVEL_DEBUG) != 0 ? aws_env_debug_log
               : (level & G_LOG_LEVEL_MESSAGE) != 0 ? aws_env_message_log
               : NULL;

  if (log == NULL)
    return g_log_writer_default (level, fields, n_fields, user_data);

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE"))
      g_string_append_printf (log, "%s\n", (const char *) fields[i].value);

  return G_LOG_WRITER_HANDLED;
}

/* Once, from main(), before the tests run. */
static inline void
aws_env_init (void)
{
  aws_env_debug_log = g_string_new (NULL);
  aws_env_message_log = g_string_new (NULL);
  g_log_set_writer_func (aws_env_log_writer, NULL, NULL);
}

/* What the library logged at debug level since the test began. */
static inline const char *
aws_env_debug_messages (void)
{
  return aws_env_debug_log->str;
}

/* What it logged with g_message() since the test began. */
static inline const char *
aws_env_messages (void)
{
  return aws_env_message_log->str;
}

static inline void
aws_env_setup (AwsEnv        *env,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (aws_env_variables); i++)
    g_unsetenv (aws_env_variables[i]);
  /* no test reaches 169.254.169.254; those of the instance metadata
   * provider turn it back on with their own endpoint */
  g_setenv ("AWS_EC2_METADATA_DISABLED", "true", TRUE);

  env->dir = g_dir_make_tmp ("dynantic-aws-XXXXXX", &error);
  g_assert_no_error (error);
  env->config_path = g_build_filename (env->dir, "config", NULL);
  env->credentials_path = g_build_filename (env->dir, "credentials", NULL);
  g_setenv ("HOME", env->dir, TRUE);
  g_setenv ("AWS_CONFIG_FILE", env->config_path, TRUE);
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", env->credentials_path, TRUE);
  g_string_truncate (aws_env_debug_log, 0);
  g_string_truncate (aws_env_message_log, 0);
}

static inline void
aws_env_write (const char *path,
               const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static inline void
aws_env_write_config (AwsEnv     *env,
                      const char *text)
{
  aws_env_write (env->config_path, text);
}

static inline void
aws_env_write_credentials (AwsEnv     *env,
                           const char *text)
{
  aws_env_write (env->credentials_path, text);
}

/* Removes what the test wrote: the two files and ~/.aws/{config,credentials}. */
static inline void
aws_env_teardown (AwsEnv        *env,
                  gconstpointer  data)
{
  g_autofree char *aws_dir = g_build_filename (env->dir, ".aws", NULL);
  g_autofree char *home_config = g_build_filename (aws_dir, "config", NULL);
  g_autofree char *home_credentials = g_build_filename (aws_dir, "credentials", NULL);

  g_remove (env->config_path);
  g_remove (env->credentials_path);
  g_remove (home_config);
  g_remove (home_credentials);
  g_rmdir (aws_dir);
  g_assert_cmpint (g_rmdir (env->dir), ==, 0);

  g_free (env->dir);
  g_free (env->config_path);
  g_free (env->credentials_path);
}

/* A test that runs in a fresh controlled environment. */
#define aws_env_test_add(path, func) \
  g_test_add (path, AwsEnv, NULL, aws_env_setup, func, aws_env_teardown)
