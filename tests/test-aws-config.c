/* test-aws-config.c: the AWS CLI's shared files and the settings a client
 * takes from them and from the environment
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic.h"
#include "dynantic-aws-config-private.h"
#include "dynantic-aws-ini-private.h"
#include "test-aws-env.h"

/* The parser. */

static void
test_ini_config_sections (void)
{
  g_autoptr(DynanticAwsIni) ini = dynantic_aws_ini_parse (
    "# a comment\n"
    "; another comment\n"
    "\n"
    "[default]\n"
    "region = eu-west-1\n"
    "Output=json\n"
    "\n"
    "[profile work]\n"
    "  region   =   us-west-2   \n"
    "cli_pager:less\n"
    "services = local\n"
    "\n"
    "[profile \"with space\"]\n"
    "region = ap-south-1\n"
    "\n"
    "[work]\n"
    "region = not-a-profile-in-config\n"
    "\n"
    "[sso-session corp]\n"
    "sso_region = us-east-1\n"
    "\n"
    "[services local]\n"
    "dynamodb =\n"
    "  endpoint_url = http://localhost:8000\n"
    "\n"
    "  Extra = kept as written\n"
    "s3 =\n"
    "  endpoint_url = http://localhost:9000\n",
    DYNANTIC_AWS_INI_CONFIG, "config");
  DynanticAwsIniSection *work = dynantic_aws_ini_get_profile (ini, "work");
  DynanticAwsIniSection *local = dynantic_aws_ini_get_services (ini, "local");

  g_assert_cmpstr (dynantic_aws_ini_section_get (dynantic_aws_ini_get_profile (ini, "default"), "region"), ==, "eu-west-1");
  g_assert_cmpstr (dynantic_aws_ini_section_get (dynantic_aws_ini_get_profile (ini, "default"), "output"), ==, "json");
  g_assert_cmpstr (dynantic_aws_ini_section_get (work, "region"), ==, "us-west-2");
  g_assert_cmpstr (dynantic_aws_ini_section_get (work, "cli_pager"), ==, "less");
  g_assert_cmpstr (dynantic_aws_ini_section_get (work, "services"), ==, "local");
  g_assert_cmpstr (dynantic_aws_ini_section_get (dynantic_aws_ini_get_profile (ini, "with space"), "region"), ==, "ap-south-1");
  g_assert_null (dynantic_aws_ini_get_profile (ini, "corp"));
  g_assert_null (dynantic_aws_ini_get_profile (ini, "sso-session corp"));
  g_assert_cmpstr (dynantic_aws_ini_section_get (dynantic_aws_ini_get_sso_session (ini, "corp"), "sso_region"),
                   ==, "us-east-1");
  g_assert_null (dynantic_aws_ini_get_sso_session (ini, "work"));
  g_assert_null (dynantic_aws_ini_get_services (ini, "work"));

  g_assert_cmpstr (dynantic_aws_ini_section_get_sub (local, "dynamodb", "endpoint_url"), ==, "http://localhost:8000");
  g_assert_cmpstr (dynantic_aws_ini_section_get_sub (local, "dynamodb", "Extra"), ==, "kept as written");
  g_assert_cmpstr (dynantic_aws_ini_section_get_sub (local, "s3", "endpoint_url"), ==, "http://localhost:9000");
  g_assert_null (dynantic_aws_ini_section_get_sub (local, "dynamodb", "region"));
  g_assert_null (dynantic_aws_ini_section_get (local, "dynamodb"));
}

static void
test_ini_credentials_sections (void)
{
  g_autoptr(DynanticAwsIni) ini = dynantic_aws_ini_parse (
    "[default]\r\n"
    "aws_access_key_id = AKIDDEFAULT\r\n"
    "[work]\r\n"
    "aws_access_key_id=AKIDWORK\r\n"
    "[profile work]\r\n"
    "aws_access_key_id = AKIDPROFILEWORK\r\n",
    DYNANTIC_AWS_INI_CREDENTIALS, "credentials");

  g_assert_cmpstr (dynantic_aws_ini_section_get (dynantic_aws_ini_get_profile (ini, "default"), "aws_access_key_id"), ==, "AKIDDEFAULT");
  g_assert_cmpstr (dynantic_aws_ini_section_get (dynantic_aws_ini_get_profile (ini, "work"), "aws_access_key_id"), ==, "AKIDWORK");
  /* In the credentials file, "profile work" is just a name. */
  g_assert_cmpstr (dynantic_aws_ini_section_get (dynantic_aws_ini_get_profile (ini, "profile work"), "aws_access_key_id"), ==, "AKIDPROFILEWORK");
}

