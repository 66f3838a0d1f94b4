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
#include "origin.h"
#include "output.h"
#include "sysfs.h"

/* The short options: -j --json, -h --help, -b --budget, -p --period, ... */
#define SHORTOPTS	"jh"

/* Destroy @name; a failure goes to stderr and, as JSON, to "failed". */
static int destroy_one(const char *name, bool gone_ok, json_t *done,
		       json_t *failed, bool json)
{
	char msg[VSYS_MSG_MAX];
	int ret = vsys_destroy(name, msg);

	/* Gone meanwhile is what was wanted (--all). */
	if (ret == -ENOENT && gone_ok)
		return 0;
	if (ret) {
		cmd_error("destroy", "%s", msg);
		json_array_append_new(failed, json_pack("{s:s, s:s}", "name",
							name, "error", msg));
		return -1;
	}
	origin_clear(name);
	if (!json)
		printf("destroyed %s\n", name);
	json_array_append_new(done, json_string(name));
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: vresctl destroy [-j|--json] NAME...\n"
		"       vresctl destroy [-j|--json] --all\n"
		"\n"
		"Remove the named servers (or every server). An attached thread is\n"
		"detached first and gets back the policy, priority and CPU affinity it\n"
		"had before it was attached.\n"
		"\n"
		"  --all            every server\n"
		"  -j, --json       what was destroyed, and what not and why, as JSON:\n"
		"                   {\"destroyed\": [NAME...], \"failed\": [{\"name\", \"error\"}]}\n"
		"\n"
		"Exit status: 0 done, 1 a server could not be destroyed (the others\n"
		"are), 2 bad input. See vresctl(8).\n");
}

int cmd_destroy(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char (*names)[VRES_NAME_MAX + 1] = NULL;
	bool all = false, json = false;
	int c, i, ret, status = EXIT_YES;
	json_t *done, *failed;
	size_t n, k;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, SHORTOPTS, longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			all = true;
			break;
		case 'j':
			json = true;
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
	}
	done = json_array();
	failed = json_array();
	if (!done || !failed) {
		cmd_error("destroy", "out of memory");
		return EXIT_ERROR;
	}
	if (all) {
		for (k = 0; k < n; k++)
			if (destroy_one(names[k], true, done, failed, json))
				status = EXIT_NO;
		free(names);
	} else {
		for (i = optind; i < argc; i++)
			if (destroy_one(argv[i], false, done, failed, json))
				status = EXIT_NO;
	}
	if (json) {
		json_t *root = json_pack("{s:o, s:o}", "destroyed", done,
					 "failed", failed);

		if (!root || json_dumpf(root, stdout, JSON_INDENT(2)) ||
		    fputc('\n', stdout) == EOF)
			status = EXIT_ERROR;
		json_decref(root);
	} else {
		json_decref(done);
		json_decref(failed);
	}
	return status;
}
