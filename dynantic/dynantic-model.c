/* dynantic-model.c: the base class of every mapped item
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "dynantic-client-private.h"
#include "dynantic-expression-private.h"
#include "dynantic-error-private.h"
#include "dynantic-i18n-private.h"
#include "dynantic-item-private.h"
#include "dynantic-model-private.h"
#include "dynantic-value-private.h"

/**
 * DynanticModel:
 *
 * The base class of every model: a GObject class whose properties are the
 * attributes of a DynamoDB item.
 *
 * A model class declares its properties and, in `class_init`, its table and
 * keys:
 *
 * ```c
 * G_DECLARE_FINAL_TYPE (Product, product, SHOP, PRODUCT, DynanticModel)
 * struct _Product { DynanticModel parent_instance; };
 * G_DEFINE_FINAL_TYPE (Product, product, DYNANTIC_TYPE_MODEL)
 *
 * static void
 * product_class_init (ProductClass *klass)
 * {
 *   DynanticModelClass *model_class = DYNANTIC_MODEL_CLASS (klass);
 *
 *   dynantic_model_class_install_property (model_class,
 *       g_param_spec_string ("product-id", NULL, NULL, NULL, G_PARAM_READWRITE));
 *   dynantic_model_class_install_property (model_class,
 *       g_param_spec_double ("price", NULL, NULL, 0, G_MAXDOUBLE, 0, G_PARAM_READWRITE));
 *   dynantic_model_class_set_table (model_class, "products");
 *   dynantic_model_class_set_partition_key (model_class, "product-id");
 * }
 *
 * static void product_init (Product *self) { }
 * ```
 *
 * DynanticModel keeps the values of the properties of classes that do not
 * implement #GObjectClass.get_property and #GObjectClass.set_property
 * themselves, so a simple model needs no storage of its own. Classes that do
 * keep their own (Vala, Python and GJS classes usually do) are read and
 * written through g_object_get_property() and g_object_set_property(). A
 * class keeps its own storage for all the properties it declares, or for
 * none.
 *
 * Each property is stored in the attribute of the same name with `-` turned
 * to `_` (dynantic_model_class_set_attribute_name() chooses another), as:
 *
 * | property type | DynamoDB type |
 * |---|---|
 * | string | S (N for dynantic_model_class_set_number()) |
 * | boolean | BOOL |
 * | integers, float, double | N (doubles in their shortest exact text) |
 * | #GBytes | B |
 * | #GDateTime | S, ISO-8601 in UTC with microseconds (N epoch seconds for the TTL) |
 * | enum | S, the value's nick |
 * | flags | SS of the nicks |
 * | #GStrv | L of S (SS for dynantic_model_class_set_set()) |
 * | #GVariant | by its type: M, L, S, N, B, BOOL, NULL; sets of `as`, `ax`, `ad`, `aay` |
 * | #JsonNode | M, L, S, N, BOOL, NULL |
 * | a #DynanticModel subtype | M, nested |
 *
 * Properties that are not both readable and writable, or construct-only,
 * are not stored. %NULL values and empty sets are left out of the item; an
 * attribute the item lacks reads as the property's default.
 *
 * Attributes an item holds that no property stores (written by a newer
 * version of the application, for instance) are kept on the object and
 * written back when it is saved: see
 * dynantic_model_get_extra_attribute().
 */

/* @kind is the codec's kind of a value the item reader made (which owns
 * its contents, so that it is freed without asking GType how), or
 * UNSUPPORTED for any other value, freed by g_value_unset(). */
typedef struct {
  GParamSpec        *pspec;
  DynanticValueKind  kind;
  GValue             value;
} StoredValue;

/* An attribute no property stores, kept as the raw JSON of its value. */
typedef struct {
  char  *name;
  char  *json;
  gsize  length;
} ExtraAttribute;

/* Problems found by one validation: field names, and "field (reason)";
 * NULL until the first problem, so that a valid model allocates nothing. */
typedef struct {
  GPtrArray *fields;
  GPtrArray *descriptions;
} Problems;

typedef struct {
  StoredValue    *values;    /* base-stored properties that were set, in that order */
  guint           n_values;
  guint           n_allocated;
  GArray         *extras;    /* ExtraAttribute */
  DynanticClient *client;
  Problems       *problems;  /* during validation */
  const char     *prefix;    /* during validation of a nested model: "address." */
} DynanticModelPrivate;

/* Registered by hand rather than with G_DEFINE_TYPE: GObject resets
 * get_property and set_property for every class (its base_init), and
 * DynanticModel's base_init gives them back to every model class, so that a
 * subclass's properties are stored here unless it brings its own storage. */
static gpointer dynantic_model_parent_class;
static gint     DynanticModel_private_offset;

static inline DynanticModelPrivate *
dynantic_model_get_instance_private (DynanticModel *self)
{
  return G_STRUCT_MEMBER_P (self, DynanticModel_private_offset);
}

static void dynantic_model_base_init  (gpointer            klass);
static void dynantic_model_class_init (DynanticModelClass *klass);

static void
dynantic_model_class_intern_init (gpointer klass,
                                  gpointer class_data)
{
  dynantic_model_parent_class = g_type_class_peek_parent (klass);
  g_type_class_adjust_private_offset (klass, &DynanticModel_private_offset);
  dynantic_model_class_init (klass);
}

GType
dynantic_model_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      const GTypeInfo info = {
        .class_size = sizeof (DynanticModelClass),
        .base_init = dynantic_model_base_init,
        .class_init = dynantic_model_class_intern_init,
        .instance_size = sizeof (DynanticModel),
      };
      GType type = g_type_register_static (G_TYPE_OBJECT, g_intern_static_string ("DynanticModel"),
                                           &info, G_TYPE_FLAG_ABSTRACT);

      DynanticModel_private_offset = g_type_add_instance_private (type, sizeof (DynanticModelPrivate));
      g_once_init_leave (&type_id, type);
    }
  return type_id;
}

static void
stored_value_clear (StoredValue *stored)
{
  if (stored->kind != DYNANTIC_VALUE_KIND_UNSUPPORTED)
    dynantic_value_clear_kind (stored->kind, &stored->value);
  else
    g_value_unset (&stored->value);
}

