/* test-retry.c: the retry policy, quota, backoff and adaptive rate limiter,
 * with a fake clock
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic-retry-private.h"
#include "dynantic-watchdog-private.h"

#define MS G_TIME_SPAN_MILLISECOND

static void
test_classify (void)
{
  g_autoptr(GError) timed_out = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "t");
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "c");
  g_autoptr(GError) reset = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "r");
  g_autoptr(GError) refused = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, "r");
  g_autoptr(GError) tls = g_error_new_literal (G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE, "b");

  g_assert_cmpint (dynantic_attempt_classify (200, NULL, NULL), ==, DYNANTIC_ATTEMPT_SUCCEEDED);
  g_assert_cmpint (dynantic_attempt_classify (400, "ThrottlingException", NULL), ==, DYNANTIC_ATTEMPT_THROTTLED);
  g_assert_cmpint (dynantic_attempt_classify (400, "ProvisionedThroughputExceededException", NULL), ==,
                   DYNANTIC_ATTEMPT_THROTTLED);
  g_assert_cmpint (dynantic_attempt_classify (400, "RequestLimitExceeded", NULL), ==, DYNANTIC_ATTEMPT_THROTTLED);
  g_assert_cmpint (dynantic_attempt_classify (429, NULL, NULL), ==, DYNANTIC_ATTEMPT_THROTTLED);
  g_assert_cmpint (dynantic_attempt_classify (500, "InternalServerError", NULL), ==, DYNANTIC_ATTEMPT_TRANSIENT);
  g_assert_cmpint (dynantic_attempt_classify (503, NULL, NULL), ==, DYNANTIC_ATTEMPT_TRANSIENT);
  g_assert_cmpint (dynantic_attempt_classify (501, NULL, NULL), ==, DYNANTIC_ATTEMPT_FAILED);
  g_assert_cmpint (dynantic_attempt_classify (400, "RequestTimeoutException", NULL), ==, DYNANTIC_ATTEMPT_TRANSIENT);
  g_assert_cmpint (dynantic_attempt_classify (400, "ValidationException", NULL), ==, DYNANTIC_ATTEMPT_FAILED);
  g_assert_cmpint (dynantic_attempt_classify (400, "ConditionalCheckFailedException", NULL), ==,
                   DYNANTIC_ATTEMPT_FAILED);
  g_assert_cmpint (dynantic_attempt_classify (400, "TransactionCanceledException", NULL), ==,
                   DYNANTIC_ATTEMPT_FAILED);
  g_assert_cmpint (dynantic_attempt_classify (403, "AccessDeniedException", NULL), ==, DYNANTIC_ATTEMPT_FAILED);
  g_assert_cmpint (dynantic_attempt_classify (404, NULL, NULL), ==, DYNANTIC_ATTEMPT_FAILED);
  g_assert_cmpint (dynantic_attempt_classify (0, NULL, timed_out), ==, DYNANTIC_ATTEMPT_TIMED_OUT);
  g_assert_cmpint (dynantic_attempt_classify (0, NULL, cancelled), ==, DYNANTIC_ATTEMPT_FAILED);
  g_assert_cmpint (dynantic_attempt_classify (0, NULL, reset), ==, DYNANTIC_ATTEMPT_TRANSIENT);
  g_assert_cmpint (dynantic_attempt_classify (0, NULL, refused), ==, DYNANTIC_ATTEMPT_TRANSIENT);
  g_assert_cmpint (dynantic_attempt_classify (0, NULL, tls), ==, DYNANTIC_ATTEMPT_FAILED);
}

static void
test_backoff_ceiling (void)
{
  GTimeSpan base = DYNANTIC_RETRY_BASE_DELAY;
  GTimeSpan cap = DYNANTIC_RETRY_MAX_DELAY;

  g_assert_cmpint (dynantic_retry_backoff_ceiling (base, cap, 0), ==, 25 * MS);
  g_assert_cmpint (dynantic_retry_backoff_ceiling (base, cap, 1), ==, 50 * MS);
  g_assert_cmpint (dynantic_retry_backoff_ceiling (base, cap, 4), ==, 400 * MS);
  g_assert_cmpint (dynantic_retry_backoff_ceiling (base, cap, 9), ==, 12800 * MS);
  g_assert_cmpint (dynantic_retry_backoff_ceiling (base, cap, 10), ==, 20000 * MS);
  g_assert_cmpint (dynantic_retry_backoff_ceiling (base, cap, 61), ==, cap);
  g_assert_cmpint (dynantic_retry_backoff_ceiling (base, cap, 62), ==, cap);
  g_assert_cmpint (dynantic_retry_backoff_ceiling (base, cap, 1000), ==, cap);
  g_assert_cmpint (dynantic_retry_backoff_ceiling (DYNANTIC_RETRY_THROTTLED_BASE_DELAY, cap, 0), ==, 1000 * MS);
  g_assert_cmpint (dynantic_retry_backoff_ceiling (DYNANTIC_RETRY_THROTTLED_BASE_DELAY, cap, 5), ==, 20000 * MS);
  g_assert_cmpint (dynantic_retry_backoff_ceiling (0, cap, 3), ==, 0);
}

static void
test_backoff_delay_bounds (void)
{
  GTimeSpan base = DYNANTIC_RETRY_BASE_DELAY;
  GTimeSpan cap = DYNANTIC_RETRY_MAX_DELAY;

  g_assert_cmpint (dynantic_retry_backoff_delay (base, cap, 0, 0.0), ==, 0);
  g_assert_cmpint (dynantic_retry_backoff_delay (base, cap, 0, 0.5), ==, 12500);
  g_assert_cmpint (dynantic_retry_backoff_delay (base, cap, 2, 0.25), ==, 25 * MS);
  g_assert_cmpint (dynantic_retry_backoff_delay (base, cap, 30, 0.5), ==, 10000 * MS);

  for (guint retry = 0; retry < 20; retry++)
    {
      GTimeSpan ceiling = dynantic_retry_backoff_ceiling (base, cap, retry);

      for (guint i = 0; i < 200; i++)
        {
          GTimeSpan delay = dynantic_retry_backoff_delay (base, cap, retry, g_random_double ());

          g_assert_cmpint (delay, >=, 0);
          g_assert_cmpint (delay, <, ceiling);
        }
      g_assert_cmpint (dynantic_retry_backoff_delay (base, cap, retry, 0.999999), <, ceiling);
    }
}

static void
test_quota_arithmetic (void)
{
  DynanticRetryQuota quota;

  dynantic_retry_quota_init (&quota);
  g_assert_cmpuint (quota.available, ==, 500);

  g_assert_cmpuint (dynantic_retry_quota_acquire (&quota, DYNANTIC_ATTEMPT_TRANSIENT), ==, 5);
  g_assert_cmpuint (dynantic_retry_quota_acquire (&quota, DYNANTIC_ATTEMPT_THROTTLED), ==, 5);
  g_assert_cmpuint (dynantic_retry_quota_acquire (&quota, DYNANTIC_ATTEMPT_TIMED_OUT), ==, 10);
  g_assert_cmpuint (quota.available, ==, 480);

  /* a success after a retry gives back what that retry took */
  dynantic_retry_quota_release (&quota, 10);
  g_assert_cmpuint (quota.available, ==, 490);
  /* a success without retries earns one token */
  dynantic_retry_quota_release (&quota, 0);
  g_assert_cmpuint (quota.available, ==, 491);

  /* never above the capacity */
  for (guint i = 0; i < 20; i++)
    dynantic_retry_quota_release (&quota, 0);
  g_assert_cmpuint (quota.available, ==, 500);
  dynantic_retry_quota_release (&quota, 5);
  g_assert_cmpuint (quota.available, ==, 500);

  /* running dry: 100 retries, then none */
  for (guint i = 0; i < 100; i++)
    g_assert_cmpuint (dynantic_retry_quota_acquire (&quota, DYNANTIC_ATTEMPT_TRANSIENT), ==, 5);
  g_assert_cmpuint (quota.available, ==, 0);
  g_assert_cmpuint (dynantic_retry_quota_acquire (&quota, DYNANTIC_ATTEMPT_TRANSIENT), ==, 0);
  g_assert_cmpuint (quota.available, ==, 0);

  /* 9 left: enough for a retry, not for a retry after a timeout */
  for (guint i = 0; i < 9; i++)
    dynantic_retry_quota_release (&quota, 0);
  g_assert_cmpuint (dynantic_retry_quota_acquire (&quota, DYNANTIC_ATTEMPT_TIMED_OUT), ==, 0);
  g_assert_cmpuint (quota.available, ==, 9);
  g_assert_cmpuint (dynantic_retry_quota_acquire (&quota, DYNANTIC_ATTEMPT_TRANSIENT), ==, 5);
  g_assert_cmpuint (quota.available, ==, 4);
}

