/* dynantic-i18n.c: the library's message catalogue, bound when it is loaded
 *
 * Dynantic's messages are translated in its own gettext domain,
 * GETTEXT_PACKAGE ("dynantic-1": versioned, as the library's name is),
 * installed under LOCALEDIR. The domain is bound when the library is
 * loaded, before any call can make a message: applications in C, and
 * Python, GJS or Vala programs that load it through introspection, get
 * translated errors with no call of their own. Messages are UTF-8 whatever
 * the locale's charset, as GError messages must be.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "dynantic-i18n-private.h"

#if !defined(__GNUC__)
# error "Dynantic binds its gettext domain in a constructor: GCC or Clang is needed"
#endif

static void dynantic_i18n_init (void) __attribute__ ((constructor));

static void
dynantic_i18n_init (void)
{
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
}