static void
extra_attribute_clear (gpointer data)
{
  ExtraAttribute *extra = data;

  g_free (extra->name);
  g_free (extra->json);
}

/* No hint for find_stored(). */
#define NO_HINT G_MAXUINT

/* The stored value of @pspec, or NULL. Values read from an item are stored
 * in the schema's order, so a schema property's index (@hint) is where its
 * value usually is; any other order falls back to a scan. */
static StoredValue *
find_stored (DynanticModelPrivate *priv,
             GParamSpec           *pspec,
             guint                 hint)
{
  if (hint < priv->n_values && priv->values[hint].pspec == pspec)
    return &priv->values[hint];
  for (guint i = 0; i < priv->n_values; i++)
    if (priv->values[i].pspec == pspec)
      return &priv->values[i];
  return NULL;
}

/* Room for at least @n values, growing by doubling. Never fewer than 16:
 * every small model's block is then of one size, which malloc hands back at
 * once (blocks of each model's own size measured 3,000 instructions more
 * per item read and freed, in malloc's slow paths). */
static void
reserve_values (DynanticModelPrivate *priv,
                guint                 n)
{
  if (G_LIKELY (n <= priv->n_allocated))
    return;
  n = MAX (n, MAX (priv->n_allocated * 2, 16));
  priv->values = g_renew (StoredValue, priv->values, n);
  priv->n_allocated = n;
}

/* Stores @value (taken) for @pspec; @kind as StoredValue's. */
static void
store_value (DynanticModelPrivate *priv,
             GParamSpec           *pspec,
             guint                 hint,
             DynanticValueKind     kind,
             GValue               *value)
{
  StoredValue *stored = find_stored (priv, pspec, hint);

  if (stored != NULL)
    {
      stored_value_clear (stored);
    }
  else
    {
      reserve_values (priv, priv->n_values + 1);
      stored = &priv->values[priv->n_values++];
      stored->pspec = pspec;
    }
  stored->kind = kind;
  stored->value = *value;
  memset (value, 0, sizeof (GValue));
}

static void
dynantic_model_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DynanticModelPrivate *priv = dynantic_model_get_instance_private (DYNANTIC_MODEL (object));
  StoredValue *stored = find_stored (priv, pspec, NO_HINT);

  if (stored != NULL)
    g_value_copy (&stored->value, value);
  else
    g_param_value_set_default (pspec, value);
}

static void
dynantic_model_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  GValue copy = G_VALUE_INIT;

  g_value_init (&copy, G_PARAM_SPEC_VALUE_TYPE (pspec));
  g_value_copy (value, &copy);
  store_value (dynantic_model_get_instance_private (DYNANTIC_MODEL (object)),
               pspec, NO_HINT, DYNANTIC_VALUE_KIND_UNSUPPORTED, &copy);
}

static void
dynantic_model_finalize (GObject *object)
{
  DynanticModelPrivate *priv = dynantic_model_get_instance_private (DYNANTIC_MODEL (object));

  for (guint i = 0; i < priv->n_values; i++)
    stored_value_clear (&priv->values[i]);
  g_free (priv->values);
  g_clear_pointer (&priv->extras, g_array_unref);
  g_clear_object (&priv->client);

  G_OBJECT_CLASS (dynantic_model_parent_class)->finalize (object);
}

static void
dynantic_model_base_init (gpointer klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dynantic_model_get_property;
  object_class->set_property = dynantic_model_set_property;
}

static void
dynantic_model_class_init (DynanticModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dynantic_model_finalize;
}

gboolean
dynantic_model_class_stores_properties (GObjectClass *owner_class)
{
  return owner_class->get_property == dynantic_model_get_property &&
         owner_class->set_property == dynantic_model_set_property;
}

/**
 * dynantic_model_class_install_property:
 * @klass: a model class
 * @pspec: (transfer full): the property's spec
 *
 * Installs a property: g_object_class_install_property() without the
 * property id, for classes that let DynanticModel keep their values (that
 * set no #GObjectClass.get_property and #GObjectClass.set_property of their
 * own).
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

/* Property values ---------------------------------------------------------- */

const GValue *
dynantic_model_peek_property (DynanticModel                *self,
                              const DynanticSchemaProperty *property,
                              GValue                       *scratch)
{
  StoredValue *stored;

  if (!property->base_stored)
    {
      g_value_init (scratch, property->value_type);
      g_object_get_property (G_OBJECT (self), property->name, scratch);
      return scratch;
    }

  stored = find_stored (dynantic_model_get_instance_private (self), property->pspec, property->index);
  return stored != NULL ? &stored->value : g_param_spec_get_default_value (property->pspec);
}

void
dynantic_model_reserve_properties (DynanticModel *self,
                                   guint          n)
{
  reserve_values (dynantic_model_get_instance_private (self), n);
}

/* g_param_value_validate() without its checks that @value holds a type
 * @pspec applies to: it holds the pspec's own. */
static gboolean
value_is_invalid (GParamSpec *pspec,
                  GValue     *value)
{
  GParamSpecClass *klass = G_PARAM_SPEC_GET_CLASS (pspec);
  GValue original = *value;

  return klass->value_validate != NULL &&
         (klass->value_validate (pspec, value) ||
          memcmp (&original.data, &value->data, sizeof (value->data)) != 0);
}

gboolean
dynantic_model_take_property (DynanticModel                *self,
                              const DynanticSchemaProperty *property,
                              GValue                       *value,
                              gboolean                      notify,
                              GError                      **error)
{
  if (property->validate_read && value_is_invalid (property->pspec, value))
    {
      g_value_unset (value);
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION,
                   _("The attribute “%s” holds a value its property does not accept"),
                   property->attribute);
      return FALSE;
    }

  if (property->base_stored)
    {
      /* a value with flags (static or interned contents) is freed by GType */
      store_value (dynantic_model_get_instance_private (self), property->pspec, property->index,
                   value->data[1].v_uint == 0 ? property->kind : DYNANTIC_VALUE_KIND_UNSUPPORTED, value);
      if (notify)
        g_object_notify_by_pspec (G_OBJECT (self), property->pspec);
    }
  else
    {
      g_object_set_property (G_OBJECT (self), property->name, value);
      g_value_unset (value);
    }
  return TRUE;
}

