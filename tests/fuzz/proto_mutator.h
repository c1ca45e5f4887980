// A structure-aware mutator for libFuzzer over protobuf request messages.
//
// It exists because the plan named libprotobuf-mutator, which Debian 12 does not
// package (there is no libprotobuf-mutator-dev in bookworm), and glassbox neither
// vendors nor downloads code. This is the small part of it the request fuzzers
// need, written on protobuf reflection.
//
// An input is a message in protobuf text format (readable seeds and findings).
// One mutation parses it, makes one change somewhere in the tree and prints it
// back: an enum to another value or to a number outside the enum, an integer or
// a double to an edge value or a step away, a bool flipped, a string to a
// dictionary word or spliced, cut or repeated, bytes through libFuzzer's own
// byte mutator, a repeated field or map grown (a new, copied or filled element),
// shrunk or reordered, a message field set or cleared. A change is drawn again
// when its result would not reach a handler (a string that is not UTF-8 fails
// gRPC's parse) or exceeds libFuzzer's size limit. A cross-over copies a
// sub-message of one input over a sub-message of the same type in the other.
//
// GLASSBOX_PROTO_FUZZER(Type, words, Test) defines libFuzzer's three entry
// points for inputs of message Type: `words()` returns the dictionary (made
// once), `Test(const Type&)` is the target, called on what the wire delivers.
#ifndef GLASSBOX_TESTS_FUZZ_PROTO_MUTATOR_H_
#define GLASSBOX_TESTS_FUZZ_PROTO_MUTATOR_H_

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/message.h"
#include "google/protobuf/stubs/logging.h"
#include "google/protobuf/text_format.h"

// libFuzzer's byte mutator; absent in the replay build, which never mutates.
extern "C" size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t max_size) __attribute__((weak));

namespace glassbox::fuzz {

class ProtoMutator {
 public:
  ProtoMutator(unsigned int seed, const std::vector<std::string>& words) : random_(seed), words_(words) {}

  // One change somewhere in `message`.
  void Mutate(google::protobuf::Message& message) {
    std::vector<Site> sites;
    Collect(message, 0, sites);
    Apply(sites[Below(sites.size())]);
  }

  // Overwrites a sub-message of `message` with one of the same type from
  // `donor`; false when they share no type below the root.
  bool CrossOver(const google::protobuf::Message& donor, google::protobuf::Message& message) {
    std::vector<google::protobuf::Message*> targets;
    Nodes(message, targets);
    std::vector<google::protobuf::Message*> givers;
    Nodes(const_cast<google::protobuf::Message&>(donor), givers);
    for (int attempt = 0; attempt < 8 && targets.size() > 1; ++attempt) {
      google::protobuf::Message* target = targets[1 + Below(targets.size() - 1)];
      std::vector<const google::protobuf::Message*> same;
      for (const auto* giver : givers) {
        if (giver->GetDescriptor() == target->GetDescriptor()) same.push_back(giver);
      }
      if (same.empty()) continue;
      target->CopyFrom(*same[Below(same.size())]);
      return true;
    }
    return false;
  }

 private:
  // A place to change: element `index` of a repeated field, or the field
  // itself (index -1: set or clear a message, grow or shrink a list, or the
  // value of a singular scalar).
  struct Site {
    google::protobuf::Message* message;
    const google::protobuf::FieldDescriptor* field;
    int index;
    int depth;
  };

  // New messages are not nested deeper than this (a Struct holds itself).
  static constexpr int kMaxDepth = 12;

  size_t Below(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(random_); }
  bool OneIn(size_t n) { return Below(n) == 0; }

  void Collect(google::protobuf::Message& message, int depth, std::vector<Site>& sites) {
    const auto* descriptor = message.GetDescriptor();
    const auto* reflection = message.GetReflection();
    for (int i = 0; i < descriptor->field_count(); ++i) {
      const auto* field = descriptor->field(i);
      const bool is_message = field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE;
      sites.push_back({&message, field, -1, depth});
      if (field->is_repeated()) {
        for (int j = 0; j < reflection->FieldSize(message, field); ++j) {
          if (is_message) {
            Collect(*reflection->MutableRepeatedMessage(&message, field, j), depth + 1, sites);
          } else {
            sites.push_back({&message, field, j, depth});
          }
        }
      } else if (is_message && reflection->HasField(message, field)) {
        Collect(*reflection->MutableMessage(&message, field), depth + 1, sites);
      }
    }
  }

