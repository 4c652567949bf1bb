/* test-update-models.h: the model classes the update tests change, and a
 * list value for them
 *
 * Included by one test program each (the definitions are not shared
 * between programs).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "dynantic.h"

G_BEGIN_DECLS

/* A GValue holding a copy of @strings. */
static inline GValue *
strv_value (GValue             *value,
            const char * const *strings)
{
  g_value_init (value, G_TYPE_STRV);
  g_value_set_boxed (value, strings);
  return value;
}

/* TestStatus: an enum stored by its nick ---------------------------------- */

typedef enum {
  TEST_STATUS_PENDING,
  TEST_STATUS_ACTIVE,
  TEST_STATUS_BANNED,
} TestStatus;

#define TEST_TYPE_STATUS (test_status_get_type ())

static GType
test_status_get_type (void)
{
  static gsize type;
  static const GEnumValue values[] = {
    { TEST_STATUS_PENDING, "TEST_STATUS_PENDING", "pending" },
    { TEST_STATUS_ACTIVE, "TEST_STATUS_ACTIVE", "active" },
    { TEST_STATUS_BANNED, "TEST_STATUS_BANNED", "banned" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("TestUpdateStatus", values));
  return type;
}

/* TestAddress: a nested model --------------------------------------------- */

#define TEST_TYPE_ADDRESS (test_address_get_type ())
G_DECLARE_FINAL_TYPE (TestAddress, test_address, TEST, ADDRESS, DynanticModel)
struct _TestAddress { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (TestAddress, test_address, DYNANTIC_TYPE_MODEL)

static void
test_address_class_init (TestAddressClass *klass)
{
  DynanticModelClass *model = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model, g_param_spec_string ("city", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_string ("street", NULL, NULL, NULL, G_PARAM_READWRITE));
}

static void test_address_init (TestAddress *self) { }

/* TestUser: the seed's user, with a property of each kind an update meets - */

#define TEST_TYPE_USER (test_user_get_type ())
G_DECLARE_FINAL_TYPE (TestUser, test_user, TEST, USER, DynanticModel)
struct _TestUser { DynanticModel parent_instance; };
G_DEFINE_FINAL_TYPE (TestUser, test_user, DYNANTIC_TYPE_MODEL)

static void
test_user_class_init (TestUserClass *klass)
{
  DynanticModelClass *model = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model, g_param_spec_string ("user-id", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_string ("email", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model,
      g_param_spec_int ("login-count", NULL, NULL, 0, G_MAXINT, 0, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model,
      g_param_spec_enum ("status", NULL, NULL, TEST_TYPE_STATUS, TEST_STATUS_PENDING, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model,
      g_param_spec_double ("score", NULL, NULL, 0, 100, 0, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model,
      g_param_spec_int64 ("balance", NULL, NULL, G_MININT64, G_MAXINT64, 0, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model,
      g_param_spec_string ("price", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model,
      g_param_spec_int ("version", NULL, NULL, 0, G_MAXINT, 0, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model,
      g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model,
      g_param_spec_boxed ("roles", NULL, NULL, G_TYPE_STRV, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model,
      g_param_spec_boxed ("profile", NULL, NULL, JSON_TYPE_NODE, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model,
      g_param_spec_boxed ("last-seen", NULL, NULL, G_TYPE_DATE_TIME, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model,
      g_param_spec_boxed ("expires", NULL, NULL, G_TYPE_DATE_TIME, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model,
      g_param_spec_object ("address", NULL, NULL, TEST_TYPE_ADDRESS, G_PARAM_READWRITE));

  dynantic_model_class_set_partition_key (model, "user-id");
  dynantic_model_class_set_sort_key (model, "email");
  dynantic_model_class_set_number (model, "price");
  dynantic_model_class_set_set (model, "roles");
  dynantic_model_class_set_ttl (model, "expires");
}

static void test_user_init (TestUser *self) { }

/* TestPet and TestDog: a polymorphic hierarchy ----------------------------- */

#define TEST_TYPE_PET (test_pet_get_type ())
G_DECLARE_DERIVABLE_TYPE (TestPet, test_pet, TEST, PET, DynanticModel)
struct _TestPetClass { DynanticModelClass parent_class; };
G_DEFINE_TYPE (TestPet, test_pet, DYNANTIC_TYPE_MODEL)

#define TEST_TYPE_DOG (test_dog_get_type ())
G_DECLARE_FINAL_TYPE (TestDog, test_dog, TEST, DOG, TestPet)
struct _TestDog { TestPet parent_instance; };
G_DEFINE_FINAL_TYPE (TestDog, test_dog, TEST_TYPE_PET)

static void
test_pet_class_init (TestPetClass *klass)
{
  DynanticModelClass *model = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model, g_param_spec_string ("pet-id", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_string ("kind", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_set_partition_key (model, "pet-id");
  dynantic_model_class_set_discriminator (model, "kind");
  dynantic_model_class_register_subtype (model, "DOG", test_dog_get_type ());
}

static void test_pet_init (TestPet *self) { }

static void
test_dog_class_init (TestDogClass *klass)
{
  dynantic_model_class_install_property (DYNANTIC_MODEL_CLASS (klass),
      g_param_spec_uint ("tricks", NULL, NULL, 0, 50, 0, G_PARAM_READWRITE));
}

static void test_dog_init (TestDog *self) { }

G_END_DECLS
