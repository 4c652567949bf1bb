/* fuzz-aws-ini.c: the AWS CLI's shared config and credentials files
 *
 * Each input is parsed as both kinds of file, every section and setting it
 * seems to name is looked up, and the settings a client would take from it
 * (region, endpoint, retries) are resolved from it as the config and the
 * credentials file of the profiles "default" and "fuzz". (Credentials are
 * not loaded: a `credential_process` line would run a command.)
 *
 * Beyond "no crash, no leak": these files hold secrets, so what the parser
 * logs is checked to be the file's name, a line number and one of its fixed
 * reasons, never a line's text.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dynantic-aws-config-private.h"
#include "dynantic-aws-ini-private.h"
#include "fuzz-check.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define ORIGIN "fuzz.ini"

/* What the parser says about a skipped line: constant text. */
static const char * const reasons[] = {
  "a section header without ‘]’",
  "an indented line that is not ‘key = value’",
  "not ‘key = value’",
  "a setting before any section header",
  NULL
};

static char *file_path;

static gboolean
is_known_message (const char *message)
{
  const char *p;

  /* a setting's name (never its value) with a fixed reason */
  if (g_str_has_prefix (message, "ignoring AWS_") || g_str_has_prefix (message, "ignoring the profile's "))
    return strchr (message, '\n') == NULL && strlen (message) < 120;
  if (!g_str_has_prefix (message, ORIGIN ":") && !g_str_has_prefix (message, file_path))
    return FALSE;
  p = strchr (message + strlen (ORIGIN), ':');
  if (g_str_has_prefix (message, file_path))
    p = message + strlen (file_path);
  if (p == NULL || *p != ':' || !g_ascii_isdigit (p[1]))
    return FALSE;
  for (p++; g_ascii_isdigit (*p); p++)
    ;
  if (!g_str_has_prefix (p, ": skipped a line: "))
    return FALSE;
  p += strlen (": skipped a line: ");
  return g_strv_contains (reasons, p);
}

static GLogWriterOutput
check_log (GLogLevelFlags   level,
           const GLogField *fields,
           gsize            n_fields,
           gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
      domain = fields[i].value;
    else if (g_str_equal (fields[i].key, "MESSAGE"))
      message = fields[i].value;
  if (g_strcmp0 (domain, "Dynantic") == 0)
    CHECK (message != NULL && is_known_message (message));
  return G_LOG_WRITER_HANDLED;
}

static void
setup (void)
{
  static gboolean done;
  g_autofree char *dir = NULL;

  if (done)
    return;
  done = TRUE;
  dir = g_dir_make_tmp ("fuzz-aws-ini-XXXXXX", NULL);
  CHECK (dir != NULL);
  file_path = g_build_filename (dir, "file", NULL);
  g_setenv ("AWS_CONFIG_FILE", file_path, TRUE);
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", file_path, TRUE);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_unsetenv ("AWS_PROFILE");
  g_unsetenv ("AWS_REGION");
  g_unsetenv ("AWS_DEFAULT_REGION");
  g_unsetenv ("AWS_ENDPOINT_URL");
  g_unsetenv ("AWS_ENDPOINT_URL_DYNAMODB");
  g_unsetenv ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
  g_unsetenv ("AWS_MAX_ATTEMPTS");
  g_unsetenv ("AWS_RETRY_MODE");
  g_log_set_writer_func (check_log, NULL, NULL);
}

/* Looks up what the lines of @text seem to name: sections from `[...]`
 * headers, keys from `key = ...` lines (and each as a sub key). */
static void
query_everything (DynanticAwsIni *ini,
                  const char     *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", 64);
  g_autoptr(GPtrArray) sections = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (sections, g_strdup ("default"));
  g_ptr_array_add (keys, g_strdup ("region"));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *end;

      if (line[0] == '[' && (end = strrchr (line, ']')) != NULL)
        {
          char *name = g_strstrip (g_strndup (line + 1, end - line - 1));

          if (g_str_has_prefix (name, "profile ") || g_str_has_prefix (name, "services "))
            g_ptr_array_add (sections, g_strdup (g_strstrip (strchr (name, ' '))));
          g_ptr_array_add (sections, name);
        }
      else if ((end = strpbrk (line, "=:")) != NULL)
        {
          g_autofree char *key = g_strndup (line, end - line);

          g_ptr_array_add (keys, g_ascii_strdown (g_strstrip (key), -1));
        }
    }

  for (guint s = 0; s < sections->len; s++)
    {
      DynanticAwsIniSection *profile = dynantic_aws_ini_get_profile (ini, sections->pdata[s]);
      DynanticAwsIniSection *services = dynantic_aws_ini_get_services (ini, sections->pdata[s]);

      for (guint k = 0; k < keys->len; k++)
        {
          const char *value = dynantic_aws_ini_section_get (profile, keys->pdata[k]);

          CHECK (value == NULL || *value != '\0');
          (void) dynantic_aws_ini_section_get (services, keys->pdata[k]);
          for (guint j = 0; j < keys->len && j < 8; j++)
            {
              value = dynantic_aws_ini_section_get_sub (services, keys->pdata[k], keys->pdata[j]);
              CHECK (value == NULL || *value != '\0');
              (void) dynantic_aws_ini_section_get_sub (profile, keys->pdata[k], keys->pdata[j]);
            }
        }
    }
}

static void
resolve_settings (const char *profile)
{
  g_autoptr(DynanticAwsSettings) settings = dynantic_aws_settings_resolve (profile);

  CHECK (settings != NULL && settings->profile != NULL);
  CHECK (settings->max_attempts <= 100);
  if (settings->region != NULL)
    g_free (dynantic_aws_default_endpoint (settings->region));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(DynanticAwsIni) config = NULL;
  g_autoptr(DynanticAwsIni) credentials = NULL;

  setup ();
  config = dynantic_aws_ini_parse (text, DYNANTIC_AWS_INI_CONFIG, ORIGIN);
  credentials = dynantic_aws_ini_parse (text, DYNANTIC_AWS_INI_CREDENTIALS, ORIGIN);
  query_everything (config, text);
  query_everything (credentials, text);

  /* no fsync(), no rename: a file per input, read at once */
  CHECK (g_file_set_contents_full (file_path, text, -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
  resolve_settings (NULL);
  resolve_settings ("fuzz");
  return 0;
}
