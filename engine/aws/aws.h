/*
 * aws.h — what fedq needs of AWS: the user name and password of an
 * external schema's SECRET_ARN from AWS Secrets Manager, read with
 * credentials from the standard chain, through the schema's IAM_ROLE
 * chain when it has one.
 *
 *   fq_aws_get_secret   credentials → [sts:AssumeRole ...] →
 *                       secretsmanager:GetSecretValue → username, password
 *
 * Credentials come, first found first used, from AWS_ACCESS_KEY_ID /
 * AWS_SECRET_ACCESS_KEY [/ AWS_SESSION_TOKEN]; the shared credentials and
 * config files (profile AWSProfile, AWS_PROFILE or "default"); the
 * container credentials endpoint (AWS_CONTAINER_CREDENTIALS_*); the EC2
 * instance metadata service (IMDSv2; off with AWS_EC2_METADATA_DISABLED).
 * Endpoints honour AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_STS and
 * AWS_ENDPOINT_URL_SECRETS_MANAGER (tests point them at loopback).  HTTPS
 * is verified against AWS_CA_BUNDLE or the profile's ca_bundle; calls go
 * through HTTPS_PROXY / HTTP_PROXY except to NO_PROXY hosts, as the AWS
 * SDKs do.
 *
 * Secrets and credentials live in process memory only, with a TTL; they
 * are never written to the catalog, the log or a message.
 */
#ifndef FQ_AWS_H
#define FQ_AWS_H

#include "core/diag.h"
#include "core/log.h"
#include "core/strbuf.h"

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

typedef struct fq_aws_opts
{
	const char *region;   /* AWSRegion; NULL: the secret ARN's region */
	const char *profile;  /* AWSProfile; NULL: AWS_PROFILE or "default" */
	int timeout;          /* seconds per HTTP request (LoginTimeout) */
	int cache_seconds;    /* how long a fetched secret is reused */
	fq_log *log;
	time_t deadline;      /* set by fq_aws_get_secret: all calls end by then */
	/* Set by fq_aws_get_secret: the CA bundle HTTPS is verified with
	 * (NULL: the system's) and where it was named, for messages. */
	const char *ca_bundle;
	const char *ca_bundle_from;
} fq_aws_opts;

/*
 * The username and password held by secret `secret_arn` (a Secrets Manager
 * ARN), read as `iam_role` says: NULL or "default" with the chain's
 * credentials as they are, else through the comma-separated role ARNs,
 * each assumed with the previous one's credentials.  *user and *password
 * are malloc'd (the caller wipes and frees them); *from_cache tells
 * whether they were fetched before (within AWSSecretCacheSeconds).  Errors: 28000 for
 * anything AWS refuses or a secret without the two fields, 08001 when an
 * endpoint cannot be reached, 22023 for a malformed ARN.
 */
int fq_aws_get_secret(const fq_aws_opts *o, const char *schema, const char *secret_arn,
					  const char *iam_role, char **user, char **password, bool *from_cache,
					  fq_diags *d);

/* Drops a cached secret (after the source refused its password: it may
 * have been rotated). */
void fq_aws_forget_secret(const char *secret_arn, const char *iam_role);

/* Checks a SECRET_ARN or IAM_ROLE value when the schema is created; false
 * with a 22023 error naming what is wrong. */
bool fq_aws_check_secret_arn(const char *arn, fq_diags *d);
bool fq_aws_check_role(const char *iam_role, fq_diags *d);

/* ---- Signature Version 4 (sigv4.c), exposed for the unit tests ---- */

typedef struct fq_aws_creds
{
	char *access_key;
	char *secret_key;
	char *session_token;  /* NULL for long-term keys */
	time_t expires;       /* 0: does not expire */
} fq_aws_creds;

void fq_aws_creds_clear(fq_aws_creds *c);
/* A deep copy; false on allocation failure. */
bool fq_aws_creds_copy(fq_aws_creds *dst, const fq_aws_creds *src);

typedef struct fq_aws_request
{
	const char *method;       /* "GET", "POST" */
	const char *host;         /* as in the Host header: name[:port] */
	const char *path;         /* "/" */
	const char *query;        /* canonical query string, "" for none */
	int nheaders;             /* further headers to sign */
	const char *const *names;
	const char *const *values;
	const void *body;
	size_t body_len;
} fq_aws_request;

/*
 * Signs r for `service` in `region` at time `now`: writes the X-Amz-Date
 * value (YYYYMMDDTHHMMSSZ) into amzdate and appends the Authorization
 * header's value to auth.  Signed headers: host, x-amz-date,
 * x-amz-security-token (with a session token) and r's own.  With
 * `canonical`, also appends the canonical request (for tests).
 */
void fq_aws_sign(const fq_aws_request *r, const fq_aws_creds *c, const char *region,
				 const char *service, time_t now, char amzdate[17], fq_strbuf *auth,
				 fq_strbuf *canonical);

/* Lower-case hex SHA-256 of data into out[65]. */
void fq_aws_sha256_hex(const void *data, size_t n, char out[65]);

#endif
