/* dynantic-sigv4.c: AWS Signature Version 4
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "dynantic-sigv4-private.h"

#define SIGV4_ALGORITHM "AWS4-HMAC-SHA256"

char *
dynantic_sigv4_sha256_hex (const void *data,
                           gsize       length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, length);
}

static void
hmac_sha256 (const guint8 *key,
             gsize         key_length,
             const char   *data,
             guint8        out[32])
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, key, key_length);
  gsize out_length = 32;

  g_hmac_update (hmac, (const guchar *) data, strlen (data));
  g_hmac_get_digest (hmac, out, &out_length);
}

static gboolean
is_unreserved (guchar c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.' || c == '~';
}

/* RFC 3986 percent-encoding of every byte but the unreserved ones. */
static void
append_uri_encoded (GString    *out,
                     const char *text,
                     gsize       length,
                     gboolean    keep_slash)
{
  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) text[i];

      if (is_unreserved (c) || (keep_slash && c == '/'))
        g_string_append_c (out, (char) c);
      else
        g_string_append_printf (out, "%%%02X", c);
    }
}

/* Removes "." and ".." segments and empty segments (RFC 3986 5.2.4 plus
 * collapsing of repeated slashes), keeping a trailing slash. */
static char *
normalize_path (const char *path)
{
  g_auto(GStrv) segments = g_strsplit (path, "/", -1);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  gboolean trailing_slash = g_str_has_suffix (path, "/") ||
                            g_str_has_suffix (path, "/.") ||
                            g_str_has_suffix (path, "/..");
  GString *out = g_string_new (NULL);

  for (guint i = 0; segments[i] != NULL; i++)
    {
      if (*segments[i] == '\0' || g_str_equal (segments[i], "."))
        continue;
      if (g_str_equal (segments[i], ".."))
        {
          if (kept->len > 0)
            g_ptr_array_remove_index (kept, kept->len - 1);
          continue;
        }
      g_ptr_array_add (kept, segments[i]);
    }

  for (guint i = 0; i < kept->len; i++)
    {
      g_string_append_c (out, '/');
      g_string_append (out, g_ptr_array_index (kept, i));
    }
  if (out->len == 0 || trailing_slash)
    g_string_append_c (out, '/');

  return g_string_free (out, FALSE);
}

static void
append_canonical_path (GString    *out,
                       const char *path,
                       gboolean    normalize)
{
  g_autofree char *normalized = NULL;

  if (path == NULL || *path == '\0')
    path = "/";
  if (normalize)
    path = normalized = normalize_path (path);

  /* Non-S3 services encode the path once more on top of what the sender did. */
  append_uri_encoded (out, path, strlen (path), TRUE);
}

typedef struct {
  char *key;
  char *value;
} QueryParam;

static int
compare_query_params (gconstpointer a,
                      gconstpointer b)
{
  const QueryParam *pa = a;
  const QueryParam *pb = b;
  int cmp = strcmp (pa->key, pb->key);

  return cmp != 0 ? cmp : strcmp (pa->value, pb->value);
}

static char *
encode_query_component (const char *raw,
                        gsize       length)
{
  g_autofree char *decoded = g_uri_unescape_segment (raw, raw + length, NULL);
  GString *out = g_string_new (NULL);

  if (decoded == NULL)
    decoded = g_strndup (raw, length);
  append_uri_encoded (out, decoded, strlen (decoded), FALSE);
  return g_string_free (out, FALSE);
}

static void
append_canonical_query (GString    *out,
                        const char *query)
{
  g_auto(GStrv) pairs = NULL;
  g_autoptr(GArray) params = NULL;

  if (query == NULL || *query == '\0')
    return;

  pairs = g_strsplit (query, "&", -1);
  params = g_array_new (FALSE, FALSE, sizeof (QueryParam));

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *eq = strchr (pairs[i], '=');
      QueryParam param;

      if (*pairs[i] == '\0')
        continue;
      if (eq != NULL)
        {
          param.key = encode_query_component (pairs[i], eq - pairs[i]);
          param.value = encode_query_component (eq + 1, strlen (eq + 1));
        }
      else
        {
          param.key = encode_query_component (pairs[i], strlen (pairs[i]));
          param.value = g_strdup ("");
        }
      g_array_append_val (params, param);
    }

  g_array_sort (params, compare_query_params);

  for (guint i = 0; i < params->len; i++)
    {
      QueryParam *param = &g_array_index (params, QueryParam, i);

      if (i > 0)
        g_string_append_c (out, '&');
      g_string_append_printf (out, "%s=%s", param->key, param->value);
      g_free (param->key);
      g_free (param->value);
    }
}

