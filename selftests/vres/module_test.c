// SPDX-License-Identifier: GPL-2.0
/*
 * module_test: vres loads, publishes its sysfs root, and unloads cleanly.
 *
 * Needs the module loaded (selftests/vmtest.sh does it) and its path in
 * VRES_KO, to unload and load it again. The VM runner fails the run if the
 * kernel log shows a bug, so a WARN in init or exit is caught there too.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/vres.h>

#include "kselftest_harness.h"

/*
 * In the test VM, log where this load sits, as vres_util.h's vres_load()
 * does, for vmtest.sh's hang diagnosis.
 */
static void log_text(void)
{
	char text[32] = "";
	FILE *f;

	if (!getenv("VMTEST"))
		return;
	f = fopen("/sys/module/vres/sections/.text", "re");
	if (f) {
		if (!fgets(text, sizeof(text), f))
			text[0] = '\0';
		fclose(f);
	}
	text[strcspn(text, "\n")] = '\0';
	f = *text ? fopen("/dev/kmsg", "we") : NULL;
	if (f) {
		fprintf(f, "vmtest: vres .text %s\n", text);
		fclose(f);
	}
}

static int vres_load(const char *path)
{
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, fd, "", 0);
	ret = ret ? -errno : 0;
	close(fd);
	if (!ret)
		log_text();
	return ret;
}

static int vres_unload(void)
{
	return syscall(SYS_delete_module, "vres", O_NONBLOCK) ? -errno : 0;
}

static int read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	int ret = 0;

	if (!f)
		return -errno;
	if (!fgets(buf, len, f))
		ret = -EIO;
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return ret;
}

static int module_loaded(void)
{
	struct stat st;

	return stat("/sys/module/vres", &st) == 0;
}

FIXTURE(module) {
	const char *ko;
};

FIXTURE_SETUP(module)
{
	self->ko = getenv("VRES_KO");
	if (self->ko && !*self->ko)
		self->ko = NULL;
	if (!module_loaded())
		SKIP(return, "vres is not loaded");
}

FIXTURE_TEARDOWN(module)
{
	/* Leave the module loaded for the tests that follow. */
	if (!module_loaded() && self->ko)
		vres_load(self->ko);
}

/* The sysfs root exists and its version matches the module's. */
TEST_F(module, sysfs_root)
{
	char version[64], modversion[64];
	struct stat st;

	ASSERT_EQ(0, stat(VRES_SYSFS_ROOT, &st));
	ASSERT_TRUE(S_ISDIR(st.st_mode));
	ASSERT_EQ(0, stat(VRES_SYSFS_ROOT "/version", &st));
	EXPECT_EQ(0444U, st.st_mode & 0777);
	ASSERT_EQ(0, read_line(VRES_SYSFS_ROOT "/version", version,
			       sizeof(version)));
	ASSERT_EQ(0, read_line("/sys/module/vres/version", modversion,
			       sizeof(modversion)));
	EXPECT_STREQ(modversion, version);
}

/* Unloading removes the tree; loading again brings it back. */
TEST_F(module, unload_and_reload)
{
	struct stat st;

	if (!self->ko)
		SKIP(return, "VRES_KO not set: cannot load the module again");

	ASSERT_EQ(0, vres_unload());
	EXPECT_FALSE(module_loaded());
	EXPECT_EQ(-1, stat(VRES_SYSFS_ROOT, &st));
	EXPECT_EQ(ENOENT, errno);

	ASSERT_EQ(0, vres_load(self->ko));
	EXPECT_TRUE(module_loaded());
	EXPECT_EQ(0, stat(VRES_SYSFS_ROOT "/version", &st));

	/* A second load of the same module is refused. */
	EXPECT_EQ(-EEXIST, vres_load(self->ko));
}

TEST_HARNESS_MAIN