void
dynantic_model_reset_property (DynanticModel                *self,
                               const DynanticSchemaProperty *property)
{
  DynanticModelPrivate *priv = dynantic_model_get_instance_private (self);
  StoredValue *stored;

  if (!property->base_stored)
    {
      g_object_set_property (G_OBJECT (self), property->name,
                             g_param_spec_get_default_value (property->pspec));
      return;
    }

  stored = find_stored (priv, property->pspec, property->index);
  if (stored == NULL)
    return;
  stored_value_clear (stored);
  *stored = priv->values[--priv->n_values];
  g_object_notify_by_pspec (G_OBJECT (self), property->pspec);
}

/* Unknown attributes ------------------------------------------------------- */

void
dynantic_model_clear_extra_attributes (DynanticModel *self)
{
  DynanticModelPrivate *priv = dynantic_model_get_instance_private (self);

  g_clear_pointer (&priv->extras, g_array_unref);
}

void
dynantic_model_keep_extra_attribute (DynanticModel *self,
                                     const char    *name,
                                     const char    *json,
                                     gsize          length)
{
  DynanticModelPrivate *priv = dynantic_model_get_instance_private (self);
  ExtraAttribute extra = { g_strdup (name), g_strndup (json, length), length };

  if (priv->extras == NULL)
    {
      priv->extras = g_array_new (FALSE, FALSE, sizeof (ExtraAttribute));
      g_array_set_clear_func (priv->extras, extra_attribute_clear);
    }
  g_array_append_val (priv->extras, extra);
}

void
dynantic_model_foreach_extra_attribute (DynanticModel *self,
                                        void (*func) (const char *name,
                                                      const char *json,
                                                      gsize       length,
                                                      gpointer    user_data),
                                        gpointer       user_data)
{
  DynanticModelPrivate *priv = dynantic_model_get_instance_private (self);

  for (guint i = 0; priv->extras != NULL && i < priv->extras->len; i++)
    {
      ExtraAttribute *extra = &g_array_index (priv->extras, ExtraAttribute, i);

      func (extra->name, extra->json, extra->length, user_data);
    }
}

/**
 * dynantic_model_list_extra_attributes:
 * @self: a model
 *
 * The names of the attributes the item was read with that no property of
 * the class stores. They are written back unchanged when @self is saved, so
 * that an older version of a class never loses what a newer one stored.
 *
 * Returns: (transfer full) (array zero-terminated=1): the attributes' names
 */
char **
dynantic_model_list_extra_attributes (DynanticModel *self)
{
  DynanticModelPrivate *priv;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  g_return_val_if_fail (DYNANTIC_IS_MODEL (self), NULL);

  priv = dynantic_model_get_instance_private (self);
  for (guint i = 0; priv->extras != NULL && i < priv->extras->len; i++)
    g_strv_builder_add (names, g_array_index (priv->extras, ExtraAttribute, i).name);
  return g_strv_builder_end (names);
}

/**
 * dynantic_model_get_extra_attribute:
 * @self: a model
 * @name: an attribute's name
 *
 * An attribute the item was read with that no property stores, in
 * DynamoDB's JSON form: an object with one member naming the type, such as
 * `{"S": "text"}` or `{"L": [{"N": "1"}]}`.
 *
 * Returns: (transfer full) (nullable): the attribute's value, or %NULL when
 *   the item had no such unknown attribute
 */
JsonNode *
dynantic_model_get_extra_attribute (DynanticModel *self,
                                    const char    *name)
{
  DynanticModelPrivate *priv;

  g_return_val_if_fail (DYNANTIC_IS_MODEL (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  priv = dynantic_model_get_instance_private (self);
  for (guint i = 0; priv->extras != NULL && i < priv->extras->len; i++)
    {
      ExtraAttribute *extra = &g_array_index (priv->extras, ExtraAttribute, i);

      if (strcmp (extra->name, name) == 0)
        return json_from_string (extra->json, NULL);
    }
  return NULL;
}

/* Clients ------------------------------------------------------------------ */

/**
 * dynantic_model_set_client:
 * @self: a model
 * @client: (nullable): the client for @self's own calls, or %NULL for its
 *   class's
 *
 * Sets the client that save, create, reload and delete calls on @self go
 * through. Objects read with an explicit client keep that client.
 */
void
dynantic_model_set_client (DynanticModel  *self,
                           DynanticClient *client)
{
  DynanticModelPrivate *priv;

  g_return_if_fail (DYNANTIC_IS_MODEL (self));
  g_return_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client));

  priv = dynantic_model_get_instance_private (self);
  g_set_object (&priv->client, client);
}

/**
 * dynantic_model_get_client:
 * @self: a model
 *
 * The client @self's calls go through: its own, else its class's, else
 * dynantic_client_get_default().
 *
 * Returns: (transfer none): the client; a class's client is valid until it
 *   is replaced
 */
DynanticClient *
dynantic_model_get_client (DynanticModel *self)
{
  DynanticModelPrivate *priv;

  g_return_val_if_fail (DYNANTIC_IS_MODEL (self), NULL);

  priv = dynantic_model_get_instance_private (self);
  if (priv->client != NULL)
    return priv->client;
  return dynantic_model_class_get_client (DYNANTIC_MODEL_GET_CLASS (self)) ?: dynantic_client_get_default ();
}

/* The client @self was given, or NULL. */
static DynanticClient *
own_client (DynanticModel *self)
{
  DynanticModelPrivate *priv = dynantic_model_get_instance_private (self);

  return priv->client;
}

/* Validation --------------------------------------------------------------- */

static void
add_problem (Problems   *problems,
             const char *prefix,
             const char *field,
             const char *reason)
{
  g_autofree char *name = g_strconcat (prefix != NULL ? prefix : "", field, NULL);

  if (problems->fields == NULL)
    {
      problems->fields = g_ptr_array_new_with_free_func (g_free);
      problems->descriptions = g_ptr_array_new_with_free_func (g_free);
    }
  g_ptr_array_add (problems->descriptions, g_strdup_printf ("%s (%s)", name, reason));
  g_ptr_array_add (problems->fields, g_steal_pointer (&name));
}

