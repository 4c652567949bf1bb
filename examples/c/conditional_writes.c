/* conditional_writes.c: create if absent, delete only if settled, and a
 * stale write refused
 *
 *     class Account(DynamoModel):
 *         email: str = Key()
 *         balance: int = 0
 *         version: int = 0
 *
 *     examples/run.sh c conditional_writes
 *
 * The version is checked by hand here, as the seed does; a class can have
 * Dynantic do it on every write (dynantic_model_class_set_version()).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <dynantic/dynantic.h>

#include "tables.h"

#define BANK_TYPE_ACCOUNT (bank_account_get_type ())
G_DECLARE_FINAL_TYPE (BankAccount, bank_account, BANK, ACCOUNT, DynanticModel)
struct _BankAccount { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (BankAccount, bank_account, DYNANTIC_TYPE_MODEL)

static void
bank_account_class_init (BankAccountClass *klass)
{
  DynanticModelClass *model = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model, g_param_spec_string ("email", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_int64 ("balance", NULL, NULL, G_MININT64, G_MAXINT64, 0, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_int ("version", NULL, NULL, 0, G_MAXINT, 0, G_PARAM_READWRITE));
  dynantic_model_class_set_table (model, "example-c-accounts");
  dynantic_model_class_set_partition_key (model, "email");
}

static void bank_account_init (BankAccount *self) { }

/* For a write expected to fail its condition: TRUE when it did (@error
 * cleared), else FALSE with @error set. */
static gboolean
refused (gboolean    written,
         const char *what,
         GError    **error)
{
  if (written)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s was not refused", what);
      return FALSE;
    }
  if (!g_error_matches (*error, DYNANTIC_ERROR, DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED))
    return FALSE;
  g_clear_error (error);
  return TRUE;
}

static DynanticCondition *
version_is (int version)
{
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_set_int (g_value_init (&value, G_TYPE_INT), version);
  return dynantic_condition_eq ("version", &value);
}

static gboolean
run (GError **error)
{
  g_autoptr(BankAccount) account = g_object_new (BANK_TYPE_ACCOUNT, "email", "john@example.com",
                                                 "balance", (gint64) 10, "version", 1, NULL);
  g_autoptr(BankAccount) again = g_object_new (BANK_TYPE_ACCOUNT, "email", "john@example.com", NULL);
  g_autoptr(DynanticCondition) absent = dynantic_condition_attribute_not_exists ("email");
  g_autoptr(DynanticCondition) settled = NULL, at_version_1 = version_is (1);
  g_autoptr(DynanticModel) mine = NULL, theirs = NULL, gone = NULL;
  g_autoptr(DynanticUpdate) settle = NULL;
  g_auto(GValue) email = G_VALUE_INIT, zero = G_VALUE_INIT;
  g_autoptr(GError) stale = NULL;
  gint64 balance = 0;

  g_value_set_string (g_value_init (&email, G_TYPE_STRING), "john@example.com");
  g_value_set_int (g_value_init (&zero, G_TYPE_INT), 0);
  settled = dynantic_condition_eq ("balance", &zero);

  /* Create if absent: the second one is refused */
  if (!dynantic_model_save (DYNANTIC_MODEL (account), absent, NULL, error))
    return FALSE;
  if (!refused (dynantic_model_save (DYNANTIC_MODEL (again), absent, NULL, error), "a second create", error))
    return FALSE;
  g_print ("second create refused\n");

  /* Delete only when the balance is 0 */
  if (!refused (dynantic_model_delete_by_key (BANK_TYPE_ACCOUNT, &email, NULL, settled, NULL, NULL, error),
                "an unsettled delete", error))
    return FALSE;
  g_print ("not deleted: the balance is not 0\n");

  /* Two writers read version 1; the second to write is refused, and the
   * error brings the item as it is now. */
  mine = dynantic_model_get_by_key (BANK_TYPE_ACCOUNT, &email, NULL, NULL, error);
  theirs = mine != NULL ? dynantic_model_get_by_key (BANK_TYPE_ACCOUNT, &email, NULL, NULL, error) : NULL;
  if (theirs == NULL)
    return FALSE;
  g_object_set (mine, "balance", (gint64) 5, "version", 2, NULL);
  if (!dynantic_model_save (mine, at_version_1, NULL, error))
    return FALSE;
  g_object_set (theirs, "balance", (gint64) 99, "version", 2, NULL);
  if (dynantic_model_save (theirs, at_version_1, NULL, &stale))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "a stale write was not refused");
      return FALSE;
    }
  if (!g_error_matches (stale, DYNANTIC_ERROR, DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED))
    {
      g_propagate_error (error, g_steal_pointer (&stale));
      return FALSE;
    }
  g_object_get (dynantic_error_get_item (stale), "balance", &balance, NULL);
  g_print ("stale write refused; balance stays %" G_GINT64_FORMAT "\n", balance);

  /* Settle, then the conditional delete goes through */
  settle = dynantic_update_new (BANK_TYPE_ACCOUNT, &email, NULL, NULL);
  dynantic_update_set_value (settle, "balance", &zero);
  if (!dynantic_update_execute (settle, NULL, error) ||
      !dynantic_model_delete_by_key (BANK_TYPE_ACCOUNT, &email, NULL, settled, NULL, NULL, error))
    return FALSE;
  gone = dynantic_model_get_by_key_full (BANK_TYPE_ACCOUNT, TRUE, &email, NULL, NULL, NULL, error);
  if (gone == NULL && *error != NULL)
    return FALSE;
  g_print ("deleted: %s\n", gone == NULL ? "yes" : "no");
  return TRUE;
}

int
main (void)
{
  return example_run ("conditional_writes", run, BANK_TYPE_ACCOUNT, G_TYPE_INVALID);
}
