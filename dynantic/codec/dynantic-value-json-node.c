/* dynantic-value-json-node.c: JsonNode <-> AttributeValue, any nesting
 *
 * Objects are M, arrays L, strings S, numbers N, booleans BOOL, null NULL.
 * Read back, N is an int when integral within int64, else the nearest
 * double (numbers of 17 or more significant digits may change); what JSON
 * has no twin for reads as text: B and BS as base64 strings, SS/NS as arrays.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "dynantic-i18n-private.h"
#include "dynantic-value-json-node-private.h"

/* Objects up to this size are written through a table of their nodes. */
#define SMALL_OBJECT 16

/* The node of member @name of an object whose members @names and @nodes
 * hold (@n of them): json-glib's ordered iteration gives the very key
 * strings its hash table holds, found here by address without hashing;
 * any other string falls back to the object's own lookup. */
static JsonNode *
small_object_member (JsonObject         *object,
                     const char         *name,
                     const char * const *names,
                     JsonNode * const   *nodes,
                     guint               n)
{
  for (guint i = 0; i < n; i++)
    if (names[i] == name)
      return nodes[i];
  return json_object_get_member (object, name);
}

static gboolean
write_json_object (DynanticAvWriting *w,
                   JsonObject        *object,
                   guint              level)
{
  const char *names[SMALL_OBJECT];
  JsonNode *nodes[SMALL_OBJECT];
  gboolean small = json_object_get_size (object) <= SMALL_OBJECT;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  gboolean ok = TRUE;
  guint n = 0;

  if (!dynantic_av_begin_container (w, DYNANTIC_AV_M, level))
    return FALSE;
  /* in insertion order, without a list or a hash lookup per member: the
   * nodes come from the unordered iteration (no lookups), the order from
   * the ordered one asked for names only */
  if (small)
    {
      json_object_iter_init (&iter, object);
      while (n < SMALL_OBJECT && json_object_iter_next (&iter, &names[n], &nodes[n]))
        n++;
    }
  json_object_iter_init_ordered (&iter, object);
  while (ok && json_object_iter_next_ordered (&iter, &name, small ? NULL : &member))
    {
      if (small)
        member = small_object_member (object, name, names, nodes, n);
      dynantic_json_writer_member (w->writer, name);
      ok = dynantic_value_json_node_write (w, member, level + 1);
    }
  dynantic_av_end_container (w, DYNANTIC_AV_M);
  return ok;
}

static gboolean
write_json_array (DynanticAvWriting *w,
                  JsonArray         *array,
                  guint              level)
{
  guint n = json_array_get_length (array);
  gboolean ok = TRUE;
  guint i;

  if (!dynantic_av_begin_container (w, DYNANTIC_AV_L, level))
    return FALSE;
  for (i = 0; ok && i < n; i++)
    ok = dynantic_value_json_node_write (w, json_array_get_element (array, i), level + 1);
  dynantic_av_end_container (w, DYNANTIC_AV_L);
  return ok;
}

gboolean
dynantic_value_json_node_write (DynanticAvWriting *w,
                                JsonNode          *node,
                                guint              level)
{
  if (node == NULL)
    return dynantic_av_write_null (w);
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return write_json_object (w, json_node_get_object (node), level);
    case JSON_NODE_ARRAY:
      return write_json_array (w, json_node_get_array (node), level);
    case JSON_NODE_NULL:
      return dynantic_av_write_null (w);
    case JSON_NODE_VALUE:
    default:
      break;
    }
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return dynantic_av_write_signed (w, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return dynantic_av_write_double (w, json_node_get_double (node), FALSE);
    case G_TYPE_BOOLEAN:
      return dynantic_av_write_boolean (w, json_node_get_boolean (node));
    case G_TYPE_STRING:
    default:
      return dynantic_av_write_string (w, json_node_get_string (node), DYNANTIC_VALUE_DEFAULT);
    }
}

static DynanticAvStatus read_json_member (DynanticAvReading *r,
                                          const char        *key,
                                          DynanticAvKind     kind,
                                          gpointer           user_data);

/* M as an object, L as an array. */
static DynanticAvStatus
read_json_container (DynanticAvReading  *r,
                     DynanticAvKind      kind,
                     JsonNode          **node)
{
  g_autoptr(JsonNode) container = json_node_alloc ();
  DynanticAvStatus status;

  if (kind == DYNANTIC_AV_M)
    json_node_take_object (json_node_init (container, JSON_NODE_OBJECT), json_object_new ());
  else
    json_node_take_array (json_node_init (container, JSON_NODE_ARRAY), json_array_new ());
  status = dynantic_av_read_members (r, kind, read_json_member, container);
  if (status == DYNANTIC_AV_OK)
    *node = g_steal_pointer (&container);
  return status;
}

/* N as JSON: an int when integral within int64 (TRUE, in @integer), else
 * the nearest double (in @real). */
static gboolean
json_number (const char            *text,
             const DynanticDecimal *decimal,
             gint64                *integer,
             double                *real)
{
  if (dynantic_number_to_int64 (decimal, integer))
    return TRUE;
  *real = dynantic_number_to_double (text, decimal);
  return FALSE;
}

static JsonNode *
number_json_node (const char            *text,
                  const DynanticDecimal *decimal)
{
  gint64 integer;
  double real;

  if (json_number (text, decimal, &integer, &real))
    return json_node_init_int (json_node_alloc (), integer);
  return json_node_init_double (json_node_alloc (), real);
}

