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
 * and reads the JSON it prints: Version 1, AccessKeyId, SecretAccessKey,
 * optional SessionToken and Expiration (ISO 8601). Errors are
 * DYNANTIC_ERROR_CREDENTIALS naming @profile, never the command's
 * arguments or output. */
DynanticCredentials *dynantic_credential_process_run (const char    *command,
                                                      const char    *profile,
                                                      GCancellable  *cancellable,
                                                      GError       **error);

G_END_DECLS
