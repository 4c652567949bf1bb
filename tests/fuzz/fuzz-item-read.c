/* fuzz-item-read.c: arbitrary bytes read as a DynamoDB item into models
 * with a property of every kind (fuzz-models.c): strings, exact numbers,
 * every integer width, floats, binary, dates, epoch seconds, enums, flags,
 * lists and sets, typed GVariants, JsonNodes, a nested model, and a
 * polymorphic hierarchy.
 *
 * Beyond "no crash, no leak, no read past the end":
 * - a failure is a DYNANTIC_ERROR, BAD_RESPONSE or VALIDATION;
 * - an item read well and written again reaches a fixed point: written,
 *   read back and written again, it gives the same text.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dynantic-error.h"
#include "dynantic-item-private.h"
#include "dynantic-schema-private.h"
#include "fuzz-models.h"
#include "fuzz-check.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Reads @json as one item, which must be the whole document. */
static DynanticModel *
read_item (const char           *json,
           gsize                 length,
           const DynanticSchema *schema)
{
  g_autoptr(GError) error = NULL;
  DynanticJsonReader reader;
  DynanticModel *model;
  gboolean complete;

  dynantic_json_reader_init (&reader, json, length);
  model = dynantic_item_read (&reader, schema, &error);
  CHECK (model == NULL || error == NULL);
  if (error != NULL)
    CHECK (error->domain == DYNANTIC_ERROR &&
           (error->code == DYNANTIC_ERROR_BAD_RESPONSE || error->code == DYNANTIC_ERROR_VALIDATION));
  complete = error == NULL && dynantic_json_reader_next (&reader) == DYNANTIC_JSON_END;
  dynantic_json_reader_clear (&reader);
  if (!complete)
    g_clear_object (&model);
  return model;
}

static char *
write_item (DynanticModel        *model,
            const DynanticSchema *schema)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  DynanticJsonWriter writer;

  dynantic_json_writer_init (&writer, out);
  if (!dynantic_item_write (&writer, schema, model, &error))
    {
      CHECK (error != NULL && error->domain == DYNANTIC_ERROR);
      return g_string_free (out, TRUE);
    }
  return g_string_free (out, FALSE);
}

/* Whether the item object @json names an attribute twice. Such items are
 * read (the last value wins for a property, both are kept for an unknown
 * attribute) and then written back twice, so they reach no fixed point:
 * issue 11 has strict parsing refuse them; until then they are only read. */
static gboolean
has_duplicate_attribute (const char *json,
                         gsize       length)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  DynanticJsonReader reader;
  gboolean duplicate = FALSE;

  dynantic_json_reader_init (&reader, json, length);
  if (dynantic_json_reader_next (&reader) == DYNANTIC_JSON_BEGIN_OBJECT)
    while (!duplicate && dynantic_json_reader_next (&reader) == DYNANTIC_JSON_MEMBER)
      {
        duplicate = !g_hash_table_add (names, g_strdup (dynantic_json_reader_get_string (&reader, NULL)));
        if (!dynantic_json_reader_skip_value (&reader))
          break;
      }
  dynantic_json_reader_clear (&reader);
  return duplicate;
}

static void
check_schema (const char *json,
              gsize       length,
              GType       type)
{
  g_autoptr(DynanticSchema) schema = dynantic_schema_lookup (type, NULL);
  g_autoptr(DynanticSchema) written = NULL;
  g_autoptr(DynanticModel) model = NULL;
  g_autoptr(DynanticModel) again = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  CHECK (schema != NULL);
  model = read_item (json, length, schema);
  if (model == NULL || has_duplicate_attribute (json, length))
    return;
  /* every property readable through GObject, as an application would */
  {
    g_autofree GParamSpec **pspecs = NULL;
    guint n = 0;

    pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (model), &n);
    for (guint i = 0; i < n; i++)
      {
        g_auto(GValue) value = G_VALUE_INIT;

        g_value_init (&value, pspecs[i]->value_type);
        g_object_get_property (G_OBJECT (model), pspecs[i]->name, &value);
      }
  }
  /* a polymorphic read may give a subclass: written with its own schema */
  written = dynantic_schema_lookup (G_OBJECT_TYPE (model), NULL);
  CHECK (written != NULL);
  first = write_item (model, written);
  if (first == NULL)
    return;
  again = read_item (first, strlen (first), written);
  CHECK (again != NULL);
  CHECK (G_OBJECT_TYPE (again) == G_OBJECT_TYPE (model));
  second = write_item (again, written);
  CHECK (second != NULL && strcmp (first, second) == 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* an exact-size copy: any read past the end is caught */
  char *json = g_memdup2 (data, size ? size : 1);

  fuzz_models_init ();
  check_schema (json, size, FUZZ_TYPE_EVERYTHING);
  check_schema (json, size, FUZZ_TYPE_SHAPE);
  g_free (json);
  return 0;
}
