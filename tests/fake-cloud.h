/* fake-cloud.h: one loopback server that plays every AWS endpoint
 * credentials come from, for the tests of the credentials providers
 *
 *   POST /                          STS: AssumeRole (its SigV4 signature for
 *                                   `sts` checked with the secret of the key
 *                                   that signed it), AssumeRoleWithWebIdentity
 *   GET  /container/...             a container credentials endpoint
 *   PUT  /latest/api/token          IMDSv2's token
 *   GET  /latest/meta-data/iam/security-credentials/[ROLE]
 *   GET  /federation/credentials    the SSO portal's GetRoleCredentials
 *   POST /token                     SSO OIDC's CreateToken
 *
 * Every set of credentials it gives out is accepted by the FakeDynamodb it
 * was made with (and, for role chains, by its own STS), until it expires
 * by the cloud's clock.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "fake-aws.h"

G_BEGIN_DECLS

typedef struct {
  /* set before the calls (the server reads them under its lock) */
  GTimeSpan     lifetime;            /* of the credentials given out; default an hour */
  guint         sts_error_status;    /* answer STS with this error ... */
  const char   *sts_error_code;      /* ... this code ... */
  guint         sts_errors;          /* ... this many times */
  const char   *web_identity_token;  /* the token AssumeRoleWithWebIdentity expects */
  const char   *container_token;     /* the Authorization the container endpoint expects; NULL: none */
  gboolean      container_hangs;
  gboolean      imds_v1_only;        /* the token request gets 404, GETs need no token */
  gboolean      imds_no_role;        /* the role list gets 404 */
  const char   *imds_role;           /* default "fake-instance-role" */
  const char   *sso_token;           /* the bearer token the portal accepts */
  const char   *oidc_refresh_token;  /* the refresh token CreateToken accepts */
  const char   *oidc_new_token;      /* the access token it gives */

  /* what the server saw */
  guint         assume_role;
  guint         assume_role_web_identity;
  guint         container_requests;
  guint         imds_token_requests;
  guint         imds_credentials_requests;
  guint         sso_requests;
  guint         oidc_requests;
  guint         bad_signatures;
  GPtrArray    *signers;             /* char *: the key id that signed each AssumeRole */
  GHashTable   *last_params;         /* the last STS form, decoded */
  char         *last_authorization;  /* of the last STS request; NULL: unsigned */
  char         *last_imds_token;     /* the token header of the last IMDS GET; NULL: none */
} FakeCloudState;

typedef struct _FakeCloud FakeCloud;

/* @dynamodb (nullable) learns every set of credentials given out. @clock
 * (nullable: real time) dates their expirations. */
FakeCloud      *fake_cloud_new         (FakeDynamodb  *dynamodb,
                                        gint64       (*clock) (void));
void            fake_cloud_free        (FakeCloud     *self);
const char     *fake_cloud_get_url     (FakeCloud     *self);
/* The state, locked: change or read it, then unlock. */
FakeCloudState *fake_cloud_lock        (FakeCloud     *self);
void            fake_cloud_unlock      (FakeCloud     *self);
/* Lets STS accept requests signed with these keys (source credentials). */
void            fake_cloud_add_key     (FakeCloud     *self,
                                        const char    *access_key_id,
                                        const char    *secret_access_key);
/* The secret of a key it knows (given out, or added). */
char           *fake_cloud_dup_secret  (FakeCloud     *self,
                                        const char    *access_key_id);
/* The credentials it gave out last. */
char           *fake_cloud_dup_last_key_id (FakeCloud *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeCloud, fake_cloud_free)

G_END_DECLS
