/* fake-cloud.c: one loopback server for every endpoint credentials come from
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "fake-cloud.h"

struct _FakeCloud
{
  FakeAws        *server;
  FakeDynamodb   *dynamodb;
  gint64        (*clock) (void);
  GMutex          lock;
  FakeCloudState  state;
  GHashTable     *secrets;     /* key id -> secret: given out or added */
  guint           issued;
  char           *last_key_id;
};

static gint64
now (FakeCloud *self)
{
  return self->clock != NULL ? self->clock () : g_get_real_time ();
}

/* Under the lock: a new set of credentials, known from now on. */
static void
issue (FakeCloud  *self,
       const char *kind,
       char      **access_key_id,
       char      **secret_access_key,
       char      **session_token,
       gint64     *expiration)
{
  guint n = ++self->issued;

  *access_key_id = g_strdup_printf ("ASIA%s%u", kind, n);
  *secret_access_key = g_strdup_printf ("%s/secret+%u", kind, n);
  *session_token = g_strdup_printf ("%s-token-%u", kind, n);
  *expiration = now (self) + self->state.lifetime;

  g_hash_table_replace (self->secrets, g_strdup (*access_key_id), g_strdup (*secret_access_key));
  g_free (self->last_key_id);
  self->last_key_id = g_strdup (*access_key_id);
  if (self->dynamodb != NULL)
    fake_dynamodb_accept_until (self->dynamodb, *access_key_id, *secret_access_key, *session_token, *expiration);
}

static char *
iso8601 (gint64 time)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (time / G_USEC_PER_SEC);

  return g_date_time_format (date, "%Y-%m-%dT%H:%M:%SZ");
}

/* STS. */

static const char *
lookup_secret (const char *access_key_id,
               gpointer    data)
{
  FakeCloud *self = data;

  return g_hash_table_lookup (self->secrets, access_key_id);
}

static void
sts_error (SoupServerMessage *msg,
           guint              status,
           const char        *code)
{
  g_autofree char *body = g_strdup_printf (
    "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
    "<Error><Type>Sender</Type><Code>%s</Code>"
    "<Message>User: arn:aws:iam::123456789012:user/x is not authorized</Message></Error>"
    "<RequestId>fake</RequestId></ErrorResponse>", code);

  fake_aws_reply (msg, status, "text/xml", body);
}

static void
handle_sts (FakeCloud         *self,
            SoupServerMessage *msg,
            const char        *body)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  g_autoptr(GHashTable) params = soup_form_decode (body);
  const char *action = g_hash_table_lookup (params, "Action");
  g_autofree char *signer = NULL;
  g_autofree char *key = NULL, *secret = NULL, *token = NULL, *expiration_text = NULL, *answer = NULL;
  gint64 expiration;
  const char *result;

  g_clear_pointer (&self->state.last_params, g_hash_table_unref);
  self->state.last_params = g_hash_table_ref (params);
  g_free (self->state.last_authorization);
  self->state.last_authorization = g_strdup (authorization);

  if (g_strcmp0 (action, "AssumeRole") == 0)
    {
      self->state.assume_role++;
      if (!fake_aws_check_signature (msg, body, "sts", lookup_secret, self, &signer))
        {
          self->state.bad_signatures++;
          sts_error (msg, 403, "SignatureDoesNotMatch");
          return;
        }
      g_ptr_array_add (self->state.signers, g_strdup (signer));
      result = "AssumeRoleResult";
    }
  else if (g_strcmp0 (action, "AssumeRoleWithWebIdentity") == 0)
    {
      self->state.assume_role_web_identity++;
      if (authorization != NULL ||
          g_strcmp0 (g_hash_table_lookup (params, "WebIdentityToken"), self->state.web_identity_token) != 0)
        {
          sts_error (msg, 400, "InvalidIdentityToken");
          return;
        }
      result = "AssumeRoleWithWebIdentityResult";
    }
  else
    {
      sts_error (msg, 400, "InvalidAction");
      return;
    }

  if (self->state.sts_errors > 0)
    {
      self->state.sts_errors--;
      sts_error (msg, self->state.sts_error_status, self->state.sts_error_code);
      return;
    }

  issue (self, "STS", &key, &secret, &token, &expiration);
  expiration_text = iso8601 (expiration);
  answer = g_strdup_printf (
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<%sResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
    "<%s><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn></AssumedRoleUser>"
    "<Credentials><AccessKeyId>%s</AccessKeyId><SecretAccessKey>%s</SecretAccessKey>"
    "<SessionToken>%s</SessionToken><Expiration>%s</Expiration></Credentials></%s>"
    "<ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></%sResponse>",
    action, result, key, secret, token, expiration_text, result, action);
  fake_aws_reply (msg, 200, "text/xml", answer);
}

