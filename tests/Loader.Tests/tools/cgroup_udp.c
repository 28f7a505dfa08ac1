// SPDX-License-Identifier: GPL-2.0
/* Joins a cgroup, then sends one UDP datagram over 127.0.0.1 to a port and answers it from a
 * listener, printing what happened as one line: "refused: <errno>", "nothing received on <port>",
 * or "received on <port>; reply from <port>" (the source the reply's recvfrom reports).
 * Usage: cgroup_udp CGROUP_PROCS DEST_PORT LISTEN_PORT */
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

static struct sockaddr_in loopback(int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) };

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sin;
}

static int readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 1000) == 1;
}

int main(int argc, char **argv)
{
	struct sockaddr_in listen_at, dest, from;
	socklen_t from_len = sizeof(from);
	char buf[16];
	int sender, listener;
	FILE *procs;

	if (argc != 4) {
		fprintf(stderr, "usage: %s CGROUP_PROCS DEST_PORT LISTEN_PORT\n", argv[0]);
		return 2;
	}
	procs = fopen(argv[1], "w");
	if (!procs || fprintf(procs, "%d\n", getpid()) < 0 || fclose(procs) != 0) {
		perror("joining the cgroup");
		return 1;
	}

	listen_at = loopback(atoi(argv[3]));
	dest = loopback(atoi(argv[2]));
	listener = socket(AF_INET, SOCK_DGRAM, 0);
	sender = socket(AF_INET, SOCK_DGRAM, 0);
	if (listener < 0 || sender < 0 || bind(listener, (struct sockaddr *)&listen_at, sizeof(listen_at)) != 0) {
		perror("setting up the sockets");
		return 1;
	}
	if (sendto(sender, "ping", 4, 0, (struct sockaddr *)&dest, sizeof(dest)) < 0) {
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
	printf("received on %s; reply from %d\n", argv[3], ntohs(from.sin_port));
	return 0;
}
