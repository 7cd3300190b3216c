/// One `exports/<stamp>/` folder written by humanloop/humanloop-export: `files/<file_id>/` per file
/// (../shared/humanloop-export.md, "Directory layout").
public struct ExportFolder: Sendable {
    public let path: String
    /// The exported file ids, sorted (one directory each under `files/`).
    public let fileIDs: [String]

    /// Refuses a folder that is not such an export, saying what it looked for.
    public init(path: String) throws(ImportRefusal) {
        var path = path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        guard ExportFiles.isDirectory(path) else {
            throw ImportRefusal("'\(path)' is not a directory: give one exports/<stamp>/ folder of humanloop-export")
        }
        let files = path + "/files"
        let ids = ExportFiles.names(in: files).filter { ExportFiles.exists(files + "/" + $0 + "/file.json") }
        guard ExportFiles.isDirectory(files), !ids.isEmpty else {
            let stamps = ExportFiles.names(in: path).filter { ExportFiles.isDirectory(path + "/" + $0 + "/files") }
            let hint = stamps.isEmpty ? "" : " (it holds exports: give one of them, e.g. '\(path)/\(stamps[0])')"
            throw ImportRefusal(
                "'\(path)' is not a Humanloop export: it has no files/<file_id>/file.json\(hint)")
        }
        self.path = path
        self.fileIDs = ids
    }

    /// The directory of one exported file.
    func directory(of fileID: String) -> String { path + "/files/" + fileID }
}

/// Why an import did not start: the message says what to give instead.
public struct ImportRefusal: Error, CustomStringConvertible, Sendable {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
