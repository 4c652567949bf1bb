/* dynantic-aws-json-private.h: the small JSON documents credentials
 * sources answer with (credential_process, the container and instance
 * metadata endpoints, SSO), read defensively
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* @data as a JSON object; NULL when it is not UTF-8 (or holds a NUL), is
 * nested deeper than any credentials document, is not JSON or not an
 * object. Nothing is logged: @data holds secrets. */
JsonObject *dynantic_aws_json_parse_object (const char *data,
                                            gsize       size);
/* The member's value when it is a string, else NULL (never a critical). */
const char *dynantic_aws_json_get_string   (JsonObject *object,
                                            const char *member);
/* The member's value when it is an integer. */
gboolean    dynantic_aws_json_get_int      (JsonObject *object,
                                            const char *member,
                                            gint64     *value);

G_END_DECLS