static void
test_policy_decisions (void)
{
  g_autoptr(DynanticRetryPolicy) policy = dynantic_retry_policy_new (DYNANTIC_RETRY_MODE_STANDARD, 3, 0);
  DynanticRetryState state = { 0 };
  GTimeSpan delay = -1;

  /* not retryable: stops at once and costs nothing */
  g_assert_cmpint (dynantic_retry_policy_after_attempt (policy, &state, DYNANTIC_ATTEMPT_FAILED, 0, &delay),
                   ==, DYNANTIC_RETRY_STOP);
  g_assert_cmpuint (state.attempts, ==, 1);
  g_assert_cmpint (delay, ==, -1);
  g_assert_cmpuint (dynantic_retry_policy_get_quota (policy), ==, 500);

  /* three attempts at most */
  memset (&state, 0, sizeof state);
  g_assert_cmpint (dynantic_retry_policy_after_attempt (policy, &state, DYNANTIC_ATTEMPT_TRANSIENT, 0, &delay),
                   ==, DYNANTIC_RETRY_AGAIN);
  g_assert_cmpint (dynantic_retry_policy_after_attempt (policy, &state, DYNANTIC_ATTEMPT_TIMED_OUT, 0, &delay),
                   ==, DYNANTIC_RETRY_AGAIN);
  g_assert_cmpuint (state.quota_held, ==, 10);
  g_assert_cmpuint (dynantic_retry_policy_get_quota (policy), ==, 485);
  g_assert_cmpint (dynantic_retry_policy_after_attempt (policy, &state, DYNANTIC_ATTEMPT_THROTTLED, 0, &delay),
                   ==, DYNANTIC_RETRY_NO_ATTEMPTS_LEFT);
  g_assert_cmpuint (state.attempts, ==, 3);
  g_assert_cmpuint (dynantic_retry_policy_get_quota (policy), ==, 485);

  /* success after a retry refunds that retry's cost */
  memset (&state, 0, sizeof state);
  g_assert_cmpint (dynantic_retry_policy_after_attempt (policy, &state, DYNANTIC_ATTEMPT_THROTTLED, 0, &delay),
                   ==, DYNANTIC_RETRY_AGAIN);
  g_assert_cmpuint (dynantic_retry_policy_get_quota (policy), ==, 480);
  g_assert_cmpint (dynantic_retry_policy_after_attempt (policy, &state, DYNANTIC_ATTEMPT_SUCCEEDED, 0, &delay),
                   ==, DYNANTIC_RETRY_STOP);
  g_assert_cmpuint (dynantic_retry_policy_get_quota (policy), ==, 485);
  g_assert_cmpuint (state.quota_held, ==, 0);

  /* success at first try earns one */
  memset (&state, 0, sizeof state);
  dynantic_retry_policy_after_attempt (policy, &state, DYNANTIC_ATTEMPT_SUCCEEDED, 0, &delay);
  g_assert_cmpuint (dynantic_retry_policy_get_quota (policy), ==, 486);
}

