// SPDX-License-Identifier: MIT
/*
 * The guest's page tables under shadow paging.  The first command-line
 * word picks the case.  Bad entries must be refused when the host
 * consumes them ("bad page directory entry", "bad page table entry"),
 * accesses the tables do not allow are unhandled page faults, and the
 * case "ok" checks that NEW_PGTABLE, SET_PTE, SET_PMD and FLUSH_TLB do
 * what 2.6.24 did, including that a shadow stays stale until the guest
 * tells the host.
 */
#include "lib.h"

#define HIGH		GUEST_PAGE_OFFSET		/* 0xc0000000 */
#define HIGH_PDE	(HIGH >> 22)			/* 768 */
#define RW_PTE		(PTE_P | PTE_RW)
#define TABLE		(PTE_P | PTE_RW | PTE_US)	/* 0x7 */
#define FRAME_A		0x200000
#define FRAME_B		0x300000

static u32 pgdir[1024] __aligned(PAGE_SIZE);
static u32 pt[3][1024] __aligned(PAGE_SIZE);

/* A page directory with the launcher's identity map, so the guest keeps
 * running after switching to it. */
static void make_pgdir(void)
{
	const u32 *ident = (const u32 *)(uintptr_t)lguest_data.pgdir;

	for (u32 i = 0; i < HIGH_PDE; i++)
		pgdir[i] = ident[i];
}

static void use_pgdir(void)
{
	hcall(LHCALL_NEW_PGTABLE, pa(pgdir), 0, 0);
}

static void map_high(u32 pde_flags, u32 pte)
{
	make_pgdir();
	pgdir[HIGH_PDE] = pa(pt[0]) | pde_flags;
	pt[0][0] = pte;
	use_pgdir();
}

static void poke(u32 phys, u32 v)
{
	*(volatile u32 *)(uintptr_t)phys = v;
}

/* --- refused --- */

static void beyond_mem(void)
{
	read_at(guest_mem());		/* the launcher mapped [0, mem) only */
}

static void pse_pde(void)
{
	make_pgdir();
	pgdir[HIGH_PDE] = 0 | PTE_PSE | PTE_D | PTE_A | TABLE;	/* a 4 MiB page */
	use_pgdir();
	read_at(HIGH);
}

static void pde_frame(void)
{
	make_pgdir();
	pgdir[HIGH_PDE] = guest_mem() | TABLE;
	use_pgdir();
	read_at(HIGH);
}

static void pde_pwt(void)
{
	map_high(TABLE | PTE_PWT, FRAME_A | RW_PTE);
	read_at(HIGH);
}

static void pte_frame(void)
{
	map_high(TABLE, guest_mem() | RW_PTE);
	read_at(HIGH);
}

static void pte_pse(void)
{
	map_high(TABLE, FRAME_A | PTE_PSE | RW_PTE);
	read_at(HIGH);
}

static void pte_pwt(void)
{
	map_high(TABLE, FRAME_A | PTE_PWT | RW_PTE);
	read_at(HIGH);
}

static void not_present(void)
{
	map_high(TABLE, 0);
	read_at(HIGH);
}

static void ro_write(void)
{
	map_high(TABLE, FRAME_A | PTE_P);
	read_at(HIGH);
	print("paging: read-only page readable\n");
	write_at(HIGH, 1);
}

static void ro_pde_write(void)
{
	map_high(PTE_P | PTE_US, FRAME_A | RW_PTE);
	read_at(HIGH);
	print("paging: page under read-only pde readable\n");
	write_at(HIGH, 1);
}

static void switcher_write(void)
{
	write_at(LGUEST_SWITCHER_ADDR + 0x2000, 0);
}

static void switcher_map(void)
{
	make_pgdir();
	pgdir[1023] = pa(pt[0]) | TABLE;
	pt[0][2] = FRAME_A | RW_PTE;
	use_pgdir();
	write_at(LGUEST_SWITCHER_ADDR + 0x2000, 0);
}

