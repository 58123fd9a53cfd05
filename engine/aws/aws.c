/*
 * aws.c — credentials, sts:AssumeRole and secretsmanager:GetSecretValue
 * over libcurl, and the process-wide cache of fetched secrets.
 *
 * The flow for one secret (fq_aws_get_secret):
 *
 *   cache hit (same ARN, role chain, profile; younger than the TTL) → done
 *   chain_creds        environment, shared files (with role_arn /
 *                      source_profile), container endpoint, IMDSv2
 *   assume_role ...    once per ARN of IAM_ROLE, each with the last one's
 *                      temporary credentials
 *   get_secret_value   in the secret ARN's region; SecretString's
 *                      "username" and "password"
 *
 * AWS calls are retried (three tries, 100 ms then 200 ms apart) when the
 * endpoint cannot be reached, answers 5xx or says it is throttling; not
 * when its certificate is refused, which a retry does not change.
 *
 * As the AWS SDKs: HTTPS is verified against AWS_CA_BUNDLE, else the
 * ca_bundle of the profile in the shared config file, else the system's
 * CAs; calls go through the proxy of HTTPS_PROXY (https://) or HTTP_PROXY
 * (http://), lower-case names first, except to hosts NO_PROXY lists; the
 * metadata endpoints (container, EC2) never go through a proxy.
 * Nothing secret is logged or put in a message: logs name the operation,
 * the ARN and the HTTP status; errors carry AWS's error code and message.
 */
#include "config.h"

#include "aws/aws.h"
#include "core/alloc.h"

#include <cJSON.h>
#include <curl/curl.h>
#include <openssl/crypto.h>
#include <errno.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define MAX_RESPONSE (1024 * 1024)
#define MAX_ROLES 10
#define MAX_PROFILE_DEPTH 5
#define ROLE_SECONDS 3600
#define IMDS_TIMEOUT 2

/* ---- Small text helpers ---- */

static char *
xstrndup(const char *s, size_t n)
{
	char *p = fq_malloc(n + 1);

	if (p != NULL)
	{
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static void
wipe_free(char *s)
{
	if (s != NULL)
	{
		OPENSSL_cleanse(s, strlen(s));
		free(s);
	}
}

/* Frees a buffer that held secret text, wiping all of it first. */
static void
wipe_buf(fq_strbuf *b)
{
	if (b->data != NULL)
		OPENSSL_cleanse(b->data, b->cap);
	fq_strbuf_free(b);
}

/* Appends to a buffer that may hold secrets: when it grows, the old block
 * is wiped before it is freed (realloc would leave a copy behind). */
static bool
secret_append(fq_strbuf *b, const char *data, size_t n)
{
	if (b->broken)
		return false;
	if (b->len + n + 1 > b->cap)
	{
		size_t cap = b->cap ? b->cap : 4096;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		if ((p = fq_malloc(cap)) == NULL)
		{
			b->broken = true;
			return false;
		}
		if (b->data != NULL)
		{
			memcpy(p, b->data, b->len);
			OPENSSL_cleanse(b->data, b->cap);
			free(b->data);
		}
		b->data = p;
		b->cap = cap;
	}
	memcpy(b->data + b->len, data, n);
	b->len += n;
	b->data[b->len] = '\0';
	return true;
}

/* ---- HTTP ---- */

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static bool curl_ok;

static void
curl_init(void)
{
	curl_ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}

typedef struct http_resp
{
	long status;
	fq_strbuf body;
	bool too_big;
	CURLcode curl_rc;   /* why there was no answer */
	bool via_proxy;
} http_resp;

static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	http_resp *r = arg;

	if (r->body.len + size * n > MAX_RESPONSE)
	{
		r->too_big = true;
		return 0;
	}
	return secret_append(&r->body, data, size * n) ? size * n : 0;
}

/* An environment variable, its lower-case name first (as curl and the
 * AWS SDKs read proxy settings); NULL when unset or empty. */
static const char *
env_pair(const char *lower, const char *upper)
{
	const char *v = getenv(lower);

	if (v == NULL || *v == '\0')
		v = getenv(upper);
	return v != NULL && *v != '\0' ? v : NULL;
}

/* The host of a URL without port or brackets, into buf ("" if none). */
static void
url_host(const char *url, char *buf, size_t cap)
{
	const char *p = strstr(url, "://");
	size_t n;

	buf[0] = '\0';
	if (p == NULL)
		return;
	p += 3;
	if (*p == '[')
	{
		p++;
		n = strcspn(p, "]");
	}
	else
		n = strcspn(p, ":/?#");
	if (n < cap)
	{
		memcpy(buf, p, n);
		buf[n] = '\0';
	}
}

/*
 * NO_PROXY as the AWS SDKs read it: comma-separated entries, each "*",
 * a host name or address, or a domain ("example.com" and ".example.com"
 * both cover "a.example.com"); a ":port" on an entry is ignored.
 */
static bool
no_proxy_covers(const char *list, const char *host)
{
	size_t hlen = strlen(host);

	while (list != NULL && *list != '\0')
	{
		size_t n = strcspn(list, ",");
		const char *e = list;
		size_t elen;

		while (n > 0 && (*e == ' ' || *e == '\t'))
		{
			e++;
			n--;
		}
		elen = n;
		while (elen > 0 && (e[elen - 1] == ' ' || e[elen - 1] == '\t'))
			elen--;
		if (elen > 0 && e[0] != '[' && memchr(e, ':', elen) != NULL &&
			memchr(e, ':', elen) == memrchr(e, ':', elen))
			elen = (size_t) ((const char *) memchr(e, ':', elen) - e); /* host:port */
		if (elen > 0 && e[0] == '[' && e[elen - 1] == ']')
		{
			e++;
			elen -= 2;
		}
		if (elen == 1 && e[0] == '*')
			return true;
		if (elen > 0 && e[0] == '.')
		{
			e++;
			elen--;
		}
		if (elen > 0 && hlen >= elen && strncasecmp(host + hlen - elen, e, elen) == 0 &&
			(hlen == elen || host[hlen - elen - 1] == '.'))
			return true;
		list += strcspn(list, ",");
		if (*list == ',')
			list++;
	}
	return false;
}

/* The proxy for url, as the AWS SDKs choose it, and the name of the
 * variable that gave it; NULL for none (or NO_PROXY covers the host). */
static const char *
proxy_for(const char *url, const char **var)
{
	bool https = strncasecmp(url, "https://", 8) == 0;
	const char *lower = https ? "https_proxy" : "http_proxy";
	const char *upper = https ? "HTTPS_PROXY" : "HTTP_PROXY";
	const char *v = env_pair(lower, upper);
	char host[256];

	*var = NULL;
	if (v == NULL)
		return NULL;
	url_host(url, host, sizeof(host));
	if (no_proxy_covers(env_pair("no_proxy", "NO_PROXY"), host))
		return NULL;
	*var = getenv(lower) != NULL && *getenv(lower) != '\0' ? lower : upper;
	return v;
}

/*
 * One HTTP exchange.  FQ_OK with out->status set (whatever the status);
 * FQ_ERROR, with the reason in err, when there was no answer.
 */
static int
http_call(const fq_aws_opts *o, const char *method, const char *url,
		  struct curl_slist *headers, const char *body, size_t len, int timeout,
		  bool link_local, http_resp *out, char err[CURL_ERROR_SIZE])
{
	CURL *h;
	CURLcode rc;
	const char *proxy_var = NULL;
	const char *proxy = link_local ? NULL : proxy_for(url, &proxy_var);

	err[0] = '\0';
	wipe_buf(&out->body);
	out->status = 0;
	out->too_big = false;
	out->curl_rc = CURLE_OK;
	out->via_proxy = false;
	pthread_once(&curl_once, curl_init);
	if (!curl_ok || (h = curl_easy_init()) == NULL)
	{
		snprintf(err, CURL_ERROR_SIZE, "libcurl could not be initialised");
		out->curl_rc = CURLE_FAILED_INIT;
		return FQ_ERROR;
	}
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	if (body != NULL)
	{
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long) len);
	}
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, out);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L); /* we live in someone's threads */
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long) (timeout > 0 ? timeout : 15));
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long) (timeout > 0 ? 2 * timeout : 30));
#if LIBCURL_VERSION_NUM >= 0x075500
	rc = curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	rc = curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long) (CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	if (rc != CURLE_OK)
	{
		snprintf(err, CURL_ERROR_SIZE, "libcurl cannot limit itself to http and https");
		out->curl_rc = rc;
		curl_easy_cleanup(h);
		return FQ_ERROR;
	}
	/*
	 * Proxies as the AWS SDKs take them (HTTP_PROXY in upper case too,
	 * which curl alone ignores; not ALL_PROXY; NO_PROXY decided above),
	 * and none at all to the metadata endpoints, which are on this host or
	 * link.  "" turns off curl's own reading of the environment.
	 */
	curl_easy_setopt(h, CURLOPT_PROXY, proxy != NULL ? proxy : "");
	if (o != NULL && o->ca_bundle != NULL)
		curl_easy_setopt(h, CURLOPT_CAINFO, o->ca_bundle);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "fedq/" PACKAGE_VERSION);
	rc = curl_easy_perform(h);
	out->curl_rc = rc;
	if (rc == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
	else if (err[0] == '\0')
		snprintf(err, CURL_ERROR_SIZE, "%s", curl_easy_strerror(rc));
	if (out->too_big)
		snprintf(err, CURL_ERROR_SIZE, "the answer is over %d bytes", MAX_RESPONSE);
	out->via_proxy = proxy != NULL;
	if (rc != CURLE_OK && proxy != NULL)
	{
		size_t n = strlen(err);

		snprintf(err + n, CURL_ERROR_SIZE - n, " (through the proxy in %s)", proxy_var);
	}
	curl_easy_cleanup(h);
	return rc == CURLE_OK && fq_strbuf_ok(&out->body) ? FQ_OK : FQ_ERROR;
}

