import HumanloopAPI
import Logging
import Storage
import Testing

@testable import LoopgateCore

@Suite("LogRetention")
struct LogRetentionTests {
    static let day: Int64 = 86_400_000_000

    @Test func aPassDeletesEveryLogOlderThanTheCutoffInBatchesAndNothingNewer() async throws {
        let store = InMemoryStore()
        let org = try await store.ensureOrganization(named: "acme").id
        let project = try await store.findOrCreateProject(named: "p", orgID: org).id
        let now = Clock.now()
        var logs: [LogRecord] = []
        for age in 0..<7 {
            var log = LogRecord(
                id: "log_age\(age)", orgID: org, saved: true,
                createdAt: Timestamp(microsecondsSinceEpoch: now.microsecondsSinceEpoch - Int64(age) * Self.day))
            log.projectID = project
            logs.append(log)
        }
        _ = try await store.apply([GenerationWrite(orgID: org, sessionReferenceID: nil, logs: logs)])
        try await store.recordFeedback([
            FeedbackWrite(
                record: FeedbackRecord(
                    id: "ann_old", orgID: org, logID: "log_age6", type: "rating", value: "1", user: nil,
                    createdAt: now),
                unset: false, experimentEffect: nil)
        ])

        // Batches of two: the pass goes on until a batch comes back short.
        let retention = LogRetention(
            store: store, maximumAge: .seconds(3 * 86_400 + 60), batchSize: 2, pause: .zero,
            logger: Logger(label: "test"))
        let cutoff = LogRetention.cutoff(now: now, maximumAge: retention.maximumAge)
        #expect(try await retention.prune(before: cutoff) == 3)  // 4, 5 and 6 days old
        for age in 0..<7 {
            #expect(try await store.logExists(id: "log_age\(age)", orgID: org) == (age <= 3))
        }
        #expect(try await store.feedback(logIDs: ["log_age6"], orgID: org).values.flatMap { $0 }.isEmpty)
        #expect(try await retention.prune(before: cutoff) == 0)
    }

    @Test func theCutoffIsTheAgeBeforeNow() {
        let now = Timestamp(microsecondsSinceEpoch: 10 * Self.day)
        #expect(
            LogRetention.cutoff(now: now, maximumAge: .seconds(86_400 * 2))
                == Timestamp(microsecondsSinceEpoch: 8 * Self.day))
        #expect(
            LogRetention.cutoff(now: now, maximumAge: .milliseconds(1500))
                == Timestamp(microsecondsSinceEpoch: 10 * Self.day - 1_500_000))
    }
}
