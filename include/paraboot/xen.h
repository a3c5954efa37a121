/* SPDX-License-Identifier: MIT */
/*
 * The Xen PV ABI paraboot's x86_64 guest uses: ELF notes, start_info,
 * hypercall numbers and argument structures, the console ring.  Facts
 * from Xen 4.17's public headers (xen/include/public/, see
 * ../shared/ref/xen-pv-abi.md); layouts are the 64-bit ones, asserted below.
 */
#ifndef PARABOOT_XEN_H
#define PARABOOT_XEN_H

#include <paraboot/types.h>

/* ELF notes (public/elfnote.h), name "Xen". */
#define XEN_ELFNOTE_ENTRY		1
#define XEN_ELFNOTE_HYPERCALL_PAGE	2
#define XEN_ELFNOTE_VIRT_BASE		3
#define XEN_ELFNOTE_PADDR_OFFSET	4
#define XEN_ELFNOTE_XEN_VERSION		5
#define XEN_ELFNOTE_GUEST_OS		6
#define XEN_ELFNOTE_GUEST_VERSION	7
#define XEN_ELFNOTE_LOADER		8
#define XEN_ELFNOTE_FEATURES		10
#define XEN_ELFNOTE_SUPPORTED_FEATURES	17

/* public/features.h */
#define XENFEAT_writable_page_tables	0
#define XENFEAT_dom0			11

/* Hypercalls (public/xen.h): stub N of the hypercall page, 32 bytes each. */
#define __HYPERVISOR_set_trap_table	0
#define __HYPERVISOR_mmu_update		1
#define __HYPERVISOR_memory_op		12
#define __HYPERVISOR_update_va_mapping	14
#define __HYPERVISOR_console_io		18
#define __HYPERVISOR_mmuext_op		26
#define __HYPERVISOR_sched_op		29
#define __HYPERVISOR_event_channel_op	32
#define XEN_HYPERCALL_STUB_SIZE		32

#define DOMID_SELF			0x7ff0U

/* mmu_update: the low bits of ptr say what to do. */
#define MMU_NORMAL_PT_UPDATE		0

/* mmuext_op commands; arguments are machine frame numbers. */
#define MMUEXT_PIN_L4_TABLE		3
#define MMUEXT_UNPIN_TABLE		4
#define MMUEXT_NEW_BASEPTR		5
#define MMUEXT_TLB_FLUSH_LOCAL		6
#define MMUEXT_NEW_USER_BASEPTR		15

/* update_va_mapping flags */
#define UVMF_INVLPG			2

#define CONSOLEIO_write			0
#define SCHEDOP_shutdown		2
#define SHUTDOWN_poweroff		0
#define SHUTDOWN_crash			3
#define EVTCHNOP_send			4
#define XENMEM_memory_map		9

/* start_info.flags */
#define SIF_PRIVILEGED			(1 << 0)
#define SIF_INITDOMAIN			(1 << 1)
#define SIF_MOD_START_PFN		(1 << 3)

#define XEN_START_INFO_MAGIC		"xen-3.0-x86_64"
#define MAX_GUEST_CMDLINE		1024

/* 64-bit PV flat selectors (public/arch-x86/xen-x86_64.h). */
#define FLAT_KERNEL_CS64		0xe033

/* The read-only machine-to-physical table every 64-bit PV guest sees. */
#define MACH2PHYS_VIRT_START		0xffff800000000000ULL

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

/* public/io/console.h: the PV console ring of a domU. */
struct xencons_interface {
	char in[1024];
	char out[2048];
	u32 in_cons, in_prod;
	u32 out_cons, out_prod;
};

/* The start of shared_info: vcpu_info[0], whose arch part holds cr2. */
struct xen_vcpu_info {
	u8 evtchn_upcall_pending;
	u8 evtchn_upcall_mask;
	u8 pad[6];
	unsigned long evtchn_pending_sel;
	unsigned long cr2;
	unsigned long arch_pad;
	u8 time[32];
};

ABI_OFFSET(struct start_info, nr_pages, 32);
ABI_OFFSET(struct start_info, shared_info, 40);
ABI_OFFSET(struct start_info, flags, 48);
ABI_OFFSET(struct start_info, store_mfn, 56);
ABI_OFFSET(struct start_info, store_evtchn, 64);
ABI_OFFSET(struct start_info, console, 72);
ABI_OFFSET(struct start_info, console.domU.evtchn, 80);
ABI_OFFSET(struct start_info, pt_base, 88);
ABI_OFFSET(struct start_info, nr_pt_frames, 96);
ABI_OFFSET(struct start_info, mfn_list, 104);
ABI_OFFSET(struct start_info, mod_start, 112);
ABI_OFFSET(struct start_info, mod_len, 120);
ABI_OFFSET(struct start_info, cmd_line, 128);
ABI_OFFSET(struct start_info, first_p2m_pfn, 1152);
ABI_OFFSET(struct start_info, nr_p2m_frames, 1160);
ABI_SIZE(struct start_info, 1168);
ABI_SIZE(struct mmu_update, 16);
ABI_OFFSET(struct mmuext_op, arg1, 8);
ABI_OFFSET(struct mmuext_op, arg2, 16);
ABI_SIZE(struct mmuext_op, 24);
ABI_OFFSET(struct xen_trap_info, address, 8);
ABI_SIZE(struct xen_trap_info, 16);
ABI_OFFSET(struct xen_memory_map, buffer, 8);
ABI_OFFSET(struct xencons_interface, out, 1024);
ABI_OFFSET(struct xencons_interface, out_cons, 3080);
ABI_OFFSET(struct xencons_interface, out_prod, 3084);
ABI_OFFSET(struct xen_vcpu_info, cr2, 16);
ABI_SIZE(struct xen_vcpu_info, 64);

#endif /* !__ASSEMBLY__ */
#endif
