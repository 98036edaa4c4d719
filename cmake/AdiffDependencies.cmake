# Every dependency comes from Debian 12's packages; nothing is vendored.
find_package(PkgConfig REQUIRED)
find_package(libobs REQUIRED)
find_package(CURL REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
pkg_check_modules(FFMPEG REQUIRED IMPORTED_TARGET libavformat libavcodec libavutil libswscale)
find_package(Threads REQUIRED)

# Where OBS 29 looks for a per-user plugin (see README): the install target uses this layout.
set(ADIFF_USER_PLUGIN_DIR "$ENV{HOME}/.config/obs-studio/plugins/obs-animatediff"
    CACHE PATH "Per-user OBS plugin folder the 'install' target writes to")
