/* dynantic-condition-private.h: conditions compiled into a request's expressions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "dynantic-condition.h"
#include "dynantic-expression-private.h"

G_BEGIN_DECLS

/* A condition as an expression string (ConditionExpression,
 * FilterExpression, KeyConditionExpression). */
char    *dynantic_expression_context_compile_condition (DynanticExpressionContext *self,
                                                        DynanticCondition         *condition,
                                                        GError                   **error);

/* Appends @self to @out as an expression, its paths and values turned into
 * @context's placeholders. A problem found when the condition was built
 * (a malformed path, an empty IN, ...) is reported here. */
gboolean dynantic_condition_compile (const DynanticCondition   *self,
                                     DynanticExpressionContext *context,
                                     GString                   *out,
                                     GError                   **error);

G_END_DECLS
