/* SPDX-License-Identifier: MIT */
/*
 * The first 512 bytes of the bzImage and the boot-protocol header that a
 * loader reads at file offset 0x1f1, then the real-mode entry point.  The
 * first 512 bytes are also an MS-DOS stub and a PE/COFF header, so UEFI
 * firmware can start the same file as an EFI application (efi/stub.c).
 *
 * Every field a loader reads is computed, not typed: the setup and
 * protected-mode sizes by setup.ld; the payload's place in the decompressor
 * and the kernel's memory needs (the hdr_* symbols) by scripts/mkbzimage,
 * which links this setup once per wrapped kernel and defines them then, so
 * this object is the same for every kernel of its bitness.
 */
#include <paraboot/bootparam.h>
#include <paraboot/layout.h>
#include <paraboot/pe.h>
#include <paraboot/uart.h>
#include <paraboot/x86.h>
#include "boot.h"

#ifdef CONFIG_X86_64
/* boot.rst: XLF_CAN_BE_LOADED_ABOVE_4G, the protected-mode part may be
 * loaded above 4 GiB (the 64-bit entry moves it below, placement.c). */
#define IMAGE_XLOADFLAGS	(XLF_KERNEL_64 | XLF_CAN_BE_LOADED_ABOVE_4G | \
				 XLF_EFI_HANDOVER_64)
#define IMAGE_INITRD_ADDR_MAX	0x7fffffff
/* boot.rst: the 64-bit handover entry is at startup_32 + 0x200 +
 * handover_offset, the 32-bit one at startup_32 + handover_offset. */
#define HANDOVER_BIAS		BOOT_ENTRY_64_OFFSET
#define PE_MACHINE		IMAGE_FILE_MACHINE_AMD64
#define PE_FILE_FLAGS		0
#define PE_OPT_MAGIC		PE_OPT_MAGIC_PE32PLUS
#define PE_WORD			.quad
#else
#define IMAGE_XLOADFLAGS	XLF_EFI_HANDOVER_32
/* 3G/1G split: the initrd must lie in the 896 MiB direct map. */
#define IMAGE_INITRD_ADDR_MAX	0x37ffffff
#define HANDOVER_BIAS		0
#define PE_MACHINE		IMAGE_FILE_MACHINE_I386
#define PE_FILE_FLAGS		IMAGE_FILE_32BIT_MACHINE
#define PE_OPT_MAGIC		PE_OPT_MAGIC_PE32
#define PE_WORD			.long
#endif

/* GNU as: stop the build if a structure's field is not at its offset. */
.macro	check_offset base, field, want, what
	.if (\field - \base) != (\want)
	.error "\what is not at its PE/COFF offset"
	.endif
.endm

/*
 * The protected-mode part is relocatable (relocatable_kernel 1): the
 * position-independent decompressor runs wherever the loader put it and
 * first moves itself to the work area above the kernel (compressed/
 * placement.c), whose place is fixed: the kernel ELF is loaded at its
 * p_paddrs.  pref_address is LOAD_PHYSICAL_ADDR, where init_size is
 * counted from; kernel_alignment (1 MiB) is what we prefer, min_alignment
 * (4 KiB) what the decompressor needs: x86_64's startup_32 builds page
 * tables in its own image.
 */
#define IMAGE_KERNEL_ALIGN	0x100000
#define IMAGE_MIN_ALIGN_LG2	MIN_LOAD_ALIGN_LG2

	.code16
	.section ".bstext", "ax"
	.globl	bootsect_start
bootsect_start:
	/*
	 * "MZ", the MS-DOS signature that starts every PE file.  A BIOS that
	 * boots the image as a disk runs it as dec %bp; pop %dx, which harm
	 * nothing, and lands below.  paraboot needs a loader to place the
	 * kernel, so say that and reboot on a key.
	 */
	.word	MZ_MAGIC
	ljmp	$0x07c0, $.Lbs_start

	/*
	 * A pre-2.02 loader writes its command line's magic and offset
	 * here (boot.rst, "The Kernel Command Line"): keep these bytes out
	 * of the code, zero, so the image check knows what they were.
	 */
	.org	BP_cl_magic, 0
	.word	0, 0

	/* The MS-DOS header's last field: the file offset of the PE header. */
	.org	MZ_PE_OFFSET, 0
	.long	pe_header
