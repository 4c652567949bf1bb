/* dynantic-locking-private.h: optimistic locking, for every write of an object
 *
 * A class that declares a version (dynantic_model_class_set_version()) has
 * every write of one of its objects checked against the version the object
 * holds: the write happens only when the stored item's version is that one
 * (or, for an object holding 0, when the item has none). A write that
 * stores the item (save, create, a transaction's put, a patch) stores the
 * version plus one, which the object takes once the write succeeded: until
 * then it keeps the version it was read with, so a failed write can be
 * retried as it is.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "expression/dynantic-condition.h"
#include "dynantic-model.h"
#include "dynantic-schema-private.h"

G_BEGIN_DECLS

/* The version a write stores, and the object that takes it after. */
typedef struct {
  DynanticModel                *model;     /* a reference; NULL: not versioned */
  const DynanticSchemaProperty *property;
  GValue                        next;      /* of the property's type */
} DynanticLockingStep;

#define DYNANTIC_LOCKING_STEP_INIT { NULL, NULL, G_VALUE_INIT }

/* @condition (nullable) and, when @schema is versioned, the condition that
 * the stored version is the one @model holds. Transfer full; NULL when
 * there is neither. */
DynanticCondition *dynantic_locking_condition (const DynanticSchema  *schema,
                                               DynanticModel         *model,
                                               DynanticCondition     *condition);

/* Readies @step (cleared) for a write that stores @model: nothing when
 * @schema is not versioned. Fails with DYNANTIC_ERROR_VALIDATION naming the
 * property when the next version does not fit it. */
gboolean           dynantic_locking_step_init  (DynanticLockingStep   *step,
                                                const DynanticSchema  *schema,
                                                DynanticModel         *model,
                                                GError               **error);
/* After the write succeeded: the object takes the version written. */
void               dynantic_locking_step_commit (DynanticLockingStep  *step);
void               dynantic_locking_step_clear  (DynanticLockingStep  *step);

/* The version @model holds (0 when @schema is not versioned). */
gint64             dynantic_locking_get_version         (const DynanticSchema  *schema,
                                                 DynanticModel         *model);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DynanticLockingStep, dynantic_locking_step_clear)

G_END_DECLS
