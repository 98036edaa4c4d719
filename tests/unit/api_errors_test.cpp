// Error answers as Replicate, relays, edges and Cog send them -> what the user is told.
#include "core/generation/api_errors.hpp"

#include <gtest/gtest.h>

namespace adiff {
namespace {

const std::map<std::string, std::string> kNoHeaders;

ApiError map(long status, const std::string &body, ApiCall call = ApiCall::Create,
	     const std::map<std::string, std::string> &headers = kNoHeaders)
{
	return map_api_error(status, body, headers, call, 1700000000);
}

TEST(ApiErrors, AuthAndBilling)
{
	ApiError e = map(
		401,
		R"({"title":"Unauthenticated","detail":"You did not pass a valid authentication token","status":401})");
	EXPECT_EQ(e.code, ErrorCode::BadToken);
	EXPECT_EQ(e.http_status, 401);
	EXPECT_EQ(map(402, R"({"title":"Billing required","status":402})").code, ErrorCode::Billing);
}

TEST(ApiErrors, InvalidVersionKeepsTheServerDetail)
{
	ApiError e = map(
		422,
		R"json({"title":"Invalid version or not permitted","detail":"The specified version does not exist (or perhaps you don't have permission to use it?)","status":422})json");
	EXPECT_EQ(e.code, ErrorCode::BadVersion);
	EXPECT_NE(e.detail.find("does not exist"), std::string::npos);
	EXPECT_EQ(map(404, R"({"detail":"Not found."})").code, ErrorCode::BadVersion);
	// 404 while polling is not about the version.
	EXPECT_NE(map(404, R"({"detail":"Not found."})", ApiCall::Poll).code, ErrorCode::BadVersion);
}

TEST(ApiErrors, InputValidationNamesTheFieldWithoutPrefix)
{
	ApiError e = map(
		422,
		R"({"title":"Input validation failed","detail":"- input.steps: Must be less than or equal to 100","status":422,
		"invalid_fields":[{"type":"less_equal","field":"input.steps","description":"Must be less than or equal to 100"}]})");
	EXPECT_EQ(e.code, ErrorCode::InvalidInput);
	EXPECT_EQ(e.detail.rfind("steps", 0), 0u) << e.detail;
	EXPECT_EQ(e.detail.find("input."), std::string::npos) << e.detail;
}

TEST(ApiErrors, FastApiValidationFromCog)
{
	ApiError e = map(
		422,
		R"({"detail":[{"loc":["body","input","steps"],"msg":"ensure this value is less than or equal to 100","type":"value_error.number.not_le"}]})");
	EXPECT_EQ(e.code, ErrorCode::InvalidInput);
	EXPECT_EQ(e.detail.rfind("steps", 0), 0u) << e.detail;
	EXPECT_NE(e.detail.find("less than or equal"), std::string::npos);
}

TEST(ApiErrors, CogBusy)
{
	ApiError e = map(409, R"({"detail":"Already running a prediction"})");
	EXPECT_EQ(e.code, ErrorCode::Busy);
	EXPECT_EQ(e.detail, "Already running a prediction");
}

TEST(ApiErrors, ThrottledWaitFromHeaderOrText)
{
	const std::string body = R"({"detail":"Request was throttled. Your rate limit resets in ~30s.","status":429})";
	ApiError from_text = map(429, body);
	EXPECT_EQ(from_text.code, ErrorCode::Throttled);
	EXPECT_EQ(from_text.retry_after_s, 30);
	ApiError from_header = map(429, body, ApiCall::Create, {{"retry-after", "7"}});
	EXPECT_EQ(from_header.retry_after_s, 7);
	// Only a header sets the retry wait; the text is an estimate for the user.
	EXPECT_EQ(from_header.retry_after_header_s, 7);
	EXPECT_EQ(from_text.retry_after_header_s, -1);
	ApiError from_date = map(429, "{}", ApiCall::Poll, {{"retry-after", "Tue, 14 Nov 2023 22:13:32 GMT"}});
	EXPECT_EQ(from_date.retry_after_s, 12); // 1700000012 - 1700000000
	EXPECT_EQ(map(429, "{}").retry_after_s, 0);
}

TEST(ApiErrors, ServerErrorsAndHtmlBodies)
{
	ApiError html = map(502, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>");
	EXPECT_EQ(html.code, ErrorCode::ServerError);
	EXPECT_EQ(html.detail, "502");
	EXPECT_EQ(html.detail.find('<'), std::string::npos);
	EXPECT_EQ(map(500, R"({"detail":"Internal server error"})").code, ErrorCode::ServerError);
	EXPECT_EQ(map(503, "").http_status, 503);
}

TEST(ApiErrors, AnythingElseIsABadResponse)
{
	ApiError e = map(418, "I'm a teapot");
	EXPECT_EQ(e.code, ErrorCode::BadResponse);
	EXPECT_NE(e.detail.find("418"), std::string::npos);
}

} // namespace
} // namespace adiff