.Lbs_start:
	movw	%cs, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	xorw	%sp, %sp
	sti
	cld
	movw	$bootsect_msg, %si
.Lbs_print:
	lodsb
	andb	%al, %al
	jz	.Lbs_wait
	movb	$0x0e, %ah
	movw	$0x0007, %bx
	int	$0x10
	movw	$0x3f8, %dx	/* and the same on COM1, whatever its state */
	outb	%al, %dx
	jmp	.Lbs_print
.Lbs_wait:
	xorw	%ax, %ax
	int	$0x16
	int	$0x19
	ljmp	$0xf000, $0xfff0

	.section ".bsdata", "a"
bootsect_msg:
	.ascii	"paraboot: error: this is a bzImage; start it with a boot "
	.ascii	"loader (GRUB, QEMU -kernel) or from UEFI\r\n"
	.ascii	"Press a key to reboot\r\n"
	.byte	0

	/*
	 * The PE/COFF header (Microsoft's PE Format; what UEFI loads: the
	 * UEFI specification 2.1.1).  setup.ld computes its sizes: the
	 * headers are the whole real-mode part, which EFI never runs (it
	 * holds the setup header the stub copies), and one section, .text,
	 * is the protected-mode part, mapped at the next page boundary
	 * exactly as it lies in the file (CRC32 trailer and all), so the
	 * decompressor's position-independent code and the EFI stub in it
	 * run there unrelocated.  .text is read-only: in the firmware's
	 * image the stub writes nothing of its own (scripts/check-readonly
	 * checks its objects), hence NX_COMPAT.  No relocation directory entries:
	 * nothing needs relocating, and edk2 loads such an image anywhere.
	 */
	.section ".pehdr", "a"
	.balign	8
pe_header:
	.long	PE_MAGIC
coff_header:
	.word	PE_MACHINE
	.word	(section_table_end - section_table) / PE_SECTION_SIZE
	.long	0			/* TimeDateStamp: builds are reproducible */
	.long	0			/* PointerToSymbolTable */
	.long	0			/* NumberOfSymbols */
	.word	section_table - optional_header	/* SizeOfOptionalHeader */
	.word	IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_LINE_NUMS_STRIPPED | \
		IMAGE_FILE_DEBUG_STRIPPED | PE_FILE_FLAGS
optional_header:
	check_offset coff_header, optional_header, PE_COFF_SIZE, "the optional header"
	.word	PE_OPT_MAGIC
	.byte	0, 0			/* linker version */
	.long	pe_text_size		/* SizeOfCode */
	.long	0			/* SizeOfInitializedData */
	.long	0			/* SizeOfUninitializedData */
opt_entry:
	.long	pe_entry_point		/* AddressOfEntryPoint */
	.long	pe_text_start		/* BaseOfCode */
#ifndef CONFIG_X86_64
	.long	0			/* BaseOfData */
#endif
	PE_WORD	0			/* ImageBase: anywhere (see above) */
opt_section_align:
	.long	PE_SECTION_ALIGN
	.long	PE_FILE_ALIGN
	.word	0, 0			/* OS version */
	/*
	 * Image version 1.0: as Linux's EFI stub numbers its features, the
	 * initrd comes through LoadFile2 on LINUX_EFI_INITRD_MEDIA_GUID, the
	 * way a loader that sees 1.0 or later hands it over.
	 */
	.word	1, 0
	.word	0, 0			/* subsystem version */
	.long	0			/* Win32VersionValue */
opt_image_size:
	.long	pe_image_size		/* SizeOfImage */
	.long	pe_headers_size		/* SizeOfHeaders */
	.long	0			/* CheckSum: UEFI ignores it */
opt_subsystem:
	.word	IMAGE_SUBSYSTEM_EFI_APPLICATION
	.word	IMAGE_DLLCHARACTERISTICS_NX_COMPAT
	PE_WORD	0, 0, 0, 0		/* stack and heap: UEFI ignores them */
	.long	0			/* LoaderFlags */
