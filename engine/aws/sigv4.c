/*
 * sigv4.c — AWS Signature Version 4 for one request.
 *
 *   canonical request = method \n path \n query \n headers \n signed \n sha256(body)
 *   string to sign    = AWS4-HMAC-SHA256 \n date-time \n scope \n sha256(canonical)
 *   signing key       = HMAC chain over "AWS4"+secret, date, region, service,
 *                       "aws4_request"
 *
 * Header names are lower-cased and sorted, values trimmed with inner runs
 * of blanks folded to one, as the specification says.  The tests check it
 * against AWS's published example and, end to end, against botocore.
 */
#include "aws/aws.h"
#include "core/alloc.h"

#include <ctype.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SIGNED 16

void
fq_aws_creds_clear(fq_aws_creds *c)
{
	char **fields[] = {&c->access_key, &c->secret_key, &c->session_token};

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (*fields[i] != NULL)
		{
			OPENSSL_cleanse(*fields[i], strlen(*fields[i]));
			free(*fields[i]);
			*fields[i] = NULL;
		}
	c->expires = 0;
}

bool
fq_aws_creds_copy(fq_aws_creds *dst, const fq_aws_creds *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->access_key = src->access_key ? fq_strdup(src->access_key) : NULL;
	dst->secret_key = src->secret_key ? fq_strdup(src->secret_key) : NULL;
	dst->session_token = src->session_token ? fq_strdup(src->session_token) : NULL;
	dst->expires = src->expires;
	if ((src->access_key && !dst->access_key) || (src->secret_key && !dst->secret_key) ||
		(src->session_token && !dst->session_token))
	{
		fq_aws_creds_clear(dst);
		return false;
	}
	return true;
}

static void
to_hex(const unsigned char *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++)
	{
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = '\0';
}

void
fq_aws_sha256_hex(const void *data, size_t n, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;

	EVP_Digest(data, n, md, &len, EVP_sha256(), NULL);
	to_hex(md, len, out);
}

static void
hmac(const unsigned char *key, size_t klen, const char *msg, size_t mlen, unsigned char out[32])
{
	unsigned int len = 32;

	HMAC(EVP_sha256(), key, (int) klen, (const unsigned char *) msg, mlen, out, &len);
}

typedef struct signed_header
{
	char name[64];
	const char *value;
} signed_header;

static int
cmp_header(const void *a, const void *b)
{
	return strcmp(((const signed_header *) a)->name, ((const signed_header *) b)->name);
}

static void
add_header(signed_header *h, int *n, const char *name, const char *value)
{
	size_t i;

	if (*n >= MAX_SIGNED)
		return;
	for (i = 0; name[i] != '\0' && i < sizeof(h->name) - 1; i++)
		h[*n].name[i] = (char) tolower((unsigned char) name[i]);
	h[*n].name[i] = '\0';
	h[*n].value = value;
	(*n)++;
}

/* The value trimmed, inner runs of blanks folded to one. */
static void
append_trimmed(fq_strbuf *b, const char *v)
{
	bool blank = false;

	while (*v == ' ' || *v == '\t')
		v++;
	for (; *v != '\0'; v++)
	{
		if (*v == ' ' || *v == '\t')
		{
			blank = true;
			continue;
		}
		if (blank)
			fq_strbuf_appendc(b, ' ');
		blank = false;
		fq_strbuf_appendc(b, *v);
	}
}

void
fq_aws_sign(const fq_aws_request *r, const fq_aws_creds *c, const char *region,
			const char *service, time_t now, char amzdate[17], fq_strbuf *auth,
			fq_strbuf *canonical)
{
	signed_header h[MAX_SIGNED];
	int nh = 0;
	struct tm tm;
	char date[9];
	char body_hash[65];
	char cr_hash[65];
	char sig[65];
	unsigned char k[32];
	fq_strbuf cr = FQ_STRBUF_INIT;
	fq_strbuf sts = FQ_STRBUF_INIT;
	fq_strbuf signed_names = FQ_STRBUF_INIT;
	fq_strbuf key = FQ_STRBUF_INIT;

	gmtime_r(&now, &tm);
	strftime(amzdate, 17, "%Y%m%dT%H%M%SZ", &tm);
	strftime(date, sizeof(date), "%Y%m%d", &tm);

	add_header(h, &nh, "host", r->host);
	add_header(h, &nh, "x-amz-date", amzdate);
	if (c->session_token != NULL)
		add_header(h, &nh, "x-amz-security-token", c->session_token);
	for (int i = 0; i < r->nheaders; i++)
		add_header(h, &nh, r->names[i], r->values[i]);
	qsort(h, (size_t) nh, sizeof(h[0]), cmp_header);

	fq_strbuf_printf(&cr, "%s\n%s\n%s\n", r->method, r->path, r->query);
	for (int i = 0; i < nh; i++)
	{
		fq_strbuf_printf(&cr, "%s:", h[i].name);
		append_trimmed(&cr, h[i].value);
		fq_strbuf_appendc(&cr, '\n');
		fq_strbuf_printf(&signed_names, "%s%s", i > 0 ? ";" : "", h[i].name);
	}
	fq_aws_sha256_hex(r->body != NULL ? r->body : "", r->body_len, body_hash);
	fq_strbuf_printf(&cr, "\n%s\n%s", fq_strbuf_str(&signed_names), body_hash);
	fq_aws_sha256_hex(fq_strbuf_str(&cr), cr.len, cr_hash);
	if (canonical != NULL)
		fq_strbuf_append(canonical, fq_strbuf_str(&cr));

	fq_strbuf_printf(&sts, "AWS4-HMAC-SHA256\n%s\n%s/%s/%s/aws4_request\n%s", amzdate, date,
					 region, service, cr_hash);

	fq_strbuf_printf(&key, "AWS4%s", c->secret_key);
	hmac((const unsigned char *) fq_strbuf_str(&key), key.len, date, strlen(date), k);
	hmac(k, sizeof(k), region, strlen(region), k);
	hmac(k, sizeof(k), service, strlen(service), k);
	hmac(k, sizeof(k), "aws4_request", 12, k);
	{
		unsigned char s[32];

		hmac(k, sizeof(k), fq_strbuf_str(&sts), sts.len, s);
		to_hex(s, sizeof(s), sig);
	}
	fq_strbuf_printf(auth, "AWS4-HMAC-SHA256 Credential=%s/%s/%s/%s/aws4_request, "
						   "SignedHeaders=%s, Signature=%s",
					 c->access_key, date, region, service, fq_strbuf_str(&signed_names), sig);
	if (!fq_strbuf_ok(&cr) || !fq_strbuf_ok(&sts) || !fq_strbuf_ok(&signed_names) ||
		!fq_strbuf_ok(&key))
		auth->broken = true;
	/* The derived key and the secret-bearing buffer go. */
	OPENSSL_cleanse(k, sizeof(k));
	if (key.data != NULL)
		OPENSSL_cleanse(key.data, key.cap);
	if (cr.data != NULL)
		OPENSSL_cleanse(cr.data, cr.cap); /* holds the session token */
	fq_strbuf_free(&cr);
	fq_strbuf_free(&sts);
	fq_strbuf_free(&signed_names);
	fq_strbuf_free(&key);
}
