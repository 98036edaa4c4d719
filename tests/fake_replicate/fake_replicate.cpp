#include "fake_replicate/fake_models.hpp"
#include "fake_replicate/fake_replicate.hpp"

#include "fake_replicate/api_bodies.hpp"
#include "fake_replicate/prediction_logs.hpp"
#include "fake_replicate/socket_tools.hpp"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <random>
#include <thread>

namespace adiff::test {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

double ms_between(Clock::time_point from, Clock::time_point to)
{
	return std::chrono::duration<double, std::milli>(to - from).count();
}

std::string random_prediction_id()
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	std::random_device device;
	std::mt19937 random(device());
	std::uniform_int_distribution<int> pick(0, 35);
	std::string id;
	for (int i = 0; i < 26; ++i)
		id += alphabet[pick(random)];
	return id;
}

// "Prefer: wait" -> 60, "Prefer: wait=5" -> 5, absent -> 0 (answer at once).
int prefer_wait_seconds(const std::string &prefer)
{
	auto at = prefer.find("wait");
	if (at == std::string::npos)
		return 0;
	auto rest = prefer.substr(at + 4);
	if (rest.empty() || rest[0] != '=')
		return 60;
	int seconds = atoi(rest.c_str() + 1);
	return std::clamp(seconds, 1, 60);
}

// "Cancel-After: 5m", "90s", "1h" -> milliseconds (minimum 5 s), 0 when absent or unreadable.
long cancel_after_ms(const std::string &value)
{
	if (value.empty())
		return 0;
	char *end = nullptr;
	double amount = strtod(value.c_str(), &end);
	if (end == value.c_str() || amount <= 0)
		return 0;
	std::string unit = end;
	double factor = unit == "h" ? 3600000.0 : unit == "m" ? 60000.0 : unit == "ms" ? 1.0 : 1000.0;
	return std::max(5000L, long(amount * factor));
}

bool path_matches(const std::string &path, const std::string &prefix, std::string *rest)
{
	if (path.compare(0, prefix.size(), prefix) != 0)
		return false;
	*rest = path.substr(prefix.size());
	return true;
}

} // namespace

// One prediction and everything needed to show it at any moment.
struct Prediction {
	std::string id;
	std::string version; // bare hash
	json input;
	int64_t seed = 0;
	Clock::time_point created;
	std::chrono::system_clock::time_point created_wall;
	int starting_ms = 0, processing_ms = 0;
	Outcome outcome = Outcome::Succeeded;
	std::string error_text;
	OutputShape shape = OutputShape::Url;
	bool output_early = false;
	double output_early_at = 0.95;
	std::string urls_origin;
	std::string clip, clip_content_type;
	std::optional<double> canceled_at_ms; // by the client's cancel or Cancel-After
	long cancel_after = 0;

	double final_ms() const { return double(starting_ms + processing_ms); }
};

struct FakeReplicate::Impl {
	httplib::Server server;
	std::thread listener;
	std::atomic<bool> stopping{false};
	std::atomic<bool> listen_done{false};
	int port = 0;
	Clock::time_point started = Clock::now();

	mutable std::mutex mutex;
	mutable std::condition_variable changed;
	FakeOptions options;
	std::vector<RecordedRequest> recorded;
	std::map<Endpoint, std::deque<Fault>> faults;
	std::vector<std::shared_ptr<Prediction>> predictions;
	bool cog_busy = false;

	std::string origin() const { return "http://127.0.0.1:" + std::to_string(port); }

	double now_ms() const { return ms_between(started, Clock::now()); }

	void notify()
	{
		std::lock_guard<std::mutex> lock(mutex);
		changed.notify_all();
	}

	// Sleeps up to `ms`, returning early (false) when the fake stops.
	bool pause(double ms)
	{
		std::unique_lock<std::mutex> lock(mutex);
		return !changed.wait_for(lock, std::chrono::duration<double, std::milli>(ms),
					 [&] { return stopping.load(); });
	}

	// Takes the next fault of `endpoint` only when it is `wanted` (faults answered by the handler itself).
	bool take_fault_if(Endpoint endpoint, Fault wanted)
	{
		std::lock_guard<std::mutex> lock(mutex);
		auto &queue = faults[endpoint];
		if (queue.empty() || queue.front() != wanted)
			return false;
		queue.pop_front();
		return true;
	}

