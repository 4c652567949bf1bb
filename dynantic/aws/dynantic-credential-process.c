/* dynantic-credential-process.c: credentials printed by an external command
 *
 * The AWS CLI's `credential_process`: the command prints
 *   {"Version": 1, "AccessKeyId": "...", "SecretAccessKey": "...",
 *    "SessionToken": "...", "Expiration": "2030-01-01T00:00:00Z"}
 * on its standard output and exits with 0. Its standard error goes where
 * ours goes. Neither the command's arguments nor its output ever reach an
 * error message: both may hold secrets.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "codec/dynantic-json-private.h"
#include "dynantic-credential-process-private.h"
#include "dynantic-error.h"
#include "dynantic-i18n-private.h"

#define PROCESS_OUTPUT_VERSION 1

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

static DynanticCredentials *
credentials_from_output (const char  *data,
                         gsize        size,
                         const char  *profile,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GDateTime) expiration = NULL;
  const char *access_key_id, *secret_access_key, *expiration_text;
  JsonObject *object;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, data, size, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                   _("The credential_process of the profile “%s” did not print a JSON object"),
                   profile);
      return NULL;
    }

  object = json_node_get_object (root);
  if (!has_supported_version (object))
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                   _("The credential_process of the profile “%s” printed no “Version” or one "
                     "other than %d"), profile, PROCESS_OUTPUT_VERSION);
      return NULL;
    }

  access_key_id = dynantic_json_object_get_string (object, "AccessKeyId");
  secret_access_key = dynantic_json_object_get_string (object, "SecretAccessKey");
  if (access_key_id == NULL || *access_key_id == '\0' ||
      secret_access_key == NULL || *secret_access_key == '\0')
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                   _("The credential_process of the profile “%s” did not print both "
                     "“AccessKeyId” and “SecretAccessKey”"), profile);
      return NULL;
    }

  expiration_text = dynantic_json_object_get_string (object, "Expiration");
  if (expiration_text != NULL && (expiration = parse_expiration (expiration_text)) == NULL)
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                   _("The credential_process of the profile “%s” printed an “Expiration” "
                     "that is not an ISO 8601 date and time"), profile);
      return NULL;
    }

  return dynantic_credentials_new_with_expiration (access_key_id, secret_access_key,
                                                   dynantic_json_object_get_string (object, "SessionToken"),
                                                   expiration);
}

/* Runs the command to its end; its standard output in @output. */
static gboolean
run_command (const char    *command,
             const char    *profile,
             GBytes       **output,
             GCancellable  *cancellable,
             GError       **error)
{
  g_auto(GStrv) argv = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!g_shell_parse_argv (command, NULL, &argv, NULL))
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                   _("The credential_process of the profile “%s” is not a valid command line"),
                   profile);
      return FALSE;
    }

  process = g_subprocess_newv ((const char * const *) argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                               &local_error);
  if (process == NULL)
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                   _("Could not start the credential_process of the profile “%s”: %s"),
                   profile, local_error->message);
      return FALSE;
    }

  if (!g_subprocess_communicate (process, NULL, cancellable, output, NULL, &local_error))
    {
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (g_subprocess_get_if_signaled (process))
    g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                 _("The credential_process of the profile “%s” was ended by signal %d"),
                 profile, g_subprocess_get_term_sig (process));
  else if (g_subprocess_get_exit_status (process) != 0)
    g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                 _("The credential_process of the profile “%s” failed with exit status %d"),
                 profile, g_subprocess_get_exit_status (process));
  else
    return TRUE;

  g_clear_pointer (output, g_bytes_unref);
  return FALSE;
}

DynanticCredentials *
dynantic_credential_process_run (const char    *command,
                                 const char    *profile,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  GBytes *output = NULL;
  DynanticCredentials *credentials;
  gsize size = 0;
  char *data;

  if (!run_command (command, profile, &output, cancellable, error))
    return NULL;

  data = g_bytes_unref_to_data (output, &size);
  credentials = credentials_from_output (data, size, profile, error);
  explicit_bzero (data, size);
  g_free (data);

  return credentials;
}
