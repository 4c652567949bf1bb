/* fake-server.c: an in-process DynamoDB stand-in that misbehaves on request
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <gobject/gvaluecollector.h>
#include <libsoup/soup.h>

#include "dynantic-client-private.h"
#include "dynantic-retry-private.h"
#include "fake-server.h"

#define CONTENT_TYPE "application/x-amz-json-1.0"
#define ERROR_PREFIX "com.amazonaws.dynamodb.v20120810#"

/* One scripted answer, owned by the script. */
typedef struct {
  FakeAction    action;
  guint         status;
  char         *body;
  char         *crc32;
  guint         delay_ms;
  guint         remaining;
  GCancellable *cancel;
  GCancellable *hold;
  char         *location;
} Answer;

struct _FakeServer
{
  GThread      *thread;
  GTlsCertificate *certificate;  /* HTTPS, or NULL */
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  char         *url;

  GMutex        lock;
  GCond         started;
  GQueue        script;        /* Answer */
  guint         requests;
  guint         connections;
  GArray       *arrivals;      /* gint64, monotonic */
  char         *last_target;
  GPtrArray    *bodies;        /* char *: each request's body, in arrival order */
  GHashTable   *header_names;  /* char *: every request header name seen, lower case */
  SoupMessageHeaders *last_headers;
  char         *last_request_line;
  GPtrArray    *hanging;       /* SoupServerMessage never answered */
};

static Answer *
answer_new (const FakeResponse *response)
{
  Answer *answer = g_new0 (Answer, 1);

  answer->action = response->action;
  answer->status = response->status != 0 ? response->status
                 : response->error_type != NULL ? 400
                 : 200;
  if (response->body != NULL)
    answer->body = g_strdup (response->body);
  else if (response->error_type != NULL)
    answer->body = g_strdup_printf ("{\"__type\":\"" ERROR_PREFIX "%s\",\"message\":\"fake %s\"}",
                                    response->error_type, response->error_type);
  else
    answer->body = g_strdup ("{}");
  answer->crc32 = g_strdup (response->crc32);
  answer->delay_ms = response->delay_ms;
  answer->remaining = MAX (response->repeat, 1);
  answer->cancel = response->cancel != NULL ? g_object_ref (response->cancel) : NULL;
  answer->hold = response->hold != NULL ? g_object_ref (response->hold) : NULL;
  answer->location = g_strdup (response->location);

  return answer;
}

static Answer *
answer_copy (const Answer *answer)
{
  Answer *copy = g_memdup2 (answer, sizeof *answer);

  copy->body = g_strdup (answer->body);
  copy->crc32 = g_strdup (answer->crc32);
  copy->cancel = answer->cancel != NULL ? g_object_ref (answer->cancel) : NULL;
  copy->hold = answer->hold != NULL ? g_object_ref (answer->hold) : NULL;
  copy->location = g_strdup (answer->location);
  copy->remaining = 1;

  return copy;
}

static void
answer_free (Answer *answer)
{
  g_free (answer->body);
  g_free (answer->crc32);
  g_free (answer->location);
  g_clear_object (&answer->cancel);
  g_clear_object (&answer->hold);
  g_free (answer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)

/* The next answer of the script, or 200 {} when it is empty. */
static Answer *
next_answer (FakeServer *self)
{
  static const FakeResponse ok = { FAKE_REPLY };
  Answer *head = g_queue_peek_head (&self->script);
  Answer *answer;

  if (head == NULL)
    return answer_new (&ok);

  answer = answer_copy (head);
  if (--head->remaining == 0)
    answer_free (g_queue_pop_head (&self->script));

  return answer;
}

static void
set_reply (SoupServerMessage *msg,
           const Answer      *answer)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gsize length = strlen (answer->body);
  g_autofree char *crc32 = answer->crc32 != NULL ? g_strdup (answer->crc32)
                         : g_strdup_printf ("%u", dynantic_crc32 (answer->body, length));

  soup_message_headers_replace (headers, "x-amz-crc32", crc32);
  soup_message_headers_replace (headers, "x-amzn-RequestId", "FAKEREQUESTID");
  if (answer->location != NULL)
    soup_message_headers_replace (headers, "Location", answer->location);
  soup_server_message_set_status (msg, answer->status, NULL);
  soup_server_message_set_response (msg, CONTENT_TYPE, SOUP_MEMORY_COPY, answer->body, length);
}

