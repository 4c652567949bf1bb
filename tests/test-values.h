/* test-values.h: GValues written inline, for tests that build conditions
 *
 * VALUE_INT (3) is a GValue living until the end of the enclosing block;
 * strings are static, so none of these needs unsetting.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib-object.h>

static inline GValue *
test_value_int (GValue *value,
                gint    number)
{
  g_value_init (value, G_TYPE_INT);
  g_value_set_int (value, number);
  return value;
}

static inline GValue *
test_value_int64 (GValue *value,
                  gint64  number)
{
  g_value_init (value, G_TYPE_INT64);
  g_value_set_int64 (value, number);
  return value;
}

static inline GValue *
test_value_double (GValue *value,
                   double  number)
{
  g_value_init (value, G_TYPE_DOUBLE);
  g_value_set_double (value, number);
  return value;
}

static inline GValue *
test_value_boolean (GValue   *value,
                    gboolean  truth)
{
  g_value_init (value, G_TYPE_BOOLEAN);
  g_value_set_boolean (value, truth);
  return value;
}

static inline GValue *
test_value_string (GValue     *value,
                   const char *text)
{
  g_value_init (value, G_TYPE_STRING);
  g_value_set_static_string (value, text);
  return value;
}

#define VALUE_INT(n)     (test_value_int (&(GValue) G_VALUE_INIT, (n)))
#define VALUE_INT64(n)   (test_value_int64 (&(GValue) G_VALUE_INIT, (n)))
#define VALUE_DOUBLE(d)  (test_value_double (&(GValue) G_VALUE_INIT, (d)))
#define VALUE_BOOLEAN(b) (test_value_boolean (&(GValue) G_VALUE_INIT, (b)))
#define VALUE_STRING(s)  (test_value_string (&(GValue) G_VALUE_INIT, (s)))
