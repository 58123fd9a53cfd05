/*
 * formatting.c — to_char, to_date, to_timestamp(text, text) and to_number
 * (func.h), with PostgreSQL 15's template patterns and its results to the
 * character: the padding, the signs, the ordinal suffixes, the '#'s of a
 * number too wide for its template, the fields an interval may use, the
 * lenient reading of input and the errors.
 *
 * A template is split into nodes as PostgreSQL splits it (keywords tried
 * longest first within their first letter, FM/TM prefixes, TH/th/SP
 * suffixes, "quoted" text, backslash escapes).  Names of months and days
 * are English, as in the C locale; the TM prefix (localized names) and the
 * L pattern (currency symbol) depend on the server's locale, so fedq
 * refuses them (0A000) rather than guess a source's; so too Roman numerals
 * and V in to_number, and the ISO week patterns of an interval.  Numbers
 * use PostgreSQL's C locale symbols (point, comma, minus, plus), which a
 * source with an en_US locale shares.  fedq's sessions are in UTC: TZ is
 * "UTC" for a timestamptz, nothing for a timestamp.
 */
#include "func/func.h"
#include "func/support.h"

#include "core/alloc.h"
#include "core/chars.h"
#include "core/strbuf.h"
#include "plan/expr.h"
#include "types/numeric.h"
#include "types/types.h"
#include "types/types_int.h"

#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FN(...) {.family = FQ_FAMILY_FORMAT, __VA_ARGS__}

/* ---- templates ---- */

/* The date and time patterns.  Upper and lower case spellings of a
 * number pattern share an id; of a word pattern they differ. */
typedef enum dkey
{
	D_A_D, D_A_M, D_AD, D_AM, D_B_C, D_BC, D_CC, D_DAY, D_DDD, D_DD, D_DY, D_Day, D_Dy, D_D,
	D_FF1, D_FF2, D_FF3, D_FF4, D_FF5, D_FF6, D_FX, D_HH24, D_HH12, D_HH, D_IDDD, D_ID, D_IW,
	D_IYYY, D_IYY, D_IY, D_I, D_J, D_MI, D_MM, D_MONTH, D_MON, D_MS, D_Month, D_Mon, D_OF,
	D_P_M, D_PM, D_Q, D_RM, D_SSSS, D_SS, D_TZH, D_TZM, D_TZ, D_US, D_WW, D_W, D_Y_YYY, D_YYYY,
	D_YYY, D_YY, D_Y, D_a_d, D_a_m, D_ad, D_am, D_b_c, D_bc, D_day, D_dy, D_month, D_mon,
	D_p_m, D_pm, D_rm, D_tz,
} dkey;

/* The number patterns. */
typedef enum nkey
{
	N_COMMA, N_DEC, N_0, N_9, N_B, N_C, N_D, N_E, N_FM, N_G, N_L, N_MI, N_PL, N_PR, N_RN,
	N_SG, N_SP, N_S, N_TH, N_V, N_rn, N_th,
} nkey;

/* How a date pattern read by to_date counts days: by calendar or ISO week. */
typedef enum date_mode
{
	MODE_NONE,
	MODE_GREGORIAN,
	MODE_ISOWEEK,
} date_mode;

typedef struct keyword
{
	const char *name;
	int id;
	bool digits;    /* reads digits (to_date: where a field may end) */
	date_mode mode;
} keyword;

#define G MODE_GREGORIAN
#define I MODE_ISOWEEK

/* In PostgreSQL's order: within a first letter, a longer pattern comes
 * before one it starts with (HH24 before HH). */
static const keyword date_keys[] = {
	{"A.D.", D_A_D, false, 0}, {"A.M.", D_A_M, false, 0}, {"AD", D_AD, false, 0},
	{"AM", D_AM, false, 0}, {"B.C.", D_B_C, false, 0}, {"BC", D_BC, false, 0},
	{"CC", D_CC, true, 0}, {"DAY", D_DAY, false, 0}, {"DDD", D_DDD, true, G},
	{"DD", D_DD, true, G}, {"DY", D_DY, false, 0}, {"Day", D_Day, false, 0},
	{"Dy", D_Dy, false, 0}, {"D", D_D, true, G}, {"FF1", D_FF1, true, 0},
	{"FF2", D_FF2, true, 0}, {"FF3", D_FF3, true, 0}, {"FF4", D_FF4, true, 0},
	{"FF5", D_FF5, true, 0}, {"FF6", D_FF6, true, 0}, {"FX", D_FX, false, 0},
	{"HH24", D_HH24, true, 0}, {"HH12", D_HH12, true, 0}, {"HH", D_HH, true, 0},
	{"IDDD", D_IDDD, true, I}, {"ID", D_ID, true, I}, {"IW", D_IW, true, I},
	{"IYYY", D_IYYY, true, I}, {"IYY", D_IYY, true, I}, {"IY", D_IY, true, I},
	{"I", D_I, true, I}, {"J", D_J, true, 0}, {"MI", D_MI, true, 0}, {"MM", D_MM, true, G},
	{"MONTH", D_MONTH, false, G}, {"MON", D_MON, false, G}, {"MS", D_MS, true, 0},
	{"Month", D_Month, false, G}, {"Mon", D_Mon, false, G}, {"OF", D_OF, false, 0},
	{"P.M.", D_P_M, false, 0}, {"PM", D_PM, false, 0}, {"Q", D_Q, true, 0},
	{"RM", D_RM, false, G}, {"SSSSS", D_SSSS, true, 0}, {"SSSS", D_SSSS, true, 0},
	{"SS", D_SS, true, 0}, {"TZH", D_TZH, false, 0}, {"TZM", D_TZM, true, 0},
	{"TZ", D_TZ, false, 0}, {"US", D_US, true, 0}, {"WW", D_WW, true, G}, {"W", D_W, true, G},
	{"Y,YYY", D_Y_YYY, true, G}, {"YYYY", D_YYYY, true, G}, {"YYY", D_YYY, true, G},
	{"YY", D_YY, true, G}, {"Y", D_Y, true, G},
	{"a.d.", D_a_d, false, 0}, {"a.m.", D_a_m, false, 0}, {"ad", D_ad, false, 0},
	{"am", D_am, false, 0}, {"b.c.", D_b_c, false, 0}, {"bc", D_bc, false, 0},
	{"cc", D_CC, true, 0}, {"day", D_day, false, 0}, {"ddd", D_DDD, true, G},
	{"dd", D_DD, true, G}, {"dy", D_dy, false, 0}, {"d", D_D, true, G}, {"ff1", D_FF1, true, 0},
	{"ff2", D_FF2, true, 0}, {"ff3", D_FF3, true, 0}, {"ff4", D_FF4, true, 0},
	{"ff5", D_FF5, true, 0}, {"ff6", D_FF6, true, 0}, {"fx", D_FX, false, 0},
	{"hh24", D_HH24, true, 0}, {"hh12", D_HH12, true, 0}, {"hh", D_HH, true, 0},
	{"iddd", D_IDDD, true, I}, {"id", D_ID, true, I}, {"iw", D_IW, true, I},
	{"iyyy", D_IYYY, true, I}, {"iyy", D_IYY, true, I}, {"iy", D_IY, true, I},
	{"i", D_I, true, I}, {"j", D_J, true, 0}, {"mi", D_MI, true, 0}, {"mm", D_MM, true, G},
	{"month", D_month, false, G}, {"mon", D_mon, false, G}, {"ms", D_MS, true, 0},
	{"of", D_OF, false, 0}, {"p.m.", D_p_m, false, 0}, {"pm", D_pm, false, 0},
	{"q", D_Q, true, 0}, {"rm", D_rm, false, G}, {"sssss", D_SSSS, true, 0},
	{"ssss", D_SSSS, true, 0}, {"ss", D_SS, true, 0}, {"tzh", D_TZH, false, 0},
	{"tzm", D_TZM, true, 0}, {"tz", D_tz, false, 0}, {"us", D_US, true, 0},
	{"ww", D_WW, true, G}, {"w", D_W, true, G}, {"y,yyy", D_Y_YYY, true, G},
	{"yyyy", D_YYYY, true, G}, {"yyy", D_YYY, true, G}, {"yy", D_YY, true, G},
	{"y", D_Y, true, G},
	{NULL, 0, false, 0},
};

#undef G
#undef I

static const keyword num_keys[] = {
	{",", N_COMMA, 0, 0}, {".", N_DEC, 0, 0}, {"0", N_0, 0, 0}, {"9", N_9, 0, 0},
	{"B", N_B, 0, 0}, {"C", N_C, 0, 0}, {"D", N_D, 0, 0}, {"EEEE", N_E, 0, 0},
	{"FM", N_FM, 0, 0}, {"G", N_G, 0, 0}, {"L", N_L, 0, 0}, {"MI", N_MI, 0, 0},
	{"PL", N_PL, 0, 0}, {"PR", N_PR, 0, 0}, {"RN", N_RN, 0, 0}, {"SG", N_SG, 0, 0},
	{"SP", N_SP, 0, 0}, {"S", N_S, 0, 0}, {"TH", N_TH, 0, 0}, {"V", N_V, 0, 0},
	{"b", N_B, 0, 0}, {"c", N_C, 0, 0}, {"d", N_D, 0, 0}, {"eeee", N_E, 0, 0},
	{"fm", N_FM, 0, 0}, {"g", N_G, 0, 0}, {"l", N_L, 0, 0}, {"mi", N_MI, 0, 0},
	{"pl", N_PL, 0, 0}, {"pr", N_PR, 0, 0}, {"rn", N_rn, 0, 0}, {"sg", N_SG, 0, 0},
	{"sp", N_SP, 0, 0}, {"s", N_S, 0, 0}, {"th", N_th, 0, 0}, {"v", N_V, 0, 0},
	{NULL, 0, false, 0},
};

/* Modifiers of a date pattern. */
enum
{
	SUF_FM = 1 << 0, /* fill mode: no padding */
	SUF_TH = 1 << 1, /* upper-case ordinal */
	SUF_th = 1 << 2, /* lower-case ordinal */
	SUF_SP = 1 << 3, /* spell mode (PostgreSQL ignores it) */
	SUF_TM = 1 << 4, /* localized names */
};

typedef enum node_type
{
	NODE_END,
	NODE_ACTION,
	NODE_CHAR,
	NODE_SEPARATOR,
	NODE_SPACE,
} node_type;

typedef struct node
{
	node_type type;
	char chr[5];         /* NODE_CHAR and the like: one character */
	unsigned suffix;
	const keyword *key;  /* NODE_ACTION */
} node;

/* What a number template asks for (PostgreSQL's NUMDesc). */
enum
{
	NF_DECIMAL = 1 << 1,
	NF_LDECIMAL = 1 << 2,
	NF_ZERO = 1 << 3,
	NF_BLANK = 1 << 4,
	NF_FILLMODE = 1 << 5,
	NF_LSIGN = 1 << 6,
	NF_BRACKET = 1 << 7,
	NF_MINUS = 1 << 8,
	NF_PLUS = 1 << 9,
	NF_ROMAN = 1 << 10,
	NF_MULTI = 1 << 11,
	NF_PLUS_POST = 1 << 12,
	NF_MINUS_POST = 1 << 13,
	NF_EEEE = 1 << 14,
};

enum
{
	LSIGN_PRE = -1,
	LSIGN_NONE = 0,
	LSIGN_POST = 1,
};

typedef struct numdesc
{
	int pre;           /* digits before the point */
	int post;          /* and after it */
	int lsign;         /* where S goes */
	unsigned flag;
	int pre_lsign_num; /* digits before S */
	int multi;         /* V's digits */
	int zero_start;    /* the first 0, counted from 1 */
	int zero_end;      /* the last */
} numdesc;

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static size_t
char_len(const char *s)
{
	size_t l = fq_utf8_seq_len((unsigned char) *s);

	for (size_t i = 1; i < l; i++)
		if (s[i] == '\0')
			return i;
	return l;
}

