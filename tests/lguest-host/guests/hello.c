// SPDX-License-Identifier: MIT
/* The good guest: LGUEST_INIT, one line through NOTIFY, power down. */
#include "lib.h"

void guest_main(void)
{
	lguest_init();
	print("hello from guest\n");
	crash("Power down");
}
