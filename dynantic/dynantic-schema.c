/* dynantic-schema.c: model class declarations, and the schema built from them
 *
 * Declarations (`dynantic_model_class_*`) only record names, per GType, so
 * they may be made in any order and from any language; everything is
 * checked when the schema is built, on first use, so that a bad declaration
 * is reported as a DYNANTIC_ERROR_SCHEMA error naming the class and the
 * property rather than as a warning at class_init time.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "codec/dynantic-coerce-private.h"
#include "codec/dynantic-json-private.h"
#include "dynantic-error.h"
#include "dynantic-i18n-private.h"
#include "dynantic-model-private.h"
#include "dynantic-schema-private.h"

/* What a class declares about one property, at most one property each. */
typedef enum {
  ROLE_PARTITION_KEY,
  ROLE_SORT_KEY,
  ROLE_DISCRIMINATOR,
  ROLE_TTL,
  ROLE_VERSION,
  N_ROLES
} Role;

/* What a class declares about any number of properties. */
typedef enum {
  MARK_AUTO_ID,
  MARK_NUMBER,
  MARK_SET,
  MARK_REQUIRED,
  N_MARKS
} Mark;

typedef struct {
  const char              *name;
  DynanticSchemaIndexKind  kind;
  const char              *partition_key;  /* NULL for local indexes */
  const char              *sort_key;
} IndexDeclaration;

/* One class's own declarations. Every string is interned, so schemas may
 * point at them and they compare by address. */
typedef struct {
  const char     *table;
  GPtrArray      *roles[N_ROLES];
  GPtrArray      *marks[N_MARKS];
  GHashTable     *attribute_names;   /* property -> attribute */
  GArray         *indexes;           /* IndexDeclaration */
  DynanticClient *client;
} Declarations;

/* dynantic_model_class_register_subtype (base, kind, subtype) */
typedef struct {
  GType       base;
  const char *kind;
  GType       subtype;
} Registration;

struct _DynanticSchema {
  GType                   type;
  guint                   generation;
  GError                 *error;        /* the declarations are invalid */
  GError                 *table_error;  /* no table or no partition key */
  const char             *table;
  DynanticSchemaProperty *properties;
  guint                   n_properties;
  GHashTable             *by_name;
  GHashTable             *by_attribute;
  const DynanticSchemaProperty *roles[N_ROLES];
  DynanticSchemaIndex    *indexes;
  guint                   n_indexes;
  GType                   root;         /* declares the discriminator */
  const char             *kind;
  GHashTable             *kind_types;   /* kind -> GType */
  const char            **kinds;
};

/* Declarations, registrations and schema builds happen under this lock;
 * built schemas are read without it. */
static GMutex      schema_lock;
static GHashTable *all_declarations;   /* GType -> Declarations */
static GArray     *registrations;      /* Registration */
static GPtrArray  *retired_schemas;    /* replaced, but maybe still in use */
static guint       generation = 1;     /* bumped by every declaration */

static GQuark
schema_quark (void)
{
  static gsize quark;

  if (g_once_init_enter (&quark))
    g_once_init_leave (&quark, g_quark_from_static_string ("dynantic-schema"));
  return (GQuark) quark;
}

/* Declarations ------------------------------------------------------------ */

/* The declarations of @type; call with the lock held. */
static Declarations *
declarations_for (GType type)
{
  Declarations *decl;

  if (all_declarations == NULL)
    all_declarations = g_hash_table_new (NULL, NULL);

  decl = g_hash_table_lookup (all_declarations, GSIZE_TO_POINTER (type));
  if (decl != NULL)
    return decl;

  decl = g_new0 (Declarations, 1);
  for (guint i = 0; i < N_ROLES; i++)
    decl->roles[i] = g_ptr_array_new ();
  for (guint i = 0; i < N_MARKS; i++)
    decl->marks[i] = g_ptr_array_new ();
  decl->attribute_names = g_hash_table_new (NULL, NULL);
  decl->indexes = g_array_new (FALSE, TRUE, sizeof (IndexDeclaration));
  g_hash_table_insert (all_declarations, GSIZE_TO_POINTER (type), decl);
  return decl;
}

/* Only reads: NULL when @type declared nothing. Lock held. */
static Declarations *
peek_declarations (GType type)
{
  if (all_declarations == NULL)
    return NULL;
  return g_hash_table_lookup (all_declarations, GSIZE_TO_POINTER (type));
}

/* A property's name as GObject keeps it: `product_id` and `product-id` name
 * one property (GParamSpec names use `-`), so declarations accept both.
 * Interned. */
static const char *
canonical_property (const char *property)
{
  g_autofree char *canonical = NULL;

  if (property == NULL || strchr (property, '_') == NULL)
    return g_intern_string (property);
  canonical = g_strdelimit (g_strdup (property), "_", '-');
  return g_intern_string (canonical);
}

/* Every declaration ends here: schemas built before it are stale. */
static void
declarations_changed (void)
{
  g_atomic_int_inc (&generation);
}

static void
declare_role (DynanticModelClass *klass,
              Role                role,
              const char         *property)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&schema_lock);
  Declarations *decl = declarations_for (G_TYPE_FROM_CLASS (klass));

  g_ptr_array_add (decl->roles[role], (gpointer) canonical_property (property));
  declarations_changed ();
}

static void
declare_mark (DynanticModelClass *klass,
              Mark                mark,
              const char         *property)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&schema_lock);
  Declarations *decl = declarations_for (G_TYPE_FROM_CLASS (klass));

  g_ptr_array_add (decl->marks[mark], (gpointer) canonical_property (property));
  declarations_changed ();
}

