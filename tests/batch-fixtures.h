/* batch-fixtures.h: the models the batch, transaction and optimistic
 * locking tests share, and their tables on DynamoDB Local
 *
 * - TestPet: a polymorphic base ("kind" discriminator; TestDog "DOG",
 *   TestCat "CAT"), its id generated ("pet-id" auto id), "name" required,
 *   "expires" a GDateTime TTL (epoch seconds on the wire), "age" 0..30.
 * - TestOrder: a composite key ("customer", "seq"), "total" a double.
 * - TestDoc: optimistic locking ("version", an int), "text".
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "test-model-util.h"

G_BEGIN_DECLS

#define TEST_TYPE_PET (test_pet_get_type ())
G_DECLARE_DERIVABLE_TYPE (TestPet, test_pet, TEST, PET, DynanticModel)
struct _TestPetClass { DynanticModelClass parent_class; };

#define TEST_TYPE_DOG (test_dog_get_type ())
G_DECLARE_FINAL_TYPE (TestDog, test_dog, TEST, DOG, TestPet)

#define TEST_TYPE_CAT (test_cat_get_type ())
G_DECLARE_FINAL_TYPE (TestCat, test_cat, TEST, CAT, TestPet)

#define TEST_TYPE_ORDER (test_order_get_type ())
G_DECLARE_FINAL_TYPE (TestOrder, test_order, TEST, ORDER, DynanticModel)

#define TEST_TYPE_DOC (test_doc_get_type ())
G_DECLARE_FINAL_TYPE (TestDoc, test_doc, TEST, DOC, DynanticModel)

/* Tables on DynamoDB Local for the three models (pets, orders, docs), with
 * fresh names, every class's client set to @client. */
typedef struct {
  DynanticClient *client;
  TestAsync       async;
} TestTables;

void       test_tables_set_up    (TestTables  *tables);
void       test_tables_tear_down (TestTables  *tables);

TestOrder *test_order_new        (const char  *customer,
                                  int          seq,
                                  double       total);
TestDoc   *test_doc_new          (const char  *id,
                                  const char  *text);
/* The item stored under the key, read strongly consistent, or NULL. */
gpointer   test_read_back        (GType        type,
                                  const GValue *partition_key,
                                  const GValue *sort_key);
gint       test_get_int          (gpointer     object,
                                  const char  *property);
double     test_get_double       (gpointer     object,
                                  const char  *property);

G_END_DECLS
