/* chaos-proxy.c: a TCP proxy that breaks HTTP exchanges on a seeded schedule
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include <gio/gio.h>

#include "chaos-proxy.h"

#define MAX_HEADER_SIZE (64 * 1024)
#define ERROR_PREFIX "com.amazonaws.dynamodb.v20120810#"

static const char * const action_names[] = {
  [CHAOS_PASS] = "pass",
  [CHAOS_RESET_BEFORE] = "reset before forwarding",
  [CHAOS_RESET_AFTER] = "reset instead of the response",
  [CHAOS_TRUNCATE] = "truncated response",
  [CHAOS_DELAY] = "response delayed past the timeout",
  [CHAOS_ERROR_500] = "500 InternalServerError",
  [CHAOS_ERROR_503] = "503 ServiceUnavailable",
  [CHAOS_THROTTLE] = "400 ThrottlingException",
};

typedef struct _Connection Connection;

struct _ChaosProxy
{
  char             *url;
  char             *upstream_host;
  guint16           upstream_port;
  ChaosSchedule     schedule;
  guint             total_weight;
  GSocketListener  *listener;
  GCancellable     *cancellable;   /* cancelled when the proxy stops */
  GThread          *accept_thread;

  GMutex            lock;
  GCond             stopped;       /* signalled when the proxy stops (for delays) */
  gboolean          stopping;
  gboolean          enabled;
  GRand            *rand;
  guint             counts[CHAOS_N_ACTIONS];
  char             *marker_prefix;
  GHashTable       *forwarded;     /* marker -> count */
  GPtrArray        *connections;   /* Connection */
};

/* One side of a connection: a stream and what was read past a message. */
typedef struct {
  GSocketConnection *connection;
  GByteArray         *buffer;
} Peer;

struct _Connection
{
  ChaosProxy *proxy;
  Peer        client;
  Peer        upstream;   /* connection NULL until the first forward */
  GThread    *thread;
  gboolean    done;       /* under the proxy's lock: the thread has ended */
};

/* One HTTP message as read: its bytes, where its body starts, and whether
 * the peer closes after it. */
typedef struct {
  GByteArray *bytes;
  gsize       body_offset;
  gboolean    close;
} Message;

static void
message_clear (Message *message)
{
  g_clear_pointer (&message->bytes, g_byte_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Message, message_clear)

/* Reading ------------------------------------------------------------------ */

/* Reads more bytes into @peer's buffer; FALSE at EOF or on error. */
static gboolean
read_more (Peer         *peer,
           GCancellable *cancellable)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (peer->connection));
  guint8 chunk[16384];
  gssize n = g_input_stream_read (in, chunk, sizeof chunk, cancellable, NULL);

  if (n <= 0)
    return FALSE;
  g_byte_array_append (peer->buffer, chunk, n);
  return TRUE;
}

/* Makes sure @peer's buffer holds at least @n bytes. */
static gboolean
fill (Peer         *peer,
      gsize         n,
      GCancellable *cancellable)
{
  while (peer->buffer->len < n)
    if (!read_more (peer, cancellable))
      return FALSE;
  return TRUE;
}

/* The offset just past "\r\n" at or after @from, reading as needed. */
static gboolean
find_line_end (Peer         *peer,
               gsize         from,
               gsize        *end,
               GCancellable *cancellable)
{
  for (;;)
    {
      for (gsize i = from; i + 1 < peer->buffer->len; i++)
        if (peer->buffer->data[i] == '\r' && peer->buffer->data[i + 1] == '\n')
          {
            *end = i + 2;
            return TRUE;
          }
      if (peer->buffer->len > MAX_HEADER_SIZE || !read_more (peer, cancellable))
        return FALSE;
    }
}

static const char *
header_value (const char *headers,
              const char *name)
{
  gsize length = strlen (name);

  for (const char *line = strstr (headers, "\r\n"); line != NULL; line = strstr (line + 2, "\r\n"))
    if (g_ascii_strncasecmp (line + 2, name, length) == 0 && line[2 + length] == ':')
      return line + 3 + length;
  return NULL;
}

/* Where a chunked body that starts at @offset ends (its last chunk and the
 * blank line after it included). */
static gboolean
chunked_body_end (Peer         *peer,
                  gsize         offset,
                  gsize        *end,
                  GCancellable *cancellable)
{
  for (;;)
    {
      gsize line_end;
      guint64 size;
      char *size_text;

      if (!find_line_end (peer, offset, &line_end, cancellable))
        return FALSE;
      size_text = g_strndup ((const char *) peer->buffer->data + offset, line_end - offset - 2);
      size = g_ascii_strtoull (size_text, NULL, 16);
      g_free (size_text);
      offset = line_end;
      if (size == 0)
        break;
      if (!fill (peer, offset + size + 2, cancellable))
        return FALSE;
      offset += size + 2;
    }
  /* trailers (none expected), then the blank line */
  for (;;)
    {
      gsize line_end;

      if (!find_line_end (peer, offset, &line_end, cancellable))
        return FALSE;
      if (line_end == offset + 2)
        {
          *end = line_end;
          return TRUE;
        }
      offset = line_end;
    }
}

