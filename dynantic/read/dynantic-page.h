/* dynantic-page.h: one page of a query or scan
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(DYNANTIC_INSIDE) && !defined(DYNANTIC_COMPILATION)
# error "Only <dynantic/dynantic.h> can be included directly."
#endif

#include <glib-object.h>

#include "dynantic-version.h"

G_BEGIN_DECLS

#define DYNANTIC_TYPE_PAGE (dynantic_page_get_type ())

DYNANTIC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (DynanticPage, dynantic_page, DYNANTIC, PAGE, GObject)

DYNANTIC_AVAILABLE_IN_ALL
GPtrArray  *dynantic_page_get_items         (DynanticPage *self);
DYNANTIC_AVAILABLE_IN_ALL
guint64     dynantic_page_get_count         (DynanticPage *self);
DYNANTIC_AVAILABLE_IN_ALL
guint64     dynantic_page_get_scanned_count (DynanticPage *self);
DYNANTIC_AVAILABLE_IN_ALL
gboolean    dynantic_page_get_has_more      (DynanticPage *self);
DYNANTIC_AVAILABLE_IN_ALL
const char *dynantic_page_get_cursor        (DynanticPage *self);

G_END_DECLS
