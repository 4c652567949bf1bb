/* fake-aws.c: loopback stand-ins for AWS endpoints
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "aws/dynantic-hash-private.h"
#include "aws/dynantic-sigv4-private.h"
#include "fake-aws.h"

struct _FakeAws
{
  FakeAwsHandler  handler;
  gpointer        data;
  GThread        *thread;
  GMainContext   *context;
  GMainLoop      *loop;
  SoupServer     *server;
  char           *url;
  GMutex          lock;
  GCond           started;
  guint           requests;
  GPtrArray      *hanging;   /* SoupServerMessage */
};

static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  FakeAws *self = user_data;
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (request_body);
  g_autofree char *body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  g_mutex_lock (&self->lock);
  self->requests++;
  g_mutex_unlock (&self->lock);

  self->handler (self, msg, body, self->data);
}

static gpointer
serve (gpointer data)
{
  FakeAws *self = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);

  g_mutex_lock (&self->lock);
  self->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->server, NULL, handle_request, self, NULL);
  soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (self->server);
  self->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
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

FakeAws *
fake_aws_new (FakeAwsHandler handler,
              gpointer       data)
{
  FakeAws *self = g_new0 (FakeAws, 1);

  self->handler = handler;
  self->data = data;
  g_mutex_init (&self->lock);
  g_cond_init (&self->started);
  self->hanging = g_ptr_array_new_with_free_func (g_object_unref);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);

  g_mutex_lock (&self->lock);
  self->thread = g_thread_new ("fake-aws", serve, self);
  while (self->url == NULL)
    g_cond_wait (&self->started, &self->lock);
  g_mutex_unlock (&self->lock);

  return self;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
fake_aws_free (FakeAws *self)
{
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, quit_loop, self->loop, NULL);
  g_source_attach (source, self->context);
  g_source_unref (source);
  g_thread_join (self->thread);

  g_ptr_array_unref (self->hanging);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_free (self->url);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->started);
  g_free (self);
}

const char *
fake_aws_get_url (FakeAws *self)
{
  return self->url;
}

guint
fake_aws_get_requests (FakeAws *self)
{
  guint requests;

  g_mutex_lock (&self->lock);
  requests = self->requests;
  g_mutex_unlock (&self->lock);

  return requests;
}

void
fake_aws_reply (SoupServerMessage *msg,
                guint              status,
                const char        *content_type,
                const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

void
fake_aws_hang (FakeAws           *self,
               SoupServerMessage *msg)
{
  soup_server_message_pause (msg);
  g_ptr_array_add (self->hanging, g_object_ref (msg));
}

/* "Credential=AKID/20300101/us-east-1/sts/aws4_request, SignedHeaders=a;b, Signature=..." */
static char *
authorization_part (const char *authorization,
                    const char *name)
{
  g_autofree char *key = g_strconcat (name, "=", NULL);
  const char *start = strstr (authorization, key);

  if (start == NULL)
    return NULL;
  start += strlen (key);
  return g_strndup (start, strcspn (start, ", "));
}

gboolean
fake_aws_check_signature (SoupServerMessage   *msg,
                          const char          *body,
                          const char          *service,
                          FakeAwsSecretLookup  lookup,
                          gpointer             data,
                          char               **access_key_id)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  const char *amz_date = soup_message_headers_get_one (headers, "X-Amz-Date");
  g_autofree char *credential = NULL;
  g_autofree char *signed_headers = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *payload_hash = NULL;
  g_auto(GStrv) scope = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(GArray) signed_values = g_array_new (FALSE, FALSE, sizeof (DynanticSigv4Header));
  g_autoptr(DynanticSigner) signer = NULL;
  g_autoptr(DynanticCredentials) credentials = NULL;
  DynanticSigv4Request request = { 0 };
  GUri *uri = soup_server_message_get_uri (msg);
  const char *secret;

  if (authorization == NULL || amz_date == NULL ||
      (credential = authorization_part (authorization, "Credential")) == NULL ||
      (signed_headers = authorization_part (authorization, "SignedHeaders")) == NULL)
    return FALSE;

  scope = g_strsplit (credential, "/", -1);
  if (g_strv_length (scope) != 5 || !g_str_equal (scope[3], service) ||
      !g_str_equal (scope[4], "aws4_request") || (secret = lookup (scope[0], data)) == NULL)
    return FALSE;

  names = g_strsplit (signed_headers, ";", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      DynanticSigv4Header header = { names[i], soup_message_headers_get_one (headers, names[i]) };

      if (header.value == NULL)
        return FALSE;
      g_array_append_val (signed_values, header);
    }

  payload_hash = dynantic_sigv4_sha256_hex (body, strlen (body));
  request.method = soup_server_message_get_method (msg);
  request.path = g_uri_get_path (uri);
  request.query = g_uri_get_query (uri);
  request.headers = (const DynanticSigv4Header *) signed_values->data;
  request.n_headers = signed_values->len;
  request.payload_hash = payload_hash;

  credentials = dynantic_credentials_new (scope[0], secret,
                                          soup_message_headers_get_one (headers, "X-Amz-Security-Token"));
  signer = dynantic_signer_new (scope[2], service);
  expected = dynantic_signer_authorization (signer, credentials, &request, amz_date);
  if (!g_str_equal (expected, authorization))
    return FALSE;

  if (access_key_id != NULL)
    *access_key_id = g_strdup (scope[0]);
  return TRUE;
}

