import Foundation
import HumanloopAPI
import Logging
import SQLKit

@testable import Storage

/// A migrated SQLite store in a fresh temporary folder.
struct TemporaryStore {
    let directory: URL
    let store: SQLStore

    /// Runs `body` with a fresh store and closes it however `body` ends. A store left open when a test
    /// throws would trip AsyncKit's assertion on its pool, ending the whole test run instead of
    /// reporting the one failure.
    static func with<Result>(_ body: (TemporaryStore) async throws -> Result) async throws -> Result {
        let temporary = try await TemporaryStore()
        return try await running {
            try await body(temporary)
        } thenClosing: {
            await temporary.close()
        }
    }

    private init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "loopgate-storage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var logger = Logger(label: "storage-test")
        logger.logLevel = .error
        // The suites run in parallel on CI's two cores (and again beside the PostgreSQL run), so SQLite's
        // blocking pool is shared by a dozen stores migrating at once; a connection can wait seconds there.
        // These tests are about what the store does, not the server's 2-second default for that wait,
        // which tripped `concurrentFindOrCreateOfOneProjectMakesOneRow` once in nine CI runs.
        store = try SQLStore.open(
            .sqlite(path: directory.appendingPathComponent("db.sqlite").path),
            options: SQLStore.Options(poolTimeout: .seconds(30)), logger: logger)
        do {
            try await store.migrate()
        } catch {
            await close()
            throw error
        }
    }

    /// A new organisation "acme" and its project "p": (organisation id, project id).
    func organizationWithProject() async throws -> (org: String, project: String) {
        let org = try await store.ensureOrganization(named: "acme").id
        return (org, try await store.findOrCreateProject(named: "p", orgID: org).id)
    }

    private func close() async {
        await store.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }

    static func log(orgID: String, projectID: String? = nil, configID: String? = nil) -> LogRecord {
        var log = LogRecord(id: ResourceID.make(.log), orgID: orgID, saved: true, createdAt: Clock.now())
        log.projectID = projectID
        log.configID = configID
        log.output = "out"
        return log
    }
}

/// Runs `body` with the path of a database file in a fresh temporary folder, and a logger that keeps
/// quiet below `logLevel`; the folder is deleted afterwards, whatever `body` does.
func withTemporaryDatabase<Result>(
    named name: String, logLevel: Logger.Level = .error,
    _ body: (_ path: String, _ logger: Logger) async throws -> Result
) async throws -> Result {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("loopgate-\(name)-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    var logger = Logger(label: "\(name)-test")
    logger.logLevel = logLevel
    return try await body(directory.appendingPathComponent("db.sqlite").path, logger)
}

/// Runs `body` with a store opened on `url` (not migrated) and shuts it down however `body` ends, for
/// the same reason as `TemporaryStore.with`.
func withOpenStore<Result>(
    _ url: DatabaseURL, logger: Logger, _ body: (SQLStore) async throws -> Result
) async throws -> Result {
    let store = try SQLStore.open(url, logger: logger)
    return try await running {
        try await body(store)
    } thenClosing: {
        await store.shutdown()
    }
}

/// `body`'s result or error, once `close` has run after it either way.
func running<Result>(
    _ body: () async throws -> Result, thenClosing close: () async -> Void
) async throws -> Result {
    let result: Result
    do {
        result = try await body()
    } catch {
        await close()
        throw error
    }
    await close()
    return result
}

/// Runs `body` on a fresh SQLite store, then on a fresh PostgreSQL one when the run has a server.
func onEachDatabase(_ body: (SQLStore) async throws -> Void) async throws {
    try await TemporaryStore.with { try await body($0.store) }
    try await TemporaryPostgres.with(body)
}

/// A fresh PostgreSQL database per test, when the run has a server (`LOOPGATE_TEST_POSTGRES_URL`, which
/// `scripts/test` sets for its PostgreSQL pass), so the store contract holds on both SQL dialects.
enum TemporaryPostgres {
    static let baseURL = ProcessInfo.processInfo.environment["LOOPGATE_TEST_POSTGRES_URL"].flatMap {
        $0.isEmpty ? nil : $0
    }

    /// Runs `body` with a migrated store on a database of its own, closed however `body` ends.
    static func with(_ body: (SQLStore) async throws -> Void) async throws {
        guard let base = baseURL else { return }
        var logger = Logger(label: "storage-test")
        logger.logLevel = .error
        let name = "lg_contract_" + UUID().uuidString.lowercased().filter { $0.isLetter || $0.isNumber }.prefix(20)
        let server = try SQLStore.open(.postgres(url: base), logger: logger)
        try await running {
            try await server.connections.read { database in
                try await database.raw("CREATE DATABASE \(ident: name)").run()
            }
        } thenClosing: {
            await server.shutdown()
        }
        let store = try SQLStore.open(
            .postgres(url: url(base, database: String(name))), options: SQLStore.Options(poolTimeout: .seconds(30)),
            logger: logger)
        try await running {
            try await store.migrate()
            try await body(store)
        } thenClosing: {
            await store.shutdown()
        }
    }

    /// The base URL with its database replaced.
    static func url(_ base: String, database: String) -> String {
        guard let slash = base.lastIndex(of: "/"), base[..<slash].hasSuffix("//") == false else { return base }
        let query = base.firstIndex(of: "?").map { String(base[$0...]) } ?? ""
        return String(base[...slash]) + database + query
    }
}