/* Whether a string pspec restricts characters (its other rules, folding
 * "" and NULL, normalize rather than refuse). */
static gboolean
pspec_restricts_string (GParamSpec *pspec)
{
  GParamSpecString *string_pspec = G_PARAM_SPEC_STRING (pspec);

  return string_pspec->cset_first != NULL || string_pspec->cset_nth != NULL;
}

/* Whether @value is one @pspec accepts (range, enum membership, charset).
 * Other pointer values are not checked: their pspecs only check the type,
 * which GObject already did. */
gboolean
dynantic_model_value_fits_pspec (GParamSpec   *pspec,
                                 const GValue *value)
{
  if (G_IS_PARAM_SPEC_STRING (pspec) ? !pspec_restricts_string (pspec) : g_value_fits_pointer (value))
    return TRUE;

  /* what g_param_value_validate() would not change, without a copy to
   * change for GLib's own pspecs */
  return g_param_value_is_valid (pspec, value);
}

/* Doubles and floats cannot be derived from: their exact types will do. */
static gboolean
value_is_finite (const GValue *value)
{
  if (G_VALUE_TYPE (value) == G_TYPE_DOUBLE)
    return isfinite (g_value_get_double (value));
  if (G_VALUE_TYPE (value) == G_TYPE_FLOAT)
    return isfinite (g_value_get_float (value));
  return TRUE;
}

static void collect_problems (DynanticModel        *self,
                              const DynanticSchema *schema,
                              const char           *prefix,
                              Problems             *problems);

static void
check_nested (const GValue *value,
              const char   *prefix,
              const char   *name,
              Problems     *problems)
{
  DynanticModel *nested = g_value_get_object (value);
  g_autofree char *nested_prefix = NULL;
  g_autoptr(GError) error = NULL;
  const DynanticSchema *schema;

  if (nested == NULL)
    return;
  schema = dynantic_schema_lookup (G_OBJECT_TYPE (nested), &error);
  nested_prefix = g_strconcat (prefix != NULL ? prefix : "", name, ".", NULL);
  if (schema == NULL)
    add_problem (problems, prefix, name, _("its class has an invalid schema"));
  else
    collect_problems (nested, schema, nested_prefix, problems);
}

static void
check_property (const DynanticSchemaProperty *property,
                const GValue                 *value,
                const char                   *prefix,
                Problems                     *problems)
{
  if (property->required && dynantic_item_value_is_null (value))
    add_problem (problems, prefix, property->name, _("required"));
  else if (property->key && !dynantic_item_value_is_null (value) && dynantic_item_value_is_empty (value))
    add_problem (problems, prefix, property->name, _("a key must not be empty"));
  else if (!value_is_finite (value))
    add_problem (problems, prefix, property->name, _("not a finite number"));
  else if (!dynantic_model_value_fits_pspec (property->pspec, value))
    add_problem (problems, prefix, property->name, _("out of the allowed range or values"));
  else if ((property->flags & DYNANTIC_VALUE_NUMBER_STRING) && !dynantic_item_value_is_null (value) &&
           !dynantic_value_check_number_text (property->name, g_value_get_string (value), NULL))
    add_problem (problems, prefix, property->name, _("not a number DynamoDB can store"));
  else if (property->model_type != 0)
    check_nested (value, prefix, property->name, problems);
}

static void
collect_problems (DynanticModel        *self,
                  const DynanticSchema *schema,
                  const char           *prefix,
                  Problems             *problems)
{
  DynanticModelPrivate *priv = dynantic_model_get_instance_private (self);
  DynanticModelClass *klass = DYNANTIC_MODEL_GET_CLASS (self);

  for (guint i = 0; i < dynantic_schema_get_n_properties (schema); i++)
    {
      const DynanticSchemaProperty *property = dynantic_schema_get_property (schema, i);
      g_auto(GValue) scratch = G_VALUE_INIT;

      check_property (property, dynantic_model_peek_property (self, property, &scratch),
                      prefix, problems);
    }

  if (klass->validate == NULL)
    return;
  priv->problems = problems;
  priv->prefix = prefix;
  klass->validate (self);
  priv->problems = NULL;
  priv->prefix = NULL;
}

/**
 * dynantic_model_add_invalid_field:
 * @self: a model being validated
 * @field: the name of the field (usually a property) that is invalid
 * @reason: a short translated phrase saying what is wrong, without the value
 *
 * Reports a problem from a #DynanticModelClass.validate implementation.
 * Every problem found ends up in the one error dynantic_model_validate()
 * returns. Calling it outside validation does nothing.
 */
void
dynantic_model_add_invalid_field (DynanticModel *self,
                                  const char    *field,
                                  const char    *reason)
{
  DynanticModelPrivate *priv;

  g_return_if_fail (DYNANTIC_IS_MODEL (self));
  g_return_if_fail (field != NULL);
  g_return_if_fail (reason != NULL);

  priv = dynantic_model_get_instance_private (self);
  g_return_if_fail (priv->problems != NULL);

  add_problem (priv->problems, priv->prefix, field, reason);
}

static gboolean report_problems (Problems  *problems,
                                 GError   **error);

/* dynantic_model_validate() with @self's schema already looked up. */
static gboolean
validate_with_schema (DynanticModel         *self,
                      const DynanticSchema  *schema,
                      GError               **error)
{
  Problems problems = { NULL, NULL };
  gboolean valid;

  collect_problems (self, schema, NULL, &problems);
  valid = report_problems (&problems, error);
  g_clear_pointer (&problems.fields, g_ptr_array_unref);
  g_clear_pointer (&problems.descriptions, g_ptr_array_unref);
  return valid;
}

static gboolean
report_problems (Problems  *problems,
                 GError   **error)
{
  g_autofree char *list = NULL;
  GError *validation_error;

  if (problems->fields == NULL)
    return TRUE;

  g_ptr_array_add (problems->descriptions, NULL);
  g_ptr_array_add (problems->fields, NULL);
  list = g_strjoinv (", ", (char **) problems->descriptions->pdata);
  validation_error = g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION,
                                  _("Invalid fields: %s"), list);
  dynantic_error_set_fields (validation_error, (const char * const *) problems->fields->pdata);
  g_propagate_error (error, validation_error);
  return FALSE;
}