/* ASCII punctuation: a separator in a date template and its input. */
static bool
is_separator(const char *s)
{
	unsigned char c = (unsigned char) *s;

	return c > 0x20 && c < 0x7F && !(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z') &&
		!(c >= '0' && c <= '9');
}

static const keyword *
find_key(const char *s, const keyword *keys)
{
	/* the patterns of a first letter are tried in their order */
	for (const keyword *k = keys; k->name != NULL; k++)
		if (k->name[0] == s[0] && strncmp(s, k->name, strlen(k->name)) == 0)
			return k;
	return NULL;
}

static int
syntax_error(fq_diags *d, const char *msg)
{
	return fq_raise(d, FQ_ERR_SYNTAX_ERROR, 0, "%s", msg);
}

/* A number template's pattern, noted in its description (PostgreSQL's
 * NUMDesc_prepare, with its errors). */
static int
num_prepare(numdesc *num, const node *n, fq_diags *d)
{
	if ((num->flag & NF_EEEE) && n->key->id != N_E)
		return syntax_error(d, "\"EEEE\" must be the last pattern used");
	switch ((nkey) n->key->id)
	{
		case N_9:
			if (num->flag & NF_BRACKET)
				return syntax_error(d, "\"9\" must be ahead of \"PR\"");
			if (num->flag & NF_MULTI)
				num->multi++;
			else if (num->flag & NF_DECIMAL)
				num->post++;
			else
				num->pre++;
			break;
		case N_0:
			if (num->flag & NF_BRACKET)
				return syntax_error(d, "\"0\" must be ahead of \"PR\"");
			if (!(num->flag & NF_ZERO) && !(num->flag & NF_DECIMAL))
			{
				num->flag |= NF_ZERO;
				num->zero_start = num->pre + 1;
			}
			if (!(num->flag & NF_DECIMAL))
				num->pre++;
			else
				num->post++;
			num->zero_end = num->pre + num->post;
			break;
		case N_B:
			if (num->pre == 0 && num->post == 0 && !(num->flag & NF_ZERO))
				num->flag |= NF_BLANK;
			break;
		case N_D:
		case N_DEC:
			if (n->key->id == N_D)
				num->flag |= NF_LDECIMAL;
			if (num->flag & NF_DECIMAL)
				return syntax_error(d, "multiple decimal points");
			if (num->flag & NF_MULTI)
				return syntax_error(d, "cannot use \"V\" and decimal point together");
			num->flag |= NF_DECIMAL;
			break;
		case N_FM:
			num->flag |= NF_FILLMODE;
			break;
		case N_S:
			if (num->flag & NF_LSIGN)
				return syntax_error(d, "cannot use \"S\" twice");
			if (num->flag & (NF_PLUS | NF_MINUS | NF_BRACKET))
				return syntax_error(d, "cannot use \"S\" and \"PL\"/\"MI\"/\"SG\"/\"PR\" together");
			if (!(num->flag & NF_DECIMAL))
			{
				num->lsign = LSIGN_PRE;
				num->pre_lsign_num = num->pre;
				num->flag |= NF_LSIGN;
			}
			else if (num->lsign == LSIGN_NONE)
			{
				num->lsign = LSIGN_POST;
				num->flag |= NF_LSIGN;
			}
			break;
		case N_MI:
			if (num->flag & NF_LSIGN)
				return syntax_error(d, "cannot use \"S\" and \"MI\" together");
			num->flag |= NF_MINUS;
			if (num->flag & NF_DECIMAL)
				num->flag |= NF_MINUS_POST;
			break;
		case N_PL:
			if (num->flag & NF_LSIGN)
				return syntax_error(d, "cannot use \"S\" and \"PL\" together");
			num->flag |= NF_PLUS;
			if (num->flag & NF_DECIMAL)
				num->flag |= NF_PLUS_POST;
			break;
		case N_SG:
			if (num->flag & NF_LSIGN)
				return syntax_error(d, "cannot use \"S\" and \"SG\" together");
			num->flag |= NF_MINUS | NF_PLUS;
			break;
		case N_PR:
			if (num->flag & (NF_LSIGN | NF_PLUS | NF_MINUS))
				return syntax_error(d, "cannot use \"PR\" and \"S\"/\"PL\"/\"MI\"/\"SG\" together");
			num->flag |= NF_BRACKET;
			break;
		case N_RN:
		case N_rn:
			num->flag |= NF_ROMAN;
			break;
		case N_L:
			return fq_raise(d, FQ_ERR_FEATURE_NOT_SUPPORTED, 0,
							"the currency symbol pattern \"L\" depends on the server's locale "
							"and is not supported");
		case N_V:
			if (num->flag & NF_DECIMAL)
				return syntax_error(d, "cannot use \"V\" and decimal point together");
			num->flag |= NF_MULTI;
			break;
		case N_E:
			if (num->flag & NF_EEEE)
				return syntax_error(d, "cannot use \"EEEE\" twice");
			if (num->flag & (NF_BLANK | NF_FILLMODE | NF_LSIGN | NF_BRACKET | NF_MINUS | NF_PLUS |
							 NF_ROMAN | NF_MULTI))
			{
				fq_raise(d, FQ_ERR_SYNTAX_ERROR, 0, "\"EEEE\" is incompatible with other formats");
				fq_diag_detail(d, "\"EEEE\" may only be used together with digit and decimal point "
								  "patterns.");
				return FQ_ERROR;
			}
			num->flag |= NF_EEEE;
			break;
		case N_COMMA:
		case N_C:
		case N_G:
		case N_SP:
		case N_TH:
		case N_th:
			break;
	}
	return FQ_OK;
}

static bool
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/*
 * Splits a template into nodes (at most strlen + 1 of them), as
 * PostgreSQL's parse_format; for a number template (num != NULL) notes
 * its patterns in num.
 */
static int
parse_template(const char *s, bool dates, node *out, numdesc *num, fq_diags *d)
{
	node *n = out;

	while (*s)
	{
		unsigned suffix = 0;
		const keyword *k;

		if (dates)
		{
			if (starts(s, "FM") || starts(s, "fm"))
				suffix = SUF_FM;
			else if (starts(s, "TM") || starts(s, "tm"))
				suffix = SUF_TM;
			if (suffix != 0)
				s += 2;
		}
		if (*s && (k = find_key(s, dates ? date_keys : num_keys)) != NULL)
		{
			n->type = NODE_ACTION;
			n->key = k;
			n->suffix = suffix;
			s += strlen(k->name);
			if (num != NULL && num_prepare(num, n, d) < 0)
				return FQ_ERROR;
			if (dates && *s)
			{
				if (starts(s, "TH"))
					n->suffix |= SUF_TH;
				else if (starts(s, "th"))
					n->suffix |= SUF_th;
				else if (starts(s, "SP"))
					n->suffix |= SUF_SP;
				if (n->suffix & (SUF_TH | SUF_th | SUF_SP))
					s += 2;
			}
			n++;
		}
		else if (*s == '"')
		{
			/* quoted text, a backslash escaping the next character */
			s++;
			while (*s)
			{
				size_t l;

				if (*s == '"')
				{
					s++;
					break;
				}
				if (*s == '\\' && s[1])
					s++;
				l = char_len(s);
				n->type = NODE_CHAR;
				memcpy(n->chr, s, l);
				n->chr[l] = '\0';
				n->key = NULL;
				n->suffix = 0;
				n++;
				s += l;
			}
		}
		else if (*s)
		{
			size_t l;

			/* outside quotes a backslash escapes only a quote */
			if (*s == '\\' && s[1] == '"')
				s++;
			l = char_len(s);
			n->type = dates && is_separator(s) ? NODE_SEPARATOR
				: is_space(*s) ? NODE_SPACE : NODE_CHAR;
			memcpy(n->chr, s, l);
			n->chr[l] = '\0';
			n->key = NULL;
			n->suffix = 0;
			n++;
			s += l;
		}
	}
	n->type = NODE_END;
	return FQ_OK;
}

/*
 * Where a template's text and nodes go while one call reads them: on the
 * caller's stack when short, else on the heap until template_release.
 * The functions run once a row, and their results share the batch's
 * arena: a template parsed there again for each row (25 bytes a
 * character) made to_char(iv, 'HH24:MI:SS') over one batch of 2048 rows
 * hold more than all its results, past a small MemoryLimit where
 * PostgreSQL answers (random seed 1558, MemoryLimit=1MB).
 */
#define TEMPLATE_SHORT 64

typedef struct template_room
{
	char text[TEMPLATE_SHORT];
	node nodes[TEMPLATE_SHORT];
	void *heap;         /* a long template's text and nodes */
} template_room;

static void
template_release(template_room *room)
{
	free(room->heap);
	room->heap = NULL;
}

/* The template argument as a C string and its nodes, in `room`; NULL
 * when out of memory (nothing to release then). */
static node *
template_nodes(const fq_string *fmt, numdesc *num, const char **text, template_room *room)
{
	char *s;
	node *nodes;

	room->heap = NULL;
	if (fmt->len < TEMPLATE_SHORT)
	{
		s = room->text;
		nodes = room->nodes;
	}
	else
	{
		/* fmt->len + 1 nodes at most (a NUL ends the template early) */
		size_t nbytes = sizeof(node) * (fmt->len + 1);

		if ((room->heap = fq_malloc(nbytes + fmt->len + 1)) == NULL)
			return NULL;
		nodes = room->heap;
		s = (char *) room->heap + nbytes;
	}
	memcpy(s, fmt->ptr, fmt->len);
	s[fmt->len] = '\0';
	if (num != NULL)
		memset(num, 0, sizeof(*num));
	*text = s;
	return nodes;
}

/* ---- calendar arithmetic ---- */

static const char *const month_names[] = {"January", "February", "March", "April", "May", "June",
										  "July", "August", "September", "October", "November",
										  "December", NULL};
static const char *const month_abbrevs[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
											"Sep", "Oct", "Nov", "Dec", NULL};
static const char *const day_names[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday",
										"Friday", "Saturday", NULL};
static const char *const day_abbrevs[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", NULL};
/* Roman months, December first, so a longer numeral is tried first. */
static const char *const roman_months_upper[] = {"XII", "XI", "X", "IX", "VIII", "VII", "VI", "V",
												 "IV", "III", "II", "I", NULL};
static const char *const roman_months_lower[] = {"xii", "xi", "x", "ix", "viii", "vii", "vi", "v",
												 "iv", "iii", "ii", "i", NULL};

/* Days since 2000-01-01 of the Monday of ISO week 1 of a year. */
static int64_t
iso_week1(int64_t year)
{
	int64_t jan4 = fq_types_days_from_civil(year, 1, 4);
	int64_t dow = ((jan4 % 7) + 7 + 6) % 7; /* 0 Sunday, as fq_date_dow */

	return jan4 - (dow == 0 ? 6 : dow - 1);
}

/* The ISO year a day belongs to: that of its week's Thursday. */
static int64_t
iso_year(int64_t days)
{
	int y;
	int m;
	int d;
	int64_t dow = ((days % 7) + 7 + 6) % 7;
	int64_t thursday = days - (dow == 0 ? 6 : dow - 1) + 3;

	fq_date_to_ymd((int32_t) thursday, &y, &m, &d);
	return y;
}

/* ---- to_char of a date, timestamp or interval ---- */

/* The fields to_char shows.  Years are astronomical for dates (0 is
 * 1 BC); an interval's fields are its own, possibly negative. */
typedef struct tm_fields
{
	int64_t year;
	int64_t mon;
	int64_t mday;
	int64_t hour;
	int64_t min;
	int64_t sec;
	int64_t fsec;   /* microseconds */
	int64_t wday;   /* 0 Sunday */
	int64_t yday;   /* from 1 */
	int64_t days;   /* since 2000-01-01 (not for intervals) */
	bool interval;
	bool zoned;     /* a timestamptz: its zone is UTC */
} tm_fields;

/* PostgreSQL's year for the patterns: BC years counted from 1 for dates,
 * an interval's as it is. */
static int64_t
shown_year(const tm_fields *tm, int64_t y)
{
	return tm->interval ? y : y <= 0 ? -(y - 1) : y;
}

static int
invalid_for_interval(fq_fn_ctx *x)
{
	fq_raise(x->d, FQ_ERR_INVALID_DATETIME_FORMAT, 0,
			 "invalid format specification for an interval value");
	fq_diag_hint(x->d, "Intervals are not tied to specific calendar dates.");
	return FQ_ERROR;
}

/* The ordinal suffix of a number's text ("1st", "12th", "22nd"); 22P02
 * when it does not end in a digit. */
static int
th_suffix(fq_fn_ctx *x, const char *s, size_t n, bool upper, const char **out)
{
	char last = n > 0 ? s[n - 1] : '\0';
	static const char *const up[] = {"ST", "ND", "RD", "TH"};
	static const char *const low[] = {"st", "nd", "rd", "th"};
	int i;

	if (last < '0' || last > '9')
		return fq_raise(x->d, FQ_ERR_INVALID_TEXT_REPRESENTATION, 0, "\"%.*s\" is not a number",
						(int) n, s);
	/* the teens are all "th" */
	if (n > 1 && s[n - 2] == '1')
		last = '0';
	i = last == '1' ? 0 : last == '2' ? 1 : last == '3' ? 2 : 3;
	*out = upper ? up[i] : low[i];
	return FQ_OK;
}

static int
add_th(fq_fn_ctx *x, fq_strbuf *b, size_t from, bool upper)
{
	const char *th;

	if (th_suffix(x, fq_strbuf_str(b) + from, b->len - from, upper, &th) < 0)
		return FQ_ERROR;
	fq_strbuf_append(b, th);
	return FQ_OK;
}

/* A number padded with zeros to `width` (a sign counting), or none under
 * FM. */
static void
put_num(fq_strbuf *b, const node *n, int width, int64_t v)
{
	fq_strbuf_printf(b, "%0*lld", (n->suffix & SUF_FM) ? 0 : width, (long long) v);
}

/* A name, blank-padded to 9 characters unless FM; case as the pattern. */
static void
put_name(fq_strbuf *b, const node *n, const char *name, int how, bool pad)
{
	char buf[16];
	size_t i;

	for (i = 0; name[i] && i < sizeof(buf) - 1; i++)
	{
		char c = name[i];

		if (how > 0 && c >= 'a' && c <= 'z')
			c = (char) (c - 'a' + 'A');
		else if (how < 0 && c >= 'A' && c <= 'Z')
			c = (char) (c - 'A' + 'a');
		buf[i] = c;
	}
	buf[i] = '\0';
	fq_strbuf_printf(b, "%-*s", pad && !(n->suffix & SUF_FM) ? 9 : 0, buf);
}

/* Month and day names: the TM prefix would give the server's language. */
static bool
is_name(int id)
{
	return id == D_MONTH || id == D_Month || id == D_month || id == D_MON || id == D_Mon ||
		id == D_mon || id == D_DAY || id == D_Day || id == D_day || id == D_DY || id == D_Dy ||
		id == D_dy;
}

static int
tm_unsupported(fq_diags *d)
{
	return fq_raise(d, FQ_ERR_FEATURE_NOT_SUPPORTED, 0,
					"the TM prefix (names in the server's language) is not supported");
}

/* The ISO week patterns, which PostgreSQL computes for an interval from
 * its fields as if they were a date; fedq does not. */
static bool
is_iso(int id)
{
	return id == D_IYYY || id == D_IYY || id == D_IY || id == D_I || id == D_IW || id == D_IDDD ||
		id == D_J;
}

static int
iso_unsupported(fq_diags *d, const node *n)
{
	return fq_raise(d, FQ_ERR_FEATURE_NOT_SUPPORTED, 0,
					"pattern \"%s\" of an interval is not supported", n->key->name);
}

static int
dch_to_char(fq_fn_ctx *x, const node *nodes, const tm_fields *tm, fq_strbuf *b)
{
	for (const node *n = nodes; n->type != NODE_END; n++)
	{
		size_t from = b->len;
		bool th = true; /* a number: TH/th may follow */
		int id;

		if (n->type != NODE_ACTION)
		{
			fq_strbuf_append(b, n->chr);
			continue;
		}
		id = n->key->id;
		if (is_name(id) && !tm->interval && (n->suffix & SUF_TM))
			return tm_unsupported(x->d);
		switch ((dkey) id)
		{
			case D_A_M:
			case D_P_M:
			case D_AM:
			case D_PM:
			case D_a_m:
			case D_p_m:
			case D_am:
			case D_pm:
				{
					bool pm = tm->hour % 24 >= 12;
					bool dots = id == D_A_M || id == D_P_M || id == D_a_m || id == D_p_m;
					bool lower = id == D_a_m || id == D_p_m || id == D_am || id == D_pm;

					fq_strbuf_append(b, dots ? (lower ? (pm ? "p.m." : "a.m.") : (pm ? "P.M." : "A.M."))
										   : (lower ? (pm ? "pm" : "am") : (pm ? "PM" : "AM")));
					th = false;
					break;
				}
			case D_HH:
			case D_HH12:
				put_num(b, n, tm->hour >= 0 ? 2 : 3, tm->hour % 12 == 0 ? 12 : tm->hour % 12);
				break;
			case D_HH24:
				put_num(b, n, tm->hour >= 0 ? 2 : 3, tm->hour);
				break;
			case D_MI:
				put_num(b, n, tm->min >= 0 ? 2 : 3, tm->min);
				break;
			case D_SS:
				put_num(b, n, tm->sec >= 0 ? 2 : 3, tm->sec);
				break;
			case D_FF1:
			case D_FF2:
			case D_FF3:
			case D_FF4:
			case D_FF5:
			case D_FF6:
			case D_MS:
			case D_US:
				{
					int digits = id == D_MS ? 3 : id == D_US ? 6 : id - D_FF1 + 1;
					int64_t div = 1;

					for (int i = digits; i < 6; i++)
						div *= 10;
					fq_strbuf_printf(b, "%0*d", digits, (int) (tm->fsec / div));
					break;
				}
			case D_SSSS:
				fq_strbuf_printf(b, "%lld", (long long) (tm->hour * 3600 + tm->min * 60 + tm->sec));
				break;
			case D_TZ:
			case D_tz:
				if (tm->interval)
					return invalid_for_interval(x);
				if (tm->zoned)
					fq_strbuf_append(b, id == D_TZ ? "UTC" : "utc");
				th = false;
				break;
			case D_TZH:
			case D_OF:
				if (tm->interval)
					return invalid_for_interval(x);
				fq_strbuf_append(b, id == D_TZH || !(n->suffix & SUF_FM) ? "+00" : "+0");
				th = false;
				break;
			case D_TZM:
				if (tm->interval)
					return invalid_for_interval(x);
				fq_strbuf_append(b, "00");
				th = false;
				break;
			case D_A_D:
			case D_B_C:
			case D_AD:
			case D_BC:
			case D_a_d:
			case D_b_c:
			case D_ad:
			case D_bc:
				{
					bool bc = tm->year <= 0;
					bool dots = id == D_A_D || id == D_B_C || id == D_a_d || id == D_b_c;
					bool lower = id == D_a_d || id == D_b_c || id == D_ad || id == D_bc;

					if (tm->interval)
						return invalid_for_interval(x);
					fq_strbuf_append(b, dots ? (lower ? (bc ? "b.c." : "a.d.") : (bc ? "B.C." : "A.D."))
										   : (lower ? (bc ? "bc" : "ad") : (bc ? "BC" : "AD")));
					th = false;
					break;
				}
			case D_MONTH:
			case D_Month:
			case D_month:
			case D_MON:
			case D_Mon:
			case D_mon:
				{
					bool full = id == D_MONTH || id == D_Month || id == D_month;
					int how = id == D_MONTH || id == D_MON ? 1 : id == D_month || id == D_mon ? -1 : 0;

					if (tm->interval)
						return invalid_for_interval(x);
					put_name(b, n, full ? month_names[tm->mon - 1] : month_abbrevs[tm->mon - 1], how,
							 full);
					th = false;
					break;
				}
			case D_MM:
				put_num(b, n, tm->mon >= 0 ? 2 : 3, tm->mon);
				break;
			case D_DAY:
			case D_Day:
			case D_day:
			case D_DY:
			case D_Dy:
			case D_dy:
				{
					bool full = id == D_DAY || id == D_Day || id == D_day;
					int how = id == D_DAY || id == D_DY ? 1 : id == D_day || id == D_dy ? -1 : 0;

					if (tm->interval)
						return invalid_for_interval(x);
					put_name(b, n, full ? day_names[tm->wday] : day_abbrevs[tm->wday], how, full);
					th = false;
					break;
				}
			case D_DDD:
				put_num(b, n, 3, tm->yday);
				break;
			case D_DD:
				put_num(b, n, 2, tm->mday);
				break;
			case D_D:
				if (tm->interval)
					return invalid_for_interval(x);
				fq_strbuf_printf(b, "%d", (int) tm->wday + 1);
				break;
			case D_ID:
				if (tm->interval)
					return invalid_for_interval(x);
				fq_strbuf_printf(b, "%d", tm->wday == 0 ? 7 : (int) tm->wday);
				break;
			case D_WW:
				put_num(b, n, 2, (tm->yday - 1) / 7 + 1);
				break;
			case D_Q:
				if (tm->mon == 0)
				{
					th = false;
					break;
				}
				fq_strbuf_printf(b, "%d", (int) ((tm->mon - 1) / 3 + 1));
				break;
			case D_CC:
				{
					int64_t c = tm->interval ? tm->year / 100
						: tm->year > 0 ? (tm->year - 1) / 100 + 1 : tm->year / 100 - 1;

					if (c <= 99 && c >= -99)
						put_num(b, n, c >= 0 ? 2 : 3, c);
					else
						fq_strbuf_printf(b, "%lld", (long long) c);
					break;
				}
			case D_Y_YYY:
				{
					int64_t y = shown_year(tm, tm->year);
					int64_t k = y / 1000;

					fq_strbuf_printf(b, "%lld,%03lld", (long long) k, (long long) (y - k * 1000));
					break;
				}
			case D_YYYY:
			case D_YYY:
			case D_YY:
			case D_Y:
				{
					int64_t y = shown_year(tm, tm->year);

					if (id == D_YYYY)
						put_num(b, n, y >= 0 ? 4 : 5, y);
					else if (id == D_YYY)
						put_num(b, n, y >= 0 ? 3 : 4, y % 1000);
					else if (id == D_YY)
						put_num(b, n, y >= 0 ? 2 : 3, y % 100);
					else
						fq_strbuf_printf(b, "%1lld", (long long) (y % 10));
					break;
				}
			case D_IYYY:
			case D_IYY:
			case D_IY:
			case D_I:
			case D_IW:
			case D_IDDD:
			case D_J:
				{
					int64_t iy;

					if (tm->interval)
						return iso_unsupported(x->d, n);
					iy = iso_year(tm->days);
					if (id == D_J)
						fq_strbuf_printf(b, "%lld", (long long) (tm->days + 2451545));
					else if (id == D_IW)
						put_num(b, n, 2, (tm->days - iso_week1(iy)) / 7 + 1);
					else if (id == D_IDDD)
						put_num(b, n, 3, tm->days - iso_week1(iy) + 1);
					else
					{
						int64_t y = shown_year(tm, iy);

						if (id == D_IYYY)
							put_num(b, n, y >= 0 ? 4 : 5, y);
						else if (id == D_IYY)
							put_num(b, n, y >= 0 ? 3 : 4, y % 1000);
						else if (id == D_IY)
							put_num(b, n, y >= 0 ? 2 : 3, y % 100);
						else
							fq_strbuf_printf(b, "%1lld", (long long) (y % 10));
					}
					break;
				}
			case D_RM:
			case D_rm:
				{
					int64_t i;

					th = false;
					if (tm->mon == 0 && tm->year == 0)
						break;
					/* an interval's whole years show as December... */
					if (tm->mon == 0)
						i = tm->year >= 0 ? 0 : 11;
					else if (tm->mon < 0)
						i = -(tm->mon + 1);
					else
						i = 12 - tm->mon;
					fq_strbuf_printf(b, "%-*s", (n->suffix & SUF_FM) ? 0 : 4,
									 id == D_RM ? roman_months_upper[i] : roman_months_lower[i]);
					break;
				}
			case D_W:
				fq_strbuf_printf(b, "%lld", (long long) ((tm->mday - 1) / 7 + 1));
				break;
			case D_FX:
				th = false;
				break;
		}
		if (th && (n->suffix & (SUF_TH | SUF_th)) && add_th(x, b, from, n->suffix & SUF_TH) < 0)
			return FQ_ERROR;
	}
	return FQ_OK;
}

static int
datetime_to_char(fq_fn_ctx *x, const fq_value *v, const fq_string *fmt, fq_value *res)
{
	tm_fields tm;
	template_room room;
	const char *text;
	node *nodes;
	fq_strbuf b = FQ_STRBUF_INIT;

	memset(&tm, 0, sizeof(tm));
	if (v->type.id == FQ_T_INTERVAL)
	{
		const fq_interval *iv = &v->v.iv;
		int64_t t = iv->usecs;

		tm.interval = true;
		tm.year = iv->months / 12;
		tm.mon = iv->months % 12;
		tm.mday = iv->days;
		tm.hour = t / INT64_C(3600000000);
		t -= tm.hour * INT64_C(3600000000);
		tm.min = t / 60000000;
		t -= tm.min * 60000000;
		tm.sec = t / 1000000;
		tm.fsec = t - tm.sec * 1000000;
		/* roughly the interval's days */
		tm.yday = (tm.year * 12 + tm.mon) * 30 + tm.mday;
	}
	else
	{
		fq_timestamp_parts p;
		int64_t ts = v->v.i;

		if (ts == INT64_MIN || ts == INT64_MAX)
		{
			res->isnull = true;
			return FQ_OK;
		}
		if (fq_timestamp_split(ts, &p) < 0)
			return fq_fn_ts_range(x, FQ_T_TIMESTAMP);
		tm.year = p.year;
		tm.mon = p.month;
		tm.mday = p.day;
		tm.hour = p.hour;
		tm.min = p.minute;
		tm.sec = p.second;
		tm.fsec = p.usec;
		tm.days = fq_date_from_ymd(p.year, p.month, p.day);
		tm.wday = fq_date_dow((int32_t) tm.days);
		tm.yday = tm.days - fq_date_from_ymd(p.year, 1, 1) + 1;
		tm.zoned = v->type.id == FQ_T_TIMESTAMPTZ;
	}
	if (fmt->len == 0)
	{
		res->isnull = true;
		return FQ_OK;
	}
	if ((nodes = template_nodes(fmt, NULL, &text, &room)) == NULL)
		return fq_fn_nomem(x);
	if (parse_template(text, true, nodes, NULL, x->d) < 0 || dch_to_char(x, nodes, &tm, &b) < 0)
	{
		template_release(&room);
		fq_strbuf_free(&b);
		return FQ_ERROR;
	}
	template_release(&room);
	return fq_fn_set_strbuf(x, res, &b);
}

/* ---- to_char of a number ---- */

/* The number as text before formatting, with what the template needs. */
typedef struct numtext
{
	char *digits;       /* "1234.50", "###.##", "NaN", " 1.5e+00" (EEEE) */
	char sign;          /* '+' or '-' */
	int out_pre_spaces; /* positions before the first digit */
} numtext;

/* PostgreSQL's Roman numerals, 1 to 3999, else 15 '#'s. */
static void
roman(int64_t v, char *out)
{
	static const char *const ones[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"};
	static const char *const tens[] = {"X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"};
	static const char *const hundreds[] = {"C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM"};

	out[0] = '\0';
	if (v < 1 || v > 3999)
	{
		memset(out, '#', 15);
		out[15] = '\0';
		return;
	}
	for (int64_t i = 0; i < v / 1000; i++)
		strcat(out, "M");
	if (v / 100 % 10)
		strcat(out, hundreds[v / 100 % 10 - 1]);
	if (v / 10 % 10)
		strcat(out, tens[v / 10 % 10 - 1]);
	if (v % 10)
		strcat(out, ones[v % 10 - 1]);
}

/* '#'s for a number wider than the template: pre of them, a point, post. */
static char *
overflow_digits(fq_fn_ctx *x, const numdesc *num)
{
	char *s = fq_arena_alloc(x->a, (size_t) num->pre + num->post + 2);

	if (s == NULL)
		return NULL;
	memset(s, '#', (size_t) num->pre + num->post + 1);
	s[num->pre + num->post + 1] = '\0';
	s[num->pre] = '.';
	return s;
}

/* Pads or replaces digits (sign already split off) to the template. */
static int
fit(fq_fn_ctx *x, const numdesc *num, numtext *t)
{
	const char *p = strchr(t->digits, '.');
	int pre = p != NULL ? (int) (p - t->digits) : (int) strlen(t->digits);

	if (pre < num->pre)
		t->out_pre_spaces = num->pre - pre;
	else if (pre > num->pre && (t->digits = overflow_digits(x, num)) == NULL)
		return fq_fn_nomem(x);
	return FQ_OK;
}

static char *
arena_printf(fq_fn_ctx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static char *
arena_printf(fq_fn_ctx *x, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *s;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (s = fq_arena_alloc(x->a, (size_t) n + 1)) == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t) n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/* "%+.*e" with a blank for the plus (PostgreSQL's EEEE of a float); #s
 * for NaN and the infinities. */
static char *
float_eeee(fq_fn_ctx *x, const numdesc *num, double v)
{
	char *s;

	if (isnan(v) || isinf(v))
	{
		s = fq_arena_alloc(x->a, (size_t) num->pre + num->post + 7);
		if (s == NULL)
			return NULL;
		memset(s, '#', (size_t) num->pre + num->post + 6);
		s[num->pre + num->post + 6] = '\0';
		s[0] = ' ';
		s[num->pre + 1] = '.';
		return s;
	}
	s = arena_printf(x, "%+.*e", num->post, v);
	if (s != NULL && s[0] == '+')
		s[0] = ' ';
	return s;
}

/* "%.*f" as PostgreSQL's snprintf writes it: NaN and Infinity by name. */
static char *
float_fixed(fq_fn_ctx *x, int prec, double v)
{
	if (isnan(v))
		return arena_printf(x, "NaN");
	if (isinf(v))
		return arena_printf(x, "%sInfinity", v < 0 ? "-" : "");
	return arena_printf(x, "%.*f", prec, v);
}

/* A numeric in scientific notation with `scale` digits after the point
 * (PostgreSQL's numeric_out_sci): the exponent of the first significant
 * digit, the significand rounded, "e", a sign and two or more digits. */
static char *
numeric_sci(fq_fn_ctx *x, const fq_numeric *v, int scale)
{
	char small[FQ_NUM_SMALL_TEXT];
	size_t n = fq_num_format(v, small, sizeof(small));
	char *text = n < sizeof(small) ? small : fq_arena_alloc(x->a, n + 1);
	fq_strbuf sig = FQ_STRBUF_INIT;
	const char *digits;
	const char *point;
	int first = -1;
	int intlen;
	int exponent = 0;
	fq_numeric s;
	fq_numeric r;
	char *out;

	if (text == NULL)
		return NULL;
	if (text != small)
		fq_num_format(v, text, n + 1);
	if (!fq_num_is_finite(v))
		return arena_printf(x, "%s", text);
	digits = text[0] == '-' ? text + 1 : text;
	point = strchr(digits, '.');
	intlen = point != NULL ? (int) (point - digits) : (int) strlen(digits);
	for (int i = 0; digits[i] && first < 0; i++)
		if (digits[i] >= '1' && digits[i] <= '9')
			first = i;
	if (first >= 0)
		exponent = first < intlen ? intlen - first - 1 : intlen - first;
	/* the digits with the point moved left by the exponent */
	if (text[0] == '-')
		fq_strbuf_appendc(&sig, '-');
	fq_strbuf_printf(&sig, "%.*s%s%se%d", intlen, digits, point != NULL ? "." : "",
					 point != NULL ? point + 1 : "", -exponent);
	if (!fq_strbuf_ok(&sig) ||
		fq_num_parse(fq_strbuf_str(&sig), sig.len, x->a, &s) != FQ_CONV_OK ||
		fq_num_round(&s, scale < 0 ? 0 : scale, x->a, &r) != FQ_NUM_OK)
	{
		fq_strbuf_free(&sig);
		return NULL;
	}
	fq_strbuf_free(&sig);
	n = fq_num_format(&r, NULL, 0);
	if ((out = fq_arena_alloc(x->a, n + 16)) == NULL)
		return NULL;
	fq_num_format(&r, out, n + 1);
	snprintf(out + n, 16, "e%+03d", exponent);
	return out;
}

static char *
numeric_text(fq_fn_ctx *x, const fq_numeric *v)
{
	size_t n = fq_num_format(v, NULL, 0);
	char *s = fq_arena_alloc(x->a, n + 1);

	if (s != NULL)
		fq_num_format(v, s, n + 1);
	return s;
}

/* 10^k as a numeric. */
static int
power_of_ten(fq_fn_ctx *x, int k, fq_numeric *out)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "1e%d", k);
	return fq_num_parse(buf, strlen(buf), x->a, out) == FQ_CONV_OK ? FQ_OK : fq_fn_nomem(x);
}

/* The number's text for each type, as PostgreSQL's numeric_to_char,
 * int4_to_char, int8_to_char, float4_to_char and float8_to_char. */
static int
number_text(fq_fn_ctx *x, const fq_value *v, numdesc *num, numtext *t)
{
	char *s = NULL;

	t->sign = '+';
	t->out_pre_spaces = 0;
	if (num->flag & NF_ROMAN)
	{
		int64_t iv;
		char buf[16];

		switch (v->type.id)
		{
			case FQ_T_INT4:
				iv = v->v.i;
				break;
			case FQ_T_INT8:
				if (!fq_fn_fits_int(v->v.i, FQ_T_INT4))
					return fq_fn_int_range(x, FQ_T_INT4);
				iv = v->v.i;
				break;
			case FQ_T_DECIMAL:
				if (!fq_num_is_finite(&v->v.num))
					return fq_raise(x->d, FQ_ERR_FEATURE_NOT_SUPPORTED, 0, "cannot convert %s to integer",
									v->v.num.kind == FQ_NUM_NAN ? "NaN" : "infinity");
				if (fq_num_to_int(&v->v.num, INT32_MIN, INT32_MAX, &iv) != FQ_CONV_OK)
					return fq_fn_int_range(x, FQ_T_INT4);
				break;
			default:
				{
					/* (int) rint(value), as an x86-64 build converts */
					double r = rint(v->v.f);

					iv = r >= -2147483648.0 && r < 2147483648.0 ? (int64_t) r : INT32_MIN;
					break;
				}
		}
		roman(iv, buf);
		t->digits = arena_printf(x, "%s", buf);
		return t->digits != NULL ? FQ_OK : fq_fn_nomem(x);
	}
	switch (v->type.id)
	{
		case FQ_T_DECIMAL:
			{
				fq_numeric val = v->v.num;
				fq_numeric r;
				int rc;

				if (num->flag & NF_EEEE)
				{
					s = numeric_sci(x, &val, num->post);
					if (s == NULL)
						return fq_fn_nomem(x);
					if (!fq_num_is_finite(&val))
					{
						s = float_eeee(x, num, NAN);
						return (t->digits = s) != NULL ? FQ_OK : fq_fn_nomem(x);
					}
					if (s[0] != '-')
						s = arena_printf(x, " %s", s);
					return (t->digits = s) != NULL ? FQ_OK : fq_fn_nomem(x);
				}
				if (num->flag & NF_MULTI)
				{
					fq_numeric p;

					if ((rc = power_of_ten(x, num->multi, &p)) < 0 ||
						(rc = fq_fn_num_status(x, fq_num_mul(&v->v.num, &p, x->a, &val))) < 0)
						return rc;
					num->pre += num->multi;
				}
				if ((rc = fq_fn_num_status(x, fq_num_round(&val, num->post, x->a, &r))) < 0)
					return rc;
				if ((s = numeric_text(x, &r)) == NULL)
					return fq_fn_nomem(x);
				if (s[0] == '-')
				{
					t->sign = '-';
					s++;
				}
				t->digits = s;
				return fit(x, num, t);
			}
		case FQ_T_INT4:
		case FQ_T_INT8:
			{
				int64_t val = v->v.i;

				if (num->flag & NF_EEEE)
				{
					if (v->type.id == FQ_T_INT4)
						s = float_eeee(x, num, (double) val);
					else
					{
						fq_numeric n;

						fq_num_from_int64(val, &n);
						if ((s = numeric_sci(x, &n, num->post)) != NULL && s[0] != '-')
							s = arena_printf(x, " %s", s);
					}
					return (t->digits = s) != NULL ? FQ_OK : fq_fn_nomem(x);
				}
				if (num->flag & NF_MULTI)
				{
					double m = pow(10.0, (double) num->multi);

					if (v->type.id == FQ_T_INT4)
					{
						/* int4mul by (int32) 10^multi */
						int64_t f = m < 2147483648.0 ? (int64_t) m : INT32_MIN;

						if (__builtin_mul_overflow(val, f, &val) || !fq_fn_fits_int(val, FQ_T_INT4))
							return fq_fn_int_range(x, FQ_T_INT4);
					}
					else
					{
						/* int8mul by dtoi8(10^multi) */
						if (!(m < 9223372036854775808.0) ||
							__builtin_mul_overflow(val, (int64_t) m, &val))
							return fq_fn_int_range(x, FQ_T_INT8);
					}
					num->pre += num->multi;
				}
				s = arena_printf(x, "%lld", (long long) val);
				if (s == NULL)
					return fq_fn_nomem(x);
				if (s[0] == '-')
				{
					t->sign = '-';
					s++;
				}
				if (num->post > 0)
				{
					char *z = arena_printf(x, "%s.%0*d", s, num->post, 0);

					if (z == NULL)
						return fq_fn_nomem(x);
					/* zeros after the point */
					memset(z + strlen(s) + 1, '0', (size_t) num->post);
					s = z;
				}
				t->digits = s;
				return fit(x, num, t);
			}
		default:
			{
				bool single = v->type.id == FQ_T_FLOAT4;
				double val = single ? (double) (float) v->v.f : v->v.f;
				int max_digits = single ? FLT_DIG : DBL_DIG;
				char *whole;
				int pre;

				if (num->flag & NF_EEEE)
					return (t->digits = float_eeee(x, num, val)) != NULL ? FQ_OK : fq_fn_nomem(x);
				if (num->flag & NF_MULTI)
				{
					if (single)
						val = (double) ((float) v->v.f * (float) pow(10.0, (double) num->multi));
					else
						val = v->v.f * pow(10.0, (double) num->multi);
					num->pre += num->multi;
				}
				if ((whole = float_fixed(x, 0, fabs(val))) == NULL)
					return fq_fn_nomem(x);
				/* no more digits than the type has */
				pre = (int) strlen(whole);
				if (pre >= max_digits)
					num->post = 0;
				else if (pre + num->post > max_digits)
					num->post = max_digits - pre;
				if ((s = float_fixed(x, num->post, val)) == NULL)
					return fq_fn_nomem(x);
				if (s[0] == '-')
				{
					t->sign = '-';
					s++;
				}
				t->digits = s;
				return fit(x, num, t);
			}
	}
}

/* The state of PostgreSQL's NUM_processor while it writes. */
typedef struct numproc
{
	numdesc *num;
	char sign;
	bool sign_wrote;
	int num_count;
	bool num_in;
	int num_curr;
	int out_pre_spaces;
	const char *number;
	const char *number_p;
	const char *last_relevant;
	fq_strbuf *out;
} numproc;

#define IS(np, f) (((np)->num->flag & (f)) != 0)

/* "9.9" gives " .1" for 0.1: no digit before the point. */
static bool
predec_space(const numproc *np)
{
	return !IS(np, NF_ZERO) && np->number == np->number_p && *np->number == '0' &&
		np->num->post != 0;
}

static void
numpart_to_char(numproc *np, int id)
{
	if (IS(np, NF_ROMAN))
		return;
	np->num_in = false;
	/* the sign, before the first digit written */
	if (!np->sign_wrote &&
		(np->num_curr >= np->out_pre_spaces ||
		 (IS(np, NF_ZERO) && np->num->zero_start == np->num_curr)) &&
		(!predec_space(np) || (np->last_relevant && *np->last_relevant == '.')))
	{
		if (IS(np, NF_LSIGN))
		{
			if (np->num->lsign == LSIGN_PRE)
			{
				fq_strbuf_appendc(np->out, np->sign == '-' ? '-' : '+');
				np->sign_wrote = true;
			}
		}
		else if (IS(np, NF_BRACKET))
		{
			fq_strbuf_appendc(np->out, np->sign == '+' ? ' ' : '<');
			np->sign_wrote = true;
		}
		else if (np->sign == '+')
		{
			if (!IS(np, NF_FILLMODE))
				fq_strbuf_appendc(np->out, ' ');
			np->sign_wrote = true;
		}
		else if (np->sign == '-')
		{
			fq_strbuf_appendc(np->out, '-');
			np->sign_wrote = true;
		}
	}
	if (id == N_9 || id == N_0 || id == N_D || id == N_DEC)
	{
		int end;

		if (np->num_curr < np->out_pre_spaces &&
			(np->num->zero_start > np->num_curr || !IS(np, NF_ZERO)))
		{
			if (!IS(np, NF_FILLMODE))
				fq_strbuf_appendc(np->out, ' ');
		}
		else if (IS(np, NF_ZERO) && np->num_curr < np->out_pre_spaces &&
				 np->num->zero_start <= np->num_curr)
		{
			fq_strbuf_appendc(np->out, '0');
			np->num_in = true;
		}
		else
		{
			if (*np->number_p == '.')
			{
				if (!np->last_relevant || *np->last_relevant != '.' || IS(np, NF_FILLMODE))
					fq_strbuf_appendc(np->out, '.');
			}
			else if (np->last_relevant && np->number_p > np->last_relevant && id != N_0)
				;
			else if (predec_space(np))
			{
				if (!IS(np, NF_FILLMODE))
					fq_strbuf_appendc(np->out, ' ');
				else if (np->last_relevant && *np->last_relevant == '.')
					fq_strbuf_appendc(np->out, '0');
			}
			else
			{
				/* past the number's end this writes its NUL, as PostgreSQL
				 * does: the result ends there */
				fq_strbuf_appendc(np->out, *np->number_p);
				np->num_in = true;
			}
			if (*np->number_p)
				np->number_p++;
		}
		end = np->num_count + (np->out_pre_spaces ? 1 : 0) + (IS(np, NF_DECIMAL) ? 1 : 0);
		if (np->last_relevant && np->last_relevant == np->number_p)
			end = np->num_curr;
		if (np->num_curr + 1 == end)
		{
			if (np->sign_wrote && IS(np, NF_BRACKET))
				fq_strbuf_appendc(np->out, np->sign == '+' ? ' ' : '>');
			else if (IS(np, NF_LSIGN) && np->num->lsign == LSIGN_POST)
				fq_strbuf_appendc(np->out, np->sign == '-' ? '-' : '+');
		}
	}
	np->num_curr++;
}

/* The last digit after the point that is not a zero (or the point). */
static const char *
last_relevant_digit(const char *num)
{
	const char *p = strchr(num, '.');
	const char *r = p;

	if (p == NULL)
		return NULL;
	while (*++p)
		if (*p != '0')
			r = p;
	return r;
}

static int
num_to_char(fq_fn_ctx *x, const node *nodes, numdesc *num, const numtext *t, fq_strbuf *out)
{
	numproc np;

	memset(&np, 0, sizeof(np));
	np.num = num;
	np.out = out;
	np.number = t->digits;
	if (num->zero_start)
		num->zero_start--;
	if (num->flag & NF_EEEE)
	{
		fq_strbuf_append(out, t->digits);
		return FQ_OK;
	}
	np.sign = t->sign;
	if (num->flag & (NF_PLUS | NF_MINUS))
		np.sign_wrote = !((num->flag & NF_PLUS) && !(num->flag & NF_MINUS));
	else
	{
		if (np.sign != '-' && (num->flag & NF_FILLMODE))
			num->flag &= ~(unsigned) NF_BRACKET;
		np.sign_wrote = np.sign == '+' && (num->flag & NF_FILLMODE) && !(num->flag & NF_LSIGN);
		if (num->lsign == LSIGN_PRE && num->pre == num->pre_lsign_num)
			num->lsign = LSIGN_POST;
	}
	np.num_count = num->post + num->pre - 1;
	np.out_pre_spaces = t->out_pre_spaces;
	if ((num->flag & NF_FILLMODE) && (num->flag & NF_DECIMAL))
	{
		np.last_relevant = last_relevant_digit(np.number);
		/* digits of 0 patterns stay */
		if (np.last_relevant && num->zero_end > np.out_pre_spaces)
		{
			int pos = (int) strlen(np.number) - 1;

			if (num->zero_end - np.out_pre_spaces < pos)
				pos = num->zero_end - np.out_pre_spaces;
			if (np.last_relevant < np.number + pos)
				np.last_relevant = np.number + pos;
		}
	}
	if (!np.sign_wrote && np.out_pre_spaces == 0)
		np.num_count++;
	np.number_p = np.number;
	for (const node *n = nodes; n->type != NODE_END; n++)
	{
		if (n->type != NODE_ACTION)
		{
			fq_strbuf_append(out, n->chr);
			continue;
		}
		switch ((nkey) n->key->id)
		{
			case N_9:
			case N_0:
			case N_DEC:
			case N_D:
				numpart_to_char(&np, n->key->id);
				break;
			case N_COMMA:
			case N_G:
				if (np.num_in)
					fq_strbuf_appendc(out, ',');
				else if (!(num->flag & NF_FILLMODE))
					fq_strbuf_appendc(out, ' ');
				break;
			case N_RN:
			case N_rn:
				{
					char buf[16];

					snprintf(buf, sizeof(buf), "%s", np.number_p);
					if (n->key->id == N_rn)
						for (char *p = buf; *p; p++)
							if (*p >= 'A' && *p <= 'Z')
								*p = (char) (*p - 'A' + 'a');
					fq_strbuf_printf(out, (num->flag & NF_FILLMODE) ? "%s" : "%15s", buf);
					break;
				}
			case N_th:
			case N_TH:
				if ((num->flag & (NF_ROMAN | NF_DECIMAL)) || *np.number == '#' || np.sign == '-')
					break;
				{
					const char *th;

					/* the ordinal of the number's digits */
					if (th_suffix(x, np.number, strlen(np.number), n->key->id == N_TH, &th) < 0)
						return FQ_ERROR;
					fq_strbuf_append(out, th);
					break;
				}
			case N_MI:
				if (np.sign == '-')
					fq_strbuf_appendc(out, '-');
				else if (!(num->flag & NF_FILLMODE))
					fq_strbuf_appendc(out, ' ');
				break;
			case N_PL:
				if (np.sign == '+')
					fq_strbuf_appendc(out, '+');
				else if (!(num->flag & NF_FILLMODE))
					fq_strbuf_appendc(out, ' ');
				break;
			case N_SG:
				fq_strbuf_appendc(out, np.sign);
				break;
			case N_B:
			case N_C:
			case N_E:
			case N_FM:
			case N_L:
			case N_PR:
			case N_SP:
			case N_S:
			case N_V:
				break;
		}
	}
	return FQ_OK;
}

static int
number_to_char(fq_fn_ctx *x, const fq_value *v, const fq_string *fmt, fq_value *res)
{
	const char *text;
	template_room room;
	numdesc num;
	node *nodes;
	numtext t;
	fq_strbuf b = FQ_STRBUF_INIT;
	size_t end;

	if (fmt->len == 0)
	{
		res->v.s.ptr = "";
		res->v.s.len = 0;
		return FQ_OK;
	}
	if ((nodes = template_nodes(fmt, &num, &text, &room)) == NULL)
		return fq_fn_nomem(x);
	if (parse_template(text, false, nodes, &num, x->d) < 0 || number_text(x, v, &num, &t) < 0 ||
		num_to_char(x, nodes, &num, &t, &b) < 0)
	{
		template_release(&room);
		fq_strbuf_free(&b);
		return FQ_ERROR;
	}
	template_release(&room);
	/* PostgreSQL's result is a C string: it ends at a NUL */
	if (fq_strbuf_ok(&b) && (end = strlen(fq_strbuf_str(&b))) < b.len)
		b.len = end;
	return fq_fn_set_strbuf(x, res, &b);
}

static int
fn_to_char(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	(void) f;
	switch (args[0].type.id)
	{
		case FQ_T_TIMESTAMP:
		case FQ_T_TIMESTAMPTZ:
		case FQ_T_INTERVAL:
			return datetime_to_char(x, &args[0], &args[1].v.s, res);
		default:
			return number_to_char(x, &args[0], &args[1].v.s, res);
	}
}

/* ---- to_date and to_timestamp(text, text): reading by a template ---- */

/* What the input gave for each field (PostgreSQL's TmFromChar). */
typedef struct from_char
{
	date_mode mode;
	int hh, pm, mi, ss, ssss, d, dd, ddd, mm, ms, year, bc, ww, w, cc, j, us, yysz, ff;
	bool clock12;
	int tzsign, tzh, tzm;
} from_char;

static int
bad_value(fq_fn_ctx *x, const char *value, const char *field, const char *detail)
{
	fq_raise(x->d, FQ_ERR_INVALID_DATETIME_FORMAT, 0, "invalid value \"%s\" for \"%s\"", value, field);
	if (detail != NULL)
		fq_diag_detail(x->d, "%s", detail);
	return FQ_ERROR;
}

static int
set_mode(fq_fn_ctx *x, from_char *fc, date_mode mode)
{
	if (mode == MODE_NONE)
		return FQ_OK;
	if (fc->mode == MODE_NONE)
		fc->mode = mode;
	else if (fc->mode != mode)
	{
		fq_raise(x->d, FQ_ERR_INVALID_DATETIME_FORMAT, 0, "invalid combination of date conventions");
		fq_diag_hint(x->d, "Do not mix Gregorian and ISO week date conventions in a formatting "
						   "template.");
		return FQ_ERROR;
	}
	return FQ_OK;
}

/* A field set twice must agree. */
static int
set_int(fq_fn_ctx *x, int *dest, int value, const node *n)
{
	if (*dest != 0 && *dest != value)
	{
		fq_raise(x->d, FQ_ERR_INVALID_DATETIME_FORMAT, 0,
				 "conflicting values for \"%s\" field in formatting string", n->key->name);
		fq_diag_detail(x->d, "This value contradicts a previous setting for the same field type.");
		return FQ_ERROR;
	}
	*dest = value;
	return FQ_OK;
}

/* Whether what follows a number field cannot be a digit, so the field
 * may take as many digits as there are. */
static bool
next_is_separator(const node *n)
{
	if (n->type == NODE_END)
		return false;
	if (n->type == NODE_ACTION && (n->suffix & (SUF_TH | SUF_th)))
		return true;
	n++;
	if (n->type == NODE_END)
		return true;
	if (n->type == NODE_ACTION)
		return !n->key->digits;
	return !(n->chr[1] == '\0' && n->chr[0] >= '0' && n->chr[0] <= '9');
}

/*
 * Reads an integer of `len` characters (after blanks), or as many digits
 * as strtol takes under FM or before a separator (PostgreSQL's
 * from_char_parse_int_len).  Returns the characters used, blanks
 * included, or FQ_ERROR.
 */
static int
parse_int(fq_fn_ctx *x, int *dest, const char **src, int len, const node *n)
{
	const char *init = *src;
	char copy[16];
	long v;
	size_t avail;

	while (is_space(**src))
		(*src)++;
	avail = strlen(*src);
	snprintf(copy, sizeof(copy), "%.*s", len, *src);
	if ((n->suffix & SUF_FM) || next_is_separator(n))
	{
		char *end;

		errno = 0;
		v = strtol(init, &end, 10);
		*src = end;
	}
	else
	{
		char *last;
		int used;

		if ((int) avail < len)
		{
			fq_raise(x->d, FQ_ERR_INVALID_DATETIME_FORMAT, 0,
					 "source string too short for \"%s\" formatting field", n->key->name);
			fq_diag_detail(x->d, "Field requires %d characters, but only %d remain.", len, (int) avail);
			fq_diag_hint(x->d, "If your source string is not fixed-width, try using the \"FM\" "
							   "modifier.");
			return FQ_ERROR;
		}
		errno = 0;
		v = strtol(copy, &last, 10);
		used = (int) (last - copy);
		if (used > 0 && used < len)
		{
			fq_raise(x->d, FQ_ERR_INVALID_DATETIME_FORMAT, 0, "invalid value \"%s\" for \"%s\"", copy,
					 n->key->name);
			fq_diag_detail(x->d, "Field requires %d characters, but only %d could be parsed.", len,
						   used);
			fq_diag_hint(x->d, "If your source string is not fixed-width, try using the \"FM\" "
							   "modifier.");
			return FQ_ERROR;
		}
		*src += used;
	}
	if (*src == init)
		return bad_value(x, copy, n->key->name, "Value must be an integer.");
	if (errno == ERANGE || v < INT_MIN || v > INT_MAX)
	{
		fq_raise(x->d, FQ_ERR_DATETIME_FIELD_OVERFLOW, 0,
				 "value for \"%s\" in source string is out of range", n->key->name);
		fq_diag_detail(x->d, "Value must be in the range %d to %d.", INT_MIN, INT_MAX);
		return FQ_ERROR;
	}
	if (dest != NULL && set_int(x, dest, (int) v, n) < 0)
		return FQ_ERROR;
	return (int) (*src - init);
}

static char
ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char) (c - 'A' + 'a') : c;
}

