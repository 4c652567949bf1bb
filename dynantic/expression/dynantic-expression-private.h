/* dynantic-expression-private.h: compiling the expressions of one request
 *
 * One DynanticExpressionContext serves every expression of ONE request (key
 * condition, filter, condition, projection, update). It hands out `#n0`,
 * `#n1`, ... for attribute names (the same name always gets the same
 * placeholder) and `:v0`, `:v1`, ... for values, so the expression strings it
 * builds hold only placeholders, operators, function names and parentheses:
 * never a name or a value the caller supplied. Values are converted to the
 * type of the property their path names (through the resolver the model
 * layer provides) when they are added, and encoded by the value codec when
 * the context writes ExpressionAttributeNames/ExpressionAttributeValues.
 *
 * After any error the context is spoiled (it may hold placeholders no
 * expression uses, which DynamoDB refuses): drop the request.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib-object.h>

#include "codec/dynantic-json-private.h"
#include "codec/dynantic-value-private.h"
#include "dynantic-path-private.h"

G_BEGIN_DECLS

/* Resolves @root, the first segment of a path, by the one rule for paths
 * (see dynantic_schema_resolve_root()): when it names a stored property,
 * by its attribute's name or by the property's, sets *@attribute to the
 * attribute's name (static or interned), *@type and *@flags to the
 * property's value type and codec flags, and returns TRUE; FALSE for an
 * attribute no property stores, which the path names as written. */
typedef gboolean (*DynanticAttributeResolver) (const char          *root,
                                               const char         **attribute,
                                               GType               *type,
                                               DynanticValueFlags  *flags,
                                               gpointer             user_data);

/* What a value is to the path it goes with, which decides its type. */
typedef enum {
  /* compared with, or stored into, the path: the property's type */
  DYNANTIC_VALUE_ROLE_PROPERTY,
  /* an element of the path's set or list (contains); a substring for strings */
  DYNANTIC_VALUE_ROLE_ELEMENT,
  /* a number whatever the path holds (size comparisons, arithmetic) */
  DYNANTIC_VALUE_ROLE_NUMBER,
  /* a string whatever the path holds (begins_with, attribute_type) */
  DYNANTIC_VALUE_ROLE_STRING,
} DynanticValueRole;

typedef struct _DynanticExpressionContext DynanticExpressionContext;

/* @resolver may be NULL: every value is then encoded by its own type. */
DynanticExpressionContext *dynantic_expression_context_new          (DynanticAttributeResolver   resolver,
                                                                     gpointer                    user_data);
/* A context for showing expressions to people: paths appear as written,
 * values as placeholders, nothing is checked or kept. */
DynanticExpressionContext *dynantic_expression_context_new_for_display (void);
void                       dynantic_expression_context_free         (DynanticExpressionContext  *self);
gboolean                   dynantic_expression_context_is_for_display (DynanticExpressionContext *self);

/* The placeholder ("#n3") for the attribute name @name; transfer none. */
const char *dynantic_expression_context_add_name        (DynanticExpressionContext  *self,
                                                         const char                 *name);
/* Appends @path as placeholders ("#n0.#n1[2]") to @out, its root resolved
 * to the attribute it names. */
void        dynantic_expression_context_append_path     (DynanticExpressionContext  *self,
                                                         const DynanticPath         *path,
                                                         GString                    *out);
/* Parses @path and returns it as placeholders; a malformed path fails with
 * DYNANTIC_ERROR_INVALID_ARGUMENT. For the update builder. */
char       *dynantic_expression_context_add_path        (DynanticExpressionContext  *self,
                                                         const char                 *path,
                                                         GError                    **error);
/* Converts @value (NULL or unset: DynamoDB's NULL) for its @role on @path,
 * keeps it, and appends its placeholder (":v4") to @out. A value that does
 * not fit fails with DYNANTIC_ERROR_VALIDATION naming the path. */
gboolean    dynantic_expression_context_append_value    (DynanticExpressionContext  *self,
                                                         const DynanticPath         *path,
                                                         const GValue               *value,
                                                         DynanticValueRole           role,
                                                         GString                    *out,
                                                         GError                    **error);
/* The same for a path given as text; returns the placeholder (transfer none).
 * For the update builder. */
const char *dynantic_expression_context_add_value       (DynanticExpressionContext  *self,
                                                         const char                 *path,
                                                         const GValue               *value,
                                                         DynanticValueRole           role,
                                                         GError                    **error);

/* A ProjectionExpression naming @paths (each attribute path once). */
char       *dynantic_expression_context_compile_projection (DynanticExpressionContext  *self,
                                                            const char * const         *paths,
                                                            guint                       n_paths,
                                                            GError                    **error);

/* Writes the "ExpressionAttributeNames" and "ExpressionAttributeValues"
 * members (each only when it has entries: DynamoDB refuses empty ones) into
 * the request object @writer is in. Values are encoded by the value codec;
 * one it cannot encode (NaN, ...) fails with DYNANTIC_ERROR_VALIDATION naming
 * its path, leaving the request half written. */
gboolean    dynantic_expression_context_write           (DynanticExpressionContext  *self,
                                                         DynanticJsonWriter         *writer,
                                                         GError                    **error);

/* What the context holds, in placeholder order: #n<i> and :v<i>. A NULL
 * value is an unset GValue. */
guint         dynantic_expression_context_get_n_names   (DynanticExpressionContext  *self);
const char   *dynantic_expression_context_get_name      (DynanticExpressionContext  *self,
                                                         guint                       i);
guint         dynantic_expression_context_get_n_values  (DynanticExpressionContext  *self);
const GValue *dynantic_expression_context_get_value     (DynanticExpressionContext  *self,
                                                         guint                       i,
                                                         DynanticValueFlags         *flags);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DynanticExpressionContext, dynantic_expression_context_free)

G_END_DECLS
