/* dynantic-aws-ini.c: the AWS CLI's shared files
 *
 * The AWS CLI reads ~/.aws/config and ~/.aws/credentials with Python's
 * configparser: `[section]` headers, `key = value` (or `key: value`) lines
 * with lowercase keys, whole-line `#` and `;` comments, and lines indented
 * deeper than their key continuing its value. A key whose value is empty and
 * continued by `sub = value` lines holds sub-settings (botocore's nested
 * sections). Where configparser would reject the whole file (a line that is
 * neither, a line before any section), this parser skips the line.
 *
 * These files hold secrets: nothing here logs a value or a line's text, and
 * values are wiped from memory when the file is freed.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic-aws-ini-private.h"

struct _DynanticAwsIniSection
{
  GHashTable *values;  /* key -> value */
  GHashTable *subs;    /* key -> (sub key -> value) */
};

struct _DynanticAwsIni
{
  GHashTable *profiles;      /* profile name -> DynanticAwsIniSection */
  GHashTable *services;      /* services name -> DynanticAwsIniSection */
  GHashTable *sso_sessions;  /* sso-session name -> DynanticAwsIniSection */
};

static void
wipe_string (gpointer data)
{
  char *text = data;

  explicit_bzero (text, strlen (text));
  g_free (text);
}

static GHashTable *
new_value_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wipe_string);
}

static void
section_free (gpointer data)
{
  DynanticAwsIniSection *section = data;

  g_hash_table_unref (section->values);
  g_hash_table_unref (section->subs);
  g_free (section);
}

static DynanticAwsIniSection *
lookup_or_add_section (GHashTable *sections,
                       const char *name)
{
  DynanticAwsIniSection *section = g_hash_table_lookup (sections, name);

  if (section != NULL)
    return section;

  section = g_new0 (DynanticAwsIniSection, 1);
  section->values = new_value_table ();
  section->subs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_hash_table_unref);
  g_hash_table_insert (sections, g_strdup (name), section);

  return section;
}

typedef struct {
  DynanticAwsIni        *ini;
  DynanticAwsIniKind     kind;
  const char            *origin;
  guint                  line_number;
  gboolean               seen_header;
  DynanticAwsIniSection *section;     /* NULL: a section the AWS CLI ignores */
  char                  *key;         /* the last key, for the lines that continue it */
  gsize                  key_indent;
  gboolean               nested;      /* its continuation lines are sub-settings */
} IniParser;

static void
skip_line (IniParser  *parser,
           const char *why)
{
  g_debug ("%s:%u: skipped a line: %s", parser->origin, parser->line_number, why);
}

/* "name" of `[profile name]`, quotes allowed around it as botocore's shlex
 * allows; NULL when the rest is not one word. */
static char *
word_after_prefix (const char *header,
                   const char *prefix)
{
  gsize prefix_length = strlen (prefix);
  g_autofree char *rest = NULL;
  gsize length;

  if (strncmp (header, prefix, prefix_length) != 0 ||
      (header[prefix_length] != ' ' && header[prefix_length] != '\t'))
    return NULL;

  rest = g_strstrip (g_strdup (header + prefix_length));
  length = strlen (rest);
  if (length >= 2 && (rest[0] == '"' || rest[0] == '\'') && rest[length - 1] == rest[0])
    return g_strndup (rest + 1, length - 2);
  if (length == 0 || strpbrk (rest, " \t\"'") != NULL)
    return NULL;

  return g_steal_pointer (&rest);
}

/* The section a header names, or NULL for one the AWS CLI does not read
 * (such as `[x]` in the config file). */
static DynanticAwsIniSection *
section_for_header (IniParser  *parser,
                    const char *header)
{
  g_autofree char *name = NULL;

  if (*header == '\0')
    return NULL;

  if (parser->kind == DYNANTIC_AWS_INI_CREDENTIALS)
    return lookup_or_add_section (parser->ini->profiles, header);

  if (g_str_equal (header, "default"))
    return lookup_or_add_section (parser->ini->profiles, header);

  if ((name = word_after_prefix (header, "profile")) != NULL)
    return lookup_or_add_section (parser->ini->profiles, name);

  if ((name = word_after_prefix (header, "services")) != NULL)
    return lookup_or_add_section (parser->ini->services, name);

  if ((name = word_after_prefix (header, "sso-session")) != NULL)
    return lookup_or_add_section (parser->ini->sso_sessions, name);

  return NULL;
}

static void
start_section (IniParser *parser,
               char      *text)
{
  char *close = strrchr (text, ']');

  parser->seen_header = TRUE;
  parser->section = NULL;
  g_clear_pointer (&parser->key, g_free);

  if (close == NULL)
    {
      skip_line (parser, "a section header without ‘]’");
      return;
    }

  *close = '\0';
  parser->section = section_for_header (parser, g_strstrip (text + 1));
}

/* Splits "key <delimiter> value" in place; FALSE when there is no key. */
static gboolean
split_setting (char        *text,
               const char  *delimiters,
               char       **key,
               char       **value)
{
  gsize key_length = strcspn (text, delimiters);

  if (text[key_length] == '\0')
    return FALSE;

  text[key_length] = '\0';
  *key = g_strstrip (text);
  *value = g_strstrip (text + key_length + 1);

  return **key != '\0';
}

