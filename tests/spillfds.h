/*
 * spillfds.h — how many of this process's descriptors are fedq's spill
 * files, for tests that check none stays open once a statement is closed,
 * has failed or was cancelled (engine/exec/spill.c).
 *
 * A spill file is unlinked as soon as mkstemp made it, so SpillDirectory
 * is empty whatever happens: only a descriptor left open keeps its disk
 * space, and only /proc/self/fd shows it (".../fedq-spill-XXXXXX
 * (deleted)").  Static: each program includes it once.
 */
#ifndef FQ_SPILLFDS_H
#define FQ_SPILLFDS_H

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Open spill files of this process (with `inheritable`, those a child
 * process would inherit: no close-on-exec); -1 without /proc. */
static int
count_spill_files(bool inheritable)
{
	DIR *dir = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (dir == NULL)
		return -1;
	while ((e = readdir(dir)) != NULL)
	{
		char path[sizeof("/proc/self/fd/") + sizeof(e->d_name)];
		char target[PATH_MAX];
		ssize_t len;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/self/fd/%s", e->d_name);
		if ((len = readlink(path, target, sizeof(target) - 1)) < 0)
			continue;
		target[len] = '\0';
		if (strstr(target, "/fedq-spill-") == NULL)
			continue;
		if (!inheritable || !(fcntl(atoi(e->d_name), F_GETFD) & FD_CLOEXEC))
			n++;
	}
	closedir(dir);
	return n;
}

static int
open_spill_files(void)
{
	return count_spill_files(false);
}

#endif
