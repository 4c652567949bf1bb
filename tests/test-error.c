/* test-error.c: the mapping of DynamoDB's errors to DYNANTIC_ERROR codes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic.h"
#include "dynantic-error-private.h"

static void
test_error_service_names (void)
{
  static const struct {
    const char *name;
    DynanticError code;
    gboolean retryable;
  } cases[] = {
    { "ConditionalCheckFailedException", DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED, FALSE },
    { "ResourceNotFoundException", DYNANTIC_ERROR_RESOURCE_NOT_FOUND, FALSE },
    { "ResourceInUseException", DYNANTIC_ERROR_RESOURCE_IN_USE, FALSE },
    { "ProvisionedThroughputExceededException", DYNANTIC_ERROR_THROTTLED, TRUE },
    { "ThrottlingException", DYNANTIC_ERROR_THROTTLED, TRUE },
    { "RequestLimitExceeded", DYNANTIC_ERROR_THROTTLED, TRUE },
    { "LimitExceededException", DYNANTIC_ERROR_LIMIT_EXCEEDED, TRUE },
    { "ItemCollectionSizeLimitExceededException", DYNANTIC_ERROR_ITEM_COLLECTION_SIZE_LIMIT, FALSE },
    { "TransactionCanceledException", DYNANTIC_ERROR_TRANSACTION_CANCELED, FALSE },
    { "TransactionConflictException", DYNANTIC_ERROR_TRANSACTION_CONFLICT, FALSE },
    { "TransactionInProgressException", DYNANTIC_ERROR_TRANSACTION_CONFLICT, TRUE },
    { "ValidationException", DYNANTIC_ERROR_VALIDATION, FALSE },
    { "IdempotentParameterMismatchException", DYNANTIC_ERROR_INVALID_ARGUMENT, FALSE },
    { "UnrecognizedClientException", DYNANTIC_ERROR_AUTH, FALSE },
    { "InvalidSignatureException", DYNANTIC_ERROR_AUTH, FALSE },
    { "AccessDeniedException", DYNANTIC_ERROR_AUTH, FALSE },
    { "ExpiredTokenException", DYNANTIC_ERROR_AUTH, FALSE },
    { "MissingAuthenticationTokenException", DYNANTIC_ERROR_AUTH, FALSE },
    { "InternalServerError", DYNANTIC_ERROR_SERVICE, TRUE },
    { "ServiceUnavailable", DYNANTIC_ERROR_SERVICE, TRUE },
    { "RequestTimeoutException", DYNANTIC_ERROR_TIMEOUT, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint status = cases[i].code == DYNANTIC_ERROR_SERVICE ? 500 : 400;
      g_autoptr(GError) error = dynantic_error_new_from_service (status, cases[i].name,
                                                                  "what the service said", "req-1");

      g_test_message ("%s", cases[i].name);
      g_assert_error (error, DYNANTIC_ERROR, (gint) cases[i].code);
      g_assert_cmpstr (dynantic_error_get_service_code (error), ==, cases[i].name);
      g_assert_cmpstr (dynantic_error_get_service_message (error), ==, "what the service said");
      g_assert_cmpstr (dynantic_error_get_request_id (error), ==, "req-1");
      g_assert_cmpuint (dynantic_error_get_http_status (error), ==, status);
      g_assert_cmpint (dynantic_error_is_retryable (error), ==, cases[i].retryable);
      g_assert_nonnull (strstr (error->message, cases[i].name));
    }
}

static void
test_error_http_status (void)
{
  static const struct {
    guint status;
    DynanticError code;
  } cases[] = {
    { 400, DYNANTIC_ERROR_FAILED },
    { 403, DYNANTIC_ERROR_AUTH },
    { 404, DYNANTIC_ERROR_RESOURCE_NOT_FOUND },
    { 408, DYNANTIC_ERROR_TIMEOUT },
    { 413, DYNANTIC_ERROR_INVALID_ARGUMENT },
    { 429, DYNANTIC_ERROR_THROTTLED },
    { 500, DYNANTIC_ERROR_SERVICE },
    { 502, DYNANTIC_ERROR_SERVICE },
    { 503, DYNANTIC_ERROR_SERVICE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = dynantic_error_new_from_service (cases[i].status, NULL, NULL, NULL);

      g_assert_error (error, DYNANTIC_ERROR, (gint) cases[i].code);
      g_assert_null (dynantic_error_get_service_code (error));
      g_assert_cmpuint (dynantic_error_get_http_status (error), ==, cases[i].status);
    }

  /* A known name wins over the status. */
  g_assert_cmpint (dynantic_error_code_for_service ("ThrottlingException", 500), ==,
                   DYNANTIC_ERROR_THROTTLED);
  /* An unknown name falls back to the status. */
  g_assert_cmpint (dynantic_error_code_for_service ("SomethingNewException", 503), ==,
                   DYNANTIC_ERROR_SERVICE);
}

