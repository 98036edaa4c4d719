# Where `cmake --install` puts the module and its data (locale + effects), relative to the prefix:
#   user   (the default with the default prefix): OBS's per-user plugin folder layout,
#          `cmake --install build --prefix ~/.config/obs-studio/plugins/obs-animatediff` gives
#          bin/64bit/obs-animatediff.so and data/ (what scripts/run-obs.sh and the GUI tests do);
#   system (the default with any other prefix, e.g. /usr for a package): where a system OBS
#          looks, lib/<multiarch>/obs-plugins/obs-animatediff.so and share/obs/obs-plugins/obs-animatediff/.
include(GNUInstallDirs)
set(ADIFF_INSTALL_LAYOUT "" CACHE STRING "Install layout: user, system, or empty to follow the prefix")
set_property(CACHE ADIFF_INSTALL_LAYOUT PROPERTY STRINGS "" user system)
# Decided on every configure (not cached), so a later -DCMAKE_INSTALL_PREFIX=/usr switches an existing build
# folder to the system layout; the default prefix stays in the cache as /usr/local after the first configure.
set(ADIFF_INSTALL_LAYOUT_EFFECTIVE "${ADIFF_INSTALL_LAYOUT}")
if(NOT ADIFF_INSTALL_LAYOUT_EFFECTIVE)
  if(CMAKE_INSTALL_PREFIX_INITIALIZED_TO_DEFAULT OR CMAKE_INSTALL_PREFIX STREQUAL "/usr/local")
    set(ADIFF_INSTALL_LAYOUT_EFFECTIVE user)
  else()
    set(ADIFF_INSTALL_LAYOUT_EFFECTIVE system)
  endif()
endif()

if(ADIFF_INSTALL_LAYOUT_EFFECTIVE STREQUAL "system")
  set(ADIFF_INSTALL_MODULE_DIR "${CMAKE_INSTALL_LIBDIR}/obs-plugins")
  set(ADIFF_INSTALL_DATA_DIR "${CMAKE_INSTALL_DATADIR}/obs/obs-plugins/obs-animatediff")
elseif(ADIFF_INSTALL_LAYOUT_EFFECTIVE STREQUAL "user")
  set(ADIFF_INSTALL_MODULE_DIR "bin/64bit")
  set(ADIFF_INSTALL_DATA_DIR "data")
else()
  message(FATAL_ERROR "ADIFF_INSTALL_LAYOUT must be user or system, not '${ADIFF_INSTALL_LAYOUT}'")
endif()
message(STATUS "obs-animatediff: ${ADIFF_INSTALL_LAYOUT_EFFECTIVE} install layout: <prefix>/${ADIFF_INSTALL_MODULE_DIR}, "
               "<prefix>/${ADIFF_INSTALL_DATA_DIR}")
