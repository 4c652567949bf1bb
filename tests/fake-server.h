/* fake-server.h: an in-process DynamoDB stand-in that misbehaves on request
 *
 * A SoupServer on 127.0.0.1 (a free port) running its own main context in a
 * thread of its own, so synchronous client calls work against it. Each
 * request takes the next scripted response, or `200 {}` when the script is
 * empty. It counts requests and distinct TCP connections.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "dynantic.h"

G_BEGIN_DECLS

typedef enum {
  FAKE_REPLY,    /* answer with status, body and headers, after delay_ms */
  FAKE_DROP,     /* close the connection without answering */
  FAKE_HANG,     /* never answer (until the server is freed) */
  FAKE_TRICKLE,  /* answer 200, then the body one byte every delay_ms */
  FAKE_CHUNKED,  /* answer like FAKE_REPLY, the body chunked: no Content-Length */
  FAKE_ENDLESS,  /* answer 200 with a chunked body that never ends: body, then 'x' forever */
} FakeAction;

typedef struct {
  FakeAction    action;
  guint         status;      /* 0: 200, or 400 with error_type */
  const char   *error_type;  /* a DynamoDB error name: the body is that error */
  const char   *body;        /* NULL: "{}" (or the error) */
  const char   *crc32;       /* x-amz-crc32 to send; NULL: the body's own */
  guint         delay_ms;
  guint         repeat;      /* how many requests get this answer; 0: one */
  GCancellable *cancel;      /* cancelled when the request arrives */
  GCancellable *hold;        /* FAKE_REPLY: answered only once this is cancelled */
  const char   *location;    /* a Location header to send (redirects) */
} FakeResponse;

typedef struct _FakeServer FakeServer;

FakeServer     *fake_server_new             (void);
/* The same server on HTTPS, with the certificate and key in the PEM files
 * given (tests/data/tls). */
FakeServer     *fake_server_new_tls         (const char         *certificate_file,
                                             const char         *key_file);
void            fake_server_free            (FakeServer         *self);
const char     *fake_server_get_url         (FakeServer         *self);

void            fake_server_push            (FakeServer         *self,
                                             const FakeResponse *response);
/* @repeat requests answered with @status and the DynamoDB error @error_type. */
void            fake_server_push_error      (FakeServer         *self,
                                             guint               status,
                                             const char         *error_type,
                                             guint               repeat);

guint           fake_server_get_requests    (FakeServer         *self);
guint           fake_server_get_connections (FakeServer         *self);
/* The X-Amz-Target of the last request, e.g. "DynamoDB_20120810.GetItem". */
char           *fake_server_dup_last_target (FakeServer         *self);
/* The bodies of the requests received so far, in arrival order. */
char          **fake_server_dup_bodies      (FakeServer         *self);
/* The last request's method and path with its query: "GET /a?b=c". */
char           *fake_server_dup_last_request_line (FakeServer   *self);
/* The value of the last request's header @name, or NULL. */
char           *fake_server_dup_last_header (FakeServer         *self,
                                             const char         *name);
/* The names of every request header received so far, lower case, each
 * once, sorted. */
char          **fake_server_dup_header_names (FakeServer        *self);
/* Logs the gaps between request arrivals with g_test_message(), for
 * information only (tests assert on counts, never on times). */
void            fake_server_log_arrivals    (FakeServer         *self);

/* A client for this server with fixed credentials and a backoff shortened to
 * a few milliseconds; more properties as name/value pairs, NULL-terminated. */
DynanticClient *fake_server_new_client      (FakeServer         *self,
                                             const char         *first_property,
                                             ...);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeServer, fake_server_free)

G_END_DECLS
