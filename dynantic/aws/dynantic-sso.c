/* dynantic-sso.c: IAM Identity Center (SSO) role credentials, as botocore's
 * SSOProvider and SSOTokenProvider get them
 *
 * `aws sso login` leaves the token in ~/.aws/sso/cache/SHA1.json, SHA1 the
 * hex SHA-1 of the sso_session name (or, in the legacy form without
 * sso_session, of the start URL):
 *
 *   {"startUrl": ..., "region": ..., "accessToken": ..., "expiresAt": "2030-01-01T00:00:00Z",
 *    "clientId": ..., "clientSecret": ..., "registrationExpiresAt": ..., "refreshToken": ...}
 *
 * With the sso_session form, a token that expires within 15 minutes is
 * refreshed through SSO OIDC's CreateToken (grant type refresh_token), if
 * the registration has not expired, and the file updated as the AWS CLI
 * does; a failed refresh is logged, and the token used while it lasts. The
 * token then buys the role's credentials from the portal's
 * GetRoleCredentials:
 *
 *   GET /federation/credentials?account_id=...&role_name=...
 *   x-amz-sso_bearer_token: TOKEN
 *   -> {"roleCredentials": {"accessKeyId", "secretAccessKey", "sessionToken", "expiration" (ms)}}
 *
 * A missing, unreadable or expired login, or one the portal refuses,
 * fails with the `aws sso login` command that renews it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic-aws-json-private.h"
#include "dynantic-credentials-private.h"
#include "dynantic-error.h"
#include "dynantic-i18n-private.h"
#include "dynantic-sso-private.h"

/* botocore's SSOTokenProvider._REFRESH_WINDOW */
#define TOKEN_REFRESH_WINDOW (15 * G_TIME_SPAN_MINUTE)
#define MAX_CACHE_FILE_SIZE (64 * 1024)

char *
dynantic_sso_cache_path (const char *session_name,
                         const char *start_url)
{
  const char *key = session_name != NULL ? session_name : start_url;
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA1, key, -1);
  g_autofree char *file_name = g_strconcat (hash, ".json", NULL);
  const char *home = g_getenv ("HOME");

  if (home == NULL || *home == '\0')
    home = g_get_home_dir ();
  return g_build_filename (home, ".aws", "sso", "cache", file_name, NULL);
}

typedef struct {
  DynanticHttp *http;
  char         *profile;
  char         *session_name;
  char         *start_url;
  char         *region;
  char         *account_id;
  char         *role_name;
  char         *portal_endpoint;
  char         *oidc_endpoint;
  char         *cache_path;
  JsonObject   *cached;         /* the cache file's object */
  char         *access_token;
  GDateTime    *expires_at;
} SsoLoad;

static void
wipe_free (char *text)
{
  if (text != NULL)
    explicit_bzero (text, strlen (text));
  g_free (text);
}

static void
sso_load_free (SsoLoad *load)
{
  g_clear_pointer (&load->http, dynantic_http_unref);
  g_free (load->profile);
  g_free (load->session_name);
  g_free (load->start_url);
  g_free (load->region);
  g_free (load->account_id);
  g_free (load->role_name);
  g_free (load->portal_endpoint);
  g_free (load->oidc_endpoint);
  g_free (load->cache_path);
  g_clear_pointer (&load->cached, json_object_unref);
  wipe_free (load->access_token);
  g_clear_pointer (&load->expires_at, g_date_time_unref);
  g_free (load);
}

/* The error that names the command to log in again. */
static GError *
login_error (SsoLoad    *load,
             const char *why)
{
  if (load->session_name != NULL)
    return g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                        /* Translators: the first %s says why; keep the command as it is */
                        _("%s for the sso_session of the profile “%s”: run “aws sso login --sso-session %s”"),
                        why, load->profile, load->session_name);

  return g_error_new (DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                      /* Translators: the first %s says why, the second and third are the name of an AWS
                       * profile; “sso_start_url” is a setting name; keep the command as it is */
                      _("%s for the sso_start_url of the profile “%s”: run “aws sso login --profile %s”"),
                      why, load->profile, load->profile);
}

