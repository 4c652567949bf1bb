/* dynantic-aws-config-private.h: the AWS CLI's settings, from the environment
 * and the shared config and credentials files
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "dynantic-aws-ini-private.h"

G_BEGIN_DECLS

/* The shared files as they are now, for one profile. Either file may be
 * missing (NULL). */
typedef struct {
  char           *profile;           /* the argument, else AWS_PROFILE, else "default" */
  char           *config_path;       /* AWS_CONFIG_FILE, else ~/.aws/config */
  char           *credentials_path;  /* AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials */
  DynanticAwsIni *config;
  DynanticAwsIni *credentials;
} DynanticAwsFiles;

DynanticAwsFiles    *dynantic_aws_files_load         (const char       *profile);
void                 dynantic_aws_files_free         (DynanticAwsFiles *files);
/* The profile's section in each file; NULL when the file or section is missing. */
DynanticAwsIniSection *dynantic_aws_files_get_config_profile      (DynanticAwsFiles *files);
DynanticAwsIniSection *dynantic_aws_files_get_credentials_profile (DynanticAwsFiles *files);
/* A setting of the profile: the credentials file's, else the config
 * file's, as botocore merges them. NULL when unset or empty. */
const char          *dynantic_aws_files_get          (DynanticAwsFiles *files,
                                                      const char       *key);
/* The same for another profile (a source_profile). */
const char          *dynantic_aws_files_get_for      (DynanticAwsFiles *files,
                                                      const char       *profile,
                                                      const char       *key);
/* Whether either file has a section for @profile. */
gboolean             dynantic_aws_files_has_profile  (DynanticAwsFiles *files,
                                                      const char       *profile);
/* A setting of the config file's `[sso-session @name]`; NULL when unset. */
const char          *dynantic_aws_files_get_sso_session (DynanticAwsFiles *files,
                                                         const char       *name,
                                                         const char       *key);
/* The region: AWS_REGION, AWS_DEFAULT_REGION, the profile's `region`. */
const char          *dynantic_aws_files_get_region   (DynanticAwsFiles *files);
/* The endpoint configured for a service, the service-specific source before
 * the global one and the environment before the files: AWS_ENDPOINT_URL_@env_id,
 * AWS_ENDPOINT_URL, `endpoint_url` under `@config_key =` in the profile's
 * services section, the profile's `endpoint_url`; NULL when none is, or
 * when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (else the profile's
 * ignore_configured_endpoint_urls) is true. @env_id is the service's id in
 * capitals with underscores ("DYNAMODB", "STS", "SSO", "SSO_OIDC"),
 * @config_key in lower case ("dynamodb", "sts", "sso", "sso_oidc"). */
const char          *dynantic_aws_files_get_endpoint (DynanticAwsFiles *files,
                                                      const char       *env_id,
                                                      const char       *config_key);

/* What the AWS CLI would use for one profile. Fields are NULL / 0 when no
 * source sets them. */
typedef struct {
  char  *profile;        /* the profile resolved (argument, AWS_PROFILE, "default") */
  char  *region;         /* AWS_REGION, AWS_DEFAULT_REGION, profile `region` */
  char  *endpoint_url;   /* AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL, the profile's
                          * services section `dynamodb` `endpoint_url`, profile
                          * `endpoint_url`; none when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS
                          * or the profile's `ignore_configured_endpoint_urls` is true */
  guint  max_attempts;   /* AWS_MAX_ATTEMPTS, profile `max_attempts` */
  char  *retry_mode;     /* AWS_RETRY_MODE, profile `retry_mode` */
} DynanticAwsSettings;

DynanticAwsSettings *dynantic_aws_settings_resolve   (const char          *profile);
void                 dynantic_aws_settings_free      (DynanticAwsSettings *settings);

char                *dynantic_aws_default_endpoint   (const char          *region);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DynanticAwsFiles, dynantic_aws_files_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DynanticAwsSettings, dynantic_aws_settings_free)

G_END_DECLS