/* Trims and collapses runs of spaces, as SigV4 asks of header values. */
static void
append_trimmed_value (GString    *out,
                      const char *value)
{
  gboolean in_space = FALSE;
  gsize start = out->len;

  while (*value == ' ' || *value == '\t')
    value++;

  for (; *value != '\0'; value++)
    {
      char c = *value;

      if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        {
          in_space = TRUE;
          continue;
        }
      if (in_space && out->len > start)
        g_string_append_c (out, ' ');
      in_space = FALSE;
      g_string_append_c (out, c);
    }
}

typedef struct {
  char    *name;   /* lowercase */
  GString *value;  /* values of repeated headers joined by ',' */
} CanonicalHeader;

static int
compare_canonical_headers (gconstpointer a,
                           gconstpointer b)
{
  return strcmp (((const CanonicalHeader *) a)->name, ((const CanonicalHeader *) b)->name);
}

char *
dynantic_sigv4_canonical_request (const DynanticSigv4Request  *request,
                                  gboolean                     normalize,
                                  char                       **signed_headers)
{
  g_autoptr(GArray) headers = g_array_new (FALSE, FALSE, sizeof (CanonicalHeader));
  GString *out = g_string_sized_new (256);
  GString *names = g_string_new (NULL);

  g_string_append (out, request->method);
  g_string_append_c (out, '\n');
  append_canonical_path (out, request->path, normalize);
  g_string_append_c (out, '\n');
  append_canonical_query (out, request->query);
  g_string_append_c (out, '\n');

  for (gsize i = 0; i < request->n_headers; i++)
    {
      g_autofree char *name = g_ascii_strdown (request->headers[i].name, -1);
      CanonicalHeader *existing = NULL;

      for (guint j = 0; j < headers->len; j++)
        if (g_str_equal (g_array_index (headers, CanonicalHeader, j).name, name))
          existing = &g_array_index (headers, CanonicalHeader, j);

      if (existing != NULL)
        {
          g_string_append_c (existing->value, ',');
          append_trimmed_value (existing->value, request->headers[i].value);
        }
      else
        {
          CanonicalHeader header = { g_steal_pointer (&name), g_string_new (NULL) };

          append_trimmed_value (header.value, request->headers[i].value);
          g_array_append_val (headers, header);
        }
    }

  g_array_sort (headers, compare_canonical_headers);

  for (guint i = 0; i < headers->len; i++)
    {
      CanonicalHeader *header = &g_array_index (headers, CanonicalHeader, i);

      g_string_append_printf (out, "%s:%s\n", header->name, header->value->str);
      if (i > 0)
        g_string_append_c (names, ';');
      g_string_append (names, header->name);
      g_free (header->name);
      g_string_free (header->value, TRUE);
    }

  g_string_append_c (out, '\n');
  g_string_append (out, names->str);
  g_string_append_c (out, '\n');
  g_string_append (out, request->payload_hash);

  if (signed_headers != NULL)
    *signed_headers = g_string_free (names, FALSE);
  else
    g_string_free (names, TRUE);

  return g_string_free (out, FALSE);
}

char *
dynantic_sigv4_credential_scope (const char *amz_date,
                                 const char *region,
                                 const char *service)
{
  return g_strdup_printf ("%.8s/%s/%s/aws4_request", amz_date, region, service);
}

char *
dynantic_sigv4_string_to_sign (const char *amz_date,
                               const char *credential_scope,
                               const char *canonical_request)
{
  g_autofree char *hash = dynantic_sigv4_sha256_hex (canonical_request, strlen (canonical_request));

  return g_strdup_printf (SIGV4_ALGORITHM "\n%s\n%s\n%s", amz_date, credential_scope, hash);
}