static void
fail (GTask  *task,
      GError *error)
{
  SsoLoad *load = g_task_get_task_data (task);
  /* Translators: %s is the name of an AWS profile; “SSO” stays as it is */
  g_autofree char *what = g_strdup_printf (_("Could not get the SSO credentials of the profile “%s”"),
                                           load->profile);

  g_task_return_error (task, dynantic_credentials_error_wrap (error, what));
}

/* The AWS CLI v1 wrote "…UTC"; ISO 8601 says "Z". */
static GDateTime *
parse_cached_time (const char *text)
{
  g_autofree char *stem = NULL;
  g_autofree char *iso = NULL;

  if (text == NULL)
    return NULL;
  if (!g_str_has_suffix (text, "UTC"))
    return dynantic_credentials_parse_time (text);

  stem = g_strstrip (g_strndup (text, strlen (text) - 3));
  iso = g_strconcat (stem, "Z", NULL);
  return dynantic_credentials_parse_time (iso);
}

/* @configured, else https://@host_prefix.REGION.amazonaws.com */
static GUri *
endpoint_uri (const char *configured,
              const char *host_prefix,
              const char *region)
{
  g_autofree char *regional = NULL;

  if (configured == NULL)
    configured = regional = g_strconcat ("https://", host_prefix, ".", region,
                                         g_str_has_prefix (region, "cn-") ? ".amazonaws.com.cn" : ".amazonaws.com",
                                         NULL);
  return g_uri_parse (configured, G_URI_FLAGS_ENCODED, NULL);
}

/* GetRoleCredentials. */

static DynanticAttemptOutcome
portal_check (const DynanticHttpResponse  *response,
              gpointer                     user_data,
              GError                     **error)
{
  if (response->status >= 200 && response->status < 300)
    return DYNANTIC_ATTEMPT_SUCCEEDED;

  if (response->status == 401 || response->status == 403)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "HTTP %u", response->status);
      return DYNANTIC_ATTEMPT_FAILED;
    }

  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
               /* Translators: %u is an HTTP status code such as 403 */
               _("the SSO portal answered HTTP %u"), response->status);
  return dynantic_attempt_classify (response->status, NULL, NULL);
}

static DynanticCredentials *
role_credentials (const char  *data,
                  gsize        size,
                  GError     **error)
{
  g_autoptr(JsonObject) object = dynantic_aws_json_parse_object (data, size);
  g_autoptr(GDateTime) expiration = NULL;
  JsonNode *node = object != NULL ? json_object_get_member (object, "roleCredentials") : NULL;
  JsonObject *credentials;
  const char *access_key_id, *secret_access_key;
  gint64 expiration_ms = 0;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                   _("the SSO portal answered without “roleCredentials”"));
      return NULL;
    }

  credentials = json_node_get_object (node);
  access_key_id = dynantic_aws_json_get_string (credentials, "accessKeyId");
  secret_access_key = dynantic_aws_json_get_string (credentials, "secretAccessKey");
  if (access_key_id == NULL || *access_key_id == '\0' || secret_access_key == NULL || *secret_access_key == '\0' ||
      !dynantic_aws_json_get_int (credentials, "expiration", &expiration_ms) ||
      (expiration = g_date_time_new_from_unix_utc (expiration_ms / 1000)) == NULL)
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                   _("the SSO portal’s “roleCredentials” lack a key, a secret or an expiration"));
      return NULL;
    }

  return dynantic_credentials_new_with_expiration (access_key_id, secret_access_key,
                                                   dynantic_aws_json_get_string (credentials, "sessionToken"),
                                                   expiration);
}

