/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small stand-in for tools/testing/selftests/bpf/test_progs.h, so that
 * the trait tests of the kernel series (prog_tests/xdp_traits*.c) build
 * against the distribution's libbpf instead of the in-tree one, whose
 * test runner needs a newer toolchain than Debian 12 ships. It provides
 * the subset of the upstream interface those tests use, with the same
 * names and meanings; runner.c is the matching main().
 */
#ifndef TRAITS_TEST_PROGS_H
#define TRAITS_TEST_PROGS_H

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <bpf/btf.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* Set by the runner: a test may print figures when verbose. */
extern int env_verbosity;

bool test__start_subtest(const char *name);
void test__fail(void);
void test__skip(void);

#define __TRAITS_REPORT(ok, name, fmt, ...) ({				\
	if (!(ok)) {							\
		test__fail();						\
		fprintf(stdout, "%s:%d:FAIL:%s " fmt "\n", __func__,	\
			__LINE__, (name), ##__VA_ARGS__);		\
	} else if (env_verbosity) {					\
		fprintf(stdout, "%s:PASS:%s\n", __func__, (name));	\
	}								\
	(ok);								\
})

#define ASSERT_TRUE(actual, name) ({					\
	bool ___ok = (actual);						\
	__TRAITS_REPORT(___ok, name, "unexpected false");		\
})

#define ASSERT_FALSE(actual, name) ({					\
	bool ___ok = !(actual);						\
	__TRAITS_REPORT(___ok, name, "unexpected true");		\
})

#define __TRAITS_CMP(actual, expected, op, name) ({			\
	typeof(actual) ___act = (actual);				\
	typeof(expected) ___exp = (expected);				\
	bool ___ok = ___act op ___exp;					\
	__TRAITS_REPORT(___ok, name,					\
			"unexpected %s: actual %lld " #op " expected %lld is false", \
			(name), (long long)___act, (long long)___exp);	\
})

#define ASSERT_EQ(actual, expected, name) __TRAITS_CMP(actual, expected, ==, name)
#define ASSERT_NEQ(actual, expected, name) __TRAITS_CMP(actual, expected, !=, name)
#define ASSERT_LT(actual, expected, name) __TRAITS_CMP(actual, expected, <, name)
#define ASSERT_LE(actual, expected, name) __TRAITS_CMP(actual, expected, <=, name)
#define ASSERT_GT(actual, expected, name) __TRAITS_CMP(actual, expected, >, name)
#define ASSERT_GE(actual, expected, name) __TRAITS_CMP(actual, expected, >=, name)

#define ASSERT_OK(res, name) ({						\
	long long ___res = (res);					\
	__TRAITS_REPORT(___res == 0, name,				\
			"unexpected error: %lld (errno %d)", ___res, errno); \
})

#define ASSERT_ERR(res, name) ({					\
	long long ___res = (res);					\
	__TRAITS_REPORT(___res < 0, name, "unexpected success: %lld",	\
			___res);					\
})

#define ASSERT_OK_PTR(ptr, name) ({					\
	const void *___ptr = (ptr);					\
	__TRAITS_REPORT(!libbpf_get_error(___ptr) && ___ptr, name,	\
			"unexpected error: %ld (errno %d)",		\
			libbpf_get_error(___ptr), errno);		\
})

#define ASSERT_OK_FD(fd, name) ({					\
	int ___fd = (fd);						\
	__TRAITS_REPORT(___fd >= 0, name, "not a valid fd: %d (errno %d)", \
			___fd, errno);					\
})

#define ASSERT_MEMEQ(actual, expected, len, name) ({			\
	bool ___ok = !memcmp((actual), (expected), (len));		\
	__TRAITS_REPORT(___ok, name, "memory differs");			\
})

/* Run a shell command; on failure report it and jump to @goto_label. */
#define SYS(goto_label, fmt, ...) ({					\
	char ___cmd[1024];						\
	snprintf(___cmd, sizeof(___cmd), fmt, ##__VA_ARGS__);		\
	if (!ASSERT_OK(system(___cmd), ___cmd))				\
		goto goto_label;					\
})

#define SYS_NOFAIL(fmt, ...) ({						\
	char ___cmd[1024];						\
	snprintf(___cmd, sizeof(___cmd), fmt, ##__VA_ARGS__);		\
	system(___cmd);							\
})

#endif /* TRAITS_TEST_PROGS_H */
