/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A stand-in for tools/testing/selftests/bpf/cap_helpers.h and its .c:
 * the same two calls, for runner.c's single translation unit per test.
 */
#ifndef TRAITS_CAP_HELPERS_H
#define TRAITS_CAP_HELPERS_H

#include <errno.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/types.h>
#include <linux/capability.h>

static inline int __traits_cap_effective(__u64 caps, __u64 *old_caps, int enable)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];

	if (syscall(SYS_capget, &hdr, data))
		return -errno;
	if (old_caps)
		*old_caps = (__u64)data[1].effective << 32 | data[0].effective;
	if (enable) {
		data[0].effective |= (__u32)caps;
		data[1].effective |= (__u32)(caps >> 32);
	} else {
		data[0].effective &= ~(__u32)caps;
		data[1].effective &= ~(__u32)(caps >> 32);
	}
	return syscall(SYS_capset, &hdr, data) ? -errno : 0;
}

/* Raise @caps in the effective set; the set before in @old_caps. */
static inline int cap_enable_effective(__u64 caps, __u64 *old_caps)
{
	return __traits_cap_effective(caps, old_caps, 1);
}

/* Drop @caps from the effective set; the set before in @old_caps. */
static inline int cap_disable_effective(__u64 caps, __u64 *old_caps)
{
	return __traits_cap_effective(caps, old_caps, 0);
}

#endif
