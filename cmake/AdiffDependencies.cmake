# Every dependency comes from the distribution's packages (Debian 12, 13, unstable); nothing is vendored.
find_package(PkgConfig REQUIRED)
find_package(libobs REQUIRED)
find_package(CURL REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
pkg_check_modules(FFMPEG REQUIRED IMPORTED_TARGET libavformat libavcodec libavfilter libavutil libswscale)
find_package(Threads REQUIRED)
