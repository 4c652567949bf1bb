/* dynantic-model-class.c: what a model class declares, and its client
 *
 * The `dynantic_model_class_*` calls of a class's `class_init` (a Vala
 * `class construct`, or class calls from Python and GJS). Declarations are
 * kept by the schema registry (dynantic-schema.c), which checks them when
 * it builds the class's schema; the class's client is kept here.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "dynantic-model-private.h"
#include "dynantic-schema-private.h"

/* The clients given to classes: GType -> DynanticClient (a reference). */
static GMutex      clients_lock;
static GHashTable *class_clients;

/**
 * dynantic_model_class_install_property: (skip)
 * @klass: a model class
 * @pspec: (transfer full): the property's spec
 *
 * Installs a property: g_object_class_install_property() without the
 * property id, for classes that let DynanticModel keep their values (that
 * set no #GObjectClass.get_property and #GObjectClass.set_property of their
 * own). C only: classes written in other languages keep their own values,
 * and install properties their language's way.
 */
void
dynantic_model_class_install_property (DynanticModelClass *klass,
                                       GParamSpec         *pspec)
{
  static guint last_id;

  g_return_if_fail (DYNANTIC_IS_MODEL_CLASS (klass));
  g_return_if_fail (G_IS_PARAM_SPEC (pspec));

  /* The id is only ever handed back to get/set_property, which find values
   * by pspec: any positive number does. */
  g_object_class_install_property (G_OBJECT_CLASS (klass),
                                   (guint) g_atomic_int_add (&last_id, 1) + 1, pspec);
}

/**
 * dynantic_model_class_set_table:
 * @klass: a model class
 * @table: the DynamoDB table's name
 *
 * Declares the table items of this class are stored in. Subclasses inherit
 * it (single-table designs) unless they declare their own.
 *
 * Since: 0.1
 */
void
dynantic_model_class_set_table (DynanticModelClass *klass,
                                const char         *table)
{
  g_return_if_fail (DYNANTIC_IS_MODEL_CLASS (klass));
  g_return_if_fail (table != NULL);

  dynantic_schema_declare_table (G_TYPE_FROM_CLASS (klass), table);
}

/**
 * dynantic_model_class_get_table:
 * @klass: a model class
 *
 * The table this class declares, or inherits.
 *
 * Returns: (nullable): the table's name, or %NULL when none was declared
 *
 * Since: 0.1
 */
const char *
dynantic_model_class_get_table (DynanticModelClass *klass)
{
  g_return_val_if_fail (DYNANTIC_IS_MODEL_CLASS (klass), NULL);

  return dynantic_schema_get_declared_table (G_TYPE_FROM_CLASS (klass));
}

/**
 * dynantic_model_class_set_partition_key:
 * @klass: a model class
 * @property: the name of the property holding the partition (hash) key
 *
 * Declares the table's partition key. It must be a string, number, binary,
 * date-time or enum property; it is required, and never an empty string.
 *
 * Since: 0.1
 */
void
dynantic_model_class_set_partition_key (DynanticModelClass *klass,
                                        const char         *property)
{
  g_return_if_fail (DYNANTIC_IS_MODEL_CLASS (klass));
  g_return_if_fail (property != NULL);

  dynantic_schema_declare_role (G_TYPE_FROM_CLASS (klass), DYNANTIC_SCHEMA_ROLE_PARTITION_KEY, property);
}

/**
 * dynantic_model_class_set_sort_key:
 * @klass: a model class
 * @property: the name of the property holding the sort (range) key
 *
 * Declares the table's sort key, of the same types as a partition key.
 * A sort key of `0` or (for a sort key only read back, never written) any
 * other value of its type is a real key.
 *
 * Since: 0.1
 */
void
dynantic_model_class_set_sort_key (DynanticModelClass *klass,
                                   const char         *property)
{
  g_return_if_fail (DYNANTIC_IS_MODEL_CLASS (klass));
  g_return_if_fail (property != NULL);

  dynantic_schema_declare_role (G_TYPE_FROM_CLASS (klass), DYNANTIC_SCHEMA_ROLE_SORT_KEY, property);
}

