/* dynantic-aws-ini-private.h: the AWS CLI's shared files (~/.aws/config and
 * ~/.aws/credentials), parsed the way botocore's configparser reads them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Which file: they name their profile sections differently. */
typedef enum {
  DYNANTIC_AWS_INI_CONFIG,       /* [default], [profile x], [services x], [sso-session x] */
  DYNANTIC_AWS_INI_CREDENTIALS,  /* [x] is the profile x */
} DynanticAwsIniKind;

/* The sections of one file, by profile name and by services name. Keys are
 * lowercase; a key with an empty value followed by indented `sub = value`
 * lines (such as `dynamodb =` / `  endpoint_url = ...`) holds sub-settings.
 * Values are wiped from memory when the file is freed. */
typedef struct _DynanticAwsIni DynanticAwsIni;
typedef struct _DynanticAwsIniSection DynanticAwsIniSection;

/* Malformed lines are skipped with a g_debug() that names @origin and the
 * line number, never the line's text. */
DynanticAwsIni        *dynantic_aws_ini_parse           (const char            *text,
                                                         DynanticAwsIniKind     kind,
                                                         const char            *origin);
/* NULL when @path cannot be read (a missing file is not an error). */
DynanticAwsIni        *dynantic_aws_ini_load            (const char            *path,
                                                         DynanticAwsIniKind     kind);
void                   dynantic_aws_ini_free            (DynanticAwsIni        *ini);

/* NULL-safe: a NULL @ini or @section has nothing. */
DynanticAwsIniSection *dynantic_aws_ini_get_profile     (DynanticAwsIni        *ini,
                                                         const char            *profile);
DynanticAwsIniSection *dynantic_aws_ini_get_services    (DynanticAwsIni        *ini,
                                                         const char            *name);
DynanticAwsIniSection *dynantic_aws_ini_get_sso_session (DynanticAwsIni        *ini,
                                                         const char            *name);
const char            *dynantic_aws_ini_section_get     (DynanticAwsIniSection *section,
                                                         const char            *key);
const char            *dynantic_aws_ini_section_get_sub (DynanticAwsIniSection *section,
                                                         const char            *key,
                                                         const char            *sub_key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DynanticAwsIni, dynantic_aws_ini_free)

G_END_DECLS
