// SPDX-License-Identifier: GPL-2.0
/*
 * apply_config.c - vresctl apply --config: the servers of the
 * configuration files, all or none (the systemd unit vres.service runs
 * it at boot on /etc/vres/servers.d).
 *
 * A configuration file is a plan, the output of "vresctl plan --json",
 * with one more member, "vres", this host's choices for it:
 *
 *   "vres": {"name_prefix": "rt1", "cpus": "2,3", "mode": "hard"}
 *
 * name_prefix (default: the file's name without .json) names the servers
 * PREFIX.0, PREFIX.1, ... one per vCPU; cpus (required) are the CPUs, vCPU
 * i on the (i mod n)-th; mode is hard (default) or soft. The servers are
 * made without a thread: they reserve the CPU time at boot, and the
 * attach that later serves the VM (the libvirt hook of a domain whose
 * name gives the same prefix, or "vresctl attach --name-prefix PREFIX")
 * finds them and attaches its threads.
 *
 * Every file is read and checked before anything is written; then the
 * servers are made in file order, and if vres refuses one, every server
 * made before is undone and the report says which file and server and
 * why.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "apply_config.h"
#include "cmdline.h"
#include "jsonfile.h"
#include "origin.h"
#include "output.h"

/* One server of one file. */
struct config_server {
	char name[VRES_NAME_MAX + 1];
	char guest[GUEST_TEXT_MAX];
	const char *file;
	struct server_config cfg;
};

struct config_set {
	char **files;
	unsigned int nr_files;
	struct config_server *srv;
	unsigned int nr, cap;
};

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char * const *)a, *(char * const *)b);
}

