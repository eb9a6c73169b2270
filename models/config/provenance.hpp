// Where each figure of a scenario comes from: the provenance blocks, resolved against the effective
// configuration, and the figures no block covers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "models/config/config_tree.hpp"
#include "models/scenario.hpp"

namespace bordersim {

struct ProvenanceRecord {
  std::string crossing;
  std::string key_path;
  std::string value; // the figure as it stands in the effective configuration
  std::string status;
  std::string source;
  std::string calibrated_to;
};

std::vector<ProvenanceRecord> provenance_records(const Scenario& scenario, const ConfigNode& effective);

/// Key paths (crossing id first) of figures in crossings that keep a provenance block, when no entry
/// names them or a key above them.
std::vector<std::string> unmarked_figures(const Scenario& scenario, const ConfigNode& effective);

/// Every key path a `--set` can address, with its value in the effective configuration as one-line YAML:
/// list items named by their identity key (crossings.karasu.directions.kg_to_kz...), a distribution or a list of
/// plain values as one entry. Ids and provenance blocks are left out: they are not settings.
struct KeyPathValue {
  std::string key_path;
  std::string value;
  std::string pattern; // the schema's pattern of the key ("crossings[].directions[].stages[].lanes[].count")
};
std::vector<KeyPathValue> settable_key_paths(const ConfigNode& effective);
/// Whether the schema declares `key_path`, one of `settable`, a whole number (a lane count): a range of its values
/// is rounded.
bool takes_whole_numbers(const std::vector<KeyPathValue>& settable, std::string_view key_path);

} // namespace bordersim
