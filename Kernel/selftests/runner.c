// SPDX-License-Identifier: GPL-2.0
/*
 * Runner for the trait selftests built against the stand-in test_progs.h:
 *
 *   runner [-v] [-t TEST[/SUBTEST]]...
 *
 * Runs every test (or those named with -t), prints one line per subtest
 * and test, a summary, and exits 1 if anything failed.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include "test_progs.h"
#include "network_helpers.h"

int env_verbosity;

struct test_def {
	const char *name;
	void (*run)(void);
};

#define DEFINE_TEST(name) void test_##name(void);
#include "tests.h"
#undef DEFINE_TEST
#define DEFINE_TEST(name) { #name, test_##name },
static const struct test_def tests[] = {
#include "tests.h"
};
#undef DEFINE_TEST

static const char *filters[64];
static int nfilters;

static const struct test_def *cur_test;
static const char *cur_sub;
static bool sub_failed, sub_skipped, test_failed, test_skipped;
static int nsub, total_pass, total_fail, total_skip;

static bool selected(const char *test, const char *sub)
{
	size_t tlen = strlen(test);
	int i;

	if (!nfilters)
		return true;
	for (i = 0; i < nfilters; i++) {
		const char *f = filters[i];

		if (strncmp(f, test, tlen) || (f[tlen] && f[tlen] != '/'))
			continue;
		if (!sub || !f[tlen] || !strcmp(f + tlen + 1, sub))
			return true;
	}
	return false;
}

static void end_subtest(void)
{
	if (!cur_sub)
		return;
	printf("#%s/%s: %s\n", cur_test->name, cur_sub,
	       sub_failed ? "FAIL" : sub_skipped ? "SKIP" : "OK");
	fflush(stdout);
	if (sub_failed)
		total_fail++;
	else if (sub_skipped)
		total_skip++;
	else
		total_pass++;
	cur_sub = NULL;
}

bool test__start_subtest(const char *name)
{
	end_subtest();
	if (!selected(cur_test->name, name))
		return false;
	cur_sub = name;
	sub_failed = sub_skipped = false;
	nsub++;
	return true;
}

void test__fail(void)
{
	if (cur_sub)
		sub_failed = true;
	test_failed = true;
}

void test__skip(void)
{
	if (cur_sub)
		sub_skipped = true;
	else
		test_skipped = true;
}

struct nstoken {
	int orig_fd;
};

struct nstoken *open_netns(const char *name)
{
	struct nstoken *token;
	char path[256];
	int fd;

	token = calloc(1, sizeof(*token));
	if (!token)
		return NULL;
	token->orig_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (token->orig_fd < 0 || fd < 0 || setns(fd, CLONE_NEWNET)) {
		fprintf(stdout, "open_netns(%s): %s\n", name, strerror(errno));
		if (fd >= 0)
			close(fd);
		if (token->orig_fd >= 0)
			close(token->orig_fd);
		free(token);
		return NULL;
	}
	close(fd);
	return token;
}

void close_netns(struct nstoken *token)
{
	if (!token)
		return;
	if (setns(token->orig_fd, CLONE_NEWNET))
		fprintf(stdout, "close_netns: %s\n", strerror(errno));
	close(token->orig_fd);
	free(token);
}

int make_sockaddr(int family, const char *addr_str, __u16 port,
		  struct sockaddr_storage *addr, socklen_t *len)
{
	struct sockaddr_in6 *sin6 = (void *)addr;
	struct sockaddr_in *sin = (void *)addr;

	memset(addr, 0, sizeof(*addr));
	if (family == AF_INET) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		*len = sizeof(*sin);
		return inet_pton(AF_INET, addr_str, &sin->sin_addr) == 1 ? 0 : -1;
	}
	if (family == AF_INET6) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		*len = sizeof(*sin6);
		return inet_pton(AF_INET6, addr_str, &sin6->sin6_addr) == 1 ? 0 : -1;
	}
	return -1;
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt,
			va_list args)
{
	if (level == LIBBPF_DEBUG && env_verbosity < 2)
		return 0;
	return vfprintf(stdout, fmt, args);
}

int main(int argc, char **argv)
{
	int opt, i, ran = 0;

	while ((opt = getopt(argc, argv, "vt:")) != -1) {
		switch (opt) {
		case 'v':
			env_verbosity++;
			break;
		case 't':
			if (nfilters < (int)ARRAY_SIZE(filters))
				filters[nfilters++] = optarg;
			break;
		default:
			fprintf(stderr, "usage: %s [-v] [-t TEST[/SUBTEST]]...\n",
				argv[0]);
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	libbpf_set_print(libbpf_print);

	for (i = 0; i < (int)ARRAY_SIZE(tests); i++) {
		if (!selected(tests[i].name, NULL))
			continue;
		cur_test = &tests[i];
		test_failed = test_skipped = false;
		nsub = 0;
		tests[i].run();
		end_subtest();
		ran++;
		if (!nsub) {
			if (test_failed)
				total_fail++;
			else if (test_skipped)
				total_skip++;
			else
				total_pass++;
		}
		printf("#%s: %s\n", tests[i].name,
		       test_failed ? "FAIL" : test_skipped && !nsub ? "SKIP" : "OK");
	}
	if (!ran) {
		printf("no test matches the filters\n");
		return 1;
	}
	printf("Summary: %d PASSED, %d SKIPPED, %d FAILED\n", total_pass,
	       total_skip, total_fail);
	return total_fail ? 1 : 0;
}