static void
test_policy_quota_runs_dry (void)
{
  g_autoptr(DynanticRetryPolicy) policy = dynantic_retry_policy_new (DYNANTIC_RETRY_MODE_STANDARD, 100, 0);
  DynanticRetryState state = { 0 };
  GTimeSpan delay;
  guint retries = 0;

  dynantic_retry_policy_set_backoff (policy, 1, 1, 1);
  while (dynantic_retry_policy_after_attempt (policy, &state, DYNANTIC_ATTEMPT_TRANSIENT, 0, &delay) ==
         DYNANTIC_RETRY_AGAIN)
    retries++;
  g_assert_cmpuint (retries, ==, 99);
  g_assert_cmpuint (dynantic_retry_policy_get_quota (policy), ==, 5);

  memset (&state, 0, sizeof state);
  g_assert_cmpint (dynantic_retry_policy_after_attempt (policy, &state, DYNANTIC_ATTEMPT_TRANSIENT, 0, &delay),
                   ==, DYNANTIC_RETRY_AGAIN);
  g_assert_cmpint (dynantic_retry_policy_after_attempt (policy, &state, DYNANTIC_ATTEMPT_TRANSIENT, 0, &delay),
                   ==, DYNANTIC_RETRY_NO_QUOTA);
  g_assert_cmpuint (dynantic_retry_policy_get_quota (policy), ==, 0);
}

