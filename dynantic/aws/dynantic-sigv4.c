/* dynantic-sigv4.c: AWS Signature Version 4
 *
 * Every request is signed, so the signer writes each piece straight into one
 * buffer on the stack: no per-header copies, no split strings, no printf, no
 * allocation but the returned value. The public pure functions and the
 * signer's hot path share the same append_* writers. Hashing is nettle's
 * (dynantic-hash), and the day's signing key is kept as a keyed HMAC state
 * that each request copies.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "dynantic-hash-private.h"
#include "dynantic-sigv4-private.h"

#define SIGV4_ALGORITHM "AWS4-HMAC-SHA256"
#define SIGV4_TERMINATOR "aws4_request"
#define DIGEST_LENGTH DYNANTIC_SHA256_SIZE
#define AMZ_DAY_LENGTH 8  /* YYYYMMDD, the start of an X-Amz-Date */

/* Headers sorted on the stack up to this many; beyond, on the heap. */
#define STACK_HEADERS 16

/* The text under construction: it starts in the caller's storage (on the
 * stack) and moves to the heap only if it outgrows it, so that signing a
 * request allocates nothing but the Authorization value it returns. Not
 * NUL-terminated until text_steal(). */
typedef struct {
  char     *str;
  gsize     len;
  gsize     size;
  gboolean  on_heap;
} Text;

#define TEXT_INIT(storage) { (storage), 0, sizeof (storage), FALSE }

static void
text_grow (Text  *text,
           gsize  extra)
{
  gsize size = MAX (2 * text->size, text->len + extra);

  if (text->on_heap)
    text->str = g_realloc (text->str, size);
  else
    {
      char *heap = g_malloc (size);

      memcpy (heap, text->str, text->len);
      text->str = heap;
      text->on_heap = TRUE;
    }
  text->size = size;
}

static inline void
text_append_len (Text       *text,
                 const char *data,
                 gsize       length)
{
  if (text->size - text->len < length)
    text_grow (text, length);
  memcpy (text->str + text->len, data, length);
  text->len += length;
}

static inline void
text_append (Text       *text,
             const char *data)
{
  text_append_len (text, data, strlen (data));
}

static inline void
text_append_c (Text *text,
               char  c)
{
  if (text->len == text->size)
    text_grow (text, 1);
  text->str[text->len++] = c;
}

static void
text_truncate (Text  *text,
               gsize  length)
{
  text->len = MIN (text->len, length);
}

static void
text_clear (Text *text)
{
  if (text->on_heap)
    g_free (text->str);
  text->on_heap = FALSE;
  text->str = NULL;
  text->len = text->size = 0;
}

/* The text as a NUL-terminated string of its own; @text is cleared. */
static char *
text_steal (Text *text)
{
  char *result;

  if (text->on_heap)
    {
      text_append_c (text, '\0');
      result = text->str;
      text->on_heap = FALSE;
    }
  else
    result = g_strndup (text->str, text->len);
  text_clear (text);

  return result;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Text, text_clear)

static void
append_hex (Text         *out,
            const guint8 *bytes,
            gsize         length)
{
  char hex[DYNANTIC_SHA256_HEX_SIZE];

  g_assert (length <= DYNANTIC_SHA256_SIZE);
  dynantic_hex_encode (bytes, length, hex);
  text_append_len (out, hex, 2 * length);
}

char *
dynantic_sigv4_sha256_hex (const void *data,
                           gsize       length)
{
  char *hex = g_malloc (DYNANTIC_SHA256_HEX_SIZE);

  dynantic_sha256_hex (data, length, hex);
  return hex;
}

/* The canonical request. */

static gboolean
is_unreserved (guchar c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.' || c == '~';
}

/* RFC 3986 percent-encoding of every byte but the unreserved ones (and '/'
 * when @keep_slash). */