	// The prediction as GET shows it now, with a status no client knows.
	json with_unknown_status(const Prediction &p) const
	{
		json j = view_now(p);
		j["status"] = "queued";
		return j;
	}

	static bool answered_by_handler(Fault fault)
	{
		return fault == Fault::CreatedThenReset || fault == Fault::UnknownStatus;
	}

	std::optional<Fault> take_fault(Endpoint endpoint)
	{
		std::lock_guard<std::mutex> lock(mutex);
		auto &queue = faults[endpoint];
		if (queue.empty() || answered_by_handler(queue.front()))
			return std::nullopt;
		Fault fault = queue.front();
		queue.pop_front();
		return fault;
	}

	void record(const httplib::Request &req, Endpoint endpoint)
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
			if (lower == "remote_addr" || lower == "remote_port" || lower == "local_addr" ||
			    lower == "local_port")
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

	std::shared_ptr<Prediction> find(const std::string &id)
	{
		std::lock_guard<std::mutex> lock(mutex);
		for (auto &p : predictions)
			if (p->id == id)
				return p;
		return nullptr;
	}

	std::string file_url(const Prediction &p, const std::string &name) const
	{
		return origin() + "/files/" + p.id + "/" + name;
	}

	std::string data_url(const Prediction &p) const
	{
		return "data:" + p.clip_content_type + ";base64," + base64(p.clip);
	}

	json output_of(const Prediction &p) const
	{
		switch (p.shape) {
		case OutputShape::UrlList:
			return json::array({file_url(p, "out.png"), file_url(p, "out.mp4")});
		case OutputShape::DataUrl:
			return data_url(p);
		case OutputShape::Url:
		case OutputShape::RelayData:
			break;
		}
		return file_url(p, "out.mp4");
	}

	bool is_final_at(const Prediction &p, double t) const
	{
		// canceled_at_ms may lie in the future (a Cancel-After deadline) until the clock reaches it.
		return (p.canceled_at_ms && t >= *p.canceled_at_ms) || t >= p.final_ms();
	}

	// The prediction object exactly as GET would return it `t` ms after its creation.
	json view(const Prediction &p, const std::string &prefix, double t) const
	{
		const std::string api =
			(p.urls_origin.empty() ? origin() : p.urls_origin) + prefix + "/predictions/" + p.id;
		json j = {{"id", p.id},
			  {"model", kAnimateDiffModel},
			  {"version", p.version},
			  {"input", p.input},
			  {"logs", ""},
			  {"output", nullptr},
			  {"data_removed", false},
			  {"error", nullptr},
			  {"status", "starting"},
			  {"source", "api"},
			  {"created_at", iso_time(p.created_wall)},
			  {"urls",
			   {{"get", api},
			    {"cancel", api + "/cancel"},
			    {"stream", origin() + "/stream/" + p.id},
			    {"web", origin() + "/p/" + p.id}}}};
		auto at = [&](double ms) {
			return iso_time(p.created_wall + std::chrono::microseconds(int64_t(ms * 1000)));
		};
		const std::string prompt = p.input.value("prompt", std::string());
		const int steps = p.input.contains("steps") && p.input["steps"].is_number_integer()
					  ? p.input["steps"].get<int>()
					  : 25;
		if (p.canceled_at_ms && *p.canceled_at_ms < p.final_ms() && t >= *p.canceled_at_ms) {
			double c = *p.canceled_at_ms;
			if (c >= p.starting_ms) {
				j["started_at"] = at(p.starting_ms);
				j["logs"] = animate_diff_logs(p.seed, prompt, steps,
							      (c - p.starting_ms) / std::max(1, p.processing_ms));
			}
			j["status"] = "canceled";
			j["completed_at"] = at(c);
			return j;
		}
		if (t < p.starting_ms)
			return j;
		j["started_at"] = at(p.starting_ms);
		if (t < p.final_ms()) {
			double fraction = (t - p.starting_ms) / std::max(1, p.processing_ms);
			j["status"] = "processing";
			j["logs"] = animate_diff_logs(p.seed, prompt, steps, fraction);
			if (p.output_early && p.outcome == Outcome::Succeeded && fraction >= p.output_early_at)
				j["output"] = output_of(p);
			return j;
		}
		j["completed_at"] = at(p.final_ms());
		json metrics = {{"predict_time", p.processing_ms / 1000.0}, {"total_time", p.final_ms() / 1000.0}};
		switch (p.outcome) {
		case Outcome::Succeeded:
			j["status"] = "succeeded";
			j["logs"] = animate_diff_logs(p.seed, prompt, steps, 1.0);
			j["output"] = output_of(p);
			j["metrics"] = metrics;
			break;
		case Outcome::Failed:
			j["status"] = "failed";
			j["logs"] =
				animate_diff_logs(p.seed, prompt, steps, 0.4) +
				"Traceback (most recent call last):\n  File \"predict.py\", line 107, in predict\n" +
				"RuntimeError: " + p.error_text + "\n";
			j["error"] = p.error_text;
			j["metrics"] = metrics;
			break;
		case Outcome::Canceled:
			j["status"] = "canceled";
			j["logs"] = animate_diff_logs(p.seed, prompt, steps, 0.3);
			break;
		case Outcome::Aborted:
			j["status"] = "aborted";
			break;
		case Outcome::DataRemoved:
			j["status"] = "succeeded";
			j["data_removed"] = true;
			j["metrics"] = metrics;
			break;
		case Outcome::NoOutput:
			j["status"] = "succeeded";
			j["logs"] = animate_diff_logs(p.seed, prompt, steps, 1.0);
			j["metrics"] = metrics;
			break;
		}
		return j;
	}

