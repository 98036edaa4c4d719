#include "fake_process.hpp"

#include "core/net/http_client.hpp"

#include <csignal>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace adiff::soak {
namespace {

HttpResult admin_call(const std::string &method, const std::string &url, const std::string &body = "")
{
	HttpRequest request;
	request.method = method;
	request.url = url;
	request.body = body;
	request.headers = {{"Content-Type", "application/json"}};
	request.limits.total_timeout_ms = 5000;
	request.limits.max_response_bytes = 256u << 20;
	HttpClient client;
	CancelFlag cancel;
	return client.perform(request, cancel);
}

} // namespace

FakeProcess::FakeProcess(test::FakeOptions options) : options_(std::move(options))
{
	options_.admin = true;
	int fds[2];
	if (pipe(fds) != 0)
		throw std::runtime_error("pipe failed");
	child_ = fork();
	if (child_ < 0)
		throw std::runtime_error("fork failed");
	if (child_ == 0) {
		close(fds[0]);
		test::FakeReplicate fake(options_);
		const int port = fake.port();
		if (write(fds[1], &port, sizeof(port)) != sizeof(port))
			_exit(1);
		close(fds[1]);
		for (;;)
			pause(); // until SIGTERM from the parent
	}
	close(fds[1]);
	const ssize_t n = read(fds[0], &port_, sizeof(port_));
	close(fds[0]);
	if (n != sizeof(port_) || port_ <= 0)
		throw std::runtime_error("the fake API process did not start");
}

FakeProcess::~FakeProcess()
{
	if (child_ > 0) {
		kill(child_, SIGTERM);
		waitpid(child_, nullptr, 0);
	}
}

std::string FakeProcess::base_url() const
{
	return "http://127.0.0.1:" + std::to_string(port_) + options_.prefix;
}

void FakeProcess::configure(const nlohmann::json &config) const
{
	const HttpResult result =
		admin_call("POST", "http://127.0.0.1:" + std::to_string(port_) + "/__fake/config", config.dump());
	if (!result.ok() || result.response.status != 200)
		throw std::runtime_error("fake config refused: " + result.response.body + result.detail);
}

void FakeProcess::inject(test::Endpoint endpoint, test::Fault fault) const
{
	configure({{"faults",
		    {{{"endpoint", test::endpoint_id(endpoint)}, {"fault", test::fault_id(fault)}, {"times", 1}}}}});
}

int FakeProcess::count(test::Endpoint endpoint) const
{
	const HttpResult result = admin_call("GET", "http://127.0.0.1:" + std::to_string(port_) + "/__fake/requests");
	const nlohmann::json all = nlohmann::json::parse(result.response.body, nullptr, false);
	int n = 0;
	if (all.is_array())
		for (const nlohmann::json &request : all)
			n += request.value("endpoint", "") == test::endpoint_id(endpoint);
	return n;
}

} // namespace adiff::soak
