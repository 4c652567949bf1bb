/* dynantic-credential-process.c: credentials printed by an external command
 *
 * The AWS CLI's `credential_process`: the command prints
 *   {"Version": 1, "AccessKeyId": "...", "SecretAccessKey": "...",
 *    "SessionToken": "...", "Expiration": "2030-01-01T00:00:00Z"}
 * on its standard output and exits with 0. Its standard error goes where
 * ours goes. Neither the command's arguments nor its output ever reach an
 * error message: both may hold secrets.
 *
 * The process runs without blocking: its output is read asynchronously (up
 * to a limit no credentials document comes near: a runaway process is
 * killed rather than read into memory), then its exit awaited. Cancelling
 * kills it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "dynantic-aws-json-private.h"
#include "dynantic-credential-process-private.h"
#include "dynantic-error.h"
#include "dynantic-i18n-private.h"

#define PROCESS_OUTPUT_VERSION 1
#define MAX_OUTPUT (64 * 1024)
#define READ_SIZE 4096

static gboolean
has_supported_version (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "Version");

  return node != NULL && json_node_get_value_type (node) == G_TYPE_INT64 &&
         json_node_get_int (node) == PROCESS_OUTPUT_VERSION;
}

static GDateTime *
parse_expiration (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  return g_date_time_new_from_iso8601 (text, utc);
}

static gboolean
is_blank (const char *data,
          gsize       size)
{
  for (gsize i = 0; i < size; i++)
    if (!g_ascii_isspace (data[i]))
      return FALSE;
  return TRUE;
}

DynanticCredentials *
dynantic_credential_process_parse (const char  *data,
                                   gsize        size,
                                   const char  *profile,
                                   GError     **error)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GDateTime) expiration = NULL;
  const char *access_key_id, *secret_access_key, *expiration_text;

  if (is_blank (data, size))
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                   /* Translators: %s is the name of an AWS profile; “credential_process” is a setting name,
                    * keep it as it is */
                   _("The credential_process of the profile “%s” printed nothing"), profile);
      return NULL;
    }

  object = dynantic_aws_json_parse_object (data, size);
  if (object == NULL)
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                   /* Translators: %s is the name of an AWS profile; “credential_process” and “JSON” stay as
                    * they are */
                   _("The credential_process of the profile “%s” did not print a JSON object"),
                   profile);
      return NULL;
    }

  if (!has_supported_version (object))
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                   /* Translators: %s is the name of an AWS profile, %d the only supported version number;
                    * “credential_process” and “Version” are names to keep as they are */
                   _("The credential_process of the profile “%s” printed no “Version” or one "
                     "other than %d"), profile, PROCESS_OUTPUT_VERSION);
      return NULL;
    }

  access_key_id = dynantic_aws_json_get_string (object, "AccessKeyId");
  secret_access_key = dynantic_aws_json_get_string (object, "SecretAccessKey");
  if (access_key_id == NULL || *access_key_id == '\0' ||
      secret_access_key == NULL || *secret_access_key == '\0')
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                   /* Translators: %s is the name of an AWS profile; “credential_process”, “AccessKeyId” and
                    * “SecretAccessKey” are names to keep as they are */
                   _("The credential_process of the profile “%s” did not print both "
                     "“AccessKeyId” and “SecretAccessKey”"), profile);
      return NULL;
    }

  expiration_text = dynantic_aws_json_get_string (object, "Expiration");
  if (expiration_text != NULL && (expiration = parse_expiration (expiration_text)) == NULL)
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                   /* Translators: %s is the name of an AWS profile; “credential_process” and “Expiration” are
                    * names to keep as they are */
                   _("The credential_process of the profile “%s” printed an “Expiration” "
                     "that is not an ISO 8601 date and time"), profile);
      return NULL;
    }

  return dynantic_credentials_new_with_expiration (access_key_id, secret_access_key,
                                                   dynantic_aws_json_get_string (object, "SessionToken"),
                                                   expiration);
}


/* One run of the command. */
typedef struct {
  char         *profile;
  GSubprocess  *process;
  gboolean      reaped;              /* its exit was awaited */
  GByteArray   *output;
  guint8        buffer[READ_SIZE];
} ProcessRun;

/* Kills the process unless it ended (GLib's child watch reaps it). */
static void
process_stop (ProcessRun *run)
{
  if (run->process != NULL && !run->reaped)
    g_subprocess_force_exit (run->process);
  run->reaped = TRUE;
}

/* The run failed: the process is killed now, not when the task is freed
 * (whoever holds the task last). */
