# The Qt of the frontend dock: the major that the system's OBS links (two Qt majors in one process
# crash). Debian 12's OBS 29 links Qt 5; Debian 13's OBS 30 and unstable's OBS 32 link Qt 6.
# ADIFF_QT_MAJOR forces one (5 or 6); otherwise it is read from the obs program (ldd) and, when OBS is
# not installed, from the libobs version. A forced or found major that disagrees fails here, clearly.
set(ADIFF_QT_MAJOR "" CACHE STRING "Qt major version of the frontend dock (5 or 6); empty: the one OBS links")

set(_adiff_qt_from_libobs 5)
if(libobs_VERSION VERSION_GREATER_EQUAL 30)
  set(_adiff_qt_from_libobs 6)
endif()

set(_adiff_qt_from_obs "")
find_program(ADIFF_OBS_PROGRAM obs)
if(ADIFF_OBS_PROGRAM)
  execute_process(COMMAND ldd "${ADIFF_OBS_PROGRAM}" OUTPUT_VARIABLE _adiff_obs_ldd ERROR_QUIET)
  if(_adiff_obs_ldd MATCHES "libQt([56])Widgets")
    set(_adiff_qt_from_obs "${CMAKE_MATCH_1}")
  endif()
endif()

set(_adiff_qt "${_adiff_qt_from_obs}")
if(NOT _adiff_qt)
  set(_adiff_qt "${_adiff_qt_from_libobs}")
endif()
if(ADIFF_QT_MAJOR AND NOT ADIFF_QT_MAJOR STREQUAL _adiff_qt)
  message(FATAL_ERROR "obs-animatediff: ADIFF_QT_MAJOR=${ADIFF_QT_MAJOR}, but OBS ${libobs_VERSION} "
                      "(${ADIFF_OBS_PROGRAM}) links Qt ${_adiff_qt}: a module must use the Qt of the OBS that loads it.")
endif()
if(_adiff_qt_from_obs AND NOT _adiff_qt_from_obs STREQUAL _adiff_qt_from_libobs)
  message(FATAL_ERROR "obs-animatediff: the obs program (${ADIFF_OBS_PROGRAM}) links Qt ${_adiff_qt_from_obs}, "
                      "but libobs ${libobs_VERSION} is built for Qt ${_adiff_qt_from_libobs}: OBS and libobs-dev "
                      "come from different releases.")
endif()

find_package(Qt${_adiff_qt} COMPONENTS Widgets QUIET)
if(NOT Qt${_adiff_qt}Widgets_FOUND)
  if(_adiff_qt STREQUAL "6")
    set(_adiff_qt_package qt6-base-dev)
  else()
    set(_adiff_qt_package qtbase5-dev)
  endif()
  message(FATAL_ERROR "obs-animatediff: OBS ${libobs_VERSION} links Qt ${_adiff_qt}, and the dock must use the same: "
                      "Qt ${_adiff_qt} Widgets was not found (install ${_adiff_qt_package}; scripts/deps.sh does).")
endif()
set(ADIFF_QT_TARGET "Qt${_adiff_qt}::Widgets")
message(STATUS "obs-animatediff: frontend dock with Qt ${_adiff_qt} (the Qt of OBS ${libobs_VERSION})")
find_package(obs-frontend-api REQUIRED)
