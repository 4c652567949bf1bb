/* test-sigv4.c: the SigV4 signer against every case of the AWS test vectors
 * (tests/data/sigv4, from aws-c-auth), and its derived-key cache
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "dynantic-sigv4-private.h"

#define VECTOR_CASES 38

/* One case: the request of request.txt plus the signing context of
 * context.json, turned into what the signer takes. */
typedef struct {
  char                *method;
  char                *path;
  char                *query;
  GPtrArray           *names;   /* (element-type utf8) */
  GPtrArray           *values;  /* (element-type utf8) */
  char                *body;
  char                *payload_hash;
  char                *amz_date;
  char                *region;
  char                *service;
  gboolean             normalize;
  DynanticCredentials *credentials;
  DynanticSigv4Header *headers;
  DynanticSigv4Request request;
} VectorCase;

static void
vector_case_free (VectorCase *vc)
{
  g_free (vc->method);
  g_free (vc->path);
  g_free (vc->query);
  g_ptr_array_unref (vc->names);
  g_ptr_array_unref (vc->values);
  g_free (vc->body);
  g_free (vc->payload_hash);
  g_free (vc->amz_date);
  g_free (vc->region);
  g_free (vc->service);
  g_clear_pointer (&vc->credentials, dynantic_credentials_unref);
  g_free (vc->headers);
  g_free (vc);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VectorCase, vector_case_free)

static char *
case_path (const char *name,
           const char *file)
{
  return g_test_build_filename (G_TEST_DIST, "data", "sigv4", name, file, NULL);
}

