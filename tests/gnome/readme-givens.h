/* readme-givens.h: what the README's C fragments take as given
 *
 * The README shows whole programs (a block that starts with #include) and
 * fragments of a function. tests/gnome/check-readme.py compiles each
 * fragment as the body of a function placed after the README's model
 * (Product), with these declarations in scope: the inputs a reader would
 * have at hand (an error to fill, GValues, a condition), nothing that
 * changes what a fragment's calls mean.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#define G_GIVEN G_GNUC_UNUSED static

G_GIVEN GError *error;
G_GIVEN GValue key, id, eighteen, user_id, email, one, active, customer, seq;
G_GIVEN JsonObject *request;                     /* a GetItem request body */
G_GIVEN DynanticCondition *version_is_5, *big;
G_GIVEN DynanticModel *product;
G_GIVEN const char *cursor;                      /* a page's cursor, or NULL */

/* Other model types of the README's examples. */
#define PRODUCT_TYPE (product_get_type ())
#define USER_TYPE    (product_get_type ())
#define ORDER_TYPE   (product_get_type ())

/* Keeps what a batch did not write, to write it later. */
G_GIVEN void keep (GPtrArray *models) { }
