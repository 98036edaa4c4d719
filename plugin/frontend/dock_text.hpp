// The dock's strings: every one from the module's locale files (plugin/obs/util/plugin_text.hpp's T), as
// QString; and the UTF-8 conversions between Qt and the JSON/libobs side.
#pragma once

#include "obs/util/plugin_text.hpp"
#include "core/util/text_template.hpp"

#include <QString>

#include <string>

namespace adiff {

inline QString qt(const char *utf8)
{
	return QString::fromUtf8(utf8 ? utf8 : "");
}

inline QString qt(const std::string &utf8)
{
	return QString::fromUtf8(utf8.data(), int(utf8.size()));
}

inline std::string utf8(const QString &text)
{
	return text.toUtf8().toStdString();
}

// A localised template with its {placeholders} filled.
inline QString qt_format(const char *key, const TemplateArgs &args)
{
	return qt(format_template(T(key), args));
}

} // namespace adiff
