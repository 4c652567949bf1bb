/* dynantic-version.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "dynantic-version.h"

/**
 * dynantic_get_major_version:
 *
 * The major version of the Dynantic library in use at run time.
 *
 * Returns: the major version
 *
 * Since: 0.1
 */
guint
dynantic_get_major_version (void)
{
  return DYNANTIC_MAJOR_VERSION;
}

/**
 * dynantic_get_minor_version:
 *
 * The minor version of the Dynantic library in use at run time.
 *
 * Returns: the minor version
 *
 * Since: 0.1
 */
guint
dynantic_get_minor_version (void)
{
  return DYNANTIC_MINOR_VERSION;
}

/**
 * dynantic_get_micro_version:
 *
 * The micro version of the Dynantic library in use at run time.
 *
 * Returns: the micro version
 *
 * Since: 0.1
 */
guint
dynantic_get_micro_version (void)
{
  return DYNANTIC_MICRO_VERSION;
}
