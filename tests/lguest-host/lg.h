/* SPDX-License-Identifier: MIT */
/*
 * The test lguest host: one guest, run in ring 1 on shadow page tables by
 * this ring-0 monitor, speaking the Linux 2.6.24 launcher/host ABI
 * (<paraboot/lguest.h>; Linux 2.6.24's drivers/lguest/).
 *
 * Memory: the monitor runs identity-mapped (host virtual == host physical);
 * guest-physical X is host-physical lg.base + X, X < lg.mem.  The top 4 MiB
 * of every address space (LGUEST_SWITCHER_ADDR) is the Switcher: the GDT,
 * IDT, TSS, trap entry code and the trap stack, shared by host and guest.
 */
#ifndef LG_H
#define LG_H

#include <paraboot/lguest.h>

/* The host's own segments: GDT entries 10 and 11, and the TSS at 16. */
#define HOST_CS		(LGUEST_GDT_HOST_CS << 3)	/* 0x50 */
#define HOST_DS		(LGUEST_GDT_HOST_DS << 3)	/* 0x58 */
#define HOST_TSS	(LGUEST_GDT_TSS << 3)		/* 0x80 */

#define SWITCHER_PGD_INDEX	(LGUEST_SWITCHER_ADDR >> 22)	/* 1023 */

/* Each trap entry stub is this long, so stub n is at switcher_entries + n*16. */
#define TRAP_STUB_SIZE	16

/* struct guest_regs, for switcher.S */
#define REGS_CS		60
#define REGS_SIZE	76

#ifndef __ASSEMBLY__

#include <paraboot/types.h>

/*
 * A trapped guest's registers, on the Switcher's trap stack: the segment
 * and general registers the entry code pushed, the trap number and error
 * code (0 if the CPU gave none), then the CPU's own ring 1 -> 0 frame.
 */
struct guest_regs {
	u32 gs, fs, es, ds;
	u32 edi, esi, ebp, esp_ignored, ebx, edx, ecx, eax;	/* pushal */
	u32 trapnum, errcode;
	u32 eip, cs, eflags, esp, ss;
};
ABI_OFFSET(struct guest_regs, cs, REGS_CS);
ABI_SIZE(struct guest_regs, REGS_SIZE);

struct lguest {
	/* The launcher's view (launcher.c). */
	u32 mem;			/* bytes of guest RAM */
	u8 *base;			/* host address of guest-physical 0 */
	u32 entry;			/* first guest EIP */
	u32 pgdir;			/* the launcher's identity page directory */
	/* The host's view (hypercalls.c, shadow.c). */
	bool initialized;		/* LHCALL_LGUEST_INIT done */
	u32 lguest_data;		/* guest-physical, once initialized */
	u32 next_hcall;			/* next slot of the async ring */
	u32 kernel_address;		/* from lguest_data: PAGE_OFFSET */
	u32 syscall_vec;
	u32 ts;				/* LHCALL_TS */
};
extern struct lguest lg;

/* Options from the host command line (-append). */
struct host_options {
	u32 mem_mb;
	bool keep_segments;
	u32 subarch;
	u32 version;
};

struct boot_info;

/* launcher.c: lay out guest memory as Documentation/lguest/lguest.c did. */
void launcher_setup(const struct boot_info *bi, const struct host_options *opt);

/* guestmem.c: guest-physical accesses, bounded by lg.mem. */
bool guest_range_ok(u32 gpa, u32 len);
void guest_read(void *dst, u32 gpa, u32 len);
void guest_write(u32 gpa, const void *src, u32 len);
u32 guest_read_u32(u32 gpa);
void guest_write_u32(u32 gpa, u32 v);

/* cpu.c: host paging, the Switcher's GDT/IDT/TSS, PICs, FPU. */
void cpu_init(void);
u32 switcher_pde(void);
void cpu_enter_guest(void);		/* runs the guest until it traps */
struct guest_regs *guest_regs(void);
u32 read_cr2(void);

/* shadow.c: the guest's page tables, shadowed. */
void shadow_init(u32 gpgdir);
u32 shadow_cr3(void);
bool shadow_demand_page(u32 vaddr, u32 errcode);
void shadow_new_pgtable(u32 gpgdir);
void shadow_clear_all(void);
void shadow_flush_user(void);
void shadow_set_pte(u32 gpgdir, u32 vaddr, u32 gpte);
void shadow_set_pmd(u32 gpgdir, u32 index);

/* hypercalls.c */
void do_hypercall(struct guest_regs *regs);

/* traps.c: the run loop, and how the guest (or the host) ends. */
void __noreturn run_guest(void);
void __noreturn kill_guest(const char *fmt, ...) __printf(1, 2);
void __noreturn guest_crashed(const char *msg);
void __noreturn host_error(const char *fmt, ...) __printf(1, 2);
void host_message(const char *fmt, ...) __printf(1, 2);

/* rtc.c */
u32 rtc_unix_time(void);

#endif /* !__ASSEMBLY__ */
#endif
