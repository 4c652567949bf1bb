/* dynantic-value-variant.c: GVariant <-> AttributeValue, any nesting
 *
 * By the variant's type: s (and o, g) S, numbers N, b BOOL, ay B, a{s*} M,
 * other arrays and tuples L (as/ax/ad/aay with SET: SS/NS/NS/BS), maybe
 * nothing NULL, v unwrapped; handles ("h") are refused.
 *
 * Read back, types follow what DynamoDB holds: N is int64 "x" when integral
 * within int64, uint64 "t" when integral beyond, double "d" when the double
 * writes back as the same number, else string "s" with the exact text
 * (which would be written back as S). L reads as "av", M as "a{sv}", a NULL
 * member as "mv" without value inside its "v"; SS as "as"; NS as "ax", else
 * "ad", else "as"; BS as "aay". Object paths and signatures read back as "s".
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic-i18n-private.h"
#include "dynantic-value-variant-private.h"

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

/* as/ao/ag as SS, arrays of numbers as NS, aay as BS. */
static gboolean
write_variant_set (DynanticAvWriting *w,
                   GVariant          *variant)
{
  const GVariantType *element = g_variant_type_element (g_variant_get_type (variant));
  gsize n = g_variant_n_children (variant);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_full (n + 1, g_free);
  gboolean numbers = is_number_type (element);
  gsize i;

  if (g_variant_type_equal (element, G_VARIANT_TYPE_BYTESTRING))
    return write_variant_bytes_set (w, variant);
  if (!numbers && !is_string_type (element))
    return dynantic_av_set_validation_error (w->error, w->name, _("a GVariant of type %s cannot be a DynamoDB set"),
                                             g_variant_get_type_string (variant));
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
  return dynantic_av_write_text_set (w, numbers ? DYNANTIC_AV_NS : DYNANTIC_AV_SS, (const char * const *) texts->pdata, n);
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

gboolean
dynantic_value_variant_write (DynanticAvWriting  *w,
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
    case G_VARIANT_CLASS_DICT_ENTRY:
      return write_variant_list (w, variant, level);
    case G_VARIANT_CLASS_HANDLE:
    default:
      return dynantic_av_set_validation_error (w->error, w->name, _("a GVariant of type %s cannot be stored"),
                                               g_variant_get_type_string (variant));
    }
}

/* N as a GVariant: "x", "t", "d" when the double writes back as the same
 * number, else the exact text as "s". */
static GVariant *
number_variant (const char            *text,
                const DynanticDecimal *decimal)
{
  guint64 magnitude;
  gboolean exact;
  gint64 integer;
  double number;

  if (dynantic_number_to_int64 (decimal, &integer))
    return g_variant_new_int64 (integer);
  if (!decimal->negative && dynantic_number_to_integer (decimal, 0, &magnitude, &exact) && exact)
    return g_variant_new_uint64 (magnitude);
  if (dynantic_number_to_exact_double (text, decimal, &number))
    return g_variant_new_double (number);
  return g_variant_new_string (text);
}

/* A NULL member inside a list or map: a "v" holding a "mv" without value. */
static GVariant *
boxed_variant (GVariant *child)
{
  GVariant *boxed;

  if (child == NULL)
    return g_variant_new_variant (g_variant_new_maybe (G_VARIANT_TYPE_VARIANT, NULL));
  boxed = g_variant_new_variant (child);
  g_variant_unref (child);
  return boxed;
}

/* One member of an M ({sv} entries) or L ("v" items) into @user_data's builder. */
static DynanticAvStatus
read_variant_member (DynanticAvReading *r,
                     const char        *key,
                     DynanticAvKind     kind,
                     gpointer           user_data)
{
  GVariant *child = NULL;
  DynanticAvStatus status = dynantic_value_variant_read (r, kind, &child);

  if (status != DYNANTIC_AV_OK)
    return status;
  /* no format strings: GVariant parses them on every call */
  if (key != NULL)
    g_variant_builder_add_value (user_data, g_variant_new_dict_entry (g_variant_new_string (key),
                                                                      boxed_variant (child)));
  else
    g_variant_builder_add_value (user_data, boxed_variant (child));
  return DYNANTIC_AV_OK;
}

/* M as "a{sv}", L as "av". */
static DynanticAvStatus
read_variant_container (DynanticAvReading  *r,
                        DynanticAvKind      kind,
                        GVariant          **variant)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (kind == DYNANTIC_AV_M ? G_VARIANT_TYPE_VARDICT
                                                                                 : G_VARIANT_TYPE ("av"));
  DynanticAvStatus status = dynantic_av_read_members (r, kind, read_variant_member, &builder);

  if (status == DYNANTIC_AV_OK)
    *variant = g_variant_ref_sink (g_variant_builder_end (&builder));
  return status;
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

/* An NS: "ax" when every member is an int64, else "ad" when every member is
 * a double that writes back the same, else "as" of the exact texts. */
