import HumanloopAPI
import Logging
import NIOCore
import SQLKit

/// The one `Store`: every query Loopgate runs, in SQL that SQLite and PostgreSQL share.
/// Dialect differences live in `DatabaseConnections`.
public final class SQLStore: Sendable {
    let connections: any DatabaseConnections
    /// What `-deployed` calls resolve; `nil` when other replicas share the database and may deploy at
    /// any time (CONTRACT.md: a deploy is used by the very next request on any replica).
    let deploymentCache: DeploymentCache?

    public init(connections: any DatabaseConnections) {
        self.connections = connections
        self.deploymentCache = connections.isShared ? nil : DeploymentCache()
    }

    /// How to connect, beyond the URL.
    public struct Options: Sendable {
        public var sqliteSynchronous: SQLiteConnections.Synchronous
        /// `LOOPGATE_DB_POOL_SIZE`: PostgreSQL connections per process.
        public var poolSize: Int
        /// `LOOPGATE_DB_POOL_TIMEOUT`: how long a request waits for a connection before a 503.
        public var poolTimeout: Duration

        public init(
            sqliteSynchronous: SQLiteConnections.Synchronous = .normal, poolSize: Int = 16,
            poolTimeout: Duration = .seconds(2)
        ) {
            self.sqliteSynchronous = sqliteSynchronous
            self.poolSize = poolSize
            self.poolTimeout = poolTimeout
        }
    }

    /// Opens the database a URL names.
    public static func open(_ url: DatabaseURL, options: Options = Options(), logger: Logger) throws -> SQLStore {
        let timeout = TimeAmount.nanoseconds(options.poolTimeout.nanoseconds)
        switch url {
        case .sqlite(let path):
            return SQLStore(
                connections: SQLiteConnections(
                    path: path, synchronous: options.sqliteSynchronous, poolTimeout: timeout, logger: logger))
        case .postgres(let url):
            do {
                return SQLStore(
                    connections: try PostgresConnections(
                        url: url, poolSize: options.poolSize, poolTimeout: timeout, logger: logger))
            } catch let error as StoreError {
                throw error
            } catch {
                throw StoreError.invalidConfiguration("invalid PostgreSQL URL: \(error)")
            }
        }
    }

    /// Whether other replicas share the database (PostgreSQL), so caches of what they may change are off.
    public var isShared: Bool { connections.isShared }

    /// Brings the schema up to date; returns the versions applied now.
    @discardableResult
    public func migrate() async throws -> [Int] {
        try await Migrator(connections: connections, migrations: Migrations.all).migrate()
    }

    public func shutdown() async {
        await connections.shutdown()
    }
}

// MARK: - Organisations, keys, environments

extension SQLStore {
    /// The environments every organisation starts with; the first is the default.
    public static let initialEnvironments = ["production", "staging", "development"]

    /// Finds an organisation by name or creates it with its initial environments.
    public func ensureOrganization(named name: String) async throws -> OrganizationRecord {
        try await connections.transaction { database in
            let now = Clock.nowMicros()
            let candidate = ResourceID.make(.organization)
            try await database.raw(
                """
                INSERT INTO organizations (id, name, team_id, created_at)
                VALUES (\(bind: candidate), \(bind: name), \(bind: ResourceID.make(.team)), \(bind: now))
                ON CONFLICT (name) DO NOTHING
                """
            ).run()
            guard let row = try await database.raw("SELECT * FROM organizations WHERE name = \(bind: name)").first()
            else { throw StoreError.unavailable("organisation \(name) vanished") }
            let organization = try OrganizationRecord(row: row)
            if organization.id == candidate {
                for (index, environment) in Self.initialEnvironments.enumerated() {
                    try await Self.insertEnvironment(
                        database, orgID: candidate, name: environment, tag: index == 0 ? "default" : "other")
                }
            }
            return organization
        }
    }

    public func organization(named name: String) async throws -> OrganizationRecord? {
        try await connections.read { database in
            try await database.raw("SELECT * FROM organizations WHERE name = \(bind: name)").first()
                .map(OrganizationRecord.init(row:))
        }
    }

    public func organization(id: String) async throws -> OrganizationRecord? {
        try await connections.read { database in
            try await database.raw("SELECT * FROM organizations WHERE id = \(bind: id)").first()
                .map(OrganizationRecord.init(row:))
        }
    }

