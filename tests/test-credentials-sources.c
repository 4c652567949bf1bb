/* test-credentials-sources.c: the credentials sources that need an AWS
 * endpoint, against a loopback fake of each (tests/fake-cloud.c): roles
 * assumed through STS from profiles (chains, credential_source, MFA),
 * web identity, the container endpoint, EC2 instance metadata (IMDSv2 and
 * IMDSv1), SSO (cached token, expiry, refresh), the default chain's order,
 * and each failure's error
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "dynantic.h"
#include "aws/dynantic-credentials-container-private.h"
#include "aws/dynantic-sso-private.h"
#include "aws/dynantic-sts-private.h"
#include "fake-cloud.h"
#include "test-aws-env.h"

typedef struct {
  AwsEnv        env;
  FakeDynamodb *dynamodb;
  FakeCloud    *cloud;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  aws_env_setup (&f->env, data);
  f->dynamodb = fake_dynamodb_new ();
  f->cloud = fake_cloud_new (f->dynamodb, NULL);
  g_setenv ("AWS_REGION", "eu-west-1", TRUE);
  g_setenv ("AWS_ENDPOINT_URL_STS", fake_cloud_get_url (f->cloud), TRUE);
  g_setenv ("AWS_ENDPOINT_URL_SSO", fake_cloud_get_url (f->cloud), TRUE);
  g_setenv ("AWS_ENDPOINT_URL_SSO_OIDC", fake_cloud_get_url (f->cloud), TRUE);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *sso_dir = g_build_filename (f->env.dir, ".aws", "sso", "cache", NULL);
  g_autoptr(GDir) dir = g_dir_open (sso_dir, 0, NULL);
  const char *name;

  dynantic_container_credentials_set_relative_endpoint (NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (sso_dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (sso_dir);
  {
    g_autofree char *sso = g_build_filename (f->env.dir, ".aws", "sso", NULL);
    g_rmdir (sso);
  }
  {
    g_autofree char *token = g_build_filename (f->env.dir, "token", NULL);
    g_remove (token);
  }
  g_clear_pointer (&f->cloud, fake_cloud_free);
  g_clear_pointer (&f->dynamodb, fake_dynamodb_free);
  aws_env_teardown (&f->env, data);
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” does not contain “%s”", text, part);
}

static void
assert_lacks (const char *text,
              const char *part)
{
  if (strstr (text, part) != NULL)
    g_error ("“%s” contains “%s”", text, part);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* dynantic_credentials_provider_load_async(), run to its end. */
static DynanticCredentials *
load_async (DynanticCredentialsProvider  *provider,
            GError                      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dynantic_credentials_provider_load_async (provider, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return dynantic_credentials_provider_load_finish (provider, result, error);
}

/* Loads, asynchronously or not; the credentials must be the last the cloud
 * gave out. */
static DynanticCredentials *
load_from_cloud (Fixture                     *f,
                 DynanticCredentialsProvider *provider,
                 gboolean                     async)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *last = NULL;
  g_autofree char *secret = NULL;
  DynanticCredentials *credentials = async ? load_async (provider, &error)
                                           : dynantic_credentials_provider_load (provider, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (credentials);
  last = fake_cloud_dup_last_key_id (f->cloud);
  g_assert_cmpstr (dynantic_credentials_get_access_key_id (credentials), ==, last);
  secret = fake_cloud_dup_secret (f->cloud, last);
  g_assert_cmpstr (dynantic_credentials_get_secret_access_key (credentials), ==, secret);
  g_assert_nonnull (dynantic_credentials_get_session_token (credentials));
  g_assert_nonnull (dynantic_credentials_get_expiration (credentials));
  return credentials;
}

/* The error of a failed load (sync and async alike); it must name none of
 * @values. */
static GError *
load_error (DynanticCredentialsProvider *provider,
            const char * const          *values)
{
  GError *error = NULL;
  g_autoptr(GError) sync_error = NULL;
  g_autoptr(DynanticCredentials) credentials = load_async (provider, &error);
  g_autoptr(DynanticCredentials) sync_credentials = dynantic_credentials_provider_load (provider, NULL, &sync_error);

  g_assert_null (credentials);
  g_assert_null (sync_credentials);
  g_assert_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS);
  g_assert_error (sync_error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS);
  g_assert_cmpstr (error->message, ==, sync_error->message);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    assert_lacks (error->message, values[i]);
  g_test_message ("%s", error->message);
  return error;
}

static const char *
last_param (Fixture    *f,
            const char *name)
{
  FakeCloudState *state = fake_cloud_lock (f->cloud);
  const char *value = state->last_params != NULL ? g_hash_table_lookup (state->last_params, name) : NULL;

  fake_cloud_unlock (f->cloud);
  return value;   /* the table outlives the next request only: read at once */
}

static guint
signers (Fixture  *f,
         char   ***list)
{
  FakeCloudState *state = fake_cloud_lock (f->cloud);
  guint n = state->signers->len;

  if (list != NULL)
    {
      *list = g_new0 (char *, n + 1);
      for (guint i = 0; i < n; i++)
        (*list)[i] = g_strdup (state->signers->pdata[i]);
    }
  fake_cloud_unlock (f->cloud);
  return n;
}

/* STS's XML, read defensively: answers that are not XML, have no
 * credentials, nest deeply or carry an error code. */