static void
portal_answered (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SsoLoad *load = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  DynanticCredentials *credentials;
  gsize size = 0;
  const char *data;

  body = dynantic_http_send_finish (NULL, result, &error);
  if (body == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    {
      g_clear_error (&error);
      g_task_return_error (task, login_error (load, _("The SSO portal refused the cached login")));
      return;
    }
  if (body == NULL)
    {
      fail (task, error);
      return;
    }

  data = g_bytes_get_data (body, &size);
  credentials = role_credentials (data, size, &error);
  explicit_bzero ((char *) data, size);
  if (credentials == NULL)
    fail (task, error);
  else
    g_task_return_pointer (task, credentials, (GDestroyNotify) dynantic_credentials_unref);
}

static void
get_role_credentials (GTask *task)
{
  SsoLoad *load = g_task_get_task_data (task);
  g_autoptr(GUri) base = endpoint_uri (load->portal_endpoint, "portal.sso", load->region);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(DynanticHttpRequest) request = NULL;
  g_autofree char *account = NULL;
  g_autofree char *role = NULL;
  g_autofree char *query = NULL;
  const char *base_path;
  g_autofree char *path = NULL;

  if (base == NULL || !dynantic_credentials_uri_is_safe (base))
    {
      g_task_return_new_error (task, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                               _("The SSO endpoint configured (AWS_ENDPOINT_URL_SSO, the services section) "
                                 "is not an https URL, nor http to this machine"));
      return;
    }

  account = g_uri_escape_string (load->account_id, NULL, FALSE);
  role = g_uri_escape_string (load->role_name, NULL, FALSE);
  query = g_strdup_printf ("account_id=%s&role_name=%s", account, role);
  base_path = g_uri_get_path (base);
  path = g_strconcat (g_str_has_suffix (base_path, "/") ? "" : base_path, "/federation/credentials", NULL);
  uri = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (base), NULL, g_uri_get_host (base),
                     g_uri_get_port (base), path, query, NULL);

  request = dynantic_http_request_new ("GET", uri, "SSO", "GetRoleCredentials");
  dynantic_http_request_add_header (request, "x-amz-sso_bearer_token", load->access_token);
  dynantic_http_request_set_check (request, portal_check, NULL);
  g_debug ("credentials: asking the SSO portal for the role of the profile “%s”", load->profile);
  dynantic_http_send_async (load->http, request, g_task_get_cancellable (task), portal_answered,
                            g_object_ref (task));
}

/* The token, refreshed when it can be. */

static gboolean
token_usable (SsoLoad *load)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_compare (load->expires_at, now) > 0;
}

/* After the refresh (whatever its outcome): the token if it lasts. */
static void
use_token (GTask *task)
{
  SsoLoad *load = g_task_get_task_data (task);

  if (!token_usable (load))
    g_task_return_error (task, login_error (load, _("The cached SSO login has expired")));
  else
    get_role_credentials (task);
}

static void
cache_written (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    g_debug ("credentials: could not update the SSO token cache: %s", error->message);
  use_token (task);
}

static char *
format_time (GDateTime *time)
{
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

/* The cache file with the new token, as the AWS CLI writes it. */
static void
write_cache (GTask *task)
{
  SsoLoad *load = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), load->cached);
  g_autoptr(GFile) file = g_file_new_for_path (load->cache_path);
  g_autoptr(GBytes) bytes = NULL;
  gsize length = 0;
  char *text = json_to_string (root, TRUE);

  length = strlen (text);
  bytes = g_bytes_new_with_free_func (text, length, (GDestroyNotify) wipe_free, text);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                       g_task_get_cancellable (task), cache_written, g_object_ref (task));
}

static DynanticAttemptOutcome
oidc_check (const DynanticHttpResponse  *response,
            gpointer                     user_data,
            GError                     **error)
{
  if (response->status >= 200 && response->status < 300)
    return DYNANTIC_ATTEMPT_SUCCEEDED;

  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
               /* Translators: %u is an HTTP status code such as 400; “SSO OIDC CreateToken” is an API name,
                * keep it as it is */
               _("SSO OIDC CreateToken answered HTTP %u"), response->status);
  return dynantic_attempt_classify (response->status, NULL, NULL);
}

