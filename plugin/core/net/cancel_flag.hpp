// A cancel flag shared by a worker and whoever may stop it; checked during every transfer and decode.
#pragma once

#include <atomic>

namespace adiff {

class CancelFlag {
public:
	void cancel() noexcept { canceled_.store(true, std::memory_order_release); }
	void reset() noexcept { canceled_.store(false, std::memory_order_release); }
	bool canceled() const noexcept { return canceled_.load(std::memory_order_acquire); }

private:
	std::atomic<bool> canceled_{false};
};

} // namespace adiff
