/* SPDX-License-Identifier: GPL-2.0 */
/*
 * spin.S - the firmware of the guest that selftests/vres/qemu_test.sh and
 * "make demo" run in QEMU (-bios spin.rom): 64 KiB whose x86 reset vector
 * jumps to a loop that never halts, so the vCPU thread always wants the
 * CPU, and that writes one byte to the serial port (0x3f8) every 2^18
 * iterations, so that the guest's progress can be counted from outside.
 *
 * Real mode: the reset vector is the last 16 bytes, at F000:FFF0; the ROM
 * is also mapped at F000:0000, where the loop is.
 */
	.code16
	.text
	.globl	_start
_start:
	cli
	xorl	%ebx, %ebx
	movw	$0x3f8, %dx
1:	incl	%ebx
	testl	$0x3ffff, %ebx
	jnz	1b
	movb	$'.', %al
	outb	%al, %dx
	jmp	1b

	.org	0xfff0
	ljmp	$0xf000, $0		/* _start */
	.org	0x10000
