/* dynantic-write-common-private.h: what the writes share (single items,
 * batches, transactions)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "codec/dynantic-json-private.h"
#include "dynantic-client.h"
#include "dynantic-model.h"
#include "dynantic-schema-private.h"
#include "expression/dynantic-condition.h"

G_BEGIN_DECLS

/* Reads the item a failed condition found (the value @reader is at) as an
 * object of the subclass its discriminator names, through the base of
 * @schema's hierarchy: the current item may be of another kind than the
 * class written. It gets @client (nullable) as its own. NULL with @error
 * set when the item cannot be read. */
DynanticModel *dynantic_write_read_current_item (DynanticJsonReader    *reader,
                                                 const DynanticSchema  *schema,
                                                 DynanticClient        *client,
                                                 GError               **error);

/* Sets @dest (unset) to a copy of @src, when @src is given and holds a
 * value; leaves @dest unset otherwise (an absent sort key). */
void           dynantic_write_copy_value        (GValue                *dest,
                                                 const GValue          *src);

/* Fails with DYNANTIC_ERROR_INVALID_ARGUMENT when @schema's class is
 * abstract: no object of it can stand for a key. */
gboolean       dynantic_write_check_key_class   (const DynanticSchema  *schema,
                                                 GError               **error);

/* An object of @schema's class holding only the given key (converted and
 * checked as dynantic_item_convert_key_value() does): what a delete or a
 * read by key is reported as. A class that cannot be made (abstract) fails
 * with DYNANTIC_ERROR_INVALID_ARGUMENT. */
DynanticModel *dynantic_write_new_key_object    (const DynanticSchema  *schema,
                                                 const GValue          *partition_key,
                                                 const GValue          *sort_key,
                                                 GError               **error);

/* "ConditionExpression" with its names and values, and
 * "ReturnValuesOnConditionCheckFailure" (a failed condition brings the
 * item it found back, for the error), into the object @writer is in;
 * nothing for a NULL @condition. */
gboolean       dynantic_write_condition         (DynanticJsonWriter    *writer,
                                                 const DynanticSchema  *schema,
                                                 DynanticCondition     *condition,
                                                 GError               **error);

/* Identities: which item a request is for ------------------------------------
 *
 * One item of a table is named by its key attributes' values; batches and
 * transactions refuse (or merge) two requests for one item, and match what
 * DynamoDB sends back (responses, unprocessed requests) to what they sent.
 * An identity holds the table's name and each key attribute's type and
 * value, numbers in DynamoDB's normal form ("1.50" and "1.5" are one
 * number), with lengths, so two identities are equal exactly when they
 * name one item. Compare them with g_bytes_equal(). */

/* The identity of the item whose Key or Item object was written to
 * @key_json (an item's other attributes are skipped). */
GBytes        *dynantic_write_identity_of_key   (const DynanticSchema  *schema,
                                                 const char            *key_json,
                                                 gsize                  length,
                                                 GError               **error);
/* Reads the Item or Key object that is @reader's next value (whole: other
 * attributes are skipped) into the identity of its item in @schema's
 * table. A key attribute missing, or of another shape than a key's, fails
 * with DYNANTIC_ERROR_BAD_RESPONSE. */
GBytes        *dynantic_write_read_identity     (DynanticJsonReader    *reader,
                                                 const DynanticSchema  *schema,
                                                 GError               **error);

/* Reads a "ConsumedCapacity" value (one object, or an array of them, one
 * per table) and adds its CapacityUnits to *@sum. */
gboolean       dynantic_write_read_capacity     (DynanticJsonReader    *reader,
                                                 double                *sum,
                                                 GError               **error);

/* The wait before the next round of a call whose last @stalled rounds
 * wrote or read nothing (0: the last round made progress): the client's
 * retry backoff, full jitter, its base and cap. */
GTimeSpan      dynantic_write_round_delay       (DynanticClient        *client,
                                                 guint                  stalled);

/* A key to read, as batch and transactional gets take one: the object
 * @key, or @key_type's key values @partition_key and @sort_key (@sort_key
 * unset for none), checked as dynantic_model_get_by_key() checks them.
 * Sets *@schema (a reference, replacing the one it held) to the key's
 * class's and *@key_json to its Key object; returns the identity of its
 * item, or NULL with @error set. No object is made for values. */
GBytes        *dynantic_write_prepare_key       (DynanticModel         *key,
                                                 GType                  key_type,
                                                 const GValue          *partition_key,
                                                 const GValue          *sort_key,
                                                 DynanticSchema       **schema,
                                                 GBytes               **key_json,
                                                 GError               **error);

G_END_DECLS