/* The first word of a list the input starts with, in any case; its index
 * in *dest. */
static int
parse_word(fq_fn_ctx *x, int *dest, const char **src, const char *const *words, const node *n)
{
	for (int i = 0; words[i] != NULL; i++)
	{
		size_t l = strlen(words[i]);
		size_t k = 0;

		while (k < l && (*src)[k] && ascii_lower((*src)[k]) == ascii_lower(words[i][k]))
			k++;
		if (k == l)
		{
			*dest = i;
			*src += l;
			return FQ_OK;
		}
	}
	{
		size_t l = 0;
		char *word;

		while ((*src)[l] && !((*src)[l] == ' ' || (*src)[l] == '\t' || (*src)[l] == '\n' ||
							  (*src)[l] == '\r' || (*src)[l] == '\f'))
			l++;
		word = fq_arena_strndup(x->a, *src, l);
		return bad_value(x, word != NULL ? word : "", n->key->name,
						 "The given value did not match any of the allowed values for this field.");
	}
}

static void
skip_th(const char **s, const node *n)
{
	if (n->suffix & (SUF_TH | SUF_th))
		for (int i = 0; i < 2 && **s; i++)
			*s += char_len(*s);
}

/* Reads the input by the template into fc (PostgreSQL's DCH_from_char). */
static int
dch_from_char(fq_fn_ctx *x, const node *nodes, const char *in, from_char *fc)
{
	static const char *const ampm[] = {"am", "pm", "AM", "PM", NULL};
	static const char *const ampm_dots[] = {"a.m.", "p.m.", "A.M.", "P.M.", NULL};
	static const char *const adbc[] = {"ad", "bc", "AD", "BC", NULL};
	static const char *const adbc_dots[] = {"a.d.", "b.c.", "A.D.", "B.C.", NULL};
	const char *s = in;
	bool fx = false;
	int extra_skip = 0;
	int value;
	int len;

	for (const node *n = nodes; n->type != NODE_END && *s != '\0'; n++)
	{
		int id;

		/* blanks before a field, and at the start */
		if (!fx && (n->type != NODE_ACTION || n->key->id != D_FX) &&
			(n->type == NODE_ACTION || n == nodes))
			while (*s != '\0' && is_space(*s))
			{
				s++;
				extra_skip++;
			}
		if (n->type == NODE_SPACE || n->type == NODE_SEPARATOR)
		{
			if (!fx)
			{
				/* one blank or separator, if there is one */
				extra_skip--;
				if (is_space(*s) || is_separator(s))
				{
					s++;
					extra_skip++;
				}
			}
			else
				s += char_len(s);
			continue;
		}
		if (n->type != NODE_ACTION)
		{
			/* text: one character, whatever it is */
			if (!fx && extra_skip > 0)
				extra_skip--;
			else
				s += char_len(s);
			continue;
		}
		if (set_mode(x, fc, n->key->mode) < 0)
			return FQ_ERROR;
		id = n->key->id;
		if ((n->suffix & SUF_TM) && is_name(id))
			return tm_unsupported(x->d);
		switch ((dkey) id)
		{
			case D_FX:
				fx = true;
				break;
			case D_A_M:
			case D_P_M:
			case D_a_m:
			case D_p_m:
			case D_AM:
			case D_PM:
			case D_am:
			case D_pm:
				{
					bool dots = id == D_A_M || id == D_P_M || id == D_a_m || id == D_p_m;

					if (parse_word(x, &value, &s, dots ? ampm_dots : ampm, n) < 0 ||
						set_int(x, &fc->pm, value % 2, n) < 0)
						return FQ_ERROR;
					fc->clock12 = true;
					break;
				}
			case D_HH:
			case D_HH12:
			case D_HH24:
				if (parse_int(x, &fc->hh, &s, 2, n) < 0)
					return FQ_ERROR;
				if (id != D_HH24)
					fc->clock12 = true;
				skip_th(&s, n);
				break;
			case D_MI:
				if (parse_int(x, &fc->mi, &s, 2, n) < 0)
					return FQ_ERROR;
				skip_th(&s, n);
				break;
			case D_SS:
				if (parse_int(x, &fc->ss, &s, 2, n) < 0)
					return FQ_ERROR;
				skip_th(&s, n);
				break;
			case D_MS:
				if ((len = parse_int(x, &fc->ms, &s, 3, n)) < 0)
					return FQ_ERROR;
				/* 25 is 0.25 seconds, 025 is 0.025 */
				fc->ms *= len == 1 ? 100 : len == 2 ? 10 : 1;
				skip_th(&s, n);
				break;
			case D_FF1:
			case D_FF2:
			case D_FF3:
			case D_FF4:
			case D_FF5:
			case D_FF6:
			case D_US:
				{
					static const int scale[] = {1, 100000, 10000, 1000, 100, 10, 1};

					if (id != D_US)
						fc->ff = id - D_FF1 + 1;
					if ((len = parse_int(x, &fc->us, &s, id == D_US ? 6 : fc->ff, n)) < 0)
						return FQ_ERROR;
					fc->us *= len >= 1 && len <= 6 ? scale[len] : 1;
					skip_th(&s, n);
					break;
				}
			case D_SSSS:
				if (parse_int(x, &fc->ssss, &s, (int) strlen(n->key->name), n) < 0)
					return FQ_ERROR;
				skip_th(&s, n);
				break;
			case D_TZ:
			case D_tz:
			case D_OF:
				return fq_raise(x->d, FQ_ERR_FEATURE_NOT_SUPPORTED, 0,
								"formatting field \"%s\" is only supported in to_char", n->key->name);
			case D_TZH:
				/* a minus taken for a separator is the offset's sign */
				if (*s == '+' || *s == '-' || *s == ' ')
				{
					fc->tzsign = *s == '-' ? -1 : 1;
					s++;
				}
				else
					fc->tzsign = extra_skip > 0 && s[-1] == '-' ? -1 : 1;
				if (parse_int(x, &fc->tzh, &s, 2, n) < 0)
					return FQ_ERROR;
				break;
			case D_TZM:
				if (!fc->tzsign)
					fc->tzsign = 1;
				if (parse_int(x, &fc->tzm, &s, 2, n) < 0)
					return FQ_ERROR;
				break;
			case D_A_D:
			case D_B_C:
			case D_a_d:
			case D_b_c:
			case D_AD:
			case D_BC:
			case D_ad:
			case D_bc:
				{
					bool dots = id == D_A_D || id == D_B_C || id == D_a_d || id == D_b_c;

					if (parse_word(x, &value, &s, dots ? adbc_dots : adbc, n) < 0 ||
						set_int(x, &fc->bc, value % 2, n) < 0)
						return FQ_ERROR;
					break;
				}
			case D_MONTH:
			case D_Month:
			case D_month:
			case D_MON:
			case D_Mon:
			case D_mon:
				{
					bool full = id == D_MONTH || id == D_Month || id == D_month;

					if (parse_word(x, &value, &s, full ? month_names : month_abbrevs, n) < 0 ||
						set_int(x, &fc->mm, value + 1, n) < 0)
						return FQ_ERROR;
					break;
				}
			case D_MM:
				if (parse_int(x, &fc->mm, &s, 2, n) < 0)
					return FQ_ERROR;
				skip_th(&s, n);
				break;
			case D_DAY:
			case D_Day:
			case D_day:
			case D_DY:
			case D_Dy:
			case D_dy:
				{
					bool full = id == D_DAY || id == D_Day || id == D_day;

					if (parse_word(x, &value, &s, full ? day_names : day_abbrevs, n) < 0 ||
						set_int(x, &fc->d, value, n) < 0)
						return FQ_ERROR;
					fc->d++;
					break;
				}
			case D_DDD:
			case D_IDDD:
				if (parse_int(x, &fc->ddd, &s, 3, n) < 0)
					return FQ_ERROR;
				skip_th(&s, n);
				break;
			case D_DD:
				if (parse_int(x, &fc->dd, &s, 2, n) < 0)
					return FQ_ERROR;
				skip_th(&s, n);
				break;
			case D_D:
				if (parse_int(x, &fc->d, &s, 1, n) < 0)
					return FQ_ERROR;
				skip_th(&s, n);
				break;
			case D_ID:
				if (parse_int(x, &fc->d, &s, 1, n) < 0)
					return FQ_ERROR;
				/* Sunday is 1, as D counts */
				if (++fc->d > 7)
					fc->d = 1;
				skip_th(&s, n);
				break;
			case D_WW:
			case D_IW:
				if (parse_int(x, &fc->ww, &s, 2, n) < 0)
					return FQ_ERROR;
				skip_th(&s, n);
				break;
			case D_Q:
				/* read, and ignored */
				if (parse_int(x, NULL, &s, 1, n) < 0)
					return FQ_ERROR;
				skip_th(&s, n);
				break;
			case D_CC:
				if (parse_int(x, &fc->cc, &s, 2, n) < 0)
					return FQ_ERROR;
				skip_th(&s, n);
				break;
			case D_Y_YYY:
				{
					int thousands;
					int years;
					int used = 0;

					if (sscanf(s, "%d,%03d%n", &thousands, &years, &used) < 2)
						return bad_value(x, s, "Y,YYY", NULL);
					/* PostgreSQL 15 does not check this sum: it wraps */
					years = (int) (uint32_t) ((uint32_t) years + (uint32_t) thousands * 1000u);
					if (set_int(x, &fc->year, years, n) < 0)
						return FQ_ERROR;
					fc->yysz = 4;
					s += used;
					skip_th(&s, n);
					break;
				}
			case D_YYYY:
			case D_IYYY:
			case D_YYY:
			case D_IYY:
			case D_YY:
			case D_IY:
			case D_Y:
			case D_I:
				{
					int size = id == D_YYYY || id == D_IYYY ? 4 : id == D_YYY || id == D_IYY ? 3
						: id == D_YY || id == D_IY ? 2 : 1;

					if ((len = parse_int(x, &fc->year, &s, size, n)) < 0)
						return FQ_ERROR;
					/* a year of fewer than 4 digits is the one nearest 2020 */
					if (size < 4 && len < 4)
						fc->year = fc->year < 70 ? fc->year + 2000 : fc->year < 100 ? fc->year + 1900
							: fc->year < 520 ? fc->year + 2000 : fc->year < 1000 ? fc->year + 1000
							: fc->year;
					fc->yysz = size;
					skip_th(&s, n);
					break;
				}
			case D_RM:
			case D_rm:
				if (parse_word(x, &value, &s, roman_months_lower, n) < 0 ||
					set_int(x, &fc->mm, 12 - value, n) < 0)
					return FQ_ERROR;
				break;
			case D_W:
				if (parse_int(x, &fc->w, &s, 1, n) < 0)
					return FQ_ERROR;
				skip_th(&s, n);
				break;
			case D_J:
				if (parse_int(x, &fc->j, &s, 1, n) < 0)
					return FQ_ERROR;
				skip_th(&s, n);
				break;
		}
		/* blanks after a field */
		if (!fx)
		{
			extra_skip = 0;
			while (*s != '\0' && is_space(*s))
			{
				s++;
				extra_skip++;
			}
		}
	}
	return FQ_OK;
}

