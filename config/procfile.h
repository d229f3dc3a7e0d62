/*
 * procfile.h: Procfiles (foreman, honcho, overmind) and foreman's
 * formations, read the way foreman 0.87 reads them.
 *
 * A Procfile line is an entry only if it is NAME: COMMAND with NAME made
 * of letters, digits, '_' and '-' from the first column; every other line
 * is not an entry and is reported (psd warns where it is not a comment).
 * A formation is "NAME=N,NAME=N" (spaces ignored); "all=N" sets the count
 * of every process it does not name; without a formation every process
 * runs once, and with one, a process it does not name runs zero times
 * unless "all" is given.
 */
#ifndef PSD_PROCFILE_H
#define PSD_PROCFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"

#define PROCFILE_MAX_ENTRIES	1000
#define PROCFILE_MAX_INSTANCES	1000

struct procfile_entry {
	char	*name;
	char	*command;	/* as written, after "NAME:" and spaces */
	int	 line;
};

struct procfile {
	struct procfile_entry	*v;
	int			 n;
};

/* Called for each line that is not an entry (1-based line number). */
typedef void (*procfile_skip_fn)(void *arg, int line, const char *text);

/*
 * Parse buf into pf.  Returns 0, or -1 with a one-line message in err
 * ("LINE: ...") for a name given twice or too many entries.
 */
int	 procfile_parse(const char *buf, size_t len, struct procfile *pf,
	    procfile_skip_fn skip, void *arg, char *err, size_t errlen);
void	 procfile_free(struct procfile *pf);
/* Does buf look like a Procfile rather than an INI file? */
bool	 procfile_sniff(const char *buf, size_t len);

struct formation {
	char	**names;
	int	 *counts;
	int	  n;
	int	  all;		/* count of a process not named */
};

/* Parse a formation (NULL: "all=1").  0, or -1 with a message in err. */
int	 formation_parse(const char *spec, struct formation *f, char *err,
	    size_t errlen);
int	 formation_count(const struct formation *f, const char *name);
void	 formation_free(struct formation *f);

/* What psd's command line says about a Procfile (psd(8)). */
struct procfile_opts {
	char	**envfiles;	/* --env FILE..., absolute; none: .env beside */
	int	  nenvfiles;
	char	 *formation;	/* -m SPEC, or NULL */
	int	  port;		/* --port N, -1: $PORT from .env/psd, or 5000 */
	int	  restart;	/* --restart POLICY (enum restart_mode), -1:
				   foreman's way: the first to end ends all */
	bool	  force;	/* --procfile FILE: never read as INI */
};

/*
 * Remember opts (copied) for every load, reloads included; relative
 * --env paths are resolved against the current directory now.
 */
void	 procfile_configure(const struct procfile_opts *opts);
/* True if buf (the file given to -c) is to be read as a Procfile. */
bool	 procfile_wanted(const char *buf, size_t len);
/* An option that means something only for a Procfile, or NULL. */
const char *procfile_option_given(void);

struct loader;
/* procfile_load.c: the programs of Procfile path (in directory here). */
void	 procfile_load(struct loader *L, const char *path, const char *here,
	    const char *buf, size_t len);

#endif
