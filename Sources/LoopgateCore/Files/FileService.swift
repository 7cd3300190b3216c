import HumanloopAPI
import Storage

/// v5's Tools, Flows, Evaluators and Datasets: files with content-addressed versions, kept beside the
/// Prompt files (which are v4 projects, `PromptService`). Paths are one namespace with projects and
/// directories; deployments are the one table both APIs deploy through, holding the file and version ids
/// where a project holds its own and a config's.
public final class FileService: Sendable {
    let store: any Store

    public init(store: any Store) {
        self.store = store
    }

    // MARK: Files and versions

    /// `POST /tools`, `/flows`, `/evaluators`, `/datasets`: the file by `id`, or at `path` (made when new),
    /// with the definition as one of its versions (the existing one when the content is unchanged, which
    /// becomes the newest). Answers that version.
    public func upsert(_ upsert: FileUpsert, orgID: String) async throws -> VersionedFile {
        var file = try await resolve(upsert.kind, id: upsert.id, path: upsert.path, creating: true, orgID: orgID)
        if upsert.description != nil || upsert.tags != nil || upsert.readme != nil {
            file.description = upsert.description ?? file.description
            file.readme = upsert.readme ?? file.readme
            file.tags = try upsert.tags.map(Coding.text) ?? file.tags
            try await store.updateFile(file)
        }
        let version = try await addVersion(
            upsert.definition, to: file, name: upsert.versionName, description: upsert.versionDescription,
            orgID: orgID)
        return try await view(file, version: version, orgID: orgID)
    }

    /// Stores a definition as a version of the file (once per content).
    func addVersion(_ definition: JSONObject, to file: FileRecord, name: String?, description: String?, orgID: String)
        async throws -> FileVersionRecord
    {
        try await store.upsertFileVersion(
            Self.versionRecord(
                definition, kind: file.kind, fileID: file.id, name: name, description: description, at: Clock.now(),
                orgID: orgID))
    }

    /// A definition as a version of a file: its canonical JSON, and its id a digest of that and the file.
    public static func versionRecord(
        _ definition: JSONObject, kind: FileKind, fileID: String, name: String?, description: String?,
        at time: Timestamp, orgID: String
    ) -> FileVersionRecord {
        let body = JSONValue.object(definition).droppingNulls().serialized(sortedKeys: true)
        return FileVersionRecord(
            id: ContentID.version(kind.prefixes.version, fileID: fileID, definition: body), orgID: orgID,
            fileID: fileID, body: body, name: name, description: description, createdAt: time, touchedAt: time)
    }

    /// `GET /{kind}s/{id}`: the version named, the one deployed in `environment`, or the default one.
    public func get(_ kind: FileKind, id: String, versionID: String?, environment: String?, orgID: String) async throws
        -> VersionedFile
    {
        let file = try await file(kind, id: id, orgID: orgID)
        return try await view(
            file, version: try await version(of: file, versionID: versionID, environment: environment, orgID: orgID),
            orgID: orgID)
    }

    /// `GET /{kind}s`: files with a version, each at its default version, newest first; `name` filters by
    /// a case-insensitive part of the path. `page` is 1-based.
    public func list(_ kind: FileKind, name: String?, page: Int, size: Int, orgID: String) async throws
        -> (records: [VersionedFile], total: Int)
    {
        let all = try await defaultVersions(kinds: [kind], name: name, orgID: orgID)
        let start = min((page - 1) * size, all.count)
        return (Array(all[start..<min(start + size, all.count)]), all.count)
    }

    /// Every file of these kinds (all when empty) with a version, at its default version, newest first.
    public func defaultVersions(kinds: [FileKind], name: String?, orgID: String) async throws -> [VersionedFile] {
        var files = try await store.files(orgID: orgID, kinds: kinds)
        if let name = name?.lowercased(), !name.isEmpty {
            files = files.filter { $0.path.lowercased().contains(name) }
        }
        var answer: [VersionedFile] = []
        for file in files {
            guard let version = try await defaultVersion(of: file, orgID: orgID) else { continue }
            answer.append(try await view(file, version: version, orgID: orgID))
        }
        return answer.sorted { ($0.file.updatedAt, $0.id) > ($1.file.updatedAt, $1.id) }
    }

