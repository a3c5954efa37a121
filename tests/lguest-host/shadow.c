// SPDX-License-Identifier: MIT
/*
 * Shadow paging, as drivers/lguest/page_tables.c did it in 2.6.24: the
 * guest keeps its own 2-level non-PAE tables in guest memory; the CPU runs
 * on shadow tables the host builds from them one page at a time, on page
 * faults (demand_page), with every guest entry validated as it is consumed:
 *   PDE: flags within _PAGE_TABLE (0x67), frame < mem, else
 *        "bad page directory entry";
 *   PTE: no PSE (bit 7), no PWT, frame < mem, else "bad page table entry".
 * A shadow PTE maps guest frame F at host-physical lg.base + F, so nothing
 * but guest RAM and the Switcher is ever reachable from the guest.
 *
 * Up to NR_PGDIRS guest page directories keep their shadows (2.6.24: 4);
 * the guest reports changes with SET_PTE / SET_PMD / FLUSH_TLB.
 */
#include "lg.h"
#include <paraboot/x86.h>
#include "string.h"

#define NR_PGDIRS	4
#define POOL_PAGES	2048		/* shadow PTE pages: 8 MiB */
#define PAGE_MASK	(~(u32)(PAGE_SIZE - 1))
#define PTES		1024

struct shadow_pgdir {
	bool used;
	u32 gpgdir;			/* guest-physical */
	u32 *spgd;			/* the shadow page directory */
};

static u32 spgd_pages[NR_PGDIRS][PTES] __aligned(PAGE_SIZE);
static u8 pool[POOL_PAGES][PAGE_SIZE] __aligned(PAGE_SIZE);
static void *free_pages;
static u32 pool_next;

static struct shadow_pgdir pgdirs[NR_PGDIRS];
static u32 cur, next_victim;

static u32 pfn_limit(void)
{
	return lg.mem >> PAGE_SHIFT;
}

/* --- the pool of shadow PTE pages --- */

static void free_pte_page(u32 *page)
{
	*(void **)page = free_pages;
	free_pages = page;
}

static u32 *take_page(void)
{
	void *page = free_pages;

	if (page)
		free_pages = *(void **)page;
	else if (pool_next < POOL_PAGES)
		page = pool[pool_next++];
	if (page)
		memset(page, 0, PAGE_SIZE);
	return page;
}

/* --- shadow entries --- */

static void release_pgd(u32 *spgd_entry)
{
	if (*spgd_entry & PTE_P) {
		free_pte_page((u32 *)(*spgd_entry & PAGE_MASK));
		*spgd_entry = 0;
	}
}

static void clear_pgdir(struct shadow_pgdir *pd, u32 first, u32 end)
{
	for (u32 i = first; i < end; i++)
		release_pgd(&pd->spgd[i]);
}

void shadow_clear_all(void)
{
	for (u32 i = 0; i < NR_PGDIRS; i++)
		if (pgdirs[i].used)
			clear_pgdir(&pgdirs[i], 0, SWITCHER_PGD_INDEX);
}

/* A PTE page for a new shadow PDE; when the pool runs dry, every shadow
 * is dropped (they are only a cache) and rebuilt on demand. */
static u32 *alloc_pte_page(void)
{
	u32 *page = take_page();

	if (!page) {
		shadow_clear_all();
		page = take_page();
	}
	if (!page)
		kill_guest("out of memory allocating pte page");
	return page;
}

static u32 *spgd_addr(u32 idx, u32 vaddr)
{
	u32 index = vaddr >> 22;

	if (index >= SWITCHER_PGD_INDEX)
		kill_guest("attempt to access switcher pages");
	return &pgdirs[idx].spgd[index];
}

static void check_gpgd(u32 gpgd)
{
	if ((gpgd & ~PAGE_MASK & ~LGUEST_PDE_ALLOWED) ||
	    (gpgd >> PAGE_SHIFT) >= pfn_limit())
		kill_guest("bad page directory entry");
}

static void check_gpte(u32 gpte)
{
	if ((gpte & (PTE_PWT | PTE_PSE)) || (gpte >> PAGE_SHIFT) >= pfn_limit())
		kill_guest("bad page table entry");
}

/* The shadow of a (checked) guest PTE: same frame in guest RAM, no global
 * bit, and writable only once the guest entry is dirty, so the first
 * write faults and sets the guest's dirty bit. */
static u32 gpte_to_spte(u32 gpte, bool write)
{
	u32 flags = gpte & ~PAGE_MASK & ~PTE_G;

	if (!write)
		flags &= ~PTE_RW;
	return ((uintptr_t)lg.base + (gpte & PAGE_MASK)) | flags;
}

/* --- page faults --- */

#define PF_WRITE	(1 << 1)
#define PF_USER		(1 << 2)

/*
 * Fill in the shadow for vaddr from the guest's tables, as the CPU would
 * have walked them (setting the guest's accessed and dirty bits).
 * Returns false if the guest's own tables do not allow the access: a real
 * page fault for the guest.
 */
