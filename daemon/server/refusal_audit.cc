#include "daemon/server/refusal_audit.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace glassbox::server {
namespace {

// ipv4:1.2.3.4:5678 -> ipv4:1.2.3.4, so a peer's new connections share a group.
std::string PeerHost(const std::string& peer) {
  size_t colon = peer.rfind(':');
  if (colon == std::string::npos || colon + 1 == peer.size() ||
      !std::all_of(peer.begin() + static_cast<ptrdiff_t>(colon) + 1, peer.end(), absl::ascii_isdigit)) {
    return peer;
  }
  return peer.substr(0, colon);
}

std::string Utc(absl::Time time) { return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", time, absl::UTCTimeZone()); }

}  // namespace

void RefusalAudit::Record(const std::string& peer, storage::AuditRecord record) {
  absl::Time now = absl::Now();
  std::vector<storage::AuditRecord> ended;
  bool in_full = false;
  {
    std::lock_guard lock(mutex_);
    ended = TakeEnded(now);
    std::string group = absl::StrCat(PeerHost(peer), " as ", record.principal);
    if (!windows_.contains(group) && windows_.size() >= options_.max_groups) group = "(other peers)";
    auto [entry, added] = windows_.try_emplace(group);
    Window& window = entry->second;
    if (added) window.start = now;
    if (window.in_full < options_.in_full) {
      ++window.in_full;
      in_full = true;
    } else {
      Counted& counted = window.counted[{record.action, record.outcome}];
      if (counted.count++ == 0) {
        counted.first = record;
        counted.first.detail = absl::StrCat(group, ": ", record.detail);
        counted.first_time = now;
      }
      counted.last_time = now;
    }
  }
  AppendAll(ended);
  if (in_full) log_.Append(record).IgnoreError();
}

void RefusalAudit::Flush() {
  std::vector<storage::AuditRecord> ended;
  {
    std::lock_guard lock(mutex_);
    ended = TakeEnded(absl::InfiniteFuture());
  }
  AppendAll(ended);
}

std::vector<storage::AuditRecord> RefusalAudit::TakeEnded(absl::Time now) {
  std::vector<storage::AuditRecord> ended;
  for (auto window = windows_.begin(); window != windows_.end();) {
    if (now != absl::InfiniteFuture() && window->second.start + options_.window > now) {
      ++window;
      continue;
    }
    for (auto& [kind, counted] : window->second.counted) {
      storage::AuditRecord record = std::move(counted.first);
      record.detail = absl::StrCat(counted.count, " more like this between ", Utc(counted.first_time), " and ",
                                   Utc(counted.last_time), ", counted, not recorded one by one (over ",
                                   options_.in_full, " refusals in ", absl::FormatDuration(options_.window),
                                   "); the first from ", record.detail);
      ended.push_back(std::move(record));
    }
    window = windows_.erase(window);
  }
  return ended;
}

void RefusalAudit::AppendAll(const std::vector<storage::AuditRecord>& records) {
  for (const auto& record : records) log_.Append(record).IgnoreError();
}

}  // namespace glassbox::server
