// The per-user token file (tokens.json) as found on disk: hand-edited, truncated or written by another
// version. Reading, looking up, adding and erasing a token must work or fail cleanly on any content.
#include "core/config/token_store.hpp"
#include "fuzz_check.hpp"

#include <fstream>
#include <string>
#include <unistd.h>

namespace {

std::string scratch_file()
{
	// One folder per process in memory-backed /dev/shm (or /tmp), removed by the OS or the next run.
	static const std::string path = [] {
		const std::string base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
		return base + "/adiff-token-fuzz-" + std::to_string(getpid()) + "/tokens.json";
	}();
	return path;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	adiff::fuzz::FuzzInput input(data, size);
	const std::string base_url = input.line();
	const std::string file_text = input.rest();

	adiff::TokenStore store(scratch_file());
	std::string error;
	// Creates the folder (0700) on the first call; afterwards the file is replaced each run.
	FUZZ_CHECK(store.put("https://seed.invalid/v1", "r8_seed", &error) || !error.empty());
	{
		std::ofstream out(scratch_file(), std::ios::binary | std::ios::trunc);
		out << file_text;
	}

	(void)store.get(base_url);
	(void)store.get("https://api.replicate.com/v1");
	const adiff::TokenLookup found = store.lookup(base_url, nullptr);
	if (found.source == adiff::TokenSource::None)
		FUZZ_CHECK(found.token.empty());
	const std::string masked = adiff::mask_token(found.token);
	if (found.token.size() > 4)
		FUZZ_CHECK(masked.find(found.token) == std::string::npos); // the mask never shows it whole

	if (store.put(base_url, "r8_FuzzToken_0123", &error))
		FUZZ_CHECK(store.get(base_url).value_or("") == "r8_FuzzToken_0123" ||
			   adiff::normalize_base_url(base_url).empty());
	(void)store.erase(base_url, &error);
	FUZZ_CHECK(adiff::redact(file_text, "r8_FuzzToken_0123").find("r8_FuzzToken_0123") == std::string::npos);
	return 0;
}
