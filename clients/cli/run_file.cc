#include "clients/cli/run_file.h"

#include <yaml.h>

#include <charconv>
#include <cmath>
#include <memory>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "daemon/common/enum_words.h"
#include "google/protobuf/util/json_util.h"

namespace glassbox::cli {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      absl::StrAppend(&out, "\\", std::string(1, c));
    } else if (static_cast<unsigned char>(c) < 0x20) {
      absl::StrAppend(&out, absl::StrFormat("\\u%04x", c));
    } else {
      out.push_back(c);
    }
  }
  return out + "\"";
}

// protobuf's JSON printer writes <, > and & as \u003c, \u003e and \u0026 (safe inside HTML); a run file is read
// by people, who write a filter "age > 40" and a class ">50K", so they are written as themselves. An escaped
// backslash is copied whole, so that a literal "\\u003e" in a value stays as it was.
std::string WithoutHtmlEscapes(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  for (size_t i = 0; i < json.size(); ++i) {
    if (json[i] != '\\' || i + 1 >= json.size()) {
      out.push_back(json[i]);
      continue;
    }
    const std::string_view escape = json.substr(i, 6);
    if (escape == "\\u003c" || escape == "\\u003e" || escape == "\\u0026") {
      out.push_back(escape == "\\u003c" ? '<' : escape == "\\u003e" ? '>' : '&');
      i += 5;
    } else {
      out.append(json.substr(i, 2));
      ++i;
    }
  }
  return out;
}

// A plain scalar outside the spec's typed fields: YAML's core types.
std::string UntypedScalar(std::string_view text) {
  if (text == "null" || text == "Null" || text == "NULL" || text == "~" || text.empty()) return "null";
  if (text == "true" || text == "True" || text == "TRUE") return "true";
  if (text == "false" || text == "False" || text == "FALSE") return "false";
  double number = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error == std::errc() && end == text.data() + text.size() && std::isfinite(number)) return std::string(text);
  return JsonString(text);
}

bool IsStructType(const Descriptor* type) {
  return type != nullptr &&
         (type->full_name() == "google.protobuf.Struct" || type->full_name() == "google.protobuf.Value" ||
          type->full_name() == "google.protobuf.ListValue");
}

// Writes a YAML document's nodes as JSON, typed by the message fields they fill.
class JsonWriter {
 public:
  JsonWriter(yaml_document_t& document, const std::string& path) : document_(document), path_(path) {}

  // `type`: the message the node fills; nullptr inside a Struct. `field`: the scalar field it fills, if any.
  absl::Status Write(const yaml_node_t& node, const Descriptor* type, const FieldDescriptor* field, std::string& out) {
    switch (node.type) {
      case YAML_MAPPING_NODE:
        return WriteMapping(node, type, field, out);
      case YAML_SEQUENCE_NODE: {
        if (field != nullptr && !field->is_repeated())
          return Error(node, absl::StrCat(field->name(), " takes one value"));
        out += "[";
        for (auto* item = node.data.sequence.items.start; item < node.data.sequence.items.top; ++item) {
          if (item != node.data.sequence.items.start) out += ",";
          if (auto status = Write(*Node(*item), type, field, out); !status.ok()) return status;
        }
        out += "]";
        return absl::OkStatus();
      }
      case YAML_SCALAR_NODE:
        return WriteScalar(node, field, out);
      default:
        return Error(node, "an empty node");
    }
  }

