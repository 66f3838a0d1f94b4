#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""kvmlib_test.py: the KVM tests' trace arithmetic on made-up traces.

Runs on the host (make check's kvmlib stage): no VM, no KVM, no vres.
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kvmlib  # noqa: E402

US = 1000
TID = 42


def switch(ts, prev, nxt):
    return (ts, "sched_switch", {"prev_pid": str(prev), "next_pid": str(nxt)})


def throttle(ts, used):
    return (ts, "vres_throttle", {"server": "g", "used": str(used)})


def unthrottle(ts):
    return (ts, "vres_unthrottle", {"server": "g"})


class ThrottleLatencies(unittest.TestCase):
    def test_throttle_and_wake(self):
        """Budget out -> off the CPU, boundary -> back on: both measured."""
        ev = [switch(0, 0, TID),
              throttle(1000 * US, 40000 * US + 3 * US),
              switch(1020 * US, TID, 0),
              unthrottle(2000 * US),
              switch(2019 * US, 0, TID)]
        off, back, back_qemu, overtaken = kvmlib.throttle_latencies(
            ev, "g", TID, 40000 * US)
        self.assertEqual(off, [23 * US])
        self.assertEqual(back, [19 * US])
        self.assertEqual((back_qemu, overtaken), ([], 0))

    def test_boundary_overtakes_throttle(self):
        """A boundary while the thread is still on the CPU wakes nothing.

        The thread's budget ran out just before the boundary; it is still
        on the CPU at the unthrottle, keeps running, blocks 5 ms later and
        is switched back in 7 ms after the boundary. That is no wake-up
        latency (kvm_test once failed on such a 7 ms "wake", December 2026).
        """
        ev = [switch(0, 0, TID),
              throttle(1990 * US, 40000 * US),
              unthrottle(2000 * US),
              switch(7000 * US, TID, 0),
              switch(9000 * US, 0, TID)]
        off, back, back_qemu, overtaken = kvmlib.throttle_latencies(
            ev, "g", TID, 40000 * US)
        self.assertEqual(back, [])
        self.assertEqual(overtaken, 1)

    def test_exit_to_qemu_apart(self):
        """A period with an exit to QEMU is measured apart."""
        ev = [switch(0, TID, 0),
              (500 * US, "kvm_userspace_exit", {}),
              unthrottle(2000 * US),
              switch(2100 * US, 0, TID)]
        _, back, back_qemu, _ = kvmlib.throttle_latencies(
            ev, "g", TID, 40000 * US)
        self.assertEqual((back, back_qemu), ([], [100 * US]))

    def test_unknown_state_not_counted(self):
        """Before the trace saw the thread switch, a boundary is left out."""
        ev = [unthrottle(2000 * US), switch(2100 * US, 0, TID)]
        _, back, _, overtaken = kvmlib.throttle_latencies(
            ev, "g", TID, 40000 * US)
        self.assertEqual((back, overtaken), ([], 0))


if __name__ == "__main__":
    unittest.main()