/* Repeated sections merge, a repeated key keeps its last value, an indented
 * line continues a non-empty value on a new line, and a key set again loses
 * its earlier sub-settings. */
static void
test_ini_repeats_and_continuations (void)
{
  g_autoptr(DynanticAwsIni) ini = dynantic_aws_ini_parse (
    "[profile a]\n"
    "region = one\n"
    "note = first line\n"
    "   second line\n"
    "dynamodb =\n"
    "  endpoint_url = http://old\n"
    "[profile b]\n"
    "region = b\n"
    "[profile a]\n"
    "region = two\n"
    "dynamodb = plain\n",
    DYNANTIC_AWS_INI_CONFIG, "config");
  DynanticAwsIniSection *a = dynantic_aws_ini_get_profile (ini, "a");

  g_assert_cmpstr (dynantic_aws_ini_section_get (a, "region"), ==, "two");
  g_assert_cmpstr (dynantic_aws_ini_section_get (a, "note"), ==, "first line\nsecond line");
  g_assert_cmpstr (dynantic_aws_ini_section_get (a, "dynamodb"), ==, "plain");
  g_assert_null (dynantic_aws_ini_section_get_sub (a, "dynamodb", "endpoint_url"));
  g_assert_cmpstr (dynantic_aws_ini_section_get (dynantic_aws_ini_get_profile (ini, "b"), "region"), ==, "b");
}

/* Malformed lines are skipped, the lines around them kept, and the debug
 * messages name the line but never its text. */
static void
test_ini_malformed (AwsEnv        *env,
                    gconstpointer  data)
{
  g_autoptr(DynanticAwsIni) ini = dynantic_aws_ini_parse (
    "orphan = LEAKED-ORPHAN\n"
    "[profile ok]\n"
    "region = eu-north-1\n"
    "this line has no delimiter LEAKED-NODELIM\n"
    "= LEAKED-NOKEY\n"
    "dynamodb =\n"
    "  no delimiter in a sub-setting LEAKED-SUB\n"
    "  endpoint_url = http://localhost:8000\n"
    "[profile broken\n"
    "region = LEAKED-AFTER-BROKEN-HEADER\n"
    "[profile ok]\n"
    "output = text\n",
    DYNANTIC_AWS_INI_CONFIG, "the-origin");
  DynanticAwsIniSection *ok = dynantic_aws_ini_get_profile (ini, "ok");
  const char *log = aws_env_debug_messages ();

  g_assert_cmpstr (dynantic_aws_ini_section_get (ok, "region"), ==, "eu-north-1");
  g_assert_cmpstr (dynantic_aws_ini_section_get (ok, "output"), ==, "text");
  g_assert_cmpstr (dynantic_aws_ini_section_get_sub (ok, "dynamodb", "endpoint_url"), ==, "http://localhost:8000");
  g_assert_null (dynantic_aws_ini_section_get (ok, "orphan"));
  g_assert_null (dynantic_aws_ini_get_profile (ini, "broken"));

  for (guint line = 1; line <= 9; line++)
    {
      g_autofree char *where = g_strdup_printf ("the-origin:%u:", line);

      g_assert_true ((strstr (log, where) != NULL) == (line == 1 || line == 4 || line == 5 ||
                                                       line == 7 || line == 9));
    }
  g_assert_null (strstr (log, "LEAKED"));
}

/* The settings. */

/* The endpoint of any service, as for DynamoDB: the service's variable, the
 * global one, the services section's key for the service, the profile's
 * endpoint_url; other profiles' settings; sso-session sections. */
