// Generator: owns one long-lived worker thread that runs one generation at a time.
// Sleeps are condition-variable waits that cancel() wakes; transfers watch the same CancelFlag, so
// cancel and destruction take effect within ~50 ms. The destructor either hands a generation still in
// flight to the Afterlife (it finishes there: a create in flight answers, the prediction is canceled),
// or, without one, allows the best-effort remote cancel shutdown_cancel_timeout_ms, then stops it and
// joins.
#include "core/generation/generator.hpp"

#include "core/generation/afterlife.hpp"
#include "core/generation/cog_backend.hpp"
#include "core/generation/generation_job.hpp"
#include "core/generation/output_download.hpp"
#include "core/generation/replicate_backend.hpp"
#include "core/net/http_client.hpp"
#include "core/net/url_policy.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

namespace adiff {
namespace {

constexpr long kUserCancelTimeoutMs = 5000; // remote cancel after the user pressed Cancel

std::string join_fields(const std::vector<InvalidField> &fields)
{
	std::string out;
	for (const auto &f : fields) {
		if (!out.empty())
			out += ", ";
		out += f.field + " (" + f.allowed + ")";
	}
	return out;
}

} // namespace

struct Generator::Impl {
	GeneratorConfig config;
	std::mutex callback_mutex; // held while calling on_status, so the destructor can cut it off
	StatusFn on_status;

	mutable std::mutex mutex;
	std::condition_variable cv; // wakes the worker (new job, cancel, quit) and the destructor
	Status status;
	bool running = false;
	bool quit = false;
	bool orphaned = false; // the owner is gone; the Afterlife keeps this generation until it ends
	bool worker_exited = false;
	std::optional<GenerationRequest> pending;

	CancelFlag cancel;    // the current generation
	CancelFlag hard_stop; // the remote cancel during shutdown, once its budget is spent
	CancelFlag shutdown;  // raised by the destructor only (see GenerationJob::shutdown)
	// Set by the Afterlife's wind_down at module unload: a remote cancel must be over by then.
	std::chrono::steady_clock::time_point cancel_by{};
	HttpClient http; // used by the worker only
	std::thread worker;

	void worker_loop();
	std::string log_name; // the source's name now (set_log_name); copied by each generation at start
	std::string pending_log_name;

	void run(const GenerationRequest &request, const GeneratorConfig &run_config);
	bool may_send(GenerationJob &job);
	bool serve_from_disk(GenerationJob &job);
	void publish(const Status &s, bool final);
	bool sleep_ms(int ms);
	void cancel_remote(GenerationJob &job);
	long cancel_timeout_ms();
	void wind_down(std::chrono::steady_clock::time_point by);
	void stop_now();
	void join() { worker.join(); }
};

void Generator::Impl::publish(const Status &s, bool final)
{
	{
		std::lock_guard<std::mutex> lock(mutex);
		status = s;
		if (final)
			running = false; // before the callback: the owner may start the next one right away
	}
	std::lock_guard<std::mutex> callback_lock(callback_mutex); // never under `mutex`
	if (on_status)
		on_status(s);
}

void Generator::Impl::stop_now()
{
	{
		std::lock_guard<std::mutex> lock(mutex);
		quit = true;
		cancel.cancel();
		shutdown.cancel();
		hard_stop.cancel();
	}
	cv.notify_all();
}

void Generator::Impl::wind_down(std::chrono::steady_clock::time_point by)
{
	{
		std::lock_guard<std::mutex> lock(mutex);
		quit = true;
		cancel_by = by;
		cancel.cancel();
	}
	cv.notify_all();
}

// Short when the owner is gone and nobody adopted the job; never past the unload's deadline.
long Generator::Impl::cancel_timeout_ms()
{
	std::lock_guard<std::mutex> lock(mutex);
	long timeout = quit && !orphaned ? config.shutdown_cancel_timeout_ms : kUserCancelTimeoutMs;
	if (cancel_by != std::chrono::steady_clock::time_point{}) {
		const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
			cancel_by - std::chrono::steady_clock::now());
		timeout = std::min<long>(timeout, std::max<long>(1, long(left.count())));
	}
	return timeout;
}

// Giving up once the prediction exists leaves it running (and billed) unless canceled: see
// GenerationJob::needs_remote_cancel. Called once per generation, so the cancel is sent once.
void Generator::Impl::cancel_remote(GenerationJob &job)
{
	if (!job.needs_remote_cancel())
		return;
	cancel_replicate_prediction(job, cancel_timeout_ms(), hard_stop);
}

bool Generator::Impl::sleep_ms(int ms)
{
	std::unique_lock<std::mutex> lock(mutex);
	cv.wait_for(lock, std::chrono::milliseconds(ms), [&] { return cancel.canceled() || quit; });
	return !(cancel.canceled() || quit);
}

void Generator::Impl::worker_loop()
{
	std::unique_lock<std::mutex> lock(mutex);
	for (;;) {
		cv.wait(lock, [&] { return quit || pending.has_value(); });
		if (quit)
			break;
		GenerationRequest request = std::move(*pending);
		pending.reset();
		GeneratorConfig run_config = config;
		run_config.log_name = pending_log_name;
		lock.unlock();
		run(request, run_config);
		lock.lock();
	}
	worker_exited = true;
	cv.notify_all();
}