static void
test_sts_parse (void)
{
  g_autofree char *deep = NULL;
  GString *nest = g_string_new (NULL);
  static const char *bad[] = {
    "",
    "not xml at all",
    "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>AKID</AccessKeyId>",
    "<a><Credentials><AccessKeyId>AKID</AccessKeyId><SecretAccessKey>s</SecretAccessKey></Credentials></a>",
    "<a><Credentials><AccessKeyId>AKID</AccessKeyId><SecretAccessKey>s</SecretAccessKey>"
      "<Expiration>tomorrow</Expiration></Credentials></a>",
    "<a><Credentials><AccessKeyId>\xff</AccessKeyId></Credentials></a>",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *code = NULL;
      g_autoptr(DynanticCredentials) credentials = dynantic_sts_parse_response (bad[i], strlen (bad[i]), &code);

      g_assert_null (credentials);
      g_assert_null (code);
    }

  for (guint i = 0; i < 100000; i++)
    g_string_append (nest, "<a>");
  deep = g_string_free (nest, FALSE);
  {
    g_autoptr(DynanticCredentials) credentials = dynantic_sts_parse_response (deep, strlen (deep), NULL);

    g_assert_null (credentials);
  }

  {
    const char *error = "<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredToken</Code>"
                        "<Message>secret details</Message></Error></ErrorResponse>";
    g_autofree char *code = NULL;
    g_autoptr(DynanticCredentials) credentials = dynantic_sts_parse_response (error, strlen (error), &code);

    g_assert_null (credentials);
    g_assert_cmpstr (code, ==, "ExpiredToken");
  }

  {
    const char *good = "<?xml version=\"1.0\"?><AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                       "<AssumeRoleResult><Credentials><AccessKeyId>ASIA1</AccessKeyId>"
                       "<SecretAccessKey>s&amp;1</SecretAccessKey><SessionToken>t</SessionToken>"
                       "<Expiration>2030-01-02T03:04:05Z</Expiration></Credentials></AssumeRoleResult>"
                       "</AssumeRoleResponse>";
    g_autoptr(DynanticCredentials) credentials = dynantic_sts_parse_response (good, strlen (good), NULL);
    g_autoptr(GDateTime) expected = g_date_time_new_utc (2030, 1, 2, 3, 4, 5);

    g_assert_nonnull (credentials);
    g_assert_cmpstr (dynantic_credentials_get_access_key_id (credentials), ==, "ASIA1");
    g_assert_cmpstr (dynantic_credentials_get_secret_access_key (credentials), ==, "s&1");
    g_assert_cmpstr (dynantic_credentials_get_session_token (credentials), ==, "t");
    g_assert_true (g_date_time_equal (dynantic_credentials_get_expiration (credentials), expected));
  }
}

/* Assumed roles. */

#define BASE_PROFILE \
  "[profile base]\n" \
  "aws_access_key_id = AKIDBASE\n" \
  "aws_secret_access_key = base/secret+KEY\n"

static void
test_role_source_profile (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(DynanticCredentialsProvider) provider = dynantic_credentials_provider_new_profile ("role");

  fake_cloud_add_key (f->cloud, "AKIDBASE", "base/secret+KEY");
  aws_env_write_config (&f->env,
    BASE_PROFILE
    "[profile role]\n"
    "role_arn = arn:aws:iam::123456789012:role/reader\n"
    "source_profile = base\n"
    "external_id = the-external-id\n"
    "role_session_name = dynantic-test\n"
    "duration_seconds = 1800\n");

  for (guint async = 0; async <= 1; async++)
    {
      g_autoptr(DynanticCredentials) credentials = load_from_cloud (f, provider, async);
      g_auto(GStrv) list = NULL;

      g_assert_cmpuint (signers (f, &list), ==, async + 1);
      g_assert_cmpstr (list[async], ==, "AKIDBASE");
      g_assert_cmpstr (last_param (f, "RoleArn"), ==, "arn:aws:iam::123456789012:role/reader");
      g_assert_cmpstr (last_param (f, "ExternalId"), ==, "the-external-id");
      g_assert_cmpstr (last_param (f, "RoleSessionName"), ==, "dynantic-test");
      g_assert_cmpstr (last_param (f, "DurationSeconds"), ==, "1800");
      g_assert_null (last_param (f, "SerialNumber"));
    }

  {
    FakeCloudState *state = fake_cloud_lock (f->cloud);

    g_assert_cmpuint (state->bad_signatures, ==, 0);
    /* signed for STS in the configured region */
    assert_contains (state->last_authorization, "/eu-west-1/sts/aws4_request");
    fake_cloud_unlock (f->cloud);
  }
}

/* Without role_session_name, one is made up. */
static void
test_role_session_name_default (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(DynanticCredentialsProvider) provider = dynantic_credentials_provider_new_profile ("role");
  g_autoptr(DynanticCredentials) credentials = NULL;

  fake_cloud_add_key (f->cloud, "AKIDBASE", "base/secret+KEY");
  aws_env_write_config (&f->env,
    BASE_PROFILE
    "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/reader\nsource_profile = base\n"
    "duration_seconds = many\n");
  credentials = load_from_cloud (f, provider, TRUE);

  g_assert_true (g_str_has_prefix (last_param (f, "RoleSessionName"), "dynantic-session-"));
  g_assert_null (last_param (f, "ExternalId"));
  g_assert_null (last_param (f, "DurationSeconds"));  /* not a number: ignored, as botocore does */
}

/* A chain of roles: each AssumeRole is signed with the previous role's
 * credentials. A source profile with keys gives its keys, whatever role it
 * has; a profile may name itself to use its own keys. */
