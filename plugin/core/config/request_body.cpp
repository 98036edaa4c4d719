// The JSON bodies of both backends and the request hash that names clip files.
#include "core/config/request_body.hpp"

#include "core/config/token_store.hpp"

extern "C" {
#include <libavutil/mem.h>
#include <libavutil/sha.h>
}

#include <cstdio>
#include <memory>

namespace adiff {
namespace {

std::string sha256_hex(const std::string &data)
{
	std::unique_ptr<AVSHA, decltype(&av_free)> sha(av_sha_alloc(), av_free);
	uint8_t digest[32];
	av_sha_init(sha.get(), 256);
	av_sha_update(sha.get(), reinterpret_cast<const uint8_t *>(data.data()), data.size());
	av_sha_final(sha.get(), digest);
	char hex[65];
	for (int i = 0; i < 32; ++i)
		std::snprintf(hex + 2 * i, 3, "%02x", digest[i]);
	return std::string(hex, 64);
}

} // namespace

nlohmann::json input_json(const ModelParams &p)
{
	nlohmann::json input = nlohmann::json::object();
	input["prompt"] = p.prompt;
	input["n_prompt"] = p.n_prompt;
	input["path"] = p.path;
	input["motion_module"] = p.motion_module;
	input["steps"] = p.steps; // int64_t: serialised as an integer
	// A double stays a JSON float even when integral (nlohmann writes 7.0, not 7): the schema says float.
	input["guidance_scale"] = p.guidance_scale;
	input["seed"] = p.seed;
	return input;
}

nlohmann::json request_body(const BackendConfig &backend, const ModelParams &resolved)
{
	nlohmann::json body = nlohmann::json::object();
	if (backend.backend == Backend::Replicate)
		body["version"] = backend.model_version;
	body["input"] = input_json(resolved);
	return body;
}

std::string request_hash(const BackendConfig &backend, const ModelParams &resolved)
{
	// nlohmann::json objects keep keys sorted, so dump() is canonical. The token is deliberately absent.
	nlohmann::json canonical = {
		{"backend", backend_id(backend.backend)},
		{"base_url", normalize_base_url(backend.api_base_url)},
		{"version", backend.backend == Backend::Replicate ? backend.model_version : std::string()},
		{"input", input_json(resolved)},
	};
	if (backend.backend == Backend::Replicate && !backend.deployment.empty())
		canonical["deployment"] = backend.deployment;
	return sha256_hex(canonical.dump());
}

} // namespace adiff