bool shadow_demand_page(u32 vaddr, u32 errcode)
{
	struct shadow_pgdir *pd = &pgdirs[cur];
	u32 gpgd = guest_read_u32(pd->gpgdir + (vaddr >> 22) * 4);
	u32 *spgd, *spte, gpte_addr, gpte;

	if (!(gpgd & PTE_P))
		return false;
	spgd = spgd_addr(cur, vaddr);
	/*
	 * 2.6.24 copied the guest PDE's flags into the shadow PDE but
	 * checked only the PTE's permissions: a write through a read-only
	 * PDE would have faulted forever.  Refuse it here instead.
	 */
	if (((errcode & PF_WRITE) && !(gpgd & PTE_RW)) ||
	    ((errcode & PF_USER) && !(gpgd & PTE_US)))
		return false;
	if (!(*spgd & PTE_P)) {
		u32 *page = alloc_pte_page();

		check_gpgd(gpgd);
		*spgd = (uintptr_t)page | (gpgd & ~PAGE_MASK);
	}

	gpte_addr = (gpgd & PAGE_MASK) + ((vaddr >> PAGE_SHIFT) & (PTES - 1)) * 4;
	gpte = guest_read_u32(gpte_addr);
	if (!(gpte & PTE_P))
		return false;
	if ((errcode & PF_WRITE) && !(gpte & PTE_RW))
		return false;
	if ((errcode & PF_USER) && !(gpte & PTE_US))
		return false;

	check_gpte(gpte);
	gpte |= PTE_A;
	if (errcode & PF_WRITE)
		gpte |= PTE_D;

	spte = (u32 *)(*spgd & PAGE_MASK) + ((vaddr >> PAGE_SHIFT) & (PTES - 1));
	*spte = gpte_to_spte(gpte, gpte & PTE_D);
	guest_write_u32(gpte_addr, gpte);
	return true;
}

/* --- page directories --- */

static u32 find_pgdir(u32 gpgdir)
{
	u32 i;

	for (i = 0; i < NR_PGDIRS; i++)
		if (pgdirs[i].used && pgdirs[i].gpgdir == gpgdir)
			break;
	return i;
}

/*
 * A shadow for a page directory not seen before: a free slot, else the
 * next one round-robin.  2.6.24 kept the victim's kernel mappings (the
 * same in every Linux address space); this host clears it entirely, so
 * every entry of the new directory is validated when first used.
 */
static u32 new_pgdir(u32 gpgdir)
{
	u32 idx = find_pgdir(gpgdir);

	if (idx == NR_PGDIRS) {
		for (idx = 0; idx < NR_PGDIRS && pgdirs[idx].used; idx++)
			;
		if (idx == NR_PGDIRS) {
			idx = next_victim;
			next_victim = (next_victim + 1) % NR_PGDIRS;
			clear_pgdir(&pgdirs[idx], 0, SWITCHER_PGD_INDEX);
		}
	}
	pgdirs[idx].used = true;
	pgdirs[idx].gpgdir = gpgdir;
	pgdirs[idx].spgd = spgd_pages[idx];
	pgdirs[idx].spgd[SWITCHER_PGD_INDEX] = switcher_pde();
	return idx;
}

void shadow_init(u32 gpgdir)
{
	cur = new_pgdir(gpgdir);
}

u32 shadow_cr3(void)
{
	return (uintptr_t)pgdirs[cur].spgd;
}

/* LHCALL_NEW_PGTABLE: the guest's mov to %cr3. */
void shadow_new_pgtable(u32 gpgdir)
{
	cur = new_pgdir(gpgdir & PAGE_MASK);
}

/* LHCALL_FLUSH_TLB(0): drop the user (below kernel_address) mappings. */
void shadow_flush_user(void)
{
	clear_pgdir(&pgdirs[cur], 0, lg.kernel_address >> 22);
}

static void do_set_pte(u32 idx, u32 vaddr, u32 gpte)
{
	u32 *spgd = spgd_addr(idx, vaddr);
	u32 *spte;

	if (!(*spgd & PTE_P))
		return;
	spte = (u32 *)(*spgd & PAGE_MASK) + ((vaddr >> PAGE_SHIFT) & (PTES - 1));
	if (gpte & (PTE_D | PTE_A)) {
		check_gpte(gpte);
		*spte = gpte_to_spte(gpte, gpte & PTE_D);
	} else {
		*spte = 0;
	}
}

/* LHCALL_SET_PTE: kernel mappings are shared by every page directory. */
void shadow_set_pte(u32 gpgdir, u32 vaddr, u32 gpte)
{
	if (vaddr >= lg.kernel_address) {
		for (u32 i = 0; i < NR_PGDIRS; i++)
			if (pgdirs[i].used)
				do_set_pte(i, vaddr, gpte);
	} else {
		u32 idx = find_pgdir(gpgdir);

		if (idx < NR_PGDIRS)
			do_set_pte(idx, vaddr, gpte);
	}
}

/* LHCALL_SET_PMD: a page directory entry changed. */
void shadow_set_pmd(u32 gpgdir, u32 index)
{
	u32 idx;

	if (index >= SWITCHER_PGD_INDEX)
		return;
	idx = find_pgdir(gpgdir);
	if (idx < NR_PGDIRS)
		release_pgd(&pgdirs[idx].spgd[index]);
}
