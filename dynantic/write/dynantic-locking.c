/* dynantic-locking.c: optimistic locking, for every write of an object
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "dynantic-error.h"
#include "dynantic-i18n-private.h"
#include "dynantic-model-private.h"
#include "dynantic-locking-private.h"

gint64
dynantic_locking_get_version (const DynanticSchema *schema,
                      DynanticModel        *model)
{
  const DynanticSchemaProperty *property = dynantic_schema_get_version (schema);
  g_auto(GValue) scratch = G_VALUE_INIT;
  g_auto(GValue) version = G_VALUE_INIT;

  if (property == NULL)
    return 0;
  g_value_init (&version, G_TYPE_INT64);
  if (!g_value_transform (dynantic_model_peek_property (model, property, &scratch), &version))
    return 0;
  return g_value_get_int64 (&version);
}

DynanticCondition *
dynantic_locking_condition (const DynanticSchema *schema,
                            DynanticModel        *model,
                            DynanticCondition    *condition)
{
  const DynanticSchemaProperty *property = dynantic_schema_get_version (schema);
  g_autoptr(DynanticCondition) check = NULL;
  g_autofree char *path = NULL;
  gint64 version;

  if (property == NULL)
    return condition != NULL ? dynantic_condition_ref (condition) : NULL;

  path = dynantic_attr_path_escape (property->attribute);
  version = dynantic_locking_get_version (schema, model);
  if (version == 0)
    check = dynantic_condition_attribute_not_exists (path);
  else
    {
      g_auto(GValue) value = G_VALUE_INIT;

      g_value_init (&value, G_TYPE_INT64);
      g_value_set_int64 (&value, version);
      check = dynantic_condition_eq (path, &value);
    }
  if (condition == NULL)
    return g_steal_pointer (&check);
  return dynantic_condition_and (condition, check, NULL);
}

gboolean
dynantic_locking_step_init (DynanticLockingStep   *step,
                            const DynanticSchema  *schema,
                            DynanticModel         *model,
                            GError               **error)
{
  const DynanticSchemaProperty *property = dynantic_schema_get_version (schema);
  g_auto(GValue) next = G_VALUE_INIT;
  g_auto(GValue) back = G_VALUE_INIT;
  gint64 version;

  if (property == NULL)
    return TRUE;

  /* The next version, in the property's type: one that wraps or that the
   * pspec refuses cannot be stored. */
  version = dynantic_locking_get_version (schema, model);
  g_value_init (&next, G_TYPE_INT64);
  g_value_set_int64 (&next, version < G_MAXINT64 ? version + 1 : version);
  g_value_init (&step->next, property->value_type);
  g_value_init (&back, G_TYPE_INT64);
  if (version == G_MAXINT64 || !g_value_transform (&next, &step->next) ||
      !g_value_transform (&step->next, &back) || g_value_get_int64 (&back) != version + 1 ||
      !dynantic_model_value_fits_pspec (property->pspec, &step->next))
    {
      g_value_unset (&step->next);
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_VALIDATION,
                   /* Translators: %s is the name of the property holding the item's version */
                   _("The version “%s” cannot grow past its property’s range"), property->name);
      return FALSE;
    }
  step->model = g_object_ref (model);
  step->property = property;
  return TRUE;
}

void
dynantic_locking_step_commit (DynanticLockingStep *step)
{
  if (step->model == NULL)
    return;
  g_object_set_property (G_OBJECT (step->model), step->property->pspec->name, &step->next);
}

void
dynantic_locking_step_clear (DynanticLockingStep *step)
{
  g_clear_object (&step->model);
  step->property = NULL;
  if (G_IS_VALUE (&step->next))
    g_value_unset (&step->next);
}