static char *
read_case_file (const char *name,
                const char *file)
{
  g_autofree char *path = case_path (name, file);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
add_header (VectorCase *vc,
            const char *name,
            const char *value)
{
  g_ptr_array_add (vc->names, g_strdup (name));
  g_ptr_array_add (vc->values, g_strdup (value));
}

/* "METHOD target HTTP/1.1": the target may hold spaces. */
static void
parse_request_line (VectorCase *vc,
                    const char *line)
{
  const char *first_space = strchr (line, ' ');
  const char *last_space = strrchr (line, ' ');
  g_autofree char *target = NULL;
  char *question;

  g_assert_nonnull (first_space);
  g_assert_true (last_space > first_space);

  vc->method = g_strndup (line, first_space - line);
  target = g_strndup (first_space + 1, last_space - first_space - 1);
  question = strchr (target, '?');
  if (question != NULL)
    {
      vc->query = g_strdup (question + 1);
      *question = '\0';
    }
  vc->path = g_strdup (target);
}

/* Header lines "Name:value"; a line that starts with blanks continues the
 * previous value (obsolete line folding), kept as it is for the signer to
 * fold. */
static void
parse_header_line (VectorCase *vc,
                   const char *line)
{
  const char *colon;

  if (*line == ' ' || *line == '\t')
    {
      char *previous;

      g_assert_cmpuint (vc->values->len, >, 0);
      previous = g_ptr_array_index (vc->values, vc->values->len - 1);
      vc->values->pdata[vc->values->len - 1] = g_strconcat (previous, "\n", line, NULL);
      g_free (previous);
      return;
    }

  colon = strchr (line, ':');
  g_assert_nonnull (colon);
  g_ptr_array_add (vc->names, g_strndup (line, colon - line));
  g_ptr_array_add (vc->values, g_strdup (colon + 1));
}

static void
parse_request (VectorCase *vc,
               const char *text)
{
  const char *blank = strstr (text, "\n\n");
  g_autofree char *head = blank != NULL ? g_strndup (text, blank - text) : g_strdup (text);
  g_auto(GStrv) lines = NULL;

  vc->body = g_strdup (blank != NULL ? blank + 2 : "");
  lines = g_strsplit (head, "\n", -1);
  parse_request_line (vc, lines[0]);
  for (guint i = 1; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      parse_header_line (vc, lines[i]);
}

/* context.json, and the headers the signer's caller adds from it: the date,
 * the session token unless it is to be added after signing, the payload
 * hash when the body is signed. */
static void
parse_context (VectorCase *vc,
               const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) timestamp = NULL;
  JsonObject *context, *credentials;
  const char *token;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  context = json_node_get_object (json_parser_get_root (parser));
  credentials = json_object_get_object_member (context, "credentials");

  token = json_object_get_string_member_with_default (credentials, "token", NULL);
  vc->credentials = dynantic_credentials_new (
    json_object_get_string_member (credentials, "access_key_id"),
    json_object_get_string_member (credentials, "secret_access_key"),
    token);
  vc->region = g_strdup (json_object_get_string_member (context, "region"));
  vc->service = g_strdup (json_object_get_string_member (context, "service"));
  vc->normalize = json_object_get_boolean_member (context, "normalize");
  timestamp = g_date_time_new_from_iso8601 (json_object_get_string_member (context, "timestamp"), NULL);
  g_assert_nonnull (timestamp);
  vc->amz_date = dynantic_sigv4_format_amz_date (timestamp);

  add_header (vc, "X-Amz-Date", vc->amz_date);
  if (token != NULL &&
      !json_object_get_boolean_member_with_default (context, "omit_session_token", FALSE))
    add_header (vc, "X-Amz-Security-Token", token);
  if (json_object_get_boolean_member (context, "sign_body"))
    add_header (vc, "X-Amz-Content-Sha256", vc->payload_hash);
}

static VectorCase *
load_case (const char *name)
{
  g_autoptr(VectorCase) vc = g_new0 (VectorCase, 1);
  g_autofree char *request_text = read_case_file (name, "request.txt");
  g_autofree char *context_text = read_case_file (name, "context.json");

  vc->names = g_ptr_array_new_with_free_func (g_free);
  vc->values = g_ptr_array_new_with_free_func (g_free);
  parse_request (vc, request_text);
  vc->payload_hash = dynantic_sigv4_sha256_hex (vc->body, strlen (vc->body));
  parse_context (vc, context_text);

  vc->headers = g_new0 (DynanticSigv4Header, vc->names->len);
  for (guint i = 0; i < vc->names->len; i++)
    vc->headers[i] = (DynanticSigv4Header) { vc->names->pdata[i], vc->values->pdata[i] };
  vc->request = (DynanticSigv4Request) {
    .method = vc->method,
    .path = vc->path,
    .query = vc->query,
    .headers = vc->headers,
    .n_headers = vc->names->len,
    .payload_hash = vc->payload_hash,
  };

  return g_steal_pointer (&vc);
}

/* The line before the payload hash in a canonical request (cuts @canonical there). */
static const char *
expected_signed_headers (char *canonical)
{
  char *last = strrchr (canonical, '\n');
  char *line;

  g_assert_nonnull (last);
  *last = '\0';
  line = strrchr (canonical, '\n');
  g_assert_nonnull (line);
  return line + 1;
}

/* The Authorization line of header-signed-request.txt. */
static char *
expected_authorization (const char *name)
{
  g_autofree char *signed_request = read_case_file (name, "header-signed-request.txt");
  const char *line = strstr (signed_request, "\nAuthorization:");

  g_assert_nonnull (line);
  line += strlen ("\nAuthorization:");
  return g_strndup (line, strcspn (line, "\n"));
}

static void
test_vector (gconstpointer data)
{
  const char *name = data;
  g_autoptr(VectorCase) vc = load_case (name);
  g_autofree char *expected_canonical = read_case_file (name, "header-canonical-request.txt");
  g_autofree char *expected_string_to_sign = read_case_file (name, "header-string-to-sign.txt");
  g_autofree char *expected_signature = read_case_file (name, "header-signature.txt");
  g_autofree char *expected_header = expected_authorization (name);
  g_autofree char *signed_headers = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *string_to_sign = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *authorization = NULL;
  g_autoptr(DynanticSigner) signer = dynantic_signer_new (vc->region, vc->service);
  guint8 key[32];

  canonical = dynantic_sigv4_canonical_request (&vc->request, vc->normalize, &signed_headers);
  g_assert_cmpstr (canonical, ==, expected_canonical);
  g_assert_cmpstr (signed_headers, ==, expected_signed_headers (expected_canonical));

  scope = dynantic_sigv4_credential_scope (vc->amz_date, vc->region, vc->service);
  string_to_sign = dynantic_sigv4_string_to_sign (vc->amz_date, scope, canonical);
  g_assert_cmpstr (string_to_sign, ==, expected_string_to_sign);

  dynantic_sigv4_derive_key (dynantic_credentials_get_secret_access_key (vc->credentials),
                             vc->amz_date, vc->region, vc->service, key);
  signature = dynantic_sigv4_signature (key, string_to_sign);
  g_assert_cmpstr (signature, ==, expected_signature);

  dynantic_signer_set_normalize_path (signer, vc->normalize);
  authorization = dynantic_signer_authorization (signer, vc->credentials, &vc->request, vc->amz_date);
  g_assert_cmpstr (authorization, ==, expected_header);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static GPtrArray *
list_cases (void)
{
  g_autofree char *root = g_test_build_filename (G_TEST_DIST, "data", "sigv4", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (root, 0, &error);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  g_assert_no_error (error);
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *context = case_path (entry, "context.json");

      if (g_file_test (context, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (names, g_strdup (entry));
    }
  g_ptr_array_sort (names, compare_names);

  return names;
}

static void
test_vector_count (gconstpointer data)
{
  const GPtrArray *names = data;

  g_assert_cmpuint (names->len, ==, VECTOR_CASES);
}

/* The derived-key cache. */

static const DynanticSigv4Header dynamodb_headers[] = {
  { "content-type", "application/x-amz-json-1.0" },
  { "host", "dynamodb.eu-west-1.amazonaws.com" },
  { "x-amz-date", "20240229T235959Z" },
  { "x-amz-target", "DynamoDB_20120810.GetItem" },
};

static DynanticSigv4Request
dynamodb_request (const char *payload_hash)
{
  return (DynanticSigv4Request) {
    .method = "POST",
    .path = "/",
    .headers = dynamodb_headers,
    .n_headers = G_N_ELEMENTS (dynamodb_headers),
    .payload_hash = payload_hash,
  };
}

/* The Authorization header computed from scratch, with a freshly derived key. */
static char *
fresh_authorization (DynanticCredentials        *credentials,
                     const DynanticSigv4Request *request,
                     const char                 *amz_date)
{
  g_autofree char *signed_headers = NULL;
  g_autofree char *canonical = dynantic_sigv4_canonical_request (request, TRUE, &signed_headers);
  g_autofree char *scope = dynantic_sigv4_credential_scope (amz_date, "eu-west-1", "dynamodb");
  g_autofree char *string_to_sign = dynantic_sigv4_string_to_sign (amz_date, scope, canonical);
  g_autofree char *signature = NULL;
  guint8 key[32];

  dynantic_sigv4_derive_key (dynantic_credentials_get_secret_access_key (credentials),
                             amz_date, "eu-west-1", "dynamodb", key);
  signature = dynantic_sigv4_signature (key, string_to_sign);

  return g_strdup_printf ("AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s",
                          dynantic_credentials_get_access_key_id (credentials),
                          scope, signed_headers, signature);
}

static void
assert_signer_matches_fresh (DynanticSigner      *signer,
                             DynanticCredentials *credentials,
                             const char          *amz_date,
                             GHashTable          *seen)
{
  g_autofree char *hash = dynantic_sigv4_sha256_hex ("{}", 2);
  DynanticSigv4Request request = dynamodb_request (hash);
  g_autofree char *expected = fresh_authorization (credentials, &request, amz_date);
  char *actual = dynantic_signer_authorization (signer, credentials, &request, amz_date);

  g_assert_cmpstr (actual, ==, expected);
  if (seen != NULL)
    g_hash_table_add (seen, actual);
  else
    g_free (actual);
}

static void
test_signer_cache (void)
{
  g_autoptr(DynanticSigner) signer = dynantic_signer_new ("eu-west-1", "dynamodb");
  g_autoptr(DynanticCredentials) first = dynantic_credentials_new ("AKIDFIRST", "first/secret+key", NULL);
  g_autoptr(DynanticCredentials) second = dynantic_credentials_new ("AKIDFIRST", "second/secret+key", NULL);
  g_autoptr(DynanticCredentials) first_again = dynantic_credentials_new ("AKIDFIRST", "first/secret+key", NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* Derived, then served from the cache: both as from scratch. */
  assert_signer_matches_fresh (signer, first, "20240229T235959Z", seen);
  assert_signer_matches_fresh (signer, first, "20240229T235959Z", seen);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 1);

  /* A new day: derived again (same request, so only the key differs). */
  assert_signer_matches_fresh (signer, first, "20240301T000000Z", seen);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 2);

  /* A new secret on the same day and access key id. */
  assert_signer_matches_fresh (signer, second, "20240301T000000Z", seen);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 3);

  /* Other credentials objects with the first secret: back to its key. */
  assert_signer_matches_fresh (signer, first_again, "20240301T000000Z", seen);
  assert_signer_matches_fresh (signer, first, "20240301T000000Z", seen);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 3);
}

typedef struct {
  DynanticSigner      *signer;
  DynanticCredentials *credentials[2];
} ThreadData;

static gpointer
sign_many (gpointer data)
{
  ThreadData *td = data;

  for (guint i = 0; i < 200; i++)
    assert_signer_matches_fresh (td->signer, td->credentials[i % 2],
                                 i % 3 == 0 ? "20240229T235959Z" : "20240301T000000Z", NULL);
  return NULL;
}

/* Several threads share one signer while the secret and the day keep
 * changing: every signature is still the one computed from scratch. */
static void
test_signer_threads (void)
{
  g_autoptr(DynanticSigner) signer = dynantic_signer_new ("eu-west-1", "dynamodb");
  g_autoptr(DynanticCredentials) first = dynantic_credentials_new ("AKIDFIRST", "first", NULL);
  g_autoptr(DynanticCredentials) second = dynantic_credentials_new ("AKIDSECOND", "second", "token");
  ThreadData td = { signer, { first, second } };
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("signer", sign_many, &td);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
}

/* Not in the vectors: a path the sender already encoded is encoded again
 * (every service but S3), query parameters without '=' get an empty value,
 * more headers than the stack array holds are all sorted. */
static void
test_canonical_details (void)
{
  DynanticSigv4Header headers[20];
  char *names[20];
  DynanticSigv4Request request = {
    .method = "GET",
    .path = "/a%20b/c",
    .query = "b&a=1&&c=%2F",
    .headers = headers,
    .n_headers = G_N_ELEMENTS (headers),
    .payload_hash = "UNSIGNED",
  };
  g_autofree char *signed_headers = NULL;
  g_autofree char *canonical = NULL;
  g_autoptr(GString) expected = g_string_new ("GET\n/a%2520b/c\na=1&b=&c=%2F\n");
  g_autoptr(GString) expected_names = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      names[i] = g_strdup_printf ("X-H%02u", (guint) G_N_ELEMENTS (headers) - 1 - i);
      headers[i] = (DynanticSigv4Header) { names[i], " v  v " };
    }
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      g_string_append_printf (expected, "x-h%02u:v v\n", i);
      g_string_append_printf (expected_names, "%sx-h%02u", i > 0 ? ";" : "", i);
    }
  g_string_append_printf (expected, "\n%s\nUNSIGNED", expected_names->str);

  canonical = dynantic_sigv4_canonical_request (&request, TRUE, &signed_headers);
  g_assert_cmpstr (canonical, ==, expected->str);
  g_assert_cmpstr (signed_headers, ==, expected_names->str);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_free (names[i]);
}