void
dynantic_sigv4_derive_key (const char *secret_access_key,
                           const char *date,
                           const char *region,
                           const char *service,
                           guint8      key[32])
{
  g_autofree char *secret = g_strconcat ("AWS4", secret_access_key, NULL);
  g_autofree char *date8 = g_strndup (date, 8);
  guint8 k_date[32], k_region[32], k_service[32];

  hmac_sha256 ((const guint8 *) secret, strlen (secret), date8, k_date);
  hmac_sha256 (k_date, 32, region, k_region);
  hmac_sha256 (k_region, 32, service, k_service);
  hmac_sha256 (k_service, 32, "aws4_request", key);

  explicit_bzero (secret, strlen (secret));
  explicit_bzero (k_date, sizeof k_date);
  explicit_bzero (k_region, sizeof k_region);
  explicit_bzero (k_service, sizeof k_service);
}

char *
dynantic_sigv4_signature (const guint8  key[32],
                          const char   *string_to_sign)
{
  guint8 digest[32];
  char *hex = g_malloc (65);

  hmac_sha256 (key, 32, string_to_sign, digest);
  for (guint i = 0; i < 32; i++)
    {
      hex[2 * i] = "0123456789abcdef"[digest[i] >> 4];
      hex[2 * i + 1] = "0123456789abcdef"[digest[i] & 0xf];
    }
  hex[64] = '\0';

  return hex;
}

char *
dynantic_sigv4_format_amz_date (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y%m%dT%H%M%SZ");
}

struct _DynanticSigner
{
  char    *region;
  char    *service;
  GMutex   lock;
  char     key_date[9];
  char    *key_secret_hash;  /* which secret the cached key was derived from */
  guint8   key[32];
};

DynanticSigner *
dynantic_signer_new (const char *region,
                     const char *service)
{
  DynanticSigner *self = g_new0 (DynanticSigner, 1);

  self->region = g_strdup (region);
  self->service = g_strdup (service);
  g_mutex_init (&self->lock);

  return self;
}

void
dynantic_signer_free (DynanticSigner *self)
{
  if (self == NULL)
    return;

  explicit_bzero (self->key, sizeof self->key);
  g_free (self->key_secret_hash);
  g_free (self->region);
  g_free (self->service);
  g_mutex_clear (&self->lock);
  g_free (self);
}

static void
signer_get_key (DynanticSigner      *self,
                DynanticCredentials *credentials,
                const char          *amz_date,
                guint8               key[32])
{
  const char *secret = dynantic_credentials_get_secret_access_key (credentials);
  g_autofree char *secret_hash = dynantic_sigv4_sha256_hex (secret, strlen (secret));

  g_mutex_lock (&self->lock);
  if (self->key_secret_hash == NULL ||
      strncmp (self->key_date, amz_date, 8) != 0 ||
      !g_str_equal (self->key_secret_hash, secret_hash))
    {
      dynantic_sigv4_derive_key (secret, amz_date, self->region, self->service, self->key);
      memcpy (self->key_date, amz_date, 8);
      self->key_date[8] = '\0';
      g_free (self->key_secret_hash);
      self->key_secret_hash = g_steal_pointer (&secret_hash);
    }
  memcpy (key, self->key, 32);
  g_mutex_unlock (&self->lock);
}

char *
dynantic_signer_authorization (DynanticSigner             *self,
                               DynanticCredentials        *credentials,
                               const DynanticSigv4Request *request,
                               const char                 *amz_date)
{
  g_autofree char *signed_headers = NULL;
  g_autofree char *canonical = dynantic_sigv4_canonical_request (request, TRUE, &signed_headers);
  g_autofree char *scope = dynantic_sigv4_credential_scope (amz_date, self->region, self->service);
  g_autofree char *string_to_sign = dynantic_sigv4_string_to_sign (amz_date, scope, canonical);
  g_autofree char *signature = NULL;
  guint8 key[32];

  signer_get_key (self, credentials, amz_date, key);
  signature = dynantic_sigv4_signature (key, string_to_sign);
  explicit_bzero (key, sizeof key);

  return g_strdup_printf (SIGV4_ALGORITHM " Credential=%s/%s, SignedHeaders=%s, Signature=%s",
                          dynantic_credentials_get_access_key_id (credentials),
                          scope, signed_headers, signature);
}
