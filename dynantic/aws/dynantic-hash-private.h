/* dynantic-hash-private.h: SHA-256 and HMAC-SHA256, one place for both
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <nettle/hmac.h>
#include <nettle/sha2.h>

G_BEGIN_DECLS

#define DYNANTIC_SHA256_SIZE     32
#define DYNANTIC_SHA256_HEX_SIZE (2 * DYNANTIC_SHA256_SIZE + 1)  /* with the NUL */

/* An HMAC-SHA256 keyed once: copy it (plain assignment) to sign several
 * messages with the same key without keying again. Holds key material:
 * clear it with dynantic_hmac_sha256_clear(). */
typedef struct {
  struct hmac_sha256_ctx ctx;
} DynanticHmacSha256;

void dynantic_sha256              (const void          *data,
                                   gsize                length,
                                   guint8               digest[DYNANTIC_SHA256_SIZE]);
void dynantic_sha256_hex          (const void          *data,
                                   gsize                length,
                                   char                 hex[DYNANTIC_SHA256_HEX_SIZE]);
void dynantic_hex_encode          (const guint8        *bytes,
                                   gsize                length,
                                   char                *hex);

void dynantic_hmac_sha256_init    (DynanticHmacSha256  *mac,
                                   const void          *key,
                                   gsize                key_length);
void dynantic_hmac_sha256_update  (DynanticHmacSha256  *mac,
                                   const void          *data,
                                   gsize                length);
void dynantic_hmac_sha256_finish  (DynanticHmacSha256  *mac,
                                   guint8               digest[DYNANTIC_SHA256_SIZE]);
void dynantic_hmac_sha256_clear   (DynanticHmacSha256  *mac);
void dynantic_hmac_sha256         (const void          *key,
                                   gsize                key_length,
                                   const void          *data,
                                   gsize                length,
                                   guint8               digest[DYNANTIC_SHA256_SIZE]);

G_END_DECLS