static void
declare_index (DynanticModelClass      *klass,
               DynanticSchemaIndexKind  kind,
               const char              *index,
               const char              *partition_key,
               const char              *sort_key)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&schema_lock);
  Declarations *decl = declarations_for (G_TYPE_FROM_CLASS (klass));
  IndexDeclaration declaration = {
    g_intern_string (index), kind, canonical_property (partition_key), canonical_property (sort_key),
  };

  g_array_append_val (decl->indexes, declaration);
  declarations_changed ();
}

/**
 * dynantic_model_class_set_table:
 * @klass: a model class
 * @table: the DynamoDB table's name
 *
 * Declares the table items of this class are stored in. Subclasses inherit
 * it (single-table designs) unless they declare their own.
 */
void
dynantic_model_class_set_table (DynanticModelClass *klass,
                                const char         *table)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (DYNANTIC_IS_MODEL_CLASS (klass));
  g_return_if_fail (table != NULL);

  locker = g_mutex_locker_new (&schema_lock);
  declarations_for (G_TYPE_FROM_CLASS (klass))->table = g_intern_string (table);
  declarations_changed ();
}

/**
 * dynantic_model_class_get_table:
 * @klass: a model class
 *
 * The table this class declares, or inherits.
 *
 * Returns: (nullable): the table's name, or %NULL when none was declared
 */
const char *
dynantic_model_class_get_table (DynanticModelClass *klass)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (DYNANTIC_IS_MODEL_CLASS (klass), NULL);

  locker = g_mutex_locker_new (&schema_lock);
  for (GType type = G_TYPE_FROM_CLASS (klass); type != 0; type = g_type_parent (type))
    {
      Declarations *decl = peek_declarations (type);

      if (decl != NULL && decl->table != NULL)
        return decl->table;
    }
  return NULL;
}

/**
 * dynantic_model_class_set_partition_key:
 * @klass: a model class
 * @property: the name of the property holding the partition (hash) key
 *
 * Declares the table's partition key. It must be a string, number, binary,
 * date-time or enum property; it is required, and never an empty string.
 */
void
dynantic_model_class_set_partition_key (DynanticModelClass *klass,
                                        const char         *property)
{
  g_return_if_fail (DYNANTIC_IS_MODEL_CLASS (klass));
  g_return_if_fail (property != NULL);

  declare_role (klass, ROLE_PARTITION_KEY, property);
}

/**
 * dynantic_model_class_set_sort_key:
 * @klass: a model class
 * @property: the name of the property holding the sort (range) key
 *
 * Declares the table's sort key, of the same types as a partition key.
 * A sort key of `0` or (for a sort key only read back, never written) any
 * other value of its type is a real key.
 */
