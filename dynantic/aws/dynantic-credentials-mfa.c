/* dynantic-credentials-mfa.c: asking the user for an MFA code, to assume a
 * role whose profile has an `mfa_serial`
 *
 * The application's DynanticMfaFunc gets a DynanticMfaRequest and answers
 * it when it can (a terminal prompt at once, a dialog later), from any
 * thread. The load that asked waits without blocking and gives up when it
 * is cancelled (the client's timeouts); a request dropped unanswered is
 * refused.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "dynantic-credentials-private.h"
#include "dynantic-credentials.h"
#include "dynantic-error.h"
#include "dynantic-i18n-private.h"

/* One question, shared by the request, the waiting task's cancel source
 * and the ask itself; whoever answers first completes the task. */
typedef struct {
  GMutex   lock;
  GTask   *task;            /* until answered */
  GSource *cancel_source;
  char    *profile;
} Ask;

static void
ask_clear (gpointer data)
{
  Ask *ask = data;

  g_assert (ask->task == NULL);
  g_clear_pointer (&ask->cancel_source, g_source_unref);
  g_mutex_clear (&ask->lock);
  g_free (ask->profile);
}

static Ask *
ask_ref (Ask *ask)
{
  return g_atomic_rc_box_acquire (ask);
}

static void
ask_unref (Ask *ask)
{
  g_atomic_rc_box_release_full (ask, ask_clear);
}

/* Answers the ask with @code (taken) or @error (taken), unless it was
 * answered already. */
static void
ask_complete (Ask    *ask,
              char   *code,
              GError *error)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSource) source = NULL;

  g_mutex_lock (&ask->lock);
  task = g_steal_pointer (&ask->task);
  source = g_steal_pointer (&ask->cancel_source);
  g_mutex_unlock (&ask->lock);

  if (source != NULL)
    g_source_destroy (source);

  if (task == NULL)
    {
      g_free (code);
      g_clear_error (&error);
      return;
    }

  if (code != NULL)
    g_task_return_pointer (task, code, g_free);
  else
    g_task_return_error (task, error);
}

static GError *
refused_error (Ask *ask)
{
  return g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                      /* Translators: %s is the name of an AWS profile; “mfa_serial” is a setting name, keep
                       * it as it is */
                      _("No MFA code was given for the mfa_serial of the profile “%s”"), ask->profile);
}

/**
 * DynanticMfaRequest:
 *
 * A question for the code of an MFA device, given to a #DynanticMfaFunc.
 *
 * Since: 0.2
 */
struct _DynanticMfaRequest
{
  GObject  parent_instance;
  char    *profile;
  char    *serial_number;
  Ask     *ask;
};

G_DEFINE_FINAL_TYPE (DynanticMfaRequest, dynantic_mfa_request, G_TYPE_OBJECT)

static void
dynantic_mfa_request_finalize (GObject *object)
{
  DynanticMfaRequest *self = DYNANTIC_MFA_REQUEST (object);

  if (self->ask != NULL)
    {
      ask_complete (self->ask, NULL, refused_error (self->ask));
      ask_unref (self->ask);
    }
  g_free (self->profile);
  g_free (self->serial_number);

  G_OBJECT_CLASS (dynantic_mfa_request_parent_class)->finalize (object);
}

static void
dynantic_mfa_request_class_init (DynanticMfaRequestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dynantic_mfa_request_finalize;
}

static void
dynantic_mfa_request_init (DynanticMfaRequest *self)
{
}

/**
 * dynantic_mfa_request_get_profile:
 * @self: a request
 *
 * Returns: the profile whose role is being assumed
 *
 * Since: 0.2
 */
const char *
dynantic_mfa_request_get_profile (DynanticMfaRequest *self)
{
  g_return_val_if_fail (DYNANTIC_IS_MFA_REQUEST (self), NULL);
  return self->profile;
}

/**
 * dynantic_mfa_request_get_serial_number:
 * @self: a request
 *
 * Returns: the MFA device, the profile's `mfa_serial` (the serial number
 *   of a hardware device or the ARN of a virtual one)
 *
 * Since: 0.2
 */
const char *
dynantic_mfa_request_get_serial_number (DynanticMfaRequest *self)
{
  g_return_val_if_fail (DYNANTIC_IS_MFA_REQUEST (self), NULL);
  return self->serial_number;
}

/**
 * dynantic_mfa_request_answer:
 * @self: a request
 * @code: the device's current code
 *
 * Answers the request; the role is then assumed with @code. Answers after
 * the first, or after the load that asked gave up, are ignored.
 *
 * Since: 0.2
 */
void
dynantic_mfa_request_answer (DynanticMfaRequest *self,
                             const char         *code)
{
  g_return_if_fail (DYNANTIC_IS_MFA_REQUEST (self));
  g_return_if_fail (code != NULL);

  if (self->ask != NULL)
    ask_complete (self->ask, g_strdup (code), NULL);
}

/**
 * dynantic_mfa_request_refuse:
 * @self: a request
 *
 * Refuses the request (the user cancelled): the load fails with
 * %DYNANTIC_ERROR_CREDENTIALS. A request dropped without an answer is
 * refused too.
 *
 * Since: 0.2
 */
void
dynantic_mfa_request_refuse (DynanticMfaRequest *self)
{
  g_return_if_fail (DYNANTIC_IS_MFA_REQUEST (self));

  if (self->ask != NULL)
    ask_complete (self->ask, NULL, refused_error (self->ask));
}

static gboolean
ask_cancelled (GCancellable *cancellable,
               gpointer      data)
{
  GError *error = NULL;

  g_cancellable_set_error_if_cancelled (cancellable, &error);
  ask_complete (data, NULL, error);
  return G_SOURCE_REMOVE;
}

void
dynantic_mfa_ask_async (DynanticMfaFuncHolder *holder,
                        const char            *profile,
                        const char            *serial_number,
                        GCancellable          *cancellable,
                        GAsyncReadyCallback    callback,
                        gpointer               user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(DynanticMfaRequest) request = NULL;
  Ask *ask;

  g_task_set_source_tag (task, dynantic_mfa_ask_async);
  if (holder == NULL)
    {
      g_task_return_new_error (task, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                               /* Translators: %s is the name of an AWS profile; “mfa_serial” is a setting
                                * name and dynantic_credentials_provider_set_mfa_func() a function name, keep
                                * both as they are */
                               _("The profile “%s” has an mfa_serial but no MFA callback was given "
                                 "(dynantic_credentials_provider_set_mfa_func())"), profile);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  ask = g_atomic_rc_box_new0 (Ask);
  g_mutex_init (&ask->lock);
  ask->profile = g_strdup (profile);
  ask->task = g_object_ref (task);
  if (cancellable != NULL)
    {
      ask->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (ask->cancel_source, G_SOURCE_FUNC (ask_cancelled), ask_ref (ask),
                             (GDestroyNotify) ask_unref);
      g_source_attach (ask->cancel_source, g_task_get_context (task));
    }

  request = g_object_new (DYNANTIC_TYPE_MFA_REQUEST, NULL);
  request->profile = g_strdup (profile);
  request->serial_number = g_strdup (serial_number);
  request->ask = ask;

  g_debug ("credentials: asking for the MFA code of the profile “%s”", profile);
  dynantic_mfa_func_holder_call (holder, request);
}

char *
dynantic_mfa_ask_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
