/*
 * fdlist: print this process's open fds >= 3 ("FD TARGET"), sorted, then
 * with --env NAME... each NAME=value (or "NAME unset").
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
cmp(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

int
main(int argc, char **argv)
{
	char path[64], target[PATH_MAX];
	int fds[1024], n = 0, i;
	struct dirent *de;
	const char *v;
	ssize_t len;
	DIR *d;

	d = opendir("/proc/self/fd");
	if (d == NULL) {
		perror("/proc/self/fd");
		return 1;
	}
	while ((de = readdir(d)) != NULL && n < 1024) {
		i = atoi(de->d_name);
		if (de->d_name[0] < '0' || de->d_name[0] > '9' || i < 3 ||
		    i == dirfd(d))
			continue;
		fds[n++] = i;
	}
	qsort(fds, (size_t)n, sizeof fds[0], cmp);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "/proc/self/fd/%d", fds[i]);
		len = readlink(path, target, sizeof target - 1);
		target[len < 0 ? 0 : len] = '\0';
		printf("%d %s\n", fds[i], target);
	}
	closedir(d);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--env") == 0)
			continue;
		v = getenv(argv[i]);
		if (v != NULL)
			printf("%s=%s\n", argv[i], v);
		else
			printf("%s unset\n", argv[i]);
	}
	return 0;
}
