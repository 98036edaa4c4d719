#include "core/media/decode_result.hpp"

namespace adiff {

const char *decode_error_id(DecodeError error)
{
	switch (error) {
	case DecodeError::None:
		return "none";
	case DecodeError::NotFound:
		return "not_found";
	case DecodeError::OpenFailed:
		return "open_failed";
	case DecodeError::NoVideo:
		return "no_video";
	case DecodeError::Unsupported:
		return "unsupported";
	case DecodeError::Corrupt:
		return "corrupt";
	case DecodeError::Empty:
		return "empty";
	case DecodeError::Canceled:
		return "canceled";
	case DecodeError::TooLarge:
		return "too_large";
	case DecodeError::Damaged:
		return "damaged";
	}
	return "unknown";
}

} // namespace adiff