  void Nodes(google::protobuf::Message& message, std::vector<google::protobuf::Message*>& nodes) {
    nodes.push_back(&message);
    const auto* reflection = message.GetReflection();
    std::vector<const google::protobuf::FieldDescriptor*> fields;
    reflection->ListFields(message, &fields);
    for (const auto* field : fields) {
      if (field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) continue;
      if (!field->is_repeated()) {
        Nodes(*reflection->MutableMessage(&message, field), nodes);
        continue;
      }
      for (int j = 0; j < reflection->FieldSize(message, field); ++j) {
        Nodes(*reflection->MutableRepeatedMessage(&message, field, j), nodes);
      }
    }
  }

  void Apply(const Site& site) {
    if (site.field->is_repeated() && site.index < 0) return Resize(site);
    if (site.field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
      const auto* reflection = site.message->GetReflection();
      if (reflection->HasField(*site.message, site.field) && OneIn(2)) {
        return reflection->ClearField(site.message, site.field);
      }
      if (site.depth >= kMaxDepth) return;
      return Fill(*reflection->MutableMessage(site.message, site.field), site.depth + 1);
    }
    ChangeScalar(site);
  }

  // Sets one field of a message just made, so that it says something.
  void Fill(google::protobuf::Message& message, int depth) {
    const auto* descriptor = message.GetDescriptor();
    if (descriptor->field_count() == 0) return;
    Apply({&message, descriptor->field(static_cast<int>(Below(descriptor->field_count()))), -1, depth});
  }

  void Resize(const Site& site) {
    google::protobuf::Message& message = *site.message;
    const auto* field = site.field;
    const auto* reflection = message.GetReflection();
    const int size = reflection->FieldSize(message, field);
    const bool is_message = field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE;
    switch (size == 0 ? 0 : Below(4)) {
      case 0:
      case 1: {  // grow
        if (is_message) {
          if (site.depth >= kMaxDepth) return;
          google::protobuf::Message* added = reflection->AddMessage(&message, field);
          if (size > 0 && OneIn(2)) {
            added->CopyFrom(reflection->GetRepeatedMessage(message, field, static_cast<int>(Below(size))));
          }
          Fill(*added, site.depth + 1);
          return;
        }
        AddDefault(message, field);
        ChangeScalar({&message, field, size, site.depth});
        return;
      }
      case 2:  // shrink
        reflection->SwapElements(&message, field, static_cast<int>(Below(size)), size - 1);
        reflection->RemoveLast(&message, field);
        return;
      default:  // reorder
        reflection->SwapElements(&message, field, static_cast<int>(Below(size)), static_cast<int>(Below(size)));
    }
  }

  void AddDefault(google::protobuf::Message& message, const google::protobuf::FieldDescriptor* field) {
    const auto* reflection = message.GetReflection();
    using F = google::protobuf::FieldDescriptor;
    switch (field->cpp_type()) {
      case F::CPPTYPE_INT32: return reflection->AddInt32(&message, field, 0);
      case F::CPPTYPE_INT64: return reflection->AddInt64(&message, field, 0);
      case F::CPPTYPE_UINT32: return reflection->AddUInt32(&message, field, 0);
      case F::CPPTYPE_UINT64: return reflection->AddUInt64(&message, field, 0);
      case F::CPPTYPE_DOUBLE: return reflection->AddDouble(&message, field, 0);
      case F::CPPTYPE_FLOAT: return reflection->AddFloat(&message, field, 0);
      case F::CPPTYPE_BOOL: return reflection->AddBool(&message, field, false);
      case F::CPPTYPE_ENUM: return reflection->AddEnumValue(&message, field, 0);
      case F::CPPTYPE_STRING: return reflection->AddString(&message, field, "");
      case F::CPPTYPE_MESSAGE: return;
    }
  }

