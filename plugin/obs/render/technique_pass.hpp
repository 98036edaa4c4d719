// Pass 0 of one technique of an effect, begun in the constructor and ended in the destructor, so every
// gs_technique_begin/begin_pass has its end_pass/end. Begun by hand, not with gs_effect_loop: that
// refuses to run while OBS's own default technique is active around a source registered without
// OBS_SOURCE_CUSTOM_DRAW, while a technique begun and ended here nests cleanly.
#pragma once

#include <obs.h>

namespace adiff {

class TechniquePass {
public:
	TechniquePass(gs_effect_t *effect, const char *technique_name)
		: technique_(gs_effect_get_technique(effect, technique_name))
	{
		gs_technique_begin(technique_);
		gs_technique_begin_pass(technique_, 0);
	}
	~TechniquePass()
	{
		gs_technique_end_pass(technique_);
		gs_technique_end(technique_);
	}
	TechniquePass(const TechniquePass &) = delete;
	TechniquePass &operator=(const TechniquePass &) = delete;

private:
	gs_technique_t *technique_;
};

} // namespace adiff