/* Reads one whole HTTP/1.1 message (request or response) from @peer. */
static gboolean
read_message (Peer         *peer,
              Message      *message,
              GCancellable *cancellable)
{
  g_autofree char *headers = NULL;
  const char *value;
  gsize header_end = 0, end;

  for (gsize from = 0;;)
    {
      gsize line_end;

      if (!find_line_end (peer, from, &line_end, cancellable))
        return FALSE;
      if (line_end == from + 2 && from > 0)
        {
          header_end = line_end;
          break;
        }
      from = line_end;
    }

  headers = g_strndup ((const char *) peer->buffer->data, header_end);
  message->close = (value = header_value (headers, "Connection")) != NULL &&
                   g_ascii_strncasecmp (g_strchug ((char *) value), "close", 5) == 0;
  if ((value = header_value (headers, "Transfer-Encoding")) != NULL &&
      strstr (value, "chunked") != NULL)
    {
      if (!chunked_body_end (peer, header_end, &end, cancellable))
        return FALSE;
    }
  else
    {
      guint64 length = 0;

      if ((value = header_value (headers, "Content-Length")) != NULL)
        length = g_ascii_strtoull (value, NULL, 10);
      end = header_end + length;
      if (!fill (peer, end, cancellable))
        return FALSE;
    }

  message->bytes = g_byte_array_sized_new (end);
  g_byte_array_append (message->bytes, peer->buffer->data, end);
  message->body_offset = header_end;
  g_byte_array_remove_range (peer->buffer, 0, end);
  return TRUE;
}

/* Writing ------------------------------------------------------------------ */

static gboolean
write_bytes (Peer          *peer,
             const guint8  *data,
             gsize          length,
             GCancellable  *cancellable)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (peer->connection));

  return g_output_stream_write_all (out, data, length, NULL, cancellable, NULL);
}

static gboolean
write_error (Peer         *peer,
             guint         status,
             const char   *reason,
             const char   *error_type,
             GCancellable *cancellable)
{
  g_autofree char *body = g_strdup_printf ("{\"__type\":\"" ERROR_PREFIX "%s\",\"message\":\"chaos proxy\"}",
                                           error_type);
  g_autofree char *response =
    g_strdup_printf ("HTTP/1.1 %u %s\r\nContent-Type: application/x-amz-json-1.0\r\n"
                     "x-amzn-RequestId: CHAOS\r\nContent-Length: %zu\r\n\r\n%s",
                     status, reason, strlen (body), body);

  return write_bytes (peer, (const guint8 *) response, strlen (response), cancellable);
}

/* Closes @peer's connection with a TCP reset (SO_LINGER 0), as a crashed
 * or overloaded server's connection ends. */
static void
reset (Peer *peer)
{
  GSocket *socket = g_socket_connection_get_socket (peer->connection);
  struct linger linger = { 1, 0 };

  setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
  g_socket_close (socket, NULL);
}

/* The proxy's state -------------------------------------------------------- */

static ChaosAction
draw_action (ChaosProxy *self)
{
  ChaosAction action = CHAOS_PASS;
  guint32 draw;

  g_mutex_lock (&self->lock);
  if (self->enabled && self->total_weight > 0)
    {
      draw = g_rand_int_range (self->rand, 0, (gint32) self->total_weight);
      for (action = 0; action < CHAOS_N_ACTIONS - 1; action++)
        {
          if (draw < self->schedule.weights[action])
            break;
          draw -= self->schedule.weights[action];
        }
    }
  self->counts[action]++;
  g_mutex_unlock (&self->lock);
  return action;
}

static gboolean
is_marker_char (guint8 c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_';
}

static void
count_markers (ChaosProxy    *self,
               const Message *request)
{
  const guint8 *body = request->bytes->data + request->body_offset;
  gsize length = request->bytes->len - request->body_offset;
  gsize prefix_length;
  const guint8 *p = body;

  g_mutex_lock (&self->lock);
  if (self->marker_prefix != NULL && (prefix_length = strlen (self->marker_prefix)) > 0)
    while ((p = memmem (p, length - (p - body), self->marker_prefix, prefix_length)) != NULL)
      {
        const guint8 *end = p + prefix_length;
        char *marker;

        while (end < body + length && is_marker_char (*end))
          end++;
        marker = g_strndup ((const char *) p, end - p);
        g_hash_table_insert (self->forwarded, marker,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->forwarded, marker)) + 1));
        p = end;
      }
  g_mutex_unlock (&self->lock);
}

