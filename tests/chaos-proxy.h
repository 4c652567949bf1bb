/* chaos-proxy.h: a TCP proxy that breaks HTTP exchanges on a seeded schedule
 *
 * Sits between a client and an HTTP/1.1 server (DynamoDB Local) on
 * 127.0.0.1 (a free port). It reads each request whole, then draws what to
 * do with it from a GRand seeded by the caller: pass it through, or one of
 * the faults below. Every draw happens when a request has arrived, so a
 * client that sends one request at a time meets the same faults, in the
 * same order, for the same seed. Each connection is served by a thread of
 * its own, with its own connection to the server.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  CHAOS_PASS,            /* forwarded, the response relayed */
  CHAOS_RESET_BEFORE,    /* the connection reset before forwarding: not applied */
  CHAOS_RESET_AFTER,     /* forwarded and answered, then the connection reset
                          * instead of the answer: applied, response lost */
  CHAOS_TRUNCATE,        /* forwarded, the response cut inside its body: applied */
  CHAOS_DELAY,           /* forwarded, the response held past the client's
                          * timeout (delay_ms), then relayed: applied */
  CHAOS_ERROR_500,       /* answered 500 InternalServerError without forwarding */
  CHAOS_ERROR_503,       /* answered 503 ServiceUnavailable without forwarding */
  CHAOS_THROTTLE,        /* answered 400 ThrottlingException without forwarding */
  CHAOS_N_ACTIONS
} ChaosAction;

typedef struct {
  guint weights[CHAOS_N_ACTIONS];  /* relative odds of each action */
  guint delay_ms;                  /* how long CHAOS_DELAY holds a response */
} ChaosSchedule;

typedef struct _ChaosProxy ChaosProxy;

/* A proxy to @upstream ("http://127.0.0.1:PORT"), drawing its actions from
 * @seed. It starts disabled (everything passes) until enabled. */
ChaosProxy  *chaos_proxy_new             (const char          *upstream,
                                          guint32              seed,
                                          const ChaosSchedule *schedule);
/* Resets every connection, stops every thread and frees the proxy. */
void         chaos_proxy_free            (ChaosProxy          *self);

/* "http://127.0.0.1:PORT" */
const char  *chaos_proxy_get_url         (ChaosProxy          *self);
void         chaos_proxy_set_enabled     (ChaosProxy          *self,
                                          gboolean             enabled);

/* How many requests met @action so far. */
guint        chaos_proxy_get_count       (ChaosProxy          *self,
                                          ChaosAction          action);
const char  *chaos_action_get_name       (ChaosAction          action);

/* Markers: tokens starting with @prefix (then letters, digits, '-' and '_')
 * found in the body of every request forwarded to the server are counted,
 * so a test can tell how many times a given request reached the server,
 * first attempt and retries together. */
void         chaos_proxy_set_marker_prefix (ChaosProxy        *self,
                                            const char        *prefix);
guint        chaos_proxy_get_forwarded   (ChaosProxy          *self,
                                          const char          *marker);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChaosProxy, chaos_proxy_free)

G_END_DECLS
