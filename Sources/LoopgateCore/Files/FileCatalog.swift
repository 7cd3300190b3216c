import HumanloopAPI
import Storage

/// Every v5 file of every kind, Prompts (projects) and the rest (`files`) alike: what `/files`,
/// `retrieve-by-path` and directories list. Paths are one namespace, so a path names at most one of them.
public final class FileCatalog: Sendable {
    let store: any Store
    let prompts: PromptService
    let files: FileService

    public init(store: any Store, prompts: PromptService, files: FileService) {
        self.store = store
        self.prompts = prompts
        self.files = files
    }

    /// `GET /files`: files with a version, newest first, each at its default version (or at the one
    /// deployed in `environment`, leaving out files with none there). `directory` keeps that directory
    /// and everything below it; `types`, those kinds; `name`, a case-insensitive part of the path.
    public func list(
        directory: String?, name: String?, types: [String], environment: String?, page: Int, size: Int,
        orgID: String
    ) async throws -> (records: [LoggedFile], total: Int) {
        let prefix = try directory.map { try PromptPath.normalized($0, at: ["query", "path"]) + "/" }
        var found: [(updatedAt: Timestamp, id: String, file: LoggedFile)] = []
        if types.isEmpty || types.contains("prompt") {
            let all = try await prompts.files(
                directory: directory, name: name, types: [], environment: environment, page: 1, size: Int(Int32.max),
                orgID: orgID
            ).records
            found += all.map { ($0.updatedAt, $0.id, .prompt($0)) }
        }
        let kinds = types.isEmpty ? FileKind.allCases : types.compactMap(FileKind.init(rawValue:))
        if !kinds.isEmpty {
            for file in try await files.defaultVersions(kinds: kinds, name: name, orgID: orgID)
            where prefix.map({ file.path.hasPrefix($0) }) ?? true {
                var shown = file
                if let environment {
                    guard
                        let deployed = try? await files.version(
                            of: file.file, versionID: nil, environment: environment, orgID: orgID)
                    else { continue }
                    shown = try await files.view(file.file, version: deployed, orgID: orgID)
                }
                found.append((shown.file.updatedAt, shown.id, .file(shown)))
            }
        }
        found.sort { ($0.updatedAt, $0.id) > ($1.updatedAt, $1.id) }
        let start = min((page - 1) * size, found.count)
        return (found[start..<min(start + size, found.count)].map(\.file), found.count)
    }

    /// `POST /files/retrieve-by-path`: the file at a path (at the version deployed in `environment`, or
    /// its default one); 404 when there is none.
    public func file(atPath path: String, environment: String?, orgID: String) async throws -> LoggedFile {
        let normalized = try PromptPath.normalized(path, at: ["body", "path"])
        if let file = try await store.file(path: normalized, orgID: orgID) {
            let version = try await files.version(of: file, versionID: nil, environment: environment, orgID: orgID)
            return .file(try await files.view(file, version: version, orgID: orgID))
        }
        return .prompt(try await prompts.file(atPath: normalized, environment: environment, orgID: orgID))
    }
}
