import SQLKit
import Testing

@testable import Storage

@Suite("Migrations")
struct MigrationTests {
    @Test func migratingTwiceAppliesNothingTheSecondTime() async throws {
        let temporary = try await TemporaryStore()
        let again = try await temporary.store.migrate()
        #expect(again.isEmpty)
        await temporary.close()
    }

    @Test func aSchemaNewerThanTheBuildIsRefused() async throws {
        let temporary = try await TemporaryStore()
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
        await temporary.close()
    }
}
