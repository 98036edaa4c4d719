// Localised templates: {name} placeholders are filled once; values are never expanded again.
#include "core/util/text_template.hpp"

#include <gtest/gtest.h>

namespace adiff {
namespace {

TEST(TextTemplate, FillsEveryKnownPlaceholder)
{
	EXPECT_EQ(format_template("step {step}/{steps} · seed {seed}",
				  {{"step", "3"}, {"steps", "25"}, {"seed", "42"}}),
		  "step 3/25 · seed 42");
}

TEST(TextTemplate, LeavesUnknownPlaceholdersAndStrayBracesReadable)
{
	EXPECT_EQ(format_template("{who} waits {seconds} s {", {{"seconds", "30"}}), "{who} waits 30 s {");
}

TEST(TextTemplate, ServerTextInAValueIsNeverExpanded)
{
	// A server detail that happens to contain "{seconds}" must come out as it was sent.
	EXPECT_EQ(format_template("Error: {detail}", {{"detail", "bad {seconds}"}, {"seconds", "9"}}),
		  "Error: bad {seconds}");
}

} // namespace
} // namespace adiff
