// SPDX-License-Identifier: GPL-2.0
/*
 * qmp_test.c - the QMP client against a fake QEMU: a child process that
 * listens on a UNIX socket and plays a script of what QEMU would send,
 * checking that each command the client sends is a JSON object with
 * "execute" and an "id", and answering with that id. Covers messages split
 * across reads and several in one read, events between replies, replies to
 * stale ids, error replies, a monitor that is not QMP, silence and a
 * closed connection; and "vresctl attach --qmp" failing cleanly on them.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "kselftest_harness.h"
#include "qmp.h"

#define GREETING "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}, \"package\": \"\"}, \"capabilities\": [\"oob\"]}}\r\n"
#define EVENT "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, \"event\": \"RESUME\"}\r\n"
#define CPUS "{\"return\": [{\"thread-id\": 4242, \"props\": {\"core-id\": 0, \"thread-id\": 0, \"socket-id\": 1}, \"qom-path\": \"/machine/unattached/device[1]\", \"cpu-index\": 1, \"target\": \"x86_64\"}, {\"thread-id\": 4241, \"props\": {\"core-id\": 0, \"thread-id\": 0, \"socket-id\": 0}, \"qom-path\": \"/machine/unattached/device[0]\", \"cpu-index\": 0, \"target\": \"x86_64\"}], \"id\": %ID%}\r\n"

/*
 * One step of the fake server: send @send (with "%ID%" replaced by the id
 * of the last command received), split into @chunks writes with a pause
 * between them; or, with @expect, read one command and check its name; or
 * close (@close) or fall silent (@silent).
 */
struct step {
	const char *expect;
	const char *send;
	int chunks;
	bool close;
	bool silent;
};

#define SEND(s)		{ .send = (s) }
#define SEND_SPLIT(s)	{ .send = (s), .chunks = 3 }
#define EXPECT(c)	{ .expect = (c) }
#define CLOSE		{ .close = true }
#define SILENT		{ .silent = true }
#define END		{ 0 }
/* Greeting and capabilities negotiation, then the client's query. */
#define HANDSHAKE	SEND(GREETING), EXPECT("qmp_capabilities"),	\
			SEND("{\"return\": {}, \"id\": %ID%}\r\n"),	\
			EXPECT("query-cpus-fast")

static void send_text(int fd, const char *text, long long id, int chunks)
{
	char buf[4096], num[24];
	const char *p = text, *m;
	size_t len = 0, part, off = 0;

	snprintf(num, sizeof(num), "%lld", id);
	while ((m = strstr(p, "%ID%"))) {
		memcpy(buf + len, p, m - p);
		len += m - p;
		memcpy(buf + len, num, strlen(num));
		len += strlen(num);
		p = m + 4;
	}
	memcpy(buf + len, p, strlen(p));
	len += strlen(p);
	if (chunks < 1)
		chunks = 1;
	part = len / chunks + 1;
	while (off < len) {
		size_t n = len - off < part ? len - off : part;

		if (write(fd, buf + off, n) != (ssize_t)n)
			_exit(10);
		off += n;
		if (off < len)
			usleep(20000);
	}
}

/* Read one CRLF-terminated command; exit 11+ if it is not well formed. */
static long long read_command(int fd, const char *expect)
{
	char line[1024];
	const char *name;
	size_t len = 0;
	json_t *cmd;
	long long id;

	while (len < sizeof(line) - 1) {
		if (read(fd, line + len, 1) != 1)
			_exit(11);
		if (line[len++] == '\n')
			break;
	}
	line[len] = '\0';
	cmd = json_loads(line, 0, NULL);
	name = json_string_value(json_object_get(cmd, "execute"));
	if (!json_is_object(cmd) || !name || strcmp(name, expect) ||
	    !json_is_integer(json_object_get(cmd, "id")))
		_exit(12);
	id = json_integer_value(json_object_get(cmd, "id"));
	json_decref(cmd);
	return id;
}

FIXTURE(qmp) {
	char dir[64];
	char path[96];
	pid_t server;
	int listen_fd;
	struct qmp q;
	char err[QMP_ERR_MAX];
};

FIXTURE_SETUP(qmp)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	strcpy(self->dir, "/tmp/vres-qmp-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	snprintf(self->path, sizeof(self->path), "%s/qmp", self->dir);
	strcpy(sa.sun_path, self->path);
	self->listen_fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ASSERT_LE(0, self->listen_fd);
	ASSERT_EQ(0, bind(self->listen_fd, (struct sockaddr *)&sa, sizeof(sa)));
	ASSERT_EQ(0, listen(self->listen_fd, 1));
	self->server = 0;
	self->q.fd = -1;
}