/* The delays the policy computes stay within [0, min(cap, base * 2^n)]
 * before retry n, with the throttling base after throttling. */
static void
test_policy_delays (void)
{
  g_autoptr(DynanticRetryPolicy) policy = dynantic_retry_policy_new (DYNANTIC_RETRY_MODE_STANDARD, 12, 0);

  for (guint round = 0; round < 40; round++)
    {
      DynanticRetryState state = { 0 };
      DynanticAttemptOutcome outcome = round % 2 ? DYNANTIC_ATTEMPT_THROTTLED : DYNANTIC_ATTEMPT_TRANSIENT;
      GTimeSpan base = round % 2 ? DYNANTIC_RETRY_THROTTLED_BASE_DELAY : DYNANTIC_RETRY_BASE_DELAY;
      GTimeSpan delay;

      for (guint n = 0; n < 11; n++)
        {
          GTimeSpan ceiling = MIN (DYNANTIC_RETRY_MAX_DELAY, base << n);

          delay = -1;
          g_assert_cmpint (dynantic_retry_policy_after_attempt (policy, &state, outcome, 0, &delay),
                           ==, DYNANTIC_RETRY_AGAIN);
          g_assert_cmpint (delay, >=, 0);
          g_assert_cmpint (delay, <, ceiling);
        }
      /* give the quota back for the next round */
      dynantic_retry_policy_after_attempt (policy, &state, DYNANTIC_ATTEMPT_SUCCEEDED, 0, &delay);
      for (guint i = 0; i < 100; i++)
        {
          DynanticRetryState fresh = { 0 };

          dynantic_retry_policy_after_attempt (policy, &fresh, DYNANTIC_ATTEMPT_SUCCEEDED, 0, &delay);
        }
    }
}

static void
test_policy_shortened_backoff (void)
{
  g_autoptr(DynanticRetryPolicy) policy = dynantic_retry_policy_new (DYNANTIC_RETRY_MODE_STANDARD, 50, 0);
  DynanticRetryState state = { 0 };

  dynantic_retry_policy_set_backoff (policy, 100, 200, 1000);
  for (guint n = 0; n < 49; n++)
    {
      GTimeSpan delay = -1;

      g_assert_cmpint (dynantic_retry_policy_after_attempt (policy, &state, DYNANTIC_ATTEMPT_THROTTLED, 0, &delay),
                       ==, DYNANTIC_RETRY_AGAIN);
      g_assert_cmpint (delay, >=, 0);
      g_assert_cmpint (delay, <, MIN (1000, (GTimeSpan) 200 << MIN (n, 20)));
    }
}

