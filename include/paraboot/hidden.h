/* SPDX-License-Identifier: MIT */
/*
 * Included first in every position-independent object: all symbols are
 * resolved within the image, so the compiler addresses them relative to
 * the code instead of through a GOT that would need relocating.
 */
#pragma GCC visibility push(hidden)