static void pgdir_beyond(void)
{
	hcall(LHCALL_NEW_PGTABLE, guest_mem(), 0, 0);
}

/* --- used right --- */

static void check(bool ok, const char *what)
{
	print("paging: %s %s\n", what, ok ? "ok" : "FAILED");
}

static void ok(void)
{
	poke(FRAME_A, 0xaaaa0001);
	poke(FRAME_A + PAGE_SIZE, 0xaaaa0002);
	poke(FRAME_B, 0xbbbb0001);

	map_high(TABLE, FRAME_A | RW_PTE);
	pt[0][1] = (FRAME_A + PAGE_SIZE) | RW_PTE;
	check(read_at(HIGH) == 0xaaaa0001 && read_at(HIGH + PAGE_SIZE) == 0xaaaa0002,
	      "map");
	check((pt[0][0] & (PTE_A | PTE_D)) == PTE_A, "accessed");
	write_at(HIGH, 0xaaaa1111);
	check((pt[0][0] & PTE_D) && *(volatile u32 *)FRAME_A == 0xaaaa1111,
	      "dirty");

	/* Changed behind the host's back: the shadow still has the old page. */
	pt[0][1] = FRAME_B | RW_PTE;
	check(read_at(HIGH + PAGE_SIZE) == 0xaaaa0002, "stale until told");
	hcall(LHCALL_SET_PTE, pa(pgdir), HIGH + PAGE_SIZE, pt[0][1] | PTE_A);
	check(read_at(HIGH + PAGE_SIZE) == 0xbbbb0001, "set_pte");

	pt[0][1] = (FRAME_A + PAGE_SIZE) | RW_PTE;
	hcall(LHCALL_FLUSH_TLB, 1, 0, 0);
	check(read_at(HIGH + PAGE_SIZE) == 0xaaaa0002, "flush_tlb");

	pgdir[HIGH_PDE + 1] = pa(pt[1]) | TABLE;
	pt[1][0] = FRAME_A | RW_PTE;
	pt[2][0] = FRAME_B | RW_PTE;
	check(read_at(HIGH + (4 << 20)) == 0xaaaa1111, "second pde");
	pgdir[HIGH_PDE + 1] = pa(pt[2]) | TABLE;
	hcall(LHCALL_SET_PMD, pa(pgdir), HIGH_PDE + 1, 0);
	check(read_at(HIGH + (4 << 20)) == 0xbbbb0001, "set_pmd");

	/* Back to the launcher's tables and again to ours: its shadow is kept. */
	read_at(HIGH);
	hcall(LHCALL_NEW_PGTABLE, lguest_data.pgdir, 0, 0);
	pt[0][0] = FRAME_B | RW_PTE;
	use_pgdir();
	check(read_at(HIGH) == 0xaaaa1111, "shadow kept across pgdir switch");
	hcall(LHCALL_FLUSH_TLB, 0, 0, 0);
	check(read_at(HIGH) == 0xaaaa1111, "user flush keeps kernel mappings");
	hcall(LHCALL_FLUSH_TLB, 1, 0, 0);
	check(read_at(HIGH) == 0xbbbb0001, "full flush");
	crash("Power down");
}

static const struct {
	const char *name;
	void (*fn)(void);
} cases[] = {
	{ "beyond_mem", beyond_mem }, { "pse_pde", pse_pde },
	{ "pde_frame", pde_frame }, { "pde_pwt", pde_pwt },
	{ "pte_frame", pte_frame }, { "pte_pse", pte_pse },
	{ "pte_pwt", pte_pwt }, { "not_present", not_present },
	{ "ro_write", ro_write }, { "ro_pde_write", ro_pde_write },
	{ "switcher_write", switcher_write }, { "switcher_map", switcher_map },
	{ "pgdir_beyond", pgdir_beyond }, { "ok", ok },
};

void guest_main(void)
{
	lguest_init();
	for (u32 i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (test_is(cases[i].name)) {
			cases[i].fn();
			crash("paging: the host let it pass");
		}
	}
	crash("paging: unknown case");
}