 private:
  absl::Status WriteMapping(const yaml_node_t& node, const Descriptor* type, const FieldDescriptor* field,
                            std::string& out) {
    if (field != nullptr && field->message_type() == nullptr) {
      return Error(node, absl::StrCat(field->name(), " takes a value, not fields"));
    }
    out += "{";
    for (auto* pair = node.data.mapping.pairs.start; pair < node.data.mapping.pairs.top; ++pair) {
      const yaml_node_t& key = *Node(pair->key);
      if (key.type != YAML_SCALAR_NODE) return Error(key, "a key must be a name");
      const std::string name = Text(key);
      if (pair != node.data.mapping.pairs.start) out += ",";
      out += JsonString(name) + ":";
      const FieldDescriptor* member = nullptr;
      if (type != nullptr) {
        member = type->FindFieldByName(name);
        if (member == nullptr) member = type->FindFieldByCamelcaseName(name);
        if (member == nullptr) return Error(key, absl::StrCat("unknown field '", name, "' of ", type->full_name()));
      }
      const Descriptor* member_type = member == nullptr ? nullptr : member->message_type();
      if (IsStructType(member_type)) member_type = nullptr;
      const FieldDescriptor* scalar_field =
          member != nullptr && member_type == nullptr && member->message_type() == nullptr ? member : nullptr;
      if (auto status = Write(*Node(pair->value), member_type, scalar_field, out); !status.ok()) return status;
    }
    out += "}";
    return absl::OkStatus();
  }

  absl::Status WriteScalar(const yaml_node_t& node, const FieldDescriptor* field, std::string& out) {
    const std::string text = Text(node);
    const bool plain = node.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    if (field == nullptr) {
      out += plain ? UntypedScalar(text) : JsonString(text);
      return absl::OkStatus();
    }
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING:
        out += JsonString(text);
        return absl::OkStatus();
      case FieldDescriptor::CPPTYPE_ENUM: {
        absl::StatusOr<int> number = ParseEnumWord(*field->enum_type(), text, field->name());
        if (!number.ok()) return Error(node, std::string(number.status().message()).substr(2));
        out += JsonString(field->enum_type()->FindValueByNumber(*number)->name());
        return absl::OkStatus();
      }
      default:
        out += UntypedScalar(text);
        return absl::OkStatus();
    }
  }

  yaml_node_t* Node(int index) { return yaml_document_get_node(&document_, index); }
  static std::string Text(const yaml_node_t& node) {
    return std::string(reinterpret_cast<const char*>(node.data.scalar.value), node.data.scalar.length);
  }
  absl::Status Error(const yaml_node_t& node, const std::string& message) const {
    return absl::InvalidArgumentError(absl::StrCat(path_, ":", node.start_mark.line + 1, ": ", message));
  }

  yaml_document_t& document_;
  const std::string& path_;
};

}  // namespace

absl::StatusOr<glassbox::v1::RunSpec> ParseRunFile(const std::string& text, const std::string& path) {
  yaml_parser_t parser;
  yaml_parser_initialize(&parser);
  std::unique_ptr<yaml_parser_t, decltype(&yaml_parser_delete)> parser_owner(&parser, yaml_parser_delete);
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  yaml_document_t document;
  if (!yaml_parser_load(&parser, &document)) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ":", parser.problem_mark.line + 1, ":", parser.problem_mark.column + 1,
                     ": not YAML or JSON: ", parser.problem == nullptr ? "unreadable" : parser.problem));
  }
  std::unique_ptr<yaml_document_t, decltype(&yaml_document_delete)> document_owner(&document, yaml_document_delete);
  const yaml_node_t* root = yaml_document_get_root_node(&document);
  if (root == nullptr || root->type != YAML_MAPPING_NODE) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": a run file holds the fields of a RunSpec, e.g. dataset_id"));
  }
  std::string json;
  JsonWriter writer(document, path);
  if (auto status = writer.Write(*root, glassbox::v1::RunSpec::descriptor(), nullptr, json); !status.ok())
    return status;
  glassbox::v1::RunSpec spec;
  if (auto status = google::protobuf::util::JsonStringToMessage(json, &spec); !status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", status.message().as_string()));
  }
  return spec;
}

std::string RunFileText(const glassbox::v1::RunSpec& spec) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  std::string json;
  // Printing a RunSpec, which holds no Any, cannot fail.
  (void)google::protobuf::util::MessageToJsonString(spec, &json, options);
  return WithoutHtmlEscapes(json);
}

}  // namespace glassbox::cli
