/* dynantic-aws-config.c: the AWS CLI's settings for a profile
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "dynantic-aws-config-private.h"

static const char *
first_env (const char *a,
           const char *b)
{
  const char *value = g_getenv (a);

  if ((value == NULL || *value == '\0') && b != NULL)
    value = g_getenv (b);

  return (value != NULL && *value != '\0') ? value : NULL;
}

/* FIXME: read the shared config file ([profile x] sections, services). */
DynanticAwsSettings *
dynantic_aws_settings_resolve (const char *profile)
{
  DynanticAwsSettings *settings = g_new0 (DynanticAwsSettings, 1);
  const char *max_attempts;

  settings->profile = g_strdup (profile != NULL ? profile : first_env ("AWS_PROFILE", NULL));
  if (settings->profile == NULL)
    settings->profile = g_strdup ("default");
  settings->region = g_strdup (first_env ("AWS_REGION", "AWS_DEFAULT_REGION"));
  settings->endpoint_url = g_strdup (first_env ("AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL"));
  settings->retry_mode = g_strdup (first_env ("AWS_RETRY_MODE", NULL));
  max_attempts = first_env ("AWS_MAX_ATTEMPTS", NULL);
  if (max_attempts != NULL)
    settings->max_attempts = (guint) g_ascii_strtoull (max_attempts, NULL, 10);

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
