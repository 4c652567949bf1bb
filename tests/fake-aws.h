/* fake-aws.h: loopback stand-ins for the AWS endpoints credentials come
 * from (STS, the container and instance metadata endpoints, the SSO
 * portal) and for a DynamoDB that checks who signed each request
 *
 * Each is a SoupServer on 127.0.0.1 (a free port) running in a thread of
 * its own, so that synchronous and asynchronous clients both reach it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "dynantic.h"

G_BEGIN_DECLS

typedef struct _FakeAws FakeAws;

/* Called in the server's thread for each request; @body is the request's
 * body, NUL-terminated. Answer with fake_aws_reply() (or pause @msg). */
typedef void (*FakeAwsHandler) (FakeAws           *fake,
                                SoupServerMessage *msg,
                                const char        *body,
                                gpointer           data);

FakeAws    *fake_aws_new              (FakeAwsHandler     handler,
                                       gpointer           data);
void        fake_aws_free             (FakeAws           *self);
/* "http://127.0.0.1:PORT" (no trailing slash). */
const char *fake_aws_get_url          (FakeAws           *self);
guint       fake_aws_get_requests     (FakeAws           *self);

void        fake_aws_reply            (SoupServerMessage *msg,
                                       guint              status,
                                       const char        *content_type,
                                       const char        *body);
/* Holds @msg unanswered until the server is freed. */
void        fake_aws_hang             (FakeAws           *self,
                                       SoupServerMessage *msg);

/* The secret access key of an access key id the fake knows, or NULL. */
typedef const char *(*FakeAwsSecretLookup) (const char *access_key_id,
                                            gpointer    data);

/* Whether @msg carries a valid SigV4 signature for @service: recomputed
 * with the project's signer from the secret @lookup gives for the access
 * key id of its Authorization header, over the headers it says it signed
 * and @body. On success @access_key_id (nullable) gets that id. */
gboolean    fake_aws_check_signature  (SoupServerMessage  *msg,
                                       const char         *body,
                                       const char         *service,
                                       FakeAwsSecretLookup lookup,
                                       gpointer            data,
                                       char              **access_key_id);

/* A DynamoDB that answers every request with `{}` when it is signed (for
 * `dynamodb`) with credentials it was told about, and with 400
 * UnrecognizedClientException or InvalidSignatureException otherwise. */
typedef struct _FakeDynamodb FakeDynamodb;

FakeDynamodb *fake_dynamodb_new             (void);
void          fake_dynamodb_free            (FakeDynamodb *self);
const char   *fake_dynamodb_get_url         (FakeDynamodb *self);
/* Credentials it accepts from now on (@session_token: the one that must come with them). */
void          fake_dynamodb_accept          (FakeDynamodb *self,
                                             const char   *access_key_id,
                                             const char   *secret_access_key,
                                             const char   *session_token);
/* The same until @expiration (by the clock, in µs), after which requests
 * signed with them get 400 ExpiredTokenException. */
void          fake_dynamodb_accept_until    (FakeDynamodb *self,
                                             const char   *access_key_id,
                                             const char   *secret_access_key,
                                             const char   *session_token,
                                             gint64        expiration);
/* The clock expirations are read by (NULL: real time). */
void          fake_dynamodb_set_clock       (FakeDynamodb  *self,
                                             gint64       (*clock) (void));
guint         fake_dynamodb_get_accepted    (FakeDynamodb *self);
/* Requests refused because their credentials had expired. */
guint         fake_dynamodb_get_expired     (FakeDynamodb *self);
guint         fake_dynamodb_get_rejected    (FakeDynamodb *self);
/* The access key id of the last request it accepted. */
char         *fake_dynamodb_dup_last_key_id (FakeDynamodb *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeAws, fake_aws_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeDynamodb, fake_dynamodb_free)

G_END_DECLS
