/* fuzz-models.h: model classes with a property of every kind the library
 * stores, shared by the fuzz targets that read items and compile updates
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "dynantic.h"

G_BEGIN_DECLS

/* A nested model: street (string), zip (int 0..99999). */
#define FUZZ_TYPE_ADDRESS (fuzz_address_get_type ())
G_DECLARE_FINAL_TYPE (FuzzAddress, fuzz_address, FUZZ, ADDRESS, DynanticModel)

/* Table "fuzz-everything": partition key "id" (string), sort key "n"
 * (int64), and one property of every kind the codec maps, with sets,
 * exact numbers, epoch seconds, typed variants, JSON nodes and a nested
 * model. */
#define FUZZ_TYPE_EVERYTHING (fuzz_everything_get_type ())
G_DECLARE_FINAL_TYPE (FuzzEverything, fuzz_everything, FUZZ, EVERYTHING, DynanticModel)

/* Table "fuzz-shapes": a polymorphic hierarchy on the discriminator "kind"
 * (partition key "id"); "circle" items read as FuzzCircle. */
#define FUZZ_TYPE_SHAPE (fuzz_shape_get_type ())
G_DECLARE_DERIVABLE_TYPE (FuzzShape, fuzz_shape, FUZZ, SHAPE, DynanticModel)
struct _FuzzShapeClass { DynanticModelClass parent_class; };

#define FUZZ_TYPE_CIRCLE (fuzz_circle_get_type ())
G_DECLARE_FINAL_TYPE (FuzzCircle, fuzz_circle, FUZZ, CIRCLE, FuzzShape)

/* The attribute paths worth trying against FuzzEverything: its attributes,
 * some inside them, and some it does not have. NULL-terminated. */
extern const char * const fuzz_everything_paths[];

/* Makes every model class ready (registers and initializes them, so their
 * schemas are built once, outside the measured inputs). */
void fuzz_models_init (void);

G_END_DECLS