static void
test_role_chains (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(DynanticCredentialsProvider) chain = dynantic_credentials_provider_new_profile ("first");
  g_autoptr(DynanticCredentialsProvider) keyed = dynantic_credentials_provider_new_profile ("keyed-source");
  g_autoptr(DynanticCredentialsProvider) self_source = dynantic_credentials_provider_new_profile ("self");
  g_auto(GStrv) list = NULL;

  fake_cloud_add_key (f->cloud, "AKIDBASE", "base/secret+KEY");
  fake_cloud_add_key (f->cloud, "AKIDSELF", "self/secret+KEY");
  fake_cloud_add_key (f->cloud, "AKIDKEYED", "keyed/secret+KEY");
  aws_env_write_config (&f->env,
    BASE_PROFILE
    "[profile first]\nrole_arn = arn:aws:iam::123456789012:role/first\nsource_profile = second\n"
    "[profile second]\nrole_arn = arn:aws:iam::123456789012:role/second\nsource_profile = base\n"
    "[profile keyed-source]\nrole_arn = arn:aws:iam::123456789012:role/third\nsource_profile = keyed\n"
    "[profile keyed]\nrole_arn = arn:aws:iam::123456789012:role/never\nsource_profile = base\n"
    "aws_access_key_id = AKIDKEYED\naws_secret_access_key = keyed/secret+KEY\n"
    "[profile self]\nrole_arn = arn:aws:iam::123456789012:role/self\nsource_profile = self\n"
    "aws_access_key_id = AKIDSELF\naws_secret_access_key = self/secret+KEY\n");

  {
    g_autoptr(DynanticCredentials) credentials = load_from_cloud (f, chain, TRUE);

    g_assert_cmpuint (signers (f, &list), ==, 2);
    g_assert_cmpstr (list[0], ==, "AKIDBASE");                /* second, with base's keys */
    g_assert_true (g_str_has_prefix (list[1], "ASIASTS"));    /* first, with second's role */
    g_assert_cmpstr (last_param (f, "RoleArn"), ==, "arn:aws:iam::123456789012:role/first");
    g_clear_pointer (&list, g_strfreev);
  }
  {
    g_autoptr(DynanticCredentials) credentials = load_from_cloud (f, keyed, TRUE);

    g_assert_cmpuint (signers (f, &list), ==, 3);
    g_assert_cmpstr (list[2], ==, "AKIDKEYED");
    g_assert_cmpstr (last_param (f, "RoleArn"), ==, "arn:aws:iam::123456789012:role/third");
    g_clear_pointer (&list, g_strfreev);
  }
  {
    g_autoptr(DynanticCredentials) credentials = load_from_cloud (f, self_source, FALSE);

    g_assert_cmpuint (signers (f, &list), ==, 4);
    g_assert_cmpstr (list[3], ==, "AKIDSELF");
    g_assert_cmpstr (last_param (f, "RoleArn"), ==, "arn:aws:iam::123456789012:role/self");
  }
}

/* Each misconfiguration of a role fails with an error naming the profile
 * and the setting, never a value, and stops a chain. */
static void
test_role_errors (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const values[] = { "arn:aws:iam", "123456789012", "base/secret+KEY", NULL };
  static const struct {
    const char *profile;
    const char *expected;
  } cases[] = {
    { "loop-a", "loop" },
    { "self-without-keys", "loop" },
    { "missing-source", "“nowhere” of the profile “missing-source” does not exist" },
    { "both", "both source_profile and credential_source" },
    { "neither", "role_arn but no source_profile or credential_source" },
    { "bad-source", "credential_source of the profile “bad-source” is not Environment" },
    { "empty-source", "The source profile “empty” has no credentials" },
    { "env-source", "credential_source of the profile “env-source” gave no credentials" },
  };

  aws_env_write_config (&f->env,
    BASE_PROFILE
    "[profile loop-a]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = loop-b\n"
    "[profile loop-b]\nrole_arn = arn:aws:iam::123456789012:role/b\nsource_profile = loop-a\n"
    "[profile self-without-keys]\nrole_arn = arn:aws:iam::123456789012:role/s\nsource_profile = self-without-keys\n"
    "[profile missing-source]\nrole_arn = arn:aws:iam::123456789012:role/m\nsource_profile = nowhere\n"
    "[profile both]\nrole_arn = arn:aws:iam::123456789012:role/x\nsource_profile = base\ncredential_source = Environment\n"
    "[profile neither]\nrole_arn = arn:aws:iam::123456789012:role/x\n"
    "[profile bad-source]\nrole_arn = arn:aws:iam::123456789012:role/x\ncredential_source = Mainframe\n"
    "[profile empty]\nregion = eu-west-1\n"
    "[profile empty-source]\nrole_arn = arn:aws:iam::123456789012:role/x\nsource_profile = empty\n"
    "[profile env-source]\nrole_arn = arn:aws:iam::123456789012:role/x\ncredential_source = Environment\n");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DynanticCredentialsProvider) profile = dynantic_credentials_provider_new_profile (cases[i].profile);
      g_autoptr(DynanticCredentialsProvider) chain = dynantic_credentials_provider_new_default (cases[i].profile);
      g_autoptr(GError) error = load_error (profile, values);
      g_autoptr(GError) chain_error = load_error (chain, values);

      assert_contains (error->message, cases[i].expected);
      /* the chain stops at the profile: the same error */
      g_assert_cmpstr (chain_error->message, ==, error->message);
    }

  g_assert_cmpuint (signers (f, NULL), ==, 0);
}

/* STS refuses: the error has STS's code, the profile and the setting, not
 * STS's message (it names accounts); a throttled AssumeRole is retried. */
static void
test_role_sts_errors (Fixture       *f,
                      gconstpointer  data)
{
  static const char * const values[] = { "arn:aws:iam", "123456789012", "not authorized", NULL };
  g_autoptr(DynanticCredentialsProvider) provider = dynantic_credentials_provider_new_profile ("role");

  fake_cloud_add_key (f->cloud, "AKIDBASE", "base/secret+KEY");
  aws_env_write_config (&f->env,
    BASE_PROFILE
    "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/reader\nsource_profile = base\n");

  {
    FakeCloudState *state = fake_cloud_lock (f->cloud);

    state->sts_error_status = 403;
    state->sts_error_code = "AccessDenied";
    state->sts_errors = 2;
    fake_cloud_unlock (f->cloud);
  }
  {
    g_autoptr(GError) error = load_error (provider, values);

    assert_contains (error->message, "role_arn of the profile “role”");
    assert_contains (error->message, "AccessDenied");
  }

  {
    FakeCloudState *state = fake_cloud_lock (f->cloud);

    state->sts_error_status = 400;
    state->sts_error_code = "Throttling";
    state->sts_errors = 1;
    fake_cloud_unlock (f->cloud);
  }
  {
    g_autoptr(DynanticCredentials) credentials = load_from_cloud (f, provider, TRUE);
    FakeCloudState *state = fake_cloud_lock (f->cloud);

    g_assert_cmpuint (state->assume_role, ==, 4);   /* 2 refused, 1 throttled, 1 answered */
    fake_cloud_unlock (f->cloud);
  }

  /* plain http only to this machine */
  g_setenv ("AWS_ENDPOINT_URL_STS", "http://sts.example.com", TRUE);
  {
    g_autoptr(GError) error = load_error (provider, values);

    assert_contains (error->message, "AWS_ENDPOINT_URL_STS");
    assert_lacks (error->message, "example.com");
  }
}

/* credential_source: the environment, the container endpoint, the
 * instance metadata service. */
