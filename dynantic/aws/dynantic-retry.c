/* dynantic-retry.c: the AWS SDKs' retry modes as pure state
 *
 * The "standard" mode: retry throttling, transient failures and timeouts up
 * to max-attempts, with exponential backoff and full jitter, limited by a
 * retry quota shared by every call of a client. The "adaptive" mode adds a
 * client-side rate limiter whose rate follows CUBIC. Both as described by
 * the AWS SDKs' reference for retry behavior and implemented in botocore
 * (retries/standard.py, retries/adaptive.py) and aws-sdk-go-v2.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <zlib.h>

#include "dynantic-error-private.h"
#include "dynantic-retry-private.h"

/* Service error names that mean "try again" without being throttling. */
static const char * const transient_service_codes[] = {
  "RequestTimeout",
  "RequestTimeoutException",
  "PriorRequestNotComplete",
};

static gboolean
is_transient_service_code (const char *service_code)
{
  if (service_code == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (transient_service_codes); i++)
    if (g_str_equal (service_code, transient_service_codes[i]))
      return TRUE;

  return FALSE;
}

static DynanticAttemptOutcome
classify_transport_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return DYNANTIC_ATTEMPT_FAILED;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return DYNANTIC_ATTEMPT_TIMED_OUT;
  /* A certificate the client does not trust stays untrusted. */
  if (error->domain == G_TLS_ERROR)
    return DYNANTIC_ATTEMPT_FAILED;

  return DYNANTIC_ATTEMPT_TRANSIENT;
}

DynanticAttemptOutcome
dynantic_attempt_classify (guint         http_status,
                           const char   *service_code,
                           const GError *transport_error)
{
  if (transport_error != NULL)
    return classify_transport_error (transport_error);

  if (http_status >= 200 && http_status < 300)
    return DYNANTIC_ATTEMPT_SUCCEEDED;

  if (http_status == 429 || dynantic_error_service_code_is_throttling (service_code))
    return DYNANTIC_ATTEMPT_THROTTLED;

  /* 501 Not Implemented will not be implemented by the next attempt. */
  if ((http_status >= 500 && http_status <= 599 && http_status != 501) ||
      is_transient_service_code (service_code))
    return DYNANTIC_ATTEMPT_TRANSIENT;

  return DYNANTIC_ATTEMPT_FAILED;
}

GTimeSpan
dynantic_retry_backoff_ceiling (GTimeSpan base,
                                GTimeSpan cap,
                                guint     retry)
{
  if (base <= 0)
    return 0;

  /* base * 2^retry > cap, written so that it cannot overflow */
  if (retry >= 62 || base > (cap >> retry))
    return cap;

  return base << retry;
}

GTimeSpan
dynantic_retry_backoff_delay (GTimeSpan base,
                              GTimeSpan cap,
                              guint     retry,
                              double    random)
{
  GTimeSpan ceiling = dynantic_retry_backoff_ceiling (base, cap, retry);

  g_return_val_if_fail (random >= 0 && random < 1, 0);

  return (GTimeSpan) (random * (double) ceiling);
}

void
dynantic_retry_quota_init (DynanticRetryQuota *quota)
{
  quota->available = DYNANTIC_RETRY_QUOTA_CAPACITY;
}

guint
dynantic_retry_quota_acquire (DynanticRetryQuota     *quota,
                              DynanticAttemptOutcome  outcome)
{
  guint cost = outcome == DYNANTIC_ATTEMPT_TIMED_OUT ? DYNANTIC_RETRY_QUOTA_TIMEOUT_COST
                                                     : DYNANTIC_RETRY_QUOTA_RETRY_COST;

  if (quota->available < cost)
    return 0;

  quota->available -= cost;
  return cost;
}

