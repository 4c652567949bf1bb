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
 *
 * Since: 0.1
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
 * message and HTTP status: see dynantic_error_get_service_code(). Every
 * detail an error carries, in every language: #DynanticErrorDetails.
 *
 * Since: 0.1
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

/**
 * DynanticErrorDetails:
 *
 * Everything a %DYNANTIC_ERROR error says beyond its code and message, as
 * one immutable object, the same in every language. Get it with
 * dynantic_error_get_details(); it holds its details for as long as it
 * lives.
 *
 * | detail | set for | C | every language |
 * |---|---|---|---|
 * | the service's error name and message | errors from DynamoDB | dynantic_error_get_service_code(), dynantic_error_get_service_message() | `get_service_code()`, `get_service_message()` |
 * | HTTP status, request id | errors from a response | dynantic_error_get_http_status(), dynantic_error_get_request_id() | `get_http_status()`, `get_request_id()` |
 * | the invalid fields | %DYNANTIC_ERROR_VALIDATION before sending | dynantic_error_get_fields() | `get_fields()` |
 * | the current item | %DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED | dynantic_error_get_item() | `get_item()` |
 * | one reason per action, with its current item | %DYNANTIC_ERROR_TRANSACTION_CANCELED | dynantic_error_get_cancellation_reasons(), dynantic_error_get_cancellation_details() | `get_cancellation_reasons()`, `get_cancellation_details()` |
 * | the objects a batch did not process, and those it did | %DYNANTIC_ERROR_BATCH_INCOMPLETE | dynantic_error_get_unprocessed(), dynantic_error_get_processed() | `get_unprocessed()`, `get_processed()` |
 * | whether trying again may succeed | any | dynantic_error_is_retryable() | `get_retryable()` |
 *
 * ```python
 * try:
 *     item.save()
 * except GLib.Error as e:
 *     details = Dynantic.Error.get_details(e)
 *     print(details.get_fields(), details.get_request_id())
 * ```
 *
 * ```js
 * try {
 *     item.save(null, null);
 * } catch (e) {
 *     const details = Dynantic.Error.get_details(e);
 *     print(details.get_fields(), details.get_request_id());
 * }
 * ```
 *
 * ```vala
 * } catch (Dynantic.Error.VALIDATION e) {
 *     foreach (unowned string field in Dynantic.Error.get_details (e).get_fields ())
 *         print ("%s\n", field);
 * }
 * ```
 *
 * ## How the details survive the bindings
 *
 * The details live on the #GError (an extended #GError). C and Vala hand the
 * error itself around. GJS keeps a copy of the #GError it was given
 * (g_error_copy(), which copies the details) inside the JavaScript exception
 * and hands that copy back. PyGObject does not: it makes a `GLib.Error`
 * exception of the error's domain, code and message, frees the #GError, and
 * when the exception is passed back to a Dynantic function it makes a new
 * #GError of those three only.
 *
 * So when a #GError with details is freed, Dynantic remembers them, for the
 * thread that freed it, under the error's code and message (the latest 16
 * per thread). An error that comes back without details of its own (rebuilt
 * by a binding) is given those of the most recent error of the same code
 * and message freed in its thread. PyGObject frees the error as it raises
 * the exception, in the thread that made the call: ask in the handler, in
 * that thread, before other Dynantic calls fail, and the details are that
 * failure's. Asked later or in another thread, there are none (never
 * another failure's, unless it had the very same code and message).
 *
 * The `dynantic_error_get_*()` functions read the details the same way
 * (`Dynantic.Error.get_service_code (e)`); in Vala, the fields and the
 * cancellation reasons are read from the details object only.
 *
 * Since: 0.2
 */
#define DYNANTIC_TYPE_ERROR_DETAILS (dynantic_error_details_get_type ())

DYNANTIC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (DynanticErrorDetails, dynantic_error_details, DYNANTIC, ERROR_DETAILS, GObject)

DYNANTIC_AVAILABLE_IN_ALL
DynanticErrorDetails *dynantic_error_get_details                      (const GError         *error);
DYNANTIC_AVAILABLE_IN_ALL
gint                  dynantic_error_details_get_code                 (DynanticErrorDetails *self);
DYNANTIC_AVAILABLE_IN_ALL
const char           *dynantic_error_details_get_message              (DynanticErrorDetails *self);
DYNANTIC_AVAILABLE_IN_ALL
const char           *dynantic_error_details_get_service_code         (DynanticErrorDetails *self);
DYNANTIC_AVAILABLE_IN_ALL
const char           *dynantic_error_details_get_service_message      (DynanticErrorDetails *self);
DYNANTIC_AVAILABLE_IN_ALL
guint                 dynantic_error_details_get_http_status          (DynanticErrorDetails *self);
DYNANTIC_AVAILABLE_IN_ALL
const char           *dynantic_error_details_get_request_id           (DynanticErrorDetails *self);
DYNANTIC_AVAILABLE_IN_ALL
GStrv                 dynantic_error_details_get_fields               (DynanticErrorDetails *self);
DYNANTIC_AVAILABLE_IN_ALL
GStrv                 dynantic_error_details_get_cancellation_reasons (DynanticErrorDetails *self);
DYNANTIC_AVAILABLE_IN_ALL
GObject              *dynantic_error_details_get_item                 (DynanticErrorDetails *self);
DYNANTIC_AVAILABLE_IN_ALL
GPtrArray            *dynantic_error_details_get_cancellation_details (DynanticErrorDetails *self);
DYNANTIC_AVAILABLE_IN_ALL
GPtrArray            *dynantic_error_details_get_unprocessed          (DynanticErrorDetails *self);
DYNANTIC_AVAILABLE_IN_ALL
GPtrArray            *dynantic_error_details_get_processed            (DynanticErrorDetails *self);
DYNANTIC_AVAILABLE_IN_ALL
gboolean              dynantic_error_details_get_retryable            (DynanticErrorDetails *self);

G_END_DECLS
