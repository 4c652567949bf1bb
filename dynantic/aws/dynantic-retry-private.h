/* dynantic-retry-private.h: the AWS SDKs' retry modes as pure state
 *
 * The client asks this module, attempt by attempt, whether to try again and
 * how long to wait first. Nothing here sends, sleeps or reads a clock: every
 * function that depends on time takes `now` (monotonic microseconds), so the
 * tests drive it with a fake clock. A #DynanticRetryPolicy is shared by every
 * call of one client and locks its state; the pieces inside it (backoff,
 * quota, rate limiter) are plain data, unit-tested on their own.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dynantic-retry.h"

G_BEGIN_DECLS

/* How an attempt ended, as far as retrying is concerned. */
typedef enum {
  DYNANTIC_ATTEMPT_SUCCEEDED,
  DYNANTIC_ATTEMPT_FAILED,     /* retrying cannot help: a 4xx, a TLS failure, cancellation */
  DYNANTIC_ATTEMPT_TRANSIENT,  /* 5xx, a dropped or refused connection, a damaged response */
  DYNANTIC_ATTEMPT_THROTTLED,  /* a throttling error name or HTTP 429 */
  DYNANTIC_ATTEMPT_TIMED_OUT,  /* the attempt ran out of time on our side */
} DynanticAttemptOutcome;

/* Classifies an attempt from its HTTP status and the service's error name
 * (the part of `__type` after '#'), or from @transport_error when no
 * response came (G_IO_ERROR_TIMED_OUT for an attempt that ran out of time). */
DynanticAttemptOutcome dynantic_attempt_classify (guint         http_status,
                                                  const char   *service_code,
                                                  const GError *transport_error);

/* Backoff: exponential with full jitter, as the AWS SDKs' standard mode.
 * Before retry number @retry (0 for the first retry) a call waits
 * random(0, ceiling) with ceiling = min(cap, base * 2^retry). The bases are
 * botocore's for DynamoDB: 25 ms after a transient failure, 1 s after
 * throttling; the cap is 20 s. */
#define DYNANTIC_RETRY_BASE_DELAY           (25 * G_TIME_SPAN_MILLISECOND)
#define DYNANTIC_RETRY_THROTTLED_BASE_DELAY (1 * G_TIME_SPAN_SECOND)
#define DYNANTIC_RETRY_MAX_DELAY            (20 * G_TIME_SPAN_SECOND)

GTimeSpan dynantic_retry_backoff_ceiling (GTimeSpan base,
                                          GTimeSpan cap,
                                          guint     retry);
/* @random is in [0, 1). */
GTimeSpan dynantic_retry_backoff_delay   (GTimeSpan base,
                                          GTimeSpan cap,
                                          guint     retry,
                                          double    random);

/* The retry quota (the standard mode's retry-token bucket): every retry
 * takes tokens, so a failing service is not hammered by every call's
 * retries at once; successes put them back. */
#define DYNANTIC_RETRY_QUOTA_CAPACITY     500
#define DYNANTIC_RETRY_QUOTA_RETRY_COST   5
#define DYNANTIC_RETRY_QUOTA_TIMEOUT_COST 10
#define DYNANTIC_RETRY_QUOTA_SUCCESS_GAIN 1

typedef struct {
  guint available;
} DynanticRetryQuota;

void  dynantic_retry_quota_init    (DynanticRetryQuota     *quota);
/* Takes the cost of retrying after @outcome; returns it, or 0 when the
 * quota has too little left (the call must not retry). */
guint dynantic_retry_quota_acquire (DynanticRetryQuota     *quota,
                                    DynanticAttemptOutcome  outcome);
/* A call succeeded: gives back what its last retry took (@held), or
 * DYNANTIC_RETRY_QUOTA_SUCCESS_GAIN when it did not retry. */
void  dynantic_retry_quota_release (DynanticRetryQuota     *quota,
                                    guint                   held);

/* The adaptive mode's client-side rate limiter: a token bucket that every
 * attempt takes one token from once the service has throttled, filled at a
 * rate that follows CUBIC (cut to 70% of the measured send rate on
 * throttling, growing back along a cubic curve on success, never above twice
 * the measured rate). Times are in seconds on any clock that only moves
 * forward. */
typedef struct {
  gboolean enabled;            /* the service has throttled us at least once */
  /* token bucket */
  double   fill_rate;          /* tokens per second */
  double   max_capacity;
  double   capacity;
  double   last_refill;        /* < 0 before the first refill */
  /* CUBIC */
  double   last_max_rate;      /* W_max: the rate when the service last throttled */
  double   time_to_max;        /* K: seconds after a throttle until W_max again */
  double   last_throttle;
  /* the measured send rate, smoothed over half-second buckets */
  double   measured_rate;
  double   last_bucket;
  guint    bucket_count;
} DynanticRateLimiter;

