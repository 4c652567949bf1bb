/* dynantic-sts.c: AWS STS's AssumeRole and AssumeRoleWithWebIdentity
 *
 * STS speaks the AWS query protocol: a form POST, answered in XML:
 *
 *   <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
 *     <AssumeRoleResult>
 *       <Credentials>
 *         <AccessKeyId>…</AccessKeyId><SecretAccessKey>…</SecretAccessKey>
 *         <SessionToken>…</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration>
 *       </Credentials> …
 *
 *   <ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>
 *     <Message>…</Message></Error><RequestId>…</RequestId></ErrorResponse>
 *
 * read with GMarkup (a state machine: deep nesting cannot exhaust the
 * stack). Secrets read are wiped when dropped. STS's error messages name
 * accounts and roles: errors give only its error code.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic-credentials-private.h"
#include "dynantic-error.h"
#include "dynantic-i18n-private.h"
#include "dynantic-sts-private.h"

#define STS_VERSION "2011-06-15"
#define FORM_CONTENT_TYPE "application/x-www-form-urlencoded; charset=utf-8"

struct _DynanticSts
{
  DynanticHttp *http;
  GUri         *uri;
  char         *signing_region;
};

/* @endpoint as a URI whose path is at least "/". */
static GUri *
endpoint_uri (const char *endpoint)
{
  g_autoptr(GUri) uri = g_uri_parse (endpoint, G_URI_FLAGS_ENCODED, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return NULL;
  if (*g_uri_get_path (uri) != '\0')
    return g_steal_pointer (&uri);

  return g_uri_build (g_uri_get_flags (uri), g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                      g_uri_get_port (uri), "/", g_uri_get_query (uri), NULL);
}

DynanticSts *
dynantic_sts_new (DynanticHttp  *http,
                  const char    *region,
                  const char    *endpoint,
                  const char    *setting,
                  GError       **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *regional = NULL;
  DynanticSts *self;

  if (endpoint == NULL)
    {
      if (region == NULL)
        regional = g_strdup ("https://sts.amazonaws.com");
      else if (g_str_has_prefix (region, "cn-"))
        regional = g_strdup_printf ("https://sts.%s.amazonaws.com.cn", region);
      else
        regional = g_strdup_printf ("https://sts.%s.amazonaws.com", region);
      endpoint = regional;
      setting = "region";
    }

  uri = endpoint_uri (endpoint);
  if (uri == NULL || !dynantic_credentials_uri_is_safe (uri))
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                   /* Translators: %s is the setting the endpoint came from: the environment variable
                    * AWS_ENDPOINT_URL_STS, or “region”; “STS” stays as it is */
                   _("The STS endpoint in %s is not an https URL, nor http to this machine"), setting);
      return NULL;
    }

  self = g_new0 (DynanticSts, 1);
  self->http = dynantic_http_ref (http);
  self->uri = g_steal_pointer (&uri);
  self->signing_region = g_strdup (region != NULL ? region : "us-east-1");
  return self;
}

void
dynantic_sts_free (DynanticSts *self)
{
  if (self == NULL)
    return;

  dynantic_http_unref (self->http);
  g_uri_unref (self->uri);
  g_free (self->signing_region);
  g_free (self);
}

/* The answer. */

typedef struct {
  GPtrArray *elements;   /* the open elements' names */
  GString   *text;       /* of the innermost one */
  char      *access_key_id;
  char      *secret_access_key;
  char      *session_token;
  char      *expiration;
  char      *error_code;
} StsAnswer;

static void
wipe_free (char *text)
{
  if (text != NULL)
    explicit_bzero (text, strlen (text));
  g_free (text);
}

static void
answer_start (GMarkupParseContext  *context,
              const char           *name,
              const char          **attribute_names,
              const char          **attribute_values,
              gpointer              user_data,
              GError              **error)
{
  StsAnswer *answer = user_data;

  g_ptr_array_add (answer->elements, g_strdup (name));
  explicit_bzero (answer->text->str, answer->text->len);
  g_string_truncate (answer->text, 0);
}

static void
answer_text (GMarkupParseContext  *context,
             const char           *text,
             gsize                 length,
             gpointer              user_data,
             GError              **error)
{
  g_string_append_len (((StsAnswer *) user_data)->text, text, length);
}