/* A paused message and what to do with it later, on the server's context,
 * unless the client has gone by then (it timed out or cancelled). */
typedef struct {
  SoupServerMessage *msg;
  Answer            *answer;
  gsize              sent;
  gboolean           gone;
  gulong             finished_id;
  gulong             disconnected_id;
} Later;

static void
client_gone (SoupServerMessage *msg,
             Later             *later)
{
  later->gone = TRUE;
}

static Later *
later_new (SoupServerMessage *msg,
           Answer            *answer)
{
  Later *later = g_new0 (Later, 1);

  later->msg = g_object_ref (msg);
  later->answer = answer;
  later->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (client_gone), later);
  later->disconnected_id = g_signal_connect (msg, "disconnected", G_CALLBACK (client_gone), later);

  return later;
}

static void
later_free (Later *later)
{
  g_signal_handler_disconnect (later->msg, later->finished_id);
  g_signal_handler_disconnect (later->msg, later->disconnected_id);
  g_object_unref (later->msg);
  answer_free (later->answer);
  g_free (later);
}

/* Pauses @msg until @source (taken) dispatches @callback with a Later. */
static void
pause_until (FakeServer        *self,
             SoupServerMessage *msg,
             Answer            *answer,
             GSource           *source,
             GSourceFunc        callback)
{
  Later *later = later_new (msg, answer);

  soup_server_message_pause (msg);
  g_source_set_callback (source, callback, later, (GDestroyNotify) later_free);
  g_source_attach (source, self->context);
  g_source_unref (source);
}

static void
schedule (FakeServer        *self,
          SoupServerMessage *msg,
          Answer            *answer,
          GSourceFunc        callback)
{
  pause_until (self, msg, answer, g_timeout_source_new (answer->delay_ms), callback);
}

static gboolean
reply_later (gpointer data)
{
  Later *later = data;

  if (later->gone)
    return G_SOURCE_REMOVE;
  set_reply (later->msg, later->answer);
  soup_server_message_unpause (later->msg);
  return G_SOURCE_REMOVE;
}

static gboolean
reply_released (GCancellable *hold,
                gpointer      data)
{
  return reply_later (data);
}

static gboolean
trickle_next_byte (gpointer data)
{
  Later *later = data;
  SoupMessageBody *body = soup_server_message_get_response_body (later->msg);
  gsize length = strlen (later->answer->body);
  gboolean more = later->sent < length;

  if (later->gone)
    return G_SOURCE_REMOVE;
  if (more)
    soup_message_body_append (body, SOUP_MEMORY_COPY, later->answer->body + later->sent++, 1);
  else
    soup_message_body_complete (body);
  soup_server_message_unpause (later->msg);

  return more ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
start_trickle (FakeServer        *self,
               SoupServerMessage *msg,
               Answer            *answer)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_content_type (headers, CONTENT_TYPE, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  schedule (self, msg, answer, trickle_next_byte);
}

/* An endless body: the next chunk goes out when the last one was written,
 * so the server sends only as fast as the client reads. */
static void
write_more (SoupServerMessage *msg,
            gpointer           user_data)
{
  static char chunk[64 * 1024];

  if (chunk[0] == '\0')
    memset (chunk, 'x', sizeof chunk);
  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                            chunk, sizeof chunk);
}

static void
start_endless (SoupServerMessage *msg,
               const Answer      *answer)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_content_type (headers, CONTENT_TYPE, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_append (body, SOUP_MEMORY_COPY, answer->body, strlen (answer->body));
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (write_more), NULL);
}

