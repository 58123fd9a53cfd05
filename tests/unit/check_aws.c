/*
 * check_aws.c — unit suite for engine/aws: Signature Version 4 and the
 * checks of SECRET_ARN and IAM_ROLE.
 *
 * What it specifies: fedq's signature of AWS's own documented example
 * (IAM ListUsers, 2015-08-30T12:36:00Z, the AKIDEXAMPLE key) is AWS's:
 * the canonical request hashes to f536975d..., the signature is
 * 5d672d79...; header names are lower-cased and sorted, values trimmed
 * with inner blanks folded; a session token is signed as
 * x-amz-security-token; the body's hash ends the canonical request.  ARNs
 * are accepted in Redshift's forms and refused otherwise with 22023.
 * End to end the signatures are checked by botocore (tests/it/35-...).
 */
#include "aws/aws.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* 2015-08-30T12:36:00Z */
#define EXAMPLE_TIME ((time_t) 1440938160)

static const fq_aws_creds example = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
									 NULL, 0};

START_TEST(test_sigv4_aws_example)
{
	const char *names[] = {"Content-Type"};
	const char *values[] = {"application/x-www-form-urlencoded; charset=utf-8"};
	fq_aws_request r = {"GET", "iam.amazonaws.com", "/", "Action=ListUsers&Version=2010-05-08",
						1, names, values, NULL, 0};
	fq_strbuf auth = FQ_STRBUF_INIT;
	fq_strbuf canon = FQ_STRBUF_INIT;
	char date[17];
	char hash[65];

	fq_aws_sign(&r, &example, "us-east-1", "iam", EXAMPLE_TIME, date, &auth, &canon);
	ck_assert_str_eq(date, "20150830T123600Z");
	ck_assert_str_eq(fq_strbuf_str(&canon),
					 "GET\n/\nAction=ListUsers&Version=2010-05-08\n"
					 "content-type:application/x-www-form-urlencoded; charset=utf-8\n"
					 "host:iam.amazonaws.com\n"
					 "x-amz-date:20150830T123600Z\n\n"
					 "content-type;host;x-amz-date\n"
					 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	fq_aws_sha256_hex(canon.data, canon.len, hash);
	ck_assert_str_eq(hash, "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
	ck_assert_str_eq(fq_strbuf_str(&auth),
					 "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
					 "SignedHeaders=content-type;host;x-amz-date, "
					 "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
	fq_strbuf_free(&auth);
	fq_strbuf_free(&canon);
}
END_TEST

START_TEST(test_sigv4_headers_token_body)
{
	const char *names[] = {"X-Amz-Target", "Content-Type"};
	const char *values[] = {"secretsmanager.GetSecretValue", "  application/x-amz-json-1.1   "};
	const char body[] = "{\"SecretId\":\"s\"}";
	fq_aws_request r = {"POST", "127.0.0.1:4566", "/", "", 2, names, values, body,
						sizeof(body) - 1};
	fq_aws_creds c = {"ASIAX", "sk", "to  ken", 0};
	fq_strbuf auth = FQ_STRBUF_INIT;
	fq_strbuf canon = FQ_STRBUF_INIT;
	char date[17];
	char hash[65];
	char *expect;

	fq_aws_sign(&r, &c, "eu-west-1", "secretsmanager", EXAMPLE_TIME, date, &auth, &canon);
	fq_aws_sha256_hex(body, sizeof(body) - 1, hash);
	ck_assert_int_gt(asprintf(&expect,
							  "POST\n/\n\n"
							  "content-type:application/x-amz-json-1.1\n"
							  "host:127.0.0.1:4566\n"
							  "x-amz-date:20150830T123600Z\n"
							  "x-amz-security-token:to ken\n"
							  "x-amz-target:secretsmanager.GetSecretValue\n\n"
							  "content-type;host;x-amz-date;x-amz-security-token;x-amz-target\n%s",
							  hash), 0);
	ck_assert_str_eq(fq_strbuf_str(&canon), expect);
	ck_assert_ptr_nonnull(strstr(fq_strbuf_str(&auth),
								 "Credential=ASIAX/20150830/eu-west-1/secretsmanager/aws4_request, "
								 "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;"
								 "x-amz-target, Signature="));
	ck_assert_uint_eq(strlen(strstr(fq_strbuf_str(&auth), "Signature=") + 10), 64);
	free(expect);
	fq_strbuf_free(&auth);
	fq_strbuf_free(&canon);
}
END_TEST

START_TEST(test_sigv4_key_changes_signature)
{
	fq_aws_request r = {"GET", "h", "/", "", 0, NULL, NULL, NULL, 0};
	fq_aws_creds other = {"AKIDEXAMPLE", "another-secret", NULL, 0};
	fq_strbuf a = FQ_STRBUF_INIT;
	fq_strbuf b = FQ_STRBUF_INIT;
	char date[17];

	fq_aws_sign(&r, &example, "us-east-1", "sts", EXAMPLE_TIME, date, &a, NULL);
	fq_aws_sign(&r, &other, "us-east-1", "sts", EXAMPLE_TIME, date, &b, NULL);
	ck_assert_str_ne(fq_strbuf_str(&a), fq_strbuf_str(&b));
	fq_strbuf_reset(&b);
	fq_aws_sign(&r, &example, "us-east-1", "sts", EXAMPLE_TIME + 1, date, &b, NULL);
	ck_assert_str_ne(fq_strbuf_str(&a), fq_strbuf_str(&b));
	fq_strbuf_free(&a);
	fq_strbuf_free(&b);
}
END_TEST

typedef struct arn_case
{
	const char *text;
	bool ok;
} arn_case;

static const arn_case secret_arns[] = {
	{"arn:aws:secretsmanager:us-east-1:123456789012:secret:shop-AbCdEf", true},
	{"arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:s", true},
	{"arn:aws:secretsmanager:us-east-1:123456789012:secret:", false},
	{"arn:aws:secretsmanager::123456789012:secret:s", false},
	{"arn:aws:s3:::bucket", false},
	{"arn:aws:secretsmanager:us-east-1:123456789012:other:s", false},
	{"shop-secret", false},
	/* the region goes into a host name */
	{"arn:aws:secretsmanager:us-east-1@evil.example#:1:secret:a", false},
	{"arn:aws:secretsmanager:US-EAST-1:1:secret:a", false},
	{"arn:other:secretsmanager:us-east-1:1:secret:a", false},
	{"arn:aws-us-gov:secretsmanager:us-gov-west-1:1:secret:a", true},
	{"", false},
};

START_TEST(test_secret_arns)
{
	const arn_case *c = &secret_arns[_i];
	fq_diags *d = fq_diags_new();

	ck_assert_msg(fq_aws_check_secret_arn(c->text, d) == c->ok, "%s", c->text);
	if (!c->ok)
		ck_assert_str_eq(fq_diags_get(d, 0)->sqlstate, "22023");
	fq_diags_free(d);
}
END_TEST

static const arn_case roles[] = {
	{"default", true},
	{"DEFAULT", true},
	{"arn:aws:iam::123456789012:role/Reader", true},
	{"arn:aws:iam::123456789012:role/A,arn:aws:iam::210987654321:role/path/B", true},
	{"arn:aws:iam::123456789012:role/A, arn:aws:iam::123456789012:role/B", false},
	{"arn:aws:iam::123456789012:role/A,", false},
	{",arn:aws:iam::123456789012:role/A", false},
	{"arn:aws:iam::123456789012:user/A", false},
	{"arn:aws:iam::123456789012:role/", false},
	{"Reader", false},
};

START_TEST(test_roles)
{
	const arn_case *c = &roles[_i];
	fq_diags *d = fq_diags_new();

	ck_assert_msg(fq_aws_check_role(c->text, d) == c->ok, "%s", c->text);
	fq_diags_free(d);
}
END_TEST

START_TEST(test_role_chain_limit)
{
	fq_strbuf b = FQ_STRBUF_INIT;
	fq_diags *d = fq_diags_new();

	for (int i = 0; i < 10; i++)
		fq_strbuf_printf(&b, "%sarn:aws:iam::123456789012:role/R%d", i ? "," : "", i);
	ck_assert(fq_aws_check_role(fq_strbuf_str(&b), d));
	fq_strbuf_append(&b, ",arn:aws:iam::123456789012:role/R10");
	ck_assert(!fq_aws_check_role(fq_strbuf_str(&b), d));
	ck_assert_ptr_nonnull(strstr(fq_diags_get(d, 0)->message, "at most 10"));
	fq_diags_free(d);
	fq_strbuf_free(&b);
}
END_TEST

static Suite *
aws_suite(void)
{
	Suite *s = suite_create("aws");
	TCase *sig = tcase_create("sigv4");
	TCase *arns = tcase_create("arns");

	tcase_add_test(sig, test_sigv4_aws_example);
	tcase_add_test(sig, test_sigv4_headers_token_body);
	tcase_add_test(sig, test_sigv4_key_changes_signature);
	suite_add_tcase(s, sig);
	tcase_add_loop_test(arns, test_secret_arns, 0, (int) N_ELEMS(secret_arns));
	tcase_add_loop_test(arns, test_roles, 0, (int) N_ELEMS(roles));
	tcase_add_test(arns, test_role_chain_limit);
	suite_add_tcase(s, arns);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(aws_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