static GVariant *
number_set_variant (NumbersReading *numbers)
{
  g_auto(GVariantBuilder) integers = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("ax"));
  g_auto(GVariantBuilder) doubles = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("ad"));
  g_auto(GVariantBuilder) strings = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_STRING_ARRAY);
  gboolean all_integers = TRUE;
  gboolean all_doubles = TRUE;
  guint i;

  for (i = 0; i < numbers->texts->len; i++)
    {
      const char *text = numbers->texts->pdata[i];
      const DynanticDecimal *decimal = &g_array_index (numbers->decimals, DynanticDecimal, i);
      gint64 integer;
      double number;

      all_integers = all_integers && dynantic_number_to_int64 (decimal, &integer);
      if (all_integers)
        g_variant_builder_add (&integers, "x", integer);
      all_doubles = all_doubles && dynantic_number_to_exact_double (text, decimal, &number);
      if (all_doubles)
        g_variant_builder_add (&doubles, "d", number);
      g_variant_builder_add_value (&strings, g_variant_new_string (text));
    }
  if (all_integers)
    return g_variant_builder_end (&integers);
  if (all_doubles)
    return g_variant_builder_end (&doubles);
  return g_variant_builder_end (&strings);
}

static DynanticAvStatus
read_variant_number_set (DynanticAvReading  *r,
                         GVariant          **variant)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) decimals = g_array_new (FALSE, FALSE, sizeof (DynanticDecimal));
  NumbersReading numbers = { texts, decimals };
  DynanticAvStatus status = dynantic_av_read_texts (r, DYNANTIC_AV_NS, DYNANTIC_AV_N, add_number, &numbers);

  if (status == DYNANTIC_AV_OK)
    *variant = g_variant_ref_sink (number_set_variant (&numbers));
  return status;
}

static DynanticAvStatus
add_string_variant (DynanticAvReading *r,
                    const char        *text,
                    gsize              length,
                    gpointer           user_data)
{
  DynanticAvStatus status = dynantic_av_check_no_nul (r, text, length);

  if (status == DYNANTIC_AV_OK)
    g_variant_builder_add_value (user_data, g_variant_new_string (dynantic_json_reader_get_string (r->reader, NULL)));
  return status;
}

static DynanticAvStatus
add_bytes_variant (DynanticAvReading *r,
                   const char        *text,
                   gsize              length,
                   gpointer           user_data)
{
  g_autoptr(GBytes) bytes = dynantic_av_decode_base64 (text, length);

  if (bytes == NULL)
    return dynantic_av_bad (r, N_("base64 data"));
  g_variant_builder_add_value (user_data, g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, bytes, TRUE));
  return DYNANTIC_AV_OK;
}

static DynanticAvStatus
read_variant_set (DynanticAvReading  *r,
                  DynanticAvKind      kind,
                  GVariant          **variant)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (kind == DYNANTIC_AV_SS ? G_VARIANT_TYPE_STRING_ARRAY
                                                                            : G_VARIANT_TYPE_BYTESTRING_ARRAY);
  DynanticAvStatus status;

  if (kind == DYNANTIC_AV_NS)
    return read_variant_number_set (r, variant);
  status = dynantic_av_read_texts (r, kind, kind, kind == DYNANTIC_AV_SS ? add_string_variant : add_bytes_variant, &builder);
  if (status == DYNANTIC_AV_OK)
    *variant = g_variant_ref_sink (g_variant_builder_end (&builder));
  return status;
}

/* A scalar as a GVariant: NULL for NULL. */
static DynanticAvStatus
scalar_variant (DynanticAvReading       *r,
                DynanticAvKind           kind,
                const DynanticAvScalar  *scalar,
                GVariant               **variant)
{
  g_autoptr(GBytes) bytes = NULL;

  switch (kind)
    {
    case DYNANTIC_AV_S:
      *variant = g_variant_new_string (dynantic_json_reader_get_string (r->reader, NULL));
      break;
    case DYNANTIC_AV_N:
      *variant = number_variant (dynantic_json_reader_get_string (r->reader, NULL), &scalar->decimal);
      break;
    case DYNANTIC_AV_B:
      bytes = dynantic_av_decode_base64 (scalar->text, scalar->length);
      if (bytes == NULL)
        return dynantic_av_bad (r, N_("base64 data"));
      *variant = g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, bytes, TRUE);
      break;
    case DYNANTIC_AV_BOOL:
      *variant = g_variant_new_boolean (scalar->boolean);
      break;
    case DYNANTIC_AV_NULL:
    default:
      *variant = NULL;
      return DYNANTIC_AV_OK;
    }
  g_variant_ref_sink (*variant);
  return DYNANTIC_AV_OK;
}

DynanticAvStatus
dynantic_value_variant_read (DynanticAvReading  *r,
                             DynanticAvKind      kind,
                             GVariant          **variant)
{
  DynanticAvScalar scalar;
  DynanticAvStatus status;

  switch (kind)
    {
    case DYNANTIC_AV_M:
    case DYNANTIC_AV_L:
      return read_variant_container (r, kind, variant);
    case DYNANTIC_AV_SS:
    case DYNANTIC_AV_NS:
    case DYNANTIC_AV_BS:
      return read_variant_set (r, kind, variant);
    default:
      status = dynantic_av_read_scalar (r, kind, &scalar);
      if (status != DYNANTIC_AV_OK)
        return status;
      return scalar_variant (r, kind, &scalar, variant);
    }
}
