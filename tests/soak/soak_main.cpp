// A bounded soak of the generation pipeline: several sources generate at once against the loopback fake
// Replicate (a direct API, a relay and a Cog server), with faults rotating through every kind the fake
// has, remote outcomes rotating too, local cancels and generators destroyed mid-generation. Each finished
// clip is decoded and enters its source's capped clip history, which deletes the files it drops, as the
// OBS source does. At the end resident memory, threads, open files and the clips folder must be flat.
//
// The fake runs in child processes (fake_process.hpp), so the figures are the plugin code's own.
// "Sources" are core Generators plus the history and clip-ownership bookkeeping of an OBS source, not
// libobs sources: everything that can leak per generation (worker threads, curl handles, sockets, temp
// files, decoded frames) lives in the core, and without libobs/Mesa in the process the /proc figures
// are this code's own (Mesa and libobs keep caches that would blur a few-MiB leak).
//
//   adiff_soak [generations=240] [sources=4]     exit 0 when flat and every generation ended
#include "fake_process.hpp"
#include "process_gauges.hpp"

#include "core/clips/clip_owners.hpp"
#include "core/clips/clip_store.hpp"
#include "core/media/decoder.hpp"
#include "fake_replicate/generation_harness.hpp"
#include "support/media_fixtures.hpp"
#include "support/temp_dir.hpp"

#include <atomic>
#include <chrono>
#include <iostream>
#include <malloc.h>
#include <thread>

namespace {

using namespace adiff;
using namespace adiff::test;
using Clock = std::chrono::steady_clock;

constexpr size_t kHistoryMaxClips = 3;
constexpr auto kGenerationDeadline = std::chrono::seconds(30); // far above max_generation_s: a hang
constexpr uint64_t kRssToleranceKib = 2 * 1024;                // measured: +0.4 MiB over 216 generations

// What happens to one generation besides the fake's normal behaviour.
struct Scenario {
	const char *name;
	Endpoint endpoint = Endpoint::Other;
	Fault fault = Fault::InternalError;
	bool inject = false;
	bool cancel_at_processing = false;
	bool destroy_midway = false;
};

Scenario fault(const char *name, Endpoint endpoint, Fault f)
{
	return {name, endpoint, f, true};
}

const std::vector<Scenario> &replicate_scenarios()
{
	static const std::vector<Scenario> list = {
		fault("create 429", Endpoint::Create, Fault::Throttled),
		fault("create 429 Retry-After", Endpoint::Create, Fault::ThrottledRetryAfter),
		fault("get 503", Endpoint::Get, Fault::Unavailable),
		fault("get 500", Endpoint::Get, Fault::InternalError),
		fault("get 502 html", Endpoint::Get, Fault::BadGatewayHtml),
		fault("get 504", Endpoint::Get, Fault::GatewayTimeout),
		fault("get reset", Endpoint::Get, Fault::Reset),
		fault("create reset", Endpoint::Create, Fault::Reset),
		fault("get malformed", Endpoint::Get, Fault::MalformedJson),
		fault("create malformed", Endpoint::Create, Fault::MalformedJson),
		{"cancel", Endpoint::Other, Fault::InternalError, false, true},
		fault("download 410 (expired)", Endpoint::Download, Fault::Gone),
		fault("download reset", Endpoint::Download, Fault::Reset),
		fault("download too large", Endpoint::Download, Fault::TooLarge),
		fault("create 401", Endpoint::Create, Fault::Unauthorized),
		fault("create 402", Endpoint::Create, Fault::BillingRequired),
		fault("create 422", Endpoint::Create, Fault::InvalidFields),
		{"destroy mid-generation", Endpoint::Other, Fault::InternalError, false, false, true},
		fault("create stall", Endpoint::Create, Fault::Stall),
		fault("cancel 500", Endpoint::Cancel, Fault::InternalError),
		fault("get stall", Endpoint::Get, Fault::Stall),
	};
	return list;
}

const std::vector<Scenario> &cog_scenarios()
{
	static const std::vector<Scenario> list = {
		fault("cog 409 busy", Endpoint::Create, Fault::Conflict),
		fault("cog 422", Endpoint::Create, Fault::CogValidation),
		fault("cog 500", Endpoint::Create, Fault::InternalError),
		fault("cog reset", Endpoint::Create, Fault::Reset),
		fault("cog malformed", Endpoint::Create, Fault::MalformedJson),
		{"cancel", Endpoint::Other, Fault::InternalError, false, true},
		{"destroy mid-generation", Endpoint::Other, Fault::InternalError, false, false, true},
		fault("cog stall", Endpoint::Create, Fault::Stall),
	};
	return list;
}

struct Tally {
	std::mutex mutex;
	std::map<std::string, int> finals; // "ready", "failed:network", ...
	int decoded = 0, destroyed = 0, hangs = 0, busy = 0, started = 0;
	double slowest_destroy_ms = 0;
	void add(const std::string &what)
	{
		std::lock_guard<std::mutex> lock(mutex);
		++finals[what];
	}
};

// One "source": a Generator plus the capped clip history and the clip-ownership registration.
class SoakSource {
public:
	SoakSource(std::string name, const soak::FakeProcess &fake, bool relay, std::string clip_dir, Tally &tally)
		: name_(std::move(name)),
		  fake_(fake),
		  relay_(relay),
		  clip_dir_(std::move(clip_dir)),
		  tally_(tally)
	{
	}

