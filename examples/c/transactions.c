/* transactions.c: a transfer between two accounts, all or nothing
 *
 *     class Account(DynamoModel):
 *         account_id: str = Key()
 *         balance: int = 0
 *
 *     examples/run.sh c transactions
 *
 * Two updates in one TransactWriteItems: the withdrawal only while the
 * balance covers it, the deposit with it. A transfer the balance does not
 * cover is cancelled as a whole, with a reason per action.
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

  dynantic_model_class_install_property (model, g_param_spec_string ("account-id", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_int64 ("balance", NULL, NULL, G_MININT64, G_MAXINT64, 0, G_PARAM_READWRITE));
  dynantic_model_class_set_table (model, "example-c-accounts");
  dynantic_model_class_set_partition_key (model, "account-id");
}

static void bank_account_init (BankAccount *self) { }

/* balance + amount on one account, only while the balance stays >= 0 when
 * amount is negative. */
static DynanticUpdate *
move (const char *account_id,
      gint64      amount)
{
  g_auto(GValue) id = G_VALUE_INIT;
  g_auto(GValue) delta = G_VALUE_INIT;
  g_auto(GValue) needed = G_VALUE_INIT;
  DynanticUpdate *update;

  g_value_set_string (g_value_init (&id, G_TYPE_STRING), account_id);
  g_value_set_int64 (g_value_init (&delta, G_TYPE_INT64), amount);
  update = dynantic_update_new (BANK_TYPE_ACCOUNT, &id, NULL, NULL);
  dynantic_update_add (update, "balance", &delta);
  if (amount < 0)
    {
      g_autoptr(DynanticCondition) covered = NULL;

      g_value_set_int64 (g_value_init (&needed, G_TYPE_INT64), -amount);
      covered = dynantic_condition_ge ("balance", &needed);
      dynantic_update_set_condition (update, covered);
    }
  return update;
}

static DynanticTransactWrite *
transfer (const char *from,
          const char *to,
          gint64      amount)
{
  DynanticTransactWrite *transaction = dynantic_transact_write_new (NULL);
  g_autoptr(DynanticUpdate) withdraw = move (from, -amount);
  g_autoptr(DynanticUpdate) deposit = move (to, amount);

  dynantic_transact_write_update (transaction, withdraw);
  dynantic_transact_write_update (transaction, deposit);
  return transaction;
}

static gboolean
print_balances (GError **error)
{
  g_autoptr(DynanticTransactGet) get = dynantic_transact_get_new (NULL);
  g_auto(GValue) alice = G_VALUE_INIT;
  g_auto(GValue) bob = G_VALUE_INIT;
  gint64 alice_balance = 0, bob_balance = 0;

  /* Both read as one snapshot. */
  g_value_set_string (g_value_init (&alice, G_TYPE_STRING), "alice");
  g_value_set_string (g_value_init (&bob, G_TYPE_STRING), "bob");
  dynantic_transact_get_add_key (get, BANK_TYPE_ACCOUNT, &alice, NULL);
  dynantic_transact_get_add_key (get, BANK_TYPE_ACCOUNT, &bob, NULL);
  if (!dynantic_transact_get_execute (get, NULL, error))
    return FALSE;
  g_object_get (dynantic_transact_get_lookup (get, 0), "balance", &alice_balance, NULL);
  g_object_get (dynantic_transact_get_lookup (get, 1), "balance", &bob_balance, NULL);
  g_print ("alice %" G_GINT64_FORMAT ", bob %" G_GINT64_FORMAT "\n", alice_balance, bob_balance);
  return TRUE;
}

static gboolean
run (GError **error)
{
  g_autoptr(BankAccount) alice = g_object_new (BANK_TYPE_ACCOUNT, "account-id", "alice", "balance", (gint64) 100, NULL);
  g_autoptr(BankAccount) bob = g_object_new (BANK_TYPE_ACCOUNT, "account-id", "bob", "balance", (gint64) 50, NULL);
  g_autoptr(DynanticTransactWrite) covered = NULL;
  g_autoptr(DynanticTransactWrite) too_much = NULL;
  g_autoptr(GError) cancelled = NULL;
  g_autoptr(GPtrArray) reasons = NULL;

  if (!dynantic_model_save (DYNANTIC_MODEL (alice), NULL, NULL, error) ||
      !dynantic_model_save (DYNANTIC_MODEL (bob), NULL, NULL, error) ||
      !print_balances (error))
    return FALSE;

  covered = transfer ("alice", "bob", 30);
  if (!dynantic_transact_write_execute (covered, NULL, error))
    return FALSE;
  g_print ("transferred 30\n");
  if (!print_balances (error))
    return FALSE;

  /* Not covered: nothing is written, neither the withdrawal nor the deposit. */
  too_much = transfer ("alice", "bob", 500);
  if (dynantic_transact_write_execute (too_much, NULL, &cancelled))
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_FAILED, "a transfer of 500 went through");
      return FALSE;
    }
  if (!g_error_matches (cancelled, DYNANTIC_ERROR, DYNANTIC_ERROR_TRANSACTION_CANCELED))
    {
      g_propagate_error (error, g_steal_pointer (&cancelled));
      return FALSE;
    }
  reasons = dynantic_transact_write_get_cancellation_reasons (too_much);
  g_print ("transfer of 500 cancelled:");
  for (guint i = 0; i < reasons->len; i++)
    g_print (" %s", dynantic_cancellation_reason_get_code (reasons->pdata[i]));
  g_print ("\n");
  return print_balances (error);
}

int
main (void)
{
  return example_run ("transactions", run, BANK_TYPE_ACCOUNT, G_TYPE_INVALID);
}
