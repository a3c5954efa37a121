// SPDX-License-Identifier: MIT
/*
 * Guest-physical memory as the host touches it (2.6.24 lgread/lgwrite):
 * everything must lie inside [0, lg.mem), or the guest dies.
 */
#include "lg.h"
#include "string.h"

bool guest_range_ok(u32 gpa, u32 len)
{
	return gpa <= lg.mem && len <= lg.mem - gpa;
}

void guest_read(void *dst, u32 gpa, u32 len)
{
	if (!guest_range_ok(gpa, len))
		kill_guest("bad read address %#x len %u", gpa, len);
	memcpy(dst, lg.base + gpa, len);
}

void guest_write(u32 gpa, const void *src, u32 len)
{
	if (!guest_range_ok(gpa, len))
		kill_guest("bad write address %#x len %u", gpa, len);
	memcpy(lg.base + gpa, src, len);
}

u32 guest_read_u32(u32 gpa)
{
	u32 v;

	guest_read(&v, gpa, sizeof(v));
	return v;
}

void guest_write_u32(u32 gpa, u32 v)
{
	guest_write(gpa, &v, sizeof(v));
}