opt_nr_dirs:
	.long	(section_table - data_dirs) / PE_DATA_DIR_SIZE
data_dirs:
	/* Export, import, resource, exception, security, base relocation. */
	.fill	IMAGE_DIRECTORY_ENTRY_BASERELOC + 1, PE_DATA_DIR_SIZE, 0
section_table:
	.ascii	".text\0\0\0"
	.long	pe_text_size		/* VirtualSize */
	.long	pe_text_start		/* VirtualAddress */
	.long	pe_text_size		/* SizeOfRawData */
	.long	pe_text_offset		/* PointerToRawData */
	.long	0, 0			/* relocations, line numbers */
	.word	0, 0
	.long	IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_EXECUTE
section_table_end:

	check_offset optional_header, opt_entry, PE_OPT_entry_point, "AddressOfEntryPoint"
	check_offset optional_header, opt_section_align, PE_OPT_section_align, "SectionAlignment"
	check_offset optional_header, opt_image_size, PE_OPT_image_size, "SizeOfImage"
	check_offset optional_header, opt_subsystem, PE_OPT_subsystem, "Subsystem"
#ifdef CONFIG_X86_64
	check_offset optional_header, opt_nr_dirs, PE32PLUS_OPT_nr_rva_and_sizes, "NumberOfRvaAndSizes"
	check_offset optional_header, data_dirs, PE32PLUS_OPT_data_dirs, "the data directories"
#else
	check_offset optional_header, opt_nr_dirs, PE32_OPT_nr_rva_and_sizes, "NumberOfRvaAndSizes"
	check_offset optional_header, data_dirs, PE32_OPT_data_dirs, "the data directories"
#endif
	check_offset section_table, section_table_end, PE_SECTION_SIZE, "the section header's end"

	/*
	 * The sentinel (0x1ef): a loader that copies this whole sector into
	 * boot_params, instead of just the header, copies these 0xff bytes
	 * too, and the kernel then knows to distrust the rest (bootinfo.c).
	 */
	.section ".sentinel", "a"
	.byte	0xff, 0xff

	/* The boot-protocol header: setup.ld places it at 0x1f1. */
	.section ".header", "a"
	.globl	hdr
hdr:
setup_sects:	.byte	setup_sects_value	/* setup.ld */
root_flags:	.word	0
syssize:	.long	syssize_value		/* setup.ld */
ram_size:	.word	0
vid_mode:	.word	VID_MODE_NORMAL		/* paraboot sets no mode */
root_dev:	.word	0
boot_flag:	.word	BOOT_FLAG_MAGIC

	/* File offset 0x200: the real-mode entry (CS:0 = this byte). */
	.globl	_start
_start:
	/* Loaders read the header's length from this jump's target. */
	.byte	0xeb
	.byte	start_of_setup - 1f
1:
	.ascii	"HdrS"
	.word	BOOT_PROTOCOL_VERSION
realmode_swtch:	.word	0, 0
start_sys_seg:	.word	0x1000			/* obsolete, as in Linux */
		.word	kernel_version - 512
type_of_loader:	.byte	0
loadflags:	.byte	LOADED_HIGH
setup_move_size: .word	SETUP_MOVE_SIZE
code32_start:	.long	LOAD_PHYSICAL_ADDR
ramdisk_image:	.long	0
ramdisk_size:	.long	0
bootsect_kludge: .long	0
heap_end_ptr:	.word	HEAP_END_PTR_DEFAULT
ext_loader_ver:	.byte	0
ext_loader_type: .byte	0
cmd_line_ptr:	.long	0
initrd_addr_max: .long	IMAGE_INITRD_ADDR_MAX
kernel_alignment: .long	IMAGE_KERNEL_ALIGN
relocatable_kernel: .byte 1
min_alignment:	.byte	IMAGE_MIN_ALIGN_LG2
xloadflags:	.word	IMAGE_XLOADFLAGS
cmdline_size:	.long	COMMAND_LINE_SIZE - 1
hardware_subarch: .long	X86_SUBARCH_PC
hardware_subarch_data: .quad 0
payload_offset:	.long	hdr_payload_offset	/* mkbzimage, as below */
payload_length:	.long	hdr_payload_length
setup_data:	.quad	0
/* Where init_size counts from; the kernel itself goes where its ELF says. */
pref_address:	.quad	LOAD_PHYSICAL_ADDR
init_size:	.long	hdr_init_size
handover_offset: .long	hdr_efi_handover_entry - HANDOVER_BIAS
kernel_info_offset: .long hdr_kernel_info_offset
	.globl	hdr_end