static void
test_standard_mode_never_limits (void)
{
  g_autoptr(DynanticRetryPolicy) policy = dynantic_retry_policy_new (DYNANTIC_RETRY_MODE_STANDARD, 3, 0);

  for (guint i = 0; i < 10; i++)
    {
      DynanticRetryState state = { 0 };
      GTimeSpan delay;

      dynantic_retry_policy_after_attempt (policy, &state, DYNANTIC_ATTEMPT_THROTTLED, i, &delay);
      g_assert_cmpint (dynantic_retry_policy_wait_to_send (policy, i), ==, 0);
    }
  g_assert_cmpfloat (dynantic_retry_policy_get_send_rate (policy), ==, 0);
}

/* Expected values: botocore 1.29's ClientRateLimiter, TokenBucket and
 * CubicCalculator driven through the same fake-clock scenario. */
static void
test_rate_limiter_follows_cubic (void)
{
  DynanticRateLimiter limiter;

  dynantic_rate_limiter_init (&limiter, 0);
  g_assert_false (limiter.enabled);
  g_assert_cmpfloat (dynantic_rate_limiter_acquire (&limiter, 0), ==, 0);

  /* ten successes a second for two seconds */
  for (guint i = 1; i <= 20; i++)
    {
      dynantic_rate_limiter_update (&limiter, FALSE, i / 10.0);
      if (i == 5)
        g_assert_cmpfloat_with_epsilon (limiter.measured_rate, 8, 1e-9);
    }
  g_assert_false (limiter.enabled);
  g_assert_cmpfloat_with_epsilon (limiter.measured_rate, 9.984, 1e-9);
  g_assert_cmpfloat_with_epsilon (limiter.fill_rate, 3.2, 1e-9);
  g_assert_cmpfloat_with_epsilon (limiter.capacity, 1.923, 1e-9);
  /* not limiting until the service throttles */
  g_assert_cmpfloat (dynantic_rate_limiter_acquire (&limiter, 2.0), ==, 0);

  /* the first throttle: 70% of the measured rate */
  dynantic_rate_limiter_update (&limiter, TRUE, 2.05);
  g_assert_true (limiter.enabled);
  g_assert_cmpfloat_with_epsilon (limiter.fill_rate, 6.9888, 1e-9);
  g_assert_cmpfloat_with_epsilon (limiter.max_capacity, 6.9888, 1e-9);
  g_assert_cmpfloat_with_epsilon (limiter.capacity, 2.083, 1e-9);

  /* growing back along the cubic curve, capped at twice the measured rate */
  dynantic_rate_limiter_update (&limiter, FALSE, 2.5);
  g_assert_cmpfloat_with_epsilon (limiter.fill_rate, 8.6166753077921072, 1e-9);
  g_assert_cmpfloat_with_epsilon (limiter.measured_rate, 5.1968, 1e-9);
  dynantic_rate_limiter_update (&limiter, FALSE, 3.0);
  g_assert_cmpfloat_with_epsilon (limiter.fill_rate, 5.27872, 1e-9);

  /* a second throttle, from the lower of the measured and the allowed rate */
  dynantic_rate_limiter_update (&limiter, TRUE, 4.0);
  g_assert_cmpfloat_with_epsilon (limiter.fill_rate, 0.9295104, 1e-9);
  g_assert_cmpfloat_with_epsilon (limiter.capacity, 1, 1e-9);
  g_assert_cmpfloat_with_epsilon (limiter.max_capacity, 1, 1e-9);

  /* one token now, the next one 1 / 0.9295104 s later */
  g_assert_cmpfloat (dynantic_rate_limiter_acquire (&limiter, 4.0), ==, 0);
  g_assert_cmpfloat_with_epsilon (dynantic_rate_limiter_acquire (&limiter, 4.0), 1 / 0.9295104, 1e-9);
  g_assert_cmpfloat_with_epsilon (dynantic_rate_limiter_acquire (&limiter, 4.5), 1 / 0.9295104 - 0.5, 1e-9);

  dynantic_rate_limiter_update (&limiter, FALSE, 6.0);
  g_assert_cmpfloat_with_epsilon (limiter.fill_rate, 1.3311488, 1e-9);
  dynantic_rate_limiter_update (&limiter, FALSE, 8.0);
  g_assert_cmpfloat_with_epsilon (limiter.fill_rate, 1.06622976, 1e-9);
  g_assert_cmpfloat_with_epsilon (limiter.measured_rate, 0.53311488, 1e-9);
}

