/*
 * config_int.h: what the files of config/ share while loading.
 */
#ifndef PSD_CONFIG_INT_H
#define PSD_CONFIG_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"

#define CONFIG_MAX_FILE		(1024 * 1024)
#define CONFIG_MAX_PROGRAMS	10000
#define CONFIG_MAX_LINE		4096
#define CONFIG_MAX_FILES	256	/* the file and its includes */

enum { SEC_NONE, SEC_PSD, SEC_PROGRAM, SEC_UNKNOWN, SEC_POOL };

/* Values expanded per instance, kept raw until then. */
enum rawkey {
	RAW_COMMAND, RAW_DIRECTORY, RAW_ENVIRONMENT, RAW_STDOUT, RAW_STDERR,
	RAW_ON_EXIT, RAW_ON_FATAL, RAW_READY, RAW__COUNT
};

/* A [program:NAME] section as read, before instances are made. */
struct rawprog {
	struct progconf	*pc;		/* template: every parsed key */
	const char	*file;
	int		 line;
	const char	*here;		/* directory of its file */
	char		*raw[RAW__COUNT];
	int		 raw_line[RAW__COUNT];
	int		*key_line;	/* per key of the table: where set */
	bool		 dropped;	/* a line of it was refused unread */
};

/* A [pool:NAME] section as read (config_pool.c). */
struct rawpool {
	struct poolconf	*pl;
	const char	*here;
	char		*raw[3];	/* directory, environment, on_done */
	int		 raw_line[3];
	int		*key_line;
};

/* [psd] values as read (raw ones expanded at the end). */
struct rawpsd {
	int		*key_line;
	const char	*key_file[64];
	char		*socket, *pidfile, *environment;
	const char	*socket_here, *pidfile_here, *env_here;
	int		 socket_line, pidfile_line, env_line;
	const char	*socket_file, *pidfile_file, *env_file;
	char		*http;		/* [psd] http addresses */
	int		 http_line;
	const char	*http_file;
};

/* Where an error was found, to sort them in file order. */
struct diag_pos {
	int		 rank;		/* the file's place among those read */
	int		 line, seq;
	char		*file;
};

/* A file an include names, and where it was named. */
struct include_ent {
	char		*path;
	const char	*file;		/* owned by cfg->files */
	int		 line;
};

struct loader {
	struct config		*cfg;
	struct config_errors	*errs;
	struct diag_pos		*errpos;	/* config_diag.c's */
	int			 nerrpos;
	/* where we are */
	const char		*file;		/* owned by cfg->files */
	const char		*here;
	int			 line;		/* of the logical line */
	int			 section_kind;
	struct rawprog		*cur;		/* in a [program:] section */
	struct rawpool		*curpool;	/* in a [pool:] section */
	struct rawpool		**pools;
	int			 npools;
	/* what we read */
	struct rawprog		**progs;
	int			 nprogs;
	struct rawpsd		 psd;
	/* supervisord's dialect (supervisord_conf.c) */
	bool			 sd_file;	/* this file is in it */
	struct sd_state		*sd;
	/* includes waiting to be read */
	struct include_ent	*queue;
	int			 nqueue;
	/* program sections refused whole: their names are not "unknown" */
	char			**lost;
	int			 nlost;
};

/* config_keys.c: a key=value of [psd] or [program:]. */
void	 keys_psd(struct loader *L, const char *key, const char *value);
void	 keys_program(struct loader *L, const char *key, const char *value);
int	 keys_count(int section);
int	 keys_index(int section, const char *name);
/* The closest known key to a misspelt one, or NULL; hints for
 * supervisord's names too. */
const char *keys_hint(int section, const char *key, char *buf, size_t len);

/* config_finish.c: make the programs (instances, expansion), check them. */
void	 finish_programs(struct loader *L);
void	 finish_psd(struct loader *L);
/* config_fleet.c: [psd] http becomes a program (after the others). */
void	 finish_http(struct loader *L);

/* config_pool.c: [pool:NAME] */
void	 pool_section(struct loader *L, const char *name, int line);
void	 keys_pool(struct loader *L, const char *key, const char *value);
void	 finish_pools(struct loader *L);
void	 pools_loader_free(struct loader *L);

/* config_check.c */
void	 check_dependencies(struct loader *L);

/* config_reader.c: the line source inih reads a buffer through. */
struct reader {
	struct loader	*L;
	const char	*buf;
	size_t		 len, pos;
	int		 phys;		/* physical lines consumed */
};
/* inih's reader callback (ini_parse_stream); stream is a struct reader. */
char	*reader_fn(char *str, int num, void *stream);

/* config_include.c: include = PATTERN... */
void	 config_include(struct loader *L, char **patterns, int n);

#endif