/* Takes CreateToken's answer into the cached object. */
static gboolean
take_new_token (SsoLoad    *load,
                const char *data,
                gsize       size)
{
  g_autoptr(JsonObject) answer = dynantic_aws_json_parse_object (data, size);
  g_autofree char *expires_text = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const char *access_token, *refresh_token;
  gint64 expires_in = 0;

  if (answer == NULL ||
      (access_token = dynantic_aws_json_get_string (answer, "accessToken")) == NULL || *access_token == '\0' ||
      !dynantic_aws_json_get_int (answer, "expiresIn", &expires_in) || expires_in <= 0 ||
      expires_in > G_MAXINT32)
    return FALSE;

  wipe_free (load->access_token);
  load->access_token = g_strdup (access_token);
  g_clear_pointer (&load->expires_at, g_date_time_unref);
  load->expires_at = g_date_time_add_seconds (now, (double) expires_in);
  expires_text = format_time (load->expires_at);

  json_object_set_string_member (load->cached, "accessToken", access_token);
  json_object_set_string_member (load->cached, "expiresAt", expires_text);
  refresh_token = dynantic_aws_json_get_string (answer, "refreshToken");
  if (refresh_token != NULL)
    json_object_set_string_member (load->cached, "refreshToken", refresh_token);
  return TRUE;
}

static void
token_refreshed (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SsoLoad *load = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  gboolean taken = FALSE;
  gsize size = 0;
  const char *data;

  body = dynantic_http_send_finish (NULL, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (body != NULL)
    {
      data = g_bytes_get_data (body, &size);
      taken = take_new_token (load, data, size);
      explicit_bzero ((char *) data, size);
    }

  if (taken)
    {
      g_debug ("credentials: refreshed the SSO token of the sso_session “%s”", load->session_name);
      write_cache (task);
      return;
    }

  if (token_usable (load))
    g_message ("Refreshing the SSO token of the sso_session “%s” failed; using the cached one until it "
               "expires: %s", load->session_name, error != NULL ? error->message : _("no token in the answer"));
  use_token (task);
}

/* Whether the cached token can and should be refreshed (botocore's
 * SSOTokenProvider): the sso_session form, a refresh token and a client
 * registration that has not expired, and less than 15 minutes left. */
static gboolean
token_refreshable (SsoLoad *load)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) registration_expires = NULL;
  static const char * const needed[] = { "refreshToken", "clientId", "clientSecret" };

  if (load->session_name == NULL || g_date_time_difference (load->expires_at, now) >= TOKEN_REFRESH_WINDOW)
    return FALSE;

  for (gsize i = 0; i < G_N_ELEMENTS (needed); i++)
    if (dynantic_aws_json_get_string (load->cached, needed[i]) == NULL)
      {
        g_debug ("credentials: the cached SSO token cannot be refreshed: it has no %s", needed[i]);
        return FALSE;
      }

  registration_expires = parse_cached_time (dynantic_aws_json_get_string (load->cached, "registrationExpiresAt"));
  if (registration_expires == NULL || g_date_time_compare (registration_expires, now) <= 0)
    {
      g_debug ("credentials: the cached SSO token cannot be refreshed: its client registration has expired");
      return FALSE;
    }

  return TRUE;
}