static void
test_role_credential_source (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(DynanticCredentialsProvider) from_env = dynantic_credentials_provider_new_profile ("from-env");
  g_autoptr(DynanticCredentialsProvider) from_ecs = dynantic_credentials_provider_new_profile ("from-ecs");
  g_autoptr(DynanticCredentialsProvider) from_ec2 = dynantic_credentials_provider_new_profile ("from-ec2");
  g_autofree char *imds = g_strdup (fake_cloud_get_url (f->cloud));
  g_autofree char *container = g_strconcat (fake_cloud_get_url (f->cloud), "/container/creds", NULL);
  g_auto(GStrv) list = NULL;

  aws_env_write_config (&f->env,
    "[profile from-env]\nrole_arn = arn:aws:iam::123456789012:role/e\ncredential_source = Environment\n"
    "[profile from-ecs]\nrole_arn = arn:aws:iam::123456789012:role/c\ncredential_source = EcsContainer\n"
    "[profile from-ec2]\nrole_arn = arn:aws:iam::123456789012:role/i\ncredential_source = Ec2InstanceMetadata\n");
  g_setenv ("AWS_ACCESS_KEY_ID", "AKIDENV", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "env/secret+KEY", TRUE);
  fake_cloud_add_key (f->cloud, "AKIDENV", "env/secret+KEY");
  g_setenv ("AWS_CONTAINER_CREDENTIALS_FULL_URI", container, TRUE);
  g_unsetenv ("AWS_EC2_METADATA_DISABLED");
  g_setenv ("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds, TRUE);

  g_clear_pointer (&list, g_strfreev);
  {
    g_autoptr(DynanticCredentials) credentials = load_from_cloud (f, from_env, TRUE);
    g_autoptr(DynanticCredentials) ecs = load_from_cloud (f, from_ecs, TRUE);
    g_autoptr(DynanticCredentials) ec2 = load_from_cloud (f, from_ec2, TRUE);
  }

  g_assert_cmpuint (signers (f, &list), ==, 3);
  g_assert_cmpstr (list[0], ==, "AKIDENV");
  g_assert_true (g_str_has_prefix (list[1], "ASIAECS"));
  g_assert_true (g_str_has_prefix (list[2], "ASIAEC2"));
}

/* MFA: refused without a callback; the code from the callback, at once or
 * later; a refusal. */

static void
answer_now (DynanticMfaRequest *request,
            gpointer            user_data)
{
  g_assert_cmpstr (dynantic_mfa_request_get_profile (request), ==, "mfa");
  g_assert_cmpstr (dynantic_mfa_request_get_serial_number (request), ==, "arn:aws:iam::123456789012:mfa/user");
  (*(guint *) user_data)++;
  dynantic_mfa_request_answer (request, "123456");
}

static gboolean
answer_later_cb (gpointer data)
{
  dynantic_mfa_request_answer (data, "654321");
  return G_SOURCE_REMOVE;
}

static void
answer_later (DynanticMfaRequest *request,
              gpointer            user_data)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, answer_later_cb, g_object_ref (request), g_object_unref);
}

static void
refuse (DynanticMfaRequest *request,
        gpointer            user_data)
{
  dynantic_mfa_request_refuse (request);
}

static void
ignore (DynanticMfaRequest *request,
        gpointer            user_data)
{
  /* dropped without an answer: refused */
}

static void
test_role_mfa (Fixture       *f,
               gconstpointer  data)
{
  static const char * const values[] = { "arn:aws:iam", "123456", NULL };
  g_autoptr(DynanticCredentialsProvider) provider = dynantic_credentials_provider_new_default ("mfa");
  guint asked = 0;

  fake_cloud_add_key (f->cloud, "AKIDBASE", "base/secret+KEY");
  aws_env_write_config (&f->env,
    BASE_PROFILE
    "[profile mfa]\nrole_arn = arn:aws:iam::123456789012:role/guarded\nsource_profile = base\n"
    "mfa_serial = arn:aws:iam::123456789012:mfa/user\n");

  {
    g_autoptr(GError) error = load_error (provider, values);

    assert_contains (error->message, "mfa_serial");
    assert_contains (error->message, "dynantic_credentials_provider_set_mfa_func");
    g_assert_cmpuint (signers (f, NULL), ==, 0);
  }

  /* set on the default chain, it reaches its profile provider */
  dynantic_credentials_provider_set_mfa_func (provider, answer_now, &asked, NULL);
  {
    g_autoptr(DynanticCredentials) credentials = load_from_cloud (f, provider, TRUE);

    g_assert_cmpuint (asked, ==, 1);
    g_assert_cmpstr (last_param (f, "SerialNumber"), ==, "arn:aws:iam::123456789012:mfa/user");
    g_assert_cmpstr (last_param (f, "TokenCode"), ==, "123456");
  }

  dynantic_credentials_provider_set_mfa_func (provider, answer_later, NULL, NULL);
  {
    g_autoptr(DynanticCredentials) credentials = load_from_cloud (f, provider, TRUE);

    g_assert_cmpstr (last_param (f, "TokenCode"), ==, "654321");
  }

  dynantic_credentials_provider_set_mfa_func (provider, refuse, NULL, NULL);
  {
    g_autoptr(GError) error = load_error (provider, values);

    assert_contains (error->message, "No MFA code was given for the mfa_serial of the profile “mfa”");
  }

  dynantic_credentials_provider_set_mfa_func (provider, ignore, NULL, NULL);
  {
    g_autoptr(GError) error = load_error (provider, values);

    assert_contains (error->message, "No MFA code");
  }
  g_assert_cmpuint (signers (f, NULL), ==, 2);
}

/* Web identity. */

static char *
write_token (Fixture    *f,
             const char *token)
{
  char *path = g_build_filename (f->env.dir, "token", NULL);

  aws_env_write (path, token);
  return path;
}

