/* dynantic-aws-json.c: the small JSON documents credentials sources answer with
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "dynantic-aws-json-private.h"

/* json-glib parses recursively: a hostile document nested deep enough
 * would overflow the stack. Credentials documents nest two levels. */
#define MAX_DEPTH 32

static gboolean
nesting_within (const char *data,
                gsize       size,
                guint       max_depth)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < size; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if ((c == '[' || c == '{') && ++depth > max_depth)
        return FALSE;
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}

JsonObject *
dynantic_aws_json_parse_object (const char *data,
                                gsize       size)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  if (size == 0 || !g_utf8_validate_len (data, size, NULL) || !nesting_within (data, size, MAX_DEPTH))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, size, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

const char *
dynantic_aws_json_get_string (JsonObject *object,
                              const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gboolean
dynantic_aws_json_get_int (JsonObject *object,
                           const char *member,
                           gint64     *value)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}
