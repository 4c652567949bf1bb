/* dynantic-value-json-node.c: JsonNode <-> AttributeValue, any nesting
 *
 * Objects are M, arrays L, strings S, numbers N, booleans BOOL, null NULL.
 * Read back, N is an int when integral within int64, else the nearest
 * double; what JSON has no twin for reads as what comes nearest: B as its
 * base64 text, SS and BS as arrays of strings (base64 for BS), NS as an
 * array of numbers, and numbers no double holds exactly as that double.
 *
 * So that such parts are written back as they were read, reading also
 * gives a shape (DynanticValueShape): a note, per node, of what the wire
 * held where JSON said less: the arrays that were sets (by the JsonArray,
 * which copies of the node share), the strings that were binary and the
 * numbers' exact texts (by the member's JsonNode). Writing with the shape,
 * a part keeps its wire type as long as it still fits it (a set's array
 * still holds distinct members of its kind, a binary string is still
 * base64, a number still holds the double it was read as, which then
 * writes its exact text); a part the application replaced or changed out
 * of that type is written by the mapping above.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic-i18n-private.h"
#include "dynantic-value-json-node-private.h"
#include "dynantic-value-shape-private.h"

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

static gboolean write_node (DynanticAvWriting        *w,
                            JsonNode                 *node,
                            const DynanticValueShape *shape,
                            const DynanticValueHint               *hint,
                            guint                     level);

/* A member or item: with the hint its node has in @shape. */
static gboolean
write_part (DynanticAvWriting        *w,
            JsonNode                 *node,
            const DynanticValueShape *shape,
            guint                     level)
{
  return write_node (w, node, shape, dynantic_value_shape_node_hint (shape, node), level);
}

static gboolean
write_json_object (DynanticAvWriting        *w,
                   JsonObject               *object,
                   const DynanticValueShape *shape,
                   guint                     level)
{
  const char *names[SMALL_OBJECT];
  JsonNode *nodes[SMALL_OBJECT];
  gboolean small = json_object_get_size (object) <= SMALL_OBJECT;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  gboolean ok = TRUE;
  gsize length;
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
      length = strlen (name);
      if (dynantic_av_map_key_is_bad (w->name, name, length, w->error))
        {
          ok = FALSE;
          break;
        }
      dynantic_json_writer_member_length (w->writer, name, length);
      ok = write_part (w, member, shape, level + 1);
    }
  dynantic_av_end_container (w, DYNANTIC_AV_M);
  return ok;
}

static gboolean
write_json_array (DynanticAvWriting        *w,
                  JsonArray                *array,
                  const DynanticValueShape *shape,
                  guint                     level)
{
  guint n = json_array_get_length (array);
  gboolean ok = TRUE;
  guint i;

  if (!dynantic_av_begin_container (w, DYNANTIC_AV_L, level))
    return FALSE;
  for (i = 0; ok && i < n; i++)
    ok = write_part (w, json_array_get_element (array, i), shape, level + 1);
  dynantic_av_end_container (w, DYNANTIC_AV_L);
  return ok;
}

