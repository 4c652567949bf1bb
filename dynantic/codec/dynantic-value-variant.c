/* dynantic-value-variant.c: GVariant <-> AttributeValue, any nesting
 *
 * By the variant's type: s (and o, g) S, numbers N, b BOOL, ay B, a{s*} M,
 * other arrays and tuples L (as/ax/ad/aay with SET: SS/NS/NS/BS), maybe
 * nothing NULL, v unwrapped; handles ("h") are refused.
 *
 * What GVariant has no type for is a tagged value: the dict entry
 * {TYPE, value} whose key is DynamoDB's type name, as in DynamoDB's own
 * JSON: {'SS', ['a', 'b']} is an SS, {'NS', [int64 1, 2]} (or of doubles,
 * or of the numbers' texts) an NS, {'BS', [b'x']} a BS, and {'N', '...'} a
 * number by its exact text. Other dict entries are L of key and value.
 *
 * Read back, every DynamoDB type has a shape of its own, which writes back
 * as the same type: N is int64 "x" when integral within int64, uint64 "t"
 * when integral beyond, double "d" when the double writes back as the same
 * number, else {'N', text}; L reads as "av", M as "a{sv}", a NULL member as
 * "mv" without value inside its "v"; SS as {'SS', as}, NS as {'NS', ax},
 * else {'NS', ad}, else {'NS', as} of the exact texts, BS as {'BS', aay} --
 * or, at the top of a property declared a set, as the bare arrays "as",
 * "ax", "ad", "aay" (an NS only strings hold stays tagged: "as" would be an
 * SS). Object paths and signatures read back as "s".
 *
 * Written through GLib's accessors, which check a variant whose bytes came
 * from the network as they read it (a variant the model read and still
 * holds is written as the text it was read from: dynantic-value.c); one
 * nested deeper than 128 (boxes, maybes and containers) is refused before
 * the walk goes deeper.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic-i18n-private.h"
#include "dynantic-value-variant-private.h"
#include "dynantic-variant-serial-private.h"

static gboolean
write_variant_list (DynanticAvWriting *w,
                    GVariant          *variant,
                    guint              level)
{
  gsize n = g_variant_n_children (variant);
  gboolean ok = TRUE;
  gsize i;

  if (!dynantic_av_begin_container (w, DYNANTIC_AV_L, level))
    return FALSE;
  for (i = 0; ok && i < n; i++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (variant, i);

      ok = dynantic_value_variant_write (w, child, DYNANTIC_VALUE_DEFAULT, level + 1);
    }
  dynantic_av_end_container (w, DYNANTIC_AV_L);
  return ok;
}

static gboolean
write_variant_map (DynanticAvWriting *w,
                   GVariant          *variant,
                   guint              level)
{
  gsize n = g_variant_n_children (variant);
  g_autofree const char **keys = g_new (const char *, n + 1);
  gboolean ok = TRUE;
  gsize i;

  for (i = 0; i < n; i++)
    {
      g_autoptr(GVariant) entry = g_variant_get_child_value (variant, i);
      g_autoptr(GVariant) key = g_variant_get_child_value (entry, 0);

      /* the string lives as long as @variant */
      keys[i] = g_variant_get_string (key, NULL);
    }
  for (i = 0; i < n; i++)
    if (dynantic_av_map_key_is_bad (w->name, keys[i], strlen (keys[i]), w->error))
      return FALSE;
  if (dynantic_av_has_duplicates (keys, n, sizeof *keys, dynantic_av_compare_strings))
    return dynantic_av_set_validation_error (w->error, w->name, _("a map cannot hold the same key twice"));
  if (!dynantic_av_begin_container (w, DYNANTIC_AV_M, level))
    return FALSE;
  for (i = 0; ok && i < n; i++)
    {
      g_autoptr(GVariant) entry = g_variant_get_child_value (variant, i);
      g_autoptr(GVariant) value = g_variant_get_child_value (entry, 1);

      dynantic_json_writer_member (w->writer, keys[i]);
      ok = dynantic_value_variant_write (w, value, DYNANTIC_VALUE_DEFAULT, level + 1);
    }
  dynantic_av_end_container (w, DYNANTIC_AV_M);
  return ok;
}

