#include "core/generation/output_download.hpp"

#include "core/media/decoder.hpp"
#include "core/util/log.hpp"
#include "core/generation/media_sniff.hpp"

extern "C" {
#include <libavutil/base64.h>
}
#include <curl/curl.h>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace adiff {
namespace {

bool is_data_url(const std::string &url)
{
	return url.size() > 5 && (url.compare(0, 5, "data:") == 0 || url.compare(0, 5, "DATA:") == 0);
}

bool write_bytes(const std::string &path, const uint8_t *data, size_t size)
{
	FILE *file = std::fopen(path.c_str(), "wb");
	if (!file)
		return false;
	bool ok = std::fwrite(data, 1, size, file) == size;
	return std::fclose(file) == 0 && ok;
}

// data:[<mediatype>][;base64],<data> — decoded with libavutil / libcurl, nothing by hand.
bool decode_data_url(GenerationJob &job, const std::string &url, const std::string &temp)
{
	size_t comma = url.find(',');
	if (comma == std::string::npos)
		return job.fail(ErrorCode::BadResponse, "malformed data: url");
	const std::string meta = url.substr(5, comma - 5);
	const bool base64 = meta.size() >= 7 && meta.compare(meta.size() - 7, 7, ";base64") == 0;
	const char *payload = url.c_str() + comma + 1;
	const size_t payload_size = url.size() - comma - 1;

	std::vector<uint8_t> bytes;
	if (base64) {
		if (payload_size / 4 * 3 > job.config.max_output_bytes + 3)
			return job.fail(ErrorCode::OutputTooLarge);
		bytes.resize(AV_BASE64_DECODE_SIZE(payload_size) + 1);
		int n = av_base64_decode(bytes.data(), payload, int(bytes.size()));
		if (n < 0)
			return job.fail(ErrorCode::BadResponse, "invalid base64 in the data: url");
		bytes.resize(size_t(n));
	} else {
		CURL *curl = curl_easy_init();
		int n = 0;
		char *raw = curl ? curl_easy_unescape(curl, payload, int(payload_size), &n) : nullptr;
		if (raw)
			bytes.assign(raw, raw + n);
		curl_free(raw);
		if (curl)
			curl_easy_cleanup(curl);
	}
	if (bytes.size() > job.config.max_output_bytes)
		return job.fail(ErrorCode::OutputTooLarge);
	if (!write_bytes(temp, bytes.data(), bytes.size())) {
		std::remove(temp.c_str());
		return job.fail(ErrorCode::DiskError, "cannot write " + temp);
	}
	return true;
}

bool is_retryable_status(long status)
{
	return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

bool is_retryable_transport(const HttpResult &result)
{
	switch (result.error) {
	case TransportError::Dns:
	case TransportError::Connect:
	case TransportError::Reset:
	case TransportError::Timeout:
		return true;
	default:
		return false;
	}
}

bool fetch_url(GenerationJob &job, const std::string &url, const std::string &temp)
{
	std::string why;
	if (!url_scheme_allowed(url, &why))
		return job.fail(ErrorCode::BadUrl, why);

	HttpRequest request;
	request.method = "GET";
	request.url = url;
	// File hosts get no Authorization header (as in the official clients): the token stays with the API.
	request.sink_path = temp;
	request.limits.max_response_bytes = job.config.max_output_bytes;
	request.limits.max_redirects = 5;
	request.limits.total_timeout_ms = 0;

	int last_percent = -1;
	ProgressFn progress = [&](uint64_t received, uint64_t total) {
		if (total == 0)
			return;
		double fraction = std::min(1.0, double(received) / double(total));
		int percent = int(fraction * 100);
		if (percent == last_percent)
			return;
		last_percent = percent;
		job.status.download = fraction;
		job.set_progress(0.9 + 0.1 * fraction);
		job.publish();
	};

	for (int attempt = 1;; ++attempt) {
		if (job.remaining_ms() <= 0)
			return job.fail_interrupted();
		request.limits.total_timeout_ms = std::max(1L, job.remaining_ms());
		HttpResult result = job.http.perform(request, job.cancel, progress);
		if (!result.ok()) {
			std::remove(temp.c_str());
			if (result.error == TransportError::TooLarge)
				return job.fail(ErrorCode::OutputTooLarge, std::to_string(job.config.max_output_bytes));
			if (is_retryable_transport(result) && job.remaining_ms() > 0 &&
			    attempt <= job.config.max_get_retries) {
				log_line(LogLevel::Info, "download: %s, retry %d", transport_error_id(result.error),
					 attempt);
				if (!job.sleep_ms(job.backoff_ms(attempt)))
					return job.fail_interrupted();
				continue;
			}
			return job.fail_transport(result, "download");
		}
		const long status = result.response.status;
		if (status >= 200 && status < 300)
			return true;
		std::remove(temp.c_str());
		if (status == 404 || status == 410)
			return job.fail(ErrorCode::OutputExpired, {}, int(status));
		if (is_retryable_status(status) && attempt <= job.config.max_get_retries) {
			log_line(LogLevel::Info, "download: HTTP %ld, retry %d", status, attempt);
			if (!job.sleep_ms(job.backoff_ms(attempt)))
				return job.fail_interrupted();
			continue;
		}
		if (status >= 500)
			return job.fail(ErrorCode::ServerError, std::to_string(status), int(status));
		return job.fail(ErrorCode::BadResponse, "download: HTTP " + std::to_string(status), int(status));
	}
}

} // namespace

bool download_output(GenerationJob &job, const std::string &url, DownloadedClip *out)
{
	std::string error;
	if (!job.store.ensure_dir(&error))
		return job.fail(ErrorCode::DiskError, error);
	job.status.download = 0;
	job.set_progress(0.9);
	job.enter(State::Downloading);

	const std::string temp = job.store.temp_path_for(job.hash);
	if (!(is_data_url(url) ? decode_data_url(job, url, temp) : fetch_url(job, url, temp)))
		return false;

	const std::string ext = sniff_video_file(temp);
	if (ext.empty()) {
		std::remove(temp.c_str());
		return job.fail(ErrorCode::NotAVideo);
	}
	job.status.download = 1;
	job.set_progress(0.99); // 1.0 is for Ready
	job.publish();
	out->temp_path = temp;
	out->ext = ext;
	return true;
}

bool commit_clip(GenerationJob &job, const DownloadedClip &clip)
{
	DecodeOptions options;
	options.cancel = &job.cancel;
	const DecodeResult verified = verify_clip(clip.temp_path, options);
	if (verified.error != DecodeError::None) {
		std::remove(clip.temp_path.c_str());
		if (verified.error == DecodeError::Canceled)
			return job.fail_interrupted();
		log_line(LogLevel::Warning, "download: the output does not decode (%s: %s); not used",
			 decode_error_id(verified.error), verified.detail.c_str());
		return job.fail(verified.error == DecodeError::TooLarge ? ErrorCode::VideoTooLarge
									: ErrorCode::DamagedVideo,
				verified.detail);
	}
	const std::string final_path = job.store.path_for(job.hash, clip.ext);
	std::string error;
	if (!job.store.commit(clip.temp_path, final_path, &error))
		return job.fail(ErrorCode::DiskError, error);
	job.status.clip_path = final_path;
	return true;
}

bool cached_clip_usable(GenerationJob &job, const std::string &path)
{
	DecodeOptions options;
	options.cancel = &job.cancel;
	const DecodeResult verified = verify_clip(path, options);
	if (verified.error == DecodeError::None)
		return true;
	if (verified.error != DecodeError::Canceled) {
		const bool deleted = job.store.remove_owned(path);
		log_line(LogLevel::Warning, "cached clip %s no longer decodes (%s: %s): %s, generating anew",
			 path.c_str(), decode_error_id(verified.error), verified.detail.c_str(),
			 deleted ? "deleted" : "left in place");
	}
	return false;
}

} // namespace adiff
