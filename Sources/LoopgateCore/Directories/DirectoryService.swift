import HumanloopAPI
import Storage

/// A v5 directory (CONTRACT-v5.md, "Paths and directories").
public struct Directory: Sendable, Hashable {
    public var id: String
    public var path: String
    /// The path's last segment.
    public var name: String { PromptPath.name(of: path) }
    /// The directory above; `nil` at the top level.
    public var parentID: String?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
}

/// A directory with what is directly in it, and the directories above it.
public struct DirectoryContents: Sendable {
    public var directory: Directory
    public var subdirectories: [Directory]
    /// The files directly in it that have a version, each at its default version.
    public var files: [LoggedFile]
    /// The directories above it, the top one first.
    public var parents: [Directory]
}

/// v5's directories: every parent of a file's path (a v4 project's name too) is one, made on demand, and
/// users make more. Moving one moves everything below it, v4 project names included.
public final class DirectoryService: Sendable {
    let store: any Store
    let projects: ProjectDirectory
    let catalog: FileCatalog

    public init(store: any Store, projects: ProjectDirectory, catalog: FileCatalog) {
        self.store = store
        self.projects = projects
        self.catalog = catalog
    }

    /// `GET /directories`: every directory, by path.
    public func list(orgID: String) async throws -> [Directory] {
        try await synchronize(orgID: orgID)
        let records = try await store.directories(orgID: orgID)
        return records.map { Self.directory($0, among: records) }
    }

    /// `POST /directories`: at `path`, or named `name` inside `parentID` (the top level without one).
    public func create(path: String?, name: String?, parentID: String?, orgID: String) async throws -> Directory {
        let target: String
        if let path {
            target = try PromptPath.normalized(path, at: ["body", "path"])
        } else if let name {
            target = try PromptPath.child(named: name, of: try await parentPath(parentID, orgID: orgID))
        } else {
            throw GatewayError.invalid([.missing(["body", "path"])])
        }
        let directoryThere = try await store.directory(path: target, orgID: orgID)
        let promptThere = try await store.project(named: target, orgID: orgID)
        let fileThere = try await store.file(path: target, orgID: orgID)
        if directoryThere != nil || promptThere != nil || fileThere != nil {
            throw GatewayError.conflict("Something already exists at path '\(target)'")
        }
        let records = try await store.ensureDirectories(paths: PromptPath.parents(of: target) + [target], orgID: orgID)
        guard let created = records.first(where: { $0.path == target }) else {
            throw GatewayError.unavailable("the directory could not be made")
        }
        return Self.directory(created, among: records)
    }

    /// `GET /directories/{id}`.
    public func contents(id: String, orgID: String) async throws -> DirectoryContents {
        try await synchronize(orgID: orgID)
        let records = try await store.directories(orgID: orgID)
        guard let record = records.first(where: { $0.id == id }) else {
            throw GatewayError.notFound("Directory with id '\(id)' not found")
        }
        let below = try await catalog.list(
            directory: record.path, name: nil, types: [], environment: nil, page: 1, size: Int(Int32.max),
            orgID: orgID
        ).records
        let parents = PromptPath.parents(of: record.path)
        return DirectoryContents(
            directory: Self.directory(record, among: records),
            subdirectories: records.filter { PromptPath.parent(of: $0.path) == record.path }
                .map { Self.directory($0, among: records) },
            files: below.filter { PromptPath.parent(of: $0.path) == record.path },
            parents: parents.compactMap { path in
                records.first { $0.path == path }.map { Self.directory($0, among: records) }
            })
    }

    /// `PATCH /directories/{id}`: to `path`, or into `parentID` and/or renamed `name`; everything below
    /// moves with it.
    public func update(id: String, name: String?, parentID: String?, path: String?, orgID: String) async throws
        -> Directory
    {
        guard let record = try await store.directory(id: id, orgID: orgID) else {
            throw GatewayError.notFound("Directory with id '\(id)' not found")
        }
        let target: String
        if let path {
            target = try PromptPath.normalized(path, at: ["body", "path"])
        } else {
            let parent =
                parentID == nil ? PromptPath.parent(of: record.path) : try await parentPath(parentID, orgID: orgID)
            target = try PromptPath.child(named: name ?? PromptPath.name(of: record.path), of: parent)
        }
        if target != record.path {
            guard !target.hasPrefix(record.path + "/") else {
                throw GatewayError.invalid(["body", "path"], "a directory cannot move into itself")
            }
            try await store.moveDirectory(from: record.path, to: target, orgID: orgID)
            projects.invalidateAll(orgID: orgID)
            _ = try await store.ensureDirectories(paths: PromptPath.parents(of: target), orgID: orgID)
        }
        let records = try await store.directories(orgID: orgID)
        guard let moved = records.first(where: { $0.id == id }) else {
            throw GatewayError.notFound("Directory with id '\(id)' not found")
        }
        return Self.directory(moved, among: records)
    }

    /// `DELETE /directories/{id}`: only an empty one (409 otherwise).
    public func delete(id: String, orgID: String) async throws {
        guard let record = try await store.directory(id: id, orgID: orgID) else {
            throw GatewayError.notFound("Directory with id '\(id)' not found")
        }
        let below = record.path + "/"
        let hasDirectories = try await store.directories(orgID: orgID).contains { $0.path.hasPrefix(below) }
        let hasFiles = try await store.listProjects(
            orgID: orgID, page: 0, size: Int(Int32.max), nameFilter: nil, orderBy: .name, ascending: true
        ).records.contains { $0.name.hasPrefix(below) }
        let hasOtherFiles = try await store.files(orgID: orgID, kinds: []).contains { $0.path.hasPrefix(below) }
        guard !hasDirectories, !hasFiles, !hasOtherFiles else {
            throw GatewayError.conflict("Directory '\(record.path)' is not empty")
        }
        try await store.deleteDirectory(id: record.id, orgID: orgID)
    }

    // MARK: Paths

    /// Makes the directories above every project's name that are missing.
    func synchronize(orgID: String) async throws {
        let names = try await store.listProjects(
            orgID: orgID, page: 0, size: Int(Int32.max), nameFilter: nil, orderBy: .name, ascending: true
        ).records.map(\.name)
        let parents = Set(names.flatMap(PromptPath.parents(of:)))
        _ = try await store.ensureDirectories(paths: parents.sorted(), orgID: orgID)
    }

    func parentPath(_ parentID: String?, orgID: String) async throws -> String? {
        guard let parentID else { return nil }
        guard let parent = try await store.directory(id: parentID, orgID: orgID) else {
            throw GatewayError.notFound("Directory with id '\(parentID)' not found")
        }
        return parent.path
    }

    static func directory(_ record: DirectoryRecord, among records: [DirectoryRecord]) -> Directory {
        let parent = PromptPath.parent(of: record.path)
        return Directory(
            id: record.id, path: record.path,
            parentID: parent.flatMap { path in records.first { $0.path == path }?.id },
            createdAt: record.createdAt, updatedAt: record.updatedAt)
    }
}
