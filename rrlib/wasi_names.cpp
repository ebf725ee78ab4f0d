// Enumerations from the wasi_snapshot_preview1 witx definitions.
#include "rrlib/wasi_names.h"

#include <iterator>

namespace wrr {
namespace {

// Indexed by value.
constexpr std::string_view kErrnos[] = {
    "ESUCCESS",     "E2BIG",           "EACCES",         "EADDRINUSE",
    "EADDRNOTAVAIL", "EAFNOSUPPORT",   "EAGAIN",         "EALREADY",
    "EBADF",        "EBADMSG",         "EBUSY",          "ECANCELED",
    "ECHILD",       "ECONNABORTED",    "ECONNREFUSED",   "ECONNRESET",
    "EDEADLK",      "EDESTADDRREQ",    "EDOM",           "EDQUOT",
    "EEXIST",       "EFAULT",          "EFBIG",          "EHOSTUNREACH",
    "EIDRM",        "EILSEQ",          "EINPROGRESS",    "EINTR",
    "EINVAL",       "EIO",             "EISCONN",        "EISDIR",
    "ELOOP",        "EMFILE",          "EMLINK",         "EMSGSIZE",
    "EMULTIHOP",    "ENAMETOOLONG",    "ENETDOWN",       "ENETRESET",
    "ENETUNREACH",  "ENFILE",          "ENOBUFS",        "ENODEV",
    "ENOENT",       "ENOEXEC",         "ENOLCK",         "ENOLINK",
    "ENOMEM",       "ENOMSG",          "ENOPROTOOPT",    "ENOSPC",
    "ENOSYS",       "ENOTCONN",        "ENOTDIR",        "ENOTEMPTY",
    "ENOTRECOVERABLE", "ENOTSOCK",     "ENOTSUP",        "ENOTTY",
    "ENXIO",        "EOVERFLOW",       "EOWNERDEAD",     "EPERM",
    "EPIPE",        "EPROTO",          "EPROTONOSUPPORT", "EPROTOTYPE",
    "ERANGE",       "EROFS",           "ESPIPE",         "ESRCH",
    "ESTALE",       "ETIMEDOUT",       "ETXTBSY",        "EXDEV",
    "ENOTCAPABLE",
};
static_assert(std::size(kErrnos) == 77);

constexpr std::string_view kClocks[] = {"realtime", "monotonic",
                                        "process_cputime_id",
                                        "thread_cputime_id"};

constexpr std::string_view kFiletypes[] = {
    "unknown",      "block_device",  "character_device", "directory",
    "regular_file", "socket_dgram",  "socket_stream",    "symbolic_link"};

constexpr std::string_view kEventtypes[] = {"clock", "fd_read", "fd_write"};

} // namespace

std::string_view errnoName(uint64_t value) {
  return value < std::size(kErrnos) ? kErrnos[value] : std::string_view();
}

std::optional<uint16_t> errnoFromName(std::string_view name) {
  for (size_t i = 0; i < std::size(kErrnos); ++i)
    if (kErrnos[i] == name)
      return static_cast<uint16_t>(i);
  return std::nullopt;
}

std::string_view clockName(unsigned clock) {
  return clock < std::size(kClocks) ? kClocks[clock] : std::string_view();
}

std::optional<unsigned> clockFromName(std::string_view name) {
  for (unsigned i = 0; i < std::size(kClocks); ++i)
    if (kClocks[i] == name)
      return i;
  return std::nullopt;
}

std::string_view filetypeName(unsigned type) {
  return type < std::size(kFiletypes) ? kFiletypes[type] : "unknown";
}

std::string_view eventtypeName(unsigned type) {
  return type < std::size(kEventtypes) ? kEventtypes[type]
                                       : std::string_view();
}

} // namespace wrr