static gboolean
write_variant_bytes (DynanticAvWriting *w,
                     GVariant          *variant)
{
  g_autoptr(GBytes) bytes = g_variant_get_data_as_bytes (variant);

  return dynantic_av_write_bytes (w, bytes);
}

static gboolean
is_string_type (const GVariantType *type)
{
  return g_variant_type_equal (type, G_VARIANT_TYPE_STRING) ||
         g_variant_type_equal (type, G_VARIANT_TYPE_OBJECT_PATH) ||
         g_variant_type_equal (type, G_VARIANT_TYPE_SIGNATURE);
}

static gboolean
is_number_type (const GVariantType *type)
{
  return g_variant_type_get_string_length (type) == 1 &&
         strchr ("nqiuxtd", g_variant_type_peek_string (type)[0]) != NULL;
}

/* The text of a number variant: integers in full, doubles shortest. */
static gboolean
format_variant_number (DynanticAvWriting *w,
                       GVariant          *number,
                       char              *text,
                       gsize             *length)
{
  switch (g_variant_classify (number))
    {
    case G_VARIANT_CLASS_INT16:
      *length = dynantic_number_format_int64 (g_variant_get_int16 (number), text);
      return TRUE;
    case G_VARIANT_CLASS_UINT16:
      *length = dynantic_number_format_uint64 (g_variant_get_uint16 (number), text);
      return TRUE;
    case G_VARIANT_CLASS_INT32:
      *length = dynantic_number_format_int64 (g_variant_get_int32 (number), text);
      return TRUE;
    case G_VARIANT_CLASS_UINT32:
      *length = dynantic_number_format_uint64 (g_variant_get_uint32 (number), text);
      return TRUE;
    case G_VARIANT_CLASS_INT64:
      *length = dynantic_number_format_int64 (g_variant_get_int64 (number), text);
      return TRUE;
    case G_VARIANT_CLASS_UINT64:
      *length = dynantic_number_format_uint64 (g_variant_get_uint64 (number), text);
      return TRUE;
    case G_VARIANT_CLASS_DOUBLE:
    default:
      return dynantic_av_format_double (w, g_variant_get_double (number), FALSE, text, length);
    }
}

static gboolean
write_variant_bytes_set (DynanticAvWriting *w,
                         GVariant          *variant)
{
  gsize n = g_variant_n_children (variant);
  g_autoptr(GPtrArray) members = g_ptr_array_new_full (n, (GDestroyNotify) g_bytes_unref);
  gsize i;

  for (i = 0; i < n; i++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (variant, i);

      g_ptr_array_add (members, g_variant_get_data_as_bytes (child));
    }
  if (n == 0)
    return dynantic_av_set_validation_error (w->error, w->name, _("DynamoDB cannot store an empty set"));
  if (dynantic_av_has_duplicates (members->pdata, n, sizeof (gpointer), dynantic_av_compare_bytes))
    return dynantic_av_set_validation_error (w->error, w->name, _("a set cannot hold the same member twice"));
  dynantic_av_begin (w, DYNANTIC_AV_BS);
  dynantic_json_writer_begin_array (w->writer);
  for (i = 0; i < n; i++)
    {
      gsize size;
      const guchar *data = g_bytes_get_data (members->pdata[i], &size);
      g_autofree char *base64 = g_base64_encode (data, size);

      dynantic_json_writer_string (w->writer, base64, -1);
    }
  dynantic_json_writer_end_array (w->writer);
  dynantic_av_end (w);
  return TRUE;
}

/* The kind of set an array of @element values makes: as/ao/ag SS, arrays
 * of numbers NS, aay BS; FALSE for other arrays. */
static gboolean
set_kind_of (const GVariantType *element,
             DynanticAvKind     *kind)
{
  if (g_variant_type_equal (element, G_VARIANT_TYPE_BYTESTRING))
    *kind = DYNANTIC_AV_BS;
  else if (is_number_type (element))
    *kind = DYNANTIC_AV_NS;
  else if (is_string_type (element))
    *kind = DYNANTIC_AV_SS;
  else
    return FALSE;
  return TRUE;
}

