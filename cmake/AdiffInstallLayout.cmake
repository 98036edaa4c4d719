# Where `cmake --install` puts the module and its data (locale + effects), relative to the prefix:
#   user   (the default with the default prefix): OBS's per-user plugin folder layout,
#          `cmake --install build --prefix ~/.config/obs-studio/plugins/obs-animatediff` gives
#          bin/64bit/obs-animatediff.so and data/ (what scripts/run-obs.sh and the GUI tests do);
#   system (the default when CMAKE_INSTALL_PREFIX is given, e.g. /usr for a package): where a system OBS
#          looks, lib/<multiarch>/obs-plugins/obs-animatediff.so and share/obs/obs-plugins/obs-animatediff/.
include(GNUInstallDirs)
if(CMAKE_INSTALL_PREFIX_INITIALIZED_TO_DEFAULT)
  set(_adiff_default_layout user)
else()
  set(_adiff_default_layout system)
endif()
set(ADIFF_INSTALL_LAYOUT "${_adiff_default_layout}" CACHE STRING "Install layout: user or system")
set_property(CACHE ADIFF_INSTALL_LAYOUT PROPERTY STRINGS user system)

if(ADIFF_INSTALL_LAYOUT STREQUAL "system")
  set(ADIFF_INSTALL_MODULE_DIR "${CMAKE_INSTALL_LIBDIR}/obs-plugins")
  set(ADIFF_INSTALL_DATA_DIR "${CMAKE_INSTALL_DATADIR}/obs/obs-plugins/obs-animatediff")
elseif(ADIFF_INSTALL_LAYOUT STREQUAL "user")
  set(ADIFF_INSTALL_MODULE_DIR "bin/64bit")
  set(ADIFF_INSTALL_DATA_DIR "data")
else()
  message(FATAL_ERROR "ADIFF_INSTALL_LAYOUT must be user or system, not '${ADIFF_INSTALL_LAYOUT}'")
endif()
message(STATUS "obs-animatediff: ${ADIFF_INSTALL_LAYOUT} install layout: <prefix>/${ADIFF_INSTALL_MODULE_DIR}, "
               "<prefix>/${ADIFF_INSTALL_DATA_DIR}")
