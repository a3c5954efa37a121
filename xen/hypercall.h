/* SPDX-License-Identifier: MIT */
/*
 * Hypercalls through the page Xen filled (XEN_ELFNOTE_HYPERCALL_PAGE):
 * call stub N, arguments in %rdi, %rsi, %rdx, %r10, %r8, result in %rax.
 * The stubs save %rcx and %r11 around syscall; the argument registers
 * come back clobbered.  The call is PC-relative, so these work before and
 * after the remap alike.
 */
#ifndef XEN_HYPERCALL_H
#define XEN_HYPERCALL_H

#include <paraboot/xen.h>

extern char hypercall_page[];

#define _hypercall(nr, a1, a2, a3, a4)					\
({									\
	register unsigned long __a1 asm("rdi") = (unsigned long)(a1);	\
	register unsigned long __a2 asm("rsi") = (unsigned long)(a2);	\
	register unsigned long __a3 asm("rdx") = (unsigned long)(a3);	\
	register unsigned long __a4 asm("r10") = (unsigned long)(a4);	\
	long __ret;							\
	asm volatile("call hypercall_page + %c[off]"			\
		     : "=a"(__ret), "+r"(__a1), "+r"(__a2), "+r"(__a3),	\
		       "+r"(__a4)					\
		     : [off] "i"((nr) * XEN_HYPERCALL_STUB_SIZE)	\
		     : "memory", "r8", "r9", "r11", "cc");		\
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

static inline long HYPERVISOR_update_va_mapping(unsigned long va, u64 pte,
						unsigned long flags)
{
	return _hypercall(__HYPERVISOR_update_va_mapping, va, pte, flags, 0);
}

static inline long HYPERVISOR_sched_op(int cmd, void *arg)
{
	return _hypercall(__HYPERVISOR_sched_op, cmd, arg, 0, 0);
}

static inline long HYPERVISOR_memory_op(int cmd, void *arg)
{
	return _hypercall(__HYPERVISOR_memory_op, cmd, arg, 0, 0);
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
