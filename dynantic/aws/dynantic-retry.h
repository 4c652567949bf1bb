/* dynantic-retry.h: how failed attempts are retried
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(DYNANTIC_INSIDE) && !defined(DYNANTIC_COMPILATION)
# error "Only <dynantic/dynantic.h> can be included directly."
#endif

#include <glib.h>

#include "dynantic-version.h"

G_BEGIN_DECLS

/**
 * DynanticRetryMode:
 * @DYNANTIC_RETRY_MODE_STANDARD: the AWS "standard" mode: exponential backoff
 *   with full jitter, a retry-token bucket, retries on throttling, 5xx,
 *   dropped connections and timeouts
 * @DYNANTIC_RETRY_MODE_ADAPTIVE: "standard" plus client-side rate limiting
 *   that slows down when the service throttles
 *
 * How the client retries transient failures (the AWS SDKs' `retry_mode`).
 *
 * Since: 0.1
 */
typedef enum {
  DYNANTIC_RETRY_MODE_STANDARD,
  DYNANTIC_RETRY_MODE_ADAPTIVE,
} DynanticRetryMode;

G_END_DECLS