/* A request larger than every buffer the signer starts with on the stack
 * (canonical request, signed headers list, Authorization value): the text
 * moves to the heap unchanged, and the signer's Authorization still equals
 * the one assembled from the pure functions. */
static void
test_large_request (void)
{
  g_autoptr(DynanticSigner) signer = dynantic_signer_new ("eu-west-1", "dynamodb");
  g_autoptr(DynanticCredentials) credentials = dynantic_credentials_new ("AKIDLARGE", "large/secret+key", NULL);
  g_autofree char *payload_hash = dynantic_sigv4_sha256_hex ("{}", 2);
  DynanticSigv4Header headers[40];
  char *names[40];
  char *values[40];
  DynanticSigv4Request request = {
    .method = "POST",
    .path = "/",
    .headers = headers,
    .n_headers = G_N_ELEMENTS (headers),
    .payload_hash = payload_hash,
  };
  g_autoptr(GString) expected = g_string_new ("POST\n/\n\n");
  g_autoptr(GString) expected_names = g_string_new (NULL);
  g_autofree char *signed_headers = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *fresh = NULL;
  g_autofree char *authorization = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      names[i] = g_strdup_printf ("X-Amz-Meta-A-Rather-Long-Name-%02u", i);
      values[i] = g_strdup_printf ("\t %060u  \t %060u \r\n", i, i + 1);
      headers[i] = (DynanticSigv4Header) { names[i], values[i] };
      g_string_append_printf (expected, "x-amz-meta-a-rather-long-name-%02u:%060u %060u\n", i, i, i + 1);
      g_string_append_printf (expected_names, "%sx-amz-meta-a-rather-long-name-%02u", i > 0 ? ";" : "", i);
    }
  g_string_append_printf (expected, "\n%s\n%s", expected_names->str, payload_hash);
  g_assert_cmpuint (expected->len, >, 4096);
  g_assert_cmpuint (expected_names->len, >, 1024);

  canonical = dynantic_sigv4_canonical_request (&request, TRUE, &signed_headers);
  g_assert_cmpstr (canonical, ==, expected->str);
  g_assert_cmpstr (signed_headers, ==, expected_names->str);

  fresh = fresh_authorization (credentials, &request, "20240229T235959Z");
  authorization = dynantic_signer_authorization (signer, credentials, &request, "20240229T235959Z");
  g_assert_cmpstr (authorization, ==, fresh);
  g_assert_true (strstr (authorization, expected_names->str) != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      g_free (names[i]);
      g_free (values[i]);
    }
}

