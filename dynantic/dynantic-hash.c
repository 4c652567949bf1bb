/* dynantic-hash.c: SHA-256 and HMAC-SHA256 through nettle
 *
 * Every request hashes its body and signs itself, so these run on the hot
 * path: nettle uses the CPU's SHA extensions where GLib's GChecksum does not
 * (about 3.5 times faster here), and its HMAC state can be keyed once and
 * copied per message.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic-hash-private.h"

void
dynantic_sha256 (const void *data,
                 gsize       length,
                 guint8      digest[DYNANTIC_SHA256_SIZE])
{
  struct sha256_ctx ctx;

  sha256_init (&ctx);
  sha256_update (&ctx, length, data);
  sha256_digest (&ctx, DYNANTIC_SHA256_SIZE, digest);
}

/* Writes 2 * @length lowercase hex digits and a NUL. */
void
dynantic_hex_encode (const guint8 *bytes,
                     gsize         length,
                     char         *hex)
{
  static const char digits[] = "0123456789abcdef";

  for (gsize i = 0; i < length; i++)
    {
      hex[2 * i] = digits[bytes[i] >> 4];
      hex[2 * i + 1] = digits[bytes[i] & 0xf];
    }
  hex[2 * length] = '\0';
}

void
dynantic_sha256_hex (const void *data,
                     gsize       length,
                     char        hex[DYNANTIC_SHA256_HEX_SIZE])
{
  guint8 digest[DYNANTIC_SHA256_SIZE];

  dynantic_sha256 (data, length, digest);
  dynantic_hex_encode (digest, DYNANTIC_SHA256_SIZE, hex);
}

void
dynantic_hmac_sha256_init (DynanticHmacSha256 *mac,
                           const void         *key,
                           gsize               key_length)
{
  hmac_sha256_set_key (&mac->ctx, key_length, key);
}

void
dynantic_hmac_sha256_update (DynanticHmacSha256 *mac,
                             const void         *data,
                             gsize               length)
{
  hmac_sha256_update (&mac->ctx, length, data);
}

/* The digest of what was added since init or the last finish; @mac is then
 * ready for a new message with the same key. */
void
dynantic_hmac_sha256_finish (DynanticHmacSha256 *mac,
                             guint8              digest[DYNANTIC_SHA256_SIZE])
{
  hmac_sha256_digest (&mac->ctx, DYNANTIC_SHA256_SIZE, digest);
}

void
dynantic_hmac_sha256_clear (DynanticHmacSha256 *mac)
{
  explicit_bzero (mac, sizeof *mac);
}

void
dynantic_hmac_sha256 (const void *key,
                      gsize       key_length,
                      const void *data,
                      gsize       length,
                      guint8      digest[DYNANTIC_SHA256_SIZE])
{
  DynanticHmacSha256 mac;

  dynantic_hmac_sha256_init (&mac, key, key_length);
  dynantic_hmac_sha256_update (&mac, data, length);
  dynantic_hmac_sha256_finish (&mac, digest);
  dynantic_hmac_sha256_clear (&mac);
}