void
dynantic_retry_quota_release (DynanticRetryQuota *quota,
                              guint               held)
{
  guint gain = held > 0 ? held : DYNANTIC_RETRY_QUOTA_SUCCESS_GAIN;

  quota->available = MIN (quota->available + gain, DYNANTIC_RETRY_QUOTA_CAPACITY);
}

/* The adaptive limiter's constants, those of the AWS SDKs. */
#define MIN_FILL_RATE      0.5   /* tokens per second, however hard the service throttles */
#define CUBIC_SCALE        0.4   /* C: how fast the rate grows back */
#define CUBIC_BETA         0.7   /* the rate kept after a throttle */
#define MAX_RATE_SCALE     2.0   /* never more than twice the measured rate */
#define RATE_SMOOTHING     0.8   /* weight of the newest bucket in the measured rate */
#define RATE_BUCKETS_PER_S 2.0   /* the measured rate is updated every half second */

static void
limiter_refill (DynanticRateLimiter *self,
                double               now)
{
  if (self->last_refill >= 0)
    self->capacity = MIN (self->max_capacity,
                          self->capacity + (now - self->last_refill) * self->fill_rate);
  self->last_refill = now;
}

static void
limiter_set_max_rate (DynanticRateLimiter *self,
                      double               rate,
                      double               now)
{
  /* Tokens earned so far count at the old rate. */
  limiter_refill (self, now);
  self->fill_rate = MAX (rate, MIN_FILL_RATE);
  self->max_capacity = MAX (rate, 1.0);
  self->capacity = MIN (self->capacity, self->max_capacity);
}

/* Counts one request; returns the smoothed requests per second. */
static double
limiter_measure (DynanticRateLimiter *self,
                 double               now)
{
  double bucket = floor (now * RATE_BUCKETS_PER_S) / RATE_BUCKETS_PER_S;

  self->bucket_count++;
  if (bucket > self->last_bucket)
    {
      double current = self->bucket_count / (bucket - self->last_bucket);

      self->measured_rate = current * RATE_SMOOTHING + self->measured_rate * (1 - RATE_SMOOTHING);
      self->bucket_count = 0;
      self->last_bucket = bucket;
    }

  return self->measured_rate;
}

static double
cubic_time_to_max (double max_rate)
{
  return cbrt (max_rate * (1 - CUBIC_BETA) / CUBIC_SCALE);
}

/* The rate CUBIC allows @now, growing back towards and past W_max. */
static double
cubic_after_success (DynanticRateLimiter *self,
                     double               now)
{
  double t = now - self->last_throttle - self->time_to_max;

  return CUBIC_SCALE * t * t * t + self->last_max_rate;
}

static double
cubic_after_throttle (DynanticRateLimiter *self,
                      double               rate,
                      double               now)
{
  self->last_max_rate = rate;
  self->time_to_max = cubic_time_to_max (rate);
  self->last_throttle = now;

  return rate * CUBIC_BETA;
}

void
dynantic_rate_limiter_init (DynanticRateLimiter *self,
                            double               now)
{
  memset (self, 0, sizeof *self);
  self->last_refill = -1;
  self->last_throttle = now;
  self->last_bucket = floor (now);
  self->time_to_max = cubic_time_to_max (0);
  limiter_set_max_rate (self, 1.0, now);
}

double
dynantic_rate_limiter_acquire (DynanticRateLimiter *self,
                               double               now)
{
  if (!self->enabled)
    return 0;

  limiter_refill (self, now);
  if (self->capacity >= 1)
    {
      self->capacity -= 1;
      return 0;
    }

  return (1 - self->capacity) / self->fill_rate;
}

void
dynantic_rate_limiter_update (DynanticRateLimiter *self,
                              gboolean             throttled,
                              double               now)
{
  double measured = limiter_measure (self, now);
  double rate;

  if (!throttled)
    {
      rate = cubic_after_success (self, now);
    }
  else
    {
      double current = self->enabled ? MIN (measured, self->fill_rate) : measured;

      rate = cubic_after_throttle (self, current, now);
      self->enabled = TRUE;
    }

  limiter_set_max_rate (self, MIN (rate, MAX_RATE_SCALE * measured), now);
}

