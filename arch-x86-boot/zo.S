/* SPDX-License-Identifier: MIT */
/*
 * The protected-mode part of the image: the linked decompressor, with the
 * compressed kernel inside it (ZO_FILE: scripts/mkbzimage assembles this
 * once per wrapped kernel).  setup.ld places it after the setup sectors.
 */
	.section ".zo", "a", @progbits
	.incbin	ZO_FILE