static void
record_header_name (const char *name,
                    const char *value,
                    gpointer    user_data)
{
  FakeServer *self = user_data;

  g_hash_table_add (self->header_names, g_ascii_strdown (name, -1));
}

static void
record_request (FakeServer        *self,
                SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  gint64 now = g_get_monotonic_time ();

  soup_message_headers_foreach (headers, record_header_name, self);
  g_clear_pointer (&self->last_headers, soup_message_headers_unref);
  self->last_headers = soup_message_headers_ref (headers);
  g_free (self->last_request_line);
  self->last_request_line = g_strdup_printf ("%s %s%s%s", soup_server_message_get_method (msg),
                                             g_uri_get_path (soup_server_message_get_uri (msg)),
                                             g_uri_get_query (soup_server_message_get_uri (msg)) != NULL ? "?" : "",
                                             g_uri_get_query (soup_server_message_get_uri (msg)) != NULL
                                             ? g_uri_get_query (soup_server_message_get_uri (msg)) : "");
  self->requests++;
  g_array_append_val (self->arrivals, now);
  g_free (self->last_target);
  self->last_target = g_strdup (soup_message_headers_get_one (headers, "X-Amz-Target"));
  g_ptr_array_add (self->bodies, g_strndup (body->data, body->length));
}

static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  FakeServer *self = user_data;
  g_autoptr(Answer) answer = NULL;

  g_mutex_lock (&self->lock);
  record_request (self, msg);
  answer = next_answer (self);
  g_mutex_unlock (&self->lock);

  if (answer->cancel != NULL)
    g_cancellable_cancel (answer->cancel);

  switch (answer->action)
    {
    case FAKE_DROP:
      g_socket_shutdown (soup_server_message_get_socket (msg), TRUE, TRUE, NULL);
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      break;
    case FAKE_HANG:
      soup_server_message_pause (msg);
      g_ptr_array_add (self->hanging, g_object_ref (msg));
      break;
    case FAKE_TRICKLE:
      start_trickle (self, msg, g_steal_pointer (&answer));
      break;
    case FAKE_ENDLESS:
      start_endless (msg, answer);
      break;
    case FAKE_CHUNKED:
      set_reply (msg, answer);
      soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                         SOUP_ENCODING_CHUNKED);
      soup_message_body_complete (soup_server_message_get_response_body (msg));
      break;
    case FAKE_REPLY:
    default:
      if (answer->hold != NULL)
        {
          GSource *released = g_cancellable_source_new (answer->hold);

          pause_until (self, msg, g_steal_pointer (&answer), released, G_SOURCE_FUNC (reply_released));
        }
      else if (answer->delay_ms > 0)
        schedule (self, msg, g_steal_pointer (&answer), reply_later);
      else
        set_reply (msg, answer);
      break;
    }
}

/* A connection is new the first time one of its requests starts. */
static void
request_started (SoupServer        *server,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  FakeServer *self = user_data;
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket == NULL || g_object_get_data (G_OBJECT (socket), "fake-server-seen") != NULL)
    return;

  g_object_set_data (G_OBJECT (socket), "fake-server-seen", GINT_TO_POINTER (1));
  g_mutex_lock (&self->lock);
  self->connections++;
  g_mutex_unlock (&self->lock);
}