static void
test_error_details_survive_copy (void)
{
  g_autoptr(GError) error = dynantic_error_new_from_service (400, "TransactionCanceledException",
                                                              "Transaction cancelled", NULL);
  const char *reasons[] = { "None", "ConditionalCheckFailed", NULL };
  const char *fields[] = { "price", "name", NULL };
  g_autoptr(GError) copy = NULL;

  dynantic_error_set_cancellation_reasons (error, reasons);
  dynantic_error_set_fields (error, fields);
  copy = g_error_copy (error);

  g_assert_cmpstrv (dynantic_error_get_cancellation_reasons (copy), reasons);
  g_assert_cmpstrv (dynantic_error_get_fields (copy), fields);
  g_assert_cmpstr (dynantic_error_get_service_code (copy), ==, "TransactionCanceledException");
}

/* What PyGObject does with an error: a Python exception of its domain,
 * code and message, the GError freed; handed back, a new GError of those
 * three alone. */
static GError *
rebuilt_by_a_binding (GError *error)
{
  GError *rebuilt = g_error_new_literal (g_quark_from_string (g_quark_to_string (error->domain)),
                                         error->code, error->message);

  g_error_free (error);
  return rebuilt;
}

static GError *
batch_incomplete_error (const char *message,
                        GObject    *unwritten)
{
  GError *error = g_error_new_literal (DYNANTIC_ERROR, DYNANTIC_ERROR_BATCH_INCOMPLETE, message);
  GPtrArray *unprocessed = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (unprocessed, g_object_ref (unwritten));
  dynantic_error_set_batch_objects (error, unprocessed, g_ptr_array_new_with_free_func (g_object_unref));
  return error;
}

/* Every detail reaches a binding that keeps only the domain, code and
 * message: the objects a batch did not write too. */
static void
test_error_details_survive_a_binding (void)
{
  g_autoptr(GObject) unwritten = g_object_new (G_TYPE_OBJECT, NULL);
  const char *fields[] = { "price", NULL };
  GError *service = dynantic_error_new_from_service (400, "ValidationException", "bad", "REQ-1");
  g_autoptr(GError) rebuilt = NULL;
  g_autoptr(GError) batch = NULL;
  g_autoptr(DynanticErrorDetails) details = NULL;
  const char *reasons[] = { "None", "ConditionalCheckFailed", NULL };
  g_autoptr(GError) canceled = NULL;
  g_autoptr(DynanticErrorDetails) canceled_details = NULL;

  dynantic_error_set_fields (service, fields);
  rebuilt = rebuilt_by_a_binding (service);
  g_assert_cmpstr (dynantic_error_get_service_code (rebuilt), ==, "ValidationException");
  g_assert_cmpstr (dynantic_error_get_service_message (rebuilt), ==, "bad");
  g_assert_cmpstr (dynantic_error_get_request_id (rebuilt), ==, "REQ-1");
  g_assert_cmpuint (dynantic_error_get_http_status (rebuilt), ==, 400);
  g_assert_cmpstrv (dynantic_error_get_fields (rebuilt), fields);
  details = dynantic_error_get_details (rebuilt);
  g_assert_cmpint (dynantic_error_details_get_code (details), ==, DYNANTIC_ERROR_VALIDATION);
  g_assert_cmpstr (dynantic_error_details_get_message (details), ==, rebuilt->message);
  g_assert_cmpstr (dynantic_error_details_get_request_id (details), ==, "REQ-1");
  g_assert_cmpstrv (dynantic_error_details_get_fields (details), fields);
  g_assert_false (dynantic_error_details_get_retryable (details));

  canceled = dynantic_error_new_from_service (400, "TransactionCanceledException", "canceled", "REQ-2");
  dynantic_error_set_cancellation_reasons (canceled, reasons);
  canceled = rebuilt_by_a_binding (canceled);
  g_assert_error (canceled, DYNANTIC_ERROR, DYNANTIC_ERROR_TRANSACTION_CANCELED);
  g_assert_cmpstrv (dynantic_error_get_cancellation_reasons (canceled), reasons);
  canceled_details = dynantic_error_get_details (canceled);
  g_assert_cmpstrv (dynantic_error_details_get_cancellation_reasons (canceled_details), reasons);
  g_assert_cmpstr (dynantic_error_details_get_request_id (canceled_details), ==, "REQ-2");
  g_assert_null (dynantic_error_details_get_fields (canceled_details));

  batch = rebuilt_by_a_binding (batch_incomplete_error ("2 items were not written", unwritten));
  g_assert_cmpuint (dynantic_error_get_unprocessed (batch)->len, ==, 1);
  g_assert_true (g_ptr_array_index (dynantic_error_get_unprocessed (batch), 0) == unwritten);
  g_assert_cmpuint (dynantic_error_get_processed (batch)->len, ==, 0);
}