static void
test_files_service_endpoints (AwsEnv        *env,
                              gconstpointer  data)
{
  g_autoptr(DynanticAwsFiles) files = NULL;

  aws_env_write_config (env,
    "[profile work]\nservices = local\nregion = eu-west-3\n"
    "[profile other]\nrole_arn = arn:aws:iam::123456789012:role/r\n"
    "[services local]\nsts =\n  endpoint_url = http://127.0.0.1:4566\nsso_oidc =\n  endpoint_url = http://127.0.0.1:4567\n"
    "[sso-session corp]\nsso_region = eu-west-1\n");
  aws_env_write_credentials (env, "[other]\nrole_arn = from-the-credentials-file\n");
  files = dynantic_aws_files_load ("work");

  g_assert_cmpstr (dynantic_aws_files_get_endpoint (files, "STS", "sts"), ==, "http://127.0.0.1:4566");
  g_assert_cmpstr (dynantic_aws_files_get_endpoint (files, "SSO_OIDC", "sso_oidc"), ==, "http://127.0.0.1:4567");
  g_assert_null (dynantic_aws_files_get_endpoint (files, "SSO", "sso"));
  g_assert_cmpstr (dynantic_aws_files_get_region (files), ==, "eu-west-3");
  g_assert_cmpstr (dynantic_aws_files_get_for (files, "other", "role_arn"), ==, "from-the-credentials-file");
  g_assert_true (dynantic_aws_files_has_profile (files, "other"));
  g_assert_false (dynantic_aws_files_has_profile (files, "corp"));
  g_assert_cmpstr (dynantic_aws_files_get_sso_session (files, "corp", "sso_region"), ==, "eu-west-1");

  g_setenv ("AWS_ENDPOINT_URL", "http://127.0.0.1:1", TRUE);
  g_assert_cmpstr (dynantic_aws_files_get_endpoint (files, "SSO", "sso"), ==, "http://127.0.0.1:1");
  g_setenv ("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:2", TRUE);
  g_assert_cmpstr (dynantic_aws_files_get_endpoint (files, "STS", "sts"), ==, "http://127.0.0.1:2");
  g_setenv ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true", TRUE);
  g_assert_null (dynantic_aws_files_get_endpoint (files, "STS", "sts"));
  g_setenv ("AWS_REGION", "ap-east-1", TRUE);
  g_assert_cmpstr (dynantic_aws_files_get_region (files), ==, "ap-east-1");
}

static void
test_settings_missing_files (AwsEnv        *env,
                             gconstpointer  data)
{
  g_autoptr(DynanticAwsSettings) settings = dynantic_aws_settings_resolve (NULL);

  g_assert_cmpstr (settings->profile, ==, "default");
  g_assert_null (settings->region);
  g_assert_null (settings->endpoint_url);
  g_assert_cmpuint (settings->max_attempts, ==, 0);
  g_assert_null (settings->retry_mode);
}

static void
test_settings_region (AwsEnv        *env,
                      gconstpointer  data)
{
  aws_env_write_config (env,
    "[default]\nregion = config-default\n"
    "[profile work]\nregion = config-work\n"
    "[profile both]\nregion = config-both\n");
  aws_env_write_credentials (env, "[both]\nregion = credentials-both\n");

  {
    g_autoptr(DynanticAwsSettings) settings = dynantic_aws_settings_resolve (NULL);
    g_assert_cmpstr (settings->region, ==, "config-default");
  }
  {
    g_autoptr(DynanticAwsSettings) settings = dynantic_aws_settings_resolve ("work");
    g_assert_cmpstr (settings->profile, ==, "work");
    g_assert_cmpstr (settings->region, ==, "config-work");
  }
  {
    /* botocore merges the credentials file over the config file. */
    g_autoptr(DynanticAwsSettings) settings = dynantic_aws_settings_resolve ("both");
    g_assert_cmpstr (settings->region, ==, "credentials-both");
  }

  g_setenv ("AWS_PROFILE", "work", TRUE);
  {
    g_autoptr(DynanticAwsSettings) settings = dynantic_aws_settings_resolve (NULL);
    g_assert_cmpstr (settings->profile, ==, "work");
    g_assert_cmpstr (settings->region, ==, "config-work");
  }
  {
    g_autoptr(DynanticAwsSettings) settings = dynantic_aws_settings_resolve ("default");
    g_assert_cmpstr (settings->profile, ==, "default");
    g_assert_cmpstr (settings->region, ==, "config-default");
  }

  g_setenv ("AWS_DEFAULT_REGION", "env-default-region", TRUE);
  {
    g_autoptr(DynanticAwsSettings) settings = dynantic_aws_settings_resolve (NULL);
    g_assert_cmpstr (settings->region, ==, "env-default-region");
  }

  g_setenv ("AWS_REGION", "env-region", TRUE);
  {
    g_autoptr(DynanticAwsSettings) settings = dynantic_aws_settings_resolve (NULL);
    g_assert_cmpstr (settings->region, ==, "env-region");
  }

  g_setenv ("AWS_REGION", "", TRUE);
  {
    g_autoptr(DynanticAwsSettings) settings = dynantic_aws_settings_resolve (NULL);
    g_assert_cmpstr (settings->region, ==, "env-default-region");
  }
}

static char *
resolve_endpoint (const char *profile)
{
  g_autoptr(DynanticAwsSettings) settings = dynantic_aws_settings_resolve (profile);

  return g_steal_pointer (&settings->endpoint_url);
}

#define assert_endpoint(profile, expected) \
  G_STMT_START { \
    g_autofree char *endpoint_ = resolve_endpoint (profile); \
    g_assert_cmpstr (endpoint_, ==, expected); \
  } G_STMT_END

