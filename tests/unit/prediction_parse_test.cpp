// Every answer shape the pipeline meets: Replicate's prediction, list outputs, data: urls, the relay.
#include "core/generation/prediction.hpp"
#include "core/generation/prediction_ref.hpp"

#include <gtest/gtest.h>

namespace adiff {
namespace {

Prediction parse(const std::string &body)
{
	Prediction p;
	std::string why;
	EXPECT_TRUE(parse_prediction(body, &p, &why)) << why << " in " << body;
	return p;
}

TEST(PredictionParse, ReplicatePredictionObject)
{
	Prediction p = parse(R"({"id":"abc123","status":"succeeded","output":"https://replicate.delivery/x/out.mp4",
		"logs":"Using seed: 7\n","error":null,"data_removed":false,
		"metrics":{"predict_time":3.25,"total_time":4.0},
		"urls":{"get":"https://api.replicate.com/v1/predictions/abc123",
		        "cancel":"https://api.replicate.com/v1/predictions/abc123/cancel"}})");
	EXPECT_EQ(p.id, "abc123");
	EXPECT_EQ(p.status, PredictionStatus::Succeeded);
	EXPECT_EQ(p.output_url, "https://replicate.delivery/x/out.mp4");
	EXPECT_DOUBLE_EQ(p.predict_time, 3.25);
	EXPECT_EQ(p.get_url, "https://api.replicate.com/v1/predictions/abc123");
	EXPECT_EQ(p.cancel_url, "https://api.replicate.com/v1/predictions/abc123/cancel");
	EXPECT_EQ(p.logs, "Using seed: 7\n");
	EXPECT_TRUE(p.error.empty());
}

TEST(PredictionParse, EveryStatus)
{
	const std::pair<const char *, PredictionStatus> cases[] = {
		{"starting", PredictionStatus::Starting},   {"processing", PredictionStatus::Processing},
		{"succeeded", PredictionStatus::Succeeded}, {"failed", PredictionStatus::Failed},
		{"canceled", PredictionStatus::Canceled},   {"aborted", PredictionStatus::Aborted},
	};
	for (const auto &c : cases) {
		Prediction p = parse(std::string(R"({"id":"x","status":")") + c.first + "\"}");
		EXPECT_EQ(p.status, c.second) << c.first;
	}
	EXPECT_FALSE(is_final(PredictionStatus::Processing));
	EXPECT_TRUE(is_final(PredictionStatus::Aborted));
}

TEST(PredictionParse, FailedCarriesTheModelError)
{
	Prediction p = parse(R"({"id":"x","status":"failed","error":"CUDA out of memory","output":null})");
	EXPECT_EQ(p.error, "CUDA out of memory");
	EXPECT_TRUE(p.output_url.empty());
}

TEST(PredictionParse, DataRemovedMeansNoOutput)
{
	Prediction p = parse(R"({"id":"x","status":"succeeded","output":null,"data_removed":true})");
	EXPECT_TRUE(p.data_removed);
	EXPECT_TRUE(p.output_url.empty());
}

TEST(PredictionParse, ListPicksTheVideo)
{
	EXPECT_EQ(pick_output_url(nlohmann::json::parse(
			  R"(["https://h/frame.png","https://h/out.MP4?sig=1","https://h/other.gif"])")),
		  "https://h/out.MP4?sig=1");
	EXPECT_EQ(pick_output_url(nlohmann::json::parse(R"(["https://h/a.png","https://h/b.webm"])")),
		  "https://h/b.webm");
	// A single entry is taken whatever its name.
	EXPECT_EQ(pick_output_url(nlohmann::json::parse(R"(["https://h/output"])")), "https://h/output");
	// Several entries and none a video: nothing to guess.
	EXPECT_EQ(pick_output_url(nlohmann::json::parse(R"(["https://h/a.png","https://h/b.txt"])")), "");
	EXPECT_EQ(pick_output_url(nlohmann::json::parse("[]")), "");
	EXPECT_EQ(pick_output_url(nlohmann::json(nullptr)), "");
	EXPECT_EQ(pick_output_url(nlohmann::json("not a url")), "");
}

TEST(PredictionParse, DataUrlOutput)
{
	Prediction p = parse(R"({"status":"succeeded","output":"data:video/mp4;base64,AAAAIGZ0eXBpc29t"})");
	EXPECT_EQ(p.output_url, "data:video/mp4;base64,AAAAIGZ0eXBpc29t");
	EXPECT_TRUE(p.id.empty()); // Cog's synchronous answer has no id
}

TEST(PredictionParse, RelayFallbackShape)
{
	Prediction p = parse(R"({"created":1732500000,"data":[{"url":"https://relay/files/out.mp4"}]})");
	EXPECT_EQ(p.status, PredictionStatus::Succeeded);
	EXPECT_EQ(p.output_url, "https://relay/files/out.mp4");
}

TEST(PredictionParse, RejectsWhatIsNotAPrediction)
{
	Prediction p;
	std::string why;
	EXPECT_FALSE(parse_prediction(R"({"id":"x","status":"succe)", &p, &why));
	EXPECT_FALSE(why.empty());
	EXPECT_FALSE(parse_prediction("<html>502</html>", &p, &why));
	EXPECT_FALSE(parse_prediction(R"({"id":"x"})", &p, &why));
	EXPECT_FALSE(parse_prediction(R"({"id":"x","status":"exploded"})", &p, &why));
	EXPECT_FALSE(parse_prediction("[1,2]", &p, &why));
}

// The first bytes of a create answer the client would not read in full still name the prediction.
TEST(PredictionRef, TheIdAndUrlsOfACutOffAnswer)
{
	const std::string whole =
		R"({"id":"q5w3gk2bprj2r0cm7ntbkd4x1g","input":{"id":"not-this","prompt":"a"},)"
		R"("urls":{"get":"https://api.replicate.com/v1/predictions/q5w3","cancel":"https://api.replicate.com/v1/predictions/q5w3/cancel"},)"
		R"("logs":"step 1/25 ...)";
	PredictionRef ref = prediction_ref_in(whole);
	EXPECT_EQ(ref.id, "q5w3gk2bprj2r0cm7ntbkd4x1g");
	EXPECT_EQ(ref.get_url, "https://api.replicate.com/v1/predictions/q5w3");
	EXPECT_EQ(ref.cancel_url, "https://api.replicate.com/v1/predictions/q5w3/cancel");

	// Cut before the urls: the id alone.
	ref = prediction_ref_in(whole.substr(0, whole.find("\"urls\"")));
	EXPECT_EQ(ref.id, "q5w3gk2bprj2r0cm7ntbkd4x1g");
	EXPECT_TRUE(ref.cancel_url.empty());
	// Cut inside the id: no id (half an id would cancel someone else's prediction, or nothing).
	EXPECT_TRUE(prediction_ref_in(R"({"id":"q5w3gk2b)").id.empty());
}

TEST(PredictionRef, OnlyTheTopLevelIdCounts)
{
	EXPECT_TRUE(prediction_ref_in(R"({"input":{"id":"inner"},"status":"star)").id.empty());
	EXPECT_TRUE(prediction_ref_in(R"([{"id":"in-a-list"}])").id.empty());
	EXPECT_TRUE(prediction_ref_in(R"({"error":{"urls":{"cancel":"https://x/cancel"}}})").cancel_url.empty());
	EXPECT_TRUE(prediction_ref_in("<html>502 Bad Gateway</html>").id.empty());
	EXPECT_TRUE(prediction_ref_in("").id.empty());
	EXPECT_EQ(prediction_ref_in(R"({"id":"abc","id2":1}garbage)").id, "abc");
}

} // namespace
} // namespace adiff
