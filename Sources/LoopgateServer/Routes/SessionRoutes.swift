import HumanloopAPI
import Hummingbird
import LoopgateCore

/// Sessions: create, read with their log tree, list by project (1-based pages).
struct SessionRoutes {
    let sessions: SessionService

    func addRoutes(to group: RouterGroup<LoopgateRequestContext>) {
        group.get("sessions") { request, context in
            let query = QueryParameters(request: request)
            let page = try await sessions.list(
                projectID: try query.requiredString("project_id"), orgID: try context.orgID,
                page: try query.integer("page", default: 1, range: 1...1_000_000),
                size: try query.integer("size", default: 10, range: 1...1000))
            return try JSONBody.response(page)
        }
        group.post("sessions") { _, context in
            try JSONBody.response(try await sessions.create(orgID: try context.orgID), status: .created)
        }
        group.get("sessions/:id") { _, context in
            try JSONBody.response(
                try await sessions.session(id: try context.parameters.require("id"), orgID: try context.orgID))
        }
    }
}
