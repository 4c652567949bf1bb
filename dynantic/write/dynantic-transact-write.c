/* dynantic-transact-write.c: all-or-nothing writes of up to 100 items
 * (TransactWriteItems), and the reasons of a cancelled transaction
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic-error-private.h"
#include "dynantic-i18n-private.h"
#include "dynantic-item-private.h"
#include "dynantic-locking-private.h"
#include "dynantic-model-private.h"
#include "dynantic-request-private.h"
#include "dynantic-transaction-private.h"
#include "dynantic-update-private.h"
#include "dynantic-write-common-private.h"

/* Cancellation reasons -------------------------------------------------------- */

/**
 * DynanticCancellationReason:
 *
 * Why DynamoDB cancelled one action of a transaction, as it said it: a
 * cancelled transaction (%DYNANTIC_ERROR_TRANSACTION_CANCELED) has one per
 * action, in the order of the actions
 * (dynantic_transact_write_get_cancellation_reasons(),
 * dynantic_error_get_cancellation_details()).
 *
 * Since: 0.2
 */
struct _DynanticCancellationReason {
  GObject        parent_instance;

  char          *code;
  char          *message;
  DynanticModel *item;
};

G_DEFINE_FINAL_TYPE (DynanticCancellationReason, dynantic_cancellation_reason, G_TYPE_OBJECT)

static void
dynantic_cancellation_reason_finalize (GObject *object)
{
  DynanticCancellationReason *self = DYNANTIC_CANCELLATION_REASON (object);

  g_free (self->code);
  g_free (self->message);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (dynantic_cancellation_reason_parent_class)->finalize (object);
}

static void
dynantic_cancellation_reason_class_init (DynanticCancellationReasonClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dynantic_cancellation_reason_finalize;
}

static void
dynantic_cancellation_reason_init (DynanticCancellationReason *self)
{
}

/**
 * dynantic_cancellation_reason_get_code:
 * @self: a reason
 *
 * DynamoDB's code for the action: `None` for an action that did not cause
 * the cancellation, `ConditionalCheckFailed`, `TransactionConflict`,
 * `ItemCollectionSizeLimitExceeded`, `ProvisionedThroughputExceeded`,
 * `ThrottlingError`, `ValidationError`, ...
 *
 * Returns: (nullable): the code
 *
 * Since: 0.2
 */
const char *
dynantic_cancellation_reason_get_code (DynanticCancellationReason *self)
{
  g_return_val_if_fail (DYNANTIC_IS_CANCELLATION_REASON (self), NULL);

  return self->code;
}

/**
 * dynantic_cancellation_reason_get_message:
 * @self: a reason
 *
 * DynamoDB's message for the action, when it gave one.
 *
 * Returns: (nullable): the message
 *
 * Since: 0.2
 */
const char *
dynantic_cancellation_reason_get_message (DynanticCancellationReason *self)
{
  g_return_val_if_fail (DYNANTIC_IS_CANCELLATION_REASON (self), NULL);

  return self->message;
}

/**
 * dynantic_cancellation_reason_get_item:
 * @self: a reason
 *
 * The item as it was when the action's condition failed, read as an object
 * of the subclass its discriminator names: Dynantic asks for it
 * (`ReturnValuesOnConditionCheckFailure`) on every conditional action.
 *
 * Returns: (transfer none) (nullable): the item, or %NULL when the action
 *   has none (no condition failed, or there was no item)
 *
 * Since: 0.2
 */
DynanticModel *
dynantic_cancellation_reason_get_item (DynanticCancellationReason *self)
{
  g_return_val_if_fail (DYNANTIC_IS_CANCELLATION_REASON (self), NULL);

  return self->item;
}

/* The string value that follows, or NULL for another kind (skipped). */
static gboolean
read_optional_string (DynanticJsonReader  *reader,
                      char               **value)
{
  switch (dynantic_json_reader_next (reader))
    {
    case DYNANTIC_JSON_STRING:
      g_free (*value);
      *value = g_strdup (dynantic_json_reader_get_string (reader, NULL));
      return TRUE;
    case DYNANTIC_JSON_NULL:
      return TRUE;
    default:
      return FALSE;
    }
}

/* One {"Code": ..., "Message": ..., "Item": {...}}, whose { was read. */
static DynanticCancellationReason *
read_reason (DynanticJsonReader    *reader,
             const DynanticSchema  *schema,
             DynanticClient        *client)
{
  g_autoptr(DynanticCancellationReason) reason = g_object_new (DYNANTIC_TYPE_CANCELLATION_REASON, NULL);
  DynanticJsonToken token;

  while ((token = dynantic_json_reader_next (reader)) == DYNANTIC_JSON_MEMBER)
    {
      const char *name = dynantic_json_reader_get_string (reader, NULL);
      gboolean ok;

      if (strcmp (name, "Code") == 0)
        ok = read_optional_string (reader, &reason->code);
      else if (strcmp (name, "Message") == 0)
        ok = read_optional_string (reader, &reason->message);
      else if (strcmp (name, "Item") == 0 && schema != NULL && reason->item == NULL)
        ok = (reason->item = dynantic_write_read_current_item (reader, schema, client, NULL)) != NULL;
      else
        ok = dynantic_json_reader_skip_value (reader);
      if (!ok)
        return NULL;
    }
  return token == DYNANTIC_JSON_END_OBJECT ? g_steal_pointer (&reason) : NULL;
}

