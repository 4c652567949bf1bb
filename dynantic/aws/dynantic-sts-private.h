/* dynantic-sts-private.h: AWS STS, for the credentials of assumed roles:
 * AssumeRole (signed with the source credentials) and
 * AssumeRoleWithWebIdentity (unsigned, with a web identity token)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dynantic-credentials.h"
#include "dynantic-http-private.h"

G_BEGIN_DECLS

typedef struct _DynanticSts DynanticSts;

/* STS in @region, at @endpoint when one is configured (AWS_ENDPOINT_URL_STS
 * and the like), else at the regional endpoint (https://sts.REGION.amazonaws.com),
 * or the global one (https://sts.amazonaws.com, signed for us-east-1)
 * without a region. NULL with DYNANTIC_ERROR_CREDENTIALS when @endpoint is
 * not an https URL, or http to this machine; @setting names where it came
 * from in that error. */
DynanticSts *dynantic_sts_new  (DynanticHttp  *http,
                                const char    *region,
                                const char    *endpoint,
                                const char    *setting,
                                GError       **error);
void         dynantic_sts_free (DynanticSts   *self);

typedef struct {
  const char *role_arn;
  const char *role_session_name;  /* NULL: "dynantic-session-" and the time */
  const char *external_id;        /* nullable */
  const char *serial_number;      /* nullable: the MFA device */
  const char *token_code;         /* with serial_number */
  guint       duration_seconds;   /* 0: STS's default (an hour) */
} DynanticStsRole;

/* The temporary credentials of @role, asked for with @source's. */
void                 dynantic_sts_assume_role_async                   (DynanticSts           *self,
                                                                       DynanticCredentials   *source,
                                                                       const DynanticStsRole *role,
                                                                       GCancellable          *cancellable,
                                                                       GAsyncReadyCallback    callback,
                                                                       gpointer               user_data);
/* The temporary credentials of @role for the holder of @token. */
void                 dynantic_sts_assume_role_with_web_identity_async (DynanticSts           *self,
                                                                       const DynanticStsRole *role,
                                                                       const char            *token,
                                                                       GCancellable          *cancellable,
                                                                       GAsyncReadyCallback    callback,
                                                                       gpointer               user_data);
/* Errors: DYNANTIC_ERROR_CREDENTIALS with STS's error code (never its
 * message, which names accounts and roles), the HTTP core's for a call
 * that could not be made, or G_IO_ERROR_CANCELLED. */
DynanticCredentials *dynantic_sts_finish                              (GAsyncResult          *result,
                                                                       GError               **error);

/* STS's XML answer (for tests): the credentials of a successful one;
 * @error_code gets the code of an error answer. */
DynanticCredentials *dynantic_sts_parse_response                      (const char            *data,
                                                                       gsize                  size,
                                                                       char                 **error_code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DynanticSts, dynantic_sts_free)

G_END_DECLS
