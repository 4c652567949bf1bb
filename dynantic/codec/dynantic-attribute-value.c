/* dynantic-attribute-value.c: the pieces of DynamoDB's AttributeValue
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "dynantic-attribute-value-private.h"
#include "dynantic-error-private.h"
#include "dynantic-i18n-private.h"


/* Sets this small are checked for duplicates without sorting a copy. */
#define SMALL_SET 16

const char *const dynantic_av_kind_names[] = {
  [DYNANTIC_AV_S] = "S", [DYNANTIC_AV_N] = "N", [DYNANTIC_AV_B] = "B", [DYNANTIC_AV_BOOL] = "BOOL",
  [DYNANTIC_AV_NULL] = "NULL", [DYNANTIC_AV_M] = "M", [DYNANTIC_AV_L] = "L", [DYNANTIC_AV_SS] = "SS",
  [DYNANTIC_AV_NS] = "NS", [DYNANTIC_AV_BS] = "BS",
};

G_GNUC_PRINTF (4, 0)
static void
set_attribute_error_valist (GError        **error,
                            DynanticError   code,
                            const char     *name,
                            const char     *format,
                            va_list         args)
{
  const char *fields[] = { name, NULL };
  g_autofree char *reason = NULL;
  GError *attribute_error;

  if (error == NULL)
    return;
  reason = g_strdup_vprintf (format, args);
  /* Translators: the first %s is an attribute name, the second says what is wrong with its value (a message
     translated on its own) */
  attribute_error = g_error_new (DYNANTIC_ERROR, code, _("Attribute “%s”: %s"), name, reason);
  dynantic_error_set_fields (attribute_error, fields);
  g_propagate_error (error, attribute_error);
}

gboolean
dynantic_av_set_error (GError        **error,
                       DynanticError   code,
                       const char     *name,
                       const char     *format,
                       ...)
{
  va_list args;

  va_start (args, format);
  set_attribute_error_valist (error, code, name, format, args);
  va_end (args);
  return FALSE;
}

const char *
dynantic_av_number_status_reason (DynanticNumberStatus status)
{
  switch (status)
    {
    case DYNANTIC_NUMBER_SYNTAX:
      return _("not a number");
    case DYNANTIC_NUMBER_PRECISION:
      return _("a number with more than 38 significant digits");
    case DYNANTIC_NUMBER_OVERFLOW:
      return _("a number too large for DynamoDB (1E+126 or more)");
    case DYNANTIC_NUMBER_UNDERFLOW:
      return _("a number too small for DynamoDB (below 1E-130)");
    case DYNANTIC_NUMBER_OK:
    default:
      return "";
    }
}

/* Whether two of the @n items of @size bytes at @items compare equal. */
gboolean
dynantic_av_has_duplicates (const void   *items,
                            gsize         n,
                            gsize         size,
                            GCompareFunc  compare)
{
  const char *bytes = items;
  g_autofree char *sorted = NULL;
  gsize i, j;

  if (n <= SMALL_SET)
    {
      for (i = 0; i < n; i++)
        for (j = i + 1; j < n; j++)
          if (compare (bytes + i * size, bytes + j * size) == 0)
            return TRUE;
      return FALSE;
    }
  sorted = g_memdup2 (items, n * size);
  qsort (sorted, n, size, compare);
  for (i = 1; i < n; i++)
    if (compare (sorted + (i - 1) * size, sorted + i * size) == 0)
      return TRUE;
  return FALSE;
}

