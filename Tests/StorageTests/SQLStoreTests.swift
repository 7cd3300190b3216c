import HumanloopAPI
import Storage
import Testing

@Suite("SQLStore")
struct SQLStoreTests {
    @Test func concurrentFindOrCreateOfOneProjectMakesOneRow() async throws {
        try await TemporaryStore.with { temporary in
            let store = temporary.store
            let organization = try await store.ensureOrganization(named: "default")
            let ids = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await store.findOrCreateProject(named: "same", orgID: organization.id).id }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(ids.count == 1)
            let listed = try await store.listProjects(
                orgID: organization.id, page: 0, size: 10, nameFilter: nil, orderBy: .name, ascending: true)
            #expect(listed.total == 1)
        }
    }

    @Test func organisationsStartWithThreeEnvironmentsProductionFirst() async throws {
        try await TemporaryStore.with { temporary in
            let organization = try await temporary.store.ensureOrganization(named: "acme")
            #expect(
                try await temporary.store.environmentNames(orgID: organization.id) == [
                    "production", "staging", "development",
                ])
            _ = try await temporary.store.createEnvironment(orgID: organization.id, name: "qa")
            #expect(try await temporary.store.environmentNames(orgID: organization.id).last == "qa")
            await #expect(throws: StoreError.self) {
                try await temporary.store.createEnvironment(orgID: organization.id, name: "qa")
            }
        }
    }

    @Test func keysAreFoundByHashAndListedByPrefixForRevocation() async throws {
        try await TemporaryStore.with { temporary in
            let store = temporary.store
            let organization = try await store.ensureOrganization(named: "default")
            try await store.addAPIKey(hash: "hash-one", prefix: "lg_AAAAbbbb", orgID: organization.id)
            try await store.addAPIKey(hash: "hash-two", prefix: "lg_AAAAcccc", orgID: organization.id)
            #expect(try await store.organizationID(forKeyHash: "hash-one") == organization.id)
            #expect(try await store.activeAPIKeyCount() == 2)
            #expect(
                try await store.liveAPIKeys(prefixStartingWith: "lg_AAA").map(\.hash).sorted() == [
                    "hash-one", "hash-two",
                ])
            #expect(try await store.liveAPIKeys(prefixStartingWith: "lg_AAAAb").map(\.prefix) == ["lg_AAAAbbbb"])
            #expect(try await store.revokeAPIKey(hash: "hash-one"))
            #expect(try await store.revokeAPIKey(hash: "hash-one") == false)
            #expect(try await store.organizationID(forKeyHash: "hash-one") == nil)
            #expect(try await store.organizationID(forKeyHash: "hash-two") == organization.id)
            #expect(try await store.liveAPIKeys(prefixStartingWith: "lg_AAA").map(\.hash) == ["hash-two"])
            // LIKE wildcards in the text are literal.
            #expect(try await store.liveAPIKeys(prefixStartingWith: "lg_%").isEmpty)
            // Storing a known hash again keeps its organisation and takes the new prefix.
            try await store.addAPIKey(hash: "hash-two", prefix: "lg_AAAAc", orgID: "someone-else")
            #expect(try await store.liveAPIKeys(prefixStartingWith: "lg_AAA").map(\.prefix) == ["lg_AAAAc"])
            #expect(try await store.organizationID(forKeyHash: "hash-two") == organization.id)
        }
    }

    @Test func logsRoundTripEveryColumn() async throws {
        try await TemporaryStore.with { temporary in
            let store = temporary.store
            let organization = try await store.ensureOrganization(named: "default")
            var log = TemporaryStore.log(orgID: organization.id)
            log.inputs = #"{"a":1}"#
            log.promptTokens = 3
            log.providerLatency = 0.25
            log.saved = false
            log.error = "boom"
            _ = try await store.apply([
                GenerationWrite(orgID: organization.id, sessionReferenceID: nil, logs: [log])
            ])
            let read = try #require(try await store.log(id: log.id, orgID: organization.id))
            #expect(read == log)
            #expect(try await store.log(id: log.id, orgID: "org_other") == nil)
        }
    }

    /// Batches of 1, 64 (the most rows whose statement text is kept) and 65 rows, twice each (the second
    /// time from the kept text): every row reads back as it was written, its values in its own columns.
    @Test func logBatchesOfEverySizeReadBackWhole() async throws {
        try await TemporaryStore.with { temporary in
            let store = temporary.store
            let organization = try await store.ensureOrganization(named: "default")
            for count in [1, 64, 65, 1, 64, 65] {
                let logs = (0..<count).map { index in
                    var log = TemporaryStore.log(orgID: organization.id)
                    log.inputs = #"{"row":\#(index)}"#
                    log.promptTokens = index
                    log.output = "output \(index) of \(count)"
                    return log
                }
                _ = try await store.apply([GenerationWrite(orgID: organization.id, sessionReferenceID: nil, logs: logs)]
                )
                for log in logs {
                    #expect(try await store.log(id: log.id, orgID: organization.id) == log)
                }
            }
        }
    }
}