/**
 * dynantic_model_class_add_global_index:
 * @klass: a model class
 * @index: the index's name
 * @partition_key: (nullable): the property holding the index's partition key
 * @sort_key: (nullable): the property holding the index's sort key, if any
 *
 * Declares a global secondary index. A property may serve several indexes.
 * Items whose index key properties are unset are simply not in the index.
 * A %NULL @partition_key is accepted here (bindings may declare the two
 * halves separately) and reported as a schema error on first use.
 *
 * Since: 0.1
 */
void
dynantic_model_class_add_global_index (DynanticModelClass *klass,
                                       const char         *index,
                                       const char         *partition_key,
                                       const char         *sort_key)
{
  g_return_if_fail (DYNANTIC_IS_MODEL_CLASS (klass));
  g_return_if_fail (index != NULL);

  dynantic_schema_declare_index (G_TYPE_FROM_CLASS (klass), DYNANTIC_SCHEMA_INDEX_GLOBAL, index,
                                 partition_key, sort_key);
}

/**
 * dynantic_model_class_add_local_index:
 * @klass: a model class
 * @index: the index's name
 * @sort_key: the property holding the index's sort key
 *
 * Declares a local secondary index: the table's partition key with another
 * sort key. The table must have a sort key too.
 *
 * Since: 0.1
 */
void
dynantic_model_class_add_local_index (DynanticModelClass *klass,
                                      const char         *index,
                                      const char         *sort_key)
{
  g_return_if_fail (DYNANTIC_IS_MODEL_CLASS (klass));
  g_return_if_fail (index != NULL);
  g_return_if_fail (sort_key != NULL);

  dynantic_schema_declare_index (G_TYPE_FROM_CLASS (klass), DYNANTIC_SCHEMA_INDEX_LOCAL, index, NULL, sort_key);
}

/**
 * dynantic_model_class_set_discriminator:
 * @klass: a model class
 * @property: the name of a string property
 *
 * Makes this class the base of a polymorphic hierarchy (single-table
 * design): @property holds the kind of each item, as registered with
 * dynantic_model_class_register_subtype(), and reads through this class
 * instantiate the registered subclass.
 *
 * Since: 0.1
 */
void
dynantic_model_class_set_discriminator (DynanticModelClass *klass,
                                        const char         *property)
{
  g_return_if_fail (DYNANTIC_IS_MODEL_CLASS (klass));
  g_return_if_fail (property != NULL);

  dynantic_schema_declare_role (G_TYPE_FROM_CLASS (klass), DYNANTIC_SCHEMA_ROLE_DISCRIMINATOR, property);
}

/**
 * dynantic_model_class_register_subtype:
 * @klass: the base class, which declares the discriminator (or a subclass of it)
 * @value: the discriminator value that marks items of @subtype
 * @subtype: a subclass of @klass (or @klass itself)
 *
 * Registers @subtype for the discriminator value @value: saving a @subtype
 * object writes @value, and items holding @value are read as @subtype.
 * Unknown values are read as the base class, with their attributes kept.
 *
 * Registering from the base's `class_init` (calling the subtype's
 * `get_type()` function there registers the type without initializing its
 * class) makes the registry complete before the first read; a registration
 * made later, from the subtype's own `class_init` for instance, takes effect
 * from then on.
 *
 * A registration is @klass's declaration: when it is wrong (@subtype is not
 * one of its subclasses, or no class of its ancestry declares a
 * discriminator) the schema of @klass and its subclasses reports it, and no
 * other class's.
 *
 * Since: 0.1
 */
void
dynantic_model_class_register_subtype (DynanticModelClass *klass,
                                       const char         *value,
                                       GType               subtype)
{
  g_return_if_fail (DYNANTIC_IS_MODEL_CLASS (klass));
  g_return_if_fail (value != NULL);
  g_return_if_fail (g_type_is_a (subtype, DYNANTIC_TYPE_MODEL));

  dynantic_schema_declare_subtype (G_TYPE_FROM_CLASS (klass), value, subtype);
}

/**
 * dynantic_model_class_set_ttl:
 * @klass: a model class
 * @property: the name of an integer or #GDateTime property
 *
 * Declares the item's time-to-live attribute, stored as a number of seconds
 * since the epoch (what DynamoDB's TTL expects). See
 * dynantic_table_enable_ttl().
 *
 * Since: 0.1
 */
void
dynantic_model_class_set_ttl (DynanticModelClass *klass,
                              const char         *property)
{
  g_return_if_fail (DYNANTIC_IS_MODEL_CLASS (klass));
  g_return_if_fail (property != NULL);

  dynantic_schema_declare_role (G_TYPE_FROM_CLASS (klass), DYNANTIC_SCHEMA_ROLE_TTL, property);
}

