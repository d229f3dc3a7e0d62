/*
 * tick: a program that exits at once, leaving one byte behind.
 *
 * Appends one byte to FILE and exits 0.  The restart benchmark runs it
 * under each supervisor with no restart delay: FILE's size is the number
 * of starts, counted the same way for every supervisor.
 */
#include <fcntl.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	int fd;

	if (argc != 2)
		return 2;
	fd = open(argv[1], O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, "x", 1) != 1)
		return 1;
	return 0;
}
