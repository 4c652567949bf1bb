/* dynantic-credentials-cache-private.h: a client's credentials, loaded once
 * and refreshed ahead of their expiry, one refresh at a time
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dynantic-credentials.h"

G_BEGIN_DECLS

/* The AWS SDKs' windows (botocore's _DEFAULT_ADVISORY_REFRESH_TIMEOUT and
 * _DEFAULT_MANDATORY_REFRESH_TIMEOUT): within the advisory one, credentials
 * are refreshed while calls go on signing with them; within the mandatory
 * one, calls wait for fresh credentials. */
#define DYNANTIC_CREDENTIALS_ADVISORY_WINDOW (15 * G_TIME_SPAN_MINUTE)
#define DYNANTIC_CREDENTIALS_MANDATORY_WINDOW (10 * G_TIME_SPAN_MINUTE)
/* How long after an advisory refresh (failed, or whose credentials are
 * still inside the window) the next one may start: short-lived
 * credentials and a failing source are not asked again at every call. */
#define DYNANTIC_CREDENTIALS_ADVISORY_RETRY (1 * G_TIME_SPAN_MINUTE)

/* Reference counted and safe to share between threads. A refresh runs in
 * the thread of the call that needs it: an asynchronous call's refresh runs
 * in its thread-default main context through the provider's load_async()
 * (so a provider written in GJS is called on its main thread), a
 * synchronous call's in its own thread through load(). Concurrent calls that
 * need fresh credentials wait for the refresh in flight rather than start
 * their own; no lock is held while a provider loads. */
typedef struct _DynanticCredentialsCache DynanticCredentialsCache;

/* The clock the windows are measured with: real time in microseconds. */
typedef gint64 (*DynanticCredentialsClock) (gpointer data);

DynanticCredentialsCache *dynantic_credentials_cache_new         (DynanticCredentialsProvider  *provider);
DynanticCredentialsCache *dynantic_credentials_cache_ref         (DynanticCredentialsCache     *self);
void                      dynantic_credentials_cache_unref       (DynanticCredentialsCache     *self);

/* A refresh no call waits for (one started in the advisory window) is
 * cancelled after @timeout (default 60 s); 0 leaves it unbounded. */
void                      dynantic_credentials_cache_set_refresh_timeout (DynanticCredentialsCache *self,
                                                                          GTimeSpan                 timeout);
/* For tests: the clock, and how many refreshes have started. */
void                      dynantic_credentials_cache_set_clock   (DynanticCredentialsCache     *self,
                                                                  DynanticCredentialsClock      clock,
                                                                  gpointer                      data);
guint                     dynantic_credentials_cache_get_refreshes (DynanticCredentialsCache   *self);

/* Credentials outside the advisory window, without waiting or starting
 * anything; NULL when the caller has to go through get() or get_async(). */
DynanticCredentials      *dynantic_credentials_cache_get_fresh   (DynanticCredentialsCache     *self);

/* Credentials to sign with now: the cached ones, refreshed first when
 * needed. Errors are the provider's, %G_IO_ERROR_CANCELLED when
 * @cancellable is cancelled first, or %DYNANTIC_ERROR_CREDENTIALS when the
 * provider gave credentials that have already expired. */
DynanticCredentials      *dynantic_credentials_cache_get         (DynanticCredentialsCache     *self,
                                                                  GCancellable                 *cancellable,
                                                                  GError                      **error);
/* The same without blocking: completes in the thread-default main context,
 * as soon as @cancellable is cancelled whatever the provider does. */
void                      dynantic_credentials_cache_get_async   (DynanticCredentialsCache     *self,
                                                                  GCancellable                 *cancellable,
                                                                  GAsyncReadyCallback           callback,
                                                                  gpointer                      user_data);
DynanticCredentials      *dynantic_credentials_cache_get_finish  (DynanticCredentialsCache     *self,
                                                                  GAsyncResult                 *result,
                                                                  GError                      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DynanticCredentialsCache, dynantic_credentials_cache_unref)

G_END_DECLS
