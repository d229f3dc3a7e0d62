#include "psctl.h"
int
verb_top(struct psctl *ps, int argc, char **argv)
{
	(void)ps; (void)argc; (void)argv;
	return PSCTL_USAGE;
}
