/* dynantic-request.c: the one request path every DynamoDB operation takes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "aws/dynantic-http-private.h"
#include "dynantic-client-private.h"
#include "dynantic-error-private.h"
#include "dynantic-i18n-private.h"
#include "dynantic-request-private.h"

#define TARGET_PREFIX "DynamoDB_20120810."
#define CONTENT_TYPE "application/x-amz-json-1.0"
#define SERVICE_NAME "DynamoDB"

struct _DynanticRequest
{
  DynanticClient            *client;
  const DynanticRequestKind *kind;
  const char                *operation;  /* the kind's, or a JSON call's */
  gpointer                   state;
  GDestroyNotify             state_free;
  GBytes                     *body;       /* the next request's document */
  gint64                     deadline;    /* given; G_MAXINT64: none */
  DynanticRequestNext        next;        /* what the last response's finish asked for */
};

/* Member names ------------------------------------------------------------- */

/* A copy of the member name the reader is at, which stays valid while its
 * value is read: in @buffer when it fits, else allocated in @heap. */
static const char *
copy_member_name (DynanticJsonReader  *reader,
                  char                *buffer,
                  gsize                size,
                  char               **heap)
{
  gsize length = 0;
  const char *text = dynantic_json_reader_get_text (reader, &length);

  if (length < size)
    {
      memcpy (buffer, text, length);
      buffer[length] = '\0';
      return buffer;
    }
  *heap = g_strndup (text, length);
  return *heap;
}

#define MEMBER_NAME_BUFFER 64

/* The DynamoDB JSON protocol ------------------------------------------------ */

/* The service's error name (the part of `__type` after '#') and message,
 * as read; see sanitize_message(). */
typedef struct {
  char *service_code;
  char *service_message;
} ErrorBody;

static void
error_body_clear (ErrorBody *body)
{
  g_clear_pointer (&body->service_code, g_free);
  g_clear_pointer (&body->service_message, g_free);
}

/* Skips the rest of the object or array whose first token was read. */
static gboolean
skip_rest_of_container (DynanticJsonReader *reader)
{
  guint open = 1;

  while (open > 0)
    switch (dynantic_json_reader_next (reader))
      {
      case DYNANTIC_JSON_BEGIN_OBJECT:
      case DYNANTIC_JSON_BEGIN_ARRAY:
        open++;
        break;
      case DYNANTIC_JSON_END_OBJECT:
      case DYNANTIC_JSON_END_ARRAY:
        open--;
        break;
      case DYNANTIC_JSON_ERROR:
      case DYNANTIC_JSON_END:
        return FALSE;
      default:
        break;
      }
  return TRUE;
}

/* A string member's value into @value; a value of another kind is skipped
 * (the other side chose the kinds: no error). */
static gboolean
read_string_member (DynanticJsonReader  *reader,
                    char               **value)
{
  switch (dynantic_json_reader_next (reader))
    {
    case DYNANTIC_JSON_STRING:
      g_free (*value);
      *value = g_strdup (dynantic_json_reader_get_string (reader, NULL));
      return TRUE;
    case DYNANTIC_JSON_BEGIN_OBJECT:
    case DYNANTIC_JSON_BEGIN_ARRAY:
      return skip_rest_of_container (reader);
    case DYNANTIC_JSON_ERROR:
      return FALSE;
    default:
      return TRUE;
    }
}

static gboolean
is_error_name_or_message (const char *name)
{
  return strcmp (name, "__type") == 0 || strcmp (name, "message") == 0 || strcmp (name, "Message") == 0;
}

/* Whether @data is one well-formed JSON object and nothing else. */
static gboolean
is_json_object (const char *data,
                gsize       size)
{
  DynanticJsonReader reader;
  gboolean ok;

  if (size == 0 || data[strspn (data, " \t\r\n")] != '{')
    return FALSE;
  dynantic_json_reader_init (&reader, data, size);
  ok = dynantic_json_reader_skip_value (&reader) &&
       dynantic_json_reader_next (&reader) == DYNANTIC_JSON_END;
  dynantic_json_reader_clear (&reader);
  return ok;
}

