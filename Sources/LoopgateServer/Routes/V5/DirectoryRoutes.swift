import HumanloopAPI
import Hummingbird
import LoopgateCore

/// v5 `/directories`: list, create, read (with what is in it and above it), move or rename, delete.
struct DirectoryRoutes {
    let directories: DirectoryService

    func addRoutes(to group: RouterGroup<LoopgateRequestContext>) {
        group.get("directories") { _, context in
            try JSONBody.response(try await directories.list(orgID: try context.orgID).map(DirectoryResponse.init(v5:)))
        }
        group.post("directories") { request, context in
            let body = try await JSONBody.decode(DirectoryRequest.self, from: request, context: context)
            let created = try await directories.create(
                path: body.path, name: body.name, parentID: body.parentID, orgID: try context.orgID)
            return try JSONBody.response(DirectoryResponse(v5: created))
        }
        group.get("directories/:id") { _, context in
            let contents = try await directories.contents(
                id: try context.parameters.require("id"), orgID: try context.orgID)
            return try JSONBody.response(DirectoryWithParentsAndChildrenResponse(v5: contents))
        }
        group.patch("directories/:id") { request, context in
            let body = try await JSONBody.decode(DirectoryRequest.self, from: request, context: context)
            let moved = try await directories.update(
                id: try context.parameters.require("id"), name: body.name, parentID: body.parentID, path: body.path,
                orgID: try context.orgID)
            return try JSONBody.response(DirectoryResponse(v5: moved))
        }
        group.delete("directories/:id") { _, context in
            try await directories.delete(id: try context.parameters.require("id"), orgID: try context.orgID)
            return Response(status: .noContent)
        }
    }
}
