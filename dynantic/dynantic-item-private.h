/* dynantic-item-private.h: model instances <-> DynamoDB items, on the wire
 *
 * Straight between property values and request/response bytes, through the
 * value codec and the JSON writer/reader: no DOM on the item path. Every
 * value is named in errors by its attribute, never shown.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "codec/dynantic-json-private.h"
#include "dynantic-model.h"
#include "dynantic-schema-private.h"

G_BEGIN_DECLS

/* Writes @model as an Item object ({"attr":{"S":"..."},...}): every stored
 * property whose value is set (NULL values and empty sets are left out), and
 * the unknown attributes @model was read with. Does not validate: callers
 * run dynantic_model_validate() (through dynantic_model_prepare_write())
 * first. Checks what validation does not, before anything is sent:
 * attribute names and map keys (dynantic_item_check_name()), nesting
 * (DynamoDB's 32 levels, nested models included) and the item's size
 * (dynantic_item_check_size()). */
gboolean       dynantic_item_write            (DynanticJsonWriter            *writer,
                                               const DynanticSchema          *schema,
                                               DynanticModel                 *model,
                                               GError                       **error);

/* dynantic_item_write() with @replaced (a property of @schema) written as
 * @replacement (of its type) instead of @model's value: the next version of
 * an optimistically locked item, which @model takes only once written. */
gboolean       dynantic_item_write_replacing  (DynanticJsonWriter            *writer,
                                               const DynanticSchema          *schema,
                                               DynanticModel                 *model,
                                               const DynanticSchemaProperty  *replaced,
                                               const GValue                  *replacement,
                                               GError                       **error);

/* Writes one property's value as an AttributeValue ({"S":"..."}), with
 * the shape it was read with (nullable: dynantic_model_peek_shape());
 * nested models become M. */
gboolean       dynantic_item_write_value      (DynanticJsonWriter            *writer,
                                               const DynanticSchemaProperty  *property,
                                               const GValue                  *value,
                                               const DynanticValueShape      *shape,
                                               GError                       **error);

/* Writes the Key object of @model's item (its table key properties). */
gboolean       dynantic_item_write_key_of     (DynanticJsonWriter            *writer,
                                               const DynanticSchema          *schema,
                                               DynanticModel                 *model,
                                               GError                       **error);

/* Writes a Key object from the caller's key values. Each is converted to its
 * key property's type (dynantic_item_convert_key_value()); a missing sort
 * key, or one given for a table without sort key, fails with
 * DYNANTIC_ERROR_INVALID_ARGUMENT. */
gboolean       dynantic_item_write_key        (DynanticJsonWriter            *writer,
                                               const DynanticSchema          *schema,
                                               const GValue                  *partition_key,
                                               const GValue                  *sort_key,
                                               GError                       **error);

/* Converts a caller's key @value into @out (uninitialized) of @property's
 * type, by dynantic_coerce_value() (only conversions that lose nothing). A
 * value of another type, NULL, an empty string or binary (DynamoDB refuses
 * empty keys), or one out of the pspec's range fails with
 * DYNANTIC_ERROR_VALIDATION naming the property. A sort key of 0 is a real
 * key. */
gboolean       dynantic_item_convert_key_value (const DynanticSchemaProperty *property,
                                                const GValue                 *value,
                                                GValue                       *out,
                                                GError                      **error);

/* Reads the Item object that is @reader's next value into a new instance of
 * the class @schema resolves its discriminator to. Returns NULL without
 * error when the item is of another kind than @schema's class reads
 * (dynantic_schema_resolve_kind()). Attributes without a property are kept
 * on the instance and written back when it is saved. */
DynanticModel *dynantic_item_read             (DynanticJsonReader            *reader,
                                               const DynanticSchema          *schema,
                                               GError                       **error);

/* Reads the Item object that is @reader's next value into @model, whose
 * class is @schema's: properties the item lacks go back to their defaults,
 * and the unknown attributes replace those @model kept. */
gboolean       dynantic_item_read_into        (DynanticJsonReader            *reader,
                                               const DynanticSchema          *schema,
                                               DynanticModel                 *model,
                                               GError                       **error);

/* Whether @name (@length bytes) is an attribute name DynamoDB takes: not
 * empty, at most 64 KB, at most 255 bytes for a table or index key (@key).
 * Else a VALIDATION error naming it (shortened). */
gboolean       dynantic_item_check_name       (const char                    *name,
                                               gsize                          length,
                                               gboolean                       key,
                                               GError                       **error);
/* Whether the Item object in @json (@length bytes: what
 * dynantic_item_write() or another writer of items wrote) is within
 * DynamoDB's 400 KB, as DynamoDB counts an item's size; else a VALIDATION
 * error giving the size and the limit. dynantic_item_write() checks it. */
gboolean       dynantic_item_check_size       (const char                    *json,
                                               gsize                          length,
                                               GError                       **error);

/* dynantic_value_is_null() and dynantic_value_is_empty(), for the layers
 * above. */
gboolean       dynantic_item_value_is_null    (const GValue                  *value);
gboolean       dynantic_item_value_is_empty   (const GValue                  *value);

G_END_DECLS
