/* dynantic-attribute-value-private.h: the pieces of DynamoDB's AttributeValue
 *
 * What the value codec (dynantic-value.c) and its parts for composite values
 * (dynantic-value-variant.c, dynantic-value-json-node.c) share: writing and
 * reading the one-member objects ({"S":"..."}, {"NS":[...]}, {"L":[...]}),
 * sets, numbers, and errors that name the attribute, never its value.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib-object.h>

#include "dynantic-error.h"
#include "dynantic-json-private.h"
#include "dynantic-number-private.h"
#include "dynantic-value-types-private.h"

G_BEGIN_DECLS

typedef enum {
  DYNANTIC_AV_S,
  DYNANTIC_AV_N,
  DYNANTIC_AV_B,
  DYNANTIC_AV_BOOL,
  DYNANTIC_AV_NULL,
  DYNANTIC_AV_M,
  DYNANTIC_AV_L,
  DYNANTIC_AV_SS,
  DYNANTIC_AV_NS,
  DYNANTIC_AV_BS,
} DynanticAvKind;

/* "S", "N", ... by kind. */
extern const char *const dynantic_av_kind_names[];

/* An error about attribute @name (also set as its field): "Attribute “name”:
 * " and the reason, never the value. Returns FALSE. */
G_GNUC_PRINTF (4, 5)
gboolean     dynantic_av_set_error            (GError               **error,
                                               DynanticError          code,
                                               const char            *name,
                                               const char            *format,
                                               ...);
#define dynantic_av_set_validation_error(error, name, ...) \
  dynantic_av_set_error ((error), DYNANTIC_ERROR_VALIDATION, (name), __VA_ARGS__)

const char  *dynantic_av_number_status_reason (DynanticNumberStatus   status);

/* Whether two of the @n items of @size bytes at @items compare equal. */
gboolean     dynantic_av_has_duplicates       (gconstpointer          items,
                                               gsize                  n,
                                               gsize                  size,
                                               GCompareFunc           compare);
/* For arrays of const char * and of GBytes *. */
int          dynantic_av_compare_strings      (gconstpointer          a,
                                               gconstpointer          b);
int          dynantic_av_compare_bytes        (gconstpointer          a,
                                               gconstpointer          b);
/* For arrays of DynanticDecimal. */
int          dynantic_av_compare_decimals     (gconstpointer          a,
                                               gconstpointer          b);

/* ---- Writing: each function writes one whole AttributeValue, or fails with
 * a VALIDATION error (the caller then drops what was written). */

/* @depth: how deep the writer has recursed into the value (containers,
 * and the boxes and maybes a GVariant may nest without end). */
typedef struct {
  DynanticJsonWriter  *writer;
  const char          *name;
  GError             **error;
  guint                depth;
} DynanticAvWriting;

/* {"KIND": ... }: the value goes between the two calls. */
void         dynantic_av_begin                (DynanticAvWriting     *w,
                                               DynanticAvKind         kind);
void         dynantic_av_end                  (DynanticAvWriting     *w);

gboolean     dynantic_av_write_text           (DynanticAvWriting     *w,
                                               DynanticAvKind         kind,
                                               const char            *text,
                                               gsize                  length);
gboolean     dynantic_av_write_null           (DynanticAvWriting     *w);
gboolean     dynantic_av_write_boolean        (DynanticAvWriting     *w,
                                               gboolean               value);
gboolean     dynantic_av_write_signed         (DynanticAvWriting     *w,
                                               gint64                 value);
gboolean     dynantic_av_write_unsigned       (DynanticAvWriting     *w,
                                               guint64                value);
/* The N text of a finite double (shortest that reads back), or FALSE. */
gboolean     dynantic_av_format_double        (DynanticAvWriting     *w,
                                               double                 value,
                                               gboolean               as_float,
                                               char                  *text,
                                               gsize                 *length);
gboolean     dynantic_av_write_double         (DynanticAvWriting     *w,
                                               double                 value,
                                               gboolean               as_float);
gboolean     dynantic_av_check_utf8           (DynanticAvWriting     *w,
                                               const char            *text,
                                               gsize                  length);