/* @variant, an array, as a set of @kind: an array of strings makes an SS,
 * or an NS of the numbers they spell; an array of numbers an NS; aay a BS. */
static gboolean
write_variant_set_of (DynanticAvWriting *w,
                      GVariant          *variant,
                      DynanticAvKind     kind)
{
  const GVariantType *element = g_variant_type_element (g_variant_get_type (variant));
  gsize n = g_variant_n_children (variant);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_full (n + 1, g_free);
  gboolean numbers = is_number_type (element);
  gsize i;

  if (kind == DYNANTIC_AV_BS)
    return write_variant_bytes_set (w, variant);
  for (i = 0; i < n; i++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (variant, i);
      char text[DYNANTIC_NUMBER_FORMAT_SIZE];
      gsize length;

      if (!numbers)
        g_ptr_array_add (texts, g_variant_dup_string (child, NULL));
      else if (format_variant_number (w, child, text, &length))
        g_ptr_array_add (texts, g_strndup (text, length));
      else
        return FALSE;
    }
  g_ptr_array_add (texts, NULL);
  return dynantic_av_write_text_set (w, kind, (const char * const *) texts->pdata, n);
}

/* as/ao/ag as SS, arrays of numbers as NS, aay as BS. */
static gboolean
write_variant_set (DynanticAvWriting *w,
                   GVariant          *variant)
{
  DynanticAvKind kind;

  if (!set_kind_of (g_variant_type_element (g_variant_get_type (variant)), &kind))
    /* Translators: %s is a GVariant type string such as a(ii); a DynamoDB set is an SS, NS or BS value */
    return dynantic_av_set_validation_error (w->error, w->name, _("a GVariant of type %s cannot be a DynamoDB set"),
                                             g_variant_get_type_string (variant));
  return write_variant_set_of (w, variant, kind);
}

/* The DynamoDB types GVariant has no type of its own for, named by the key
 * of a dict entry {TYPE, value}: "N" (a number as its exact text), "SS",
 * "NS", "BS". */
static gboolean
tag_from_name (const char     *name,
               DynanticAvKind *kind)
{
  if (strcmp (name, "N") == 0)
    *kind = DYNANTIC_AV_N;
  else if (strcmp (name, "SS") == 0)
    *kind = DYNANTIC_AV_SS;
  else if (strcmp (name, "NS") == 0)
    *kind = DYNANTIC_AV_NS;
  else if (strcmp (name, "BS") == 0)
    *kind = DYNANTIC_AV_BS;
  else
    return FALSE;
  return TRUE;
}

gboolean
dynantic_value_variant_get_tag (GVariant        *variant,
                                DynanticAvKind  *kind,
                                GVariant       **value)
{
  const GVariantType *type = g_variant_get_type (variant);
  g_autoptr(GVariant) key = NULL;

  if (!g_variant_type_is_dict_entry (type) || !is_string_type (g_variant_type_key (type)))
    return FALSE;
  key = g_variant_get_child_value (variant, 0);
  if (!tag_from_name (g_variant_get_string (key, NULL), kind))
    return FALSE;
  *value = g_variant_get_child_value (variant, 1);
  while (g_variant_is_of_type (*value, G_VARIANT_TYPE_VARIANT))
    {
      GVariant *boxed = *value;

      *value = g_variant_get_variant (boxed);
      g_variant_unref (boxed);
    }
  return TRUE;
}

/* Whether @value can be what @tag names: the text or a number for N, an
 * array of strings for SS, of numbers or strings for NS, of bytestrings
 * for BS. */
static gboolean
tagged_value_fits (DynanticAvKind  tag,
                   GVariant       *value)
{
  const GVariantType *type = g_variant_get_type (value);
  DynanticAvKind kind;

  if (tag == DYNANTIC_AV_N)
    return is_string_type (type) || is_number_type (type);
  if (!g_variant_type_is_array (type) || !set_kind_of (g_variant_type_element (type), &kind))
    return FALSE;
  return kind == tag || (tag == DYNANTIC_AV_NS && kind == DYNANTIC_AV_SS);
}

