/* dynantic-credentials.h: AWS credentials and where they come from
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(DYNANTIC_INSIDE) && !defined(DYNANTIC_COMPILATION)
# error "Only <dynantic/dynantic.h> can be included directly."
#endif

#include <gio/gio.h>

#include "dynantic-version.h"

G_BEGIN_DECLS

#define DYNANTIC_TYPE_CREDENTIALS (dynantic_credentials_get_type ())

/**
 * DynanticCredentials:
 *
 * An immutable set of AWS credentials: an access key id, a secret access key,
 * an optional session token and an optional expiration. Reference counted;
 * safe to share between threads.
 *
 * Since: 0.1
 */
typedef struct _DynanticCredentials DynanticCredentials;

DYNANTIC_AVAILABLE_IN_ALL
GType                 dynantic_credentials_get_type              (void) G_GNUC_CONST;
DYNANTIC_AVAILABLE_IN_ALL
DynanticCredentials  *dynantic_credentials_new                   (const char          *access_key_id,
                                                                  const char          *secret_access_key,
                                                                  const char          *session_token);
DYNANTIC_AVAILABLE_IN_ALL
DynanticCredentials  *dynantic_credentials_new_with_expiration   (const char          *access_key_id,
                                                                  const char          *secret_access_key,
                                                                  const char          *session_token,
                                                                  GDateTime           *expiration);
DYNANTIC_AVAILABLE_IN_ALL
DynanticCredentials  *dynantic_credentials_ref                   (DynanticCredentials *self);
DYNANTIC_AVAILABLE_IN_ALL
void                  dynantic_credentials_unref                 (DynanticCredentials *self);
DYNANTIC_AVAILABLE_IN_ALL
const char           *dynantic_credentials_get_access_key_id     (DynanticCredentials *self);
DYNANTIC_AVAILABLE_IN_ALL
const char           *dynantic_credentials_get_secret_access_key (DynanticCredentials *self);
DYNANTIC_AVAILABLE_IN_ALL
const char           *dynantic_credentials_get_session_token     (DynanticCredentials *self);
DYNANTIC_AVAILABLE_IN_ALL
GDateTime            *dynantic_credentials_get_expiration        (DynanticCredentials *self);
DYNANTIC_AVAILABLE_IN_ALL
gboolean              dynantic_credentials_expires_within        (DynanticCredentials *self,
                                                                  GTimeSpan            span);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DynanticCredentials, dynantic_credentials_unref)

#define DYNANTIC_TYPE_MFA_REQUEST (dynantic_mfa_request_get_type ())

DYNANTIC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (DynanticMfaRequest, dynantic_mfa_request, DYNANTIC, MFA_REQUEST, GObject)

DYNANTIC_AVAILABLE_IN_ALL
const char           *dynantic_mfa_request_get_profile           (DynanticMfaRequest  *self);
DYNANTIC_AVAILABLE_IN_ALL
const char           *dynantic_mfa_request_get_serial_number     (DynanticMfaRequest  *self);
DYNANTIC_AVAILABLE_IN_ALL
void                  dynantic_mfa_request_answer                (DynanticMfaRequest  *self,
                                                                  const char          *code);
DYNANTIC_AVAILABLE_IN_ALL
void                  dynantic_mfa_request_refuse                (DynanticMfaRequest  *self);

/**
 * DynanticMfaFunc:
 * @request: the code asked for; answer it with dynantic_mfa_request_answer()
 *   or dynantic_mfa_request_refuse(), now or later, from any thread (keep a
 *   reference to answer later)
 * @user_data: the data given with the function
 *
 * Asks the user for the current code of an MFA device, to assume a role
 * whose profile has an `mfa_serial`. See
 * dynantic_credentials_provider_set_mfa_func().
 *
 * Since: 0.2
 */
typedef void (*DynanticMfaFunc) (DynanticMfaRequest *request,
                                 gpointer            user_data);

#define DYNANTIC_TYPE_CREDENTIALS_PROVIDER (dynantic_credentials_provider_get_type ())

DYNANTIC_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (DynanticCredentialsProvider, dynantic_credentials_provider,
                          DYNANTIC, CREDENTIALS_PROVIDER, GObject)