static gpointer
copy_object (gconstpointer object,
             gpointer      user_data)
{
  return g_object_ref ((gpointer) object);
}

/* Whether conflicts, and nothing else, cancelled the transaction. */
static gboolean
only_conflicts (GPtrArray *reasons)
{
  gboolean conflict = FALSE;

  for (guint i = 0; i < reasons->len; i++)
    {
      const char *code = ((DynanticCancellationReason *) reasons->pdata[i])->code;

      if (g_strcmp0 (code, "TransactionConflict") == 0)
        conflict = TRUE;
      else if (code != NULL && strcmp (code, "None") != 0)
        return FALSE;
    }
  return conflict;
}

DynanticRequestMember
dynantic_transaction_read_reasons (DynanticJsonReader    *reader,
                                   const DynanticSchema **schemas,
                                   guint                  n_schemas,
                                   DynanticClient        *client,
                                   GPtrArray             *reasons,
                                   GError                *error)
{
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();
  DynanticJsonToken token;

  g_ptr_array_set_size (reasons, 0);
  if (dynantic_json_reader_next (reader) != DYNANTIC_JSON_BEGIN_ARRAY)
    return DYNANTIC_REQUEST_MEMBER_FAILED;
  while ((token = dynantic_json_reader_next (reader)) == DYNANTIC_JSON_BEGIN_OBJECT)
    {
      guint i = reasons->len;
      DynanticCancellationReason *reason = read_reason (reader, i < n_schemas ? schemas[i] : NULL, client);

      if (reason == NULL)
        return DYNANTIC_REQUEST_MEMBER_FAILED;
      g_ptr_array_add (reasons, reason);
      g_ptr_array_add (codes, reason->code != NULL ? reason->code : (char *) "None");
    }
  if (token != DYNANTIC_JSON_END_ARRAY)
    return DYNANTIC_REQUEST_MEMBER_FAILED;

  g_ptr_array_add (codes, NULL);
  dynantic_error_set_cancellation_reasons (error, (const char * const *) codes->pdata);
  dynantic_error_set_cancellation_details (error, g_ptr_array_copy (reasons, copy_object, NULL));
  if (error->code == DYNANTIC_ERROR_TRANSACTION_CANCELED && only_conflicts (reasons))
    error->code = DYNANTIC_ERROR_TRANSACTION_CONFLICT;
  return DYNANTIC_REQUEST_MEMBER_READ;
}

gboolean
dynantic_transaction_check_size (guint     n,
                                 GError  **error)
{
  if (n >= 1 && n <= DYNANTIC_TRANSACTION_MAX_ACTIONS)
    return TRUE;
  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
               /* Translators: %u is a count of actions */
               _("A transaction holds from 1 to 100 actions, not %u"), n);
  return FALSE;
}

gboolean
dynantic_transaction_refuse_twice (const DynanticSchema  *schema,
                                   guint                  first,
                                   guint                  second,
                                   GError               **error)
{
  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
               /* Translators: the %u are positions in a transaction (from 0), %s a table's name */
               _("The transaction’s actions %u and %u are for one item of the table “%s”: "
                 "DynamoDB takes one action per item"),
               first, second, dynantic_schema_get_table (schema));
  return FALSE;
}

/* Transactional writes --------------------------------------------------------- */

/**
 * DynanticTransactWrite:
 *
 * Up to 100 writes (puts, updates, deletes and condition checks) across
 * tables and classes that happen all together or not at all (DynamoDB's
 * TransactWriteItems):
 *
 * ```c
 * g_autoptr(DynanticTransactWrite) transfer = dynantic_transact_write_new (NULL);
 *
 * dynantic_transact_write_update (transfer, withdraw);   // with a condition on the balance
 * dynantic_transact_write_update (transfer, deposit);
 * dynantic_transact_write_put (transfer, DYNANTIC_MODEL (log_entry), NULL);
 * if (!dynantic_transact_write_execute (transfer, NULL, &error))
 *   ...   // nothing was written
 * ```
 *
 * Every action is checked before anything is sent, as the single write it
 * stands for checks it (a put as dynantic_model_save(): automatic ids, the
 * discriminator, validation, TTL; an update as dynantic_update_execute();
 * keys as dynantic_model_delete_by_key()), and the transaction as a whole:
 * from 1 to 100 actions, at most one per item (the same table and key),
 * else %DYNANTIC_ERROR_INVALID_ARGUMENT. The objects of versioned classes
 * (dynantic_model_class_set_version()) are checked as their single writes
 * check them: a put stores the next version, under the condition that the
 * stored one is the object's, and so does an update made with
 * dynantic_model_patch(); a delete or a condition check given an object
 * checks its version. Objects take their new versions once the transaction
 * is written.
 *
 * A #DynanticTransactWrite carries a `ClientRequestToken`, generated when
 * it is executed (or set with
 * dynantic_transact_write_set_client_request_token()), which every retry of
 * the request sends unchanged: DynamoDB applies a transaction once however
 * often it gets it within ten minutes, so a retry after a response that
 * was lost cannot write twice. A retry that reaches DynamoDB while the
 * first attempt is still being applied gets `TransactionInProgressException`;
 * it is retried the way the AWS SDKs retry it (as throttling, with the same
 * token) until the first attempt's outcome answers it. Executing the
 * transaction again after an outcome that was never known (a timeout, a
 * dropped connection) sends the same token again; after a transaction was
 * written or cancelled, a new one.
 *
 * When DynamoDB cancels the transaction, the call fails with
 * %DYNANTIC_ERROR_TRANSACTION_CANCELED and nothing was written;
 * dynantic_transact_write_get_cancellation_reasons() (and
 * dynantic_error_get_cancellation_details()) give one
 * #DynanticCancellationReason per action, in order: its code, its message
 * and, for a failed condition, the item as it was, as a model object of
 * the right subclass. When conflicts with other transactions alone
 * cancelled it (`TransactionConflict`), or a single write was in the way
 * (`TransactionConflictException`), the code is
 * %DYNANTIC_ERROR_TRANSACTION_CONFLICT: trying again later may succeed,
 * which dynantic_transact_write_set_retry_conflicts() makes Dynantic do.
 *
 * A transaction is used by one thread at a time.
 *
 * Since: 0.2
 */

