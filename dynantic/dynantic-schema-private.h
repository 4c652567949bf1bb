/* dynantic-schema-private.h: what a model class stores, and how
 *
 * A DynanticSchema describes one model GType: its properties with their
 * attribute names and codec flags, its table, keys, secondary indexes,
 * discriminator, TTL and auto-id properties. It is built on first use from
 * the class's GParamSpecs and the declarations (dynantic-model-class.c) of
 * the class and its ancestors, then never changes: any thread may read it
 * without locking. It is reference counted: a lookup hands out a
 * reference, which keeps it valid however the class is declared meanwhile.
 * A declaration made after a schema was built (a subtype registered late,
 * a table renamed in a test) makes the next lookup of the classes it
 * concerns — and of no other — build a fresh schema; the stale one is
 * freed when its last user lets it go.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib-object.h>

#include "codec/dynantic-value-private.h"

G_BEGIN_DECLS

typedef struct _DynanticSchema DynanticSchema;

/* What a class declares about one property, at most one property each. */
typedef enum {
  DYNANTIC_SCHEMA_ROLE_PARTITION_KEY,
  DYNANTIC_SCHEMA_ROLE_SORT_KEY,
  DYNANTIC_SCHEMA_ROLE_DISCRIMINATOR,
  DYNANTIC_SCHEMA_ROLE_TTL,
  DYNANTIC_SCHEMA_ROLE_VERSION,
  DYNANTIC_SCHEMA_N_ROLES
} DynanticSchemaRole;

/* What a class declares about any number of properties. */
typedef enum {
  DYNANTIC_SCHEMA_MARK_AUTO_ID,
  DYNANTIC_SCHEMA_MARK_NUMBER,
  DYNANTIC_SCHEMA_MARK_SET,
  DYNANTIC_SCHEMA_MARK_REQUIRED,
  DYNANTIC_SCHEMA_N_MARKS
} DynanticSchemaMark;

/* One stored property. Strings are interned or owned by the schema. */
typedef struct {
  GParamSpec         *pspec;
  const char         *name;        /* the property's name */
  const char         *attribute;   /* the DynamoDB attribute's name */
  gsize               attribute_length;
  const char         *attribute_member; /* `"attribute":` as JSON, for writers */
  gsize               attribute_member_length;
  guint               index;       /* its place in the schema's properties */
  GType               value_type;
  DynanticValueFlags  flags;
  DynanticValueKind   kind;        /* how the codec stores it; UNSUPPORTED for nested models */
  GType               model_type;  /* a nested model's type (stored as M), or 0 */
  guint               required : 1; /* declared required, or a table key */
  guint               key : 1;      /* a key of the table or of an index: never "" */
  guint               auto_id : 1;
  guint               base_stored : 1; /* DynanticModel keeps its value */
  guint               validate_read : 1; /* its pspec may refuse or change a value the codec reads */
} DynanticSchemaProperty;

typedef enum {
  DYNANTIC_SCHEMA_INDEX_GLOBAL,
  DYNANTIC_SCHEMA_INDEX_LOCAL,
} DynanticSchemaIndexKind;

/* One secondary index. A local index's partition key is the table's. */
typedef struct {
  const char                   *name;
  DynanticSchemaIndexKind       kind;
  const DynanticSchemaProperty *partition_key;
  const DynanticSchemaProperty *sort_key;       /* NULL when the index has none */
} DynanticSchemaIndex;

/* The type every model class derives from (DynanticModel), which registers
 * itself here: the schema stores the properties its subclasses declare,
 * and a property's value is kept by the base type unless the class that
 * declares it replaces the base type's get_property and set_property. */
void dynantic_schema_register_model_base (GType type);

/* Declarations: what `dynantic_model_class_*` record for @type. Property
 * names are taken in either spelling (`product_id`, `product-id`). Each
 * makes the schemas it concerns stale: @type's and its subclasses', and
 * for a discriminator or a subtype those of @type's polymorphic hierarchy. */
void        dynantic_schema_declare_table          (GType                    type,
                                                    const char              *table);
void        dynantic_schema_declare_role           (GType                    type,
                                                    DynanticSchemaRole       role,
                                                    const char              *property);
void        dynantic_schema_declare_mark           (GType                    type,
                                                    DynanticSchemaMark       mark,
                                                    const char              *property);
void        dynantic_schema_declare_index          (GType                    type,
                                                    DynanticSchemaIndexKind  kind,
                                                    const char              *index,
                                                    const char              *partition_key,
                                                    const char              *sort_key);
void        dynantic_schema_declare_attribute_name (GType                    type,
                                                    const char              *property,
                                                    const char              *attribute);
