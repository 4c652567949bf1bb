/* dynantic-error.c: the DYNANTIC_ERROR domain and the service error mapping
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "dynantic-error-private.h"
#include "dynantic-i18n-private.h"

/* Details kept on every DYNANTIC_ERROR (an extended GError): what the
 * service said, and the per-field or per-action lists some errors carry. */
typedef struct {
  char  *service_code;
  char  *service_message;
  char  *request_id;
  guint  http_status;
  GStrv  fields;
  GStrv  cancellation_reasons;
  GObject   *item;                  /* the item a failed condition found */
  GPtrArray *cancellation_details;  /* objects, one per transaction action */
  GPtrArray *unprocessed;           /* objects a batch did not write or read */
  GPtrArray *processed;             /* objects it did */
} DynanticErrorPrivate;

static void
dynantic_error_private_init (DynanticErrorPrivate *priv)
{
}

static void
dynantic_error_private_copy (const DynanticErrorPrivate *src,
                             DynanticErrorPrivate       *dest)
{
  dest->service_code = g_strdup (src->service_code);
  dest->service_message = g_strdup (src->service_message);
  dest->request_id = g_strdup (src->request_id);
  dest->http_status = src->http_status;
  dest->fields = g_strdupv (src->fields);
  dest->cancellation_reasons = g_strdupv (src->cancellation_reasons);
  dest->item = src->item != NULL ? g_object_ref (src->item) : NULL;
  dest->cancellation_details = src->cancellation_details != NULL ? g_ptr_array_ref (src->cancellation_details) : NULL;
  dest->unprocessed = src->unprocessed != NULL ? g_ptr_array_ref (src->unprocessed) : NULL;
  dest->processed = src->processed != NULL ? g_ptr_array_ref (src->processed) : NULL;
}

static void
dynantic_error_private_clear (DynanticErrorPrivate *priv)
{
  g_clear_pointer (&priv->service_code, g_free);
  g_clear_pointer (&priv->service_message, g_free);
  g_clear_pointer (&priv->request_id, g_free);
  g_clear_pointer (&priv->fields, g_strfreev);
  g_clear_pointer (&priv->cancellation_reasons, g_strfreev);
  g_clear_object (&priv->item);
  g_clear_pointer (&priv->cancellation_details, g_ptr_array_unref);
  g_clear_pointer (&priv->unprocessed, g_ptr_array_unref);
  g_clear_pointer (&priv->processed, g_ptr_array_unref);
}

/**
 * dynantic_error_quark:
 *
 * The quark of the %DYNANTIC_ERROR domain.
 *
 * Returns: the error quark
 */
G_DEFINE_EXTENDED_ERROR (DynanticError, dynantic_error)

/* The service's error names (the part of `__type` after '#'), each with the
 * code a caller uses to tell it apart. Throttling names are retried. */
typedef struct {
  const char    *service_code;
  DynanticError  code;
  gboolean       throttling;
} ServiceErrorMapping;

