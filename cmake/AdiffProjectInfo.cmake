# The project's name and version, defined once. The top-level project() and the stand-alone fuzz build
# read them from here; plugin/core turns them into core/util/project_info.hpp for the code (user agent,
# the module's load line).
set(ADIFF_PROJECT_NAME "obs-animatediff")
set(ADIFF_PROJECT_VERSION "0.1.0")
