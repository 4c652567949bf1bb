/* dynantic-credentials-private.h: what the built-in credentials providers
 * share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dynantic-credentials.h"

G_BEGIN_DECLS

/* A built-in provider answers in one of three ways: credentials; a
 * DYNANTIC_ERROR_CREDENTIALS error saying its source is not configured
 * (a chain goes on to the next provider, as it does for any provider's
 * DYNANTIC_ERROR_CREDENTIALS); or a failure of a source that is configured
 * (a role that cannot be assumed, an expired SSO login, a container
 * endpoint that does not answer), after which a chain stops, as the AWS
 * SDKs do: it never falls through to other credentials than the ones
 * configured. A failure is returned with this, and still is a
 * DYNANTIC_ERROR_CREDENTIALS error (or cancellation) to its caller. */
void      dynantic_credentials_task_return_failure (GTask        *task,
                                                    GError       *error);
gboolean  dynantic_credentials_result_is_failure   (GAsyncResult *result);

/* @error (taken) as a failure of a source: a cancellation is kept as it
 * is, anything else becomes DYNANTIC_ERROR_CREDENTIALS "@what: its
 * message". */
GError   *dynantic_credentials_error_wrap          (GError       *error,
                                                    const char   *what);

/* The credentials in a JSON document of the container and instance
 * metadata endpoints: AccessKeyId, SecretAccessKey, Token, Expiration
 * (ISO 8601). @what names the source in errors. */
DynanticCredentials *dynantic_credentials_from_metadata_json (const char  *data,
                                                              gsize        size,
                                                              const char  *what,
                                                              GError     **error);

/* Parses an ISO 8601 time (UTC unless it says otherwise); NULL if it is not one. */
GDateTime *dynantic_credentials_parse_time         (const char   *text);

/* Whether a credentials source may be reached at @uri: https, or plain
 * http to this machine (a loopback address or "localhost"). */
gboolean  dynantic_credentials_uri_is_safe         (GUri         *uri);
gboolean  dynantic_credentials_host_is_loopback    (const char   *host);

/* The MFA callback a provider was given (dynantic_credentials_provider_set_mfa_func()),
 * shared with the providers it holds. */
typedef struct _DynanticMfaFuncHolder DynanticMfaFuncHolder;

DynanticMfaFuncHolder *dynantic_credentials_provider_dup_mfa (DynanticCredentialsProvider *self);
DynanticMfaFuncHolder *dynantic_mfa_func_holder_ref   (DynanticMfaFuncHolder *holder);
void                   dynantic_mfa_func_holder_unref (DynanticMfaFuncHolder *holder);

/* Asks @holder's callback (in the thread-default main context) for the
 * code of @serial_number to assume the role of @profile. Completes with
 * the code, or DYNANTIC_ERROR_CREDENTIALS when there is no callback or it
 * refuses, or G_IO_ERROR_CANCELLED. */
void   dynantic_mfa_func_holder_call (DynanticMfaFuncHolder *holder,
                                      DynanticMfaRequest    *request);

void   dynantic_mfa_ask_async  (DynanticMfaFuncHolder *holder,
                                const char            *profile,
                                const char            *serial_number,
                                GCancellable          *cancellable,
                                GAsyncReadyCallback    callback,
                                gpointer               user_data);
char  *dynantic_mfa_ask_finish (GAsyncResult          *result,
                                GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DynanticMfaFuncHolder, dynantic_mfa_func_holder_unref)

G_END_DECLS
