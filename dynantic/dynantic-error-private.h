/* dynantic-error-private.h: building DYNANTIC_ERROR errors with details
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "dynantic-error.h"

G_BEGIN_DECLS

DynanticError  dynantic_error_code_for_service (const char *service_code,
                                                guint       http_status);
gboolean       dynantic_error_service_code_is_throttling (const char *service_code);

GError        *dynantic_error_new_from_service (guint       http_status,
                                                const char *service_code,
                                                const char *service_message,
                                                const char *request_id);

GError        *dynantic_error_new_redirect     (guint       http_status,
                                                const char *request_id);

void           dynantic_error_set_fields       (GError             *error,
                                                const char * const *fields);
void           dynantic_error_set_cancellation_reasons (GError             *error,
                                                        const char * const *reasons);

void           dynantic_error_set_item         (GError             *error,
                                                GObject            *item);
void           dynantic_error_set_cancellation_details (GError    *error,
                                                        GPtrArray *details);
void           dynantic_error_set_batch_objects (GError    *error,
                                                 GPtrArray *unprocessed,
                                                 GPtrArray *processed);

G_END_DECLS