static gboolean
write_tagged (DynanticAvWriting *w,
              DynanticAvKind     tag,
              GVariant          *value)
{
  char text[DYNANTIC_NUMBER_FORMAT_SIZE];
  const char *number;
  gsize length;

  if (!tagged_value_fits (tag, value))
    /* Translators: keep {'%s', value} as it is (GVariant notation): its %s is a DynamoDB type code such as N or
       SS; the second %s is a GVariant type string such as as */
    return dynantic_av_set_validation_error (w->error, w->name, _("a GVariant {'%s', value} cannot hold a value of type %s"),
                                             dynantic_av_kind_names[tag], g_variant_get_type_string (value));
  if (tag != DYNANTIC_AV_N)
    return write_variant_set_of (w, value, tag);
  if (is_number_type (g_variant_get_type (value)))
    return format_variant_number (w, value, text, &length) && dynantic_av_write_text (w, DYNANTIC_AV_N, text, length);
  number = g_variant_get_string (value, &length);
  return dynantic_av_check_number (w, number, length) && dynantic_av_write_text (w, DYNANTIC_AV_N, number, length);
}

/* A dict entry on its own: a tagged value, or an L of its key and value. */
static gboolean
write_variant_entry (DynanticAvWriting *w,
                     GVariant          *variant,
                     guint              level)
{
  g_autoptr(GVariant) value = NULL;
  DynanticAvKind tag;

  if (dynantic_value_variant_get_tag (variant, &tag, &value))
    return write_tagged (w, tag, value);
  return write_variant_list (w, variant, level);
}

static gboolean
write_variant_array (DynanticAvWriting  *w,
                     GVariant           *variant,
                     DynanticValueFlags  flags,
                     guint               level)
{
  const GVariantType *element = g_variant_type_element (g_variant_get_type (variant));

  if (g_variant_type_equal (element, G_VARIANT_TYPE_BYTE))
    return write_variant_bytes (w, variant);
  if (flags & DYNANTIC_VALUE_SET)
    return write_variant_set (w, variant);
  if (g_variant_type_is_dict_entry (element) && is_string_type (g_variant_type_key (element)))
    return write_variant_map (w, variant, level);
  return write_variant_list (w, variant, level);
}

static gboolean
write_variant_child (DynanticAvWriting  *w,
                     GVariant           *variant,
                     DynanticValueFlags  flags,
                     guint               level)
{
  g_autoptr(GVariant) child = NULL;

  if (g_variant_n_children (variant) == 0)
    return dynantic_av_write_null (w);
  child = g_variant_get_child_value (variant, 0);
  return dynantic_value_variant_write (w, child, flags, level);
}

/* Any variant, through GLib's accessors. */
static gboolean
write_variant_value (DynanticAvWriting  *w,
                     GVariant           *variant,
                     DynanticValueFlags  flags,
                     guint               level)
{
  char text[DYNANTIC_NUMBER_FORMAT_SIZE];
  gsize length;

  switch (g_variant_classify (variant))
    {
    case G_VARIANT_CLASS_BOOLEAN:
      return dynantic_av_write_boolean (w, g_variant_get_boolean (variant));
    case G_VARIANT_CLASS_BYTE:
      return dynantic_av_write_unsigned (w, g_variant_get_byte (variant));
    case G_VARIANT_CLASS_INT16:
    case G_VARIANT_CLASS_UINT16:
    case G_VARIANT_CLASS_INT32:
    case G_VARIANT_CLASS_UINT32:
    case G_VARIANT_CLASS_INT64:
    case G_VARIANT_CLASS_UINT64:
    case G_VARIANT_CLASS_DOUBLE:
      return format_variant_number (w, variant, text, &length) && dynantic_av_write_text (w, DYNANTIC_AV_N, text, length);
    case G_VARIANT_CLASS_STRING:
    case G_VARIANT_CLASS_OBJECT_PATH:
    case G_VARIANT_CLASS_SIGNATURE:
      return dynantic_av_write_string (w, g_variant_get_string (variant, NULL), DYNANTIC_VALUE_DEFAULT);
    case G_VARIANT_CLASS_VARIANT:
    case G_VARIANT_CLASS_MAYBE:
      return write_variant_child (w, variant, flags, level);
    case G_VARIANT_CLASS_ARRAY:
      return write_variant_array (w, variant, flags, level);
    case G_VARIANT_CLASS_TUPLE:
      return write_variant_list (w, variant, level);
    case G_VARIANT_CLASS_DICT_ENTRY:
      return write_variant_entry (w, variant, level);
    case G_VARIANT_CLASS_HANDLE:
    default:
      /* Translators: %s is a GVariant type string such as h */
      return dynantic_av_set_validation_error (w->error, w->name, _("a GVariant of type %s cannot be stored"),
                                               g_variant_get_type_string (variant));
    }
}