/**
 * dynantic_model_validate:
 * @self: a model
 * @error: return location for a #GError
 *
 * Checks @self against its class: required properties are set, keys are
 * not empty, numbers are finite and within their property's range, enum
 * values are members, exact decimals are valid, nested models are valid;
 * then the class's #DynanticModelClass.validate rules. Saving validates
 * first, so nothing invalid is ever sent.
 *
 * Returns: %TRUE when @self is valid; else %FALSE with a
 *   %DYNANTIC_ERROR_VALIDATION error whose message names every bad field
 *   (never its value) and whose fields are in dynantic_error_get_fields()
 */
gboolean
dynantic_model_validate (DynanticModel  *self,
                         GError        **error)
{
  const DynanticSchema *schema;

  g_return_val_if_fail (DYNANTIC_IS_MODEL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  schema = dynantic_schema_lookup (G_OBJECT_TYPE (self), error);
  return schema != NULL && validate_with_schema (self, schema, error);
}

/* Writing whole items ------------------------------------------------------ */

static void
fill_auto_ids (DynanticModel        *self,
               const DynanticSchema *schema)
{
  for (guint i = 0; i < dynantic_schema_get_n_properties (schema); i++)
    {
      const DynanticSchemaProperty *property = dynantic_schema_get_property (schema, i);
      g_auto(GValue) scratch = G_VALUE_INIT;
      g_autofree char *id = NULL;

      if (!property->auto_id ||
          !dynantic_item_value_is_empty (dynantic_model_peek_property (self, property, &scratch)))
        continue;
      id = g_uuid_string_random ();
      g_object_set (self, property->name, id, NULL);
    }
}

static void
fill_kind (DynanticModel        *self,
           const DynanticSchema *schema)
{
  const DynanticSchemaProperty *discriminator = dynantic_schema_get_discriminator (schema);
  const char *kind = dynantic_schema_get_kind (schema);
  g_auto(GValue) scratch = G_VALUE_INIT;
  const GValue *value;

  if (discriminator == NULL || kind == NULL)
    return;
  value = dynantic_model_peek_property (self, discriminator, &scratch);
  if (g_strcmp0 (g_value_get_string (value), kind) != 0)
    g_object_set (self, discriminator->name, kind, NULL);
}

const DynanticSchema *
dynantic_model_prepare_write (DynanticModel  *self,
                              GError        **error)
{
  const DynanticSchema *schema = dynantic_schema_lookup_for_table (G_OBJECT_TYPE (self), error);

  if (schema == NULL)
    return NULL;
  fill_auto_ids (self, schema);
  fill_kind (self, schema);
  return validate_with_schema (self, schema, error) ? schema : NULL;
}

/* Requests ----------------------------------------------------------------- */

typedef enum {
  RESPONSE_NONE,    /* PutItem, DeleteItem: success is all */
  RESPONSE_ITEM,    /* GetItem: a new object, or NULL */
  RESPONSE_RELOAD,  /* GetItem into the target object */
} ResponseKind;

/* One item call: encoded when made (validation errors come before any
 * I/O), sent synchronously or not, its response decoded by kind. */
typedef struct {
  DynanticClient       *client;
  const char           *operation;
  GBytes               *body;
  const DynanticSchema *schema;
  ResponseKind          response;
  DynanticModel        *target;       /* RESPONSE_RELOAD */
  DynanticClient       *item_client;  /* given to objects read, when explicit */
} Request;

static void
request_free (Request *request)
{
  g_clear_object (&request->client);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_clear_object (&request->target);
  g_clear_object (&request->item_client);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

/* Takes @client and @body. */
static Request *
request_new (DynanticClient       *client,
             const char           *operation,
             const DynanticSchema *schema,
             ResponseKind          response,
             GBytes               *body)
{
  Request *request = g_new0 (Request, 1);

  request->client = client;
  request->operation = operation;
  request->schema = schema;
  request->response = response;
  request->body = body;
  return request;
}

static void
begin_body (DynanticJsonWriter   *writer,
            GString              *out,
            const DynanticSchema *schema)
{
  dynantic_json_writer_init (writer, out);
  dynantic_json_writer_begin_object (writer);
  dynantic_json_writer_member_literal (writer, "TableName");
  dynantic_json_writer_string (writer, dynantic_schema_get_table (schema), -1);
}

static GBytes *
end_body (DynanticJsonWriter *writer,
          GString            *out)
{
  dynantic_json_writer_end_object (writer);
  return g_string_free_to_bytes (out);
}

/* "ConditionExpression" with its names and values; nothing for NULL. */
static gboolean
write_condition (DynanticJsonWriter    *writer,
                 const DynanticSchema  *schema,
                 DynanticCondition     *condition,
                 GError               **error)
{
  g_autoptr(DynanticExpressionContext) context = NULL;
  g_autofree char *expression = NULL;

  if (condition == NULL)
    return TRUE;

  context = dynantic_expression_context_new (dynantic_schema_resolve_attribute, (gpointer) schema);
  expression = dynantic_expression_context_compile_condition (context, condition, error);
  if (expression == NULL)
    return FALSE;
  dynantic_json_writer_member_literal (writer, "ConditionExpression");
  dynantic_json_writer_string (writer, expression, -1);
  return dynantic_expression_context_write (context, writer, error);
}

/* attribute_not_exists on the partition key: the item is new. */
static DynanticCondition *
create_condition (const DynanticSchema *schema)
{
  g_autofree char *path = dynantic_attr_path_escape (dynantic_schema_get_partition_key (schema)->attribute);

  return dynantic_condition_attribute_not_exists (path);
}

static GBytes *
put_item_body (const DynanticSchema  *schema,
               DynanticModel         *model,
               DynanticCondition     *condition,
               GError               **error)
{
  g_autoptr(GString) out = g_string_sized_new (512);
  DynanticJsonWriter writer;

  begin_body (&writer, out, schema);
  dynantic_json_writer_member_literal (&writer, "Item");
  if (!dynantic_item_write (&writer, schema, model, error) ||
      !write_condition (&writer, schema, condition, error))
    return NULL;
  return end_body (&writer, g_steal_pointer (&out));
}

/* A GetItem or DeleteItem body: the key from @model, or from the values. */
static GBytes *
key_body (const DynanticSchema  *schema,
          DynanticModel         *model,
          const GValue          *partition_key,
          const GValue          *sort_key,
          DynanticCondition     *condition,
          gboolean               consistent,
          GError               **error)
{
  g_autoptr(GString) out = g_string_sized_new (256);
  DynanticJsonWriter writer;

  begin_body (&writer, out, schema);
  dynantic_json_writer_member_literal (&writer, "Key");
  if (model != NULL ? !dynantic_item_write_key_of (&writer, schema, model, error)
                    : !dynantic_item_write_key (&writer, schema, partition_key, sort_key, error))
    return NULL;
  if (!write_condition (&writer, schema, condition, error))
    return NULL;
  if (consistent)
    {
      dynantic_json_writer_member_literal (&writer, "ConsistentRead");
      dynantic_json_writer_boolean (&writer, TRUE);
    }
  return end_body (&writer, g_steal_pointer (&out));
}

/* A PutItem of @self, under @condition, or (@create) only if new. */
static Request *
save_request (DynanticModel      *self,
              DynanticCondition  *condition,
              gboolean            create,
              GError            **error)
{
  const DynanticSchema *schema = dynantic_model_prepare_write (self, error);
  g_autoptr(DynanticCondition) new_item = NULL;
  GBytes *body;

  if (schema == NULL)
    return NULL;
  if (create)
    condition = new_item = create_condition (schema);
  if (!(body = put_item_body (schema, self, condition, error)))
    return NULL;
  return request_new (dynantic_model_resolve_client (G_OBJECT_TYPE (self), own_client (self)),
                      "PutItem", schema, RESPONSE_NONE, body);
}

/* A GetItem or DeleteItem of the item with @model's key, or with the keys
 * given. */
static Request *
key_request (GType               model_type,
             DynanticClient     *client,
             const char         *operation,
             ResponseKind        response,
             DynanticModel      *model,
             const GValue       *partition_key,
             const GValue       *sort_key,
             DynanticCondition  *condition,
             gboolean            consistent,
             GError            **error)
{
  const DynanticSchema *schema = dynantic_schema_lookup_for_table (model_type, error);
  Request *request;
  GBytes *body;

  if (schema == NULL ||
      !(body = key_body (schema, model, partition_key, sort_key, condition, consistent, error)))
    return NULL;

  request = request_new (dynantic_model_resolve_client (model_type, client), operation,
                         schema, response, body);
  if (client != NULL)
    request->item_client = g_object_ref (client);
  if (response == RESPONSE_RELOAD)
    request->target = g_object_ref (model);
  return request;
}

static Request *
instance_key_request (DynanticModel      *self,
                      const char         *operation,
                      ResponseKind        response,
                      DynanticCondition  *condition,
                      GError            **error)
{
  return key_request (G_OBJECT_TYPE (self), own_client (self), operation, response, self,
                      NULL, NULL, condition, response == RESPONSE_RELOAD, error);
}

static gboolean
read_response_item (Request        *request,
                    GBytes         *response,
                    DynanticModel **item,
                    GError        **error)
{
  DynanticJsonReader reader;
  gsize length = 0;
  const char *data = g_bytes_get_data (response, &length);
  GError *local_error = NULL;
  gboolean found = FALSE;

  dynantic_json_reader_init (&reader, data, length);
  if (dynantic_json_reader_find_member (&reader, "Item", &found, &local_error) && found)
    {
      if (request->response == RESPONSE_RELOAD)
        dynantic_item_read_into (&reader, request->schema, request->target, &local_error);
      else
        *item = dynantic_item_read (&reader, request->schema, &local_error);
    }
  dynantic_json_reader_clear (&reader);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (!found && request->response == RESPONSE_RELOAD)
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_RESOURCE_NOT_FOUND,
                   _("The item is no longer in the table “%s”"),
                   dynantic_schema_get_table (request->schema));
      return FALSE;
    }
  if (*item != NULL && request->item_client != NULL)
    dynantic_model_set_client (*item, request->item_client);
  return TRUE;
}

