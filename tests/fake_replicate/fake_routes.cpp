// HTTP routing of the fake, the injected faults' answers, file downloads and the admin endpoints.
#include "fake_replicate/fake_impl.hpp"

#include "fake_replicate/api_bodies.hpp"
#include "fake_replicate/fake_models.hpp"
#include "fake_replicate/socket_tools.hpp"

#include <algorithm>

namespace adiff::test {

namespace {

bool path_matches(const std::string &path, const std::string &prefix, std::string *rest)
{
	if (path.compare(0, prefix.size(), prefix) != 0)
		return false;
	*rest = path.substr(prefix.size());
	return true;
}

} // namespace

// Applies the next queued fault of `endpoint`, if any. True when the request was answered by it.
bool FakeReplicate::Impl::answer_fault(Endpoint endpoint, const httplib::Request &req, httplib::Response &res)
{
	auto fault = take_fault(endpoint);
	if (!fault)
		return false;
	int retry_after;
	{
		std::lock_guard<std::mutex> lock(mutex);
		retry_after = options.retry_after_s;
	}
	switch (*fault) {
	case Fault::Reset: {
		int fd = find_connection_fd(port, req.remote_port);
		if (fd >= 0)
			drop_connection(fd);
		res.status = 500;
		return true;
	}
	case Fault::Stall: {
		int fd = find_connection_fd(port, req.remote_port);
		if (fd >= 0) {
			hold_until_peer_closes(fd, stopping);
			// Nothing may reach the client, even when the fake stops first.
			drop_connection(fd);
		}
		res.status = 500;
		return true;
	}
	case Fault::TooLarge: {
		const uint64_t announced = 1ull << 30;
		res.set_content_provider(
			announced, "video/mp4", [this](size_t offset, size_t, httplib::DataSink &sink) {
				std::string chunk = offset == 0 ? fake_mp4_bytes(65536) : std::string(65536, '\0');
				if (stopping.load() || !sink.is_writable())
					return false;
				return sink.write(chunk.data(), chunk.size());
			});
		res.status = 200;
		return true;
	}
	default:
		break;
	}
	FaultAnswer answer = fault_answer(*fault, endpoint, retry_after);
	res.status = answer.status;
	for (const auto &[key, value] : answer.headers)
		res.set_header(key, value);
	res.set_content(answer.body, answer.content_type);
	return true;
}

void FakeReplicate::Impl::route(const httplib::Request &req, httplib::Response &res)
{
	FakeOptions now = snapshot();
	if (now.admin && req.path.rfind("/__fake/", 0) == 0)
		return handle_admin(req, res);
	if (req.path == "/__redirect")
		return handle_redirect(req, res);
	std::string rest;
	if (req.path.rfind("/files/", 0) == 0 && req.method == "GET") {
		auto tail = req.path.substr(7);
		auto slash = tail.find('/');
		if (slash != std::string::npos)
			return handle_download(req, res, tail.substr(0, slash), tail.substr(slash + 1));
	}
	if (now.cog) {
		if (req.method == "POST" && req.path == "/predictions")
			return handle_cog_predict(req, res);
		if (req.method == "GET" && req.path == "/health-check") {
			record(req, Endpoint::Other);
			std::lock_guard<std::mutex> lock(mutex);
			return reply_json(res, 200,
					  {{"status", cog_busy ? "BUSY" : "READY"},
					   {"setup", {{"status", "succeeded"}}}});
		}
	} else if (std::string name; path_matches(req.path, now.prefix, &rest) &&
				     ((req.method == "GET" && match_model_path(rest, &name)) ||
				      (req.method == "POST" && match_deployment_path(rest, &name)))) {
		if (req.method == "POST")
			return handle_create(req, res, &name);
		record(req, Endpoint::Model);
		if (answer_fault(Endpoint::Model, req, res))
			return;
		if (!authorized(req))
			return reply_json(res, 401,
					  error_body(401, "Unauthenticated",
						     "You did not pass a valid authentication token"));
		FakeAnswer answer = model_answer(now, name);
		return reply_json(res, answer.status, answer.body);
	} else if (path_matches(req.path, now.prefix + "/predictions", &rest)) {
		if (rest.empty() && req.method == "POST")
			return handle_create(req, res);
		if (rest.size() > 1 && rest[0] == '/') {
			std::string id = rest.substr(1);
			const std::string cancel_suffix = "/cancel";
			if (req.method == "POST" && id.size() > cancel_suffix.size() &&
			    id.compare(id.size() - cancel_suffix.size(), cancel_suffix.size(), cancel_suffix) == 0)
				return handle_cancel(req, res, id.substr(0, id.size() - cancel_suffix.size()));
			if (req.method == "GET" && id.find('/') == std::string::npos)
				return handle_get(req, res, id);
		}
	}
	record(req, Endpoint::Other);
	reply_json(res, 404, {{"detail", "Not found."}});
}

// Test aid for redirect handling: ?hops=N answers 302 N times then 200; ?to=URL answers 302 to URL.
void FakeReplicate::Impl::handle_redirect(const httplib::Request &req, httplib::Response &res)
{
	record(req, Endpoint::Other);
	if (req.has_param("to")) {
		res.status = 302;
		res.set_header("Location", req.get_param_value("to"));
		return;
	}
	int hops = atoi(req.get_param_value("hops").c_str());
	int done = atoi(req.get_param_value("done").c_str());
	if (hops <= 0) {
		res.set_content("redirected " + std::to_string(done) + " times", "text/plain");
		return;
	}
	res.status = 302;
	res.set_header("Location",
		       origin() + "/__redirect?hops=" + std::to_string(hops - 1) + "&done=" + std::to_string(done + 1));
}

void FakeReplicate::Impl::handle_admin(const httplib::Request &req, httplib::Response &res)
{
	if (req.method == "GET" && req.path == "/__fake/requests") {
		json all = json::array();
		std::lock_guard<std::mutex> lock(mutex);
		for (const auto &r : recorded)
			all.push_back(r.to_json());
		res.set_content(all.dump(), "application/json");
		return;
	}
	if (req.method == "POST" && req.path == "/__fake/config") {
		json config = json::parse(req.body, nullptr, false);
		std::string error;
		if (config.is_discarded() || !owner->apply_config(config, &error))
			return reply_json(res, 400, {{"error", config.is_discarded() ? "malformed JSON" : error}});
		return reply_json(res, 200, {{"ok", true}});
	}
	reply_json(res, 404, {{"detail", "Not found."}});
}

void FakeReplicate::Impl::handle_download(const httplib::Request &req, httplib::Response &res, const std::string &id,
					  const std::string &name)
{
	record(req, Endpoint::Download);
	if (answer_fault(Endpoint::Download, req, res))
		return;
	auto p = find(id);
	// A file host knows nothing of tokens; it serves whoever has the url.
	if (!p || (name != "out.mp4" && name != "out.png")) {
		res.status = 404;
		res.set_content("Not Found", "text/plain");
		return;
	}
	std::string bytes = name == "out.png" ? fake_png_bytes() : p->clip;
	std::string type = name == "out.png" ? "image/png" : p->clip_content_type;
	long rate = snapshot().download_bytes_per_s;
	if (rate <= 0) {
		res.set_content(bytes, type);
		return;
	}
	auto shared = std::make_shared<std::string>(std::move(bytes));
	const size_t chunk = size_t(std::max(1L, rate / 20));
	res.set_content_provider(shared->size(), type,
				 [this, shared, chunk](size_t offset, size_t, httplib::DataSink &sink) {
					 if (!pause(50))
						 return false;
					 size_t n = std::min(chunk, shared->size() - offset);
					 return sink.write(shared->data() + offset, n);
				 });
}

} // namespace adiff::test