/**
 * dynantic_model_class_set_version:
 * @klass: a model class
 * @property: the name of an integer property
 *
 * Turns on optimistic locking, with @property as the item's version:
 * dynantic_model_save() writes 1 the first time and one more than the
 * object holds after, on the condition that the stored item's version is
 * the one the object holds (or that it has none, for an object holding 0:
 * one never saved or read); the object's property then takes the new
 * value. dynantic_model_delete_item(), updates made with
 * dynantic_model_patch() and transactions check it the same way (a patch
 * increments it too). A stale write fails with
 * %DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED and leaves the item as it was.
 * Writes made by key (dynantic_model_delete_by_key(),
 * dynantic_update_new()) have no object to compare with and are not
 * checked; batch writes of a versioned class are refused unless told to
 * skip the check.
 *
 * Since: 0.2
 */
void
dynantic_model_class_set_version (DynanticModelClass *klass,
                                  const char         *property)
{
  g_return_if_fail (DYNANTIC_IS_MODEL_CLASS (klass));
  g_return_if_fail (property != NULL);

  dynantic_schema_declare_role (G_TYPE_FROM_CLASS (klass), DYNANTIC_SCHEMA_ROLE_VERSION, property);
}

/**
 * dynantic_model_class_set_auto_id:
 * @klass: a model class
 * @property: the name of a string property
 *
 * Makes @property an automatic identifier: when it is unset (%NULL or empty)
 * as an item is saved or created, a random UUID (version 4) is set first.
 *
 * Since: 0.1
 */
void
dynantic_model_class_set_auto_id (DynanticModelClass *klass,
                                  const char         *property)
{
  g_return_if_fail (DYNANTIC_IS_MODEL_CLASS (klass));
  g_return_if_fail (property != NULL);

  dynantic_schema_declare_mark (G_TYPE_FROM_CLASS (klass), DYNANTIC_SCHEMA_MARK_AUTO_ID, property);
}

/**
 * dynantic_model_class_set_attribute_name:
 * @klass: a model class
 * @property: the name of a property
 * @attribute: the name of the DynamoDB attribute that stores it
 *
 * Stores @property under another attribute name than the default, which is
 * the property's name with `-` turned to `_` (`created-at` is stored as
 * `created_at`).
 *
 * Since: 0.1
 */
void
dynantic_model_class_set_attribute_name (DynanticModelClass *klass,
                                         const char         *property,
                                         const char         *attribute)
{
  g_return_if_fail (DYNANTIC_IS_MODEL_CLASS (klass));
  g_return_if_fail (property != NULL);
  g_return_if_fail (attribute != NULL);

  dynantic_schema_declare_attribute_name (G_TYPE_FROM_CLASS (klass), property, attribute);
}

/**
 * dynantic_model_class_set_number:
 * @klass: a model class
 * @property: the name of a string property
 *
 * Stores the string property @property as an exact decimal number (N): its
 * text, up to 38 significant digits, is sent and read back unchanged, byte
 * for byte. Use it for amounts that a `double` cannot hold exactly.
 *
 * Since: 0.1
 */
void
dynantic_model_class_set_number (DynanticModelClass *klass,
                                 const char         *property)
{
  g_return_if_fail (DYNANTIC_IS_MODEL_CLASS (klass));
  g_return_if_fail (property != NULL);

  dynantic_schema_declare_mark (G_TYPE_FROM_CLASS (klass), DYNANTIC_SCHEMA_MARK_NUMBER, property);
}

/**
 * dynantic_model_class_set_set:
 * @klass: a model class
 * @property: the name of a collection property (a #GStrv, or a #GVariant
 *   of type `as`, `ax`, `ad` or `aay`)
 *
 * Stores @property as a DynamoDB set (SS, NS or BS) rather than a list. An
 * empty set is left out of the item (DynamoDB has no empty sets) and reads
 * back as the property's default.
 *
 * Since: 0.1
 */
void
dynantic_model_class_set_set (DynanticModelClass *klass,
                              const char         *property)
{
  g_return_if_fail (DYNANTIC_IS_MODEL_CLASS (klass));
  g_return_if_fail (property != NULL);

  dynantic_schema_declare_mark (G_TYPE_FROM_CLASS (klass), DYNANTIC_SCHEMA_MARK_SET, property);
}

