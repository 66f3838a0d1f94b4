# SPDX-License-Identifier: GPL-2.0
#
# vres: periodic CPU servers for KVM vCPU threads.
#
#   make                 build kernel/vres.ko (against KDIR), vresctl and vres-sim
#   make KDIR=...        build against another kernel tree or headers
#   make deps            install the packages the build and the tests need, and
#                        unpack the test kernels (never installed) in .build/cache
#   make check           run every test (userspace, KUnit, VM selftests on 6.1, 6.12, 7.3, 7.3-rt)
#   make deb             build the Debian packages vres-dkms and vresctl in .build/deb
#   make demo            boot the test VM, load vres and show it at work
#   make kunit           run the KUnit suites in a UML kernel built from linux-source
#   make vmtest          run the selftests in a VM on the kernel the module was built for
#   make bench           benchmarks in the test VM; report in .build/bench (BENCH_ARGS=--all-kernels ...)
#   make clean           remove every build product (keeps the cached kernel trees)
#   make distclean       also remove the cached kernel trees and KUnit build (.build/cache)

# The kernel to build against: the running one when it has a build tree,
# else the newest installed one, else the newest one of this host's Debian
# release that scripts/kernels.sh unpacked for the tests
# (.build/cache/kernels; kernels of a newer release are built for in their
# own root, see scripts/buildroot.sh).
KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
	$(shell ls -d /lib/modules/*/build 2>/dev/null | sort -V | tail -n 1) \
	$(foreach k,$(shell $(CURDIR)/scripts/kernels.sh native 2>/dev/null | tail -n 1), \
		$(CURDIR)/.build/cache/kernels/$(k)/usr/src/linux-headers-$(k)))

BUILD_DIR := $(CURDIR)/.build
SELFTESTS := $(CURDIR)/selftests
SCRIPTS := $(CURDIR)/scripts

.PHONY: all module userspace selftests clean deps check kunit vmtest demo \
	install help distclean bench deb

all: module userspace

module:
	@test -n "$(KDIR)" -a -d "$(KDIR)" || \
		{ echo "vres: no kernel build tree; install linux-headers or set KDIR=" >&2; exit 2; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

userspace:
	$(MAKE) -C userspace

# The benchmarks are built here too, so that "make check" compiles them.
selftests:
	$(MAKE) -C selftests
	$(MAKE) -C selftests/bench

deps:
	$(SCRIPTS)/deps.sh

check:
	$(SCRIPTS)/check.sh

kunit:
	$(SELFTESTS)/kunit.sh

vmtest: module selftests
	$(SELFTESTS)/vmtest.sh

demo:
	$(SCRIPTS)/demo.sh

deb:
	$(SCRIPTS)/package/deb.sh

# Not part of "make check": see Documentation/benchmarks.rst.
bench:
	$(SELFTESTS)/bench/run.sh $(BENCH_ARGS)

install: module
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install
	$(MAKE) -C userspace install

clean:
	@if [ -n "$(KDIR)" ] && [ -d "$(KDIR)" ]; then \
		$(MAKE) -C $(KDIR) M=$(CURDIR) clean; fi
	$(MAKE) -C userspace clean
	$(MAKE) -C selftests clean
	$(MAKE) -C selftests/bench clean
	find $(BUILD_DIR) -mindepth 1 -maxdepth 1 ! -name cache -exec rm -rf {} + 2>/dev/null || true

distclean: clean
	rm -rf $(BUILD_DIR)

help:
	@sed -n 's/^#   //p' $(firstword $(MAKEFILE_LIST))
