/* fuzz-value-read.c: the codec reading arbitrary bytes as an AttributeValue
 *
 * Each input is read into every kind of target the codec has. Beyond "no
 * crash, no leak": a failure is BAD_RESPONSE or VALIDATION (VALIDATION
 * leaves the reader after the whole value), and whatever reads well and
 * writes well reaches a fixed point: written, read back and written again,
 * it gives the same text.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "dynantic-error.h"
#include "dynantic-value-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define CHECK(condition) do { if (!(condition)) abort (); } while (0)

static GType
fuzz_enum_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    { 0, "FUZZ_A", "a" }, { 1, "FUZZ_B", "b" }, { -5, "FUZZ_MINUS", "minus" }, { 0, NULL, NULL },
  };

  if (type == 0)
    type = g_enum_register_static ("FuzzEnum", values);
  return type;
}

static GType
fuzz_flags_get_type (void)
{
  static GType type = 0;
  static const GFlagsValue values[] = {
    { 1, "FUZZ_X", "x" }, { 2, "FUZZ_Y", "y" }, { 3, "FUZZ_XY", "xy" }, { 0x80000000u, "FUZZ_TOP", "top" },
    { 0, NULL, NULL },
  };

  if (type == 0)
    type = g_flags_register_static ("FuzzFlags", values);
  return type;
}

typedef struct {
  GType              type;
  DynanticValueFlags flags;
} Target;

/* Reads @json into a new value of @target's type; on success, the reader
 * ended at the document's end or not, as @complete says. */
static gboolean
read_one (const char   *json,
          gsize         length,
          const Target *target,
          GValue       *value,
          gboolean     *complete)
{
  g_autoptr(GError) error = NULL;
  DynanticJsonReader reader;
  gboolean ok;

  g_value_init (value, target->type);
  dynantic_json_reader_init (&reader, json, length);
  ok = dynantic_value_read (&reader, "fuzz", value, target->flags, &error);
  CHECK (ok == (error == NULL));
  if (!ok)
    CHECK (error->domain == DYNANTIC_ERROR &&
           (error->code == DYNANTIC_ERROR_BAD_RESPONSE || error->code == DYNANTIC_ERROR_VALIDATION));
  *complete = FALSE;
  if (ok || error->code == DYNANTIC_ERROR_VALIDATION)
    *complete = dynantic_json_reader_next (&reader) == DYNANTIC_JSON_END;
  dynantic_json_reader_clear (&reader);
  return ok;
}

static char *
write_one (const GValue *value,
           const Target *target)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  DynanticJsonWriter writer;

  dynantic_json_writer_init (&writer, out);
  if (!dynantic_value_write (&writer, "fuzz", value, target->flags, &error))
    {
      CHECK (error != NULL && out->len == 0);
      CHECK (error->code == DYNANTIC_ERROR_VALIDATION);
      return g_string_free (out, TRUE);
    }
  return g_string_free (out, FALSE);
}

static void
check_target (const char   *json,
              gsize         length,
              const Target *target)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_auto(GValue) again = G_VALUE_INIT;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gboolean complete;

  if (!read_one (json, length, target, &value, &complete) || !complete)
    return;
  (void) dynantic_value_is_empty_set (&value, target->flags);
  first = write_one (&value, target);
  if (first == NULL)
    return;
  CHECK (read_one (first, strlen (first), target, &again, &complete) && complete);
  second = write_one (&again, target);
  CHECK (second != NULL && strcmp (first, second) == 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const Target targets[] = {
    { G_TYPE_STRING, 0 }, { G_TYPE_STRING, DYNANTIC_VALUE_NUMBER_STRING }, { G_TYPE_BOOLEAN, 0 },
    { G_TYPE_CHAR, 0 }, { G_TYPE_UCHAR, 0 }, { G_TYPE_INT, 0 }, { G_TYPE_UINT64, 0 },
    { G_TYPE_INT64, DYNANTIC_VALUE_EPOCH_SECONDS }, { G_TYPE_FLOAT, 0 }, { G_TYPE_DOUBLE, 0 },
    { G_TYPE_BYTES, 0 }, { G_TYPE_DATE_TIME, 0 }, { G_TYPE_DATE_TIME, DYNANTIC_VALUE_EPOCH_SECONDS },
    { G_TYPE_STRV, 0 }, { G_TYPE_STRV, DYNANTIC_VALUE_SET }, { G_TYPE_STRV, DYNANTIC_VALUE_SET | DYNANTIC_VALUE_NUMBER_STRING },
    { G_TYPE_VARIANT, 0 }, { G_TYPE_VARIANT, DYNANTIC_VALUE_SET }, { JSON_TYPE_NODE, 0 },
    { fuzz_enum_get_type (), 0 }, { fuzz_flags_get_type (), 0 },
  };
  /* an exact-size copy: any read past the end is caught */
  char *json = g_memdup2 (data, size ? size : 1);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (targets); i++)
    check_target (json, size, &targets[i]);
  g_free (json);
  return 0;
}
