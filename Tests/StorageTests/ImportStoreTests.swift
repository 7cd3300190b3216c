import HumanloopAPI
import Storage
import Testing

/// `loopgate import`'s writes (`ImportStore`) on SQLite and, when the run has a server, PostgreSQL: rows keep
/// their ids, are written once, and taken paths or ids write nothing.
@Suite("ImportStore")
struct ImportStoreTests {
    static let time = Timestamp(microsecondsSinceEpoch: 1_750_000_000_000_000)

    static func promptDefinition(orgID: String, id: String = "pr_Imported0000000001", path: String = "team/bot")
        -> ImportedDefinition
    {
        var definition = ImportedDefinition(
            orgID: orgID,
            file: .project(ProjectRecord(id: id, orgID: orgID, name: path, createdAt: time, updatedAt: time)),
            directories: [
                DirectoryRecord(
                    id: "dir_Team000000000001", orgID: orgID, path: "team", createdAt: time, updatedAt: time)
            ])
        definition.configs = [(ModelConfigRecord(id: "config_Content000000001", body: #"{"model":"m"}"#), time)]
        definition.aliases = [IDAlias(alias: "prv_Exported0000000001", targetID: "config_Content000000001")]
        definition.deployments = [
            ImportedDeployment(
                environmentID: "env_Canary0000000001", environmentName: "canary", versionID: "config_Content000000001")
        ]
        return definition
    }

    @Test func aDefinitionIsWrittenOnceWithItsIdsAndAliases() async throws {
        try await onEachDatabase { store in
            let org = try await store.ensureOrganization(named: "acme").id
            let definition = Self.promptDefinition(orgID: org)
            var expected = ImportDefinitionCounts()
            expected.fileIsNew = true
            expected.versions = 1
            expected.deployments = 1
            #expect(try await store.importDefinition(definition) == .written(expected))
            #expect(try await store.importDefinition(definition) == .written(ImportDefinitionCounts()))

            #expect(try await store.project(id: "pr_Imported0000000001", orgID: org)?.name == "team/bot")
            #expect(try await store.directory(path: "team", orgID: org)?.id == "dir_Team000000000001")
            // The exported id names the config wherever a config is looked up by id.
            #expect(
                try await store.modelConfig(id: "prv_Exported0000000001", orgID: org)?.id == "config_Content000000001")
            #expect(
                try await store.firstProjectID(linkedTo: "prv_Exported0000000001", orgID: org)
                    == "pr_Imported0000000001")
            #expect(try await store.modelConfig(id: "prv_Unknown", orgID: org) == nil)
            // An environment the organisation lacked is made with the exported id.
            let environments = try await store.environments(orgID: org)
            #expect(environments.first { $0.name == "canary" }?.id == "env_Canary0000000001")
            let deployment = try await store.deployment(
                projectID: "pr_Imported0000000001", environmentName: "canary", orgID: org)
            #expect(deployment?.deployment?.configID == "config_Content000000001")
            // Aliases are per organisation.
            let other = try await store.ensureOrganization(named: "other").id
            #expect(try await store.modelConfig(id: "prv_Exported0000000001", orgID: other) == nil)
        }
    }

    @Test func aTakenPathOrAnotherOrganisationsIdWritesNothing() async throws {
        try await onEachDatabase { store in
            let org = try await store.ensureOrganization(named: "acme").id
            _ = try await store.createProject(named: "team/bot", orgID: org)
            guard case .conflict(let reason) = try await store.importDefinition(Self.promptDefinition(orgID: org))
            else {
                Issue.record("a taken path must be a conflict")
                return
            }
            #expect(reason.contains("team/bot"))
            #expect(try await store.project(id: "pr_Imported0000000001", orgID: org) == nil)
            #expect(try await store.modelConfig(id: "prv_Exported0000000001", orgID: org) == nil)
            #expect(try await store.directory(path: "team", orgID: org) == nil)

            let other = try await store.ensureOrganization(named: "other").id
            guard case .written = try await store.importDefinition(Self.promptDefinition(orgID: other, path: "x"))
            else {
                Issue.record("another organisation imports its own copy")
                return
            }
            guard case .conflict = try await store.importDefinition(Self.promptDefinition(orgID: org, path: "y")) else {
                Issue.record("another organisation's id must be a conflict")
                return
            }
        }
    }

    @Test func rowsAreWrittenOnceAndJudgmentsBecomeFeedbackOnPromptLogsOnly() async throws {
        try await onEachDatabase { store in
            let org = try await store.ensureOrganization(named: "acme").id
            _ = try await store.importDefinition(Self.promptDefinition(orgID: org))
            var rows = ImportRows(orgID: org)
            var prompt = LogRecord(id: "log_Prompt00000000001", orgID: org, saved: true, createdAt: Self.time)
            prompt.projectID = "pr_Imported0000000001"
            prompt.configID = "config_Content000000001"
            var tool = LogRecord(id: "log_Tool000000000001", orgID: org, saved: true, createdAt: Self.time)
            tool.fileID = "tl_Tool0000000000001"
            rows.logs = [prompt, tool, prompt]
            rows.feedback = [
                FeedbackRecord(
                    id: "ann_One", orgID: org, logID: prompt.id, type: "rating", value: #""good""#, user: nil,
                    createdAt: Self.time),
                FeedbackRecord(
                    id: "ann_Two", orgID: org, logID: tool.id, type: "rating", value: #""bad""#, user: nil,
                    createdAt: Self.time),
            ]
            let first = try await store.importRows(rows)
            #expect(first.logs == 2 && first.feedback == 1 && first.logIDsHeldElsewhere.isEmpty)
            let again = try await store.importRows(rows)
            #expect(again.logs == 0 && again.feedback == 0)
            #expect(try await store.feedback(logIDs: [prompt.id], orgID: org)[prompt.id]?.map(\.type) == ["rating"])
            // The log counts once for its config.
            #expect(
                try await store.projectConfigUsage(projectID: "pr_Imported0000000001", configID: prompt.configID!) == 1)

            let other = try await store.ensureOrganization(named: "other").id
            var elsewhere = ImportRows(orgID: other)
            elsewhere.logs = [LogRecord(id: prompt.id, orgID: other, saved: true, createdAt: Self.time)]
            let held = try await store.importRows(elsewhere)
            #expect(held.logs == 0 && held.logIDsHeldElsewhere == [prompt.id])
            #expect(try await store.log(id: prompt.id, orgID: other) == nil)
        }
    }
}
