import HumanloopAPI
import Storage

/// The Prompts among v5's files (`FileCatalog` lists every kind).
extension PromptService {
    /// Prompt files with a version, newest first, each at its default version (or at the one
    /// deployed in `environment`, leaving out files with none there). `directory` keeps that directory
    /// and everything below it; `types`, those kinds; `name`, a case-insensitive part of the path.
    public func files(
        directory: String?, name: String?, types: [String], environment: String?, page: Int, size: Int,
        orgID: String
    ) async throws -> (records: [Prompt], total: Int) {
        let prefix = try directory.map { try PromptPath.normalized($0, at: ["query", "path"]) + "/" }
        let (records, _) = try await store.listProjects(
            orgID: orgID, page: 0, size: Int(Int32.max), nameFilter: name, orderBy: .createdAt, ascending: false)
        var files: [Prompt] = []
        for file in records where prefix.map({ file.name.hasPrefix($0) }) ?? true {
            let version: IdentifiedConfig?
            if let environment {
                version = try? await deployedVersion(in: environment, of: file, orgID: orgID)
            } else {
                version = try? await defaultVersion(of: file, orgID: orgID)
            }
            guard let version else { continue }
            files.append(try await prompt(file, version: version, orgID: orgID))
        }
        let start = min((page - 1) * size, files.count)
        return (Array(files[start..<min(start + size, files.count)]), files.count)
    }

    /// The prompt at a path (at the version deployed in `environment`, or
    /// its default one); 404 when there is none.
    public func file(atPath path: String, environment: String?, orgID: String) async throws -> Prompt {
        let normalized = try PromptPath.normalized(path, at: ["body", "path"])
        guard let file = try await store.project(named: normalized, orgID: orgID) else {
            throw GatewayError.notFound("No file at path '\(normalized)'")
        }
        return try await prompt(id: file.id, versionID: nil, environment: environment, orgID: orgID)
    }
}