static gboolean
request_finish (Request        *request,
                GBytes         *response,
                DynanticModel **item,
                GError        **error)
{
  if (request->response == RESPONSE_NONE)
    return TRUE;
  return read_response_item (request, response, item, error);
}

static gboolean
request_run (Request        *request,
             GCancellable   *cancellable,
             DynanticModel **item,
             GError        **error)
{
  g_autoptr(GBytes) response = NULL;

  response = dynantic_client_send (request->client, request->operation, request->body,
                                   cancellable, error);
  return response != NULL && request_finish (request, response, item, error);
}

static void
request_ready (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) response = NULL;
  DynanticModel *item = NULL;
  GError *error = NULL;

  response = dynantic_client_send_finish (DYNANTIC_CLIENT (source), result, &error);
  if (response == NULL || !request_finish (request, response, &item, &error))
    g_task_return_error (task, error);
  else if (request->response == RESPONSE_ITEM)
    g_task_return_pointer (task, item, g_object_unref);
  else
    g_task_return_boolean (task, TRUE);
}

/* Sends @request (taken), or reports @error when it could not be made. */
static void
request_run_async (Request             *request,
                   GError              *error,
                   gpointer             source_object,
                   gpointer             source_tag,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GTask *task;

  if (request == NULL)
    {
      g_task_report_error (source_object, callback, user_data, source_tag, error);
      return;
    }

  task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  dynantic_client_send_async (request->client, request->operation, request->body,
                              cancellable, request_ready, task);
}

/* Runs @request (taken; NULL when it could not be made) synchronously. */
static gboolean
run_request (Request       *request,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(Request) owned = request;
  g_autoptr(DynanticModel) unused = NULL;

  return owned != NULL && request_run (owned, cancellable, &unused, error);
}

static gboolean
finish_boolean (gpointer       source_object,
                GAsyncResult  *result,
                gpointer       source_tag,
                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source_object), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, source_tag), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Saving ------------------------------------------------------------------- */

