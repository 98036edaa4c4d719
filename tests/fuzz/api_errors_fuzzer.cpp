// An HTTP error answer: status, Retry-After header and body (JSON, HTML, plain text, garbage), for each
// kind of call. The mapping must never crash and never produce a negative wait.
#include "core/generation/api_errors.hpp"
#include "core/net/retry_policy.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	adiff::fuzz::FuzzInput input(data, size);
	const long status = 100 + (long(input.byte()) << 8 | input.byte()) % 500;
	const adiff::ApiCall call = static_cast<adiff::ApiCall>(input.byte() % 3);
	const std::string retry_after = input.line();
	const std::string body = input.rest();
	const long long now_unix = 1764000000; // fixed, so a crash replays exactly

	std::map<std::string, std::string> headers;
	if (!retry_after.empty())
		headers["retry-after"] = retry_after;
	const adiff::ApiError error = adiff::map_api_error(status, body, headers, call, now_unix);
	FUZZ_CHECK(error.retry_after_s >= 0);
	FUZZ_CHECK(error.retry_after_header_s >= -1);

	FUZZ_CHECK(adiff::parse_retry_after(retry_after, now_unix) >= -1);
	FUZZ_CHECK(adiff::parse_resets_in(body) >= -1);
	return 0;
}