static const ServiceErrorMapping service_errors[] = {
  { "ConditionalCheckFailedException", DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED, FALSE },
  { "ResourceNotFoundException", DYNANTIC_ERROR_RESOURCE_NOT_FOUND, FALSE },
  { "TableNotFoundException", DYNANTIC_ERROR_RESOURCE_NOT_FOUND, FALSE },
  { "IndexNotFoundException", DYNANTIC_ERROR_RESOURCE_NOT_FOUND, FALSE },
  { "ResourceInUseException", DYNANTIC_ERROR_RESOURCE_IN_USE, FALSE },
  { "TableAlreadyExistsException", DYNANTIC_ERROR_RESOURCE_IN_USE, FALSE },
  { "TableInUseException", DYNANTIC_ERROR_RESOURCE_IN_USE, FALSE },
  { "ProvisionedThroughputExceededException", DYNANTIC_ERROR_THROTTLED, TRUE },
  { "ThrottlingException", DYNANTIC_ERROR_THROTTLED, TRUE },
  { "Throttling", DYNANTIC_ERROR_THROTTLED, TRUE },
  { "ThrottledException", DYNANTIC_ERROR_THROTTLED, TRUE },
  { "RequestThrottledException", DYNANTIC_ERROR_THROTTLED, TRUE },
  { "TooManyRequestsException", DYNANTIC_ERROR_THROTTLED, TRUE },
  { "RequestLimitExceeded", DYNANTIC_ERROR_THROTTLED, TRUE },
  { "LimitExceededException", DYNANTIC_ERROR_LIMIT_EXCEEDED, TRUE },
  { "ItemCollectionSizeLimitExceededException", DYNANTIC_ERROR_ITEM_COLLECTION_SIZE_LIMIT, FALSE },
  { "TransactionCanceledException", DYNANTIC_ERROR_TRANSACTION_CANCELED, FALSE },
  { "TransactionConflictException", DYNANTIC_ERROR_TRANSACTION_CONFLICT, FALSE },
  { "TransactionInProgressException", DYNANTIC_ERROR_TRANSACTION_CONFLICT, TRUE },
  { "ReplicatedWriteConflictException", DYNANTIC_ERROR_TRANSACTION_CONFLICT, TRUE },
  { "IdempotentParameterMismatchException", DYNANTIC_ERROR_INVALID_ARGUMENT, FALSE },
  { "ValidationException", DYNANTIC_ERROR_VALIDATION, FALSE },
  { "SerializationException", DYNANTIC_ERROR_INVALID_ARGUMENT, FALSE },
  { "UnknownOperationException", DYNANTIC_ERROR_INVALID_ARGUMENT, FALSE },
  { "MissingAuthenticationToken", DYNANTIC_ERROR_AUTH, FALSE },
  { "MissingAuthenticationTokenException", DYNANTIC_ERROR_AUTH, FALSE },
  { "UnrecognizedClientException", DYNANTIC_ERROR_AUTH, FALSE },
  { "InvalidSignatureException", DYNANTIC_ERROR_AUTH, FALSE },
  { "IncompleteSignatureException", DYNANTIC_ERROR_AUTH, FALSE },
  { "SignatureDoesNotMatch", DYNANTIC_ERROR_AUTH, FALSE },
  { "AccessDeniedException", DYNANTIC_ERROR_AUTH, FALSE },
  { "ExpiredTokenException", DYNANTIC_ERROR_AUTH, FALSE },
  { "InvalidClientTokenId", DYNANTIC_ERROR_AUTH, FALSE },
  { "RequestExpired", DYNANTIC_ERROR_AUTH, FALSE },
  { "InternalServerError", DYNANTIC_ERROR_SERVICE, FALSE },
  { "InternalFailure", DYNANTIC_ERROR_SERVICE, FALSE },
  { "ServiceUnavailable", DYNANTIC_ERROR_SERVICE, FALSE },
  { "ServiceUnavailableException", DYNANTIC_ERROR_SERVICE, FALSE },
  { "RequestTimeout", DYNANTIC_ERROR_TIMEOUT, FALSE },
  { "RequestTimeoutException", DYNANTIC_ERROR_TIMEOUT, FALSE },
};

static const ServiceErrorMapping *
lookup_service_error (const char *service_code)
{
  if (service_code == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (service_errors); i++)
    if (g_str_equal (service_errors[i].service_code, service_code))
      return &service_errors[i];

  return NULL;
}

/*
 * dynantic_error_code_for_service:
 * @service_code: (nullable): the service's error name, the part of `__type` after '#'
 * @http_status: the response's HTTP status
 *
 * Maps what the service said to a #DynanticError code: by name first, then by
 * HTTP status for names Dynantic does not know.
 */
