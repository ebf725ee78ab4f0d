# The npm side of the build: the Node runner's bundler (esbuild), the
# AssemblyScript toolchain for examples/*.ts and the browser WASI shim, all
# pinned by the root's package.json / package-lock.json. `npm ci` runs
# whenever node_modules is missing or older than the lock file (scripts/run
# does the same check up front, so a normal build finds it already done).
# What uses a package depends on its file (which re-runs the rule when npm
# ci changed it) and its target on npm_packages (which orders the rules
# across directories).
set(WRR_NPM_ROOT ${PROJECT_SOURCE_DIR})
set(WRR_NODE_MODULES ${WRR_NPM_ROOT}/node_modules)
set(WRR_NPM_STAMP ${WRR_NODE_MODULES}/.package-lock.json)
set(WRR_ASC ${WRR_NODE_MODULES}/assemblyscript/bin/asc.js)
set(WRR_ESBUILD ${WRR_NODE_MODULES}/esbuild/bin/esbuild)
find_program(NPM npm)

if(NPM)
  add_custom_command(OUTPUT ${WRR_NPM_STAMP}
    BYPRODUCTS ${WRR_ASC} ${WRR_ESBUILD} ${WRR_NODE_MODULES}/@assemblyscript/wasi-shim/asconfig.json
    COMMAND ${NPM} ci --no-audit --no-fund --loglevel=error
    WORKING_DIRECTORY ${WRR_NPM_ROOT}
    DEPENDS ${WRR_NPM_ROOT}/package.json ${WRR_NPM_ROOT}/package-lock.json
    COMMENT "Installing npm packages (npm ci)"
    VERBATIM)
  set(WRR_NPM_DEPENDS ${WRR_NPM_STAMP})
else()
  foreach(tool IN ITEMS ${WRR_ASC} ${WRR_ESBUILD})
    if(NOT EXISTS ${tool})
      message(FATAL_ERROR "${tool} is not installed and npm was not found; "
        "install npm (Debian package npm) or run `npm ci` in ${WRR_NPM_ROOT}")
    endif()
  endforeach()
  set(WRR_NPM_DEPENDS ${WRR_ASC} ${WRR_ESBUILD})
endif()
add_custom_target(npm_packages DEPENDS ${WRR_NPM_DEPENDS})