static void
test_web_identity_environment (Fixture       *f,
                               gconstpointer  data)
{
  static const char * const values[] = { "eyJ-fake-jwt", "arn:aws:iam", NULL };
  g_autoptr(DynanticCredentialsProvider) provider = dynantic_credentials_provider_new_web_identity (NULL);
  g_autofree char *token_path = write_token (f, "eyJ-fake-jwt\n");

  {
    g_autoptr(GError) error = load_error (provider, values);

    assert_contains (error->message, "AWS_WEB_IDENTITY_TOKEN_FILE is not set");
  }

  {
    FakeCloudState *state = fake_cloud_lock (f->cloud);

    state->web_identity_token = "eyJ-fake-jwt";
    fake_cloud_unlock (f->cloud);
  }
  g_setenv ("AWS_WEB_IDENTITY_TOKEN_FILE", token_path, TRUE);
  {
    g_autoptr(GError) error = load_error (provider, values);

    assert_contains (error->message, "no role ARN");
  }

  g_setenv ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/pod", TRUE);
  g_setenv ("AWS_ROLE_SESSION_NAME", "pod-session", TRUE);
  for (guint async = 0; async <= 1; async++)
    {
      g_autoptr(DynanticCredentials) credentials = load_from_cloud (f, provider, async);
      FakeCloudState *state = fake_cloud_lock (f->cloud);

      g_assert_cmpuint (state->assume_role_web_identity, ==, async + 1);
      g_assert_null (state->last_authorization);   /* unsigned */
      g_assert_cmpstr (g_hash_table_lookup (state->last_params, "RoleArn"), ==, "arn:aws:iam::123456789012:role/pod");
      g_assert_cmpstr (g_hash_table_lookup (state->last_params, "RoleSessionName"), ==, "pod-session");
      g_assert_cmpstr (g_hash_table_lookup (state->last_params, "WebIdentityToken"), ==, "eyJ-fake-jwt");
      fake_cloud_unlock (f->cloud);
    }

  /* the file is read again at each load */
  aws_env_write (token_path, "eyJ-rotated-jwt");
  {
    g_autoptr(GError) error = load_error (provider, values);

    assert_contains (error->message, "InvalidIdentityToken");
    assert_contains (error->message, "AWS_WEB_IDENTITY_TOKEN_FILE");
  }

  g_remove (token_path);
  {
    g_autoptr(GError) error = load_error (provider, values);

    assert_contains (error->message, "Could not read the web identity token file of AWS_WEB_IDENTITY_TOKEN_FILE");
  }
}

static void
test_web_identity_profile (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(DynanticCredentialsProvider) provider = dynantic_credentials_provider_new_profile ("pod");
  g_autofree char *token_path = write_token (f, "eyJ-profile-jwt");
  g_autofree char *config = g_strdup_printf ("[profile pod]\nweb_identity_token_file = %s\n"
                                             "role_arn = arn:aws:iam::123456789012:role/pod\n", token_path);
  g_autoptr(DynanticCredentials) credentials = NULL;

  {
    FakeCloudState *state = fake_cloud_lock (f->cloud);

    state->web_identity_token = "eyJ-profile-jwt";
    fake_cloud_unlock (f->cloud);
  }
  aws_env_write_config (&f->env, config);
  credentials = load_from_cloud (f, provider, TRUE);
  g_assert_true (g_str_has_prefix (last_param (f, "RoleSessionName"), "dynantic-session-"));
}

/* The container endpoint. */

static void
test_container (Fixture       *f,
                gconstpointer  data)
{
  static const char * const values[] = { "container-secret-token", NULL };
  g_autoptr(DynanticCredentialsProvider) provider = dynantic_credentials_provider_new_container ();
  g_autofree char *full = g_strconcat (fake_cloud_get_url (f->cloud), "/container/pod", NULL);
  g_autofree char *token_path = write_token (f, "container-secret-token\n");

  {
    g_autoptr(GError) error = load_error (provider, values);

    assert_contains (error->message, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  }

  /* ECS: a relative URI, no token */
  dynantic_container_credentials_set_relative_endpoint (fake_cloud_get_url (f->cloud));
  g_setenv ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/container/task", TRUE);
  for (guint async = 0; async <= 1; async++)
    {
      g_autoptr(DynanticCredentials) credentials = load_from_cloud (f, provider, async);

      g_assert_true (g_str_has_prefix (dynantic_credentials_get_access_key_id (credentials), "ASIAECS"));
    }
  g_unsetenv ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");

  /* EKS Pod Identity: a full URI and a token, from the variable or the file */
  {
    FakeCloudState *state = fake_cloud_lock (f->cloud);

    state->container_token = "container-secret-token";
    fake_cloud_unlock (f->cloud);
  }
  g_setenv ("AWS_CONTAINER_CREDENTIALS_FULL_URI", full, TRUE);
  {
    g_autoptr(GError) error = load_error (provider, values);

    assert_contains (error->message, "AWS_CONTAINER_CREDENTIALS_FULL_URI");
    assert_contains (error->message, "401");
  }
  g_setenv ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "container-secret-token", TRUE);
  {
    g_autoptr(DynanticCredentials) credentials = load_from_cloud (f, provider, TRUE);
  }
  g_setenv ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "wrong-token", TRUE);
  g_setenv ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_path, TRUE);  /* the file wins */
  {
    g_autoptr(DynanticCredentials) credentials = load_from_cloud (f, provider, FALSE);
  }

  /* a token that does not fit in a header */
  g_unsetenv ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
  g_setenv ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "line\r\nInjected: header", TRUE);
  {
    g_autoptr(GError) error = load_error (provider, values);

    assert_contains (error->message, "AWS_CONTAINER_AUTHORIZATION_TOKEN holds no usable token");
  }

  /* plain http to another host is refused before any request */
  g_setenv ("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://credentials.example.com/v1", TRUE);
  {
    g_autoptr(GError) error = load_error (provider, values);
    FakeCloudState *state = NULL;

    assert_contains (error->message, "AWS_CONTAINER_CREDENTIALS_FULL_URI must be an https URL");
    assert_lacks (error->message, "example.com");
    state = fake_cloud_lock (f->cloud);
    g_assert_cmpuint (state->container_requests, ==, 6);
    fake_cloud_unlock (f->cloud);
  }
}

/* EC2 instance metadata. */

static void
use_imds (Fixture *f)
{
  g_unsetenv ("AWS_EC2_METADATA_DISABLED");
  g_setenv ("AWS_EC2_METADATA_SERVICE_ENDPOINT", fake_cloud_get_url (f->cloud), TRUE);
}

