/* dynantic-credentials-web-identity-private.h: a role assumed with a web
 * identity token, for the web identity provider and profiles
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dynantic-aws-config-private.h"
#include "dynantic-credentials.h"
#include "dynantic-http-private.h"

G_BEGIN_DECLS

/* The credentials of @role_arn assumed with the token in @token_file
 * (read at each call), through STS in @files' region at its configured STS
 * endpoint. @where names the configuration in errors ("the profile “x”",
 * "AWS_WEB_IDENTITY_TOKEN_FILE"). */
void                 dynantic_web_identity_load_async  (DynanticHttp        *http,
                                                        DynanticAwsFiles    *files,
                                                        const char          *token_file,
                                                        const char          *role_arn,
                                                        const char          *session_name,
                                                        const char          *where,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
DynanticCredentials *dynantic_web_identity_load_finish (GAsyncResult        *result,
                                                        GError             **error);

G_END_DECLS
