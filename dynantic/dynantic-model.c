/* dynantic-model.c: the base class of every mapped item
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "dynantic-error-private.h"
#include "dynantic-i18n-private.h"
#include "dynantic-model-private.h"

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
 * | #GVariant | by its type: M, L, S, N, B, BOOL, NULL; sets of `as`, `ax`, `ad`, `aay`; the tagged values below |
 * | #JsonNode | M, L, S, N, BOOL, NULL; and back as read (below) |
 * | a #DynanticModel subtype | M, nested |
 *
 * Values read from DynamoDB are written back exactly as read, nested or
 * not, whoever wrote them: sets stay sets, binary stays binary, numbers
 * keep every digit. #GVariant and #JsonNode properties read each DynamoDB
 * type as:
 *
 * | DynamoDB | #GVariant | #JsonNode |
 * |---|---|---|
 * | S | `s` | string |
 * | N | `x` (integral, int64), `t` (integral, uint64), `d` (when the double writes back as the same number), else the tagged `{'N', '<text>'}` | int64, else double |
 * | B | `ay` | its base64 text |
 * | BOOL | `b` | boolean |
 * | NULL | no value (inside M and L: `mv` without value) | null |
 * | M | `a{sv}` | object |
 * | L | `av` | array |
 * | SS | `{'SS', as}` | array of strings |
 * | NS | `{'NS', ax}`, else `{'NS', ad}`, else `{'NS', as}` of the exact texts | array of numbers |
 * | BS | `{'BS', aay}` | array of base64 strings |
 *
 * A tagged value is a dict entry whose key names the DynamoDB type, as
 * DynamoDB's JSON does (`{'SS', ['a', 'b']}`); written, it is that type,
 * wherever it appears. At the top of a property declared a set
 * (dynantic_model_class_set_set()), SS, NS and BS read as the bare arrays
 * `as`, `ax` or `ad`, `aay`, which that property writes as sets.
 *
 * JSON has no sets, binary or exact decimals, so a #JsonNode is read as
 * the nearest JSON, and the object remembers what each such part was: an
 * array read from a set (even in a copy of the node, or after members were
 * added) is written back as that set while it still holds distinct members
 * of its kind, a string read from B as B while it is base64, and a number
 * read as a double no double equals exactly by its exact text while it
 * still holds that double. What the application replaced or changed into
 * something else is written by the table above.
 *
 * Properties that are not both readable and writable, or construct-only,
 * are not stored. %NULL values and empty sets are left out of the item; an
 * attribute the item lacks reads as the property's default.
 *
 * Attributes an item holds that no property stores (written by a newer
 * version of the application, for instance) are kept on the object and
 * written back when it is saved: see
 * dynantic_model_get_extra_attribute().
 *
 * Since: 0.1
 */

/* @shape: the shape of the value as read (see dynantic_value_read_kind()),
 * kept while the application sets other values. */
typedef struct {
  GParamSpec         *pspec;
  GValue              value;
  DynanticValueShape *shape;
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

/* The shape of the value as read of a property the class stores itself. */
typedef struct {
  GParamSpec         *pspec;
  DynanticValueShape *shape;
} ShapeEntry;

typedef struct {
  StoredValue    *values;    /* base-stored properties that were set, in that order */
  guint           n_values;
  guint           n_allocated;
  GArray         *shapes;    /* ShapeEntry of properties the class stores; NULL when none */
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
      /* the schema stores the properties of the classes below it */
      dynantic_schema_register_model_base (type);
      g_once_init_leave (&type_id, type);
    }
  return type_id;
}

static void
stored_value_clear (StoredValue *stored)
{
  g_value_unset (&stored->value);
  g_clear_pointer (&stored->shape, dynantic_value_shape_free);
}

static void
shape_entry_clear (gpointer data)
{
  ShapeEntry *entry = data;

  dynantic_value_shape_free (entry->shape);
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

/* Stores @value (taken: moved in, and left unset) for @pspec, and returns
 * where: a shape already there stays. */
static StoredValue *
store_value (DynanticModelPrivate *priv,
             GParamSpec           *pspec,
             guint                 hint,
             GValue               *value)
{
  StoredValue *stored = find_stored (priv, pspec, hint);

  if (stored != NULL)
    {
      g_value_unset (&stored->value);
    }
  else
    {
      reserve_values (priv, priv->n_values + 1);
      stored = &priv->values[priv->n_values++];
      stored->pspec = pspec;
      stored->shape = NULL;
    }
  dynantic_value_move (&stored->value, value);
  return stored;
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
               pspec, NO_HINT, &copy);
}

