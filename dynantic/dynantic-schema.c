/* dynantic-schema.c: the registry of model class declarations, and the
 * schemas built from them
 *
 * Declarations (dynantic-model-class.c's `dynantic_model_class_*`) only
 * record names, per GType, so they may be made in any order and from any
 * language; everything is checked when the schema is built, on first use,
 * so that a bad declaration is reported as a DYNANTIC_ERROR_SCHEMA error
 * naming the class and the property rather than as a warning at
 * class_init time.
 *
 * A schema is reference counted and immutable. The registry keeps one
 * reference to each class's current schema; a declaration drops the
 * schemas it makes stale — those of the declaring class and its
 * subclasses, and for a discriminator or a subtype those of its
 * polymorphic hierarchy — and each is freed when its last user lets go.
 * Nothing else is rebuilt.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "codec/dynantic-coerce-private.h"
#include "codec/dynantic-json-private.h"
#include "dynantic-error.h"
#include "dynantic-i18n-private.h"
#include "dynantic-schema-private.h"

typedef struct {
  const char              *name;
  DynanticSchemaIndexKind  kind;
  const char              *partition_key;  /* NULL for local indexes */
  const char              *sort_key;
} IndexDeclaration;

/* dynantic_model_class_register_subtype (base, kind, subtype) */
typedef struct {
  GType       base;
  const char *kind;
  GType       subtype;
} Registration;

/* One class's own declarations. Every string is interned, so schemas may
 * point at them and they compare by address. */
typedef struct {
  const char     *table;
  GPtrArray      *roles[DYNANTIC_SCHEMA_N_ROLES];
  GPtrArray      *marks[DYNANTIC_SCHEMA_N_MARKS];
  GHashTable     *attribute_names;   /* property -> attribute */
  GArray         *indexes;           /* IndexDeclaration */
  GArray         *registrations;     /* Registration, made by this class; NULL when none */
} Declarations;

struct _DynanticSchema {
  gatomicrefcount         ref_count;
  GType                   type;
  GError                 *error;        /* the declarations are invalid */
  GError                 *table_error;  /* no table or no partition key */
  const char             *table;
  DynanticSchemaProperty *properties;
  guint                   n_properties;
  GHashTable             *by_name;
  GHashTable             *by_attribute;
  const DynanticSchemaProperty *roles[DYNANTIC_SCHEMA_N_ROLES];
  DynanticSchemaIndex    *indexes;
  guint                   n_indexes;
  GType                   root;         /* declares the discriminator */
  const char             *kind;
  GHashTable             *kind_types;   /* kind -> GType */
  const char            **kinds;
};

/* Declarations and builds take this lock for writing, lookups of a built
 * schema for reading; schemas handed out are read without it. */
static GRWLock     schema_lock;
static GHashTable *all_declarations;   /* GType -> Declarations */
static GHashTable *schemas;            /* GType -> DynanticSchema, a reference each */
static GType       model_base;          /* DynanticModel */
static gint        n_alive;            /* schemas built and not freed, for the tests */

void
dynantic_schema_register_model_base (GType type)
{
  model_base = type;
}

/* Schemas ------------------------------------------------------------------ */

static void
schema_free (DynanticSchema *self)
{
  g_atomic_int_add (&n_alive, -1);
  g_clear_error (&self->error);
  g_clear_error (&self->table_error);
  g_free (self->properties);
  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_clear_pointer (&self->by_attribute, g_hash_table_unref);
  g_free (self->indexes);
  g_clear_pointer (&self->kind_types, g_hash_table_unref);
  g_free (self->kinds);
  g_free (self);
}

DynanticSchema *
dynantic_schema_ref (const DynanticSchema *self)
{
  DynanticSchema *schema = (DynanticSchema *) self;

  g_atomic_ref_count_inc (&schema->ref_count);
  return schema;
}

void
dynantic_schema_unref (const DynanticSchema *self)
{
  DynanticSchema *schema = (DynanticSchema *) self;

  if (schema != NULL && g_atomic_ref_count_dec (&schema->ref_count))
    schema_free (schema);
}

/* Drops the registry's reference to the schema of every class @stale
 * says is stale; lock held for writing. */
