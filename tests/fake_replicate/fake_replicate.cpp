// FakeReplicate's public API (start, stop, configuration, what it recorded) and the Impl basics every
// handler shares: recording requests, the fault queues, the token check.
#include "fake_replicate/fake_impl.hpp"

#include "fake_replicate/api_bodies.hpp"
#include "fake_replicate/socket_tools.hpp"

#include <algorithm>

namespace adiff::test {

void FakeReplicate::Impl::notify()
{
	std::lock_guard<std::mutex> lock(mutex);
	changed.notify_all();
}

// Sleeps up to `ms`, returning early (false) when the fake stops.
bool FakeReplicate::Impl::pause(double ms)
{
	std::unique_lock<std::mutex> lock(mutex);
	return !changed.wait_for(lock, std::chrono::duration<double, std::milli>(ms), [&] { return stopping.load(); });
}

// Takes the next fault of `endpoint` only when it is `wanted` (faults answered by the handler itself).
bool FakeReplicate::Impl::take_fault_if(Endpoint endpoint, Fault wanted)
{
	std::lock_guard<std::mutex> lock(mutex);
	auto &queue = faults[endpoint];
	if (queue.empty() || queue.front() != wanted)
		return false;
	queue.pop_front();
	return true;
}

bool FakeReplicate::Impl::answered_by_handler(Fault fault)
{
	return fault == Fault::CreatedThenReset || fault == Fault::UnknownStatus || fault == Fault::CreatedThenCutOff ||
	       fault == Fault::CreatedThenTruncated;
}

std::optional<Fault> FakeReplicate::Impl::take_fault(Endpoint endpoint)
{
	std::lock_guard<std::mutex> lock(mutex);
	auto &queue = faults[endpoint];
	if (queue.empty() || answered_by_handler(queue.front()))
		return std::nullopt;
	Fault fault = queue.front();
	queue.pop_front();
	return fault;
}

void FakeReplicate::Impl::record(const httplib::Request &req, Endpoint endpoint)
{
	RecordedRequest entry;
	entry.method = req.method;
	entry.path = req.path;
	auto q = req.target.find('?');
	if (q != std::string::npos)
		entry.query = req.target.substr(q + 1);
	for (const auto &[key, value] : req.headers) {
		std::string lower = key;
		std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
		// httplib adds these itself; no client sent them.
		if (lower == "remote_addr" || lower == "remote_port" || lower == "local_addr" || lower == "local_port")
			continue;
		entry.headers[lower] = value;
	}
	entry.body = req.body;
	entry.endpoint = endpoint;
	entry.t_ms = now_ms();
	std::lock_guard<std::mutex> lock(mutex);
	recorded.push_back(std::move(entry));
	changed.notify_all();
}

std::shared_ptr<Prediction> FakeReplicate::Impl::find(const std::string &id)
{
	std::lock_guard<std::mutex> lock(mutex);
	for (auto &p : predictions)
		if (p->id == id)
			return p;
	return nullptr;
}

void FakeReplicate::Impl::reply_json(httplib::Response &res, int status, const json &body)
{
	res.status = status;
	res.set_content(body.dump(), "application/json");
}

bool FakeReplicate::Impl::authorized(const httplib::Request &req)
{
	std::string expected;
	{
		std::lock_guard<std::mutex> lock(mutex);
		expected = "Bearer " + options.token;
	}
	return req.get_header_value("Authorization") == expected;
}

FakeOptions FakeReplicate::Impl::snapshot() const
{
	std::lock_guard<std::mutex> lock(mutex);
	return options;
}

json RecordedRequest::to_json() const
{
	return {{"method", method},
		{"path", path},
		{"query", query},
		{"headers", headers},
		{"body", body},
		{"t_ms", t_ms},
		{"endpoint", endpoint_id(endpoint)}};
}

FakeReplicate::FakeReplicate(FakeOptions options) : impl_(std::make_unique<Impl>())
{
	if (options.clip.empty())
		options.clip = fake_mp4_bytes();
	impl_->options = std::move(options);
	impl_->owner = this;
	auto handler = [this](const httplib::Request &req, httplib::Response &res) {
		impl_->route(req, res);
	};
	impl_->server.Get(".*", handler);
	impl_->server.Post(".*", handler);
	impl_->server.Put(".*", handler);
	impl_->server.Delete(".*", handler);
	const int wanted = impl_->options.port;
	port_ = wanted > 0 ? (impl_->server.bind_to_port("127.0.0.1", wanted) ? wanted : -1)
			   : impl_->server.bind_to_any_port("127.0.0.1");
	if (port_ <= 0)
		throw std::runtime_error("fake_replicate: cannot bind 127.0.0.1");
	impl_->port = port_;
	impl_->listener = std::thread([this] {
		block_sigpipe_in_this_thread(); // inherited by httplib's worker threads
		impl_->server.listen_after_bind();
		impl_->listen_done = true;
	});
	// httplib's stop() does nothing until the accept loop runs: a fake destroyed at once would hang.
	while (!impl_->server.is_running() && !impl_->listen_done.load())
		std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

FakeReplicate::~FakeReplicate()
{
	impl_->stopping = true;
	impl_->notify();
	impl_->server.stop();
	// Idle keep-alive connections and half-read requests would hold httplib's workers for seconds.
	while (!impl_->listen_done.load()) {
		abort_connections(port_);
		std::this_thread::sleep_for(std::chrono::milliseconds(5));
	}
	impl_->listener.join();
}

std::string FakeReplicate::origin() const
{
	return impl_->origin();
}

std::string FakeReplicate::base_url() const
{
	return origin() + options().prefix;
}

void FakeReplicate::configure(const std::function<void(FakeOptions &)> &change)
{
	std::lock_guard<std::mutex> lock(impl_->mutex);
	change(impl_->options);
	if (impl_->options.clip.empty())
		impl_->options.clip = fake_mp4_bytes();
	impl_->changed.notify_all();
}

FakeOptions FakeReplicate::options() const
{
	return impl_->snapshot();
}

void FakeReplicate::inject(Endpoint endpoint, Fault fault, int times)
{
	std::lock_guard<std::mutex> lock(impl_->mutex);
	for (int i = 0; i < times; ++i)
		impl_->faults[endpoint].push_back(fault);
}

void FakeReplicate::clear_faults()
{
	std::lock_guard<std::mutex> lock(impl_->mutex);
	impl_->faults.clear();
}

std::vector<RecordedRequest> FakeReplicate::requests() const
{
	std::lock_guard<std::mutex> lock(impl_->mutex);
	return impl_->recorded;
}

std::vector<RecordedRequest> FakeReplicate::requests_to(Endpoint endpoint) const
{
	std::vector<RecordedRequest> matching;
	for (auto &r : requests())
		if (r.endpoint == endpoint)
			matching.push_back(r);
	return matching;
}

int FakeReplicate::count(Endpoint endpoint) const
{
	return int(requests_to(endpoint).size());
}

void FakeReplicate::cap_prediction_age(std::optional<std::chrono::milliseconds> age)
{
	std::lock_guard<std::mutex> lock(impl_->mutex);
	impl_->age_cap_ms = age ? std::optional<double>(double(age->count())) : std::nullopt;
	impl_->changed.notify_all();
}

int FakeReplicate::cancels_of(const std::string &prediction_id) const
{
	int n = 0;
	for (auto &r : requests_to(Endpoint::Cancel))
		n += r.path.find("/predictions/" + prediction_id + "/cancel") != std::string::npos ? 1 : 0;
	return n;
}

int FakeReplicate::downloads_with_authorization() const
{
	int n = 0;
	for (auto &r : requests_to(Endpoint::Download))
		n += r.headers.count("authorization") ? 1 : 0;
	return n;
}

int FakeReplicate::predictions_created() const
{
	std::lock_guard<std::mutex> lock(impl_->mutex);
	return int(impl_->predictions.size());
}

std::vector<std::string> FakeReplicate::prediction_ids() const
{
	std::lock_guard<std::mutex> lock(impl_->mutex);
	std::vector<std::string> ids;
	for (auto &p : impl_->predictions)
		ids.push_back(p->id);
	return ids;
}

std::optional<json> FakeReplicate::prediction(const std::string &id) const
{
	auto p = impl_->find(id);
	if (!p)
		return std::nullopt;
	return impl_->view_now(*p);
}

bool FakeReplicate::cog_running() const
{
	std::lock_guard<std::mutex> lock(impl_->mutex);
	return impl_->cog_busy;
}

bool FakeReplicate::wait_until(const std::function<bool()> &predicate, std::chrono::milliseconds timeout) const
{
	auto deadline = Clock::now() + timeout;
	while (!predicate()) {
		if (Clock::now() >= deadline)
			return predicate();
		std::unique_lock<std::mutex> lock(impl_->mutex);
		impl_->changed.wait_for(lock, std::chrono::milliseconds(10));
	}
	return true;
}

} // namespace adiff::test