/**
 * DynanticCredentialsProviderClass:
 * @parent_class: the parent class
 * @load: loads the current credentials, blocking; must be safe to call from
 *   several threads. The default runs @load_async in a main context of its
 *   own and waits for it.
 * @load_async: starts loading the current credentials without blocking, in
 *   the thread-default main context; completes in that context. The default
 *   runs @load in a worker thread (Since: 0.2)
 * @load_finish: finishes @load_async. The default takes the result of a
 *   #GTask completed with g_task_return_pointer() (Since: 0.2)
 *
 * Subclass to bring credentials from a source Dynantic does not know.
 * Implement @load when getting the credentials is quick or can only block,
 * @load_async and @load_finish when it waits on I/O; either is enough.
 * Implementations honour the #GCancellable they are given: the client
 * cancels a load at its timeouts.
 *
 * @load_async is always called in the thread-default main context of the
 * caller. A provider implemented in a language whose code must run on its
 * main thread and that cannot implement @load_async (GJS) implements @load
 * and sets #DynanticCredentialsProvider:load-in-thread to %FALSE.
 */
struct _DynanticCredentialsProviderClass
{
  GObjectClass parent_class;

  DynanticCredentials *(*load)        (DynanticCredentialsProvider  *self,
                                       GCancellable                 *cancellable,
                                       GError                      **error);
  void                 (*load_async)  (DynanticCredentialsProvider  *self,
                                       GCancellable                 *cancellable,
                                       GAsyncReadyCallback           callback,
                                       gpointer                      user_data);
  DynanticCredentials *(*load_finish) (DynanticCredentialsProvider  *self,
                                       GAsyncResult                 *result,
                                       GError                      **error);

  /*< private >*/
  gpointer padding[6];
};

DYNANTIC_AVAILABLE_IN_ALL
DynanticCredentials          *dynantic_credentials_provider_load            (DynanticCredentialsProvider  *self,
                                                                             GCancellable                 *cancellable,
                                                                             GError                      **error);
DYNANTIC_AVAILABLE_IN_ALL
void                          dynantic_credentials_provider_load_async      (DynanticCredentialsProvider  *self,
                                                                             GCancellable                 *cancellable,
                                                                             GAsyncReadyCallback           callback,
                                                                             gpointer                      user_data);
DYNANTIC_AVAILABLE_IN_ALL
DynanticCredentials          *dynantic_credentials_provider_load_finish     (DynanticCredentialsProvider  *self,
                                                                             GAsyncResult                 *result,
                                                                             GError                      **error);
DYNANTIC_AVAILABLE_IN_ALL
gboolean                      dynantic_credentials_provider_get_load_in_thread (DynanticCredentialsProvider *self);
DYNANTIC_AVAILABLE_IN_ALL
void                          dynantic_credentials_provider_set_mfa_func    (DynanticCredentialsProvider  *self,
                                                                             DynanticMfaFunc               func,
                                                                             gpointer                      user_data,
                                                                             GDestroyNotify                notify);
DYNANTIC_AVAILABLE_IN_ALL
DynanticCredentialsProvider  *dynantic_credentials_provider_new_static      (DynanticCredentials          *credentials);
DYNANTIC_AVAILABLE_IN_ALL
DynanticCredentialsProvider  *dynantic_credentials_provider_new_environment (void);
DYNANTIC_AVAILABLE_IN_ALL
DynanticCredentialsProvider  *dynantic_credentials_provider_new_profile     (const char                   *profile);
DYNANTIC_AVAILABLE_IN_ALL
DynanticCredentialsProvider  *dynantic_credentials_provider_new_web_identity (const char                  *profile);
DYNANTIC_AVAILABLE_IN_ALL
DynanticCredentialsProvider  *dynantic_credentials_provider_new_container   (void);
DYNANTIC_AVAILABLE_IN_ALL
DynanticCredentialsProvider  *dynantic_credentials_provider_new_instance_metadata (const char             *profile);
DYNANTIC_AVAILABLE_IN_ALL
DynanticCredentialsProvider  *dynantic_credentials_provider_new_chain       (DynanticCredentialsProvider **providers,
                                                                             guint                         n_providers);
DYNANTIC_AVAILABLE_IN_ALL
DynanticCredentialsProvider  *dynantic_credentials_provider_new_default     (const char                   *profile);

G_END_DECLS