    /// `GET /{kind}s/{id}/versions`: every version, newest first.
    public func versions(_ kind: FileKind, id: String, orgID: String) async throws -> [VersionedFile] {
        let file = try await file(kind, id: id, orgID: orgID)
        var answer: [VersionedFile] = []
        for version in try await store.fileVersions(fileID: file.id, orgID: orgID) {
            answer.append(try await view(file, version: version, orgID: orgID))
        }
        return answer
    }

    /// `PATCH /{kind}s/{id}`: moves the file to `path`, or renames its last segment to `name`.
    public func move(_ kind: FileKind, id: String, path: String?, name: String?, orgID: String) async throws
        -> VersionedFile
    {
        var file = try await file(kind, id: id, orgID: orgID)
        var newPath = file.path
        if let path { newPath = try PromptPath.normalized(path, at: ["body", "path"]) }
        if let name { newPath = try PromptPath.child(named: name, of: PromptPath.parent(of: newPath)) }
        if newPath != file.path {
            file.path = newPath
            try await store.updateFile(file)
            _ = try await store.ensureDirectories(paths: PromptPath.parents(of: newPath), orgID: orgID)
        }
        return try await get(kind, id: id, versionID: nil, environment: nil, orgID: orgID)
    }

    /// `DELETE /{kind}s/{id}`: the file with its versions, logs and deployments.
    public func delete(_ kind: FileKind, id: String, orgID: String) async throws {
        let file = try await file(kind, id: id, orgID: orgID)
        for deployment in try await store.deployments(projectID: file.id, orgID: orgID) {
            try await store.removeDeployment(projectID: file.id, environmentID: deployment.environment.id, orgID: orgID)
        }
        try await store.deleteFile(id: file.id, orgID: orgID)
    }

    // MARK: Environments

    /// `GET /{kind}s/{id}/environments`: every environment, with the version the file serves there.
    public func environments(_ kind: FileKind, id: String, orgID: String) async throws
        -> [(Environment, VersionedFile?)]
    {
        let file = try await file(kind, id: id, orgID: orgID)
        let deployments = try await store.deployments(projectID: file.id, orgID: orgID)
        var answer: [(Environment, VersionedFile?)] = []
        for environment in try await store.environments(orgID: orgID) {
            var deployed: VersionedFile?
            if let versionID = deployments.first(where: { $0.environment.id == environment.id })?.configID,
                let version = try await store.fileVersion(id: versionID, orgID: orgID)
            {
                deployed = try await view(file, version: version, orgID: orgID)
            }
            answer.append((Environment(environment), deployed))
        }
        return answer
    }

    /// `POST /{kind}s/{id}/environments/{environment_id}?version_id=`: deploys one of the file's versions.
    public func deploy(_ kind: FileKind, id: String, environmentID: String, versionID: String, orgID: String)
        async throws -> VersionedFile
    {
        let file = try await file(kind, id: id, orgID: orgID)
        let environment = try await environment(id: environmentID, orgID: orgID)
        let version = try await version(of: file, versionID: versionID, environment: nil, orgID: orgID)
        try await store.deploy(
            projectID: file.id, orgID: orgID, environmentIDs: [environment.id], configID: version.id, experimentID: nil)
        return try await view(file, version: version, orgID: orgID)
    }

    /// `DELETE /{kind}s/{id}/environments/{environment_id}`.
    public func undeploy(_ kind: FileKind, id: String, environmentID: String, orgID: String) async throws {
        let file = try await file(kind, id: id, orgID: orgID)
        let environment = try await environment(id: environmentID, orgID: orgID)
        try await store.removeDeployment(projectID: file.id, environmentID: environment.id, orgID: orgID)
    }

    // MARK: Resolution