/* A certificate problem: retrying does not help, the hint says what does. */
static bool
tls_refused(CURLcode rc)
{
	return rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE ||
		rc == CURLE_SSL_CERTPROBLEM || rc == CURLE_SSL_CONNECT_ERROR;
}

static void
hint_tls(const fq_aws_opts *o, CURLcode rc, fq_diags *d)
{
	if (rc == CURLE_PEER_FAILED_VERIFICATION)
	{
		if (o->ca_bundle != NULL)
			fq_diag_hint(d, "The endpoint's certificate is not signed by a CA in %s (%s), or "
							"does not name the endpoint's host: give the CA that signed it.",
						 o->ca_bundle, o->ca_bundle_from);
		else
			fq_diag_hint(d, "The endpoint's certificate is not signed by a CA this system "
							"trusts, or does not name the endpoint's host.  For a private CA, "
							"set AWS_CA_BUNDLE (or ca_bundle in the profile of ~/.aws/config) "
							"to a PEM file holding it.");
	}
	else if (rc == CURLE_SSL_CACERT_BADFILE)
		fq_diag_hint(d, "Check %s: it must be a readable PEM file of CA certificates.",
					 o->ca_bundle_from != NULL ? o->ca_bundle_from : "the CA bundle");
	else
		fq_diag_hint(d, "The TLS handshake with the endpoint failed; check the endpoint URL "
						"and, for a private CA, AWS_CA_BUNDLE.");
}

static bool
env_true(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && (strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0);
}

static void
append_urlencoded(fq_strbuf *b, const char *s)
{
	for (; *s != '\0'; s++)
	{
		unsigned char c = (unsigned char) *s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			c == '-' || c == '_' || c == '.' || c == '~')
			fq_strbuf_appendc(b, (char) c);
		else
			fq_strbuf_printf(b, "%%%02X", c);
	}
}

/* The text of the first <tag>...</tag> after `from` in xml, unescaped;
 * NULL if absent (or out of memory). */
