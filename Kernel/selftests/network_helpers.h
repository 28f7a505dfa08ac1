/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stand-in for the netns helpers of tools/testing/selftests/bpf/
 * network_helpers.h (same names and meanings); see test_progs.h.
 */
#ifndef TRAITS_NETWORK_HELPERS_H
#define TRAITS_NETWORK_HELPERS_H

struct nstoken;

/* Switch this thread to the network namespace /run/netns/@name. */
struct nstoken *open_netns(const char *name);
/* Switch back to the namespace open_netns() left; frees @token. */
void close_netns(struct nstoken *token);

#endif /* TRAITS_NETWORK_HELPERS_H */