int
dynantic_av_compare_strings (const void *a,
                             const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

int
dynantic_av_compare_decimals (const void *a,
                              const void *b)
{
  return dynantic_number_compare (a, b);
}

int
dynantic_av_compare_bytes (const void *a,
                           const void *b)
{
  return g_bytes_compare (*(GBytes * const *) a, *(GBytes * const *) b);
}

/* The kinds' member names, encoded once. */
static const struct {
  const char *json;
  gsize       length;
} kind_members[] = {
#define MEMBER(name) { "\"" name "\":", sizeof name + 2 }
  [DYNANTIC_AV_S] = MEMBER ("S"), [DYNANTIC_AV_N] = MEMBER ("N"), [DYNANTIC_AV_B] = MEMBER ("B"),
  [DYNANTIC_AV_BOOL] = MEMBER ("BOOL"), [DYNANTIC_AV_NULL] = MEMBER ("NULL"), [DYNANTIC_AV_M] = MEMBER ("M"),
  [DYNANTIC_AV_L] = MEMBER ("L"), [DYNANTIC_AV_SS] = MEMBER ("SS"), [DYNANTIC_AV_NS] = MEMBER ("NS"),
  [DYNANTIC_AV_BS] = MEMBER ("BS"),
#undef MEMBER
};

void
dynantic_av_begin (DynanticAvWriting *w,
                   DynanticAvKind     kind)
{
  dynantic_json_writer_begin_object (w->writer);
  dynantic_json_writer_member_encoded (w->writer, kind_members[kind].json, kind_members[kind].length);
}

void
dynantic_av_end (DynanticAvWriting *w)
{
  dynantic_json_writer_end_object (w->writer);
}

gboolean
dynantic_av_write_text (DynanticAvWriting *w,
                        DynanticAvKind     kind,
                        const char        *text,
                        gsize              length)
{
  return dynantic_json_writer_tagged_string (w->writer, kind_members[kind].json, kind_members[kind].length,
                                             text, length, FALSE);
}

gboolean
dynantic_av_write_null (DynanticAvWriting *w)
{
  static const char json[] = "{\"NULL\":true}";

  dynantic_json_writer_raw (w->writer, json, sizeof json - 1);
  return TRUE;
}

gboolean
dynantic_av_write_boolean (DynanticAvWriting *w,
                           gboolean           value)
{
  static const char yes[] = "{\"BOOL\":true}";
  static const char no[] = "{\"BOOL\":false}";

  if (value)
    dynantic_json_writer_raw (w->writer, yes, sizeof yes - 1);
  else
    dynantic_json_writer_raw (w->writer, no, sizeof no - 1);
  return TRUE;
}

gboolean
dynantic_av_write_signed (DynanticAvWriting *w,
                          gint64             value)
{
  char digits[24];

  return dynantic_av_write_text (w, DYNANTIC_AV_N, digits, dynantic_number_format_int64 (value, digits));
}

gboolean
dynantic_av_write_unsigned (DynanticAvWriting *w,
                            guint64            value)
{
  char digits[24];

  return dynantic_av_write_text (w, DYNANTIC_AV_N, digits, dynantic_number_format_uint64 (value, digits));
}

/* The N text of a finite double, or FALSE when DynamoDB cannot hold it. */
gboolean
dynantic_av_format_double (DynanticAvWriting *w,
                           double             value,
                           gboolean           as_float,
                           char              *text,
                           gsize             *length)
{
  DynanticDecimal decimal;
  DynanticNumberStatus status;

  if (!isfinite (value))
    return dynantic_av_set_validation_error (w->error, w->name, _("NaN and infinities cannot be stored"));
  status = dynantic_number_from_double (value, as_float, &decimal);
  if (status != DYNANTIC_NUMBER_OK)
    /* Translators: %s says what is wrong with a number, such as “not a number” (a message translated on its own) */
    return dynantic_av_set_validation_error (w->error, w->name, _("the value is %s"), dynantic_av_number_status_reason (status));
  *length = dynantic_number_format (&decimal, text);
  return TRUE;
}

gboolean
dynantic_av_write_double (DynanticAvWriting *w,
                          double             value,
                          gboolean           as_float)
{
  char text[DYNANTIC_NUMBER_FORMAT_SIZE];
  gsize length;

  if (!dynantic_av_format_double (w, value, as_float, text, &length))
    return FALSE;
  return dynantic_av_write_text (w, DYNANTIC_AV_N, text, length);
}

gboolean
dynantic_av_check_utf8 (DynanticAvWriting *w,
                        const char        *text,
                        gsize              length)
{
  if (G_LIKELY (dynantic_json_utf8_validate (text, length)))
    return TRUE;
  return dynantic_av_set_validation_error (w->error, w->name, _("the text is not valid UTF-8"));
}

gboolean
dynantic_av_check_number (DynanticAvWriting *w,
                          const char        *text,
                          gsize              length)
{
  DynanticDecimal decimal;
  DynanticNumberStatus status = dynantic_number_parse (text, length, &decimal);

  if (status == DYNANTIC_NUMBER_OK)
    return TRUE;
  /* Translators: %s says what is wrong with a number, such as “not a number” (a message translated on its own) */
  return dynantic_av_set_validation_error (w->error, w->name, _("the value is %s"), dynantic_av_number_status_reason (status));
}

gboolean
dynantic_av_write_string (DynanticAvWriting  *w,
                          const char         *text,
                          DynanticValueFlags  flags)
{
  gsize length;

  if (text == NULL)
    return dynantic_av_write_null (w);
  length = strlen (text);
  if (flags & DYNANTIC_VALUE_NUMBER_STRING)
    return dynantic_av_check_number (w, text, length) && dynantic_av_write_text (w, DYNANTIC_AV_N, text, length);
  /* checked for UTF-8 and written in one pass */
  if (G_LIKELY (dynantic_json_writer_tagged_string (w->writer, kind_members[DYNANTIC_AV_S].json,
                                                    kind_members[DYNANTIC_AV_S].length, text, length, TRUE)))
    return TRUE;
  return dynantic_av_set_validation_error (w->error, w->name, _("the text is not valid UTF-8"));
}

gboolean
dynantic_av_write_bytes (DynanticAvWriting *w,
                         GBytes            *bytes)
{
  g_autofree char *base64 = NULL;
  gsize size;
  const guchar *data;

  if (bytes == NULL)
    return dynantic_av_write_null (w);
  data = g_bytes_get_data (bytes, &size);
  base64 = g_base64_encode (data, size);
  return dynantic_av_write_text (w, DYNANTIC_AV_B, base64, strlen (base64));
}

static gboolean
check_set_members (DynanticAvWriting  *w,
                   DynanticAvKind      kind,
                   const char * const *texts,
                   gsize               n)
{
  g_autofree DynanticDecimal *numbers = NULL;
  gsize i;

  if (n == 0)
    return dynantic_av_set_validation_error (w->error, w->name, _("DynamoDB cannot store an empty set"));
  if (kind == DYNANTIC_AV_SS)
    {
      for (i = 0; i < n; i++)
        if (!dynantic_av_check_utf8 (w, texts[i], strlen (texts[i])))
          return FALSE;
      if (dynantic_av_has_duplicates (texts, n, sizeof *texts, dynantic_av_compare_strings))
        return dynantic_av_set_validation_error (w->error, w->name, _("a set cannot hold the same member twice"));
      return TRUE;
    }
  numbers = g_new (DynanticDecimal, n);
  for (i = 0; i < n; i++)
    if (!dynantic_av_check_number (w, texts[i], strlen (texts[i])))
      return FALSE;
    else
      dynantic_number_parse (texts[i], strlen (texts[i]), &numbers[i]);
  if (dynantic_av_has_duplicates (numbers, n, sizeof *numbers, dynantic_av_compare_decimals))
    return dynantic_av_set_validation_error (w->error, w->name, _("a set cannot hold the same number twice"));
  return TRUE;
}

/* An SS or NS of @texts, in their order. */
gboolean
dynantic_av_write_text_set (DynanticAvWriting  *w,
                            DynanticAvKind      kind,
                            const char * const *texts,
                            gsize               n)
{
  gsize i;

  if (!check_set_members (w, kind, texts, n))
    return FALSE;
  dynantic_av_begin (w, kind);
  dynantic_json_writer_begin_array (w->writer);
  for (i = 0; i < n; i++)
    dynantic_json_writer_string (w->writer, texts[i], -1);
  dynantic_json_writer_end_array (w->writer);
  dynantic_av_end (w);
  return TRUE;
}

static gboolean
check_level (DynanticAvWriting *w,
             guint              level)
{
  if (level <= DYNANTIC_VALUE_MAX_LEVEL)
    return TRUE;
  return dynantic_av_set_validation_error (w->error, w->name,
                                           _("maps and lists are nested deeper than DynamoDB’s 32 levels"));
}

gboolean
dynantic_av_begin_container (DynanticAvWriting *w,
                             DynanticAvKind     kind,
                             guint              level)
{
  if (!check_level (w, level))
    return FALSE;
  dynantic_av_begin (w, kind);
  if (kind == DYNANTIC_AV_M)
    dynantic_json_writer_begin_object (w->writer);
  else
    dynantic_json_writer_begin_array (w->writer);
  return TRUE;
}

void
dynantic_av_end_container (DynanticAvWriting *w,
                           DynanticAvKind     kind)
{
  if (kind == DYNANTIC_AV_M)
    dynantic_json_writer_end_object (w->writer);
  else
    dynantic_json_writer_end_array (w->writer);
  dynantic_av_end (w);
}

DynanticAvStatus
dynantic_av_invalid (DynanticAvReading *r,
                     const char        *format,
                     ...)
{
  va_list args;

  if (r->error != NULL && *r->error != NULL)
    return DYNANTIC_AV_INVALID; /* the first problem is the one reported */
  va_start (args, format);
  set_attribute_error_valist (r->error, DYNANTIC_ERROR_VALIDATION, r->name, format, args);
  va_end (args);
  return DYNANTIC_AV_INVALID;
}

/* Names attribute @name in @error: "Attribute “name”: " before its
 * message, and in its fields. */
static void
name_attribute (GError     *error,
                const char *name)
{
  const char *fields[] = { name, NULL };
  /* Translators: the first %s is an attribute name, the second says what is wrong with its value (a message
     translated on its own) */
  g_autofree char *message = g_strdup_printf (_("Attribute “%s”: %s"), name, error->message);

  g_free (error->message);
  error->message = g_steal_pointer (&message);
  dynantic_error_set_fields (error, fields);
}

DynanticAvStatus
dynantic_av_bad (DynanticAvReading *r,
                 const char        *what)
{
  if (r->error != NULL)
    g_clear_error (r->error);
  /* translated only here: the success path never pays for gettext */
  dynantic_json_reader_fail (r->reader, _(what), r->error);
  if (r->error != NULL && *r->error != NULL)
    name_attribute (*r->error, r->name);
  return DYNANTIC_AV_BAD;
}

DynanticAvStatus
dynantic_av_refuse (DynanticAvReading *r,
                    const char        *reason)
{
  if (r->error != NULL)
    g_clear_error (r->error);
  dynantic_json_reader_stop (r->reader);
  dynantic_av_set_error (r->error, DYNANTIC_ERROR_BAD_RESPONSE, r->name, "%s", reason);
  return DYNANTIC_AV_BAD;
}

gboolean
dynantic_av_refuse_map_key (const char  *name,
                            gsize        length,
                            GError     **error)
{
  if (length == 0)
    dynantic_av_set_validation_error (error, name, _("a map key is empty, which DynamoDB refuses"));
  else
    /* Translators: %zu is the map key’s length in bytes, %d DynamoDB’s limit in bytes */
    dynantic_av_set_validation_error (error, name, _("a map key of %zu bytes is longer than "
                                                     "DynamoDB’s limit of %d"), length, DYNANTIC_AV_MAX_NAME_LENGTH);
  return TRUE;
}

DynanticAvStatus
dynantic_av_expect (DynanticAvReading *r,
                    DynanticJsonToken  token,
                    const char        *what)
{
  return dynantic_json_reader_next (r->reader) == token ? DYNANTIC_AV_OK : dynantic_av_bad (r, what);
}

static gboolean
kind_from_name (const char     *name,
                gsize           length,
                DynanticAvKind *kind)
{
  switch (length)
    {
    case 1:
      switch (name[0])
        {
        case 'S': *kind = DYNANTIC_AV_S; return TRUE;
        case 'N': *kind = DYNANTIC_AV_N; return TRUE;
        case 'B': *kind = DYNANTIC_AV_B; return TRUE;
        case 'M': *kind = DYNANTIC_AV_M; return TRUE;
        case 'L': *kind = DYNANTIC_AV_L; return TRUE;
        default: return FALSE;
        }
    case 2:
      if (name[1] != 'S')
        return FALSE;
      switch (name[0])
        {
        case 'S': *kind = DYNANTIC_AV_SS; return TRUE;
        case 'N': *kind = DYNANTIC_AV_NS; return TRUE;
        case 'B': *kind = DYNANTIC_AV_BS; return TRUE;
        default: return FALSE;
        }
    case 4:
      if (memcmp (name, "BOOL", 4) == 0)
        *kind = DYNANTIC_AV_BOOL;
      else if (memcmp (name, "NULL", 4) == 0)
        *kind = DYNANTIC_AV_NULL;
      else
        return FALSE;
      return TRUE;
    default:
      return FALSE;
    }
}

static DynanticAvStatus
kind_of_member (DynanticAvReading *r,
                const char        *name,
                gsize              length,
                DynanticAvKind    *kind)
{
  if (G_LIKELY (kind_from_name (name, length, kind)))
    return DYNANTIC_AV_OK;
  return dynantic_av_bad (r, N_("an AttributeValue’s type (S, N, B, BOOL, NULL, M, L, SS, NS or BS)"));
}

/* After an AttributeValue's '{': its one member's name. */
DynanticAvStatus
dynantic_av_read_kind (DynanticAvReading *r,
                       DynanticAvKind    *kind)
{
  const char *name;
  gsize length;

  if (dynantic_json_reader_next (r->reader) != DYNANTIC_JSON_MEMBER)
    return dynantic_av_bad (r, N_("an AttributeValue’s type"));
  name = dynantic_json_reader_get_text (r->reader, &length);
  return kind_of_member (r, name, length, kind);
}

DynanticAvStatus
dynantic_av_read_start (DynanticAvReading *r,
                        DynanticAvKind    *kind)
{
  const char *name;
  gsize length;

  /* compact input: '{' and the kind in one step */
  if (G_LIKELY (dynantic_json_reader_open_tagged (r->reader, &name, &length)))
    return kind_of_member (r, name, length, kind);
  if (dynantic_av_expect (r, DYNANTIC_JSON_BEGIN_OBJECT, N_("an AttributeValue object")) != DYNANTIC_AV_OK)
    return DYNANTIC_AV_BAD;
  return dynantic_av_read_kind (r, kind);
}

DynanticAvStatus
dynantic_av_read_end (DynanticAvReading *r,
                      DynanticAvStatus   status)
{
  if (status == DYNANTIC_AV_BAD)
    return DYNANTIC_AV_BAD;
  if (!dynantic_json_reader_close_object (r->reader))
    return dynantic_av_bad (r, N_("the end of an AttributeValue with one member"));
  return status;
}

/* The text of an S, N or B value (or a set member). */
DynanticAvStatus
dynantic_av_read_text (DynanticAvReading  *r,
                       const char        **text,
                       gsize              *length)
{
  if (dynantic_av_expect (r, DYNANTIC_JSON_STRING, N_("a string")) != DYNANTIC_AV_OK)
    return DYNANTIC_AV_BAD;
  *text = dynantic_json_reader_get_text (r->reader, length);
  return DYNANTIC_AV_OK;
}

/* The text of an N value (or NS member), its syntax checked. */
DynanticAvStatus
dynantic_av_read_number (DynanticAvReading  *r,
                         const char        **text,
                         gsize              *length,
                         DynanticDecimal    *decimal)
{
  if (dynantic_av_read_text (r, text, length) != DYNANTIC_AV_OK)
    return DYNANTIC_AV_BAD;
  if (dynantic_number_parse (*text, *length, decimal) == DYNANTIC_NUMBER_SYNTAX)
    return dynantic_av_bad (r, N_("a number"));
  return DYNANTIC_AV_OK;
}

DynanticAvStatus
dynantic_av_read_null (DynanticAvReading *r)
{
  return dynantic_av_expect (r, DYNANTIC_JSON_TRUE, N_("true (for NULL)"));
}

DynanticAvStatus
dynantic_av_read_boolean (DynanticAvReading *r,
                          gboolean          *value)
{
  DynanticJsonToken token = dynantic_json_reader_next (r->reader);

  if (token != DYNANTIC_JSON_TRUE && token != DYNANTIC_JSON_FALSE)
    return dynantic_av_bad (r, N_("true or false"));
  *value = token == DYNANTIC_JSON_TRUE;
  return DYNANTIC_AV_OK;
}

/* An AttributeValue of @kind that the target cannot hold: skipped whole. */
DynanticAvStatus
dynantic_av_mismatch (DynanticAvReading *r,
                      DynanticAvKind     kind,
                      GType              type)
{
  if (!dynantic_json_reader_skip_value (r->reader))
    return dynantic_av_bad (r, N_("a value"));
  if (kind == DYNANTIC_AV_NULL)
    /* Translators: “it” is a value read from DynamoDB; NULL is a DynamoDB type, keep it as it is; %s is a GType name
       such as gint */
    return dynantic_av_invalid (r, _("it is NULL, which %s cannot hold"), g_type_name (type));
  /* Translators: the first %s is a DynamoDB type code (S, N, B, BOOL, NULL, M, L, SS, NS or BS), the second a GType
     name such as gint */
  return dynantic_av_invalid (r, _("DynamoDB type %s cannot be read as %s"), dynantic_av_kind_names[kind], g_type_name (type));
}

DynanticAvStatus
dynantic_av_check_no_nul (DynanticAvReading *r,
                          const char        *text,
                          gsize              length)
{
  if (G_LIKELY (memchr (text, '\0', length) == NULL))
    return DYNANTIC_AV_OK;
  return dynantic_av_refuse (r, _("a string holds a NUL character, which a C string cannot"));
}

DynanticAvStatus
dynantic_av_copy_text (DynanticAvReading  *r,
                       const char         *text,
                       gsize               length,
                       char              **copy)
{
  DynanticAvStatus status = dynantic_av_check_no_nul (r, text, length);

  if (status != DYNANTIC_AV_OK)
    return status;
  /* g_strndup() without strncpy()'s second scan for a NUL */
  *copy = g_malloc (length + 1);
  memcpy (*copy, text, length);
  (*copy)[length] = '\0';
  return DYNANTIC_AV_OK;
}

static gboolean
is_base64_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/';
}

