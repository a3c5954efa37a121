// SPDX-License-Identifier: MIT
/*
 * The Xen ELF notes (public/elfnote.h) that make the x86_64 kernel a PV
 * guest, in a PT_NOTE segment of vmlinux (see vmlinux.lds.S).  A domain
 * builder reads them; a PC never looks, so they cost nothing natively.
 *
 * VIRT_BASE 0 and PADDR_OFFSET 0: the builder maps the kernel where its
 * physical addresses say, virtual == pseudo-physical; xen/early.c then
 * remaps everything to PAGE_OFFSET itself.
 */
#include <paraboot/elf.h>
#include <paraboot/layout.h>
#include <paraboot/xen.h>

extern char startup_xen[], hypercall_page[];

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

#define XEN_NOTE_U64(var, type, value)					\
	static const struct {						\
		Elf_Nhdr h;						\
		char name[4];						\
		u64 desc;						\
	} __packed var NOTE_ATTRS = {					\
		{ 4, sizeof(u64), type }, "Xen", (value)		\
	}

#define PHYS(sym)	((unsigned long)(sym) - PAGE_OFFSET)

XEN_NOTE_STR(note_guest_os, XEN_ELFNOTE_GUEST_OS, "paraboot");
XEN_NOTE_STR(note_guest_version, XEN_ELFNOTE_GUEST_VERSION, PARABOOT_VERSION);
XEN_NOTE_STR(note_xen_version, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
XEN_NOTE_STR(note_loader, XEN_ELFNOTE_LOADER, "generic");
XEN_NOTE_U64(note_virt_base, XEN_ELFNOTE_VIRT_BASE, 0);
XEN_NOTE_U64(note_paddr_offset, XEN_ELFNOTE_PADDR_OFFSET, 0);
XEN_NOTE_U64(note_entry, XEN_ELFNOTE_ENTRY, PHYS(startup_xen));
XEN_NOTE_U64(note_hypercall_page, XEN_ELFNOTE_HYPERCALL_PAGE,
	     PHYS(hypercall_page));
/* Supported, not required: paraboot changes live page tables only through
 * mmu_update, so it works whether or not Xen emulates direct writes. */
XEN_NOTE_STR(note_features, XEN_ELFNOTE_FEATURES, "writable_page_tables");
XEN_NOTE_U64(note_supported, XEN_ELFNOTE_SUPPORTED_FEATURES,
	     (1ULL << XENFEAT_writable_page_tables) | (1ULL << XENFEAT_dom0));