static gboolean
node_holds (JsonNode *node,
            GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* The N text of a number node: its exact text while it holds the double it
 * was read as (@hint), else its own. FALSE (error set) for NaN and
 * infinities. */
static gboolean
number_text (DynanticAvWriting *w,
             JsonNode          *node,
             const DynanticValueHint        *hint,
             char              *text,
             const char       **result,
             gsize             *length)
{
  double number;

  *result = text;
  if (node_holds (node, G_TYPE_INT64))
    {
      *length = dynantic_number_format_int64 (json_node_get_int (node), text);
      return TRUE;
    }
  number = json_node_get_double (node);
  if (hint != NULL && hint->kind == DYNANTIC_AV_N && number == hint->number)
    {
      *result = hint->text;
      *length = strlen (hint->text);
      return TRUE;
    }
  return dynantic_av_format_double (w, number, FALSE, text, length);
}

/* The texts of an array's members when they can be the set @kind was:
 * distinct strings (SS), distinct strict base64 texts of distinct bytes
 * (BS), distinct numbers (NS). NULL when they cannot; FALSE (error set)
 * for a number DynamoDB cannot hold. */
static gboolean
set_texts (DynanticAvWriting         *w,
           JsonArray                 *array,
           const DynanticValueShape  *shape,
           DynanticAvKind             kind,
           GPtrArray                **result)
{
  guint n = json_array_get_length (array);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_full (n, g_free);
  g_autoptr(GPtrArray) bytes = g_ptr_array_new_full (n, (GDestroyNotify) g_bytes_unref);
  g_autofree DynanticDecimal *numbers = g_new (DynanticDecimal, MAX (n, 1));
  GType member_type = kind == DYNANTIC_AV_NS ? G_TYPE_INVALID : G_TYPE_STRING;

  *result = NULL;
  if (n == 0)
    return TRUE;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *member = json_array_get_element (array, i);
      char buffer[DYNANTIC_NUMBER_FORMAT_SIZE];
      const char *text;
      gsize length;

      if (member_type == G_TYPE_STRING ? !node_holds (member, G_TYPE_STRING)
                                       : !(node_holds (member, G_TYPE_INT64) || node_holds (member, G_TYPE_DOUBLE)))
        return TRUE;
      if (kind == DYNANTIC_AV_NS)
        {
          if (!number_text (w, member, dynantic_value_shape_node_hint (shape, member), buffer, &text, &length))
            return FALSE;
          dynantic_number_parse (text, length, &numbers[i]);
        }
      else
        {
          text = json_node_get_string (member);
          length = strlen (text);
        }
      if (kind == DYNANTIC_AV_BS)
        {
          GBytes *decoded = dynantic_av_decode_base64 (text, length);

          if (decoded == NULL)
            return TRUE;
          g_ptr_array_add (bytes, decoded);
        }
      g_ptr_array_add (texts, g_strndup (text, length));
    }
  if (kind == DYNANTIC_AV_SS && dynantic_av_has_duplicates (texts->pdata, n, sizeof (gpointer), dynantic_av_compare_strings))
    return TRUE;
  if (kind == DYNANTIC_AV_BS && dynantic_av_has_duplicates (bytes->pdata, n, sizeof (gpointer), dynantic_av_compare_bytes))
    return TRUE;
  if (kind == DYNANTIC_AV_NS && dynantic_av_has_duplicates (numbers, n, sizeof *numbers, dynantic_av_compare_decimals))
    return TRUE;
  *result = g_steal_pointer (&texts);
  return TRUE;
}

/* An array that was a set of @hint's kind: that set again while its members
 * can be one (*written TRUE), else nothing. FALSE (error set, nothing
 * written) when a member is something DynamoDB cannot hold. */
static gboolean
write_set (DynanticAvWriting        *w,
           JsonArray                *array,
           const DynanticValueShape *shape,
           const DynanticValueHint               *hint,
           gboolean                 *written)
{
  g_autoptr(GPtrArray) texts = NULL;

  *written = FALSE;
  if (!set_texts (w, array, shape, hint->kind, &texts))
    return FALSE;
  if (texts == NULL)
    return TRUE;
  if (hint->kind != DYNANTIC_AV_BS)
    return (*written = dynantic_av_write_text_set (w, hint->kind, (const char * const *) texts->pdata, texts->len));
  *written = TRUE;
  dynantic_av_begin (w, DYNANTIC_AV_BS);
  dynantic_json_writer_begin_array (w->writer);
  for (guint i = 0; i < texts->len; i++)
    dynantic_json_writer_string (w->writer, texts->pdata[i], -1);
  dynantic_json_writer_end_array (w->writer);
  dynantic_av_end (w);
  return TRUE;
}

/* A scalar with @hint: B while it is a base64 string, the exact N text
 * while it holds the number it was read as; else as any other. */
