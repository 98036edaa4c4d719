// The shipped locales: OBS must read every line, and zh-CN must match en-US key for key and
// placeholder for placeholder. The checker itself is tested on small texts first, so a real mismatch
// in the shipped files cannot pass unnoticed.
#include "support/code_locale_keys.hpp"
#include "support/locale_ini.hpp"

#include <gtest/gtest.h>

#include <cctype>

namespace adiff::test {
namespace {

// Values that legitimately read the same in both languages (names, not words).
const std::set<std::string> kSameInEveryLanguage = {
	"AnimateDiff",
	"AnimateDiffSource",
	"Replicate",
	"Cog",
};

std::string join_lines(const std::vector<std::string> &lines)
{
	std::string out;
	for (const std::string &line : lines)
		out += "  " + line + "\n";
	return out;
}

TEST(LocaleIni, ParsesWhatObsReads)
{
	const LocaleIni ini = parse_locale_ini("# comment\n"
					       "\n"
					       "Plain=\"Generate\"\n"
					       "Escapes=\"line one\\nline \\\"two\\\"\\ttab\"\n"
					       "Kept=\"C:\\\\path \\x\"\n"
					       "Trailing=\"ok\"   # note\n"
					       "Crlf=\"windows\"\r\n"
					       "Chinese=\"生成 {seed}\"\n");
	EXPECT_TRUE(ini.problems.empty()) << join_lines(ini.problems);
	EXPECT_EQ(ini.entries, (std::map<std::string, std::string>{
				       {"Plain", "Generate"},
				       {"Escapes", "line one\nline \"two\"\ttab"},
				       {"Kept", "C:\\\\path \\x"}, // OBS keeps other backslashes as written
				       {"Trailing", "ok"},
				       {"Crlf", "windows"},
				       {"Chinese", "生成 {seed}"},
			       }));
}

TEST(LocaleIni, ReportsLinesObsWouldMisread)
{
	const char *bad_lines[] = {
		"; semicolon comment", // OBS makes a key of it
		"Spaced = \"value\"",  // OBS reads a blank value
		" Indented=\"value\"", // OBS loses the key
		"Unquoted=two words",  // OBS keeps "two" only
		"Open=\"no closing",   // OBS takes the rest of the line
		"Extra=\"a\"b\"",      // OBS keeps "a"
		"Empty=\"\"",          // OBS then skips the next line
		"NoEquals",            // not an entry at all
	};
	for (const char *line : bad_lines) {
		const LocaleIni ini = parse_locale_ini(std::string("Good=\"fine\"\n") + line + "\n");
		EXPECT_EQ(ini.problems.size(), 1u) << line;
		EXPECT_EQ(ini.entries.count("Good"), 1u) << line;
	}
	const LocaleIni duplicate = parse_locale_ini("Key=\"one\"\nkey=\"two\"\n");
	ASSERT_EQ(duplicate.problems.size(), 1u) << "OBS keys ignore case: the second would win silently";
	EXPECT_EQ(duplicate.entries.at("Key"), "one");
}

TEST(LocaleIni, Placeholders)
{
	EXPECT_EQ(placeholders("Step {step}/{steps} of {seed}"), (std::set<std::string>{"step", "steps", "seed"}));
	EXPECT_EQ(placeholders("{ not one } {} {a-b} {ok_1}"), (std::set<std::string>{"ok_1"}));
	EXPECT_TRUE(placeholders("no braces {").empty());
}

TEST(LocaleIni, CompareFindsEveryKindOfMismatch)
{
	const LocaleIni english = parse_locale_ini("Generate=\"Generate\"\n"
						   "Step=\"Step {step}/{steps}\"\n"
						   "OnlyEnglish=\"Only here\"\n"
						   "Name=\"AnimateDiff\"\n"
						   "Number=\"{seed}\"\n");
	const LocaleIni chinese = parse_locale_ini("Generate=\"Generate\"\n"                // untranslated
						   "Step=\"第 {step} 步，共 {total} 步\"\n" // wrong placeholder
						   "OnlyChinese=\"只有这里\"\n"
						   "Name=\"AnimateDiff\"\n" // allowed: a name
						   "Number=\"{seed}\"\n");  // no letters: nothing to translate
	ASSERT_TRUE(english.problems.empty() && chinese.problems.empty());

	const std::vector<std::string> problems = compare_locales(english, chinese, {"Name"});
	const std::string all = join_lines(problems);
	EXPECT_EQ(problems.size(), 5u) << all;
	for (const char *expected :
	     {"zh-CN lacks 'OnlyEnglish'", "en-US lacks 'OnlyChinese'", "zh-CN 'Step' lacks {steps}",
	      "zh-CN 'Step' has {total}", "zh-CN 'Generate' looks untranslated"})
		EXPECT_NE(all.find(expected), std::string::npos) << expected << "\n" << all;

	// Without the allow-list entry the copied product name is reported too.
	EXPECT_EQ(compare_locales(english, chinese, {}).size(), 6u);
}

TEST(LocaleIni, CompareAcceptsAGoodTranslation)
{
	const LocaleIni english = parse_locale_ini("Step=\"Step {step}/{steps}\"\nGenerate=\"Generate\"\n");
	const LocaleIni chinese = parse_locale_ini("Step=\"第 {step}/{steps} 步\"\nGenerate=\"生成\"\n");
	EXPECT_TRUE(compare_locales(english, chinese, {}).empty()) << join_lines(compare_locales(english, chinese, {}));
	EXPECT_TRUE(compare_locales(LocaleIni{}, LocaleIni{}, {}).empty());
}

TEST(LocaleIni, Cjk)
{
	EXPECT_TRUE(contains_cjk("生成"));
	EXPECT_TRUE(contains_cjk("OK（好）"));
	EXPECT_FALSE(contains_cjk("Generate"));
	EXPECT_FALSE(contains_cjk("Café"));
}

TEST(LocaleFiles, ShippedLocalesMatch)
{
	const std::string dir = std::string(ADIFF_SOURCE_DIR) + "/locale/";
	const LocaleIni english = load_locale_ini(dir + "en-US.ini");
	const LocaleIni chinese = load_locale_ini(dir + "zh-CN.ini");
	EXPECT_TRUE(english.problems.empty()) << "en-US.ini:\n" << join_lines(english.problems);
	EXPECT_TRUE(chinese.problems.empty()) << "zh-CN.ini:\n" << join_lines(chinese.problems);
	const std::vector<std::string> problems = compare_locales(english, chinese, kSameInEveryLanguage);
	EXPECT_TRUE(problems.empty()) << join_lines(problems);
}

std::string lower_case(std::string text)
{
	for (char &c : text)
		c = char(std::tolower(static_cast<unsigned char>(c)));
	return text;
}

std::set<std::string> key_names(const std::vector<CodeKey> &keys)
{
	std::set<std::string> names;
	for (const CodeKey &key : keys)
		names.insert(key.key);
	return names;
}

TEST(CodeLocaleKeys, FindsLookupsTablesAndNothingElse)
{
	const std::string code = R"cpp(
#include "status.hpp"
// obs_module_text("Commented.Out") is not code
/* T("Also.Commented") */
const char *key_for(int e)
{
	switch (e) {
	case 1:
		return "Decode.NotFound"; // a table entry: picked here, looked up elsewhere
	}
	return std::string("Error.None").c_str();
}
void panel()
{
	add(group, keys::kGenerate, T("Generate"));
	obs_property_set_long_description(p, obs_module_text(
		"Prompt.Description"));
	hint(tr("Status.Idle"), translate("Plain"));
	obs_hotkey_register_source(s, "AnimateDiff.Generate", obs_module_text("Hotkey.Generate"), cb, s);
	log("not.a.key %s", "prompt", "toonyou_beta3.safetensors", 'x', "esc"aped");
	std::regex r(R"(T("Raw.Inside") \d+)");
	weird(MT("Lower"), at("Word"));
}
)cpp";
	const std::vector<CodeKey> keys = locale_keys_in_code(code, "x.cpp");
	EXPECT_EQ(key_names(keys),
		  (std::set<std::string>{"Decode.NotFound", "Error.None", "Generate", "Prompt.Description",
					 "Status.Idle", "Plain", "Hotkey.Generate"}));
	for (const CodeKey &key : keys) {
		if (key.key == "Prompt.Description") {
			EXPECT_EQ(key.where, "x.cpp:17") << "the line of the literal itself";
		}
	}
}

// Every key the plugin's code can ask for exists in both locales: a missing one makes OBS show the raw
// key to the user (as "Note.ClipDownscaled" did after a clip was scaled down to fit the memory budget).
TEST(LocaleFiles, EveryKeyUsedInCodeExistsInEveryLocale)
{
	const std::vector<CodeKey> keys = locale_keys_in_tree(std::string(ADIFF_SOURCE_DIR) + "/plugin");
	// The scan itself must see the plugin's lookups, or this test would pass on an empty list.
	const std::set<std::string> names = key_names(keys);
	for (const char *known : {"AnimateDiff.Source", "Generate", "Error.NoToken", "Decode.Corrupt",
				  "Status.ProcessingStep", "Live.UnknownInput", "Note.ClipMissing"})
		EXPECT_EQ(names.count(known), 1u) << known << " not found by the scan";

	const std::string dir = std::string(ADIFF_SOURCE_DIR) + "/locale/";
	for (const char *file : {"en-US.ini", "zh-CN.ini"}) {
		const LocaleIni locale = load_locale_ini(dir + file);
		std::set<std::string> lowered; // OBS looks keys up ignoring case
		for (const auto &entry : locale.entries)
			lowered.insert(lower_case(entry.first));
		std::vector<std::string> missing;
		for (const CodeKey &key : keys)
			if (!lowered.count(lower_case(key.key)))
				missing.push_back(key.key + " (" + key.where + ")");
		EXPECT_TRUE(missing.empty()) << file << " lacks keys the code uses:\n" << join_lines(missing);
	}
}

} // namespace
} // namespace adiff::test