/* Reads an error body's name and message into @body (@error NULL), or
 * hands its other members to @self's kind, which reads them into @error or
 * its state (@error given). The body is a well-formed object. */
static gboolean
read_error_members (DynanticRequest *self,
                    const char      *data,
                    gsize            size,
                    ErrorBody       *body,
                    GError          *error)
{
  DynanticJsonReader reader;
  gboolean ok = TRUE;

  dynantic_json_reader_init (&reader, data, size);
  dynantic_json_reader_next (&reader);  /* the object's {, checked by is_json_object() */
  while (ok && dynantic_json_reader_next (&reader) == DYNANTIC_JSON_MEMBER)
    {
      char buffer[MEMBER_NAME_BUFFER];
      g_autofree char *heap = NULL;
      const char *name = copy_member_name (&reader, buffer, sizeof buffer, &heap);
      DynanticRequestMember read = DYNANTIC_REQUEST_MEMBER_SKIP;

      if (error == NULL && strcmp (name, "__type") == 0)
        ok = read_string_member (&reader, &body->service_code);
      else if (error == NULL && strcmp (name, "message") == 0)
        ok = read_string_member (&reader, &body->service_message);
      else if (error == NULL && strcmp (name, "Message") == 0 && body->service_message == NULL)
        ok = read_string_member (&reader, &body->service_message);
      else
        {
          if (error != NULL && !is_error_name_or_message (name))
            read = self->kind->read_error_member (self->state, name, &reader, error);
          if (read == DYNANTIC_REQUEST_MEMBER_SKIP)
            ok = dynantic_json_reader_skip_value (&reader);
          else
            ok = read == DYNANTIC_REQUEST_MEMBER_READ;
        }
    }
  dynantic_json_reader_clear (&reader);
  return ok;
}

/* Service messages ----------------------------------------------------------
 *
 * The policy: an error keeps the service's error name whole (it is a name,
 * checked to be one) and its message only sanitized, because the message
 * is the other side's text and ends up in logs and dialogs:
 *
 * - control characters go, terminal escape sequences (ESC [ ... and the
 *   other ESC forms, C1 controls) with them; line breaks and tabs become
 *   spaces, runs of spaces one;
 * - what may be a value goes: DynamoDB quotes what it echoes from a
 *   request ("... numeric value: 12abc", quoted tokens), so quoted text
 *   becomes "…", and so does whatever follows "value:" or "values:" up to
 *   the end of its clause. Dynantic sends every value as an expression
 *   placeholder, so names and placeholders are what such text usually
 *   holds; losing them costs less than showing a value;
 * - at most MAX_SERVICE_MESSAGE bytes are kept, cut between characters,
 *   "…" marking the cut.
 */
#define MAX_SERVICE_MESSAGE 256
#define ELLIPSIS "\u2026"

/* The length of the escape sequence at @text (which starts with ESC or
 * the C1 CSI), to skip whole. */
static gsize
escape_length (const char *text)
{
  const guchar *c = (const guchar *) text;
  gsize i;

  if (c[0] == 0xc2 && c[1] == 0x9b)        /* C1 CSI */
    i = 2;
  else if (c[1] == '[')                     /* ESC [ */
    i = 2;
  else if (c[1] == ']')                     /* ESC ]: up to BEL or ESC \ */
    {
      for (i = 2; c[i] != '\0' && c[i] != 0x07 && !(c[i] == 0x1b && c[i + 1] == '\\'); i++)
        ;
      return c[i] == '\0' ? i : c[i] == 0x07 ? i + 1 : i + 2;
    }
  else
    return c[1] != '\0' ? 2 : 1;           /* ESC and one character */

  /* CSI: parameters and intermediates, then one final byte */
  while (c[i] != '\0' && (c[i] < 0x40 || c[i] > 0x7e))
    i++;
  return c[i] != '\0' ? i + 1 : i;
}

