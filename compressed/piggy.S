/* SPDX-License-Identifier: MIT */
/*
 * The kernel payload and what the decompressor must know about that
 * kernel, assembled by scripts/mkbzimage once per wrapped kernel (the rest
 * of the decompressor is built once per bitness):
 *
 *   PAYLOAD_FILE        the payload: gzip of the kernel ELF, or the ELF
 *   Z_OUTPUT_LEN        the ELF's size
 *   Z_OUTPUT_CRC32      the ELF's CRC-32: only that ELF is loaded
 *   KERNEL_SPACE_START  pref_address: the lowest PT_LOAD p_paddr, page down
 *   KERNEL_SPACE_END    the highest p_paddr + p_memsz, page up
 *
 * header.S's payload_offset and payload_length point at input_data, so
 * loaders (and Xen's domain builders) can find the ELF without us.
 */
	.section ".rodata..compressed", "a", @progbits
	.globl	input_data, input_data_end
input_data:
	.incbin	PAYLOAD_FILE
input_data_end:

	.section ".rodata", "a", @progbits
	.balign	4
	.globl	z_input_len, z_output_len, z_output_crc32
	.globl	kernel_space_start, kernel_space_end
z_input_len:
	.long	input_data_end - input_data
z_output_len:
	.long	Z_OUTPUT_LEN
z_output_crc32:
	.long	Z_OUTPUT_CRC32
kernel_space_start:
	.long	KERNEL_SPACE_START
kernel_space_end:
	.long	KERNEL_SPACE_END
