import HumanloopAPI
import Hummingbird
import LoopgateCore

/// `GET /logs` and `GET /logs/{id}`.
struct LogRoutes {
    let logs: LogService

    func addRoutes(to group: RouterGroup<LoopgateRequestContext>) {
        group.get("logs") { request, context in
            let query = QueryParameters(request: request)
            let page = try await logs.list(
                projectID: try query.requiredString("project_id"), orgID: try context.orgID,
                page: try query.integer("page", default: 0, range: 0...1_000_000),
                size: try query.integer("size", default: 50, range: 1...1000))
            return try JSONBody.response(page)
        }
        group.get("logs/:id") { _, context in
            let id = try context.parameters.require("id")
            return try JSONBody.response(try await logs.log(id: id, orgID: try context.orgID))
        }
    }
}
