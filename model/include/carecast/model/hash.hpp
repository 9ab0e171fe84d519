// FNV-1a, 64 bits: the hash manifests give scenario texts and output files.
#pragma once

#include <cstdint>
#include <string_view>

namespace carecast::model {

inline constexpr std::uint64_t kFnv1aStart = 14695981039346656037ull;

// `hash` carries on from earlier text: fnv1a(b, fnv1a(a)) == fnv1a(a + b), so a file
// is hashed as it is written.
std::uint64_t fnv1a(std::string_view text, std::uint64_t hash = kFnv1aStart);

} // namespace carecast::model
