/* dynantic-update-expression-private.h: an update's actions as one
 * UpdateExpression
 *
 * Each action names a path: a property's name or an attribute path. The
 * compiler resolves it against the schema, refuses what DynamoDB would
 * refuse or what would store a value its property does not accept, and
 * writes the action into its clause (SET, REMOVE, ADD, DELETE) with the
 * context's placeholders: never a name or value the caller gave.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "dynantic-expression-private.h"
#include "dynantic-schema-private.h"

G_BEGIN_DECLS

typedef enum {
  DYNANTIC_UPDATE_SET,                /* SET p = v; REMOVE p for no value */
  DYNANTIC_UPDATE_SET_IF_NOT_EXISTS,  /* SET p = if_not_exists(p, v) */
  DYNANTIC_UPDATE_APPEND,             /* SET p = list_append(if_not_exists(p, []), v) */
  DYNANTIC_UPDATE_PREPEND,            /* SET p = list_append(v, if_not_exists(p, [])) */
  DYNANTIC_UPDATE_INCREMENT,          /* SET p = p + v */
  DYNANTIC_UPDATE_DECREMENT,          /* SET p = p - v */
  DYNANTIC_UPDATE_ADD,                /* ADD p v */
  DYNANTIC_UPDATE_REMOVE,             /* REMOVE p */
  DYNANTIC_UPDATE_DELETE,             /* DELETE p v */
} DynanticUpdateActionKind;

typedef struct {
  DynanticUpdateActionKind  kind;
  char                     *path;    /* as the caller wrote it */
  GValue                    value;   /* unset: none given */
} DynanticUpdateAction;

/* Frees what a DynanticUpdateAction holds (a GArray clear func). */
void  dynantic_update_action_clear       (gpointer                    action);

/* The UpdateExpression of @actions (DynanticUpdateAction, in order) on
 * @schema's table; their names and values are kept in @context, which the
 * request's condition then shares. Fails, spoiling @context, with
 * DYNANTIC_ERROR_INVALID_ARGUMENT for no actions, a malformed path, a path
 * given twice or overlapping another, an action on a table key, a whole
 * nested model set, or an action without its value; with
 * DYNANTIC_ERROR_VALIDATION for a value its property's type or spec refuses
 * or an action the attribute cannot take (ADD to a string, list_append to
 * a number). Errors name the path as the caller wrote it, never a value. */
char *dynantic_update_expression_compile (GArray                     *actions,
                                          const DynanticSchema       *schema,
                                          DynanticExpressionContext  *context,
                                          GError                    **error);

G_END_DECLS