DynanticError
dynantic_error_code_for_service (const char *service_code,
                                 guint       http_status)
{
  const ServiceErrorMapping *mapping = lookup_service_error (service_code);

  if (mapping != NULL)
    return mapping->code;

  switch (http_status)
    {
    case 401:
    case 403:
      return DYNANTIC_ERROR_AUTH;
    case 404:
      return DYNANTIC_ERROR_RESOURCE_NOT_FOUND;
    case 408:
      return DYNANTIC_ERROR_TIMEOUT;
    case 413:
      return DYNANTIC_ERROR_INVALID_ARGUMENT;
    case 429:
      return DYNANTIC_ERROR_THROTTLED;
    default:
      break;
    }

  if (http_status >= 500 && http_status <= 599)
    return DYNANTIC_ERROR_SERVICE;

  return DYNANTIC_ERROR_FAILED;
}

/*
 * dynantic_error_service_code_is_throttling:
 *
 * Whether the service's error name means "slow down", for the retry policy
 * and the adaptive rate limiter.
 */
gboolean
dynantic_error_service_code_is_throttling (const char *service_code)
{
  const ServiceErrorMapping *mapping = lookup_service_error (service_code);

  return mapping != NULL && mapping->throttling;
}

static DynanticErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != DYNANTIC_ERROR)
    return NULL;

  return dynantic_error_get_private (error);
}

/*
 * dynantic_error_new_from_service:
 *
 * A new error for a failed response. The message says what failed in the
 * caller's terms and quotes the service's message, which DynamoDB writes
 * about the request's shape, never with attribute values in it.
 */
GError *
dynantic_error_new_from_service (guint       http_status,
                                 const char *service_code,
                                 const char *service_message,
                                 const char *request_id)
{
  DynanticError code = dynantic_error_code_for_service (service_code, http_status);
  DynanticErrorPrivate *priv;
  GError *error;

  if (service_code != NULL && service_message != NULL && *service_message != '\0')
    error = g_error_new (DYNANTIC_ERROR, code,
                         /* Translators: the first %s is a DynamoDB error name, the second its message */
                         _("DynamoDB returned %s: %s"), service_code, service_message);
  else if (service_code != NULL)
    error = g_error_new (DYNANTIC_ERROR, code, _("DynamoDB returned %s"), service_code);
  else
    error = g_error_new (DYNANTIC_ERROR, code,
                         _("DynamoDB answered with HTTP status %u"), http_status);

  priv = dynantic_error_get_private (error);
  priv->http_status = http_status;
  priv->service_code = g_strdup (service_code);
  priv->service_message = g_strdup (service_message);
  priv->request_id = g_strdup (request_id);

  return error;
}

/*
 * dynantic_error_new_redirect:
 *
 * A new error for a response with a redirect status (3xx), which is never
 * followed: a redirected request would take its signature and session token
 * to another host, and a body-less GET there could pass for a successful
 * write. The message names the status, never the Location.
 */
GError *
dynantic_error_new_redirect (guint       http_status,
                             const char *request_id)
{
  GError *error = g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_REDIRECT,
                               /* Translators: %u is an HTTP status such as 301 */
                               _("The endpoint answered with a redirect (HTTP status %u), "
                                 "which is never followed: check the endpoint"),
                               http_status);
  DynanticErrorPrivate *priv = dynantic_error_get_private (error);

  priv->http_status = http_status;
  priv->request_id = g_strdup (request_id);
  return error;
}

/*
 * dynantic_error_set_fields:
 *
 * Attaches the names of the fields a validation error is about.
 */
void
dynantic_error_set_fields (GError             *error,
                           const char * const *fields)
{
  DynanticErrorPrivate *priv = get_private (error);

  g_return_if_fail (priv != NULL);

  g_strfreev (priv->fields);
  priv->fields = g_strdupv ((char **) fields);
}

/*
 * dynantic_error_set_cancellation_reasons:
 *
 * Attaches a transaction's cancellation reasons, one per action, in order.
 */