typedef enum {
  ACTION_PUT,
  ACTION_UPDATE,
  ACTION_DELETE,
  ACTION_CHECK,
} ActionKind;

typedef struct {
  ActionKind            kind;
  DynanticModel        *model;       /* put: the object; delete, check: the object or key object */
  DynanticUpdate       *update;
  DynanticCondition    *condition;
  GType                 key_type;    /* by key: the class */
  GValue                partition_key;
  GValue                sort_key;

  /* made by prepare_action() */
  DynanticSchema       *schema;      /* a reference */
  GBytes               *json;        /* {"Put":{...}}, ... */
  GBytes               *identity;
  DynanticLockingStep   version;
} Action;

typedef struct {
  DynanticTransactWrite *owner;
  DynanticClient        *client;
  gint64                 deadline;
  guint                  attempt;    /* conflicts retried so far */
  guint                  max_attempts;
} WriteCall;

struct _DynanticTransactWrite {
  GObject         parent_instance;

  DynanticClient *client;
  GPtrArray      *actions;           /* Action * */
  char           *token;
  gboolean        token_spent;       /* the outcome of its last use is known */
  gboolean        retry_conflicts;
  GPtrArray      *reasons;           /* DynanticCancellationReason, of the last execution */
  double          consumed_capacity;
  WriteCall      *call;
};

G_DEFINE_FINAL_TYPE (DynanticTransactWrite, dynantic_transact_write, G_TYPE_OBJECT)

static void
action_unprepare (Action *action)
{
  g_clear_pointer (&action->schema, dynantic_schema_unref);
  g_clear_pointer (&action->json, g_bytes_unref);
  g_clear_pointer (&action->identity, g_bytes_unref);
  dynantic_locking_step_clear (&action->version);
}

static void
action_free (Action *action)
{
  action_unprepare (action);
  g_clear_object (&action->model);
  g_clear_object (&action->update);
  g_clear_pointer (&action->condition, dynantic_condition_unref);
  if (G_IS_VALUE (&action->partition_key))
    g_value_unset (&action->partition_key);
  if (G_IS_VALUE (&action->sort_key))
    g_value_unset (&action->sort_key);
  g_free (action);
}

static void
write_call_free (WriteCall *call)
{
  g_clear_object (&call->client);
  g_free (call);
}

static void
dynantic_transact_write_finalize (GObject *object)
{
  DynanticTransactWrite *self = DYNANTIC_TRANSACT_WRITE (object);

  g_clear_pointer (&self->call, write_call_free);
  g_ptr_array_unref (self->actions);
  g_ptr_array_unref (self->reasons);
  g_free (self->token);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (dynantic_transact_write_parent_class)->finalize (object);
}

static void
dynantic_transact_write_class_init (DynanticTransactWriteClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dynantic_transact_write_finalize;
}

static void
dynantic_transact_write_init (DynanticTransactWrite *self)
{
  self->actions = g_ptr_array_new_with_free_func ((GDestroyNotify) action_free);
  self->reasons = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * dynantic_transact_write_new:
 * @client: (nullable): the client to call through, or %NULL for the first
 *   action's class's (its object's own client, else its class's, else the
 *   default client)
 *
 * Makes an empty transaction.
 *
 * Returns: (transfer full): a new transaction
 *
 * Since: 0.2
 */
DynanticTransactWrite *
dynantic_transact_write_new (DynanticClient *client)
{
  DynanticTransactWrite *self;

  g_return_val_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client), NULL);

  self = g_object_new (DYNANTIC_TYPE_TRANSACT_WRITE, NULL);
  g_set_object (&self->client, client);
  return self;
}

static Action *
add_action (DynanticTransactWrite *self,
            ActionKind             kind,
            DynanticModel         *model,
            DynanticCondition     *condition)
{
  Action *action = g_new0 (Action, 1);

  action->kind = kind;
  action->model = model != NULL ? g_object_ref (model) : NULL;
  action->condition = condition != NULL ? dynantic_condition_ref (condition) : NULL;
  g_ptr_array_add (self->actions, action);
  return action;
}