  int64_t NewInteger(int64_t old) {
    static constexpr int64_t kEdges[] = {0, 1, -1, 2, 3, 4, 7, 10, 39, 40, 41, 99, 100, 1000, 65536,
                                         std::numeric_limits<int32_t>::max(), std::numeric_limits<int32_t>::min(),
                                         std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min()};
    switch (Below(3)) {
      case 0: return kEdges[Below(std::size(kEdges))];
      case 1: return static_cast<int64_t>(static_cast<uint64_t>(old) + Below(9) - 4);
      default: return static_cast<int64_t>(random_());
    }
  }

  double NewDouble(double old) {
    static constexpr double kEdges[] = {0.0, -0.0, 0.5, 1.0, -1.0, 2.0, 0.1, 0.8, 1e-300, 1e300, 4.9e-324,
                                        std::numeric_limits<double>::max(), -std::numeric_limits<double>::max(),
                                        std::numeric_limits<double>::infinity(),
                                        -std::numeric_limits<double>::infinity(),
                                        std::numeric_limits<double>::quiet_NaN(), 40.0, 1e9};
    switch (Below(3)) {
      case 0: return kEdges[Below(std::size(kEdges))];
      case 1: return std::trunc(old) + (OneIn(2) ? 1.0 : -1.0);
      default: return old * (OneIn(2) ? 2.0 : -0.5);
    }
  }

  // Unknown numbers only where the message keeps them (proto3's open enums).
  int NewEnum(const google::protobuf::EnumDescriptor* type, bool open) {
    if (!OneIn(3) || !open) {
      return type->value(static_cast<int>(Below(type->value_count())))->number();
    }
    static constexpr int kUnknown[] = {-1, 4, 7, 99, std::numeric_limits<int32_t>::max(),
                                       std::numeric_limits<int32_t>::min()};
    return kUnknown[Below(std::size(kUnknown))];
  }

  std::string NewString(std::string text, bool bytes) {
    if (bytes && LLVMFuzzerMutate != nullptr && OneIn(2)) {
      const size_t size = text.size();
      text.resize(size + size / 8 + 64);
      text.resize(LLVMFuzzerMutate(reinterpret_cast<uint8_t*>(text.data()), size, text.size()));
      return text;
    }
    const std::string& word = words_.empty() ? text : words_[Below(words_.size())];
    const size_t at = text.empty() ? 0 : Below(text.size() + 1);
    switch (Below(8)) {
      case 0:
      case 1: return word;
      case 2: return text + word;
      case 3: return text.insert(at, word);
      case 4: return text.erase(at, Below(text.size() - at + 1));
      case 5: return text.substr(0, at);
      case 6: return text + text;
      default:
        if (!text.empty()) text[Below(text.size())] = static_cast<char>(' ' + Below(95));
        return text;
    }
  }

  void ChangeScalar(const Site& site) {
    google::protobuf::Message& message = *site.message;
    const auto* field = site.field;
    const auto* reflection = message.GetReflection();
    const bool repeated = site.index >= 0;
    const int i = site.index;
    using F = google::protobuf::FieldDescriptor;
#define GLASSBOX_CHANGE(Type, make)                                                                     \
  do {                                                                                                  \
    if (repeated) {                                                                                     \
      reflection->SetRepeated##Type(&message, field, i, make(reflection->GetRepeated##Type(message, field, i))); \
    } else {                                                                                            \
      reflection->Set##Type(&message, field, make(reflection->Get##Type(message, field)));             \
    }                                                                                                   \
  } while (0)
    auto integer = [&](auto old) { return static_cast<decltype(old)>(NewInteger(static_cast<int64_t>(old))); };
    auto real = [&](auto old) { return static_cast<decltype(old)>(NewDouble(old)); };
    auto flip = [](bool old) { return !old; };
    auto enumerated = [&](int) { return NewEnum(field->enum_type(), reflection->SupportsUnknownEnumValues()); };
    auto text = [&](std::string old) { return NewString(std::move(old), field->type() == F::TYPE_BYTES); };
    switch (field->cpp_type()) {
      case F::CPPTYPE_INT32: GLASSBOX_CHANGE(Int32, integer); break;
      case F::CPPTYPE_INT64: GLASSBOX_CHANGE(Int64, integer); break;
      case F::CPPTYPE_UINT32: GLASSBOX_CHANGE(UInt32, integer); break;
      case F::CPPTYPE_UINT64: GLASSBOX_CHANGE(UInt64, integer); break;
      case F::CPPTYPE_DOUBLE: GLASSBOX_CHANGE(Double, real); break;
      case F::CPPTYPE_FLOAT: GLASSBOX_CHANGE(Float, real); break;
      case F::CPPTYPE_BOOL: GLASSBOX_CHANGE(Bool, flip); break;
      case F::CPPTYPE_ENUM: GLASSBOX_CHANGE(EnumValue, enumerated); break;
      case F::CPPTYPE_STRING: GLASSBOX_CHANGE(String, text); break;
      case F::CPPTYPE_MESSAGE: break;
    }
#undef GLASSBOX_CHANGE
  }