static void
start_listening (FakeServer *self)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  self->server = soup_server_new ("tls-certificate", self->certificate, NULL);
  soup_server_add_handler (self->server, NULL, handle_request, self, NULL);
  g_signal_connect (self->server, "request-started", G_CALLBACK (request_started), self);
  soup_server_listen_local (self->server, 0,
                            SOUP_SERVER_LISTEN_IPV4_ONLY |
                            (self->certificate != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0),
                            &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (self->server);
  g_assert_nonnull (uris);
  self->url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static gpointer
serve (gpointer data)
{
  FakeServer *self = data;

  g_main_context_push_thread_default (self->context);

  g_mutex_lock (&self->lock);
  start_listening (self);
  g_cond_signal (&self->started);
  g_mutex_unlock (&self->lock);

  g_main_loop_run (self->loop);

  soup_server_disconnect (self->server);
  g_ptr_array_set_size (self->hanging, 0);
  g_clear_object (&self->server);
  while (g_main_context_iteration (self->context, FALSE))
    ;

  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static FakeServer *
fake_server_start (GTlsCertificate *certificate)
{
  FakeServer *self = g_new0 (FakeServer, 1);

  self->certificate = certificate != NULL ? g_object_ref (certificate) : NULL;

  g_mutex_init (&self->lock);
  g_cond_init (&self->started);
  g_queue_init (&self->script);
  self->arrivals = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->hanging = g_ptr_array_new_with_free_func (g_object_unref);
  self->bodies = g_ptr_array_new_with_free_func (g_free);
  self->header_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);

  g_mutex_lock (&self->lock);
  self->thread = g_thread_new ("fake-server", serve, self);
  while (self->url == NULL)
    g_cond_wait (&self->started, &self->lock);
  g_mutex_unlock (&self->lock);

  return self;
}

FakeServer *
fake_server_new (void)
{
  return fake_server_start (NULL);
}

FakeServer *
fake_server_new_tls (const char *certificate_file,
                     const char *key_file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_files (certificate_file, key_file, &error);

  g_assert_no_error (error);
  return fake_server_start (certificate);
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
fake_server_free (FakeServer *self)
{
  GSource *source = g_idle_source_new ();

  /* From a source: a quit before the loop runs would be lost. */
  g_source_set_callback (source, quit_loop, self->loop, NULL);
  g_source_attach (source, self->context);
  g_source_unref (source);
  g_thread_join (self->thread);

  g_queue_clear_full (&self->script, (GDestroyNotify) answer_free);
  g_array_unref (self->arrivals);
  g_ptr_array_unref (self->hanging);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_clear_object (&self->certificate);
  g_free (self->url);
  g_free (self->last_target);
  g_ptr_array_unref (self->bodies);
  g_hash_table_unref (self->header_names);
  g_clear_pointer (&self->last_headers, soup_message_headers_unref);
  g_free (self->last_request_line);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->started);
  g_free (self);
}

const char *
fake_server_get_url (FakeServer *self)
{
  return self->url;
}

void
fake_server_push (FakeServer         *self,
                  const FakeResponse *response)
{
  g_mutex_lock (&self->lock);
  g_queue_push_tail (&self->script, answer_new (response));
  g_mutex_unlock (&self->lock);
}

void
fake_server_push_error (FakeServer *self,
                        guint       status,
                        const char *error_type,
                        guint       repeat)
{
  fake_server_push (self, &(FakeResponse) { .status = status, .error_type = error_type, .repeat = repeat });
}

static guint
read_count (FakeServer  *self,
            const guint *count)
{
  guint value;

  g_mutex_lock (&self->lock);
  value = *count;
  g_mutex_unlock (&self->lock);

  return value;
}

guint
fake_server_get_requests (FakeServer *self)
{
  return read_count (self, &self->requests);
}

guint
fake_server_get_connections (FakeServer *self)
{
  return read_count (self, &self->connections);
}

char *
fake_server_dup_last_target (FakeServer *self)
{
  char *target;

  g_mutex_lock (&self->lock);
  target = g_strdup (self->last_target);
  g_mutex_unlock (&self->lock);

  return target;
}

char **
fake_server_dup_bodies (FakeServer *self)
{
  g_autoptr(GStrvBuilder) bodies = g_strv_builder_new ();

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->bodies->len; i++)
    g_strv_builder_add (bodies, g_ptr_array_index (self->bodies, i));
  g_mutex_unlock (&self->lock);

  return g_strv_builder_end (bodies);
}

char *
fake_server_dup_last_request_line (FakeServer *self)
{
  char *line;

  g_mutex_lock (&self->lock);
  line = g_strdup (self->last_request_line);
  g_mutex_unlock (&self->lock);

  return line;
}

