/*
 * signals.h: psd's signal plumbing.
 *
 * Every signal psd handles is blocked and read from a signalfd in the
 * loop, so no handler does any work.  (Each also gets an empty handler:
 * as PID 1 of a namespace the kernel drops signals whose disposition is
 * SIG_DFL.)  What psd inherited (mask, ignored signals) is recorded so a
 * transparent child gets exactly that back.
 */
#ifndef PSD_SIGNALS_H
#define PSD_SIGNALS_H

#include <stdbool.h>
#include <sys/signalfd.h>

typedef void (*signals_fn)(const struct signalfd_siginfo *si);

/*
 * First thing at start-up: record the inherited state, install the empty
 * handlers and block the signals, so none sent while psd sets itself up
 * is lost (as PID 1 it would be dropped) or acted on too early.
 */
void	 signals_install(void);
/* Open the signalfd (what is pending comes first) and watch it. */
void	 signals_init(signals_fn on_signal, void (*on_child)(void));
void	 signals_free(void);

bool	 signals_orig_ignored(int sig);
/*
 * In a child before exec: handlers back to SIG_DFL (a transparent child
 * keeps what psd inherited ignored); glibc's own 32 and 33 always SIG_DFL.
 */
void	 signals_child_reset(bool transparent);
/* dumb-init's way for a transparent child: 1-31 SIG_DFL, an empty mask. */
void	 signals_set_child_std_default(void);
/* In a child just before exec: the inherited mask (transparent), or an
 * empty one; glibc's own 32 and 33 never blocked. */
void	 signals_child_mask(bool transparent);

/* Rewrite FROM to TO before acting (TO = 0: drop). */
void	 signals_set_rewrite(int from, int to);
int	 signals_rewrite(int sig);
/* Signals psd may forward to a child (not CHLD, TTIN, TTOU, faults). */
bool	 signals_forwardable(int sig);
/* Consume pending instances of sig without acting (after TIOCNOTTY). */
void	 signals_swallow(int sig);

#endif
