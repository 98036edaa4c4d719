#include "core/net/retry_policy.hpp"
#include "core/util/text_util.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <regex>

namespace adiff {

int backoff_delay_ms(int attempt, const BackoffSettings &settings, std::mt19937 &rng)
{
	const double exponent = std::min(std::max(attempt, 1) - 1, 30);
	const double base = std::min(double(settings.cap_ms), settings.base_ms * std::pow(2.0, exponent));
	std::uniform_real_distribution<double> jitter(0.75, 1.25);
	return int(std::min(double(settings.cap_ms), base * jitter(rng)));
}

int parse_retry_after(const std::string &value, long long now_unix)
{
	const std::string v = trim(value);
	if (v.empty())
		return -1;
	if (std::all_of(v.begin(), v.end(), [](unsigned char c) { return std::isdigit(c); })) {
		if (v.size() > 9)
			return -1;
		return std::stoi(v);
	}
	// An HTTP date, parsed by libcurl (no hand-written date parsing).
	time_t when = curl_getdate(v.c_str(), nullptr);
	if (when < 0)
		return -1;
	long long delta = (long long)when - now_unix;
	return int(std::max(0LL, std::min(delta, 86400LL)));
}

int parse_resets_in(const std::string &detail)
{
	static const std::regex pattern(R"(resets in ~?\s*(\d+)\s*s)", std::regex::icase);
	std::smatch match;
	if (std::regex_search(detail, match, pattern) && match[1].length() <= 6)
		return std::stoi(match[1].str());
	return -1;
}

int retry_wait_ms(int attempt, int retry_after_s, const BackoffSettings &settings, std::mt19937 &rng)
{
	if (retry_after_s > 0) {
		if (retry_after_s > settings.max_retry_after_s)
			return -1;
		return retry_after_s * 1000;
	}
	return backoff_delay_ms(attempt, settings, rng);
}

bool create_may_resend(const HttpResult &result)
{
	if (result.ok() || result.request_sent)
		return false;
	return result.error == TransportError::Dns || result.error == TransportError::Connect ||
	       result.error == TransportError::Timeout;
}

bool read_may_retry(const HttpResult &result)
{
	return result.error == TransportError::Dns || result.error == TransportError::Connect ||
	       result.error == TransportError::Reset || result.error == TransportError::Timeout;
}

bool read_status_retryable(long http_status)
{
	return http_status == 429 || http_status == 500 || http_status == 502 || http_status == 503 ||
	       http_status == 504;
}

} // namespace adiff
