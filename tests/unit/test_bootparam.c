// SPDX-License-Identifier: MIT
/*
 * The zero page and setup header, checked at run time against a second,
 * independent transcription of boot.rst / zero-page.rst (the header's
 * own _Static_asserts compare its structs with its BP_* constants; this
 * compares both with the documents).  Also the other ABI structures.
 */
#include <stdio.h>
#include <stddef.h>

#include <paraboot/acpi.h>
#include <paraboot/bootparam.h>
#include <paraboot/efi.h>
#include <paraboot/elf.h>
#include <paraboot/handoff.h>
#include <paraboot/lguest.h>
#include <paraboot/pe.h>

static int passed, failed;

static void expect(const char *what, size_t got, size_t want)
{
	if (got == want) {
		passed++;
		printf("PASS: abi: %s at 0x%zx\n", what, want);
	} else {
		failed++;
		printf("FAIL: abi: %s: got 0x%zx, documented 0x%zx\n", what,
		       got, want);
	}
}

#define BP(field, off) \
	expect("boot_params." #field, offsetof(struct boot_params, field), off)

int main(void)
{
	/* boot.rst, "The Real-Mode Kernel Header", protocol 2.15. */
	BP(hdr.setup_sects, 0x1f1);
	BP(hdr.root_flags, 0x1f2);
	BP(hdr.syssize, 0x1f4);
	BP(hdr.ram_size, 0x1f8);
	BP(hdr.vid_mode, 0x1fa);
	BP(hdr.root_dev, 0x1fc);
	BP(hdr.boot_flag, 0x1fe);
	BP(hdr.jump, 0x200);
	BP(hdr.header, 0x202);
	BP(hdr.version, 0x206);
	BP(hdr.realmode_swtch, 0x208);
	BP(hdr.start_sys_seg, 0x20c);
	BP(hdr.kernel_version, 0x20e);
	BP(hdr.type_of_loader, 0x210);
	BP(hdr.loadflags, 0x211);
	BP(hdr.setup_move_size, 0x212);
	BP(hdr.code32_start, 0x214);
	BP(hdr.ramdisk_image, 0x218);
	BP(hdr.ramdisk_size, 0x21c);
	BP(hdr.bootsect_kludge, 0x220);
	BP(hdr.heap_end_ptr, 0x224);
	BP(hdr.ext_loader_ver, 0x226);
	BP(hdr.ext_loader_type, 0x227);
	BP(hdr.cmd_line_ptr, 0x228);
	BP(hdr.initrd_addr_max, 0x22c);
	BP(hdr.kernel_alignment, 0x230);
	BP(hdr.relocatable_kernel, 0x234);
	BP(hdr.min_alignment, 0x235);
	BP(hdr.xloadflags, 0x236);
	BP(hdr.cmdline_size, 0x238);
	BP(hdr.hardware_subarch, 0x23c);
	BP(hdr.hardware_subarch_data, 0x240);
	BP(hdr.payload_offset, 0x248);
	BP(hdr.payload_length, 0x24c);
	BP(hdr.setup_data, 0x250);
	BP(hdr.pref_address, 0x258);
	BP(hdr.init_size, 0x260);
	BP(hdr.handover_offset, 0x264);
	BP(hdr.kernel_info_offset, 0x268);
	expect("end of the 2.15 setup header",
	       offsetof(struct boot_params, hdr) + sizeof(struct setup_header),
	       0x26c);

	/* zero-page.rst */
	BP(screen_info.ext_mem_k, 0x002);
	BP(screen_info.cl_magic, 0x020);
	BP(screen_info.cl_offset, 0x022);
	BP(apm_bios_info, 0x040);
	BP(tboot_addr, 0x058);
	BP(ist_info, 0x060);
	BP(acpi_rsdp_addr, 0x070);
	BP(hd0_info, 0x080);
	BP(sys_desc_table, 0x0a0);
	BP(olpc_ofw_header, 0x0b0);
	BP(ext_ramdisk_image, 0x0c0);
	BP(ext_ramdisk_size, 0x0c4);
	BP(ext_cmd_line_ptr, 0x0c8);
	BP(cc_blob_address, 0x13c);
	BP(edid_info, 0x140);
	BP(efi_info, 0x1c0);
	BP(alt_mem_k, 0x1e0);
	BP(scratch, 0x1e4);
	BP(e820_entries, 0x1e8);
	BP(eddbuf_entries, 0x1e9);
	BP(edd_mbr_sig_buf_entries, 0x1ea);
	BP(kbd_status, 0x1eb);
	BP(secure_boot, 0x1ec);
	BP(sentinel, 0x1ef);
	BP(edd_mbr_sig_buffer, 0x290);
	BP(e820_table, 0x2d0);
	BP(eddbuf, 0xd00);
	expect("sizeof(struct boot_params)", sizeof(struct boot_params), 0x1000);
	expect("sizeof(struct boot_e820_entry)", sizeof(struct boot_e820_entry), 20);
	expect("e820_table[128] end", offsetof(struct boot_params, e820_table) +
	       E820_MAX_ENTRIES_ZEROPAGE * sizeof(struct boot_e820_entry), 0xcd0);

	/* lguest 2.6.24: struct lguest_data (lguest-abi.md, section 4). */
	expect("lguest_data.hcall_status", offsetof(struct lguest_data, hcall_status), 20);
	expect("lguest_data.hcalls", offsetof(struct lguest_data, hcalls), 84);
	expect("lguest_data.reserve_mem", offsetof(struct lguest_data, reserve_mem), 1108);
	expect("lguest_data.pgdir", offsetof(struct lguest_data, pgdir), 1116);
	expect("lguest_data.kernel_address", offsetof(struct lguest_data, kernel_address), 1128);
	expect("lguest_data.syscall_vec", offsetof(struct lguest_data, syscall_vec), 1132);
	expect("sizeof(struct lguest_data)", sizeof(struct lguest_data), 1136);

	/* ELF (gABI) and ACPI (spec 5.2.5/5.2.6). */
	expect("sizeof(Elf32_Ehdr)", sizeof(Elf32_Ehdr), 52);
	expect("sizeof(Elf64_Ehdr)", sizeof(Elf64_Ehdr), 64);
	expect("sizeof(Elf32_Phdr)", sizeof(Elf32_Phdr), 32);
	expect("sizeof(Elf64_Phdr)", sizeof(Elf64_Phdr), 56);
	expect("acpi_rsdp.xsdt_address", offsetof(struct acpi_rsdp, xsdt_address), 24);
	expect("sizeof(struct acpi_table_header)", sizeof(struct acpi_table_header), 36);

	/* PE/COFF (Microsoft's PE Format: COFF file header, optional header
	 * image-only fields, section table). */
	expect("sizeof(COFF file header)", sizeof(struct pe_coff_header), 20);
	expect("PE32 optional header: AddressOfEntryPoint",
	       offsetof(struct pe32_opt_header, entry_point), 16);
	expect("PE32 optional header: ImageBase",
	       offsetof(struct pe32_opt_header, image_base), 28);
	expect("PE32 optional header: SizeOfImage",
	       offsetof(struct pe32_opt_header, image_size), 56);
	expect("PE32 optional header: data directories",
	       offsetof(struct pe32_opt_header, data_dirs), 96);
	expect("PE32+ optional header: ImageBase",
	       offsetof(struct pe32plus_opt_header, image_base), 24);
	expect("PE32+ optional header: SectionAlignment",
	       offsetof(struct pe32plus_opt_header, section_align), 32);
	expect("PE32+ optional header: Subsystem",
	       offsetof(struct pe32plus_opt_header, subsystem), 68);
	expect("PE32+ optional header: NumberOfRvaAndSizes",
	       offsetof(struct pe32plus_opt_header, nr_rva_and_sizes), 108);
	expect("PE32+ optional header: data directories",
	       offsetof(struct pe32plus_opt_header, data_dirs), 112);
	expect("sizeof(section header)", sizeof(struct pe_section_header), 40);
	expect("section header: PointerToRawData",
	       offsetof(struct pe_section_header, raw_offset), 20);

	/* UEFI 2.10 (x64, the host's width): efi_info (zero-page.rst), the
	 * system and boot services tables, the protocols the stub calls. */
	expect("efi_info.efi_systab_hi",
	       offsetof(struct boot_params, efi_info.efi_systab_hi), 0x1d8);
	expect("efi_info.efi_memmap_hi",
	       offsetof(struct boot_params, efi_info.efi_memmap_hi), 0x1dc);
	expect("EFI_SYSTEM_TABLE.ConOut (x64)",
	       offsetof(struct efi_system_table_64, con_out), 64);
	expect("EFI_SYSTEM_TABLE.BootServices (x64)",
	       offsetof(struct efi_system_table_64, boottime), 96);
	expect("EFI_SYSTEM_TABLE.BootServices (IA32)",
	       offsetof(struct efi_system_table_32, boottime), 60);
	expect("EFI_BOOT_SERVICES.AllocatePages",
	       offsetof(struct efi_boot_services, allocate_pages), 40);
	expect("EFI_BOOT_SERVICES.GetMemoryMap",
	       offsetof(struct efi_boot_services, get_memory_map), 56);
	expect("EFI_BOOT_SERVICES.HandleProtocol",
	       offsetof(struct efi_boot_services, handle_protocol), 152);
	expect("EFI_BOOT_SERVICES.LocateDevicePath",
	       offsetof(struct efi_boot_services, locate_device_path), 184);
	expect("EFI_BOOT_SERVICES.Exit",
	       offsetof(struct efi_boot_services, exit), 216);
	expect("EFI_BOOT_SERVICES.ExitBootServices",
	       offsetof(struct efi_boot_services, exit_boot_services), 232);
	expect("EFI_LOADED_IMAGE.LoadOptions",
	       offsetof(struct efi_loaded_image, load_options), 56);
	expect("EFI_LOADED_IMAGE.ImageBase",
	       offsetof(struct efi_loaded_image, image_base), 64);
	expect("EFI_FILE_PROTOCOL.SetPosition",
	       offsetof(struct efi_file, set_position), 56);
	expect("sizeof(EFI_MEMORY_DESCRIPTOR)", sizeof(struct efi_memory_desc),
	       40);

	printf("%d passed, %d failed, 0 skipped\n", passed, failed);
	return failed != 0;
}
