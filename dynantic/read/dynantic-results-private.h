/* dynantic-results-private.h: making result sets
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "dynantic-pager-private.h"
#include "dynantic-results.h"

G_BEGIN_DECLS

/* An empty result set that loads the pages of @pager (taken). */
DynanticResults *dynantic_results_new (DynanticPager *pager);

G_END_DECLS