static void
keep (char       **field,
      GString     *text)
{
  wipe_free (*field);
  *field = g_strdup (text->str);
}

static void
answer_end (GMarkupParseContext  *context,
            const char           *name,
            gpointer              user_data,
            GError              **error)
{
  StsAnswer *answer = user_data;
  guint depth = answer->elements->len;
  const char *parent = depth >= 2 ? answer->elements->pdata[depth - 2] : "";

  if (g_str_equal (parent, "Credentials"))
    {
      if (g_str_equal (name, "AccessKeyId"))
        keep (&answer->access_key_id, answer->text);
      else if (g_str_equal (name, "SecretAccessKey"))
        keep (&answer->secret_access_key, answer->text);
      else if (g_str_equal (name, "SessionToken"))
        keep (&answer->session_token, answer->text);
      else if (g_str_equal (name, "Expiration"))
        keep (&answer->expiration, answer->text);
    }
  else if (g_str_equal (parent, "Error") && g_str_equal (name, "Code"))
    {
      keep (&answer->error_code, answer->text);
    }

  explicit_bzero (answer->text->str, answer->text->len);
  g_string_truncate (answer->text, 0);
  g_ptr_array_set_size (answer->elements, depth - 1);
}

static const GMarkupParser answer_parser = {
  answer_start, answer_end, answer_text, NULL, NULL
};

DynanticCredentials *
dynantic_sts_parse_response (const char  *data,
                             gsize        size,
                             char       **error_code)
{
  StsAnswer answer = { g_ptr_array_new_with_free_func (g_free), g_string_new (NULL) };
  g_autoptr(GMarkupParseContext) context =
    g_markup_parse_context_new (&answer_parser, G_MARKUP_TREAT_CDATA_AS_TEXT, &answer, NULL);
  g_autoptr(GDateTime) expiration = NULL;
  DynanticCredentials *credentials = NULL;
  gboolean parsed;

  parsed = size <= G_MAXSSIZE &&
           g_markup_parse_context_parse (context, data, (gssize) size, NULL) &&
           g_markup_parse_context_end_parse (context, NULL);

  if (parsed && answer.access_key_id != NULL && *answer.access_key_id != '\0' &&
      answer.secret_access_key != NULL && *answer.secret_access_key != '\0' &&
      (expiration = dynantic_credentials_parse_time (answer.expiration)) != NULL)
    credentials = dynantic_credentials_new_with_expiration (answer.access_key_id, answer.secret_access_key,
                                                            answer.session_token, expiration);

  if (error_code != NULL)
    *error_code = parsed ? g_strdup (answer.error_code) : NULL;

  g_ptr_array_unref (answer.elements);
  explicit_bzero (answer.text->str, answer.text->len);
  g_string_free (answer.text, TRUE);
  wipe_free (answer.access_key_id);
  wipe_free (answer.secret_access_key);
  wipe_free (answer.session_token);
  g_free (answer.expiration);
  g_free (answer.error_code);

  return credentials;
}

/* STS's verdict on an attempt: throttling and server errors are retried,
 * and IDPCommunicationError (the identity provider did not answer STS),
 * as the AWS SDKs retry it. */
static DynanticAttemptOutcome
sts_check (const DynanticHttpResponse  *response,
           gpointer                     user_data,
           GError                     **error)
{
  const char *operation = user_data;
  g_autofree char *code = NULL;
  g_autoptr(DynanticCredentials) ignored = NULL;
  DynanticAttemptOutcome outcome;
  gsize size = 0;
  const char *data = g_bytes_get_data (response->body, &size);

  if (response->status >= 200 && response->status < 300)
    return DYNANTIC_ATTEMPT_SUCCEEDED;

  ignored = dynantic_sts_parse_response (data, size, &code);
  outcome = dynantic_attempt_classify (response->status, code, NULL);
  if (outcome == DYNANTIC_ATTEMPT_FAILED && g_strcmp0 (code, "IDPCommunicationError") == 0)
    outcome = DYNANTIC_ATTEMPT_TRANSIENT;

  if (code != NULL)
    g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                 /* Translators: STS %s answered HTTP %u %s (an error code such as AccessDenied) */
                 _("STS %s answered HTTP %u %s"), operation, response->status, code);
  else
    g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                 /* Translators: %s is an STS API name (AssumeRole or AssumeRoleWithWebIdentity), %u an HTTP
                  * status code such as 403 */
                 _("STS %s answered HTTP %u"), operation, response->status);
  return outcome;
}

