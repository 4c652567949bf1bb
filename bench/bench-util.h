/* bench-util.h: what the C benchmark programs share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The same rules as bench/benchlib.py and bench/go/peer.go, so the figures
 * compare: `warmup` unmeasured operations (10% of the count, at least 1), then
 * operations until the count is reached or --seconds have passed (at least
 * one); client CPU = user+sys of the process (getrusage RUSAGE_SELF, every
 * thread) over the measured loop only, per operation; throughput = operations
 * per wall-clock second. Each program prints one JSON line (see
 * bench/README.md, "Protocol").
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define BENCH_ERROR (bench_error_quark ())

typedef enum {
  BENCH_ERROR_NOT_AVAILABLE,  /* the workload has no implementation yet: reported as null / n/a */
  BENCH_ERROR_FAILED,         /* an operation gave a wrong answer */
} BenchError;

GQuark bench_error_quark (void);

typedef struct {
  char       *endpoint;
  char       *region;
  char       *table;
  char       *scan_table;
  char       *item_path;
  int         ops;
  double      seconds;
  char       *workloads;
  char       *check_write;
  char       *check_read;
  gboolean    list;
  JsonObject *spec;         /* bench/item.json */
} BenchOptions;

/* One workload's bounds. A count of 0 is a probe: the workload sets up what
 * it needs and returns an empty result without running anything, so that
 * --list knows it is available. */
typedef struct {
  guint  count;
  guint  warmup;
  double seconds;
  guint  in_flight;  /* the workload's BenchWorkload.in_flight */
} BenchPlan;

/* Performs up to @n operations, stopping once g_get_monotonic_time() passes
 * @deadline; returns how many it did, or 0 with @error set. */
typedef guint       (*BenchRunFunc)       (gpointer           data,
                                           guint              n,
                                           gint64             deadline,
                                           GError           **error);
/* One operation. */
typedef gboolean    (*BenchOpFunc)        (gpointer           data,
                                           GError           **error);
/* Starts one asynchronous operation; its callback must end with
 * bench_in_flight_done(). */
typedef struct _BenchInFlight BenchInFlight;
typedef void        (*BenchStartFunc)     (gpointer           data,
                                           BenchInFlight     *in_flight);
/* A measured workload: returns its result object, or NULL with @error set
 * (BENCH_ERROR_NOT_AVAILABLE when it has no implementation yet). */
typedef JsonObject *(*BenchWorkloadFunc)  (gpointer           context,
                                           const BenchPlan   *plan,
                                           GError           **error);

typedef struct {
  const char        *name;
  BenchWorkloadFunc  run;
  guint              in_flight;  /* for asynchronous workloads: requests in flight */
} BenchWorkload;

typedef struct {
  const char          *name;
  const BenchWorkload *workloads;
  gsize                n_workloads;
  /* check mode: write the shared item under pk; read the item under pk back
   * as DynamoDB JSON (NULL without error when absent) */
  gboolean           (*check_put) (gpointer context, const char *pk, GError **error);
  JsonObject        *(*check_get) (gpointer context, const char *pk, GError **error);
} BenchPeer;

gboolean     bench_options_parse          (BenchOptions       *options,
                                           int                *argc,
                                           char             ***argv,
                                           const char         *summary,
                                           GError            **error);
void         bench_options_clear          (BenchOptions       *options);

const char  *bench_spec_partition         (BenchOptions       *options,
                                           const char         *name);
gint64       bench_spec_size              (BenchOptions       *options,
                                           const char         *name);
JsonObject  *bench_get_request            (BenchOptions       *options,
                                           const char         *pk);
JsonObject  *bench_put_request            (BenchOptions       *options,
                                           const char         *pk);
JsonObject  *bench_query_request          (BenchOptions       *options,
                                           const char         *pk);
JsonObject  *bench_response_item          (JsonObject         *response);

JsonObject  *bench_measure                (BenchRunFunc        run,
                                           gpointer            data,
                                           const BenchPlan    *plan,
                                           GError            **error);
JsonObject  *bench_measure_sequential     (BenchOpFunc         op,
                                           gpointer            data,
                                           const BenchPlan    *plan,
                                           GError            **error);
JsonObject  *bench_measure_in_flight      (BenchStartFunc      start,
                                           gpointer            data,
                                           const BenchPlan    *plan,
                                           GError            **error);
void         bench_in_flight_done         (BenchInFlight      *in_flight,
                                           GError             *error);

gpointer     bench_not_available          (GError            **error);
/* user+sys CPU seconds of the process so far (getrusage RUSAGE_SELF) */
double       bench_cpu_seconds            (void);
double       bench_peak_rss_mb            (void);
char        *bench_to_json                (JsonObject         *object);

int          bench_run                    (const BenchPeer    *peer,
                                           gpointer            context,
                                           BenchOptions       *options);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BenchOptions, bench_options_clear)

G_END_DECLS
