import SQLKit

/// The schema's history, oldest first. Never edit a released migration: add the next one.
public enum Migrations {
    public static let all: [Migration] = [
        initialSchema, promptOps, countersInTriggers, trialsInTriggers, keyPrefixesWithoutSecrets, directories,
        filesBesideProjects, idAliases,
    ]

    /// The newest schema version this build knows.
    public static var latestVersion: Int { all.map(\.version).max() ?? 0 }

    static let initialSchema = Migration(
        version: 1,
        name: "organisations, keys, projects, configs, environments, sessions, logs",
        statements: [
            """
            CREATE TABLE organizations (
                id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, team_id TEXT NOT NULL, created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE api_keys (
                key_hash TEXT PRIMARY KEY, org_id TEXT NOT NULL, key_prefix TEXT NOT NULL,
                created_at BIGINT NOT NULL, revoked_at BIGINT)
            """,
            "CREATE INDEX api_keys_prefix ON api_keys (key_prefix)",
            """
            CREATE TABLE projects (
                id TEXT PRIMARY KEY, org_id TEXT NOT NULL, name TEXT NOT NULL,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, UNIQUE (org_id, name))
            """,
            """
            CREATE TABLE model_configs (
                org_id TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, created_at BIGINT NOT NULL,
                PRIMARY KEY (org_id, id))
            """,
            """
            CREATE TABLE project_configs (
                org_id TEXT NOT NULL, project_id TEXT NOT NULL, config_id TEXT NOT NULL,
                created_at BIGINT NOT NULL, last_used BIGINT NOT NULL, num_datapoints BIGINT NOT NULL DEFAULT 0,
                PRIMARY KEY (project_id, config_id))
            """,
            """
            CREATE TABLE environments (
                id TEXT PRIMARY KEY, org_id TEXT NOT NULL, name TEXT NOT NULL, tag TEXT NOT NULL,
                created_at BIGINT NOT NULL, UNIQUE (org_id, name))
            """,
            """
            CREATE TABLE sessions (
                id TEXT PRIMARY KEY, org_id TEXT NOT NULL, reference_id TEXT,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, UNIQUE (org_id, reference_id))
            """,
            """
            CREATE TABLE logs (
                id TEXT PRIMARY KEY, org_id TEXT NOT NULL, project_id TEXT, config_id TEXT,
                session_id TEXT, parent_id TEXT, reference_id TEXT, trial_id TEXT, experiment_id TEXT,
                environment TEXT, source TEXT, end_user TEXT, source_datapoint_id TEXT, saved SMALLINT NOT NULL,
                inputs TEXT, metadata TEXT, messages TEXT, output TEXT, raw_output TEXT, finish_reason TEXT,
                output_message TEXT, tool_choice TEXT, provider TEXT, provider_request TEXT, provider_response TEXT,
                prompt_tokens BIGINT, output_tokens BIGINT, provider_latency DOUBLE PRECISION,
                duration DOUBLE PRECISION, error TEXT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
                UNIQUE (org_id, reference_id))
            """,
            "CREATE INDEX logs_project_created ON logs (org_id, project_id, created_at)",
            "CREATE INDEX logs_session ON logs (session_id)",
        ]
    )
}