static void
sts_sent (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  DynanticCredentials *credentials;
  gsize size = 0;
  const char *data;

  body = dynantic_http_send_finish (NULL, result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  data = g_bytes_get_data (body, &size);
  credentials = dynantic_sts_parse_response (data, size, NULL);
  explicit_bzero ((char *) data, size);
  if (credentials == NULL)
    g_task_return_new_error (task, DYNANTIC_ERROR, DYNANTIC_ERROR_CREDENTIALS,
                             /* Translators: %s is an STS API name (AssumeRole or AssumeRoleWithWebIdentity) */
                             _("STS %s answered without credentials"),
                             (const char *) g_task_get_task_data (task));
  else
    g_task_return_pointer (task, credentials, (GDestroyNotify) dynantic_credentials_unref);
}

static void
form_add (GString    *form,
          const char *name,
          const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL)
    return;
  escaped = g_uri_escape_string (value, NULL, FALSE);
  g_string_append_printf (form, "&%s=%s", name, escaped);
}

/* The form of @operation for @role. */
static GString *
role_form (const char            *operation,
           const DynanticStsRole *role)
{
  GString *form = g_string_new (NULL);
  g_autofree char *session_name = NULL;

  if (role->role_session_name == NULL)
    session_name = g_strdup_printf ("dynantic-session-%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);

  g_string_append_printf (form, "Action=%s&Version=" STS_VERSION, operation);
  form_add (form, "RoleArn", role->role_arn);
  form_add (form, "RoleSessionName", role->role_session_name != NULL ? role->role_session_name : session_name);
  if (role->duration_seconds > 0)
    g_string_append_printf (form, "&DurationSeconds=%u", role->duration_seconds);
  form_add (form, "ExternalId", role->external_id);
  form_add (form, "SerialNumber", role->serial_number);
  form_add (form, "TokenCode", role->token_code);

  return form;
}

static void
sts_send (DynanticSts         *self,
          const char          *operation,
          GString             *form,
          DynanticCredentials *source,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(DynanticHttpRequest) request = dynantic_http_request_new ("POST", self->uri, "STS", operation);
  gsize length = form->len;
  char *data = g_string_free (form, FALSE);
  /* the form may hold a web identity token or an MFA code */
  g_autoptr(GBytes) body = g_bytes_new_with_free_func (data, length, (GDestroyNotify) wipe_free, data);

  g_task_set_source_tag (task, dynantic_sts_finish);
  g_task_set_task_data (task, (gpointer) operation, NULL);
  dynantic_http_request_set_body (request, FORM_CONTENT_TYPE, body);
  dynantic_http_request_set_check (request, sts_check, (gpointer) operation);
  if (source != NULL)
    {
      g_autoptr(DynanticCredentialsProvider) provider = dynantic_credentials_provider_new_static (source);
      g_autoptr(DynanticHttpAuth) auth = dynantic_http_auth_new (provider, self->signing_region, "sts");

      dynantic_http_request_set_auth (request, auth);
    }

  dynantic_http_send_async (self->http, request, cancellable, sts_sent, task);
}

void
dynantic_sts_assume_role_async (DynanticSts           *self,
                                DynanticCredentials   *source,
                                const DynanticStsRole *role,
                                GCancellable          *cancellable,
                                GAsyncReadyCallback    callback,
                                gpointer               user_data)
{
  sts_send (self, "AssumeRole", role_form ("AssumeRole", role), source, cancellable, callback, user_data);
}

void
dynantic_sts_assume_role_with_web_identity_async (DynanticSts           *self,
                                                  const DynanticStsRole *role,
                                                  const char            *token,
                                                  GCancellable          *cancellable,
                                                  GAsyncReadyCallback    callback,
                                                  gpointer               user_data)
{
  GString *form = role_form ("AssumeRoleWithWebIdentity", role);

  form_add (form, "WebIdentityToken", token);
  sts_send (self, "AssumeRoleWithWebIdentity", form, NULL, cancellable, callback, user_data);
}

DynanticCredentials *
dynantic_sts_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dynantic_sts_finish, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
