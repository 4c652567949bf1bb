/* fuzz-models.c: model classes with a property of every kind
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "dynantic-schema-private.h"
#include "fuzz-models.h"

#define RW G_PARAM_READWRITE

static GType
fuzz_color_get_type (void)
{
  static const GEnumValue values[] = {
    { 0, "FUZZ_COLOR_RED", "red" }, { 1, "FUZZ_COLOR_GREEN", "green" }, { -7, "FUZZ_COLOR_NEGATIVE", "negative" },
    { 0, NULL, NULL },
  };
  static GType type;

  if (type == 0)
    type = g_enum_register_static ("FuzzColor", values);
  return type;
}

static GType
fuzz_perm_get_type (void)
{
  static const GFlagsValue values[] = {
    { 1, "FUZZ_PERM_READ", "read" }, { 2, "FUZZ_PERM_WRITE", "write" }, { 0x80000000u, "FUZZ_PERM_TOP", "top" },
    { 0, NULL, NULL },
  };
  static GType type;

  if (type == 0)
    type = g_flags_register_static ("FuzzPerm", values);
  return type;
}

struct _FuzzAddress { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (FuzzAddress, fuzz_address, DYNANTIC_TYPE_MODEL)

static void
fuzz_address_class_init (FuzzAddressClass *klass)
{
  DynanticModelClass *k = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (k, g_param_spec_string ("street", NULL, NULL, NULL, RW));
  dynantic_model_class_install_property (k, g_param_spec_int ("zip", NULL, NULL, 0, 99999, 0, RW));
}

static void fuzz_address_init (FuzzAddress *self) { }

struct _FuzzEverything { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (FuzzEverything, fuzz_everything, DYNANTIC_TYPE_MODEL)

static void
install (DynanticModelClass *klass,
         GParamSpec         *pspec)
{
  dynantic_model_class_install_property (klass, pspec);
}

static void
fuzz_everything_class_init (FuzzEverythingClass *klass)
{
  DynanticModelClass *k = DYNANTIC_MODEL_CLASS (klass);

  install (k, g_param_spec_string ("id", NULL, NULL, NULL, RW));
  install (k, g_param_spec_int64 ("n", NULL, NULL, G_MININT64, G_MAXINT64, 0, RW));
  install (k, g_param_spec_string ("text", NULL, NULL, NULL, RW));
  install (k, g_param_spec_string ("amount", NULL, NULL, NULL, RW));
  install (k, g_param_spec_boolean ("flag", NULL, NULL, FALSE, RW));
  install (k, g_param_spec_char ("small", NULL, NULL, G_MININT8, G_MAXINT8, 0, RW));
  install (k, g_param_spec_uchar ("byte", NULL, NULL, 0, G_MAXUINT8, 0, RW));
  install (k, g_param_spec_int ("count", NULL, NULL, -1000, 1000, 0, RW));
  install (k, g_param_spec_uint ("unsigned", NULL, NULL, 0, G_MAXUINT, 0, RW));
  install (k, g_param_spec_long ("long", NULL, NULL, G_MINLONG, G_MAXLONG, 0, RW));
  install (k, g_param_spec_ulong ("ulong", NULL, NULL, 0, G_MAXULONG, 0, RW));
  install (k, g_param_spec_uint64 ("huge", NULL, NULL, 0, G_MAXUINT64, 0, RW));
  install (k, g_param_spec_float ("ratio", NULL, NULL, -G_MAXFLOAT, G_MAXFLOAT, 0, RW));
  install (k, g_param_spec_double ("price", NULL, NULL, 0, 1e6, 0, RW));
  install (k, g_param_spec_double ("any-double", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, RW));
  install (k, g_param_spec_boxed ("blob", NULL, NULL, G_TYPE_BYTES, RW));
  install (k, g_param_spec_boxed ("at", NULL, NULL, G_TYPE_DATE_TIME, RW));
  install (k, g_param_spec_boxed ("expires", NULL, NULL, G_TYPE_DATE_TIME, RW));
  install (k, g_param_spec_enum ("color", NULL, NULL, fuzz_color_get_type (), 0, RW));
  install (k, g_param_spec_flags ("perms", NULL, NULL, fuzz_perm_get_type (), 0, RW));
  install (k, g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV, RW));
  install (k, g_param_spec_boxed ("labels", NULL, NULL, G_TYPE_STRV, RW));
  install (k, g_param_spec_boxed ("numbers", NULL, NULL, G_TYPE_STRV, RW));   /* a set of strings */
  install (k, g_param_spec_variant ("scores", NULL, NULL, G_VARIANT_TYPE ("ax"), NULL, RW));
  install (k, g_param_spec_variant ("weights", NULL, NULL, G_VARIANT_TYPE ("ad"), NULL, RW));
  install (k, g_param_spec_variant ("names", NULL, NULL, G_VARIANT_TYPE ("as"), NULL, RW));
  install (k, g_param_spec_variant ("blobs", NULL, NULL, G_VARIANT_TYPE ("aay"), NULL, RW));
  install (k, g_param_spec_variant ("settings", NULL, NULL, G_VARIANT_TYPE ("a{sv}"), NULL, RW));
  install (k, g_param_spec_variant ("tuple", NULL, NULL, G_VARIANT_TYPE ("(sibdmay)"), NULL, RW));
  install (k, g_param_spec_variant ("anything", NULL, NULL, G_VARIANT_TYPE_VARIANT, NULL, RW));
  install (k, g_param_spec_variant ("nested", NULL, NULL, G_VARIANT_TYPE ("aa{sai}"), NULL, RW));
  install (k, g_param_spec_variant ("maybe", NULL, NULL, G_VARIANT_TYPE ("mu"), NULL, RW));
  install (k, g_param_spec_boxed ("data", NULL, NULL, JSON_TYPE_NODE, RW));
  install (k, g_param_spec_object ("address", NULL, NULL, FUZZ_TYPE_ADDRESS, RW));

  dynantic_model_class_set_table (k, "fuzz-everything");
  dynantic_model_class_set_partition_key (k, "id");
  dynantic_model_class_set_sort_key (k, "n");
  dynantic_model_class_set_number (k, "amount");
  dynantic_model_class_set_set (k, "labels");
  dynantic_model_class_set_set (k, "numbers");
  dynantic_model_class_set_set (k, "scores");
  dynantic_model_class_set_set (k, "weights");
  dynantic_model_class_set_set (k, "names");
  dynantic_model_class_set_set (k, "blobs");
  dynantic_model_class_set_ttl (k, "expires");
  dynantic_model_class_set_attribute_name (k, "text", "the text");
}