struct _DynanticRetryPolicy
{
  GMutex              lock;
  DynanticRetryMode   mode;
  guint               max_attempts;
  GTimeSpan           base;
  GTimeSpan           throttled_base;
  GTimeSpan               cap;
  DynanticRetryRandomFunc random;
  DynanticRetryObserver   observer;
  gpointer                observer_data;
  DynanticRetryQuota      quota;
  DynanticRateLimiter limiter;
};

static double
to_seconds (gint64 microseconds)
{
  return (double) microseconds / G_TIME_SPAN_SECOND;
}

DynanticRetryPolicy *
dynantic_retry_policy_new (DynanticRetryMode mode,
                           guint             max_attempts,
                           gint64            now)
{
  DynanticRetryPolicy *self = g_new0 (DynanticRetryPolicy, 1);

  g_mutex_init (&self->lock);
  self->mode = mode;
  self->max_attempts = MAX (max_attempts, 1);
  self->base = DYNANTIC_RETRY_BASE_DELAY;
  self->throttled_base = DYNANTIC_RETRY_THROTTLED_BASE_DELAY;
  self->cap = DYNANTIC_RETRY_MAX_DELAY;
  self->random = g_random_double;
  dynantic_retry_quota_init (&self->quota);
  dynantic_rate_limiter_init (&self->limiter, to_seconds (now));

  return self;
}

void
dynantic_retry_policy_free (DynanticRetryPolicy *self)
{
  if (self == NULL)
    return;

  g_mutex_clear (&self->lock);
  g_free (self);
}

void
dynantic_retry_policy_set_backoff (DynanticRetryPolicy *self,
                                   GTimeSpan            base,
                                   GTimeSpan            throttled_base,
                                   GTimeSpan            cap)
{
  g_mutex_lock (&self->lock);
  self->base = base;
  self->throttled_base = throttled_base;
  self->cap = cap;
  g_mutex_unlock (&self->lock);
}

void
dynantic_retry_policy_set_random (DynanticRetryPolicy     *self,
                                  DynanticRetryRandomFunc  random)
{
  g_mutex_lock (&self->lock);
  self->random = random;
  g_mutex_unlock (&self->lock);
}

void
dynantic_retry_policy_set_observer (DynanticRetryPolicy   *self,
                                    DynanticRetryObserver  observer,
                                    gpointer               user_data)
{
  g_mutex_lock (&self->lock);
  self->observer = observer;
  self->observer_data = user_data;
  g_mutex_unlock (&self->lock);
}

/* A delay under min(@cap, @base * 2^@retry), shown to the observer. */
static GTimeSpan
draw_backoff (GTimeSpan               base,
              GTimeSpan               cap,
              guint                   retry,
              DynanticRetryRandomFunc random,
              DynanticRetryObserver   observer,
              gpointer                observer_data)
{
  GTimeSpan delay = dynantic_retry_backoff_delay (base, cap, retry, random ());

  if (observer != NULL)
    observer (retry, dynantic_retry_backoff_ceiling (base, cap, retry), delay, observer_data);
  return delay;
}

GTimeSpan
dynantic_retry_policy_backoff (DynanticRetryPolicy *self,
                               guint                retry,
                               gboolean             throttled)
{
  DynanticRetryRandomFunc random;
  DynanticRetryObserver observer;
  gpointer observer_data;
  GTimeSpan base, cap;

  g_mutex_lock (&self->lock);
  base = throttled ? self->throttled_base : self->base;
  cap = self->cap;
  random = self->random;
  observer = self->observer;
  observer_data = self->observer_data;
  g_mutex_unlock (&self->lock);

  return draw_backoff (base, cap, retry, random, observer, observer_data);
}

