/* dynantic-client-private.h: what the request path reads of a client
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "aws/dynantic-http-private.h"
#include "aws/dynantic-retry-private.h"
#include "dynantic-client.h"

G_BEGIN_DECLS

/* The HTTP core the client's calls go through: session, retries, timeouts. */
DynanticHttp        *dynantic_client_get_http         (DynanticClient *self);
/* Credentials and SigV4 for dynamodb in the client's region. */
DynanticHttpAuth    *dynantic_client_get_auth         (DynanticClient *self);
/* The endpoint; NULL when dynantic_client_get_config_error() says why. */
GUri                *dynantic_client_get_uri          (DynanticClient *self);
/* Why the client cannot call (no region, a malformed endpoint), or NULL. */
const GError        *dynantic_client_get_config_error (DynanticClient *self);

/* The client's retry state, shared by all its calls; tests shorten its
 * backoff and read its quota and send rate. */
DynanticRetryPolicy *dynantic_client_get_retry_policy (DynanticClient *self);

/* The client's credentials, as its calls get them (tests set its clock). */
DynanticCredentialsCache *dynantic_client_get_credentials_cache (DynanticClient *self);

G_END_DECLS
