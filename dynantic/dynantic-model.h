/* dynantic-model.h: the base class of every mapped item
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(DYNANTIC_INSIDE) && !defined(DYNANTIC_COMPILATION)
# error "Only <dynantic/dynantic.h> can be included directly."
#endif

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dynantic-client.h"
#include "dynantic-version.h"

G_BEGIN_DECLS

#define DYNANTIC_TYPE_MODEL (dynantic_model_get_type ())

DYNANTIC_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (DynanticModel, dynantic_model, DYNANTIC, MODEL, GObject)

/**
 * DynanticModelClass:
 * @parent_class: the parent class
 * @validate: adds custom validation rules: called by dynantic_model_validate()
 *   after the checks the property specs imply; report each problem with
 *   dynantic_model_add_invalid_field(). The default does nothing.
 *
 * The class of every Dynantic model. Subclasses describe their item in
 * `class_init` with the `dynantic_model_class_*` calls.
 *
 * Since: 0.1
 */
struct _DynanticModelClass
{
  GObjectClass parent_class;

  void (*validate) (DynanticModel *self);

  /*< private >*/
  gpointer padding[15];
};

/* Schema declarations, made once per class (usually in class_init). */

DYNANTIC_AVAILABLE_IN_ALL
void            dynantic_model_class_install_property   (DynanticModelClass  *klass,
                                                         GParamSpec          *pspec);
DYNANTIC_AVAILABLE_IN_ALL
void            dynantic_model_class_set_table          (DynanticModelClass  *klass,
                                                         const char          *table);
DYNANTIC_AVAILABLE_IN_ALL
const char     *dynantic_model_class_get_table          (DynanticModelClass  *klass);
DYNANTIC_AVAILABLE_IN_ALL
void            dynantic_model_class_set_partition_key  (DynanticModelClass  *klass,
                                                         const char          *property);
DYNANTIC_AVAILABLE_IN_ALL
void            dynantic_model_class_set_sort_key       (DynanticModelClass  *klass,
                                                         const char          *property);
DYNANTIC_AVAILABLE_IN_ALL
void            dynantic_model_class_add_global_index   (DynanticModelClass  *klass,
                                                         const char          *index,
                                                         const char          *partition_key,
                                                         const char          *sort_key);
DYNANTIC_AVAILABLE_IN_ALL
void            dynantic_model_class_add_local_index    (DynanticModelClass  *klass,
                                                         const char          *index,
                                                         const char          *sort_key);
DYNANTIC_AVAILABLE_IN_ALL
void            dynantic_model_class_set_discriminator  (DynanticModelClass  *klass,
                                                         const char          *property);
DYNANTIC_AVAILABLE_IN_ALL
void            dynantic_model_class_register_subtype   (DynanticModelClass  *klass,
                                                         const char          *value,
                                                         GType                subtype);
DYNANTIC_AVAILABLE_IN_ALL
void            dynantic_model_class_set_ttl            (DynanticModelClass  *klass,
                                                         const char          *property);
DYNANTIC_AVAILABLE_IN_ALL
void            dynantic_model_class_set_version        (DynanticModelClass  *klass,
                                                         const char          *property);
DYNANTIC_AVAILABLE_IN_ALL
void            dynantic_model_class_set_auto_id        (DynanticModelClass  *klass,
                                                         const char          *property);
DYNANTIC_AVAILABLE_IN_ALL
void            dynantic_model_class_set_attribute_name (DynanticModelClass  *klass,
                                                         const char          *property,
                                                         const char          *attribute);
DYNANTIC_AVAILABLE_IN_ALL
void            dynantic_model_class_set_number         (DynanticModelClass  *klass,
                                                         const char          *property);
DYNANTIC_AVAILABLE_IN_ALL
void            dynantic_model_class_set_set            (DynanticModelClass  *klass,
                                                         const char          *property);
DYNANTIC_AVAILABLE_IN_ALL
void            dynantic_model_class_set_required       (DynanticModelClass  *klass,
                                                         const char          *property);
DYNANTIC_AVAILABLE_IN_ALL
void            dynantic_model_class_set_client         (DynanticModelClass  *klass,
                                                         DynanticClient      *client);
DYNANTIC_AVAILABLE_IN_ALL
DynanticClient *dynantic_model_class_get_client         (DynanticModelClass  *klass);
DYNANTIC_AVAILABLE_IN_ALL
gboolean        dynantic_model_class_check_schema       (DynanticModelClass  *klass,
                                                         GError             **error);

/* Instances */

DYNANTIC_AVAILABLE_IN_ALL
void            dynantic_model_set_instance_client      (DynanticModel       *self,
                                                         DynanticClient      *client);
DYNANTIC_AVAILABLE_IN_ALL
DynanticClient *dynantic_model_get_instance_client      (DynanticModel       *self);
DYNANTIC_AVAILABLE_IN_ALL
gboolean        dynantic_model_validate                 (DynanticModel       *self,
                                                         GError             **error);
DYNANTIC_AVAILABLE_IN_ALL
void            dynantic_model_add_invalid_field        (DynanticModel       *self,
                                                         const char          *field,
                                                         const char          *reason);
DYNANTIC_AVAILABLE_IN_ALL
char          **dynantic_model_list_extra_attributes    (DynanticModel       *self);
DYNANTIC_AVAILABLE_IN_ALL
JsonNode       *dynantic_model_get_extra_attribute      (DynanticModel       *self,
                                                         const char          *name);

G_END_DECLS