    /// Stores a key's hash for an organisation. A hash already stored keeps its organisation and state
    /// and takes the new prefix (a key stored by an older build may have kept more of itself in clear).
    public func addAPIKey(hash: String, prefix: String, orgID: String) async throws {
        try await connections.transaction { database in
            try await database.raw(
                """
                INSERT INTO api_keys (key_hash, org_id, key_prefix, created_at)
                VALUES (\(bind: hash), \(bind: orgID), \(bind: prefix), \(bind: Clock.nowMicros()))
                ON CONFLICT (key_hash) DO UPDATE SET key_prefix = excluded.key_prefix
                """
            ).run()
        }
    }

    /// Whether a key hash is stored and, if so, whether it was revoked.
    public func apiKeyState(hash: String) async throws -> (orgID: String, revoked: Bool)? {
        try await connections.read { database in
            guard
                let row = try await database.raw(
                    "SELECT org_id, revoked_at FROM api_keys WHERE key_hash = \(bind: hash)"
                ).first()
            else { return nil }
            return (
                try row.decode(column: "org_id", as: String.self),
                try row.decodeNil(column: "revoked_at") == false
            )
        }
    }

    /// The organisation of a live (not revoked) key, by the key's hash.
    public func organizationID(forKeyHash hash: String) async throws -> String? {
        guard let state = try await apiKeyState(hash: hash), !state.revoked else { return nil }
        return state.orgID
    }

    /// The number of keys that still work.
    public func activeAPIKeyCount() async throws -> Int {
        try await connections.read { database in
            try await database.raw("SELECT COUNT(*) AS n FROM api_keys WHERE revoked_at IS NULL").first()?
                .decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// The live keys whose stored prefix starts with `text` (LIKE's wildcards in it are literal): the
    /// candidates for a revocation by prefix, which the caller narrows down.
    public func liveAPIKeys(prefixStartingWith text: String) async throws -> [(hash: String, prefix: String)] {
        try await connections.read { database in
            try await database.raw(
                """
                SELECT key_hash, key_prefix FROM api_keys
                WHERE key_prefix LIKE \(bind: Self.likePattern(prefix: text)) ESCAPE '\\' AND revoked_at IS NULL
                """
            ).all().map {
                (
                    try $0.decode(column: "key_hash", as: String.self),
                    try $0.decode(column: "key_prefix", as: String.self)
                )
            }
        }
    }

    /// Revokes the live key with this hash; `false` when there is none.
    public func revokeAPIKey(hash: String) async throws -> Bool {
        try await connections.transaction { database in
            let live = try await database.raw(
                "SELECT key_hash FROM api_keys WHERE key_hash = \(bind: hash) AND revoked_at IS NULL"
            ).first()
            guard live != nil else { return false }
            try await database.raw(
                "UPDATE api_keys SET revoked_at = \(bind: Clock.nowMicros()) WHERE key_hash = \(bind: hash)"
            ).run()
            return true
        }
    }

    /// Adds an environment (tag `other`) to an organisation.
    public func createEnvironment(orgID: String, name: String) async throws -> String {
        try await connections.transaction { database in
            let existing = try await database.raw(
                "SELECT id FROM environments WHERE org_id = \(bind: orgID) AND name = \(bind: name)"
            ).first()
            if existing != nil {
                throw StoreError.conflict("environment '\(name)' already exists")
            }
            return try await Self.insertEnvironment(database, orgID: orgID, name: name, tag: "other")
        }
    }

    /// The names of an organisation's environments, default first.
    public func environmentNames(orgID: String) async throws -> [String] {
        try await connections.read { database in
            try await database.raw(
                """
                SELECT name FROM environments WHERE org_id = \(bind: orgID)
                ORDER BY CASE WHEN tag = 'default' THEN 0 ELSE 1 END, created_at, name
                """
            ).all().map { try $0.decode(column: "name", as: String.self) }
        }
    }

    @discardableResult
    static func insertEnvironment(
        _ database: any SQLDatabase, id: String = ResourceID.make(.environment), orgID: String, name: String,
        tag: String
    ) async throws -> String {
        try await database.raw(
            """
            INSERT INTO environments (id, org_id, name, tag, created_at)
            VALUES (\(bind: id), \(bind: orgID), \(bind: name), \(bind: tag), \(bind: Clock.nowMicros()))
            """
        ).run()
        return id
    }

    /// A LIKE pattern matching strings that start with `prefix`, with LIKE's wildcards escaped.
    static func likePattern(prefix: String) -> String {
        likeEscaped(prefix) + "%"
    }

    static func likeEscaped(_ text: String) -> String {
        text.replacing("\\", with: "\\\\").replacing("%", with: "\\%").replacing("_", with: "\\_")
    }
}
