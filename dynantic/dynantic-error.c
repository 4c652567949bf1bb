/* dynantic-error.c: the DYNANTIC_ERROR domain, the service error mapping,
 * and error details every binding can reach
 *
 * The details of an error (what the service said, the invalid fields, what
 * a batch left out, ...) are kept on the GError itself, an extended GError.
 * C, Vala and GJS (which keeps a copy of the GError it was given) read them
 * from there. PyGObject does not: it makes a Python exception of the
 * domain, code and message, frees the GError, and makes a new GError of
 * those three when the exception is handed back. So when an error with
 * details is freed, the details are remembered, for the thread that freed
 * it, under its code and message; an error that comes back without details
 * (rebuilt by a binding) is given those of the most recent error of the
 * same code and message freed in its thread.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

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

/* What G_DEFINE_EXTENDED_ERROR makes, by hand: its clear function is given
 * the private part only, and remembering details needs the error's code and
 * message. The private part sits before the GError, aligned as GType aligns
 * instance private data. */
static DynanticErrorPrivate *
dynantic_error_get_private (const GError *error)
{
  const gsize alignment = 2 * sizeof (gsize);
  const gsize size = (sizeof (DynanticErrorPrivate) + (alignment - 1)) & -alignment;

  return (DynanticErrorPrivate *) (((guint8 *) error) - size);
}

static gboolean
has_details (const DynanticErrorPrivate *priv)
{
  return priv->service_code != NULL || priv->service_message != NULL || priv->request_id != NULL ||
         priv->http_status != 0 || priv->fields != NULL || priv->cancellation_reasons != NULL ||
         priv->item != NULL || priv->cancellation_details != NULL || priv->unprocessed != NULL ||
         priv->processed != NULL;
}

/* Details remembered when their error was freed (see the top of the file).
 * A few per thread: enough for the errors a binding frees between a call
 * and its handler, few enough to hold little. */
#define REMEMBERED_PER_THREAD 16

typedef struct {
  gint                  code;
  char                 *message;
  DynanticErrorPrivate  details;
} Remembered;

typedef struct {
  Remembered entries[REMEMBERED_PER_THREAD];
  guint      next;     /* the slot the next one takes */
} Memory;

static void
remembered_clear (Remembered *remembered)
{
  g_clear_pointer (&remembered->message, g_free);
  dynantic_error_private_clear (&remembered->details);
}

static void
memory_free (gpointer data)
{
  Memory *memory = data;

  for (guint i = 0; i < REMEMBERED_PER_THREAD; i++)
    remembered_clear (&memory->entries[i]);
  g_free (memory);
}

static GPrivate thread_memory = G_PRIVATE_INIT (memory_free);

static void
remember (const GError *error)
{
  const DynanticErrorPrivate *priv = dynantic_error_get_private (error);
  Memory *memory = g_private_get (&thread_memory);
  Remembered *slot;

  if (!has_details (priv) || error->message == NULL)
    return;
  if (memory == NULL)
    {
      memory = g_new0 (Memory, 1);
      g_private_set (&thread_memory, memory);
    }
  slot = &memory->entries[memory->next];
  remembered_clear (slot);
  slot->code = error->code;
  slot->message = g_strdup (error->message);
  dynantic_error_private_copy (priv, &slot->details);
  memory->next = (memory->next + 1) % REMEMBERED_PER_THREAD;
}

/* The details remembered in this thread for @error's code and message, the
 * most recent first; NULL when there are none. */
static const DynanticErrorPrivate *
recall (const GError *error)
{
  Memory *memory = g_private_get (&thread_memory);

  for (guint i = 1; memory != NULL && i <= REMEMBERED_PER_THREAD; i++)
    {
      Remembered *remembered = &memory->entries[(memory->next + REMEMBERED_PER_THREAD - i) % REMEMBERED_PER_THREAD];

      if (remembered->message != NULL && remembered->code == error->code &&
          error->message != NULL && strcmp (remembered->message, error->message) == 0)
        return &remembered->details;
    }
  return NULL;
}

