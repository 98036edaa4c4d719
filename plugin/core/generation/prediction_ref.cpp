#include "core/generation/prediction_ref.hpp"

#include <nlohmann/json.hpp>

#include <vector>

namespace adiff {
namespace {

using json = nlohmann::json;

// Records the string values at the paths ["id"], ["urls", "get"] and ["urls", "cancel"] of the top-level
// object; everything else is skipped. Stops (keeping what it saw) at the first parse error.
class RefReader : public nlohmann::json_sax<json> {
public:
	explicit RefReader(PredictionRef *out) : out_(out) {}

	bool null() override { return value(); }
	bool boolean(bool) override { return value(); }
	bool number_integer(number_integer_t) override { return value(); }
	bool number_unsigned(number_unsigned_t) override { return value(); }
	bool number_float(number_float_t, const string_t &) override { return value(); }
	bool binary(binary_t &) override { return value(); }
	bool string(string_t &text) override
	{
		if (path_is({"id"}))
			out_->id = text;
		else if (path_is({"urls", "get"}))
			out_->get_url = text;
		else if (path_is({"urls", "cancel"}))
			out_->cancel_url = text;
		return value();
	}
	bool start_object(std::size_t) override { return open(true); }
	bool start_array(std::size_t) override { return open(false); }
	bool end_object() override { return close(); }
	bool end_array() override { return close(); }
	bool key(string_t &name) override
	{
		key_ = name;
		return true;
	}
	bool parse_error(std::size_t, const std::string &, const nlohmann::detail::exception &) override
	{
		return false; // a cut-off or garbled answer: keep what was seen before
	}

private:
	struct Level {
		bool object;
		std::string key; // the key this container sits under in its parent ("" at the top, in arrays)
	};

	// The path of the value being read now: the keys of the enclosing objects, then the current key.
	bool path_is(std::vector<const char *> want) const
	{
		if (levels_.empty() || !levels_.back().object || levels_.size() != want.size())
			return false;
		for (size_t i = 1; i < levels_.size(); ++i)
			if (!levels_[i].object || levels_[i].key != want[i - 1])
				return false;
		return key_ == want.back();
	}
	bool open(bool object)
	{
		const bool in_object = !levels_.empty() && levels_.back().object;
		levels_.push_back({object, in_object ? key_ : std::string()});
		key_.clear();
		return true;
	}
	bool close()
	{
		if (!levels_.empty())
			levels_.pop_back();
		key_.clear();
		return value();
	}
	bool value()
	{
		key_.clear();
		return !levels_.empty(); // a bare scalar at the top is no prediction: stop
	}

	PredictionRef *out_;
	std::vector<Level> levels_;
	std::string key_;
};

} // namespace

PredictionRef prediction_ref_in(const std::string &bytes)
{
	PredictionRef ref;
	RefReader reader(&ref);
	json::sax_parse(bytes, &reader, json::input_format_t::json, true);
	return ref;
}

} // namespace adiff