/* Strict base64: whole quads, padding only at the end. */
static gboolean
is_base64 (const char *text,
           gsize       length)
{
  gsize padding = 0;
  gsize i;

  if (length % 4 != 0)
    return FALSE;
  while (padding < 2 && padding < length && text[length - 1 - padding] == '=')
    padding++;
  for (i = 0; i < length - padding; i++)
    if (!is_base64_char (text[i]))
      return FALSE;
  return TRUE;
}

gboolean
dynantic_av_is_base64 (const char *text,
                       gsize       length)
{
  return is_base64 (text, length);
}

GBytes *
dynantic_av_decode_base64 (const char *text,
                           gsize       length)
{
  gint state = 0;
  guint save = 0;
  guchar *data;

  if (!is_base64 (text, length))
    return NULL;
  data = g_malloc (length / 4 * 3 + 3);
  return g_bytes_new_take (data, g_base64_decode_step (text, length, data, &state, &save));
}

DynanticAvStatus
dynantic_av_read_scalar (DynanticAvReading *r,
                         DynanticAvKind     kind,
                         DynanticAvScalar  *scalar)
{
  switch (kind)
    {
    case DYNANTIC_AV_S:
      if (dynantic_av_read_text (r, &scalar->text, &scalar->length) != DYNANTIC_AV_OK)
        return DYNANTIC_AV_BAD;
      return dynantic_av_check_no_nul (r, scalar->text, scalar->length);
    case DYNANTIC_AV_N:
      return dynantic_av_read_number (r, &scalar->text, &scalar->length, &scalar->decimal);
    case DYNANTIC_AV_B:
      if (dynantic_av_read_text (r, &scalar->text, &scalar->length) != DYNANTIC_AV_OK)
        return DYNANTIC_AV_BAD;
      return is_base64 (scalar->text, scalar->length) ? DYNANTIC_AV_OK : dynantic_av_bad (r, N_("base64 data"));
    case DYNANTIC_AV_BOOL:
      return dynantic_av_read_boolean (r, &scalar->boolean);
    case DYNANTIC_AV_NULL:
      return dynantic_av_read_null (r);
    default:
      g_return_val_if_reached (DYNANTIC_AV_BAD);
    }
}