hdr_end:

	/*
	 * Real-mode entry, right after the header (setup.ld checks that).
	 * The loader set %ds to our segment; %cs, %ss and %sp vary by loader.
	 */
	.section ".entrytext", "ax"
	.globl	start_of_setup
start_of_setup:
	movw	%ds, %ax
	movw	%ax, %es
	cld

	/*
	 * A stack: keep the loader's if %ss is our segment (QEMU, GRUB),
	 * otherwise build one above the heap the loader gave us, or above
	 * our own end if it gave none.
	 */
	movw	%ss, %dx
	cmpw	%ax, %dx
	movw	%sp, %dx
	je	2f
	movw	$_end, %dx
	testb	$CAN_USE_HEAP, loadflags
	jz	1f
	movw	heap_end_ptr, %dx
1:	addw	$SETUP_STACK_SIZE, %dx
	jnc	2f
	xorw	%dx, %dx		/* wrapped: use the top of the segment */
2:	andw	$~3, %dx
	jnz	3f
	movw	$0xfffc, %dx
3:	movw	%ax, %ss
	movzwl	%dx, %esp
	sti

	/* Make %cs our segment too, so near pointers mean the same thing. */
	pushw	%ds
	pushw	$4f
	lretw
4:
	/*
	 * A loader that read fewer setup sectors than the image has (a
	 * damaged setup_sects) would have us run garbage: check before
	 * running any of them.  The signature ends the code and data.
	 */
	cmpl	$SETUP_SIGNATURE, setup_sig
	jne	setup_short

	/* Zero the bss. */
	movw	$__bss_start, %di
	movw	$_end + 3, %cx
	xorl	%eax, %eax
	subw	%di, %cx
	shrw	$2, %cx
	rep	stosl

	calll	main
	/* main() does not return. */

	/*
	 * Say so on COM1 and stop, with nothing but what lies in the first
	 * two sectors, which every loader reads (setup.ld checks): boot.rst
	 * lets a loader read those, then setup_sects more.  The screen
	 * is left out, to fit.
	 */
setup_short:
	cli				/* as in die(): no BIOS output */
	UART_SETUP
	movw	$setup_short_msg, %si
	call	.Lputs
	movb	setup_sects, %al
	call	.Lputhex
	movw	$setup_short_msg2, %si
	call	.Lputs
	movb	$setup_sects_value, %al
	call	.Lputhex
	movw	$setup_short_msg3, %si
	call	.Lputs
1:	cli
	hlt
	jmp	1b

	/* The byte in %al as two hex digits. */
.Lputhex:
	pushw	%ax
	shrb	$4, %al
	call	.Lputdigit
	popw	%ax
.Lputdigit:
	andb	$0xf, %al
	addb	$'0', %al
	cmpb	$'9', %al
	jbe	.Lputc
	addb	$('a' - '9' - 1), %al
.Lputc:
	movb	%al, %ah
	UART_PUTC
	ret
	/* The string at %si. */
.Lputs:
	lodsb
	testb	%al, %al
	jz	3f
	call	.Lputc
	jmp	.Lputs
3:	ret

setup_short_msg:
	.asciz	"\r\nparaboot: error: image damaged or incomplete: the setup signature is missing (setup_sects 0x"
setup_short_msg2:
	.asciz	" in the header, 0x"
setup_short_msg3:
	.asciz	" in this image)\r\n"
	.globl	setup_short_end
setup_short_end:

	.section ".rodata", "a"
	.globl	kernel_version
kernel_version:
	.asciz	PARABOOT_KERNEL_VERSION

	/* setup.ld puts this last in the setup sectors. */
	.section ".signature", "a"
	.globl	setup_sig
setup_sig:
	.long	SETUP_SIGNATURE