static void
add_sub_setting (IniParser *parser,
                 char      *text)
{
  GHashTable *subs;
  char *key, *value;

  if (!split_setting (text, "=", &key, &value))
    {
      skip_line (parser, "an indented line that is not ‘key = value’");
      return;
    }

  subs = g_hash_table_lookup (parser->section->subs, parser->key);
  if (subs == NULL)
    {
      subs = new_value_table ();
      g_hash_table_insert (parser->section->subs, g_strdup (parser->key), subs);
    }
  g_hash_table_insert (subs, g_strdup (key), g_strdup (value));
}

/* A line indented deeper than the key above it. */
static void
continue_setting (IniParser *parser,
                  char      *text)
{
  const char *value;

  if (parser->nested)
    {
      add_sub_setting (parser, text);
      return;
    }

  value = g_hash_table_lookup (parser->section->values, parser->key);
  g_hash_table_insert (parser->section->values, g_strdup (parser->key),
                       g_strconcat (value, "\n", text, NULL));
}

static void
add_setting (IniParser *parser,
             char      *text,
             gsize      indent)
{
  char *key, *value;

  g_clear_pointer (&parser->key, g_free);

  if (!split_setting (text, "=:", &key, &value))
    {
      skip_line (parser, "not ‘key = value’");
      return;
    }

  parser->key = g_ascii_strdown (key, -1);
  parser->key_indent = indent;
  parser->nested = *value == '\0';
  g_hash_table_insert (parser->section->values, g_strdup (parser->key), g_strdup (value));
  g_hash_table_remove (parser->section->subs, parser->key);
}

static void
parse_line (IniParser *parser,
            char      *line)
{
  gsize indent = strspn (line, " \t");
  char *text = g_strstrip (line + indent);

  if (*text == '\0' || *text == '#' || *text == ';')
    return;

  if (parser->key != NULL && indent > parser->key_indent)
    continue_setting (parser, text);
  else if (*text == '[')
    start_section (parser, text);
  else if (parser->section != NULL)
    add_setting (parser, text, indent);
  else if (!parser->seen_header)
    skip_line (parser, "a setting before any section header");
}

DynanticAwsIni *
dynantic_aws_ini_parse (const char         *text,
                        DynanticAwsIniKind  kind,
                        const char         *origin)
{
  DynanticAwsIni *ini = g_new0 (DynanticAwsIni, 1);
  IniParser parser = { ini, kind, origin, 0 };
  char *copy = g_strdup (text);
  char *line = copy;

  ini->profiles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, section_free);
  ini->services = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, section_free);
  ini->sso_sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, section_free);

  while (line != NULL)
    {
      char *newline = strchr (line, '\n');

      if (newline != NULL)
        *newline = '\0';
      parser.line_number++;
      parse_line (&parser, line);
      line = newline != NULL ? newline + 1 : NULL;
    }

  g_free (parser.key);
  wipe_string (copy);

  return ini;
}

DynanticAwsIni *
dynantic_aws_ini_load (const char         *path,
                       DynanticAwsIniKind  kind)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  DynanticAwsIni *ini;

  if (!g_file_get_contents (path, &contents, NULL, &error))
    {
      g_debug ("not reading %s: %s", path, error->message);
      return NULL;
    }

  ini = dynantic_aws_ini_parse (contents, kind, path);
  wipe_string (contents);

  return ini;
}

void
dynantic_aws_ini_free (DynanticAwsIni *ini)
{
  if (ini == NULL)
    return;

  g_hash_table_unref (ini->profiles);
  g_hash_table_unref (ini->services);
  g_hash_table_unref (ini->sso_sessions);
  g_free (ini);
}

DynanticAwsIniSection *
dynantic_aws_ini_get_profile (DynanticAwsIni *ini,
                              const char     *profile)
{
  return ini != NULL ? g_hash_table_lookup (ini->profiles, profile) : NULL;
}

DynanticAwsIniSection *
dynantic_aws_ini_get_services (DynanticAwsIni *ini,
                               const char     *name)
{
  return ini != NULL ? g_hash_table_lookup (ini->services, name) : NULL;
}

DynanticAwsIniSection *
dynantic_aws_ini_get_sso_session (DynanticAwsIni *ini,
                                  const char     *name)
{
  return ini != NULL ? g_hash_table_lookup (ini->sso_sessions, name) : NULL;
}

static const char *
non_empty (const char *value)
{
  return (value != NULL && *value != '\0') ? value : NULL;
}

const char *
dynantic_aws_ini_section_get (DynanticAwsIniSection *section,
                              const char            *key)
{
  return section != NULL ? non_empty (g_hash_table_lookup (section->values, key)) : NULL;
}

const char *
dynantic_aws_ini_section_get_sub (DynanticAwsIniSection *section,
                                  const char            *key,
                                  const char            *sub_key)
{
  GHashTable *subs = section != NULL ? g_hash_table_lookup (section->subs, key) : NULL;

  return subs != NULL ? non_empty (g_hash_table_lookup (subs, sub_key)) : NULL;
}