static void
test_rate_limiter_floor (void)
{
  DynanticRateLimiter limiter;

  /* throttled at once, before any rate was measured: the slowest rate */
  dynantic_rate_limiter_init (&limiter, 100);
  dynantic_rate_limiter_update (&limiter, TRUE, 100.1);
  g_assert_true (limiter.enabled);
  g_assert_cmpfloat (limiter.fill_rate, ==, 0.5);
  g_assert_cmpfloat (limiter.max_capacity, ==, 1);

  /* the bucket had filled at 1 token/s for 0.1 s: 0.9 tokens missing */
  g_assert_cmpfloat_with_epsilon (dynantic_rate_limiter_acquire (&limiter, 100.1), 0.9 / 0.5, 1e-9);
  g_assert_cmpfloat (dynantic_rate_limiter_acquire (&limiter, 102.0), ==, 0);
  g_assert_cmpfloat_with_epsilon (dynantic_rate_limiter_acquire (&limiter, 102.0), 2.0, 1e-9);
}

static void
test_policy_adaptive_waits (void)
{
  g_autoptr(DynanticRetryPolicy) policy = dynantic_retry_policy_new (DYNANTIC_RETRY_MODE_ADAPTIVE, 3, 0);
  DynanticRetryState state = { 0 };
  GTimeSpan delay;

  g_assert_cmpint (dynantic_retry_policy_wait_to_send (policy, 0), ==, 0);
  g_assert_cmpfloat (dynantic_retry_policy_get_send_rate (policy), ==, 0);

  g_assert_cmpint (dynantic_retry_policy_after_attempt (policy, &state, DYNANTIC_ATTEMPT_THROTTLED,
                                                        100 * MS, &delay), ==, DYNANTIC_RETRY_AGAIN);
  g_assert_cmpfloat (dynantic_retry_policy_get_send_rate (policy), ==, 0.5);
  /* 0.1 token earned at 1/s; 0.9 missing at 0.5/s */
  g_assert_cmpint (dynantic_retry_policy_wait_to_send (policy, 100 * MS), ==, 1800 * MS);
  g_assert_cmpint (dynantic_retry_policy_wait_to_send (policy, 2000 * MS), ==, 0);
}

static void
test_crc32 (void)
{
  const char *check = "123456789";
  const char *empty_object = "{}";

  g_assert_cmpuint (dynantic_crc32 (NULL, 0), ==, 0);
  g_assert_cmpuint (dynantic_crc32 (check, strlen (check)), ==, 0xCBF43926u);
  g_assert_cmpuint (dynantic_crc32 ("a", 1), ==, 0xE8B7BE43u);
  /* what DynamoDB sends with an empty response */
  g_assert_cmpuint (dynantic_crc32 (empty_object, 2), ==, 2745614147u);
}

/* The CRC-32 one bit at a time, straight from its definition (reflected
 * polynomial 0xEDB88320): the reference the word-at-a-time one must match. */
static guint32
crc32_bitwise (const guint8 *bytes,
               gsize         length)
{
  guint32 crc = 0xFFFFFFFFu;

  for (gsize i = 0; i < length; i++)
    {
      crc ^= bytes[i];
      for (int k = 0; k < 8; k++)
        crc = (crc & 1) ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
    }
  return crc ^ 0xFFFFFFFFu;
}

/* A body of 1 MiB plus a few bytes (not a multiple of any word or block
 * size), and each of its first lengths and alignments up to 64. */
static void
test_crc32_large (void)
{
  gsize length = (1 << 20) + 13;
  g_autofree guint8 *data = g_malloc (length);
  guint32 state = 0x12345678u;

  for (gsize i = 0; i < length; i++)
    {
      state = state * 1103515245u + 12345u;
      data[i] = (guint8) (state >> 16);
    }

  g_assert_cmpuint (dynantic_crc32 (data, length), ==, crc32_bitwise (data, length));
  for (gsize offset = 0; offset < 8; offset++)
    for (gsize n = 0; n <= 64; n++)
      g_assert_cmpuint (dynantic_crc32 (data + offset, n), ==, crc32_bitwise (data + offset, n));
}

