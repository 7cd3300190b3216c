import HumanloopAPI
import Hummingbird
import LoopgateCore
import Storage

/// The project reads: `GET /projects` and `GET /projects/{id}`.
struct ProjectRoutes {
    let projects: ProjectService

    enum SortOrder: String, CaseIterable {
        case asc, desc
    }

    func addRoutes(to group: RouterGroup<LoopgateRequestContext>) {
        group.get("projects") { request, context in
            let query = QueryParameters(request: request)
            let page = try await projects.list(
                orgID: try context.orgID,
                page: try query.integer("page", default: 0, range: 0...1_000_000),
                size: try query.integer("size", default: 10, range: 1...1000),
                filter: query.string("filter"),
                sortBy: try query.enumeration("sort_by", default: ProjectOrdering.createdAt),
                ascending: try query.enumeration("order", default: SortOrder.desc) == .asc)
            return try JSONBody.response(page)
        }
        group.get("projects/:id") { _, context in
            let id = try context.parameters.require("id")
            return try JSONBody.response(try await projects.project(id: id, orgID: try context.orgID))
        }
    }
}
