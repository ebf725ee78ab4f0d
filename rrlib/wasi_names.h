// Names of wasi_snapshot_preview1's enumerations, for tools that show
// traces to people (wrr-trace dump) and for the trace's JSON form.
#ifndef WRR_RRLIB_WASI_NAMES_H
#define WRR_RRLIB_WASI_NAMES_H

#include <cstdint>
#include <optional>
#include <string_view>

namespace wrr {

// "ENOENT" for 44; empty for values preview1 does not define.
std::string_view errnoName(uint64_t value);
// The inverse of errnoName.
std::optional<uint16_t> errnoFromName(std::string_view name);

// "realtime", "monotonic", "process_cputime_id", "thread_cputime_id".
std::string_view clockName(unsigned clock);
std::optional<unsigned> clockFromName(std::string_view name);

// "regular_file" for 4 (filetype); "unknown" past the list.
std::string_view filetypeName(unsigned type);
// "clock", "fd_read", "fd_write" (eventtype); empty past the list.
std::string_view eventtypeName(unsigned type);

} // namespace wrr

#endif
