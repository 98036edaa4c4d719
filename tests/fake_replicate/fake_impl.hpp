// Private to the fake: the state behind FakeReplicate and the declarations of its handlers. Defined by job in
// fake_replicate.cpp (public API, recording, faults queue), fake_view.cpp (a prediction as GET shows it),
// fake_predictions.cpp (create, get, cancel, Cog predict), fake_routes.cpp (routing, fault answers,
// downloads, admin) and fake_models.cpp (model and deployment lookups).
#pragma once

#include "fake_replicate/fake_replicate.hpp"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace adiff::test {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

inline double ms_between(Clock::time_point from, Clock::time_point to)
{
	return std::chrono::duration<double, std::milli>(to - from).count();
}

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

	// FakeReplicate::cap_prediction_age: while set, no prediction shows itself older than this.
	std::optional<double> age_cap_ms;
	// How far `p` has come now (ms since its creation, capped); `mutex` held by the caller.
	double age_ms_locked(const Prediction &p) const
	{
		const double age = ms_between(p.created, Clock::now());
		return age_cap_ms ? std::min(age, *age_cap_ms) : age;
	}

	void notify();

	// Sleeps up to `ms`, returning early (false) when the fake stops.
	bool pause(double ms);

	// Takes the next fault of `endpoint` only when it is `wanted` (faults answered by the handler itself).
	bool take_fault_if(Endpoint endpoint, Fault wanted);

	// The prediction as GET shows it now, with a status no client knows.
	json with_unknown_status(const Prediction &p) const;

	static bool answered_by_handler(Fault fault);

	std::optional<Fault> take_fault(Endpoint endpoint);

	void record(const httplib::Request &req, Endpoint endpoint);

	std::shared_ptr<Prediction> find(const std::string &id);

	std::string file_url(const Prediction &p, const std::string &name) const;

	std::string data_url(const Prediction &p) const;

	json output_of(const Prediction &p) const;

	bool is_final_at(const Prediction &p, double t) const;

	// The prediction object exactly as GET would return it `t` ms after its creation.
	json view(const Prediction &p, const std::string &prefix, double t) const;

	// A consistent snapshot: a cancel may be recorded concurrently.
	json view_now(const Prediction &p) const;

	// Applies the next queued fault of `endpoint`, if any. True when the request was answered by it.
	bool answer_fault(Endpoint endpoint, const httplib::Request &req, httplib::Response &res);

	void reply_json(httplib::Response &res, int status, const json &body);

	bool authorized(const httplib::Request &req);

	// Holds until `p` is final, `deadline` passes or the fake stops.
	void hold(const Prediction &p, Clock::time_point deadline);

	// How the answer to a create that made its prediction goes wrong, if at all.
	enum class CreateFault { None, UnknownStatus, CutOff, Truncated };
	void answer_create(httplib::Response &res, const std::shared_ptr<Prediction> &p, const std::string &prefer,
			   CreateFault fault);

	// `deployment`: the create came to /deployments/{name}/predictions (fake_models.cpp).
	void handle_create(const httplib::Request &req, httplib::Response &res,
			   const std::string *deployment = nullptr);

	// What every call on one prediction does first, as Replicate answers it: the injected fault if any,
	// 401 without a valid token, 404 for an unknown id. Returns the prediction, or null once answered.
	std::shared_ptr<Prediction> prediction_for(Endpoint endpoint, const httplib::Request &req,
						   httplib::Response &res, const std::string &id);

	void handle_get(const httplib::Request &req, httplib::Response &res, const std::string &id);

	void handle_cancel(const httplib::Request &req, httplib::Response &res, const std::string &id);

	void handle_download(const httplib::Request &req, httplib::Response &res, const std::string &id,
			     const std::string &name);

	void handle_cog_predict(const httplib::Request &req, httplib::Response &res);

	FakeOptions snapshot() const;

	void route(const httplib::Request &req, httplib::Response &res);

	// Test aid for redirect handling: ?hops=N answers 302 N times then 200; ?to=URL answers 302 to URL.
	void handle_redirect(const httplib::Request &req, httplib::Response &res);

	void handle_admin(const httplib::Request &req, httplib::Response &res);

	FakeReplicate *owner = nullptr;
};

} // namespace adiff::test