/* Only the error of the same code and message, freed in this thread, and
 * the latest of them: never another failure's details. */
static void
test_error_details_recalled_exactly (void)
{
  g_autoptr(GObject) first_item = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) second_item = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GError) other_message = NULL;
  g_autoptr(GError) other_code = NULL;
  g_autoptr(GError) latest = NULL;
  g_autoptr(GError) plain = NULL;
  GError *original;

  original = batch_incomplete_error ("1 item was not written", first_item);
  other_message = g_error_new_literal (DYNANTIC_ERROR, DYNANTIC_ERROR_BATCH_INCOMPLETE, "1 item was not read");
  other_code = g_error_new_literal (DYNANTIC_ERROR, DYNANTIC_ERROR_FAILED, "1 item was not written");
  g_error_free (original);
  g_assert_null (dynantic_error_get_unprocessed (other_message));
  g_assert_null (dynantic_error_get_unprocessed (other_code));

  g_error_free (batch_incomplete_error ("1 item was not written", second_item));
  latest = g_error_new_literal (DYNANTIC_ERROR, DYNANTIC_ERROR_BATCH_INCOMPLETE, "1 item was not written");
  g_assert_true (g_ptr_array_index (dynantic_error_get_unprocessed (latest), 0) == second_item);

  /* an error without details, freed, remembers nothing */
  g_error_free (g_error_new_literal (DYNANTIC_ERROR, DYNANTIC_ERROR_BATCH_INCOMPLETE, "1 item was not written"));
  g_assert_true (g_ptr_array_index (dynantic_error_get_unprocessed (latest), 0) == second_item);

  /* a few per thread: old ones are forgotten */
  for (guint i = 0; i < 16; i++)
    {
      g_autofree char *message = g_strdup_printf ("%u items were not written", i + 2);

      g_error_free (batch_incomplete_error (message, first_item));
    }
  plain = g_error_new_literal (DYNANTIC_ERROR, DYNANTIC_ERROR_BATCH_INCOMPLETE, "1 item was not written");
  g_assert_null (dynantic_error_get_unprocessed (plain));
}

static gpointer
recall_in_another_thread (gpointer data)
{
  GError *rebuilt = g_error_new_literal (DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION, "Invalid fields: price");
  gboolean recalled = dynantic_error_get_fields (rebuilt) != NULL;

  g_error_free (rebuilt);
  return GINT_TO_POINTER (recalled);
}

static void
test_error_details_stay_in_their_thread (void)
{
  const char *fields[] = { "price", NULL };
  GError *error = g_error_new_literal (DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION, "Invalid fields: price");
  GThread *thread;

  dynantic_error_set_fields (error, fields);
  g_error_free (error);
  thread = g_thread_new ("other", recall_in_another_thread, NULL);
  g_assert_false (GPOINTER_TO_INT (g_thread_join (thread)));
  g_assert_true (recall_in_another_thread (NULL));
}

static void
test_error_other_domains (void)
{
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");

  g_assert_null (dynantic_error_get_service_code (error));
  g_assert_null (dynantic_error_get_fields (error));
  g_assert_cmpuint (dynantic_error_get_http_status (error), ==, 0);
  g_assert_false (dynantic_error_is_retryable (error));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/error/service-names", test_error_service_names);
  g_test_add_func ("/error/http-status", test_error_http_status);
  g_test_add_func ("/error/details-survive-copy", test_error_details_survive_copy);
  g_test_add_func ("/error/other-domains", test_error_other_domains);
  g_test_add_func ("/error/details-survive-a-binding", test_error_details_survive_a_binding);
  g_test_add_func ("/error/details-recalled-exactly", test_error_details_recalled_exactly);
  g_test_add_func ("/error/details-stay-in-their-thread", test_error_details_stay_in_their_thread);

  return g_test_run ();
}
