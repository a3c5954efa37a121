// SPDX-License-Identifier: MIT
/*
 * start_kernel(): every subarchitecture entry ends here, with paging on,
 * running at PAGE_OFFSET and its platform installed.  It prints the boot
 * report (one fact per line; the format is in README.md) and
 * powers the machine off.
 */
#include "kernel.h"

static const char *entry_name(unsigned int entry)
{
	switch (entry) {
	case ENTRY_16:	return "16";
	case ENTRY_32:	return "32";
	case ENTRY_64:	return "64";
	case ENTRY_XEN:	return "xen";
	case ENTRY_PVH:	return "pvh";
	case ENTRY_EFI:	return "efi";
	case ENTRY_EFI_HANDOVER:	return "efi-handover";
	default:	return "unknown";
	}
}

static const char *paging_name(unsigned int paging)
{
	switch (paging) {
	case PAGING_NONE:	return "none";
	case PAGING_2LEVEL:	return "2level";
	case PAGING_PAE:	return "pae";
	case PAGING_4LEVEL:	return "4level";
	case PAGING_5LEVEL:	return "5level";
	default:		return "unknown";
	}
}

/* The command line, quoted (quote_byte: \" \\ and \xNN). */
static void print_cmdline(const char *s, size_t n)
{
	const struct platform *p = platform_get();
	char buf[64];
	size_t len = 0;

	printk("paraboot: cmdline=\"");
	for (size_t i = 0; i < n; i++) {
		if (len > sizeof(buf) - 4) {
			p->write(buf, len);
			len = 0;
		}
		len += quote_byte(buf + len, s[i]);
	}
	p->write(buf, len);
	printk("\"\n");
}

void start_kernel(void)
{
	const struct platform *p = platform_get();
	const struct setup_header *h = &boot_params.hdr;
	struct boot_facts f;

	boot_facts_gather(&f);

	printk("paraboot: subarch=%s ring=%u bits=%u entry=%s "
	       "paging_at_entry=%s keep_segments=%u loader=0x%x "
	       "protocol=%u.%02u\n",
	       p->subarch, p->ring, (unsigned int)sizeof(long) * 8,
	       entry_name(p->entry), paging_name(p->paging),
	       (h->loadflags & KEEP_SEGMENTS) ? 1 : 0, h->type_of_loader,
	       h->version >> 8, h->version & 0xff);
	print_cmdline(f.cmdline, f.cmdline_len);
	printk("paraboot: memory ram_kib=%llu e820_entries=%u\n", f.ram_kib,
	       f.e820_entries);
	if (f.have_initrd)
		printk("paraboot: initrd size=%llu crc32=0x%08x\n",
		       f.initrd_size, f.initrd_crc);
	else
		printk("paraboot: initrd none\n");
	/* load_addr: where the loader put the decompressor (the image is
	 * relocatable), for the entries that loaded one. */
	if (p->load_addr)
		printk("paraboot: kernel entry_phys=0x%llx page_offset=0x%lx "
		       "load_addr=0x%llx\n", p->entry_phys,
		       (unsigned long)PAGE_OFFSET, p->load_addr);
	else
		printk("paraboot: kernel entry_phys=0x%llx page_offset=0x%lx\n",
		       p->entry_phys, (unsigned long)PAGE_OFFSET);
	if (p->selftests)
		p->selftests();
	loader_conformance(&loader_zero_page);
	printk("paraboot: ok\n");
	p->power_off();
}