static void
test_imds_v2 (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(DynanticCredentialsProvider) provider = dynantic_credentials_provider_new_instance_metadata (NULL);

  {
    g_autoptr(GError) error = load_error (provider, NULL);

    assert_contains (error->message, "AWS_EC2_METADATA_DISABLED");
  }

  use_imds (f);
  {
    FakeCloudState *state = fake_cloud_lock (f->cloud);

    state->imds_role = "web-server-role";
    fake_cloud_unlock (f->cloud);
  }
  for (guint async = 0; async <= 1; async++)
    {
      g_autoptr(DynanticCredentials) credentials = load_from_cloud (f, provider, async);
      FakeCloudState *state = fake_cloud_lock (f->cloud);

      g_assert_true (g_str_has_prefix (dynantic_credentials_get_access_key_id (credentials), "ASIAEC2"));
      g_assert_cmpuint (state->imds_token_requests, ==, async + 1);
      g_assert_cmpuint (state->imds_credentials_requests, ==, async + 1);
      g_assert_cmpstr (state->last_imds_token, ==, "imds-session-token");
      fake_cloud_unlock (f->cloud);
    }

  /* IMDSv1 disabled changes nothing while IMDSv2 answers */
  g_setenv ("AWS_EC2_METADATA_V1_DISABLED", "true", TRUE);
  {
    g_autoptr(DynanticCredentials) credentials = load_from_cloud (f, provider, TRUE);
  }

  /* no role attached to the instance */
  {
    FakeCloudState *state = fake_cloud_lock (f->cloud);

    state->imds_no_role = TRUE;
    fake_cloud_unlock (f->cloud);
  }
  {
    g_autoptr(GError) error = load_error (provider, NULL);

    assert_contains (error->message, "no IAM role for this instance");
  }
}

static void
test_imds_v1 (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(DynanticCredentialsProvider) provider = dynantic_credentials_provider_new_instance_metadata (NULL);

  use_imds (f);
  {
    FakeCloudState *state = fake_cloud_lock (f->cloud);

    state->imds_v1_only = TRUE;
    fake_cloud_unlock (f->cloud);
  }
  {
    g_autoptr(DynanticCredentials) credentials = load_from_cloud (f, provider, TRUE);
    FakeCloudState *state = fake_cloud_lock (f->cloud);

    g_assert_cmpuint (state->imds_token_requests, ==, 1);
    g_assert_null (state->last_imds_token);   /* the fallback: no token */
    fake_cloud_unlock (f->cloud);
  }

  /* the fallback is forbidden */
  g_setenv ("AWS_EC2_METADATA_V1_DISABLED", "true", TRUE);
  {
    g_autoptr(GError) error = load_error (provider, NULL);

    assert_contains (error->message, "IMDSv1 is disabled");
  }
  g_unsetenv ("AWS_EC2_METADATA_V1_DISABLED");
  aws_env_write_config (&f->env, "[default]\nec2_metadata_v1_disabled = true\n");
  {
    g_autoptr(GError) error = load_error (provider, NULL);

    assert_contains (error->message, "IMDSv1 is disabled");
  }
}

/* SSO. */

