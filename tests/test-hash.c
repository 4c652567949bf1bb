/* test-hash.c: SHA-256 (FIPS 180-4 examples) and HMAC-SHA256 (RFC 4231)
 * through dynantic-hash, and its keyed state reused by copy and after a
 * digest, as the SigV4 signer and the cursors use it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic-hash-private.h"

static void
assert_digest (const guint8  digest[DYNANTIC_SHA256_SIZE],
               const char   *expected_hex)
{
  char hex[DYNANTIC_SHA256_HEX_SIZE];

  dynantic_hex_encode (digest, DYNANTIC_SHA256_SIZE, hex);
  g_assert_cmpstr (hex, ==, expected_hex);
}

static void
test_sha256 (void)
{
  static const char two_blocks[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  g_autofree char *million = g_strnfill (1000000, 'a');
  char hex[DYNANTIC_SHA256_HEX_SIZE];
  guint8 digest[DYNANTIC_SHA256_SIZE];

  dynantic_sha256_hex ("", 0, hex);
  g_assert_cmpstr (hex, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  dynantic_sha256_hex ("abc", 3, hex);
  g_assert_cmpstr (hex, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  dynantic_sha256 (two_blocks, strlen (two_blocks), digest);
  assert_digest (digest, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  dynantic_sha256 (million, 1000000, digest);
  assert_digest (digest, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

static void
test_hex_encode (void)
{
  static const guint8 bytes[] = { 0x00, 0x0f, 0x10, 0xa5, 0xfe, 0xff };
  char hex[2 * sizeof bytes + 1];

  dynantic_hex_encode (bytes, sizeof bytes, hex);
  g_assert_cmpstr (hex, ==, "000f10a5feff");
  dynantic_hex_encode (bytes, 0, hex);
  g_assert_cmpstr (hex, ==, "");
}

/* RFC 4231 test cases 1, 2, 3, 6 and 7 (6 and 7 have a key longer than a
 * block, which is hashed first). */
typedef struct {
  guint8      key_byte;  /* the key is key_length times this byte... */
  gsize       key_length;
  const char *key;       /* ...unless this is set */
  const char *data;
  guint8      data_byte; /* when data is NULL: 50 times this byte */
  const char *expected;
} HmacCase;

static const HmacCase hmac_cases[] = {
  { 0x0b, 20, NULL, "Hi There", 0,
    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
  { 0, 4, "Jefe", "what do ya want for nothing?", 0,
    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
  { 0xaa, 20, NULL, NULL, 0xdd,
    "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe" },
  { 0xaa, 131, NULL, "Test Using Larger Than Block-Size Key - Hash Key First", 0,
    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54" },
  { 0xaa, 131, NULL, "This is a test using a larger than block-size key and a larger than "
                     "block-size data. The key needs to be hashed before being used by "
                     "the HMAC algorithm.", 0,
    "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2" },
};

static void
hmac_case_key_and_data (const HmacCase  *c,
                        guint8           key[131],
                        guint8           data[256],
                        gsize           *data_length)
{
  if (c->key != NULL)
    memcpy (key, c->key, c->key_length);
  else
    memset (key, c->key_byte, c->key_length);

  if (c->data != NULL)
    {
      *data_length = strlen (c->data);
      g_assert_cmpuint (*data_length, <=, 256);
      memcpy (data, c->data, *data_length);
    }
  else
    {
      *data_length = 50;
      memset (data, c->data_byte, *data_length);
    }
}

static void
test_hmac_rfc4231 (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (hmac_cases); i++)
    {
      guint8 key[131], data[256], digest[DYNANTIC_SHA256_SIZE];
      gsize data_length;

      hmac_case_key_and_data (&hmac_cases[i], key, data, &data_length);
      dynantic_hmac_sha256 (key, hmac_cases[i].key_length, data, data_length, digest);
      assert_digest (digest, hmac_cases[i].expected);
    }
}

/* Keyed once, then: a copy signs a message fed in pieces, the original is
 * untouched by it, and a state signs again after a digest. */
static void
test_hmac_keyed_state (void)
{
  const HmacCase *c = &hmac_cases[4];
  DynanticHmacSha256 keyed, copy;
  guint8 key[131], data[256], digest[DYNANTIC_SHA256_SIZE];
  gsize data_length;

  hmac_case_key_and_data (c, key, data, &data_length);
  dynantic_hmac_sha256_init (&keyed, key, c->key_length);

  copy = keyed;
  dynantic_hmac_sha256_update (&copy, data, 7);
  dynantic_hmac_sha256_update (&copy, data + 7, 0);
  dynantic_hmac_sha256_update (&copy, data + 7, data_length - 7);
  dynantic_hmac_sha256_finish (&copy, digest);
  assert_digest (digest, c->expected);

  /* the same copy, after its digest, for another message */
  dynantic_hmac_sha256_update (&copy, hmac_cases[3].data, strlen (hmac_cases[3].data));
  dynantic_hmac_sha256_finish (&copy, digest);
  assert_digest (digest, hmac_cases[3].expected);
  dynantic_hmac_sha256_clear (&copy);

  copy = keyed;
  dynantic_hmac_sha256_update (&copy, data, data_length);
  dynantic_hmac_sha256_finish (&copy, digest);
  assert_digest (digest, c->expected);

  dynantic_hmac_sha256_clear (&copy);
  dynantic_hmac_sha256_clear (&keyed);
  for (gsize i = 0; i < sizeof keyed; i++)
    g_assert_cmpuint (((const guint8 *) &keyed)[i], ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hash/sha256", test_sha256);
  g_test_add_func ("/hash/hex-encode", test_hex_encode);
  g_test_add_func ("/hash/hmac-rfc4231", test_hmac_rfc4231);
  g_test_add_func ("/hash/hmac-keyed-state", test_hmac_keyed_state);

  return g_test_run ();
}
