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

/* Two digits per byte, looked up at once. */
static const char hex_pairs[] =
  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
  "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
  "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
  "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
  "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
  "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
  "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
  "e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

/* Writes 2 * @length lowercase hex digits and a NUL. */
void
dynantic_hex_encode (const guint8 *bytes,
                     gsize         length,
                     char         *hex)
{
  for (gsize i = 0; i < length; i++)
    memcpy (hex + 2 * i, hex_pairs + 2 * bytes[i], 2);
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
