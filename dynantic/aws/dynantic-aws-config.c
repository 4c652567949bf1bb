/* dynantic-aws-config.c: the AWS CLI's settings for a profile
 *
 * Each setting is taken from the first source that has it, in the order
 * the AWS CLI (v2) uses; see README, "Configuration".
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic-aws-config-private.h"

#define MAX_ATTEMPTS_LIMIT 100          /* as DynanticClient:max-attempts */

static const char *
env (const char *name)
{
  const char *value = g_getenv (name);

  return (value != NULL && *value != '\0') ? value : NULL;
}

/* HOME as it is now: g_get_home_dir() caches the first answer. */
static const char *
home_dir (void)
{
  const char *home = env ("HOME");

  return home != NULL ? home : g_get_home_dir ();
}

/* @variable's path with a leading "~" expanded, else ~/.aws/@file_name. */
static char *
shared_file_path (const char *variable,
                  const char *file_name)
{
  const char *path = env (variable);

  if (path == NULL)
    return g_build_filename (home_dir (), ".aws", file_name, NULL);
  if (path[0] == '~' && (path[1] == '/' || path[1] == '\0'))
    return g_build_filename (home_dir (), path + 1, NULL);

  return g_strdup (path);
}

DynanticAwsFiles *
dynantic_aws_files_load (const char *profile)
{
  DynanticAwsFiles *files = g_new0 (DynanticAwsFiles, 1);

  if (profile == NULL || *profile == '\0')
    profile = env ("AWS_PROFILE");
  files->profile = g_strdup (profile != NULL ? profile : "default");
  files->config_path = shared_file_path ("AWS_CONFIG_FILE", "config");
  files->credentials_path = shared_file_path ("AWS_SHARED_CREDENTIALS_FILE", "credentials");
  files->config = dynantic_aws_ini_load (files->config_path, DYNANTIC_AWS_INI_CONFIG);
  files->credentials = dynantic_aws_ini_load (files->credentials_path, DYNANTIC_AWS_INI_CREDENTIALS);

  return files;
}

void
dynantic_aws_files_free (DynanticAwsFiles *files)
{
  if (files == NULL)
    return;

  g_free (files->profile);
  g_free (files->config_path);
  g_free (files->credentials_path);
  g_clear_pointer (&files->config, dynantic_aws_ini_free);
  g_clear_pointer (&files->credentials, dynantic_aws_ini_free);
  g_free (files);
}

DynanticAwsIniSection *
dynantic_aws_files_get_config_profile (DynanticAwsFiles *files)
{
  return dynantic_aws_ini_get_profile (files->config, files->profile);
}

DynanticAwsIniSection *
dynantic_aws_files_get_credentials_profile (DynanticAwsFiles *files)
{
  return dynantic_aws_ini_get_profile (files->credentials, files->profile);
}

const char *
dynantic_aws_files_get_for (DynanticAwsFiles *files,
                            const char       *profile,
                            const char       *key)
{
  const char *value = dynantic_aws_ini_section_get (dynantic_aws_ini_get_profile (files->credentials, profile), key);

  return value != NULL ? value : dynantic_aws_ini_section_get (dynantic_aws_ini_get_profile (files->config, profile), key);
}

const char *
dynantic_aws_files_get (DynanticAwsFiles *files,
                        const char       *key)
{
  return dynantic_aws_files_get_for (files, files->profile, key);
}

gboolean
dynantic_aws_files_has_profile (DynanticAwsFiles *files,
                                const char       *profile)
{
  return dynantic_aws_ini_get_profile (files->credentials, profile) != NULL ||
         dynantic_aws_ini_get_profile (files->config, profile) != NULL;
}

const char *
dynantic_aws_files_get_sso_session (DynanticAwsFiles *files,
                                    const char       *name,
                                    const char       *key)
{
  return dynantic_aws_ini_section_get (dynantic_aws_ini_get_sso_session (files->config, name), key);
}

