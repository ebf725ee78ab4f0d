# Wraps the runtime's WAT fragments into one module.
string(REPLACE "|" ";" FRAGMENTS "${FRAGMENTS}")
set(text "(module\n")
foreach(f ${FRAGMENTS})
  file(READ ${f} body)
  string(APPEND text ";; ---- ${f}\n${body}\n")
endforeach()
string(APPEND text ")\n")
file(WRITE ${OUT} "${text}")