/**
 * dynantic_transact_write_put:
 * @self: a transaction
 * @item: the object to write as a whole item
 * @condition: (nullable): what the item stored under @item's key must meet
 *
 * Adds a put of @item (as dynantic_model_save() writes it), under
 * @condition and, for a versioned class, the version check.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticTransactWrite *
dynantic_transact_write_put (DynanticTransactWrite *self,
                             DynanticModel         *item,
                             DynanticCondition     *condition)
{
  g_return_val_if_fail (DYNANTIC_IS_TRANSACT_WRITE (self), NULL);
  g_return_val_if_fail (DYNANTIC_IS_MODEL (item), self);

  add_action (self, ACTION_PUT, item, condition);
  return self;
}

/**
 * dynantic_transact_write_update:
 * @self: a transaction
 * @update: an update, with its actions and condition
 *
 * Adds @update (its actions and condition as they are when the
 * transaction is executed; its return values are not asked for).
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticTransactWrite *
dynantic_transact_write_update (DynanticTransactWrite *self,
                                DynanticUpdate        *update)
{
  g_return_val_if_fail (DYNANTIC_IS_TRANSACT_WRITE (self), NULL);
  g_return_val_if_fail (DYNANTIC_IS_UPDATE (update), self);

  add_action (self, ACTION_UPDATE, NULL, NULL)->update = g_object_ref (update);
  return self;
}

/**
 * dynantic_transact_write_delete:
 * @self: a transaction
 * @item: the object whose item to delete
 * @condition: (nullable): what the stored item must meet
 *
 * Adds a delete of the item with @item's key, under @condition and, for a
 * versioned class, the version check.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticTransactWrite *
dynantic_transact_write_delete (DynanticTransactWrite *self,
                                DynanticModel         *item,
                                DynanticCondition     *condition)
{
  g_return_val_if_fail (DYNANTIC_IS_TRANSACT_WRITE (self), NULL);
  g_return_val_if_fail (DYNANTIC_IS_MODEL (item), self);

  add_action (self, ACTION_DELETE, item, condition);
  return self;
}

static Action *
add_key_action (DynanticTransactWrite *self,
                ActionKind             kind,
                GType                  model_type,
                const GValue          *partition_key,
                const GValue          *sort_key,
                DynanticCondition     *condition)
{
  Action *action = add_action (self, kind, NULL, condition);

  action->key_type = model_type;
  dynantic_write_copy_value (&action->partition_key, partition_key);
  dynantic_write_copy_value (&action->sort_key, sort_key);
  return action;
}

/**
 * dynantic_transact_write_delete_key:
 * @self: a transaction
 * @model_type: a #DynanticModel subtype with a table
 * @partition_key: the partition key's value
 * @sort_key: (nullable): the sort key's value, for tables that have one
 * @condition: (nullable): what the stored item must meet
 *
 * Adds a delete of the item with the given key (checked as
 * dynantic_model_delete_by_key() checks it), under @condition.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticTransactWrite *
dynantic_transact_write_delete_key (DynanticTransactWrite *self,
                                    GType                  model_type,
                                    const GValue          *partition_key,
                                    const GValue          *sort_key,
                                    DynanticCondition     *condition)
{
  g_return_val_if_fail (DYNANTIC_IS_TRANSACT_WRITE (self), NULL);
  g_return_val_if_fail (g_type_is_a (model_type, DYNANTIC_TYPE_MODEL), self);

  add_key_action (self, ACTION_DELETE, model_type, partition_key, sort_key, condition);
  return self;
}

/**
 * dynantic_transact_write_check:
 * @self: a transaction
 * @item: the object whose item to check
 * @condition: (nullable): what the stored item must meet; %NULL only for
 *   a versioned class, whose version is checked
 *
 * Adds a condition check (ConditionCheck) of the item with @item's key: the
 * transaction happens only if it meets @condition (and, for a versioned
 * class, holds @item's version). Nothing is written to that item.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticTransactWrite *
dynantic_transact_write_check (DynanticTransactWrite *self,
                               DynanticModel         *item,
                               DynanticCondition     *condition)
{
  g_return_val_if_fail (DYNANTIC_IS_TRANSACT_WRITE (self), NULL);
  g_return_val_if_fail (DYNANTIC_IS_MODEL (item), self);

  add_action (self, ACTION_CHECK, item, condition);
  return self;
}

/**
 * dynantic_transact_write_check_key:
 * @self: a transaction
 * @model_type: a #DynanticModel subtype with a table
 * @partition_key: the partition key's value
 * @sort_key: (nullable): the sort key's value, for tables that have one
 * @condition: what the stored item must meet
 *
 * Adds a condition check of the item with the given key.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticTransactWrite *
dynantic_transact_write_check_key (DynanticTransactWrite *self,
                                   GType                  model_type,
                                   const GValue          *partition_key,
                                   const GValue          *sort_key,
                                   DynanticCondition     *condition)
{
  g_return_val_if_fail (DYNANTIC_IS_TRANSACT_WRITE (self), NULL);
  g_return_val_if_fail (g_type_is_a (model_type, DYNANTIC_TYPE_MODEL), self);

  add_key_action (self, ACTION_CHECK, model_type, partition_key, sort_key, condition);
  return self;
}

/**
 * dynantic_transact_write_set_client_request_token:
 * @self: a transaction
 * @token: (nullable): the `ClientRequestToken` (1 to 36 characters), or
 *   %NULL to have one generated
 *
 * Sets the token the next execution sends, to make a transaction
 * idempotent across processes (a job that may run twice, say). A token
 * that is not 1 to 36 characters makes the execution fail with
 * %DYNANTIC_ERROR_INVALID_ARGUMENT. A conflict retried automatically
 * (dynantic_transact_write_set_retry_conflicts()) is a new transaction,
 * sent with a new token.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticTransactWrite *
dynantic_transact_write_set_client_request_token (DynanticTransactWrite *self,
                                                  const char            *token)
{
  g_return_val_if_fail (DYNANTIC_IS_TRANSACT_WRITE (self), NULL);

  g_free (self->token);
  self->token = g_strdup (token);
  self->token_spent = FALSE;
  return self;
}

/**
 * dynantic_transact_write_get_client_request_token:
 * @self: a transaction
 *
 * The token of the last execution (or the one set for the next).
 *
 * Returns: (nullable): the token, or %NULL before the first execution
 *
 * Since: 0.2
 */
