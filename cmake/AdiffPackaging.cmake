# `cpack` in a build configured with -DCMAKE_INSTALL_PREFIX=/usr makes a .deb for the distribution it is
# built on: a module links that distribution's FFmpeg sonames (Debian 12's libavformat59 is not unstable's
# libavformat62), so each distribution needs its own package. dpkg-shlibdeps computes the library
# dependencies from the binary.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME obs-animatediff)
set(CPACK_PACKAGE_VENDOR obs-animatediff)
set(CPACK_PACKAGE_CONTACT "obs-animatediff maintainers <obs-animatediff@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "OBS Studio source that loops AnimateDiff clips generated from a prompt")
set(CPACK_PACKAGE_DESCRIPTION
    "Adds the AnimateDiff Loop source to OBS Studio: type a prompt, press Generate, and a clip made by\n"
    "Replicate's lucataco/animate-diff (or a relay, or your own Cog server) loops seamlessly in the scene.")
set(CPACK_DEBIAN_PACKAGE_SECTION video)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "obs-studio")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# The distribution in the version (0.1.0-1~trixie), so packages built for two distributions never collide.
set(_adiff_codename "")
if(EXISTS /etc/os-release)
  file(STRINGS /etc/os-release _adiff_codename REGEX "^VERSION_CODENAME=")
  string(REGEX REPLACE "^VERSION_CODENAME=\"?([^\"]*)\"?$" "\\1" _adiff_codename "${_adiff_codename}")
endif()
if(_adiff_codename)
  set(CPACK_DEBIAN_PACKAGE_RELEASE "1~${_adiff_codename}")
else()
  set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
endif()
set(CPACK_PACKAGE_INSTALL_DIRECTORY /usr)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
include(CPack)