	void run_one(uint64_t index)
	{
		const bool cog = fake_.options().cog;
		static const char *const kOutcomeIds[] = {"succeeded", "failed",  "succeeded",    "canceled",
							  "succeeded", "aborted", "data_removed", "no_output"};
		static const char *const kShapeIds[] = {"url", "url_list", "data_url"};
		const auto &list = cog ? cog_scenarios() : replicate_scenarios();
		// Every other generation runs clean, so clips keep arriving and the history cap keeps deleting.
		static const Scenario clean{"clean"};
		const Scenario &scenario = index % 2 == 0 ? clean : list[(index / 2) % list.size()];
		if (!cog)
			fake_.configure(
				{{"outcome",
				  index % 2 == 0 ? "succeeded" : kOutcomeIds[(index / 2) % std::size(kOutcomeIds)]},
				 {"shape", relay_ ? "relay_data" : kShapeIds[index % std::size(kShapeIds)]}});
		if (scenario.inject)
			fake_.inject(scenario.endpoint, scenario.fault);
		ensure_generator();
		{
			std::lock_guard<std::mutex> lock(mutex_);
			last_ = Status{};
			processing_seen_ = false;
		}
		GenerationRequest request;
		request.backend.backend = cog ? Backend::Cog : Backend::Replicate;
		request.backend.api_base_url = fake_.base_url();
		request.backend.model_version = kTestVersion;
		request.backend.token = fake_.options().token;
		request.params = test_params(resolve_seed(0));
		request.seed_was_random = true;
		if (generator_->start(request) == Generator::StartResult::Busy) {
			std::lock_guard<std::mutex> lock(tally_.mutex);
			++tally_.busy;
			return;
		}
		{
			std::lock_guard<std::mutex> lock(tally_.mutex);
			++tally_.started;
		}
		if (scenario.cancel_at_processing) {
			wait_for([&] { return processing_seen_ || is_final(last_.state); });
			generator_->cancel();
		}
		if (scenario.destroy_midway) {
			wait_for([&] { return last_.state != State::Idle; });
			const auto t0 = Clock::now();
			generator_.reset(); // cancels remotely (bounded) and joins its worker
			const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
			std::lock_guard<std::mutex> lock(tally_.mutex);
			++tally_.destroyed;
			tally_.slowest_destroy_ms = std::max(tally_.slowest_destroy_ms, ms);
			return;
		}
		if (!wait_for([&] { return is_final(last_.state); })) {
			std::cerr << name_ << ": generation " << index << " (" << scenario.name << ") did not end\n";
			std::lock_guard<std::mutex> lock(tally_.mutex);
			++tally_.hangs;
			return;
		}
		Status final;
		{
			std::lock_guard<std::mutex> lock(mutex_);
			final = last_;
		}
		tally_.add(final.state == State::Failed ? std::string("failed:") + error_id(final.error)
							: state_id(final.state));
		if (final.state == State::Ready)
			keep_clip(final);
	}

