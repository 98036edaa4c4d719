// A prediction as Replicate shows it at a given moment: status progression, logs, output and metrics.
#include "fake_replicate/fake_impl.hpp"

#include "fake_replicate/api_bodies.hpp"
#include "fake_replicate/prediction_logs.hpp"

#include <algorithm>

namespace adiff::test {

// The prediction as GET shows it now, with a status no client knows.
json FakeReplicate::Impl::with_unknown_status(const Prediction &p) const
{
	json j = view_now(p);
	j["status"] = "queued";
	return j;
}

std::string FakeReplicate::Impl::file_url(const Prediction &p, const std::string &name) const
{
	return origin() + "/files/" + p.id + "/" + name;
}

std::string FakeReplicate::Impl::data_url(const Prediction &p) const
{
	return "data:" + p.clip_content_type + ";base64," + base64(p.clip);
}

json FakeReplicate::Impl::output_of(const Prediction &p) const
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

bool FakeReplicate::Impl::is_final_at(const Prediction &p, double t) const
{
	// canceled_at_ms may lie in the future (a Cancel-After deadline) until the clock reaches it.
	return (p.canceled_at_ms && t >= *p.canceled_at_ms) || t >= p.final_ms();
}

// The prediction object exactly as GET would return it `t` ms after its creation.
json FakeReplicate::Impl::view(const Prediction &p, const std::string &prefix, double t) const
{
	const std::string api = (p.urls_origin.empty() ? origin() : p.urls_origin) + prefix + "/predictions/" + p.id;
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
	const int steps =
		p.input.contains("steps") && p.input["steps"].is_number_integer() ? p.input["steps"].get<int>() : 25;
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
		j["logs"] = animate_diff_logs(p.seed, prompt, steps, 0.4) +
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
json FakeReplicate::Impl::view_now(const Prediction &p) const
{
	Prediction copy;
	std::string prefix;
	double age;
	{
		std::lock_guard<std::mutex> lock(mutex);
		copy = p;
		prefix = options.prefix;
		age = age_ms_locked(p);
	}
	return view(copy, prefix, age);
}

} // namespace adiff::test
