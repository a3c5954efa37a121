/* SPDX-License-Identifier: MIT */
/*
 * The compressed kernel: vmlinux.bin.gz, pulled into the protected-mode
 * part whole.  header.S's payload_offset and payload_length point here, so
 * loaders (and Xen's domain builders) can find the ELF without us.
 */
#include "payload.h"

	.section ".rodata..compressed", "a", @progbits
	.globl	input_data, input_data_end
input_data:
	.incbin	PAYLOAD_FILE
input_data_end:

	.section ".rodata", "a", @progbits
	.balign	4
	.globl	z_input_len, z_output_len
z_input_len:
	.long	input_data_end - input_data
z_output_len:
	.long	Z_OUTPUT_LEN
