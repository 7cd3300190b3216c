import Foundation
import Logging
import SQLKit
import Synchronization
import Testing

@testable import Storage

@Suite("WAL checkpointer")
struct WALCheckpointerTests {
    /// Commits never checkpoint, so without the background checkpointer the WAL would grow with every
    /// write; with it, the WAL is started over past the restart size and stays near it, and closing the
    /// database empties it. The checkpoints run at normal priority here: at idle priority, on a machine
    /// kept busy by other work (CI's), a pass that has begun holds SQLite's checkpoint lock for as long
    /// as its thread gets no CPU, and no bound holds; the test after this one covers that case.
    @Test func theWALStaysBoundedUnderSteadyWritesAndIsEmptiedAtShutdown() async throws {
        try await withTemporaryDatabase(named: "wal") { path, logger in
            let connections = SQLiteConnections(
                path: path, checkpointInterval: .milliseconds(20), checkpointRestartPages: 64,
                checkpointsAtIdlePriority: false, logger: logger)
            try await connections.autocommit {
                try await $0.raw("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)").run()
            }
            let payload = String(repeating: "x", count: 3000)
            var largestWAL = 0
            for round in 0..<40 {
                for _ in 0..<25 {
                    try await connections.autocommit {
                        try await $0.raw("INSERT INTO t (v) VALUES (\(bind: payload))").run()
                    }
                }
                if round.isMultiple(of: 5) { try await Task.sleep(for: .milliseconds(60)) }
                largestWAL = max(largestWAL, Self.size(of: path + "-wal"))
            }
            let count = try await connections.read { database in
                try await database.raw("SELECT COUNT(*) AS n FROM t").first()?.decode(column: "n", as: Int.self)
            }
            #expect(count == 1000)
            // 1,000 commits of a 3 KB row write well over 1,000 pages; 64 pages restart the log.
            #expect(largestWAL < 1_000 * 4096, "largest WAL \(largestWAL) bytes")
            await connections.shutdown()
            #expect(Self.size(of: path + "-wal") == 0)
        }
    }

    /// A background pass that gets no CPU (its thread starved by a saturated machine) must not stop
    /// checkpoints: the writer's connection takes over every interval until the background pass returns,
    /// no second background pass is queued behind the stuck one, and background passes resume after it.
    @Test func aStarvedBackgroundPassIsTakenOverByTheWriter() async throws {
        let calls = Mutex((background: 0, writer: 0, released: false))
        let checkpointer = WALCheckpointer(
            interval: .milliseconds(10), restartPages: 1_000, starvedAfter: .milliseconds(30),
            logger: Logger(label: "wal-starved"))
        let running = Task {
            await checkpointer.run(
                inBackground: { _ in
                    calls.withLock { $0.background += 1 }
                    while !calls.withLock({ $0.released }) { try await Task.sleep(for: .milliseconds(5)) }
                    return 0
                },
                onWriter: { _ in
                    calls.withLock { $0.writer += 1 }
                    return 0
                })
        }
        defer { running.cancel() }

        try await Self.waitUntil { calls.withLock { $0.writer >= 3 } }
        #expect(calls.withLock { $0.background } == 1)

        calls.withLock { $0.released = true }
        try await Self.waitUntil { calls.withLock { $0.background >= 2 } }
        running.cancel()
        await running.value
    }

    /// Polls `condition` every 5 ms for up to 10 s (CI's loaded machine), failing the test after that.
    static func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while !condition() {
            try #require(ContinuousClock.now < deadline, "condition not met within 10 s")
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    static func size(of path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }
}