static void
test_settings_endpoint (AwsEnv        *env,
                        gconstpointer  data)
{
  aws_env_write_config (env,
    "[default]\n"
    "endpoint_url = https://profile-global.example\n"
    "services = local\n"
    "[profile global-only]\n"
    "endpoint_url = https://global-only.example\n"
    "services = s3-only\n"
    "[profile no-endpoints]\n"
    "region = eu-west-1\n"
    "[services local]\n"
    "dynamodb =\n"
    "  endpoint_url = http://127.0.0.1:8000\n"
    "[services s3-only]\n"
    "s3 =\n"
    "  endpoint_url = http://127.0.0.1:9000\n");

  /* Config file: the services section first, then the profile's own. */
  assert_endpoint (NULL, "http://127.0.0.1:8000");
  assert_endpoint ("global-only", "https://global-only.example");
  assert_endpoint ("no-endpoints", NULL);

  /* The environment comes before the config file, service-specific first. */
  g_setenv ("AWS_ENDPOINT_URL", "https://env-global.example", TRUE);
  assert_endpoint (NULL, "https://env-global.example");
  assert_endpoint ("no-endpoints", "https://env-global.example");
  g_setenv ("AWS_ENDPOINT_URL_DYNAMODB", "https://env-dynamodb.example", TRUE);
  assert_endpoint (NULL, "https://env-dynamodb.example");
  g_unsetenv ("AWS_ENDPOINT_URL");
  assert_endpoint ("global-only", "https://env-dynamodb.example");
}

static void
test_settings_endpoint_ignored (AwsEnv        *env,
                                gconstpointer  data)
{
  aws_env_write_config (env,
    "[default]\n"
    "endpoint_url = https://profile-global.example\n"
    "[profile ignoring]\n"
    "endpoint_url = https://ignored.example\n"
    "ignore_configured_endpoint_urls = true\n");
  g_setenv ("AWS_ENDPOINT_URL_DYNAMODB", "https://env-dynamodb.example", TRUE);

  /* The profile's flag turns off the environment's endpoints too. */
  assert_endpoint ("ignoring", NULL);
  assert_endpoint (NULL, "https://env-dynamodb.example");

  g_setenv ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE", TRUE);
  assert_endpoint (NULL, NULL);

  /* The variable, when set, wins over the profile's flag. */
  g_setenv ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false", TRUE);
  assert_endpoint ("ignoring", "https://env-dynamodb.example");
  g_unsetenv ("AWS_ENDPOINT_URL_DYNAMODB");
  assert_endpoint ("ignoring", "https://ignored.example");
}

static void
test_settings_retries (AwsEnv        *env,
                       gconstpointer  data)
{
  aws_env_write_config (env,
    "[default]\nmax_attempts = 7\nretry_mode = adaptive\n"
    "[profile bad]\nmax_attempts = many\n"
    "[profile zero]\nmax_attempts = 0\n");

  {
    g_autoptr(DynanticAwsSettings) settings = dynantic_aws_settings_resolve (NULL);
    g_assert_cmpuint (settings->max_attempts, ==, 7);
    g_assert_cmpstr (settings->retry_mode, ==, "adaptive");
  }
  {
    g_autoptr(DynanticAwsSettings) bad = dynantic_aws_settings_resolve ("bad");
    g_autoptr(DynanticAwsSettings) zero = dynantic_aws_settings_resolve ("zero");
    g_assert_cmpuint (bad->max_attempts, ==, 0);
    g_assert_cmpuint (zero->max_attempts, ==, 0);
    g_assert_null (bad->retry_mode);
  }

  g_setenv ("AWS_MAX_ATTEMPTS", "4", TRUE);
  g_setenv ("AWS_RETRY_MODE", "standard", TRUE);
  {
    g_autoptr(DynanticAwsSettings) settings = dynantic_aws_settings_resolve (NULL);
    g_assert_cmpuint (settings->max_attempts, ==, 4);
    g_assert_cmpstr (settings->retry_mode, ==, "standard");
  }

  /* A variable that is not a count of attempts is ignored. */
  g_setenv ("AWS_MAX_ATTEMPTS", "4x", TRUE);
  {
    g_autoptr(DynanticAwsSettings) settings = dynantic_aws_settings_resolve (NULL);
    g_assert_cmpuint (settings->max_attempts, ==, 7);
  }
}

/* Without AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE: ~/.aws, and a
 * leading ~ in those variables is the home directory. */