/* A calendar date of any astronomical year; the day number of 2000-01-01
 * is 0. */
static void
julian_to_ymd(int64_t jd, int64_t *y, int64_t *m, int64_t *d)
{
	int yy;
	int mm;
	int dd;

	fq_date_to_ymd((int32_t) (jd - 2451545), &yy, &mm, &dd);
	*y = yy;
	*m = mm;
	*d = dd;
}

/* Days since 2000-01-01 of the Monday of ISO week `week` of `year`. */
static int64_t
iso_week_start(int64_t year, int64_t week)
{
	return iso_week1(year) + (week - 1) * 7;
}

typedef struct read_tm
{
	int64_t year, mon, mday, hour, min, sec, fsec;
	int fprec;
	int tzsign, tzh, tzm;
	bool beyond; /* a Julian day before 0: a date out of every range */
} read_tm;

static int
field_overflow(fq_fn_ctx *x, const char *in)
{
	return fq_raise(x->d, FQ_ERR_DATETIME_FIELD_OVERFLOW, 0,
					"date/time field value out of range: \"%s\"", in);
}

/*
 * The date and time the input gives by the template, with PostgreSQL's
 * defaults (year 0, January 1, midnight) and checks (do_to_timestamp).
 */
static int
do_to_timestamp(fq_fn_ctx *x, const fq_string *input, const fq_string *fmt, read_tm *tm)
{
	from_char fc;
	bool has_year = false;
	bool has_mon = false;
	bool has_day = false;
	char *in = fq_arena_strndup(x->a, input->ptr, input->len);

	memset(&fc, 0, sizeof(fc));
	memset(tm, 0, sizeof(*tm));
	tm->mon = 1;
	tm->mday = 1;
	if (in == NULL)
		return fq_fn_nomem(x);
	if (fmt->len > 0)
	{
		const char *text;
		template_room room;
		node *nodes = template_nodes(fmt, NULL, &text, &room);
		bool failed;

		if (nodes == NULL)
			return fq_fn_nomem(x);
		failed = parse_template(text, true, nodes, NULL, x->d) < 0 || dch_from_char(x, nodes, in, &fc) < 0;
		template_release(&room);
		if (failed)
			return FQ_ERROR;
	}
	if (fc.ssss)
	{
		tm->hour = fc.ssss / 3600;
		tm->min = fc.ssss % 3600 / 60;
		tm->sec = fc.ssss % 60;
	}
	if (fc.ss)
		tm->sec = fc.ss;
	if (fc.mi)
		tm->min = fc.mi;
	if (fc.hh)
		tm->hour = fc.hh;
	if (fc.clock12)
	{
		if (tm->hour < 1 || tm->hour > 12)
		{
			fq_raise(x->d, FQ_ERR_INVALID_DATETIME_FORMAT, 0,
					 "hour \"%d\" is invalid for the 12-hour clock", (int) tm->hour);
			fq_diag_hint(x->d, "Use the 24-hour clock, or give an hour between 1 and 12.");
			return FQ_ERROR;
		}
		if (fc.pm && tm->hour < 12)
			tm->hour += 12;
		else if (!fc.pm && tm->hour == 12)
			tm->hour = 0;
	}
	if (fc.year)
	{
		if (fc.cc && fc.yysz <= 2)
		{
			/* YY within the century CC */
			int64_t cc = fc.bc ? -fc.cc : fc.cc;

			tm->year = fc.year % 100;
			if (tm->year)
				tm->year = cc >= 0 ? tm->year + (cc - 1) * 100 : (cc + 1) * 100 - tm->year + 1;
			else
				tm->year = cc * 100 + (cc >= 0 ? 0 : 1);
		}
		else
		{
			tm->year = fc.bc ? -(int64_t) fc.year : fc.year;
			if (tm->year < 0)
				tm->year++;
		}
		has_year = true;
	}
	else if (fc.cc)
	{
		int64_t cc = fc.bc ? -fc.cc : fc.cc;

		tm->year = cc >= 0 ? (cc - 1) * 100 + 1 : cc * 100 + 1;
		has_year = true;
	}
	if (fc.j)
	{
		if (fc.j < 0)
			tm->beyond = true;
		else
			julian_to_ymd(fc.j, &tm->year, &tm->mon, &tm->mday);
		has_year = has_mon = has_day = true;
	}
	if (fc.ww)
	{
		if (fc.mode == MODE_ISOWEEK)
		{
			int64_t day = iso_week_start(tm->year, fc.ww);

			/* D counts from Sunday: ISO weeks start on Monday */
			if (fc.d)
				day += fc.d > 1 ? fc.d - 2 : 6;
			julian_to_ymd(day + 2451545, &tm->year, &tm->mon, &tm->mday);
			has_year = has_mon = has_day = true;
		}
		else
			fc.ddd = (fc.ww - 1) * 7 + 1;
	}
	if (fc.w)
		fc.dd = (fc.w - 1) * 7 + 1;
	if (fc.dd)
	{
		tm->mday = fc.dd;
		has_day = true;
	}
	if (fc.mm)
	{
		tm->mon = fc.mm;
		has_mon = true;
	}
	if (fc.ddd && (tm->mon <= 1 || tm->mday <= 1))
	{
		if (!tm->year && !fc.bc)
			return fq_raise(x->d, FQ_ERR_INVALID_DATETIME_FORMAT, 0,
							"cannot calculate day of year without year information");
		if (fc.mode == MODE_ISOWEEK)
		{
			julian_to_ymd(iso_week_start(tm->year, 1) - 1 + fc.ddd + 2451545, &tm->year, &tm->mon,
						  &tm->mday);
			has_year = has_mon = has_day = true;
		}
		else
		{
			int i;
			int before = 0;

			/* the month holding day ddd of the year */
			for (i = 1; i <= 12; i++)
			{
				int upto = before + fq_types_month_days(tm->year, i);

				if (fc.ddd <= upto)
					break;
				before = upto;
			}
			if (tm->mon <= 1)
				tm->mon = i > 12 ? 13 : i;
			if (tm->mday <= 1)
				tm->mday = fc.ddd - before;
			has_mon = has_day = true;
		}
	}
	tm->fsec = (int64_t) fc.ms * 1000 + fc.us;
	tm->fprec = fc.ff;
	/* PostgreSQL's ValidateDate, years taken as they are */
	if ((has_mon && (tm->mon < 1 || tm->mon > 12)) || (has_day && (tm->mday < 1 || tm->mday > 31)) ||
		(has_year && has_mon && has_day && tm->mday > fq_types_month_days(tm->year, (int) tm->mon)))
		return field_overflow(x, in);
	if (tm->hour < 0 || tm->hour >= 24 || tm->min < 0 || tm->min >= 60 || tm->sec < 0 ||
		tm->sec >= 60 || tm->fsec < 0 || tm->fsec >= 1000000)
		return field_overflow(x, in);
	if (fc.tzsign)
	{
		if (fc.tzh < 0 || fc.tzh > 15 || fc.tzm < 0 || fc.tzm >= 60)
			return fq_raise(x->d, FQ_ERR_INVALID_TIME_ZONE_DISPLACEMENT, 0,
							"time zone displacement out of range: \"%s\"", in);
		tm->tzsign = fc.tzsign;
		tm->tzh = fc.tzh;
		tm->tzm = fc.tzm;
	}
	return FQ_OK;
}

