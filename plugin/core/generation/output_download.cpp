#include "core/generation/output_download.hpp"

#include "core/generation/api_call.hpp"
#include "core/generation/media_sniff.hpp"
#include "core/media/decoder.hpp"
#include "core/net/url_policy.hpp"

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
		if (payload_size / 4 * 3 > job.config().max_output_bytes + 3)
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
	if (bytes.size() > job.config().max_output_bytes)
		return job.fail(ErrorCode::OutputTooLarge);
	if (!write_bytes(temp, bytes.data(), bytes.size())) {
		std::remove(temp.c_str());
		return job.fail(ErrorCode::DiskError, "cannot write " + temp);
	}
	return true;
}

// The file host's error status -> the job's failure (after send_call's retries).
bool fail_download_status(GenerationJob &job, long status)
{
	if (status == 404 || status == 410)
		return job.fail(ErrorCode::OutputExpired, {}, int(status));
	if (status >= 500)
		return job.fail(ErrorCode::ServerError, std::to_string(status), int(status));
	return job.fail(ErrorCode::BadResponse, "download: HTTP " + std::to_string(status), int(status));
}

// Shows the download's progress, once per whole percent.
ProgressFn download_progress(GenerationJob &job)
{
	return [&job, last_percent = -1](uint64_t received, uint64_t total) mutable {
		if (total == 0)
			return;
		double fraction = std::min(1.0, double(received) / double(total));
		int percent = int(fraction * 100);
		if (percent == last_percent)
			return;
		last_percent = percent;
		job.show_download(fraction);
	};
}

bool fetch_url(GenerationJob &job, const std::string &url, const std::string &temp)
{
	std::string why;
	if (!url_scheme_allowed(url, &why))
		return job.fail(ErrorCode::BadUrl, why);

	CallPlan call;
	call.kind = CallKind::Download;
	call.what = "download";
	call.carries_output = true;
	call.request.method = "GET";
	call.request.url = url;
	// File hosts get no Authorization header (as in the official clients): the token stays with the API.
	call.request.sink_path = temp;
	call.request.limits.max_response_bytes = job.config().max_output_bytes;
	call.request.limits.max_redirects = 5;
	call.limits = [&job](HttpLimits &limits) {
		limits.total_timeout_ms = std::max(1L, job.remaining_ms());
	};
	call.progress = download_progress(job);

	HttpResponse response;
	const bool answered = send_call(job, call, &response);
	if (answered && is_success(response.status))
		return true;
	std::remove(temp.c_str());
	return answered ? fail_download_status(job, response.status) : false;
}

} // namespace

bool download_output(GenerationJob &job, const std::string &url, DownloadedClip *out)
{
	std::string error;
	if (!job.store().ensure_dir(&error))
		return job.fail(ErrorCode::DiskError, error);
	job.start_download();

	const std::string temp = job.store().temp_path_for(job.hash());
	if (!(is_data_url(url) ? decode_data_url(job, url, temp) : fetch_url(job, url, temp)))
		return false;

	const std::string ext = sniff_video_file(temp);
	if (ext.empty()) {
		std::remove(temp.c_str());
		return job.fail(ErrorCode::NotAVideo);
	}
	job.end_download();
	out->temp_path = temp;
	out->ext = ext;
	return true;
}

bool commit_clip(GenerationJob &job, const DownloadedClip &clip)
{
	DecodeOptions options;
	options.cancel = &job.cancel_flag();
	const DecodeResult verified = verify_clip(clip.temp_path, options);
	if (verified.error != DecodeError::None) {
		std::remove(clip.temp_path.c_str());
		if (verified.error == DecodeError::Canceled)
			return job.fail_interrupted();
		job.log(LogLevel::Warning, "download: the output does not decode (%s: %s); not used",
			decode_error_id(verified.error), verified.detail.c_str());
		return job.fail(verified.error == DecodeError::TooLarge ? ErrorCode::VideoTooLarge
									: ErrorCode::DamagedVideo,
				verified.detail);
	}
	const std::string final_path = job.store().path_for(job.hash(), clip.ext);
	std::string error;
	if (!job.store().commit(clip.temp_path, final_path, &error))
		return job.fail(ErrorCode::DiskError, error);
	job.set_clip(final_path, false);
	return true;
}

bool cached_clip_usable(GenerationJob &job, const std::string &path)
{
	DecodeOptions options;
	options.cancel = &job.cancel_flag();
	const DecodeResult verified = verify_clip(path, options);
	if (verified.error == DecodeError::None)
		return true;
	if (verified.error != DecodeError::Canceled) {
		const bool deleted = job.store().remove_owned(path);
		job.log(LogLevel::Warning, "cached clip %s no longer decodes (%s: %s): %s, generating anew",
			path.c_str(), decode_error_id(verified.error), verified.detail.c_str(),
			deleted ? "deleted" : "left in place");
	}
	return false;
}

} // namespace adiff