char *
fake_server_dup_last_header (FakeServer *self,
                             const char *name)
{
  char *value = NULL;

  g_mutex_lock (&self->lock);
  if (self->last_headers != NULL)
    value = g_strdup (soup_message_headers_get_one (self->last_headers, name));
  g_mutex_unlock (&self->lock);

  return value;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

char **
fake_server_dup_header_names (FakeServer *self)
{
  g_autofree const char **names = NULL;
  char **copy;

  g_mutex_lock (&self->lock);
  names = (const char **) g_hash_table_get_keys_as_array (self->header_names, NULL);
  copy = g_strdupv ((char **) names);
  g_mutex_unlock (&self->lock);

  qsort (copy, g_strv_length (copy), sizeof (char *), compare_strings);
  return copy;
}

void
fake_server_log_arrivals (FakeServer *self)
{
  g_autoptr(GString) gaps = g_string_new ("request gaps (ms):");

  g_mutex_lock (&self->lock);
  for (guint i = 1; i < self->arrivals->len; i++)
    g_string_append_printf (gaps, " %.1f",
                            (g_array_index (self->arrivals, gint64, i) -
                             g_array_index (self->arrivals, gint64, i - 1)) / 1000.0);
  g_mutex_unlock (&self->lock);

  g_test_message ("%s", gaps->str);
}

/* Appends the name/value pairs of @args, as g_object_new() takes them. */
static void
collect_properties (GObjectClass *klass,
                    const char   *first_property,
                    va_list       args,
                    GPtrArray    *names,
                    GArray       *values)
{
  for (const char *name = first_property; name != NULL; name = va_arg (args, const char *))
    {
      GParamSpec *pspec = g_object_class_find_property (klass, name);
      g_autofree char *error = NULL;
      GValue value = G_VALUE_INIT;

      g_assert_nonnull (pspec);
      G_VALUE_COLLECT_INIT (&value, pspec->value_type, args, 0, &error);
      g_assert_null (error);
      g_ptr_array_add (names, (gpointer) name);
      g_array_append_val (values, value);
    }
}

DynanticClient *
fake_server_new_client (FakeServer *self,
                        const char *first_property,
                        ...)
{
  g_autoptr(DynanticCredentials) credentials =
    dynantic_credentials_new ("FakeServerKey", "FakeServerSecret", NULL);
  g_autoptr(DynanticCredentialsProvider) provider =
    dynantic_credentials_provider_new_static (credentials);
  g_autoptr(GTypeClass) klass = g_type_class_ref (DYNANTIC_TYPE_CLIENT);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GArray) values = g_array_new (FALSE, TRUE, sizeof (GValue));
  DynanticClient *client;
  GValue value = G_VALUE_INIT;
  va_list args;

  g_array_set_clear_func (values, (GDestroyNotify) g_value_unset);

  g_ptr_array_add (names, "endpoint");
  g_value_set_string (g_value_init (&value, G_TYPE_STRING), self->url);
  g_array_append_val (values, value);
  g_ptr_array_add (names, "region");
  value = (GValue) G_VALUE_INIT;
  g_value_set_string (g_value_init (&value, G_TYPE_STRING), "us-east-1");
  g_array_append_val (values, value);
  g_ptr_array_add (names, "credentials-provider");
  value = (GValue) G_VALUE_INIT;
  g_value_set_object (g_value_init (&value, DYNANTIC_TYPE_CREDENTIALS_PROVIDER), provider);
  g_array_append_val (values, value);

  va_start (args, first_property);
  collect_properties (G_OBJECT_CLASS (klass), first_property, args, names, values);
  va_end (args);

  client = DYNANTIC_CLIENT (g_object_new_with_properties (DYNANTIC_TYPE_CLIENT, names->len,
                                                          (const char **) names->pdata,
                                                          (const GValue *) values->data));
  dynantic_retry_policy_set_backoff (dynantic_client_get_retry_policy (client),
                                     1 * G_TIME_SPAN_MILLISECOND, 2 * G_TIME_SPAN_MILLISECOND,
                                     10 * G_TIME_SPAN_MILLISECOND);
  return client;
}