static void
drop_schemas (gboolean (*stale) (GType type, GType declarer),
              GType      declarer)
{
  GHashTableIter iter;
  gpointer type;

  if (schemas == NULL)
    return;
  g_hash_table_iter_init (&iter, schemas);
  while (g_hash_table_iter_next (&iter, &type, NULL))
    if (stale (GPOINTER_TO_SIZE (type), declarer))
      g_hash_table_iter_remove (&iter);
}

/* Declarations ------------------------------------------------------------ */

/* The declarations of @type; lock held for writing. */
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
  for (guint i = 0; i < DYNANTIC_SCHEMA_N_ROLES; i++)
    decl->roles[i] = g_ptr_array_new ();
  for (guint i = 0; i < DYNANTIC_SCHEMA_N_MARKS; i++)
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

/* A class's declarations apply to it and its subclasses. */
static gboolean
inherits (GType type,
          GType declarer)
{
  return g_type_is_a (type, declarer);
}

/* The base-most class of @type's ancestry that declares a discriminator,
 * or 0; lock held. */
static GType
declared_root (GType type)
{
  GType root = 0;

  for (GType t = type; t != 0 && t != model_base; t = g_type_parent (t))
    {
      Declarations *decl = peek_declarations (t);

      if (decl != NULL && decl->roles[DYNANTIC_SCHEMA_ROLE_DISCRIMINATOR]->len > 0)
        root = t;
    }
  return root;
}

/* A subtype registered by @declarer concerns its subclasses, and every
 * class of its polymorphic hierarchy (whose base reads every kind). */
static gboolean
shares_hierarchy (GType type,
                  GType declarer)
{
  GType root = declared_root (declarer);

  return g_type_is_a (type, declarer) || (root != 0 && g_type_is_a (type, root));
}

/* Every declaration ends here: the schemas it makes stale go. */
static void
declared (GType    declarer,
          gboolean hierarchy)
{
  drop_schemas (hierarchy ? shares_hierarchy : inherits, declarer);
}

void
dynantic_schema_declare_table (GType       type,
                               const char *table)
{
  g_rw_lock_writer_lock (&schema_lock);
  declarations_for (type)->table = g_intern_string (table);
  declared (type, FALSE);
  g_rw_lock_writer_unlock (&schema_lock);
}

const char *
dynantic_schema_get_declared_table (GType type)
{
  const char *table = NULL;

  g_rw_lock_reader_lock (&schema_lock);
  for (GType t = type; t != 0 && table == NULL; t = g_type_parent (t))
    {
      Declarations *decl = peek_declarations (t);

      if (decl != NULL)
        table = decl->table;
    }
  g_rw_lock_reader_unlock (&schema_lock);
  return table;
}

void
dynantic_schema_declare_role (GType               type,
                              DynanticSchemaRole  role,
                              const char         *property)
{
  g_rw_lock_writer_lock (&schema_lock);
  g_ptr_array_add (declarations_for (type)->roles[role], (gpointer) canonical_property (property));
  /* a discriminator changes the hierarchy whose kinds its classes read */
  declared (type, role == DYNANTIC_SCHEMA_ROLE_DISCRIMINATOR);
  g_rw_lock_writer_unlock (&schema_lock);
}

void
dynantic_schema_declare_mark (GType               type,
                              DynanticSchemaMark  mark,
                              const char         *property)
{
  g_rw_lock_writer_lock (&schema_lock);
  g_ptr_array_add (declarations_for (type)->marks[mark], (gpointer) canonical_property (property));
  declared (type, FALSE);
  g_rw_lock_writer_unlock (&schema_lock);
}

void
dynantic_schema_declare_index (GType                    type,
                               DynanticSchemaIndexKind  kind,
                               const char              *index,
                               const char              *partition_key,
                               const char              *sort_key)
{
  IndexDeclaration declaration = {
    g_intern_string (index), kind, canonical_property (partition_key), canonical_property (sort_key),
  };

  g_rw_lock_writer_lock (&schema_lock);
  g_array_append_val (declarations_for (type)->indexes, declaration);
  declared (type, FALSE);
  g_rw_lock_writer_unlock (&schema_lock);
}

