/* updates.c: atomic updates and conditional writes (the seed's sections 6 and 7)
 *
 * The model is the user Dynantic's Python users know:
 *
 *     class User(DynamoModel):
 *         user_id: str = Key()
 *         email: str = SortKey()
 *         login_count: int = 0
 *         status: str = "pending"
 *         balance: int = 0
 *         version: int = 0
 *         class Meta:
 *             table_name = "users"
 *
 *     User.update("user-123", "john@example.com") \
 *         .add(User.login_count, 1) \
 *         .set(User.status, "active") \
 *         .execute()
 *
 *     user.save(condition=Attr("email").not_exists())         # create if not exists
 *     User.delete("user-123", condition=Attr("balance") == 0)  # conditional delete
 *     user.save(condition=Attr("version") == 5)                # optimistic locking
 *
 * Run it against DynamoDB Local:
 *
 *     scripts/dynamodb-local.sh run build/examples/updates
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <dynantic.h>

#define TYPE_USER (user_get_type ())
G_DECLARE_FINAL_TYPE (User, user, EXAMPLE, USER, DynanticModel)
struct _User { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (User, user, DYNANTIC_TYPE_MODEL)

static void
user_class_init (UserClass *klass)
{
  DynanticModelClass *model = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model, g_param_spec_string ("user-id", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_string ("email", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_int ("login-count", NULL, NULL, 0, G_MAXINT, 0, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_string ("status", NULL, NULL, "pending", G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_int ("balance", NULL, NULL, G_MININT, G_MAXINT, 0, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_int ("version", NULL, NULL, 0, G_MAXINT, 0, G_PARAM_READWRITE));
  dynantic_model_class_set_table (model, "users");
  dynantic_model_class_set_partition_key (model, "user-id");
  dynantic_model_class_set_sort_key (model, "email");
}

static void user_init (User *self) { }

/* ------------------------------------------------------------------------- */

static GValue *
string_value (GValue     *value,
              const char *text)
{
  g_value_set_string (g_value_init (value, G_TYPE_STRING), text);
  return value;
}

static GValue *
int_value (GValue *value,
           int     number)
{
  g_value_set_int (g_value_init (value, G_TYPE_INT), number);
  return value;
}

static gboolean
ensure_table (GType    type,
              GError **error)
{
  g_autoptr(GError) create_error = NULL;

  if (!dynantic_table_create (type, NULL, NULL, &create_error) &&
      !g_error_matches (create_error, DYNANTIC_ERROR, DYNANTIC_ERROR_RESOURCE_IN_USE))
    {
      g_propagate_error (error, g_steal_pointer (&create_error));
      return FALSE;
    }
  return dynantic_table_wait_until_active (type, 60, NULL, NULL, error);
}

static void
print_user (const char    *what,
            DynanticModel *user)
{
  g_autofree char *id = NULL, *status = NULL;
  int logins = 0, balance = 0, version = 0;

  g_object_get (user, "user-id", &id, "status", &status, "login-count", &logins,
                "balance", &balance, "version", &version, NULL);
  g_print ("%s: %s, %s, %d logins, balance %d, version %d\n", what, id, status, logins, balance, version);
}

/* Whether @error is a failed condition; any other error is kept. */
static gboolean
condition_failed (GError  *failure,
                  GError **error)
{
  if (g_error_matches (failure, DYNANTIC_ERROR, DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED))
    return TRUE;
  g_propagate_error (error, g_error_copy (failure));
  return FALSE;
}

/* Section 6: an atomic update, without reading the item first. */
static gboolean
atomic_update (GError **error)
{
  g_auto(GValue) user_id = G_VALUE_INIT, email = G_VALUE_INIT, one = G_VALUE_INIT, active = G_VALUE_INIT;
  g_autoptr(DynanticUpdate) update = NULL;

  update = dynantic_update_new (TYPE_USER, string_value (&user_id, "user-123"), string_value (&email, "john@example.com"),
                                NULL);
  dynantic_update_add (update, "login-count", int_value (&one, 1));
  dynantic_update_set_value (update, "status", string_value (&active, "active"));
  dynantic_update_set_return_values (update, DYNANTIC_RETURN_VALUES_ALL_NEW);
  if (!dynantic_update_execute (update, NULL, error))
    return FALSE;
  print_user ("after update", dynantic_update_get_returned_item (update));
  return TRUE;
}

