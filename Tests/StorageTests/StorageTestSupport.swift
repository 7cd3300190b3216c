import Foundation
import HumanloopAPI
import Logging
import SQLKit

@testable import Storage

/// A migrated SQLite store in a fresh temporary folder.
struct TemporaryStore {
    let directory: URL
    let store: SQLStore

    init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "loopgate-storage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var logger = Logger(label: "storage-test")
        logger.logLevel = .error
        store = try SQLStore.open(.sqlite(path: directory.appendingPathComponent("db.sqlite").path), logger: logger)
        try await store.migrate()
    }

    func close() async {
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
