import HumanloopAPI
import Storage

/// Resolves the project a request names (by id, or by name with find-or-create), caching what it found
/// so the hot path does not query for a project it has seen.
///
/// Entries are dropped by every project write this process makes (`invalidate`), so a client reads
/// back what it wrote. With several replicas on one database (`store.isShared`) another replica may
/// rename or delete a project at any time, so nothing is cached: every lookup is one indexed read.
public final class ProjectDirectory: Sendable {
    struct Key: Hashable, Sendable {
        var orgID: String
        var value: String
    }

    private let store: any Store
    private let byID = LockedCache<Key, ProjectRecord>()
    private let byName = LockedCache<Key, ProjectRecord>()

    private let caches: Bool

    public init(store: any Store) {
        self.store = store
        self.caches = !store.isShared
    }

    /// The project with this id in the organisation; 404 when there is none.
    public func project(id: String, orgID: String) async throws -> ProjectRecord {
        let key = Key(orgID: orgID, value: id)
        if caches, let cached = byID[key] { return cached }
        guard let project = try await store.project(id: id, orgID: orgID) else {
            throw GatewayError.notFound("Project with id '\(id)' not found")
        }
        remember(project)
        return project
    }

    /// The project with this name, created when the organisation has none.
    public func findOrCreate(named name: String, orgID: String) async throws -> ProjectRecord {
        if caches, let cached = byName[Key(orgID: orgID, value: name)] { return cached }
        let project = try await store.findOrCreateProject(named: name, orgID: orgID)
        remember(project)
        return project
    }

    /// The project with this name; 404 when the organisation has none (no creation).
    public func existing(named name: String, orgID: String) async throws -> ProjectRecord {
        if caches, let cached = byName[Key(orgID: orgID, value: name)] { return cached }
        guard let project = try await store.project(named: name, orgID: orgID) else {
            throw GatewayError.notFound("Project '\(name)' not found")
        }
        remember(project)
        return project
    }

    /// The project a request names, if it names one: by id (404 when unknown), or by name, created on
    /// first use when `creating` (404 when unknown otherwise). An empty name is a 422 at `path`'s
    /// `project`. Every request that names a project (generations, `POST /logs`) is resolved here.
    public func resolve(
        _ reference: ProjectReference?, orgID: String, creating: Bool, at path: [LocationComponent]
    ) async throws -> ProjectRecord? {
        switch reference {
        case nil:
            return nil
        case .id(let id):
            return try await project(id: id, orgID: orgID)
        case .name(let name):
            guard !name.isEmpty else {
                throw GatewayError.invalid(path + ["project"], "project name must not be empty")
            }
            return creating
                ? try await findOrCreate(named: name, orgID: orgID) : try await existing(named: name, orgID: orgID)
        }
    }

    /// Forgets a project after it was renamed or deleted.
    public func invalidate(projectID: String, orgID: String) {
        byID.remove(Key(orgID: orgID, value: projectID))
        byName.removeAll { key, project in key.orgID == orgID && project.id == projectID }
    }

    /// Forgets every project of an organisation (after a directory moved some of them).
    public func invalidateAll(orgID: String) {
        byID.removeAll { key, _ in key.orgID == orgID }
        byName.removeAll { key, _ in key.orgID == orgID }
    }

    private func remember(_ project: ProjectRecord) {
        guard caches else { return }
        byID.set(project, for: Key(orgID: project.orgID, value: project.id))
        byName.set(project, for: Key(orgID: project.orgID, value: project.name))
    }
}