void
dynantic_error_set_cancellation_reasons (GError             *error,
                                         const char * const *reasons)
{
  DynanticErrorPrivate *priv = get_private (error);

  g_return_if_fail (priv != NULL);

  g_strfreev (priv->cancellation_reasons);
  priv->cancellation_reasons = g_strdupv ((char **) reasons);
}

/*
 * dynantic_error_set_item:
 *
 * Attaches the item a failed condition found (ReturnValuesOnConditionCheckFailure).
 */
void
dynantic_error_set_item (GError  *error,
                         GObject *item)
{
  DynanticErrorPrivate *priv = get_private (error);

  g_return_if_fail (priv != NULL);

  g_set_object (&priv->item, item);
}

/*
 * dynantic_error_set_cancellation_details:
 *
 * Attaches a transaction's reasons as objects (taken), one per action, in order.
 */
void
dynantic_error_set_cancellation_details (GError    *error,
                                         GPtrArray *details)
{
  DynanticErrorPrivate *priv = get_private (error);

  g_return_if_fail (priv != NULL);

  g_clear_pointer (&priv->cancellation_details, g_ptr_array_unref);
  priv->cancellation_details = details;
}

/*
 * dynantic_error_set_batch_objects:
 *
 * Attaches what a batch did not process and what it did (both taken; objects).
 */
void
dynantic_error_set_batch_objects (GError    *error,
                                  GPtrArray *unprocessed,
                                  GPtrArray *processed)
{
  DynanticErrorPrivate *priv = get_private (error);

  g_return_if_fail (priv != NULL);

  g_clear_pointer (&priv->unprocessed, g_ptr_array_unref);
  g_clear_pointer (&priv->processed, g_ptr_array_unref);
  priv->unprocessed = unprocessed;
  priv->processed = processed;
}

/**
 * dynantic_error_get_service_code:
 * @error: a #GError
 *
 * The error name DynamoDB gave, such as `ConditionalCheckFailedException`
 * (the part of `__type` after `#`).
 *
 * Returns: (nullable): the service's error name, or %NULL when @error did not
 *   come from the service or is not in the %DYNANTIC_ERROR domain
 */
const char *
dynantic_error_get_service_code (const GError *error)
{
  DynanticErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->service_code : NULL;
}

/**
 * dynantic_error_get_service_message:
 * @error: a #GError
 *
 * The message DynamoDB gave with its error, sanitized: control characters
 * and terminal escapes removed, at most 256 bytes, and what may be a value
 * (quoted text, what follows "value:") replaced by "…".
 *
 * Returns: (nullable): the service's message, or %NULL
 */
const char *
dynantic_error_get_service_message (const GError *error)
{
  DynanticErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->service_message : NULL;
}

/**
 * dynantic_error_get_http_status:
 * @error: a #GError
 *
 * The HTTP status of the response that failed.
 *
 * Returns: the HTTP status, or 0 when @error did not come from a response
 */
guint
dynantic_error_get_http_status (const GError *error)
{
  DynanticErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->http_status : 0;
}

/**
 * dynantic_error_get_request_id:
 * @error: a #GError
 *
 * The `x-amzn-RequestId` of the failed response, for AWS support.
 *
 * Returns: (nullable): the request id, or %NULL
 */
const char *
dynantic_error_get_request_id (const GError *error)
{
  DynanticErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->request_id : NULL;
}

/**
 * dynantic_error_get_fields:
 * @error: a #GError
 *
 * For %DYNANTIC_ERROR_VALIDATION raised before sending: the names of every
 * field that failed validation.
 *
 * Returns: (nullable) (array zero-terminated=1) (transfer none): the field names, or %NULL
 */
const char * const *
dynantic_error_get_fields (const GError *error)
{
  DynanticErrorPrivate *priv = get_private (error);

  return priv != NULL ? (const char * const *) priv->fields : NULL;
}

