// The one transport-and-retry helper of a generation. Three kinds of call, each with its own rule for
// sending again:
//   Create   (billed): resent ONLY when nothing can have reached the server (no byte sent: DNS, refused,
//            connect timeout) or on 429 (nothing was created); never after a reset, a timeout once sent,
//            a 5xx or an unreadable answer. Sent on a fresh connection (libcurl would resend a request
//            whose reused keep-alive connection turns out dead).
//   Read     (GET of the prediction): retried on 429/5xx, DNS/connect/reset/timeout and an unreadable
//            2xx body.
//   Download (GET of the output file): retried like Read, on transport errors and 429/5xx.
// Internal to core/generation.
#pragma once

#include "core/generation/generation_job.hpp"

#include <functional>
#include <string>

namespace adiff {

enum class CallKind { Create, Read, Download };

struct CallPlan {
	CallKind kind = CallKind::Read;
	std::string what; // for logs and details: "create", "poll <id>", "download", "cog"
	HttpRequest request;
	// The flag that stops the call; null: create_flag() for a Create, else cancel_flag().
	const CancelFlag *flag = nullptr;
	// Refreshes the request's limits before each attempt (timeouts shrink as the deadline nears).
	std::function<void(HttpLimits &)> limits;
	ProgressFn progress;
	// Read: true when a 2xx body is usable (else *why); an unusable one is asked again.
	std::function<bool(const HttpResponse &, std::string *why)> readable;
	// The answer is the output itself (Cog inline, a download): too large is OutputTooLarge.
	bool carries_output = false;
	// Called with the bytes of an answer that failed in transport (cut off, over the size cap) before
	// the job fails: a create's answer may name the prediction it made.
	std::function<void(const HttpResponse &partial)> salvage;
	// Set by send_call: the last attempt may have reached the server (a create may have been made).
	bool may_have_created = false;
};

// Sends until an answer comes that is not retried. false after job.fail(...) (transport failures, an
// unreadable Read after its retries); true with *out the last answer: 2xx, or an error status for the
// caller to map.
bool send_call(GenerationJob &job, CallPlan &call, HttpResponse *out);

bool is_success(long http_status);

} // namespace adiff