static gboolean
write_scalar (DynanticAvWriting *w,
              JsonNode          *node,
              const DynanticValueHint        *hint)
{
  char buffer[DYNANTIC_NUMBER_FORMAT_SIZE];
  const char *text;
  gsize length;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return dynantic_av_write_signed (w, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return number_text (w, node, hint, buffer, &text, &length) && dynantic_av_write_text (w, DYNANTIC_AV_N, text, length);
    case G_TYPE_BOOLEAN:
      return dynantic_av_write_boolean (w, json_node_get_boolean (node));
    case G_TYPE_STRING:
    default:
      text = json_node_get_string (node);
      if (hint != NULL && hint->kind == DYNANTIC_AV_B && text != NULL && dynantic_av_is_base64 (text, strlen (text)))
        return dynantic_av_write_text (w, DYNANTIC_AV_B, text, strlen (text));
      return dynantic_av_write_string (w, text, DYNANTIC_VALUE_DEFAULT);
    }
}

static gboolean
write_node (DynanticAvWriting        *w,
            JsonNode                 *node,
            const DynanticValueShape *shape,
            const DynanticValueHint               *hint,
            guint                     level)
{
  gboolean written;

  if (node == NULL)
    return dynantic_av_write_null (w);
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return write_json_object (w, json_node_get_object (node), shape, level);
    case JSON_NODE_ARRAY:
      hint = dynantic_value_shape_array_hint (shape, json_node_get_array (node));
      if (hint != NULL && !write_set (w, json_node_get_array (node), shape, hint, &written))
        return FALSE;
      if (hint != NULL && written)
        return TRUE;
      return write_json_array (w, json_node_get_array (node), shape, level);
    case JSON_NODE_NULL:
      return dynantic_av_write_null (w);
    case JSON_NODE_VALUE:
    default:
      return write_scalar (w, node, hint);
    }
}

gboolean
dynantic_value_json_node_write (DynanticAvWriting        *w,
                                JsonNode                 *node,
                                const DynanticValueShape *shape,
                                guint                     level)
{
  /* the value itself is matched by what it holds: copies of the node
   * (every g_object_get() makes one) keep its scalar, not its address */
  return write_node (w, node, shape, dynantic_value_shape_root_hint (shape), level);
}

/* Reading --------------------------------------------------------------- */

typedef struct {
  JsonNode            *container;  /* an object or array node */
  DynanticValueShape **shape;      /* NULL: no shape wanted */
  guint                n_members;
} JsonReading;

static DynanticAvStatus read_json_member (DynanticAvReading *r,
                                          const char        *key,
                                          DynanticAvKind     kind,
                                          gpointer           user_data);

static DynanticAvStatus read_json_value (DynanticAvReading   *r,
                                         DynanticAvKind       kind,
                                         DynanticValueShape **shape,
                                         JsonNode           **node);

/* M as an object, L as an array. */
static DynanticAvStatus
read_json_container (DynanticAvReading   *r,
                     DynanticAvKind       kind,
                     DynanticValueShape **shape,
                     JsonNode           **node)
{
  g_autoptr(JsonNode) container = json_node_alloc ();
  JsonReading reading = { container, shape, 0 };
  DynanticAvStatus status;

  if (kind == DYNANTIC_AV_M)
    json_node_take_object (json_node_init (container, JSON_NODE_OBJECT), json_object_new ());
  else
    json_node_take_array (json_node_init (container, JSON_NODE_ARRAY), json_array_new ());
  status = dynantic_av_read_members (r, kind, read_json_member, &reading);
  /* a key read twice replaced its first value: fewer members than read */
  if (status != DYNANTIC_AV_BAD && kind == DYNANTIC_AV_M &&
      json_object_get_size (json_node_get_object (container)) != reading.n_members)
    status = dynantic_av_refuse (r, _("a map holds the same key twice"));
  if (status == DYNANTIC_AV_OK)
    *node = g_steal_pointer (&container);
  return status;
}

