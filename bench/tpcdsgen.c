/*
 * tpcdsgen.c — fedq's own generator of a TPC-DS-shaped data set, for the
 * benchmarks in bench/.
 *
 *   tpcdsgen -s SCALE -o DIR [-r SEED]
 *
 * Writes DIR/<table>.copy in PostgreSQL's COPY text format (tab-separated,
 * \N for NULL, nothing that needs escaping) for the 24 TPC-DS tables, with
 * the specification's columns and types (bench/tpcds/schema.sql).  Each
 * file is written under a temporary name and renamed when complete.
 *
 * It is not dsdgen and does not reproduce dsdgen's values; it only needs to
 * be a fair, repeatable workload on which the 99 query shapes select rows:
 *
 * - date_dim covers 1998-01-01 .. 2003-12-31 with d_date_sk the Julian day
 *   number (so date keys subtract to days, as TPC-DS's do), d_month_seq and
 *   d_week_seq counted from 1900 (1200 is January 2000), weeks from Sunday;
 *   time_dim has a row per second of the day, with shifts and meal times.
 * - Sales are dated 1998-01-01 .. 2002-12-31, more of them in November and
 *   December; returns, shipping and inventory stay within date_dim.
 * - Dimensions the query parameters name carry those values: the ten
 *   categories with their classes ("Books"/"reference", "Women"/
 *   "fragrances", ...) and brands ("scholaramalgamalg #7", "amalgimporto
 *   #1", ...), the five marital statuses and seven education levels of
 *   customer_demographics (a cross product, as TPC-DS's), household
 *   demographics as the cross product of income band, buy potential,
 *   dependants (0..9) and vehicles (-1..4), a store named "ese", a web
 *   company named "pri", stores in a few states (most in TN) whose zip
 *   codes, counties and cities customers also live in, and so on.
 * - Some customers and items sell far more than others (a twentieth of the
 *   customers make half the purchases, a hundredth of the items a fifth of
 *   the sales), so that multi-year, multi-channel and "frequent item"
 *   queries find rows at small scales; some catalog orders are a store
 *   customer buying again an item they returned (queries 17, 25, 29).
 * - Nullable foreign keys of the facts and customers are NULL in about one
 *   row in a hundred, and a few measures in one row in three hundred.
 *
 * Every table has its own pseudo-random stream (xoshiro256**, seeded by
 * splitmix64 from a fixed seed and the table's name), and the tables are
 * always generated together in one order, so a scale always gives the same
 * bytes.  Row counts follow the specification's at scale 1 (2.88 million
 * store_sales rows) with floors for the small dimensions, so that scale
 * 0.01 still has every kind of row.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define N_ELEMS(a) ((int) (sizeof(a) / sizeof((a)[0])))

#define TPCDSGEN_SEED UINT64_C(7)

static uint64_t seed = TPCDSGEN_SEED;
static double scale;

/* ------------------------------------------------------------------ */
/* Pseudo-random numbers                                               */
/* ------------------------------------------------------------------ */

