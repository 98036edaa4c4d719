// Creating and releasing the AnimateDiff source in libobs tests.
#pragma once

#include <obs.h>

#include <memory>
#include <string>

namespace adiff::test {

struct SourceDeleter {
	void operator()(obs_source_t *source) const { obs_source_release(source); }
};
using SourcePtr = std::unique_ptr<obs_source_t, SourceDeleter>;

struct DataDeleter {
	void operator()(obs_data_t *data) const { obs_data_release(data); }
};
using DataPtr = std::unique_ptr<obs_data_t, DataDeleter>;

struct PropertiesDeleter {
	void operator()(obs_properties_t *props) const { obs_properties_destroy(props); }
};
using PropertiesPtr = std::unique_ptr<obs_properties_t, PropertiesDeleter>;

inline DataPtr data_from_json(const std::string &json)
{
	return DataPtr(obs_data_create_from_json(json.c_str()));
}

inline SourcePtr create_animatediff(const std::string &settings_json = "{}", const char *name = "AnimateDiff Loop")
{
	DataPtr settings = data_from_json(settings_json);
	return SourcePtr(obs_source_create("animatediff_source", name, settings.get(), nullptr));
}

inline DataPtr source_settings(obs_source_t *source)
{
	return DataPtr(obs_source_get_settings(source));
}

} // namespace adiff::test
