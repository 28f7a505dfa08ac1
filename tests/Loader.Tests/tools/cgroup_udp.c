// SPDX-License-Identifier: GPL-2.0
/* Joins a cgroup, then sends one UDP datagram over the loopback (127.0.0.1, or ::1 with a fourth
 * argument "6") to a port and answers it from a listener, printing what happened as one line:
 * "refused: <errno>", "nothing received on <port>", or "received on <port>; reply from <port>"
 * (the source the reply's recvfrom reports).
 * Usage: cgroup_udp CGROUP_PROCS DEST_PORT LISTEN_PORT [6] */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int ipv6;

static socklen_t loopback(struct sockaddr_storage *address, int port)
{
	memset(address, 0, sizeof(*address));
	if (ipv6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)address;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		sin6->sin6_addr = in6addr_loopback;
		return sizeof(*sin6);
	}
	struct sockaddr_in *sin = (struct sockaddr_in *)address;

	sin->sin_family = AF_INET;
	sin->sin_port = htons(port);
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sizeof(*sin);
}

static int port_of(const struct sockaddr_storage *address)
{
	return ntohs(address->ss_family == AF_INET6 ? ((const struct sockaddr_in6 *)address)->sin6_port
						    : ((const struct sockaddr_in *)address)->sin_port);
}

static int readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 1000) == 1;
}

int main(int argc, char **argv)
{
	struct sockaddr_storage listen_at, dest, from;
	socklen_t listen_len, dest_len, from_len = sizeof(from);
	char buf[16];
	int sender, listener, family;
	FILE *procs;

	if (argc != 4 && !(argc == 5 && strcmp(argv[4], "6") == 0)) {
		fprintf(stderr, "usage: %s CGROUP_PROCS DEST_PORT LISTEN_PORT [6]\n", argv[0]);
		return 2;
	}
	ipv6 = argc == 5;
	family = ipv6 ? AF_INET6 : AF_INET;
	procs = fopen(argv[1], "w");
	if (!procs || fprintf(procs, "%d\n", getpid()) < 0 || fclose(procs) != 0) {
		perror("joining the cgroup");
		return 1;
	}

	listen_len = loopback(&listen_at, atoi(argv[3]));
	dest_len = loopback(&dest, atoi(argv[2]));
	listener = socket(family, SOCK_DGRAM, 0);
	sender = socket(family, SOCK_DGRAM, 0);
	if (listener < 0 || sender < 0 || bind(listener, (struct sockaddr *)&listen_at, listen_len) != 0) {
		perror("setting up the sockets");
		return 1;
	}
	if (sendto(sender, "ping", 4, 0, (struct sockaddr *)&dest, dest_len) < 0) {
		printf("refused: %s\n", strerrorname_np(errno));
		return 0;
	}
	if (!readable(listener)) {
		printf("nothing received on %s\n", argv[3]);
		return 0;
	}
	if (recvfrom(listener, buf, sizeof(buf), 0, (struct sockaddr *)&from, &from_len) < 0 ||
	    sendto(listener, "pong", 4, 0, (struct sockaddr *)&from, from_len) < 0 || !readable(sender)) {
		perror("answering");
		return 1;
	}
	from_len = sizeof(from);
	if (recvfrom(sender, buf, sizeof(buf), 0, (struct sockaddr *)&from, &from_len) < 0) {
		perror("receiving the reply");
		return 1;
	}
	printf("received on %s; reply from %d\n", argv[3], port_of(&from));
	return 0;
}
