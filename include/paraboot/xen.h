/* SPDX-License-Identifier: MIT */
/*
 * The Xen PV ABI paraboot's guests use, 64-bit and 32-bit PAE: ELF notes,
 * start_info, hypercall numbers and argument structures, the console
 * ring.  Facts from Xen 4.17's public headers (xen/include/public/:
 * xen.h, elfnote.h, features.h, version.h, memory.h, io/console.h,
 * arch-x86/xen-x86_{32,64}.h).  Xen's "unsigned long" and xen_ulong_t
 * are the guest's long, so one C layout serves both widths; both sets of
 * offsets are asserted below.
 */
#ifndef PARABOOT_XEN_H
#define PARABOOT_XEN_H

#include <paraboot/types.h>
#include <paraboot/x86.h>

/* ELF notes (public/elfnote.h), name "Xen". */
#define XEN_ELFNOTE_ENTRY		1
#define XEN_ELFNOTE_HYPERCALL_PAGE	2
#define XEN_ELFNOTE_VIRT_BASE		3
#define XEN_ELFNOTE_PADDR_OFFSET	4
#define XEN_ELFNOTE_XEN_VERSION		5
#define XEN_ELFNOTE_GUEST_OS		6
#define XEN_ELFNOTE_GUEST_VERSION	7
#define XEN_ELFNOTE_LOADER		8
#define XEN_ELFNOTE_PAE_MODE		9
#define XEN_ELFNOTE_FEATURES		10
#define XEN_ELFNOTE_HV_START_LOW	12
#define XEN_ELFNOTE_SUPPORTED_FEATURES	17
#define XEN_ELFNOTE_PHYS32_ENTRY	18	/* PVH, see <paraboot/pvh.h> */

/* public/features.h */
#define XENFEAT_writable_page_tables	0
#define XENFEAT_pae_pgdir_above_4gb	4
#define XENFEAT_dom0			11

/* Hypercalls (public/xen.h): stub N of the hypercall page, 32 bytes each. */
#define __HYPERVISOR_set_trap_table	0
#define __HYPERVISOR_mmu_update		1
#define __HYPERVISOR_memory_op		12
#define __HYPERVISOR_update_va_mapping	14
#define __HYPERVISOR_xen_version	17
#define __HYPERVISOR_console_io		18
#define __HYPERVISOR_mmuext_op		26
#define __HYPERVISOR_sched_op		29
#define __HYPERVISOR_event_channel_op	32
#define XEN_HYPERCALL_STUB_SIZE		32

#define DOMID_SELF			0x7ff0U

/* mmu_update: the low bits of ptr say what to do. */
#define MMU_NORMAL_PT_UPDATE		0

/* mmuext_op commands; arguments are machine frame numbers. */
#define MMUEXT_PIN_L3_TABLE		2
#define MMUEXT_PIN_L4_TABLE		3
#define MMUEXT_UNPIN_TABLE		4
#define MMUEXT_NEW_BASEPTR		5
#define MMUEXT_TLB_FLUSH_LOCAL		6
#define MMUEXT_NEW_USER_BASEPTR		15	/* 64-bit only */

/* update_va_mapping flags */
#define UVMF_INVLPG			2

#define CONSOLEIO_write			0
#define SCHEDOP_shutdown		2
#define SHUTDOWN_poweroff		0
#define SHUTDOWN_crash			3
#define EVTCHNOP_send			4
#define XENMEM_memory_map		9
#define XENMEM_machphys_mapping		12
#define XENVER_platform_parameters	5

/* start_info.flags */
#define SIF_PRIVILEGED			(1 << 0)
#define SIF_INITDOMAIN			(1 << 1)
#define SIF_MOD_START_PFN		(1 << 3)

#define MAX_GUEST_CMDLINE		1024

#ifdef __x86_64__
/* A 64-bit PV kernel runs in ring 3 on a 4-level table it pins as an L4
 * (public/arch-x86/xen-x86_64.h).  The magic has a "p" after it when the
 * kernel says PAE_MODE: compare the prefix only. */
#define XEN_START_INFO_MAGIC		"xen-3.0-x86_64"
#define FLAT_KERNEL_CS			0xe033
#define MMUEXT_PIN_ROOT_TABLE		MMUEXT_PIN_L4_TABLE
/* Ring 3: Xen sets _PAGE_USER on every kernel mapping anyway. */
#define XEN_PTE_KERNEL			(PTE_P | PTE_US | PTE_A | PTE_D)
#define XEN_ABI(off64, off32)		(off64)
#else
/* A 32-bit PV kernel on 64-bit Xen runs in ring 1 on PAE tables whose
 * PDPT it pins as an L3 (public/arch-x86/xen-x86_32.h). */
#define XEN_START_INFO_MAGIC		"xen-3.0-x86_32p"
#define FLAT_KERNEL_CS			0xe019
#define MMUEXT_PIN_ROOT_TABLE		MMUEXT_PIN_L3_TABLE
#define XEN_PTE_KERNEL			(PTE_P | PTE_A | PTE_D)
#define XEN_ABI(off64, off32)		(off32)
/* The lowest start of the hypervisor hole the kernel accepts
 * (HV_START_LOW): Xen's default, __HYPERVISOR_VIRT_START_PAE. */
