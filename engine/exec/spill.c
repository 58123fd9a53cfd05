/*
 * spill.c — temporary files of rows for operators past their memory
 * budget (spill.h).
 */
#include "exec/spill.h"

#include "core/alloc.h"
#include "core/diag.h"
#include "exec/vector.h"
#include "types/types.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* I/O buffer bounds: a file's buffer is 1/64 of the budget within them,
 * so that the dozens of files a partitioning operator writes at once
 * stay a small part of a small MemoryLimit. */
#define SPILL_BUF_MIN (4 * 1024)
#define SPILL_BUF_MAX (64 * 1024)

struct fq_spill_file
{
	fq_exec_node *node;
	fq_mem_account *acct;
	const char *dir;   /* for messages */
	int fd;
	char *buf;         /* bufsize bytes, charged to acct while held */
	size_t bufsize;
	size_t pos;        /* write: bytes buffered; read: next byte */
	size_t len;        /* read: bytes in buf */
	bool reading;
	bool eof;
	uint64_t rows;
	/* a reader (fq_spill_reader): reads the file its writer shares with
	 * it at its own offset, and does not close it */
	bool reader;
	off_t off;
};

size_t
fq_spill_budget(const fq_exec_ctx *ctx)
{
	size_t limit = ctx->st->acct.limit;

	if (!ctx->s->opt.spill || limit == 0)
		return 0;
	return limit / 4;
}

bool
fq_spill_due(const fq_exec_ctx *ctx, size_t held)
{
	size_t budget = fq_spill_budget(ctx);
	const fq_mem_account *acct = &ctx->st->acct;

	if (budget == 0)
		return false;
	/* An arena grows by blocks as large as what it holds (up to 1 MB):
	 * count the next one in. */
	held += held < 1024 * 1024 ? held : 1024 * 1024;
	if (held >= budget)
		return true;
	/* Others hold most of the query's memory: spill what there is, unless
	 * it is too little to be worth a file. */
	return held >= budget / 8 && acct->used >= acct->limit - acct->limit / 4;
}

static const char *
spill_dir(const fq_exec_ctx *ctx)
{
	const char *dir = ctx->s->opt.spill_dir;

	if (dir == NULL || dir[0] == '\0')
		dir = getenv("TMPDIR");
	if (dir == NULL || dir[0] == '\0')
		dir = "/tmp";
	return dir;
}

static bool
take_buffer(fq_spill_file *f)
{
	if (f->buf != NULL)
		return true;
	if ((f->buf = fq_malloc(f->bufsize)) == NULL)
		return false;
	f->acct->used += f->bufsize;
	if (f->acct->used > f->acct->peak)
		f->acct->peak = f->acct->used;
	return true;
}

static void
drop_buffer(fq_spill_file *f)
{
	if (f->buf == NULL)
		return;
	free(f->buf);
	f->buf = NULL;
	f->acct->used -= f->bufsize;
}