/* @message without controls and escapes, spaces collapsed. */
static GString *
strip_controls (const char *message)
{
  GString *out = g_string_sized_new (MIN (strlen (message), 4 * MAX_SERVICE_MESSAGE) + 1);
  const char *p = message;

  while (*p != '\0' && out->len < 4 * MAX_SERVICE_MESSAGE)
    {
      guchar c = (guchar) *p;
      gboolean space = FALSE;

      if (c == 0x1b || (c == 0xc2 && (guchar) p[1] == 0x9b))
        {
          p += escape_length (p);
          continue;
        }
      if (c < 0x20 || c == 0x7f)
        space = TRUE;
      else if (c == 0xc2 && (guchar) p[1] >= 0x80 && (guchar) p[1] <= 0x9f)   /* C1 */
        {
          p += 2;
          space = TRUE;
        }
      if (space || c == ' ')
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
          if (c != 0xc2)
            p++;
          continue;
        }
      g_string_append_c (out, *p++);
    }
  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  return out;
}

/* Whether @text at @p starts "value:" or "values:" (any case). */
static gsize
value_label_length (const char *p)
{
  if (g_ascii_strncasecmp (p, "values:", 7) == 0)
    return 7;
  if (g_ascii_strncasecmp (p, "value:", 6) == 0)
    return 6;
  return 0;
}

/* @text with what may be values replaced by "…". */
static GString *
redact_values (const char *text)
{
  GString *out = g_string_sized_new (strlen (text) + 1);
  const char *p = text;

  while (*p != '\0')
    {
      gsize label = value_label_length (p);

      if (*p == '"' || *p == '\'')
        {
          const char *end = strchr (p + 1, *p);

          g_string_append_c (out, *p);
          g_string_append (out, ELLIPSIS);
          if (end == NULL)
            break;
          g_string_append_c (out, *p);
          p = end + 1;
        }
      else if (label > 0)
        {
          g_string_append_len (out, p, label);
          g_string_append (out, " " ELLIPSIS);
          p += label;
          p += strcspn (p, ";,");
        }
      else
        g_string_append_c (out, *p++);
    }
  return out;
}

/* The service's message as an error keeps it, or NULL for none left. */
static char *
sanitize_message (const char *message)
{
  g_autoptr(GString) stripped = NULL;
  g_autoptr(GString) redacted = NULL;
  gsize cut = MAX_SERVICE_MESSAGE - strlen (ELLIPSIS);

  if (message == NULL)
    return NULL;
  stripped = strip_controls (message);
  redacted = redact_values (stripped->str);
  if (redacted->len == 0)
    return NULL;
  if (redacted->len <= MAX_SERVICE_MESSAGE)
    return g_string_free (g_steal_pointer (&redacted), FALSE);

  /* cut between characters: not before a continuation byte */
  while (cut > 0 && ((guchar) redacted->str[cut] & 0xc0) == 0x80)
    cut--;
  g_string_truncate (redacted, cut);
  g_string_append (redacted, ELLIPSIS);
  return g_string_free (g_steal_pointer (&redacted), FALSE);
}

/* The service's error name, when it is one: letters, digits, '.', '_',
 * '-', ':' (the header's form), at most 128 bytes. */
static char *
sanitize_code (char *code)
{
  gsize length = code != NULL ? strlen (code) : 0;

  if (length == 0 || length > 128)
    goto refuse;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (code[i]) && strchr ("._-:", code[i]) == NULL)
      goto refuse;
  return code;

refuse:
  g_free (code);
  return NULL;
}

