/* dynantic-value-shape.c: how a value read from DynamoDB was on the wire
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic-value-shape-private.h"

struct _DynanticValueShape {
  /* a GVariant's: the variant (referenced) and the text it was read from */
  GVariant          *variant;
  char              *text;
  gsize              length;
  /* a JsonNode's */
  GHashTable        *nodes;   /* JsonNode * (referenced) -> hint: B and N members */
  GHashTable        *arrays;  /* JsonArray * (referenced) -> hint: sets */
  DynanticValueHint  root;    /* the value itself, when a B or N scalar (else kind S) */
};

static void
hint_free (gpointer data)
{
  DynanticValueHint *hint = data;

  g_free (hint->text);
  g_free (hint);
}

void
dynantic_value_shape_free (DynanticValueShape *shape)
{
  if (shape == NULL)
    return;
  g_clear_pointer (&shape->variant, g_variant_unref);
  g_clear_pointer (&shape->nodes, g_hash_table_unref);
  g_clear_pointer (&shape->arrays, g_hash_table_unref);
  g_free (shape->root.text);
  g_free (shape);
}

static DynanticValueShape *
shape_new (gsize text_length)
{
  /* the text, when there is one, in the same block */
  DynanticValueShape *shape = g_malloc0 (sizeof *shape + text_length);

  shape->root.kind = DYNANTIC_AV_S;
  return shape;
}

DynanticValueShape *
dynantic_value_shape_new_for_variant (GVariant   *variant,
                                      const char *text,
                                      gsize       length)
{
  DynanticValueShape *shape = shape_new (length + 1);

  shape->variant = g_variant_ref (variant);
  shape->text = memcpy ((char *) (shape + 1), text, length);
  shape->text[length] = '\0';
  shape->length = length;
  return shape;
}

const char *
dynantic_value_shape_variant_text (const DynanticValueShape *shape,
                                   GVariant                 *variant,
                                   gsize                    *length)
{
  if (shape == NULL || shape->variant == NULL || shape->variant != variant)
    return NULL;
  *length = shape->length;
  return shape->text;
}

static DynanticValueHint *
hint_new (DynanticAvKind  kind,
          const char     *text,
          double          number)
{
  DynanticValueHint *hint = g_new (DynanticValueHint, 1);

  hint->kind = kind;
  hint->text = g_strdup (text);
  hint->number = number;
  return hint;
}

static DynanticValueShape *
shape_ensure (DynanticValueShape **shape)
{
  if (*shape == NULL)
    *shape = shape_new (0);
  return *shape;
}

void
dynantic_value_shape_note_node (DynanticValueShape **shape,
                                JsonNode            *node,
                                DynanticAvKind       kind,
                                const char          *text,
                                double               number)
{
  DynanticValueShape *self = shape_ensure (shape);

  /* the reference keeps the address from being reused by another node */
  if (self->nodes == NULL)
    self->nodes = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) json_node_unref, hint_free);
  g_hash_table_replace (self->nodes, json_node_ref (node), hint_new (kind, text, number));
}

void
dynantic_value_shape_note_array (DynanticValueShape **shape,
                                 JsonArray           *array,
                                 DynanticAvKind       kind)
{
  DynanticValueShape *self = shape_ensure (shape);

  if (self->arrays == NULL)
    self->arrays = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) json_array_unref, hint_free);
  g_hash_table_replace (self->arrays, json_array_ref (array), hint_new (kind, NULL, 0));
}

void
dynantic_value_shape_note_root (DynanticValueShape *shape,
                                JsonNode           *node)
{
  const DynanticValueHint *hint = dynantic_value_shape_node_hint (shape, node);

  if (hint == NULL)
    return;
  shape->root.kind = hint->kind;
  shape->root.text = g_strdup (hint->text);
  shape->root.number = hint->number;
  g_hash_table_remove (shape->nodes, node);
}

const DynanticValueHint *
dynantic_value_shape_node_hint (const DynanticValueShape *shape,
                                JsonNode                 *node)
{
  if (shape == NULL || shape->nodes == NULL)
    return NULL;
  return g_hash_table_lookup (shape->nodes, node);
}

const DynanticValueHint *
dynantic_value_shape_array_hint (const DynanticValueShape *shape,
                                 JsonArray                *array)
{
  if (shape == NULL || shape->arrays == NULL)
    return NULL;
  return g_hash_table_lookup (shape->arrays, array);
}

const DynanticValueHint *
dynantic_value_shape_root_hint (const DynanticValueShape *shape)
{
  if (shape == NULL || shape->root.kind == DYNANTIC_AV_S)
    return NULL;
  return &shape->root;
}
