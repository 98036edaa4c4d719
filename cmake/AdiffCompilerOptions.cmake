# Warnings and optional sanitizers shared by every target of the project.
add_library(adiff_warnings INTERFACE)
target_compile_options(adiff_warnings INTERFACE -Wall -Wextra -Wpedantic -Wno-unused-parameter
                                                -Wno-missing-field-initializers)

if(ADIFF_SANITIZE)
  message(STATUS "obs-animatediff: building with -fsanitize=${ADIFF_SANITIZE}")
  add_compile_options(-fsanitize=${ADIFF_SANITIZE} -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=${ADIFF_SANITIZE})
endif()