void
dynantic_model_class_set_sort_key (DynanticModelClass *klass,
                                   const char         *property)
{
  g_return_if_fail (DYNANTIC_IS_MODEL_CLASS (klass));
  g_return_if_fail (property != NULL);

  declare_role (klass, ROLE_SORT_KEY, property);
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
 */
void
dynantic_model_class_add_global_index (DynanticModelClass *klass,
                                       const char         *index,
                                       const char         *partition_key,
                                       const char         *sort_key)
{
  g_return_if_fail (DYNANTIC_IS_MODEL_CLASS (klass));
  g_return_if_fail (index != NULL);

  declare_index (klass, DYNANTIC_SCHEMA_INDEX_GLOBAL, index, partition_key, sort_key);
}

/**
 * dynantic_model_class_add_local_index:
 * @klass: a model class
 * @index: the index's name
 * @sort_key: the property holding the index's sort key
 *
 * Declares a local secondary index: the table's partition key with another
 * sort key. The table must have a sort key too.
 */
void
dynantic_model_class_add_local_index (DynanticModelClass *klass,
                                      const char         *index,
                                      const char         *sort_key)
{
  g_return_if_fail (DYNANTIC_IS_MODEL_CLASS (klass));
  g_return_if_fail (index != NULL);
  g_return_if_fail (sort_key != NULL);

  declare_index (klass, DYNANTIC_SCHEMA_INDEX_LOCAL, index, NULL, sort_key);
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
 */
void
dynantic_model_class_set_discriminator (DynanticModelClass *klass,
                                        const char         *property)
{
  g_return_if_fail (DYNANTIC_IS_MODEL_CLASS (klass));
  g_return_if_fail (property != NULL);

  declare_role (klass, ROLE_DISCRIMINATOR, property);
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
 */
void
dynantic_model_class_register_subtype (DynanticModelClass *klass,
                                       const char         *value,
                                       GType               subtype)
{
  g_autoptr(GMutexLocker) locker = NULL;
  Registration registration;

  g_return_if_fail (DYNANTIC_IS_MODEL_CLASS (klass));
  g_return_if_fail (value != NULL);
  g_return_if_fail (g_type_is_a (subtype, DYNANTIC_TYPE_MODEL));

  registration.base = G_TYPE_FROM_CLASS (klass);
  registration.kind = g_intern_string (value);
  registration.subtype = subtype;

  locker = g_mutex_locker_new (&schema_lock);
  if (registrations == NULL)
    registrations = g_array_new (FALSE, FALSE, sizeof (Registration));
  g_array_append_val (registrations, registration);
  declarations_changed ();
}

/**
 * dynantic_model_class_set_ttl:
 * @klass: a model class
 * @property: the name of an integer or #GDateTime property
 *
 * Declares the item's time-to-live attribute, stored as a number of seconds
 * since the epoch (what DynamoDB's TTL expects). See
 * dynantic_table_enable_ttl().
 */
void
dynantic_model_class_set_ttl (DynanticModelClass *klass,
                              const char         *property)
{
  g_return_if_fail (DYNANTIC_IS_MODEL_CLASS (klass));
  g_return_if_fail (property != NULL);

  declare_role (klass, ROLE_TTL, property);
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

  declare_role (klass, ROLE_VERSION, property);
}

/**
 * dynantic_model_class_set_auto_id:
 * @klass: a model class
 * @property: the name of a string property
 *
 * Makes @property an automatic identifier: when it is unset (%NULL or empty)
 * as an item is saved or created, a random UUID (version 4) is set first.
 */
void
dynantic_model_class_set_auto_id (DynanticModelClass *klass,
                                  const char         *property)
{
  g_return_if_fail (DYNANTIC_IS_MODEL_CLASS (klass));
  g_return_if_fail (property != NULL);

  declare_mark (klass, MARK_AUTO_ID, property);
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
 */
void
dynantic_model_class_set_attribute_name (DynanticModelClass *klass,
                                         const char         *property,
                                         const char         *attribute)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (DYNANTIC_IS_MODEL_CLASS (klass));
  g_return_if_fail (property != NULL);
  g_return_if_fail (attribute != NULL);

  locker = g_mutex_locker_new (&schema_lock);
  g_hash_table_insert (declarations_for (G_TYPE_FROM_CLASS (klass))->attribute_names,
                       (gpointer) canonical_property (property),
                       (gpointer) g_intern_string (attribute));
  declarations_changed ();
}

/**
 * dynantic_model_class_set_number:
 * @klass: a model class
 * @property: the name of a string property
 *
 * Stores the string property @property as an exact decimal number (N): its
 * text, up to 38 significant digits, is sent and read back unchanged, byte
 * for byte. Use it for amounts that a `double` cannot hold exactly.
 */
void
dynantic_model_class_set_number (DynanticModelClass *klass,
                                 const char         *property)
{
  g_return_if_fail (DYNANTIC_IS_MODEL_CLASS (klass));
  g_return_if_fail (property != NULL);

  declare_mark (klass, MARK_NUMBER, property);
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
 */
void
dynantic_model_class_set_set (DynanticModelClass *klass,
                              const char         *property)
{
  g_return_if_fail (DYNANTIC_IS_MODEL_CLASS (klass));
  g_return_if_fail (property != NULL);

  declare_mark (klass, MARK_SET, property);
}

/**
 * dynantic_model_class_set_required:
 * @klass: a model class
 * @property: the name of a property
 *
 * Makes @property required: dynantic_model_validate() reports it when its
 * value is %NULL. The table's keys are always required. Properties of
 * non-pointer types (numbers, booleans, enums) always hold a value.
 */
void
dynantic_model_class_set_required (DynanticModelClass *klass,
                                   const char         *property)
{
  g_return_if_fail (DYNANTIC_IS_MODEL_CLASS (klass));
  g_return_if_fail (property != NULL);

  declare_mark (klass, MARK_REQUIRED, property);
}

/**
 * dynantic_model_class_set_client:
 * @klass: a model class
 * @client: (nullable): the client for this class and its subclasses, or
 *   %NULL to use the parent class's, or the default
 *
 * Sets the client that calls about this class use when none is given to
 * the call or to the object. Without one, dynantic_client_get_default().
 */
void
dynantic_model_class_set_client (DynanticModelClass *klass,
                                 DynanticClient     *client)
{
  g_autoptr(GMutexLocker) locker = NULL;
  Declarations *decl;

  g_return_if_fail (DYNANTIC_IS_MODEL_CLASS (klass));
  g_return_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client));

  locker = g_mutex_locker_new (&schema_lock);
  decl = declarations_for (G_TYPE_FROM_CLASS (klass));
  /* Calls took their own reference (dynantic_model_resolve_client()). */
  g_set_object (&decl->client, client);
}

/* The client @model_type or its nearest ancestor was given, or NULL; lock
 * held. */
static DynanticClient *
class_client (GType model_type)
{
  for (GType type = model_type; type != 0; type = g_type_parent (type))
    {
      Declarations *decl = peek_declarations (type);

      if (decl != NULL && decl->client != NULL)
        return decl->client;
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
 */
DynanticClient *
dynantic_model_class_get_client (DynanticModelClass *klass)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (DYNANTIC_IS_MODEL_CLASS (klass), NULL);

  locker = g_mutex_locker_new (&schema_lock);
  return class_client (G_TYPE_FROM_CLASS (klass));
}

DynanticClient *
dynantic_model_resolve_client (GType           model_type,
                               DynanticClient *client)
{
  g_autoptr(GMutexLocker) locker = NULL;

  if (client != NULL)
    return g_object_ref (client);

  locker = g_mutex_locker_new (&schema_lock);
  client = class_client (model_type);
  if (client != NULL)
    return g_object_ref (client);
  g_clear_pointer (&locker, g_mutex_locker_free);

  return g_object_ref (dynantic_client_get_default ());
}

/* Building ----------------------------------------------------------------- */

/* What one build works from: the class and its ancestors below
 * DynanticModel, base first, whose declarations all apply. */
typedef struct {
  DynanticSchema *schema;
  GArray         *chain;      /* GType */
  const char     *class_name;
} Build;

#define CHAIN_TYPE(b, i) g_array_index ((b)->chain, GType, (i))

/* Sets a DYNANTIC_ERROR_SCHEMA error; returns FALSE, for `return`. */
static gboolean
fail (GError     **error,
      const char  *format,
      ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError     **error,
      const char  *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (DYNANTIC_ERROR, DYNANTIC_ERROR_SCHEMA, format, args));
  va_end (args);
  return FALSE;
}

static gboolean
is_marked (Build      *b,
           Mark        mark,
           const char *property)
{
  for (guint i = 0; i < b->chain->len; i++)
    {
      Declarations *decl = peek_declarations (CHAIN_TYPE (b, i));

      if (decl != NULL && g_ptr_array_find (decl->marks[mark], property, NULL))
        return TRUE;
    }
  return FALSE;
}

/* The declared attribute name of @property (interned), else its name with
 * '-' turned to '_'. */
static const char *
attribute_name (Build      *b,
                const char *property)
{
  const char *attribute = NULL;
  g_autofree char *canonical = NULL;

  for (guint i = 0; i < b->chain->len; i++)
    {
      Declarations *decl = peek_declarations (CHAIN_TYPE (b, i));
      const char *declared = decl ? g_hash_table_lookup (decl->attribute_names, property) : NULL;

      if (declared != NULL)
        attribute = declared;
    }
  if (attribute != NULL)
    return attribute;

  canonical = g_strdup (property);
  g_strdelimit (canonical, "-", '_');
  return g_intern_string (canonical);
}

/* `"attribute":` as JSON (interned): the item writer copies it as it is. */
static const char *
attribute_member (const char *attribute,
                  gsize      *length)
{
  g_autoptr(GString) json = g_string_new (NULL);
  DynanticJsonWriter writer;

  dynantic_json_writer_init (&writer, json);
  dynantic_json_writer_member (&writer, attribute);
  *length = json->len;
  return g_intern_string (json->str);
}

/* Properties a schema stores: readable and writable after construction,
 * declared by a model class (not by DynanticModel or GObject). */
static gboolean
is_storable (GParamSpec *pspec)
{
  return (pspec->flags & G_PARAM_READWRITE) == G_PARAM_READWRITE &&
         (pspec->flags & G_PARAM_CONSTRUCT_ONLY) == 0 &&
         pspec->owner_type != DYNANTIC_TYPE_MODEL &&
         g_type_is_a (pspec->owner_type, DYNANTIC_TYPE_MODEL);
}

static gboolean
is_integer_type (GType type)
{
  return dynantic_coerce_is_number (type) &&
         G_TYPE_FUNDAMENTAL (type) != G_TYPE_FLOAT && G_TYPE_FUNDAMENTAL (type) != G_TYPE_DOUBLE;
}

/* S, N or B: the scalar types DynamoDB allows for keys. */
static gboolean
is_key_type (const DynanticSchemaProperty *property)
{
  GType type = property->value_type;

  if (property->model_type != 0 || (property->flags & DYNANTIC_VALUE_SET) != 0)
    return FALSE;
  return type == G_TYPE_STRING || type == G_TYPE_BYTES || type == G_TYPE_DATE_TIME ||
         G_TYPE_IS_ENUM (type) || dynantic_coerce_is_number (type);
}

static DynanticValueFlags
declared_flags (Build      *b,
                const char *property)
{
  DynanticValueFlags flags = DYNANTIC_VALUE_DEFAULT;

  if (is_marked (b, MARK_NUMBER, property))
    flags |= DYNANTIC_VALUE_NUMBER_STRING;
  if (is_marked (b, MARK_SET, property))
    flags |= DYNANTIC_VALUE_SET;
  return flags;
}

/* Whether g_param_value_validate() may change a value the codec reads for
 * @pspec. GLib's own string pspecs without charsets or NULL/"" folding,
 * boolean pspecs (the codec stores only TRUE or FALSE) and boxed pspecs
 * (whose check is empty) never do; every other pspec, subclasses too, is
 * asked. */
static gboolean
pspec_may_change_read_values (GParamSpec *pspec)
{
  GType pspec_type = G_PARAM_SPEC_TYPE (pspec);

  if (pspec_type == G_TYPE_PARAM_STRING)
    {
      GParamSpecString *string_pspec = G_PARAM_SPEC_STRING (pspec);

      return string_pspec->cset_first != NULL || string_pspec->cset_nth != NULL ||
             string_pspec->null_fold_if_empty || string_pspec->ensure_non_null;
    }
  return pspec_type != G_TYPE_PARAM_BOOLEAN && pspec_type != G_TYPE_PARAM_BOXED;
}

static gboolean
add_property (Build       *b,
              GParamSpec  *pspec,
              GError     **error)
{
  DynanticSchema *schema = b->schema;
  DynanticSchemaProperty *property = &schema->properties[schema->n_properties];
  const char *name = g_intern_string (pspec->name);

  property->pspec = pspec;
  property->name = name;
  property->attribute = attribute_name (b, name);
  property->attribute_length = strlen (property->attribute);
  property->index = schema->n_properties;
  property->attribute_member = attribute_member (property->attribute, &property->attribute_member_length);
  property->value_type = G_PARAM_SPEC_VALUE_TYPE (pspec);
  property->flags = declared_flags (b, name);
  property->required = is_marked (b, MARK_REQUIRED, name);
  property->base_stored = dynantic_model_class_stores_properties (g_type_class_peek (pspec->owner_type));
  property->validate_read = pspec_may_change_read_values (pspec);

  if (g_type_is_a (property->value_type, DYNANTIC_TYPE_MODEL) && property->flags == 0)
    property->model_type = property->value_type;
  else if ((property->flags & DYNANTIC_VALUE_NUMBER_STRING) && property->value_type != G_TYPE_STRING)
    return fail (error, _("Model class “%s” declares property “%s” a number, but it is not a string property"),
                 b->class_name, name);
  else if ((property->kind = dynantic_value_kind_of (property->value_type, property->flags)) ==
           DYNANTIC_VALUE_KIND_UNSUPPORTED)
    return fail (error, _("Property “%s” of model class “%s” has type “%s”, which Dynantic cannot store"),
                 name, b->class_name, g_type_name (property->value_type));

  if (g_hash_table_contains (schema->by_attribute, property->attribute))
    return fail (error, _("Model class “%s” stores two properties, one of them “%s”, in the attribute “%s”"),
                 b->class_name, name, property->attribute);

  g_hash_table_insert (schema->by_name, (gpointer) name, property);
  g_hash_table_insert (schema->by_attribute, (gpointer) property->attribute, property);
  schema->n_properties++;
  return TRUE;
}

static gboolean
build_properties (Build   *b,
                  GError **error)
{
  GObjectClass *klass = g_type_class_peek (b->schema->type);
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs = 0;

  pspecs = g_object_class_list_properties (klass, &n_pspecs);
  b->schema->properties = g_new0 (DynanticSchemaProperty, MAX (n_pspecs, 1));
  for (guint i = 0; i < n_pspecs; i++)
    if (is_storable (pspecs[i]) && !add_property (b, pspecs[i], error))
      return FALSE;
  return TRUE;
}

/* The stored property @name, which a declaration of the class names. */
static DynanticSchemaProperty *
declared_property (Build       *b,
                   const char  *name,
                   GError     **error)
{
  DynanticSchemaProperty *property = g_hash_table_lookup (b->schema->by_name, name);

  if (property == NULL)
    fail (error, _("Model class “%s” declares property “%s”, which it does not have "
                   "(or which is not readable and writable)"),
          b->class_name, name);
  return property;
}

/* Every name a declaration of the class marks must be a stored property. */
static gboolean
check_marked_names (Build   *b,
                    GError **error)
{
  for (guint i = 0; i < b->chain->len; i++)
    {
      Declarations *decl = peek_declarations (CHAIN_TYPE (b, i));
      GHashTableIter iter;
      gpointer name;

      if (decl == NULL)
        continue;
      for (guint m = 0; m < N_MARKS; m++)
        for (guint j = 0; j < decl->marks[m]->len; j++)
          if (!declared_property (b, g_ptr_array_index (decl->marks[m], j), error))
            return FALSE;
      g_hash_table_iter_init (&iter, decl->attribute_names);
      while (g_hash_table_iter_next (&iter, &name, NULL))
        if (!declared_property (b, name, error))
          return FALSE;
    }
  return TRUE;
}

static gboolean
duplicate_role_error (Build      *b,
                      GError    **error,
                      Role        role,
                      const char *first,
                      const char *second)
{
  switch (role)
    {
    case ROLE_PARTITION_KEY:
      return fail (error, _("Model class “%s” declares two partition keys, “%s” and “%s”"),
                   b->class_name, first, second);
    case ROLE_SORT_KEY:
      return fail (error, _("Model class “%s” declares two sort keys, “%s” and “%s”"),
                   b->class_name, first, second);
    case ROLE_DISCRIMINATOR:
      return fail (error, _("Model class “%s” declares two discriminators, “%s” and “%s”"),
                   b->class_name, first, second);
    case ROLE_VERSION:
      return fail (error, _("Model class “%s” declares two version properties, “%s” and “%s”"),
                   b->class_name, first, second);
    case ROLE_TTL:
    case N_ROLES:
    default:
      return fail (error, _("Model class “%s” declares two TTL properties, “%s” and “%s”"),
                   b->class_name, first, second);
    }
}

/* The one property the class and its ancestors declare for @role, or NULL
 * when none does; two different ones are an error. */
static gboolean
resolve_role (Build   *b,
              Role     role,
              GError **error)
{
  const char *name = NULL;

  for (guint i = 0; i < b->chain->len; i++)
    {
      Declarations *decl = peek_declarations (CHAIN_TYPE (b, i));

      for (guint j = 0; decl != NULL && j < decl->roles[role]->len; j++)
        {
          const char *declared = g_ptr_array_index (decl->roles[role], j);

          if (name != NULL && name != declared)
            return duplicate_role_error (b, error, role, name, declared);
          name = declared;
        }
    }

  if (name == NULL)
    return TRUE;
  b->schema->roles[role] = declared_property (b, name, error);
  return b->schema->roles[role] != NULL;
}

static gboolean
check_key_property (Build                  *b,
                    DynanticSchemaProperty *property,
                    GError                **error)
{
  if (!is_key_type (property))
    return fail (error, _("Model class “%s” declares property “%s” a key, but keys must be "
                          "strings, numbers, binary, date-times or enums"),
                 b->class_name, property->name);
  property->key = TRUE;
  return TRUE;
}

/* The version (optimistic locking) is a plain integer that only Dynantic
 * writes: not a key, not the TTL, not a number kept as text. */
static gboolean
check_version (Build   *b,
               GError **error)
{
  const DynanticSchemaProperty *version = b->schema->roles[ROLE_VERSION];

  if (version == NULL)
    return TRUE;
  if (!is_integer_type (version->value_type) || version->flags != 0)
    return fail (error, _("Model class “%s” declares property “%s” its version, but a version "
                          "must be an integer property"),
                 b->class_name, version->name);
  if (version->key || version == b->schema->roles[ROLE_TTL])
    return fail (error, _("Model class “%s” declares property “%s” its version, but it is "
                          "also a key or the TTL"),
                 b->class_name, version->name);
  return TRUE;
}

static gboolean
check_roles (Build   *b,
             GError **error)
{
  DynanticSchema *schema = b->schema;
  DynanticSchemaProperty *partition_key, *sort_key, *discriminator, *ttl;

  for (Role role = 0; role < N_ROLES; role++)
    if (!resolve_role (b, role, error))
      return FALSE;
  partition_key = (DynanticSchemaProperty *) schema->roles[ROLE_PARTITION_KEY];
  sort_key = (DynanticSchemaProperty *) schema->roles[ROLE_SORT_KEY];
  discriminator = (DynanticSchemaProperty *) schema->roles[ROLE_DISCRIMINATOR];
  ttl = (DynanticSchemaProperty *) schema->roles[ROLE_TTL];

  if (partition_key != NULL && partition_key == sort_key)
    return fail (error, _("Model class “%s” declares property “%s” both partition key and sort key"),
                 b->class_name, partition_key->name);
  if (partition_key != NULL && !check_key_property (b, partition_key, error))
    return FALSE;
  if (sort_key != NULL && !check_key_property (b, sort_key, error))
    return FALSE;
  if (partition_key != NULL)
    partition_key->required = TRUE;
  if (sort_key != NULL)
    sort_key->required = TRUE;

  if (discriminator != NULL &&
      (discriminator->value_type != G_TYPE_STRING || discriminator->flags != 0))
    return fail (error, _("Model class “%s” declares property “%s” its discriminator, "
                          "but it is not a string property"),
                 b->class_name, discriminator->name);

  if (ttl != NULL && !is_integer_type (ttl->value_type) && ttl->value_type != G_TYPE_DATE_TIME)
    return fail (error, _("Model class “%s” declares property “%s” its TTL, but a TTL "
                          "must be an integer or a date-time"),
                 b->class_name, ttl->name);
  if (ttl != NULL)
    ttl->flags |= DYNANTIC_VALUE_EPOCH_SECONDS;
  return check_version (b, error);
}

static gboolean
check_auto_ids (Build   *b,
                GError **error)
{
  for (guint i = 0; i < b->schema->n_properties; i++)
    {
      DynanticSchemaProperty *property = &b->schema->properties[i];

      if (!is_marked (b, MARK_AUTO_ID, property->name))
        continue;
      if (property->value_type != G_TYPE_STRING || property->flags != 0)
        return fail (error, _("Model class “%s” declares property “%s” an automatic id, "
                              "but it is not a string property"),
                     b->class_name, property->name);
      property->auto_id = TRUE;
    }
  return TRUE;
}

/* Index declarations of the class and its ancestors, base first. */
static GArray *
declared_indexes (Build   *b,
                  GError **error)
{
  g_autoptr(GArray) indexes = g_array_new (FALSE, TRUE, sizeof (IndexDeclaration));

  for (guint i = 0; i < b->chain->len; i++)
    {
      Declarations *decl = peek_declarations (CHAIN_TYPE (b, i));

      for (guint j = 0; decl != NULL && j < decl->indexes->len; j++)
        {
          IndexDeclaration *index = &g_array_index (decl->indexes, IndexDeclaration, j);

          for (guint k = 0; k < indexes->len; k++)
            if (g_array_index (indexes, IndexDeclaration, k).name == index->name)
              {
                fail (error, _("Model class “%s” declares the index “%s” twice"),
                      b->class_name, index->name);
                return NULL;
              }
          g_array_append_val (indexes, *index);
        }
    }
  return g_steal_pointer (&indexes);
}

static gboolean
build_index (Build                  *b,
             const IndexDeclaration *declaration,
             DynanticSchemaIndex    *index,
             GError                **error)
{
  const DynanticSchemaProperty *table_sort_key = b->schema->roles[ROLE_SORT_KEY];
  DynanticSchemaProperty *partition_key = NULL;
  DynanticSchemaProperty *sort_key = NULL;

  index->name = declaration->name;
  index->kind = declaration->kind;

  if (declaration->kind == DYNANTIC_SCHEMA_INDEX_LOCAL && table_sort_key == NULL)
    return fail (error, _("Model class “%s” declares the local index “%s”, but its table has no sort key"),
                 b->class_name, declaration->name);
  if (declaration->kind == DYNANTIC_SCHEMA_INDEX_GLOBAL && declaration->partition_key == NULL)
    return fail (error, _("Model class “%s” declares a sort key “%s” for the global index “%s”, "
                          "but no partition key"),
                 b->class_name, declaration->sort_key ? declaration->sort_key : "",
                 declaration->name);

  if (declaration->kind == DYNANTIC_SCHEMA_INDEX_LOCAL)
    partition_key = (DynanticSchemaProperty *) b->schema->roles[ROLE_PARTITION_KEY];
  else if (!(partition_key = declared_property (b, declaration->partition_key, error)) ||
           !check_key_property (b, partition_key, error))
    return FALSE;

  if (declaration->sort_key != NULL &&
      (!(sort_key = declared_property (b, declaration->sort_key, error)) ||
       !check_key_property (b, sort_key, error)))
    return FALSE;

  index->partition_key = partition_key;
  index->sort_key = sort_key;
  return TRUE;
}

static gboolean
build_indexes (Build   *b,
               GError **error)
{
  g_autoptr(GArray) declarations = declared_indexes (b, error);

  if (declarations == NULL)
    return FALSE;

  b->schema->indexes = g_new0 (DynanticSchemaIndex, MAX (declarations->len, 1));
  for (guint i = 0; i < declarations->len; i++)
    {
      if (!build_index (b, &g_array_index (declarations, IndexDeclaration, i),
                        &b->schema->indexes[i], error))
        return FALSE;
      b->schema->n_indexes++;
    }
  return TRUE;
}

/* The base-most class of the chain that declares a discriminator. */
static GType
discriminator_root (Build *b)
{
  for (guint i = 0; i < b->chain->len; i++)
    {
      Declarations *decl = peek_declarations (CHAIN_TYPE (b, i));

      if (decl != NULL && decl->roles[ROLE_DISCRIMINATOR]->len > 0)
        return CHAIN_TYPE (b, i);
    }
  return 0;
}

/* Whether @registration concerns the class being built. */
static gboolean
registration_applies (Build              *b,
                      const Registration *registration)
{
  GType type = b->schema->type;

  return g_type_is_a (type, registration->base) ||
         g_type_is_a (registration->subtype, type) ||
         (b->schema->root != 0 && g_type_is_a (registration->subtype, b->schema->root));
}

static gboolean
add_registration (Build               *b,
                  const Registration  *registration,
                  GHashTable          *kind_of_type,
                  GError             **error)
{
  DynanticSchema *schema = b->schema;
  GType known_type = GPOINTER_TO_SIZE (g_hash_table_lookup (schema->kind_types, registration->kind));
  const char *known_kind = g_hash_table_lookup (kind_of_type, GSIZE_TO_POINTER (registration->subtype));

  if (!g_type_is_a (registration->subtype, registration->base))
    return fail (error, _("Model class “%s” registers “%s” as a subtype, but it is not one of its subclasses"),
                 g_type_name (registration->base), g_type_name (registration->subtype));
  if (schema->root == 0 || !g_type_is_a (registration->base, schema->root))
    return fail (error, _("Model class “%s” registers subtypes, but declares no discriminator"),
                 g_type_name (registration->base));
  if ((known_type != 0 && known_type != registration->subtype) ||
      (known_kind != NULL && known_kind != registration->kind))
    return fail (error, _("Model class “%s” registers the subtype “%s” twice, or two subtypes for one value"),
                 g_type_name (registration->base), g_type_name (registration->subtype));

  g_hash_table_insert (schema->kind_types, (gpointer) registration->kind, GSIZE_TO_POINTER (registration->subtype));
  g_hash_table_insert (kind_of_type, GSIZE_TO_POINTER (registration->subtype), (gpointer) registration->kind);
  if (registration->subtype == schema->type)
    schema->kind = registration->kind;
  return TRUE;
}

/* The kinds this class reads when it is not the hierarchy's base. */
static void
collect_kinds (DynanticSchema *schema)
{
  g_autoptr(GPtrArray) kinds = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer kind, type;

  if (schema->root == 0 || schema->root == schema->type)
    return;

  g_hash_table_iter_init (&iter, schema->kind_types);
  while (g_hash_table_iter_next (&iter, &kind, &type))
    if (g_type_is_a (GPOINTER_TO_SIZE (type), schema->type))
      g_ptr_array_add (kinds, kind);
  g_ptr_array_add (kinds, NULL);
  schema->kinds = (const char **) g_ptr_array_steal (kinds, NULL);
}

static gboolean
build_kinds (Build   *b,
             GError **error)
{
  g_autoptr(GHashTable) kind_of_type = g_hash_table_new (NULL, NULL);

  b->schema->root = discriminator_root (b);
  b->schema->kind_types = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; registrations != NULL && i < registrations->len; i++)
    {
      const Registration *registration = &g_array_index (registrations, Registration, i);

      if (registration_applies (b, registration) &&
          !add_registration (b, registration, kind_of_type, error))
        return FALSE;
    }
  collect_kinds (b->schema);
  return TRUE;
}

/* DynamoDB's rule: 3 to 255 of A-Z a-z 0-9 _ - . */
static gboolean
is_valid_table_name (const char *table)
{
  gsize length = strlen (table);

  if (length < 3 || length > 255)
    return FALSE;
  for (const char *p = table; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '.')
      return FALSE;
  return TRUE;
}

/* The table's name; a missing table or partition key is only an error for
 * tables (lookup_for_table), not for nested models. */
static gboolean
build_table (Build   *b,
             GError **error)
{
  DynanticSchema *schema = b->schema;

  for (guint i = 0; i < b->chain->len; i++)
    {
      Declarations *decl = peek_declarations (CHAIN_TYPE (b, i));

      if (decl != NULL && decl->table != NULL)
        schema->table = decl->table;
    }

  if (schema->table != NULL && !is_valid_table_name (schema->table))
    return fail (error, _("Model class “%s” declares a table name DynamoDB does not accept "
                          "(3 to 255 letters, digits, “_”, “-” or “.”)"),
                 b->class_name);
  if (schema->table == NULL)
    fail (&schema->table_error, _("Model class “%s” declares no table"), b->class_name);
  else if (schema->roles[ROLE_PARTITION_KEY] == NULL)
    fail (&schema->table_error, _("Model class “%s” declares no partition key"), b->class_name);
  return TRUE;
}

static GArray *
ancestry (GType type)
{
  GArray *chain = g_array_new (FALSE, FALSE, sizeof (GType));

  for (GType t = type; t != DYNANTIC_TYPE_MODEL && t != 0; t = g_type_parent (t))
    g_array_prepend_val (chain, t);
  return chain;
}

/* Builds the schema of @type (whose class is initialized); lock held. A
 * class with invalid declarations gets a schema that holds the error. */
static DynanticSchema *
build_schema (GType type)
{
  DynanticSchema *schema = g_new0 (DynanticSchema, 1);
  Build b = { schema, ancestry (type), g_type_name (type) };
  GError *error = NULL;

  schema->type = type;
  schema->generation = g_atomic_int_get (&generation);
  schema->by_name = g_hash_table_new (NULL, NULL);
  schema->by_attribute = g_hash_table_new (g_str_hash, g_str_equal);

  if (!build_properties (&b, &error) ||
      !check_marked_names (&b, &error) ||
      !check_roles (&b, &error) ||
      !check_auto_ids (&b, &error) ||
      !build_indexes (&b, &error) ||
      !build_kinds (&b, &error) ||
      !build_table (&b, &error))
    schema->error = error;

  g_array_unref (b.chain);
  return schema;
}

/* The current schema of @type, building it when there is none or when
 * declarations changed since. */
static const DynanticSchema *
current_schema (GType type)
{
  DynanticSchema *schema = g_type_get_qdata (type, schema_quark ());
  g_autoptr(GMutexLocker) locker = NULL;
  gpointer klass;

  if (schema != NULL && schema->generation == (guint) g_atomic_int_get (&generation))
    return schema;

  /* class_init may declare: run it before taking the lock. */
  klass = g_type_class_ref (type);
  locker = g_mutex_locker_new (&schema_lock);

  schema = g_type_get_qdata (type, schema_quark ());
  if (schema == NULL || schema->generation != (guint) g_atomic_int_get (&generation))
    {
      if (schema != NULL)
        {
          if (retired_schemas == NULL)
            retired_schemas = g_ptr_array_new ();
          g_ptr_array_add (retired_schemas, schema);
        }
      schema = build_schema (type);
      g_type_set_qdata (type, schema_quark (), schema);
    }

  g_clear_pointer (&locker, g_mutex_locker_free);
  g_type_class_unref (klass);
  return schema;
}

const DynanticSchema *
dynantic_schema_lookup (GType    type,
                        GError **error)
{
  const DynanticSchema *schema;

  g_return_val_if_fail (g_type_is_a (type, DYNANTIC_TYPE_MODEL), NULL);

  schema = current_schema (type);
  if (schema->error != NULL)
    {
      g_propagate_error (error, g_error_copy (schema->error));
      return NULL;
    }
  return schema;
}

const DynanticSchema *
dynantic_schema_lookup_for_table (GType    type,
                                  GError **error)
{
  const DynanticSchema *schema = dynantic_schema_lookup (type, error);

  if (schema != NULL && schema->table_error != NULL)
    {
      g_propagate_error (error, g_error_copy (schema->table_error));
      return NULL;
    }
  return schema;
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
 */
gboolean
dynantic_model_class_check_schema (DynanticModelClass  *klass,
                                   GError             **error)
{
  g_return_val_if_fail (DYNANTIC_IS_MODEL_CLASS (klass), FALSE);

  return dynantic_schema_lookup_for_table (G_TYPE_FROM_CLASS (klass), error) != NULL;
}

/* Reading a schema ---------------------------------------------------------- */

GType
dynantic_schema_get_model_type (const DynanticSchema *self)
{
  return self->type;
}

const char *
dynantic_schema_get_table (const DynanticSchema *self)
{
  return self->table;
}

guint
dynantic_schema_get_n_properties (const DynanticSchema *self)
{
  return self->n_properties;
}

const DynanticSchemaProperty *
dynantic_schema_get_property (const DynanticSchema *self,
                              guint                 i)
{
  g_return_val_if_fail (i < self->n_properties, NULL);

  return &self->properties[i];
}

const DynanticSchemaProperty *
dynantic_schema_find_property (const DynanticSchema *self,
                               const char           *name)
{
  g_autofree char *canonical = NULL;
  GQuark quark;

  /* by_name is keyed by interned strings; @name may come from anywhere, so
   * look it up without interning it */
  if (strchr (name, '_') != NULL)
    name = canonical = g_strdelimit (g_strdup (name), "_", '-');
  quark = g_quark_try_string (name);
  if (quark == 0)
    return NULL;
  return g_hash_table_lookup (self->by_name, g_quark_to_string (quark));
}

const DynanticSchemaProperty *
dynantic_schema_find_attribute (const DynanticSchema *self,
                                const char           *attribute)
{
  return g_hash_table_lookup (self->by_attribute, attribute);
}

const DynanticSchemaProperty *
dynantic_schema_get_partition_key (const DynanticSchema *self)
{
  return self->roles[ROLE_PARTITION_KEY];
}

const DynanticSchemaProperty *
dynantic_schema_get_sort_key (const DynanticSchema *self)
{
  return self->roles[ROLE_SORT_KEY];
}

const DynanticSchemaProperty *
dynantic_schema_get_ttl (const DynanticSchema *self)
{
  return self->roles[ROLE_TTL];
}

const DynanticSchemaProperty *
dynantic_schema_get_discriminator (const DynanticSchema *self)
{
  return self->roles[ROLE_DISCRIMINATOR];
}

const DynanticSchemaProperty *
dynantic_schema_get_version (const DynanticSchema *self)
{
  return self->roles[ROLE_VERSION];
}

GType
dynantic_schema_get_base_type (const DynanticSchema *self)
{
  return self->root != 0 ? self->root : self->type;
}

guint
dynantic_schema_get_n_indexes (const DynanticSchema *self)
{
  return self->n_indexes;
}

const DynanticSchemaIndex *
dynantic_schema_get_index (const DynanticSchema *self,
                           guint                 i)
{
  g_return_val_if_fail (i < self->n_indexes, NULL);

  return &self->indexes[i];
}

const DynanticSchemaIndex *
dynantic_schema_find_index (const DynanticSchema *self,
                            const char           *name)
{
  for (guint i = 0; i < self->n_indexes; i++)
    if (strcmp (self->indexes[i].name, name) == 0)
      return &self->indexes[i];
  return NULL;
}

const char *
dynantic_schema_get_kind (const DynanticSchema *self)
{
  return self->kind;
}

const char * const *
dynantic_schema_get_kinds (const DynanticSchema *self)
{
  return self->kinds;
}

GType
dynantic_schema_resolve_kind (const DynanticSchema *self,
                              const char           *kind)
{
  GType type = 0;

  if (self->roles[ROLE_DISCRIMINATOR] == NULL)
    return self->type;

  if (kind != NULL)
    type = GPOINTER_TO_SIZE (g_hash_table_lookup (self->kind_types, kind));
  if (type == 0)
    return self->type == self->root ? self->type : 0;
  return g_type_is_a (type, self->type) ? type : 0;
}

const DynanticSchemaProperty *
dynantic_schema_resolve_root (const DynanticSchema *self,
                              const char           *root)
{
  const DynanticSchemaProperty *property = dynantic_schema_find_attribute (self, root);

  return property != NULL ? property : dynantic_schema_find_property (self, root);
}

gboolean
dynantic_schema_resolve_attribute (const char          *root,
                                   const char         **attribute,
                                   GType               *type,
                                   DynanticValueFlags  *flags,
                                   gpointer             user_data)
{
  const DynanticSchemaProperty *property = dynantic_schema_resolve_root (user_data, root);

  if (property == NULL)
    return FALSE;
  *attribute = property->attribute;
  *type = property->value_type;
  *flags = property->flags;
  return TRUE;
}
