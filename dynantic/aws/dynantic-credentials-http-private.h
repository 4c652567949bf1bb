/* dynantic-credentials-http-private.h: the HTTP core as the credentials
 * providers that call AWS endpoints use it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "dynantic-http-private.h"

G_BEGIN_DECLS

/* Per attempt, in seconds, for STS and the SSO portal; the whole load is
 * bounded by the caller's cancellable (the client's timeouts). */
#define DYNANTIC_CREDENTIALS_STS_TIMEOUT 30.0

/* Credentials documents are a few kilobytes. */
#define DYNANTIC_CREDENTIALS_MAX_RESPONSE_SIZE (1024 * 1024)

/* The HTTP core for a provider's requests: @timeout seconds per attempt,
 * @max_attempts, the standard retry mode, no proxy when @direct
 * (link-local endpoints). */
static inline DynanticHttp *
dynantic_credentials_http_new (double   timeout,
                               guint    max_attempts,
                               gboolean direct)
{
  DynanticHttpSettings settings = {
    .max_attempts = max_attempts,
    .retry_mode = DYNANTIC_RETRY_MODE_STANDARD,
    .timeout = timeout,
    .max_response_size = DYNANTIC_CREDENTIALS_MAX_RESPONSE_SIZE,
    .direct = direct,
  };

  return dynantic_http_new (&settings);
}

G_END_DECLS
