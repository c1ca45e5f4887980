#include "daemon/plugins/build_fingerprint.h"

#include <elf.h>

#include <cstring>
#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "glassbox/sdk/abi.h"

namespace glassbox::plugins {
namespace {

// `count` objects of type T at `offset` in `bytes`, if they fit.
template <typename T>
const T* At(std::string_view bytes, uint64_t offset, uint64_t count = 1) {
  if (offset > bytes.size() || count > (bytes.size() - offset) / sizeof(T)) return nullptr;
  return reinterpret_cast<const T*>(bytes.data() + offset);
}

std::map<std::string, std::string, std::less<>> Pairs(std::string_view fingerprint) {
  std::map<std::string, std::string, std::less<>> pairs;
  for (absl::string_view pair :
       absl::StrSplit(absl::string_view(fingerprint.data(), fingerprint.size()), ' ', absl::SkipEmpty())) {
    std::pair<std::string, std::string> split = absl::StrSplit(pair, absl::MaxSplits('=', 1));
    pairs.insert(std::move(split));
  }
  return pairs;
}

// "2.1" as {2, 1}; nullopt when it is not two numbers.
std::optional<std::pair<int, int>> AbiVersion(const std::string& text) {
  std::pair<absl::string_view, absl::string_view> parts = absl::StrSplit(text, absl::MaxSplits('.', 1));
  int major = 0;
  int minor = 0;
  if (!absl::SimpleAtoi(parts.first, &major) || !absl::SimpleAtoi(parts.second, &minor)) return std::nullopt;
  return std::pair{major, minor};
}

}  // namespace

std::optional<std::string> ReadBuildFingerprint(std::string_view library) {
  const auto* header = At<Elf64_Ehdr>(library, 0);
  if (header == nullptr || std::memcmp(header->e_ident, ELFMAG, SELFMAG) != 0 ||
      header->e_ident[EI_CLASS] != ELFCLASS64 || header->e_shentsize != sizeof(Elf64_Shdr)) {
    return std::nullopt;
  }
  const auto* sections = At<Elf64_Shdr>(library, header->e_shoff, header->e_shnum);
  if (sections == nullptr || header->e_shstrndx >= header->e_shnum) return std::nullopt;
  const Elf64_Shdr& names = sections[header->e_shstrndx];
  const char* name_table = At<char>(library, names.sh_offset, names.sh_size);
  if (name_table == nullptr) return std::nullopt;
  const std::string_view wanted = sdk::kFingerprintSection;
  for (int i = 0; i < header->e_shnum; ++i) {
    const Elf64_Shdr& section = sections[i];
    if (section.sh_name >= names.sh_size ||
        std::string_view(name_table + section.sh_name, strnlen(name_table + section.sh_name,
                                                               names.sh_size - section.sh_name)) != wanted) {
      continue;
    }
    const char* text = At<char>(library, section.sh_offset, section.sh_size);
    if (section.sh_type != SHT_PROGBITS || text == nullptr) return std::nullopt;
    return std::string(text, strnlen(text, section.sh_size));
  }
  return std::nullopt;
}

std::string HostBuildFingerprint() {
  static constexpr sdk::BuildFingerprint kHost = sdk::ThisBuildFingerprint();
  return kHost.text;
}

std::vector<std::string> FingerprintMismatches(std::string_view plugin, std::string_view host) {
  const auto plugin_pairs = Pairs(plugin);
  const auto host_pairs = Pairs(host);
  std::vector<std::string> mismatches;
  for (const auto& [key, host_value] : host_pairs) {
    auto it = plugin_pairs.find(key);
    if (it == plugin_pairs.end()) {
      mismatches.push_back(absl::StrCat(key, " is not stated by the plugin; the daemon's is ", host_value));
      continue;
    }
    const std::string& plugin_value = it->second;
    if (key == "sdk_abi") {
      auto plugin_abi = AbiVersion(plugin_value);
      auto host_abi = AbiVersion(host_value);
      if (plugin_abi && host_abi && plugin_abi->first == host_abi->first && plugin_abi->second <= host_abi->second) {
        continue;
      }
      mismatches.push_back(absl::StrCat("sdk_abi is ", plugin_value, " in the plugin, ", host_value,
                                        " in the daemon, which loads plugins of SDK ABI ", host_abi ? host_abi->first : 0,
                                        ".0 to ", host_value));
    } else if (plugin_value != host_value) {
      mismatches.push_back(absl::StrCat(key, " is ", plugin_value, " in the plugin, ", host_value, " in the daemon"));
    }
  }
  for (const auto& [key, plugin_value] : plugin_pairs) {
    if (!host_pairs.contains(key)) {
      mismatches.push_back(absl::StrCat(key, "=", plugin_value, " is stated by the plugin but unknown to the daemon"));
    }
  }
  return mismatches;
}

}  // namespace glassbox::plugins
