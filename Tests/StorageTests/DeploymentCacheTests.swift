import SQLKit
import Testing

@testable import Storage

@Suite("Deployment cache")
struct DeploymentCacheTests {
    static let key = DeploymentCache.Key(orgID: "org_1", projectID: "pr_1", environmentName: nil)
    static let production = EnvironmentDeployment(
        environment: EnvironmentRecord(id: "env_1", name: "production", tag: "default"),
        deployment: DeploymentRecord(
            environment: EnvironmentRecord(id: "env_1", name: "production", tag: "default"), configID: "config_a",
            experimentID: nil))

    /// A read that began before a deploy and finished after it must not leave the old answer behind.
    @Test func anAnswerReadBeforeAnInvalidationIsNotKept() {
        let cache = DeploymentCache()
        let (missed, before) = cache.lookup(Self.key)
        #expect(missed == nil)
        cache.invalidateAll()
        cache.remember(Self.production, for: Self.key, readUnder: before)
        #expect(cache.lookup(Self.key).entry == nil)

        let (_, now) = cache.lookup(Self.key)
        cache.remember(Self.production, for: Self.key, readUnder: now)
        #expect(cache.lookup(Self.key).entry == Self.production)
        cache.invalidateAll()
        #expect(cache.lookup(Self.key).entry == nil)
    }

    /// On SQLite the second lookup is answered from memory (a change made behind the store's back is not
    /// seen), and each of the store's deployment writes is seen by the very next lookup.
    @Test func lookupsComeFromMemoryUntilTheStoreWritesADeployment() async throws {
        try await TemporaryStore.with { temporary in
            let store = temporary.store
            let (org, project) = try await temporary.organizationWithProject()
            let staging = try #require(try await store.environments(orgID: org).first { $0.name == "staging" })

            let nothing = try #require(try await store.deployment(projectID: project, environmentName: nil, orgID: org))
            #expect(nothing.environment.name == "production")
            #expect(nothing.deployment == nil)

            try await store.deploy(
                projectID: project, orgID: org, environmentIDs: [staging.id], configID: "config_a", experimentID: nil)
            #expect(try await configID(store, project, "staging", org) == "config_a")

            try await store.connections.transaction { database in
                try await database.raw("UPDATE deployments SET config_id = 'config_behind_its_back'").run()
            }
            #expect(try await configID(store, project, "staging", org) == "config_a")

            try await store.deploy(
                projectID: project, orgID: org, environmentIDs: [staging.id], configID: "config_b", experimentID: nil)
            #expect(try await configID(store, project, "staging", org) == "config_b")

            try await store.removeDeployment(projectID: project, environmentID: staging.id, orgID: org)
            #expect(
                try await store.deployment(projectID: project, environmentName: "staging", orgID: org)?.deployment
                    == nil)

            let experiment = try await store.createExperiment(
                projectID: project, orgID: org, name: "e", positiveLabels: "[]", configIDs: ["config_a"])
            try await store.deploy(
                projectID: project, orgID: org, environmentIDs: [staging.id], configID: nil, experimentID: experiment)
            let deployedExperiment = try await store.deployment(
                projectID: project, environmentName: "staging", orgID: org)
            #expect(deployedExperiment?.deployment?.experimentID == experiment)
            try await store.deleteExperiment(id: experiment, orgID: org)
            #expect(
                try await store.deployment(projectID: project, environmentName: "staging", orgID: org)?.deployment
                    == nil)

            try await store.deploy(
                projectID: project, orgID: org, environmentIDs: [staging.id], configID: "config_c", experimentID: nil)
            #expect(try await configID(store, project, "staging", org) == "config_c")
            try await store.deleteProject(id: project, orgID: org)
            #expect(
                try await store.deployment(projectID: project, environmentName: "staging", orgID: org)?.deployment
                    == nil)
        }
    }

    /// `loopgate environments create` writes from another process: an environment the server has not
    /// seen is looked for again on the next call instead of staying "not found".
    @Test func anEnvironmentAddedByAnotherProcessIsFoundOnTheNextLookup() async throws {
        try await TemporaryStore.with { temporary in
            let (org, project) = try await temporary.organizationWithProject()
            #expect(try await temporary.store.deployment(projectID: project, environmentName: "qa", orgID: org) == nil)

            let qa = try await withOpenStore(
                .sqlite(path: temporary.directory.appendingPathComponent("db.sqlite").path),
                logger: .init(label: "other-process")
            ) { otherProcess in
                try await otherProcess.createEnvironment(orgID: org, name: "qa")
            }

            let found = try await temporary.store.deployment(projectID: project, environmentName: "qa", orgID: org)
            #expect(found?.environment.id == qa)
            #expect(found?.deployment == nil)
        }
    }

    private func configID(_ store: SQLStore, _ project: String, _ environment: String, _ org: String) async throws
        -> String?
    {
        try await store.deployment(projectID: project, environmentName: environment, orgID: org)?.deployment?.configID
    }
}
