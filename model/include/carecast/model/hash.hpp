// FNV-1a, 64 bits: the hash manifests give scenario texts and output files.
#pragma once

#include <cstdint>
#include <string_view>

namespace carecast::model {

std::uint64_t fnv1a(std::string_view text);

} // namespace carecast::model
