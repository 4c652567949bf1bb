/* dynantic-error.h: the DYNANTIC_ERROR domain
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(DYNANTIC_INSIDE) && !defined(DYNANTIC_COMPILATION)
# error "Only <dynantic/dynantic.h> can be included directly."
#endif

#include <glib-object.h>

#include "dynantic-version.h"

G_BEGIN_DECLS

/**
 * DYNANTIC_ERROR:
 *
 * The error domain of every failure Dynantic reports. Cancellation through a
 * #GCancellable is reported as %G_IO_ERROR_CANCELLED instead.
 */
#define DYNANTIC_ERROR (dynantic_error_quark ())

/**
 * DynanticError:
 * @DYNANTIC_ERROR_FAILED: a failure without a more specific code
 * @DYNANTIC_ERROR_INVALID_ARGUMENT: a parameter passed by the caller is not acceptable
 *   (also DynamoDB's `IdempotentParameterMismatchException`)
 * @DYNANTIC_ERROR_VALIDATION: an item or request failed validation, before sending
 *   (the message names every bad field) or at the service (`ValidationException`)
 * @DYNANTIC_ERROR_SCHEMA: a model class declares an invalid schema
 * @DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED: a write's condition did not hold
 * @DYNANTIC_ERROR_RESOURCE_NOT_FOUND: the table or index does not exist (`ResourceNotFoundException`)
 * @DYNANTIC_ERROR_RESOURCE_IN_USE: the table is being created, updated or deleted, or already exists
 * @DYNANTIC_ERROR_THROTTLED: the request was throttled (`ProvisionedThroughputExceededException`,
 *   `ThrottlingException`, `RequestLimitExceeded`) and retries did not get through
 * @DYNANTIC_ERROR_LIMIT_EXCEEDED: an account or control-plane limit was hit (`LimitExceededException`)
 * @DYNANTIC_ERROR_ITEM_COLLECTION_SIZE_LIMIT: an item collection exceeded 10 GB
 * @DYNANTIC_ERROR_TRANSACTION_CANCELED: a transaction was canceled; see
 *   dynantic_error_get_cancellation_reasons()
 * @DYNANTIC_ERROR_TRANSACTION_CONFLICT: another transaction is in progress on an item
 * @DYNANTIC_ERROR_TIMEOUT: the request or the whole call timed out
 * @DYNANTIC_ERROR_CREDENTIALS: no usable credentials were found, or they are malformed
 * @DYNANTIC_ERROR_AUTH: the service rejected the signature or the credentials
 * @DYNANTIC_ERROR_NETWORK: the connection failed or was dropped
 * @DYNANTIC_ERROR_SERVICE: the service failed (HTTP 5xx, `InternalServerError`)
 * @DYNANTIC_ERROR_BAD_RESPONSE: the service's response could not be understood
 * @DYNANTIC_ERROR_INVALID_CURSOR: a pagination cursor was altered, truncated or made for
 *   another table, index or partition
 * @DYNANTIC_ERROR_BATCH_INCOMPLETE: some items of a batch could not be processed
 * @DYNANTIC_ERROR_REDIRECT: the endpoint answered with a redirect (HTTP 3xx), which Dynantic
 *   never follows: the endpoint is wrong, or not DynamoDB (since: 0.2)
 * @DYNANTIC_ERROR_RESPONSE_TOO_LARGE: a response was larger than the client's
 *   #DynanticClient:max-response-size and was not read further (since: 0.2)
 * @DYNANTIC_ERROR_PAGINATION_LOOP: the service returned a page key it had returned
 *   before in the same read, which would never end (since: 0.2)
 * @DYNANTIC_ERROR_TLS: the endpoint's TLS certificate was not accepted (see
 *   #DynanticClient:tls-ca-file), or the TLS handshake failed (since: 0.2)
 *
 * What went wrong, as precisely as a caller needs to tell failures apart.
 * Errors that come from the service also keep the service's own error name,
 * message and HTTP status: see dynantic_error_get_service_code().
 */
typedef enum {
  DYNANTIC_ERROR_FAILED,
  DYNANTIC_ERROR_INVALID_ARGUMENT,
  DYNANTIC_ERROR_VALIDATION,
  DYNANTIC_ERROR_SCHEMA,
  DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED,
  DYNANTIC_ERROR_RESOURCE_NOT_FOUND,
  DYNANTIC_ERROR_RESOURCE_IN_USE,
  DYNANTIC_ERROR_THROTTLED,
  DYNANTIC_ERROR_LIMIT_EXCEEDED,
  DYNANTIC_ERROR_ITEM_COLLECTION_SIZE_LIMIT,
  DYNANTIC_ERROR_TRANSACTION_CANCELED,
  DYNANTIC_ERROR_TRANSACTION_CONFLICT,
  DYNANTIC_ERROR_TIMEOUT,
  DYNANTIC_ERROR_CREDENTIALS,
  DYNANTIC_ERROR_AUTH,
  DYNANTIC_ERROR_NETWORK,
  DYNANTIC_ERROR_SERVICE,
  DYNANTIC_ERROR_BAD_RESPONSE,
  DYNANTIC_ERROR_INVALID_CURSOR,
  DYNANTIC_ERROR_BATCH_INCOMPLETE,
  DYNANTIC_ERROR_REDIRECT,
  DYNANTIC_ERROR_RESPONSE_TOO_LARGE,
  DYNANTIC_ERROR_PAGINATION_LOOP,
  DYNANTIC_ERROR_TLS,
} DynanticError;

DYNANTIC_AVAILABLE_IN_ALL
GQuark        dynantic_error_quark                   (void);

DYNANTIC_AVAILABLE_IN_ALL
const char   *dynantic_error_get_service_code        (const GError *error);
DYNANTIC_AVAILABLE_IN_ALL
const char   *dynantic_error_get_service_message     (const GError *error);
DYNANTIC_AVAILABLE_IN_ALL
guint         dynantic_error_get_http_status         (const GError *error);
DYNANTIC_AVAILABLE_IN_ALL
const char   *dynantic_error_get_request_id          (const GError *error);
DYNANTIC_AVAILABLE_IN_ALL
const char * const *dynantic_error_get_fields        (const GError *error);
DYNANTIC_AVAILABLE_IN_ALL
const char * const *dynantic_error_get_cancellation_reasons (const GError *error);
DYNANTIC_AVAILABLE_IN_ALL
GObject      *dynantic_error_get_item                (const GError *error);
DYNANTIC_AVAILABLE_IN_ALL
GPtrArray    *dynantic_error_get_cancellation_details (const GError *error);
DYNANTIC_AVAILABLE_IN_ALL
GPtrArray    *dynantic_error_get_unprocessed         (const GError *error);
DYNANTIC_AVAILABLE_IN_ALL
GPtrArray    *dynantic_error_get_processed           (const GError *error);
DYNANTIC_AVAILABLE_IN_ALL
gboolean      dynantic_error_is_retryable            (const GError *error);

G_END_DECLS