FIXTURE_TEARDOWN(qmp)
{
	if (self->q.fd >= 0)
		qmp_close(&self->q);
	if (self->server > 0) {
		kill(self->server, SIGKILL);
		waitpid(self->server, NULL, 0);
	}
	close(self->listen_fd);
	unlink(self->path);
	rmdir(self->dir);
}

/* Serve one connection with @script in a child process. */
static pid_t serve(int listen_fd, const struct step *script)
{
	pid_t pid = fork();
	long long id = 0;
	int fd;

	if (pid)
		return pid;
	fd = accept(listen_fd, NULL, NULL);
	if (fd < 0)
		_exit(13);
	for (; script->send || script->expect || script->close ||
	       script->silent; script++) {
		if (script->expect)
			id = read_command(fd, script->expect);
		else if (script->send)
			send_text(fd, script->send, id, script->chunks);
		else if (script->close)
			break;
		else
			pause();
	}
	close(fd);
	_exit(0);
}

/* The server's exit status: 0 if every command was what it expected. */
static int server_status(pid_t pid)
{
	int st;

	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 100;
}

/*
 * Serve @script, open the connection and ask for the vCPUs: what
 * qmp_vcpus() returns, or -2 if the connection could not be opened.
 */
static int query(FIXTURE_DATA(qmp) *self, const struct step *script,
		 struct qmp_vcpu **v, unsigned int *n)
{
	self->server = serve(self->listen_fd, script);
	if (qmp_open(&self->q, self->path, 2000, self->err))
		return -2;
	return qmp_vcpus(&self->q, v, n, self->err);
}

/* Greeting, capabilities, an event, two vCPUs out of order. */
TEST_F(qmp, vcpu_threads_in_cpu_index_order)
{
	static const struct step script[] = {
		SEND(GREETING), EXPECT("qmp_capabilities"),
		SEND(EVENT "{\"return\": {}, \"id\": %ID%}\r\n"),
		EXPECT("query-cpus-fast"), SEND(EVENT), SEND(CPUS), END,
	};
	struct qmp_vcpu *v;
	unsigned int n;

	ASSERT_EQ(0, query(self, script, &v, &n))
		TH_LOG("%s", self->err);
	EXPECT_STREQ("7.2.0", self->q.version);
	ASSERT_EQ(2U, n);
	EXPECT_EQ(0U, v[0].index);
	EXPECT_EQ(4241, v[0].tid);
	EXPECT_EQ(1U, v[1].index);
	EXPECT_EQ(4242, v[1].tid);
	free(v);
	qmp_close(&self->q);
	EXPECT_EQ(0, server_status(self->server));
	self->server = 0;
}

/* Messages cut across reads, and two in one read. */
TEST_F(qmp, split_and_joined_messages)
{
	static const struct step script[] = {
		SEND_SPLIT(GREETING), EXPECT("qmp_capabilities"),
		SEND_SPLIT("{\"return\": {}, \"id\": %ID%}\r\n"),
		EXPECT("query-cpus-fast"), SEND_SPLIT(EVENT EVENT CPUS), END,
	};
	struct qmp_vcpu *v;
	unsigned int n;

	ASSERT_EQ(0, query(self, script, &v, &n))
		TH_LOG("%s", self->err);
	EXPECT_EQ(2U, n);
	free(v);
}

/* A reply carrying another id (an earlier command's) is not ours. */
TEST_F(qmp, reply_to_another_id_is_skipped)
{
	static const struct step script[] = {
		HANDSHAKE,
		SEND("{\"return\": [], \"id\": 999}\r\n"), SEND(CPUS), END,
	};
	struct qmp_vcpu *v;
	unsigned int n;

	ASSERT_EQ(0, query(self, script, &v, &n))
		TH_LOG("%s", self->err);
	EXPECT_EQ(2U, n);
	free(v);
}

TEST_F(qmp, error_reply_is_reported)
{
	static const struct step script[] = {
		HANDSHAKE,
		SEND("{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command query-cpus-fast has not been found\"}, \"id\": %ID%}\r\n"),
		SILENT,
	};
	struct qmp_vcpu *v;
	unsigned int n;

	ASSERT_EQ(-1, query(self, script, &v, &n))
		TH_LOG("%s", self->err);
	EXPECT_NE(NULL, strstr(self->err, "QEMU refused 'query-cpus-fast'"));
	EXPECT_NE(NULL, strstr(self->err, "has not been found (CommandNotFound)"));
}