static const char *
first_of (const char *a,
          const char *b,
          const char *c)
{
  return a != NULL ? a : b != NULL ? b : c;
}

static gboolean
is_true (const char *value)
{
  return value != NULL && g_ascii_strcasecmp (value, "true") == 0;
}

/* AWS_IGNORE_CONFIGURED_ENDPOINT_URLS, else the profile's
 * ignore_configured_endpoint_urls. */
static gboolean
configured_endpoints_ignored (DynanticAwsFiles *files)
{
  const char *value = env ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");

  if (value == NULL)
    value = dynantic_aws_files_get (files, "ignore_configured_endpoint_urls");

  return is_true (value);
}

/* The service-specific source before the global one, the environment before
 * the config file. */
const char *
dynantic_aws_files_get_endpoint (DynanticAwsFiles *files,
                                 const char       *env_id,
                                 const char       *config_key)
{
  g_autofree char *variable = g_strconcat ("AWS_ENDPOINT_URL_", env_id, NULL);
  const char *services_name;
  const char *value;

  if (configured_endpoints_ignored (files))
    return NULL;

  if ((value = env (variable)) != NULL ||
      (value = env ("AWS_ENDPOINT_URL")) != NULL)
    return value;

  services_name = dynantic_aws_files_get (files, "services");
  if (services_name != NULL)
    {
      DynanticAwsIniSection *services = dynantic_aws_ini_get_services (files->config, services_name);

      value = dynantic_aws_ini_section_get_sub (services, config_key, "endpoint_url");
      if (value != NULL)
        return value;
    }

  return dynantic_aws_files_get (files, "endpoint_url");
}

const char *
dynantic_aws_files_get_region (DynanticAwsFiles *files)
{
  return first_of (env ("AWS_REGION"), env ("AWS_DEFAULT_REGION"), dynantic_aws_files_get (files, "region"));
}

/* 0 (unset) when @text is not a count of attempts. */
static guint
parse_max_attempts (const char *text,
                    const char *source)
{
  guint64 value = 0;

  if (text == NULL)
    return 0;
  if (!g_ascii_string_to_unsigned (text, 10, 1, MAX_ATTEMPTS_LIMIT, &value, NULL))
    {
      g_debug ("ignoring %s: not a number of attempts from 1 to %d", source, MAX_ATTEMPTS_LIMIT);
      return 0;
    }

  return (guint) value;
}


DynanticAwsSettings *
dynantic_aws_settings_resolve (const char *profile)
{
  g_autoptr(DynanticAwsFiles) files = dynantic_aws_files_load (profile);
  DynanticAwsSettings *settings = g_new0 (DynanticAwsSettings, 1);

  settings->profile = g_strdup (files->profile);
  settings->region = g_strdup (dynantic_aws_files_get_region (files));
  settings->endpoint_url = g_strdup (dynantic_aws_files_get_endpoint (files, "DYNAMODB", "dynamodb"));
  settings->max_attempts = parse_max_attempts (env ("AWS_MAX_ATTEMPTS"), "AWS_MAX_ATTEMPTS");
  if (settings->max_attempts == 0)
    settings->max_attempts = parse_max_attempts (dynantic_aws_files_get (files, "max_attempts"),
                                                 "the profile's max_attempts");
  settings->retry_mode = g_strdup (first_of (env ("AWS_RETRY_MODE"),
                                             dynantic_aws_files_get (files, "retry_mode"), NULL));

  return settings;
}

void
dynantic_aws_settings_free (DynanticAwsSettings *settings)
{
  if (settings == NULL)
    return;

  g_free (settings->profile);
  g_free (settings->region);
  g_free (settings->endpoint_url);
  g_free (settings->retry_mode);
  g_free (settings);
}

char *
dynantic_aws_default_endpoint (const char *region)
{
  if (g_str_has_prefix (region, "cn-"))
    return g_strdup_printf ("https://dynamodb.%s.amazonaws.com.cn", region);

  return g_strdup_printf ("https://dynamodb.%s.amazonaws.com", region);
}