const char *
dynantic_transact_write_get_client_request_token (DynanticTransactWrite *self)
{
  g_return_val_if_fail (DYNANTIC_IS_TRANSACT_WRITE (self), NULL);

  return self->token;
}

/**
 * dynantic_transact_write_set_retry_conflicts:
 * @self: a transaction
 * @retry: whether to try again when conflicts cancel the transaction
 *
 * When conflicts with other writes alone cancel the transaction
 * (%DYNANTIC_ERROR_TRANSACTION_CONFLICT), nothing was written; with @retry
 * the transaction is sent again (a new one, with a new token) after the
 * client's backoff, up to the client's #DynanticClient:max-attempts in all
 * and within its #DynanticClient:total-timeout. Off by default: a
 * conflict often means the caller should read again before writing.
 *
 * Returns: (transfer none): @self, to chain calls
 *
 * Since: 0.2
 */
DynanticTransactWrite *
dynantic_transact_write_set_retry_conflicts (DynanticTransactWrite *self,
                                             gboolean               retry)
{
  g_return_val_if_fail (DYNANTIC_IS_TRANSACT_WRITE (self), NULL);

  self->retry_conflicts = !!retry;
  return self;
}

/* Preparing --------------------------------------------------------------------- */

/* {"Put":{"TableName":..., "Item":{...}, condition}} */
static gboolean
prepare_put (Action              *action,
             DynanticJsonWriter  *writer,
             GError             **error)
{
  g_autoptr(DynanticCondition) condition = NULL;
  gsize item_start;

  action->schema = dynantic_model_prepare_write (action->model, error);
  if (action->schema == NULL || !dynantic_locking_step_init (&action->version, action->schema, action->model, error))
    return FALSE;
  condition = dynantic_locking_condition (action->schema, action->model, action->condition);
  dynantic_json_writer_member_literal (writer, "Put");
  dynantic_json_writer_begin_object (writer);
  dynantic_json_writer_member_literal (writer, "TableName");
  dynantic_json_writer_string (writer, dynantic_schema_get_table (action->schema), -1);
  dynantic_json_writer_member_literal (writer, "Item");
  item_start = writer->out->len;
  if (!dynantic_item_write_replacing (writer, action->schema, action->model, action->version.property,
                                      &action->version.next, error))
    return FALSE;
  /* the identity read from the item just written, as a batch write's */
  action->identity = dynantic_write_identity_of_key (action->schema, writer->out->str + item_start,
                                                     writer->out->len - item_start, error);
  if (action->identity == NULL || !dynantic_write_condition (writer, action->schema, condition, error))
    return FALSE;
  dynantic_json_writer_end_object (writer);
  return TRUE;
}

static gboolean
prepare_update (Action              *action,
                DynanticJsonWriter  *writer,
                GError             **error)
{
  action->schema = dynantic_update_lookup_schema (action->update, error);
  if (action->schema == NULL)
    return FALSE;
  dynantic_json_writer_member_literal (writer, "Update");
  dynantic_json_writer_begin_object (writer);
  if (!dynantic_update_write_members (action->update, action->schema, writer, &action->version, error))
    return FALSE;
  dynantic_json_writer_end_object (writer);
  action->identity = dynantic_update_identity (action->update, action->schema, error);
  return action->identity != NULL;
}

static gboolean
refuse_unconditional_check (const DynanticSchema  *schema,
                            GError               **error)
{
  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
               /* Translators: %s is a DynamoDB table's name */
               _("A condition check of the table “%s” has no condition"),
               dynantic_schema_get_table (schema));
  return FALSE;
}

