// A loopback fake of Replicate's HTTP API (and of a self-hosted Cog server) for tests.
// It is faithful rather than convenient: the same status codes, bodies, headers and timing behaviour the
// real service shows (reference: shared/reference/replicate-api.md), plus faults on demand. Predictions
// advance with wall-clock time (starting -> processing with growing tqdm logs -> final), so nothing needs a
// background thread besides the HTTP server's own. Binds 127.0.0.1 on a random free port.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace adiff::test {

inline constexpr const char *kAnimateDiffVersionHash =
	"beecf59c4aee8d81bf04f0381033dfa10dc16e845b4ae00d281e2fa377e48a9f";
inline constexpr const char *kAnimateDiffModel = "lucataco/animate-diff";
inline constexpr const char *kFakeDeployment = "acme/animate-diff-show";

// Model: GET {prefix}/models/{owner}/{name} (fake_models.cpp). A deployment's create counts as Create.
enum class Endpoint { Create, Get, Cancel, Download, Other, Model };

enum class Fault {
	Unauthorized,        // 401 Unauthenticated
	BillingRequired,     // 402 Billing required
	NotFound,            // 404 {"detail":"Not found."} (a file host answers plain text)
	Gone,                // 410 (file host: the output was deleted)
	InvalidVersion,      // 422 Invalid version or not permitted
	InvalidFields,       // 422 Input validation failed, invalid_fields: input.steps
	Throttled,           // 429 without Retry-After (the wait is only in the detail text)
	ThrottledRetryAfter, // 429 with a Retry-After header
	Conflict,            // Cog: 409 Already running a prediction
	CogValidation,       // Cog: 422 FastAPI body naming input.steps
	InternalError,       // 500 JSON
	BadGatewayHtml,      // 502 with an HTML body from the edge
	Unavailable,         // 503
	GatewayTimeout,      // 504 HTML
	MalformedJson,       // 200/201 with a truncated JSON body
	Reset,               // read the request, then drop the connection without a byte of answer
	Stall,               // read the request, never answer (until the client gives up or the fake stops)
	TooLarge,            // download: an endless body announced as 1 GiB
	// Create only: the prediction IS created (and billed), then the connection drops without a byte of
	// answer, as when a keep-alive connection dies under the request. The client never learns the id.
	CreatedThenReset,
	// Create / get: the real prediction, with a status this client does not know ("queued").
	UnknownStatus,
	// Create only: the prediction IS created; the answer announces its full length, sends its first half
	// and the connection drops (a proxy or the server going away mid-answer).
	CreatedThenCutOff,
	// Create only: the prediction IS created; the answer is a complete HTTP message whose JSON body is
	// cut in half (a gateway truncating the body): not JSON, but its first bytes name the prediction.
	CreatedThenTruncated,
};

const char *endpoint_id(Endpoint endpoint); // "create", "get", "cancel", "download", "other"
bool parse_endpoint(const std::string &id, Endpoint *out);
const char *fault_id(Fault fault); // "401", "429_retry_after", "reset", ...
bool parse_fault(const std::string &id, Fault *out);

// How a prediction ends once its processing time is over.
enum class Outcome {
	Succeeded,
	Failed,      // status "failed" with `error` text
	Canceled,    // status "canceled" (e.g. canceled on the web site)
	Aborted,     // status "aborted"
	DataRemoved, // succeeded, but output null and data_removed true (older than an hour)
	NoOutput,    // succeeded with output null
};

// The shape of `output` on success.
enum class OutputShape {
	Url,       // "http://127.0.0.1:PORT/files/<id>/out.mp4"
	UrlList,   // [".../out.png", ".../out.mp4"]
	DataUrl,   // "data:video/mp4;base64,..."
	RelayData, // the relay's create answer {"created": ..., "data": [{"url": ...}]} (held until final)
};

struct FakeOptions {
	int port = 0;                                                  // 0 = a random free port
	std::string prefix = "/v1";                                    // API prefix; a relay uses "/replicate/v1"
	std::string token = "r8_FakeTestToken_7f3a9c";                 // the only accepted bearer token
	bool cog = false;                                              // serve the Cog API instead (no prefix, no auth)
	bool admin = false;                                            // GET /__fake/requests, POST /__fake/config
	std::vector<std::string> versions = {kAnimateDiffVersionHash}; // accepted (bare or owner/name:hash)
	// GET /models/{owner}/{name}: known models and their latest_version.id (others: 404).
	std::map<std::string, std::string> models = {{kAnimateDiffModel, kAnimateDiffVersionHash}};
	// POST /deployments/{owner}/{name}/predictions: known deployments and the version each runs.
	std::map<std::string, std::string> deployments = {{kFakeDeployment, kAnimateDiffVersionHash}};