void
dynantic_schema_declare_attribute_name (GType       type,
                                        const char *property,
                                        const char *attribute)
{
  g_rw_lock_writer_lock (&schema_lock);
  g_hash_table_insert (declarations_for (type)->attribute_names,
                       (gpointer) canonical_property (property),
                       (gpointer) g_intern_string (attribute));
  declared (type, FALSE);
  g_rw_lock_writer_unlock (&schema_lock);
}

void
dynantic_schema_declare_subtype (GType       type,
                                 const char *kind,
                                 GType       subtype)
{
  Registration registration = { type, g_intern_string (kind), subtype };
  Declarations *decl;

  g_rw_lock_writer_lock (&schema_lock);
  decl = declarations_for (type);
  if (decl->registrations == NULL)
    decl->registrations = g_array_new (FALSE, FALSE, sizeof (Registration));
  g_array_append_val (decl->registrations, registration);
  declared (type, TRUE);
  g_rw_lock_writer_unlock (&schema_lock);
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
is_marked (Build              *b,
           DynanticSchemaMark  mark,
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
 * declared by a model class (not by the base type or GObject). */
static gboolean
is_storable (GParamSpec *pspec)
{
  return (pspec->flags & G_PARAM_READWRITE) == G_PARAM_READWRITE &&
         (pspec->flags & G_PARAM_CONSTRUCT_ONLY) == 0 &&
         pspec->owner_type != model_base &&
         g_type_is_a (pspec->owner_type, model_base);
}

/* Whether objects of @owner_type keep their values in the base type's
 * storage: the base type gives its get_property and set_property to every
 * subclass, and a class that brings its own replaces them. */
static gboolean
is_base_stored (GType owner_type)
{
  GObjectClass *base = g_type_class_peek (model_base);
  GObjectClass *owner = g_type_class_peek (owner_type);

  return owner->get_property == base->get_property && owner->set_property == base->set_property;
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

  if (is_marked (b, DYNANTIC_SCHEMA_MARK_NUMBER, property))
    flags |= DYNANTIC_VALUE_NUMBER_STRING;
  if (is_marked (b, DYNANTIC_SCHEMA_MARK_SET, property))
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
  property->required = is_marked (b, DYNANTIC_SCHEMA_MARK_REQUIRED, name);
  property->base_stored = is_base_stored (pspec->owner_type);
  property->validate_read = pspec_may_change_read_values (pspec);

  if (g_type_is_a (property->value_type, model_base) && property->flags == 0)
    property->model_type = property->value_type;
  else if ((property->flags & DYNANTIC_VALUE_NUMBER_STRING) && property->value_type != G_TYPE_STRING)
    /* Translators: the first %s is a model class’s GType name, the second a property name */
    return fail (error, _("Model class “%s” declares property “%s” a number, but it is not a string property"),
                 b->class_name, name);
  else if ((property->kind = dynantic_value_kind_of (property->value_type, property->flags)) ==
           DYNANTIC_VALUE_KIND_UNSUPPORTED)
    /* Translators: the first %s is a property name, the second a model class’s GType name, the third the property’s
       GType name */
    return fail (error, _("Property “%s” of model class “%s” has type “%s”, which Dynantic cannot store"),
                 name, b->class_name, g_type_name (property->value_type));

  if (g_hash_table_contains (schema->by_attribute, property->attribute))
    /* Translators: the first %s is a model class’s GType name, the second a property name, the third a DynamoDB
       attribute name */
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
    /* Translators: the first %s is a model class’s GType name, the second a property name */
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
      for (guint m = 0; m < DYNANTIC_SCHEMA_N_MARKS; m++)
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
duplicate_role_error (Build               *b,
                      GError             **error,
                      DynanticSchemaRole   role,
                      const char          *first,
                      const char          *second)
{
  switch (role)
    {
    case DYNANTIC_SCHEMA_ROLE_PARTITION_KEY:
      /* Translators: the first %s is a model class’s GType name, the second and third property names */
      return fail (error, _("Model class “%s” declares two partition keys, “%s” and “%s”"),
                   b->class_name, first, second);
    case DYNANTIC_SCHEMA_ROLE_SORT_KEY:
      /* Translators: the first %s is a model class’s GType name, the second and third property names */
      return fail (error, _("Model class “%s” declares two sort keys, “%s” and “%s”"),
                   b->class_name, first, second);
    case DYNANTIC_SCHEMA_ROLE_DISCRIMINATOR:
      /* Translators: the first %s is a model class’s GType name, the second and third property names; a discriminator
         is the property naming an item’s subclass */
      return fail (error, _("Model class “%s” declares two discriminators, “%s” and “%s”"),
                   b->class_name, first, second);
    case DYNANTIC_SCHEMA_ROLE_VERSION:
      /* Translators: the first %s is a model class’s GType name, the second and third property names */
      return fail (error, _("Model class “%s” declares two version properties, “%s” and “%s”"),
                   b->class_name, first, second);
    case DYNANTIC_SCHEMA_ROLE_TTL:
    case DYNANTIC_SCHEMA_N_ROLES:
    default:
      /* Translators: the first %s is a model class’s GType name, the second and third property names; TTL (time to
         live) is DynamoDB’s expiry attribute */
      return fail (error, _("Model class “%s” declares two TTL properties, “%s” and “%s”"),
                   b->class_name, first, second);
    }
}

/* The one property the class and its ancestors declare for @role, or NULL
 * when none does; two different ones are an error. */
static gboolean
resolve_role (Build               *b,
              DynanticSchemaRole   role,
              GError             **error)
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
    /* Translators: the first %s is a model class’s GType name, the second a property name */
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
  const DynanticSchemaProperty *version = b->schema->roles[DYNANTIC_SCHEMA_ROLE_VERSION];

  if (version == NULL)
    return TRUE;
  if (!is_integer_type (version->value_type) || version->flags != 0)
    /* Translators: the first %s is a model class’s GType name, the second a property name */
    return fail (error, _("Model class “%s” declares property “%s” its version, but a version "
                          "must be an integer property"),
                 b->class_name, version->name);
  if (version->key || version == b->schema->roles[DYNANTIC_SCHEMA_ROLE_TTL])
    /* Translators: the first %s is a model class’s GType name, the second a property name; TTL (time to live) is
       DynamoDB’s expiry attribute */
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

  for (DynanticSchemaRole role = 0; role < DYNANTIC_SCHEMA_N_ROLES; role++)
    if (!resolve_role (b, role, error))
      return FALSE;
  partition_key = (DynanticSchemaProperty *) schema->roles[DYNANTIC_SCHEMA_ROLE_PARTITION_KEY];
  sort_key = (DynanticSchemaProperty *) schema->roles[DYNANTIC_SCHEMA_ROLE_SORT_KEY];
  discriminator = (DynanticSchemaProperty *) schema->roles[DYNANTIC_SCHEMA_ROLE_DISCRIMINATOR];
  ttl = (DynanticSchemaProperty *) schema->roles[DYNANTIC_SCHEMA_ROLE_TTL];

  if (partition_key != NULL && partition_key == sort_key)
    /* Translators: the first %s is a model class’s GType name, the second a property name */
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
    /* Translators: the first %s is a model class’s GType name, the second a property name; a discriminator is the
       property naming an item’s subclass */
    return fail (error, _("Model class “%s” declares property “%s” its discriminator, "
                          "but it is not a string property"),
                 b->class_name, discriminator->name);

  if (ttl != NULL && !is_integer_type (ttl->value_type) && ttl->value_type != G_TYPE_DATE_TIME)
    /* Translators: the first %s is a model class’s GType name, the second a property name; TTL (time to live) is
       DynamoDB’s expiry attribute */
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

      if (!is_marked (b, DYNANTIC_SCHEMA_MARK_AUTO_ID, property->name))
        continue;
      if (property->value_type != G_TYPE_STRING || property->flags != 0)
        /* Translators: the first %s is a model class’s GType name, the second a property name */
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
                /* Translators: the first %s is a model class’s GType name, the second an index name */
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
  const DynanticSchemaProperty *table_sort_key = b->schema->roles[DYNANTIC_SCHEMA_ROLE_SORT_KEY];
  DynanticSchemaProperty *partition_key = NULL;
  DynanticSchemaProperty *sort_key = NULL;

  index->name = declaration->name;
  index->kind = declaration->kind;

  if (declaration->kind == DYNANTIC_SCHEMA_INDEX_LOCAL && table_sort_key == NULL)
    /* Translators: the first %s is a model class’s GType name, the second the name of a local secondary index */
    return fail (error, _("Model class “%s” declares the local index “%s”, but its table has no sort key"),
                 b->class_name, declaration->name);
  if (declaration->kind == DYNANTIC_SCHEMA_INDEX_GLOBAL && declaration->partition_key == NULL)
    /* Translators: the first %s is a model class’s GType name, the second a property name, the third the name of a
       global secondary index */
    return fail (error, _("Model class “%s” declares a sort key “%s” for the global index “%s”, "
                          "but no partition key"),
                 b->class_name, declaration->sort_key ? declaration->sort_key : "",
                 declaration->name);

  if (declaration->kind == DYNANTIC_SCHEMA_INDEX_LOCAL)
    partition_key = (DynanticSchemaProperty *) b->schema->roles[DYNANTIC_SCHEMA_ROLE_PARTITION_KEY];
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

      if (decl != NULL && decl->roles[DYNANTIC_SCHEMA_ROLE_DISCRIMINATOR]->len > 0)
        return CHAIN_TYPE (b, i);
    }
  return 0;
}

/* The mistakes a registration can hold on its own, for the class that
 * declared it (@registration->base): its subtype must be one of its
 * subclasses, and it must have a discriminator. */
static gboolean
check_registration (const Registration  *registration,
                    GType                root,
                    GError             **error)
{
  if (!g_type_is_a (registration->subtype, registration->base))
    /* Translators: the first %s is a model class’s GType name, the second the GType name of another class */
    return fail (error, _("Model class “%s” registers “%s” as a subtype, but it is not one of its subclasses"),
                 g_type_name (registration->base), g_type_name (registration->subtype));
  if (root == 0 || !g_type_is_a (registration->base, root))
    /* Translators: %s is a model class’s GType name; a discriminator is the property naming an item’s subclass */
    return fail (error, _("Model class “%s” registers subtypes, but declares no discriminator"),
                 g_type_name (registration->base));
  return TRUE;
}

/* Whether @registration belongs to the schema being built. A class names
 * the registrations of its own chain (which it must answer for: their
 * mistakes are its errors) and, among those of its hierarchy, the ones of
 * its subtypes (every one, for the hierarchy's base, which reads every
 * kind). A registration another class made, in another hierarchy or for
 * a class this one does not name, is not this class's concern: its
 * mistakes surface on the class that made it. */
static gboolean
registration_applies (Build              *b,
                      const Registration *registration,
                      gboolean           *own)
{
  DynanticSchema *schema = b->schema;

  *own = g_type_is_a (schema->type, registration->base);
  if (*own)
    return TRUE;
  return schema->root != 0 && g_type_is_a (registration->base, schema->root) &&
         (schema->type == schema->root || g_type_is_a (registration->subtype, schema->type)) &&
         check_registration (registration, schema->root, NULL);
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

  if ((known_type != 0 && known_type != registration->subtype) ||
      (known_kind != NULL && known_kind != registration->kind))
    /* Translators: the first %s is a model class’s GType name, the second the GType name of one of its subclasses;
       the value is that of its discriminator */
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
  GHashTableIter iter;
  gpointer type, data;

  b->schema->root = discriminator_root (b);
  b->schema->kind_types = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_iter_init (&iter, all_declarations);
  while (g_hash_table_iter_next (&iter, &type, &data))
    {
      Declarations *decl = data;

      for (guint i = 0; decl->registrations != NULL && i < decl->registrations->len; i++)
        {
          const Registration *registration = &g_array_index (decl->registrations, Registration, i);
          gboolean own = FALSE;

          if (!registration_applies (b, registration, &own))
            continue;
          if ((own && !check_registration (registration, b->schema->root, error)) ||
              !add_registration (b, registration, kind_of_type, error))
            return FALSE;
        }
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
    /* Translators: %s is a model class’s GType name; keep “_”, “-” and “.” as they are */
    return fail (error, _("Model class “%s” declares a table name DynamoDB does not accept "
                          "(3 to 255 letters, digits, “_”, “-” or “.”)"),
                 b->class_name);
  if (schema->table == NULL)
    /* Translators: %s is a model class’s GType name */
    fail (&schema->table_error, _("Model class “%s” declares no table"), b->class_name);
  else if (schema->roles[DYNANTIC_SCHEMA_ROLE_PARTITION_KEY] == NULL)
    /* Translators: %s is a model class’s GType name */
    fail (&schema->table_error, _("Model class “%s” declares no partition key"), b->class_name);
  return TRUE;
}

static GArray *
ancestry (GType type)
{
  GArray *chain = g_array_new (FALSE, FALSE, sizeof (GType));

  for (GType t = type; t != model_base && t != 0; t = g_type_parent (t))
    g_array_prepend_val (chain, t);
  return chain;
}

/* Builds the schema of @type (whose class is initialized); lock held for
 * writing. A class with invalid declarations gets a schema that holds the
 * error. */
static DynanticSchema *
build_schema (GType type)
{
  DynanticSchema *schema = g_new0 (DynanticSchema, 1);
  Build b = { schema, ancestry (type), g_type_name (type) };
  GError *error = NULL;

  g_atomic_ref_count_init (&schema->ref_count);
  g_atomic_int_inc (&n_alive);
  schema->type = type;
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

/* A reference to @type's current schema, or NULL when there is none. */
static DynanticSchema *
cached_schema (GType type)
{
  DynanticSchema *schema = NULL;

  g_rw_lock_reader_lock (&schema_lock);
  if (schemas != NULL && (schema = g_hash_table_lookup (schemas, GSIZE_TO_POINTER (type))) != NULL)
    dynantic_schema_ref (schema);
  g_rw_lock_reader_unlock (&schema_lock);
  return schema;
}

/* A reference to @type's current schema, built when there is none. */
static DynanticSchema *
current_schema (GType type)
{
  DynanticSchema *schema = cached_schema (type);
  gpointer klass;

  if (schema != NULL)
    return schema;

  /* class_init may declare: run it before taking the lock. */
  klass = g_type_class_ref (type);
  g_rw_lock_writer_lock (&schema_lock);
  if (schemas == NULL)
    schemas = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) dynantic_schema_unref);
  schema = g_hash_table_lookup (schemas, GSIZE_TO_POINTER (type));
  if (schema == NULL)
    {
      schema = build_schema (type);
      g_hash_table_insert (schemas, GSIZE_TO_POINTER (type), schema);
    }
  dynantic_schema_ref (schema);
  g_rw_lock_writer_unlock (&schema_lock);
  g_type_class_unref (klass);
  return schema;
}

guint
dynantic_schema_get_n_alive (void)
{
  return (guint) g_atomic_int_get (&n_alive);
}

DynanticSchema *
dynantic_schema_lookup (GType    type,
                        GError **error)
{
  DynanticSchema *schema;

  g_return_val_if_fail (model_base != 0 && g_type_is_a (type, model_base), NULL);

  schema = current_schema (type);
  if (schema->error != NULL)
    {
      g_propagate_error (error, g_error_copy (schema->error));
      dynantic_schema_unref (schema);
      return NULL;
    }
  return schema;
}

DynanticSchema *
dynantic_schema_lookup_for_table (GType    type,
                                  GError **error)
{
  DynanticSchema *schema = dynantic_schema_lookup (type, error);

  if (schema != NULL && schema->table_error != NULL)
    {
      g_propagate_error (error, g_error_copy (schema->table_error));
      dynantic_schema_unref (schema);
      return NULL;
    }
  return schema;
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
  return self->roles[DYNANTIC_SCHEMA_ROLE_PARTITION_KEY];
}

const DynanticSchemaProperty *
dynantic_schema_get_sort_key (const DynanticSchema *self)
{
  return self->roles[DYNANTIC_SCHEMA_ROLE_SORT_KEY];
}

const DynanticSchemaProperty *
dynantic_schema_get_ttl (const DynanticSchema *self)
{
  return self->roles[DYNANTIC_SCHEMA_ROLE_TTL];
}

const DynanticSchemaProperty *
dynantic_schema_get_discriminator (const DynanticSchema *self)
{
  return self->roles[DYNANTIC_SCHEMA_ROLE_DISCRIMINATOR];
}

const DynanticSchemaProperty *
dynantic_schema_get_version (const DynanticSchema *self)
{
  return self->roles[DYNANTIC_SCHEMA_ROLE_VERSION];
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

  if (self->roles[DYNANTIC_SCHEMA_ROLE_DISCRIMINATOR] == NULL)
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
