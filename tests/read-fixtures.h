/* read-fixtures.h: the models and data the query, scan and page tests read
 *
 * The seed's examples: chat messages by room and time (with a local index
 * on likes), orders with two global indexes (by customer, by status and
 * date), and a polymorphic pet hierarchy. Each table gets a unique name and
 * is filled once per test program.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "dynantic.h"
#include "fake-server.h"
#include "test-model-util.h"

G_BEGIN_DECLS

/* room (partition key), sent-at (GDateTime sort key), author, text, likes
 * (int, sort key of the local index "LikesIndex"), tags (a string set),
 * pinned. */
#define READ_TYPE_MESSAGE (read_message_get_type ())
G_DECLARE_FINAL_TYPE (ReadMessage, read_message, READ, MESSAGE, DynanticModel)

/* order-id (partition key, no sort key), customer-id, order-date (a
 * "YYYY-MM-DD" string), status, total (double); global indexes
 * "CustomerIndex" (customer-id, order-date) and "StatusDateIndex" (status,
 * order-date). */
#define READ_TYPE_ORDER (read_order_get_type ())
G_DECLARE_FINAL_TYPE (ReadOrder, read_order, READ, ORDER, DynanticModel)

/* owner-id (partition key), pet-id (sort key), kind (discriminator), name;
 * ReadDog ("DOG", breed) and ReadCat ("CAT", lives). */
#define READ_TYPE_PET (read_pet_get_type ())
G_DECLARE_DERIVABLE_TYPE (ReadPet, read_pet, READ, PET, DynanticModel)
struct _ReadPetClass { DynanticModelClass parent_class; };

#define READ_TYPE_DOG (read_dog_get_type ())
G_DECLARE_FINAL_TYPE (ReadDog, read_dog, READ, DOG, ReadPet)

#define READ_TYPE_CAT (read_cat_get_type ())
G_DECLARE_FINAL_TYPE (ReadCat, read_cat, READ, CAT, ReadPet)

/* Room "general" holds 11 messages: i = 0..9 sent at 2024-05-01T10:0i:00Z
 * by ana, bo, cy in turn (i % 3), text "hello everyone i" for even i and
 * "bye i" for odd, likes 10 * i, tags {news} for even i ({news, urgent}
 * for i = 4) and {chat} for odd, pinned for i = 3 and 7; and i = 10 sent at
 * 2024-06-15T08:00:00Z by ana, "hello june", likes 5, {news}. Room "random"
 * holds 3: sent at 2024-05-02T0i:00:00Z by dee, "random i", likes 1. */
#define TEST_GENERAL_MESSAGES 11
#define TEST_RANDOM_MESSAGES 3

/* Orders o1..o7:
 *   o1 c1 2024-01-05 PENDING    10.5     o5 c2 2024-02-14 DELIVERED  7.25
 *   o2 c1 2024-01-20 SHIPPED    99.99    o6 c3 2024-01-30 PENDING  120
 *   o3 c1 2024-02-03 PENDING     5       o7 c3 2024-03-01 SHIPPED   15
 *   o4 c2 2024-01-11 SHIPPED    42 */
#define TEST_ORDERS 7

/* Pets: ann owns d1 (dog rex, collie), c1 (cat tom, 9 lives), d2 (dog
 * fido, pug), c2 (cat kit, 7 lives); bob owns d3 (dog max, pug). */
#define TEST_PETS 5

/* Creates the three tables under unique names, fills them, and makes
 * @client the classes' client. */
void           read_fixtures_set_up     (DynanticClient *client);
/* Deletes the tables. */
void           read_fixtures_tear_down  (void);

/* Writes @n items (DynamoDB JSON objects, as text) to @table with
 * BatchWriteItem, 25 at a time. */
void           read_fixtures_put_items  (DynanticClient     *client,
                                         const char         *table,
                                         const char * const *items,
                                         guint               n);

/* 2024-05-01T10:0<minute>:00Z, the sent-at of general message <minute>. */
void           read_fixtures_sent_at    (GValue     *value,
                                         guint       minute);

/* Creates @type's table under a unique name made from @prefix, and makes
 * @client the class's client; returns the table's name. */
char          *read_fixtures_create_table (GType           type,
                                           DynanticClient *client,
                                           const char     *prefix);

/* A query of the messages of @room, and a filter on their author. */
DynanticQuery     *read_fixtures_room_query (const char *room);
DynanticCondition *read_fixtures_author_is  (const char *author);

/* Runs @read (a DynanticRead) with dynantic_read_all(), asserting success. */
GPtrArray     *read_fixtures_run_all    (gpointer    read);

/* The numbers of @messages (i above: "0,1,2"; random messages "r0".."r2"),
 * joined with ",", from their sent-at. */
char          *read_fixtures_message_numbers (GPtrArray *messages);
/* The items' @property values joined with "," ("o1,o2"). */
char          *read_fixtures_join       (GPtrArray  *items,
                                         const char *property);
/* The same, sorted: for scans, which have no order. */
char          *read_fixtures_join_sorted (GPtrArray  *items,
                                          const char *property);
/* A comma-separated @list, sorted. */
char          *read_fixtures_sort_list  (const char *list);

/* The fake server's side: a reply for its next request, and the body of
 * request @i (from 0), parsed. */
void           read_fixtures_reply      (FakeServer *server,
                                         const char *body);
JsonObject    *read_fixtures_request    (FakeServer *server,
                                         guint       i);

G_END_DECLS
