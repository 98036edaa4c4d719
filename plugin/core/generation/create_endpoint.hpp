// Where a Replicate create goes and what it carries, chosen once per generation:
//  - deployment set: POST {base}/deployments/{owner}/{name}/predictions with {"input"} only;
//  - model_version pinned: POST {base}/predictions with {"version", "input"} (as always);
//  - model_version `owner/name`: its latest version is looked up (or taken from the source's cache),
//    shown in the status, then sent like a pinned one.
// Internal to core/generation.
#pragma once

#include <string>

namespace adiff {

class GenerationJob;
struct ApiError;

struct HttpRequest;

// Sets request->url and request->body. False when the job failed (invalid name, failed lookup): then
// nothing may be created.
bool choose_create_endpoint(GenerationJob &job, HttpRequest *request);

// A create's error, made specific: 404 from a deployment's endpoint is "unknown deployment".
ApiError refine_create_error(const GenerationJob &job, ApiError error);

} // namespace adiff
