#include "daemon/server/daemon.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <unistd.h>

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/server_builder.h>

#include "absl/strings/str_cat.h"
#include "daemon/common/log.h"
#include "daemon/common/private_file.h"
#include "daemon/server/glassbox_service.h"
#include "daemon/server/http_gateway.h"
#include "daemon/server/invalid_utf8_interceptor.h"
#include "daemon/server/listen_address.h"

namespace glassbox::server {
namespace {

constexpr int kStreamReceiveWindowBytes = 4 << 20;

absl::StatusOr<std::string> ReadPem(const std::string& path, const char* flag) {
  std::ifstream in(path);
  if (!in) return absl::InvalidArgumentError(absl::StrCat(flag, " ", path, " cannot be read"));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentials(const DaemonConfig& config) {
  if (config.tls_cert.empty()) return grpc::InsecureServerCredentials();
  auto cert = ReadPem(config.tls_cert, "--tls_cert");
  if (!cert.ok()) return cert.status();
  auto key = ReadPrivateFile(config.tls_key, "--tls_key");
  if (!key.ok()) return key.status();
  grpc::SslServerCredentialsOptions options;
  options.pem_key_cert_pairs.push_back({*key, *cert});
  if (!config.tls_client_ca.empty()) {
    auto ca = ReadPem(config.tls_client_ca, "--tls_client_ca");
    if (!ca.ok()) return ca.status();
    options.pem_root_certs = *ca;
    options.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(options);
}

// Unique among the daemons sharing a database, and telling an operator where
// to look: host, process id and a random part (a process id is reused).
std::string NewDaemonId() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  std::mt19937_64 random(std::random_device{}());
  return absl::StrCat(host, ":", getpid(), ":", absl::Hex(random() & 0xffffffff, absl::kZeroPad8));
}

void WritePortFile(const std::string& path, int port) {
  if (path.empty()) return;
  std::string temporary = path + ".tmp";
  std::ofstream(temporary) << port << "\n";
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
}

}  // namespace

struct Daemon::Parts {
  std::unique_ptr<storage::Database> database;
  std::unique_ptr<storage::DatasetStore> datasets;
  std::unique_ptr<storage::RunStore> runs;
  std::unique_ptr<storage::ModelStore> model_store;
  std::unique_ptr<ModelRegistry> models;
  std::unique_ptr<storage::ScorecardStore> scorecards;
  std::unique_ptr<storage::PrivacyBudgetStore> budgets;
  std::unique_ptr<storage::AuditLog> audit_log;
  AccessControl access;
  std::unique_ptr<ScorecardIssuer> issuer;
  std::unique_ptr<DatasetCache> cache;
  std::unique_ptr<plugins::PluginHost> plugins;
  std::unique_ptr<RunPreparer> preparer;
  std::unique_ptr<Scheduler> scheduler;
  std::unique_ptr<GlassboxService> service;
  std::unique_ptr<grpc::Server> server;
  std::unique_ptr<HttpGateway> http;
};

absl::StatusOr<std::unique_ptr<Daemon>> Daemon::Start(const DaemonConfig& config) {
  if (auto status = CheckConfig(config); !status.ok()) return status;
  auto parts = std::make_unique<Parts>();
  if (!config.tokens_file.empty()) {
    auto access = AccessControl::FromTokensFile(config.tokens_file);
    if (!access.ok()) return access.status();
    parts->access = *std::move(access);
  }
  auto credentials = ServerCredentials(config);
  if (!credentials.ok()) return credentials.status();
  std::error_code error;
  std::filesystem::create_directories(config.data_dir, error);
  if (error) return absl::UnavailableError(absl::StrCat("cannot create data folder ", config.data_dir, ": ", error.message()));

  auto database = storage::Database::Open(DatabaseLocation(config));
  if (!database.ok()) return database.status();
  parts->database = *std::move(database);
  auto datasets = storage::DatasetStore::Open(*parts->database, (std::filesystem::path(config.data_dir) / "datasets").string());
  if (!datasets.ok()) return datasets.status();
  parts->datasets = *std::move(datasets);
  const std::string daemon_id = NewDaemonId();
  parts->runs = std::make_unique<storage::RunStore>(*parts->database, daemon_id);
  auto model_store = storage::ModelStore::Open(*parts->database, (std::filesystem::path(config.data_dir) / "models").string());
  if (!model_store.ok()) return model_store.status();
  parts->model_store = *std::move(model_store);
  parts->models = std::make_unique<ModelRegistry>(*parts->model_store, *parts->datasets);
  parts->scorecards = std::make_unique<storage::ScorecardStore>(*parts->database);
  parts->budgets = std::make_unique<storage::PrivacyBudgetStore>(*parts->database);
  parts->audit_log = std::make_unique<storage::AuditLog>(*parts->database);
  parts->issuer =
      std::make_unique<ScorecardIssuer>(*parts->datasets, *parts->runs, *parts->model_store, *parts->scorecards,
                                        config.min_cohort_rows);
  // A SQLite archive is this daemon's alone: what a previous process left queued or running is ended now. On a
  // shared database those runs are other daemons' (or waiting for one); the reaper ends them once their lease expires.
  if (!parts->database->shared()) {
    auto interrupted = parts->runs->MarkInterrupted();
    if (!interrupted.ok()) return interrupted.status();
    if (*interrupted > 0) Log(LogLevel::kWarning, absl::StrCat("marked ", *interrupted, " unfinished runs INTERRUPTED"));
  }

  parts->cache = std::make_unique<DatasetCache>(*parts->datasets, config.dataset_cache_bytes);
  auto plugin_dirs = config.plugin_dirs.empty() ? std::vector<std::string>{DefaultPluginDir()} : config.plugin_dirs;
  parts->plugins = std::make_unique<plugins::PluginHost>(plugin_dirs, config.plugin_allowlist);
  parts->preparer = std::make_unique<RunPreparer>(*parts->datasets, *parts->cache, *parts->models, *parts->plugins);
  parts->scheduler = std::make_unique<Scheduler>(
      *parts->runs, [preparer = parts->preparer.get()](const glassbox::v1::Run& run) { return preparer->PrepareStored(run); },
      parts->database->shared(), config.scheduler);
  parts->scheduler->SetFinishHook([issuer = parts->issuer.get()](glassbox::v1::Run& run) {
    if (run.spec().scorecard_config().empty() || run.state() == glassbox::v1::CANCELLED ||
        run.state() == glassbox::v1::INTERRUPTED) {
      return;
    }
    storage::AuditRecord audit{run.creator(), "system", "IssueScorecard", absl::StrCat("runs/", run.id(), "/scorecards"),
                               "OK", run.id(), "issued as the run ended", run.project()};
    auto card =
        issuer->Issue(run, run.spec().scorecard_config(), audit, ScorecardIssuer::ConfigCheck::kCheckedAtCreateRun);
    if (card.ok()) {
      run.set_scorecard_id(card->id());
    } else {
      run.set_state(glassbox::v1::FAILED);
      run.set_error(absl::StrCat(run.error().empty() ? "" : absl::StrCat(run.error(), "; "),
                                 "the scorecard could not be issued: ", card.status().message()));
    }
  });
  ServiceLimits limits = config.limits;
  limits.max_message_bytes = config.max_message_bytes;
  parts->service = std::make_unique<GlassboxService>(*parts->datasets, *parts->runs, *parts->model_store,
                                                     *parts->scorecards, *parts->budgets, *parts->audit_log, *parts->models, *parts->issuer,
                                                     parts->access, *parts->cache,
                                                     *parts->plugins, *parts->preparer, *parts->scheduler, limits);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(config.listen_address, *credentials, &port);
  builder.SetMaxReceiveMessageSize(config.max_message_bytes);
  builder.SetMaxSendMessageSize(config.max_message_bytes);
  // A fixed 4 MiB receive window per stream: with gRPC's adaptive one a fast
  // client pushed tens of MiB of an upload ahead of its parser.
  builder.AddChannelArgument(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, kStreamReceiveWindowBytes);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, static_cast<int>(absl::ToInt64Milliseconds(config.keepalive)));
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS,
                             static_cast<int>(absl::ToInt64Milliseconds(config.keepalive_timeout)));
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
                             static_cast<int>(absl::ToInt64Milliseconds(config.min_client_ping_interval)));
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(InvalidUtf8InterceptorFactory());
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  builder.RegisterService(parts->service.get());
  parts->server = builder.BuildAndStart();
  if (parts->server == nullptr || port == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", config.listen_address, " (in use?)"));
  }
  if (!config.http_listen.empty()) {
    grpc::ChannelArguments arguments;
    arguments.SetMaxReceiveMessageSize(config.max_message_bytes);
    arguments.SetMaxSendMessageSize(config.max_message_bytes);
    HttpGatewayOptions http{config.http_listen, config.tls_cert, config.tls_key, config.tls_client_ca,
                            config.web_dir.empty() ? DefaultWebDir() : config.web_dir,
                            static_cast<size_t>(config.max_message_bytes)};
    auto gateway = HttpGateway::Start(http, JsonBridge(parts->server->InProcessChannel(arguments)));
    if (!gateway.ok()) {
      parts->scheduler->Shutdown();
      parts->server->Shutdown();
      return gateway.status();
    }
    parts->http = *std::move(gateway);
    WritePortFile(config.http_port_file, parts->http->port());
    Log(LogLevel::kInfo, absl::StrCat("dashboard and HTTP API on ", HostOf(config.http_listen), ":", parts->http->port()));
  }
  WritePortFile(config.port_file, port);
  Log(LogLevel::kInfo, absl::StrCat("glassboxd listening on ", config.listen_address.substr(0, config.listen_address.rfind(':')),
                                    ":", port, ", data in ", std::filesystem::absolute(config.data_dir).string(), ", ",
                                    parts->plugins->List().size(), " analyzers, daemon id ", daemon_id));
  auto daemon = std::unique_ptr<Daemon>(new Daemon(std::move(parts)));
  daemon->port_ = port;
  return daemon;
}

Daemon::Daemon(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

Daemon::~Daemon() { Shutdown(); }

int Daemon::http_port() const { return parts_->http == nullptr ? 0 : parts_->http->port(); }

void Daemon::Wait() { parts_->server->Wait(); }

void Daemon::Shutdown() {
  if (parts_->server == nullptr) return;
  parts_->scheduler->Shutdown();
  parts_->server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  // After the gRPC server, whose shutdown ends (by its deadline) the calls HTTP clients still hold, such as a
  // WatchRun: the HTTP port then has no call left to wait for.
  if (parts_->http != nullptr) parts_->http->Stop();
}

}  // namespace glassbox::server
