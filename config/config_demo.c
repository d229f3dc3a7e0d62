/*
 * config_demo.c: the embedded demonstration config (psd --demo).  Its text
 * is config/examples/demo.ini, turned into config_demo_ini[] at build time.
 */
#include "config.h"

extern const char config_demo_ini[];

struct config *
config_load_demo(struct config_errors *errs)
{
	return config_load_string("<demo>", config_demo_ini, "/", errs);
}
