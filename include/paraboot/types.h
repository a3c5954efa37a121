/* SPDX-License-Identifier: MIT */
/*
 * Fixed-width types for freestanding code, and the compile-time ABI checks
 * every structure header uses.  Host-side tests include the same headers;
 * there the C library's own types are used so the two never disagree.
 */
#ifndef PARABOOT_TYPES_H
#define PARABOOT_TYPES_H

#ifndef __ASSEMBLY__

#ifdef PARABOOT_HOSTED
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
/* As in freestanding builds, so one format string (%llx) fits both. */
typedef unsigned long long u64;
typedef long long s64;
#else
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long long s64;

typedef __SIZE_TYPE__ size_t;
typedef __PTRDIFF_TYPE__ ptrdiff_t;
typedef __UINTPTR_TYPE__ uintptr_t;
typedef __INTPTR_TYPE__ intptr_t;

typedef _Bool bool;
#define true 1
#define false 0

#define NULL ((void *)0)
#define offsetof(type, member) __builtin_offsetof(type, member)
#endif

/* A physical address: 64 bits wide even on i386 (PAE, E820 above 4 GiB). */
typedef u64 phys_addr_t;

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#define __packed __attribute__((packed))
#define __aligned(n) __attribute__((aligned(n)))
#define __noreturn __attribute__((noreturn))
#define __section(s) __attribute__((section(s)))
#define __used __attribute__((used))
#define __printf(f, a) __attribute__((format(printf, f, a)))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* ABI layout checks: every structure shared with a loader or hypervisor
 * states its documented offsets and size next to its definition. */
#define ABI_OFFSET(type, member, off) \
	_Static_assert(offsetof(type, member) == (off), \
		       #type "." #member " must be at offset " #off)
#define ABI_SIZE(type, size) \
	_Static_assert(sizeof(type) == (size), \
		       "sizeof(" #type ") must be " #size)

#endif /* !__ASSEMBLY__ */
#endif