/* The container endpoint and IMDS's credentials. */

static void
reply_metadata_credentials (FakeCloud         *self,
                            SoupServerMessage *msg,
                            const char        *kind)
{
  g_autofree char *key = NULL, *secret = NULL, *token = NULL, *expiration_text = NULL, *answer = NULL;
  gint64 expiration;

  issue (self, kind, &key, &secret, &token, &expiration);
  expiration_text = iso8601 (expiration);
  answer = g_strdup_printf ("{\"Code\": \"Success\", \"Type\": \"AWS-HMAC\", \"AccessKeyId\": \"%s\", "
                            "\"SecretAccessKey\": \"%s\", \"Token\": \"%s\", \"Expiration\": \"%s\"}",
                            key, secret, token, expiration_text);
  fake_aws_reply (msg, 200, "application/json", answer);
}

static void
handle_container (FakeCloud         *self,
                  FakeAws           *fake,
                  SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  self->state.container_requests++;
  if (self->state.container_hangs)
    {
      fake_aws_hang (fake, msg);
      return;
    }
  if (g_strcmp0 (soup_message_headers_get_one (headers, "Authorization"), self->state.container_token) != 0)
    {
      fake_aws_reply (msg, 401, "application/json", "{\"message\": \"bad token\"}");
      return;
    }
  reply_metadata_credentials (self, msg, "ECS");
}

static void
handle_imds (FakeCloud         *self,
             SoupServerMessage *msg,
             const char        *path)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  const char *token = soup_message_headers_get_one (headers, "X-aws-ec2-metadata-token");
  const char *role = self->state.imds_role != NULL ? self->state.imds_role : "fake-instance-role";
  const char *prefix = "/latest/meta-data/iam/security-credentials/";

  if (g_str_equal (path, "/latest/api/token"))
    {
      self->state.imds_token_requests++;
      if (self->state.imds_v1_only)
        fake_aws_reply (msg, 404, "text/plain", "Not Found");
      else if (!g_str_equal (method, "PUT") ||
               soup_message_headers_get_one (headers, "X-aws-ec2-metadata-token-ttl-seconds") == NULL)
        fake_aws_reply (msg, 400, "text/plain", "Bad Request");
      else
        fake_aws_reply (msg, 200, "text/plain", "imds-session-token");
      return;
    }

  g_free (self->state.last_imds_token);
  self->state.last_imds_token = g_strdup (token);
  if (!self->state.imds_v1_only && g_strcmp0 (token, "imds-session-token") != 0)
    {
      fake_aws_reply (msg, 401, "text/plain", "Unauthorized");
      return;
    }

  if (g_str_equal (path, prefix))
    {
      if (self->state.imds_no_role)
        fake_aws_reply (msg, 404, "text/plain", "Not Found");
      else
        fake_aws_reply (msg, 200, "text/plain", role);
      return;
    }

  if (g_str_has_prefix (path, prefix) && g_str_equal (path + strlen (prefix), role))
    {
      self->state.imds_credentials_requests++;
      reply_metadata_credentials (self, msg, "EC2");
      return;
    }

  fake_aws_reply (msg, 404, "text/plain", "Not Found");
}

/* SSO. */

static void
handle_portal (FakeCloud         *self,
               SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(GHashTable) query = g_uri_parse_params (g_uri_get_query (uri) != NULL ? g_uri_get_query (uri) : "",
                                                    -1, "&", G_URI_PARAMS_NONE, NULL);
  g_autofree char *key = NULL, *secret = NULL, *token = NULL, *answer = NULL;
  gint64 expiration;

  self->state.sso_requests++;
  if (g_strcmp0 (soup_message_headers_get_one (headers, "x-amz-sso_bearer_token"), self->state.sso_token) != 0)
    {
      fake_aws_reply (msg, 401, "application/json", "{\"message\": \"Session token not found or invalid\"}");
      return;
    }
  if (query == NULL || g_strcmp0 (g_hash_table_lookup (query, "account_id"), "123456789012") != 0 ||
      g_strcmp0 (g_hash_table_lookup (query, "role_name"), "ReadOnly") != 0)
    {
      fake_aws_reply (msg, 403, "application/json", "{\"message\": \"No access\"}");
      return;
    }

  issue (self, "SSO", &key, &secret, &token, &expiration);
  answer = g_strdup_printf ("{\"roleCredentials\": {\"accessKeyId\": \"%s\", \"secretAccessKey\": \"%s\", "
                            "\"sessionToken\": \"%s\", \"expiration\": %" G_GINT64_FORMAT "}}",
                            key, secret, token, expiration / 1000);
  fake_aws_reply (msg, 200, "application/json", answer);
}