TEST_F(qmp, capabilities_refused)
{
	static const struct step script[] = {
		SEND(GREETING), EXPECT("qmp_capabilities"),
		SEND("{\"error\": {\"class\": \"GenericError\", \"desc\": \"Capabilities negotiation is already complete\"}, \"id\": %ID%}\r\n"),
		SILENT,
	};

	self->server = serve(self->listen_fd, script);
	ASSERT_EQ(-1, qmp_open(&self->q, self->path, 2000, self->err));
	EXPECT_NE(NULL, strstr(self->err, "refused 'qmp_capabilities'"));
}

TEST_F(qmp, not_a_qmp_monitor)
{
	static const struct step script[] = {
		SEND("{\"hello\": 1}\r\n"), SILENT,
	};

	self->server = serve(self->listen_fd, script);
	ASSERT_EQ(-1, qmp_open(&self->q, self->path, 2000, self->err));
	EXPECT_NE(NULL, strstr(self->err, "not a QMP greeting"));
}

TEST_F(qmp, hmp_text_is_invalid_json)
{
	static const struct step script[] = {
		SEND("QEMU 7.2.0 monitor - type 'help' for more information\r\n(qemu) "),
		SILENT,
	};

	self->server = serve(self->listen_fd, script);
	ASSERT_EQ(-1, qmp_open(&self->q, self->path, 2000, self->err));
	EXPECT_NE(NULL, strstr(self->err, "invalid JSON"));
}

/* A monitor with another client connected accepts but never greets. */
TEST_F(qmp, silence_times_out)
{
	static const struct step script[] = { SILENT };

	self->server = serve(self->listen_fd, script);
	ASSERT_EQ(-1, qmp_open(&self->q, self->path, 300, self->err));
	EXPECT_NE(NULL, strstr(self->err, "sent nothing for 300 ms"));
	EXPECT_NE(NULL, strstr(self->err, "QMP greeting"));
}

TEST_F(qmp, closed_connection)
{
	static const struct step script[] = {
		HANDSHAKE, CLOSE,
	};
	struct qmp_vcpu *v;
	unsigned int n;

	ASSERT_EQ(-1, query(self, script, &v, &n))
		TH_LOG("%s", self->err);
	EXPECT_NE(NULL, strstr(self->err, "closed the connection"));
	EXPECT_NE(NULL, strstr(self->err, "reply to 'query-cpus-fast'"));
}

/* -accel tcg,thread=single: every vCPU reports the same thread. */
TEST_F(qmp, shared_thread_refused)
{
	static const struct step script[] = {
		HANDSHAKE,
		SEND("{\"return\": [{\"thread-id\": 77, \"cpu-index\": 0}, {\"thread-id\": 77, \"cpu-index\": 1}], \"id\": %ID%}\r\n"),
		SILENT,
	};
	struct qmp_vcpu *v;
	unsigned int n;

	ASSERT_EQ(-1, query(self, script, &v, &n))
		TH_LOG("%s", self->err);
	EXPECT_NE(NULL, strstr(self->err, "share a cpu-index or a thread"));
}

TEST_F(qmp, no_socket)
{
	ASSERT_EQ(-1, qmp_open(&self->q, "/nonexistent/qmp", 100, self->err));
	EXPECT_NE(NULL, strstr(self->err, "cannot connect"));
}

/*
 * The command line: "vresctl attach --qmp" with QEMU refusing the query
 * exits 1 with one line naming the socket and QEMU's error, before it
 * touches vres (so it needs no module).
 */
TEST_F(qmp, attach_reports_qemu_error)
{
	static const struct step script[] = {
		HANDSHAKE,
		SEND("{\"error\": {\"class\": \"GenericError\", \"desc\": \"boom\"}, \"id\": %ID%}\r\n"),
		SILENT,
	};
	char cmd[256], line[512];
	size_t len, i;
	FILE *p;
	int st, lines = 0;

	self->server = serve(self->listen_fd, script);
	snprintf(cmd, sizeof(cmd),
		 "./vresctl/vresctl attach --qmp %s --name-prefix vm --budget 10ms --period 50ms 2>&1 >/dev/null",
		 self->path);
	p = popen(cmd, "r");
	ASSERT_NE(NULL, p);
	len = fread(line, 1, sizeof(line) - 1, p);
	line[len] = '\0';
	for (i = 0; i < len; i++)
		lines += line[i] == '\n';
	st = pclose(p);
	EXPECT_EQ(1, WEXITSTATUS(st));
	EXPECT_EQ(1, lines);
	EXPECT_NE(NULL, strstr(line, "vresctl attach: QMP "));
	EXPECT_NE(NULL, strstr(line, "QEMU refused 'query-cpus-fast': boom (GenericError)"))
		TH_LOG("%s", line);
}

TEST_HARNESS_MAIN