/* N as JSON: an int when integral within int64 (TRUE, in @integer), else
 * the nearest double (in @real; *@exact whether it writes back as the same
 * number, asked only when @exact is given). */
static gboolean
json_number (const char            *text,
             const DynanticDecimal *decimal,
             gint64                *integer,
             double                *real,
             gboolean              *exact)
{
  if (dynantic_number_to_int64 (decimal, integer))
    return TRUE;
  if (exact != NULL)
    *exact = dynantic_number_to_exact_double (text, decimal, real);
  else
    *real = dynantic_number_to_double (text, decimal);
  return FALSE;
}

/* A number node; with @shape, one no double holds exactly is noted with
 * its text. */
static JsonNode *
number_json_node (const char             *text,
                  const DynanticDecimal  *decimal,
                  DynanticValueShape    **shape)
{
  gboolean exact = TRUE;
  JsonNode *node;
  gint64 integer;
  double real;

  if (json_number (text, decimal, &integer, &real, shape != NULL ? &exact : NULL))
    return json_node_init_int (json_node_alloc (), integer);
  node = json_node_init_double (json_node_alloc (), real);
  if (!exact)
    dynantic_value_shape_note_node (shape, node, DYNANTIC_AV_N, text, real);
  return node;
}

typedef struct {
  JsonArray           *array;
  DynanticValueShape **shape;
} SetReading;

static DynanticAvStatus
add_json_string (DynanticAvReading *r,
                 const char        *text,
                 gsize              length,
                 gpointer           user_data)
{
  SetReading *set = user_data;
  DynanticAvStatus status = dynantic_av_check_no_nul (r, text, length);

  if (status == DYNANTIC_AV_OK)
    json_array_add_string_element (set->array, dynantic_json_reader_get_string (r->reader, NULL));
  return status;
}

static DynanticAvStatus
add_json_number (DynanticAvReading *r,
                 const char        *text,
                 gsize              length,
                 gpointer           user_data)
{
  SetReading *set = user_data;
  DynanticDecimal decimal;

  dynantic_number_parse (text, length, &decimal);
  json_array_add_element (set->array, number_json_node (dynantic_json_reader_get_string (r->reader, NULL), &decimal,
                                                        set->shape));
  return DYNANTIC_AV_OK;
}

/* SS, NS and BS as arrays (of strings, numbers, base64 texts); with a
 * shape, the array is noted as the set it was. */
static DynanticAvStatus
read_json_set (DynanticAvReading   *r,
               DynanticAvKind       kind,
               DynanticValueShape **shape,
               JsonNode           **node)
{
  g_autoptr(JsonArray) array = json_array_new ();
  SetReading set = { array, shape };
  DynanticAvStatus status = dynantic_av_read_texts (r, kind, kind, kind == DYNANTIC_AV_NS ? add_json_number : add_json_string, &set);

  if (status != DYNANTIC_AV_OK)
    return status;
  if (shape != NULL)
    dynantic_value_shape_note_array (shape, array, kind);
  *node = json_node_init_array (json_node_alloc (), array);
  return DYNANTIC_AV_OK;
}