/* Waits @ms milliseconds, or less if the proxy stops; FALSE when it stops. */
static gboolean
wait_unless_stopping (ChaosProxy *self,
                      guint       ms)
{
  gint64 until = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;
  gboolean stopping;

  g_mutex_lock (&self->lock);
  while (!self->stopping && g_cond_wait_until (&self->stopped, &self->lock, until))
    ;
  stopping = self->stopping;
  g_mutex_unlock (&self->lock);
  return !stopping;
}

/* Serving one connection --------------------------------------------------- */

static gboolean
connect_upstream (Connection *connection)
{
  ChaosProxy *proxy = connection->proxy;
  g_autoptr(GSocketClient) client = g_socket_client_new ();

  g_clear_object (&connection->upstream.connection);
  g_byte_array_set_size (connection->upstream.buffer, 0);
  connection->upstream.connection =
    g_socket_client_connect_to_host (client, proxy->upstream_host, proxy->upstream_port,
                                     proxy->cancellable, NULL);
  return connection->upstream.connection != NULL;
}

/* Sends @request to the server and reads its response, on the kept
 * connection or, if the server closed that one, on a new one. */
static gboolean
forward (Connection    *connection,
         const Message *request,
         Message       *response)
{
  GCancellable *cancellable = connection->proxy->cancellable;

  for (guint attempt = 0; attempt < 2; attempt++)
    {
      if (connection->upstream.connection == NULL || attempt > 0)
        if (!connect_upstream (connection))
          return FALSE;
      if (write_bytes (&connection->upstream, request->bytes->data, request->bytes->len, cancellable) &&
          read_message (&connection->upstream, response, cancellable))
        {
          if (response->close)
            g_clear_object (&connection->upstream.connection);
          count_markers (connection->proxy, request);
          return TRUE;
        }
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
    }
  return FALSE;
}

/* Handles one request; FALSE when the connection is over. */
static gboolean
serve_request (Connection *connection)
{
  ChaosProxy *proxy = connection->proxy;
  GCancellable *cancellable = proxy->cancellable;
  Peer *client = &connection->client;
  g_auto(Message) request = { NULL };
  g_auto(Message) response = { NULL };
  ChaosAction action;

  if (!read_message (client, &request, cancellable))
    return FALSE;

  action = draw_action (proxy);
  switch (action)
    {
    case CHAOS_RESET_BEFORE:
      reset (client);
      return FALSE;
    case CHAOS_ERROR_500:
      return write_error (client, 500, "Internal Server Error", "InternalServerError", cancellable);
    case CHAOS_ERROR_503:
      return write_error (client, 503, "Service Unavailable", "ServiceUnavailableException", cancellable);
    case CHAOS_THROTTLE:
      return write_error (client, 400, "Bad Request", "ThrottlingException", cancellable);
    case CHAOS_PASS:
    case CHAOS_RESET_AFTER:
    case CHAOS_TRUNCATE:
    case CHAOS_DELAY:
    case CHAOS_N_ACTIONS:
    default:
      break;
    }

  if (!forward (connection, &request, &response))
    {
      reset (client);
      return FALSE;
    }

  switch (action)
    {
    case CHAOS_RESET_AFTER:
      reset (client);
      return FALSE;
    case CHAOS_TRUNCATE:
      /* the headers and half the body, then the end of the connection */
      write_bytes (client, response.bytes->data,
                   response.body_offset + (response.bytes->len - response.body_offset) / 2, cancellable);
      g_io_stream_close (G_IO_STREAM (client->connection), NULL, NULL);
      return FALSE;
    case CHAOS_DELAY:
      if (!wait_unless_stopping (proxy, proxy->schedule.delay_ms))
        return FALSE;
      break;
    case CHAOS_PASS:
    case CHAOS_RESET_BEFORE:
    case CHAOS_ERROR_500:
    case CHAOS_ERROR_503:
    case CHAOS_THROTTLE:
    case CHAOS_N_ACTIONS:
    default:
      break;
    }

  return write_bytes (client, response.bytes->data, response.bytes->len, cancellable) && !response.close;
}

static gpointer
serve_connection (gpointer data)
{
  Connection *connection = data;

  while (serve_request (connection))
    ;
  g_io_stream_close (G_IO_STREAM (connection->client.connection), NULL, NULL);
  if (connection->upstream.connection != NULL)
    g_io_stream_close (G_IO_STREAM (connection->upstream.connection), NULL, NULL);
  g_mutex_lock (&connection->proxy->lock);
  connection->done = TRUE;
  g_mutex_unlock (&connection->proxy->lock);
  return NULL;
}

static void
connection_free (gpointer data)
{
  Connection *connection = data;

  g_thread_join (connection->thread);
  g_clear_object (&connection->client.connection);
  g_clear_object (&connection->upstream.connection);
  g_byte_array_unref (connection->client.buffer);
  g_byte_array_unref (connection->upstream.buffer);
  g_free (connection);
}

