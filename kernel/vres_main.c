// SPDX-License-Identifier: GPL-2.0
/*
 * vres: periodic CPU servers for KVM vCPU threads.
 *
 * Module entry points and parameters. A server gives one thread a budget C
 * every period T on one CPU, enforced with hrtimers and admission
 * controlled; see Documentation/vres.rst for the design and
 * Documentation/ABI/testing/sysfs-kernel-vres for the interface.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "vres.h"

/*
 * The SCHED_FIFO band of the servers: on each CPU the server with the
 * shortest period gets prio_max, the next prio_max - 1, ... down to
 * prio_min. Read-only after load.
 */
int vres_prio_max = 90;
module_param_named(prio_max, vres_prio_max, int, 0444);
MODULE_PARM_DESC(prio_max, "SCHED_FIFO priority of the highest-priority server on a CPU (default 90)");

int vres_prio_min = 50;
module_param_named(prio_min, vres_prio_min, int, 0444);
MODULE_PARM_DESC(prio_min, "lowest SCHED_FIFO priority a server may get (default 50)");

/* How many servers may exist at once (create fails with ENOSPC). */
unsigned int vres_max_servers = VRES_SERVERS_MAX_DEFAULT;
module_param_named(max_servers, vres_max_servers, uint, 0644);
MODULE_PARM_DESC(max_servers, "most servers that may exist at once (default 1024)");

#ifdef VRES_DEBUG
/*
 * Fault injection (VRES_DEBUG=y builds, for the selftests): milliseconds to
 * sleep at each enum vres_debug_point, to hold a race window open.
 */
static unsigned int vres_debug_attach_delay_ms;
module_param_named(debug_attach_delay_ms, vres_debug_attach_delay_ms, uint,
		   0600);
MODULE_PARM_DESC(debug_attach_delay_ms, "test builds only: sleep in attach after the start IPI (ms)");

/* Context: process, may sleep. */
void vres_debug_delay(enum vres_debug_point point)
{
	unsigned int ms = 0;

	if (point == VRES_DEBUG_ATTACH)
		ms = READ_ONCE(vres_debug_attach_delay_ms);
	if (ms)
		msleep(ms);
}
#endif

static int __init vres_init(void)
{
	int ret;

	if (vres_prio_min < VRES_PRIO_LOWEST || vres_prio_max > VRES_PRIO_HIGHEST ||
	    vres_prio_min > vres_prio_max) {
		pr_err("need %d <= prio_min <= prio_max <= %d\n",
		       VRES_PRIO_LOWEST, VRES_PRIO_HIGHEST);
		return -EINVAL;
	}

	ret = vres_host_init();
	if (ret)
		return ret;
	ret = vres_sched_init();
	if (ret)
		goto exit_host;
	ret = vres_sysfs_init();
	if (ret)
		goto exit_sched;
	pr_info("loaded, priorities %d..%d\n", vres_prio_min, vres_prio_max);
	return 0;

exit_sched:
	vres_sched_exit();
exit_host:
	vres_host_exit();
	return ret;
}

static void __exit vres_exit(void)
{
	vres_sysfs_exit();
	vres_sched_exit();
	vres_host_exit();
	pr_info("unloaded\n");
}

module_init(vres_init);
module_exit(vres_exit);

MODULE_DESCRIPTION("vres: periodic CPU servers for KVM vCPU threads");
MODULE_AUTHOR("The vres authors");
MODULE_LICENSE("GPL");
MODULE_VERSION("0.1.0");