@Suite("SQLStore experiments")
struct SQLStoreExperimentTests {
    /// One query reads an experiment with its configs: each experiment gets its own configs in order,
    /// with their counters and active flags, and one without configs reads back with none.
    @Test func experimentsReadBackWithTheirOwnConfigs() async throws {
        try await TemporaryStore.with { temporary in
            let store = temporary.store
            let (org, project) = try await temporary.organizationWithProject()
            let first = try await store.createExperiment(
                projectID: project, orgID: org, name: "first", positiveLabels: "[]",
                configIDs: ["config_b", "config_a"])
            let empty = try await store.createExperiment(
                projectID: project, orgID: org, name: "empty", positiveLabels: #"[{"type":"rating","value":"good"}]"#,
                configIDs: [])
            try await store.updateExperiment(
                id: first, orgID: org, name: nil, positiveLabels: nil, register: [], deregister: ["config_b"])

            let read = try #require(try await store.experiment(id: first, orgID: org))
            #expect(read.name == "first")
            #expect(read.configs.map(\.configID) == ["config_a", "config_b"])
            #expect(read.configs.map(\.active) == [true, false])
            #expect(read.configs.allSatisfy { $0.trials == 0 && $0.successes == 0 })

            let none = try #require(try await store.experiment(id: empty, orgID: org))
            #expect(none.configs.isEmpty)
            #expect(none.positiveLabels == #"[{"type":"rating","value":"good"}]"#)

            let listed = try await store.experiments(projectID: project, orgID: org)
            #expect(listed.map(\.id) == [first, empty])
            #expect(listed.map(\.configs.count) == [2, 0])
            #expect(try await store.experiment(named: "empty", projectID: project, orgID: org)?.id == empty)
            #expect(try await store.experiment(id: first, orgID: "org_other") == nil)
            #expect(try await store.experiment(named: "nope", projectID: project, orgID: org) == nil)
        }
    }

    /// Experiment logs go in with the plain batch insert; the logs' trigger counts each as a trial of its
    /// config, and the experiment reads as in progress from its first trial.
    @Test func experimentLogsCountThemselvesAsTrials() async throws {
        try await TemporaryStore.with { temporary in
            let store = temporary.store
            let (org, project) = try await temporary.organizationWithProject()
            let id = try await store.createExperiment(
                projectID: project, orgID: org, name: "e", positiveLabels: "[]", configIDs: ["config_a", "config_b"])
            #expect(try await store.experiment(id: id, orgID: org)?.status == "Initialized")

            func log(_ config: String, experiment: String?) -> LogRecord {
                var log = TemporaryStore.log(orgID: org, projectID: project, configID: config)
                log.experimentID = experiment
                return log
            }
            _ = try await store.apply([
                GenerationWrite(
                    orgID: org, sessionReferenceID: nil,
                    logs: [log("config_a", experiment: id), log("config_b", experiment: id)]),
                GenerationWrite(
                    orgID: org, sessionReferenceID: nil,
                    logs: [log("config_a", experiment: id), log("config_a", experiment: nil)]),
            ])
            let read = try #require(try await store.experiment(id: id, orgID: org))
            #expect(read.configs.map(\.trials) == [2, 1])
            #expect(read.status == "In progress")
            // The trigger counts every path into logs, the transaction one (a session reference) too.
            _ = try await store.apply([
                GenerationWrite(orgID: org, sessionReferenceID: "conversation", logs: [log("config_b", experiment: id)])
            ])
            #expect(try await store.experiment(id: id, orgID: org)?.configs.map(\.trials) == [2, 2])
        }
    }
}