static void fuzz_everything_init (FuzzEverything *self) { }

G_DEFINE_TYPE (FuzzShape, fuzz_shape, DYNANTIC_TYPE_MODEL)

static void
fuzz_shape_class_init (FuzzShapeClass *klass)
{
  DynanticModelClass *k = DYNANTIC_MODEL_CLASS (klass);

  install (k, g_param_spec_string ("id", NULL, NULL, NULL, RW));
  install (k, g_param_spec_string ("kind", NULL, NULL, NULL, RW));
  install (k, g_param_spec_string ("label", NULL, NULL, NULL, RW));
  dynantic_model_class_set_table (k, "fuzz-shapes");
  dynantic_model_class_set_partition_key (k, "id");
  dynantic_model_class_set_discriminator (k, "kind");
  dynantic_model_class_register_subtype (k, "circle", fuzz_circle_get_type ());
}

static void fuzz_shape_init (FuzzShape *self) { }

struct _FuzzCircle { FuzzShape parent_instance; };
G_DEFINE_FINAL_TYPE (FuzzCircle, fuzz_circle, FUZZ_TYPE_SHAPE)

static void
fuzz_circle_class_init (FuzzCircleClass *klass)
{
  install (DYNANTIC_MODEL_CLASS (klass), g_param_spec_double ("radius", NULL, NULL, 0, G_MAXDOUBLE, 1, RW));
}

static void fuzz_circle_init (FuzzCircle *self) { }

const char * const fuzz_everything_paths[] = {
  "id", "n", "text", "the text", "amount", "flag", "small", "byte", "count", "unsigned", "long",
  "ulong", "huge", "ratio", "price", "any-double", "blob", "at", "expires", "color", "perms",
  "tags", "tags[0]", "tags[99]", "labels", "numbers", "scores", "weights", "names", "blobs",
  "settings", "settings.a", "settings.a.b", "tuple", "tuple[1]", "anything", "nested", "nested[0].k",
  "maybe", "data", "data.x", "data.x[2].y", "address", "address.street", "address.zip", "unknown",
  "unknown.deep[3]", "a\\.b", "the\\[text\\]",
  NULL
};

void
fuzz_models_init (void)
{
  g_type_class_unref (g_type_class_ref (FUZZ_TYPE_ADDRESS));
  g_type_class_unref (g_type_class_ref (FUZZ_TYPE_EVERYTHING));
  g_type_class_unref (g_type_class_ref (FUZZ_TYPE_SHAPE));
  g_type_class_unref (g_type_class_ref (FUZZ_TYPE_CIRCLE));
  /* a class the library refuses would make every input fail alike */
  GType types[] = { FUZZ_TYPE_EVERYTHING, FUZZ_TYPE_SHAPE, FUZZ_TYPE_CIRCLE };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(DynanticSchema) schema = dynantic_schema_lookup (types[i], NULL);

      if (schema == NULL)
        abort ();
    }
}
