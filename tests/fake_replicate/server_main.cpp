// fake_replicate_server: the loopback fake as a program, for the real-OBS end-to-end tests.
//   fake_replicate_server [--port N] [--prefix /v1] [--clip FILE] [--starting-ms N] [--processing-ms N]
//                         [--token T] [--cog]
// Prints "LISTENING <port>" once it accepts connections; stops on SIGINT/SIGTERM.
// Admin: GET /__fake/requests (recorded requests as JSON), POST /__fake/config (see fake_config.cpp).
#include "fake_replicate/fake_replicate.hpp"

#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

namespace {

int usage()
{
	fprintf(stderr, "usage: fake_replicate_server [--port N] [--prefix P] [--clip FILE] [--starting-ms N] "
			"[--processing-ms N] [--token T] [--cog]\n");
	return 2;
}

} // namespace

int main(int argc, char **argv)
{
	adiff::test::FakeOptions options;
	options.admin = true;
	options.starting_ms = 300;
	options.processing_ms = 2000;
	for (int i = 1; i < argc; ++i) {
		std::string arg = argv[i];
		auto value = [&]() -> const char * {
			return i + 1 < argc ? argv[++i] : nullptr;
		};
		const char *v = nullptr;
		if (arg == "--cog") {
			options.cog = true;
		} else if ((arg == "--port") && (v = value())) {
			options.port = atoi(v);
		} else if (arg == "--prefix" && (v = value())) {
			options.prefix = v;
		} else if (arg == "--token" && (v = value())) {
			options.token = v;
		} else if (arg == "--starting-ms" && (v = value())) {
			options.starting_ms = atoi(v);
		} else if (arg == "--processing-ms" && (v = value())) {
			options.processing_ms = atoi(v);
		} else if (arg == "--clip" && (v = value())) {
			std::ifstream in(v, std::ios::binary);
			if (!in) {
				fprintf(stderr, "fake_replicate_server: cannot read %s\n", v);
				return 1;
			}
			std::ostringstream bytes;
			bytes << in.rdbuf();
			options.clip = bytes.str();
		} else {
			return usage();
		}
	}
	// Signals are taken synchronously by sigwait below; every thread inherits the blocked mask.
	sigset_t signals;
	sigemptyset(&signals);
	sigaddset(&signals, SIGINT);
	sigaddset(&signals, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &signals, nullptr);

	adiff::test::FakeReplicate fake(options);
	printf("LISTENING %d\n", fake.port());
	fflush(stdout);
	int received = 0;
	sigwait(&signals, &received);
	fprintf(stderr, "fake_replicate_server: %s, stopping\n", strsignal(received));
	return 0;
}
