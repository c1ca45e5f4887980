#include "storage/migrations.h"

namespace glassbox::storage {
namespace {

// Resources are stored as serialized protos (the `resource` blobs) next to
// the columns that queries filter and order on. Each entry is {SQLite text,
// PostgreSQL text}. PostgreSQL archives begin with schema version 6: each is
// created empty and passes every migration at its first start, so its texts
// make the same tables, columns, keys, indexes and append-only triggers
// without the SQLite texts' filling of rows stored before (there are none;
// a later migration that fills a column must fill it in both texts).
constexpr char kPrivacyBudgets[] = R"sql(
CREATE TABLE privacy_budgets (
  dataset_id TEXT PRIMARY KEY REFERENCES datasets(id),
  epsilon_limit BIGINT NOT NULL,
  delta_limit BIGINT NOT NULL,
  epsilon_spent BIGINT NOT NULL,
  delta_spent BIGINT NOT NULL,
  set_by TEXT NOT NULL,
  set_time BIGINT NOT NULL
);
CREATE TABLE privacy_releases (
  run_id TEXT NOT NULL REFERENCES runs(id),
  analysis_index INTEGER NOT NULL,
  dataset_id TEXT NOT NULL REFERENCES privacy_budgets(dataset_id),
  analyzer TEXT NOT NULL,
  mechanism TEXT NOT NULL,
  parameters_json TEXT NOT NULL,
  epsilon BIGINT NOT NULL,
  delta BIGINT NOT NULL,
  principal TEXT NOT NULL,
  create_time BIGINT NOT NULL,
  PRIMARY KEY (run_id, analysis_index)
);
CREATE INDEX privacy_releases_dataset ON privacy_releases(dataset_id, create_time);
)sql";

constexpr char kRunClaims[] = R"sql(
ALTER TABLE runs ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN lease_expiry BIGINT NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0;
)sql";

// Dataset and model bytes live in the database, in chunks (blob_store.h), so
// that daemons on one PostgreSQL database share them; the local files that
// held them become a cache named by digest, so their paths leave the rows.
constexpr char kBlobsSqlite[] = R"sql(
CREATE TABLE blob_chunks (
  sha256 TEXT NOT NULL,
  chunk INTEGER NOT NULL,
  bytes BLOB NOT NULL,
  PRIMARY KEY (sha256, chunk)
);
CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY,
  size_bytes INTEGER NOT NULL,
  chunk_count INTEGER NOT NULL
);
ALTER TABLE datasets DROP COLUMN blob_path;
ALTER TABLE models DROP COLUMN blob_path;
)sql";
constexpr char kBlobsPostgresql[] = R"sql(
CREATE TABLE blob_chunks (
  sha256 TEXT NOT NULL,
  chunk BIGINT NOT NULL,
  bytes BYTEA NOT NULL,
  PRIMARY KEY (sha256, chunk)
);
CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY,
  size_bytes BIGINT NOT NULL,
  chunk_count BIGINT NOT NULL
);
ALTER TABLE datasets DROP COLUMN blob_path;
ALTER TABLE models DROP COLUMN blob_path;
)sql";

constexpr Migration kMigrations[] = {
    {R"sql(
CREATE TABLE datasets (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  sha256 TEXT NOT NULL,
  blob_path TEXT NOT NULL,
  create_time INTEGER NOT NULL,
  creator TEXT NOT NULL,
  resource BLOB NOT NULL
);
CREATE INDEX datasets_sha256 ON datasets(sha256);

CREATE TABLE runs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  dataset_id TEXT NOT NULL REFERENCES datasets(id),
  state INTEGER NOT NULL,
  create_time INTEGER NOT NULL,
  creator TEXT NOT NULL,
  resource BLOB NOT NULL
);
CREATE INDEX runs_dataset ON runs(dataset_id);
CREATE INDEX runs_state ON runs(state);

CREATE TABLE insights (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  run_id TEXT NOT NULL REFERENCES runs(id),
  analysis_index INTEGER NOT NULL,
  analyzer TEXT NOT NULL,
  create_time INTEGER NOT NULL,
  resource BLOB NOT NULL,
  UNIQUE (run_id, analysis_index)
);
)sql",
     R"sql(
CREATE TABLE datasets (
  seq BIGSERIAL PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  sha256 TEXT NOT NULL,
  blob_path TEXT NOT NULL,
  create_time BIGINT NOT NULL,
  creator TEXT NOT NULL,
  resource BYTEA NOT NULL
);
CREATE INDEX datasets_sha256 ON datasets(sha256);

