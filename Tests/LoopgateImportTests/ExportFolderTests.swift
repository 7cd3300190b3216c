import Foundation
import Testing

@testable import LoopgateImport

@Suite("ExportFolder")
struct ExportFolderTests {
    static func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID())").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func anExportListsItsFiles() throws {
        let root = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for id in ["pr_b", "pr_a"] {
            try FileManager.default.createDirectory(atPath: "\(root)/files/\(id)", withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: "\(root)/files/\(id)/file.json", contents: Data("{}".utf8))
        }
        // A file directory without file.json is not one of the export's files.
        try FileManager.default.createDirectory(atPath: "\(root)/files/pr_c", withIntermediateDirectories: true)
        #expect(try ExportFolder(path: root + "/").fileIDs == ["pr_a", "pr_b"])
    }

    @Test func aFolderThatIsNotAnExportIsRefusedSayingWhatToGive() throws {
        let root = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(throws: ImportRefusal.self) { try ExportFolder(path: root + "/missing") }
        do {
            _ = try ExportFolder(path: root)
            Issue.record("an empty folder is not an export")
        } catch {
            #expect(error.description.contains("is not a Humanloop export"))
        }
        // The parent of the stamped exports: the message names one of them.
        try FileManager.default.createDirectory(
            atPath: "\(root)/20250620-100000/files/pr_a", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: "\(root)/20250620-100000/files/pr_a/file.json", contents: Data())
        do {
            _ = try ExportFolder(path: root)
            Issue.record("the exports folder itself is not an export")
        } catch {
            #expect(error.description.contains("\(root)/20250620-100000"))
        }
    }
}
