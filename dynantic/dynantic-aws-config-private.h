/* dynantic-aws-config-private.h: the AWS CLI's settings, from the environment
 * and the shared config file
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the AWS CLI would use for one profile. Fields are NULL / 0 when no
 * source sets them. */
typedef struct {
  char  *profile;        /* the profile resolved (argument, AWS_PROFILE, "default") */
  char  *region;         /* AWS_REGION, AWS_DEFAULT_REGION, config `region` */
  char  *endpoint_url;   /* AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL, config */
  guint  max_attempts;   /* AWS_MAX_ATTEMPTS, config `max_attempts` */
  char  *retry_mode;     /* AWS_RETRY_MODE, config `retry_mode` */
} DynanticAwsSettings;

DynanticAwsSettings *dynantic_aws_settings_resolve (const char          *profile);
void                 dynantic_aws_settings_free    (DynanticAwsSettings *settings);

char                *dynantic_aws_default_endpoint (const char          *region);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DynanticAwsSettings, dynantic_aws_settings_free)

G_END_DECLS
