import Foundation
import HumanloopAPI
import LoopgateCore
import SQLKit
import Testing

@testable import Storage

/// Two Loopgate replicas (two servers with their own caches) on one PostgreSQL database.
@Suite("Replicas on one PostgreSQL", .enabled(if: TestServer.postgresURL != nil))
struct ReplicaTests {
    /// Runs `body` with two replicas of one server; requests may go to either.
    static func withReplicas(_ server: TestServer, _ body: @Sendable (APIClient, APIClient) async throws -> Void)
        async throws
    {
        try await server.run { first in
            try await server.run { second in
                try await body(first, second)
            }
        }
    }

    @Test func replicasStartingTogetherMigrateOnce() async throws {
        let server = try TestServer()
        try await server.prepareDatabase()
        let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let store = try SQLStore.open(server.database, logger: TestServer.logger)
                    do {
                        let versions = try await store.migrate()
                        await store.shutdown()
                        return versions
                    } catch {
                        await store.shutdown()
                        throw error
                    }
                }
            }
            return try await group.reduce(into: [[Int]]()) { $0.append($1) }
        }
        // The advisory lock lets one replica apply every migration; the others find nothing to do.
        #expect(applied.filter { !$0.isEmpty } == [Migrations.all.map(\.version)])
        let recorded = try await server.withStore { store in
            try await store.connections.read { database in
                try await database.raw("SELECT COUNT(*) AS n FROM loopgate_schema_migrations").first()?
                    .decode(column: "n", as: Int.self)
            }
        }
        #expect(recorded == Migrations.all.count)
    }

    @Test func concurrentCreationOfOneProjectOrSessionGivesOneRow() async throws {
        let server = try TestServer()
        try await Self.withReplicas(server) { first, second in
            let answers = try await withThrowingTaskGroup(of: JSONValue.self) { group in
                for index in 0..<24 {
                    let api = index.isMultiple(of: 2) ? first : second
                    group.addTask {
                        try await api.postJSON(
                            "/v4/chat", Bodies.chat(extra: #","project":"shared","session_reference_id":"one-run""#))
                    }
                }
                return try await group.reduce(into: [JSONValue]()) { $0.append($1) }
            }
            #expect(Set(answers.compactMap { $0["project_id"]?.stringValue }).count == 1)
            #expect(Set(answers.compactMap { $0["session_id"]?.stringValue }).count == 1)
            #expect(try await first.getJSON("/v4/projects")["total"] == 1)
            #expect(try await second.getJSON("/v4/projects")["records"]?[0]?["data_count"] == 24)
        }
    }

    @Test func aWriteOnOneReplicaIsUsedByTheOthersNextRequest() async throws {
        let server = try TestServer()
        try await Self.withReplicas(server) { first, second in
            let one = try await first.postJSON(
                "/v4/model-configs", #"{"provider":"mock","model":"m","prompt_template":"one {{x}}","project":"dep"}"#)
            let two = try await first.postJSON(
                "/v4/model-configs", #"{"provider":"mock","model":"m","prompt_template":"two {{x}}","project":"dep"}"#)
            let projectID = try #require(one["project_id"]?.stringValue)
            let body = #"{"project":"dep","inputs":{"x":"call"}}"#
            #expect(try await second.postJSON("/v4/completion-deployed", body)["data"]?[0]?["output"] == "one call")
            _ = try await first.patch(
                "/v4/projects/\(projectID)", #"{"active_config_id":"\#(two["config"]!["id"]!.stringValue!)"}"#)
            #expect(try await second.postJSON("/v4/completion-deployed", body)["data"]?[0]?["output"] == "two call")

            // A rename on one replica: the other resolves the new name at once, and the old name is free.
            _ = try await second.postJSON("/v4/completion", Bodies.completion(extra: #","project":"named""#))
            let named = try #require(
                try await second.getJSON("/v4/projects?filter=named")["records"]?[0]?["id"]?.stringValue)
            _ = try await first.patch("/v4/projects/\(named)", #"{"name":"renamed"}"#)
            let byNewName = try await second.postJSON(
                "/v4/completion", Bodies.completion(extra: #","project":"renamed""#))
            #expect(byNewName["project_id"]?.stringValue == named)
            let byOldName = try await second.postJSON(
                "/v4/completion", Bodies.completion(extra: #","project":"named""#))
            #expect(byOldName["project_id"]?.stringValue != named)
        }
    }

    @Test func aV5DeploymentOnOneReplicaIsWhatV4ServesOnTheOther() async throws {
        let server = try TestServer()
        try await Self.withReplicas(server) { first, second in
            let kernel = #""provider":"mock","model":"m","template":"#
            let one = try await first.postJSON("/v5/prompts", #"{"path":"v5dep",\#(kernel)"one {{x}}"}"#)
            let two = try await first.postJSON("/v5/prompts", #"{"path":"v5dep",\#(kernel)"two {{x}}"}"#)
            let promptID = try #require(one["id"]?.stringValue)
            let environments = try #require(try await first.getJSON("/v5/prompts/\(promptID)/environments").array)
            let production = try #require(environments[0]["id"]?.stringValue)
            let body = #"{"project_id":"\#(promptID)","inputs":{"x":"call"}}"#
            for version in [one, two, one] {
                let versionID = try #require(version["version_id"]?.stringValue)
                _ = try await first.post(
                    "/v5/prompts/\(promptID)/environments/\(production)?version_id=\(versionID)", "")
                let expected = version["template"]?.stringValue?.replacingOccurrences(of: "{{x}}", with: "call")
                #expect(
                    try await second.postJSON("/v4/completion-deployed", body)["data"]?[0]?["output"]?.stringValue
                        == expected)
                #expect(try await second.getJSON("/v5/prompts/\(promptID)")["version_id"]?.stringValue == versionID)
            }
        }
    }

    @Test func aRevokedKeyStopsOnEveryReplicaWithinTheTTL() async throws {
        let server = try TestServer()
        let key = try await server.withStore { store in
            try await store.migrate()
            return try await KeyManagement(store: store).createKey()
        }
        try await Self.withReplicas(server) { first, second in
            #expect(try await first.get("/v4/projects", key: key).status == .ok)
            #expect(try await second.get("/v4/projects", key: key).status == .ok)
            let revoked = try await server.withStore { store in
                try await KeyManagement(store: store).revoke(prefix: key)
            }
            #expect(revoked == 1)
            // The key lookup is cached for LOOPGATE_CACHE_TTL (1 s by default), never longer.
            try await Task.sleep(for: .milliseconds(1100))
            #expect(try await first.get("/v4/projects", key: key).status == .unauthorized)
            #expect(try await second.get("/v4/projects", key: key).status == .unauthorized)
        }
    }

    /// Logs count themselves in `project_configs` by trigger, row by row: concurrent batches on two replicas
    /// that touch the same two project–config rows must neither lose a count nor deadlock.
    @Test func concurrentGenerationsOnTwoReplicasAreCountedOncePerLog() async throws {
        let server = try TestServer()
        try await Self.withReplicas(server) { first, second in
            let perCombination = 12
            let combinations = [("alpha", "m1"), ("alpha", "m2"), ("beta", "m1"), ("beta", "m2")]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for round in 0..<perCombination {
                    for (index, (project, model)) in combinations.enumerated() {
                        let api = (round + index).isMultiple(of: 2) ? first : second
                        group.addTask {
                            let answer = try await api.post(
                                "/v4/chat",
                                #"{"project":"\#(project)","model_config":{"provider":"mock","model":"\#(model)"},"messages":[{"role":"user","content":"x"}]}"#
                            )
                            #expect(answer.status == .ok)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let projects = try await first.getJSON("/v4/projects?size=10")["records"]
            for project in projects?.array ?? [] {
                let id = try #require(project["id"]?.stringValue)
                let configs = try await second.getJSON("/v4/projects/\(id)/configs")
                #expect(configs.array?.count == 2)
                for config in configs.array ?? [] {
                    #expect(config["num_datapoints"]?.int == perCombination)
                }
            }
            #expect(projects?.array?.count == 2)
        }
    }

    @Test func experimentCountersAfterConcurrentFeedbackEqualItsCount() async throws {
        let server = try TestServer()
        try await Self.withReplicas(server) { first, second in
            let config = try await first.postJSON(
                "/v4/model-configs", #"{"provider":"mock","model":"m","project":"counted"}"#)
            let projectID = try #require(config["project_id"]?.stringValue)
            let configID = try #require(config["config"]?["id"]?.stringValue)
            let experiment = try await first.postJSON(
                "/v4/projects/\(projectID)/experiments",
                #"{"name":"e","positive_labels":[{"type":"rating","value":"good"}],"config_ids":["\#(configID)"]}"#)
            let experimentID = try #require(experiment["id"]?.stringValue)
            let count = 30
            let logIDs = try await withThrowingTaskGroup(of: String?.self) { group in
                for index in 0..<count {
                    let api = index.isMultiple(of: 2) ? first : second
                    group.addTask {
                        try await api.postJSON(
                            "/v4/chat-experiment",
                            #"{"experiment_id":"\#(experimentID)","messages":[{"role":"user","content":"x"}]}"#
                        )["data"]?[0]?["id"]?.stringValue
                    }
                }
                return try await group.reduce(into: [String]()) { if let id = $1 { $0.append(id) } }
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, logID) in logIDs.enumerated() {
                    let api = index.isMultiple(of: 2) ? second : first
                    group.addTask {
                        _ = try await api.postJSON(
                            "/v4/feedback", #"{"type":"rating","value":"good","data_id":"\#(logID)"}"#)
                    }
                }
                try await group.waitForAll()
            }
            let counted = try await second.getJSON("/v4/projects/\(projectID)/experiments")[0]?["configs"]?[0]
            #expect(counted?["trials_count"]?.int == count)
            // With every trial a success, the posterior mean is (1 + n) / (2 + n).
            let mean = counted?["mean"]?.number ?? 0
            #expect(abs(mean - Double(1 + count) / Double(2 + count)) < 1e-9)
        }
    }
}