static void
handle_oidc (FakeCloud         *self,
             SoupServerMessage *msg,
             const char        *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *request;
  g_autofree char *answer = NULL;

  self->state.oidc_requests++;
  if (!json_parser_load_from_data (parser, body, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      fake_aws_reply (msg, 400, "application/json", "{\"error\": \"invalid_request\"}");
      return;
    }

  request = json_node_get_object (json_parser_get_root (parser));
  if (self->state.oidc_refresh_token == NULL ||
      g_strcmp0 (json_object_get_string_member_with_default (request, "grantType", NULL), "refresh_token") != 0 ||
      g_strcmp0 (json_object_get_string_member_with_default (request, "refreshToken", NULL),
                 self->state.oidc_refresh_token) != 0 ||
      g_strcmp0 (json_object_get_string_member_with_default (request, "clientId", NULL), "fake-client") != 0 ||
      g_strcmp0 (json_object_get_string_member_with_default (request, "clientSecret", NULL), "fake-client-secret") != 0)
    {
      fake_aws_reply (msg, 400, "application/json", "{\"error\": \"invalid_grant\"}");
      return;
    }

  answer = g_strdup_printf ("{\"accessToken\": \"%s\", \"expiresIn\": 28800, \"refreshToken\": \"refreshed-refresh\", "
                            "\"tokenType\": \"Bearer\"}", self->state.oidc_new_token);
  fake_aws_reply (msg, 200, "application/json", answer);
}

static void
handle (FakeAws           *fake,
        SoupServerMessage *msg,
        const char        *body,
        gpointer           data)
{
  FakeCloud *self = data;
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  const char *method = soup_server_message_get_method (msg);

  g_mutex_lock (&self->lock);
  if (g_str_equal (method, "POST") && g_str_equal (path, "/"))
    handle_sts (self, msg, body);
  else if (g_str_has_prefix (path, "/container/"))
    handle_container (self, fake, msg);
  else if (g_str_has_prefix (path, "/latest/"))
    handle_imds (self, msg, path);
  else if (g_str_equal (path, "/federation/credentials"))
    handle_portal (self, msg);
  else if (g_str_equal (method, "POST") && g_str_equal (path, "/token"))
    handle_oidc (self, msg, body);
  else
    fake_aws_reply (msg, 404, "text/plain", "no such fake endpoint");
  g_mutex_unlock (&self->lock);
}

FakeCloud *
fake_cloud_new (FakeDynamodb  *dynamodb,
                gint64       (*clock) (void))
{
  FakeCloud *self = g_new0 (FakeCloud, 1);

  g_mutex_init (&self->lock);
  self->dynamodb = dynamodb;
  self->clock = clock;
  self->secrets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->state.lifetime = G_TIME_SPAN_HOUR;
  self->state.signers = g_ptr_array_new_with_free_func (g_free);
  self->server = fake_aws_new (handle, self);

  return self;
}

void
fake_cloud_free (FakeCloud *self)
{
  fake_aws_free (self->server);
  g_ptr_array_unref (self->state.signers);
  g_clear_pointer (&self->state.last_params, g_hash_table_unref);
  g_free (self->state.last_authorization);
  g_free (self->state.last_imds_token);
  g_hash_table_unref (self->secrets);
  g_free (self->last_key_id);
  g_mutex_clear (&self->lock);
  g_free (self);
}

const char *
fake_cloud_get_url (FakeCloud *self)
{
  return fake_aws_get_url (self->server);
}

FakeCloudState *
fake_cloud_lock (FakeCloud *self)
{
  g_mutex_lock (&self->lock);
  return &self->state;
}

void
fake_cloud_unlock (FakeCloud *self)
{
  g_mutex_unlock (&self->lock);
}

void
fake_cloud_add_key (FakeCloud  *self,
                    const char *access_key_id,
                    const char *secret_access_key)
{
  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->secrets, g_strdup (access_key_id), g_strdup (secret_access_key));
  g_mutex_unlock (&self->lock);
}

char *
fake_cloud_dup_secret (FakeCloud  *self,
                       const char *access_key_id)
{
  char *secret;

  g_mutex_lock (&self->lock);
  secret = g_strdup (g_hash_table_lookup (self->secrets, access_key_id));
  g_mutex_unlock (&self->lock);
  return secret;
}

char *
fake_cloud_dup_last_key_id (FakeCloud *self)
{
  char *key_id;

  g_mutex_lock (&self->lock);
  key_id = g_strdup (self->last_key_id);
  g_mutex_unlock (&self->lock);
  return key_id;
}