static void
test_settings_home_files (AwsEnv        *env,
                          gconstpointer  data)
{
  g_autofree char *aws_dir = g_build_filename (env->dir, ".aws", NULL);
  g_autofree char *home_config = g_build_filename (aws_dir, "config", NULL);
  g_autofree char *home_credentials = g_build_filename (aws_dir, "credentials", NULL);

  g_assert_cmpint (g_mkdir (aws_dir, 0700), ==, 0);
  aws_env_write (home_config, "[default]\nregion = home-region\n");
  aws_env_write (home_credentials, "[default]\nmax_attempts = 9\n");
  aws_env_write_config (env, "[default]\nregion = variable-region\n");
  g_unsetenv ("AWS_CONFIG_FILE");
  g_unsetenv ("AWS_SHARED_CREDENTIALS_FILE");

  {
    g_autoptr(DynanticAwsSettings) settings = dynantic_aws_settings_resolve (NULL);
    g_assert_cmpstr (settings->region, ==, "home-region");
    g_assert_cmpuint (settings->max_attempts, ==, 9);
  }

  g_setenv ("AWS_CONFIG_FILE", "~/config", TRUE);
  {
    g_autoptr(DynanticAwsSettings) settings = dynantic_aws_settings_resolve (NULL);
    g_assert_cmpstr (settings->region, ==, "variable-region");
  }
}

/* A client with no properties takes the same settings. */
static void
test_client_settings (AwsEnv        *env,
                      gconstpointer  data)
{
  aws_env_write_config (env,
    "[profile team]\n"
    "region = eu-central-1\n"
    "max_attempts = 6\n"
    "retry_mode = adaptive\n"
    "services = local\n"
    "[services local]\n"
    "dynamodb =\n"
    "  endpoint_url = http://127.0.0.1:8000\n");
  g_setenv ("AWS_PROFILE", "team", TRUE);

  {
    g_autoptr(DynanticClient) client = dynantic_client_new ();
    g_assert_cmpstr (dynantic_client_get_profile (client), ==, "team");
    g_assert_cmpstr (dynantic_client_get_region (client), ==, "eu-central-1");
    g_assert_cmpstr (dynantic_client_get_endpoint (client), ==, "http://127.0.0.1:8000");
    g_assert_cmpuint (dynantic_client_get_max_attempts (client), ==, 6);
    g_assert_cmpint (dynantic_client_get_retry_mode (client), ==, DYNANTIC_RETRY_MODE_ADAPTIVE);
  }

  g_setenv ("AWS_REGION", "ap-northeast-1", TRUE);
  g_setenv ("AWS_MAX_ATTEMPTS", "2", TRUE);
  g_setenv ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true", TRUE);
  {
    g_autoptr(DynanticClient) client = dynantic_client_new ();
    g_assert_cmpstr (dynantic_client_get_region (client), ==, "ap-northeast-1");
    g_assert_cmpstr (dynantic_client_get_endpoint (client), ==, "https://dynamodb.ap-northeast-1.amazonaws.com");
    g_assert_cmpuint (dynantic_client_get_max_attempts (client), ==, 2);
  }

  /* Properties win over everything. */
  {
    g_autoptr(DynanticClient) client = g_object_new (DYNANTIC_TYPE_CLIENT,
                                                     "region", "sa-east-1",
                                                     "endpoint", "http://localhost:4566",
                                                     "max-attempts", 5,
                                                     NULL);
    g_assert_cmpstr (dynantic_client_get_region (client), ==, "sa-east-1");
    g_assert_cmpstr (dynantic_client_get_endpoint (client), ==, "http://localhost:4566");
    g_assert_cmpuint (dynantic_client_get_max_attempts (client), ==, 5);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  aws_env_init ();

  g_test_add_func ("/aws-config/ini/config-sections", test_ini_config_sections);
  g_test_add_func ("/aws-config/ini/credentials-sections", test_ini_credentials_sections);
  g_test_add_func ("/aws-config/ini/repeats-and-continuations", test_ini_repeats_and_continuations);
  aws_env_test_add ("/aws-config/files/service-endpoints", test_files_service_endpoints);
  aws_env_test_add ("/aws-config/ini/malformed", test_ini_malformed);
  aws_env_test_add ("/aws-config/settings/missing-files", test_settings_missing_files);
  aws_env_test_add ("/aws-config/settings/region", test_settings_region);
  aws_env_test_add ("/aws-config/settings/endpoint", test_settings_endpoint);
  aws_env_test_add ("/aws-config/settings/endpoint-ignored", test_settings_endpoint_ignored);
  aws_env_test_add ("/aws-config/settings/retries", test_settings_retries);
  aws_env_test_add ("/aws-config/settings/home-files", test_settings_home_files);
  aws_env_test_add ("/aws-config/client", test_client_settings);

  return g_test_run ();
}
