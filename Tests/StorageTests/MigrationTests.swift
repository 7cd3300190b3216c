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

                #expect(try await store.migrate() == [4, 5, 6, 7, 8])
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

    /// Keys stored before migration 5 kept their first 11 characters in clear whatever their length; after
    /// it only a generated key's prefix (`lg_` and 8 characters) is still there.
    @Test func migrationFiveBlanksEveryPrefixButAGeneratedKeys() async throws {
        try await withTemporaryDatabase(named: "migration-5") { path, logger in
            try await withOpenStore(.sqlite(path: path), logger: logger) { store in
                let beforeFive = Migrations.all.filter { $0.version < 5 }
                _ = try await Migrator(connections: store.connections, migrations: beforeFive).migrate()
                let org = try await store.ensureOrganization(named: "acme").id
                let stored = ["abc123", "lg_AbCdEfGh", "mysecretkey", "lg_ab"]
                for (index, prefix) in stored.enumerated() {
                    try await store.connections.transaction { database in
                        try await database.raw(
                            """
                            INSERT INTO api_keys (key_hash, org_id, key_prefix, created_at)
                            VALUES (\(bind: "hash-\(index)"), \(bind: org), \(bind: prefix), 0)
                            """
                        ).run()
                    }
                }

                #expect(try await store.migrate() == [5, 6, 7, 8])
                let prefixes = try await store.connections.read { database in
                    try await database.raw("SELECT key_prefix FROM api_keys ORDER BY key_hash").all()
                        .map { try $0.decode(column: "key_prefix", as: String.self) }
                }
                #expect(prefixes == ["", "lg_AbCdEfGh", "", ""])
                #expect(try await store.activeAPIKeyCount() == 4)
            }
        }
    }
}