fq_spill_file *
fq_spill_create(fq_exec_node *node)
{
	fq_exec_ctx *ctx = node->ctx;
	const char *dir = spill_dir(ctx);
	char path[PATH_MAX];
	fq_spill_file *f;

	if (ctx->spill_defer)
	{
		/* The warehouse may take the query instead (ShipToWarehouse). */
		ctx->spill_deferred = true;
		fq_raise(ctx->d, FQ_ERR_OUT_OF_MEMORY, 0, "query exceeded its memory limit");
		fq_diag_hint(ctx->d, "Raise the MemoryLimit connection key, or make the query hold "
							 "fewer rows at once (filter earlier, or sort or group fewer rows).");
		return NULL;
	}
	if ((size_t) snprintf(path, sizeof(path), "%s/fedq-spill-XXXXXX", dir) >= sizeof(path))
	{
		fq_raise(ctx->d, FQ_ERR_IO_ERROR, 0, "SpillDirectory \"%s\" is too long a path", dir);
		return NULL;
	}
	/* On the heap, not in an arena: a deep partitioning makes thousands
	 * of files, and each is freed when it closes. */
	if ((f = fq_calloc(1, sizeof(*f))) == NULL)
	{
		fq_raise_nomem(ctx->d, NULL);
		return NULL;
	}
	f->node = node;
	f->acct = &ctx->st->acct;
	f->bufsize = fq_spill_budget(ctx) / 64;
	if (f->bufsize < SPILL_BUF_MIN)
		f->bufsize = SPILL_BUF_MIN;
	if (f->bufsize > SPILL_BUF_MAX)
		f->bufsize = SPILL_BUF_MAX;
	f->dir = dir;
	/* Close-on-exec, as every other file fedq opens: a child the
	 * application starts meanwhile must not keep the file (and its disk
	 * space) after the query closed it. */
	f->fd = mkostemp(path, O_CLOEXEC);
	if (f->fd < 0)
	{
		fq_raise(ctx->d, errno == ENOSPC || errno == EDQUOT ? FQ_ERR_DISK_FULL : FQ_ERR_IO_ERROR, 0,
				 "could not create temporary file \"%s\": %s", path, strerror(errno));
		fq_diag_hint(ctx->d, "Set the SpillDirectory connection key to a writable directory "
							 "with free space, raise MemoryLimit, or set Spill=0.");
		free(f);
		return NULL;
	}
	/* Nameless from now on: the file goes when its descriptor closes,
	 * however the query ends. */
	unlink(path);
	if (!take_buffer(f))
	{
		close(f->fd);
		free(f);
		fq_raise_nomem(ctx->d, NULL);
		return NULL;
	}
	node->spill_files++;
	return f;
}

static int
write_failed(fq_spill_file *f, int err)
{
	fq_diags *d = f->node->ctx->d;

	fq_raise(d, err == ENOSPC || err == EDQUOT || err == EFBIG ? FQ_ERR_DISK_FULL : FQ_ERR_IO_ERROR,
			 0, "could not write to temporary file: %s", strerror(err));
	fq_diag_hint(d, "The query's sorts, joins or aggregates outgrew MemoryLimit and spill to "
					"temporary files in \"%s\": free space there, point the SpillDirectory "
					"connection key at a larger file system, or raise MemoryLimit.",
				 f->dir);
	return FQ_ERROR;
}

