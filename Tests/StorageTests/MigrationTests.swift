import SQLKit
import Testing

@testable import Storage

@Suite("Migrations")
struct MigrationTests {
    @Test func migratingTwiceAppliesNothingTheSecondTime() async throws {
        try await TemporaryStore.with { temporary in
            let again = try await temporary.store.migrate()
            #expect(again.isEmpty)
        }
    }

    @Test func aSchemaNewerThanTheBuildIsRefused() async throws {
        try await TemporaryStore.with { temporary in
            let future = Migrations.latestVersion + 1
            try await temporary.store.connections.transaction { database in
                try await database.raw(
                    "INSERT INTO loopgate_schema_migrations (version, name, applied_at) VALUES (\(bind: future), 'future', 0)"
                ).run()
            }
            await #expect(
                throws: StoreError.schemaTooNew(found: Migrations.latestVersion + 1, known: Migrations.latestVersion)
            ) {
                try await temporary.store.migrate()
            }
        }
    }

    /// A database from before migration 4, whose experiments were counted and marked in progress by the
    /// log writer, keeps its counts and status, and counts new trials by the trigger from then on.
    @Test func anExperimentCountedBeforeMigrationFourKeepsItsCountsAndCountsOn() async throws {
        try await withTemporaryDatabase(named: "migration-4") { path, logger in
            try await withOpenStore(.sqlite(path: path), logger: logger) { store in
                let beforeTriggers = Migrations.all.filter { $0.version < 4 }
                #expect(
                    try await Migrator(connections: store.connections, migrations: beforeTriggers).migrate() == [
                        1, 2, 3,
                    ])
                let org = try await store.ensureOrganization(named: "acme").id
                let project = try await store.findOrCreateProject(named: "p", orgID: org).id
                let id = try await store.createExperiment(
                    projectID: project, orgID: org, name: "e", positiveLabels: "[]", configIDs: ["config_a"])
                try await store.connections.transaction { database in
                    try await database.raw("UPDATE experiment_configs SET trials = 7, successes = 3").run()
                    try await database.raw("UPDATE experiments SET status = 'In progress'").run()
                }

                #expect(try await store.migrate() == [4])
                let before = try #require(try await store.experiment(id: id, orgID: org))
                #expect(before.status == "In progress")
                #expect(before.configs.map(\.trials) == [7])
                #expect(before.configs.map(\.successes) == [3])

                var log = TemporaryStore.log(orgID: org, projectID: project, configID: "config_a")
                log.experimentID = id
                _ = try await store.apply([GenerationWrite(orgID: org, sessionReferenceID: nil, logs: [log])])
                #expect(try await store.experiment(id: id, orgID: org)?.configs.map(\.trials) == [8])
            }
        }
    }
}