static void
write_sso_cache (Fixture    *f,
                 const char *session_name,
                 const char *start_url,
                 const char *access_token,
                 GTimeSpan   expires_in,
                 gboolean    refreshable)
{
  g_autofree char *path = dynantic_sso_cache_path (session_name, start_url);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expires = g_date_time_add (now, expires_in);
  g_autoptr(GDateTime) registration = g_date_time_add_days (now, 30);
  g_autofree char *expires_text = g_date_time_format (expires, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *registration_text = g_date_time_format (registration, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *contents = NULL;

  if (refreshable)
    contents = g_strdup_printf ("{\"startUrl\": \"%s\", \"region\": \"eu-west-1\", \"accessToken\": \"%s\", "
                                "\"expiresAt\": \"%s\", \"clientId\": \"fake-client\", "
                                "\"clientSecret\": \"fake-client-secret\", \"registrationExpiresAt\": \"%s\", "
                                "\"refreshToken\": \"fake-refresh\"}",
                                start_url, access_token, expires_text, registration_text);
  else
    contents = g_strdup_printf ("{\"startUrl\": \"%s\", \"region\": \"eu-west-1\", \"accessToken\": \"%s\", "
                                "\"expiresAt\": \"%s\"}", start_url, access_token, expires_text);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  aws_env_write (path, contents);
}

#define SSO_CONFIG \
  "[profile sso]\nsso_session = my-sso\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\n" \
  "[sso-session my-sso]\nsso_start_url = https://my-sso.awsapps.com/start\nsso_region = eu-west-1\n" \
  "[profile legacy]\nsso_start_url = https://legacy.awsapps.com/start\nsso_region = eu-west-1\n" \
  "sso_account_id = 123456789012\nsso_role_name = ReadOnly\n"

/* The cache file names are the AWS CLI's: SHA-1 of the session's name or
 * of the start URL (hashlib.sha1 gives these). */
static void
test_sso_cache_path (void)
{
  g_autofree char *session = dynantic_sso_cache_path ("my-sso", "https://ignored");
  g_autofree char *legacy = dynantic_sso_cache_path (NULL, "https://legacy.awsapps.com/start");

  g_assert_true (g_str_has_suffix (session, "/.aws/sso/cache/0ad374308c5a4e22f723adf10145eafad7c4031c.json"));
  g_assert_true (g_str_has_suffix (legacy, "/.aws/sso/cache/79e435d7a515078e81c9dffc35f38d5687ebd3a7.json"));
}

static void
test_sso_cached_token (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(DynanticCredentialsProvider) session = dynantic_credentials_provider_new_profile ("sso");
  g_autoptr(DynanticCredentialsProvider) legacy = dynantic_credentials_provider_new_profile ("legacy");

  aws_env_write_config (&f->env, SSO_CONFIG);
  write_sso_cache (f, "my-sso", "https://my-sso.awsapps.com/start", "cached-access-token", G_TIME_SPAN_HOUR, TRUE);
  write_sso_cache (f, NULL, "https://legacy.awsapps.com/start", "cached-access-token", G_TIME_SPAN_HOUR, FALSE);
  {
    FakeCloudState *state = fake_cloud_lock (f->cloud);

    state->sso_token = "cached-access-token";
    fake_cloud_unlock (f->cloud);
  }

  for (guint async = 0; async <= 1; async++)
    {
      g_autoptr(DynanticCredentials) a = load_from_cloud (f, session, async);
      g_autoptr(DynanticCredentials) b = load_from_cloud (f, legacy, async);
    }

  {
    FakeCloudState *state = fake_cloud_lock (f->cloud);

    g_assert_cmpuint (state->sso_requests, ==, 4);
    g_assert_cmpuint (state->oidc_requests, ==, 0);   /* not near expiry */
    fake_cloud_unlock (f->cloud);
  }
}

/* An expired login names the command that renews it; so does a login the
 * portal refuses, and a missing one. */
static void
test_sso_expired (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const values[] = { "cached-access-token", "old-token", NULL };
  g_autoptr(DynanticCredentialsProvider) session = dynantic_credentials_provider_new_profile ("sso");
  g_autoptr(DynanticCredentialsProvider) legacy = dynantic_credentials_provider_new_profile ("legacy");

  aws_env_write_config (&f->env, SSO_CONFIG);
  {
    g_autoptr(GError) error = load_error (session, values);

    assert_contains (error->message, "There is no cached SSO login");
    assert_contains (error->message, "aws sso login --sso-session my-sso");
  }

  write_sso_cache (f, "my-sso", "https://my-sso.awsapps.com/start", "old-token", -G_TIME_SPAN_MINUTE, FALSE);
  write_sso_cache (f, NULL, "https://legacy.awsapps.com/start", "old-token", -G_TIME_SPAN_MINUTE, FALSE);
  {
    g_autoptr(GError) error = load_error (session, values);

    assert_contains (error->message, "The cached SSO login has expired");
    assert_contains (error->message, "“aws sso login --sso-session my-sso”");
  }
  {
    g_autoptr(GError) error = load_error (legacy, values);

    assert_contains (error->message, "The cached SSO login has expired");
    assert_contains (error->message, "“aws sso login --profile legacy”");
  }

  /* valid by its date, refused by the portal */
  write_sso_cache (f, "my-sso", "https://my-sso.awsapps.com/start", "cached-access-token", G_TIME_SPAN_HOUR, FALSE);
  {
    g_autoptr(GError) error = load_error (session, values);

    assert_contains (error->message, "The SSO portal refused the cached login");
    assert_contains (error->message, "aws sso login --sso-session my-sso");
  }

  {
    FakeCloudState *state = fake_cloud_lock (f->cloud);

    g_assert_cmpuint (state->sso_requests, ==, 2);  /* the refused one, sync and async */
    fake_cloud_unlock (f->cloud);
  }
}

/* A token within 15 minutes of its expiry is refreshed through SSO OIDC
 * with its refresh token, and the cache file updated (still private); a
 * failed refresh is logged and the token used while it lasts. */
static void
test_sso_refresh (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(DynanticCredentialsProvider) session = dynantic_credentials_provider_new_profile ("sso");
  g_autofree char *path = dynantic_sso_cache_path ("my-sso", NULL);
  g_autofree char *contents = NULL;
  GStatBuf info;

  aws_env_write_config (&f->env, SSO_CONFIG);
  write_sso_cache (f, "my-sso", "https://my-sso.awsapps.com/start", "old-token", 5 * G_TIME_SPAN_MINUTE, TRUE);
  {
    FakeCloudState *state = fake_cloud_lock (f->cloud);

    state->sso_token = "refreshed-access-token";
    state->oidc_refresh_token = "fake-refresh";
    state->oidc_new_token = "refreshed-access-token";
    fake_cloud_unlock (f->cloud);
  }

  {
    g_autoptr(DynanticCredentials) credentials = load_from_cloud (f, session, TRUE);
    FakeCloudState *state = fake_cloud_lock (f->cloud);

    g_assert_cmpuint (state->oidc_requests, ==, 1);
    g_assert_cmpuint (state->sso_requests, ==, 1);
    fake_cloud_unlock (f->cloud);
  }

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  assert_contains (contents, "\"accessToken\" : \"refreshed-access-token\"");
  assert_contains (contents, "\"refreshToken\" : \"refreshed-refresh\"");
  assert_contains (contents, "\"clientId\" : \"fake-client\"");
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);

  /* the refreshed token lasts 8 hours: no refresh now */
  {
    g_autoptr(DynanticCredentials) credentials = load_from_cloud (f, session, FALSE);
    FakeCloudState *state = fake_cloud_lock (f->cloud);

    g_assert_cmpuint (state->oidc_requests, ==, 1);
    fake_cloud_unlock (f->cloud);
  }

  /* OIDC refuses: the old token still lasts 5 minutes */
  write_sso_cache (f, "my-sso", "https://my-sso.awsapps.com/start", "refreshed-access-token",
                   5 * G_TIME_SPAN_MINUTE, TRUE);
  {
    FakeCloudState *state = fake_cloud_lock (f->cloud);

    state->oidc_refresh_token = "another-refresh";
    fake_cloud_unlock (f->cloud);
  }
  g_string_truncate (aws_env_debug_log, 0);
  {
    g_autoptr(DynanticCredentials) credentials = load_from_cloud (f, session, TRUE);
    FakeCloudState *state = fake_cloud_lock (f->cloud);

    g_assert_cmpuint (state->oidc_requests, ==, 2);
    fake_cloud_unlock (f->cloud);
  }
  assert_contains (aws_env_messages (), "Refreshing the SSO token of the sso_session “my-sso” failed");
  assert_lacks (aws_env_messages (), "refreshed-access-token");
}

/* A profile set up for SSO with a setting missing. */
static void
test_sso_errors (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(DynanticCredentialsProvider) missing = dynantic_credentials_provider_new_profile ("no-role");
  g_autoptr(DynanticCredentialsProvider) no_session = dynantic_credentials_provider_new_profile ("no-session");

  aws_env_write_config (&f->env,
    "[profile no-role]\nsso_session = s\nsso_account_id = 123456789012\n"
    "[sso-session s]\nsso_start_url = https://s.awsapps.com/start\nsso_region = eu-west-1\n"
    "[profile no-session]\nsso_session = absent\nsso_account_id = 123456789012\nsso_role_name = R\n");
  {
    g_autoptr(GError) error = load_error (missing, NULL);

    assert_contains (error->message, "The profile “no-role” is set up for SSO but has no sso_role_name");
  }
  {
    g_autoptr(GError) error = load_error (no_session, NULL);

    assert_contains (error->message, "The sso_session of the profile “no-session” names no [sso-session]");
  }
}

/* The default chain: environment, web identity, profile, container,
 * instance metadata, each passed over with a debug line when it is not
 * configured. */
static void
test_default_chain_order (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(DynanticCredentialsProvider) chain = dynantic_credentials_provider_new_default (NULL);
  g_autofree char *token_path = write_token (f, "eyJ-chain-jwt");
  g_autofree char *full = g_strconcat (fake_cloud_get_url (f->cloud), "/container/chain", NULL);

  {
    FakeCloudState *state = fake_cloud_lock (f->cloud);

    state->web_identity_token = "eyJ-chain-jwt";
    fake_cloud_unlock (f->cloud);
  }

  /* only the instance metadata service */
  use_imds (f);
  {
    g_autoptr(DynanticCredentials) credentials = load_from_cloud (f, chain, TRUE);

    g_assert_true (g_str_has_prefix (dynantic_credentials_get_access_key_id (credentials), "ASIAEC2"));
    assert_contains (aws_env_debug_messages (), "DynanticEnvironmentCredentialsProvider gave none");
    assert_contains (aws_env_debug_messages (), "DynanticWebIdentityCredentialsProvider gave none");
    assert_contains (aws_env_debug_messages (), "DynanticProfileCredentialsProvider gave none");
    assert_contains (aws_env_debug_messages (), "DynanticContainerCredentialsProvider gave none");
  }

  /* the container before it */
  g_setenv ("AWS_CONTAINER_CREDENTIALS_FULL_URI", full, TRUE);
  {
    g_autoptr(DynanticCredentials) credentials = load_from_cloud (f, chain, TRUE);

    g_assert_true (g_str_has_prefix (dynantic_credentials_get_access_key_id (credentials), "ASIAECS"));
  }

  /* the profile before them */
  aws_env_write_config (&f->env, "[default]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = p/secret\n");
  {
    g_autoptr(DynanticCredentials) credentials = load_async (chain, NULL);

    g_assert_cmpstr (dynantic_credentials_get_access_key_id (credentials), ==, "AKIDPROFILE");
  }

  /* web identity before the profile */
  g_setenv ("AWS_WEB_IDENTITY_TOKEN_FILE", token_path, TRUE);
  g_setenv ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/pod", TRUE);
  {
    g_autoptr(DynanticCredentials) credentials = load_from_cloud (f, chain, TRUE);

    g_assert_true (g_str_has_prefix (dynantic_credentials_get_access_key_id (credentials), "ASIASTS"));
  }

  /* the environment first */
  g_setenv ("AWS_ACCESS_KEY_ID", "AKIDENV", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "env/secret", TRUE);
  {
    g_autoptr(DynanticCredentials) credentials = load_async (chain, NULL);

    g_assert_cmpstr (dynantic_credentials_get_access_key_id (credentials), ==, "AKIDENV");
  }

  assert_lacks (aws_env_debug_messages (), "secret");
  assert_lacks (aws_env_debug_messages (), "eyJ-chain-jwt");
}

/* A configured source that fails stops the chain: a container endpoint
 * that refuses is not followed by the instance metadata service. */
static void
test_default_chain_stops (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(DynanticCredentialsProvider) chain = dynantic_credentials_provider_new_default (NULL);
  g_autofree char *full = g_strconcat (fake_cloud_get_url (f->cloud), "/container/chain", NULL);
  g_autoptr(GError) error = NULL;

  use_imds (f);
  g_setenv ("AWS_CONTAINER_CREDENTIALS_FULL_URI", full, TRUE);
  g_setenv ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "wrong", TRUE);
  {
    FakeCloudState *state = fake_cloud_lock (f->cloud);

    state->container_token = "right";
    fake_cloud_unlock (f->cloud);
  }

  error = load_error (chain, NULL);
  assert_contains (error->message, "container endpoint");
  assert_lacks (error->message, "No AWS credentials found");
  {
    FakeCloudState *state = fake_cloud_lock (f->cloud);

    g_assert_cmpuint (state->imds_token_requests, ==, 0);
    fake_cloud_unlock (f->cloud);
  }
}

