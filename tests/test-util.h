/* test-util.h: what the test suites share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "dynantic.h"

G_BEGIN_DECLS

/* The endpoint of a DynamoDB Local for this test program: DYNANTIC_TEST_ENDPOINT
 * when the suite runs under scripts/dynamodb-local.sh, else one started on
 * first use with that script and stopped when the program exits. */
const char     *test_local_endpoint       (void);

/* A new client for test_local_endpoint() with fixed credentials, fast retries. */
DynanticClient *test_local_client         (void);

/* A table name no other test (or earlier run) uses. */
char           *test_unique_table_name    (const char *prefix);

/* @json parsed as an object; the test fails when it is not one. */
JsonObject     *test_parse_object         (const char     *json);

/* Calls @operation with the request written in @json through the call
 * primitive; the test fails unless a response comes back. */
JsonObject     *test_call_ok              (DynanticClient *client,
                                           const char     *operation,
                                           const char     *json);

/* @condition, freed when the running test ends. Every Dynantic call
 * borrows the conditions it is given, so conditions built inline as
 * arguments (of dynantic_condition_and(), ...) are handed to this. */
DynanticCondition *test_take_condition    (DynanticCondition *condition);
#define TAKE(condition) (test_take_condition (condition))

/* The project's source root, for scripts and test data. */
const char     *test_source_root          (void);

G_END_DECLS