	void ensure_generator()
	{
		if (generator_)
			return;
		GeneratorConfig config = fast_config(clip_dir_);
		config.max_generation_s = 4;
		config.max_retry_after_s = 2;
		generator_ = std::make_unique<Generator>(config, [this](const Status &status) {
			std::lock_guard<std::mutex> lock(mutex_);
			last_ = status;
			processing_seen_ = processing_seen_ || status.state == State::Processing;
			changed_.notify_all();
		});
	}

private:
	template<class Predicate> bool wait_for(Predicate done)
	{
		std::unique_lock<std::mutex> lock(mutex_);
		return changed_.wait_until(lock, Clock::now() + kGenerationDeadline, done);
	}

	// What the OBS source does with a new clip: decode it for playback, list it first in the history,
	// and delete the files the history cap drops (unless another source still lists them).
	void keep_clip(const Status &final)
	{
		DecodeOptions options;
		options.memory_budget_bytes = 64ull << 20;
		if (decode_clip(final.clip_path, options).ok()) {
			std::lock_guard<std::mutex> lock(tally_.mutex);
			++tally_.decoded;
		}
		ClipRecord record;
		record.path = final.clip_path;
		record.seed = final.seed;
		record.prompt = "soak";
		std::vector<std::string> dropped;
		{
			std::lock_guard<std::mutex> lock(mutex_);
			history_.add(record);
			dropped = history_.drop_over_cap(kHistoryMaxClips, 0);
		}
		ownership_.delete_unused(dropped);
	}

	bool lists(const std::string &path)
	{
		std::lock_guard<std::mutex> lock(mutex_);
		for (const ClipRecord &record : history_.records())
			if (record.path == path)
				return true;
		return false;
	}

	std::string name_;
	const soak::FakeProcess &fake_;
	bool relay_;
	std::string clip_dir_;
	Tally &tally_;
	std::mutex mutex_;
	std::condition_variable changed_;
	Status last_;
	bool processing_seen_ = false;
	ClipHistory history_;
	ClipStore store_{clip_dir_};
	ClipOwnership ownership_{ClipOwners::instance(), store_, [this](const std::string &path) {
					 return lists(path);
				 }};
	std::unique_ptr<Generator> generator_; // last: destroyed (joined) before the state its callback uses
};

// Runs `count` generations spread over the sources, each source on its own driver thread.
void run_phase(std::vector<std::unique_ptr<SoakSource>> &sources, std::atomic<uint64_t> &next, uint64_t end)
{
	std::vector<std::thread> drivers;
	for (auto &source : sources)
		drivers.emplace_back([&source, &next, end] {
			uint64_t i = next.load();
			while (i < end) {
				if (next.compare_exchange_weak(i, i + 1)) // claim index i; i reloads on failure
					source->run_one(i);
				i = std::max(i, next.load());
			}
			source->ensure_generator(); // every source ends the phase with a live, idle generator
		});
	for (std::thread &driver : drivers)
		driver.join();
}

soak::Gauges settle_and_read(const std::string &clip_dir)
{
	malloc_trim(0); // as the plugin does after a decode: measure what is held, not what is cached
	return soak::read_gauges(clip_dir);
}

} // namespace