/* One member's whole AttributeValue. */
static DynanticAvStatus
read_member (DynanticAvReading    *r,
             const char           *key,
             DynanticAvReadMember  read_member_value,
             gpointer              user_data)
{
  DynanticAvKind kind;

  if (dynantic_av_read_start (r, &kind) != DYNANTIC_AV_OK)
    return DYNANTIC_AV_BAD;
  return dynantic_av_read_end (r, read_member_value (r, key, kind, user_data));
}

/* An M member's key, copied out of the reader (whose text does not
 * outlive the next token): on the stack unless it is long. */
typedef struct {
  char *heap;
  char  inline_text[64];
} MemberKey;

static const char *
keep_key (MemberKey  *key,
          const char *text,
          gsize       length)
{
  char *copy = key->inline_text;

  if (length >= sizeof key->inline_text)
    copy = key->heap = g_malloc (length + 1);
  memcpy (copy, text, length);
  copy[length] = '\0';
  return copy;
}

/* The next member of an M or L: the key (M, kept in @kept); FALSE at the
 * end or on an error (*status BAD). Its AttributeValue follows. */
static gboolean
next_member (DynanticAvReading  *r,
             gboolean            map,
             MemberKey          *kept,
             const char        **key,
             DynanticAvStatus   *status)
{
  DynanticJsonToken token;
  gsize length;

  if (!map)
    {
      if (!dynantic_json_reader_array_ends (r->reader))
        return TRUE;
      dynantic_json_reader_next (r->reader);
      return FALSE;
    }
  token = dynantic_json_reader_next (r->reader);
  if (token == DYNANTIC_JSON_END_OBJECT)
    return FALSE;
  if (token == DYNANTIC_JSON_MEMBER)
    {
      const char *text = dynantic_json_reader_get_text (r->reader, &length);

      if (G_UNLIKELY (memchr (text, '\0', length) != NULL))
        {
          *status = dynantic_av_refuse (r, _("a map key holds a NUL character, which a C string cannot"));
          return FALSE;
        }
      *key = keep_key (kept, text, length);
      return TRUE;
    }
  *status = dynantic_av_bad (r, N_("a map key"));
  return FALSE;
}

