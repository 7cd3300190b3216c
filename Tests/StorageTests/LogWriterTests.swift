import HumanloopAPI
import Logging
import Storage
import Synchronization
import Testing

@Suite("The batched log writer")
struct LogWriterTests {
    static var logger: Logger {
        var logger = Logger(label: "log-writer-test")
        logger.logLevel = .critical
        return logger
    }

    @Test func concurrentWritesShareTransactions() async throws {
        let batches = Mutex<[Int]>([])
        let writer = LogWriter(logger: Self.logger) { writes in
            batches.withLock { $0.append(writes.count) }
            try await Task.sleep(for: .milliseconds(20))
            return writes.map { _ in GenerationWriteResult(sessionID: nil) }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<100 {
                group.addTask {
                    _ = try await writer.write(
                        GenerationWrite(orgID: "org", sessionReferenceID: nil, logs: []))
                }
            }
            try await group.waitForAll()
        }
        let sizes = batches.withLock { $0 }
        #expect(sizes.reduce(0, +) == 100)
        #expect(sizes.count < 20, "100 concurrent writes took \(sizes.count) transactions")
        #expect(sizes.max() ?? 0 > 1)
    }

    @Test func aFailingWriteFailsAloneAndTheRestLand() async throws {
        let writer = LogWriter(logger: Self.logger) { writes in
            if writes.contains(where: { $0.orgID == "bad" }) { throw StoreError.conflict("bad write") }
            try await Task.sleep(for: .milliseconds(5))
            return writes.map { GenerationWriteResult(sessionID: $0.orgID) }
        }
        let outcomes = await withTaskGroup(of: (String, Bool).self) { group in
            for index in 0..<30 {
                let org = index == 7 ? "bad" : "org\(index)"
                group.addTask {
                    let result = try? await writer.write(
                        GenerationWrite(orgID: org, sessionReferenceID: nil, logs: []))
                    return (org, result?.sessionID == org)
                }
            }
            return await group.reduce(into: [String: Bool]()) { $0[$1.0] = $1.1 }
        }
        #expect(outcomes["bad"] == false)
        #expect(outcomes.filter { $0.key != "bad" }.values.allSatisfy { $0 })
        #expect(outcomes.count == 30)
    }

    @Test func closeWaitsForQueuedWritesAndRefusesNewOnes() async throws {
        let committed = Mutex(0)
        let writer = LogWriter(logger: Self.logger) { writes in
            try await Task.sleep(for: .milliseconds(50))
            committed.withLock { $0 += writes.count }
            return writes.map { _ in GenerationWriteResult(sessionID: nil) }
        }
        let pending = Task {
            try await writer.write(GenerationWrite(orgID: "org", sessionReferenceID: nil, logs: []))
        }
        try await Task.sleep(for: .milliseconds(10))
        await writer.close()
        #expect(committed.withLock { $0 } == 1)
        _ = try await pending.value
        await #expect(throws: LogWriter.ClosedError.self) {
            try await writer.write(GenerationWrite(orgID: "org", sessionReferenceID: nil, logs: []))
        }
    }

    @Test func batchesReachTheDatabaseWithSummedCounters() async throws {
        try await TemporaryStore.with { temporary in
            let store = temporary.store
            let organization = try await store.ensureOrganization(named: "default")
            let project = try await store.findOrCreateProject(named: "p", orgID: organization.id)
            let writer = LogWriter(store: store, logger: Self.logger)
            let config = ModelConfigRecord(id: "config_abc", body: #"{"model":"m"}"#)
            let sessions = try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<60 {
                    group.addTask {
                        let log = TemporaryStore.log(orgID: organization.id, projectID: project.id, configID: config.id)
                        return try await writer.write(
                            GenerationWrite(
                                orgID: organization.id, configs: [config], sessionReferenceID: "conversation",
                                logs: [log])
                        ).sessionID
                    }
                }
                return try await group.reduce(into: Set<String?>()) { $0.insert($1) }
            }
            #expect(sessions.count == 1)
            let listed = try await store.listLogs(orgID: organization.id, projectID: project.id, page: 0, size: 100)
            #expect(listed.total == 60)
            #expect(try await store.project(id: project.id, orgID: organization.id)?.dataCount == 60)
            #expect(try await store.projectConfigUsage(projectID: project.id, configID: config.id) == 60)
            #expect(try await store.modelConfig(id: config.id, orgID: organization.id)?.body == config.body)
        }
    }
}
