// The prediction lifecycle endpoints: create (hosted, deployment, relay), get, cancel, and Cog's predict.
#include "fake_replicate/fake_impl.hpp"

#include "fake_replicate/api_bodies.hpp"
#include "fake_replicate/fake_models.hpp"
#include "fake_replicate/prediction_logs.hpp"
#include "fake_replicate/socket_tools.hpp"

#include <algorithm>
#include <random>

namespace adiff::test {

namespace {

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

} // namespace

// Holds until `p` is final, `deadline` passes or the fake stops.
void FakeReplicate::Impl::hold(const Prediction &p, Clock::time_point deadline)
{
	std::unique_lock<std::mutex> lock(mutex);
	while (!stopping.load() && Clock::now() < deadline) {
		if (is_final_at(p, age_ms_locked(p)))
			return;
		changed.wait_for(lock, std::chrono::milliseconds(5));
	}
}

// `deployment`: the create came to /deployments/{name}/predictions (fake_models.cpp).
void FakeReplicate::Impl::handle_create(const httplib::Request &req, httplib::Response &res,
					const std::string *deployment)
{
	record(req, Endpoint::Create);
	const bool drop_after_create = take_fault_if(Endpoint::Create, Fault::CreatedThenReset);
	const bool unknown_status = take_fault_if(Endpoint::Create, Fault::UnknownStatus);
	const CreateFault fault = take_fault_if(Endpoint::Create, Fault::CreatedThenCutOff) ? CreateFault::CutOff
				  : take_fault_if(Endpoint::Create, Fault::CreatedThenTruncated)
					  ? CreateFault::Truncated
					  : CreateFault::None;
	if (answer_fault(Endpoint::Create, req, res))
		return;
	if (!authorized(req))
		return reply_json(res, 401,
				  error_body(401, "Unauthenticated", "You did not pass a valid authentication token"));
	json body = json::parse(req.body, nullptr, false);
	if (body.is_discarded() || !body.is_object())
		return reply_json(res, 400, error_body(400, "Bad request", "The request body is not valid JSON"));
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
	p->seed = input.contains("seed") && input["seed"].is_number_integer() ? input["seed"].get<int64_t>()
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
	answer_create(res, p, req.get_header_value("Prefer"), unknown_status ? CreateFault::UnknownStatus : fault);
}

// The answer to a create that made `p`: held by Prefer: wait, delayed, padded or damaged as asked.
void FakeReplicate::Impl::answer_create(httplib::Response &res, const std::shared_ptr<Prediction> &p,
					const std::string &prefer, CreateFault fault)
{
	FakeOptions now = snapshot();
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
	int wait_s = prefer_wait_seconds(prefer);
	if (wait_s > 0)
		hold(*p, p->created + std::chrono::seconds(wait_s));
	if (now.create_delay_ms > 0 && !pause(now.create_delay_ms))
		return reply_json(res, 500, {{"detail", "shutting down"}});
	json body = fault == CreateFault::UnknownStatus ? with_unknown_status(*p) : view_now(*p);
	if (now.create_logs_bytes > 0)
		body["logs"] = std::string(now.create_logs_bytes, 'x');
	const std::string text = body.dump();
	res.status = 201;
	if (fault == CreateFault::Truncated)
		return res.set_content(text.substr(0, text.size() / 2), "application/json");
	if (fault != CreateFault::CutOff)
		return res.set_content(text, "application/json");
	// The full length announced, half of it sent, then the connection goes.
	auto shared = std::make_shared<std::string>(text);
	res.set_content_provider(shared->size(), "application/json",
				 [shared](size_t offset, size_t, httplib::DataSink &sink) {
					 if (offset > 0)
						 return false;
					 return sink.write(shared->data(), shared->size() / 2);
				 });
}

// What every call on one prediction does first, as Replicate answers it: the injected fault if any,
// 401 without a valid token, 404 for an unknown id. Returns the prediction, or null once answered.
std::shared_ptr<Prediction> FakeReplicate::Impl::prediction_for(Endpoint endpoint, const httplib::Request &req,
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

void FakeReplicate::Impl::handle_get(const httplib::Request &req, httplib::Response &res, const std::string &id)
{
	const bool unknown_status = take_fault_if(Endpoint::Get, Fault::UnknownStatus);
	auto p = prediction_for(Endpoint::Get, req, res, id);
	if (p)
		reply_json(res, 200, unknown_status ? with_unknown_status(*p) : view_now(*p));
}

void FakeReplicate::Impl::handle_cancel(const httplib::Request &req, httplib::Response &res, const std::string &id)
{
	auto p = prediction_for(Endpoint::Cancel, req, res, id);
	if (!p)
		return;
	{
		std::lock_guard<std::mutex> lock(mutex);
		double t = age_ms_locked(*p);
		if (!is_final_at(*p, t))
			p->canceled_at_ms = t;
		changed.notify_all();
	}
	reply_json(res, 200, view_now(*p));
}

void FakeReplicate::Impl::handle_cog_predict(const httplib::Request &req, httplib::Response &res)
{
	record(req, Endpoint::Create);
	if (answer_fault(Endpoint::Create, req, res))
		return;
	json body = json::parse(req.body, nullptr, false);
	if (body.is_discarded() || !body.is_object())
		return reply_json(res, 422,
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
	p.seed = input.contains("seed") && input["seed"].is_number_integer() ? input["seed"].get<int64_t>() : 42;
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

} // namespace adiff::test