void        dynantic_schema_declare_subtype        (GType                    type,
                                                    const char              *kind,
                                                    GType                    subtype);
/* The table @type or its nearest ancestor declares (interned), or NULL. */
const char *dynantic_schema_get_declared_table     (GType                    type);

/* A reference to the schema of @type, a DynanticModel subtype. Fails with
 * DYNANTIC_ERROR_SCHEMA (naming the class and the property) when the
 * declarations are invalid. Nested models need no table or keys: use
 * dynantic_schema_lookup_for_table() for anything that reaches a table. */
DynanticSchema       *dynantic_schema_lookup           (GType                  type,
                                                        GError               **error);
/* The same, and fails when the class has no table or no partition key. */
DynanticSchema       *dynantic_schema_lookup_for_table (GType                  type,
                                                        GError               **error);
DynanticSchema       *dynantic_schema_ref              (const DynanticSchema  *self);
/* Drops a reference; NULL is ignored. */
void                  dynantic_schema_unref            (const DynanticSchema  *self);
/* How many schemas are built and not yet freed (for the tests). */
guint                 dynantic_schema_get_n_alive      (void);

GType        dynantic_schema_get_model_type    (const DynanticSchema  *self);
/* The table's name; NULL for a model only ever nested. */
const char  *dynantic_schema_get_table         (const DynanticSchema  *self);

guint                         dynantic_schema_get_n_properties (const DynanticSchema *self);
const DynanticSchemaProperty *dynantic_schema_get_property     (const DynanticSchema *self,
                                                                guint                 i);
/* NULL when no stored property has that name; `product_id` finds the
 * property `product-id` (GObject's two spellings of one name). */
const DynanticSchemaProperty *dynantic_schema_find_property    (const DynanticSchema *self,
                                                                const char           *name);
const DynanticSchemaProperty *dynantic_schema_find_attribute   (const DynanticSchema *self,
                                                                const char           *attribute);

/* Keys; NULL when the class has none. */
const DynanticSchemaProperty *dynantic_schema_get_partition_key  (const DynanticSchema *self);
const DynanticSchemaProperty *dynantic_schema_get_sort_key       (const DynanticSchema *self);
const DynanticSchemaProperty *dynantic_schema_get_ttl            (const DynanticSchema *self);
const DynanticSchemaProperty *dynantic_schema_get_discriminator  (const DynanticSchema *self);
/* The optimistic-locking version (an integer property), or NULL. */
const DynanticSchemaProperty *dynantic_schema_get_version        (const DynanticSchema *self);

guint                      dynantic_schema_get_n_indexes (const DynanticSchema *self);
const DynanticSchemaIndex *dynantic_schema_get_index     (const DynanticSchema *self,
                                                          guint                 i);
/* NULL when the class has no index of that name. */
const DynanticSchemaIndex *dynantic_schema_find_index    (const DynanticSchema *self,
                                                          const char           *name);

/* The base of this class's polymorphic hierarchy (the class that declares
 * its discriminator), which reads items of every kind; the class itself
 * when it has no discriminator. */
GType               dynantic_schema_get_base_type      (const DynanticSchema *self);
/* The discriminator value registered for this very class, or NULL. */
const char         *dynantic_schema_get_kind           (const DynanticSchema *self);
/* Every discriminator value whose class is this class or one of its
 * subclasses (what a query through this class should match); NULL when the
 * class has no discriminator or is its hierarchy's base, which reads every
 * kind. */
const char * const *dynantic_schema_get_kinds          (const DynanticSchema *self);
/* The class to instantiate for an item whose discriminator is @kind (NULL:
 * the item has none), read through this class: a registered subclass, this
 * class for unknown kinds when it is the hierarchy's base, or 0 when the
 * item is of another kind than this class reads. */
GType               dynantic_schema_resolve_kind       (const DynanticSchema *self,
                                                        const char           *kind);

/* The one rule for paths (conditions, filters, projections, updates): the
 * first segment of a path, @root, names the attribute of the same name
 * when a property is stored there, else the attribute of the property
 * named @root (in either spelling); NULL when neither (an attribute no
 * property stores, taken as written). */
const DynanticSchemaProperty *dynantic_schema_resolve_root     (const DynanticSchema *self,
                                                                const char           *root);

/* A DynanticAttributeResolver (dynantic-expression-private.h) over a schema
 * given as @user_data: dynantic_schema_resolve_root(), then the attribute,
 * the type and the flags of the property found. */
gboolean dynantic_schema_resolve_attribute (const char          *root,
                                            const char         **attribute,
                                            GType               *type,
                                            DynanticValueFlags  *flags,
                                            gpointer             user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DynanticSchema, dynantic_schema_unref)

G_END_DECLS
