/* SPDX-License-Identifier: MIT */
/*
 * Boot protocol 2.15's kernel_info, found through kernel_info_offset: the
 * "LToP" header with its size and total size.  paraboot has nothing to put
 * in its variable part.
 */
	.section ".rodata.kernel_info", "a"
	.balign	4
	.globl	kernel_info
kernel_info:
	.ascii	"LToP"
	.long	kernel_info_var_len_data - kernel_info	/* size */
	.long	kernel_info_end - kernel_info		/* size_total */
kernel_info_var_len_data:
kernel_info_end:
