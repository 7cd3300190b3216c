import HumanloopAPI
import Testing

@testable import Storage

/// What any `Store` must do, run on both implementations: `SQLStore` (on a SQLite file, and on
/// PostgreSQL when the run has a server) and `InMemoryStore`, so that the core's unit tests on the
/// in-memory one test what the server does, on either database.
@Suite("Store contract")
struct StoreContractTests {
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case sqlite, memory, postgres
        var testDescription: String { rawValue }

        /// The stores this run can test: PostgreSQL only when the run has a server.
        static var available: [Kind] { TemporaryPostgres.baseURL == nil ? [.sqlite, .memory] : allCases }
    }

    func withStore(_ kind: Kind, _ body: (any Store) async throws -> Void) async throws {
        switch kind {
        case .sqlite: try await TemporaryStore.with { try await body($0.store) }
        case .memory: try await body(InMemoryStore())
        case .postgres: try await TemporaryPostgres.with { try await body($0) }
        }
    }

    @Test(arguments: Kind.available)
    func organisationsStartWithTheirEnvironmentsAndKeysAreScoped(_ kind: Kind) async throws {
        try await withStore(kind) { store in
            let acme = try await store.ensureOrganization(named: "acme")
            #expect(try await store.ensureOrganization(named: "acme").id == acme.id)
            #expect(try await store.environmentNames(orgID: acme.id) == ["production", "staging", "development"])
            _ = try await store.createEnvironment(orgID: acme.id, name: "qa")
            await #expect(throws: StoreError.self) { _ = try await store.createEnvironment(orgID: acme.id, name: "qa") }
            try await store.addAPIKey(hash: "h1", prefix: "lg_AAAAbbbb", orgID: acme.id)
            #expect(try await store.organizationID(forKeyHash: "h1") == acme.id)
            #expect(try await store.liveAPIKeys(prefixStartingWith: "lg_AAA").map(\.hash) == ["h1"])
            #expect(try await store.revokeAPIKey(hash: "h1"))
            #expect(try await store.organizationID(forKeyHash: "h1") == nil)
            #expect(try await store.activeAPIKeyCount() == 0)
        }
    }

    @Test(arguments: Kind.available)
    func projectsAreUniqueByNameListedInOrderAndCountTheirLogs(_ kind: Kind) async throws {
        try await withStore(kind) { store in
            let org = try await store.ensureOrganization(named: "acme").id
            let other = try await store.ensureOrganization(named: "other").id
            let beta = try await store.createProject(named: "Beta", orgID: org)
            await #expect(throws: StoreError.self) { _ = try await store.createProject(named: "Beta", orgID: org) }
            let alpha = try await store.findOrCreateProject(named: "alpha", orgID: org)
            #expect(try await store.findOrCreateProject(named: "alpha", orgID: org).id == alpha.id)
            _ = try await store.createProject(named: "alpha", orgID: other)
            #expect(try await store.project(id: alpha.id, orgID: other) == nil)

            let byName = try await store.listProjects(
                orgID: org, page: 0, size: 10, nameFilter: nil, orderBy: .name, ascending: true)
            #expect(byName.records.map(\.name) == ["alpha", "Beta"])
            #expect(byName.total == 2)
            let filtered = try await store.listProjects(
                orgID: org, page: 0, size: 10, nameFilter: "ET", orderBy: .name, ascending: false)
            #expect(filtered.records.map(\.id) == [beta.id])

            _ = try await store.apply([
                GenerationWrite(
                    orgID: org, sessionReferenceID: nil,
                    logs: [
                        TemporaryStore.log(orgID: org, projectID: alpha.id),
                        TemporaryStore.log(orgID: org, projectID: alpha.id),
                    ])
            ])
            #expect(try await store.project(id: alpha.id, orgID: org)?.dataCount == 2)
            try await store.renameProject(id: alpha.id, orgID: org, to: "gamma")
            #expect(try await store.project(named: "gamma", orgID: org)?.id == alpha.id)
            try await store.deleteProject(id: alpha.id, orgID: org)
            #expect(try await store.project(id: alpha.id, orgID: org) == nil)
            #expect(try await store.listLogs(orgID: org, projectID: alpha.id, page: 0, size: 10).total == 0)
        }
    }

    @Test(arguments: Kind.available)
    func logsCountInTheirConfigAndExperimentAndFindTheirSessionByReference(_ kind: Kind) async throws {
        try await withStore(kind) { store in
            let org = try await store.ensureOrganization(named: "acme").id
            let project = try await store.findOrCreateProject(named: "p", orgID: org).id
            #expect(
                try await store.registerConfig(
                    ModelConfigRecord(id: "config_a", body: #"{"model":"m"}"#), projectID: project, orgID: org))
            #expect(
                try await store.registerConfig(
                    ModelConfigRecord(id: "config_b", body: #"{"model":"n"}"#), projectID: project, orgID: org) == false
            )
            let experiment = try await store.createExperiment(
                projectID: project, orgID: org, name: "e", positiveLabels: "[]", configIDs: ["config_a", "config_b"])
            #expect(try await store.experiment(id: experiment, orgID: org)?.status == "Initialized")

            var logs = (0..<3).map { _ in TemporaryStore.log(orgID: org, projectID: project, configID: "config_a") }
            logs[0].experimentID = experiment
            logs[1].referenceID = "ref-1"
            let results = try await store.apply([
                GenerationWrite(orgID: org, sessionReferenceID: "conversation", logs: logs)
            ])
            let sessionID = try #require(results.first?.sessionID)
            #expect(try await store.sessionID(referenceID: "conversation", orgID: org) == sessionID)
            #expect(try await store.logs(sessionID: sessionID, orgID: org).count == 3)
            #expect(try await store.sessions(projectID: project, orgID: org, page: 0, size: 10).total == 1)
            #expect(try await store.projectConfigUsage(projectID: project, configID: "config_a") == 3)
            #expect(try await store.logID(referenceID: "ref-1", orgID: org) == logs[1].id)
            let counted = try #require(try await store.experiment(id: experiment, orgID: org))
            #expect(counted.status == "In progress")
            #expect(counted.configs.map(\.trials) == [1, 0])

            // Positive feedback counts a success once, and its removal takes it back.
            let feedback = FeedbackRecord(
                id: "ann_1", orgID: org, logID: logs[0].id, type: "rating", value: "good", user: nil,
                createdAt: Clock.now())
            let success = ExperimentEffect(experimentID: experiment, configID: "config_a", success: true)
            var again = feedback
            again.id = "ann_2"
            try await store.recordFeedback([FeedbackWrite(record: feedback, unset: false, experimentEffect: success)])
            try await store.recordFeedback([FeedbackWrite(record: again, unset: false, experimentEffect: success)])
            #expect(try await store.experiment(id: experiment, orgID: org)?.configs.map(\.successes) == [1, 0])
            #expect(try await store.feedbackCounts(projectID: project, orgID: org).map(\.count) == [2])
            var failure = success
            failure.success = false
            try await store.recordFeedback([FeedbackWrite(record: feedback, unset: true, experimentEffect: failure)])
            #expect(try await store.experiment(id: experiment, orgID: org)?.configs.map(\.successes) == [0, 0])
            #expect(try await store.feedback(logIDs: [logs[0].id], orgID: org).isEmpty)
        }
    }

    @Test(arguments: Kind.available)
    func logsAreListedNewestFirstAndFilteredByTextMetadataAndTime(_ kind: Kind) async throws {
        try await withStore(kind) { store in
            let org = try await store.ensureOrganization(named: "acme").id
            let project = try await store.findOrCreateProject(named: "p", orgID: org).id
            var logs: [LogRecord] = []
            for index in 0..<4 {
                var log = TemporaryStore.log(
                    orgID: org, projectID: project, configID: index == 0 ? "config_first" : "config_rest")
                log.createdAt = Timestamp(microsecondsSinceEpoch: 1_000_000 * Int64(index + 1))
                log.output = index == 2 ? "The Needle" : "hay"
                log.metadata = index == 1 ? #"{"team":"Red"}"# : nil
                logs.append(log)
            }
            _ = try await store.apply([GenerationWrite(orgID: org, sessionReferenceID: nil, logs: logs)])
            let all = try await store.listLogs(orgID: org, projectID: project, page: 0, size: 3)
            #expect(all.total == 4)
            #expect(all.records.map(\.id) == logs.reversed().prefix(3).map(\.id))
            let needle = try await store.listLogs(
                orgID: org, projectID: project, page: 0, size: 10, filter: LogFilter(search: "needle"))
            #expect(needle.records.map(\.id) == [logs[2].id])
            let red = try await store.listLogs(
                orgID: org, projectID: project, page: 0, size: 10, filter: LogFilter(metadataSearch: "red"))
            #expect(red.records.map(\.id) == [logs[1].id])
            let window = try await store.listLogs(
                orgID: org, projectID: project, page: 0, size: 10,
                filter: LogFilter(
                    start: Timestamp(microsecondsSinceEpoch: 2_000_000),
                    end: Timestamp(microsecondsSinceEpoch: 3_000_000)))
            #expect(Set(window.records.map(\.id)) == [logs[1].id, logs[2].id])
            let first = try await store.listLogs(
                orgID: org, projectID: project, page: 0, size: 10, filter: LogFilter(configID: "config_first"))
            #expect(first.records.map(\.id) == [logs[0].id] && first.total == 1)
            var changes = LogChanges()
            changes.output = "new"
            changes.rawOutput = "new"
            changes.duration = 1.5
            changes.metadata = #"{"k":1}"#
            changes.promptTokens = 9
            #expect(try await store.updateLog(id: logs[0].id, orgID: org, changes: changes))
            let updated = try #require(try await store.log(id: logs[0].id, orgID: org))
            #expect(updated.rawOutput == "new" && updated.duration == 1.5 && updated.metadata == #"{"k":1}"#)
            #expect(updated.promptTokens == 9)
            #expect(updated.error == logs[0].error, "a column not named keeps its value")
            #expect(try await store.updateLog(id: "data_unknown", orgID: org, changes: changes) == false)
            #expect(try await store.deleteLogs(ids: [logs[0].id, "data_unknown"], orgID: org) == 1)
        }
    }

    @Test(arguments: Kind.available)
    func directoriesAreMadeOnceAndMoveWithEverythingBelowThem(_ kind: Kind) async throws {
        try await withStore(kind) { store in
            let org = try await store.ensureOrganization(named: "acme").id
            let made = try await store.ensureDirectories(paths: ["a", "a/b"], orgID: org)
            #expect(made.map(\.path) == ["a", "a/b"])
            let again = try await store.ensureDirectories(paths: ["a/b", "a"], orgID: org)
            #expect(again.map(\.id) == made.map(\.id))
            let project = try await store.createProject(named: "a/b/file", orgID: org)
            _ = try await store.createProject(named: "ab", orgID: org)
            try await store.moveDirectory(from: "a/b", to: "c/d", orgID: org)
            #expect(try await store.directory(id: made[1].id, orgID: org)?.path == "c/d")
            #expect(try await store.project(id: project.id, orgID: org)?.name == "c/d/file")
            #expect(try await store.project(named: "ab", orgID: org) != nil, "a sibling sharing a prefix stays")
            await #expect(throws: StoreError.self) {
                try await store.moveDirectory(from: "c/d", to: "ab", orgID: org)
            }
            #expect(try await store.directories(orgID: org).map(\.path) == ["a", "c/d"])
            try await store.deleteDirectory(id: made[0].id, orgID: org)
            #expect(try await store.directory(path: "a", orgID: org) == nil)
            let other = try await store.ensureOrganization(named: "other").id
            #expect(try await store.directories(orgID: other).isEmpty)
        }
    }

    @Test(arguments: Kind.available)
    func aPromptVersionIsReadWithItsCountsDeploymentsAndDirectory(_ kind: Kind) async throws {
        try await withStore(kind) { store in
            let org = try await store.ensureOrganization(named: "acme").id
            let project = try await store.createProject(named: "team/bot", orgID: org).id
            for config in ["config_a", "config_b"] {
                _ = try await store.registerConfig(
                    ModelConfigRecord(id: config, body: #"{"model":"m"}"#), projectID: project, orgID: org)
            }
            let logs = ["config_a", "config_a", "config_b"].map {
                TemporaryStore.log(orgID: org, projectID: project, configID: $0)
            }
            _ = try await store.apply([GenerationWrite(orgID: org, sessionReferenceID: nil, logs: logs)])
            let production = try #require(try await store.environments(orgID: org).first)
            try await store.deploy(
                projectID: project, orgID: org, environmentIDs: [production.id], configID: "config_a",
                experimentID: nil)
            let directory = try await store.ensureDirectories(paths: ["team"], orgID: org)[0]
            let a = try #require(
                try await store.promptVersion(
                    projectID: project, configID: "config_a", directoryPath: "team", orgID: org))
            #expect(a.project.name == "team/bot" && a.project.dataCount == 3)
            #expect(a.link?.numDatapoints == 2)
            #expect(a.environments.map(\.id) == [production.id])
            #expect(a.directory?.id == directory.id)
            let b = try #require(
                try await store.promptVersion(projectID: project, configID: "config_b", directoryPath: nil, orgID: org))
            #expect(b.link?.numDatapoints == 1 && b.environments.isEmpty && b.directory == nil)
            let unused = try await store.promptVersion(
                projectID: project, configID: "config_c", directoryPath: nil, orgID: org)
            #expect(unused?.link == nil)
            let other = try await store.ensureOrganization(named: "other").id
            #expect(
                try await store.promptVersion(
                    projectID: project, configID: "config_a", directoryPath: nil, orgID: other)
                    == nil)
        }
    }

    @Test(arguments: Kind.available)
    func deploymentsReplaceEachOtherAndAreRemovedByKind(_ kind: Kind) async throws {
        try await withStore(kind) { store in
            let org = try await store.ensureOrganization(named: "acme").id
            let project = try await store.findOrCreateProject(named: "p", orgID: org).id
            let production = try #require(
                try await store.deployment(projectID: project, environmentName: nil, orgID: org))
            #expect(production.environment.name == "production")
            #expect(production.deployment == nil)
            #expect(try await store.deployment(projectID: project, environmentName: "nowhere", orgID: org) == nil)

            let environmentID = production.environment.id
            try await store.deploy(
                projectID: project, orgID: org, environmentIDs: [environmentID], configID: "config_a", experimentID: nil
            )
            try await store.deploy(
                projectID: project, orgID: org, environmentIDs: [environmentID], configID: "config_b", experimentID: nil
            )
            #expect(try await store.deployments(projectID: project, orgID: org).map(\.configID) == ["config_b"])
            try await store.removeDeployment(
                projectID: project, environmentID: environmentID, orgID: org, onlyIf: .experiment)
            #expect(
                try await store.deployment(projectID: project, environmentName: "production", orgID: org)?.deployment?
                    .configID == "config_b")
            try await store.removeDeployment(
                projectID: project, environmentID: environmentID, orgID: org, onlyIf: .config)
            #expect(try await store.deployments(projectID: project, orgID: org).isEmpty)
        }
    }

    @Test(arguments: Kind.available)
    func filesShareTheProjectsPathsAndKeepVersionsOncePerContent(_ kind: Kind) async throws {
        try await withStore(kind) { store in
            let org = try await store.ensureOrganization(named: "acme").id
            let now = Timestamp(microsecondsSinceEpoch: 1_000_000)
            _ = try await store.createProject(named: "a/prompt", orgID: org)
            _ = try await store.ensureDirectories(paths: ["a"], orgID: org)
            for taken in ["a/prompt", "a"] {
                await #expect(throws: StoreError.self) {
                    try await store.createFile(
                        FileRecord(id: "tl_x", orgID: org, kind: .tool, path: taken, createdAt: now, updatedAt: now))
                }
            }
            let tool = FileRecord(id: "tl_1", orgID: org, kind: .tool, path: "a/tool", createdAt: now, updatedAt: now)
            try await store.createFile(tool)
            #expect(try await store.file(path: "a/tool", orgID: org)?.id == "tl_1")
            #expect(try await store.file(id: "tl_1", orgID: "org_other") == nil)

            func version(_ id: String, at micros: Int64, name: String? = nil) -> FileVersionRecord {
                let time = Timestamp(microsecondsSinceEpoch: micros)
                return FileVersionRecord(
                    id: id, orgID: org, fileID: "tl_1", body: "{}", name: name, createdAt: time, touchedAt: time)
            }
            _ = try await store.upsertFileVersion(version("tlv_1", at: 2_000_000, name: "first"))
            _ = try await store.upsertFileVersion(version("tlv_2", at: 3_000_000))
            #expect(try await store.fileVersions(fileID: "tl_1", orgID: org).map(\.id) == ["tlv_2", "tlv_1"])
            // The same content again: no new row; it becomes the newest and keeps its name and first time.
            let again = try await store.upsertFileVersion(version("tlv_1", at: 4_000_000))
            #expect(again.name == "first" && again.createdAt.microsecondsSinceEpoch == 2_000_000)
            #expect(try await store.fileVersions(fileID: "tl_1", orgID: org).map(\.id) == ["tlv_1", "tlv_2"])

            try await store.moveDirectory(from: "a", to: "b", orgID: org)
            #expect(try await store.file(id: "tl_1", orgID: org)?.path == "b/tool")
            try await store.deleteFile(id: "tl_1", orgID: org)
            #expect(try await store.file(id: "tl_1", orgID: org) == nil)
            #expect(try await store.fileVersions(fileID: "tl_1", orgID: org).isEmpty)
        }
    }

    @Test(arguments: Kind.available)
    func v5LogsAreListedByFileTraceAndRun(_ kind: Kind) async throws {
        try await withStore(kind) { store in
            let org = try await store.ensureOrganization(named: "acme").id
            func log(_ id: String, at seconds: Int64, _ place: (inout LogRecord) -> Void) -> LogRecord {
                var record = LogRecord(
                    id: id, orgID: org, saved: true, createdAt: Timestamp(microsecondsSinceEpoch: seconds * 1_000_000))
                place(&record)
                return record
            }
            let flow = log("log_flow", at: 1) {
                $0.fileID = "fl_1"
                $0.versionID = "flv_1"
                $0.logStatus = "incomplete"
            }
            let tool = log("log_tool", at: 2) {
                $0.fileID = "tl_1"
                $0.versionID = "tlv_1"
                $0.traceParentID = "log_flow"
                $0.traceID = "log_flow"
                $0.runID = "run_1"
                $0.sourceDatapointID = "dp_1"
            }
            let judgment = log("log_judgment", at: 3) {
                $0.fileID = "ev_1"
                $0.versionID = "evv_1"
                $0.parentID = "log_tool"
                $0.judgment = "true"
                $0.markedCompleted = true
            }
            // A v4 log beside them, in the same batch: the batch writes v5's columns for all.
            let v4 = log("data_v4", at: 4) { $0.output = "v4" }
            _ = try await store.apply([
                GenerationWrite(orgID: org, sessionReferenceID: nil, logs: [flow, tool, judgment, v4])
            ])

            let stored = try #require(try await store.log(id: "log_judgment", orgID: org))
            #expect(stored.judgment == "true" && stored.markedCompleted == true && stored.parentID == "log_tool")
            #expect(try await store.log(id: "data_v4", orgID: org)?.fileID == nil)
            let page = try await store.listLogs(orgID: org, fileID: "tl_1", versionID: nil, page: 0, size: 10)
            #expect(page.total == 1 && page.records.first?.traceID == "log_flow")
            #expect(
                try await store.listLogs(orgID: org, fileID: "tl_1", versionID: "tlv_2", page: 0, size: 10).total == 0)
            #expect(try await store.traceChildren(of: ["log_flow"], orgID: org).map(\.id) == ["log_tool"])
            #expect(try await store.evaluatorLogs(on: ["log_tool"], orgID: org).map(\.id) == ["log_judgment"])
            #expect(try await store.runLogs(runID: "run_1", orgID: org).map(\.sourceDatapointID) == ["dp_1"])
            #expect(try await store.addLogs(["data_v4", "log_nope"], toRun: "run_1", orgID: org) == ["data_v4"])
            #expect(Set(try await store.runLogs(runID: "run_1", orgID: org).map(\.logID)) == ["log_tool", "data_v4"])
            var changes = LogChanges()
            changes.logStatus = "complete"
            #expect(try await store.updateLog(id: "log_flow", orgID: org, changes: changes))
            #expect(try await store.log(id: "log_flow", orgID: org)?.logStatus == "complete")
        }
    }

    @Test(arguments: Kind.available)
    func evaluationNamesAreUniquePerFileAndRunsAreNewestFirst(_ kind: Kind) async throws {
        try await withStore(kind) { store in
            let org = try await store.ensureOrganization(named: "acme").id
            let time = { (seconds: Int64) in Timestamp(microsecondsSinceEpoch: seconds * 1_000_000) }
            try await store.createEvaluation(
                EvaluationRecord(
                    id: "evr_1", orgID: org, fileID: "fl_1", name: "nightly", evaluators: "[]", createdAt: time(1),
                    updatedAt: time(1)))
            await #expect(throws: StoreError.self) {
                try await store.createEvaluation(
                    EvaluationRecord(
                        id: "evr_2", orgID: org, fileID: "fl_1", name: "nightly", evaluators: "[]", createdAt: time(2),
                        updatedAt: time(2)))
            }
            for (id, second) in [("run_a", Int64(1)), ("run_b", 2)] {
                try await store.createRun(
                    EvaluationRunRecord(
                        id: id, orgID: org, evaluationID: "evr_1", datasetVersionID: "dsv_1", versionID: "flv_1",
                        createdAt: time(second), updatedAt: time(second)))
            }
            #expect(try await store.runs(evaluationID: "evr_1", orgID: org).map(\.id) == ["run_b", "run_a"])
            try await store.setRunStatus(id: "run_a", orgID: org, status: "cancelled")
            #expect(try await store.run(id: "run_a", orgID: org)?.status == "cancelled")
            #expect(try await store.evaluations(fileID: "fl_1", orgID: org).map(\.id) == ["evr_1"])
            try await store.deleteEvaluation(id: "evr_1", orgID: org)
            #expect(try await store.runs(evaluationID: "evr_1", orgID: org).isEmpty)
        }
    }
}
