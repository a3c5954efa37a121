/* SPDX-License-Identifier: MIT */
/*
 * What the real-mode setup's files share.  This code is compiled with -m16:
 * GCC emits 32-bit code with operand-size prefixes that runs in real mode,
 * every pointer is an offset within %ds (== %es == %ss), and memory outside
 * the setup's own 64 KiB is reached only through %fs/%gs.
 */
#ifndef BOOT_H
#define BOOT_H

#include <paraboot/bootparam.h>
#include <paraboot/handoff.h>
#include <paraboot/io.h>

/*
 * Values header.S gives fields a loader writes (boot.rst: write, modify),
 * which the image check must know to see the file as it was built.
 */
#define VID_MODE_NORMAL		0xffff	/* boot.rst's vga=normal */
#define SETUP_MOVE_SIZE		0x8000	/* pre-2.02: the setup, moved whole */
#define SETUP_STACK_SIZE	2048
/* The end of our stack and heap, as boot.rst counts it (less 0x200). */
#define HEAP_END_PTR_DEFAULT	(_end + SETUP_STACK_SIZE - 0x200)

#ifndef __ASSEMBLY__

#include <paraboot/string.h>

extern struct setup_header hdr;		/* header.S: the loader filled it in */
extern struct boot_params boot_params;	/* main.c: what the kernel receives */

/* An access to an unused port: about a microsecond on any PC. */
static inline void io_delay(void)
{
	outb(0, 0x80);
}

/* Segment registers.  The %fs/%gs accessors take the offset in a register:
 * a constant address would look like a null-pointer dereference to GCC. */
static inline u16 ds(void)
{
	u16 seg;
	asm volatile("movw %%ds, %0" : "=rm"(seg));
	return seg;
}
static inline void set_fs(u16 seg)
{
	asm volatile("movw %0, %%fs" : : "rm"(seg));
}
static inline void set_gs(u16 seg)
{
	asm volatile("movw %0, %%gs" : : "rm"(seg));
}
static inline u32 rdfs32(u16 addr)
{
	u32 v;
	asm volatile("movl %%fs:(%1), %0" : "=r"(v) : "r"((u32)addr) : "memory");
	return v;
}
static inline void wrfs32(u32 v, u16 addr)
{
	asm volatile("movl %0, %%fs:(%1)" : : "r"(v), "r"((u32)addr) : "memory");
}
static inline u32 rdgs32(u16 addr)
{
	u32 v;
	asm volatile("movl %%gs:(%1), %0" : "=r"(v) : "r"((u32)addr) : "memory");
	return v;
}

/* bioscall.S: call a BIOS interrupt with every register in and out. */
struct biosregs {
	union {
		struct {
			u32 edi, esi, ebp, _esp, ebx, edx, ecx, eax;
			u32 _fsgs, _dses, eflags;
		};
		struct {
			u16 di, hdi, si, hsi, bp, hbp, _sp, _hsp;
			u16 bx, hbx, dx, hdx, cx, hcx, ax, hax;
			u16 gs, fs, es, ds, flags, hflags;
		};
		struct {
			u8 dil, dih, edi2, edi3, sil, sih, esi2, esi3;
			u8 bpl, bph, ebp2, ebp3, _spl, _sph, _esp2, _esp3;
			u8 bl, bh, ebx2, ebx3, dl, dh, edx2, edx3;
			u8 cl, ch, ecx2, ecx3, al, ah, eax2, eax3;
		};
	};
};
#define X86_EFLAGS_CF	0x0001
void initregs(struct biosregs *regs);
void intcall(u8 int_no, const struct biosregs *ireg, struct biosregs *oreg);

/* tty.c: one "paraboot: error: " line, then halt */
void __noreturn die(const char *fmt, ...) __printf(1, 2);

/* image_check.c, memory.c, a20.c, pm.c */
void check_image(void);
void detect_memory(void);
int enable_a20(void);
void reach_high_memory(void);
void __noreturn go_to_protected_mode(void);

/* pmjump.S */
void __noreturn protected_mode_jump(u32 entrypoint, u32 bootparams);

#endif /* !__ASSEMBLY__ */
#endif
