// The one helper passes/ and tools/ make an llvm::Error from a message with.
#ifndef WRR_PASSES_ERROR_H
#define WRR_PASSES_ERROR_H

#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"

namespace wrr {

inline llvm::Error error(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

} // namespace wrr

#endif
