// What an API base URL from a (shared) scene collection may look like, and which origin may receive
// REPLICATE_API_TOKEN.
#include "core/net/url_policy.hpp"

#include <gtest/gtest.h>

namespace adiff {
namespace {

TEST(UrlPolicy, NormalizeBaseUrl)
{
	EXPECT_EQ(normalize_base_url(" https://api.replicate.com/v1/ \n"), "https://api.replicate.com/v1");
	EXPECT_EQ(normalize_base_url("HTTP://LocalHost:5000///"), "http://localhost:5000");
	EXPECT_EQ(normalize_base_url("https://Relay.Example.COM/Replicate/V1"),
		  "https://relay.example.com/Replicate/V1");
	EXPECT_EQ(normalize_base_url("https://User:PassWord@Host.example/x"), "https://User:PassWord@host.example/x");
	EXPECT_EQ(normalize_base_url("   "), "");
}

// Parsed by curl like every other URL: an IPv6 host keeps its brackets, an explicit port and the path's case
// and dot segments stay (they are part of saved token keys), and text that is not a URL is only trimmed.
TEST(UrlPolicy, NormalizeBaseUrlParsesWithCurl)
{
	EXPECT_EQ(normalize_base_url("HTTP://[::1]:8443/V1/"), "http://[::1]:8443/V1");
	EXPECT_EQ(normalize_base_url("https://API.Replicate.com:443/a/../v1"), "https://api.replicate.com:443/a/../v1");
	EXPECT_EQ(normalize_base_url("https://Host.example"), "https://host.example");
	EXPECT_EQ(normalize_base_url(" not a url/ "), "not a url");
}

TEST(UrlPolicy, BaseUrlWithCredentialsQueryOrFragmentIsRefused)
{
	EXPECT_EQ(check_api_base_url("https://user:secret@relay.example.com/v1"), BaseUrlProblem::Credentials);
	EXPECT_EQ(check_api_base_url("https://user@relay.example.com/v1"), BaseUrlProblem::Credentials);
	EXPECT_EQ(check_api_base_url("https://:secret@relay.example.com/v1"), BaseUrlProblem::Credentials);
	EXPECT_EQ(check_api_base_url("http://user:secret@127.0.0.1:1/v1"), BaseUrlProblem::Credentials);
	// Credentials are named first even when the scheme is wrong too: that is what must not be shown.
	EXPECT_EQ(check_api_base_url("ftp://user:secret@example.com/"), BaseUrlProblem::Credentials);
	EXPECT_EQ(check_api_base_url("https://relay.example.com/v1?key=abc"), BaseUrlProblem::Query);
	EXPECT_EQ(check_api_base_url("https://relay.example.com/v1#top"), BaseUrlProblem::Fragment);
	EXPECT_EQ(check_api_base_url("http://relay.example.com/v1"), BaseUrlProblem::Scheme);
	EXPECT_EQ(check_api_base_url("relay.example.com/v1"), BaseUrlProblem::Invalid);
	EXPECT_EQ(check_api_base_url(""), BaseUrlProblem::Invalid);
	EXPECT_STREQ(base_url_problem_id(BaseUrlProblem::Credentials), "credentials");
}

TEST(UrlPolicy, PlainBaseUrlsAreAccepted)
{
	for (const char *url : {"https://api.replicate.com/v1", " https://api.replicate.com/v1/ ",
				"https://relay.example.com/replicate/v1", "http://127.0.0.1:5000",
				"http://[::1]:8080/v1", "http://localhost:5000/"})
		EXPECT_EQ(check_api_base_url(url), BaseUrlProblem::None) << url;
}

TEST(UrlPolicy, OnlyReplicatesOwnOriginIsReplicate)
{
	EXPECT_TRUE(is_replicate_api_origin("https://api.replicate.com/v1"));
	EXPECT_TRUE(is_replicate_api_origin("https://api.replicate.com"));
	EXPECT_TRUE(is_replicate_api_origin("https://API.Replicate.com:443/v1/"));
	// Look-alikes a shared scene collection could use to collect the environment's token.
	for (const char *url :
	     {"https://api.replicate.com.evil.example/v1", "https://evil.example/api.replicate.com/v1",
	      "https://evil.example/v1?https://api.replicate.com", "https://api.replicate.com:8443/v1",
	      "http://api.replicate.com/v1", "https://user:pw@api.replicate.com/v1",
	      "https://api.replicate.com@evil.example/v1", "https://replicate.com/v1", "https://xapi.replicate.com/v1",
	      "http://127.0.0.1:5000/v1", "api.replicate.com/v1", ""})
		EXPECT_FALSE(is_replicate_api_origin(url)) << url;
}

} // namespace
} // namespace adiff
