// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_destroy.c - vresctl destroy: remove servers, detaching their threads
 * (the module gives them back their policy, priority and affinity).
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "sysfs.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: vresctl destroy NAME...\n"
		"       vresctl destroy --all\n"
		"\n"
		"Remove the named servers (or every server). An attached thread is\n"
		"detached first and gets back the policy, priority and CPU affinity it\n"
		"had before it was attached.\n"
		"\n"
		"  --all            every server\n"
		"\n"
		"Exit status: 0 done, 1 a server could not be destroyed (the others\n"
		"are), 2 bad input. See vresctl(8).\n");
}

int cmd_destroy(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char (*names)[VRES_NAME_MAX + 1] = NULL;
	char msg[VSYS_MSG_MAX];
	bool all = false;
	int c, i, ret, status = EXIT_YES;
	size_t n, k;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			all = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_YES;
		default:
			cmd_error("destroy", "unknown or incomplete option '%s' (see --help)",
				  argv[optind - 1]);
			return EXIT_ERROR;
		}
	}
	if (all == (optind < argc)) {
		cmd_error("destroy", "give server names or --all (see --help)");
		return EXIT_ERROR;
	}
	for (i = optind; i < argc; i++) {
		if (!vsys_name_valid(argv[i])) {
			cmd_error("destroy", "'%s' is not a server name (1 to %d of a-z 0-9 _ . -)",
				  argv[i], VRES_NAME_MAX);
			return EXIT_ERROR;
		}
	}
	if (vsys_check_loaded("destroy"))
		return EXIT_NO;

	if (all) {
		ret = vsys_list(&names, &n);
		if (ret) {
			cmd_error("destroy", "cannot list the servers: %s",
				  strerror(-ret));
			return EXIT_NO;
		}
		for (k = 0; k < n; k++) {
			ret = vsys_destroy(names[k], msg);
			/* Gone meanwhile is what was wanted. */
			if (ret && ret != -ENOENT) {
				cmd_error("destroy", "%s", msg);
				status = EXIT_NO;
			} else if (!ret) {
				printf("destroyed %s\n", names[k]);
			}
		}
		free(names);
		return status;
	}
	for (i = optind; i < argc; i++) {
		if (vsys_destroy(argv[i], msg)) {
			cmd_error("destroy", "%s", msg);
			status = EXIT_NO;
		} else {
			printf("destroyed %s\n", argv[i]);
		}
	}
	return status;
}