  std::minstd_rand random_;
  const std::vector<std::string>& words_;
};

class SilentErrors : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int, int, const std::string&) override {}
};

// What a handler would receive: `bytes` as text format, then through the
// binary wire form as gRPC delivers it (which refuses strings that are not UTF-8).
template <typename Type>
bool ReadInput(const uint8_t* data, size_t size, Type& message) {
  static const bool silenced = [] {
    google::protobuf::SetLogHandler([](google::protobuf::LogLevel, const char*, int, const std::string&) {});
    return true;
  }();
  (void)silenced;
  SilentErrors errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  Type text;
  if (!parser.ParseFromString(std::string(reinterpret_cast<const char*>(data), size), &text)) return false;
  return message.ParseFromString(text.SerializeAsString());
}

inline size_t WriteOutput(const google::protobuf::Message& message, uint8_t* data, size_t max_size) {
  std::string text;
  if (!google::protobuf::TextFormat::PrintToString(message, &text) || text.size() > max_size) return 0;
  std::memcpy(data, text.data(), text.size());
  return text.size();
}

// A mutated copy of `message` that survives the wire and fits; else the input unchanged.
template <typename Type>
size_t MutateInput(const std::vector<std::string>& words, uint8_t* data, size_t size, size_t max_size,
                   unsigned int seed) {
  Type message;
  if (!ReadInput(data, size, message)) message.Clear();
  ProtoMutator mutator(seed, words);
  for (int attempt = 0; attempt < 16; ++attempt) {
    Type mutated = message;
    mutator.Mutate(mutated);
    Type received;
    if (!received.ParseFromString(mutated.SerializeAsString())) continue;
    if (size_t written = WriteOutput(mutated, data, max_size); written > 0) return written;
  }
  return size;
}

template <typename Type>
size_t CrossOverInputs(const std::vector<std::string>& words, const uint8_t* data1, size_t size1,
                       const uint8_t* data2, size_t size2, uint8_t* out, size_t max_out_size, unsigned int seed) {
  Type message;
  Type donor;
  if (!ReadInput(data1, size1, message) || !ReadInput(data2, size2, donor)) return 0;
  ProtoMutator mutator(seed, words);
  if (!mutator.CrossOver(donor, message)) return 0;
  return WriteOutput(message, out, max_out_size);
}

}  // namespace glassbox::fuzz

#define GLASSBOX_PROTO_FUZZER(Type, words, Test)                                                              \
  extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size, unsigned int seed) { \
    static const std::vector<std::string> dictionary = words();                                                \
    return glassbox::fuzz::MutateInput<Type>(dictionary, data, size, max_size, seed);                          \
  }                                                                                                            \
  extern "C" size_t LLVMFuzzerCustomCrossOver(const uint8_t* data1, size_t size1, const uint8_t* data2,        \
                                              size_t size2, uint8_t* out, size_t max_out_size,                 \
                                              unsigned int seed) {                                             \
    static const std::vector<std::string> dictionary = words();                                                \
    return glassbox::fuzz::CrossOverInputs<Type>(dictionary, data1, size1, data2, size2, out, max_out_size,    \
                                                 seed);                                                        \
  }                                                                                                            \
  extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {                                    \
    Type message;                                                                                              \
    if (glassbox::fuzz::ReadInput(data, size, message)) Test(message);                                         \
    return 0;                                                                                                  \
  }

#endif  // GLASSBOX_TESTS_FUZZ_PROTO_MUTATOR_H_
