/* dynantic-sigv4-private.h: AWS Signature Version 4, as pure functions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "dynantic-credentials.h"

G_BEGIN_DECLS

typedef struct {
  const char *name;
  const char *value;
} DynanticSigv4Header;

/* A request as it will be sent. The caller lists every header to sign,
 * x-amz-date and, for temporary credentials, x-amz-security-token included.
 * @path and @query are as on the wire (already percent-encoded where the
 * sender encoded them); @query has no '?' and may be NULL. Header names may
 * repeat; order is kept for repeated names. */
typedef struct {
  const char                *method;
  const char                *path;
  const char                *query;
  const DynanticSigv4Header *headers;
  gsize                      n_headers;
  const char                *payload_hash;  /* lowercase hex SHA-256 of the body */
} DynanticSigv4Request;

char  *dynantic_sigv4_sha256_hex         (const void                 *data,
                                          gsize                       length);
char  *dynantic_sigv4_canonical_request  (const DynanticSigv4Request *request,
                                          gboolean                    normalize_path,
                                          char                      **signed_headers);
char  *dynantic_sigv4_credential_scope   (const char                 *amz_date,
                                          const char                 *region,
                                          const char                 *service);
char  *dynantic_sigv4_string_to_sign     (const char                 *amz_date,
                                          const char                 *credential_scope,
                                          const char                 *canonical_request);
void   dynantic_sigv4_derive_key         (const char                 *secret_access_key,
                                          const char                 *date,
                                          const char                 *region,
                                          const char                 *service,
                                          guint8                      key[32]);
char  *dynantic_sigv4_signature          (const guint8                key[32],
                                          const char                 *string_to_sign);
char  *dynantic_sigv4_format_amz_date    (GDateTime                  *time);

/* X-Amz-Date: YYYYMMDD'T'HHMMSS'Z', UTC, and its NUL. */
#define DYNANTIC_SIGV4_AMZ_DATE_SIZE 17

void   dynantic_sigv4_amz_date_from_unix (gint64                      seconds,
                                          char                        amz_date[DYNANTIC_SIGV4_AMZ_DATE_SIZE]);
void   dynantic_sigv4_amz_date_now       (char                        amz_date[DYNANTIC_SIGV4_AMZ_DATE_SIZE]);

/* A signer for one region and service; caches the derived key per day and
 * secret. Safe to use from several threads. It normalizes the path (resolves
 * "." and "..", collapses slashes) unless told otherwise, as every service
 * but S3 expects. */
typedef struct _DynanticSigner DynanticSigner;

DynanticSigner *dynantic_signer_new           (const char                 *region,
                                               const char                 *service);
void            dynantic_signer_free          (DynanticSigner             *self);
void            dynantic_signer_set_normalize_path (DynanticSigner        *self,
                                                    gboolean               normalize_path);
char           *dynantic_signer_authorization (DynanticSigner             *self,
                                               DynanticCredentials        *credentials,
                                               const DynanticSigv4Request *request,
                                               const char                 *amz_date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DynanticSigner, dynantic_signer_free)

G_END_DECLS