/* More boxes, maybes and containers than any value DynamoDB holds needs
 * (32 levels of lists or maps, each item in its "v"). */
#define MAX_DEPTH 128

gboolean
dynantic_value_variant_write (DynanticAvWriting  *w,
                              GVariant           *variant,
                              DynanticValueFlags  flags,
                              guint               level)
{
  gboolean ok;

  /* checked before going deeper: a variant may nest boxes without end */
  if (w->depth >= MAX_DEPTH)
    /* Translators: %d is the number of levels allowed */
    return dynantic_av_set_validation_error (w->error, w->name, _("the GVariant is nested deeper than %d levels"),
                                             MAX_DEPTH);
  w->depth++;
  ok = write_variant_value (w, variant, flags, level);
  w->depth--;
  return ok;
}

/* ---- Reading: the value's serialized form, straight from the tokens
 * (dynantic-variant-serial-private.h), wrapped once at the end. Each value
 * is written at a multiple of 8 bytes, which suits every type it can be. */

/* What a variant read starts with: most fit in it. */
#define SERIAL_START_SIZE 128

static DynanticAvStatus serialize_value (DynanticAvReading  *r,
                                         DynanticAvKind      kind,
                                         gboolean            plain_sets,
                                         GString            *data,
                                         const char        **type);

static void
append_string (GString    *data,
               const char *text,
               gsize       length)
{
  dynantic_variant_serial_append (data, text, length);
  g_string_append_c (data, '\0');
}

/* A value GVariant has no type for, as the dict entry {TYPE, value}:
 * begin_tag() writes the key and the padding to the value's @alignment,
 * end_tag() the key's framing offset after the value. The entry starts at
 * a multiple of 8, which suits every entry it can be. */
static void
begin_tag (GString              *data,
           DynanticVariantFrame *entry,
           DynanticAvKind        tag,
           gsize                 alignment)
{
  const char *name = dynantic_av_kind_names[tag];

  dynantic_variant_frame_init (entry, data);
  append_string (data, name, strlen (name));
  dynantic_variant_frame_add_end (entry, data);
  dynantic_variant_serial_align (data, alignment);
}

static void
end_tag (GString              *data,
         DynanticVariantFrame *entry)
{
  dynantic_variant_frame_close (entry, data);
}

/* N: "x", "t", "d" when the double writes back as the same number, else
 * the exact @text (NUL-terminated) tagged: {'N', '...'}. */
static const char *
serialize_number (GString               *data,
                  const char            *text,
                  const DynanticDecimal *decimal)
{
  DynanticVariantFrame entry;
  guint64 magnitude;
  gboolean exact;
  gint64 integer;
  double number;

  if (dynantic_number_to_int64 (decimal, &integer))
    {
      dynantic_variant_serial_append (data, &integer, sizeof integer);
      return "x";
    }
  if (!decimal->negative && dynantic_number_to_integer (decimal, 0, &magnitude, &exact) && exact)
    {
      dynantic_variant_serial_append (data, &magnitude, sizeof magnitude);
      return "t";
    }
  if (dynantic_number_to_exact_double (text, decimal, &number))
    {
      dynantic_variant_serial_append (data, &number, sizeof number);
      return "d";
    }
  begin_tag (data, &entry, DYNANTIC_AV_N, 1);
  append_string (data, text, strlen (text));
  end_tag (data, &entry);
  return "{ss}";
}

