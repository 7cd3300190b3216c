import Foundation
import Testing

@Suite("Storage test support")
struct StorageTestSupportTests {
    private struct Failure: Error {}

    /// Without the close on the throwing path, the dropped pool would trip AsyncKit's assertion and end
    /// the test process here.
    @Test func aTemporaryStoreIsClosedAndRemovedWhenItsBodyThrows() async throws {
        nonisolated(unsafe) var directory: URL?
        await #expect(throws: Failure.self) {
            try await TemporaryStore.with { temporary in
                directory = temporary.directory
                _ = try await temporary.organizationWithProject()
                throw Failure()
            }
        }
        let used = try #require(directory)
        #expect(!FileManager.default.fileExists(atPath: used.path))
    }
}
