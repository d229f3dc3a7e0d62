/*
 * lineage.c: a cgroup v2 directory per program, for orphan attribution.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lineage.h"
#include "log.h"
#include "xmalloc.h"

static char	*lineage_dir;		/* .../psd.PID; NULL: not in use */
static char	*lineage_rel;		/* the same, as /proc/PID/cgroup shows it */

/* Where cgroup v2 is mounted (/proc/self/mountinfo), into buf. */
static int
lineage_mount(char *buf, size_t len)
{
	char line[1024], mnt[PATH_MAX], *sep;
	FILE *f;
	int r = -1;

	if ((f = fopen("/proc/self/mountinfo", "re")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL) {
		/* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS... - FSTYPE ... */
		if ((sep = strstr(line, " - ")) == NULL ||
		    strncmp(sep + 3, "cgroup2 ", 8) != 0)
			continue;
		if (sscanf(line, "%*s %*s %*s %*s %4095s", mnt) != 1)
			continue;
		/* the root must be / in our namespace to map paths */
		snprintf(buf, len, "%s", mnt);
		r = 0;
		break;
	}
	fclose(f);
	return r;
}

/* This process's cgroup v2 path ("0::/x/y"), into buf. */
static int
lineage_self(pid_t pid, char *buf, size_t len)
{
	char path[64], line[1024];
	FILE *f;
	int r = -1;

	snprintf(path, sizeof path, "/proc/%d/cgroup", (int)pid);
	if ((f = fopen(path, "re")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, "0::", 3) != 0)
			continue;
		line[strcspn(line, "\n")] = '\0';
		snprintf(buf, len, "%s", line + 3);
		r = 0;
		break;
	}
	fclose(f);
	return r;
}

void
lineage_init(enum lineage_mode want)
{
	char mnt[PATH_MAX], self[PATH_MAX], dir[PATH_MAX * 2 + 32];
	char rel[PATH_MAX + 32];
	bool made = false;
	int i, n;

	if (want == LINEAGE_GROUP)
		return;
	if (lineage_mount(mnt, sizeof mnt) < 0 ||
	    lineage_self(getpid(), self, sizeof self) < 0) {
		if (want == LINEAGE_CGROUP)
			log_warnx("attribution: no cgroup v2 hierarchy; using"
			    " process groups and sessions");
		return;
	}
	/*
	 * psd.PID, or psd.PID.N when that is taken: psds that are PID 1 of
	 * their own PID namespaces share a pid, and may share a cgroup.
	 */
	for (i = 0; i < 100; i++) {
		n = snprintf(rel, sizeof rel, "%s/psd.%d", strcmp(self, "/") ==
		    0 ? "" : self, (int)getpid());
		if (i > 0)
			snprintf(rel + n, sizeof rel - (size_t)n, ".%d", i);
		snprintf(dir, sizeof dir, "%s%s", mnt, rel);
		if ((made = mkdir(dir, 0755) == 0) || errno != EEXIST)
			break;
	}
	if (!made) {
		if (want == LINEAGE_CGROUP)
			log_warn("attribution: mkdir %s (using process groups"
			    " and sessions)", dir);
		else
			log_debug("attribution: mkdir %s: %s; using process"
			    " groups and sessions", dir, strerror(errno));
		return;
	}
	lineage_dir = xstrdup(dir);
	lineage_rel = xstrdup(rel);
	log_debug("attribution: a cgroup per program under %s", dir);
}

const char *
lineage_mechanism(void)
{
	return lineage_dir != NULL ? "cgroup" : "session";
}

bool
lineage_active(void)
{
	return lineage_dir != NULL;
}

int
lineage_procs_fd(const char *name)
{
	char path[PATH_MAX * 3];
	int fd;

	if (lineage_dir == NULL || strchr(name, '/') != NULL ||
	    name[0] == '.')
		return -1;
	/* the program's cgroup is made at its first start only */
	snprintf(path, sizeof path, "%s/%s/cgroup.procs", lineage_dir, name);
	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) >= 0 || errno != ENOENT)
		goto done;
	snprintf(path, sizeof path, "%s/%s", lineage_dir, name);
	if (mkdir(path, 0755) < 0 && errno != EEXIST) {
		log_warn("attribution: mkdir %s", path);
		return -1;
	}
	snprintf(path, sizeof path, "%s/%s/cgroup.procs", lineage_dir, name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
done:
	if (fd < 0)
		log_warn("attribution: open %s", path);
	return fd;
}

int
lineage_of(pid_t pid, char *buf, size_t len)
{
	char cg[PATH_MAX];
	size_t n;

	if (lineage_rel == NULL || lineage_self(pid, cg, sizeof cg) < 0)
		return -1;
	n = strlen(lineage_rel);
	if (strncmp(cg, lineage_rel, n) != 0 || cg[n] != '/' ||
	    cg[n + 1] == '\0')
		return -1;
	snprintf(buf, len, "%s", cg + n + 1);
	buf[strcspn(buf, "/")] = '\0';
	return 0;
}

/* Remove one program's cgroup; one still holding a process stays. */
static void
lineage_rmdir(const char *path)
{
	if (rmdir(path) < 0 && errno != ENOENT)
		log_debug("attribution: rmdir %s: %s", path, strerror(errno));
}

void
lineage_cleanup(void)
{
	char path[PATH_MAX * 3];
	struct dirent *de;
	DIR *d;

	if (lineage_dir == NULL)
		return;
	if ((d = opendir(lineage_dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (de->d_type != DT_DIR || de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof path, "%s/%s", lineage_dir,
			    de->d_name);
			lineage_rmdir(path);
		}
		closedir(d);
	}
	lineage_rmdir(lineage_dir);
	free(lineage_dir);
	free(lineage_rel);
	lineage_dir = lineage_rel = NULL;
}