    /// The file a request names by `id` (404 when unknown or of another kind), or at `path` (made, with no
    /// version yet, when `creating`; 404 otherwise).
    public func resolve(_ kind: FileKind, id: String?, path: String?, creating: Bool, orgID: String) async throws
        -> FileRecord
    {
        if let id { return try await file(kind, id: id, orgID: orgID) }
        guard let path else { throw GatewayError.invalid([.missing(["body", "path"])]) }
        let normalized = try PromptPath.normalized(path, at: ["body", "path"])
        if let existing = try await store.file(path: normalized, orgID: orgID) {
            guard existing.kind == kind else {
                throw GatewayError.conflict("A \(existing.kind.rawValue) already exists at path '\(normalized)'")
            }
            return existing
        }
        guard creating else { throw GatewayError.notFound("\(kind.displayName) at path '\(normalized)' not found") }
        let now = Clock.now()
        let file = FileRecord(
            id: ResourceID.make(kind.prefixes.file), orgID: orgID, kind: kind, path: normalized, createdAt: now,
            updatedAt: now)
        do {
            try await store.createFile(file)
        } catch StoreError.conflict(let message) {
            // Another request made this file at the same moment: use it.
            if let made = try await store.file(path: normalized, orgID: orgID), made.kind == kind { return made }
            throw GatewayError.conflict(message)
        }
        _ = try await store.ensureDirectories(paths: PromptPath.parents(of: normalized), orgID: orgID)
        return file
    }

    /// The file with this id, of this kind; 404 naming the kind otherwise.
    public func file(_ kind: FileKind, id: String, orgID: String) async throws -> FileRecord {
        guard let file = try await store.file(id: id, orgID: orgID), file.kind == kind else {
            throw GatewayError.notFound("\(kind.displayName) with id '\(id)' not found")
        }
        return file
    }

    /// The version named (one of the file's: 404 otherwise), the one deployed in `environment` (404 when
    /// none), or the default one (404 for a file without versions).
    public func version(of file: FileRecord, versionID: String?, environment: String?, orgID: String) async throws
        -> FileVersionRecord
    {
        if let versionID {
            guard let version = try await store.fileVersion(id: versionID, orgID: orgID), version.fileID == file.id
            else {
                throw GatewayError.notFound("Version '\(versionID)' of \(file.kind.rawValue) '\(file.path)' not found")
            }
            return version
        }
        if let environment {
            guard
                let versionID = try await store.deployment(
                    projectID: file.id, environmentName: environment, orgID: orgID)?.deployment?.configID,
                let version = try await store.fileVersion(id: versionID, orgID: orgID)
            else {
                throw GatewayError.notFound(
                    "\(file.kind.displayName) '\(file.path)' has no version deployed in '\(environment)'")
            }
            return version
        }
        guard let version = try await defaultVersion(of: file, orgID: orgID) else {
            throw GatewayError.notFound("\(file.kind.displayName) with id '\(file.id)' has no version")
        }
        return version
    }

    /// The version deployed in the default environment, else the newest.
    func defaultVersion(of file: FileRecord, orgID: String) async throws -> FileVersionRecord? {
        if let versionID = try await store.deployment(projectID: file.id, environmentName: nil, orgID: orgID)?
            .deployment?.configID, let version = try await store.fileVersion(id: versionID, orgID: orgID)
        {
            return version
        }
        return try await store.fileVersions(fileID: file.id, orgID: orgID).first
    }

    func environment(id: String, orgID: String) async throws -> EnvironmentRecord {
        guard let environment = try await store.environments(orgID: orgID).first(where: { $0.id == id }) else {
            throw GatewayError.notFound("Environment with id '\(id)' not found")
        }
        return environment
    }

    /// A file at a version as v5 shows it: with its directory, where the version is deployed, and its counts.
    public func view(_ file: FileRecord, version: FileVersionRecord, orgID: String) async throws -> VersionedFile {
        let definition: JSONObject
        if case .object(let object) = try JSONValue(parsing: version.body) {
            definition = object
        } else {
            definition = JSONObject()
        }
        let directoryID = try await PromptPath.parent(of: file.path).asyncFlatMap { path in
            try await store.directory(path: path, orgID: orgID)?.id
        }
        let environments = try await store.deployments(projectID: file.id, orgID: orgID)
            .filter { $0.configID == version.id }.map { Environment($0.environment) }
        let (latest, total) = try await store.listLogs(orgID: orgID, fileID: file.id, versionID: nil, page: 0, size: 1)
        let versionCount = try await store.listLogs(
            orgID: orgID, fileID: file.id, versionID: version.id, page: 0, size: 0
        ).total
        return VersionedFile(
            file: file, version: version, definition: definition, directoryID: directoryID,
            environments: environments, totalLogCount: total, versionLogCount: versionCount,
            lastUsedAt: latest.first?.createdAt ?? version.touchedAt)
    }
}

extension Optional {
    /// `flatMap` with an asynchronous transform.
    func asyncFlatMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