static void
refresh_token (GTask *task)
{
  SsoLoad *load = g_task_get_task_data (task);
  g_autoptr(GUri) base = endpoint_uri (load->oidc_endpoint, "oidc", load->region);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(DynanticHttpRequest) request = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *path = NULL;
  char *text;

  if (base == NULL || !dynantic_credentials_uri_is_safe (base))
    {
      g_task_return_new_error (task, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                               _("The SSO OIDC endpoint configured (AWS_ENDPOINT_URL_SSO_OIDC, the services "
                                 "section) is not an https URL, nor http to this machine"));
      return;
    }
  path = g_strconcat (g_str_has_suffix (g_uri_get_path (base), "/") ? "" : g_uri_get_path (base), "/token", NULL);
  uri = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (base), NULL, g_uri_get_host (base),
                     g_uri_get_port (base), path, NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "clientId");
  json_builder_add_string_value (builder, dynantic_aws_json_get_string (load->cached, "clientId"));
  json_builder_set_member_name (builder, "clientSecret");
  json_builder_add_string_value (builder, dynantic_aws_json_get_string (load->cached, "clientSecret"));
  json_builder_set_member_name (builder, "grantType");
  json_builder_add_string_value (builder, "refresh_token");
  json_builder_set_member_name (builder, "refreshToken");
  json_builder_add_string_value (builder, dynantic_aws_json_get_string (load->cached, "refreshToken"));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  body = g_bytes_new_with_free_func (text, strlen (text), (GDestroyNotify) wipe_free, text);

  request = dynantic_http_request_new ("POST", uri, "SSO OIDC", "CreateToken");
  dynantic_http_request_set_body (request, "application/json", body);
  dynantic_http_request_set_check (request, oidc_check, NULL);
  g_debug ("credentials: refreshing the SSO token of the sso_session “%s”", load->session_name);
  dynantic_http_send_async (load->http, request, g_task_get_cancellable (task), token_refreshed,
                            g_object_ref (task));
}

/* The parser's objects are immutable; a refreshed token is written into a
 * copy. Takes @object. */
static JsonObject *
mutable_copy (JsonObject *object)
{
  JsonObject *copy;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (object == NULL)
    return NULL;

  copy = json_object_new ();
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    json_object_set_member (copy, name, json_node_copy (node));
  json_object_unref (object);

  return copy;
}

static void
cache_read (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SsoLoad *load = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  const char *access_token;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, login_error (load, _("There is no cached SSO login")));
      return;
    }

  if (length <= MAX_CACHE_FILE_SIZE)
    load->cached = mutable_copy (dynantic_aws_json_parse_object (contents, length));
  explicit_bzero (contents, length);
  g_free (contents);

  access_token = load->cached != NULL ? dynantic_aws_json_get_string (load->cached, "accessToken") : NULL;
  load->expires_at = load->cached != NULL
                   ? parse_cached_time (dynantic_aws_json_get_string (load->cached, "expiresAt")) : NULL;
  if (access_token == NULL || *access_token == '\0' || load->expires_at == NULL)
    {
      g_task_return_error (task, login_error (load, _("The cached SSO login is not readable")));
      return;
    }
  load->access_token = g_strdup (access_token);

  if (token_refreshable (load))
    refresh_token (task);
  else
    use_token (task);
}

void
dynantic_sso_load_async (DynanticHttp            *http,
                         const DynanticSsoConfig *config,
                         GCancellable            *cancellable,
                         GAsyncReadyCallback      callback,
                         gpointer                 user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GFile) file = NULL;
  SsoLoad *load = g_new0 (SsoLoad, 1);

  load->http = dynantic_http_ref (http);
  load->profile = g_strdup (config->profile);
  load->session_name = g_strdup (config->session_name);
  load->start_url = g_strdup (config->start_url);
  load->region = g_strdup (config->region);
  load->account_id = g_strdup (config->account_id);
  load->role_name = g_strdup (config->role_name);
  load->portal_endpoint = g_strdup (config->portal_endpoint);
  load->oidc_endpoint = g_strdup (config->oidc_endpoint);
  load->cache_path = dynantic_sso_cache_path (config->session_name, config->start_url);
  g_task_set_source_tag (task, dynantic_sso_load_async);
  g_task_set_task_data (task, load, (GDestroyNotify) sso_load_free);

  file = g_file_new_for_path (load->cache_path);
  g_file_load_contents_async (file, cancellable, cache_read, g_object_ref (task));
}

DynanticCredentials *
dynantic_sso_load_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dynantic_sso_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
