/*
 * notify.h: the NOTIFY_SOCKET psd serves to its ready = notify programs.
 *
 * One datagram socket for all programs, in the abstract namespace with a
 * name the kernel picks (autobind), so no two psds (one per container,
 * psd under psd) can collide and nothing is left on a file system.  Every
 * datagram carries its sender's credentials (SO_PASSCRED); psd attributes
 * it to a program by the sender's pid: the program's main pid or one of
 * its descendants (by parent links in /proc, or by the session of its
 * current run).  This is systemd's own design (one /run/systemd/notify
 * for every unit, attributed by pid): the socket's name is no secret, any
 * process that can reach a socket can write to it, so the kernel-checked
 * pid is what is trusted, and one socket costs one descriptor however
 * many programs there are.  A datagram from anyone else is dropped.
 */
#ifndef PSD_NOTIFY_H
#define PSD_NOTIFY_H

#include <sys/types.h>

struct program;
struct notify_msg;

/* Who gets each datagram attributed to a ready = notify program. */
typedef void (*notify_receive_fn)(struct program *p,
    const struct notify_msg *m, pid_t sender);
void		 notify_on_message(notify_receive_fn fn);

/* NOTIFY_SOCKET's value ("@name"), opening the socket on first use; NULL
 * if it cannot be opened (logged). */
const char	*notify_socket_name(void);
/* The program pid belongs to (main pid, descendant, or its session). */
struct program	*notify_owner(pid_t pid);
/*
 * Handle what is queued now.  Called before each reap pass, so that a
 * READY=1 sent just before the sender exited is attributed while the
 * sender is still a zombie psd has not reaped (systemd orders its events
 * the same way).
 */
void		 notify_flush(void);
/* Close the socket (at exit). */
void		 notify_close(void);

#endif
