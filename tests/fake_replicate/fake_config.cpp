// The JSON form of FakeReplicate's settings, for the stand-alone server's POST /__fake/config:
// {"starting_ms": 50, "processing_ms": 2000, "outcome": "failed", "error": "...", "shape": "url_list",
//  "output_early": true, "token": "...", "prefix": "/replicate/v1", "clip_path": "/x.mp4",
//  "clip_content_type": "video/mp4", "download_bytes_per_s": 0, "retry_after_s": 30,
//  "create_delay_ms": 0, "create_logs_bytes": 0,
//  "clear_faults": true, "faults": [{"endpoint": "create", "fault": "429", "times": 1}],
//  "models": {"owner/name": "<64-hex latest version id>"}, "deployments": {"owner/name": "<version id>"}}
// "models" and "deployments" replace the known ones; their version ids become versions the create accepts
// (a model that published a new version runs it).
#include "fake_replicate/fake_replicate.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace adiff::test {

using nlohmann::json;

namespace {

const std::pair<Outcome, const char *> kOutcomes[] = {
	{Outcome::Succeeded, "succeeded"},      {Outcome::Failed, "failed"},
	{Outcome::Canceled, "canceled"},        {Outcome::Aborted, "aborted"},
	{Outcome::DataRemoved, "data_removed"}, {Outcome::NoOutput, "no_output"},
};
const std::pair<OutputShape, const char *> kShapes[] = {
	{OutputShape::Url, "url"},
	{OutputShape::UrlList, "url_list"},
	{OutputShape::DataUrl, "data_url"},
	{OutputShape::RelayData, "relay_data"},
};

template<typename T, size_t N> bool lookup(const std::pair<T, const char *> (&table)[N], const std::string &id, T *out)
{
	for (const auto &[value, name] : table)
		if (id == name) {
			*out = value;
			return true;
		}
	return false;
}

// {"owner/name": "version id", ...} into next->*member; the ids join the versions a create accepts.
bool read_name_map(const json &config, const char *key, FakeOptions *next,
		   std::map<std::string, std::string> FakeOptions::*member, std::string *error)
{
	if (!config.contains(key))
		return true;
	if (!config[key].is_object()) {
		*error = std::string(key) + " must be an object of owner/name -> version id";
		return false;
	}
	std::map<std::string, std::string> names;
	for (const auto &[name, version] : config[key].items()) {
		names[name] = version.get<std::string>();
		if (std::find(next->versions.begin(), next->versions.end(), names[name]) == next->versions.end())
			next->versions.push_back(names[name]);
	}
	next->*member = std::move(names);
	return true;
}

} // namespace

bool FakeReplicate::apply_config(const json &config, std::string *error)
{
	if (!config.is_object()) {
		*error = "config must be an object";
		return false;
	}
	FakeOptions next = options();
	try {
		if (config.contains("starting_ms"))
			next.starting_ms = config["starting_ms"].get<int>();
		if (config.contains("processing_ms"))
			next.processing_ms = config["processing_ms"].get<int>();
		if (config.contains("outcome") &&
		    !lookup(kOutcomes, config["outcome"].get<std::string>(), &next.outcome)) {
			*error = "unknown outcome";
			return false;
		}
		if (config.contains("shape") && !lookup(kShapes, config["shape"].get<std::string>(), &next.shape)) {
			*error = "unknown shape";
			return false;
		}
		if (config.contains("error"))
			next.error_text = config["error"].get<std::string>();
		if (config.contains("output_early"))
			next.output_early = config["output_early"].get<bool>();
		if (config.contains("urls_origin"))
			next.urls_origin = config["urls_origin"].get<std::string>();
		if (config.contains("token"))
			next.token = config["token"].get<std::string>();
		if (config.contains("prefix"))
			next.prefix = config["prefix"].get<std::string>();
		if (config.contains("cog"))
			next.cog = config["cog"].get<bool>();
		if (config.contains("clip_content_type"))
			next.clip_content_type = config["clip_content_type"].get<std::string>();
		if (config.contains("download_bytes_per_s"))
			next.download_bytes_per_s = config["download_bytes_per_s"].get<long>();
		if (config.contains("retry_after_s"))
			next.retry_after_s = config["retry_after_s"].get<int>();
		if (config.contains("create_delay_ms"))
			next.create_delay_ms = config["create_delay_ms"].get<int>();
		if (config.contains("create_logs_bytes"))
			next.create_logs_bytes = config["create_logs_bytes"].get<size_t>();
		if (config.contains("clip_path")) {
			std::ifstream in(config["clip_path"].get<std::string>(), std::ios::binary);
			if (!in) {
				*error = "clip_path cannot be read";
				return false;
			}
			std::ostringstream bytes;
			bytes << in.rdbuf();
			next.clip = bytes.str();
		}
		if (!read_name_map(config, "models", &next, &FakeOptions::models, error) ||
		    !read_name_map(config, "deployments", &next, &FakeOptions::deployments, error))
			return false;
		std::vector<std::tuple<Endpoint, Fault, int>> faults;
		if (config.contains("faults")) {
			for (const auto &f : config["faults"]) {
				Endpoint endpoint;
				Fault fault;
				if (!parse_endpoint(f.value("endpoint", ""), &endpoint) ||
				    !parse_fault(f.value("fault", ""), &fault)) {
					*error = "unknown endpoint or fault in " + f.dump();
					return false;
				}
				faults.emplace_back(endpoint, fault, f.value("times", 1));
			}
		}
		configure([&](FakeOptions &options) { options = next; });
		if (config.value("clear_faults", false))
			clear_faults();
		for (const auto &[endpoint, fault, times] : faults)
			inject(endpoint, fault, times);
	} catch (const json::exception &e) {
		*error = e.what();
		return false;
	}
	return true;
}

} // namespace adiff::test