/* {"Delete":{...}} or {"ConditionCheck":{...}}: TableName, Key, condition. */
static gboolean
prepare_keyed (Action              *action,
               DynanticJsonWriter  *writer,
               GError             **error)
{
  g_autoptr(DynanticCondition) condition = NULL;
  g_autoptr(GString) key = g_string_new (NULL);
  DynanticJsonWriter key_writer;
  gboolean by_key = action->key_type != 0;

  action->schema = dynantic_schema_lookup_for_table (by_key ? action->key_type : G_OBJECT_TYPE (action->model),
                                                     error);
  if (action->schema == NULL)
    return FALSE;
  if (by_key && action->model == NULL &&
      !(action->model = dynantic_write_new_key_object (action->schema, &action->partition_key,
                                                       G_IS_VALUE (&action->sort_key) ? &action->sort_key : NULL,
                                                       error)))
    return FALSE;
  /* an object given is checked at its version; a key has none */
  condition = by_key ? (action->condition != NULL ? dynantic_condition_ref (action->condition) : NULL)
                     : dynantic_locking_condition (action->schema, action->model, action->condition);
  if (action->kind == ACTION_CHECK && condition == NULL)
    return refuse_unconditional_check (action->schema, error);

  dynantic_json_writer_init (&key_writer, key);
  if (!dynantic_item_write_key_of (&key_writer, action->schema, action->model, error))
    return FALSE;
  action->identity = dynantic_write_identity_of_key (action->schema, key->str, key->len, error);
  if (action->identity == NULL)
    return FALSE;

  if (action->kind == ACTION_CHECK)
    dynantic_json_writer_member_literal (writer, "ConditionCheck");
  else
    dynantic_json_writer_member_literal (writer, "Delete");
  dynantic_json_writer_begin_object (writer);
  dynantic_json_writer_member_literal (writer, "TableName");
  dynantic_json_writer_string (writer, dynantic_schema_get_table (action->schema), -1);
  dynantic_json_writer_member_literal (writer, "Key");
  dynantic_json_writer_raw (writer, key->str, key->len);
  if (!dynantic_write_condition (writer, action->schema, condition, error))
    return FALSE;
  dynantic_json_writer_end_object (writer);
  return TRUE;
}

static gboolean
prepare_action (Action  *action,
                GError **error)
{
  g_autoptr(GString) out = g_string_sized_new (256);
  DynanticJsonWriter writer;
  gboolean ok;

  action_unprepare (action);
  dynantic_json_writer_init (&writer, out);
  dynantic_json_writer_begin_object (&writer);
  switch (action->kind)
    {
    case ACTION_PUT:
      ok = prepare_put (action, &writer, error);
      break;
    case ACTION_UPDATE:
      ok = prepare_update (action, &writer, error);
      break;
    case ACTION_DELETE:
    case ACTION_CHECK:
    default:
      ok = prepare_keyed (action, &writer, error);
      break;
    }
  if (!ok)
    return FALSE;
  dynantic_json_writer_end_object (&writer);
  action->json = g_string_free_to_bytes (g_steal_pointer (&out));
  return TRUE;
}

/* Checks every action, then the transaction: its size, one action per item. */
static gboolean
prepare (DynanticTransactWrite  *self,
         GError                **error)
{
  g_autoptr(GHashTable) items = g_hash_table_new (g_bytes_hash, g_bytes_equal);   /* identity -> index + 1 */

  if (!dynantic_transaction_check_size (self->actions->len, error))
    return FALSE;
  for (guint i = 0; i < self->actions->len; i++)
    {
      Action *action = self->actions->pdata[i];

      if (!prepare_action (action, error))
        return FALSE;
      guint earlier = GPOINTER_TO_UINT (g_hash_table_lookup (items, action->identity));

      if (earlier != 0)
        return dynantic_transaction_refuse_twice (action->schema, earlier - 1, i, error);
      g_hash_table_insert (items, action->identity, GUINT_TO_POINTER (i + 1));
    }
  return TRUE;
}

static gboolean
valid_token (const char  *token,
             GError     **error)
{
  gsize length = strlen (token);

  if (length >= 1 && length <= 36 && g_utf8_validate (token, -1, NULL))
    return TRUE;
  g_set_error_literal (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                       _("A transaction’s client request token holds from 1 to 36 characters"));
  return FALSE;
}

/* The request ------------------------------------------------------------------- */

static gboolean
write_transaction_body (gpointer   state,
                        GString   *out,
                        GError   **error)
{
  WriteCall *call = state;
  DynanticTransactWrite *self = call->owner;
  DynanticJsonWriter writer;

  dynantic_json_writer_init (&writer, out);
  dynantic_json_writer_begin_object (&writer);
  dynantic_json_writer_member_literal (&writer, "TransactItems");
  dynantic_json_writer_begin_array (&writer);
  for (guint i = 0; i < self->actions->len; i++)
    {
      Action *action = self->actions->pdata[i];

      dynantic_json_writer_raw (&writer, g_bytes_get_data (action->json, NULL), g_bytes_get_size (action->json));
    }
  dynantic_json_writer_end_array (&writer);
  dynantic_json_writer_member_literal (&writer, "ClientRequestToken");
  dynantic_json_writer_string (&writer, self->token, -1);
  dynantic_json_writer_member_literal (&writer, "ReturnConsumedCapacity");
  dynantic_json_writer_string (&writer, "TOTAL", -1);
  dynantic_json_writer_end_object (&writer);
  return TRUE;
}

