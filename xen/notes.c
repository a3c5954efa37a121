// SPDX-License-Identifier: MIT
/*
 * The Xen ELF notes (public/elfnote.h) that make the kernel a PV guest,
 * 64-bit or 32-bit PAE, in a PT_NOTE segment of vmlinux (see
 * vmlinux.lds.S).  A domain builder reads them; a PC never looks, so they
 * cost nothing natively.
 *
 * VIRT_BASE 0 and PADDR_OFFSET 0: the builder maps the kernel where its
 * physical addresses say, virtual == pseudo-physical; xen/early.c then
 * remaps everything to PAGE_OFFSET itself.
 */
#include <paraboot/elf.h>
#include <paraboot/layout.h>
#include <paraboot/xen.h>

extern char startup_xen[], hypercall_page[], pvh_start[];

/* Notes are 4-byte aligned records with no gaps: packed, aligned(4). */
#define NOTE_ATTRS __used __section(".note.Xen") __aligned(4)

#define XEN_NOTE_STR(var, type, str)					\
	static const struct {						\
		Elf_Nhdr h;						\
		char name[4];						\
		char desc[ALIGN_UP(sizeof(str), 4)];			\
	} __packed var NOTE_ATTRS = {					\
		{ 4, sizeof(str), type }, "Xen", str			\
	}

/* A number is a long: an i386 ELF cannot hold a 64-bit address reloc,
 * and Xen reads numeric notes of 1, 2, 4 or 8 bytes alike. */
#define XEN_NOTE_NUM(var, type, value)					\
	static const struct {						\
		Elf_Nhdr h;						\
		char name[4];						\
		unsigned long desc;					\
	} __packed var NOTE_ATTRS = {					\
		{ 4, sizeof(long), type }, "Xen", (value)		\
	}

#define PHYS(sym)	((unsigned long)(sym) - PAGE_OFFSET)

XEN_NOTE_STR(note_guest_os, XEN_ELFNOTE_GUEST_OS, "paraboot");
XEN_NOTE_STR(note_guest_version, XEN_ELFNOTE_GUEST_VERSION, PARABOOT_VERSION);
XEN_NOTE_STR(note_xen_version, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
XEN_NOTE_STR(note_loader, XEN_ELFNOTE_LOADER, "generic");
XEN_NOTE_NUM(note_virt_base, XEN_ELFNOTE_VIRT_BASE, 0);
XEN_NOTE_NUM(note_paddr_offset, XEN_ELFNOTE_PADDR_OFFSET, 0);
XEN_NOTE_NUM(note_entry, XEN_ELFNOTE_ENTRY, PHYS(startup_xen));
/* Read by PVH loaders, which need no other note (arch-x86-kernel/pvh_entry.S).
 * Keep every note in this one PT_NOTE: some loaders read only the last. */
XEN_NOTE_NUM(note_phys32_entry, XEN_ELFNOTE_PHYS32_ENTRY, PHYS(pvh_start));
XEN_NOTE_NUM(note_hypercall_page, XEN_ELFNOTE_HYPERCALL_PAGE,
	     PHYS(hypercall_page));
/*
 * Supported, not required: paraboot changes live page tables only through
 * mmu_update, so it works whether or not Xen emulates direct writes; and
 * it hands Xen machine frame numbers as they are, so a 32-bit guest's
 * PDPT may live above 4 GiB.
 */
#ifdef __x86_64__
#define FEATURES	"writable_page_tables"
#define FEATURE_BITS	(1UL << XENFEAT_writable_page_tables)
#else
#define FEATURES	"writable_page_tables|pae_pgdir_above_4gb"
#define FEATURE_BITS	((1UL << XENFEAT_writable_page_tables) | \
			 (1UL << XENFEAT_pae_pgdir_above_4gb))
#endif
XEN_NOTE_STR(note_features, XEN_ELFNOTE_FEATURES, FEATURES);
XEN_NOTE_NUM(note_supported, XEN_ELFNOTE_SUPPORTED_FEATURES,
	     FEATURE_BITS | (1UL << XENFEAT_dom0));

#ifndef __x86_64__
/* 64-bit Xen runs only PAE 32-bit guests ("xen-3.0-x86_32p"). */
XEN_NOTE_STR(note_pae_mode, XEN_ELFNOTE_PAE_MODE, "yes");
/* The direct map ends where the hypervisor's hole begins: ask for it as
 * high as Xen will put it. */
XEN_NOTE_NUM(note_hv_start_low, XEN_ELFNOTE_HV_START_LOW, XEN_HV_START_LOW);
#endif
