#include "fake_replicate/socket_tools.hpp"

#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <functional>
#include <string>

namespace adiff::test {
namespace {

int port_of(const sockaddr_storage &address)
{
	if (address.ss_family == AF_INET)
		return ntohs(reinterpret_cast<const sockaddr_in &>(address).sin_port);
	if (address.ss_family == AF_INET6)
		return ntohs(reinterpret_cast<const sockaddr_in6 &>(address).sin6_port);
	return -1;
}

// Calls `visit(fd, peer_port)` for every connected TCP socket of this process bound to `local_port`.
void for_each_connection(int local_port, const std::function<bool(int fd, int peer_port)> &visit)
{
	DIR *dir = opendir("/proc/self/fd");
	if (!dir)
		return;
	while (dirent *entry = readdir(dir)) {
		char *end = nullptr;
		long fd = strtol(entry->d_name, &end, 10);
		if (end == entry->d_name || *end != '\0' || fd == dirfd(dir))
			continue;
		sockaddr_storage local{}, peer{};
		socklen_t local_size = sizeof(local), peer_size = sizeof(peer);
		if (getsockname(int(fd), reinterpret_cast<sockaddr *>(&local), &local_size) != 0)
			continue;
		if (port_of(local) != local_port)
			continue;
		if (getpeername(int(fd), reinterpret_cast<sockaddr *>(&peer), &peer_size) != 0)
			continue; // the listening socket
		if (!visit(int(fd), port_of(peer)))
			break;
	}
	closedir(dir);
}

} // namespace

int find_connection_fd(int local_port, int peer_port)
{
	int found = -1;
	for_each_connection(local_port, [&](int fd, int peer) {
		if (peer != peer_port)
			return true;
		found = fd;
		return false;
	});
	return found;
}

void abort_connections(int local_port)
{
	for_each_connection(local_port, [](int fd, int) {
		shutdown(fd, SHUT_RDWR);
		return true;
	});
}

void drop_connection(int fd)
{
	linger hard_close{1, 0};
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard_close, sizeof(hard_close));
	shutdown(fd, SHUT_RDWR);
}

void hold_until_peer_closes(int fd, const std::atomic<bool> &stop)
{
	while (!stop.load()) {
		pollfd watch{fd, POLLIN | POLLRDHUP, 0};
		int ready = poll(&watch, 1, 20);
		if (ready < 0)
			return;
		if (ready == 0)
			continue;
		if (watch.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL))
			return;
		char byte;
		if (recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0)
			return;
		// The client pipelined more bytes; they stay unanswered. Wait for it to close.
		poll(nullptr, 0, 20);
	}
}

void block_sigpipe_in_this_thread()
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

} // namespace adiff::test
