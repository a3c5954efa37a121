/* SPDX-License-Identifier: MIT */
/*
 * Hypercalls through the page Xen filled (XEN_ELFNOTE_HYPERCALL_PAGE):
 * call stub N (public/xen.h).  64-bit: arguments in %rdi, %rsi, %rdx,
 * %r10, %r8, and the stub saves %rcx and %r11 around syscall.  32-bit:
 * arguments in %ebx, %ecx, %edx, %esi, %edi, and the stub is
 * "int $0x82".  Either way the result is in %eax/%rax and the argument
 * registers may come back clobbered (debug builds of Xen do so on
 * purpose).  The call is PC-relative, so these work before and after the
 * remap alike.
 */
#ifndef XEN_HYPERCALL_H
#define XEN_HYPERCALL_H

#include <paraboot/xen.h>

extern char hypercall_page[];

#ifdef __x86_64__
#define HC_A1		"rdi"
#define HC_A2		"rsi"
#define HC_A3		"rdx"
#define HC_A4		"r10"
#define HC_CLOBBERS	"r8", "r9", "r11"
#else
#define HC_A1		"ebx"
#define HC_A2		"ecx"
#define HC_A3		"edx"
#define HC_A4		"esi"
#define HC_CLOBBERS	"edi"
#endif

#define _hypercall(nr, a1, a2, a3, a4)					\
({									\
	register unsigned long __a1 asm(HC_A1) = (unsigned long)(a1);	\
	register unsigned long __a2 asm(HC_A2) = (unsigned long)(a2);	\
	register unsigned long __a3 asm(HC_A3) = (unsigned long)(a3);	\
	register unsigned long __a4 asm(HC_A4) = (unsigned long)(a4);	\
	long __ret;							\
	asm volatile("call hypercall_page + %c[off]"			\
		     : "=a"(__ret), "+r"(__a1), "+r"(__a2), "+r"(__a3),	\
		       "+r"(__a4)					\
		     : [off] "i"((nr) * XEN_HYPERCALL_STUB_SIZE)	\
		     : "memory", "cc", HC_CLOBBERS);			\
	__ret;								\
})

static inline long HYPERVISOR_console_io(int cmd, int count, const char *buf)
{
	return _hypercall(__HYPERVISOR_console_io, cmd, count, buf, 0);
}

static inline long HYPERVISOR_mmu_update(struct mmu_update *req,
					 unsigned int count)
{
	return _hypercall(__HYPERVISOR_mmu_update, req, count, 0, DOMID_SELF);
}

static inline long HYPERVISOR_mmuext_op(struct mmuext_op *op,
					unsigned int count)
{
	return _hypercall(__HYPERVISOR_mmuext_op, op, count, 0, DOMID_SELF);
}

/* The entry is 64 bits wide on both: 32-bit passes it in two halves. */
static inline long HYPERVISOR_update_va_mapping(unsigned long va, u64 pte,
						unsigned long flags)
{
#ifdef __x86_64__
	return _hypercall(__HYPERVISOR_update_va_mapping, va, pte, flags, 0);
#else
	return _hypercall(__HYPERVISOR_update_va_mapping, va, (u32)pte,
			  (u32)(pte >> 32), flags);
#endif
}

static inline long HYPERVISOR_sched_op(int cmd, void *arg)
{
	return _hypercall(__HYPERVISOR_sched_op, cmd, arg, 0, 0);
}

static inline long HYPERVISOR_memory_op(int cmd, void *arg)
{
	return _hypercall(__HYPERVISOR_memory_op, cmd, arg, 0, 0);
}

static inline long HYPERVISOR_xen_version(int cmd, void *arg)
{
	return _hypercall(__HYPERVISOR_xen_version, cmd, arg, 0, 0);
}

static inline long HYPERVISOR_event_channel_op(int cmd, void *arg)
{
	return _hypercall(__HYPERVISOR_event_channel_op, cmd, arg, 0, 0);
}

static inline long HYPERVISOR_set_trap_table(const struct xen_trap_info *t)
{
	return _hypercall(__HYPERVISOR_set_trap_table, t, 0, 0, 0);
}

#endif