static gboolean
append_base64 (GString    *data,
               const char *text,
               gsize       length)
{
  g_autoptr(GBytes) bytes = dynantic_av_decode_base64 (text, length);
  gsize size;
  gconstpointer bytes_data;

  if (bytes == NULL)
    return FALSE;
  bytes_data = g_bytes_get_data (bytes, &size);
  dynantic_variant_serial_append (data, bytes_data, size);
  return TRUE;
}

/* A list or map, or a set of strings or of binary values, being written;
 * a map's keys (where each starts in @data), for the check that none
 * comes twice. */
typedef struct {
  GString              *data;
  DynanticVariantFrame  frame;
  GArray               *keys;
} Container;

/* One member of an M ({sv} entry) or item of an L ("v"). */
static DynanticAvStatus
serialize_member (DynanticAvReading *r,
                  const char        *key,
                  DynanticAvKind     kind,
                  gpointer           user_data)
{
  Container *container = user_data;
  GString *data = container->data;
  DynanticVariantFrame entry;
  const char *type = NULL;
  DynanticAvStatus status;

  dynantic_variant_serial_align (data, 8);
  if (key != NULL)
    {
      if (container->keys == NULL)
        container->keys = g_array_sized_new (FALSE, FALSE, sizeof (gsize), 16);
      g_array_append_val (container->keys, data->len);
      dynantic_variant_frame_init (&entry, data);
      append_string (data, key, strlen (key));
      dynantic_variant_frame_add_end (&entry, data);
      dynantic_variant_serial_align (data, 8);
    }
  status = serialize_value (r, kind, FALSE, data, &type);
  if (status != DYNANTIC_AV_OK)
    return status;
  /* a NULL member: Nothing, "mv", in its "v" */
  dynantic_variant_serial_end_variant (data, type != NULL ? type : "mv");
  if (key != NULL)
    dynantic_variant_frame_close (&entry, data);
  dynantic_variant_frame_add_end (&container->frame, data);
  return DYNANTIC_AV_OK;
}

static DynanticAvStatus
add_string_member (DynanticAvReading *r,
                   const char        *text,
                   gsize              length,
                   gpointer           user_data)
{
  Container *container = user_data;
  DynanticAvStatus status = dynantic_av_check_no_nul (r, text, length);

  if (status != DYNANTIC_AV_OK)
    return status;
  append_string (container->data, text, length);
  dynantic_variant_frame_add_end (&container->frame, container->data);
  return DYNANTIC_AV_OK;
}

static DynanticAvStatus
add_bytes_member (DynanticAvReading *r,
                  const char        *text,
                  gsize              length,
                  gpointer           user_data)
{
  Container *container = user_data;

  if (!append_base64 (container->data, text, length))
    return dynantic_av_bad (r, N_("base64 data"));
  dynantic_variant_frame_add_end (&container->frame, container->data);
  return DYNANTIC_AV_OK;
}

/* Whether two of the keys that start at @keys (offsets in @data, which
 * holds each with its NUL) are the same. */
static gboolean
has_duplicate_keys (GString *data,
                    GArray  *keys)
{
  g_autofree const char **texts = NULL;

  if (keys == NULL || keys->len < 2)
    return FALSE;
  texts = g_new (const char *, keys->len);
  for (guint i = 0; i < keys->len; i++)
    texts[i] = data->str + g_array_index (keys, gsize, i);
  return dynantic_av_has_duplicates (texts, keys->len, sizeof *texts, dynantic_av_compare_strings);
}

/* M as "a{sv}", L as "av", SS as "as", BS as "aay". */
static DynanticAvStatus
serialize_container (DynanticAvReading  *r,
                     DynanticAvKind      kind,
                     GString            *data,
                     const char        **type)
{
  Container container = { data, { 0 }, NULL };
  DynanticAvStatus status;

  dynantic_variant_frame_init (&container.frame, data);
  switch (kind)
    {
    case DYNANTIC_AV_M:
    case DYNANTIC_AV_L:
      status = dynantic_av_read_members (r, kind, serialize_member, &container);
      *type = kind == DYNANTIC_AV_M ? "a{sv}" : "av";
      break;
    case DYNANTIC_AV_SS:
      status = dynantic_av_read_texts (r, kind, kind, add_string_member, &container);
      *type = "as";
      break;
    case DYNANTIC_AV_BS:
    default:
      status = dynantic_av_read_texts (r, kind, kind, add_bytes_member, &container);
      *type = "aay";
      break;
    }
  if (status == DYNANTIC_AV_OK && has_duplicate_keys (data, container.keys))
    status = dynantic_av_refuse (r, _("a map holds the same key twice"));
  g_clear_pointer (&container.keys, g_array_unref);
  if (status == DYNANTIC_AV_OK)
    dynantic_variant_frame_close (&container.frame, data);
  else
    dynantic_variant_frame_clear (&container.frame);
  return status;
}