static void
error_init (GError *error)
{
}

static void
error_copy (const GError *source,
            GError       *copy)
{
  dynantic_error_private_copy (dynantic_error_get_private (source), dynantic_error_get_private (copy));
}

static void
error_clear (GError *error)
{
  remember (error);
  dynantic_error_private_clear (dynantic_error_get_private (error));
}

/**
 * dynantic_error_quark:
 *
 * The quark of the %DYNANTIC_ERROR domain.
 *
 * Returns: the error quark
 *
 * Since: 0.1
 */
GQuark
dynantic_error_quark (void)
{
  static gsize quark;

  if (g_once_init_enter (&quark))
    g_once_init_leave (&quark, g_error_domain_register_static ("DynanticError", sizeof (DynanticErrorPrivate),
                                                               error_init, error_copy, error_clear));
  return (GQuark) quark;
}

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

/* The private part of @error, to fill in; NULL outside DYNANTIC_ERROR. */
static DynanticErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != DYNANTIC_ERROR)
    return NULL;

  return dynantic_error_get_private (error);
}

/* The details of @error: its own, or for an error a binding rebuilt from
 * its domain, code and message, those remembered for it; NULL outside
 * DYNANTIC_ERROR. */
static const DynanticErrorPrivate *
get_details (const GError *error)
{
  const DynanticErrorPrivate *priv = get_private (error);
  const DynanticErrorPrivate *recalled;

  if (priv == NULL || has_details (priv))
    return priv;
  recalled = recall (error);
  return recalled != NULL ? recalled : priv;
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
    /* Translators: %s is a DynamoDB error name (such as ResourceNotFoundException), keep it as it is */
    error = g_error_new (DYNANTIC_ERROR, code, _("DynamoDB returned %s"), service_code);
  else
    error = g_error_new (DYNANTIC_ERROR, code,
                         /* Translators: %u is an HTTP status code such as 500 */
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
 *
 * Since: 0.1
 */
const char *
dynantic_error_get_service_code (const GError *error)
{
  const DynanticErrorPrivate *priv = get_details (error);

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
 *
 * Since: 0.1
 */
const char *
dynantic_error_get_service_message (const GError *error)
{
  const DynanticErrorPrivate *priv = get_details (error);

  return priv != NULL ? priv->service_message : NULL;
}

/**
 * dynantic_error_get_http_status:
 * @error: a #GError
 *
 * The HTTP status of the response that failed.
 *
 * Returns: the HTTP status, or 0 when @error did not come from a response
 *
 * Since: 0.1
 */
guint
dynantic_error_get_http_status (const GError *error)
{
  const DynanticErrorPrivate *priv = get_details (error);

  return priv != NULL ? priv->http_status : 0;
}

/**
 * dynantic_error_get_request_id:
 * @error: a #GError
 *
 * The `x-amzn-RequestId` of the failed response, for AWS support.
 *
 * Returns: (nullable): the request id, or %NULL
 *
 * Since: 0.1
 */
const char *
dynantic_error_get_request_id (const GError *error)
{
  const DynanticErrorPrivate *priv = get_details (error);

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
 *
 * Since: 0.1
 */
const char * const *
dynantic_error_get_fields (const GError *error)
{
  const DynanticErrorPrivate *priv = get_details (error);

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
 *
 * Since: 0.1
 */
const char * const *
dynantic_error_get_cancellation_reasons (const GError *error)
{
  const DynanticErrorPrivate *priv = get_details (error);

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
  const DynanticErrorPrivate *priv = get_details (error);

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
  const DynanticErrorPrivate *priv = get_details (error);

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
  const DynanticErrorPrivate *priv = get_details (error);

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
  const DynanticErrorPrivate *priv = get_details (error);

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
 *
 * Since: 0.1
 */
gboolean
dynantic_error_is_retryable (const GError *error)
{
  const DynanticErrorPrivate *priv = get_details (error);

  if (priv == NULL)
    return FALSE;
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

/* Details as an object ------------------------------------------------------ */

/* The details copied out of an error, with what the error itself held. */
struct _DynanticErrorDetails
{
  GObject               parent_instance;

  gint                  code;
  char                 *message;
  gboolean              retryable;
  DynanticErrorPrivate  details;
};

G_DEFINE_FINAL_TYPE (DynanticErrorDetails, dynantic_error_details, G_TYPE_OBJECT)

static void
dynantic_error_details_finalize (GObject *object)
{
  DynanticErrorDetails *self = DYNANTIC_ERROR_DETAILS (object);

  g_free (self->message);
  dynantic_error_private_clear (&self->details);

  G_OBJECT_CLASS (dynantic_error_details_parent_class)->finalize (object);
}

static void
dynantic_error_details_class_init (DynanticErrorDetailsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dynantic_error_details_finalize;
}

static void
dynantic_error_details_init (DynanticErrorDetails *self)
{
}

/**
 * dynantic_error_get_details:
 * @error: a #GError
 *
 * The details of @error, in every language: see #DynanticErrorDetails.
 *
 * Returns: (transfer full) (nullable): the details, or %NULL when @error is
 *   not in the %DYNANTIC_ERROR domain
 *
 * Since: 0.2
 */
DynanticErrorDetails *
dynantic_error_get_details (const GError *error)
{
  const DynanticErrorPrivate *priv = get_details (error);
  DynanticErrorDetails *self;

  if (priv == NULL)
    return NULL;
  self = g_object_new (DYNANTIC_TYPE_ERROR_DETAILS, NULL);
  self->code = error->code;
  self->message = g_strdup (error->message);
  self->retryable = dynantic_error_is_retryable (error);
  dynantic_error_private_copy (priv, &self->details);
  return self;
}

/**
 * dynantic_error_details_get_code:
 * @self: error details
 *
 * Returns: the code of the error (a #DynanticError)
 *
 * Since: 0.2
 */
gint
dynantic_error_details_get_code (DynanticErrorDetails *self)
{
  g_return_val_if_fail (DYNANTIC_IS_ERROR_DETAILS (self), DYNANTIC_ERROR_FAILED);

  return self->code;
}

/**
 * dynantic_error_details_get_message:
 * @self: error details
 *
 * Returns: (nullable): the message of the error
 *
 * Since: 0.2
 */
const char *
dynantic_error_details_get_message (DynanticErrorDetails *self)
{
  g_return_val_if_fail (DYNANTIC_IS_ERROR_DETAILS (self), NULL);

  return self->message;
}

/**
 * dynantic_error_details_get_service_code:
 * @self: error details
 *
 * Returns: (nullable): what dynantic_error_get_service_code() gives
 *
 * Since: 0.2
 */
const char *
dynantic_error_details_get_service_code (DynanticErrorDetails *self)
{
  g_return_val_if_fail (DYNANTIC_IS_ERROR_DETAILS (self), NULL);

  return self->details.service_code;
}

/**
 * dynantic_error_details_get_service_message:
 * @self: error details
 *
 * Returns: (nullable): what dynantic_error_get_service_message() gives
 *
 * Since: 0.2
 */
const char *
dynantic_error_details_get_service_message (DynanticErrorDetails *self)
{
  g_return_val_if_fail (DYNANTIC_IS_ERROR_DETAILS (self), NULL);

  return self->details.service_message;
}

/**
 * dynantic_error_details_get_http_status:
 * @self: error details
 *
 * Returns: what dynantic_error_get_http_status() gives
 *
 * Since: 0.2
 */
guint
dynantic_error_details_get_http_status (DynanticErrorDetails *self)
{
  g_return_val_if_fail (DYNANTIC_IS_ERROR_DETAILS (self), 0);

  return self->details.http_status;
}

/**
 * dynantic_error_details_get_request_id:
 * @self: error details
 *
 * Returns: (nullable): what dynantic_error_get_request_id() gives
 *
 * Since: 0.2
 */
const char *
dynantic_error_details_get_request_id (DynanticErrorDetails *self)
{
  g_return_val_if_fail (DYNANTIC_IS_ERROR_DETAILS (self), NULL);

  return self->details.request_id;
}

/**
 * dynantic_error_details_get_fields:
 * @self: error details
 *
 * What dynantic_error_get_fields() gives. A #GStrv rather than a `const`
 * array, which Vala's C could not take without a warning; it is @self's:
 * neither change nor free it.
 *
 * Returns: (nullable) (array zero-terminated=1) (transfer none): the
 *   invalid fields, or %NULL
 *
 * Since: 0.2
 */
GStrv
dynantic_error_details_get_fields (DynanticErrorDetails *self)
{
  g_return_val_if_fail (DYNANTIC_IS_ERROR_DETAILS (self), NULL);

  return self->details.fields;
}

/**
 * dynantic_error_details_get_cancellation_reasons:
 * @self: error details
 *
 * What dynantic_error_get_cancellation_reasons() gives, as a #GStrv that
 * is @self's (see dynantic_error_details_get_fields()).
 *
 * Returns: (nullable) (array zero-terminated=1) (transfer none): the
 *   reasons, or %NULL
 *
 * Since: 0.2
 */
GStrv
dynantic_error_details_get_cancellation_reasons (DynanticErrorDetails *self)
{
  g_return_val_if_fail (DYNANTIC_IS_ERROR_DETAILS (self), NULL);

  return self->details.cancellation_reasons;
}

/**
 * dynantic_error_details_get_item:
 * @self: error details
 *
 * Returns: (nullable) (transfer none): what dynantic_error_get_item() gives
 *
 * Since: 0.2
 */
GObject *
dynantic_error_details_get_item (DynanticErrorDetails *self)
{
  g_return_val_if_fail (DYNANTIC_IS_ERROR_DETAILS (self), NULL);

  return self->details.item;
}

/**
 * dynantic_error_details_get_cancellation_details:
 * @self: error details
 *
 * Returns: (nullable) (transfer none) (element-type GObject): what
 *   dynantic_error_get_cancellation_details() gives
 *
 * Since: 0.2
 */
GPtrArray *
dynantic_error_details_get_cancellation_details (DynanticErrorDetails *self)
{
  g_return_val_if_fail (DYNANTIC_IS_ERROR_DETAILS (self), NULL);

  return self->details.cancellation_details;
}

/**
 * dynantic_error_details_get_unprocessed:
 * @self: error details
 *
 * Returns: (nullable) (transfer none) (element-type GObject): what
 *   dynantic_error_get_unprocessed() gives: the model objects a batch did
 *   not write or read
 *
 * Since: 0.2
 */
GPtrArray *
dynantic_error_details_get_unprocessed (DynanticErrorDetails *self)
{
  g_return_val_if_fail (DYNANTIC_IS_ERROR_DETAILS (self), NULL);

  return self->details.unprocessed;
}

/**
 * dynantic_error_details_get_processed:
 * @self: error details
 *
 * Returns: (nullable) (transfer none) (element-type GObject): what
 *   dynantic_error_get_processed() gives
 *
 * Since: 0.2
 */
GPtrArray *
dynantic_error_details_get_processed (DynanticErrorDetails *self)
{
  g_return_val_if_fail (DYNANTIC_IS_ERROR_DETAILS (self), NULL);

  return self->details.processed;
}

/**
 * dynantic_error_details_get_retryable:
 * @self: error details
 *
 * Returns: what dynantic_error_is_retryable() gives
 *
 * Since: 0.2
 */
gboolean
dynantic_error_details_get_retryable (DynanticErrorDetails *self)
{
  g_return_val_if_fail (DYNANTIC_IS_ERROR_DETAILS (self), FALSE);

  return self->retryable;
}