/* Section 7: create only if new; the second attempt changes nothing. */
static gboolean
create_if_not_exists (GError **error)
{
  g_autoptr(DynanticCondition) is_new = dynantic_condition_attribute_not_exists ("email");

  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_autoptr(User) user = g_object_new (TYPE_USER, "user-id", "user-789", "email", "ann@example.com",
                                           "status", attempt == 0 ? "first" : "second", NULL);
      g_autoptr(GError) failure = NULL;

      if (dynantic_model_save (DYNANTIC_MODEL (user), is_new, NULL, &failure))
        g_print ("created user-789\n");
      else if (condition_failed (failure, error))
        g_print ("user-789 exists already: not overwritten\n");
      else
        return FALSE;
    }
  return TRUE;
}

/* Section 7: delete only when the balance is 0. */
static gboolean
conditional_delete (GError **error)
{
  g_auto(GValue) user_id = G_VALUE_INIT, email = G_VALUE_INIT, zero = G_VALUE_INIT;
  g_autoptr(DynanticCondition) settled = dynantic_condition_eq ("balance", int_value (&zero, 0));
  g_autoptr(GError) failure = NULL;

  string_value (&user_id, "user-456");
  string_value (&email, "jane@example.com");
  {
    g_autoptr(User) jane = g_object_new (TYPE_USER, "user-id", "user-456", "email", "jane@example.com",
                                         "balance", 30, NULL);

    if (!dynantic_model_save (DYNANTIC_MODEL (jane), NULL, NULL, error))
      return FALSE;
  }
  if (dynantic_model_delete_by_key (TYPE_USER, &user_id, &email, settled, NULL, NULL, &failure) ||
      !condition_failed (failure, error))
    return FALSE;
  g_print ("user-456 still owes money: not deleted\n");

  /* Settle the balance atomically, then the delete goes through. */
  {
    g_autoptr(DynanticUpdate) settle = dynantic_update_new (TYPE_USER, &user_id, &email, NULL);

    dynantic_update_set_value (settle, "balance", &zero);
    if (!dynantic_update_execute (settle, NULL, error) ||
        !dynantic_model_delete_by_key (TYPE_USER, &user_id, &email, settled, NULL, NULL, error))
      return FALSE;
  }
  g_print ("balance settled, user-456 deleted\n");
  return TRUE;
}

/* Section 7: optimistic locking, by saving and by an update. */
static gboolean
optimistic_locking (GError **error)
{
  g_auto(GValue) user_id = G_VALUE_INIT, email = G_VALUE_INIT, five = G_VALUE_INIT, one = G_VALUE_INIT;
  g_autoptr(DynanticModel) user = NULL;
  g_autoptr(DynanticCondition) unchanged = NULL;
  g_autoptr(DynanticUpdate) bump = NULL;
  g_autoptr(GError) failure = NULL;

  string_value (&user_id, "user-123");
  string_value (&email, "john@example.com");
  user = dynantic_model_get_by_key_full (TYPE_USER, TRUE, &user_id, &email, NULL, NULL, error);
  if (user == NULL)
    return FALSE;

  /* Saving version 5 over version 5: the first writer wins. */
  g_object_set (user, "version", 5, NULL);
  if (!dynantic_model_save (user, NULL, NULL, error))
    return FALSE;
  unchanged = dynantic_condition_eq ("version", int_value (&five, 5));
  g_object_set (user, "version", 6, "balance", 100, NULL);
  if (!dynantic_model_save (user, unchanged, NULL, error))
    return FALSE;
  print_user ("saved over version 5", user);

  /* A second writer that also read version 5 loses, by save or by update. */
  if (dynantic_model_save (user, unchanged, NULL, &failure) || !condition_failed (failure, error))
    return FALSE;
  g_clear_error (&failure);
  bump = dynantic_model_patch (user);
  dynantic_update_increment (bump, "version", int_value (&one, 1));
  dynantic_update_set_condition (bump, unchanged);
  if (dynantic_update_execute (bump, NULL, &failure) || !condition_failed (failure, error))
    return FALSE;
  if (!dynantic_model_reload (user, NULL, error))
    return FALSE;
  print_user ("a stale writer was refused twice; stored", user);
  return TRUE;
}

int
main (void)
{
  g_autoptr(GError) error = NULL;

  g_print ("Dynantic %s, endpoint %s\n", DYNANTIC_VERSION_S,
           dynantic_client_get_endpoint (dynantic_client_get_default ()));

  if (!ensure_table (TYPE_USER, &error) ||
      !atomic_update (&error) ||
      !create_if_not_exists (&error) ||
      !conditional_delete (&error) ||
      !optimistic_locking (&error))
    {
      g_printerr ("updates: %s\n", error != NULL ? error->message : "a write went through that its condition should have stopped");
      return 1;
    }
  return 0;
}