typedef struct rng
{
	uint64_t s[4];
} rng;

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static void
rng_seed(rng *r, const char *stream)
{
	uint64_t x = seed;

	for (const char *p = stream; *p; p++)
		x = (x ^ (unsigned char) *p) * UINT64_C(0x100000001b3);
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static inline uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t
rng_next(rng *r)
{
	uint64_t result = rotl(r->s[1] * 5, 7) * 9;
	uint64_t t = r->s[1] << 17;

	r->s[2] ^= r->s[0];
	r->s[3] ^= r->s[1];
	r->s[1] ^= r->s[2];
	r->s[0] ^= r->s[3];
	r->s[2] ^= t;
	r->s[3] = rotl(r->s[3], 45);
	return result;
}

/* Uniform in [lo, hi], both included. */
static inline int64_t
rng_range(rng *r, int64_t lo, int64_t hi)
{
	uint64_t span = (uint64_t) (hi - lo) + 1;

	return lo + (int64_t) (((unsigned __int128) rng_next(r) * span) >> 64);
}

/* Uniform in [0, 1). */
static inline double
rng_unit(rng *r)
{
	return (double) (rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* True with probability p. */
static inline bool
rng_chance(rng *r, double p)
{
	return rng_unit(r) < p;
}

/* A value that depends only on (what, n): attributes fixed per key. */
static uint64_t
hash2(const char *what, uint64_t n)
{
	uint64_t x = seed ^ (n * UINT64_C(0x9e3779b97f4a7c15));

	for (const char *p = what; *p; p++)
		x = (x ^ (unsigned char) *p) * UINT64_C(0x100000001b3);
	(void) splitmix64(&x);
	return splitmix64(&x);
}

static int64_t
hash_range(const char *what, uint64_t n, int64_t lo, int64_t hi)
{
	return lo + (int64_t) (hash2(what, n) % (uint64_t) (hi - lo + 1));
}

/* ------------------------------------------------------------------ */
/* Output                                                              */
/* ------------------------------------------------------------------ */

#define OUT_BUFSIZE (1 << 20)

typedef struct out
{
	int fd;
	size_t len;
	char path[PATH_MAX];
	char tmp[PATH_MAX];
	char buf[OUT_BUFSIZE];
} out;

static void
die(const char *what, const char *path)
{
	fprintf(stderr, "tpcdsgen: %s %s: %s\n", what, path, strerror(errno));
	exit(1);
}

static void *
xmalloc(size_t n)
{
	void *p = calloc(1, n == 0 ? 1 : n);

	if (p == NULL)
	{
		fprintf(stderr, "tpcdsgen: out of memory\n");
		exit(1);
	}
	return p;
}

static out *
out_open(const char *dir, const char *table)
{
	out *o = xmalloc(sizeof(out));

	snprintf(o->path, sizeof(o->path), "%s/%s.copy", dir, table);
	snprintf(o->tmp, sizeof(o->tmp), "%s/.%s.copy.tmp", dir, table);
	o->fd = open(o->tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (o->fd < 0)
		die("cannot create", o->tmp);
	o->len = 0;
	return o;
}

static void
out_flush(out *o)
{
	size_t done = 0;

	while (done < o->len)
	{
		ssize_t n = write(o->fd, o->buf + done, o->len - done);

		if (n < 0)
		{
			if (errno == EINTR)
				continue;
			die("cannot write", o->tmp);
		}
		done += (size_t) n;
	}
	o->len = 0;
}

static void
out_close(out *o)
{
	out_flush(o);
	if (close(o->fd) != 0)
		die("cannot close", o->tmp);
	if (rename(o->tmp, o->path) != 0)
		die("cannot rename", o->tmp);
	free(o);
}

/*
 * Values are written followed by a tab; the row's end replaces the last
 * tab by a newline.  Every row is far shorter than 4 kB.
 */
static inline void
row_begin(out *o)
{
	if (o->len > OUT_BUFSIZE - 4096)
		out_flush(o);
}

static inline void
row_end(out *o)
{
	o->buf[o->len - 1] = '\n';
}

static inline void
put_mem(out *o, const char *s, size_t n)
{
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static inline void
put_char(out *o, char c)
{
	o->buf[o->len++] = c;
}

static void
put_str(out *o, const char *s)
{
	put_mem(o, s, strlen(s));
	put_char(o, '\t');
}

static void
put_null(out *o)
{
	put_mem(o, "\\N\t", 3);
}

static void
put_int(out *o, int64_t v)
{
	char tmp[24];
	int n = 0;
	uint64_t a = v < 0 ? (uint64_t) (-v) : (uint64_t) v;

	do
	{
		tmp[n++] = (char) ('0' + a % 10);
		a /= 10;
	} while (a != 0);
	if (v < 0)
		put_char(o, '-');
	while (n > 0)
		put_char(o, tmp[--n]);
	put_char(o, '\t');
}

/* A key that is NULL when 0. */
static void
put_key(out *o, int64_t v)
{
	if (v == 0)
		put_null(o);
	else
		put_int(o, v);
}

/* A decimal(p,2) from its value in hundredths. */
static void
put_cents(out *o, int64_t cents)
{
	uint64_t a = cents < 0 ? (uint64_t) (-cents) : (uint64_t) cents;
	uint64_t ip = a / 100;
	char t[24];
	int n = 0;

	if (cents < 0)
		put_char(o, '-');
	do
	{
		t[n++] = (char) ('0' + ip % 10);
		ip /= 10;
	} while (ip != 0);
	while (n > 0)
		put_char(o, t[--n]);
	put_char(o, '.');
	put_char(o, (char) ('0' + a % 100 / 10));
	put_char(o, (char) ('0' + a % 10));
	put_char(o, '\t');
}

/* A measure that is sometimes NULL (TPC-DS's facts have such rows). */
static void
put_cents_n(out *o, rng *r, int64_t cents)
{
	if (rng_chance(r, 1.0 / 300))
		put_null(o);
	else
		put_cents(o, cents);
}

/* ------------------------------------------------------------------ */
/* Dates                                                               */
/* ------------------------------------------------------------------ */

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int) (doy - (153 * mp + 2) / 5 + 1);
	*m = (int) (mp < 10 ? mp + 3 : mp - 9);
	*y = (int) (yoe + era * 400 + (*m <= 2));
}

/* The Julian day number: TPC-DS's date surrogate key. */
#define JDN_EPOCH 2440588 /* 1970-01-01 */
#define JDN(y, m, d) (days_from_civil(y, m, d) + JDN_EPOCH)

static int64_t jdn_first;  /* 1998-01-01, the first row of date_dim */
static int64_t jdn_last;   /* 2003-12-31, the last */
static int64_t jdn_sales_last; /* 2002-12-31, the last day with sales */

static void
put_date_jdn(out *o, int64_t jdn)
{
	int y, m, d;
	char t[12];

	civil_from_days(jdn - JDN_EPOCH, &y, &m, &d);
	snprintf(t, sizeof(t), "%04d-%02d-%02d", y, m, d);
	put_str(o, t);
}

/* A date key no later than the end of date_dim. */
static int64_t
clamp_date(int64_t jdn)
{
	return jdn > jdn_last ? jdn_last : jdn;
}

/* A sale's date: uniform over the five years, with November and December busier. */
static int64_t
sale_date(rng *r)
{
	if (rng_chance(r, 0.25))
	{
		int y = (int) rng_range(r, 1998, 2002);
		int64_t from = JDN(y, 11, 1);

		return from + rng_range(r, 0, 60);
	}
	return rng_range(r, jdn_first, jdn_sales_last);
}

/* ------------------------------------------------------------------ */
/* Words                                                               */
/* ------------------------------------------------------------------ */

/* Syllables for digits, for names built from numbers ("ese" is 4). */
static const char *const digit_syl[] = {
	"bar", "ought", "able", "pri", "ese", "anti", "cally", "ation", "eing", "n st"};

static void
syllables(char *buf, size_t size, int64_t n)
{
	char digits[24];
	size_t len = 0;

	snprintf(digits, sizeof(digits), "%lld", (long long) n);
	buf[0] = '\0';
	for (const char *p = digits; *p && len + 6 < size; p++)
	{
		const char *s = digit_syl[*p - '0'];

		memcpy(buf + len, s, strlen(s));
		len += strlen(s);
	}
	buf[len] = '\0';
}

/* A 16-character business key: "AAAAAAAA" and n in base 26, as letters. */
static void
put_id(out *o, int64_t n)
{
	char t[17];

	memcpy(t, "AAAAAAAA", 8);
	for (int i = 15; i >= 8; i--)
	{
		t[i] = (char) ('A' + n % 26);
		n /= 26;
	}
	t[16] = '\0';
	put_str(o, t);
}

static const char *const words[] = {
	"able", "about", "above", "active", "actual", "additional", "advanced",
	"afraid", "agricultural", "alone", "alternative", "annual", "apparent",
	"appropriate", "available", "aware", "basic", "beautiful", "big", "black",
	"bright", "broad", "busy", "careful", "central", "certain", "cheap",
	"chief", "civil", "classic", "clean", "clear", "close", "cold", "common",
	"complete", "concerned", "considerable", "constant", "correct", "critical",
	"current", "dark", "dear", "deep", "different", "difficult", "direct",
	"early", "easy", "economic", "effective", "electric", "english", "entire",
	"equal", "essential", "european", "existing", "extra", "fair", "familiar",
	"famous", "fine", "firm", "foreign", "formal", "free", "fresh", "full",
	"general", "gentle", "glad", "golden", "good", "great", "green", "happy",
	"hard", "heavy", "high", "historical", "huge", "important", "independent",
	"individual", "industrial", "initial", "inner", "interesting", "internal",
	"just", "key", "large", "late", "legal", "light", "likely", "little",
	"local", "long", "low", "main", "major", "medical", "modern", "natural",
	"necessary", "new", "nice", "normal", "obvious", "old", "open", "original",
	"other", "particular", "past", "perfect", "personal", "physical", "poor",
	"popular", "possible", "practical", "previous", "private", "proper",
	"public", "quick", "quiet", "rare", "ready", "real", "recent", "red",
	"regular", "relevant", "rich", "right", "rural", "safe", "serious",
	"short", "significant", "simple", "single", "small", "social", "soft",
	"special", "specific", "strong", "sudden", "sure", "technical", "thin",
	"total", "traditional", "true", "typical", "unable", "unusual", "useful",
	"usual", "various", "very", "visible", "warm", "whole", "wide", "wild",
	"wrong", "young", "areas", "books", "cars", "changes", "children",
	"cities", "companies", "countries", "days", "eyes", "facts", "families",
	"friends", "groups", "hands", "houses", "ideas", "years", "lines",
	"members", "men", "minutes", "months", "needs", "others", "parents",
	"parties", "people", "places", "points", "problems", "questions",
	"reasons", "results", "rooms", "schools", "services", "sides", "states",
	"students", "systems", "things", "times", "users", "values", "weeks",
	"women", "words", "workers", "can", "could", "may", "might", "must",
	"shall", "should", "will", "would", "become", "bring", "build", "carry",
	"cover", "create", "develop", "draw", "fall", "feel", "follow", "give",
	"grow", "hold", "keep", "leave", "lose", "meet", "move", "offer", "pay",
	"produce", "provide", "raise", "reach", "remain", "see", "send", "serve",
	"show", "stand", "start", "stay", "suggest", "take", "turn", "wait",
	"walk", "win", "work", "and", "but", "or", "so", "then", "as", "if",
	"only", "also", "still", "even", "again", "never", "always", "often"};

/* Words up to `max` characters (at least `min`), without tabs or backslashes. */
static void
put_text(out *o, rng *r, int min, int max)
{
	int len = 0;
	int want = (int) rng_range(r, min, max);
	bool first = true;

	while (len < want)
	{
		const char *w = words[rng_range(r, 0, N_ELEMS(words) - 1)];
		int n = (int) strlen(w);

		if (len + n + (first ? 0 : 1) > max)
			break;
		if (!first)
			o->buf[o->len + len++] = ' ';
		memcpy(o->buf + o->len + len, w, (size_t) n);
		if (first)
			o->buf[o->len] = (char) (o->buf[o->len] - 'a' + 'A');
		len += n;
		first = false;
	}
	if (len > 0 && len < max)
		o->buf[o->len + len++] = '.';
	o->len += (size_t) len;
	put_char(o, '\t');
}

static const char *const first_names[] = {
	"James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael",
	"Linda", "William", "Elizabeth", "David", "Barbara", "Richard", "Susan",
	"Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen", "Daniel",
	"Nancy", "Matthew", "Lisa", "Anthony", "Betty", "Mark", "Margaret",
	"Donald", "Sandra", "Steven", "Ashley", "Paul", "Kimberly", "Andrew",
	"Emily", "Joshua", "Donna", "Kenneth", "Michelle", "Kevin", "Dorothy",
	"Brian", "Carol", "George", "Amanda", "Edward", "Melissa", "Ronald",
	"Deborah", "Timothy", "Stephanie", "Jason", "Rebecca", "Jeffrey", "Laura"};

static const char *const last_names[] = {
	"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller",
	"Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez",
	"Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
	"Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark",
	"Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King",
	"Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green",
	"Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell",
	"Carter", "Roberts"};

static const char *const salutations[] = {"Mr.", "Mrs.", "Ms.", "Dr.", "Miss", "Sir"};

static const char *const countries[] = {
	"UNITED STATES", "CANADA", "MEXICO", "BRAZIL", "CHILE", "PERU",
	"GERMANY", "FRANCE", "ITALY", "SPAIN", "PORTUGAL", "IRELAND", "NORWAY",
	"SWEDEN", "POLAND", "GREECE", "TURKEY", "EGYPT", "KENYA", "NIGERIA",
	"INDIA", "CHINA", "JAPAN", "KOREA", "VIET NAM", "THAILAND", "AUSTRALIA",
	"NEW ZEALAND", "ICELAND", "MOROCCO"};

static const char *const street_names[] = {
	"Main", "Oak", "Park", "Maple", "First", "Second", "Third", "Elm", "Lake",
	"Hill", "Cedar", "Sunset", "Railroad", "Church", "Willow", "Jackson",
	"Washington", "View", "Ridge", "Pine", "Meadow", "River", "Spring",
	"Walnut", "Forest", "Highland", "Center", "Mill", "Dogwood", "Lincoln",
	"Johnson", "Smith", "Green", "College", "Franklin", "Adams", "Poplar",
	"Chestnut", "Laurel", "Valley"};

static const char *const street_types[] = {
	"Street", "Ave", "Blvd", "Road", "Lane", "Way", "Court", "Drive",
	"Circle", "Parkway", "Ln", "Dr", "ST", "RD", "Ct."};

static const char *const location_types[] = {"apartment", "condo", "single family"};

static const char *const colors[] = {
	"almond", "antique", "aquamarine", "azure", "beige", "bisque", "black",
	"blue", "blush", "brown", "burlywood", "chartreuse", "chiffon",
	"chocolate", "coral", "cornflower", "cream", "cyan", "firebrick",
	"floral", "forest", "gainsboro", "ghost", "goldenrod", "green", "grey",
	"honeydew", "indian", "ivory", "khaki", "lavender", "lemon", "lime",
	"linen", "magenta", "maroon", "midnight", "mint", "navy", "olive",
	"orange", "orchid", "papaya", "peach", "pink", "plum", "powder", "purple",
	"red", "rose", "salmon", "seashell", "sienna", "sky", "slate", "snow",
	"spring", "steel", "tan", "thistle", "tomato", "turquoise", "violet",
	"wheat", "white", "yellow"};

static const char *const units[] = {
	"Ounce", "Oz", "Bunch", "Ton", "N/A", "Dozen", "Box", "Pound", "Pallet",
	"Gross", "Cup", "Dram", "Each", "Tbl", "Lb", "Bundle", "Case", "Carton",
	"Unknown", "Tsp", "Gram"};

static const char *const sizes[] = {
	"small", "medium", "large", "extra large", "economy", "petite", "N/A"};

/* Brand syllables: a brand is a category's and a class's syllable, "#n". */
static const char *const brand_syl[] = {
	"amalg", "importo", "edu pack", "exporti", "scholar", "corp", "univ",
	"brand", "maxi", "nameless"};

typedef struct category
{
	const char *name;
	int nclasses;
	const char *classes[6];
	const char *stems[6]; /* a brand stem other than the syllables' */
} category;

/*
 * The ten categories and their classes; TPC-DS's query parameters name
 * these ("Books"/"reference", "Women"/"maternity", ...), and queries 53,
 * 63 and 89 name brands of some classes, whose stems are given here.
 */
static const category categories[] = {
	{"Women", 4, {"dresses", "fragrances", "maternity", "swimwear"}, {NULL}},
	{"Men", 4, {"accessories", "pants", "shirts", "sports-apparel"},
	 {NULL, "exportiimporto"}},
	{"Children", 4, {"infants", "newborn", "school-uniforms", "toddlers"}, {NULL}},
	{"Shoes", 4, {"athletic", "kids", "mens", "womens"}, {NULL}},
	{"Music", 4, {"classical", "country", "pop", "rock"}, {"edu packscholar"}},
	{"Jewelry", 6, {"bracelets", "earings", "estate", "gold", "pendants", "rings"},
	 {NULL}},
	{"Home", 6, {"bedding", "decor", "furniture", "glassware", "lighting", "rugs"},
	 {NULL}},
	{"Sports", 6, {"baseball", "camping", "fishing", "fitness", "golf", "tennis"},
	 {NULL}},
	{"Books", 6, {"arts", "business", "fiction", "history", "reference", "self-help"},
	 {NULL, NULL, NULL, NULL, "scholaramalgamalg", "scholaramalgamalg"}},
	{"Electronics", 6, {"audio", "cameras", "personal", "portable", "televisions",
						"wireless"},
	 {NULL, NULL, "exportiunivamalg", "exportiunivamalg"}},
};

/* ------------------------------------------------------------------ */
/* Places: the states, counties, cities and zip codes addresses use     */
/* ------------------------------------------------------------------ */

typedef struct state
{
	const char *code;
	int gmt;			/* hours */
	int zip_prefix;		/* the first two digits of its zip codes */
	int weight;			/* how many places it gets */
} state;

static const state states[] = {
	{"TN", -5, 37, 6}, {"GA", -5, 30, 5}, {"AL", -6, 35, 3}, {"KY", -5, 40, 3},
	{"SC", -5, 29, 3}, {"NC", -5, 27, 4}, {"VA", -5, 22, 4}, {"OH", -5, 43, 4},
	{"MI", -5, 48, 3}, {"IN", -5, 46, 3}, {"IL", -6, 60, 4}, {"TX", -6, 75, 6},
	{"MO", -6, 63, 3}, {"IA", -6, 50, 2}, {"MN", -6, 55, 2}, {"KS", -6, 66, 2},
	{"NE", -6, 68, 2}, {"WI", -6, 53, 2}, {"MS", -6, 39, 2}, {"AR", -6, 72, 2},
	{"CO", -7, 80, 3}, {"AZ", -7, 85, 3}, {"NM", -7, 87, 2}, {"ID", -7, 83, 1},
	{"MT", -7, 59, 1}, {"UT", -7, 84, 1}, {"CA", -8, 90, 6}, {"WA", -8, 98, 3},
	{"OR", -8, 97, 2}, {"NY", -5, 10, 4}, {"PA", -5, 15, 4}};

static const char *const counties[] = {
	"Williamson County", "Ziebach County", "Walker County", "Fairfield County",
	"Richland County", "Barrow County", "Bronx County", "Daviess County",
	"Luce County", "Mobile County", "Franklin Parish", "Jackson County",
	"Marion County", "Madison County", "Clay County", "Union County",
	"Monroe County", "Greene County", "Lincoln County", "Wayne County",
	"Warren County", "Polk County", "Perry County", "Orange County",
	"Sumner County", "Maury County", "Dade County", "Oglethorpe County",
	"Pike County", "Lee County", "Huron County", "Terrell County",
	"Levy County", "Kittitas County", "Bledsoe County", "Harmon County"};

static const char *const cities[] = {
	"Midway", "Fairview", "Oak Grove", "Five Points", "Pleasant Hill",
	"Centerville", "Riverside", "Union", "Mount Pleasant", "Oakland",
	"Greenwood", "Springdale", "Lakeview", "Salem", "Glendale", "Clinton",
	"Franklin", "Georgetown", "Marion", "Jamestown", "Liberty", "Antioch",
	"Enterprise", "Bethel", "Newport", "Shiloh", "Spring Hill", "Woodland",
	"Sunnyside", "Concord", "Hopewell", "Friendship", "Crossroads",
	"Lebanon", "Belmont", "Highland Park", "Walnut Grove", "Wildwood"};

typedef struct place
{
	const state *st;
	const char *county;
	const char *city;
	char zip[6];
} place;

#define N_PLACES 160
#define N_STORE_PLACES 12

static place places[N_PLACES];

/*
 * Places 0..11 are where stores (and call centers and warehouses) are: most
 * in Tennessee, as TPC-DS's small scales have them.  Three more carry zip
 * codes that queries 15 and 45 name.  The others are spread over the
 * states by weight.
 */
static void
init_places(void)
{
	static const char *const store_states[N_STORE_PLACES] = {
		"TN", "TN", "GA", "TN", "AL", "SC", "TN", "KY", "GA", "TN", "NC", "TX"};
	static const struct
	{
		const char *st, *zip;
	} named_zips[] = {{"AZ", "85669"}, {"AZ", "86197"}, {"CO", "80348"}};
	int total = 0;

	for (int i = 0; i < N_ELEMS(states); i++)
		total += states[i].weight;
	for (int p = 0; p < N_PLACES; p++)
	{
		place *pl = &places[p];
		const char *want = NULL;

		if (p < N_STORE_PLACES)
			want = store_states[p];
		else if (p < N_STORE_PLACES + N_ELEMS(named_zips))
			want = named_zips[p - N_STORE_PLACES].st;
		if (want != NULL)
		{
			for (int i = 0; i < N_ELEMS(states); i++)
				if (strcmp(states[i].code, want) == 0)
					pl->st = &states[i];
		}
		else
		{
			int w = (int) hash_range("place state", (uint64_t) p, 0, total - 1);

			for (int i = 0; i < N_ELEMS(states); i++)
			{
				if (w < states[i].weight)
				{
					pl->st = &states[i];
					break;
				}
				w -= states[i].weight;
			}
		}
		pl->county = counties[hash_range("place county", (uint64_t) p, 0, N_ELEMS(counties) - 1)];
		pl->city = cities[hash_range("place city", (uint64_t) p, 0, N_ELEMS(cities) - 1)];
		if (p >= N_STORE_PLACES && p < N_STORE_PLACES + N_ELEMS(named_zips))
			memcpy(pl->zip, named_zips[p - N_STORE_PLACES].zip, 6);
		else
			snprintf(pl->zip, sizeof(pl->zip), "%02d%03d", pl->st->zip_prefix,
					 (int) hash_range("place zip", (uint64_t) p, 0, 999));
	}
}

/* An address's place: half of them near the stores. */
static const place *
pick_place(rng *r)
{
	if (rng_chance(r, 0.5))
		return &places[rng_range(r, 0, N_STORE_PLACES - 1)];
	return &places[rng_range(r, 0, N_PLACES - 1)];
}

/* street number, name, type, suite, city, county, state, zip, country, gmt */
static void
put_address(out *o, rng *r, const place *pl)
{
	char t[64];

	snprintf(t, sizeof(t), "%d", (int) rng_range(r, 1, 999));
	put_str(o, t);
	if (rng_chance(r, 0.3))
		snprintf(t, sizeof(t), "%s %s", street_names[rng_range(r, 0, N_ELEMS(street_names) - 1)],
				 street_names[rng_range(r, 0, N_ELEMS(street_names) - 1)]);
	else
		snprintf(t, sizeof(t), "%s", street_names[rng_range(r, 0, N_ELEMS(street_names) - 1)]);
	put_str(o, t);
	put_str(o, street_types[rng_range(r, 0, N_ELEMS(street_types) - 1)]);
	snprintf(t, sizeof(t), "Suite %d", (int) rng_range(r, 0, 49) * 10);
	put_str(o, t);
	put_str(o, pl->city);
	put_str(o, pl->county);
	put_str(o, pl->st->code);
	put_str(o, pl->zip);
	put_str(o, "United States");
	put_cents(o, pl->st->gmt * 100);
}

/* ------------------------------------------------------------------ */
/* Sizes                                                               */
/* ------------------------------------------------------------------ */

static int64_t n_item, n_customer, n_address, n_store, n_call_center,
	n_catalog_page, n_web_site, n_web_page, n_warehouse, n_promotion;
static int64_t n_store_tickets, n_catalog_orders, n_web_orders;
static int64_t n_hot_items, n_heavy_customers;

#define N_REASON 35
#define N_SHIP_MODE 20
#define N_INCOME_BAND 20
#define N_HD (20 * 6 * 10 * 6)
#define N_CD (2 * 5 * 7 * 20 * 4 * 7)

static int64_t
scaled(double at_one, int64_t floor)
{
	int64_t n = llround(at_one * scale);

	return n < floor ? floor : n;
}

/* ------------------------------------------------------------------ */
/* Dimensions                                                          */
/* ------------------------------------------------------------------ */

static void
gen_date_dim(const char *dir)
{
	static const char *const day_names[] = {
		"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
	out *o = out_open(dir, "date_dim");

	for (int64_t j = jdn_first; j <= jdn_last; j++)
	{
		int y, m, d, ly, lm, ld;
		int dow = (int) ((j + 1) % 7); /* 0 Sunday */
		int q;
		bool holiday, prev_holiday;
		char t[16];
		int64_t first, last;

		civil_from_days(j - JDN_EPOCH, &y, &m, &d);
		q = (m - 1) / 3 + 1;
		holiday = (m == 1 && d == 1) || (m == 7 && d == 4) || (m == 12 && d == 25);
		civil_from_days(j - 1 - JDN_EPOCH, &ly, &lm, &ld);
		prev_holiday = (lm == 1 && ld == 1) || (lm == 7 && ld == 4) || (lm == 12 && ld == 25);
		first = JDN(y, m, 1);
		last = (m == 12 ? JDN(y + 1, 1, 1) : JDN(y, m + 1, 1)) - 1;

		row_begin(o);
		put_int(o, j);
		put_id(o, j);
		put_date_jdn(o, j);
		put_int(o, (y - 1900) * 12 + m - 1);
		put_int(o, (j - 2415020) / 7 + 1); /* 1899-12-31 was a Sunday */
		put_int(o, (y - 1900) * 4 + q);
		put_int(o, y);
		put_int(o, dow);
		put_int(o, m);
		put_int(o, d);
		put_int(o, q);
		put_int(o, y);
		put_int(o, (y - 1900) * 4 + q);
		put_int(o, (j - 2415020) / 7 + 1);
		put_str(o, day_names[dow]);
		snprintf(t, sizeof(t), "%dQ%d", y, q);
		put_str(o, t);
		put_str(o, holiday ? "Y" : "N");
		put_str(o, dow == 0 || dow == 6 ? "Y" : "N");
		put_str(o, prev_holiday ? "Y" : "N");
		put_int(o, first);
		put_int(o, last);
		/* the same day a year and a quarter earlier (the 28th for a 29th of February) */
		put_int(o, JDN(y - 1, m, (m == 2 && d == 29) ? 28 : d));
		{
			int qm = m - 3, qy = y;
			int64_t qlast;

			if (qm < 1)
			{
				qm += 12;
				qy--;
			}
			qlast = (qm == 12 ? JDN(qy + 1, 1, 1) : JDN(qy, qm + 1, 1)) - JDN(qy, qm, 1);
			put_int(o, JDN(qy, qm, d > qlast ? (int) qlast : d));
		}
		put_str(o, "N");
		put_str(o, "N");
		put_str(o, "N");
		put_str(o, "N");
		put_str(o, "N");
		row_end(o);
	}
	out_close(o);
}

static void
gen_time_dim(const char *dir)
{
	out *o = out_open(dir, "time_dim");

	for (int s = 0; s < 86400; s++)
	{
		int h = s / 3600;

		row_begin(o);
		put_int(o, s);
		put_id(o, s);
		put_int(o, s);
		put_int(o, h);
		put_int(o, s / 60 % 60);
		put_int(o, s % 60);
		put_str(o, h < 12 ? "AM" : "PM");
		put_str(o, h >= 6 && h < 14 ? "first" : h >= 14 && h < 22 ? "second" : "third");
		put_str(o, h >= 6 && h < 12 ? "morning" : h >= 12 && h < 18 ? "afternoon"
				: h >= 18 && h < 22 ? "evening" : "night");
		if (h >= 6 && h < 9)
			put_str(o, "breakfast");
		else if (h >= 11 && h < 14)
			put_str(o, "lunch");
		else if (h >= 17 && h < 20)
			put_str(o, "dinner");
		else
			put_null(o);
		row_end(o);
	}
	out_close(o);
}

/* Items: business keys with one to three versions (slowly changing). */
static bool *item_first; /* by item key: the first version of its business key */

static void
gen_item(const char *dir)
{
	rng r;
	out *o = out_open(dir, "item");
	int64_t sk = 1, bk = 0;

	rng_seed(&r, "item");
	item_first = xmalloc(sizeof(bool) * (size_t) (n_item + 1));
	while (sk <= n_item)
	{
		int versions = (int) hash_range("item versions", (uint64_t) bk, 1, 3);
		/* categories and classes dealt in turn, so that every class has items */
		const category *cat = &categories[bk % N_ELEMS(categories)];
		int ci = (int) (bk / N_ELEMS(categories) % cat->nclasses);
		int cat_id = (int) (bk % N_ELEMS(categories)) + 1;
		int b = (int) hash_range("item brand", (uint64_t) bk, 1, 10);
		int manufact = (int) hash_range("item manufact", (uint64_t) bk, 1, 1000);
		const char *color = colors[hash_range("item color", (uint64_t) bk, 0, N_ELEMS(colors) - 1)];
		const char *unit = units[hash_range("item units", (uint64_t) bk, 0, N_ELEMS(units) - 1)];
		const char *size = sizes[hash_range("item size", (uint64_t) bk, 0, N_ELEMS(sizes) - 1)];
		char brand[64], name[64], text[64];

		if (cat->stems[ci] != NULL)
			snprintf(brand, sizeof(brand), "%s #%d", cat->stems[ci], b);
		else
			snprintf(brand, sizeof(brand), "%s%s #%d", brand_syl[cat_id - 1],
					 brand_syl[ci], b);
		syllables(name, sizeof(name), bk + 1);

		for (int v = 0; v < versions && sk <= n_item; v++, sk++)
		{
			/* prices log-uniform over 0.50 .. 99.99, changing with the version */
			int64_t price = (int64_t) llround(50.0 * exp(rng_unit(&r) * log(200.0)));
			int64_t wholesale;

			if (price > 9999)
				price = 9999;
			wholesale = (int64_t) llround((double) price * (0.3 + 0.6 * rng_unit(&r)));
			if (wholesale < 1)
				wholesale = 1;
			item_first[sk] = v == 0;

			row_begin(o);
			put_int(o, sk);
			put_id(o, bk + 1);
			/* versions: 1997-10-27 .. then two or three periods ending in NULL */
			if (versions == 1)
			{
				put_str(o, "1997-10-27");
				put_null(o);
			}
			else if (versions == 2)
			{
				put_str(o, v == 0 ? "1997-10-27" : "2000-10-27");
				if (v == 0)
					put_str(o, "2000-10-26");
				else
					put_null(o);
			}
			else
			{
				put_str(o, v == 0 ? "1997-10-27" : v == 1 ? "1999-10-28" : "2001-10-27");
				if (v == 0)
					put_str(o, "1999-10-27");
				else if (v == 1)
					put_str(o, "2001-10-26");
				else
					put_null(o);
			}
			put_text(o, &r, 30, 200);
			put_cents(o, price);
			put_cents(o, wholesale);
			put_int(o, (int64_t) cat_id * 1000000 + (ci + 1) * 1000 + b);
			put_str(o, brand);
			put_int(o, ci + 1);
			put_str(o, cat->classes[ci]);
			put_int(o, cat_id);
			put_str(o, cat->name);
			put_int(o, manufact);
			syllables(text, sizeof(text), manufact);
			put_str(o, text);
			put_str(o, size);
			snprintf(text, sizeof(text), "%08d%s", (int) hash_range("item formulation", (uint64_t) sk, 0, 99999999),
					 colors[hash_range("item formulation colour", (uint64_t) sk, 0, N_ELEMS(colors) - 1)]);
			text[20] = '\0';
			put_str(o, text);
			put_str(o, color);
			put_str(o, unit);
			put_str(o, "Unknown");
			put_int(o, rng_range(&r, 1, 100));
			put_str(o, name);
			row_end(o);
		}
		bk++;
	}
	out_close(o);
}

static void
gen_customer_address(const char *dir)
{
	rng r;
	out *o = out_open(dir, "customer_address");

	rng_seed(&r, "customer_address");
	for (int64_t sk = 1; sk <= n_address; sk++)
	{
		row_begin(o);
		put_int(o, sk);
		put_id(o, sk);
		put_address(o, &r, pick_place(&r));
		if (rng_chance(&r, 0.01))
			put_null(o);
		else
			put_str(o, location_types[rng_range(&r, 0, N_ELEMS(location_types) - 1)]);
		row_end(o);
	}
	out_close(o);
}

static void
gen_customer_demographics(const char *dir)
{
	static const char *const genders[] = {"M", "F"};
	static const char *const marital[] = {"M", "S", "D", "W", "U"};
	static const char *const education[] = {
		"Primary", "Secondary", "College", "2 yr Degree", "4 yr Degree",
		"Advanced Degree", "Unknown"};
	static const char *const credit[] = {"Good", "High Risk", "Low Risk", "Unknown"};
	out *o = out_open(dir, "customer_demographics");

	for (int64_t i = 0; i < N_CD; i++)
	{
		int64_t x = i;

		row_begin(o);
		put_int(o, i + 1);
		put_str(o, genders[x % 2]);
		x /= 2;
		put_str(o, marital[x % 5]);
		x /= 5;
		put_str(o, education[x % 7]);
		x /= 7;
		put_int(o, (x % 20 + 1) * 500);
		x /= 20;
		put_str(o, credit[x % 4]);
		x /= 4;
		put_int(o, x % 7);
		put_int(o, hash_range("cd employed", (uint64_t) i, 0, 6));
		put_int(o, hash_range("cd college", (uint64_t) i, 0, 6));
		row_end(o);
	}
	out_close(o);
}

static void
gen_household_demographics(const char *dir)
{
	static const char *const potential[] = {
		"0-500", "501-1000", "1001-5000", "5001-10000", ">10000", "Unknown"};
	out *o = out_open(dir, "household_demographics");

	for (int64_t i = 0; i < N_HD; i++)
	{
		row_begin(o);
		put_int(o, i + 1);
		put_int(o, i % 20 + 1);
		put_str(o, potential[i / 20 % 6]);
		put_int(o, i / 120 % 10);
		put_int(o, i / 1200 % 6 - 1);
		row_end(o);
	}
	out_close(o);
}

static void
gen_income_band(const char *dir)
{
	out *o = out_open(dir, "income_band");

	for (int i = 0; i < N_INCOME_BAND; i++)
	{
		row_begin(o);
		put_int(o, i + 1);
		put_int(o, i == 0 ? 0 : i * 10000 + 1);
		put_int(o, (i + 1) * 10000);
		row_end(o);
	}
	out_close(o);
}

static int64_t
pick_customer(rng *r)
{
	if (rng_chance(r, 0.5))
		return rng_range(r, 1, n_heavy_customers);
	return rng_range(r, 1, n_customer);
}

/* A foreign key that is NULL (0) in one row in a hundred. */
static int64_t
maybe_null(rng *r, int64_t key)
{
	return rng_chance(r, 0.01) ? 0 : key;
}

static void
gen_customer(const char *dir)
{
	rng r;
	out *o = out_open(dir, "customer");

	rng_seed(&r, "customer");
	for (int64_t sk = 1; sk <= n_customer; sk++)
	{
		const char *first = first_names[rng_range(&r, 0, N_ELEMS(first_names) - 1)];
		const char *last = last_names[rng_range(&r, 0, N_ELEMS(last_names) - 1)];
		int64_t first_sale = rng_range(&r, jdn_first, jdn_sales_last - 30);
		char t[80];

		row_begin(o);
		put_int(o, sk);
		put_id(o, sk);
		put_key(o, maybe_null(&r, rng_range(&r, 1, N_CD)));
		put_key(o, maybe_null(&r, rng_range(&r, 1, N_HD)));
		put_key(o, maybe_null(&r, rng_range(&r, 1, n_address)));
		put_key(o, maybe_null(&r, first_sale + rng_range(&r, 0, 30)));
		put_key(o, maybe_null(&r, first_sale));
		put_str(o, salutations[rng_range(&r, 0, N_ELEMS(salutations) - 1)]);
		put_str(o, first);
		put_str(o, last);
		if (rng_chance(&r, 0.01))
			put_null(o);
		else
			put_str(o, rng_chance(&r, 0.5) ? "Y" : "N");
		put_int(o, rng_range(&r, 1, 28));
		put_int(o, rng_range(&r, 1, 12));
		put_int(o, rng_range(&r, 1924, 1992));
		put_str(o, countries[rng_range(&r, 0, N_ELEMS(countries) - 1)]);
		put_null(o); /* c_login: TPC-DS leaves it empty */
		snprintf(t, sizeof(t), "%s.%s@%s.com", first, last,
				 words[rng_range(&r, 0, N_ELEMS(words) - 1)]);
		put_str(o, t);
		put_key(o, maybe_null(&r, rng_range(&r, JDN(2002, 1, 1), JDN(2003, 6, 30))));
		row_end(o);
	}
	out_close(o);
}

static void
gen_promotion(const char *dir)
{
	rng r;
	out *o = out_open(dir, "promotion");

	rng_seed(&r, "promotion");
	for (int64_t sk = 1; sk <= n_promotion; sk++)
	{
		int64_t start = rng_range(&r, jdn_first, jdn_sales_last - 60);
		char name[64];

		row_begin(o);
		put_int(o, sk);
		put_id(o, sk);
		put_key(o, start);
		put_key(o, start + rng_range(&r, 30, 60));
		put_key(o, rng_range(&r, 1, n_item));
		put_cents(o, 100000);
		put_int(o, 1);
		syllables(name, sizeof(name), sk);
		put_str(o, name);
		for (int c = 0; c < 8; c++)
			put_str(o, rng_chance(&r, 0.5) ? "Y" : "N");
		put_text(o, &r, 20, 60);
		put_str(o, "Unknown");
		put_str(o, "N");
		row_end(o);
	}
	out_close(o);
}

static void
gen_reason(const char *dir)
{
	static const char *const reasons[] = {
		"Package was damaged", "Stopped working", "Did not get it on time",
		"Not the product that was ordered", "Parts missing",
		"Does not work with a product that I have", "Gift exchange",
		"Did not like the color", "Did not like the model",
		"Did not like the make", "Did not like the warranty",
		"No service location in my area", "Found a better price in a store",
		"Found a better extended warranty in a store", "Not working any more",
		"Did not fit", "Wrong size", "Lost my job", "Unauthorized purchase",
		"Duplicate purchase", "Ordered by mistake", "Arrived too late",
		"Changed my mind", "Too expensive", "Better offer elsewhere",
		"Poor quality", "Missing manual", "Wrong color delivered",
		"Incompatible", "Too heavy", "Too small", "Too large",
		"Received a duplicate gift", "Moving away", "Other"};
	out *o = out_open(dir, "reason");

	for (int i = 0; i < N_REASON; i++)
	{
		row_begin(o);
		put_int(o, i + 1);
		put_id(o, i + 1);
		put_str(o, reasons[i]);
		row_end(o);
	}
	out_close(o);
}

static void
gen_ship_mode(const char *dir)
{
	static const char *const types[] = {
		"EXPRESS", "NEXT DAY", "OVERNIGHT", "TWO DAY", "REGULAR", "LIBRARY"};
	static const char *const codes[] = {"AIR", "SURFACE", "SEA", "BIKE", "HAND CARRY", "MESSENGER"};
	static const char *const carriers[] = {
		"UPS", "FEDEX", "AIRBORNE", "USPS", "DHL", "TBS", "ZHOU", "ZOUROS", "MSC",
		"LATVIAN", "ALLIANCE", "ORIENTAL", "BARIAN", "BOXBUNDLES",
		"GREAT EASTERN", "DIAMOND", "RUPEKSA", "GERMA", "HARMSTORF",
		"PRIVATECARRIER"};
	out *o = out_open(dir, "ship_mode");
	rng r;

	rng_seed(&r, "ship_mode");
	for (int i = 0; i < N_SHIP_MODE; i++)
	{
		char t[24];

		row_begin(o);
		put_int(o, i + 1);
		put_id(o, i + 1);
		put_str(o, types[i % N_ELEMS(types)]);
		put_str(o, codes[i / N_ELEMS(types) % N_ELEMS(codes)]);
		put_str(o, carriers[i]);
		snprintf(t, sizeof(t), "%08llx", (unsigned long long) (rng_next(&r) >> 32));
		put_str(o, t);
		row_end(o);
	}
	out_close(o);
}

static void
put_person(out *o, rng *r)
{
	char t[64];

	snprintf(t, sizeof(t), "%s %s", first_names[rng_range(r, 0, N_ELEMS(first_names) - 1)],
			 last_names[rng_range(r, 0, N_ELEMS(last_names) - 1)]);
	put_str(o, t);
}

static void
gen_store(const char *dir)
{
	rng r;
	out *o = out_open(dir, "store");

	rng_seed(&r, "store");
	for (int64_t sk = 1; sk <= n_store; sk++)
	{
		const place *pl = &places[(sk - 1) % N_STORE_PLACES];
		char t[64];

		row_begin(o);
		put_int(o, sk);
		put_id(o, sk);
		put_str(o, "1997-03-13");
		put_null(o);
		put_key(o, sk % 7 == 0 ? rng_range(&r, JDN(2001, 1, 1), JDN(2002, 12, 31)) : 0);
		syllables(t, sizeof(t), sk);
		put_str(o, t);
		put_int(o, rng_range(&r, 200, 300));
		put_int(o, rng_range(&r, 5000000, 10000000));
		put_str(o, sk % 3 == 0 ? "8AM-12AM" : sk % 3 == 1 ? "8AM-4PM" : "8AM-8AM");
		put_person(o, &r);
		put_int(o, (sk - 1) % 10 + 1);
		put_str(o, "Unknown");
		put_text(o, &r, 20, 100);
		put_person(o, &r);
		put_int(o, 1);
		put_str(o, "Unknown");
		put_int(o, 1);
		put_str(o, "Unknown");
		put_address(o, &r, pl);
		put_cents(o, rng_range(&r, 0, 11));
		row_end(o);
	}
	out_close(o);
}

static void
gen_call_center(const char *dir)
{
	static const char *const names[] = {
		"NY Metro", "Mid Atlantic", "North Midwest", "Pacific Northwest",
		"California", "Hawaii/Alaska", "Southeast", "Great Plains"};
	static const char *const classes[] = {"small", "medium", "large"};
	rng r;
	out *o = out_open(dir, "call_center");

	rng_seed(&r, "call_center");
	for (int64_t sk = 1; sk <= n_call_center; sk++)
	{
		const place *pl = &places[(sk * 5) % N_STORE_PLACES];
		char t[64];

		row_begin(o);
		put_int(o, sk);
		put_id(o, sk);
		put_str(o, "1998-01-01");
		put_null(o);
		put_null(o);
		put_int(o, rng_range(&r, JDN(1997, 1, 1), JDN(1997, 12, 31)));
		put_str(o, names[(sk - 1) % N_ELEMS(names)]);
		put_str(o, classes[rng_range(&r, 0, 2)]);
		put_int(o, rng_range(&r, 100, 70000));
		put_int(o, rng_range(&r, 10000, 1000000));
		put_str(o, sk % 3 == 0 ? "8AM-12AM" : sk % 3 == 1 ? "8AM-4PM" : "8AM-8AM");
		put_person(o, &r);
		put_int(o, rng_range(&r, 1, 6));
		put_text(o, &r, 10, 50);
		put_text(o, &r, 20, 100);
		put_person(o, &r);
		put_int(o, rng_range(&r, 1, 6));
		syllables(t, sizeof(t), rng_range(&r, 1, 6));
		put_str(o, t);
		put_int(o, rng_range(&r, 1, 6));
		syllables(t, sizeof(t), rng_range(&r, 1, 6));
		put_str(o, t);
		put_address(o, &r, pl);
		put_cents(o, rng_range(&r, 0, 12));
		row_end(o);
	}
	out_close(o);
}

static void
gen_catalog_page(const char *dir)
{
	static const char *const types[] = {"bi-annual", "quarterly", "monthly"};
	rng r;
	out *o = out_open(dir, "catalog_page");
	int64_t per_catalog = n_catalog_page / 60 > 0 ? n_catalog_page / 60 : 1;

	rng_seed(&r, "catalog_page");
	for (int64_t sk = 1; sk <= n_catalog_page; sk++)
	{
		int64_t catalog = (sk - 1) / per_catalog + 1;
		int64_t start = jdn_first + (catalog - 1) * 30;

		row_begin(o);
		put_int(o, sk);
		put_id(o, sk);
		put_key(o, clamp_date(start));
		put_key(o, clamp_date(start + 90));
		put_str(o, "DEPARTMENT");
		put_int(o, catalog);
		put_int(o, (sk - 1) % per_catalog + 1);
		put_text(o, &r, 20, 100);
		put_str(o, types[catalog % 3]);
		row_end(o);
	}
	out_close(o);
}

static void
gen_web_site(const char *dir)
{
	rng r;
	out *o = out_open(dir, "web_site");

	rng_seed(&r, "web_site");
	for (int64_t sk = 1; sk <= n_web_site; sk++)
	{
		char t[64];
		int company = (int) ((sk - 1) % 6 + 1);

		row_begin(o);
		put_int(o, sk);
		put_id(o, sk);
		put_str(o, "1997-08-16");
		put_null(o);
		snprintf(t, sizeof(t), "site_%d", (int) (sk - 1));
		put_str(o, t);
		put_int(o, rng_range(&r, JDN(1997, 1, 1), JDN(1997, 12, 31)));
		put_null(o);
		put_str(o, "Unknown");
		put_person(o, &r);
		put_int(o, rng_range(&r, 1, 6));
		put_text(o, &r, 10, 50);
		put_text(o, &r, 20, 100);
		put_person(o, &r);
		put_int(o, company);
		syllables(t, sizeof(t), company); /* company 3 is "pri" */
		put_str(o, t);
		put_address(o, &r, &places[rng_range(&r, 0, N_PLACES - 1)]);
		put_cents(o, rng_range(&r, 0, 12));
		row_end(o);
	}
	out_close(o);
}

static void
gen_web_page(const char *dir)
{
	static const char *const types[] = {
		"welcome", "protected", "feedback", "general", "ad", "dynamic", "order"};
	rng r;
	out *o = out_open(dir, "web_page");

	rng_seed(&r, "web_page");
	for (int64_t sk = 1; sk <= n_web_page; sk++)
	{
		bool autogen = rng_chance(&r, 0.3);
		int64_t created = rng_range(&r, JDN(1997, 1, 1), JDN(1997, 12, 31));

		row_begin(o);
		put_int(o, sk);
		put_id(o, sk);
		put_str(o, "1997-09-03");
		put_null(o);
		put_int(o, created);
		put_int(o, created + rng_range(&r, 0, 100));
		put_str(o, autogen ? "Y" : "N");
		put_key(o, autogen ? rng_range(&r, 1, n_customer) : 0);
		put_str(o, "http://www.foo.com");
		put_str(o, types[rng_range(&r, 0, N_ELEMS(types) - 1)]);
		/* a quarter of the pages in query 90's 5000 .. 5200 */
		put_int(o, sk % 4 == 0 ? rng_range(&r, 5000, 5200) : rng_range(&r, 300, 8500));
		put_int(o, rng_range(&r, 2, 25));
		put_int(o, rng_range(&r, 1, 7));
		put_int(o, rng_range(&r, 0, 4));
		row_end(o);
	}
	out_close(o);
}

static void
gen_warehouse(const char *dir)
{
	static const char *const names[] = {
		"Conventional childr", "Important issues liv", "Doors canno",
		"Bad cards must make.", "Operations", "Just good amou",
		"Plain, reluctant eq", "Quick warehouse"};
	rng r;
	out *o = out_open(dir, "warehouse");

	rng_seed(&r, "warehouse");
	for (int64_t sk = 1; sk <= n_warehouse; sk++)
	{
		row_begin(o);
		put_int(o, sk);
		put_id(o, sk);
		if (sk <= N_ELEMS(names))
			put_str(o, names[sk - 1]);
		else
		{
			char t[32];

			snprintf(t, sizeof(t), "Warehouse %d", (int) sk);
			put_str(o, t);
		}
		put_int(o, rng_range(&r, 50000, 1000000));
		put_address(o, &r, &places[(sk * 5 + 1) % N_STORE_PLACES]);
		row_end(o);
	}
	out_close(o);
}

/* ------------------------------------------------------------------ */
/* Facts                                                               */
/* ------------------------------------------------------------------ */

static int64_t
pick_item(rng *r)
{
	if (rng_chance(r, 0.2))
		return rng_range(r, 1, n_hot_items);
	return rng_range(r, 1, n_item);
}

/* Distinct items for the lines of one ticket or order. */
static void
pick_items(rng *r, int64_t *items, int n)
{
	for (int i = 0; i < n; i++)
	{
		bool dup;

		do
		{
			items[i] = pick_item(r);
			dup = false;
			for (int k = 0; k < i; k++)
				dup = dup || items[k] == items[i];
		} while (dup);
	}
}

/* A seconds-of-day key: stores open 8:00 .. 22:00, the others all day. */
static int64_t
store_time(rng *r)
{
	return rng_range(r, 8 * 3600, 22 * 3600 - 1);
}

/* The money of one sales line, in hundredths. */
typedef struct money
{
	int64_t quantity;
	int64_t wholesale, list, sales;
	int64_t ext_discount, ext_sales, ext_wholesale, ext_list, ext_tax;
	int64_t coupon, ship, net_paid, net_paid_inc_tax, net_paid_inc_ship,
		net_paid_inc_ship_tax, net_profit;
} money;

static void
price_line(rng *r, money *m)
{
	int64_t tax_pct = rng_range(r, 0, 9);

	m->quantity = rng_range(r, 1, 100);
	m->wholesale = rng_range(r, 100, 10000);
	m->list = m->wholesale + (int64_t) llround((double) m->wholesale * rng_unit(r));
	m->sales = m->list - (int64_t) llround((double) m->list * 0.8 * rng_unit(r));
	m->ext_discount = (m->list - m->sales) * m->quantity;
	m->ext_sales = m->sales * m->quantity;
	m->ext_wholesale = m->wholesale * m->quantity;
	m->ext_list = m->list * m->quantity;
	m->ext_tax = m->ext_sales * tax_pct / 100;
	m->coupon = rng_chance(r, 0.2) ? (int64_t) llround((double) m->ext_sales * rng_unit(r)) : 0;
	m->ship = (int64_t) llround((double) m->ext_list * 0.1 * rng_unit(r));
	m->net_paid = m->ext_sales - m->coupon;
	m->net_paid_inc_tax = m->net_paid + m->ext_tax;
	m->net_paid_inc_ship = m->net_paid + m->ship;
	m->net_paid_inc_ship_tax = m->net_paid_inc_ship + m->ext_tax;
	m->net_profit = m->net_paid - m->ext_wholesale;
}

/* The money of a return of part of a line. */
typedef struct refund
{
	int64_t quantity, amt, tax, amt_inc_tax, fee, ship, cash, reversed, credit, net_loss;
} refund;

static void
price_return(rng *r, const money *m, refund *f)
{
	int64_t rest;

	f->quantity = rng_range(r, 1, m->quantity);
	f->amt = m->sales * f->quantity;
	f->tax = m->quantity > 0 ? m->ext_tax * f->quantity / m->quantity : 0;
	f->amt_inc_tax = f->amt + f->tax;
	f->fee = rng_range(r, 50, 10000);
	f->ship = (int64_t) llround((double) m->list * f->quantity * 0.1 * rng_unit(r));
	f->cash = (int64_t) llround((double) f->amt_inc_tax * rng_unit(r));
	rest = f->amt_inc_tax - f->cash;
	f->reversed = (int64_t) llround((double) rest * rng_unit(r));
	f->credit = rest - f->reversed;
	f->net_loss = f->tax + f->fee + f->ship + (int64_t) llround((double) f->amt * 0.1 * rng_unit(r));
}

/* What a store return leaves for the catalog: a customer who may buy again. */
typedef struct rebuy
{
	int64_t customer, item, date;
} rebuy;

static rebuy *rebuys;
static int64_t n_rebuys;

static void
gen_store_sales(const char *dir)
{
	rng r;
	out *os = out_open(dir, "store_sales");
	out *orr = out_open(dir, "store_returns");
	int64_t items[20];
	int64_t cap = 1024;

	rng_seed(&r, "store_sales");
	rebuys = xmalloc(sizeof(rebuy) * (size_t) cap);
	for (int64_t ticket = 1; ticket <= n_store_tickets; ticket++)
	{
		int n = (int) rng_range(&r, 1, 20);
		int64_t date = maybe_null(&r, sale_date(&r));
		int64_t time = maybe_null(&r, store_time(&r));
		int64_t customer = maybe_null(&r, pick_customer(&r));
		int64_t cdemo = maybe_null(&r, rng_range(&r, 1, N_CD));
		int64_t hdemo = maybe_null(&r, rng_range(&r, 1, N_HD));
		int64_t addr = maybe_null(&r, rng_range(&r, 1, n_address));
		int64_t store = maybe_null(&r, rng_range(&r, 1, n_store));

		pick_items(&r, items, n);
		for (int i = 0; i < n; i++)
		{
			money m;

			price_line(&r, &m);
			row_begin(os);
			put_key(os, date);
			put_key(os, time);
			put_int(os, items[i]);
			put_key(os, customer);
			put_key(os, cdemo);
			put_key(os, hdemo);
			put_key(os, addr);
			put_key(os, store);
			put_key(os, maybe_null(&r, rng_range(&r, 1, n_promotion)));
			put_int(os, ticket);
			if (rng_chance(&r, 1.0 / 300))
				put_null(os);
			else
				put_int(os, m.quantity);
			put_cents(os, m.wholesale);
			put_cents_n(os, &r, m.list);
			put_cents_n(os, &r, m.sales);
			put_cents(os, m.ext_discount);
			put_cents(os, m.ext_sales);
			put_cents(os, m.ext_wholesale);
			put_cents(os, m.ext_list);
			put_cents(os, m.ext_tax);
			put_cents_n(os, &r, m.coupon);
			put_cents_n(os, &r, m.net_paid);
			put_cents(os, m.net_paid_inc_tax);
			put_cents_n(os, &r, m.net_profit);
			row_end(os);

			if (date != 0 && rng_chance(&r, 0.1))
			{
				refund f;
				int64_t rdate = clamp_date(date + rng_range(&r, 1, 180));

				price_return(&r, &m, &f);
				row_begin(orr);
				put_key(orr, maybe_null(&r, rdate));
				put_key(orr, maybe_null(&r, store_time(&r)));
				put_int(orr, items[i]);
				put_key(orr, customer);
				put_key(orr, maybe_null(&r, rng_range(&r, 1, N_CD)));
				put_key(orr, maybe_null(&r, rng_range(&r, 1, N_HD)));
				put_key(orr, maybe_null(&r, rng_range(&r, 1, n_address)));
				put_key(orr, store);
				put_key(orr, maybe_null(&r, rng_range(&r, 1, N_REASON)));
				put_int(orr, ticket);
				put_int(orr, f.quantity);
				put_cents(orr, f.amt);
				put_cents(orr, f.tax);
				put_cents(orr, f.amt_inc_tax);
				put_cents(orr, f.fee);
				put_cents(orr, f.ship);
				put_cents(orr, f.cash);
				put_cents(orr, f.reversed);
				put_cents(orr, f.credit);
				put_cents(orr, f.net_loss);
				row_end(orr);
				if (customer != 0)
				{
					if (n_rebuys == cap)
					{
						cap *= 2;
						rebuys = realloc(rebuys, sizeof(rebuy) * (size_t) cap);
						if (rebuys == NULL)
						{
							fprintf(stderr, "tpcdsgen: out of memory\n");
							exit(1);
						}
					}
					rebuys[n_rebuys++] = (rebuy){customer, items[i], rdate};
				}
			}
		}
	}
	out_close(os);
	out_close(orr);
}

/* One catalog or web order's shared columns. */
typedef struct order
{
	int64_t date, time, ship_date;
	int64_t bill_customer, bill_cdemo, bill_hdemo, bill_addr;
	int64_t ship_customer, ship_cdemo, ship_hdemo, ship_addr;
	int64_t ship_mode;
} order;

static void
make_order(rng *r, order *o, int64_t customer, int64_t date)
{
	o->date = date;
	o->time = maybe_null(r, rng_range(r, 0, 86399));
	o->ship_date = date == 0 ? 0 : maybe_null(r, clamp_date(date + (rng_chance(r, 0.8)
		? rng_range(r, 1, 60) : rng_range(r, 61, 150))));
	o->bill_customer = customer;
	o->bill_cdemo = maybe_null(r, rng_range(r, 1, N_CD));
	o->bill_hdemo = maybe_null(r, rng_range(r, 1, N_HD));
	o->bill_addr = maybe_null(r, rng_range(r, 1, n_address));
	if (rng_chance(r, 0.9))
	{
		o->ship_customer = o->bill_customer;
		o->ship_cdemo = o->bill_cdemo;
		o->ship_hdemo = o->bill_hdemo;
		o->ship_addr = o->bill_addr;
	}
	else
	{
		o->ship_customer = maybe_null(r, pick_customer(r));
		o->ship_cdemo = maybe_null(r, rng_range(r, 1, N_CD));
		o->ship_hdemo = maybe_null(r, rng_range(r, 1, N_HD));
		o->ship_addr = maybe_null(r, rng_range(r, 1, n_address));
	}
	o->ship_mode = maybe_null(r, rng_range(r, 1, N_SHIP_MODE));
}

static void
put_sales_money(out *o, rng *r, const money *m)
{
	if (rng_chance(r, 1.0 / 300))
		put_null(o);
	else
		put_int(o, m->quantity);
	put_cents(o, m->wholesale);
	put_cents_n(o, r, m->list);
	put_cents_n(o, r, m->sales);
	put_cents(o, m->ext_discount);
	put_cents(o, m->ext_sales);
	put_cents(o, m->ext_wholesale);
	put_cents(o, m->ext_list);
	put_cents(o, m->ext_tax);
	put_cents_n(o, r, m->coupon);
	put_cents(o, m->ship);
	put_cents_n(o, r, m->net_paid);
	put_cents(o, m->net_paid_inc_tax);
	put_cents(o, m->net_paid_inc_ship);
	put_cents(o, m->net_paid_inc_ship_tax);
	put_cents_n(o, r, m->net_profit);
}

static void
put_refund(out *o, const refund *f)
{
	put_int(o, f->quantity);
	put_cents(o, f->amt);
	put_cents(o, f->tax);
	put_cents(o, f->amt_inc_tax);
	put_cents(o, f->fee);
	put_cents(o, f->ship);
	put_cents(o, f->cash);
	put_cents(o, f->reversed);
	put_cents(o, f->credit);
	put_cents(o, f->net_loss);
}

/* Who returns: mostly the buyer, sometimes someone else. */
static void
put_returner(out *o, rng *r, int64_t customer, int64_t cdemo, int64_t hdemo, int64_t addr)
{
	if (rng_chance(r, 0.9))
	{
		put_key(o, customer);
		put_key(o, cdemo);
		put_key(o, hdemo);
		put_key(o, addr);
	}
	else
	{
		put_key(o, maybe_null(r, pick_customer(r)));
		put_key(o, maybe_null(r, rng_range(r, 1, N_CD)));
		put_key(o, maybe_null(r, rng_range(r, 1, N_HD)));
		put_key(o, maybe_null(r, rng_range(r, 1, n_address)));
	}
}

static void
gen_catalog_sales(const char *dir)
{
	rng r;
	out *os = out_open(dir, "catalog_sales");
	out *orr = out_open(dir, "catalog_returns");
	int64_t items[12];

	rng_seed(&r, "catalog_sales");
	for (int64_t number = 1; number <= n_catalog_orders; number++)
	{
		int n = (int) rng_range(&r, 1, 12);
		order o;
		int64_t call_center = maybe_null(&r, rng_range(&r, 1, n_call_center));
		int64_t page = maybe_null(&r, rng_range(&r, 1, n_catalog_page));

		pick_items(&r, items, n);
		if (n_rebuys > 0 && rng_chance(&r, 0.15))
		{
			/* a store customer buying again, from the catalog, an item they returned */
			const rebuy *b = &rebuys[rng_range(&r, 0, n_rebuys - 1)];
			int64_t date = b->date + rng_range(&r, 0, 60);

			if (date > jdn_sales_last)
				date = jdn_sales_last;
			for (int k = 1; k < n; k++)
				if (items[k] == b->item)
					items[k] = items[0];
			items[0] = b->item;
			make_order(&r, &o, b->customer, date);
		}
		else
			make_order(&r, &o, maybe_null(&r, pick_customer(&r)),
					   maybe_null(&r, sale_date(&r)));
		for (int i = 0; i < n; i++)
		{
			money m;
			int64_t warehouse = maybe_null(&r, rng_range(&r, 1, n_warehouse));

			price_line(&r, &m);
			row_begin(os);
			put_key(os, o.date);
			put_key(os, o.time);
			put_key(os, o.ship_date);
			put_key(os, o.bill_customer);
			put_key(os, o.bill_cdemo);
			put_key(os, o.bill_hdemo);
			put_key(os, o.bill_addr);
			put_key(os, o.ship_customer);
			put_key(os, o.ship_cdemo);
			put_key(os, o.ship_hdemo);
			put_key(os, o.ship_addr);
			put_key(os, call_center);
			put_key(os, page);
			put_key(os, o.ship_mode);
			put_key(os, warehouse);
			put_int(os, items[i]);
			put_key(os, maybe_null(&r, rng_range(&r, 1, n_promotion)));
			put_int(os, number);
			put_sales_money(os, &r, &m);
			row_end(os);

			if (o.ship_date != 0 && rng_chance(&r, 0.1))
			{
				refund f;

				price_return(&r, &m, &f);
				row_begin(orr);
				put_key(orr, maybe_null(&r, clamp_date(o.ship_date + rng_range(&r, 1, 60))));
				put_key(orr, maybe_null(&r, rng_range(&r, 0, 86399)));
				put_int(orr, items[i]);
				put_key(orr, o.bill_customer);
				put_key(orr, o.bill_cdemo);
				put_key(orr, o.bill_hdemo);
				put_key(orr, o.bill_addr);
				put_returner(orr, &r, o.ship_customer, o.ship_cdemo, o.ship_hdemo, o.ship_addr);
				put_key(orr, call_center);
				put_key(orr, page);
				put_key(orr, o.ship_mode);
				put_key(orr, warehouse);
				put_key(orr, maybe_null(&r, rng_range(&r, 1, N_REASON)));
				put_int(orr, number);
				put_refund(orr, &f);
				row_end(orr);
			}
		}
	}
	out_close(os);
	out_close(orr);
}

static void
gen_web_sales(const char *dir)
{
	rng r;
	out *os = out_open(dir, "web_sales");
	out *orr = out_open(dir, "web_returns");
	int64_t items[12];

	rng_seed(&r, "web_sales");
	for (int64_t number = 1; number <= n_web_orders; number++)
	{
		int n = (int) rng_range(&r, 1, 12);
		order o;
		int64_t page = maybe_null(&r, rng_range(&r, 1, n_web_page));
		int64_t site = maybe_null(&r, rng_range(&r, 1, n_web_site));

		pick_items(&r, items, n);
		make_order(&r, &o, maybe_null(&r, pick_customer(&r)), maybe_null(&r, sale_date(&r)));
		for (int i = 0; i < n; i++)
		{
			money m;

			price_line(&r, &m);
			row_begin(os);
			put_key(os, o.date);
			put_key(os, o.time);
			put_key(os, o.ship_date);
			put_int(os, items[i]);
			put_key(os, o.bill_customer);
			put_key(os, o.bill_cdemo);
			put_key(os, o.bill_hdemo);
			put_key(os, o.bill_addr);
			put_key(os, o.ship_customer);
			put_key(os, o.ship_cdemo);
			put_key(os, o.ship_hdemo);
			put_key(os, o.ship_addr);
			put_key(os, page);
			put_key(os, site);
			put_key(os, o.ship_mode);
			put_key(os, maybe_null(&r, rng_range(&r, 1, n_warehouse)));
			put_key(os, maybe_null(&r, rng_range(&r, 1, n_promotion)));
			put_int(os, number);
			put_sales_money(os, &r, &m);
			row_end(os);

			if (o.ship_date != 0 && rng_chance(&r, 0.1))
			{
				refund f;

				price_return(&r, &m, &f);
				row_begin(orr);
				put_key(orr, maybe_null(&r, clamp_date(o.ship_date + rng_range(&r, 1, 60))));
				put_key(orr, maybe_null(&r, rng_range(&r, 0, 86399)));
				put_int(orr, items[i]);
				put_key(orr, o.bill_customer);
				put_key(orr, o.bill_cdemo);
				put_key(orr, o.bill_hdemo);
				put_key(orr, o.bill_addr);
				put_returner(orr, &r, o.ship_customer, o.ship_cdemo, o.ship_hdemo, o.ship_addr);
				put_key(orr, page);
				put_key(orr, maybe_null(&r, rng_range(&r, 1, N_REASON)));
				put_int(orr, number);
				put_refund(orr, &f);
				row_end(orr);
			}
		}
	}
	out_close(os);
	out_close(orr);
}

/*
 * Inventory: weekly (Thursdays, from 1998-01-01) for the first version of
 * every item in every warehouse, through 2002.  Most weeks hold a few
 * dozen, some a few hundred: months whose stock varies a lot (query 39's
 * coefficient of variation above 1) are common.
 */
static void
gen_inventory(const char *dir)
{
	rng r;
	out *o = out_open(dir, "inventory");

	rng_seed(&r, "inventory");
	for (int64_t week = jdn_first; week <= jdn_sales_last; week += 7)
		for (int64_t item = 1; item <= n_item; item++)
		{
			if (!item_first[item])
				continue;
			for (int64_t w = 1; w <= n_warehouse; w++)
			{
				row_begin(o);
				put_int(o, week);
				put_int(o, item);
				put_int(o, w);
				if (rng_chance(&r, 0.01))
					put_null(o);
				else if (rng_chance(&r, 0.25))
					put_int(o, rng_range(&r, 100, 1000));
				else
					put_int(o, rng_range(&r, 0, 99));
				row_end(o);
			}
		}
	out_close(o);
}

/* ------------------------------------------------------------------ */
/* Main                                                                */
/* ------------------------------------------------------------------ */

static void
usage(void)
{
	fprintf(stderr,
			"usage: tpcdsgen -s SCALE -o DIR [-r SEED]\n"
			"  SCALE 0.001 .. 100 (1 = store_sales of about 2.9 million rows)\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	const char *dir = NULL;
	char *end;
	int c;

	scale = -1;
	while ((c = getopt(argc, argv, "s:o:r:h")) != -1)
	{
		switch (c)
		{
			case 's':
				errno = 0;
				scale = strtod(optarg, &end);
				if (errno != 0 || *end != '\0')
					usage();
				break;
			case 'o':
				dir = optarg;
				break;
			case 'r':
				/* another seed, for trying distributions out */
				seed = strtoull(optarg, NULL, 0);
				break;
			default:
				usage();
		}
	}
	if (optind != argc || dir == NULL || scale < 0.001 || scale > 100)
		usage();
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		die("cannot create", dir);

	jdn_first = JDN(1998, 1, 1);
	jdn_last = JDN(2003, 12, 31);
	jdn_sales_last = JDN(2002, 12, 31);

	n_item = scaled(18000, 200);
	n_customer = scaled(100000, 1000);
	n_address = scaled(50000, 500);
	n_store = scaled(12, 6);
	n_call_center = scaled(6, 4);
	n_catalog_page = scaled(11718, 120);
	n_web_site = scaled(30, 6);
	n_web_page = scaled(60, 12);
	n_warehouse = scaled(5, 5);
	n_promotion = scaled(300, 30);
	n_store_tickets = scaled(2880000 / 10.5, 50);
	n_catalog_orders = scaled(1440000 / 6.5, 50);
	n_web_orders = scaled(720000 / 6.5, 50);
	n_hot_items = n_item / 100 < 2 ? 2 : n_item / 100;
	n_heavy_customers = n_customer / 20;

	init_places();
	gen_date_dim(dir);
	gen_time_dim(dir);
	gen_item(dir);
	gen_customer_address(dir);
	gen_customer_demographics(dir);
	gen_household_demographics(dir);
	gen_income_band(dir);
	gen_customer(dir);
	gen_promotion(dir);
	gen_reason(dir);
	gen_ship_mode(dir);
	gen_store(dir);
	gen_call_center(dir);
	gen_catalog_page(dir);
	gen_web_site(dir);
	gen_web_page(dir);
	gen_warehouse(dir);
	gen_store_sales(dir);
	gen_catalog_sales(dir);
	gen_web_sales(dir);
	gen_inventory(dir);
	free(rebuys);
	free(item_first);
	return 0;
}