gboolean     dynantic_av_check_number         (DynanticAvWriting     *w,
                                               const char            *text,
                                               gsize                  length);
/* S, or N with NUMBER_STRING; NULL for a NULL @text. */
gboolean     dynantic_av_write_string         (DynanticAvWriting     *w,
                                               const char            *text,
                                               DynanticValueFlags     flags);
gboolean     dynantic_av_write_bytes          (DynanticAvWriting     *w,
                                               GBytes                *bytes);
/* An SS or NS of @texts in their order: not empty, no duplicate members. */
gboolean     dynantic_av_write_text_set       (DynanticAvWriting     *w,
                                               DynanticAvKind         kind,
                                               const char * const    *texts,
                                               gsize                  n);
/* {"M":{ or {"L":[ for a map or list at nesting @level (the attribute is
 * 1), or FALSE when DynamoDB would refuse it that deep; end_container()
 * closes it. */
gboolean     dynantic_av_begin_container      (DynanticAvWriting     *w,
                                               DynanticAvKind         kind,
                                               guint                  level);
void         dynantic_av_end_container        (DynanticAvWriting     *w,
                                               DynanticAvKind         kind);

/* ---- Reading: DYNANTIC_AV_INVALID is a VALIDATION error after which the
 * whole AttributeValue has been consumed; DYNANTIC_AV_BAD a malformed
 * response, after which the reader has stopped. */

typedef enum {
  DYNANTIC_AV_OK,
  DYNANTIC_AV_INVALID,
  DYNANTIC_AV_BAD,
} DynanticAvStatus;

/* @level: the maps and lists the reading is in (0 outside the attribute's
 * own; more for an attribute of a nested model). */
typedef struct {
  DynanticJsonReader  *reader;
  const char          *name;
  GError             **error;
  guint                level;
} DynanticAvReading;

/* Keeps the first VALIDATION error only. */
G_GNUC_PRINTF (2, 3)
DynanticAvStatus dynantic_av_invalid          (DynanticAvReading     *r,
                                               const char            *format,
                                               ...);
/* Replaces any VALIDATION error with the reader's BAD_RESPONSE one, which
 * then names the attribute. @what (here and in expect()) is untranslated,
 * marked with N_(): it is only translated on failure. */
DynanticAvStatus dynantic_av_bad              (DynanticAvReading     *r,
                                               const char            *what);
/* Refuses well-formed JSON that no AttributeValue DynamoDB sends can be
 * (a string holding a NUL, a map key twice, nesting deeper than DynamoDB
 * stores): a BAD_RESPONSE error naming the attribute, never the value, and
 * the reader stops. @reason is translated. */
DynanticAvStatus dynantic_av_refuse           (DynanticAvReading     *r,
                                               const char            *reason);
DynanticAvStatus dynantic_av_expect           (DynanticAvReading     *r,
                                               DynanticJsonToken      token,
                                               const char            *what);
/* '{' and the kind member; after '{': the kind member; then the kind's
 * value, then read_end() for the '}'. */
DynanticAvStatus dynantic_av_read_start       (DynanticAvReading     *r,
                                               DynanticAvKind        *kind);
DynanticAvStatus dynantic_av_read_kind        (DynanticAvReading     *r,
                                               DynanticAvKind        *kind);
DynanticAvStatus dynantic_av_read_end         (DynanticAvReading     *r,
                                               DynanticAvStatus       status);
/* A string's text, NOT NUL-terminated (dynantic_json_reader_get_string()
 * on r->reader gives it with a NUL), valid until the next read. */
DynanticAvStatus dynantic_av_read_text        (DynanticAvReading     *r,
                                               const char           **text,
                                               gsize                 *length);
/* The text of an N value as read_text(), its syntax checked, and its decimal. */
DynanticAvStatus dynantic_av_read_number      (DynanticAvReading     *r,
                                               const char           **text,
                                               gsize                 *length,
                                               DynanticDecimal       *decimal);
DynanticAvStatus dynantic_av_read_null        (DynanticAvReading     *r);
DynanticAvStatus dynantic_av_read_boolean     (DynanticAvReading     *r,
                                               gboolean              *value);
DynanticAvStatus dynantic_av_read_binary      (DynanticAvReading     *r,
                                               GBytes               **bytes);
