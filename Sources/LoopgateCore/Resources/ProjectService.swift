import HumanloopAPI
import Storage

/// Reads of projects in the shapes of the API.
public final class ProjectService: Sendable {
    let store: SQLStore
    let organizations: OrganizationDirectory

    public init(store: SQLStore, organizations: OrganizationDirectory) {
        self.store = store
        self.organizations = organizations
    }

    /// `GET /projects/{id}`.
    public func project(id: String, orgID: String) async throws -> ProjectResponse {
        guard let record = try await store.project(id: id, orgID: orgID) else {
            throw GatewayError.notFound("Project with id '\(id)' not found")
        }
        return try await response(for: record)
    }

    /// `GET /projects`: a 0-based page, optionally filtered by a name substring.
    public func list(
        orgID: String, page: Int, size: Int, filter: String?, sortBy: ProjectOrdering, ascending: Bool
    ) async throws -> Paginated<ProjectResponse> {
        let (records, total) = try await store.listProjects(
            orgID: orgID, page: page, size: size, nameFilter: filter, orderBy: sortBy, ascending: ascending)
        var responses: [ProjectResponse] = []
        for record in records {
            responses.append(try await response(for: record))
        }
        return Paginated(records: responses, page: page, size: size, total: total)
    }

    func response(for record: ProjectRecord) async throws -> ProjectResponse {
        let organization = try await organizations.organization(id: record.orgID)
        return ProjectResponse(
            id: record.id, name: record.name, dataCount: record.dataCount, teamID: organization.teamID,
            createdAt: record.createdAt, updatedAt: record.updatedAt)
    }
}