/* Whether a year and month are within Julian days PostgreSQL computes
 * with (IS_VALID_JULIAN). */
static bool
valid_julian_ym(int64_t y, int64_t m)
{
	return (y > -4713 || (y == -4713 && m >= 11)) && (y < 5874898 || (y == 5874898 && m < 6));
}

static int
fn_to_date(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	read_tm tm;
	int rc;
	int64_t days;

	(void) f;
	if ((rc = do_to_timestamp(x, &args[0].v.s, &args[1].v.s, &tm)) < 0)
		return rc;
	days = !tm.beyond && valid_julian_ym(tm.year, tm.mon)
		? fq_types_days_from_civil(tm.year, (int) tm.mon, (int) tm.mday) : INT64_MIN;
	if (days < FQ_DATE_MIN_DAYS || days >= FQ_DATE_END_DAYS)
		return fq_raise(x->d, FQ_ERR_DATETIME_FIELD_OVERFLOW, 0, "date out of range: \"%.*s\"",
						(int) args[0].v.s.len, args[0].v.s.ptr);
	res->v.i = days;
	return FQ_OK;
}

static int
to_timestamp_text(fq_fn_ctx *x, const fq_value *args, fq_value *res)
{
	read_tm tm;
	int rc;
	int64_t days;
	int64_t ts;

	if ((rc = do_to_timestamp(x, &args[0].v.s, &args[1].v.s, &tm)) < 0)
		return rc;
	if (tm.beyond || !valid_julian_ym(tm.year, tm.mon))
		return fq_fn_ts_range(x, FQ_T_TIMESTAMP);
	days = fq_types_days_from_civil(tm.year, (int) tm.mon, (int) tm.mday);
	if (__builtin_mul_overflow(days, FQ_USECS_PER_DAY, &ts) ||
		__builtin_add_overflow(ts, ((tm.hour * 60 + tm.min) * 60 + tm.sec) * 1000000 + tm.fsec, &ts))
		return fq_fn_ts_range(x, FQ_T_TIMESTAMP);
	/* the offset read, else the session's zone, UTC */
	if (tm.tzsign)
		ts -= (int64_t) tm.tzsign * ((int64_t) tm.tzh * 3600 + tm.tzm * 60) * 1000000;
	if (ts < FQ_TIMESTAMP_MIN_USECS || ts >= FQ_TIMESTAMP_END_USECS)
		return fq_fn_ts_range(x, FQ_T_TIMESTAMP);
	/* FF1..FF5 round to their digits, half away from zero */
	if (tm.fprec > 0 && tm.fprec < 6)
	{
		int64_t unit = 1;

		for (int i = tm.fprec; i < 6; i++)
			unit *= 10;
		ts = ts >= 0 ? (ts + unit / 2) / unit * unit : -((-ts + unit / 2) / unit * unit);
	}
	res->v.i = ts;
	return FQ_OK;
}