/* Deadlines fire in their order, whatever the order they were armed in; a
 * disarmed one never fires. (Only the order is checked, never a time.) */
static void
test_watchdog_order (void)
{
  g_autoptr(GCancellable) late = g_cancellable_new ();
  g_autoptr(GCancellable) early = g_cancellable_new ();
  g_autoptr(GCancellable) disarmed = g_cancellable_new ();
  DynanticWatchdogEntry late_entry = { 0 };
  DynanticWatchdogEntry early_entry = { 0 };
  DynanticWatchdogEntry disarmed_entry = { 0 };
  gint64 now = g_get_monotonic_time ();

  dynantic_watchdog_arm (&late_entry, late, now + 60 * MS);
  dynantic_watchdog_arm (&early_entry, early, now + 10 * MS);
  dynantic_watchdog_arm (&disarmed_entry, disarmed, now + 30 * MS);
  dynantic_watchdog_disarm (&disarmed_entry);

  while (!g_cancellable_is_cancelled (late))
    g_usleep (MS);
  g_assert_true (g_cancellable_is_cancelled (early));
  g_assert_false (g_cancellable_is_cancelled (disarmed));

  /* disarming after the deadline fired is harmless, and so is twice */
  dynantic_watchdog_disarm (&late_entry);
  dynantic_watchdog_disarm (&early_entry);
  dynantic_watchdog_disarm (&early_entry);
}

/* An earlier deadline armed while the watchdog sleeps towards a later one
 * wakes it. */
static void
test_watchdog_earlier_deadline_wakes (void)
{
  g_autoptr(GCancellable) far = g_cancellable_new ();
  g_autoptr(GCancellable) near = g_cancellable_new ();
  DynanticWatchdogEntry far_entry = { 0 };
  DynanticWatchdogEntry near_entry = { 0 };

  dynantic_watchdog_arm (&far_entry, far, g_get_monotonic_time () + 3600 * G_TIME_SPAN_SECOND);
  g_usleep (5 * MS);
  dynantic_watchdog_arm (&near_entry, near, g_get_monotonic_time () + 5 * MS);
  while (!g_cancellable_is_cancelled (near))
    g_usleep (MS);
  g_assert_false (g_cancellable_is_cancelled (far));
  dynantic_watchdog_disarm (&far_entry);
  dynantic_watchdog_disarm (&near_entry);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/retry/classify", test_classify);
  g_test_add_func ("/retry/backoff/ceiling", test_backoff_ceiling);
  g_test_add_func ("/retry/backoff/delay-bounds", test_backoff_delay_bounds);
  g_test_add_func ("/retry/quota/arithmetic", test_quota_arithmetic);
  g_test_add_func ("/retry/policy/decisions", test_policy_decisions);
  g_test_add_func ("/retry/policy/quota-runs-dry", test_policy_quota_runs_dry);
  g_test_add_func ("/retry/policy/delays", test_policy_delays);
  g_test_add_func ("/retry/policy/shortened-backoff", test_policy_shortened_backoff);
  g_test_add_func ("/retry/policy/standard-never-limits", test_standard_mode_never_limits);
  g_test_add_func ("/retry/policy/adaptive-waits", test_policy_adaptive_waits);
  g_test_add_func ("/retry/rate-limiter/cubic", test_rate_limiter_follows_cubic);
  g_test_add_func ("/retry/rate-limiter/floor", test_rate_limiter_floor);
  g_test_add_func ("/retry/crc32", test_crc32);
  g_test_add_func ("/retry/crc32-large", test_crc32_large);
  g_test_add_func ("/retry/watchdog/order", test_watchdog_order);
  g_test_add_func ("/retry/watchdog/earlier-deadline-wakes", test_watchdog_earlier_deadline_wakes);

  return g_test_run ();
}