/* The error for a non-2xx response, from its JSON body or headers. */
static GError *
error_from_response (DynanticRequest            *self,
                     const DynanticHttpResponse *response)
{
  const char *header_type = soup_message_headers_get_one (response->headers, "x-amzn-ErrorType");
  const char *request_id = soup_message_headers_get_one (response->headers, "x-amzn-RequestId");
  gsize size = 0;
  const char *data = response->body != NULL ? g_bytes_get_data (response->body, &size) : NULL;
  gboolean json = data != NULL && is_json_object (data, size);
  ErrorBody body = { NULL, NULL };
  char *sanitized;
  GError *error;

  if (json && !read_error_members (self, data, size, &body, NULL))
    error_body_clear (&body);

  if (body.service_code != NULL && strrchr (body.service_code, '#') != NULL)
    {
      char *code = g_strdup (strrchr (body.service_code, '#') + 1);

      g_free (body.service_code);
      body.service_code = code;
    }
  if (body.service_code == NULL && header_type != NULL)
    body.service_code = g_strndup (header_type, strcspn (header_type, ":"));
  body.service_code = sanitize_code (body.service_code);
  sanitized = sanitize_message (body.service_message);
  g_free (body.service_message);
  body.service_message = sanitized;

  error = dynantic_error_new_from_service (response->status, body.service_code, body.service_message,
                                           request_id);
  error_body_clear (&body);

  if (json && self != NULL && self->kind->read_error_member != NULL)
    read_error_members (self, data, size, NULL, error);
  return error;
}

/* DynamoDB sends the CRC-32 of every response body in `x-amz-crc32`; a body
 * that does not match it was damaged on the way, and is retried as the AWS
 * SDKs do. (The session asks for no compression, so the body is the one the
 * checksum was computed over.) */
static gboolean
response_is_intact (const DynanticHttpResponse *response)
{
  const char *header = soup_message_headers_get_one (response->headers, "x-amz-crc32");
  gconstpointer data = NULL;
  guint64 expected;
  gsize size = 0;

  if (header == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (header, 10, 0, G_MAXUINT32, &expected, NULL))
    return FALSE;

  if (response->body != NULL)
    data = g_bytes_get_data (response->body, &size);
  return dynantic_crc32 (data, size) == expected;
}

/* Judges one DynamoDB response for the HTTP core's retry loop. */
static DynanticAttemptOutcome
check_response (const DynanticHttpResponse  *response,
                gpointer                     user_data,
                GError                     **error)
{
  DynanticRequest *self = user_data;

  if (!response_is_intact (response))
    {
      g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE,
                   _("DynamoDB’s response was damaged on the way (its CRC32 does not match)"));
      return DYNANTIC_ATTEMPT_TRANSIENT;
    }

  if (response->status >= 200 && response->status < 300)
    return DYNANTIC_ATTEMPT_SUCCEEDED;

  *error = error_from_response (self, response);
  return dynantic_attempt_classify (response->status, dynantic_error_get_service_code (*error), NULL);
}

/* A POST of @body as @operation: X-Amz-Target names it, SigV4 for dynamodb
 * signs it, check_response() judges the answers on behalf of @self. NULL
 * with @error set when the client's settings are unusable. */
static DynanticHttpRequest *
new_http_request (DynanticClient   *client,
                  DynanticRequest  *self,
                  const char       *operation,
                  GBytes           *body,
                  GError          **error)
{
  const GError *config_error = dynantic_client_get_config_error (client);
  DynanticHttpRequest *request;

  if (config_error != NULL)
    {
      g_propagate_error (error, g_error_copy (config_error));
      return NULL;
    }

  request = dynantic_http_request_new ("POST", dynantic_client_get_uri (client), SERVICE_NAME, operation);
  dynantic_http_request_take_header (request, "X-Amz-Target", g_strconcat (TARGET_PREFIX, operation, NULL));
  dynantic_http_request_set_body (request, CONTENT_TYPE, body);
  dynantic_http_request_set_auth (request, dynantic_client_get_auth (client));
  dynantic_http_request_set_check (request, check_response, self);
  return request;
}

gint64
dynantic_client_call_deadline (DynanticClient *client)
{
  return dynantic_http_deadline_after (g_get_monotonic_time (), dynantic_client_get_total_timeout (client));
}

/* The bytes-level call ------------------------------------------------------ */