static char *
xml_text(const char *xml, const char *from, const char *tag)
{
	char open[64];
	char close[64];
	const char *start = from != NULL ? strstr(xml, from) : xml;
	const char *a;
	const char *z;
	fq_strbuf b = FQ_STRBUF_INIT;
	char *out;

	snprintf(open, sizeof(open), "<%s>", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	if (start == NULL || (a = strstr(start, open)) == NULL ||
		(z = strstr(a += strlen(open), close)) == NULL)
		return NULL;
	/* Room for all of it at once: no copy of a secret is left behind. */
	if (!fq_strbuf_reserve(&b, (size_t) (z - a) + 1))
		return NULL;
	while (a < z)
	{
		static const struct
		{
			const char *ent;
			char c;
		} ents[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
		size_t i;

		for (i = 0; i < sizeof(ents) / sizeof(ents[0]); i++)
			if (strncmp(a, ents[i].ent, strlen(ents[i].ent)) == 0)
				break;
		if (i < sizeof(ents) / sizeof(ents[0]))
		{
			fq_strbuf_appendc(&b, ents[i].c);
			a += strlen(ents[i].ent);
		}
		else
			fq_strbuf_appendc(&b, *a++);
	}
	out = fq_strbuf_ok(&b) ? xstrndup(fq_strbuf_str(&b), b.len) : NULL;
	wipe_buf(&b);
	return out;
}

/* Seconds since the epoch of an ISO 8601 UTC time ("2026-12-03T14:00:00Z"),
 * 0 if it does not parse. */
static time_t
parse_iso_time(const char *s)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (s == NULL || sscanf(s, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
							&tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

/* ---- ARNs and endpoints ---- */

/* arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE; false if s is not one. */
typedef struct arn
{
	char partition[32];
	char service[32];
	char region[32];
	char account[32];
	const char *resource;
} arn;

static bool
parse_arn(const char *s, arn *a)
{
	char *fields[4] = {a->partition, a->service, a->region, a->account};
	const char *p;

	if (s == NULL || strncmp(s, "arn:", 4) != 0)
		return false;
	p = s + 4;
	for (int i = 0; i < 4; i++)
	{
		const char *colon = strchr(p, ':');

		if (colon == NULL || (size_t) (colon - p) >= sizeof(a->partition))
			return false;
		memcpy(fields[i], p, (size_t) (colon - p));
		fields[i][colon - p] = '\0';
		p = colon + 1;
	}
	a->resource = p;
	/* The partition and region go into endpoint host names: letters,
	 * digits and dashes only. */
	for (const char *q = a->region; *q != '\0'; q++)
		if (!((*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '-'))
			return false;
	return strcmp(a->partition, "aws") == 0 || strcmp(a->partition, "aws-cn") == 0 ||
		strcmp(a->partition, "aws-us-gov") == 0;
}

/* A region name fit for a host name. */
static bool
valid_region(const char *r)
{
	if (r == NULL || *r == '\0' || strlen(r) > 30)
		return false;
	for (; *r != '\0'; r++)
		if (!((*r >= 'a' && *r <= 'z') || (*r >= '0' && *r <= '9') || *r == '-'))
			return false;
	return true;
}

static const char *
dns_suffix(const char *partition)
{
	return strcmp(partition, "aws-cn") == 0 ? "amazonaws.com.cn" : "amazonaws.com";
}

/* The endpoint URL of a service: AWS_ENDPOINT_URL_<ID>, AWS_ENDPOINT_URL,
 * or the public one in region.  malloc'd. */
static char *
endpoint_url(const char *env_id, const char *prefix, const char *region, const char *partition)
{
	char name[64];
	const char *v = NULL;
	fq_strbuf b = FQ_STRBUF_INIT;

	if (!env_true("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))
	{
		snprintf(name, sizeof(name), "AWS_ENDPOINT_URL_%s", env_id);
		v = getenv(name);
		if (v == NULL || *v == '\0')
			v = getenv("AWS_ENDPOINT_URL");
	}
	if (v != NULL && *v != '\0')
		fq_strbuf_append(&b, v);
	else
		fq_strbuf_printf(&b, "https://%s.%s.%s", prefix, region, dns_suffix(partition));
	return fq_strbuf_ok(&b) ? b.data : NULL;
}

/* host[:port] and path of an http(s) URL (pointers into buffers). */
static bool
split_url(const char *url, char host[256], char path[512])
{
	const char *p = strstr(url, "://");
	const char *slash;
	size_t n;

	if (p == NULL)
		return false;
	p += 3;
	slash = strchr(p, '/');
	n = slash != NULL ? (size_t) (slash - p) : strlen(p);
	if (n == 0 || n >= 256)
		return false;
	memcpy(host, p, n);
	host[n] = '\0';
	snprintf(path, 512, "%s", slash != NULL ? slash : "/");
	/* A default port is not part of the Host header. */
	if (strchr(host, '@') != NULL || strchr(host, '?') != NULL || strchr(host, '#') != NULL)
		return false;
	if (strncasecmp(url, "https://", 8) == 0 && n > 4 && strcmp(host + n - 4, ":443") == 0)
		host[n - 4] = '\0';
	else if (strncasecmp(url, "http://", 7) == 0 && n > 3 && strcmp(host + n - 3, ":80") == 0)
		host[n - 3] = '\0';
	else if (strncasecmp(url, "http://", 7) != 0 && strncasecmp(url, "https://", 8) != 0)
		return false;
	return true;
}

/* ---- Signed AWS calls ---- */

/* Appends one formatted header; a copy of a secret is wiped after. */
static void
add_header(struct curl_slist **h, bool *broken, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
add_header(struct curl_slist **h, bool *broken, const char *fmt, ...)
{
	struct curl_slist *n = NULL;
	va_list ap;
	char *text;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		text = NULL;
	va_end(ap);
	if (text != NULL && (n = curl_slist_append(*h, text)) != NULL)
		*h = n;
	else
		*broken = true;
	wipe_free(text);
}

/* Frees a header list, wiping the headers (a token, a signature). */
static void
free_headers(struct curl_slist *h)
{
	for (struct curl_slist *p = h; p != NULL; p = p->next)
		if (p->data != NULL)
			OPENSSL_cleanse(p->data, strlen(p->data));
	curl_slist_free_all(h);
}

/* Seconds left of the AWS calls' budget (at least the LoginTimeout per
 * request, all of them within twice LoginTimeout). */
static int
remaining(const fq_aws_opts *o)
{
	time_t left = o->deadline - time(NULL);

	if (o->deadline == 0)
		return o->timeout > 0 ? o->timeout : 15;
	if (left <= 0)
		return 0;
	return o->timeout > 0 && left > o->timeout ? o->timeout : (int) left;
}

typedef struct aws_call
{
	const char *service;       /* signing name: "sts", "secretsmanager" */
	const char *what;          /* for messages: "sts:AssumeRole" */
	const char *url;
	const char *region;
	const char *content_type;
	const char *target;        /* X-Amz-Target, or NULL */
	const char *body;
	size_t body_len;
} aws_call;

static bool
retryable(long status, const char *code)
{
	static const char *const throttles[] = {"Throttling", "ThrottlingException",
		"RequestLimitExceeded", "TooManyRequestsException", "InternalServiceError",
		"InternalFailure", "ServiceUnavailable", NULL};

	if (status >= 500 || status == 429)
		return true;
	for (int i = 0; code != NULL && throttles[i] != NULL; i++)
		if (strcmp(code, throttles[i]) == 0)
			return true;
	return false;
}

/* AWS's error code of a failed answer (JSON or XML); malloc'd or NULL. */
static char *
error_code(const http_resp *r, char **message)
{
	const char *text = fq_strbuf_str(&r->body);
	cJSON *j = cJSON_ParseWithLength(text, r->body.len);
	char *code = NULL;

	*message = NULL;
	if (j != NULL)
	{
		cJSON *t = cJSON_GetObjectItemCaseSensitive(j, "__type");
		cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "message");

		if (!cJSON_IsString(m))
			m = cJSON_GetObjectItemCaseSensitive(j, "Message");
		if (cJSON_IsString(t))
		{
			const char *hash = strrchr(t->valuestring, '#');

			code = fq_strdup(hash != NULL ? hash + 1 : t->valuestring);
		}
		if (cJSON_IsString(m))
			*message = fq_strdup(m->valuestring);
		cJSON_Delete(j);
		return code;
	}
	*message = xml_text(text, "<Error>", "Message");
	return xml_text(text, "<Error>", "Code");
}

/*
 * Sends one signed request, retrying what is worth retrying.  FQ_OK with a
 * 2xx answer in *out; otherwise an error naming the call: 08001 when the
 * endpoint never answered, 28000 when AWS refused.
 */
static int
signed_call(const fq_aws_opts *o, const aws_call *c, const fq_aws_creds *creds,
			const char *subject, http_resp *out, fq_diags *d)
{
	char host[256];
	char path[512];
	char err[CURL_ERROR_SIZE];

	if (!split_url(c->url, host, path))
		return fq_raise(d, FQ_ERR_INVALID_PARAMETER_VALUE, 0,
						"the %s endpoint \"%s\" is not an http:// or https:// URL", c->what, c->url);
	for (int attempt = 0;; attempt++)
	{
		const char *names[2] = {"content-type", "x-amz-target"};
		const char *values[2] = {c->content_type, c->target};
		fq_aws_request rq = {"POST", host, path, "", c->target != NULL ? 2 : 1, names, values,
							 c->body, c->body_len};
		fq_strbuf auth = FQ_STRBUF_INIT;
		struct curl_slist *hdrs = NULL;
		bool broken = false;
		int timeout;
		char amzdate[17];
		char *code = NULL;
		char *message = NULL;
		int rc;

		fq_aws_sign(&rq, creds, c->region, c->service, time(NULL), amzdate, &auth, NULL);
		add_header(&hdrs, &broken, "Host: %s", host);
		add_header(&hdrs, &broken, "X-Amz-Date: %s", amzdate);
		add_header(&hdrs, &broken, "Content-Type: %s", c->content_type);
		if (c->target != NULL)
			add_header(&hdrs, &broken, "X-Amz-Target: %s", c->target);
		if (creds->session_token != NULL)
			add_header(&hdrs, &broken, "X-Amz-Security-Token: %s", creds->session_token);
		add_header(&hdrs, &broken, "Authorization: %s", fq_strbuf_str(&auth));
		add_header(&hdrs, &broken, "Expect:");
		add_header(&hdrs, &broken, "Accept:");
		if (broken || !fq_strbuf_ok(&auth))
		{
			free_headers(hdrs);
			wipe_buf(&auth);
			return fq_raise_nomem(d, NULL);
		}
		timeout = remaining(o);
		rc = timeout > 0
			? http_call(o, "POST", c->url, hdrs, c->body, c->body_len, timeout, false, out, err)
			: (snprintf(err, CURL_ERROR_SIZE, "out of time (LoginTimeout)"), FQ_ERROR);
		free_headers(hdrs);
		wipe_buf(&auth);
		if (rc == FQ_OK && out->status >= 200 && out->status < 300)
		{
			fq_log_write(o->log, FQ_LOG_DEBUG, "aws: %s %s: HTTP %ld", c->what, subject,
						 out->status);
			return FQ_OK;
		}
		if (rc == FQ_OK)
			code = error_code(out, &message);
		if (rc == FQ_OK)
			fq_log_write(o->log, FQ_LOG_DEBUG, "aws: %s %s: HTTP %ld %s", c->what, subject,
						 out->status, code != NULL ? code : "");
		else
			fq_log_write(o->log, FQ_LOG_DEBUG, "aws: %s %s: no answer: %s", c->what, subject,
						 err);
		if (attempt < 2 && remaining(o) > 0 &&
			((rc != FQ_OK && !tls_refused(out->curl_rc)) || (rc == FQ_OK && retryable(out->status, code))))
		{
			free(code);
			free(message);
			usleep((useconds_t) (100000 << attempt));
			continue;
		}
		if (rc != FQ_OK)
		{
			fq_raise(d, FQ_ERR_UNABLE_TO_CONNECT, 0, "%s for %s failed: cannot reach %s: %s",
					 c->what, subject, c->url, err);
			if (tls_refused(out->curl_rc))
				hint_tls(o, out->curl_rc, d);
			else if (out->via_proxy)
				fq_diag_hint(d, "Check the proxy (HTTPS_PROXY or HTTP_PROXY), or list the "
								"endpoint's host in NO_PROXY to reach it directly.");
		}
		else
		{
			fq_raise(d, FQ_ERR_INVALID_AUTHORIZATION, 0, "%s for %s was refused (HTTP %ld%s%s)%s%s",
					 c->what, subject, out->status, code ? ", " : "", code ? code : "",
					 message ? ": " : "", message ? message : "");
		}
		free(code);
		free(message);
		return FQ_ERROR;
	}
}

/* ---- Credentials: the chain ---- */

/* The [section] of an INI-style AWS file as key=value pairs into a cJSON
 * object; NULL if the file or section is absent. */
static cJSON *
read_ini_section(const char *path, const char *section)
{
	FILE *f = fopen(path, "re");
	char *line = NULL;
	size_t cap = 0;
	bool in = false;
	cJSON *obj = NULL;

	if (f == NULL)
		return NULL;
	while (getline(&line, &cap, f) >= 0)
	{
		char *p = line;
		char *end;
		char *eq;

		while (*p == ' ' || *p == '\t')
			p++;
		end = p + strlen(p);
		while (end > p && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		if (*p == '#' || *p == ';' || *p == '\0')
			continue;
		if (*p == '[')
		{
			char *close = strchr(p, ']');

			if (close == NULL)
				continue;
			*close = '\0';
			p++;
			while (*p == ' ')
				p++;
			for (char *q = close - 1; q >= p && *q == ' '; q--)
				*q = '\0';
			in = strcmp(p, section) == 0;
			if (in && obj == NULL && (obj = cJSON_CreateObject()) == NULL)
				break;
			continue;
		}
		if (!in || (eq = strchr(p, '=')) == NULL)
			continue;
		*eq = '\0';
		for (char *q = eq - 1; q >= p && (*q == ' ' || *q == '\t'); q--)
			*q = '\0';
		eq++;
		while (*eq == ' ' || *eq == '\t')
			eq++;
		if (cJSON_GetObjectItemCaseSensitive(obj, p) == NULL)
			cJSON_AddStringToObject(obj, p, eq);
	}
	if (line != NULL)
		OPENSSL_cleanse(line, cap);
	free(line);
	fclose(f);
	return obj;
}

static const char *
ini_get(const cJSON *sec, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(sec, key);

	return cJSON_IsString(v) && v->valuestring[0] != '\0' ? v->valuestring : NULL;
}

static void
ini_free(cJSON *sec)
{
	/* Wipe values: some are secret keys. */
	for (cJSON *v = sec != NULL ? sec->child : NULL; v != NULL; v = v->next)
		if (cJSON_IsString(v))
			OPENSSL_cleanse(v->valuestring, strlen(v->valuestring));
	cJSON_Delete(sec);
}

static char *
home_file(const char *env, const char *rel)
{
	const char *v = getenv(env);
	const char *home = getenv("HOME");
	fq_strbuf b = FQ_STRBUF_INIT;

	if (v != NULL && *v != '\0')
		fq_strbuf_append(&b, v);
	else if (home != NULL)
		fq_strbuf_printf(&b, "%s/%s", home, rel);
	else
		return NULL;
	return fq_strbuf_ok(&b) ? b.data : NULL;
}

static bool
creds_from_keys(fq_aws_creds *out, const char *ak, const char *sk, const char *tok)
{
	fq_aws_creds in = {(char *) ak, (char *) sk, (char *) tok, 0};

	return fq_aws_creds_copy(out, &in);
}

static int assume_role(const fq_aws_opts *o, const char *role, const char *region,
					   const char *partition, const fq_aws_creds *with, fq_aws_creds *out,
					   fq_diags *d);

typedef struct chain_ctx
{
	const fq_aws_opts *o;
	const char *region;     /* for STS, when a profile assumes a role */
	const char *partition;
	fq_strbuf tried;        /* where we looked, for the error */
} chain_ctx;

/*
 * Credentials of a profile in the shared files: keys in the credentials
 * file or the config file, or role_arn with source_profile (assumed with
 * that profile's credentials).  1 found, 0 no such profile, FQ_ERROR.
 */
/* A profile's own keys, from the credentials file or else the config
 * file: 1 found, 0 none. */
static int
profile_keys(const cJSON *cred, const cJSON *conf, const char *profile, fq_aws_creds *out,
			 fq_diags *d)
{
	const cJSON *secs[2] = {cred, conf};

	(void) profile;
	for (int i = 0; i < 2; i++)
	{
		const char *ak = ini_get(secs[i], "aws_access_key_id");
		const char *sk = ini_get(secs[i], "aws_secret_access_key");

		if (ak != NULL && sk != NULL)
			return creds_from_keys(out, ak, sk, ini_get(secs[i], "aws_session_token")) ? 1
				: fq_raise_nomem(d, NULL);
	}
	return 0;
}

static int
profile_creds(chain_ctx *cx, const char *profile, int depth, bool named, fq_aws_creds *out,
			  fq_diags *d)
{
	char *cred_path = home_file("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials");
	char *conf_path = home_file("AWS_CONFIG_FILE", ".aws/config");
	char section[300];
	cJSON *cred = cred_path ? read_ini_section(cred_path, profile) : NULL;
	cJSON *conf;
	const cJSON *role;
	int rc = 0;

	snprintf(section, sizeof(section), strcmp(profile, "default") == 0 ? "%s" : "profile %s",
			 profile);
	conf = conf_path ? read_ini_section(conf_path, section) : NULL;
	if (depth == 0)
		fq_strbuf_printf(&cx->tried, ", profile \"%s\" in %s and %s", profile,
						 cred_path ? cred_path : "~/.aws/credentials",
						 conf_path ? conf_path : "~/.aws/config");
	/* As the AWS SDKs: a role to assume wins over the profile's keys. */
	role = ini_get(conf, "role_arn") != NULL ? conf : ini_get(cred, "role_arn") != NULL ? cred : NULL;
	if (role != NULL)
	{
		const char *src = ini_get(role, "source_profile");
		fq_aws_creds base = {0};

		if (src != NULL && strcmp(src, profile) == 0)
		{
			/* source_profile = itself: its own keys assume the role */
			rc = profile_keys(cred, conf, profile, &base, d);
			if (rc == 0)
				rc = fq_raise(d, FQ_ERR_INVALID_AUTHORIZATION, 0,
							  "AWS profile \"%s\" is its own source_profile but has no keys",
							  profile);
			if (rc > 0)
			{
				rc = assume_role(cx->o, ini_get(role, "role_arn"), cx->region, cx->partition,
								 &base, out, d) < 0 ? FQ_ERROR : 1;
				fq_aws_creds_clear(&base);
			}
		}
		else if (src == NULL || depth >= MAX_PROFILE_DEPTH)
			rc = fq_raise(d, FQ_ERR_INVALID_AUTHORIZATION, 0,
						  "AWS profile \"%s\" has role_arn but %s", profile,
						  src == NULL ? "no source_profile (fedq supports source_profile only)"
									  : "its source_profile chain is too long");
		else if ((rc = profile_creds(cx, src, depth + 1, true, &base, d)) == 0)
			rc = fq_raise(d, FQ_ERR_INVALID_AUTHORIZATION, 0,
						  "AWS profile \"%s\" names source_profile \"%s\", which does not exist",
						  profile, src);
		else if (rc > 0)
		{
			rc = assume_role(cx->o, ini_get(role, "role_arn"), cx->region, cx->partition, &base,
							 out, d) < 0 ? FQ_ERROR : 1;
			fq_aws_creds_clear(&base);
		}
	}
	else if ((rc = profile_keys(cred, conf, profile, out, d)) == 0 && (cred != NULL || conf != NULL) &&
			 named)
		rc = fq_raise(d, FQ_ERR_INVALID_AUTHORIZATION, 0,
					  "AWS profile \"%s\" has no aws_access_key_id and aws_secret_access_key", profile);
	/* An implicit [default] with only settings (region, output) gives no
	 * credentials: the chain goes on. */
	ini_free(cred);
	ini_free(conf);
	free(cred_path);
	free(conf_path);
	return rc;
}

/* {"AccessKeyId", "SecretAccessKey", "Token", "Expiration"}, as the
 * container and instance metadata endpoints answer. */
static bool
creds_from_json(const fq_strbuf *body, fq_aws_creds *out)
{
	cJSON *j = cJSON_ParseWithLength(fq_strbuf_str(body), body->len);
	cJSON *ak = cJSON_GetObjectItemCaseSensitive(j, "AccessKeyId");
	cJSON *sk = cJSON_GetObjectItemCaseSensitive(j, "SecretAccessKey");
	cJSON *tok = cJSON_GetObjectItemCaseSensitive(j, "Token");
	cJSON *exp = cJSON_GetObjectItemCaseSensitive(j, "Expiration");
	bool ok = cJSON_IsString(ak) && cJSON_IsString(sk) &&
		creds_from_keys(out, ak->valuestring, sk->valuestring,
						cJSON_IsString(tok) ? tok->valuestring : NULL);

	if (ok && cJSON_IsString(exp))
		out->expires = parse_iso_time(exp->valuestring);
	if (cJSON_IsString(sk))
		OPENSSL_cleanse(sk->valuestring, strlen(sk->valuestring));
	if (cJSON_IsString(tok))
		OPENSSL_cleanse(tok->valuestring, strlen(tok->valuestring));
	cJSON_Delete(j);
	return ok;
}

/* ECS / EKS Pod Identity style: 1 found, 0 not configured, FQ_ERROR. */
static int
container_creds(chain_ctx *cx, fq_aws_creds *out, fq_diags *d)
{
	const char *rel = getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
	const char *full = getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI");
	const char *token = getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN");
	fq_strbuf url = FQ_STRBUF_INIT;
	fq_strbuf hdr = FQ_STRBUF_INIT;
	struct curl_slist *hdrs = NULL;
	http_resp r = {0};
	char err[CURL_ERROR_SIZE];
	int rc;

	if ((rel == NULL || *rel == '\0') && (full == NULL || *full == '\0'))
		return 0;
	if (rel != NULL && *rel != '\0')
		fq_strbuf_printf(&url, "http://169.254.170.2%s", rel);
	else
		fq_strbuf_append(&url, full);
	fq_strbuf_printf(&cx->tried, ", the container endpoint %s", fq_strbuf_str(&url));
	if (token != NULL && *token != '\0')
	{
		fq_strbuf_printf(&hdr, "Authorization: %s", token);
		hdrs = curl_slist_append(NULL, fq_strbuf_str(&hdr));
	}
	if (!fq_strbuf_ok(&url) || (token != NULL && *token != '\0' &&
								(!fq_strbuf_ok(&hdr) || hdrs == NULL)))
	{
		free_headers(hdrs);
		fq_strbuf_free(&url);
		wipe_buf(&hdr);
		return fq_raise_nomem(d, NULL);
	}
	rc = http_call(cx->o, "GET", fq_strbuf_str(&url), hdrs, NULL, 0, cx->o->timeout, true, &r,
				   err);
	free_headers(hdrs);
	if (rc < 0)
		rc = fq_raise(d, FQ_ERR_UNABLE_TO_CONNECT, 0,
					  "AWS credentials from the container endpoint %s: %s", fq_strbuf_str(&url), err);
	else if (r.status != 200)
		rc = fq_raise(d, FQ_ERR_INVALID_AUTHORIZATION, 0,
					  "AWS credentials from the container endpoint %s: HTTP %ld",
					  fq_strbuf_str(&url), r.status);
	else if (!creds_from_json(&r.body, out))
		rc = fq_raise(d, FQ_ERR_INVALID_AUTHORIZATION, 0,
					  "the container endpoint %s sent no AccessKeyId and SecretAccessKey",
					  fq_strbuf_str(&url));
	else
		rc = 1;
	wipe_buf(&r.body);
	fq_strbuf_free(&url);
	wipe_buf(&hdr);
	return rc;
}

/* EC2 instance metadata, IMDSv2: 1 found, 0 none (not on EC2). */
static int
imds_creds(chain_ctx *cx, fq_aws_creds *out, fq_diags *d)
{
	const char *base = getenv("AWS_EC2_METADATA_SERVICE_ENDPOINT");
	fq_strbuf url = FQ_STRBUF_INIT;
	fq_strbuf tok = FQ_STRBUF_INIT;
	struct curl_slist *hdrs = NULL;
	http_resp r = {0};
	char err[CURL_ERROR_SIZE];
	char role[256];
	int rc = 0;

	if (env_true("AWS_EC2_METADATA_DISABLED"))
		return 0;
	if (base == NULL || *base == '\0')
		base = "http://169.254.169.254";
	fq_strbuf_printf(&cx->tried, ", the instance metadata service %s", base);
	fq_strbuf_printf(&url, "%s/latest/api/token", base);
	hdrs = curl_slist_append(NULL, "X-aws-ec2-metadata-token-ttl-seconds: 300");
	if (!fq_strbuf_ok(&url) || hdrs == NULL)
	{
		rc = fq_raise_nomem(d, NULL);
		goto done;
	}
	if (http_call(cx->o, "PUT", fq_strbuf_str(&url), hdrs, "", 0, IMDS_TIMEOUT, true, &r, err) < 0 ||
		r.status != 200 || r.body.len == 0 || r.body.len > 1000)
		goto done; /* not on EC2, or IMDS off: not an error */
	free_headers(hdrs);
	fq_strbuf_printf(&tok, "X-aws-ec2-metadata-token: %s", fq_strbuf_str(&r.body));
	hdrs = curl_slist_append(NULL, fq_strbuf_str(&tok));
	fq_strbuf_reset(&url);
	fq_strbuf_printf(&url, "%s/latest/meta-data/iam/security-credentials/", base);
	if (!fq_strbuf_ok(&tok) || !fq_strbuf_ok(&url) || hdrs == NULL)
	{
		rc = fq_raise_nomem(d, NULL);
		goto done;
	}
	if (http_call(cx->o, "GET", fq_strbuf_str(&url), hdrs, NULL, 0, IMDS_TIMEOUT, true, &r, err) < 0 ||
		r.status != 200 || r.body.len == 0)
	{
		rc = r.status != 0
			? fq_raise(d, FQ_ERR_INVALID_AUTHORIZATION, 0,
					   "this EC2 instance has no IAM role (instance metadata: HTTP %ld)", r.status)
			: fq_raise(d, FQ_ERR_INVALID_AUTHORIZATION, 0,
					   "this EC2 instance has no IAM role (instance metadata: %s)", err);
		goto done;
	}
	snprintf(role, sizeof(role), "%.*s", (int) strcspn(fq_strbuf_str(&r.body), "\r\n"),
			 fq_strbuf_str(&r.body));
	fq_strbuf_append(&url, role);
	if (!fq_strbuf_ok(&url))
	{
		rc = fq_raise_nomem(d, NULL);
		goto done;
	}
	if (http_call(cx->o, "GET", fq_strbuf_str(&url), hdrs, NULL, 0, IMDS_TIMEOUT, true, &r, err) < 0 ||
		r.status != 200 || !creds_from_json(&r.body, out))
		rc = fq_raise(d, FQ_ERR_INVALID_AUTHORIZATION, 0,
					  "the instance metadata service gave no credentials for role \"%s\"", role);
	else
		rc = 1;
done:
	free_headers(hdrs);
	wipe_buf(&r.body);
	fq_strbuf_free(&url);
	wipe_buf(&tok);
	return rc;
}

static int
chain_creds(chain_ctx *cx, fq_aws_creds *out, fq_diags *d)
{
	const char *ak = getenv("AWS_ACCESS_KEY_ID");
	const char *sk = getenv("AWS_SECRET_ACCESS_KEY");
	const char *named = cx->o->profile != NULL && *cx->o->profile != '\0' ? cx->o->profile
		: getenv("AWS_PROFILE");
	int rc;

	/* A profile named by the connection string wins over the environment. */
	if ((cx->o->profile == NULL || *cx->o->profile == '\0') && ak != NULL && *ak != '\0' &&
		sk != NULL && *sk != '\0')
		return creds_from_keys(out, ak, sk, getenv("AWS_SESSION_TOKEN")) ? FQ_OK
			: fq_raise_nomem(d, NULL);
	fq_strbuf_append(&cx->tried, "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY");
	if ((rc = profile_creds(cx, named != NULL && *named != '\0' ? named : "default", 0,
							named != NULL && *named != '\0', out, d)) != 0)
		return rc < 0 ? FQ_ERROR : FQ_OK;
	if (named != NULL && *named != '\0')
		return fq_raise(d, FQ_ERR_INVALID_AUTHORIZATION, 0,
						"AWS profile \"%s\" was not found (looked in %s)", named,
						fq_strbuf_str(&cx->tried));
	if ((rc = container_creds(cx, out, d)) != 0 || (rc = imds_creds(cx, out, d)) != 0)
		return rc < 0 ? FQ_ERROR : FQ_OK;
	fq_raise(d, FQ_ERR_INVALID_AUTHORIZATION, 0, "no AWS credentials found (looked at %s)",
			 fq_strbuf_ok(&cx->tried) ? fq_strbuf_str(&cx->tried) : "the credential chain");
	fq_diag_hint(d, "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or name a profile of "
					"~/.aws/credentials with the connection key AWSProfile.");
	return FQ_ERROR;
}

/* ---- sts:AssumeRole ---- */

static int
assume_role(const fq_aws_opts *o, const char *role, const char *region, const char *partition,
			const fq_aws_creds *with, fq_aws_creds *out, fq_diags *d)
{
	fq_strbuf body = FQ_STRBUF_INIT;
	http_resp r = {0};
	char *url = endpoint_url("STS", "sts", region, partition);
	aws_call c = {"sts", "sts:AssumeRole", url, region,
				  "application/x-www-form-urlencoded; charset=utf-8", NULL, NULL, 0};
	int rc;

	if (url == NULL)
		return fq_raise_nomem(d, NULL);
	fq_strbuf_append(&body, "Action=AssumeRole&DurationSeconds=");
	fq_strbuf_printf(&body, "%d&RoleArn=", ROLE_SECONDS);
	append_urlencoded(&body, role);
	fq_strbuf_printf(&body, "&RoleSessionName=fedq-%ld&Version=2011-06-15", (long) getpid());
	if (!fq_strbuf_ok(&body))
	{
		free(url);
		return fq_raise_nomem(d, NULL);
	}
	c.body = fq_strbuf_str(&body);
	c.body_len = body.len;
	rc = signed_call(o, &c, with, role, &r, d);
	if (rc == FQ_OK)
	{
		const char *xml = fq_strbuf_str(&r.body);
		char *ak = xml_text(xml, "<Credentials>", "AccessKeyId");
		char *sk = xml_text(xml, "<Credentials>", "SecretAccessKey");
		char *tok = xml_text(xml, "<Credentials>", "SessionToken");
		char *exp = xml_text(xml, "<Credentials>", "Expiration");

		if (ak == NULL || sk == NULL || tok == NULL)
			rc = fq_raise(d, FQ_ERR_INVALID_AUTHORIZATION, 0,
						  "sts:AssumeRole for %s answered without credentials", role);
		else
		{
			out->access_key = ak;
			out->secret_key = sk;
			out->session_token = tok;
			out->expires = parse_iso_time(exp);
			ak = sk = tok = NULL;
		}
		wipe_free(ak);
		wipe_free(sk);
		wipe_free(tok);
		free(exp);
	}
	wipe_buf(&r.body);
	fq_strbuf_free(&body);
	free(url);
	return rc;
}

/* ---- secretsmanager:GetSecretValue ---- */

static int
get_secret_value(const fq_aws_opts *o, const char *schema, const arn *sa, const char *secret_arn,
				 const fq_aws_creds *creds, char **user, char **password, fq_diags *d)
{
	char *url = endpoint_url("SECRETS_MANAGER", "secretsmanager", sa->region, sa->partition);
	cJSON *req = cJSON_CreateObject();
	char *body = NULL;
	http_resp r = {0};
	aws_call c = {"secretsmanager", "secretsmanager:GetSecretValue", url, sa->region,
				  "application/x-amz-json-1.1", "secretsmanager.GetSecretValue", NULL, 0};
	int rc;

	if (url == NULL || req == NULL || cJSON_AddStringToObject(req, "SecretId", secret_arn) == NULL ||
		(body = cJSON_PrintUnformatted(req)) == NULL)
	{
		free(url);
		cJSON_Delete(req);
		return fq_raise_nomem(d, NULL);
	}
	cJSON_Delete(req);
	c.body = body;
	c.body_len = strlen(body);
	rc = signed_call(o, &c, creds, secret_arn, &r, d);
	if (rc == FQ_OK)
	{
		cJSON *j = cJSON_ParseWithLength(fq_strbuf_str(&r.body), r.body.len);
		cJSON *ss = cJSON_GetObjectItemCaseSensitive(j, "SecretString");
		cJSON *inner = cJSON_IsString(ss) ? cJSON_Parse(ss->valuestring) : NULL;
		cJSON *u = cJSON_GetObjectItemCaseSensitive(inner, "username");
		cJSON *p = cJSON_GetObjectItemCaseSensitive(inner, "password");

		if (!cJSON_IsString(ss))
			rc = fq_raise(d, FQ_ERR_INVALID_AUTHORIZATION, 0,
						  "the secret %s of external schema \"%s\" has no SecretString%s",
						  secret_arn, schema,
						  cJSON_GetObjectItemCaseSensitive(j, "SecretBinary") ? " (it is binary)" : "");
		else if (!cJSON_IsString(u) || !cJSON_IsString(p))
			rc = fq_raise(d, FQ_ERR_INVALID_AUTHORIZATION, 0,
						  "the secret %s of external schema \"%s\" is not JSON with \"username\" "
						  "and \"password\"", secret_arn, schema);
		else if ((*user = fq_strdup(u->valuestring)) == NULL ||
				 (*password = fq_strdup(p->valuestring)) == NULL)
		{
			free(*user);
			*user = NULL;
			rc = fq_raise_nomem(d, NULL);
		}
		if (cJSON_IsString(p))
			OPENSSL_cleanse(p->valuestring, strlen(p->valuestring));
		if (cJSON_IsString(ss))
			OPENSSL_cleanse(ss->valuestring, strlen(ss->valuestring));
		cJSON_Delete(inner);
		cJSON_Delete(j);
	}
	wipe_buf(&r.body);
	free(body);
	free(url);
	return rc;
}

/* ---- The cache ---- */

typedef struct cached_secret
{
	struct cached_secret *next;
	char *key;
	char *user;
	char *password;
	time_t fetched;
} cached_secret;

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static cached_secret *cache;

static char *
cache_key(const char *secret_arn, const char *iam_role, const char *profile)
{
	fq_strbuf b = FQ_STRBUF_INIT;

	fq_strbuf_printf(&b, "%s|%s|%s", secret_arn, iam_role ? iam_role : "",
					 profile ? profile : "");
	return fq_strbuf_ok(&b) ? b.data : NULL;
}

static void
drop_entry(cached_secret *e)
{
	free(e->key);
	wipe_free(e->user);
	wipe_free(e->password);
	free(e);
}

/* Wipes the cached passwords when the driver is unloaded. */
__attribute__((destructor)) static void
cache_wipe(void)
{
	pthread_mutex_lock(&cache_lock);
	while (cache != NULL)
	{
		cached_secret *e = cache;

		cache = e->next;
		drop_entry(e);
	}
	pthread_mutex_unlock(&cache_lock);
}

static bool
cache_get(const char *key, int ttl, char **user, char **password)
{
	bool hit = false;

	pthread_mutex_lock(&cache_lock);
	for (cached_secret *e = cache; e != NULL; e = e->next)
		if (strcmp(e->key, key) == 0 && ttl > 0 && time(NULL) - e->fetched < ttl)
		{
			*user = fq_strdup(e->user);
			*password = fq_strdup(e->password);
			hit = *user != NULL && *password != NULL;
			if (!hit)
			{
				wipe_free(*user);
				wipe_free(*password);
				*user = *password = NULL;
			}
			break;
		}
	pthread_mutex_unlock(&cache_lock);
	return hit;
}

static void
cache_forget_key(const char *key)
{
	pthread_mutex_lock(&cache_lock);
	for (cached_secret **pp = &cache; *pp != NULL;)
	{
		cached_secret *e = *pp;

		if (strcmp(e->key, key) == 0)
		{
			*pp = e->next;
			drop_entry(e);
		}
		else
			pp = &e->next;
	}
	pthread_mutex_unlock(&cache_lock);
}

static void
cache_put(char *key, const char *user, const char *password)
{
	cached_secret *e = fq_calloc(1, sizeof(*e));

	cache_forget_key(key);
	if (e == NULL || (e->user = fq_strdup(user)) == NULL || (e->password = fq_strdup(password)) == NULL)
	{
		if (e != NULL)
		{
			e->key = key;
			drop_entry(e);
		}
		else
			free(key);
		return; /* not caching is only slower */
	}
	e->key = key;
	e->fetched = time(NULL);
	pthread_mutex_lock(&cache_lock);
	e->next = cache;
	cache = e;
	pthread_mutex_unlock(&cache_lock);
}

void
fq_aws_forget_secret(const char *secret_arn, const char *iam_role)
{
	fq_strbuf prefix = FQ_STRBUF_INIT;

	/* Every profile's entry for this secret and role ("default" is the
	 * chain's own credentials, as in fq_aws_get_secret). */
	if (iam_role != NULL && strcasecmp(iam_role, "default") == 0)
		iam_role = NULL;
	fq_strbuf_printf(&prefix, "%s|%s|", secret_arn, iam_role ? iam_role : "");
	if (!fq_strbuf_ok(&prefix))
		return;
	pthread_mutex_lock(&cache_lock);
	for (cached_secret **pp = &cache; *pp != NULL;)
	{
		cached_secret *e = *pp;

		if (strncmp(e->key, prefix.data, prefix.len) == 0)
		{
			*pp = e->next;
			drop_entry(e);
		}
		else
			pp = &e->next;
	}
	pthread_mutex_unlock(&cache_lock);
	fq_strbuf_free(&prefix);
}

/* ---- Checks at CREATE EXTERNAL SCHEMA ---- */

bool
fq_aws_check_secret_arn(const char *s, fq_diags *d)
{
	arn a;

	if (!parse_arn(s, &a) || strcmp(a.service, "secretsmanager") != 0 || a.region[0] == '\0' ||
		strncmp(a.resource, "secret:", 7) != 0 || a.resource[7] == '\0')
	{
		fq_raise(d, FQ_ERR_INVALID_PARAMETER_VALUE, 0,
				 "SECRET_ARN '%s' is not a Secrets Manager secret ARN", s);
		fq_diag_hint(d, "Give 'arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME' or "
						"'file:/path/secret.json'.");
		return false;
	}
	return true;
}

bool
fq_aws_check_role(const char *iam_role, fq_diags *d)
{
	const char *p = iam_role;
	int n = 0;

	if (strcasecmp(iam_role, "default") == 0)
		return true;
	while (*p != '\0')
	{
		size_t len = strcspn(p, ",");
		char one[2048];
		arn a;

		if (len == 0 || len >= sizeof(one))
			goto bad;
		memcpy(one, p, len);
		one[len] = '\0';
		if (strchr(one, ' ') != NULL || !parse_arn(one, &a) || strcmp(a.service, "iam") != 0 ||
			strncmp(a.resource, "role/", 5) != 0 || a.resource[5] == '\0')
			goto bad;
		if (++n > MAX_ROLES)
		{
			fq_raise(d, FQ_ERR_INVALID_PARAMETER_VALUE, 0,
					 "IAM_ROLE chains at most %d roles", MAX_ROLES);
			return false;
		}
		p += len;
		if (*p == ',' && *++p == '\0')
			goto bad;
	}
	if (n > 0)
		return true;
bad:
	fq_raise(d, FQ_ERR_INVALID_PARAMETER_VALUE, 0,
			 "IAM_ROLE '%s' is not default or a comma-separated list of role ARNs", iam_role);
	fq_diag_hint(d, "Give 'arn:aws:iam::ACCOUNT:role/NAME[,arn:aws:iam::ACCOUNT:role/NAME...]' "
					"without spaces.");
	return false;
}

/* ---- The CA bundle ---- */

/*
 * Where HTTPS certificates are checked against, as the AWS SDKs decide:
 * AWS_CA_BUNDLE, else ca_bundle in the profile's section of the shared
 * config file, else (o->ca_bundle NULL) the system's CAs.  A bundle that
 * cannot be read is an error now rather than a TLS failure later.
 */
static int
find_ca_bundle(fq_aws_opts *o, char *path, size_t cap, char *from, size_t fcap, fq_diags *d)
{
	const char *env = getenv("AWS_CA_BUNDLE");
	const char *profile = o->profile != NULL && *o->profile != '\0' ? o->profile
		: getenv("AWS_PROFILE");

	o->ca_bundle = o->ca_bundle_from = NULL;
	if (profile == NULL || *profile == '\0')
		profile = "default";
	if (env != NULL && *env != '\0')
	{
		snprintf(path, cap, "%s", env);
		snprintf(from, fcap, "AWS_CA_BUNDLE");
	}
	else
	{
		char *conf_path = home_file("AWS_CONFIG_FILE", ".aws/config");
		char section[300];
		cJSON *conf;
		const char *v;

		snprintf(section, sizeof(section), strcmp(profile, "default") == 0 ? "%s" : "profile %s",
				 profile);
		conf = conf_path != NULL ? read_ini_section(conf_path, section) : NULL;
		v = ini_get(conf, "ca_bundle");
		if (v != NULL)
		{
			snprintf(path, cap, "%s", v);
			snprintf(from, fcap, "ca_bundle of profile \"%s\" in %s", profile, conf_path);
		}
		ini_free(conf);
		free(conf_path);
		if (v == NULL)
			return FQ_OK;
	}
	if (access(path, R_OK) != 0)
	{
		int e = errno;

		fq_raise(d, FQ_ERR_UNABLE_TO_CONNECT, 0, "the CA bundle \"%s\" (%s) cannot be read: %s",
				 path, from, strerror(e));
		fq_diag_hint(d, "Point %s at a readable PEM file of CA certificates, or unset it to "
						"use the system's.", from);
		return FQ_ERROR;
	}
	o->ca_bundle = path;
	o->ca_bundle_from = from;
	return FQ_OK;
}

/* ---- The entry point ---- */

int
fq_aws_get_secret(const fq_aws_opts *opts, const char *schema, const char *secret_arn,
				  const char *iam_role, char **user, char **password, bool *from_cache,
				  fq_diags *d)
{
	fq_aws_opts lo = *opts;
	const fq_aws_opts *o = &lo;
	chain_ctx cx = {.o = o};
	fq_aws_creds creds = {0};
	arn sa;
	const char *region;
	char *key;
	char bundle[4096];
	char bundle_from[4200];
	int rc = FQ_OK;

	*user = *password = NULL;
	*from_cache = false;
	if (!fq_aws_check_secret_arn(secret_arn, d) ||
		(iam_role != NULL && !fq_aws_check_role(iam_role, d)))
		return FQ_ERROR;
	parse_arn(secret_arn, &sa);
	if (iam_role != NULL && strcasecmp(iam_role, "default") == 0)
		iam_role = NULL;
	if ((key = cache_key(secret_arn, iam_role, o->profile)) == NULL)
		return fq_raise_nomem(d, NULL);
	if (cache_get(key, o->cache_seconds, user, password))
	{
		fq_log_write(o->log, FQ_LOG_DEBUG, "aws: secret %s from the cache", secret_arn);
		*from_cache = true;
		free(key);
		return FQ_OK;
	}
	/* STS in AWSRegion, AWS_REGION, AWS_DEFAULT_REGION, or the secret's. */
	region = o->region != NULL && *o->region != '\0' ? o->region : getenv("AWS_REGION");
	if (region == NULL || *region == '\0')
		region = getenv("AWS_DEFAULT_REGION");
	if (region == NULL || *region == '\0')
		region = sa.region;
	if (!valid_region(region))
	{
		fq_raise(d, FQ_ERR_INVALID_PARAMETER_VALUE, 0,
				 "external schema \"%s\": \"%.40s\" (AWSRegion, AWS_REGION or AWS_DEFAULT_REGION) "
				 "is not an AWS region name", schema, region);
		free(key);
		return FQ_ERROR;
	}
	cx.region = region;
	if (find_ca_bundle(&lo, bundle, sizeof(bundle), bundle_from, sizeof(bundle_from), d) < 0)
	{
		fq_diag_prefix(d, "external schema \"%s\": ", schema);
		free(key);
		return FQ_ERROR;
	}
	/* Every AWS call of this fetch ends within twice LoginTimeout. */
	lo.deadline = time(NULL) + 2 * (lo.timeout > 0 ? lo.timeout : 15);
	cx.partition = sa.partition;

	if (chain_creds(&cx, &creds, d) < 0)
		rc = FQ_ERROR;
	for (const char *p = iam_role; rc == FQ_OK && p != NULL && *p != '\0';)
	{
		size_t len = strcspn(p, ",");
		char *role = xstrndup(p, len);
		fq_aws_creds next = {0};

		if (role == NULL)
			rc = fq_raise_nomem(d, NULL);
		else if (assume_role(o, role, region, sa.partition, &creds, &next, d) < 0)
			rc = FQ_ERROR;
		else
		{
			fq_aws_creds_clear(&creds);
			creds = next;
		}
		free(role);
		p += len;
		if (*p == ',')
			p++;
	}
	if (rc == FQ_OK)
		rc = get_secret_value(o, schema, &sa, secret_arn, &creds, user, password, d);
	fq_aws_creds_clear(&creds);
	fq_strbuf_free(&cx.tried);
	if (rc < 0)
	{
		fq_diag_prefix(d, "external schema \"%s\": ", schema);
		free(key);
		return FQ_ERROR;
	}
	if (o->cache_seconds > 0)
		cache_put(key, *user, *password);
	else
		free(key);
	return FQ_OK;
}