static void
process_fail (GTask  *task,
              GError *error)
{
  process_stop (g_task_get_task_data (task));
  g_task_return_error (task, error);
}

static void
process_run_free (ProcessRun *run)
{
  process_stop (run);
  g_clear_object (&run->process);
  if (run->output->len > 0)   /* an empty GByteArray's data is NULL */
    explicit_bzero (run->output->data, run->output->len);
  explicit_bzero (run->buffer, sizeof run->buffer);
  g_byte_array_unref (run->output);
  g_free (run->profile);
  g_free (run);
}

static GError *
exit_error (ProcessRun *run)
{
  if (g_subprocess_get_if_signaled (run->process))
    return g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                        /* Translators: %s is the name of an AWS profile, %d the number of the signal that
                         * ended the command; “credential_process” is a setting name */
                        _("The credential_process of the profile “%s” was ended by signal %d"),
                        run->profile, g_subprocess_get_term_sig (run->process));
  if (g_subprocess_get_exit_status (run->process) != 0)
    return g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                        /* Translators: %s is the name of an AWS profile, %d the exit status of the command;
                         * “credential_process” is a setting name */
                        _("The credential_process of the profile “%s” failed with exit status %d"),
                        run->profile, g_subprocess_get_exit_status (run->process));
  return NULL;
}

static void
process_exited (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ProcessRun *run = g_task_get_task_data (task);
  GError *error = NULL;
  DynanticCredentials *credentials = NULL;

  if (!g_subprocess_wait_finish (run->process, result, &error))
    {
      process_fail (task, error);
      return;
    }

  run->reaped = TRUE;
  error = exit_error (run);
  if (error == NULL)
    credentials = dynantic_credential_process_parse ((const char *) run->output->data, run->output->len,
                                                     run->profile, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, credentials, (GDestroyNotify) dynantic_credentials_unref);
}

static void read_output (GTask *task);

static void
output_read (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ProcessRun *run = g_task_get_task_data (task);
  GError *error = NULL;
  gssize size = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  if (size < 0)
    {
      process_fail (task, error);
      return;
    }

  if (size == 0)
    {
      g_subprocess_wait_async (run->process, g_task_get_cancellable (task), process_exited,
                               g_object_ref (task));
      return;
    }

  g_byte_array_append (run->output, run->buffer, (guint) size);
  explicit_bzero (run->buffer, (gsize) size);
  if (run->output->len > MAX_OUTPUT)
    {
      process_fail (task, g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                                       /* Translators: %s is the name of an AWS profile, %d the largest output
                                        * allowed, in bytes; “credential_process” is a setting name */
                                       _("The credential_process of the profile “%s” printed more "
                                         "than %d bytes"), run->profile, MAX_OUTPUT));
      return;
    }

  read_output (task);
}

static void
read_output (GTask *task)
{
  ProcessRun *run = g_task_get_task_data (task);

  g_input_stream_read_async (g_subprocess_get_stdout_pipe (run->process), run->buffer, sizeof run->buffer,
                             G_PRIORITY_DEFAULT, g_task_get_cancellable (task), output_read,
                             g_object_ref (task));
}

void
dynantic_credential_process_run_async (const char          *command,
                                       const char          *profile,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) argv = NULL;
  ProcessRun *run = g_new0 (ProcessRun, 1);

  run->profile = g_strdup (profile);
  run->output = g_byte_array_new ();
  g_task_set_source_tag (task, dynantic_credential_process_run_async);
  g_task_set_task_data (task, run, (GDestroyNotify) process_run_free);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!g_shell_parse_argv (command, NULL, &argv, NULL))
    {
      g_task_return_new_error (task, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                               /* Translators: %s is the name of an AWS profile; “credential_process” is a
                                * setting name, keep it as it is */
                               _("The credential_process of the profile “%s” is not a valid command line"),
                               profile);
      return;
    }

  run->process = g_subprocess_newv ((const char * const *) argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &local_error);
  if (run->process == NULL)
    {
      g_task_return_new_error (task, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                               /* Translators: the first %s is the name of an AWS profile, the second says why
                                * the command could not start; “credential_process” is a setting name */
                               _("Could not start the credential_process of the profile “%s”: %s"),
                               profile, local_error->message);
      return;
    }

  g_debug ("credentials: started the credential_process of the profile “%s”", profile);
  read_output (task);
}

DynanticCredentials *
dynantic_credential_process_run_finish (GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dynantic_credential_process_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
