/* dynantic-page-private.h: making pages
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "dynantic-page.h"
#include "dynantic-pager-private.h"

G_BEGIN_DECLS

/* A page of what @pager read last (@page, taken), with a cursor to the
 * pager's next page when there is one. */
DynanticPage *dynantic_page_new_from_pager (DynanticPager     *pager,
                                            DynanticPagerPage *page);

G_END_DECLS
