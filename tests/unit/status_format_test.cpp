// Every state and error reads as a clear line in English and Chinese, from the shipped locale files.
#include "core/status/status.hpp"
#include "support/locale_ini.hpp"

#include <gtest/gtest.h>

#include <set>

namespace adiff {
namespace {

const ErrorCode kAllErrors[] = {
	ErrorCode::NoToken,        ErrorCode::BadToken,         ErrorCode::Billing,
	ErrorCode::BadVersion,     ErrorCode::InvalidInput,     ErrorCode::InvalidSetting,
	ErrorCode::EmptyPrompt,    ErrorCode::Throttled,        ErrorCode::ServerError,
	ErrorCode::Busy,           ErrorCode::Network,          ErrorCode::Timeout,
	ErrorCode::BadUrl,         ErrorCode::PredictionFailed, ErrorCode::Canceled,
	ErrorCode::OutputMissing,  ErrorCode::OutputExpired,    ErrorCode::NotAVideo,
	ErrorCode::OutputTooLarge, ErrorCode::BadResponse,      ErrorCode::DiskError,
	ErrorCode::Internal,       ErrorCode::DamagedVideo,     ErrorCode::VideoTooLarge,
};

struct Locale {
	std::string name;
	test::LocaleIni ini;
	Translate tr() const
	{
		return [this](const char *key) {
			auto it = ini.entries.find(key);
			return it == ini.entries.end() ? std::string(key) : it->second;
		};
	}
};

class StatusFormat : public ::testing::TestWithParam<std::string> {
protected:
	void SetUp() override
	{
		locale.name = GetParam();
		locale.ini = test::load_locale_ini(std::string(ADIFF_SOURCE_DIR) + "/locale/" + GetParam() + ".ini");
		ASSERT_TRUE(locale.ini.problems.empty()) << locale.ini.problems.front();
	}

	std::string format(const Status &s) { return format_status(s, locale.tr()); }

	// Filled in, no key left raw, no placeholder left open.
	void expect_clean(const std::string &text, const std::string &what)
	{
		EXPECT_FALSE(text.empty()) << what;
		EXPECT_EQ(text.find('{'), std::string::npos) << what << ": " << text;
		EXPECT_EQ(text.find("Status."), std::string::npos) << what << ": " << text;
		EXPECT_EQ(text.find("Error."), std::string::npos) << what << ": " << text;
		if (locale.name == "zh-CN") {
			EXPECT_TRUE(test::contains_cjk(text)) << what << ": " << text;
		}
	}