/* An SS as "as", a BS as "aay": plain, or tagged {'SS', [...]},
 * {'BS', [...]}. */
static DynanticAvStatus
serialize_text_set (DynanticAvReading  *r,
                    DynanticAvKind      kind,
                    gboolean            plain,
                    GString            *data,
                    const char        **type)
{
  DynanticVariantFrame entry;
  DynanticAvStatus status;

  if (plain)
    return serialize_container (r, kind, data, type);
  begin_tag (data, &entry, kind, 1);
  status = serialize_container (r, kind, data, type);
  if (status != DYNANTIC_AV_OK)
    {
      dynantic_variant_frame_clear (&entry);
      return status;
    }
  end_tag (data, &entry);
  *type = kind == DYNANTIC_AV_SS ? "{sas}" : "{saay}";
  return DYNANTIC_AV_OK;
}

typedef struct {
  GPtrArray *texts;
  GArray    *decimals;
} NumbersReading;

static DynanticAvStatus
add_number (DynanticAvReading *r,
            const char        *text,
            gsize              length,
            gpointer           user_data)
{
  NumbersReading *numbers = user_data;
  DynanticDecimal decimal;

  dynantic_number_parse (text, length, &decimal);
  g_ptr_array_add (numbers->texts, g_strndup (text, length));
  g_array_append_val (numbers->decimals, decimal);
  return DYNANTIC_AV_OK;
}

/* The element type an NS reads as: 'x' when every member is an int64, else
 * 'd' when every member is a double that writes back the same, else 's'
 * for the exact texts. */
static char
numbers_element (NumbersReading *numbers)
{
  gboolean all_integers = TRUE;
  gboolean all_doubles = TRUE;
  guint n = numbers->texts->len;

  for (guint i = 0; i < n && (all_integers || all_doubles); i++)
    {
      const DynanticDecimal *decimal = &g_array_index (numbers->decimals, DynanticDecimal, i);
      gint64 integer;
      double number;

      all_integers = all_integers && dynantic_number_to_int64 (decimal, &integer);
      all_doubles = all_doubles && dynantic_number_to_exact_double (numbers->texts->pdata[i], decimal, &number);
    }
  return all_integers ? 'x' : all_doubles ? 'd' : 's';
}

static void
serialize_numbers (NumbersReading *numbers,
                   char            element,
                   GString        *data)
{
  DynanticVariantFrame frame;
  guint n = numbers->texts->len;
  guint i;

  if (element == 's')
    {
      dynantic_variant_frame_init (&frame, data);
      for (i = 0; i < n; i++)
        {
          append_string (data, numbers->texts->pdata[i], strlen (numbers->texts->pdata[i]));
          dynantic_variant_frame_add_end (&frame, data);
        }
      dynantic_variant_frame_close (&frame, data);
      return;
    }
  for (i = 0; i < n; i++)
    {
      const DynanticDecimal *decimal = &g_array_index (numbers->decimals, DynanticDecimal, i);
      gint64 integer;
      double number;

      if (element == 'x')
        {
          dynantic_number_to_int64 (decimal, &integer);
          dynantic_variant_serial_append (data, &integer, sizeof integer);
        }
      else
        {
          dynantic_number_to_exact_double (numbers->texts->pdata[i], decimal, &number);
          dynantic_variant_serial_append (data, &number, sizeof number);
        }
    }
}

/* An NS as "ax", "ad" (plain, when @plain) or tagged {'NS', [...]} of
 * those or of the exact texts ("as" alone would be an SS). */