/* Joins and frees the connections whose thread has ended (resets end
 * thousands of them in a soak). Called with the lock held. */
static void
reap_connections (ChaosProxy *self)
{
  for (guint i = 0; i < self->connections->len;)
    {
      Connection *connection = g_ptr_array_index (self->connections, i);

      if (connection->done)
        connection_free (g_ptr_array_steal_index_fast (self->connections, i));
      else
        i++;
    }
}

static gpointer
accept_connections (gpointer data)
{
  ChaosProxy *self = data;

  for (;;)
    {
      GSocketConnection *accepted = g_socket_listener_accept (self->listener, NULL, self->cancellable, NULL);
      Connection *connection;

      if (accepted == NULL)
        break;
      connection = g_new0 (Connection, 1);
      connection->proxy = self;
      connection->client.connection = accepted;
      connection->client.buffer = g_byte_array_new ();
      connection->upstream.buffer = g_byte_array_new ();
      g_mutex_lock (&self->lock);
      reap_connections (self);
      connection->thread = g_thread_new ("chaos-proxy", serve_connection, connection);
      g_ptr_array_add (self->connections, connection);
      g_mutex_unlock (&self->lock);
    }
  return NULL;
}

/* Public API --------------------------------------------------------------- */

ChaosProxy *
chaos_proxy_new (const char          *upstream,
                 guint32              seed,
                 const ChaosSchedule *schedule)
{
  ChaosProxy *self = g_new0 (ChaosProxy, 1);
  g_autoptr(GUri) uri = g_uri_parse (upstream, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GError) error = NULL;
  guint16 port;

  g_assert_nonnull (uri);
  self->upstream_host = g_strdup (g_uri_get_host (uri));
  self->upstream_port = (guint16) g_uri_get_port (uri);
  self->schedule = *schedule;
  for (guint i = 0; i < CHAOS_N_ACTIONS; i++)
    self->total_weight += schedule->weights[i];
  self->rand = g_rand_new_with_seed (seed);
  self->cancellable = g_cancellable_new ();
  self->forwarded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->connections = g_ptr_array_new ();
  g_mutex_init (&self->lock);
  g_cond_init (&self->stopped);

  self->listener = g_socket_listener_new ();
  {
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) effective = NULL;

    g_socket_listener_add_address (self->listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                   NULL, &effective, &error);
    g_assert_no_error (error);
    port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  }
  self->url = g_strdup_printf ("http://127.0.0.1:%u", port);
  self->accept_thread = g_thread_new ("chaos-accept", accept_connections, self);
  return self;
}

void
chaos_proxy_free (ChaosProxy *self)
{
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_broadcast (&self->stopped);
  g_mutex_unlock (&self->lock);
  g_cancellable_cancel (self->cancellable);
  g_thread_join (self->accept_thread);
  g_socket_listener_close (self->listener);

  /* the accept thread is gone: the list no longer changes */
  for (guint i = 0; i < self->connections->len; i++)
    connection_free (g_ptr_array_index (self->connections, i));
  g_ptr_array_unref (self->connections);

  g_object_unref (self->listener);
  g_object_unref (self->cancellable);
  g_rand_free (self->rand);
  g_hash_table_unref (self->forwarded);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->stopped);
  g_free (self->marker_prefix);
  g_free (self->upstream_host);
  g_free (self->url);
  g_free (self);
}

const char *
chaos_proxy_get_url (ChaosProxy *self)
{
  return self->url;
}

void
chaos_proxy_set_enabled (ChaosProxy *self,
                         gboolean    enabled)
{
  g_mutex_lock (&self->lock);
  self->enabled = enabled;
  g_mutex_unlock (&self->lock);
}

guint
chaos_proxy_get_count (ChaosProxy  *self,
                       ChaosAction  action)
{
  guint count;

  g_return_val_if_fail (action < CHAOS_N_ACTIONS, 0);

  g_mutex_lock (&self->lock);
  count = self->counts[action];
  g_mutex_unlock (&self->lock);
  return count;
}

const char *
chaos_action_get_name (ChaosAction action)
{
  g_return_val_if_fail (action < CHAOS_N_ACTIONS, NULL);

  return action_names[action];
}

void
chaos_proxy_set_marker_prefix (ChaosProxy *self,
                               const char *prefix)
{
  g_mutex_lock (&self->lock);
  g_free (self->marker_prefix);
  self->marker_prefix = g_strdup (prefix);
  g_mutex_unlock (&self->lock);
}

guint
chaos_proxy_get_forwarded (ChaosProxy *self,
                           const char *marker)
{
  guint count;

  g_mutex_lock (&self->lock);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->forwarded, marker));
  g_mutex_unlock (&self->lock);
  return count;
}