/* Skips a value of @kind that a @type cannot hold: INVALID. */
DynanticAvStatus dynantic_av_mismatch         (DynanticAvReading     *r,
                                               DynanticAvKind         kind,
                                               GType                  type);
/* Refuses a text that holds a NUL character, which a C string cannot. */
DynanticAvStatus dynantic_av_check_no_nul     (DynanticAvReading     *r,
                                               const char            *text,
                                               gsize                  length);
/* The check above, then @text as a new C string in @copy (only when OK). */
DynanticAvStatus dynantic_av_copy_text        (DynanticAvReading     *r,
                                               const char            *text,
                                               gsize                  length,
                                               char                 **copy);

/* A scalar's value (S, N, B, BOOL or NULL), after its kind. @text (S, N,
 * and B's base64, checked but not decoded) is as read_text() gives it; an
 * S holds no NUL character. */
typedef struct {
  const char      *text;
  gsize            length;
  DynanticDecimal  decimal;
  gboolean         boolean;
} DynanticAvScalar;

DynanticAvStatus dynantic_av_read_scalar      (DynanticAvReading     *r,
                                               DynanticAvKind         kind,
                                               DynanticAvScalar      *scalar);

/* Reads the value of one member of an M (@key) or item of an L (@key NULL)
 * after its kind; returns INVALID to drop it, having consumed it. */
typedef DynanticAvStatus (*DynanticAvReadMember) (DynanticAvReading *r,
                                                  const char        *key,
                                                  DynanticAvKind     kind,
                                                  gpointer           user_data);

/* The members of an M, or the items of an L, after the kind: each whole
 * AttributeValue, handed to @read_member for its value. Every member is
 * consumed, even after an invalid one. */
DynanticAvStatus dynantic_av_read_members     (DynanticAvReading     *r,
                                               DynanticAvKind         kind,
                                               DynanticAvReadMember   read_member,
                                               gpointer               user_data);

/* The longest attribute name, and map key, DynamoDB takes (64 KB). */
#define DYNANTIC_AV_MAX_NAME_LENGTH 65536

/* An error about a map key of attribute @name that DynamoDB refuses: empty,
 * or @length bytes long, over 64 KB (not shown). Returns TRUE, for
 * map_key_is_bad(). */
gboolean         dynantic_av_refuse_map_key   (const char            *name,
                                               gsize                  length,
                                               GError               **error);

/* Whether a map key of attribute @name (@key, @length bytes) is one
 * DynamoDB refuses, with @error set; every good key passes inline. */
static inline gboolean
dynantic_av_map_key_is_bad (const char  *name,
                            const char  *key,
                            gsize        length,
                            GError     **error)
{
  if (G_LIKELY (length - 1 < DYNANTIC_AV_MAX_NAME_LENGTH))
    return FALSE;
  return dynantic_av_refuse_map_key (name, length, error);
}

/* Each member of a set, or the text of each item of an L of @item_kind, as
 * read_text() gives it. */
typedef DynanticAvStatus (*DynanticAvAddText) (DynanticAvReading *r,
                                               const char        *text,
                                               gsize              length,
                                               gpointer           user_data);

/* The members of an SS/NS/BS (syntax of NS members checked), or the items
 * of an L of @item_kind, after the kind; every item is consumed, even after
 * an invalid one. */
DynanticAvStatus dynantic_av_read_texts       (DynanticAvReading     *r,
                                               DynanticAvKind         kind,
                                               DynanticAvKind         item_kind,
                                               DynanticAvAddText      add,
                                               gpointer               user_data);

/* Reads past one whole AttributeValue, checking it is one DynamoDB sends
 * (kinds, numbers, base64, nesting, map keys): for one kept as its text. */
gboolean         dynantic_av_skip             (DynanticAvReading     *r);

/* Strict base64 (whole quads, padding only at the end), or NULL. */
GBytes          *dynantic_av_decode_base64    (const char            *text,
                                               gsize                  length);
/* Whether @text is strict base64, as decode_base64() reads it. */
gboolean         dynantic_av_is_base64        (const char            *text,
                                               gsize                  length);

G_END_DECLS