	int starting_ms = 20;   // time in "starting"
	int processing_ms = 80; // time in "processing" (logs grow through it)
	Outcome outcome = Outcome::Succeeded;
	std::string error_text = "CUDA out of memory. Tried to allocate 2.00 GiB";
	OutputShape shape = OutputShape::Url;
	bool output_early = false;     // the output url appears while still "processing"
	double output_early_at = 0.95; // ... from this fraction of the processing time on
	// urls.get / urls.cancel on this origin instead of the API's own (a relay pointing elsewhere).
	std::string urls_origin;

	std::string clip; // the bytes of out.mp4 (default: a small real mp4)
	std::string clip_content_type = "video/mp4";
	long download_bytes_per_s = 0; // 0 = as fast as possible; else the file trickles out
	int retry_after_s = 30;        // the wait a 429 announces
	// The create's answer comes this long after the prediction was made (a loaded API or relay: the
	// prediction runs, billed, while its id is still on the way).
	int create_delay_ms = 0;
	// The create's answer carries `logs` of this many bytes (a relay echoing a model's long logs).
	size_t create_logs_bytes = 0;
};

struct RecordedRequest {
	std::string method;
	std::string path; // without the query
	std::string query;
	std::map<std::string, std::string> headers; // keys lower-case
	std::string body;
	Endpoint endpoint = Endpoint::Other;
	double t_ms = 0; // since the fake started

	nlohmann::json to_json() const;
};

// A default served clip: a real, decodable MP4 padded to `size` bytes (at least its own ~1.5 KB).
std::string fake_mp4_bytes(size_t size = 4096);
// A non-video answer some hosts give instead of the file.
std::string fake_html_page();

class FakeReplicate {
public:
	explicit FakeReplicate(FakeOptions options = {});
	~FakeReplicate(); // stops promptly, even with stalled sockets and held `Prefer: wait` requests
	FakeReplicate(const FakeReplicate &) = delete;
	FakeReplicate &operator=(const FakeReplicate &) = delete;

	int port() const { return port_; }
	std::string origin() const;   // http://127.0.0.1:PORT
	std::string base_url() const; // origin + prefix (what a client uses as api_base_url)

	// Change behaviour at run time (applies to predictions created afterwards).
	void configure(const std::function<void(FakeOptions &)> &change);
	FakeOptions options() const;
	// The JSON form of configure() (server_main's POST /__fake/config). Returns false with a message on error.
	bool apply_config(const nlohmann::json &config, std::string *error);

	// The next `times` requests to `endpoint` get `fault` instead of the normal answer (queued in order).
	void inject(Endpoint endpoint, Fault fault, int times = 1);
	void clear_faults();

	std::vector<RecordedRequest> requests() const;
	std::vector<RecordedRequest> requests_to(Endpoint endpoint) const;
	int count(Endpoint endpoint) const;
	int creates() const { return count(Endpoint::Create); }
	int gets() const { return count(Endpoint::Get); }
	int cancels() const { return count(Endpoint::Cancel); }
	int downloads() const { return count(Endpoint::Download); }
	int cancels_of(const std::string &prediction_id) const; // cancel requests naming this prediction
	int downloads_with_authorization() const;
	int predictions_created() const;
	std::vector<std::string> prediction_ids() const;                       // in creation order
	std::optional<nlohmann::json> prediction(const std::string &id) const; // as GET would show it now
	bool cog_running() const;

	// Test control of the predictions' clock: while set, every prediction shows itself at most `age` old
	// (its status and logs stop there, as if the model were slow); nullopt lets them run on the wall clock
	// again. A test then waits on each stage as an event instead of racing a loaded machine's clock.
	void cap_prediction_age(std::optional<std::chrono::milliseconds> age);

	// Polls `predicate` (cheaply, woken by every request) until true or `timeout`; returns its last value.
	bool wait_until(const std::function<bool()> &predicate, std::chrono::milliseconds timeout) const;

	struct Impl;

private:
	std::unique_ptr<Impl> impl_;
	int port_ = 0;
};

// A bare TCP listener on 127.0.0.1 for faults httplib cannot produce on the client's first contact.
class RawSocketServer {
public:
	enum class Mode {
		Stall,     // accept, read the request, never answer
		Reset,     // accept, read the request, close with RST
		Blackhole, // listen with a full accept queue and never accept: connects time out
	};
	explicit RawSocketServer(Mode mode);
	~RawSocketServer();
	RawSocketServer(const RawSocketServer &) = delete;
	RawSocketServer &operator=(const RawSocketServer &) = delete;

	int port() const { return port_; }
	std::string url(const std::string &path = "/") const;
	int requests_read() const; // connections from which request bytes were read

private:
	struct Impl;
	std::unique_ptr<Impl> impl_;
	int port_ = 0;
};

} // namespace adiff::test
