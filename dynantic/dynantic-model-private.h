/* dynantic-model-private.h: what the item codec and the request layers need
 * from model instances
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "dynantic-model.h"
#include "dynantic-schema-private.h"

G_BEGIN_DECLS

/* The value of @property, without a copy when DynanticModel stores it: sets
 * *@value to the stored value (or the pspec's default) and returns it, or
 * fills @scratch (an unset GValue the caller then unsets) through
 * g_object_get_property() and returns @scratch. */
const GValue   *dynantic_model_peek_property           (DynanticModel                *self,
                                                        const DynanticSchemaProperty *property,
                                                        GValue                       *scratch);
/* Sets @property from @value (taken: left unset; of @property's type, as
 * the codec reads it, or holding a nested model), validated against its
 * pspec (unless the schema found that pspec cannot refuse or change what
 * the codec reads); a value the pspec refuses (out of range, not a member
 * of the enum) fails with DYNANTIC_ERROR_VALIDATION naming @property's
 * attribute.
 * Without @notify, base-stored values are set without notification: for
 * objects just made, that nobody watches yet. */
gboolean        dynantic_model_take_property           (DynanticModel                *self,
                                                        const DynanticSchemaProperty *property,
                                                        GValue                       *value,
                                                        DynanticValueShape           *shape,
                                                        gboolean                      notify,
                                                        GError                      **error);
/* The shape @property's value was read with (a JsonNode's or a GVariant's:
 * see dynantic_value_read_kind()), or NULL. dynantic_model_take_property()
 * takes the shape (NULL: none) of the value it stores; it stays while the
 * application sets the property, and goes with a reset. */
const DynanticValueShape *dynantic_model_peek_shape    (DynanticModel                *self,
                                                        const DynanticSchemaProperty *property);
/* Makes room for @n stored values at once (the properties of a schema
 * about to be read into @self). */
void            dynantic_model_reserve_properties      (DynanticModel                *self,
                                                        guint                         n);
/* Sets @property back to its pspec's default, with notification. */
void            dynantic_model_reset_property          (DynanticModel                *self,
                                                        const DynanticSchemaProperty *property);

/* Unknown attributes: kept as the raw JSON of their AttributeValue. */
void            dynantic_model_clear_extra_attributes  (DynanticModel                *self);
void            dynantic_model_keep_extra_attribute    (DynanticModel                *self,
                                                        const char                   *name,
                                                        const char                   *json,
                                                        gsize                         length);
/* Calls @func for each kept attribute, in the order they were read. */
void            dynantic_model_foreach_extra_attribute (DynanticModel                *self,
                                                        void (*func) (const char *name,
                                                                      const char *json,
                                                                      gsize       length,
                                                                      gpointer    user_data),
                                                        gpointer                      user_data);

/* The client @self was given with dynantic_model_set_instance_client(), or NULL. */
DynanticClient *dynantic_model_get_own_client          (DynanticModel                *self);

/* Whether @value is one @pspec accepts (range, enum membership, charset).
 * Other pointer values are not checked: their pspecs only check the type,
 * which GObject or the coercion already did. */
gboolean        dynantic_model_value_fits_pspec        (GParamSpec                   *pspec,
                                                        const GValue                 *value);

/* Readies @self to be written as a whole item: generates the unset auto-id
 * properties, sets the discriminator to the class's registered kind, and
 * validates (one DYNANTIC_ERROR_VALIDATION error naming every bad field).
 * Returns a reference to @self's schema (for a table), or NULL with @error
 * set. For save, create, batch and transaction writes. */
DynanticSchema *dynantic_model_prepare_write          (DynanticModel                *self,
                                                        GError                      **error);

/* The client calls about @model_type go through: @client when given, else
 * the class's (dynantic_model_class_set_client(), inherited), else
 * dynantic_client_get_default(). Transfer full: the class's client may be
 * replaced while the call runs. */
DynanticClient *dynantic_model_resolve_client          (GType                         model_type,
                                                        DynanticClient               *client);
G_END_DECLS
