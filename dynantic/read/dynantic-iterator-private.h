/* dynantic-iterator-private.h: making iterators
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "dynantic-iterator.h"
#include "dynantic-pager-private.h"

G_BEGIN_DECLS

/* An iterator over the pages of @pager (taken). */
DynanticIterator *dynantic_iterator_new (DynanticPager *pager);

G_END_DECLS