static void
dynantic_model_finalize (GObject *object)
{
  DynanticModelPrivate *priv = dynantic_model_get_instance_private (DYNANTIC_MODEL (object));

  for (guint i = 0; i < priv->n_values; i++)
    stored_value_clear (&priv->values[i]);
  g_free (priv->values);
  g_clear_pointer (&priv->shapes, g_array_unref);
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

/* Keeps @shape (taken; NULL: none) for the value of @pspec, a property
 * the class stores itself, replacing any. */
static void
keep_shape (DynanticModelPrivate *priv,
            GParamSpec           *pspec,
            DynanticValueShape   *shape)
{
  ShapeEntry entry = { pspec, shape };

  for (guint i = 0; priv->shapes != NULL && i < priv->shapes->len; i++)
    if (g_array_index (priv->shapes, ShapeEntry, i).pspec == pspec)
      {
        g_array_remove_index_fast (priv->shapes, i);
        break;
      }
  if (shape == NULL)
    return;
  if (priv->shapes == NULL)
    {
      priv->shapes = g_array_new (FALSE, FALSE, sizeof (ShapeEntry));
      g_array_set_clear_func (priv->shapes, shape_entry_clear);
    }
  g_array_append_val (priv->shapes, entry);
}

const DynanticValueShape *
dynantic_model_peek_shape (DynanticModel                *self,
                           const DynanticSchemaProperty *property)
{
  DynanticModelPrivate *priv = dynantic_model_get_instance_private (self);
  StoredValue *stored;

  if (property->base_stored)
    {
      stored = find_stored (priv, property->pspec, property->index);
      return stored != NULL ? stored->shape : NULL;
    }
  for (guint i = 0; priv->shapes != NULL && i < priv->shapes->len; i++)
    if (g_array_index (priv->shapes, ShapeEntry, i).pspec == property->pspec)
      return g_array_index (priv->shapes, ShapeEntry, i).shape;
  return NULL;
}

void
dynantic_model_reserve_properties (DynanticModel *self,
                                   guint          n)
{
  reserve_values (dynantic_model_get_instance_private (self), n);
}

gboolean
dynantic_model_take_property (DynanticModel                *self,
                              const DynanticSchemaProperty *property,
                              GValue                       *value,
                              DynanticValueShape           *shape,
                              gboolean                      notify,
                              GError                      **error)
{
  DynanticModelPrivate *priv = dynantic_model_get_instance_private (self);
  StoredValue *stored;

  /* validate() tells whether it had to change the value, which is then
   * one the pspec does not accept */
  if (property->validate_read && g_param_value_validate (property->pspec, value))
    {
      dynantic_value_shape_free (shape);
      g_value_unset (value);
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION,
                   /* Translators: %s is the name of a DynamoDB attribute */
                   _("The attribute “%s” holds a value its property does not accept"),
                   property->attribute);
      return FALSE;
    }

  if (property->base_stored)
    {
      stored = store_value (priv, property->pspec, property->index, value);
      if (stored->shape != NULL)
        dynantic_value_shape_free (stored->shape);
      stored->shape = shape;
      if (notify)
        g_object_notify_by_pspec (G_OBJECT (self), property->pspec);
    }
  else
    {
      if (shape != NULL || priv->shapes != NULL)
        keep_shape (priv, property->pspec, shape);
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
      if (priv->shapes != NULL)
        keep_shape (priv, property->pspec, NULL);
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
 *
 * Since: 0.1
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
 *
 * Since: 0.1
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
 * dynantic_model_set_instance_client:
 * @self: a model
 * @client: (nullable): the client for @self's own calls, or %NULL for its
 *   class's
 *
 * Sets the client that save, create, reload and delete calls on @self go
 * through. Objects read with an explicit client keep that client. (The
 * class-level call is dynantic_model_class_set_client().)
 *
 * Since: 0.2
 */
void
dynantic_model_set_instance_client (DynanticModel  *self,
                                    DynanticClient *client)
{
  DynanticModelPrivate *priv;

  g_return_if_fail (DYNANTIC_IS_MODEL (self));
  g_return_if_fail (client == NULL || DYNANTIC_IS_CLIENT (client));

  priv = dynantic_model_get_instance_private (self);
  g_set_object (&priv->client, client);
}

/**
 * dynantic_model_get_instance_client:
 * @self: a model
 *
 * The client @self's calls go through: its own, else its class's, else
 * dynantic_client_get_default().
 *
 * Returns: (transfer none): the client; a class's client is valid until it
 *   is replaced
 *
 * Since: 0.2
 */
DynanticClient *
dynantic_model_get_instance_client (DynanticModel *self)
{
  DynanticModelPrivate *priv;

  g_return_val_if_fail (DYNANTIC_IS_MODEL (self), NULL);

  priv = dynantic_model_get_instance_private (self);
  if (priv->client != NULL)
    return priv->client;
  return dynantic_model_class_get_client (DYNANTIC_MODEL_GET_CLASS (self)) ?: dynantic_client_get_default ();
}

/* The client @self was given, or NULL. */
DynanticClient *
dynantic_model_get_own_client (DynanticModel *self)
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

  /* GLib 2.74's g_param_value_is_valid() checks a double through a float
   * (param_double_is_valid()): every double beyond 3.4e38 would fail,
   * however wide its pspec's range. The range, as validation applies it: */
  if (G_IS_PARAM_SPEC_DOUBLE (pspec))
    return g_value_get_double (value) >= G_PARAM_SPEC_DOUBLE (pspec)->minimum &&
           g_value_get_double (value) <= G_PARAM_SPEC_DOUBLE (pspec)->maximum;
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
                              guint                 level,
                              Problems             *problems);

/* A nested model at @level (of maps around it: 0 for an item's attribute). */
static void
check_nested (const GValue *value,
              const char   *prefix,
              const char   *name,
              guint         level,
              Problems     *problems)
{
  DynanticModel *nested = g_value_get_object (value);
  g_autofree char *nested_prefix = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DynanticSchema) schema = NULL;

  if (nested == NULL)
    return;
  /* checked before going deeper: a chain of models may be as long as the
   * application makes it, DynamoDB takes 32 levels */
  if (level >= DYNANTIC_VALUE_MAX_LEVEL)
    {
      add_problem (problems, prefix, name, _("nested deeper than DynamoDB’s 32 levels"));
      return;
    }
  schema = dynantic_schema_lookup (G_OBJECT_TYPE (nested), &error);
  nested_prefix = g_strconcat (prefix != NULL ? prefix : "", name, ".", NULL);
  if (schema == NULL)
    add_problem (problems, prefix, name, _("its class has an invalid schema"));
  else
    collect_problems (nested, schema, nested_prefix, level + 1, problems);
}