GBytes *
dynantic_client_send (DynanticClient  *self,
                      const char      *operation,
                      GBytes          *body,
                      GCancellable    *cancellable,
                      GError         **error)
{
  g_autoptr(DynanticHttpRequest) request = NULL;

  g_return_val_if_fail (DYNANTIC_IS_CLIENT (self), NULL);
  g_return_val_if_fail (operation != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  request = new_http_request (self, NULL, operation, body, error);
  if (request == NULL)
    return NULL;
  return dynantic_http_send (dynantic_client_get_http (self), request, cancellable, error);
}

/* Requests ------------------------------------------------------------------ */

static GBytes *
write_body (DynanticRequest  *self,
            GError          **error)
{
  g_autoptr(GString) out = g_string_sized_new (self->kind->body_size != 0 ? self->kind->body_size : 256);

  if (!self->kind->write_body (self->state, out, error))
    return NULL;
  return g_string_free_to_bytes (g_steal_pointer (&out));
}

DynanticRequest *
dynantic_request_new (DynanticClient             *client,
                      const DynanticRequestKind  *kind,
                      gpointer                    state,
                      GDestroyNotify              state_free,
                      GError                    **error)
{
  DynanticRequest *self = g_new0 (DynanticRequest, 1);

  self->client = client;
  self->kind = kind;
  self->operation = kind->operation;
  self->state = state;
  self->state_free = state_free;
  self->deadline = G_MAXINT64;
  self->body = write_body (self, error);
  if (self->body == NULL)
    {
      dynantic_request_free (self);
      return NULL;
    }
  return self;
}

void
dynantic_request_free (DynanticRequest *self)
{
  g_clear_object (&self->client);
  if (self->state_free != NULL && self->state != NULL)
    self->state_free (self->state);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_free (self);
}

gpointer
dynantic_request_get_state (DynanticRequest *self)
{
  return self->state;
}

DynanticClient *
dynantic_request_get_client (DynanticRequest *self)
{
  return self->client;
}

void
dynantic_request_set_deadline (DynanticRequest *self,
                               gint64           deadline)
{
  self->deadline = deadline;
}

void
dynantic_request_set_delay (DynanticRequest *self,
                            GTimeSpan        delay)
{
  self->next.delay = delay;
}

/* The HTTP request of the next round: its body, the run's deadline, and
 * the wait the last finish asked for. */
static DynanticHttpRequest *
next_http_request (DynanticRequest  *self,
                   GError          **error)
{
  DynanticHttpRequest *request = new_http_request (self->client, self, self->operation, self->body, error);

  if (request == NULL)
    return NULL;
  dynantic_http_request_set_deadline (request, self->deadline);
  dynantic_http_request_set_delay (request, self->next.delay);
  return request;
}

/* Reads a successful response member by member through the kind. */
static gboolean
read_response (DynanticRequest  *self,
               GBytes           *response,
               GError          **error)
{
  DynanticJsonReader reader;
  DynanticJsonToken token = DYNANTIC_JSON_ERROR;
  gsize length = 0;
  const char *data = g_bytes_get_data (response, &length);
  gboolean ok;

  dynantic_json_reader_init (&reader, data, length);
  ok = dynantic_json_reader_expect (&reader, DYNANTIC_JSON_BEGIN_OBJECT, N_("a JSON object"), error);
  while (ok && (token = dynantic_json_reader_next (&reader)) == DYNANTIC_JSON_MEMBER)
    {
      char buffer[MEMBER_NAME_BUFFER];
      g_autofree char *heap = NULL;
      const char *name = copy_member_name (&reader, buffer, sizeof buffer, &heap);
      DynanticRequestMember read = DYNANTIC_REQUEST_MEMBER_SKIP;

      if (strcmp (name, "__type") == 0)
        {
          /* an error's name in a success: whatever it is, it is not one */
          g_set_error_literal (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE,
                               _("A successful response carries an error type"));
          read = DYNANTIC_REQUEST_MEMBER_FAILED;
        }
      else if (self->kind->read_member != NULL)
        read = self->kind->read_member (self->state, name, &reader, error);
      if (read == DYNANTIC_REQUEST_MEMBER_SKIP)
        ok = dynantic_json_reader_skip_value (&reader) ||
             dynantic_json_reader_fail (&reader, N_("a value"), error);
      else
        ok = read == DYNANTIC_REQUEST_MEMBER_READ;
    }
  if (ok)
    ok = (token == DYNANTIC_JSON_END_OBJECT &&
          dynantic_json_reader_next (&reader) == DYNANTIC_JSON_END) ||
         dynantic_json_reader_fail (&reader, N_("the end of the response"), error);
  dynantic_json_reader_clear (&reader);
  return ok;
}

/* After a response: reads it, and readies the next round when the kind
 * asks for one. FALSE with @error set on failure; *@again tells whether
 * another round follows. */
static gboolean
take_response (DynanticRequest  *self,
               GBytes           *response,
               gboolean         *again,
               GError          **error)
{
  GBytes *body;

  self->next = (DynanticRequestNext) { FALSE, 0 };
  if (!read_response (self, response, error))
    return FALSE;
  if (self->kind->finish != NULL && !self->kind->finish (self->state, &self->next, error))
    return FALSE;
  *again = self->next.again;
  if (!*again)
    return TRUE;

  body = write_body (self, error);
  if (body == NULL)
    return FALSE;
  g_bytes_unref (self->body);
  self->body = body;
  return TRUE;
}

/* The run's deadline: the one given, or the client's total timeout from
 * now when that is earlier. */
static void
begin_run (DynanticRequest *self)
{
  self->deadline = MIN (self->deadline, dynantic_client_call_deadline (self->client));
}

gboolean
dynantic_request_run (DynanticRequest  *self,
                      GCancellable     *cancellable,
                      GError          **error)
{
  gboolean again = TRUE;

  begin_run (self);
  while (again)
    {
      g_autoptr(DynanticHttpRequest) request = next_http_request (self, error);
      g_autoptr(GBytes) response = NULL;

      if (request == NULL)
        return FALSE;
      response = dynantic_http_send (dynantic_client_get_http (self->client), request, cancellable, error);
      if (response == NULL || !take_response (self, response, &again, error))
        return FALSE;
    }
  return TRUE;
}

static void round_async (GTask *task);

static void
round_sent (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  DynanticRequest *self = g_task_get_task_data (task);
  g_autoptr(GBytes) response = NULL;
  GError *error = NULL;
  gboolean again = FALSE;

  response = dynantic_http_send_finish (dynantic_client_get_http (self->client), result, &error);
  if (response == NULL || !take_response (self, response, &again, &error))
    g_task_return_error (task, error);
  else if (!again)
    g_task_return_pointer (task, self->state, NULL);
  else
    {
      round_async (task);
      return;
    }
  g_object_unref (task);
}

/* Sends the next round of @task's request; @task is taken. */
static void
round_async (GTask *task)
{
  DynanticRequest *self = g_task_get_task_data (task);
  g_autoptr(DynanticHttpRequest) request = NULL;
  GError *error = NULL;

  request = next_http_request (self, &error);
  if (request == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  dynantic_http_send_async (dynantic_client_get_http (self->client), request,
                            g_task_get_cancellable (task), round_sent, task);
}

void
dynantic_request_run_async (DynanticRequest     *self,
                            GError              *error,
                            gpointer             source_object,
                            gpointer             source_tag,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  if (self == NULL)
    {
      g_task_report_error (source_object, callback, user_data, source_tag, error);
      return;
    }

  task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, self, (GDestroyNotify) dynantic_request_free);
  begin_run (self);
  round_async (task);
}

gpointer
dynantic_request_finish (GAsyncResult  *result,
                         gpointer       source_object,
                         gpointer       source_tag,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source_object), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, source_tag), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* json-glib requests and responses ----------------------------------------- */

