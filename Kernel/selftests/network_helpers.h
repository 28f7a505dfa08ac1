/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stand-in for the netns helpers of tools/testing/selftests/bpf/
 * network_helpers.h (same names and meanings); see test_progs.h.
 */
#ifndef TRAITS_NETWORK_HELPERS_H
#define TRAITS_NETWORK_HELPERS_H

#include <sys/socket.h>
#include <linux/types.h>

struct nstoken;

/* Switch this thread to the network namespace /run/netns/@name. */
struct nstoken *open_netns(const char *name);
/* Switch back to the namespace open_netns() left; frees @token. */
void close_netns(struct nstoken *token);
/*
 * Fill @addr with @addr_str:@port of @family (AF_INET or AF_INET6) and
 * @len with its size; 0 on success, -1 for a bad family or address.
 */
int make_sockaddr(int family, const char *addr_str, __u16 port,
		  struct sockaddr_storage *addr, socklen_t *len);

#endif /* TRAITS_NETWORK_HELPERS_H */