CREATE TABLE runs (
  seq BIGSERIAL PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  dataset_id TEXT NOT NULL REFERENCES datasets(id),
  state INTEGER NOT NULL,
  create_time BIGINT NOT NULL,
  creator TEXT NOT NULL,
  resource BYTEA NOT NULL
);
CREATE INDEX runs_dataset ON runs(dataset_id);
CREATE INDEX runs_state ON runs(state);

CREATE TABLE insights (
  seq BIGSERIAL PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  run_id TEXT NOT NULL REFERENCES runs(id),
  analysis_index INTEGER NOT NULL,
  analyzer TEXT NOT NULL,
  create_time BIGINT NOT NULL,
  resource BYTEA NOT NULL,
  UNIQUE (run_id, analysis_index)
);
)sql"},
    {R"sql(
CREATE TABLE models (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  blob_path TEXT NOT NULL,
  create_time INTEGER NOT NULL,
  resource BLOB NOT NULL,
  UNIQUE (name, version)
);
CREATE INDEX models_name_sha256 ON models(name, sha256);
ALTER TABLE runs ADD COLUMN model_name TEXT NOT NULL DEFAULT '';
CREATE INDEX runs_model ON runs(model_name);
)sql",
     R"sql(
CREATE TABLE models (
  seq BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  blob_path TEXT NOT NULL,
  create_time BIGINT NOT NULL,
  resource BYTEA NOT NULL,
  CONSTRAINT models_name_version UNIQUE (name, version)
);
CREATE INDEX models_name_sha256 ON models(name, sha256);
ALTER TABLE runs ADD COLUMN model_name TEXT NOT NULL DEFAULT '';
CREATE INDEX runs_model ON runs(model_name);
)sql"},
    {R"sql(
CREATE TABLE scorecards (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  run_id TEXT NOT NULL REFERENCES runs(id),
  model_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  create_time INTEGER NOT NULL,
  resource BLOB NOT NULL,
  pdf BLOB NOT NULL
);
CREATE INDEX scorecards_run ON scorecards(run_id);
CREATE INDEX scorecards_model ON scorecards(model_name);
)sql",
     R"sql(
