#include "storage/resource_field.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace glassbox::storage {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

std::string TextArgument(sqlite3_value* value) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(value));
  return text == nullptr ? std::string() : std::string(text, sqlite3_value_bytes(value));
}

void Fail(sqlite3_context* context, const std::string& message) {
  std::string error = absl::StrCat("resource_field: ", message);
  sqlite3_result_error(context, error.data(), static_cast<int>(error.size()));
}

void ResourceField(sqlite3_context* context, int, sqlite3_value** argv) {
  std::string type = TextArgument(argv[1]);
  std::string path = TextArgument(argv[2]);
  const auto* descriptor = google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(type);
  if (descriptor == nullptr) return Fail(context, absl::StrCat("unknown message type '", type, "'"));
  std::unique_ptr<Message> resource(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(descriptor)->New());
  if (!resource->ParseFromArray(sqlite3_value_blob(argv[0]), sqlite3_value_bytes(argv[0]))) {
    return Fail(context, absl::StrCat("a stored resource is not a valid ", type));
  }
  const Message* message = resource.get();
  std::vector<std::string> names = absl::StrSplit(path, '.');
  for (size_t i = 0; i < names.size(); ++i) {
    const FieldDescriptor* field = message->GetDescriptor()->FindFieldByName(names[i]);
    if (field == nullptr || field->is_repeated()) {
      return Fail(context, absl::StrCat("'", path, "' is not a path of singular fields of ", type));
    }
    const auto* reflection = message->GetReflection();
    bool last = i + 1 == names.size();
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (last) return Fail(context, absl::StrCat("'", path, "' ends at a message, not a value"));
      message = &reflection->GetMessage(*message, field);
      continue;
    }
    if (!last) return Fail(context, absl::StrCat("'", path, "' goes through '", names[i], "', which is not a message"));
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING: {
        std::string text = reflection->GetString(*message, field);
        return sqlite3_result_text(context, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
      }
      case FieldDescriptor::CPPTYPE_ENUM:
        return sqlite3_result_int64(context, reflection->GetEnumValue(*message, field));
      case FieldDescriptor::CPPTYPE_INT32:
        return sqlite3_result_int64(context, reflection->GetInt32(*message, field));
      case FieldDescriptor::CPPTYPE_INT64:
        return sqlite3_result_int64(context, reflection->GetInt64(*message, field));
      case FieldDescriptor::CPPTYPE_UINT32:
        return sqlite3_result_int64(context, reflection->GetUInt32(*message, field));
      case FieldDescriptor::CPPTYPE_BOOL:
        return sqlite3_result_int64(context, reflection->GetBool(*message, field) ? 1 : 0);
      case FieldDescriptor::CPPTYPE_DOUBLE:
        return sqlite3_result_double(context, reflection->GetDouble(*message, field));
      case FieldDescriptor::CPPTYPE_FLOAT:
        return sqlite3_result_double(context, reflection->GetFloat(*message, field));
      default:
        return Fail(context, absl::StrCat("'", path, "' is a ", field->cpp_type_name(), ", which SQLite cannot hold"));
    }
  }
}

}  // namespace

absl::Status RegisterResourceField(sqlite3* db) {
  if (sqlite3_create_function_v2(db, "resource_field", 3, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, &ResourceField,
                                 nullptr, nullptr, nullptr) != SQLITE_OK) {
    return absl::InternalError(absl::StrCat("sqlite: cannot register resource_field: ", sqlite3_errmsg(db)));
  }
  return absl::OkStatus();
}

}  // namespace glassbox::storage
