// A prediction body from the API, a relay or a Cog server (GET/POST answers): parse_prediction and the
// output picker must take any bytes without crashing, and what they keep must be self-consistent.
#include "core/generation/prediction.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const std::string body(reinterpret_cast<const char *>(data), size);
	adiff::Prediction prediction;
	std::string why;
	if (!adiff::parse_prediction(body, &prediction, &why))
		FUZZ_CHECK(!why.empty()); // a refusal always says why (it goes to the log)

	const nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
	if (!json.is_discarded()) {
		(void)adiff::pick_output_url(json);
		if (json.is_object() && json.contains("output"))
			(void)adiff::pick_output_url(json["output"]);
	}
	return 0;
}