CREATE TABLE scorecards (
  seq BIGSERIAL PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  run_id TEXT NOT NULL REFERENCES runs(id),
  model_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  create_time BIGINT NOT NULL,
  resource BYTEA NOT NULL,
  pdf BYTEA NOT NULL
);
CREATE INDEX scorecards_run ON scorecards(run_id);
CREATE INDEX scorecards_model ON scorecards(model_name);
)sql"},
    {R"sql(
CREATE TABLE audit_events (
  seq INTEGER PRIMARY KEY,
  time INTEGER NOT NULL,
  principal TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  resource TEXT NOT NULL,
  outcome TEXT NOT NULL,
  request_id TEXT NOT NULL,
  detail TEXT NOT NULL,
  previous_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_principal ON audit_events(principal);
CREATE INDEX audit_resource ON audit_events(resource);
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
  BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
  BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
)sql",
     R"sql(
CREATE TABLE audit_events (
  seq BIGINT PRIMARY KEY,
  time BIGINT NOT NULL,
  principal TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  resource TEXT NOT NULL,
  outcome TEXT NOT NULL,
  request_id TEXT NOT NULL,
  detail TEXT NOT NULL,
  previous_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_principal ON audit_events(principal);
CREATE INDEX audit_resource ON audit_events(resource);
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN RAISE EXCEPTION 'audit events are append-only'; END $$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
)sql"},
    // Runs and scorecards listed by model version, creator, creation time and
    // verdict; rows stored before are filled from their resources.
    {R"sql(
ALTER TABLE runs ADD COLUMN model_version TEXT NOT NULL DEFAULT '';
UPDATE runs SET model_version = resource_field(resource, 'glassbox.v1.Run', 'spec.model.version');
DROP INDEX runs_model;
CREATE INDEX runs_model_version ON runs(model_name, model_version);
CREATE INDEX runs_creator ON runs(creator);
CREATE INDEX runs_create_time ON runs(create_time);

ALTER TABLE scorecards ADD COLUMN model_version TEXT NOT NULL DEFAULT '';
ALTER TABLE scorecards ADD COLUMN creator TEXT NOT NULL DEFAULT '';
ALTER TABLE scorecards ADD COLUMN verdict INTEGER NOT NULL DEFAULT 0;
UPDATE scorecards SET
  model_version = resource_field(resource, 'glassbox.v1.Scorecard', 'model_version'),
  creator = resource_field(resource, 'glassbox.v1.Scorecard', 'creator'),
  verdict = resource_field(resource, 'glassbox.v1.Scorecard', 'verdict');
DROP INDEX scorecards_model;
CREATE INDEX scorecards_model_version ON scorecards(model_name, model_version);
CREATE INDEX scorecards_creator ON scorecards(creator);
CREATE INDEX scorecards_create_time ON scorecards(create_time);
)sql",
     R"sql(
ALTER TABLE runs ADD COLUMN model_version TEXT NOT NULL DEFAULT '';
DROP INDEX runs_model;
CREATE INDEX runs_model_version ON runs(model_name, model_version);
CREATE INDEX runs_creator ON runs(creator);
CREATE INDEX runs_create_time ON runs(create_time);

ALTER TABLE scorecards ADD COLUMN model_version TEXT NOT NULL DEFAULT '';
ALTER TABLE scorecards ADD COLUMN creator TEXT NOT NULL DEFAULT '';
ALTER TABLE scorecards ADD COLUMN verdict INTEGER NOT NULL DEFAULT 0;
DROP INDEX scorecards_model;
CREATE INDEX scorecards_model_version ON scorecards(model_name, model_version);
CREATE INDEX scorecards_creator ON scorecards(creator);
CREATE INDEX scorecards_create_time ON scorecards(create_time);
)sql"},
    // Projects: every dataset, model, run and scorecard belongs to one; rows
    // stored before are in 'default'. Their resources get the field too:
    // appending a serialized field to a serialized message sets it (protobuf
    // merges concatenated messages), and each `project` is a string field
    // below 16, so its key is one byte ((number << 3) | 2) and 'default' is
    // the length 07 and its seven bytes 64656661756c74. Model names become
    // per project, which needs the table rebuilt for its UNIQUE constraint.
    // Audit events keep their hashes: their project stays '' (daemon-wide).
    {R"sql(
ALTER TABLE datasets ADD COLUMN project TEXT NOT NULL DEFAULT 'default';
UPDATE datasets SET resource = CAST(resource || x'4a0764656661756c74' AS BLOB);
CREATE INDEX datasets_project ON datasets(project);

ALTER TABLE runs ADD COLUMN project TEXT NOT NULL DEFAULT 'default';
UPDATE runs SET resource = CAST(resource || x'5a0764656661756c74' AS BLOB);
CREATE INDEX runs_project ON runs(project);

ALTER TABLE scorecards ADD COLUMN project TEXT NOT NULL DEFAULT 'default';
UPDATE scorecards SET resource = CAST(resource || x'720764656661756c74' AS BLOB);
CREATE INDEX scorecards_project ON scorecards(project);

CREATE TABLE models_in_projects (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  project TEXT NOT NULL,
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  blob_path TEXT NOT NULL,
  create_time INTEGER NOT NULL,
  resource BLOB NOT NULL,
  UNIQUE (project, name, version)
);
INSERT INTO models_in_projects (seq, project, name, version, sha256, blob_path, create_time, resource)
  SELECT seq, 'default', name, version, sha256, blob_path, create_time,
         CAST(resource || x'720764656661756c74' AS BLOB) FROM models;
DROP TABLE models;
ALTER TABLE models_in_projects RENAME TO models;
CREATE INDEX models_project_name_sha256 ON models(project, name, sha256);

ALTER TABLE audit_events ADD COLUMN project TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_project ON audit_events(project);
)sql",
     R"sql(
ALTER TABLE datasets ADD COLUMN project TEXT NOT NULL DEFAULT 'default';
CREATE INDEX datasets_project ON datasets(project);

ALTER TABLE runs ADD COLUMN project TEXT NOT NULL DEFAULT 'default';
CREATE INDEX runs_project ON runs(project);

ALTER TABLE scorecards ADD COLUMN project TEXT NOT NULL DEFAULT 'default';
CREATE INDEX scorecards_project ON scorecards(project);

ALTER TABLE models ADD COLUMN project TEXT NOT NULL DEFAULT 'default';
ALTER TABLE models DROP CONSTRAINT models_name_version;
ALTER TABLE models ADD CONSTRAINT models_project_name_version UNIQUE (project, name, version);
DROP INDEX models_name_sha256;
CREATE INDEX models_project_name_sha256 ON models(project, name, sha256);

ALTER TABLE audit_events ADD COLUMN project TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_project ON audit_events(project);
)sql"},
    // Privacy budgets per dataset and the releases charged to them, in
    // integer units (1e-9 of epsilon, 1e-18 of delta) so that sums are exact.
    // The same text on both engines.
    {kPrivacyBudgets, kPrivacyBudgets},
    // Runs are claimed: the daemon executing one (its id, '' while queued),
    // until when its lease holds (microseconds of the database's clock),
    // and whether a CancelRun asked that daemon to stop it. Rows stored
    // before need no filling: a running one's lease (0) has expired, so a
    // reaper ends it. The same text on both engines.
    {kRunClaims, kRunClaims},
    {kBlobsSqlite, kBlobsPostgresql},
};

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

}  // namespace glassbox::storage