static DynanticAvStatus
add_json_string (DynanticAvReading *r,
                 const char        *text,
                 gsize              length,
                 gpointer           user_data)
{
  DynanticAvStatus status = dynantic_av_check_no_nul (r, text, length);

  if (status == DYNANTIC_AV_OK)
    json_array_add_string_element (user_data, dynantic_json_reader_get_string (r->reader, NULL));
  return status;
}

static DynanticAvStatus
add_json_number (DynanticAvReading *r,
                 const char        *text,
                 gsize              length,
                 gpointer           user_data)
{
  DynanticDecimal decimal;

  dynantic_number_parse (text, length, &decimal);
  json_array_add_element (user_data, number_json_node (dynantic_json_reader_get_string (r->reader, NULL), &decimal));
  return DYNANTIC_AV_OK;
}

static DynanticAvStatus
read_json_set (DynanticAvReading  *r,
               DynanticAvKind      kind,
               JsonNode          **node)
{
  g_autoptr(JsonArray) array = json_array_new ();
  DynanticAvStatus status = dynantic_av_read_texts (r, kind, kind, kind == DYNANTIC_AV_NS ? add_json_number : add_json_string, array);

  if (status == DYNANTIC_AV_OK)
    *node = json_node_init_array (json_node_alloc (), array);
  return status;
}

/* A scalar as JSON: NULL for NULL; B stays base64 text. */
static JsonNode *
scalar_json_node (DynanticAvReading      *r,
                  DynanticAvKind          kind,
                  const DynanticAvScalar *scalar)
{
  switch (kind)
    {
    case DYNANTIC_AV_S:
    case DYNANTIC_AV_B:
      return json_node_init_string (json_node_alloc (), dynantic_json_reader_get_string (r->reader, NULL));
    case DYNANTIC_AV_N:
      return number_json_node (dynantic_json_reader_get_string (r->reader, NULL), &scalar->decimal);
    case DYNANTIC_AV_BOOL:
      return json_node_init_boolean (json_node_alloc (), scalar->boolean);
    case DYNANTIC_AV_NULL:
    default:
      return NULL;
    }
}

static gboolean
is_container_kind (DynanticAvKind kind)
{
  return kind == DYNANTIC_AV_M || kind == DYNANTIC_AV_L || kind == DYNANTIC_AV_SS ||
         kind == DYNANTIC_AV_NS || kind == DYNANTIC_AV_BS;
}

/* A scalar member of an M, set with json-glib's typed setters: unlike
 * json_object_set_member() they skip a lookup of @key before their own.
 * The nodes are the ones scalar_json_node() makes. */
static void
set_scalar_member (DynanticAvReading      *r,
                   JsonObject             *object,
                   const char             *key,
                   DynanticAvKind          kind,
                   const DynanticAvScalar *scalar)
{
  gint64 integer;
  double real;

  switch (kind)
    {
    case DYNANTIC_AV_S:
    case DYNANTIC_AV_B:
      json_object_set_string_member (object, key, dynantic_json_reader_get_string (r->reader, NULL));
      break;
    case DYNANTIC_AV_N:
      if (json_number (dynantic_json_reader_get_string (r->reader, NULL), &scalar->decimal, &integer, &real))
        json_object_set_int_member (object, key, integer);
      else
        json_object_set_double_member (object, key, real);
      break;
    case DYNANTIC_AV_BOOL:
      json_object_set_boolean_member (object, key, scalar->boolean);
      break;
    case DYNANTIC_AV_NULL:
    default:
      json_object_set_null_member (object, key);
      break;
    }
}

/* One member of an M or L into @user_data, an object or array node. */
static DynanticAvStatus
read_json_member (DynanticAvReading *r,
                  const char        *key,
                  DynanticAvKind     kind,
                  gpointer           user_data)
{
  JsonNode *member = NULL;
  DynanticAvScalar scalar;
  DynanticAvStatus status;

  if (key != NULL && !is_container_kind (kind))
    {
      status = dynantic_av_read_scalar (r, kind, &scalar);
      if (status == DYNANTIC_AV_OK)
        set_scalar_member (r, json_node_get_object (user_data), key, kind, &scalar);
      return status;
    }
  status = dynantic_value_json_node_read (r, kind, &member);
  if (status != DYNANTIC_AV_OK)
    return status;
  if (member == NULL)
    member = json_node_new (JSON_NODE_NULL);
  if (key != NULL)
    json_object_set_member (json_node_get_object (user_data), key, member);
  else
    json_array_add_element (json_node_get_array (user_data), member);
  return DYNANTIC_AV_OK;
}

DynanticAvStatus
dynantic_value_json_node_read (DynanticAvReading  *r,
                               DynanticAvKind      kind,
                               JsonNode          **node)
{
  DynanticAvScalar scalar;
  DynanticAvStatus status;

  *node = NULL;
  if (kind == DYNANTIC_AV_M || kind == DYNANTIC_AV_L)
    return read_json_container (r, kind, node);
  if (is_container_kind (kind))
    return read_json_set (r, kind, node);
  status = dynantic_av_read_scalar (r, kind, &scalar);
  if (status == DYNANTIC_AV_OK)
    *node = scalar_json_node (r, kind, &scalar);
  return status;
}