static DynanticRequestMember
read_transaction_member (gpointer             state,
                         const char          *name,
                         DynanticJsonReader  *reader,
                         GError             **error)
{
  WriteCall *call = state;

  if (strcmp (name, "ConsumedCapacity") != 0)
    return DYNANTIC_REQUEST_MEMBER_SKIP;
  return dynantic_write_read_capacity (reader, &call->owner->consumed_capacity, error)
           ? DYNANTIC_REQUEST_MEMBER_READ : DYNANTIC_REQUEST_MEMBER_FAILED;
}

static DynanticRequestMember
read_transaction_error_member (gpointer             state,
                               const char          *name,
                               DynanticJsonReader  *reader,
                               GError              *error)
{
  WriteCall *call = state;
  DynanticTransactWrite *self = call->owner;
  g_autofree const DynanticSchema **schemas = NULL;

  if (strcmp (name, "CancellationReasons") != 0)
    return DYNANTIC_REQUEST_MEMBER_SKIP;
  schemas = g_new0 (const DynanticSchema *, self->actions->len);
  for (guint i = 0; i < self->actions->len; i++)
    schemas[i] = ((Action *) self->actions->pdata[i])->schema;
  return dynantic_transaction_read_reasons (reader, schemas, self->actions->len,
                                            call->client, self->reasons, error);
}

/* Written: the objects take their new versions. */
static gboolean
finish_transaction (gpointer              state,
                    DynanticRequestNext  *next,
                    GError              **error)
{
  WriteCall *call = state;
  DynanticTransactWrite *self = call->owner;

  for (guint i = 0; i < self->actions->len; i++)
    dynantic_locking_step_commit (&((Action *) self->actions->pdata[i])->version);
  return TRUE;
}

static const DynanticRequestKind transact_write_items = {
  .operation = "TransactWriteItems",
  .body_size = 2048,
  .write_body = write_transaction_body,
  .read_member = read_transaction_member,
  .finish = finish_transaction,
  .read_error_member = read_transaction_error_member,
};

/* Executing ----------------------------------------------------------------------- */

static DynanticClient *
resolve_client (DynanticTransactWrite *self)
{
  Action *first = self->actions->pdata[0];

  if (self->client != NULL)
    return g_object_ref (self->client);
  if (first->update != NULL)
    return dynantic_update_resolve_client (first->update);
  return dynantic_model_resolve_client (G_OBJECT_TYPE (first->model), dynantic_model_get_own_client (first->model));
}

static void
new_token (DynanticTransactWrite *self)
{
  g_free (self->token);
  self->token = g_uuid_string_random ();
  self->token_spent = FALSE;
}

/* Readies an execution: every check, then the token. */
static gboolean
begin_call (DynanticTransactWrite  *self,
            GError                **error)
{
  WriteCall *call;

  if (self->call != NULL)
    {
      g_set_error_literal (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_ARGUMENT,
                           _("The transaction is already being executed"));
      return FALSE;
    }
  g_ptr_array_set_size (self->reasons, 0);
  if (!prepare (self, error))
    return FALSE;
  if (self->token == NULL || self->token_spent)
    new_token (self);
  else if (!valid_token (self->token, error))
    return FALSE;

  call = g_new0 (WriteCall, 1);
  call->owner = self;
  call->client = resolve_client (self);
  call->deadline = dynantic_client_call_deadline (call->client);
  call->max_attempts = MAX (dynantic_client_get_max_attempts (call->client), 1);
  self->call = call;
  return TRUE;
}

static DynanticRequest *
attempt_request (DynanticTransactWrite  *self,
                 GError                **error)
{
  WriteCall *call = self->call;
  DynanticRequest *request = dynantic_request_new (g_object_ref (call->client), &transact_write_items, call, NULL, error);

  if (request == NULL)
    return NULL;
  dynantic_request_set_deadline (request, call->deadline);
  if (call->attempt > 0)
    dynantic_request_set_delay (request, dynantic_write_round_delay (call->client, call->attempt - 1));
  return request;
}

/* After an attempt that failed with @error: whether to try again (a new
 * transaction, with a new token). Only a transaction DynamoDB cancelled
 * (its reasons read) is known to have written nothing: a conflict without
 * reasons (TransactionInProgressException after the client's retries) may
 * still be applied under its token, so it is never sent under a new one. */
static gboolean
retry_after (DynanticTransactWrite *self,
             const GError          *error)
{
  WriteCall *call = self->call;

  if (!self->retry_conflicts || !g_error_matches (error, DYNANTIC_ERROR, DYNANTIC_ERROR_TRANSACTION_CONFLICT) ||
      self->reasons->len == 0 || call->attempt + 1 >= call->max_attempts)
    return FALSE;
  call->attempt++;
  g_ptr_array_set_size (self->reasons, 0);
  new_token (self);
  return TRUE;
}

/* Ends an execution: whether its outcome is known decides the next token. */
static gboolean
end_call (DynanticTransactWrite  *self,
          GError                 *error,
          GError                **out_error)
{
  g_clear_pointer (&self->call, write_call_free);
  if (error == NULL)
    {
      self->token_spent = TRUE;
      return TRUE;
    }
  self->token_spent = error->domain == DYNANTIC_ERROR &&
                      (error->code == DYNANTIC_ERROR_TRANSACTION_CANCELED ||
                       (error->code == DYNANTIC_ERROR_TRANSACTION_CONFLICT && self->reasons->len > 0) ||
                       error->code == DYNANTIC_ERROR_VALIDATION ||
                       error->code == DYNANTIC_ERROR_INVALID_ARGUMENT);
  g_propagate_error (out_error, error);
  return FALSE;
}