static int
fn_to_timestamp(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	if (f->nargs == 1)
		return fq_fn_to_timestamp_epoch(x, f, args, res);
	return to_timestamp_text(x, args, res);
}

/* ---- to_number ---- */

/* The state of PostgreSQL's NUM_processor while it reads. */
typedef struct numread
{
	numdesc *num;
	const char *in;
	const char *end;
	const char *p;      /* the next input character */
	char *number;       /* sign, then digits and point */
	char *number_p;
	bool read_dec;
	int read_post;
	int read_pre;
} numread;

#define AT_END(r) ((r)->p >= (r)->end)
#define LEFT(r, k) ((r)->p <= (r)->end - (k))

/* Skips up to k input characters that are no part of a number. */
static void
eat_non_data(numread *r, int k)
{
	while (k-- > 0 && !AT_END(r) && strchr("0123456789.,+-", *r->p) == NULL)
		r->p += char_len(r->p);
}

static void
numpart_from_char(numread *r, int id)
{
	bool isread = false;

	if (AT_END(r))
		return;
	if (*r->p == ' ')
		r->p++;
	if (AT_END(r))
		return;
	/* a sign before the number */
	if (*r->number == ' ' && (id == N_0 || id == N_9) && r->read_pre + r->read_post == 0)
	{
		if ((r->num->flag & NF_LSIGN) && r->num->lsign == LSIGN_PRE)
		{
			if (LEFT(r, 1) && *r->p == '-')
			{
				r->p++;
				*r->number = '-';
			}
			else if (LEFT(r, 1) && *r->p == '+')
			{
				r->p++;
				*r->number = '+';
			}
		}
		else if (*r->p == '-' || ((r->num->flag & NF_BRACKET) && *r->p == '<'))
		{
			*r->number = '-';
			r->p++;
		}
		else if (*r->p == '+')
		{
			*r->number = '+';
			r->p++;
		}
	}
	if (AT_END(r))
		return;
	/* a digit or the point */
	if (*r->p >= '0' && *r->p <= '9')
	{
		if (r->read_dec && r->read_post == r->num->post)
			return;
		*r->number_p++ = *r->p;
		if (r->read_dec)
			r->read_post++;
		else
			r->read_pre++;
		isread = true;
	}
	else if ((r->num->flag & NF_DECIMAL) && !r->read_dec && LEFT(r, 1) && *r->p == '.')
	{
		*r->number_p++ = '.';
		r->read_dec = true;
		isread = true;
	}
	if (AT_END(r))
		return;
	/* a sign after the last digit */
	if (*r->number == ' ' && r->read_pre + r->read_post > 0)
	{
		if ((r->num->flag & NF_LSIGN) && isread && r->p + 1 < r->end &&
			!(r->p[1] >= '0' && r->p[1] <= '9'))
		{
			const char *tmp = r->p++;

			if (LEFT(r, 1) && (*r->p == '-' || *r->p == '+'))
				*r->number = *r->p;
			else
				r->p = tmp;
		}
		else if (!isread && !(r->num->flag & NF_LSIGN) && (r->num->flag & (NF_PLUS | NF_MINUS)) &&
				 (*r->p == '-' || *r->p == '+'))
			*r->number = *r->p;
	}
}