/* X-Amz-Date written by hand: UTC, zero-padded, leap days, the ends of
 * the range a GDateTime can hold. */
static void
test_amz_date (void)
{
  static const struct {
    gint64      seconds;
    const char *amz_date;
  } cases[] = {
    { 0, "19700101T000000Z" },
    { 1440938160, "20150830T123600Z" },      /* the AWS vectors' date */
    { 951782400, "20000229T000000Z" },       /* a leap day */
    { 1709251199, "20240229T235959Z" },
    { 253402300799, "99991231T235959Z" },
    { -62135596800, "00010101T000000Z" },
  };
  char amz_date[DYNANTIC_SIGV4_AMZ_DATE_SIZE];
  char before[DYNANTIC_SIGV4_AMZ_DATE_SIZE];
  char after[DYNANTIC_SIGV4_AMZ_DATE_SIZE];
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("+02:00");
  g_autoptr(GDateTime) local = g_date_time_new (paris, 2024, 3, 1, 1, 30, 5);
  g_autofree char *formatted = dynantic_sigv4_format_amz_date (local);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      dynantic_sigv4_amz_date_from_unix (cases[i].seconds, amz_date);
      g_assert_cmpstr (amz_date, ==, cases[i].amz_date);
    }

  /* A time in another zone is written in UTC: the day before, here. */
  g_assert_cmpstr (formatted, ==, "20240229T233005Z");

  /* Now lies between two readings of the clock around it. */
  dynantic_sigv4_amz_date_from_unix (g_get_real_time () / G_USEC_PER_SEC, before);
  dynantic_sigv4_amz_date_now (amz_date);
  dynantic_sigv4_amz_date_from_unix (g_get_real_time () / G_USEC_PER_SEC, after);
  g_assert_cmpint (strcmp (before, amz_date), <=, 0);
  g_assert_cmpint (strcmp (amz_date, after), <=, 0);
  g_assert_cmpuint (strlen (amz_date), ==, 16);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) names = NULL;

  g_test_init (&argc, &argv, NULL);

  names = list_cases ();
  g_test_add_data_func ("/sigv4/vectors/count", names, test_vector_count);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_strconcat ("/sigv4/vectors/", (char *) names->pdata[i], NULL);

      g_test_add_data_func (path, names->pdata[i], test_vector);
    }
  g_test_add_func ("/sigv4/canonical-details", test_canonical_details);
  g_test_add_func ("/sigv4/large-request", test_large_request);
  g_test_add_func ("/sigv4/amz-date", test_amz_date);
  g_test_add_func ("/sigv4/signer/cache", test_signer_cache);
  g_test_add_func ("/sigv4/signer/threads", test_signer_threads);

  return g_test_run ();
}