static void
append_uri_encoded (Text       *out,
                    const char *text,
                    gsize       length,
                    gboolean    keep_slash)
{
  static const char digits[] = "0123456789ABCDEF";

  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) text[i];

      if (is_unreserved (c) || (keep_slash && c == '/'))
        {
          text_append_c (out, (char) c);
          continue;
        }
      text_append_c (out, '%');
      text_append_c (out, digits[c >> 4]);
      text_append_c (out, digits[c & 0xf]);
    }
}

/* Drops the last "/segment" written after @base. */
static void
pop_path_segment (Text *out,
                  gsize    base)
{
  gsize end = out->len;

  while (end > base && out->str[end - 1] != '/')
    end--;
  if (end > base)
    end--;
  text_truncate (out, end);
}

/* Writes @path with "." and ".." segments resolved and empty segments
 * dropped (RFC 3986 5.2.4, plus collapsed slashes), each segment encoded.
 * A path that ends in a directory keeps its trailing slash. */
static void
append_normalized_path (Text       *out,
                        const char *path)
{
  gsize base = out->len;
  gboolean directory = TRUE;

  while (*path != '\0')
    {
      gsize length;

      if (*path == '/')
        {
          path++;
          directory = TRUE;
          continue;
        }

      length = strcspn (path, "/");
      if (length == 1 && path[0] == '.')
        directory = TRUE;
      else if (length == 2 && path[0] == '.' && path[1] == '.')
        {
          pop_path_segment (out, base);
          directory = TRUE;
        }
      else
        {
          text_append_c (out, '/');
          append_uri_encoded (out, path, length, FALSE);
          directory = FALSE;
        }
      path += length;
    }

  if (out->len == base || directory)
    text_append_c (out, '/');
}

/* Services other than S3 encode the path once more on top of what the
 * sender did, so a '%' on the wire becomes "%25" here. */
