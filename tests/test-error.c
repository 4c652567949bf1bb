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

  return g_test_run ();
}
