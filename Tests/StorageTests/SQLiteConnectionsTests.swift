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
                poolTimeout: .seconds(1), eventLoopGroup: eventLoopGroup, logger: logger)
            // The pool is shut down however the test ends: one dropped open traps in AsyncKit's deinit and
            // takes every other test of the run with it.
            do {
                try await Self.holdTheReaderAndReadAgain(connections)
            } catch {
                await connections.shutdown()
                try await eventLoopGroup.shutdownGracefully()
                throw error
            }
            await connections.shutdown()
            try await eventLoopGroup.shutdownGracefully()
        }
    }

    /// Holds the one reader for longer than the pool's timeout, reads meanwhile, then reads once it is free.
    private static func holdTheReaderAndReadAgain(_ connections: SQLiteConnections) async throws {
        // The holder says when it has the reader, so the second read starts only then, however long a
        // loaded machine takes to open the connection.
        let (held, holding) = AsyncStream.makeStream(of: Void.self)
        let holdsTheReader = Task {
            try await connections.read { _ in
                holding.yield()
                try await Task.sleep(for: .milliseconds(2_500))
            }
        }
        for await _ in held { break }
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
    }
}
