import Foundation
import Logging
import NIOPosix
import SQLKit
import Testing

@testable import Storage

@Suite("SQLite connections")
struct SQLiteConnectionsTests {
    /// A read that waits past the pool's timeout for a connection is `unavailable` (the server answers
    /// 503, as it does when PostgreSQL's pool cannot serve), not an unknown error (a 500).
    @Test func aReadThatFindsNoConnectionFreeInTimeIsUnavailable() async throws {
        try await withTemporaryDatabase(named: "pool", logLevel: .critical) { path, logger in
            // One event loop, so that both reads ask the same pool of one reader.
            let eventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            let connections = SQLiteConnections(
                path: path, readersPerEventLoop: 1,
                poolTimeout: .milliseconds(100), eventLoopGroup: eventLoopGroup, logger: logger)
            let holdsTheReader = Task {
                try await connections.read { _ in try await Task.sleep(for: .milliseconds(800)) }
            }
            try await Task.sleep(for: .milliseconds(200))
            let error = await #expect(throws: StoreError.self) {
                try await connections.read { try await $0.raw("SELECT 1 AS one").run() }
            }
            if case .unavailable = error {
            } else {
                Issue.record("expected unavailable, got \(String(describing: error))")
            }
            try await holdsTheReader.value
            // Free again, the reader serves.
            let one = try await connections.read { database in
                try await database.raw("SELECT 1 AS one").first()?.decode(column: "one", as: Int.self)
            }
            #expect(one == 1)
            await connections.shutdown()
            try await eventLoopGroup.shutdownGracefully()
        }
    }
}