static DynanticAvStatus
serialize_number_set (DynanticAvReading  *r,
                      gboolean            plain,
                      GString            *data,
                      const char        **type)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) decimals = g_array_new (FALSE, FALSE, sizeof (DynanticDecimal));
  NumbersReading numbers = { texts, decimals };
  DynanticAvStatus status = dynantic_av_read_texts (r, DYNANTIC_AV_NS, DYNANTIC_AV_N, add_number, &numbers);
  DynanticVariantFrame entry;
  char element;

  if (status != DYNANTIC_AV_OK)
    return status;
  element = numbers_element (&numbers);
  if (plain && element != 's')
    {
      serialize_numbers (&numbers, element, data);
      *type = element == 'x' ? "ax" : "ad";
      return DYNANTIC_AV_OK;
    }
  begin_tag (data, &entry, DYNANTIC_AV_NS, element == 's' ? 1 : 8);
  serialize_numbers (&numbers, element, data);
  end_tag (data, &entry);
  *type = element == 'x' ? "{sax}" : element == 'd' ? "{sad}" : "{sas}";
  return DYNANTIC_AV_OK;
}

/* A scalar: *@type NULL for NULL, which writes nothing. */
static DynanticAvStatus
serialize_scalar (DynanticAvReading       *r,
                  DynanticAvKind           kind,
                  const DynanticAvScalar  *scalar,
                  GString                 *data,
                  const char             **type)
{
  switch (kind)
    {
    case DYNANTIC_AV_S:
      append_string (data, scalar->text, scalar->length);
      *type = "s";
      return DYNANTIC_AV_OK;
    case DYNANTIC_AV_N:
      *type = serialize_number (data, dynantic_json_reader_get_string (r->reader, NULL), &scalar->decimal);
      return DYNANTIC_AV_OK;
    case DYNANTIC_AV_B:
      if (!append_base64 (data, scalar->text, scalar->length))
        return dynantic_av_bad (r, N_("base64 data"));
      *type = "ay";
      return DYNANTIC_AV_OK;
    case DYNANTIC_AV_BOOL:
      g_string_append_c (data, scalar->boolean ? 1 : 0);
      *type = "b";
      return DYNANTIC_AV_OK;
    case DYNANTIC_AV_NULL:
    default:
      *type = NULL;
      return DYNANTIC_AV_OK;
    }
}

static DynanticAvStatus
serialize_value (DynanticAvReading  *r,
                 DynanticAvKind      kind,
                 gboolean            plain_sets,
                 GString            *data,
                 const char        **type)
{
  DynanticAvScalar scalar;
  DynanticAvStatus status;

  switch (kind)
    {
    case DYNANTIC_AV_M:
    case DYNANTIC_AV_L:
      return serialize_container (r, kind, data, type);
    case DYNANTIC_AV_SS:
    case DYNANTIC_AV_BS:
      return serialize_text_set (r, kind, plain_sets, data, type);
    case DYNANTIC_AV_NS:
      return serialize_number_set (r, plain_sets, data, type);
    default:
      status = dynantic_av_read_scalar (r, kind, &scalar);
      if (status != DYNANTIC_AV_OK)
        return status;
      return serialize_scalar (r, kind, &scalar, data, type);
    }
}

DynanticAvStatus
dynantic_value_variant_read (DynanticAvReading  *r,
                             DynanticAvKind      kind,
                             gboolean            plain_sets,
                             GVariant          **variant)
{
  /* GString's public fields around a buffer of our own: the variant takes
   * the buffer at the end, without a GString or GBytes to free */
  GString data = { g_malloc (SERIAL_START_SIZE), 0, SERIAL_START_SIZE };
  const char *type = NULL;
  DynanticAvStatus status;

  data.str[0] = '\0';
  status = serialize_value (r, kind, plain_sets, &data, &type);
  if (status != DYNANTIC_AV_OK || type == NULL)
    {
      g_free (data.str);
      if (status == DYNANTIC_AV_OK)
        *variant = NULL;
      return status;
    }
  *variant = dynantic_variant_serial_finish (data.str, data.len, type);
  return DYNANTIC_AV_OK;
}
