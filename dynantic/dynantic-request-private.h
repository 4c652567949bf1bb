/* dynantic-request-private.h: the one request path every DynamoDB operation takes
 *
 * An operation describes itself once, as a DynanticRequestKind: how to
 * write its request document, how to read the members of a successful
 * response (items go straight into model objects through the item reader:
 * the kind's callbacks live in the layer that knows the models), whether
 * another request follows (the unprocessed part of a batch), and how to
 * read the members of an error body that carry more than its name and
 * message (a transaction's CancellationReasons, the item a failed condition
 * returns). Its state is its own struct, handed to every callback.
 *
 * A DynanticRequest runs one kind through the client:
 *
 *   write the body -> send it (DynamoDB JSON protocol: X-Amz-Target, SigV4
 *   for dynamodb, retries, timeouts, x-amz-crc32, error bodies; see
 *   aws/dynantic-http-private.h) -> read the response, member by member ->
 *   finish: done, or write the next body and go again
 *
 * The first body is written by dynantic_request_new(), so every error in
 * what the caller built comes before any I/O (and an asynchronous call's
 * arguments are encoded before it returns). A body is sent as written by
 * every retry of it, so a ClientRequestToken in it is the same for every
 * attempt. The whole run, every request and wait in it, ends at the
 * client's total timeout or the deadline given, whichever is earlier.
 *
 * Responses are read strictly: a document that is not one JSON object, that
 * has anything after its end, or a successful one carrying `__type`, fails
 * with DYNANTIC_ERROR_BAD_RESPONSE, and so does any member a kind refuses.
 *
 * The synchronous and asynchronous runs take the same steps. A request is
 * run once, by one thread.
 *
 * Batches and transactions are kinds too. BatchGetItem and BatchWriteItem
 * keep their keys or items per table in their state; their finish() asks
 * for another round, with a growing delay as the AWS SDKs back off, while
 * the response holds UnprocessedKeys or UnprocessedItems (captured verbatim
 * with dynantic_json_reader_capture_value() and written back by the next
 * write_body()). TransactWriteItems writes its ClientRequestToken into its
 * one body, which every retry resends unchanged; its read_error_member()
 * reads CancellationReasons into the error
 * (dynantic_error_set_cancellation_reasons()) and the items a reason
 * returns into its state. tests/test-request.c drives such a kind.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

#include "codec/dynantic-json-private.h"
#include "dynantic-client.h"

G_BEGIN_DECLS

typedef enum {
  DYNANTIC_REQUEST_MEMBER_SKIP,     /* not the kind's: skipped (checked to be well-formed) */
  DYNANTIC_REQUEST_MEMBER_READ,     /* its value was read */
  DYNANTIC_REQUEST_MEMBER_FAILED,   /* @error set */
} DynanticRequestMember;

/* What follows a response: nothing, or another request after @delay. */
typedef struct {
  gboolean  again;
  GTimeSpan delay;
} DynanticRequestNext;

typedef struct {
  const char *operation;   /* "GetItem" */
  gsize       body_size;   /* the body's usual size, to allocate at once; 0: 256 */

  /* Appends the request document to @out. Called by dynantic_request_new()
   * and again after each response whose finish asked for more. */
  gboolean              (*write_body)        (gpointer              state,
                                              GString              *out,
                                              GError              **error);
  /* Reads the value of the successful response's member @name. NULL: every
   * member is skipped. */
  DynanticRequestMember (*read_member)       (gpointer              state,
                                              const char           *name,
                                              DynanticJsonReader   *reader,
                                              GError              **error);
  /* After a whole response was read: leave @next alone to end the run, or
   * ask for another request. NULL: one request. */
  gboolean              (*finish)            (gpointer              state,
                                              DynanticRequestNext  *next,
                                              GError              **error);
  /* Reads the value of an error body's member @name (not `__type`,
   * `message` or `Message`) into @state or @error's details; skips what it
   * does not know. NULL: such members are skipped. Called for every
   * failed attempt whose body is a well-formed JSON object. */
  DynanticRequestMember (*read_error_member) (gpointer              state,
                                              const char           *name,
                                              DynanticJsonReader   *reader,
                                              GError               *error);
} DynanticRequestKind;

typedef struct _DynanticRequest DynanticRequest;

/* A request of @kind through @client (taken: the caller passes its own
 * reference), with @state (taken, freed with @state_free). Writes the first
 * body; NULL with @error set (and @client and @state freed) when it cannot
 * be written. */
DynanticRequest *dynantic_request_new          (DynanticClient             *client,
                                                const DynanticRequestKind  *kind,
                                                gpointer                    state,
                                                GDestroyNotify              state_free,
                                                GError                    **error);
void             dynantic_request_free         (DynanticRequest            *self);
gpointer         dynantic_request_get_state    (DynanticRequest            *self);
DynanticClient  *dynantic_request_get_client   (DynanticRequest            *self);
/* Ends the run at @deadline (monotonic) if the client's total timeout does
 * not end it earlier: for a call of several runs, such as a read of many
 * pages. */
void             dynantic_request_set_deadline (DynanticRequest            *self,
                                                gint64                      deadline);
/* Waits @delay before the first round's request (cancellable, within the
 * deadline), as before a retry: for a call that tries a whole request
 * again, such as a transaction after a conflict. */
void             dynantic_request_set_delay    (DynanticRequest            *self,
                                                GTimeSpan                   delay);

gboolean         dynantic_request_run          (DynanticRequest            *self,
                                                GCancellable               *cancellable,
                                                GError                    **error);
/* Runs @self (taken) for a task of @source_object tagged @source_tag;
 * dynantic_request_finish() gives its state back. @self NULL: reports
 * @error (taken) instead. */
void             dynantic_request_run_async    (DynanticRequest            *self,
                                                GError                     *error,
                                                gpointer                    source_object,
                                                gpointer                    source_tag,
                                                GCancellable               *cancellable,
                                                GAsyncReadyCallback         callback,
                                                gpointer                    user_data);
/* The state of the finished run (transfer none: it lives as long as
 * @result), or NULL with @error set. */
gpointer         dynantic_request_finish       (GAsyncResult               *result,
                                                gpointer                    source_object,
                                                gpointer                    source_tag,
                                                GError                    **error);

/* The bytes-level call, for tests: sends @body (DynamoDB JSON, already
 * encoded) as @operation on the same path, and returns the successful
 * response's body as it came (a NUL after it, outside its size), unread.
 * Failures come back as DYNANTIC_ERROR with the service's details. */
GBytes          *dynantic_client_send          (DynanticClient             *self,
                                                const char                 *operation,
                                                GBytes                     *body,
                                                GCancellable               *cancellable,
                                                GError                    **error);

/* The deadline of a call that starts now and may run several requests
 * through @client: its total timeout from now, G_MAXINT64 without one. */
gint64           dynantic_client_call_deadline (DynanticClient             *client);

/* json-glib requests and responses (dynantic_client_call(), tables) --------- */

/* A request sending @request (kept) as @operation whose response is read
 * into a JsonObject: see dynantic_request_take_json(). */
DynanticRequest *dynantic_request_new_json     (DynanticClient             *client,
                                                const char                 *operation,
                                                JsonObject                 *request,
                                                GError                    **error);
/* The response of a run of dynantic_request_new_json(), from its state. */
JsonObject      *dynantic_request_take_json    (gpointer                    state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DynanticRequest, dynantic_request_free)

G_END_DECLS
