#pragma once
// The HDF5 file of `omnisim fit --predictions FILE.h5` (README "CLV models
// and attribution"): /predictions (one row per customer), /fits (one row
// per parameter of every model fitted), /fit_warnings, /tracking and
// /holdout_by_frequency.

#include <cstdint>

namespace omnisim {

inline constexpr const char* kFitFileType = "omnisim-fit";
// Major.minor: a reader follows any minor version of its major.
inline constexpr std::int64_t kFitSchemaVersion[2] = {2, 0};

}  // namespace omnisim
