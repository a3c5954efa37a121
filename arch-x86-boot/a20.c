// SPDX-License-Identifier: MIT
/*
 * The A20 gate.  Tried in order of safety: already on, the BIOS, the
 * keyboard controller, then "fast A20" on port 0x92; each attempt is
 * verified by looking for the 1 MiB wrap-around, never assumed.
 */
#include "boot.h"

/* The INT 80h vector: nothing uses it in real mode. */
#define A20_TEST_ADDR	(4 * 0x80)

/*
 * With A20 off, 0xffff:0x210 is the same byte as 0x0000:0x200.  Change the
 * low word and see whether the high one follows; put it back afterwards.
 */
static int a20_enabled(int loops)
{
	u32 saved, probe;
	int enabled = 0;

	set_fs(0x0000);
	set_gs(0xffff);
	saved = probe = rdfs32(A20_TEST_ADDR);
	while (loops--) {
		wrfs32(++probe, A20_TEST_ADDR);
		io_delay();
		if (rdgs32(A20_TEST_ADDR + 0x10) != probe) {
			enabled = 1;
			break;
		}
	}
	wrfs32(saved, A20_TEST_ADDR);
	return enabled;
}

static void enable_a20_bios(void)
{
	struct biosregs ireg;

	initregs(&ireg);
	ireg.ax = 0x2401;
	intcall(0x15, &ireg, NULL);
}

/* Wait until the 8042 has read what we gave it; 0 if it never does. */
static int empty_8042(void)
{
	int loops = 100000;

	while (loops--) {
		u8 status = inb(0x64);

		io_delay();
		if (status == 0xff)		/* no controller at all */
			return 0;
		if (status & 1) {		/* output full: drain it */
			io_delay();
			(void)inb(0x60);
		} else if (!(status & 2)) {	/* input empty */
			return 1;
		}
	}
	return 0;
}

static void enable_a20_kbc(void)
{
	if (!empty_8042())
		return;
	outb(0xd1, 0x64);		/* write output port */
	empty_8042();
	outb(0xdf, 0x60);		/* A20 on */
	empty_8042();
	outb(0xff, 0x64);		/* null command, some UHCI need it */
	empty_8042();
}

static void enable_a20_fast(void)
{
	u8 port_a = inb(0x92);

	port_a |= 0x02;			/* A20 */
	port_a &= ~0x01;		/* never the reset bit */
	outb(port_a, 0x92);
}

/* 0 on success, -1 if no method made the wrap-around go away. */
int enable_a20(void)
{
	int tries = 255;

	while (tries--) {
		if (a20_enabled(32))
			return 0;
		enable_a20_bios();
		if (a20_enabled(32))
			return 0;
		if (empty_8042()) {
			enable_a20_kbc();
			/* Some controllers take their time. */
			if (a20_enabled(2097152))
				return 0;
		}
		enable_a20_fast();
		if (a20_enabled(2097152))
			return 0;
	}
	return -1;
}