typedef struct {
  char       *operation;
  JsonObject *request;
  JsonObject *response;
} JsonCall;

static void
json_call_free (JsonCall *call)
{
  g_free (call->operation);
  g_clear_pointer (&call->request, json_object_unref);
  g_clear_pointer (&call->response, json_object_unref);
  g_free (call);
}

static gboolean
json_write_body (gpointer   state,
                 GString   *out,
                 GError   **error)
{
  JsonCall *call = state;
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), call->request);
  g_autofree char *text = json_to_string (node, FALSE);

  g_string_append (out, text);
  return TRUE;
}

static JsonNode *read_node (DynanticJsonReader  *reader,
                            DynanticJsonToken    token,
                            const char          *member,
                            GError             **error);

static gboolean
nul_in_string (const char  *member,
               GError     **error)
{
  g_set_error (error, DYNANTIC_ERROR, DYNANTIC_ERROR_BAD_RESPONSE,
               /* Translators: %s is the name of a member of a DynamoDB response (such as TableName); “NUL” is
                * the character of code 0 */
               _("The response’s member “%s” holds a string with a NUL character"), member);
  return FALSE;
}

static JsonNode *
read_object_node (DynanticJsonReader  *reader,
                  const char          *member,
                  GError             **error)
{
  g_autoptr(JsonObject) object = json_object_new ();
  DynanticJsonToken token;

  while ((token = dynantic_json_reader_next (reader)) == DYNANTIC_JSON_MEMBER)
    {
      gsize length = 0;
      const char *text = dynantic_json_reader_get_string (reader, &length);
      g_autofree char *name = NULL;
      JsonNode *child;

      if (memchr (text, '\0', length) != NULL)
        {
          nul_in_string (member, error);
          return NULL;
        }
      name = g_strndup (text, length);
      child = read_node (reader, dynantic_json_reader_next (reader), member, error);
      if (child == NULL)
        return NULL;
      json_object_set_member (object, name, child);
    }
  if (token != DYNANTIC_JSON_END_OBJECT)
    {
      dynantic_json_reader_fail (reader, N_("a member or the end of the object"), error);
      return NULL;
    }
  return json_node_init_object (json_node_alloc (), object);
}