DynanticAvStatus
dynantic_av_read_members (DynanticAvReading    *r,
                          DynanticAvKind        kind,
                          DynanticAvReadMember  read_member_value,
                          gpointer              user_data)
{
  gboolean map = kind == DYNANTIC_AV_M;
  DynanticAvStatus status = DYNANTIC_AV_OK;
  DynanticAvStatus member;
  MemberKey kept = { NULL };

  /* checked before going deeper: what DynamoDB never sends is refused
   * before the stack grows with it */
  if (r->level >= DYNANTIC_VALUE_MAX_LEVEL)
    return dynantic_av_refuse (r, _("maps and lists are nested deeper than DynamoDB’s 32 levels"));
  if (dynantic_av_expect (r, map ? DYNANTIC_JSON_BEGIN_OBJECT : DYNANTIC_JSON_BEGIN_ARRAY,
                          map ? N_("an object") : N_("an array")) != DYNANTIC_AV_OK)
    return DYNANTIC_AV_BAD;
  r->level++;
  for (;;)
    {
      const char *key = NULL;

      if (!next_member (r, map, &kept, &key, &status))
        break;
      member = read_member (r, key, read_member_value, user_data);
      g_clear_pointer (&kept.heap, g_free);
      if (member == DYNANTIC_AV_BAD)
        {
          status = DYNANTIC_AV_BAD;
          break;
        }
      if (member == DYNANTIC_AV_INVALID)
        status = DYNANTIC_AV_INVALID;
    }
  g_free (kept.heap);
  r->level--;
  return status;
}

