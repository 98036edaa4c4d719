#include "obs/source/decode_messages.hpp"

namespace adiff {

const char *decode_error_key(DecodeError error)
{
	switch (error) {
	case DecodeError::NotFound:
		return "Decode.NotFound";
	case DecodeError::OpenFailed:
		return "Decode.OpenFailed";
	case DecodeError::NoVideo:
		return "Decode.NoVideo";
	case DecodeError::Unsupported:
		return "Decode.Unsupported";
	case DecodeError::Corrupt:
		return "Decode.Corrupt";
	case DecodeError::Empty:
		return "Decode.Empty";
	case DecodeError::Canceled:
		return "Decode.Canceled";
	case DecodeError::TooLarge:
		return "Decode.TooLarge";
	case DecodeError::Damaged:
		return "Decode.Damaged";
	case DecodeError::None:
		break;
	}
	return "Decode.OpenFailed";
}

} // namespace adiff
