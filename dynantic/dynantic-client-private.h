/* dynantic-client-private.h: the bytes-level call the library's own layers use
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "aws/dynantic-http-private.h"
#include "aws/dynantic-retry-private.h"
#include "dynantic-client.h"

G_BEGIN_DECLS

/* Sends @body (DynamoDB JSON, already encoded) as @operation, with signing,
 * retries and timeouts; returns the body of the successful response.
 * Failures come back as DYNANTIC_ERROR with the service's details attached. */
GBytes *dynantic_client_send        (DynanticClient       *self,
                                     const char           *operation,
                                     GBytes               *body,
                                     GCancellable         *cancellable,
                                     GError              **error);
void    dynantic_client_send_async  (DynanticClient       *self,
                                     const char           *operation,
                                     GBytes               *body,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
GBytes *dynantic_client_send_finish (DynanticClient       *self,
                                     GAsyncResult         *result,
                                     GError              **error);

/* The client's retry state, shared by all its calls; tests shorten its
 * backoff and read its quota and send rate. */
DynanticRetryPolicy *dynantic_client_get_retry_policy (DynanticClient *self);

/* The client's credentials, as its calls get them (tests set its clock). */
DynanticCredentialsCache *dynantic_client_get_credentials_cache (DynanticClient *self);

G_END_DECLS