typedef struct {
  DynanticAvKind     item_kind;
  DynanticAvAddText  add;
  gpointer           user_data;
} TextsReading;

/* An L item's value: text of the expected kind, handed to add(). */
static DynanticAvStatus
read_text_item (DynanticAvReading *r,
                const char        *key,
                DynanticAvKind     kind,
                gpointer           user_data)
{
  TextsReading *texts = user_data;
  DynanticAvScalar scalar;
  DynanticAvStatus status;

  if (kind != texts->item_kind)
    {
      if (!dynantic_json_reader_skip_value (r->reader))
        return dynantic_av_bad (r, N_("a value"));
      /* Translators: both %s are DynamoDB type codes such as S, N or B, to be kept as they are: the first the item’s,
         the second the one expected */
      return dynantic_av_invalid (r, _("a list item of DynamoDB type %s where %s is expected"),
                                  dynantic_av_kind_names[kind], dynantic_av_kind_names[texts->item_kind]);
    }
  status = dynantic_av_read_scalar (r, kind, &scalar);
  if (status != DYNANTIC_AV_OK)
    return status;
  return texts->add (r, scalar.text, scalar.length, texts->user_data);
}

/* The members of an SS/NS/BS: bare strings. */
static DynanticAvStatus
read_set_texts (DynanticAvReading *r,
                DynanticAvKind     kind,
                DynanticAvAddText  add,
                gpointer           user_data)
{
  DynanticAvStatus status = DYNANTIC_AV_OK;

  if (dynantic_av_expect (r, DYNANTIC_JSON_BEGIN_ARRAY, N_("an array")) != DYNANTIC_AV_OK)
    return DYNANTIC_AV_BAD;
  for (;;)
    {
      DynanticJsonToken token = dynantic_json_reader_next (r->reader);
      DynanticDecimal decimal;
      DynanticAvStatus member;
      const char *text;
      gsize length;

      if (token == DYNANTIC_JSON_END_ARRAY)
        return status;
      if (token != DYNANTIC_JSON_STRING)
        return dynantic_av_bad (r, N_("a string"));
      text = dynantic_json_reader_get_text (r->reader, &length);
      if (kind == DYNANTIC_AV_NS && dynantic_number_parse (text, length, &decimal) == DYNANTIC_NUMBER_SYNTAX)
        return dynantic_av_bad (r, N_("a number"));
      member = status == DYNANTIC_AV_OK ? add (r, text, length, user_data) : DYNANTIC_AV_OK;
      if (member == DYNANTIC_AV_BAD)
        return DYNANTIC_AV_BAD;
      if (member == DYNANTIC_AV_INVALID)
        status = DYNANTIC_AV_INVALID;
    }
}