static int add_file(struct config_set *cs, const char *path)
{
	char **v = realloc(cs->files, (cs->nr_files + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	cs->files = v;
	v[cs->nr_files] = strdup(path);
	if (!v[cs->nr_files])
		return -ENOMEM;
	cs->nr_files++;
	return 0;
}

/* @path's *.json files in name order, or @path itself. */
static int add_path(struct config_set *cs, const char *path)
{
	char full[PATH_MAX];
	struct dirent *de;
	struct stat st;
	unsigned int first = cs->nr_files;
	size_t len;
	DIR *d;

	if (stat(path, &st)) {
		cmd_error("apply", "--config %s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return add_file(cs, path) ? -1 : 0;
	d = opendir(path);
	if (!d) {
		cmd_error("apply", "--config %s: %s", path, strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 6 ||
		    strcmp(de->d_name + len - 5, ".json"))
			continue;
		snprintf(full, sizeof(full), "%s/%s", path, de->d_name);
		if (add_file(cs, full)) {
			closedir(d);
			return -1;
		}
	}
	closedir(d);
	qsort(cs->files + first, cs->nr_files - first, sizeof(*cs->files),
	      by_name);
	return 0;
}

static struct config_server *new_server(struct config_set *cs)
{
	struct config_server *v;

	if (cs->nr == cs->cap) {
		v = realloc(cs->srv, (cs->cap ? 2 * cs->cap : 8) * sizeof(*v));
		if (!v)
			return NULL;
		cs->srv = v;
		cs->cap = cs->cap ? 2 * cs->cap : 8;
	}
	memset(&cs->srv[cs->nr], 0, sizeof(cs->srv[0]));
	return &cs->srv[cs->nr++];
}

/* The "vres" member of @file: prefix, CPUs, mode. */
static int read_choices(const char *file, char *prefix, unsigned int **cpus,
			unsigned int *nr_cpus, enum vres_mode *mode)
{
	const char *name, *s, *base;
	json_t *root, *v, *m;
	json_error_t err;
	size_t len;
	int ret = -1;

	root = jsonfile_load(file, &name, &err);
	if (!root) {
		cmd_error("apply", "%s:%d: %s", name, err.line, err.text);
		return -1;
	}
	v = json_object_get(root, "vres");
	if (!json_is_object(v)) {
		cmd_error("apply", "%s: no \"vres\" object with this host's choices (\"cpus\" at least)",
			  file);
		goto out;
	}
	m = json_object_get(v, "name_prefix");
	base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	len = strlen(base);
	if (len > 5 && !strcmp(base + len - 5, ".json"))
		len -= 5;
	if (m && !json_is_string(m)) {
		cmd_error("apply", "%s: vres.name_prefix: not a string", file);
		goto out;
	}
	snprintf(prefix, VRES_NAME_MAX + 1, "%.*s", m ? (int)strlen(json_string_value(m)) :
		 (int)len, m ? json_string_value(m) : base);
	if (!vsys_name_valid(prefix) || strlen(prefix) > VRES_NAME_MAX - 5) {
		cmd_error("apply", "%s: vres.name_prefix '%s' is not 1 to %d of a-z 0-9 _ . -",
			  file, prefix, VRES_NAME_MAX - 5);
		goto out;
	}
	m = json_object_get(v, "cpus");
	s = json_is_string(m) ? json_string_value(m) : NULL;
	if (!s || cli_parse_cpulist(s, cpus, nr_cpus)) {
		cmd_error("apply", "%s: vres.cpus: %s", file,
			  s ? "not a CPU list such as \"2,3\" or \"2-3\"" :
			      "required, a CPU list such as \"2,3\"");
		goto out;
	}
	*mode = VRES_MODE_HARD;
	m = json_object_get(v, "mode");
	if (m) {
		s = json_is_string(m) ? json_string_value(m) : "";
		if (!strcmp(s, "soft")) {
			*mode = VRES_MODE_SOFT;
		} else if (strcmp(s, "hard")) {
			cmd_error("apply", "%s: vres.mode: hard or soft", file);
			free(*cpus);
			*cpus = NULL;
			goto out;
		}
	}
	ret = 0;
out:
	json_decref(root);
	return ret;
}

/* Read @file into @cs's servers; -1 after saying what is wrong. */
static int read_file(struct config_set *cs, const char *file)
{
	char prefix[VRES_NAME_MAX + 1];
	struct plan_server sp = { 0 };
	struct plan_request req = { 0 };
	enum vres_mode mode;
	unsigned int *cpus = NULL, nr_cpus, i, k;
	int ret = -1;

	if (read_choices(file, prefix, &cpus, &nr_cpus, &mode))
		return -1;
	req.po.supply = VRES_SUPPLY_EXACT;
	if (planfile_load("apply", file, &req, &sp))
		goto out;
	for (i = 0; i < sp.vcpus; i++) {
		struct config_server *c = new_server(cs);

		if (!c) {
			cmd_error("apply", "out of memory");
			goto out;
		}
		snprintf(c->name, sizeof(c->name), "%s.%u", prefix, i);
		for (k = 0; k + 1 < cs->nr; k++) {
			if (!strcmp(cs->srv[k].name, c->name)) {
				cmd_error("apply", "%s: server %s is also in %s",
					  file, c->name, cs->srv[k].file);
				goto out;
			}
		}
		if (planfile_guest_tasks(&sp, i, c->guest, sizeof(c->guest)) < 0) {
			cmd_error("apply", "%s: vCPU %u has more than %d tasks, the most the guest guard takes",
				  file, i, VRES_GUEST_TASKS_MAX);
			goto out;
		}
		c->file = file;
		c->cfg = (struct server_config) {
			.name = c->name, .cpu = cpus[i % nr_cpus],
			.have_cpu = true, .have_params = true,
			.budget_ns = sp.budget_ns, .period_ns = sp.period_ns,
			.have_overhead = true, .overhead_ns = sp.overhead_ns,
			.have_guest = true, .guest = c->guest,
			.have_mode = true, .mode = mode,
		};
	}
	ret = 0;
out:
	free(cpus);
	planfile_free(&sp);
	return ret;
}

/**
 * apply_config() - make the servers of configuration files, all or none
 * @paths: files, or directories whose *.json files are read in name order
 * @nr:    how many
 * @json:  the report as JSON
 *
 * Return: the exit status: 0 all made, 1 vres refused one (none made),
 * 2 a file is wrong (nothing written).
 */
int apply_config(char **paths, int nr, bool json)
{
	struct config_set cs = { 0 };
	struct server_undo *undo = NULL;
	char msg[VSYS_MSG_MAX], umsg[VSYS_MSG_MAX], origin[ORIGIN_MAX];
	unsigned int i, k;
	int status = EXIT_ERROR, ret = 0;
	struct out o;

	for (i = 0; i < (unsigned int)nr; i++)
		if (add_path(&cs, paths[i]))
			goto out;
	for (i = 0; i < cs.nr_files; i++)
		if (read_file(&cs, cs.files[i]))
			goto out;
	status = EXIT_NO;
	if (vsys_check_loaded("apply"))
		goto out;
	undo = calloc(cs.nr ? cs.nr : 1, sizeof(*undo));
	if (!undo) {
		cmd_error("apply", "out of memory");
		status = EXIT_ERROR;
		goto out;
	}
	for (i = 0; i < cs.nr; i++) {
		ret = server_apply(&cs.srv[i].cfg, &undo[i], msg);
		if (ret)
			break;
	}
	if (ret) {
		cmd_error("apply", "%s: server %s: %s; nothing applied",
			  cs.srv[i].file, cs.srv[i].name, msg);
		for (k = i; k-- > 0;)
			if (server_undo(&undo[k], umsg))
				cmd_error("apply", "undoing %s: %s", undo[k].name,
					  umsg);
		goto out;
	}
	out_init(&o, json, stdout);
	out_open_object(&o, NULL);
	out_open_array(&o, "files");
	for (i = 0; i < cs.nr_files; i++)
		out_str(&o, OUT_JSON, NULL, NULL, cs.files[i]);
	out_close_array(&o);
	out_text(&o, "%u server%s from %u file%s:\n", cs.nr,
		 cs.nr == 1 ? "" : "s", cs.nr_files, cs.nr_files == 1 ? "" : "s");
	out_open_array(&o, "servers");
	for (i = 0; i < cs.nr; i++) {
		snprintf(origin, sizeof(origin), "config:%s", cs.srv[i].file);
		origin_set(cs.srv[i].name, origin);
		if (print_server_summary(&o, "applied", cs.srv[i].name))
			ret = -1;
	}
	out_close_array(&o);
	status = served_report_end(&o, ret);
out:
	for (i = 0; i < cs.nr_files; i++)
		free(cs.files[i]);
	free(cs.files);
	free(cs.srv);
	free(undo);
	return status;
}