/* The number text the input holds by the template, its digits after the
 * point in num->post (PostgreSQL's NUM_processor reading). */
static void
num_from_char(const node *nodes, numdesc *num, const char *in, size_t inlen, char *number)
{
	numread r;

	memset(&r, 0, sizeof(r));
	r.num = num;
	r.in = in;
	r.end = in + inlen;
	r.p = in;
	r.number = number;
	if (num->zero_start)
		num->zero_start--;
	number[0] = ' ';
	number[1] = '\0';
	r.number_p = number + 1;
	for (const node *n = nodes; n->type != NODE_END; n++)
	{
		if (AT_END(&r))
			break;
		if (n->type != NODE_ACTION)
		{
			/* one input character for each of the template's */
			r.p += char_len(r.p);
			continue;
		}
		switch ((nkey) n->key->id)
		{
			case N_9:
			case N_0:
			case N_DEC:
			case N_D:
				numpart_from_char(&r, n->key->id);
				break;
			case N_COMMA:
			case N_G:
				if ((num->flag & NF_FILLMODE) || *r.p != ',')
					continue;
				break;
			case N_th:
			case N_TH:
				if ((num->flag & (NF_ROMAN | NF_DECIMAL)) || *r.number == '#')
					continue;
				eat_non_data(&r, 2);
				continue;
			case N_MI:
				if (*r.p != '-')
				{
					eat_non_data(&r, 1);
					continue;
				}
				*r.number = '-';
				break;
			case N_PL:
				if (*r.p != '+')
				{
					eat_non_data(&r, 1);
					continue;
				}
				*r.number = '+';
				break;
			case N_SG:
				if (*r.p != '-' && *r.p != '+')
				{
					eat_non_data(&r, 1);
					continue;
				}
				*r.number = *r.p;
				break;
			default:
				continue;
		}
		r.p++;
	}
	if (r.number_p[-1] == '.')
		r.number_p[-1] = '\0';
	else
		*r.number_p = '\0';
	num->post = r.read_post;
}

