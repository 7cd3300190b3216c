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

    /// Holds the one reader until told to let go, reads meanwhile (which must wait past the pool's timeout),
    /// then lets go and reads again. Nothing here is timed but the pool's own timeout: on a loaded machine
    /// the test's own task may wait seconds for a thread, which a holder that slept a fixed time outlasted.
    private static func holdTheReaderAndReadAgain(_ connections: SQLiteConnections) async throws {
        try await openTheReader(connections)
        let (held, holding) = AsyncStream.makeStream(of: Void.self)
        let (letGo, lettingGo) = AsyncStream.makeStream(of: Void.self)
        let holdsTheReader = Task {
            // However the holder ends, the stream ends, so that a holder that failed is reported (below)
            // instead of waited for forever.
            defer { holding.finish() }
            try await connections.read { _ in
                holding.yield()
                for await _ in letGo { break }
            }
        }
        var holds = false
        for await _ in held {
            holds = true
            break
        }
        guard holds else {
            try await holdsTheReader.value
            Issue.record("the holder ended without holding the reader")
            return
        }
        let error = await #expect(throws: StoreError.self) {
            try await connections.read { try await $0.raw("SELECT 1 AS one").run() }
        }
        if case .unavailable = error {
        } else {
            Issue.record("expected unavailable, got \(String(describing: error))")
        }
        lettingGo.finish()
        try await holdsTheReader.value
        // Free again, the reader serves.
        let one = try await connections.read { database in
            try await database.raw("SELECT 1 AS one").first()?.decode(column: "one", as: Int.self)
        }
        #expect(one == 1)
    }

    /// Opens the pool's one reader. On a loaded machine opening it (a file, four PRAGMAs on the thread
    /// pool) can take longer than the pool's one-second timeout: that read fails, but the connection
    /// still opens and joins the pool, and a later read finds it.
    private static func openTheReader(_ connections: SQLiteConnections) async throws {
        for _ in 0..<30 {
            if (try? await connections.read { try await $0.raw("SELECT 1").run() }) != nil { return }
        }
        Issue.record("the reader never opened")
    }
}