/* The DynamoDB stand-in. */

typedef struct {
  char   *secret_access_key;
  char   *session_token;
  gint64  expiration;   /* by the clock; G_MAXINT64: never */
} Accepted;

struct _FakeDynamodb
{
  FakeAws    *fake;
  GMutex      lock;
  GHashTable *keys;        /* access key id -> Accepted */
  guint       accepted;
  guint       rejected;
  guint       expired;
  char       *last_key_id;
  gint64    (*clock) (void);
};

static void
accepted_free (Accepted *accepted)
{
  g_free (accepted->secret_access_key);
  g_free (accepted->session_token);
  g_free (accepted);
}

static const char *
dynamodb_secret (const char *access_key_id,
                 gpointer    data)
{
  FakeDynamodb *self = data;
  Accepted *accepted = g_hash_table_lookup (self->keys, access_key_id);

  return accepted != NULL ? accepted->secret_access_key : NULL;
}

static void
dynamodb_reject (FakeDynamodb      *self,
                 SoupServerMessage *msg,
                 const char        *type)
{
  g_autofree char *body = g_strdup_printf ("{\"__type\":\"com.amazon.coral.service#%s\","
                                           "\"message\":\"fake %s\"}", type, type);

  self->rejected++;
  fake_aws_reply (msg, 400, "application/x-amz-json-1.0", body);
}

static void
dynamodb_handle (FakeAws           *fake,
                 SoupServerMessage *msg,
                 const char        *body,
                 gpointer           data)
{
  FakeDynamodb *self = data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *token = soup_message_headers_get_one (headers, "X-Amz-Security-Token");
  g_autofree char *access_key_id = NULL;
  Accepted *accepted;

  g_mutex_lock (&self->lock);
  if (!fake_aws_check_signature (msg, body, "dynamodb", dynamodb_secret, self, &access_key_id))
    dynamodb_reject (self, msg, "InvalidSignatureException");
  else if ((accepted = g_hash_table_lookup (self->keys, access_key_id)) == NULL ||
           g_strcmp0 (accepted->session_token, token) != 0)
    dynamodb_reject (self, msg, "UnrecognizedClientException");
  else if (accepted->expiration != G_MAXINT64 &&
           (self->clock != NULL ? self->clock () : g_get_real_time ()) >= accepted->expiration)
    {
      self->expired++;
      dynamodb_reject (self, msg, "ExpiredTokenException");
    }
  else
    {
      self->accepted++;
      g_free (self->last_key_id);
      self->last_key_id = g_steal_pointer (&access_key_id);
      fake_aws_reply (msg, 200, "application/x-amz-json-1.0", "{}");
    }
  g_mutex_unlock (&self->lock);
}

FakeDynamodb *
fake_dynamodb_new (void)
{
  FakeDynamodb *self = g_new0 (FakeDynamodb, 1);

  g_mutex_init (&self->lock);
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) accepted_free);
  self->fake = fake_aws_new (dynamodb_handle, self);

  return self;
}

void
fake_dynamodb_free (FakeDynamodb *self)
{
  fake_aws_free (self->fake);
  g_hash_table_unref (self->keys);
  g_free (self->last_key_id);
  g_mutex_clear (&self->lock);
  g_free (self);
}

const char *
fake_dynamodb_get_url (FakeDynamodb *self)
{
  return fake_aws_get_url (self->fake);
}

void
fake_dynamodb_accept (FakeDynamodb *self,
                      const char   *access_key_id,
                      const char   *secret_access_key,
                      const char   *session_token)
{
  fake_dynamodb_accept_until (self, access_key_id, secret_access_key, session_token, G_MAXINT64);
}

void
fake_dynamodb_set_clock (FakeDynamodb  *self,
                         gint64       (*clock) (void))
{
  g_mutex_lock (&self->lock);
  self->clock = clock;
  g_mutex_unlock (&self->lock);
}

guint
fake_dynamodb_get_expired (FakeDynamodb *self)
{
  guint expired;

  g_mutex_lock (&self->lock);
  expired = self->expired;
  g_mutex_unlock (&self->lock);
  return expired;
}

void
fake_dynamodb_accept_until (FakeDynamodb *self,
                            const char   *access_key_id,
                            const char   *secret_access_key,
                            const char   *session_token,
                            gint64        expiration)
{
  Accepted *accepted = g_new0 (Accepted, 1);

  accepted->secret_access_key = g_strdup (secret_access_key);
  accepted->session_token = g_strdup (session_token);
  accepted->expiration = expiration;
  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->keys, g_strdup (access_key_id), accepted);
  g_mutex_unlock (&self->lock);
}

guint
fake_dynamodb_get_accepted (FakeDynamodb *self)
{
  guint accepted;

  g_mutex_lock (&self->lock);
  accepted = self->accepted;
  g_mutex_unlock (&self->lock);
  return accepted;
}

guint
fake_dynamodb_get_rejected (FakeDynamodb *self)
{
  guint rejected;

  g_mutex_lock (&self->lock);
  rejected = self->rejected;
  g_mutex_unlock (&self->lock);
  return rejected;
}

char *
fake_dynamodb_dup_last_key_id (FakeDynamodb *self)
{
  char *key_id;

  g_mutex_lock (&self->lock);
  key_id = g_strdup (self->last_key_id);
  g_mutex_unlock (&self->lock);
  return key_id;
}
