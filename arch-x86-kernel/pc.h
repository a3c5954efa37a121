/* SPDX-License-Identifier: MIT */
/* The PC subarchitecture's pieces (pc.c, traps.c, acpi.c). */
#ifndef PC_H
#define PC_H

#include "kernel.h"

/* Physical memory as a pointer: the direct map, or a temporary window
 * for what lies beyond it (valid until the next call).  NULL if the range
 * is larger than the window. */
const void *pc_map_phys(phys_addr_t pa, size_t len);

void acpi_power_off(void);

/* traps.c: the kernel's own GDT and an IDT that reports exceptions. */
void cpu_init(void);

#endif
