/* dynantic-client.h: the connection to DynamoDB
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(DYNANTIC_INSIDE) && !defined(DYNANTIC_COMPILATION)
# error "Only <dynantic/dynantic.h> can be included directly."
#endif

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dynantic-credentials.h"
#include "dynantic-retry.h"
#include "dynantic-version.h"

G_BEGIN_DECLS

#define DYNANTIC_TYPE_CLIENT (dynantic_client_get_type ())

DYNANTIC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (DynanticClient, dynantic_client, DYNANTIC, CLIENT, GObject)

DYNANTIC_AVAILABLE_IN_ALL
DynanticClient              *dynantic_client_new                      (void);
DYNANTIC_AVAILABLE_IN_ALL
DynanticClient              *dynantic_client_new_for_endpoint         (const char      *endpoint,
                                                                       const char      *region);
DYNANTIC_AVAILABLE_IN_ALL
DynanticClient              *dynantic_client_get_default              (void);
DYNANTIC_AVAILABLE_IN_ALL
void                         dynantic_client_set_default              (DynanticClient  *client);

DYNANTIC_AVAILABLE_IN_ALL
const char                  *dynantic_client_get_region               (DynanticClient  *self);
DYNANTIC_AVAILABLE_IN_ALL
const char                  *dynantic_client_get_endpoint             (DynanticClient  *self);
DYNANTIC_AVAILABLE_IN_ALL
const char                  *dynantic_client_get_profile              (DynanticClient  *self);
DYNANTIC_AVAILABLE_IN_ALL
DynanticCredentialsProvider *dynantic_client_get_credentials_provider (DynanticClient  *self);
DYNANTIC_AVAILABLE_IN_ALL
guint                        dynantic_client_get_max_attempts         (DynanticClient  *self);
DYNANTIC_AVAILABLE_IN_ALL
DynanticRetryMode            dynantic_client_get_retry_mode           (DynanticClient  *self);
DYNANTIC_AVAILABLE_IN_ALL
double                       dynantic_client_get_timeout              (DynanticClient  *self);
DYNANTIC_AVAILABLE_IN_ALL
double                       dynantic_client_get_total_timeout        (DynanticClient  *self);
DYNANTIC_AVAILABLE_IN_ALL
GBytes                      *dynantic_client_get_cursor_key           (DynanticClient  *self);
DYNANTIC_AVAILABLE_IN_ALL
guint64                      dynantic_client_get_max_response_size    (DynanticClient  *self);
DYNANTIC_AVAILABLE_IN_ALL
const char                  *dynantic_client_get_tls_ca_file          (DynanticClient  *self);

DYNANTIC_AVAILABLE_IN_ALL
JsonObject                  *dynantic_client_call                     (DynanticClient       *self,
                                                                       const char           *operation,
                                                                       JsonObject           *request,
                                                                       GCancellable         *cancellable,
                                                                       GError              **error);
DYNANTIC_AVAILABLE_IN_ALL
void                         dynantic_client_call_async               (DynanticClient       *self,
                                                                       const char           *operation,
                                                                       JsonObject           *request,
                                                                       GCancellable         *cancellable,
                                                                       GAsyncReadyCallback   callback,
                                                                       gpointer              user_data);
DYNANTIC_AVAILABLE_IN_ALL
JsonObject                  *dynantic_client_call_finish              (DynanticClient       *self,
                                                                       GAsyncResult         *result,
                                                                       GError              **error);

G_END_DECLS