#define add_test(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  aws_env_init ();

  add_test ("/credentials-sources/role/source-profile", test_role_source_profile);
  add_test ("/credentials-sources/role/session-name-default", test_role_session_name_default);
  add_test ("/credentials-sources/role/chains", test_role_chains);
  add_test ("/credentials-sources/role/errors", test_role_errors);
  add_test ("/credentials-sources/role/sts-errors", test_role_sts_errors);
  add_test ("/credentials-sources/role/credential-source", test_role_credential_source);
  add_test ("/credentials-sources/role/mfa", test_role_mfa);
  add_test ("/credentials-sources/web-identity/environment", test_web_identity_environment);
  add_test ("/credentials-sources/web-identity/profile", test_web_identity_profile);
  add_test ("/credentials-sources/container", test_container);
  add_test ("/credentials-sources/imds/v2", test_imds_v2);
  add_test ("/credentials-sources/imds/v1", test_imds_v1);
  g_test_add_func ("/credentials-sources/sso/cache-path", test_sso_cache_path);
  g_test_add_func ("/credentials-sources/sts/parse", test_sts_parse);
  add_test ("/credentials-sources/sso/cached-token", test_sso_cached_token);
  add_test ("/credentials-sources/sso/expired", test_sso_expired);
  add_test ("/credentials-sources/sso/refresh", test_sso_refresh);
  add_test ("/credentials-sources/sso/errors", test_sso_errors);
  add_test ("/credentials-sources/default-chain/order", test_default_chain_order);
  add_test ("/credentials-sources/default-chain/stops", test_default_chain_stops);

  return g_test_run ();
}
