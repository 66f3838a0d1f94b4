/* SPDX-License-Identifier: GPL-2.0 */
/* apply_config.h - vresctl apply --config (apply_config.c). */
#ifndef VRESCTL_APPLY_CONFIG_H
#define VRESCTL_APPLY_CONFIG_H

#include <stdbool.h>

int apply_config(char **paths, int nr, bool json);

#endif /* VRESCTL_APPLY_CONFIG_H */
