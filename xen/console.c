// SPDX-License-Identifier: MIT
/*
 * The Xen console, two ways: dom0 (SIF_INITDOMAIN) writes through the
 * console_io hypercall straight to Xen's serial line; a domU writes into
 * its PV console ring and notifies the event channel.  Compiled -fPIE:
 * xen/early.c prints (and fails) through here before the remap.
 */
#include <paraboot/fatal.h>
#include "xen.h"

static struct xencons_interface *ring;	/* domU only */
static u32 ring_evtchn;
static char fatal_buf[256];

/* The machine-to-physical table Xen maps read-only into every PV guest,
 * at an address that is fixed for 64-bit guests but not for 32-bit ones:
 * ask (XENMEM_machphys_mapping, public/memory.h). */
static unsigned long mfn_to_pfn(unsigned long mfn)
{
	struct xen_machphys_mapping m2p;

	xen_check("memory_op(machphys_mapping)",
		  HYPERVISOR_memory_op(XENMEM_machphys_mapping, &m2p));
	if (mfn > m2p.max_mfn)
		xen_fatal("console mfn 0x%lx is past the M2P's 0x%lx", mfn,
			  m2p.max_mfn);
	return ((const unsigned long *)m2p.v_start)[mfn];
}

void xen_console_init(struct start_info *si)
{
	if (si->flags & SIF_INITDOMAIN)
		return;
	/* The builder maps the console page like all our memory: the
	 * virtual address is the pseudo-physical one (VIRT_BASE is 0). */
	ring = (struct xencons_interface *)
		(mfn_to_pfn(si->console.domU.mfn) << 12);
	ring_evtchn = si->console.domU.evtchn;
}

void xen_console_rebase(long offset)
{
	if (ring)
		ring = (struct xencons_interface *)((char *)ring + offset);
}

/*
 * Every hypercall's result is checked, but when the console itself is
 * refused there is nowhere to say so: the domain crashes, and Xen logs
 * that it did.
 */
static void __noreturn console_refused(void)
{
	xen_shutdown(SHUTDOWN_crash);
}

static void ring_write(const char *s, size_t n)
{
	while (n) {
		u32 cons = ring->out_cons, prod = ring->out_prod;
		struct evtchn_send send = { ring_evtchn };

		asm volatile("" : : : "memory");
		while (n && prod - cons < sizeof(ring->out)) {
			ring->out[prod++ % sizeof(ring->out)] = *s++;
			n--;
		}
		asm volatile("" : : : "memory");	/* data before index */
		ring->out_prod = prod;
		if (HYPERVISOR_event_channel_op(EVTCHNOP_send, &send) < 0)
			console_refused();
	}
}

void xen_write(const char *s, size_t n)
{
	if (ring)
		ring_write(s, n);
	else if (HYPERVISOR_console_io(CONSOLEIO_write, n, s) < 0)
		console_refused();
}

/* SCHEDOP_shutdown returns only if Xen refused it: then crash instead,
 * and if even that is refused, keep asking. */
void xen_shutdown(unsigned int reason)
{
	struct sched_shutdown arg = { reason };

	for (;;) {
		HYPERVISOR_sched_op(SCHEDOP_shutdown, &arg);
		arg.reason = SHUTDOWN_crash;
	}
}

void xen_fatal(const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = format_error_line(fatal_buf, sizeof(fatal_buf), fmt, ap);
	va_end(ap);
	xen_write(fatal_buf, n);
	xen_shutdown(SHUTDOWN_crash);
}

static const char *errno_name(long err)
{
	switch (err) {
	case 1:		return "EPERM";
	case 3:		return "ESRCH";
	case 12:	return "ENOMEM";
	case 13:	return "EACCES";
	case 14:	return "EFAULT";
	case 16:	return "EBUSY";
	case 17:	return "EEXIST";
	case 22:	return "EINVAL";
	case 38:	return "ENOSYS";
	case 95:	return "EOPNOTSUPP";
	default:	return "errno";
	}
}

long xen_check(const char *hypercall, long rc)
{
	if (rc < 0)
		xen_fatal("%s failed: %ld (%s)", hypercall, rc,
			  errno_name(-rc));
	return rc;
}