/**
 * dynantic_transact_write_execute:
 * @self: a transaction
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Checks every action and sends the transaction (TransactWriteItems); see
 * #DynanticTransactWrite.
 *
 * Returns: %TRUE when every action was written; %FALSE with @error set
 *   when none was, to %DYNANTIC_ERROR_TRANSACTION_CANCELED (see
 *   dynantic_transact_write_get_cancellation_reasons()) or
 *   %DYNANTIC_ERROR_TRANSACTION_CONFLICT when DynamoDB cancelled it
 *
 * Since: 0.2
 */
gboolean
dynantic_transact_write_execute (DynanticTransactWrite  *self,
                                 GCancellable           *cancellable,
                                 GError                **error)
{
  GError *attempt_error = NULL;

  g_return_val_if_fail (DYNANTIC_IS_TRANSACT_WRITE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!begin_call (self, error))
    return FALSE;
  do
    {
      g_autoptr(DynanticRequest) request = NULL;

      g_clear_error (&attempt_error);
      request = attempt_request (self, &attempt_error);
      if (request != NULL && dynantic_request_run (request, cancellable, &attempt_error))
        return end_call (self, NULL, error);
    }
  while (attempt_error != NULL && retry_after (self, attempt_error));
  return end_call (self, attempt_error, error);
}

static void attempt_async (GTask *task);

static void
attempted (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  DynanticTransactWrite *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (dynantic_request_finish (result, NULL, attempted, &error) != NULL)
    {
      end_call (self, NULL, NULL);
      g_task_return_boolean (task, TRUE);
    }
  else if (retry_after (self, error))
    {
      g_error_free (error);
      attempt_async (task);
      return;
    }
  else
    {
      GError *reported = NULL;

      end_call (self, error, &reported);
      g_task_return_error (task, reported);
    }
  g_object_unref (task);
}

/* Sends the next attempt of @task's transaction; @task is taken. */
static void
attempt_async (GTask *task)
{
  DynanticTransactWrite *self = g_task_get_source_object (task);
  GError *error = NULL;
  DynanticRequest *request = attempt_request (self, &error);

  if (request == NULL)
    {
      GError *reported = NULL;

      end_call (self, error, &reported);
      g_task_return_error (task, reported);
      g_object_unref (task);
      return;
    }
  dynantic_request_run_async (request, NULL, NULL, attempted, g_task_get_cancellable (task), attempted, task);
}

/**
 * dynantic_transact_write_execute_async:
 * @self: a transaction
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the transaction is written or failed
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_transact_write_execute(). Every action
 * is checked and encoded before this returns.
 *
 * Since: 0.2
 */
void
dynantic_transact_write_execute_async (DynanticTransactWrite *self,
                                       GCancellable          *cancellable,
                                       GAsyncReadyCallback    callback,
                                       gpointer               user_data)
{
  GTask *task;
  GError *error = NULL;

  g_return_if_fail (DYNANTIC_IS_TRANSACT_WRITE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dynantic_transact_write_execute_async);
  if (!begin_call (self, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  attempt_async (task);
}

/**
 * dynantic_transact_write_execute_finish:
 * @self: a transaction
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_transact_write_execute_async().
 *
 * Returns: %TRUE when every action was written, else %FALSE with @error set
 *
 * Since: 0.2
 */
gboolean
dynantic_transact_write_execute_finish (DynanticTransactWrite  *self,
                                        GAsyncResult           *result,
                                        GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, dynantic_transact_write_execute_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * dynantic_transact_write_get_n_actions:
 * @self: a transaction
 *
 * How many actions the transaction holds.
 *
 * Returns: the number of actions
 *
 * Since: 0.2
 */
guint
dynantic_transact_write_get_n_actions (DynanticTransactWrite *self)
{
  g_return_val_if_fail (DYNANTIC_IS_TRANSACT_WRITE (self), 0);

  return self->actions->len;
}

/**
 * dynantic_transact_write_get_cancellation_reasons:
 * @self: a transaction
 *
 * Why DynamoDB cancelled the last execution: one reason per action, in
 * the order of the actions; empty when it was not cancelled.
 *
 * Returns: (transfer container) (element-type DynanticCancellationReason): the reasons
 *
 * Since: 0.2
 */
GPtrArray *
dynantic_transact_write_get_cancellation_reasons (DynanticTransactWrite *self)
{
  g_return_val_if_fail (DYNANTIC_IS_TRANSACT_WRITE (self), NULL);

  return g_ptr_array_copy (self->reasons, copy_object, NULL);
}

/**
 * dynantic_transact_write_get_consumed_capacity:
 * @self: a transaction
 *
 * The write capacity units DynamoDB reported for the transaction's
 * executions that succeeded, summed.
 *
 * Returns: the capacity units
 *
 * Since: 0.2
 */
double
dynantic_transact_write_get_consumed_capacity (DynanticTransactWrite *self)
{
  g_return_val_if_fail (DYNANTIC_IS_TRANSACT_WRITE (self), 0);

  return self->consumed_capacity;
}