/**
 * dynantic_error_get_cancellation_reasons:
 * @error: a #GError
 *
 * For %DYNANTIC_ERROR_TRANSACTION_CANCELED: one reason code per action of the
 * transaction, in order (`None` for actions that did not cause the cancellation).
 *
 * Returns: (nullable) (array zero-terminated=1) (transfer none): the reasons, or %NULL
 */
const char * const *
dynantic_error_get_cancellation_reasons (const GError *error)
{
  DynanticErrorPrivate *priv = get_private (error);

  return priv != NULL ? (const char * const *) priv->cancellation_reasons : NULL;
}

/**
 * dynantic_error_get_item:
 * @error: a #GError
 *
 * For %DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED: the item the failed
 * condition found, as a #DynanticModel object of the class the write was
 * made through (of the subclass registered for its discriminator). Dynantic
 * asks for it (`ReturnValuesOnConditionCheckFailure`) on every conditional
 * write; it is %NULL when there was no item.
 *
 * Returns: (nullable) (transfer none): the current item, or %NULL
 *
 * Since: 0.2
 */
GObject *
dynantic_error_get_item (const GError *error)
{
  DynanticErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->item : NULL;
}

/**
 * dynantic_error_get_cancellation_details:
 * @error: a #GError
 *
 * For %DYNANTIC_ERROR_TRANSACTION_CANCELED (and
 * %DYNANTIC_ERROR_TRANSACTION_CONFLICT when a transaction was cancelled by
 * a conflict): one #DynanticCancellationReason per action of the
 * transaction, in order, with its code, message and the current item.
 *
 * Returns: (nullable) (transfer none) (element-type GObject): the reasons, or %NULL
 *
 * Since: 0.2
 */
GPtrArray *
dynantic_error_get_cancellation_details (const GError *error)
{
  DynanticErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->cancellation_details : NULL;
}

/**
 * dynantic_error_get_unprocessed:
 * @error: a #GError
 *
 * For %DYNANTIC_ERROR_BATCH_INCOMPLETE: exactly what the batch did not
 * write or read, in the order it was given: the #DynanticModel objects of
 * a batch write (a delete given by key as an object holding only the key),
 * the key objects of a batch get.
 *
 * Returns: (nullable) (transfer none) (element-type GObject): the objects, or %NULL
 *
 * Since: 0.2
 */
GPtrArray *
dynantic_error_get_unprocessed (const GError *error)
{
  DynanticErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->unprocessed : NULL;
}

/**
 * dynantic_error_get_processed:
 * @error: a #GError
 *
 * For %DYNANTIC_ERROR_BATCH_INCOMPLETE: what the batch did write or read,
 * as dynantic_error_get_unprocessed() gives what it did not.
 *
 * Returns: (nullable) (transfer none) (element-type GObject): the objects, or %NULL
 *
 * Since: 0.2
 */
GPtrArray *
dynantic_error_get_processed (const GError *error)
{
  DynanticErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->processed : NULL;
}

/**
 * dynantic_error_is_retryable:
 * @error: a #GError
 *
 * Whether the failure is transient: throttling, a service (5xx) failure, a
 * dropped connection or a timeout. The client already retried such failures
 * up to its maximum number of attempts before reporting them.
 *
 * Returns: %TRUE when trying again later may succeed
 */
gboolean
dynantic_error_is_retryable (const GError *error)
{
  DynanticErrorPrivate *priv;

  if (error == NULL || error->domain != DYNANTIC_ERROR)
    return FALSE;

  priv = dynantic_error_get_private (error);
  if (priv->service_code != NULL && dynantic_error_service_code_is_throttling (priv->service_code))
    return TRUE;

  switch ((DynanticError) error->code)
    {
    case DYNANTIC_ERROR_THROTTLED:
    case DYNANTIC_ERROR_SERVICE:
    case DYNANTIC_ERROR_NETWORK:
    case DYNANTIC_ERROR_TIMEOUT:
      return TRUE;
    default:
      return FALSE;
    }
}
