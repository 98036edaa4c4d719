# Every dependency comes from Debian 12's packages; nothing is vendored.
find_package(PkgConfig REQUIRED)
find_package(libobs REQUIRED)
find_package(CURL REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
pkg_check_modules(FFMPEG REQUIRED IMPORTED_TARGET libavformat libavcodec libavutil libswscale)
find_package(Threads REQUIRED)