GTimeSpan
dynantic_retry_policy_wait_to_send (DynanticRetryPolicy *self,
                                    gint64               now)
{
  double wait;

  if (self->mode != DYNANTIC_RETRY_MODE_ADAPTIVE)
    return 0;

  g_mutex_lock (&self->lock);
  wait = dynantic_rate_limiter_acquire (&self->limiter, to_seconds (now));
  g_mutex_unlock (&self->lock);

  /* At least a microsecond, so that a tiny wait is not taken for "go". */
  return wait > 0 ? MAX ((GTimeSpan) ceil (wait * G_TIME_SPAN_SECOND), 1) : 0;
}

static DynanticRetryDecision
decide_locked (DynanticRetryPolicy    *self,
               DynanticRetryState     *state,
               DynanticAttemptOutcome  outcome,
               GTimeSpan              *base)
{
  guint cost;

  switch (outcome)
    {
    case DYNANTIC_ATTEMPT_SUCCEEDED:
      dynantic_retry_quota_release (&self->quota, state->quota_held);
      state->quota_held = 0;
      return DYNANTIC_RETRY_STOP;
    case DYNANTIC_ATTEMPT_FAILED:
      return DYNANTIC_RETRY_STOP;
    case DYNANTIC_ATTEMPT_TRANSIENT:
    case DYNANTIC_ATTEMPT_THROTTLED:
    case DYNANTIC_ATTEMPT_TIMED_OUT:
    default:
      break;
    }

  if (state->attempts >= self->max_attempts)
    return DYNANTIC_RETRY_NO_ATTEMPTS_LEFT;

  cost = dynantic_retry_quota_acquire (&self->quota, outcome);
  if (cost == 0)
    return DYNANTIC_RETRY_NO_QUOTA;

  state->quota_held = cost;
  *base = outcome == DYNANTIC_ATTEMPT_THROTTLED ? self->throttled_base : self->base;
  return DYNANTIC_RETRY_AGAIN;
}

DynanticRetryDecision
dynantic_retry_policy_after_attempt (DynanticRetryPolicy    *self,
                                     DynanticRetryState     *state,
                                     DynanticAttemptOutcome  outcome,
                                     gint64                  now,
                                     GTimeSpan              *delay)
{
  DynanticRetryDecision decision;
  DynanticRetryRandomFunc random;
  DynanticRetryObserver observer;
  gpointer observer_data;
  GTimeSpan base = 0;
  GTimeSpan cap;

  g_mutex_lock (&self->lock);
  state->attempts++;
  if (self->mode == DYNANTIC_RETRY_MODE_ADAPTIVE)
    dynantic_rate_limiter_update (&self->limiter, outcome == DYNANTIC_ATTEMPT_THROTTLED,
                                  to_seconds (now));
  decision = decide_locked (self, state, outcome, &base);
  cap = self->cap;
  random = self->random;
  observer = self->observer;
  observer_data = self->observer_data;
  g_mutex_unlock (&self->lock);

  if (decision == DYNANTIC_RETRY_AGAIN)
    *delay = draw_backoff (base, cap, state->attempts - 1, random, observer, observer_data);

  return decision;
}

guint
dynantic_retry_policy_get_quota (DynanticRetryPolicy *self)
{
  guint available;

  g_mutex_lock (&self->lock);
  available = self->quota.available;
  g_mutex_unlock (&self->lock);

  return available;
}

double
dynantic_retry_policy_get_send_rate (DynanticRetryPolicy *self)
{
  double rate;

  g_mutex_lock (&self->lock);
  rate = self->limiter.enabled ? self->limiter.fill_rate : 0;
  g_mutex_unlock (&self->lock);

  return rate;
}

/* zlib's, which works a word at a time (and is in every libsoup process). */
guint32
dynantic_crc32 (gconstpointer data,
                gsize         length)
{
  return (guint32) crc32_z (0, data, length);
}
