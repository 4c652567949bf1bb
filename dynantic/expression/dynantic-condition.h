/* dynantic-condition.h: conditions on items (filters, conditional writes)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(DYNANTIC_INSIDE) && !defined(DYNANTIC_COMPILATION)
# error "Only <dynantic/dynantic.h> can be included directly."
#endif

#include <glib-object.h>

#include "dynantic-version.h"

G_BEGIN_DECLS

/**
 * DynanticComparison:
 * @DYNANTIC_COMPARISON_EQ: equal (`=`)
 * @DYNANTIC_COMPARISON_NE: not equal (`<>`)
 * @DYNANTIC_COMPARISON_LT: less than (`<`)
 * @DYNANTIC_COMPARISON_LE: less than or equal (`<=`)
 * @DYNANTIC_COMPARISON_GT: greater than (`>`)
 * @DYNANTIC_COMPARISON_GE: greater than or equal (`>=`)
 *
 * How an attribute (or its size) is compared with a value.
 *
 * Since: 0.1
 */
typedef enum {
  DYNANTIC_COMPARISON_EQ,
  DYNANTIC_COMPARISON_NE,
  DYNANTIC_COMPARISON_LT,
  DYNANTIC_COMPARISON_LE,
  DYNANTIC_COMPARISON_GT,
  DYNANTIC_COMPARISON_GE,
} DynanticComparison;

/**
 * DYNANTIC_CONDITION_MAX_IN_VALUES:
 *
 * The most values dynantic_condition_in() accepts (DynamoDB's limit).
 *
 * Since: 0.1
 */
#define DYNANTIC_CONDITION_MAX_IN_VALUES 100

/**
 * DYNANTIC_CONDITION_MAX_DEPTH:
 *
 * How deep conditions may nest inside one another (through
 * dynantic_condition_andv(), dynantic_condition_orv() and
 * dynantic_condition_not()), a single comparison or test being one level.
 * A deeper condition is refused with %DYNANTIC_ERROR_INVALID_ARGUMENT when
 * a request that uses it is prepared, before it is walked: DynamoDB could
 * not take it anyway (an expression is 4 KB at most), and walking it would
 * take stack in proportion to its depth.
 *
 * Since: 0.2
 */
#define DYNANTIC_CONDITION_MAX_DEPTH 256

#define DYNANTIC_TYPE_CONDITION (dynantic_condition_get_type ())

typedef struct _DynanticCondition DynanticCondition;

DYNANTIC_AVAILABLE_IN_ALL
GType              dynantic_condition_get_type             (void) G_GNUC_CONST;

DYNANTIC_AVAILABLE_IN_ALL
DynanticCondition *dynantic_condition_ref                  (DynanticCondition        *self);
DYNANTIC_AVAILABLE_IN_ALL
void               dynantic_condition_unref                (DynanticCondition        *self);

DYNANTIC_AVAILABLE_IN_ALL
DynanticCondition *dynantic_condition_compare              (const char               *path,
                                                            DynanticComparison        comparison,
                                                            const GValue             *value);
DYNANTIC_AVAILABLE_IN_ALL
DynanticCondition *dynantic_condition_eq                   (const char               *path,
                                                            const GValue             *value);
DYNANTIC_AVAILABLE_IN_ALL
DynanticCondition *dynantic_condition_ne                   (const char               *path,
                                                            const GValue             *value);
DYNANTIC_AVAILABLE_IN_ALL
DynanticCondition *dynantic_condition_lt                   (const char               *path,
                                                            const GValue             *value);
DYNANTIC_AVAILABLE_IN_ALL
DynanticCondition *dynantic_condition_le                   (const char               *path,
                                                            const GValue             *value);
DYNANTIC_AVAILABLE_IN_ALL
DynanticCondition *dynantic_condition_gt                   (const char               *path,
                                                            const GValue             *value);
DYNANTIC_AVAILABLE_IN_ALL
DynanticCondition *dynantic_condition_ge                   (const char               *path,
                                                            const GValue             *value);
DYNANTIC_AVAILABLE_IN_ALL
DynanticCondition *dynantic_condition_between              (const char               *path,
                                                            const GValue             *low,
                                                            const GValue             *high);
DYNANTIC_AVAILABLE_IN_ALL
DynanticCondition *dynantic_condition_in                   (const char               *path,
                                                            const GValue             *values,
                                                            guint                     n_values);
DYNANTIC_AVAILABLE_IN_ALL
DynanticCondition *dynantic_condition_begins_with          (const char               *path,
                                                            const char               *prefix);
DYNANTIC_AVAILABLE_IN_ALL
DynanticCondition *dynantic_condition_contains             (const char               *path,
                                                            const GValue             *value);
DYNANTIC_AVAILABLE_IN_ALL
DynanticCondition *dynantic_condition_attribute_exists     (const char               *path);
DYNANTIC_AVAILABLE_IN_ALL
DynanticCondition *dynantic_condition_attribute_not_exists (const char               *path);
DYNANTIC_AVAILABLE_IN_ALL
DynanticCondition *dynantic_condition_attribute_type       (const char               *path,
                                                            const char               *type);
DYNANTIC_AVAILABLE_IN_ALL
DynanticCondition *dynantic_condition_size                 (const char               *path,
                                                            DynanticComparison        comparison,
                                                            const GValue             *value);
DYNANTIC_AVAILABLE_IN_ALL
DynanticCondition *dynantic_condition_size_between         (const char               *path,
                                                            const GValue             *low,
                                                            const GValue             *high);

DYNANTIC_AVAILABLE_IN_ALL
DynanticCondition *dynantic_condition_and                  (DynanticCondition        *first,
                                                            ...) G_GNUC_NULL_TERMINATED;
DYNANTIC_AVAILABLE_IN_ALL
DynanticCondition *dynantic_condition_andv                 (DynanticCondition * const *conditions,
                                                            guint                     n_conditions);
DYNANTIC_AVAILABLE_IN_ALL
DynanticCondition *dynantic_condition_or                   (DynanticCondition        *first,
                                                            ...) G_GNUC_NULL_TERMINATED;
DYNANTIC_AVAILABLE_IN_ALL
DynanticCondition *dynantic_condition_orv                  (DynanticCondition * const *conditions,
                                                            guint                     n_conditions);
DYNANTIC_AVAILABLE_IN_ALL
DynanticCondition *dynantic_condition_not                  (DynanticCondition        *condition);

DYNANTIC_AVAILABLE_IN_ALL
char              *dynantic_condition_to_string            (DynanticCondition        *self);

DYNANTIC_AVAILABLE_IN_ALL
char              *dynantic_attr_path_escape               (const char               *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DynanticCondition, dynantic_condition_unref)

G_END_DECLS