/**
 * dynantic_model_class_set_required:
 * @klass: a model class
 * @property: the name of a property
 *
 * Makes @property required: dynantic_model_validate() reports it when its
 * value is %NULL. The table's keys are always required. Properties of
 * non-pointer types (numbers, booleans, enums) always hold a value.
 *
 * Since: 0.1
 */
void
dynantic_model_class_set_required (DynanticModelClass *klass,
                                   const char         *property)
{
  g_return_if_fail (DYNANTIC_IS_MODEL_CLASS (klass));
  g_return_if_fail (property != NULL);

  dynantic_schema_declare_mark (G_TYPE_FROM_CLASS (klass), DYNANTIC_SCHEMA_MARK_REQUIRED, property);
}

/**
 * dynantic_model_class_set_client:
 * @klass: a model class
 * @client: (nullable): the client for this class and its subclasses, or
 *   %NULL to use the parent class's, or the default
 *
 * Sets the client that calls about this class use when none is given to
 * the call or to the object. Without one, dynantic_client_get_default().
 *
 * Since: 0.1
 */
void
dynantic_model_class_set_client (DynanticModelClass *klass,
                                 DynanticClient     *client)
{
  g_autoptr(GMutexLocker) locker = NULL;
  GType type;

  g_return_if_fail (DYNANTIC_IS_MODEL_CLASS (klass));
  g_return_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client));

  type = G_TYPE_FROM_CLASS (klass);
  locker = g_mutex_locker_new (&clients_lock);
  if (class_clients == NULL)
    class_clients = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  /* calls took their own reference (dynantic_model_resolve_client()) */
  if (client != NULL)
    g_hash_table_replace (class_clients, GSIZE_TO_POINTER (type), g_object_ref (client));
  else
    g_hash_table_remove (class_clients, GSIZE_TO_POINTER (type));
}

/* The client @model_type or its nearest ancestor was given, or NULL; lock
 * held. */
static DynanticClient *
class_client (GType model_type)
{
  for (GType type = model_type; class_clients != NULL && type != 0; type = g_type_parent (type))
    {
      DynanticClient *client = g_hash_table_lookup (class_clients, GSIZE_TO_POINTER (type));

      if (client != NULL)
        return client;
    }
  return NULL;
}

/**
 * dynantic_model_class_get_client:
 * @klass: a model class
 *
 * The client this class, or its nearest ancestor, was given with
 * dynantic_model_class_set_client().
 *
 * Returns: (transfer none) (nullable): the class's client, or %NULL; valid
 *   until the client is replaced
 *
 * Since: 0.1
 */
DynanticClient *
dynantic_model_class_get_client (DynanticModelClass *klass)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (DYNANTIC_IS_MODEL_CLASS (klass), NULL);

  locker = g_mutex_locker_new (&clients_lock);
  return class_client (G_TYPE_FROM_CLASS (klass));
}

DynanticClient *
dynantic_model_resolve_client (GType           model_type,
                               DynanticClient *client)
{
  g_autoptr(GMutexLocker) locker = NULL;

  if (client != NULL)
    return g_object_ref (client);

  locker = g_mutex_locker_new (&clients_lock);
  client = class_client (model_type);
  if (client != NULL)
    return g_object_ref (client);
  g_clear_pointer (&locker, g_mutex_locker_free);

  return g_object_ref (dynantic_client_get_default ());
}

/**
 * dynantic_model_class_check_schema:
 * @klass: a model class
 * @error: return location for a #GError
 *
 * Checks the class's declarations now rather than on first use: that it
 * has a table and a partition key, that every declared property exists and
 * has a type fit for its role, that no role is declared twice.
 *
 * Returns: %TRUE when the schema is valid, else %FALSE with @error set to
 *   a %DYNANTIC_ERROR_SCHEMA error naming the class and the property
 *
 * Since: 0.1
 */
gboolean
dynantic_model_class_check_schema (DynanticModelClass  *klass,
                                   GError             **error)
{
  g_autoptr(DynanticSchema) schema = NULL;

  g_return_val_if_fail (DYNANTIC_IS_MODEL_CLASS (klass), FALSE);

  schema = dynantic_schema_lookup_for_table (G_TYPE_FROM_CLASS (klass), error);
  return schema != NULL;
}
