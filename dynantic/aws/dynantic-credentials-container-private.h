/* dynantic-credentials-container-private.h: the container credentials
 * provider's hook for tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* For tests: where AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is resolved
 * instead of ECS's http://169.254.170.2 (NULL: back to it). */
void dynantic_container_credentials_set_relative_endpoint (const char *endpoint);

G_END_DECLS