extension Migrations {
    static let promptOps = Migration(
        version: 2,
        name: "deployments, experiments, feedback, feedback types",
        statements: [
            """
            CREATE TABLE deployments (
                org_id TEXT NOT NULL, project_id TEXT NOT NULL, environment_id TEXT NOT NULL,
                config_id TEXT, experiment_id TEXT, updated_at BIGINT NOT NULL,
                PRIMARY KEY (project_id, environment_id))
            """,
            """
            CREATE TABLE experiments (
                id TEXT PRIMARY KEY, org_id TEXT NOT NULL, project_id TEXT NOT NULL, name TEXT NOT NULL,
                status TEXT NOT NULL, positive_labels TEXT NOT NULL,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX experiments_project ON experiments (org_id, project_id)",
            """
            CREATE TABLE experiment_configs (
                org_id TEXT NOT NULL, experiment_id TEXT NOT NULL, config_id TEXT NOT NULL,
                trials BIGINT NOT NULL DEFAULT 0, successes BIGINT NOT NULL DEFAULT 0, active SMALLINT NOT NULL,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
                PRIMARY KEY (experiment_id, config_id))
            """,
            """
            CREATE TABLE feedback (
                id TEXT PRIMARY KEY, org_id TEXT NOT NULL, log_id TEXT NOT NULL, type TEXT NOT NULL,
                value TEXT, end_user TEXT, created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX feedback_log ON feedback (log_id, created_at)",
            """
            CREATE TABLE feedback_types (
                org_id TEXT NOT NULL, project_id TEXT NOT NULL, type TEXT NOT NULL, class TEXT,
                label_values TEXT NOT NULL, created_at BIGINT NOT NULL,
                PRIMARY KEY (project_id, type))
            """,
            // Whether the log currently counts as an experiment success; each log counts at most once.
            "ALTER TABLE logs ADD COLUMN experiment_success SMALLINT NOT NULL DEFAULT 0",
            "CREATE INDEX sessions_created ON sessions (org_id, created_at)",
        ]
    )
}

extension Migrations {
    /// A log's row counts itself in `project_configs` (`num_datapoints`, `last_used`) as it is inserted, so
    /// that the log writer's common batch is one `INSERT` statement, atomic on its own, instead of a
    /// transaction of several statements (each one a round trip to the database's thread or server).
    static let countersInTriggers = Migration(
        version: 3,
        name: "logs count themselves in project_configs",
        sqlite: [
            """
            CREATE TRIGGER logs_count_in_project_configs AFTER INSERT ON logs
            FOR EACH ROW WHEN NEW.project_id IS NOT NULL AND NEW.config_id IS NOT NULL
            BEGIN
                INSERT INTO project_configs (org_id, project_id, config_id, created_at, last_used, num_datapoints)
                VALUES (NEW.org_id, NEW.project_id, NEW.config_id, NEW.created_at, NEW.created_at, 1)
                ON CONFLICT (project_id, config_id) DO UPDATE SET
                    num_datapoints = num_datapoints + 1, last_used = max(last_used, excluded.last_used);
            END
            """
        ],
        postgres: [
            """
            CREATE FUNCTION loopgate_count_log_in_project_configs() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO project_configs (org_id, project_id, config_id, created_at, last_used, num_datapoints)
                VALUES (NEW.org_id, NEW.project_id, NEW.config_id, NEW.created_at, NEW.created_at, 1)
                ON CONFLICT (project_id, config_id) DO UPDATE SET
                    num_datapoints = project_configs.num_datapoints + 1,
                    last_used = GREATEST(project_configs.last_used, EXCLUDED.last_used);
                RETURN NULL;
            END
            $$
            """,
            """
            CREATE TRIGGER logs_count_in_project_configs AFTER INSERT ON logs
            FOR EACH ROW WHEN (NEW.project_id IS NOT NULL AND NEW.config_id IS NOT NULL)
            EXECUTE FUNCTION loopgate_count_log_in_project_configs()
            """,
        ]
    )
}

/// Applies the migrations a database lacks, in one transaction, and refuses a schema from the future.
struct Migrator {
    let connections: any DatabaseConnections
    let migrations: [Migration]