static void
check_property (const DynanticSchemaProperty *property,
                const GValue                 *value,
                const char                   *prefix,
                guint                         level,
                Problems                     *problems)
{
  if (property->required && dynantic_value_is_null (value))
    add_problem (problems, prefix, property->name, _("required"));
  else if (property->key && !dynantic_value_is_null (value) && dynantic_value_is_empty (value))
    add_problem (problems, prefix, property->name, _("a key must not be empty"));
  else if (!value_is_finite (value))
    add_problem (problems, prefix, property->name, _("not a finite number"));
  else if (!dynantic_model_value_fits_pspec (property->pspec, value))
    add_problem (problems, prefix, property->name, _("out of the allowed range or values"));
  else if ((property->flags & DYNANTIC_VALUE_NUMBER_STRING) && !dynantic_value_is_null (value) &&
           !dynantic_value_check_number_text (property->name, g_value_get_string (value), NULL))
    add_problem (problems, prefix, property->name, _("not a number DynamoDB can store"));
  else if (property->model_type != 0)
    check_nested (value, prefix, property->name, level, problems);
}

static void
collect_problems (DynanticModel        *self,
                  const DynanticSchema *schema,
                  const char           *prefix,
                  guint                 level,
                  Problems             *problems)
{
  DynanticModelPrivate *priv = dynantic_model_get_instance_private (self);
  DynanticModelClass *klass = DYNANTIC_MODEL_GET_CLASS (self);

  for (guint i = 0; i < dynantic_schema_get_n_properties (schema); i++)
    {
      const DynanticSchemaProperty *property = dynantic_schema_get_property (schema, i);
      g_auto(GValue) scratch = G_VALUE_INIT;

      check_property (property, dynantic_model_peek_property (self, property, &scratch),
                      prefix, level, problems);
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
 *
 * Since: 0.1
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

  collect_problems (self, schema, NULL, 0, &problems);
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
                                  /* Translators: %s is a list of the invalid fields, each with what is wrong
                                   * with it, separated by commas */
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
 *
 * Since: 0.1
 */
gboolean
dynantic_model_validate (DynanticModel  *self,
                         GError        **error)
{
  g_autoptr(DynanticSchema) schema = NULL;

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
          !dynantic_value_is_empty (dynantic_model_peek_property (self, property, &scratch)))
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

DynanticSchema *
dynantic_model_prepare_write (DynanticModel  *self,
                              GError        **error)
{
  g_autoptr(DynanticSchema) schema = dynantic_schema_lookup_for_table (G_OBJECT_TYPE (self), error);

  if (schema == NULL)
    return NULL;
  fill_auto_ids (self, schema);
  fill_kind (self, schema);
  return validate_with_schema (self, schema, error) ? g_steal_pointer (&schema) : NULL;
}