/* A scalar as JSON: NULL for NULL; B stays base64 text (noted in @shape). */
static JsonNode *
scalar_json_node (DynanticAvReading       *r,
                  DynanticAvKind           kind,
                  const DynanticAvScalar  *scalar,
                  DynanticValueShape     **shape)
{
  JsonNode *node;

  switch (kind)
    {
    case DYNANTIC_AV_S:
      return json_node_init_string (json_node_alloc (), dynantic_json_reader_get_string (r->reader, NULL));
    case DYNANTIC_AV_B:
      node = json_node_init_string (json_node_alloc (), dynantic_json_reader_get_string (r->reader, NULL));
      if (shape != NULL)
        dynantic_value_shape_note_node (shape, node, DYNANTIC_AV_B, NULL, 0);
      return node;
    case DYNANTIC_AV_N:
      return number_json_node (dynantic_json_reader_get_string (r->reader, NULL), &scalar->decimal, shape);
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
 * FALSE for what only a node of our own can be noted by in a shape (B,
 * and numbers no double holds exactly), which the caller then makes. */
static gboolean
set_scalar_member (DynanticAvReading       *r,
                   JsonObject              *object,
                   const char              *key,
                   DynanticAvKind           kind,
                   const DynanticAvScalar  *scalar,
                   DynanticValueShape     **shape)
{
  gboolean exact = TRUE;
  gint64 integer;
  double real;

  switch (kind)
    {
    case DYNANTIC_AV_B:
      if (shape != NULL)
        return FALSE;
      G_GNUC_FALLTHROUGH;
    case DYNANTIC_AV_S:
      json_object_set_string_member (object, key, dynantic_json_reader_get_string (r->reader, NULL));
      return TRUE;
    case DYNANTIC_AV_N:
      if (json_number (dynantic_json_reader_get_string (r->reader, NULL), &scalar->decimal, &integer, &real,
                       shape != NULL ? &exact : NULL))
        json_object_set_int_member (object, key, integer);
      else if (exact)
        json_object_set_double_member (object, key, real);
      else
        return FALSE;
      return TRUE;
    case DYNANTIC_AV_BOOL:
      json_object_set_boolean_member (object, key, scalar->boolean);
      return TRUE;
    case DYNANTIC_AV_NULL:
    default:
      json_object_set_null_member (object, key);
      return TRUE;
    }
}

/* One member of an M or L into the object or array node being read. */
static DynanticAvStatus
read_json_member (DynanticAvReading *r,
                  const char        *key,
                  DynanticAvKind     kind,
                  gpointer           user_data)
{
  JsonReading *reading = user_data;
  JsonNode *member = NULL;
  DynanticAvScalar scalar;
  DynanticAvStatus status;

  /* compared with the object's size once all are read (and valid) */
  reading->n_members++;
  if (key != NULL && !is_container_kind (kind))
    {
      status = dynantic_av_read_scalar (r, kind, &scalar);
      if (status != DYNANTIC_AV_OK ||
          set_scalar_member (r, json_node_get_object (reading->container), key, kind, &scalar, reading->shape))
        return status;
      member = scalar_json_node (r, kind, &scalar, reading->shape);
    }
  else
    {
      status = read_json_value (r, kind, reading->shape, &member);
      if (status != DYNANTIC_AV_OK)
        return status;
    }
  if (member == NULL)
    member = json_node_new (JSON_NODE_NULL);
  if (key != NULL)
    json_object_set_member (json_node_get_object (reading->container), key, member);
  else
    json_array_add_element (json_node_get_array (reading->container), member);
  return DYNANTIC_AV_OK;
}

static DynanticAvStatus
read_json_value (DynanticAvReading   *r,
                 DynanticAvKind       kind,
                 DynanticValueShape **shape,
                 JsonNode           **node)
{
  DynanticAvScalar scalar;
  DynanticAvStatus status;

  *node = NULL;
  if (kind == DYNANTIC_AV_M || kind == DYNANTIC_AV_L)
    return read_json_container (r, kind, shape, node);
  if (is_container_kind (kind))
    return read_json_set (r, kind, shape, node);
  status = dynantic_av_read_scalar (r, kind, &scalar);
  if (status == DYNANTIC_AV_OK)
    *node = scalar_json_node (r, kind, &scalar, shape);
  return status;
}

DynanticAvStatus
dynantic_value_json_node_read (DynanticAvReading   *r,
                               DynanticAvKind       kind,
                               JsonNode           **node,
                               DynanticValueShape **shape)
{
  DynanticAvStatus status = read_json_value (r, kind, shape, node);

  if (status != DYNANTIC_AV_OK && shape != NULL)
    g_clear_pointer (shape, dynantic_value_shape_free);
  else if (shape != NULL && *shape != NULL && *node != NULL && JSON_NODE_HOLDS_VALUE (*node))
    dynantic_value_shape_note_root (*shape, *node);
  return status;
}
