/* dynantic-cursor.c: opaque, authenticated, encrypted pagination cursors
 *
 * A cursor carries a page's LastEvaluatedKey, which holds key values of the
 * caller's items: it must neither reveal them nor let a client forge one.
 * Encrypt-then-MAC with HMAC-SHA256 only (dynantic-hash):
 *
 *   enc_key = HMAC-SHA256(key, "dynantic cursor encryption")
 *   mac_key = HMAC-SHA256(key, "dynantic cursor authentication")
 *   stream  = HMAC-SHA256(enc_key, nonce || counter) for counter = 0, 1, ...
 *   body    = payload XOR stream
 *   tag     = HMAC-SHA256(mac_key, version || nonce || binding || body)
 *   cursor  = base64url(version || nonce || body || tag), no padding
 *
 * The nonce is 16 random bytes per cursor. The binding (table, index,
 * partition, segment, length-prefixed) enters only the tag, so a cursor used
 * for another table, index or partition fails like a tampered one.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>
#include <errno.h>
#include <sys/random.h>

#include "aws/dynantic-hash-private.h"
#include "dynantic-cursor-private.h"
#include "dynantic-error.h"
#include "dynantic-i18n-private.h"

#define CURSOR_VERSION 1
#define NONCE_SIZE 16
#define TAG_SIZE 32
#define BLOCK_SIZE 32
#define MAX_CURSOR_LENGTH 16384

static void
derive_keys (GBytes *key,
             guint8  enc_key[32],
             guint8  mac_key[32])
{
  static const char enc_label[] = "dynantic cursor encryption";
  static const char mac_label[] = "dynantic cursor authentication";
  gsize key_length;
  const guint8 *key_data = g_bytes_get_data (key, &key_length);

  dynantic_hmac_sha256 (key_data, key_length, enc_label, sizeof enc_label - 1, enc_key);
  dynantic_hmac_sha256 (key_data, key_length, mac_label, sizeof mac_label - 1, mac_key);
}

/* XORs @data with the keystream for @nonce: encrypts and decrypts alike. */
static void
apply_keystream (const guint8  enc_key[32],
                 const guint8  nonce[NONCE_SIZE],
                 guint8       *data,
                 gsize         length)
{
  guint8 input[NONCE_SIZE + 4];
  guint8 block[BLOCK_SIZE];
  DynanticHmacSha256 mac;

  dynantic_hmac_sha256_init (&mac, enc_key, 32);
  memcpy (input, nonce, NONCE_SIZE);
  for (gsize offset = 0, counter = 0; offset < length; offset += BLOCK_SIZE, counter++)
    {
      input[NONCE_SIZE] = (guint8) (counter >> 24);
      input[NONCE_SIZE + 1] = (guint8) (counter >> 16);
      input[NONCE_SIZE + 2] = (guint8) (counter >> 8);
      input[NONCE_SIZE + 3] = (guint8) counter;
      dynantic_hmac_sha256_update (&mac, input, sizeof input);
      dynantic_hmac_sha256_finish (&mac, block);
      for (gsize i = 0; i < BLOCK_SIZE && offset + i < length; i++)
        data[offset + i] ^= block[i];
    }
  explicit_bzero (block, sizeof block);
  dynantic_hmac_sha256_clear (&mac);
}

static void
mac_add_field (DynanticHmacSha256 *mac,
               const char         *field)
{
  guint8 length[4] = { 0xff, 0xff, 0xff, 0xff };  /* NULL differs from "" */
  gsize n;

  if (field == NULL)
    {
      dynantic_hmac_sha256_update (mac, length, sizeof length);
      return;
    }
  n = strlen (field);
  length[0] = (guint8) (n >> 24);
  length[1] = (guint8) (n >> 16);
  length[2] = (guint8) (n >> 8);
  length[3] = (guint8) n;
  dynantic_hmac_sha256_update (mac, length, sizeof length);
  dynantic_hmac_sha256_update (mac, field, n);
}

static void
compute_tag (const guint8                 mac_key[32],
             const DynanticCursorBinding *binding,
             const guint8                *sealed,
             gsize                        sealed_length,
             guint8                       tag[TAG_SIZE])
{
  g_autofree char *segment = g_strdup_printf ("%d", binding->segment);
  DynanticHmacSha256 mac;

  dynantic_hmac_sha256_init (&mac, mac_key, 32);
  mac_add_field (&mac, binding->table);
  mac_add_field (&mac, binding->index);
  mac_add_field (&mac, binding->partition);
  mac_add_field (&mac, segment);
  dynantic_hmac_sha256_update (&mac, sealed, sealed_length);
  dynantic_hmac_sha256_finish (&mac, tag);
  dynantic_hmac_sha256_clear (&mac);
}

static char *
base64url_encode (const guint8 *data,
                  gsize         length)
{
  char *text = g_base64_encode (data, length);

  for (char *p = text; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        {
          *p = '\0';
          break;
        }
    }

  return text;
}

