// SPDX-License-Identifier: GPL-2.0
/*
 * vres: periodic CPU servers for KVM vCPU threads.
 *
 * Module entry points and the root of the sysfs tree, /sys/kernel/vres.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/sysfs.h>

#include "compat.h"

#define VRES_VERSION "0.1.0"

static struct kobject *vres_root_kobj;

static ssize_t version_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%s\n", VRES_VERSION);
}
static struct kobj_attribute version_attr = __ATTR_RO(version);

static struct attribute *vres_root_attrs[] = {
	&version_attr.attr,
	NULL,
};

static const struct attribute_group vres_root_group = {
	.attrs = vres_root_attrs,
};

static int __init vres_init(void)
{
	int ret;

	vres_root_kobj = kobject_create_and_add("vres", kernel_kobj);
	if (!vres_root_kobj)
		return -ENOMEM;

	ret = sysfs_create_group(vres_root_kobj, &vres_root_group);
	if (ret)
		goto put_root;

	pr_info("version %s loaded\n", VRES_VERSION);
	return 0;

put_root:
	kobject_put(vres_root_kobj);
	return ret;
}

static void __exit vres_exit(void)
{
	kobject_put(vres_root_kobj);
	pr_info("unloaded\n");
}

module_init(vres_init);
module_exit(vres_exit);

MODULE_DESCRIPTION("vres: periodic CPU servers for KVM vCPU threads");
MODULE_AUTHOR("The vres authors");
MODULE_LICENSE("GPL");
MODULE_VERSION(VRES_VERSION);