void   dynantic_rate_limiter_init    (DynanticRateLimiter *limiter,
                                      double               now);
/* Takes a token: returns 0, or the seconds to wait before asking again. */
double dynantic_rate_limiter_acquire (DynanticRateLimiter *limiter,
                                      double               now);
/* Every response (or failure to get one) reports here. */
void   dynantic_rate_limiter_update  (DynanticRateLimiter *limiter,
                                      gboolean             throttled,
                                      double               now);

/* What one call carries between its attempts. */
typedef struct {
  guint attempts;    /* attempts made so far */
  guint quota_held;  /* what the retry in flight took from the quota */
} DynanticRetryState;

typedef enum {
  DYNANTIC_RETRY_STOP,             /* the attempt succeeded, or failed for good */
  DYNANTIC_RETRY_AGAIN,            /* retry after the delay given */
  DYNANTIC_RETRY_NO_ATTEMPTS_LEFT, /* retryable, but max-attempts is reached */
  DYNANTIC_RETRY_NO_QUOTA,         /* retryable, but the retry quota is empty */
} DynanticRetryDecision;

typedef struct _DynanticRetryPolicy DynanticRetryPolicy;

DynanticRetryPolicy   *dynantic_retry_policy_new           (DynanticRetryMode       mode,
                                                            guint                   max_attempts,
                                                            gint64                  now);
void                   dynantic_retry_policy_free          (DynanticRetryPolicy    *self);
/* Tests shorten the backoff so the suite stays fast. */
void                   dynantic_retry_policy_set_backoff   (DynanticRetryPolicy    *self,
                                                            GTimeSpan               base,
                                                            GTimeSpan               throttled_base,
                                                            GTimeSpan               cap);
/* Tests fix the jitter: @random returns a number in [0, 1); default
 * g_random_double(). */
typedef double (*DynanticRetryRandomFunc) (void);
void                   dynantic_retry_policy_set_random    (DynanticRetryPolicy    *self,
                                                            DynanticRetryRandomFunc random);
/* Tests watch every backoff the policy decides, a retry's or a batch
 * round's: @observer gets the retry number (from 0), the ceiling and the
 * delay drawn under it. Called without the policy's lock, in the thread
 * of the call. NULL: none (the default). */
typedef void (*DynanticRetryObserver) (guint     retry,
                                       GTimeSpan ceiling,
                                       GTimeSpan delay,
                                       gpointer  user_data);
void                   dynantic_retry_policy_set_observer  (DynanticRetryPolicy    *self,
                                                            DynanticRetryObserver   observer,
                                                            gpointer                user_data);
/* The wait before round @retry + 1 of a call whose last rounds the service
 * left (partly) unprocessed, such as a batch's UnprocessedItems: full
 * jitter under min(cap, base * 2^@retry), with the policy's base (its
 * throttled base when @throttled), cap and random source. */
GTimeSpan              dynantic_retry_policy_backoff       (DynanticRetryPolicy    *self,
                                                            guint                   retry,
                                                            gboolean                throttled);
/* Before each attempt: 0 to send now, else how long to wait and ask again
 * (adaptive mode only; standard mode never waits here). */
GTimeSpan              dynantic_retry_policy_wait_to_send  (DynanticRetryPolicy    *self,
                                                            gint64                  now);
/* After each attempt: records it in @state, the quota and the rate limiter;
 * for DYNANTIC_RETRY_AGAIN sets @delay to the backoff before the next. */
DynanticRetryDecision  dynantic_retry_policy_after_attempt (DynanticRetryPolicy    *self,
                                                            DynanticRetryState     *state,
                                                            DynanticAttemptOutcome  outcome,
                                                            gint64                  now,
                                                            GTimeSpan              *delay);
guint                  dynantic_retry_policy_get_quota     (DynanticRetryPolicy    *self);
/* The adaptive limiter's fill rate in requests per second; 0 while it is
 * not limiting (standard mode, or no throttling seen yet). */
double                 dynantic_retry_policy_get_send_rate (DynanticRetryPolicy    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DynanticRetryPolicy, dynantic_retry_policy_free)

/* The CRC-32 (IEEE 802.3, as zlib) that DynamoDB sends in `x-amz-crc32`. */
guint32 dynantic_crc32 (gconstpointer data,
                        gsize         length);

G_END_DECLS