static void
append_canonical_path (Text       *out,
                       const char *path,
                       gboolean    normalize)
{
  if (path == NULL || *path == '\0')
    text_append_c (out, '/');
  else if (normalize)
    append_normalized_path (out, path);
  else
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

static void
clear_query_param (gpointer data)
{
  QueryParam *param = data;

  g_free (param->key);
  g_free (param->value);
}

/* Decodes what the sender encoded, then encodes the SigV4 way, so that both
 * "%E1%88%B4" and the raw UTF-8 bytes give the same canonical form. */
static char *
canonical_query_component (const char *raw,
                           gsize       length)
{
  g_autofree char *decoded = g_uri_unescape_segment (raw, raw + length, NULL);
  char storage[256];
  Text out = TEXT_INIT (storage);

  if (decoded != NULL)
    append_uri_encoded (&out, decoded, strlen (decoded), FALSE);
  else
    append_uri_encoded (&out, raw, length, FALSE);

  return text_steal (&out);
}

/* Parameters sorted by encoded key, then encoded value. DynamoDB requests
 * have no query, so this path is off the hot one. */
static void
append_canonical_query (Text       *out,
                        const char *query)
{
  g_autoptr(GArray) params = NULL;

  if (query == NULL || *query == '\0')
    return;

  params = g_array_new (FALSE, FALSE, sizeof (QueryParam));
  g_array_set_clear_func (params, clear_query_param);

  while (*query != '\0')
    {
      gsize length = strcspn (query, "&");
      gsize key_length = strcspn (query, "=&");
      QueryParam param;

      if (length > 0)
        {
          param.key = canonical_query_component (query, key_length);
          param.value = key_length < length
            ? canonical_query_component (query + key_length + 1, length - key_length - 1)
            : g_strdup ("");
          g_array_append_val (params, param);
        }
      query += length;
      if (*query == '&')
        query++;
    }

  g_array_sort (params, compare_query_params);

  for (guint i = 0; i < params->len; i++)
    {
      const QueryParam *param = &g_array_index (params, QueryParam, i);

      if (i > 0)
        text_append_c (out, '&');
      text_append (out, param->key);
      text_append_c (out, '=');
      text_append (out, param->value);
    }
}

static inline char
ascii_lower (char c)
{
  return (c >= 'A' && c <= 'Z') ? (char) (c + ('a' - 'A')) : c;
}

/* g_ascii_strcasecmp() without a function call per character: header
 * names are compared a dozen times per request. */
static int
compare_header_names (const char *a,
                      const char *b)
{
  while (*a != '\0' && ascii_lower (*a) == ascii_lower (*b))
    {
      a++;
      b++;
    }
  return (guchar) ascii_lower (*a) - (guchar) ascii_lower (*b);
}

static void
append_lowercase (Text       *out,
                  const char *text)
{
  gsize length = strlen (text);

  if (out->size - out->len < length)
    text_grow (out, length);
  for (gsize i = 0; i < length; i++)
    out->str[out->len + i] = ascii_lower (text[i]);
  out->len += length;
}

/* Line breaks count as blanks: a value folded over several lines (obsolete
 * HTTP line folding) is signed as one line. */
static gboolean
is_header_space (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The value without leading and trailing blanks, inner runs of blanks
 * collapsed to one space; each run of other bytes copied whole. */
static void
append_trimmed_value (Text       *out,
                      const char *value)
{
  for (gboolean first = TRUE;; first = FALSE)
    {
      gsize length = 0;

      while (is_header_space (*value))
        value++;
      while (value[length] != '\0' && !is_header_space (value[length]))
        length++;
      if (length == 0)
        return;
      if (!first)
        text_append_c (out, ' ');
      text_append_len (out, value, length);
      value += length;
    }
}

/* Stable insertion sort by lowercase name: repeated headers keep the order
 * they were given in, as SigV4 requires. Requests carry a handful. */
static void
sort_headers (const DynanticSigv4Header **sorted,
              const DynanticSigv4Header  *headers,
              gsize                       n_headers)
{
  for (gsize i = 0; i < n_headers; i++)
    {
      gsize j = i;

      while (j > 0 && compare_header_names (sorted[j - 1]->name, headers[i].name) > 0)
        {
          sorted[j] = sorted[j - 1];
          j--;
        }
      sorted[j] = &headers[i];
    }
}

/* "name:value\n" for each header name, the values of repeated names joined
 * by ',', then the blank line and the signed headers list, whose place in
 * @out is returned through @signed_start and @signed_length. The list is
 * gathered in the same pass, from the names as already lowercased. */
static void
append_canonical_headers (Text                       *out,
                          const DynanticSigv4Request *request,
                          gsize                      *signed_start,
                          gsize                      *signed_length)
{
  const DynanticSigv4Header *stack_sorted[STACK_HEADERS];
  g_autofree const DynanticSigv4Header **heap_sorted = NULL;
  const DynanticSigv4Header **sorted = stack_sorted;
  char signed_storage[256];
  g_auto(Text) signed_names = TEXT_INIT (signed_storage);
  gsize n = request->n_headers;

  if (n > STACK_HEADERS)
    sorted = heap_sorted = g_new (const DynanticSigv4Header *, n);
  sort_headers (sorted, request->headers, n);

  for (gsize i = 0; i < n; i++)
    {
      gboolean repeated = i > 0 && compare_header_names (sorted[i - 1]->name, sorted[i]->name) == 0;

      if (repeated)
        text_append_c (out, ',');
      else
        {
          gsize name_start;

          if (i > 0)
            text_append_c (out, '\n');
          name_start = out->len;
          append_lowercase (out, sorted[i]->name);
          if (signed_names.len > 0)
            text_append_c (&signed_names, ';');
          text_append_len (&signed_names, out->str + name_start, out->len - name_start);
          text_append_c (out, ':');
        }
      append_trimmed_value (out, sorted[i]->value);
    }
  if (n > 0)
    text_append_c (out, '\n');
  text_append_c (out, '\n');

  *signed_start = out->len;
  *signed_length = signed_names.len;
  text_append_len (out, signed_names.str, signed_names.len);
}

static void
append_canonical_request (Text                       *out,
                          const DynanticSigv4Request *request,
                          gboolean                    normalize,
                          gsize                      *signed_start,
                          gsize                      *signed_length)
{
  text_append (out, request->method);
  text_append_c (out, '\n');
  append_canonical_path (out, request->path, normalize);
  text_append_c (out, '\n');
  append_canonical_query (out, request->query);
  text_append_c (out, '\n');
  append_canonical_headers (out, request, signed_start, signed_length);
  text_append_c (out, '\n');
  text_append (out, request->payload_hash);
}

char *
dynantic_sigv4_canonical_request (const DynanticSigv4Request  *request,
                                  gboolean                     normalize,
                                  char                       **signed_headers)
{
  char storage[1024];
  Text out = TEXT_INIT (storage);
  gsize signed_start, signed_length;

  append_canonical_request (&out, request, normalize, &signed_start, &signed_length);
  if (signed_headers != NULL)
    *signed_headers = g_strndup (out.str + signed_start, signed_length);

  return text_steal (&out);
}

/* The string to sign. */

static void
append_credential_scope (Text       *out,
                         const char *amz_date,
                         const char *region,
                         const char *service)
{
  text_append_len (out, amz_date, AMZ_DAY_LENGTH);
  text_append_c (out, '/');
  text_append (out, region);
  text_append_c (out, '/');
  text_append (out, service);
  text_append (out, "/" SIGV4_TERMINATOR);
}

static void
append_string_to_sign (Text         *out,
                       const char   *amz_date,
                       const char   *credential_scope,
                       gsize         credential_scope_length,
                       const guint8  canonical_hash[DIGEST_LENGTH])
{
  text_append (out, SIGV4_ALGORITHM "\n");
  text_append (out, amz_date);
  text_append_c (out, '\n');
  text_append_len (out, credential_scope, credential_scope_length);
  text_append_c (out, '\n');
  append_hex (out, canonical_hash, DIGEST_LENGTH);
}

char *
dynantic_sigv4_credential_scope (const char *amz_date,
                                 const char *region,
                                 const char *service)
{
  char storage[128];
  Text out = TEXT_INIT (storage);

  append_credential_scope (&out, amz_date, region, service);
  return text_steal (&out);
}

char *
dynantic_sigv4_string_to_sign (const char *amz_date,
                               const char *credential_scope,
                               const char *canonical_request)
{
  char storage[256];
  Text out = TEXT_INIT (storage);
  guint8 hash[DIGEST_LENGTH];

  dynantic_sha256 (canonical_request, strlen (canonical_request), hash);
  append_string_to_sign (&out, amz_date, credential_scope, strlen (credential_scope), hash);

  return text_steal (&out);
}

/* The signature. */

void
dynantic_sigv4_derive_key (const char *secret_access_key,
                           const char *date,
                           const char *region,
                           const char *service,
                           guint8      key[32])
{
  g_autofree char *secret = g_strconcat ("AWS4", secret_access_key, NULL);
  guint8 k_date[DIGEST_LENGTH], k_region[DIGEST_LENGTH], k_service[DIGEST_LENGTH];

  dynantic_hmac_sha256 (secret, strlen (secret), date, AMZ_DAY_LENGTH, k_date);
  dynantic_hmac_sha256 (k_date, DIGEST_LENGTH, region, strlen (region), k_region);
  dynantic_hmac_sha256 (k_region, DIGEST_LENGTH, service, strlen (service), k_service);
  dynantic_hmac_sha256 (k_service, DIGEST_LENGTH, SIGV4_TERMINATOR, strlen (SIGV4_TERMINATOR), key);

  explicit_bzero (secret, strlen (secret));
  explicit_bzero (k_date, sizeof k_date);
  explicit_bzero (k_region, sizeof k_region);
  explicit_bzero (k_service, sizeof k_service);
}

char *
dynantic_sigv4_signature (const guint8  key[32],
                          const char   *string_to_sign)
{
  char *hex = g_malloc (DYNANTIC_SHA256_HEX_SIZE);
  guint8 digest[DIGEST_LENGTH];

  dynantic_hmac_sha256 (key, DIGEST_LENGTH, string_to_sign, strlen (string_to_sign), digest);
  dynantic_hex_encode (digest, DIGEST_LENGTH, hex);

  return hex;
}

/* Writes @value as @width decimal digits, zero-padded. */
static void
write_digits (char *out,
              int   value,
              int   width)
{
  for (int i = width - 1; i >= 0; i--)
    {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
}

/* YYYYMMDD'T'HHMMSS'Z' in UTC, written by hand: every request needs one. */
void
dynantic_sigv4_amz_date_from_unix (gint64 seconds,
                                   char   amz_date[DYNANTIC_SIGV4_AMZ_DATE_SIZE])
{
  time_t t = (time_t) seconds;
  struct tm tm;

  /* Neither the clock nor a GDateTime leaves years 1 to 9999; should
   * anything else come, the date stays four digits wide. */
  if (gmtime_r (&t, &tm) == NULL || tm.tm_year + 1900 < 0 || tm.tm_year + 1900 > 9999)
    {
      t = 0;
      gmtime_r (&t, &tm);
    }

  write_digits (amz_date, tm.tm_year + 1900, 4);
  write_digits (amz_date + 4, tm.tm_mon + 1, 2);
  write_digits (amz_date + 6, tm.tm_mday, 2);
  amz_date[8] = 'T';
  write_digits (amz_date + 9, tm.tm_hour, 2);
  write_digits (amz_date + 11, tm.tm_min, 2);
  write_digits (amz_date + 13, tm.tm_sec, 2);
  amz_date[15] = 'Z';
  amz_date[16] = '\0';
}

/* The X-Amz-Date of now, from one read of the clock. */
void
dynantic_sigv4_amz_date_now (char amz_date[DYNANTIC_SIGV4_AMZ_DATE_SIZE])
{
  dynantic_sigv4_amz_date_from_unix (g_get_real_time () / G_USEC_PER_SEC, amz_date);
}

char *
dynantic_sigv4_format_amz_date (GDateTime *time)
{
  char *amz_date = g_malloc (DYNANTIC_SIGV4_AMZ_DATE_SIZE);

  dynantic_sigv4_amz_date_from_unix (g_date_time_to_unix (time), amz_date);
  return amz_date;
}

/* The signer, with its signing key prepared as an HMAC state. */

struct _DynanticSigner
{
  char                *region;
  char                *service;
  gboolean             normalize_path;

  GMutex               lock;
  char                 key_day[AMZ_DAY_LENGTH];
  DynanticCredentials *key_credentials;  /* the key was derived from their secret */
  DynanticHmacSha256   key_mac;          /* keyed with the day's signing key */
};

DynanticSigner *
dynantic_signer_new (const char *region,
                     const char *service)
{
  DynanticSigner *self = g_new0 (DynanticSigner, 1);

  self->region = g_strdup (region);
  self->service = g_strdup (service);
  self->normalize_path = TRUE;
  g_mutex_init (&self->lock);

  return self;
}

void
dynantic_signer_free (DynanticSigner *self)
{
  if (self == NULL)
    return;

  dynantic_hmac_sha256_clear (&self->key_mac);
  g_clear_pointer (&self->key_credentials, dynantic_credentials_unref);
  g_free (self->region);
  g_free (self->service);
  g_mutex_clear (&self->lock);
  g_free (self);
}

void
dynantic_signer_set_normalize_path (DynanticSigner *self,
                                    gboolean        normalize_path)
{
  self->normalize_path = normalize_path;
}

static gboolean
signer_key_is_current (DynanticSigner      *self,
                       DynanticCredentials *credentials,
                       const char          *amz_date)
{
  if (self->key_credentials == NULL || memcmp (self->key_day, amz_date, AMZ_DAY_LENGTH) != 0)
    return FALSE;

  /* Credentials are immutable: the same object has the same secret. */
  return self->key_credentials == credentials ||
         g_str_equal (dynantic_credentials_get_secret_access_key (self->key_credentials),
                      dynantic_credentials_get_secret_access_key (credentials));
}

static void
signer_derive_key (DynanticSigner      *self,
                   DynanticCredentials *credentials,
                   const char          *amz_date)
{
  guint8 key[DIGEST_LENGTH];

  dynantic_sigv4_derive_key (dynantic_credentials_get_secret_access_key (credentials),
                             amz_date, self->region, self->service, key);
  dynantic_hmac_sha256_init (&self->key_mac, key, DIGEST_LENGTH);
  explicit_bzero (key, sizeof key);
  memcpy (self->key_day, amz_date, AMZ_DAY_LENGTH);
}

/* A copy of the HMAC keyed for the day of @amz_date, derived again only when
 * the day or the secret changes. */
static void
signer_get_key_mac (DynanticSigner      *self,
                    DynanticCredentials *credentials,
                    const char          *amz_date,
                    DynanticHmacSha256  *key_mac)
{
  g_mutex_lock (&self->lock);
  if (!signer_key_is_current (self, credentials, amz_date))
    signer_derive_key (self, credentials, amz_date);
  if (self->key_credentials != credentials)
    {
      g_clear_pointer (&self->key_credentials, dynantic_credentials_unref);
      self->key_credentials = dynantic_credentials_ref (credentials);
    }
  *key_mac = self->key_mac;
  g_mutex_unlock (&self->lock);
}

char *
dynantic_signer_authorization (DynanticSigner             *self,
                               DynanticCredentials        *credentials,
                               const DynanticSigv4Request *request,
                               const char                 *amz_date)
{
  char work_storage[1024];
  char authorization_storage[512];
  g_auto(Text) work = TEXT_INIT (work_storage);
  g_auto(Text) authorization = TEXT_INIT (authorization_storage);
  gsize signed_start, signed_length, scope_start, scope_length;
  guint8 canonical_hash[DIGEST_LENGTH];
  guint8 signature[DIGEST_LENGTH];
  DynanticHmacSha256 key_mac;

  g_return_val_if_fail (strlen (amz_date) >= AMZ_DAY_LENGTH, NULL);

  append_canonical_request (&work, request, self->normalize_path, &signed_start, &signed_length);
  dynantic_sha256 (work.str, work.len, canonical_hash);

  text_append (&authorization, SIGV4_ALGORITHM " Credential=");
  text_append (&authorization, dynantic_credentials_get_access_key_id (credentials));
  text_append_c (&authorization, '/');
  scope_start = authorization.len;
  append_credential_scope (&authorization, amz_date, self->region, self->service);
  scope_length = authorization.len - scope_start;
  text_append (&authorization, ", SignedHeaders=");
  text_append_len (&authorization, work.str + signed_start, signed_length);
  text_append (&authorization, ", Signature=");

  text_truncate (&work, 0);
  append_string_to_sign (&work, amz_date, authorization.str + scope_start, scope_length,
                         canonical_hash);
  signer_get_key_mac (self, credentials, amz_date, &key_mac);
  dynantic_hmac_sha256_update (&key_mac, work.str, work.len);
  dynantic_hmac_sha256_finish (&key_mac, signature);
  dynantic_hmac_sha256_clear (&key_mac);
  append_hex (&authorization, signature, DIGEST_LENGTH);

  return text_steal (&authorization);
}