static int
fn_to_number(fq_fn_ctx *x, const fq_func_expr *f, const fq_value *args, fq_value *res)
{
	const fq_string *fmt = &args[1].v.s;
	const char *text;
	numdesc num;
	node *nodes;
	char *number;
	template_room room;
	fq_numeric v;
	fq_conv c;

	(void) f;
	if (fmt->len == 0)
	{
		res->isnull = true;
		return FQ_OK;
	}
	if ((number = fq_arena_alloc(x->a, fmt->len * 8 + 2)) == NULL ||
		(nodes = template_nodes(fmt, &num, &text, &room)) == NULL)
		return fq_fn_nomem(x);
	if (parse_template(text, false, nodes, &num, x->d) < 0)
	{
		template_release(&room);
		return FQ_ERROR;
	}
	if (num.flag & (NF_EEEE | NF_ROMAN | NF_MULTI))
	{
		template_release(&room);
		if (num.flag & NF_EEEE)
			return fq_raise(x->d, FQ_ERR_FEATURE_NOT_SUPPORTED, 0, "\"EEEE\" not supported for input");
		return fq_raise(x->d, FQ_ERR_FEATURE_NOT_SUPPORTED, 0,
						"to_number with the \"%s\" pattern is not supported",
						(num.flag & NF_ROMAN) ? "RN" : "V");
	}
	num_from_char(nodes, &num, args[0].v.s.ptr, args[0].v.s.len, number);
	template_release(&room);
	/* numeric_in with typmod (pre + post, post) */
	c = fq_num_parse(number, strlen(number), x->a, &v);
	if (c == FQ_CONV_OK)
		c = fq_num_typmod(&v, num.pre + num.post, num.post, x->a, &res->v.num);
	if (c == FQ_CONV_NOMEM)
		return fq_fn_nomem(x);
	if (c == FQ_CONV_SYNTAX)
		return fq_raise(x->d, FQ_ERR_INVALID_TEXT_REPRESENTATION, 0,
						"invalid input syntax for type numeric: \"%s\"", number);
	if (c == FQ_CONV_RANGE)
	{
		fq_raise(x->d, FQ_ERR_NUMERIC_VALUE_OUT_OF_RANGE, 0, "numeric field overflow");
		if (num.pre > 0)
			fq_diag_detail(x->d, "A field with precision %d, scale %d must round to an absolute "
								 "value less than 10^%d.", num.pre + num.post, num.post, num.pre);
		else
			fq_diag_detail(x->d, "A field with precision %d, scale %d must round to an absolute "
								 "value less than 1.", num.pre + num.post, num.post);
		return FQ_ERROR;
	}
	return FQ_OK;
}

/*
 * A constant template is checked before the query runs for the patterns
 * fedq refuses, so a query is refused whether or not its source would
 * compute the call (PostgreSQL's own errors stay where it raises them).
 */
static int
check_template(fq_func_expr *f, fq_arena *a, fq_diags *d)
{
	const fq_const *k = f->nargs == 2 && FQ_IS(f->args[1], FQ_N_EXPR_CONST)
		? (const fq_const *) f->args[1] : NULL;
	fq_type_id t = f->args[0]->type.id;
	bool to_char = strcmp(f->def->name, "to_char") == 0;
	bool dates = to_char ? t == FQ_T_TIMESTAMP || t == FQ_T_TIMESTAMPTZ || t == FQ_T_INTERVAL
		: strcmp(f->def->name, "to_number") != 0;
	char *text;
	node *nodes;

	if (k == NULL || k->value.isnull)
		return FQ_OK;
	text = fq_arena_strndup(a, k->value.v.s.ptr, k->value.v.s.len);
	nodes = text != NULL ? fq_arena_alloc(a, sizeof(node) * (strlen(text) + 1)) : NULL;
	if (nodes == NULL)
		return fq_raise_nomem(d, a);
	(void) parse_template(text, dates, nodes, NULL, d);
	for (const node *n = nodes; n->type != NODE_END; n++)
	{
		if (n->type != NODE_ACTION)
			continue;
		if (dates && is_name(n->key->id) && (n->suffix & SUF_TM) && t != FQ_T_INTERVAL)
			return tm_unsupported(d);
		if (dates && to_char && t == FQ_T_INTERVAL && is_iso(n->key->id))
			return iso_unsupported(d, n);
		if (!dates && n->key->id == N_L)
			return fq_raise(d, FQ_ERR_FEATURE_NOT_SUPPORTED, 0,
							"the currency symbol pattern \"L\" depends on the server's locale "
							"and is not supported");
		if (!dates && !to_char && (n->key->id == N_RN || n->key->id == N_rn || n->key->id == N_V))
			return fq_raise(d, FQ_ERR_FEATURE_NOT_SUPPORTED, 0,
							"to_number with the \"%s\" pattern is not supported",
							n->key->id == N_V ? "V" : "RN");
	}
	return FQ_OK;
}

/* ---- the registry's entries ---- */

static const fq_func_sig to_char_sigs[] = {
	S2(TIMESTAMP, VARCHAR, VARCHAR), S2(TIMESTAMPTZ, VARCHAR, VARCHAR), S2(INTERVAL, VARCHAR, VARCHAR),
	S2(DECIMAL, VARCHAR, VARCHAR), S2(INT4, VARCHAR, VARCHAR), S2(INT8, VARCHAR, VARCHAR),
	S2(FLOAT4, VARCHAR, VARCHAR), S2(FLOAT8, VARCHAR, VARCHAR),
};
static const fq_func_sig to_date_sigs[] = {S2(VARCHAR, VARCHAR, DATE)};
static const fq_func_sig to_timestamp_sigs[] = {S1(FLOAT8, TIMESTAMPTZ), S2(VARCHAR, VARCHAR, TIMESTAMPTZ)};
static const fq_func_sig to_number_sigs[] = {S2(VARCHAR, VARCHAR, DECIMAL)};

const fq_func_def fq_format_funcs[] = {
	FN(.name = "to_char", SIGS(to_char_sigs), .eval = fn_to_char, .check = check_template),
	FN(.name = "to_date", SIGS(to_date_sigs), .eval = fn_to_date, .check = check_template),
	FN(.name = "to_timestamp", SIGS(to_timestamp_sigs), .eval = fn_to_timestamp,
	   .check = check_template),
	FN(.name = "to_number", SIGS(to_number_sigs), .eval = fn_to_number, .check = check_template),
};

const int fq_format_nfuncs = NSIGS(fq_format_funcs);
