/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ratio.h - the largest R_i/D_i of a task set on a server (ratio.c).
 */
#ifndef VRES_RATIO_H
#define VRES_RATIO_H

#include "vres_analysis.h"

int rta_worst_ratio(const struct vres_task *tasks, unsigned int n,
		    const struct vres_resource *srv, double cap,
		    struct vres_task *scratch, u64 *resp, double *ratio);

#endif /* VRES_RATIO_H */