static JsonNode *
read_array_node (DynanticJsonReader  *reader,
                 const char          *member,
                 GError             **error)
{
  g_autoptr(JsonArray) array = json_array_new ();
  DynanticJsonToken token;

  while ((token = dynantic_json_reader_next (reader)) != DYNANTIC_JSON_END_ARRAY)
    {
      JsonNode *child = read_node (reader, token, member, error);

      if (child == NULL)
        return NULL;
      json_array_add_element (array, child);
    }
  return json_node_init_array (json_node_alloc (), array);
}

static JsonNode *
read_number_node (DynanticJsonReader *reader)
{
  const char *text = dynantic_json_reader_get_string (reader, NULL);
  gint64 integer;

  /* as json-glib reads numbers: an integer when it is one and fits */
  if (strpbrk (text, ".eE") == NULL && g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &integer, NULL))
    return json_node_init_int (json_node_alloc (), integer);
  return json_node_init_double (json_node_alloc (), g_ascii_strtod (text, NULL));
}

/* The JSON value that starts with @token, as a json-glib node; the reader
 * bounds its depth. Strings holding NUL are refused: json-glib's strings
 * would end there. */
static JsonNode *
read_node (DynanticJsonReader  *reader,
           DynanticJsonToken    token,
           const char          *member,
           GError             **error)
{
  switch (token)
    {
    case DYNANTIC_JSON_BEGIN_OBJECT:
      return read_object_node (reader, member, error);
    case DYNANTIC_JSON_BEGIN_ARRAY:
      return read_array_node (reader, member, error);
    case DYNANTIC_JSON_STRING:
      {
        gsize length = 0;
        const char *text = dynantic_json_reader_get_string (reader, &length);

        if (memchr (text, '\0', length) != NULL)
          {
            nul_in_string (member, error);
            return NULL;
          }
        return json_node_init_string (json_node_alloc (), text);
      }
    case DYNANTIC_JSON_NUMBER:
      return read_number_node (reader);
    case DYNANTIC_JSON_TRUE:
    case DYNANTIC_JSON_FALSE:
      return json_node_init_boolean (json_node_alloc (), token == DYNANTIC_JSON_TRUE);
    case DYNANTIC_JSON_NULL:
      return json_node_init_null (json_node_alloc ());
    default:
      dynantic_json_reader_fail (reader, N_("a value"), error);
      return NULL;
    }
}