DynanticAvStatus
dynantic_av_read_texts (DynanticAvReading *r,
                        DynanticAvKind     kind,
                        DynanticAvKind     item_kind,
                        DynanticAvAddText  add,
                        gpointer           user_data)
{
  TextsReading texts = { item_kind, add, user_data };

  if (kind != DYNANTIC_AV_L)
    return read_set_texts (r, kind, add, user_data);
  return dynantic_av_read_members (r, kind, read_text_item, &texts);
}

DynanticAvStatus
dynantic_av_read_binary (DynanticAvReading  *r,
                         GBytes            **bytes)
{
  const char *text;
  gsize length;

  if (dynantic_av_read_text (r, &text, &length) != DYNANTIC_AV_OK)
    return DYNANTIC_AV_BAD;
  *bytes = dynantic_av_decode_base64 (text, length);
  return *bytes != NULL ? DYNANTIC_AV_OK : dynantic_av_bad (r, N_("base64 data"));
}

static DynanticAvStatus skip_value (DynanticAvReading *r,
                                    DynanticAvKind     kind);

/* @user_data: a set of the keys of the map being read, or NULL in a list. */
static DynanticAvStatus
skip_member (DynanticAvReading *r,
             const char        *key,
             DynanticAvKind     kind,
             gpointer           user_data)
{
  DynanticAvStatus status = skip_value (r, kind);

  if (status == DYNANTIC_AV_OK && key != NULL && !g_hash_table_add (user_data, g_strdup (key)))
    return dynantic_av_refuse (r, _("a map holds the same key twice"));
  return status;
}