// The checks before anything is sent: false after job.fail.
bool Generator::Impl::may_send(GenerationJob &job)
{
	const GenerationRequest &request = job.request();
	std::string why;
	if (request.backend.backend == Backend::Replicate && request.backend.token.empty())
		return job.fail(ErrorCode::NoToken);
	if (!url_scheme_allowed(job.base_url() + "/predictions", &why))
		return job.fail(ErrorCode::BadUrl, why);
	if (request.backend.backend == Backend::Replicate && request.backend.model_version.empty() &&
	    request.backend.deployment.empty()) // a deployment needs no version
		return job.fail(ErrorCode::InvalidSetting, "model_version");
	std::vector<InvalidField> invalid = validate(request.params);
	if (!invalid.empty())
		return job.fail(ErrorCode::InvalidSetting, join_fields(invalid));
	return true;
}

// A fixed seed with the same inputs gives the same video: serve it from disk, spend nothing.
bool Generator::Impl::serve_from_disk(GenerationJob &job)
{
	if (job.request().seed_was_random)
		return false;
	auto cached = job.store().find(job.hash());
	// A cached file that no longer decodes is dropped (cached_clip_usable deletes it): generate anew.
	if (!cached || !cached_clip_usable(job, *cached))
		return false;
	job.set_clip(*cached, true);
	return true;
}

void Generator::Impl::run(const GenerationRequest &request, const GeneratorConfig &run_config)
{
	GenerationJob job(
		run_config, request, http, cancel, &shutdown, [this](const Status &s) { publish(s, false); },
		[this](int ms) { return sleep_ms(ms); });
	std::string why;
	if (may_send(job) && !serve_from_disk(job)) {
		if (!job.store().ensure_dir(&why)) {
			job.fail(ErrorCode::DiskError, why);
		} else {
			if (request.backend.backend == Backend::Cog)
				run_cog(job);
			else
				run_replicate(job);
			cancel_remote(job);
		}
	}
	job.succeed();
	publish(job.status(), true);
}

// A Generator's worker, adopted by the Afterlife after the Generator (and its owner) went away.
class Generator::Orphan : public Afterlife::Work {
public:
	explicit Orphan(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
	~Orphan() override
	{
		impl_->stop_now();
		impl_->join();
	}
	bool wait_until(std::chrono::steady_clock::time_point deadline) override
	{
		std::unique_lock<std::mutex> lock(impl_->mutex);
		return impl_->cv.wait_until(lock, deadline, [&] { return impl_->worker_exited; });
	}
	void wind_down(std::chrono::steady_clock::time_point cancel_by) override { impl_->wind_down(cancel_by); }
	void abandon_create() override { impl_->shutdown.cancel(); }
	void stop_now() override { impl_->stop_now(); }

private:
	std::unique_ptr<Impl> impl_;
};

Generator::Generator(GeneratorConfig config, StatusFn on_status, Afterlife *afterlife)
	: impl_(std::make_unique<Impl>()),
	  afterlife_(afterlife)
{
	impl_->log_name = config.log_name;
	impl_->config = std::move(config);
	impl_->on_status = std::move(on_status);
	impl_->worker = std::thread([impl = impl_.get()] { impl->worker_loop(); });
}

Generator::~Generator()
{
	{
		// The owner is going away: nothing may call into it from here on. Waits for a callback that
		// is running (they are short), never for the network.
		std::lock_guard<std::mutex> lock(impl_->callback_mutex);
		impl_->on_status = nullptr;
	}
	bool orphan;
	{
		std::lock_guard<std::mutex> lock(impl_->mutex);
		impl_->quit = true;
		impl_->cancel.cancel();
		// A create in flight is let answer only when someone stays to cancel what it made.
		orphan = afterlife_ && impl_->running;
		impl_->orphaned = orphan;
		if (!orphan)
			impl_->shutdown.cancel();
	}
	impl_->cv.notify_all();
	if (orphan) {
		afterlife_->adopt(std::make_unique<Orphan>(std::move(impl_)));
		return;
	}
	{
		std::unique_lock<std::mutex> lock(impl_->mutex);
		impl_->cv.wait_for(lock,
				   std::chrono::milliseconds(std::max(0, impl_->config.shutdown_cancel_timeout_ms)),
				   [&] { return impl_->worker_exited; });
	}
	impl_->hard_stop.cancel();
	impl_->worker.join();
}

Generator::StartResult Generator::start(GenerationRequest request)
{
	{
		std::lock_guard<std::mutex> lock(impl_->mutex);
		if (impl_->running || impl_->quit)
			return StartResult::Busy;
		impl_->running = true;
		impl_->cancel.reset();
		Status fresh;
		fresh.state = State::Submitting;
		fresh.seed = request.params.seed;
		impl_->status = fresh;
		impl_->pending = std::move(request);
		impl_->pending_log_name = impl_->log_name;
	}
	impl_->cv.notify_all();
	return StartResult::Started;
}

void Generator::cancel()
{
	{
		std::lock_guard<std::mutex> lock(impl_->mutex);
		if (!impl_->running)
			return;
		impl_->cancel.cancel();
	}
	impl_->cv.notify_all();
}

void Generator::set_log_name(std::string name)
{
	std::lock_guard<std::mutex> lock(impl_->mutex);
	impl_->log_name = std::move(name);
}

Status Generator::status() const
{
	std::lock_guard<std::mutex> lock(impl_->mutex);
	return impl_->status;
}

bool Generator::busy() const
{
	std::lock_guard<std::mutex> lock(impl_->mutex);
	return impl_->running;
}

} // namespace adiff
