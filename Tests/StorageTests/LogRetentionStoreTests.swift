import HumanloopAPI
import Storage
import Testing

/// Log retention's deletes (`LogStore.deleteLogs(of:createdBefore:limit:)`) on both databases.
@Suite("Log retention in the store")
struct LogRetentionStoreTests {
    @Test func anOwnersOldestLogsGoFirstWithTheirFeedbackAndNoOneElsesDo() async throws {
        try await onEachDatabase { store in
            let org = try await store.ensureOrganization(named: "acme").id
            let other = try await store.ensureOrganization(named: "other").id
            let project = try await store.findOrCreateProject(named: "p", orgID: org).id
            let otherProject = try await store.findOrCreateProject(named: "p", orgID: other).id
            func log(_ id: String, _ orgID: String, _ projectID: String, day: Int64) -> LogRecord {
                var log = LogRecord(
                    id: id, orgID: orgID, saved: true,
                    createdAt: Timestamp(microsecondsSinceEpoch: day * 86_400_000_000))
                log.projectID = projectID
                return log
            }
            _ = try await store.apply([
                GenerationWrite(
                    orgID: org, sessionReferenceID: nil,
                    logs: [
                        log("log_d1", org, project, day: 1), log("log_d2", org, project, day: 2),
                        log("log_d3", org, project, day: 3), log("log_d9", org, project, day: 9),
                    ]),
                GenerationWrite(
                    orgID: other, sessionReferenceID: nil, logs: [log("log_o1", other, otherProject, day: 1)]),
            ])
            try await store.recordFeedback([
                FeedbackWrite(
                    record: FeedbackRecord(
                        id: "ann_d1", orgID: org, logID: "log_d1", type: "t", value: "1", user: nil,
                        createdAt: Timestamp(microsecondsSinceEpoch: 0)),
                    unset: false, experimentEffect: nil)
            ])
            let owners = try await store.logOwners()
            #expect(owners.contains(LogOwner(kind: .project, id: project, orgID: org)))
            let owner = LogOwner(kind: .project, id: project, orgID: org)
            let cutoff = Timestamp(microsecondsSinceEpoch: 5 * 86_400_000_000)
            #expect(try await store.deleteLogs(of: owner, createdBefore: cutoff, limit: 2) == 2)
            #expect(try await store.logExists(id: "log_d1", orgID: org) == false)
            #expect(try await store.logExists(id: "log_d2", orgID: org) == false)
            #expect(try await store.logExists(id: "log_d3", orgID: org))
            #expect(try await store.feedback(logIDs: ["log_d1"], orgID: org).values.flatMap { $0 }.isEmpty)
            #expect(try await store.deleteLogs(of: owner, createdBefore: cutoff, limit: 2) == 1)
            #expect(try await store.deleteLogs(of: owner, createdBefore: cutoff, limit: 2) == 0)
            #expect(try await store.logExists(id: "log_d9", orgID: org))
            #expect(try await store.logExists(id: "log_o1", orgID: other))
        }
    }
}
