/* tsan-glib.c: GLib's locks made visible to ThreadSanitizer
 *
 * Linked into the test programs of a -Db_sanitize=thread build only. GLib
 * is not built with TSan, and on Linux its GMutex, GRecMutex, GRWLock and
 * GCond are futexes, which TSan does not see: every piece of data that
 * Dynantic (or a test) guards with them would be reported as a race. These
 * wrappers take the place of GLib's functions for the calls made from
 * instrumented code (the dynamic linker binds those to the program's own
 * definitions first), call GLib's, and tell TSan what they did: a lock is
 * an acquire of the lock's address, an unlock a release, a condition wait
 * both. g_once_init_leave() is a release of the location the instrumented
 * g_once_init_enter() macro then loads atomically.
 *
 * GLib's and libsoup's own uses of their locks stay invisible, as their
 * memory accesses are (uninstrumented code is not checked).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <dlfcn.h>

#include <glib.h>
#include <sanitizer/tsan_interface.h>

#define REAL(name, type) \
  static type real; \
  if (G_UNLIKELY (real == NULL)) \
    real = (type) dlsym (RTLD_NEXT, name)

typedef void     (*LockFunc)     (gpointer);
typedef gboolean (*TryLockFunc)  (gpointer);
typedef void     (*WaitFunc)     (GCond *, GMutex *);
typedef gboolean (*WaitUntilFunc) (GCond *, GMutex *, gint64);
typedef void     (*OnceLeaveFunc) (volatile void *, gsize);

#define WRAP_LOCK(name, type)                 \
  void name (type *lock);                     \
  void                                        \
  name (type *lock)                           \
  {                                           \
    REAL (#name, LockFunc);                   \
    real (lock);                              \
    __tsan_acquire (lock);                    \
  }

#define WRAP_UNLOCK(name, type)               \
  void name (type *lock);                     \
  void                                        \
  name (type *lock)                           \
  {                                           \
    REAL (#name, LockFunc);                   \
    __tsan_release (lock);                    \
    real (lock);                              \
  }

#define WRAP_TRYLOCK(name, type)              \
  gboolean name (type *lock);                 \
  gboolean                                    \
  name (type *lock)                           \
  {                                           \
    gboolean locked;                          \
    REAL (#name, TryLockFunc);                \
    locked = real (lock);                     \
    if (locked)                               \
      __tsan_acquire (lock);                  \
    return locked;                            \
  }

WRAP_LOCK (g_mutex_lock, GMutex)
WRAP_UNLOCK (g_mutex_unlock, GMutex)
WRAP_TRYLOCK (g_mutex_trylock, GMutex)
WRAP_LOCK (g_rec_mutex_lock, GRecMutex)
WRAP_UNLOCK (g_rec_mutex_unlock, GRecMutex)
WRAP_TRYLOCK (g_rec_mutex_trylock, GRecMutex)
WRAP_LOCK (g_rw_lock_writer_lock, GRWLock)
WRAP_UNLOCK (g_rw_lock_writer_unlock, GRWLock)
WRAP_LOCK (g_rw_lock_reader_lock, GRWLock)
WRAP_UNLOCK (g_rw_lock_reader_unlock, GRWLock)

void
g_cond_wait (GCond  *cond,
             GMutex *mutex)
{
  REAL ("g_cond_wait", WaitFunc);
  __tsan_release (mutex);
  real (cond, mutex);
  __tsan_acquire (mutex);
}

gboolean
g_cond_wait_until (GCond  *cond,
                   GMutex *mutex,
                   gint64  end_time)
{
  gboolean signalled;

  REAL ("g_cond_wait_until", WaitUntilFunc);
  __tsan_release (mutex);
  signalled = real (cond, mutex, end_time);
  __tsan_acquire (mutex);
  return signalled;
}

void
(g_once_init_leave) (volatile void *location,
                     gsize          result)
{
  REAL ("g_once_init_leave", OnceLeaveFunc);
  __tsan_release ((void *) location);
  real (location, result);
}