int main(int argc, char **argv)
{
	const uint64_t generations = argc > 1 ? std::stoull(argv[1]) : 240;
	const size_t source_count = argc > 2 ? std::stoul(argv[2]) : 4;
	try {
		TempDir dir;
		const std::string clip_dir = dir.file("clips");
		make_colour_clip(dir.file("model.mp4"), model_like_colours(), 8, 64, 64);

		FakeOptions options;
		// The create answers at once while the prediction still runs for a while, so polling, its faults
		// and the remote cancel of a prediction given up on are exercised too.
		options.starting_ms = 50;
		options.processing_ms = 1200;
		options.retry_after_s = 1;
		options.clip = read_file(dir.file("model.mp4"));
		const soak::FakeProcess api(options);
		options.prefix = "/replicate/v1";
		const soak::FakeProcess relay(options);
		options.cog = true;
		options.prefix = "";
		const soak::FakeProcess cog(options);

		Tally tally;
		std::vector<std::unique_ptr<SoakSource>> sources;
		for (size_t i = 0; i < source_count; ++i) {
			const soak::FakeProcess &fake = i % 4 == 2 ? relay : i % 4 == 3 ? cog : api;
			sources.push_back(std::make_unique<SoakSource>("source " + std::to_string(i + 1), fake,
								       &fake == &relay, clip_dir, tally));
		}

		const auto t0 = Clock::now();
		std::atomic<uint64_t> next{0};
		const uint64_t warm_up = std::max<uint64_t>(generations / 10, source_count * 4);
		run_phase(sources, next, warm_up);
		const soak::Gauges first = settle_and_read(clip_dir);
		std::cout << "after " << warm_up << " generations (warm-up): " << soak::describe(first) << "\n";
		run_phase(sources, next, warm_up + (generations - warm_up) / 2);
		const soak::Gauges middle = settle_and_read(clip_dir);
		std::cout << "after " << warm_up + (generations - warm_up) / 2 << ": " << soak::describe(middle)
			  << "\n";
		run_phase(sources, next, generations);
		const soak::Gauges last = settle_and_read(clip_dir);
		const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
		std::cout << "after " << generations << ": " << soak::describe(last) << "\n";

		std::cout << generations << " generations on " << source_count << " sources in " << seconds
			  << " s: " << tally.started << " started, " << tally.busy << " refused busy, "
			  << tally.destroyed << " destroyed mid-generation (slowest destroy "
			  << tally.slowest_destroy_ms << " ms), " << tally.decoded << " clips decoded, " << tally.hangs
			  << " hangs\n";
		for (const auto &[what, count] : tally.finals)
			std::cout << "  " << what << ": " << count << "\n";
		std::cout << "fake: " << api.count(Endpoint::Create) + relay.count(Endpoint::Create) << " creates, "
			  << api.count(Endpoint::Cancel) + relay.count(Endpoint::Cancel) << " remote cancels, "
			  << cog.count(Endpoint::Create) << " Cog predictions\n";

		std::vector<std::string> problems;
		if (tally.hangs > 0)
			problems.push_back("generations that never ended");
		const int remote_cancels = api.count(Endpoint::Cancel) + relay.count(Endpoint::Cancel);
		if (remote_cancels == 0)
			problems.push_back("no prediction given up on was canceled on the server");
		if (tally.busy > 0)
			problems.push_back("a start refused as busy on an idle generator");
		if (last.threads > first.threads)
			problems.push_back("threads grew");
		if (last.open_fds > first.open_fds + 2)
			problems.push_back("open files grew");
		if (last.rss_kib > first.rss_kib + kRssToleranceKib)
			problems.push_back("resident memory grew by more than 2 MiB");
		if (last.partial_files > 0)
			problems.push_back("partial downloads left in the clips folder");
		const uint64_t max_clip_bytes = options.clip.size();
		if (last.folder_files > int(source_count * kHistoryMaxClips) ||
		    last.folder_bytes > source_count * kHistoryMaxClips * max_clip_bytes)
			problems.push_back("the clips folder grew past the history caps");
		sources.clear();
		for (const std::string &problem : problems)
			std::cout << "NOT FLAT: " << problem << "\n";
		std::cout << (problems.empty() ? "soak: flat" : "soak: FAILED") << "\n";
		return problems.empty() ? 0 : 1;
	} catch (const std::exception &e) {
		std::cerr << "adiff_soak: " << e.what() << "\n";
		return 2;
	}
}
