#include "fake_replicate/fake_replicate.hpp"
#include "fake_replicate/socket_tools.hpp"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

namespace adiff::test {

struct RawSocketServer::Impl {
	Mode mode;
	int listen_fd = -1;
	std::vector<int> filler_fds; // Blackhole: our own connections that fill the accept queue
	std::atomic<bool> stop{false};
	std::atomic<int> requests_read{0};
	std::thread thread;

	// Reads until the end of the request headers (or the peer goes away), then stalls or resets.
	void serve(int fd)
	{
		std::string request;
		char buffer[4096];
		while (!stop.load() && request.find("\r\n\r\n") == std::string::npos) {
			pollfd watch{fd, POLLIN, 0};
			if (poll(&watch, 1, 20) <= 0)
				continue;
			ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
			if (n <= 0)
				break;
			request.append(buffer, size_t(n));
		}
		if (!request.empty())
			requests_read++;
		if (mode == Mode::Stall)
			hold_until_peer_closes(fd, stop);
		drop_connection(fd);
		close(fd);
	}

	void run()
	{
		block_sigpipe_in_this_thread();
		std::vector<std::thread> connections;
		while (!stop.load()) {
			pollfd watch{listen_fd, POLLIN, 0};
			if (poll(&watch, 1, 20) <= 0)
				continue;
			int fd = accept(listen_fd, nullptr, nullptr);
			if (fd < 0)
				continue;
			connections.emplace_back([this, fd] { serve(fd); });
		}
		for (auto &t : connections)
			t.join();
	}
};

RawSocketServer::RawSocketServer(Mode mode) : impl_(std::make_unique<Impl>())
{
	impl_->mode = mode;
	impl_->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
	sockaddr_in address{};
	address.sin_family = AF_INET;
	address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	address.sin_port = 0;
	socklen_t size = sizeof(address);
	if (impl_->listen_fd < 0 || bind(impl_->listen_fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) ||
	    listen(impl_->listen_fd, mode == Mode::Blackhole ? 0 : 16) ||
	    getsockname(impl_->listen_fd, reinterpret_cast<sockaddr *>(&address), &size))
		throw std::runtime_error("raw socket server: cannot listen on 127.0.0.1");
	port_ = ntohs(address.sin_port);
	if (mode == Mode::Blackhole) {
		// Linux keeps backlog+1 completed connections; with those taken, a new SYN gets no answer.
		for (int i = 0; i < 4; ++i) {
			int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
			connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address));
			impl_->filler_fds.push_back(fd);
		}
		return;
	}
	impl_->thread = std::thread([this] { impl_->run(); });
}

RawSocketServer::~RawSocketServer()
{
	impl_->stop = true;
	if (impl_->thread.joinable())
		impl_->thread.join();
	for (int fd : impl_->filler_fds)
		close(fd);
	close(impl_->listen_fd);
}

std::string RawSocketServer::url(const std::string &path) const
{
	return "http://127.0.0.1:" + std::to_string(port_) + path;
}

int RawSocketServer::requests_read() const
{
	return impl_->requests_read.load();
}

} // namespace adiff::test
