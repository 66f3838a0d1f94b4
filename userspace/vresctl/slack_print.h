/* SPDX-License-Identifier: GPL-2.0 */
/*
 * slack_print.h - printing the slack of a verdict (slack.h) through the
 * one text/JSON output path.
 */
#ifndef VRESCTL_SLACK_PRINT_H
#define VRESCTL_SLACK_PRINT_H

#include "output.h"
#include "slack.h"

void print_server_slack(struct out *o, const struct slack_problem *p,
			const struct slack_server *s);
void print_task_slack(struct out *o, const struct vres_task *t,
		      const struct slack_task *st);

#endif /* VRESCTL_SLACK_PRINT_H */
