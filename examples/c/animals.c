/* animals.c: single-table polymorphism with a discriminator
 *
 *     class Animal(DynamoModel):
 *         animal_id: str = Key()
 *         kind: str = Discriminator()
 *
 *     @Animal.register("DOG")
 *     class Dog(Animal):
 *         breed: str
 *
 *     @Animal.register("CAT")
 *     class Cat(Animal):
 *         lives_remaining: int
 *
 *     examples/run.sh c animals
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <dynantic/dynantic.h>

#include "tables.h"

/* The base: derivable, so that Dog and Cat derive from it. */
#define ZOO_TYPE_ANIMAL (zoo_animal_get_type ())
G_DECLARE_DERIVABLE_TYPE (ZooAnimal, zoo_animal, ZOO, ANIMAL, DynanticModel)
struct _ZooAnimalClass { DynanticModelClass parent_class; };
G_DEFINE_TYPE (ZooAnimal, zoo_animal, DYNANTIC_TYPE_MODEL)

#define ZOO_TYPE_DOG (zoo_dog_get_type ())
G_DECLARE_FINAL_TYPE (ZooDog, zoo_dog, ZOO, DOG, ZooAnimal)
struct _ZooDog { ZooAnimal parent_instance; };
G_DEFINE_FINAL_TYPE (ZooDog, zoo_dog, ZOO_TYPE_ANIMAL)

#define ZOO_TYPE_CAT (zoo_cat_get_type ())
G_DECLARE_FINAL_TYPE (ZooCat, zoo_cat, ZOO, CAT, ZooAnimal)
struct _ZooCat { ZooAnimal parent_instance; };
G_DEFINE_FINAL_TYPE (ZooCat, zoo_cat, ZOO_TYPE_ANIMAL)

static void
zoo_animal_class_init (ZooAnimalClass *klass)
{
  DynanticModelClass *model = DYNANTIC_MODEL_CLASS (klass);

  dynantic_model_class_install_property (model, g_param_spec_string ("animal-id", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_install_property (model, g_param_spec_string ("kind", NULL, NULL, NULL, G_PARAM_READWRITE));
  dynantic_model_class_set_table (model, "example-c-animals");
  dynantic_model_class_set_partition_key (model, "animal-id");
  /* Each item names its class; reads through Animal make objects of it. */
  dynantic_model_class_set_discriminator (model, "kind");
  dynantic_model_class_register_subtype (model, "DOG", ZOO_TYPE_DOG);
  dynantic_model_class_register_subtype (model, "CAT", ZOO_TYPE_CAT);
}

static void zoo_animal_init (ZooAnimal *self) { }

static void
zoo_dog_class_init (ZooDogClass *klass)
{
  dynantic_model_class_install_property (DYNANTIC_MODEL_CLASS (klass),
      g_param_spec_string ("breed", NULL, NULL, NULL, G_PARAM_READWRITE));
}

static void zoo_dog_init (ZooDog *self) { }

static void
zoo_cat_class_init (ZooCatClass *klass)
{
  dynantic_model_class_install_property (DYNANTIC_MODEL_CLASS (klass),
      g_param_spec_int ("lives-remaining", NULL, NULL, 0, 9, 9, G_PARAM_READWRITE));
}

static void zoo_cat_init (ZooCat *self) { }

static int
by_id (gconstpointer a,
       gconstpointer b)
{
  g_autofree char *id_a = NULL, *id_b = NULL;

  g_object_get (*(gpointer *) a, "animal-id", &id_a, NULL);
  g_object_get (*(gpointer *) b, "animal-id", &id_b, NULL);
  return g_strcmp0 (id_a, id_b);
}

static void
describe (gpointer animal)
{
  g_autofree char *id = NULL, *breed = NULL;
  int lives = 0;

  g_object_get (animal, "animal-id", &id, NULL);
  if (ZOO_IS_DOG (animal))
    {
      g_object_get (animal, "breed", &breed, NULL);
      g_print ("%s is a dog, %s\n", id, breed);
    }
  else if (ZOO_IS_CAT (animal))
    {
      g_object_get (animal, "lives-remaining", &lives, NULL);
      g_print ("%s is a cat with %d lives\n", id, lives);
    }
}

static gboolean
run (GError **error)
{
  g_autoptr(ZooDog) rex = g_object_new (ZOO_TYPE_DOG, "animal-id", "rex", "breed", "Labrador", NULL);
  g_autoptr(ZooCat) tom = g_object_new (ZOO_TYPE_CAT, "animal-id", "tom", "lives-remaining", 7, NULL);
  g_autoptr(DynanticScan) all_animals = dynantic_scan_new (ZOO_TYPE_ANIMAL, NULL);
  g_autoptr(DynanticScan) only_dogs = dynantic_scan_new (ZOO_TYPE_DOG, NULL);
  g_autoptr(GPtrArray) animals = NULL, dogs = NULL;

  if (!dynantic_model_save (DYNANTIC_MODEL (rex), NULL, NULL, error) ||
      !dynantic_model_save (DYNANTIC_MODEL (tom), NULL, NULL, error))
    return FALSE;

  /* Through the base: each item as its own class */
  if ((animals = dynantic_read_all (DYNANTIC_READ (all_animals), NULL, error)) == NULL)
    return FALSE;
  g_ptr_array_sort (animals, by_id);
  for (guint i = 0; i < animals->len; i++)
    describe (g_ptr_array_index (animals, i));

  /* Through a subclass: only its items */
  if ((dogs = dynantic_read_all (DYNANTIC_READ (only_dogs), NULL, error)) == NULL)
    return FALSE;
  g_print ("dogs only:");
  for (guint i = 0; i < dogs->len; i++)
    {
      g_autofree char *id = NULL;

      g_object_get (g_ptr_array_index (dogs, i), "animal-id", &id, NULL);
      g_print (" %s", id);
    }
  g_print ("\n");
  return TRUE;
}

int
main (void)
{
  return example_run ("animals", run, ZOO_TYPE_ANIMAL, G_TYPE_INVALID);
}
