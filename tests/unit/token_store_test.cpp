// The per-user token file: private modes, keyed by base URL, env fallback, and never a token in the logs.
#include "support/log_capture.hpp"
#include "core/util/log.hpp"
#include "core/config/token_store.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <mutex>
#include <thread>

#include <sys/stat.h>

namespace adiff::test {
namespace {

constexpr const char *kBase = "https://api.replicate.com/v1";
constexpr const char *kToken = "r8_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";

unsigned mode_of(const std::string &path)
{
	struct stat st;
	EXPECT_EQ(stat(path.c_str(), &st), 0) << path;
	return unsigned(st.st_mode & 07777);
}

TEST(TokenStore, PutWritesMode0600InA0700Folder)
{
	TempDir dir;
	const std::string folder = dir.file("config/obs-animatediff");
	const std::string path = folder + "/tokens.json";
	TokenStore store(path);
	std::string error;
	ASSERT_TRUE(store.put(kBase, kToken, &error)) << error;
	EXPECT_EQ(mode_of(path), 0600u);
	EXPECT_EQ(mode_of(folder), 0700u);
	EXPECT_EQ(store.get(kBase), std::string(kToken));

	// The file is the documented JSON shape, with no temp files left behind.
	const nlohmann::json file = nlohmann::json::parse(read_file(path));
	EXPECT_EQ(file["tokens"][kBase], kToken);
	size_t entries = 0;
	for (const auto &entry : std::filesystem::directory_iterator(folder)) {
		(void)entry;
		entries++;
	}
	EXPECT_EQ(entries, 1u);

	// A rewrite keeps the mode exact too.
	ASSERT_TRUE(store.put(kBase, "r8_second_token_value", &error)) << error;
	EXPECT_EQ(mode_of(path), 0600u);
}

TEST(TokenStore, ExistingFolderModeIsLeftAlone)
{
	TempDir dir;
	ASSERT_EQ(chmod(dir.path().c_str(), 0755), 0);
	TokenStore store(dir.file("tokens.json"));
	ASSERT_TRUE(store.put(kBase, kToken, nullptr));
	EXPECT_EQ(mode_of(dir.path()), 0755u);
}

TEST(TokenStore, KeyedByNormalisedBaseUrl)
{
	TempDir dir;
	TokenStore store(dir.file("tokens.json"));
	ASSERT_TRUE(store.put("https://api.replicate.com/v1/", "r8_replicate_token", nullptr));
	ASSERT_TRUE(store.put("https://relay.example.com/replicate/v1", "relay_token_value", nullptr));

	EXPECT_EQ(store.get("https://api.replicate.com/v1"), std::string("r8_replicate_token"));
	EXPECT_EQ(store.get("  HTTPS://API.Replicate.com/v1//  "), std::string("r8_replicate_token"));
	EXPECT_EQ(store.get("https://relay.example.com/replicate/v1/"), std::string("relay_token_value"));
	EXPECT_EQ(store.get("https://other.example.com/v1"), std::nullopt);
	// The path is case-sensitive: a relay may route on it.
	EXPECT_EQ(store.get("https://relay.example.com/Replicate/v1"), std::nullopt);
}

TEST(TokenStore, EnvironmentIsTheFallbackAndTheFileWins)
{
	TempDir dir;
	TokenStore store(dir.file("tokens.json"));

	TokenLookup found = store.lookup(kBase, nullptr);
	EXPECT_EQ(found.source, TokenSource::None);
	EXPECT_EQ(found.token, "");

	found = store.lookup(kBase, "");
	EXPECT_EQ(found.source, TokenSource::None);

	found = store.lookup(kBase, "r8_from_environment\n");
	EXPECT_EQ(found.source, TokenSource::Environment);
	EXPECT_EQ(found.token, "r8_from_environment");

	ASSERT_TRUE(store.put(kBase, kToken, nullptr));
	found = store.lookup(kBase, "r8_from_environment");
	EXPECT_EQ(found.source, TokenSource::File);
	EXPECT_EQ(found.token, kToken);

	// Another base URL has no file entry: the environment still serves it.
	found = store.lookup("https://relay.example.com/v1", "r8_from_environment");
	EXPECT_EQ(found.source, TokenSource::Environment);
}

TEST(TokenStore, EraseAndEmptyPutRemoveOnlyThatEntry)
{
	TempDir dir;
	TokenStore store(dir.file("tokens.json"));
	ASSERT_TRUE(store.put(kBase, kToken, nullptr));
	ASSERT_TRUE(store.put("https://relay.example.com/v1", "relay_token_value", nullptr));

	std::string error;
	ASSERT_TRUE(store.erase(kBase + std::string("/"), &error)) << error;
	EXPECT_EQ(store.get(kBase), std::nullopt);
	EXPECT_EQ(store.lookup(kBase, "r8_env_token").source, TokenSource::Environment);
	EXPECT_EQ(store.get("https://relay.example.com/v1"), std::string("relay_token_value"));

	ASSERT_TRUE(store.put("https://relay.example.com/v1", " \n", &error)) << error;
	EXPECT_EQ(store.get("https://relay.example.com/v1"), std::nullopt);
	EXPECT_EQ(read_file(dir.file("tokens.json")).find("relay_token_value"), std::string::npos);
}

// A stray byte in a pasted URL or token (found by the token_file fuzzer): a refusal with a reason, never
// an exception out of the JSON writer (that would end OBS from the properties panel), and the file keeps
// the tokens it had.
TEST(TokenStore, InvalidUtf8IsRefusedWithAReasonAndTheFileIsKept)
{
	TempDir dir;
	TokenStore store(dir.file("tokens.json"));
	ASSERT_TRUE(store.put(kBase, kToken, nullptr));

	std::string error;
	EXPECT_FALSE(store.put("https://relay.example.com/v\xff"
			       "1",
			       "relay_token_value", &error));
	EXPECT_NE(error.find("UTF-8"), std::string::npos) << error;
	error.clear();
	EXPECT_FALSE(store.put("https://relay.example.com/v1",
			       "relay_\xc3"
			       "token",
			       &error));
	EXPECT_NE(error.find("UTF-8"), std::string::npos) << error;
	error.clear();
	EXPECT_FALSE(store.erase("https://relay.example.com/\xfe", &error));
	EXPECT_FALSE(error.empty());
	EXPECT_EQ(store.get(kBase), std::string(kToken));
}

TEST(TokenStore, PastedTokenIsTrimmed)
{
	TempDir dir;
	TokenStore store(dir.file("tokens.json"));
	ASSERT_TRUE(store.put(kBase, std::string("  ") + kToken + "\r\n", nullptr));
	EXPECT_EQ(store.get(kBase), std::string(kToken));
	EXPECT_EQ(store.lookup(kBase, nullptr).token, kToken);
}

TEST(TokenStore, WideModeIsFixedOnReadAndTheLogNeverHasTheToken)
{
	TempDir dir;
	const std::string path = dir.file("tokens.json");
	write_file(path, nlohmann::json{{"tokens", {{kBase, kToken}}}}.dump());
	ASSERT_EQ(chmod(path.c_str(), 0644), 0);

	LogCapture log;
	TokenStore store(path);
	EXPECT_EQ(store.get(kBase), std::string(kToken)); // still read: it is the user's token
	EXPECT_EQ(mode_of(path), 0600u);

	const std::vector<std::string> lines = log.lines();
	ASSERT_FALSE(lines.empty()) << "the permission fix is logged";
	for (const std::string &line : lines)
		EXPECT_EQ(line.find(kToken), std::string::npos) << line;
}

TEST(TokenStore, CorruptFileReadsEmptyAndIsRewrittenCleanly)
{
	for (const std::string &corrupt : {std::string("{\"tokens\": {\"https://api"), std::string("[1,2,3]"),
					   std::string("{\"tokens\": 5}"), std::string("\x00\xff garbage", 10)}) {
		TempDir dir;
		const std::string path = dir.file("tokens.json");
		write_file(path, corrupt);
		LogCapture log;
		TokenStore store(path);
		EXPECT_EQ(store.get(kBase), std::nullopt);
		EXPECT_EQ(store.lookup(kBase, "r8_env_token").source, TokenSource::Environment);

		std::string error;
		ASSERT_TRUE(store.put(kBase, kToken, &error)) << error;
		const nlohmann::json file = nlohmann::json::parse(read_file(path), nullptr, false);
		ASSERT_FALSE(file.is_discarded()) << corrupt;
		EXPECT_EQ(file["tokens"][kBase], kToken);
		EXPECT_EQ(store.get(kBase), std::string(kToken));
	}
}

TEST(TokenStore, ConcurrentPutsLeaveAValidFileWithBothTokens)
{
	TempDir dir;
	const std::string path = dir.file("tokens.json");
	TokenStore store_a(path), store_b(path);
	auto writer = [](TokenStore *store, std::string base, std::string token, bool *all_ok) {
		for (int i = 0; i < 50; i++)
			*all_ok = store->put(base, token + std::to_string(i), nullptr) && *all_ok;
	};
	bool ok_a = true, ok_b = true;
	std::thread a(writer, &store_a, "https://a.example.com/v1", "token_a_", &ok_a);
	std::thread b(writer, &store_b, "https://b.example.com/v1", "token_b_", &ok_b);
	a.join();
	b.join();
	EXPECT_TRUE(ok_a);
	EXPECT_TRUE(ok_b);

	const nlohmann::json file = nlohmann::json::parse(read_file(path), nullptr, false);
	ASSERT_FALSE(file.is_discarded());
	EXPECT_EQ(file["tokens"]["https://a.example.com/v1"], "token_a_49");
	EXPECT_EQ(file["tokens"]["https://b.example.com/v1"], "token_b_49");
	EXPECT_EQ(mode_of(path), 0600u);
}

TEST(TokenStore, PutFailsWithAReasonWhenTheFolderCannotBeMade)
{
	TempDir dir;
	write_file(dir.file("not-a-folder"), "x");
	TokenStore store(dir.file("not-a-folder/tokens.json"));
	std::string error;
	EXPECT_FALSE(store.put(kBase, kToken, &error));
	EXPECT_FALSE(error.empty());
	EXPECT_EQ(error.find(kToken), std::string::npos);
}

TEST(TokenStore, MaskShowsAtMostTheLastFourCharacters)
{
	EXPECT_EQ(mask_token(kToken), "\u2022\u2022\u2022\u2022" + std::string("6789"));
	EXPECT_EQ(mask_token("12345678"), "\u2022\u2022\u2022\u20225678");
	EXPECT_EQ(mask_token("1234567"), "\u2022\u2022\u2022\u2022"); // short: nothing of it shows
	EXPECT_EQ(mask_token("abc"), "\u2022\u2022\u2022\u2022");
	EXPECT_EQ(mask_token(""), "");
	EXPECT_EQ(mask_token(std::string(kToken) + "\n"), "\u2022\u2022\u2022\u2022" + std::string("6789"));
	for (const std::string &token : {std::string(kToken), std::string("abcdefghij"), std::string("abcdefg")}) {
		const std::string masked = mask_token(token);
		const std::string shown = masked.substr(std::string("\u2022\u2022\u2022\u2022").size());
		EXPECT_LE(shown.size(), 4u) << masked;
		EXPECT_EQ(masked.find(token.substr(0, 5)), std::string::npos) << masked;
	}
}

TEST(TokenStore, RedactReplacesEveryOccurrence)
{
	const std::string text = std::string("Authorization: Bearer ") + kToken + " and again " + kToken + ".";
	EXPECT_EQ(redact(text, kToken), "Authorization: Bearer [token] and again [token].");
	EXPECT_EQ(redact(text, ""), text);
	EXPECT_EQ(redact("nothing here", kToken), "nothing here");
	EXPECT_EQ(redact(std::string(kToken) + kToken, kToken), "[token][token]");
}

// An older version saved base URLs with a user:password@ part as keys. Read now, such a key is cleaned: the
// token is found under the base URL without the credentials, and the password leaves the file (and the log).
TEST(TokenStore, AnOldKeyWithUserAndPasswordIsCleanedWhenRead)
{
	TempDir dir;
	const std::string path = dir.file("tokens.json");
	const std::string old_key = "https://relay-user:Hunter2Secret@Relay.Example.com/replicate/v1";
	const std::string other_token = "r8_OtherServerToken000000000000000";
	write_file(path, nlohmann::json{{"tokens", {{old_key, kToken}, {kBase, other_token}}}}.dump());
	ASSERT_EQ(chmod(path.c_str(), 0600), 0);

	LogCapture log;
	TokenStore store(path);
	EXPECT_EQ(store.get("https://relay.example.com/replicate/v1"), std::string(kToken));
	EXPECT_EQ(store.get(kBase), other_token) << "another key was touched";

	const std::string text = read_file(path);
	EXPECT_EQ(text.find("Hunter2Secret"), std::string::npos) << "the password is still on disk: " << text;
	EXPECT_EQ(text.find("relay-user"), std::string::npos) << text;
	const nlohmann::json file = nlohmann::json::parse(text);
	EXPECT_EQ(file["tokens"].size(), 2u);
	EXPECT_EQ(file["tokens"].value("https://relay.example.com/replicate/v1", ""), kToken);
	EXPECT_EQ(mode_of(path), 0600u);
	const std::vector<std::string> lines = log.lines();
	ASSERT_FALSE(lines.empty()) << "the cleaning is logged";
	for (const std::string &line : lines) {
		EXPECT_EQ(line.find("Hunter2Secret"), std::string::npos) << line;
		EXPECT_EQ(line.find(kToken), std::string::npos) << line;
	}
}

TEST(TokenStore, ATokenPutUnderAUrlWithCredentialsIsFoundAgainAndNoPasswordIsWritten)
{
	// Found by the token_file fuzzer: the cleaning on read must not lose a token just put.
	TempDir dir;
	const std::string path = dir.file("tokens.json");
	TokenStore store(path);
	const std::string with_credentials = "http://user:Hunter2Secret@127.0.0.1:5000";
	std::string error;
	ASSERT_TRUE(store.put(with_credentials, kToken, &error)) << error;
	EXPECT_EQ(store.get(with_credentials), std::string(kToken));
	EXPECT_EQ(store.get("http://127.0.0.1:5000"), std::string(kToken));
	EXPECT_EQ(read_file(path).find("Hunter2Secret"), std::string::npos) << read_file(path);
	ASSERT_TRUE(store.erase(with_credentials, &error)) << error;
	EXPECT_FALSE(store.get("http://127.0.0.1:5000").has_value());
}

} // namespace
} // namespace adiff::test
