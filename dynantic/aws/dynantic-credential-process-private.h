/* dynantic-credential-process-private.h: credentials from an external
 * command, the `credential_process` setting of an AWS profile
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dynantic-credentials.h"

G_BEGIN_DECLS

/* Runs @command (a command line, split as a shell would, not run by one)
 * without blocking, and reads the JSON it prints: Version 1, AccessKeyId,
 * SecretAccessKey, optional SessionToken and Expiration (ISO 8601).
 * Cancelling @cancellable kills the process. Errors are
 * DYNANTIC_ERROR_CREDENTIALS naming @profile and the setting, never the
 * command's arguments or output, or G_IO_ERROR_CANCELLED. Completes in the
 * thread-default main context. */
void                 dynantic_credential_process_run_async  (const char           *command,
                                                             const char           *profile,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
DynanticCredentials *dynantic_credential_process_run_finish (GAsyncResult         *result,
                                                             GError              **error);

/* What the process printed, read as the AWS CLI reads it. For tests. */
DynanticCredentials *dynantic_credential_process_parse      (const char           *data,
                                                             gsize                 size,
                                                             const char           *profile,
                                                             GError              **error);

G_END_DECLS