    /// Brings the schema up to date; returns the versions it applied.
    @discardableResult
    func migrate() async throws -> [Int] {
        let migrations = self.migrations
        let lock = connections.migrationLockSQL
        return try await connections.transaction { database in
            if let lock { try await database.raw(SQLQueryString(lock)).run() }
            try await database.raw(
                """
                CREATE TABLE IF NOT EXISTS loopgate_schema_migrations (
                    version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)
                """
            ).run()
            let applied = Set(
                try await database.raw("SELECT version FROM loopgate_schema_migrations").all()
                    .map { try $0.decode(column: "version", as: Int.self) })
            let known = migrations.map(\.version).max() ?? 0
            if let newest = applied.max(), newest > known {
                throw StoreError.schemaTooNew(found: newest, known: known)
            }
            var appliedNow: [Int] = []
            for migration in migrations.sorted(by: { $0.version < $1.version })
            where !applied.contains(migration.version) {
                for statement in migration.statements(forDialect: database.dialect.name) {
                    try await database.raw(SQLQueryString(statement)).run()
                }
                try await database.raw(
                    """
                    INSERT INTO loopgate_schema_migrations (version, name, applied_at)
                    VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: Clock.nowMicros()))
                    """
                ).run()
                appliedNow.append(migration.version)
            }
            return appliedNow
        }
    }
}

extension Migrations {
    /// A log of an experiment counts itself as a trial of its config as it is inserted, so a batch of
    /// experiment logs is the same single `INSERT` as any other batch, instead of a transaction with an
    /// update per config (each statement a round trip). An experiment's status reads as "In progress"
    /// once it has a trial (`SQLStore.experiments(where:)`), so no row of `experiments` is written here.
    static let trialsInTriggers = Migration(
        version: 4,
        name: "logs count themselves as experiment trials",
        sqlite: [
            """
            CREATE TRIGGER logs_count_trials_in_experiment_configs AFTER INSERT ON logs
            FOR EACH ROW WHEN NEW.experiment_id IS NOT NULL AND NEW.config_id IS NOT NULL
            BEGIN
                UPDATE experiment_configs SET trials = trials + 1, updated_at = max(updated_at, NEW.created_at)
                WHERE experiment_id = NEW.experiment_id AND config_id = NEW.config_id;
            END
            """
        ],
        postgres: [
            """
            CREATE FUNCTION loopgate_count_log_as_trial() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE experiment_configs
                SET trials = experiment_configs.trials + 1,
                    updated_at = GREATEST(experiment_configs.updated_at, NEW.created_at)
                WHERE experiment_id = NEW.experiment_id AND config_id = NEW.config_id;
                RETURN NULL;
            END
            $$
            """,
            // Fired after `logs_count_in_project_configs` (PostgreSQL runs a table's triggers by name), so
            // every row locks its project_configs row, then its experiment_configs row; batches sort
            // their rows by project, config and experiment, so concurrent batches lock in one order.
            """
            CREATE TRIGGER logs_count_trials_in_experiment_configs AFTER INSERT ON logs
            FOR EACH ROW WHEN (NEW.experiment_id IS NOT NULL AND NEW.config_id IS NOT NULL)
            EXECUTE FUNCTION loopgate_count_log_as_trial()
            """,
        ]
    )
}

extension Migrations {
    /// Builds before this one kept a key's first 11 characters in clear whatever its length, so a short
    /// key chosen by an operator (`LOOPGATE_API_KEY=abc123`) was stored whole. Only the prefix of a
    /// generated key (`lg_` and 8 of its 32 random characters) is kept; the others are blanked (such a
    /// key is still revoked by giving it whole, and a configured key gets a safe prefix at next start).
    static let keyPrefixesWithoutSecrets = Migration(
        version: 5,
        name: "api key prefixes keep no more than a generated key's first 11 characters",
        statements: [
            """
            UPDATE api_keys SET key_prefix = ''
            WHERE length(key_prefix) <> 11 OR substr(key_prefix, 1, 3) <> 'lg_'
            """
        ]
    )
}

extension Migrations {
    /// v5's directories: every parent of a file's path is one (made on demand), and users make more. A
    /// path names one directory per organisation; its id stays when it moves.
    static let directories = Migration(
        version: 6,
        name: "directories",
        statements: [
            """
            CREATE TABLE directories (
                id TEXT PRIMARY KEY, org_id TEXT NOT NULL, path TEXT NOT NULL,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, UNIQUE (org_id, path))
            """
        ]
    )
}

extension Migrations {
    /// v5's files that are not projects (Tools, Flows, Evaluators, Datasets) with their content-addressed
    /// versions, a dataset's datapoints, evaluations and their runs; and what a v5 log carries beyond a v4
    /// one: the file and version it belongs to (a Prompt's log keeps naming its project and config), its
    /// place in a trace, the evaluation run it joined, its status and, for an evaluator's log, its judgment.
    static let filesBesideProjects = Migration(
        version: 7,
        name: "tools, flows, evaluators, datasets, evaluations; traces and judgments on logs",
        statements: [
            """
            CREATE TABLE files (
                id TEXT PRIMARY KEY, org_id TEXT NOT NULL, type TEXT NOT NULL, path TEXT NOT NULL,
                description TEXT, readme TEXT, tags TEXT,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, UNIQUE (org_id, path))
            """,
            // `touched_at`: when the version was last upserted; "newest" orders by it, so upserting an
            // existing version's content again makes that version the newest without a second row.
            """
            CREATE TABLE file_versions (
                id TEXT PRIMARY KEY, org_id TEXT NOT NULL, file_id TEXT NOT NULL, body TEXT NOT NULL,
                version_name TEXT, version_description TEXT,
                created_at BIGINT NOT NULL, touched_at BIGINT NOT NULL)
            """,
            "CREATE INDEX file_versions_file ON file_versions (file_id, touched_at)",
            """
            CREATE TABLE datapoints (
                id TEXT PRIMARY KEY, org_id TEXT NOT NULL, dataset_id TEXT NOT NULL, body TEXT NOT NULL,
                created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE evaluations (
                id TEXT PRIMARY KEY, org_id TEXT NOT NULL, file_id TEXT NOT NULL, name TEXT,
                evaluators TEXT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX evaluations_file ON evaluations (org_id, file_id)",
            """
            CREATE TABLE evaluation_runs (
                id TEXT PRIMARY KEY, org_id TEXT NOT NULL, evaluation_id TEXT NOT NULL,
                dataset_version_id TEXT, version_id TEXT, status TEXT,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX evaluation_runs_evaluation ON evaluation_runs (evaluation_id, created_at)",
            "ALTER TABLE logs ADD COLUMN file_id TEXT",
            "ALTER TABLE logs ADD COLUMN version_id TEXT",
            "ALTER TABLE logs ADD COLUMN trace_parent_id TEXT",
            "ALTER TABLE logs ADD COLUMN trace_id TEXT",
            "ALTER TABLE logs ADD COLUMN run_id TEXT",
            "ALTER TABLE logs ADD COLUMN log_status TEXT",
            "ALTER TABLE logs ADD COLUMN judgment TEXT",
            "ALTER TABLE logs ADD COLUMN marked_completed SMALLINT",
            "CREATE INDEX logs_file_created ON logs (org_id, file_id, created_at)",
            "CREATE INDEX logs_trace_parent ON logs (trace_parent_id)",
            "CREATE INDEX logs_parent ON logs (parent_id)",
            "CREATE INDEX logs_run ON logs (run_id)",
        ]
    )
}

extension Migrations {
    /// Ids that name a row by another id: what `loopgate import` keeps of a Humanloop export's version ids
    /// (`prv_…`, `tlv_…`, `dsv_…`), whose rows here are content-addressed under ids of their own. Lookups of
    /// a config or a file version by id fall back to this table, so code that names the exported id keeps
    /// working.
    static let idAliases = Migration(
        version: 8,
        name: "id aliases for imported versions",
        statements: [
            """
            CREATE TABLE id_aliases (
                org_id TEXT NOT NULL, alias TEXT NOT NULL, target_id TEXT NOT NULL, PRIMARY KEY (org_id, alias))
            """
        ]
    )
}
