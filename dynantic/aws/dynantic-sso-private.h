/* dynantic-sso-private.h: the credentials of an IAM Identity Center (SSO)
 * role, with the login the AWS CLI's `aws sso login` cached
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dynantic-credentials.h"
#include "dynantic-http-private.h"

G_BEGIN_DECLS

typedef struct {
  const char *profile;
  const char *session_name;     /* the profile's sso_session; NULL: the legacy form */
  const char *start_url;        /* sso_start_url */
  const char *region;           /* sso_region */
  const char *account_id;       /* sso_account_id */
  const char *role_name;        /* sso_role_name */
  const char *portal_endpoint;  /* configured for SSO (AWS_ENDPOINT_URL_SSO, ...), or NULL */
  const char *oidc_endpoint;    /* configured for SSO OIDC, or NULL */
} DynanticSsoConfig;

/* Reads the cached token (refreshing it through SSO OIDC CreateToken when
 * it expires within 15 minutes and the sso_session form cached a refresh
 * token; the cache file is updated), then calls the portal's
 * GetRoleCredentials. Errors are DYNANTIC_ERROR_CREDENTIALS naming the
 * profile, the setting and, when the login is missing or expired, the
 * `aws sso login` command to run; or G_IO_ERROR_CANCELLED. */
void                 dynantic_sso_load_async    (DynanticHttp            *http,
                                                 const DynanticSsoConfig *config,
                                                 GCancellable            *cancellable,
                                                 GAsyncReadyCallback      callback,
                                                 gpointer                 user_data);
DynanticCredentials *dynantic_sso_load_finish   (GAsyncResult            *result,
                                                 GError                 **error);

/* ~/.aws/sso/cache/SHA1.json, SHA1 the hex SHA-1 of the sso_session's name
 * (or, in the legacy form, of the start URL), as the AWS CLI names it. */
char                *dynantic_sso_cache_path    (const char              *session_name,
                                                 const char              *start_url);

G_END_DECLS