#define XEN_HV_START_LOW		0xf5800000
#endif

/* What the image's hypercall page holds until Xen fills it (int3). */
#define XEN_HYPERCALL_PAGE_FILLER	0xcc

#ifndef __ASSEMBLY__

struct start_info {
	char magic[32];
	unsigned long nr_pages;
	unsigned long shared_info;	/* machine address */
	u32 flags;
	unsigned long store_mfn;
	u32 store_evtchn;
	union {
		struct {
			unsigned long mfn;
			u32 evtchn;
		} domU;
		struct {
			u32 info_off;
			u32 info_size;
		} dom0;
	} console;
	unsigned long pt_base;		/* virtual */
	unsigned long nr_pt_frames;
	unsigned long mfn_list;		/* virtual: the p2m */
	unsigned long mod_start;	/* virtual, or a pfn with SIF_MOD_START_PFN */
	unsigned long mod_len;
	char cmd_line[MAX_GUEST_CMDLINE];
	unsigned long first_p2m_pfn;
	unsigned long nr_p2m_frames;
};

struct mmu_update {
	u64 ptr;			/* machine address of the entry | command */
	u64 val;
};

struct mmuext_op {
	u32 cmd;
	union {
		unsigned long mfn;
		unsigned long linear_addr;
	} arg1;
	union {
		u32 nr_ents;
		unsigned long src_mfn;
	} arg2;
};

struct xen_trap_info {
	u8 vector;
	u8 flags;			/* bits 0-1: DPL */
	u16 cs;
	unsigned long address;
};

struct sched_shutdown {
	u32 reason;
};

struct evtchn_send {
	u32 port;
};

struct xen_memory_map {
	u32 nr_entries;
	void *buffer;			/* struct boot_e820_entry[] */
};

/* Where the read-only machine-to-physical table is mapped. */
struct xen_machphys_mapping {
	unsigned long v_start, v_end;
	unsigned long max_mfn;
};

/* Where the hypervisor's part of the address space starts. */
struct xen_platform_parameters {
	unsigned long virt_start;
};

/* public/io/console.h: the PV console ring of a domU. */
struct xencons_interface {
	char in[1024];
	char out[2048];
	u32 in_cons, in_prod;
	u32 out_cons, out_prod;
};

ABI_OFFSET(struct start_info, nr_pages, XEN_ABI(32, 32));
ABI_OFFSET(struct start_info, shared_info, XEN_ABI(40, 36));
ABI_OFFSET(struct start_info, flags, XEN_ABI(48, 40));
ABI_OFFSET(struct start_info, store_mfn, XEN_ABI(56, 44));
ABI_OFFSET(struct start_info, store_evtchn, XEN_ABI(64, 48));
ABI_OFFSET(struct start_info, console, XEN_ABI(72, 52));
ABI_OFFSET(struct start_info, console.domU.evtchn, XEN_ABI(80, 56));
ABI_OFFSET(struct start_info, pt_base, XEN_ABI(88, 60));
ABI_OFFSET(struct start_info, nr_pt_frames, XEN_ABI(96, 64));
ABI_OFFSET(struct start_info, mfn_list, XEN_ABI(104, 68));
ABI_OFFSET(struct start_info, mod_start, XEN_ABI(112, 72));
ABI_OFFSET(struct start_info, mod_len, XEN_ABI(120, 76));
ABI_OFFSET(struct start_info, cmd_line, XEN_ABI(128, 80));
ABI_OFFSET(struct start_info, first_p2m_pfn, XEN_ABI(1152, 1104));
ABI_OFFSET(struct start_info, nr_p2m_frames, XEN_ABI(1160, 1108));
ABI_SIZE(struct start_info, XEN_ABI(1168, 1112));
ABI_SIZE(struct mmu_update, 16);
ABI_OFFSET(struct mmuext_op, arg1, XEN_ABI(8, 4));
ABI_OFFSET(struct mmuext_op, arg2, XEN_ABI(16, 8));
ABI_SIZE(struct mmuext_op, XEN_ABI(24, 12));
ABI_OFFSET(struct xen_trap_info, address, XEN_ABI(8, 4));
ABI_SIZE(struct xen_trap_info, XEN_ABI(16, 8));
ABI_OFFSET(struct xen_memory_map, buffer, XEN_ABI(8, 4));
ABI_SIZE(struct xen_machphys_mapping, XEN_ABI(24, 12));
ABI_SIZE(struct xen_platform_parameters, XEN_ABI(8, 4));
ABI_OFFSET(struct xencons_interface, out, 1024);
ABI_OFFSET(struct xencons_interface, out_cons, 3080);
ABI_OFFSET(struct xencons_interface, out_prod, 3084);

#endif /* !__ASSEMBLY__ */
#endif