/**
 * dynantic_model_save:
 * @self: a model
 * @condition: (nullable): what the item currently stored under @self's key
 *   must meet for the save to happen, or %NULL
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes @self as a whole item (PutItem), replacing any item with the same
 * key. Unset automatic ids are generated and the discriminator is set
 * first; then @self is validated, and nothing is sent when it is invalid.
 * Condition paths name attributes (`"version"`), and their values are
 * converted to the type of the property stored there.
 *
 * Returns: %TRUE when saved; %FALSE with @error set, to
 *   %DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED when @condition did not hold
 */
gboolean
dynantic_model_save (DynanticModel      *self,
                     DynanticCondition  *condition,
                     GCancellable       *cancellable,
                     GError            **error)
{
  g_return_val_if_fail (DYNANTIC_IS_MODEL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return run_request (save_request (self, condition, FALSE, error), cancellable, error);
}

/**
 * dynantic_model_save_async:
 * @self: a model
 * @condition: (nullable): what the stored item must meet, or %NULL
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the item is saved or saving failed
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_model_save(). @self is encoded (and
 * validated) before this returns: changes made to it afterwards are not
 * part of this save.
 */
void
dynantic_model_save_async (DynanticModel       *self,
                           DynanticCondition   *condition,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GError *error = NULL;
  Request *request;

  g_return_if_fail (DYNANTIC_IS_MODEL (self));

  request = save_request (self, condition, FALSE, &error);
  request_run_async (request, error, self, dynantic_model_save_async,
                     cancellable, callback, user_data);
}

/**
 * dynantic_model_save_finish:
 * @self: a model
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_model_save_async().
 *
 * Returns: %TRUE when saved, else %FALSE with @error set
 */
gboolean
dynantic_model_save_finish (DynanticModel  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  return finish_boolean (self, result, dynantic_model_save_async, error);
}

/**
 * dynantic_model_create:
 * @self: a model
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Saves @self only when no item with its partition key exists yet (a
 * PutItem conditional on `attribute_not_exists` of the partition key).
 * Unset automatic ids are generated first, as for dynantic_model_save().
 *
 * Returns: %TRUE when created; %FALSE with @error set, to
 *   %DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED when the item already exists
 */
gboolean
dynantic_model_create (DynanticModel  *self,
                       GCancellable   *cancellable,
                       GError        **error)
{
  g_return_val_if_fail (DYNANTIC_IS_MODEL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return run_request (save_request (self, NULL, TRUE, error), cancellable, error);
}

/**
 * dynantic_model_create_async:
 * @self: a model
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the item is created or creating failed
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_model_create().
 */
void
dynantic_model_create_async (DynanticModel       *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GError *error = NULL;
  Request *request;

  g_return_if_fail (DYNANTIC_IS_MODEL (self));

  request = save_request (self, NULL, TRUE, &error);
  request_run_async (request, error, self, dynantic_model_create_async,
                     cancellable, callback, user_data);
}

/**
 * dynantic_model_create_finish:
 * @self: a model
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_model_create_async().
 *
 * Returns: %TRUE when created, else %FALSE with @error set
 */
gboolean
dynantic_model_create_finish (DynanticModel  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  return finish_boolean (self, result, dynantic_model_create_async, error);
}

/* Deleting and reloading an object's item --------------------------------- */

/**
 * dynantic_model_delete_item:
 * @self: a model
 * @condition: (nullable): what the stored item must meet to be deleted, or %NULL
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Deletes the item with @self's key (DeleteItem). Deleting an item that
 * does not exist is not an error (unless @condition requires it to).
 *
 * Returns: %TRUE when the item is gone; %FALSE with @error set, to
 *   %DYNANTIC_ERROR_CONDITIONAL_CHECK_FAILED when @condition did not hold
 */
gboolean
dynantic_model_delete_item (DynanticModel      *self,
                            DynanticCondition  *condition,
                            GCancellable       *cancellable,
                            GError            **error)
{
  g_return_val_if_fail (DYNANTIC_IS_MODEL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return run_request (instance_key_request (self, "DeleteItem", RESPONSE_NONE, condition, error),
                      cancellable, error);
}

/**
 * dynantic_model_delete_item_async:
 * @self: a model
 * @condition: (nullable): what the stored item must meet to be deleted, or %NULL
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the item is deleted or deleting failed
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_model_delete_item().
 */
void
dynantic_model_delete_item_async (DynanticModel       *self,
                                  DynanticCondition   *condition,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GError *error = NULL;
  Request *request;

  g_return_if_fail (DYNANTIC_IS_MODEL (self));

  request = instance_key_request (self, "DeleteItem", RESPONSE_NONE, condition, &error);
  request_run_async (request, error, self, dynantic_model_delete_item_async,
                     cancellable, callback, user_data);
}

/**
 * dynantic_model_delete_item_finish:
 * @self: a model
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_model_delete_item_async().
 *
 * Returns: %TRUE when the item is gone, else %FALSE with @error set
 */
gboolean
dynantic_model_delete_item_finish (DynanticModel  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  return finish_boolean (self, result, dynantic_model_delete_item_async, error);
}

/**
 * dynantic_model_reload:
 * @self: a model
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads @self's item again (a strongly consistent GetItem) and sets every
 * property from it: properties the item lacks go back to their defaults.
 *
 * Returns: %TRUE when reloaded; %FALSE with @error set, to
 *   %DYNANTIC_ERROR_RESOURCE_NOT_FOUND when the item no longer exists
 */
gboolean
dynantic_model_reload (DynanticModel  *self,
                       GCancellable   *cancellable,
                       GError        **error)
{
  g_return_val_if_fail (DYNANTIC_IS_MODEL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return run_request (instance_key_request (self, "GetItem", RESPONSE_RELOAD, NULL, error),
                      cancellable, error);
}

/**
 * dynantic_model_reload_async:
 * @self: a model
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when @self is reloaded or reloading failed
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_model_reload().
 */
void
dynantic_model_reload_async (DynanticModel       *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GError *error = NULL;
  Request *request;

  g_return_if_fail (DYNANTIC_IS_MODEL (self));

  request = instance_key_request (self, "GetItem", RESPONSE_RELOAD, NULL, &error);
  request_run_async (request, error, self, dynantic_model_reload_async,
                     cancellable, callback, user_data);
}

/**
 * dynantic_model_reload_finish:
 * @self: a model
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_model_reload_async().
 *
 * Returns: %TRUE when reloaded, else %FALSE with @error set
 */
gboolean
dynantic_model_reload_finish (DynanticModel  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  return finish_boolean (self, result, dynantic_model_reload_async, error);
}

/* Reading and deleting by key ---------------------------------------------- */

/**
 * dynantic_model_get:
 * @model_type: a #DynanticModel subtype
 * @client: (nullable): the client to call through, or %NULL for the class's
 * @partition_key: the partition key's value
 * @sort_key: (nullable): the sort key's value, for tables that have one (an
 *   unset value, or a pointer value holding %NULL, counts as none)
 * @consistent: whether to make a strongly consistent read
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads the item with the given key (GetItem). The keys must hold their
 * property's type (numbers may be given as any number type that holds the
 * value exactly); an empty string or binary key is refused with
 * %DYNANTIC_ERROR_VALIDATION before sending, while `0` is a real key.
 *
 * Through a polymorphic base class, the object is of the subclass
 * registered for the item's discriminator (the base class when the value is
 * unknown); through a subclass, an item of another kind reads as absent.
 * An object read with an explicit @client keeps it for its own calls.
 *
 * Returns: (transfer full) (nullable): the object, or %NULL when there is
 *   no such item (without error) or on error
 */
DynanticModel *
dynantic_model_get (GType            model_type,
                    DynanticClient  *client,
                    const GValue    *partition_key,
                    const GValue    *sort_key,
                    gboolean         consistent,
                    GCancellable    *cancellable,
                    GError         **error)
{
  g_autoptr(Request) request = NULL;
  DynanticModel *item = NULL;

  g_return_val_if_fail (g_type_is_a (model_type, DYNANTIC_TYPE_MODEL), NULL);
  g_return_val_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  request = key_request (model_type, client, "GetItem", RESPONSE_ITEM, NULL,
                         partition_key, sort_key, NULL, consistent, error);
  if (request == NULL || !request_run (request, cancellable, &item, error))
    return NULL;
  return item;
}

/**
 * dynantic_model_get_async:
 * @model_type: a #DynanticModel subtype
 * @client: (nullable): the client to call through, or %NULL for the class's
 * @partition_key: the partition key's value
 * @sort_key: (nullable): the sort key's value, for tables that have one (an
 *   unset value, or a pointer value holding %NULL, counts as none)
 * @consistent: whether to make a strongly consistent read
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the item is read or reading failed
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_model_get().
 */
void
dynantic_model_get_async (GType                model_type,
                          DynanticClient      *client,
                          const GValue        *partition_key,
                          const GValue        *sort_key,
                          gboolean             consistent,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GError *error = NULL;
  Request *request;

  g_return_if_fail (g_type_is_a (model_type, DYNANTIC_TYPE_MODEL));
  g_return_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client));

  request = key_request (model_type, client, "GetItem", RESPONSE_ITEM, NULL,
                         partition_key, sort_key, NULL, consistent, &error);
  request_run_async (request, error, NULL, dynantic_model_get_async,
                     cancellable, callback, user_data);
}

/**
 * dynantic_model_get_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_model_get_async().
 *
 * Returns: (transfer full) (nullable): the object, or %NULL when there is
 *   no such item (without error) or on error
 */
DynanticModel *
dynantic_model_get_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, dynantic_model_get_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * dynantic_model_delete:
 * @model_type: a #DynanticModel subtype
 * @client: (nullable): the client to call through, or %NULL for the class's
 * @partition_key: the partition key's value
 * @sort_key: (nullable): the sort key's value, for tables that have one (an
 *   unset value, or a pointer value holding %NULL, counts as none)
 * @condition: (nullable): what the stored item must meet to be deleted, or %NULL
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Deletes the item with the given key (DeleteItem); the keys are checked
 * as for dynantic_model_get(). Deleting an item that does not exist is not
 * an error (unless @condition requires it to).
 *
 * Returns: %TRUE when the item is gone, else %FALSE with @error set
 */
gboolean
dynantic_model_delete (GType               model_type,
                       DynanticClient     *client,
                       const GValue       *partition_key,
                       const GValue       *sort_key,
                       DynanticCondition  *condition,
                       GCancellable       *cancellable,
                       GError            **error)
{
  g_return_val_if_fail (g_type_is_a (model_type, DYNANTIC_TYPE_MODEL), FALSE);
  g_return_val_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return run_request (key_request (model_type, client, "DeleteItem", RESPONSE_NONE, NULL,
                                   partition_key, sort_key, condition, FALSE, error),
                      cancellable, error);
}

/**
 * dynantic_model_delete_async:
 * @model_type: a #DynanticModel subtype
 * @client: (nullable): the client to call through, or %NULL for the class's
 * @partition_key: the partition key's value
 * @sort_key: (nullable): the sort key's value, for tables that have one (an
 *   unset value, or a pointer value holding %NULL, counts as none)
 * @condition: (nullable): what the stored item must meet to be deleted, or %NULL
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the item is deleted or deleting failed
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_model_delete().
 */
void
dynantic_model_delete_async (GType                model_type,
                             DynanticClient      *client,
                             const GValue        *partition_key,
                             const GValue        *sort_key,
                             DynanticCondition   *condition,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GError *error = NULL;
  Request *request;

  g_return_if_fail (g_type_is_a (model_type, DYNANTIC_TYPE_MODEL));
  g_return_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client));

  request = key_request (model_type, client, "DeleteItem", RESPONSE_NONE, NULL,
                         partition_key, sort_key, condition, FALSE, &error);
  request_run_async (request, error, NULL, dynantic_model_delete_async,
                     cancellable, callback, user_data);
}

/**
 * dynantic_model_delete_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_model_delete_async().
 *
 * Returns: %TRUE when the item is gone, else %FALSE with @error set
 */
gboolean
dynantic_model_delete_finish (GAsyncResult  *result,
                              GError       **error)
{
  return finish_boolean (NULL, result, dynantic_model_delete_async, error);
}
