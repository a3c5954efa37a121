// SPDX-License-Identifier: MIT
#include "string.h"

bool parse_u32(const char *s, u32 len, u32 *val)
{
	u32 base = 10, v = 0;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		len -= 2;
	}
	if (!len)
		return false;
	for (; len; len--, s++) {
		u32 d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return false;
		if (v > (0xffffffffU - d) / base)
			return false;
		v = v * base + d;
	}
	*val = v;
	return true;
}