static guint8 *
base64url_decode (const char *text,
                  gsize      *length)
{
  gsize n = strlen (text);
  g_autofree char *standard = g_malloc (n + 4);
  guint8 *data;

  for (gsize i = 0; i < n; i++)
    {
      char c = text[i];

      if (!(g_ascii_isalnum (c) || c == '-' || c == '_'))
        return NULL;
      standard[i] = c == '-' ? '+' : c == '_' ? '/' : c;
    }
  if (n % 4 == 1)
    return NULL;
  while (n % 4 != 0)
    standard[n++] = '=';
  standard[n] = '\0';

  data = g_base64_decode (standard, length);

  /* Strict: the last character's unused bits must be zero, so that exactly
   * one string stands for a cursor. */
  {
    g_autofree char *canonical = base64url_encode (data, *length);

    if (!g_str_equal (canonical, text))
      {
        g_free (data);
        return NULL;
      }
  }

  return data;
}

/* Key and nonces come from the kernel's CSPRNG: GRand's Mersenne Twister
 * could be reconstructed from the nonces that cursors carry. */
static void
fill_random (guint8 *buffer,
             gsize   length)
{
  gsize done = 0;

  while (done < length)
    {
      ssize_t n = getrandom (buffer + done, length - done, 0);

      if (n < 0)
        g_error ("getrandom() failed: %s", g_strerror (errno));
      done += (gsize) n;
    }
}

GBytes *
dynantic_cursor_default_key (void)
{
  static GBytes *key;
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      guint8 random[DYNANTIC_CURSOR_KEY_SIZE];

      fill_random (random, sizeof random);
      key = g_bytes_new (random, sizeof random);
      explicit_bzero (random, sizeof random);
      g_once_init_leave (&initialized, 1);
    }

  return g_bytes_ref (key);
}

char *
dynantic_cursor_seal (GBytes                      *key,
                      const DynanticCursorBinding *binding,
                      const char                  *payload,
                      gsize                        payload_length)
{
  gsize sealed_length = 1 + NONCE_SIZE + payload_length;
  g_autofree guint8 *buffer = g_malloc (sealed_length + TAG_SIZE);
  guint8 enc_key[32], mac_key[32];
  char *cursor;

  derive_keys (key, enc_key, mac_key);

  buffer[0] = CURSOR_VERSION;
  fill_random (buffer + 1, NONCE_SIZE);
  memcpy (buffer + 1 + NONCE_SIZE, payload, payload_length);
  apply_keystream (enc_key, buffer + 1, buffer + 1 + NONCE_SIZE, payload_length);
  compute_tag (mac_key, binding, buffer, sealed_length, buffer + sealed_length);

  cursor = base64url_encode (buffer, sealed_length + TAG_SIZE);

  explicit_bzero (enc_key, sizeof enc_key);
  explicit_bzero (mac_key, sizeof mac_key);
  return cursor;
}

static GBytes *
fail_invalid (GError **error)
{
  g_set_error_literal (error, DYNANTIC_ERROR, DYNANTIC_ERROR_INVALID_CURSOR,
                       _("The pagination cursor is not valid here: it was altered, truncated, "
                         "or made for another table, index or partition"));
  return NULL;
}

GBytes *
dynantic_cursor_open (GBytes                      *key,
                      const DynanticCursorBinding *binding,
                      const char                  *cursor,
                      GError                     **error)
{
  g_autofree guint8 *data = NULL;
  guint8 enc_key[32], mac_key[32], tag[TAG_SIZE];
  gsize length = 0, payload_length;
  guint8 difference = 0;
  GBytes *payload;

  if (cursor == NULL || strlen (cursor) > MAX_CURSOR_LENGTH)
    return fail_invalid (error);

  data = base64url_decode (cursor, &length);
  if (data == NULL || length < 1 + NONCE_SIZE + TAG_SIZE || data[0] != CURSOR_VERSION)
    return fail_invalid (error);

  derive_keys (key, enc_key, mac_key);
  payload_length = length - 1 - NONCE_SIZE - TAG_SIZE;
  compute_tag (mac_key, binding, data, length - TAG_SIZE, tag);
  for (gsize i = 0; i < TAG_SIZE; i++)  /* constant time */
    difference |= tag[i] ^ data[length - TAG_SIZE + i];
  explicit_bzero (mac_key, sizeof mac_key);

  if (difference != 0)
    {
      explicit_bzero (enc_key, sizeof enc_key);
      return fail_invalid (error);
    }

  apply_keystream (enc_key, data + 1, data + 1 + NONCE_SIZE, payload_length);
  explicit_bzero (enc_key, sizeof enc_key);

  payload = g_bytes_new (data + 1 + NONCE_SIZE, payload_length);
  explicit_bzero (data, length);
  return payload;
}