	// A consistent snapshot: a cancel may be recorded concurrently.
	json view_now(const Prediction &p) const
	{
		Prediction copy;
		std::string prefix;
		{
			std::lock_guard<std::mutex> lock(mutex);
			copy = p;
			prefix = options.prefix;
		}
		return view(copy, prefix, ms_between(copy.created, Clock::now()));
	}

	// Applies the next queued fault of `endpoint`, if any. True when the request was answered by it.
	bool answer_fault(Endpoint endpoint, const httplib::Request &req, httplib::Response &res)
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
			res.set_content_provider(announced, "video/mp4",
						 [this](size_t offset, size_t, httplib::DataSink &sink) {
							 std::string chunk = offset == 0 ? fake_mp4_bytes(65536)
											 : std::string(65536, '\0');
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

	void reply_json(httplib::Response &res, int status, const json &body)
	{
		res.status = status;
		res.set_content(body.dump(), "application/json");
	}

	bool authorized(const httplib::Request &req)
	{
		std::string expected;
		{
			std::lock_guard<std::mutex> lock(mutex);
			expected = "Bearer " + options.token;
		}
		return req.get_header_value("Authorization") == expected;
	}

	// Holds until `p` is final, `deadline` passes or the fake stops.
	void hold(const Prediction &p, Clock::time_point deadline)
	{
		std::unique_lock<std::mutex> lock(mutex);
		while (!stopping.load() && Clock::now() < deadline) {
			if (is_final_at(p, ms_between(p.created, Clock::now())))
				return;
			changed.wait_for(lock, std::chrono::milliseconds(5));
		}
	}

	// `deployment`: the create came to /deployments/{name}/predictions (fake_models.cpp).
	void handle_create(const httplib::Request &req, httplib::Response &res, const std::string *deployment = nullptr)
	{
		record(req, Endpoint::Create);
		const bool drop_after_create = take_fault_if(Endpoint::Create, Fault::CreatedThenReset);
		const bool unknown_status = take_fault_if(Endpoint::Create, Fault::UnknownStatus);
		if (answer_fault(Endpoint::Create, req, res))
			return;
		if (!authorized(req))
			return reply_json(
				res, 401,
				error_body(401, "Unauthenticated", "You did not pass a valid authentication token"));
		json body = json::parse(req.body, nullptr, false);
		if (body.is_discarded() || !body.is_object())
			return reply_json(res, 400,
					  error_body(400, "Bad request", "The request body is not valid JSON"));
		FakeOptions now = snapshot();
		std::string version = body.value("version", std::string());
		if (deployment) {
			if (auto problem = deployment_create_problem(now, *deployment, body, &version))
				return reply_json(res, problem->status, problem->body);
		}
		std::string bare = version.substr(version.find(':') == std::string::npos ? 0 : version.find(':') + 1);
		bool known = std::find(now.versions.begin(), now.versions.end(), bare) != now.versions.end();
		if (version.find(':') != std::string::npos && version.substr(0, version.find(':')) != kAnimateDiffModel)
			known = false;
		if (!known)
			return reply_json(res, 422, invalid_version_body());
		json input = body.contains("input") ? body["input"] : json::object();
		auto problems = validate_input(input);
		if (!problems.empty())
			return reply_json(res, 422, invalid_fields_body(problems));

		auto p = std::make_shared<Prediction>();
		p->id = random_prediction_id();
		p->version = bare;
		p->input = input;
		p->seed = input.contains("seed") && input["seed"].is_number_integer()
				  ? input["seed"].get<int64_t>()
				  : int64_t(std::random_device()() >> 1);
		p->created = Clock::now();
		p->created_wall = std::chrono::system_clock::now();
		p->starting_ms = now.starting_ms;
		p->processing_ms = now.processing_ms;
		p->outcome = now.outcome;
		p->error_text = now.error_text;
		p->shape = now.shape;
		p->output_early = now.output_early;
		p->output_early_at = now.output_early_at;
		p->urls_origin = now.urls_origin;
		p->clip = now.clip;
		p->clip_content_type = now.clip_content_type;
		long cancel_after = cancel_after_ms(req.get_header_value("Cancel-After"));
		if (cancel_after > 0 && cancel_after < p->final_ms())
			p->canceled_at_ms = double(cancel_after);
		{
			std::lock_guard<std::mutex> lock(mutex);
			predictions.push_back(p);
			changed.notify_all();
		}
		if (drop_after_create) {
			int fd = find_connection_fd(port, req.remote_port);
			if (fd >= 0)
				drop_connection(fd);
			res.status = 500;
			return;
		}
		if (p->shape == OutputShape::RelayData) {
			// The relay answers synchronously once the job is done, OpenAI style.
			hold(*p, Clock::now() + std::chrono::seconds(120));
			json data = json::array();
			if (view_now(*p)["status"] == "succeeded")
				data.push_back({{"url", file_url(*p, "out.mp4")}});
			return reply_json(res, 200,
					  {{"created", int64_t(std::chrono::duration_cast<std::chrono::seconds>(
								       p->created_wall.time_since_epoch())
								       .count())},
					   {"data", data}});
		}
		int wait_s = prefer_wait_seconds(req.get_header_value("Prefer"));
		if (wait_s > 0)
			hold(*p, p->created + std::chrono::seconds(wait_s));
		reply_json(res, 201, unknown_status ? with_unknown_status(*p) : view_now(*p));
	}

	// What every call on one prediction does first, as Replicate answers it: the injected fault if any,
	// 401 without a valid token, 404 for an unknown id. Returns the prediction, or null once answered.
	std::shared_ptr<Prediction> prediction_for(Endpoint endpoint, const httplib::Request &req,
						   httplib::Response &res, const std::string &id)
	{
		record(req, endpoint);
		if (answer_fault(endpoint, req, res))
			return nullptr;
		if (!authorized(req)) {
			reply_json(res, 401,
				   error_body(401, "Unauthenticated", "You did not pass a valid authentication token"));
			return nullptr;
		}
		auto p = find(id);
		if (!p)
			reply_json(res, 404, {{"detail", "Not found."}});
		return p;
	}

	void handle_get(const httplib::Request &req, httplib::Response &res, const std::string &id)
	{
		const bool unknown_status = take_fault_if(Endpoint::Get, Fault::UnknownStatus);
		auto p = prediction_for(Endpoint::Get, req, res, id);
		if (p)
			reply_json(res, 200, unknown_status ? with_unknown_status(*p) : view_now(*p));
	}

	void handle_cancel(const httplib::Request &req, httplib::Response &res, const std::string &id)
	{
		auto p = prediction_for(Endpoint::Cancel, req, res, id);
		if (!p)
			return;
		{
			std::lock_guard<std::mutex> lock(mutex);
			double t = ms_between(p->created, Clock::now());
			if (!is_final_at(*p, t))
				p->canceled_at_ms = t;
			changed.notify_all();
		}
		reply_json(res, 200, view_now(*p));
	}

	void handle_download(const httplib::Request &req, httplib::Response &res, const std::string &id,
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

	void handle_cog_predict(const httplib::Request &req, httplib::Response &res)
	{
		record(req, Endpoint::Create);
		if (answer_fault(Endpoint::Create, req, res))
			return;
		json body = json::parse(req.body, nullptr, false);
		if (body.is_discarded() || !body.is_object())
			return reply_json(
				res, 422,
				cog_validation_body({{"", "", "value is not a valid dict", "type_error.dict"}}));
		json input = body.contains("input") ? body["input"] : json::object();
		auto problems = validate_input(input);
		if (!problems.empty())
			return reply_json(res, 422, cog_validation_body(problems));
		{
			std::lock_guard<std::mutex> lock(mutex);
			if (cog_busy)
				return reply_json(res, 409, {{"detail", "Already running a prediction"}});
			cog_busy = true;
			changed.notify_all();
		}
		FakeOptions now = snapshot();
		Prediction p;
		p.input = input;
		p.seed =
			input.contains("seed") && input["seed"].is_number_integer() ? input["seed"].get<int64_t>() : 42;
		p.created_wall = std::chrono::system_clock::now();
		p.clip = now.clip;
		p.clip_content_type = now.clip_content_type;
		bool finished = pause(now.starting_ms + now.processing_ms);
		{
			std::lock_guard<std::mutex> lock(mutex);
			cog_busy = false;
			changed.notify_all();
		}
		if (!finished)
			return reply_json(res, 500, {{"detail", "shutting down"}});
		const std::string prompt = input.value("prompt", std::string());
		const int steps = input.value("steps", 25);
		json answer = {{"input", input},
			       {"output", nullptr},
			       {"id", nullptr},
			       {"version", nullptr},
			       {"created_at", nullptr},
			       {"started_at", iso_time(p.created_wall)},
			       {"completed_at", iso_time(std::chrono::system_clock::now())},
			       {"logs", animate_diff_logs(p.seed, prompt, steps, 1.0)},
			       {"error", nullptr},
			       {"status", "succeeded"},
			       {"metrics", {{"predict_time", now.processing_ms / 1000.0}}}};
		if (now.outcome == Outcome::Failed) {
			answer["status"] = "failed";
			answer["error"] = now.error_text;
		} else {
			answer["output"] = data_url(p);
		}
		reply_json(res, 200, answer);
	}

	FakeOptions snapshot() const
	{
		std::lock_guard<std::mutex> lock(mutex);
		return options;
	}

	void route(const httplib::Request &req, httplib::Response &res)
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
				    id.compare(id.size() - cancel_suffix.size(), cancel_suffix.size(), cancel_suffix) ==
					    0)
					return handle_cancel(req, res, id.substr(0, id.size() - cancel_suffix.size()));
				if (req.method == "GET" && id.find('/') == std::string::npos)
					return handle_get(req, res, id);
			}
		}
		record(req, Endpoint::Other);
		reply_json(res, 404, {{"detail", "Not found."}});
	}

	// Test aid for redirect handling: ?hops=N answers 302 N times then 200; ?to=URL answers 302 to URL.
	void handle_redirect(const httplib::Request &req, httplib::Response &res)
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
		res.set_header("Location", origin() + "/__redirect?hops=" + std::to_string(hops - 1) +
						   "&done=" + std::to_string(done + 1));
	}

	void handle_admin(const httplib::Request &req, httplib::Response &res)
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
				return reply_json(res, 400,
						  {{"error", config.is_discarded() ? "malformed JSON" : error}});
			return reply_json(res, 200, {{"ok", true}});
		}
		reply_json(res, 404, {{"detail", "Not found."}});
	}

	FakeReplicate *owner = nullptr;
};

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
	auto handler = [this](const httplib::Request &req, httplib::Response &res) { impl_->route(req, res); };
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
