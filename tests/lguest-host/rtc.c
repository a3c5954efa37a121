// SPDX-License-Identifier: MIT
/* The wall clock for lguest_data.time, read from the CMOS RTC. */
#include "lg.h"
#include "io.h"

#define CMOS_INDEX	0x70
#define CMOS_DATA	0x71
#define RTC_STATUS_A	0x0a
#define RTC_STATUS_B	0x0b
#define RTC_UIP		0x80	/* status A: update in progress */
#define RTC_24H		0x02	/* status B */
#define RTC_BINARY	0x04	/* status B */

static u32 cmos_read(u8 reg)
{
	outb(reg, CMOS_INDEX);
	return inb(CMOS_DATA);
}

static u32 from_bcd(u32 v)
{
	return (v >> 4) * 10 + (v & 15);
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static u32 days_since_epoch(u32 y, u32 m, u32 d)
{
	u32 era, yoe, doy, doe;

	if (m <= 2)
		y--;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

u32 rtc_unix_time(void)
{
	u32 sec, min, hour, day, mon, year, status;

	for (int i = 0; i < 100000 && (cmos_read(RTC_STATUS_A) & RTC_UIP); i++)
		;
	sec = cmos_read(0x00);
	min = cmos_read(0x02);
	hour = cmos_read(0x04);
	day = cmos_read(0x07);
	mon = cmos_read(0x08);
	year = cmos_read(0x09);
	status = cmos_read(RTC_STATUS_B);

	if (!(status & RTC_BINARY)) {
		sec = from_bcd(sec);
		min = from_bcd(min);
		hour = from_bcd(hour & 0x7f) | (hour & 0x80);
		day = from_bcd(day);
		mon = from_bcd(mon);
		year = from_bcd(year);
	}
	if (!(status & RTC_24H) && (hour & 0x80))
		hour = ((hour & 0x7f) % 12) + 12;
	hour &= 0x7f;
	if (mon < 1 || mon > 12 || day < 1 || day > 31)
		return 0;
	return days_since_epoch(2000 + year, mon, day) * 86400 +
		hour * 3600 + min * 60 + sec;
}