	Locale locale;
};

TEST_P(StatusFormat, EveryStateVariant)
{
	Status s;
	s.seed = 1234;
	for (State state : {State::Idle, State::Submitting, State::Starting, State::Processing, State::Downloading,
			    State::Ready, State::Canceled}) {
		s.state = state;
		expect_clean(format(s), state_id(state));
	}

	Status processing;
	processing.state = State::Processing;
	processing.seed = 1234;
	processing.step = 10;
	processing.steps = 25;
	std::string text = format(processing);
	expect_clean(text, "step");
	EXPECT_NE(text.find("10/25"), std::string::npos) << text;
	EXPECT_NE(text.find("1234"), std::string::npos) << text;

	processing.frame = 8;
	processing.frames = 16;
	text = format(processing);
	expect_clean(text, "frames");
	EXPECT_NE(text.find("8/16"), std::string::npos) << text;

	Status downloading;
	downloading.state = State::Downloading;
	downloading.download = 0.42;
	text = format(downloading);
	expect_clean(text, "download");
	EXPECT_NE(text.find("42%"), std::string::npos) << text;

	Status ready;
	ready.state = State::Ready;
	ready.seed = 1234;
	ready.predict_time = 3.2;
	ready.prediction_id = "abc123";
	text = format(ready);
	expect_clean(text, "ready");
	EXPECT_NE(text.find("3.2"), std::string::npos) << text;
	EXPECT_NE(text.find("abc123"), std::string::npos) << text;
	EXPECT_NE(text.find("1234"), std::string::npos) << text;

	ready.predict_time = -1;
	text = format(ready);
	expect_clean(text, "ready without time");
	EXPECT_NE(text.find("abc123"), std::string::npos) << text;
	ready.prediction_id.clear();
	expect_clean(format(ready), "ready seed only");
	ready.predict_time = 1.5;
	expect_clean(format(ready), "ready with time only");

	Status cached;
	cached.state = State::Ready;
	cached.seed = 77;
	cached.from_cache = true;
	text = format(cached);
	expect_clean(text, "cached");
	EXPECT_NE(text.find("77"), std::string::npos) << text;
	EXPECT_NE(text, format(ready));
}

TEST_P(StatusFormat, EveryErrorWithAndWithoutDetail)
{
	for (ErrorCode code : kAllErrors) {
		Status s;
		s.state = code == ErrorCode::Canceled ? State::Canceled : State::Failed;
		s.error = code;
		expect_clean(format(s), std::string(error_id(code)) + " without detail");
		s.detail = "steps";
		s.http_status = 503;
		s.retry_after_s = 30;
		expect_clean(format(s), std::string(error_id(code)) + " with detail");
	}
}

TEST_P(StatusFormat, ErrorsCarryTheirSpecifics)
{
	Status s;
	s.state = State::Failed;
	s.error = ErrorCode::Throttled;
	s.retry_after_s = 30;
	EXPECT_NE(format(s).find("30"), std::string::npos);

	s.error = ErrorCode::ServerError;
	s.http_status = 503;
	EXPECT_NE(format(s).find("503"), std::string::npos);

	s.error = ErrorCode::InvalidInput;
	s.detail = "steps: Must be less than or equal to 100";
	EXPECT_NE(format(s).find("steps"), std::string::npos);

	s.error = ErrorCode::PredictionFailed;
	s.detail = "CUDA out of memory";
	EXPECT_NE(format(s).find("CUDA out of memory"), std::string::npos);

	s.error = ErrorCode::BadVersion;
	s.detail = "The specified version does not exist";
	EXPECT_NE(format(s).find("does not exist"), std::string::npos);

	s.error = ErrorCode::NoToken;
	EXPECT_NE(format(s).find("REPLICATE_API_TOKEN"), std::string::npos);
	// Another server than Replicate: the line names it and says the environment token is not for it.
	s.detail = "https://relay.example/v1";
	EXPECT_NE(format(s).find("https://relay.example/v1"), std::string::npos) << format(s);
	EXPECT_NE(format(s).find("https://api.replicate.com"), std::string::npos) << format(s);

	// Base URL refusals each say what to remove (user:password@, ?query, #fragment).
	s.error = ErrorCode::BadUrl;
	s.detail = "credentials";
	EXPECT_NE(format(s).find("user:password@"), std::string::npos) << format(s);
	s.detail = "query";
	EXPECT_NE(format(s).find("?"), std::string::npos) << format(s);
	s.detail = "fragment";
	EXPECT_NE(format(s).find("#"), std::string::npos) << format(s);

	// A server detail holding braces is shown as is, not expanded.
	s.error = ErrorCode::PredictionFailed;
	s.detail = "bad {seed} in template";
	EXPECT_NE(format(s).find("bad {seed} in template"), std::string::npos);

	Status aborted;
	aborted.state = State::Canceled;
	aborted.error = ErrorCode::Canceled;
	Status canceled = aborted;
	aborted.detail = "aborted";
	EXPECT_NE(format(aborted), format(canceled));
}

// A create whose id never arrived: the line says a prediction may still be running, and where to see it
// for Replicate's API (its predictions page); for a relay nothing is named.
TEST_P(StatusFormat, APredictionThatMayStillRunIsSaidWithWhereToSeeIt)
{
	Status s;
	s.state = State::Failed;
	s.error = ErrorCode::Network;
	s.detail = "create: Connection reset by peer";
	const std::string plain = format(s);
	s.prediction_may_run = true;
	s.dashboard_url = "https://replicate.com/predictions";
	const std::string replicate = format(s);
	expect_clean(replicate, "may run, Replicate");
	EXPECT_EQ(replicate.rfind(plain, 0), 0u) << "the error itself is still said first: " << replicate;
	EXPECT_NE(replicate.find("https://replicate.com/predictions"), std::string::npos) << replicate;
	s.dashboard_url.clear();
	const std::string relay = format(s);
	expect_clean(relay, "may run, relay");
	EXPECT_GT(relay.size(), plain.size()) << relay;
	EXPECT_EQ(relay.find("http"), std::string::npos) << relay;
}

INSTANTIATE_TEST_SUITE_P(Locales, StatusFormat, ::testing::Values("en-US", "zh-CN"));

TEST(StatusIds, StatesAndErrorsHaveDistinctSnakeCaseIds)
{
	std::set<std::string> ids;
	for (ErrorCode code : kAllErrors) {
		std::string id = error_id(code);
		EXPECT_EQ(id.find_first_not_of("abcdefghijklmnopqrstuvwxyz_"), std::string::npos) << id;
		EXPECT_TRUE(ids.insert(id).second) << id;
	}
	EXPECT_STREQ(error_id(ErrorCode::NoToken), "no_token");
	EXPECT_STREQ(error_id(ErrorCode::NotAVideo), "not_a_video");
	EXPECT_STREQ(state_id(State::Downloading), "downloading");
	EXPECT_TRUE(is_final(State::Ready));
	EXPECT_TRUE(is_final(State::Failed));
	EXPECT_TRUE(is_final(State::Canceled));
	EXPECT_FALSE(is_final(State::Processing));
	EXPECT_FALSE(is_final(State::Idle));
}

} // namespace
} // namespace adiff