static DynanticAvStatus
skip_text (DynanticAvReading *r,
           const char        *text,
           gsize              length,
           gpointer           user_data)
{
  return DYNANTIC_AV_OK;
}

static DynanticAvStatus
skip_value (DynanticAvReading *r,
            DynanticAvKind     kind)
{
  DynanticAvScalar scalar;
  const char *text;
  gsize length;

  switch (kind)
    {
    case DYNANTIC_AV_M:
      {
        g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

        return dynantic_av_read_members (r, kind, skip_member, keys);
      }
    case DYNANTIC_AV_L:
      return dynantic_av_read_members (r, kind, skip_member, NULL);
    case DYNANTIC_AV_SS:
    case DYNANTIC_AV_NS:
    case DYNANTIC_AV_BS:
      return dynantic_av_read_texts (r, kind, kind, skip_text, NULL);
    case DYNANTIC_AV_S:
      /* kept as sent: a NUL does no harm in text no C string holds */
      return dynantic_av_read_text (r, &text, &length);
    default:
      return dynantic_av_read_scalar (r, kind, &scalar);
    }
}

gboolean
dynantic_av_skip (DynanticAvReading *r)
{
  DynanticAvKind kind;

  if (dynantic_av_read_start (r, &kind) != DYNANTIC_AV_OK)
    return FALSE;
  return dynantic_av_read_end (r, skip_value (r, kind)) == DYNANTIC_AV_OK;
}