static DynanticRequestMember
json_read_member (gpointer             state,
                  const char          *name,
                  DynanticJsonReader  *reader,
                  GError             **error)
{
  JsonCall *call = state;
  JsonNode *node = read_node (reader, dynantic_json_reader_next (reader), name, error);

  if (node == NULL)
    return DYNANTIC_REQUEST_MEMBER_FAILED;
  json_object_set_member (call->response, name, node);
  return DYNANTIC_REQUEST_MEMBER_READ;
}

static const DynanticRequestKind json_kind = {
  .write_body = json_write_body,
  .read_member = json_read_member,
};

DynanticRequest *
dynantic_request_new_json (DynanticClient  *client,
                           const char      *operation,
                           JsonObject      *request,
                           GError         **error)
{
  JsonCall *call = g_new0 (JsonCall, 1);
  DynanticRequest *self;

  call->operation = g_strdup (operation);
  call->request = json_object_ref (request);
  call->response = json_object_new ();
  self = dynantic_request_new (client, &json_kind, call, (GDestroyNotify) json_call_free, error);
  if (self != NULL)
    self->operation = call->operation;
  return self;
}

JsonObject *
dynantic_request_take_json (gpointer state)
{
  JsonCall *call = state;

  return g_steal_pointer (&call->response);
}

/* dynantic_client_call ------------------------------------------------------ */

/**
 * dynantic_client_call:
 * @self: a client
 * @operation: the DynamoDB operation, such as `GetItem`
 * @request: the operation's request, in DynamoDB's JSON form
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Calls any DynamoDB operation, with signing, retries and timeouts: the
 * primitive every higher-level call is built on, open to callers for
 * operations Dynantic has no model-level call for. The response is read
 * strictly: one JSON object and nothing after it, no string holding a NUL
 * character (json-glib's strings would end there), else
 * %DYNANTIC_ERROR_BAD_RESPONSE.
 *
 * Returns: (transfer full): the operation's response, or %NULL with @error set
 *
 * Since: 0.1
 */
JsonObject *
dynantic_client_call (DynanticClient  *self,
                      const char      *operation,
                      JsonObject      *request,
                      GCancellable    *cancellable,
                      GError         **error)
{
  g_autoptr(DynanticRequest) call = NULL;

  g_return_val_if_fail (DYNANTIC_IS_CLIENT (self), NULL);
  g_return_val_if_fail (operation != NULL, NULL);
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  call = dynantic_request_new_json (g_object_ref (self), operation, request, error);
  if (call == NULL || !dynantic_request_run (call, cancellable, error))
    return NULL;
  return dynantic_request_take_json (dynantic_request_get_state (call));
}

/**
 * dynantic_client_call_async:
 * @self: a client
 * @operation: the DynamoDB operation, such as `GetItem`
 * @request: the operation's request, in DynamoDB's JSON form
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the call completes
 * @user_data: data for @callback
 *
 * The asynchronous form of dynantic_client_call().
 *
 * Since: 0.1
 */
void
dynantic_client_call_async (DynanticClient      *self,
                            const char          *operation,
                            JsonObject          *request,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  DynanticRequest *call;
  GError *error = NULL;

  g_return_if_fail (DYNANTIC_IS_CLIENT (self));
  g_return_if_fail (operation != NULL);
  g_return_if_fail (request != NULL);

  call = dynantic_request_new_json (g_object_ref (self), operation, request, &error);
  dynantic_request_run_async (call, error, self, dynantic_client_call_async, cancellable, callback, user_data);
}

/**
 * dynantic_client_call_finish:
 * @self: a client
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes dynantic_client_call_async().
 *
 * Returns: (transfer full): the operation's response, or %NULL with @error set
 *
 * Since: 0.1
 */
JsonObject *
dynantic_client_call_finish (DynanticClient  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  gpointer state = dynantic_request_finish (result, self, dynantic_client_call_async, error);

  return state != NULL ? dynantic_request_take_json (state) : NULL;
}