static int
flush(fq_spill_file *f)
{
	size_t done = 0;

	while (done < f->pos)
	{
		ssize_t n = write(f->fd, f->buf + done, f->pos - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return write_failed(f, n < 0 ? errno : ENOSPC);
		done += (size_t) n;
	}
	f->node->spill_bytes += f->pos;
	f->pos = 0;
	return FQ_OK;
}

static int
put(fq_spill_file *f, const void *p, size_t n)
{
	const char *src = p;

	while (n > 0)
	{
		size_t room = f->bufsize - f->pos;
		size_t k = n < room ? n : room;

		memcpy(f->buf + f->pos, src, k);
		f->pos += k;
		src += k;
		n -= k;
		if (f->pos == f->bufsize && flush(f) < 0)
			return FQ_ERROR;
	}
	return FQ_OK;
}

bool
fq_spill_types(fq_arena *a, const fq_batch *b, fq_type **types, int *ncols)
{
	if (*types != NULL)
		return true;
	if ((*types = FQ_NEW_ARRAY(a, fq_type, b->ncols ? b->ncols : 1)) == NULL)
		return false;
	for (uint32_t c = 0; c < b->ncols; c++)
		(*types)[c] = b->cols[c].type;
	*ncols = (int) b->ncols;
	return true;
}

static bool
is_string(fq_type_id id)
{
	return id == FQ_T_CHAR || id == FQ_T_VARCHAR || id == FQ_T_BYTEA || id == FQ_T_UNKNOWN;
}

int
fq_spill_write_row(fq_spill_file *f, const fq_batch *b, uint32_t row)
{
	/* A row mark first: rows of no columns still count. */
	if (put(f, "R", 1) < 0)
		return FQ_ERROR;
	for (uint32_t c = 0; c < b->ncols; c++)
	{
		const fq_vector *v = &b->cols[c];
		uint8_t null = fq_vector_is_null(v, row);
		const void *slot;

		if (f->pos + 1 + FQ_SLOT_MAX <= f->bufsize)
			f->buf[f->pos++] = (char) null;
		else if (put(f, &null, 1) < 0)
			return FQ_ERROR;
		if (null)
			continue;
		slot = fq_vector_slot(v, row);
		if (is_string(v->type.id))
		{
			fq_string s;

			memcpy(&s, slot, sizeof(s));
			if (put(f, &s.len, sizeof(s.len)) < 0 || put(f, s.ptr, s.len) < 0)
				return FQ_ERROR;
		}
		else if (v->type.id == FQ_T_DECIMAL)
		{
			fq_numeric x;

			memcpy(&x, slot, sizeof(x));
			if (put(f, &x, sizeof(x)) < 0 ||
				(x.kind == FQ_NUM_BIG && put(f, x.limbs, sizeof(uint32_t) * x.nlimbs) < 0))
				return FQ_ERROR;
		}
		else
		{
			size_t w = fq_type_size(&v->type);

			if (f->pos + w <= f->bufsize)
			{
				memcpy(f->buf + f->pos, slot, w);
				f->pos += w;
			}
			else if (put(f, slot, w) < 0)
				return FQ_ERROR;
		}
	}
	f->rows++;
	return FQ_OK;
}

int
fq_spill_rewind(fq_spill_file *f)
{
	if (!f->reading && f->pos > 0 && flush(f) < 0)
		return FQ_ERROR;
	drop_buffer(f);
	if (lseek(f->fd, 0, SEEK_SET) < 0)
	{
		fq_raise(f->node->ctx->d, FQ_ERR_IO_ERROR, 0, "could not seek in temporary file: %s",
				 strerror(errno));
		return FQ_ERROR;
	}
	f->reading = true;
	f->eof = false;
	f->pos = f->len = 0;
	return FQ_OK;
}

/* Refills the read buffer; 0 at the end of the file. */
static int
fill(fq_spill_file *f)
{
	ssize_t n;

	if (!take_buffer(f))
		return fq_raise_nomem(f->node->ctx->d, NULL);
	do
		n = f->reader ? pread(f->fd, f->buf, f->bufsize, f->off) : read(f->fd, f->buf, f->bufsize);
	while (n < 0 && errno == EINTR);
	if (n > 0 && f->reader)
		f->off += n;
	if (n < 0)
	{
		fq_raise(f->node->ctx->d, FQ_ERR_IO_ERROR, 0, "could not read temporary file: %s",
				 strerror(errno));
		return FQ_ERROR;
	}
	f->pos = 0;
	f->len = (size_t) n;
	if (n == 0)
		f->eof = true;
	return n > 0;
}

static int
get(fq_spill_file *f, void *p, size_t n)
{
	char *dst = p;

	while (n > 0)
	{
		size_t k;

		if (f->pos == f->len)
		{
			int rc = fill(f);

			if (rc < 0)
				return FQ_ERROR;
			if (rc == 0)
				return fq_raise(f->node->ctx->d, FQ_ERR_IO_ERROR, 0,
								"temporary file ended in the middle of a row");
		}
		k = f->len - f->pos < n ? f->len - f->pos : n;
		memcpy(dst, f->buf + f->pos, k);
		f->pos += k;
		dst += k;
		n -= k;
	}
	return FQ_OK;
}

static int
read_row(fq_spill_file *f, fq_batch *b, uint32_t row, fq_arena *a, uint32_t cap)
{
	fq_diags *d = f->node->ctx->d;
	char mark;

	if (get(f, &mark, 1) < 0)
		return FQ_ERROR;
	for (uint32_t c = 0; c < b->ncols; c++)
	{
		fq_vector *v = &b->cols[c];
		uint8_t null;
		void *slot = fq_vector_slot(v, row);

		if (get(f, &null, 1) < 0)
			return FQ_ERROR;
		if (null)
		{
			if (fq_vector_set_null(v, a, cap, row) < 0)
				return fq_raise_nomem(d, a);
			continue;
		}
		if (is_string(v->type.id))
		{
			fq_string s;
			char *bytes;

			if (get(f, &s.len, sizeof(s.len)) < 0)
				return FQ_ERROR;
			if ((bytes = fq_arena_alloc(a, s.len ? s.len : 1)) == NULL)
				return fq_raise_nomem(d, a);
			if (get(f, bytes, s.len) < 0)
				return FQ_ERROR;
			s.ptr = bytes;
			memcpy(slot, &s, sizeof(s));
		}
		else if (v->type.id == FQ_T_DECIMAL)
		{
			fq_numeric x;

			if (get(f, &x, sizeof(x)) < 0)
				return FQ_ERROR;
			if (x.kind == FQ_NUM_BIG)
			{
				uint32_t *limbs = fq_arena_alloc(a, sizeof(uint32_t) * (x.nlimbs ? x.nlimbs : 1));

				if (limbs == NULL)
					return fq_raise_nomem(d, a);
				if (get(f, limbs, sizeof(uint32_t) * x.nlimbs) < 0)
					return FQ_ERROR;
				x.limbs = limbs;
			}
			else
				x.limbs = NULL;
			memcpy(slot, &x, sizeof(x));
		}
		else if (get(f, slot, fq_type_size(&v->type)) < 0)
			return FQ_ERROR;
	}
	return FQ_OK;
}

int
fq_spill_read(fq_spill_file *f, fq_batch *b, fq_arena *a, const fq_type *types, int ncols,
			  uint32_t max)
{
	fq_exec_ctx *ctx = f->node->ctx;
	uint32_t n = 0;

	if (fq_stmt_check_cancel(ctx->st, ctx->d) < 0)
		return FQ_ERROR;
	/* a reader's file may have grown since it met the end */
	if (f->reader)
		f->eof = false;
	if (f->eof)
		return 0;
	if (fq_batch_init(b, a, types, ncols, max) < 0)
		return fq_raise_nomem(ctx->d, a);
	while (n < max)
	{
		if (f->pos == f->len)
		{
			int rc = fill(f);

			if (rc < 0)
				return FQ_ERROR;
			if (rc == 0)
				break;
		}
		if (read_row(f, b, n, a, max) < 0)
			return FQ_ERROR;
		n++;
	}
	b->nrows = n;
	if (f->eof)
		drop_buffer(f);
	return n > 0;
}

uint64_t
fq_spill_rows(const fq_spill_file *f)
{
	return f->rows;
}

int
fq_spill_flush(fq_spill_file *f)
{
	return f->reading || f->pos == 0 ? FQ_OK : flush(f);
}

fq_spill_file *
fq_spill_reader(fq_spill_file *w, fq_exec_node *node)
{
	fq_spill_file *f = fq_calloc(1, sizeof(*f));

	if (f == NULL)
	{
		fq_raise_nomem(node->ctx->d, NULL);
		return NULL;
	}
	f->node = node;
	f->acct = w->acct;
	f->dir = w->dir;
	f->fd = w->fd;
	f->bufsize = w->bufsize;
	f->reading = true;
	f->reader = true;
	return f;
}

void
fq_spill_close(fq_spill_file *f)
{
	if (f == NULL)
		return;
	if (!f->reader)
		close(f->fd);
	drop_buffer(f);
	free(f);
}
