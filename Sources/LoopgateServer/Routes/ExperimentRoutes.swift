import HumanloopAPI
import Hummingbird
import LoopgateCore

/// Experiments of a project, and sampling a config from one.
struct ExperimentRoutes {
    let experiments: ExperimentService

    func addRoutes(to group: RouterGroup<LoopgateRequestContext>) {
        group.get("projects/:id/experiments") { _, context in
            let id = try context.parameters.require("id")
            return try JSONBody.response(try await experiments.list(projectID: id, orgID: try context.orgID))
        }
        group.post("projects/:id/experiments") { request, context in
            let body = try await JSONBody.decode(CreateExperimentRequest.self, from: request, context: context)
            let id = try context.parameters.require("id")
            return try JSONBody.response(try await experiments.create(body, projectID: id, orgID: try context.orgID))
        }
        group.patch("experiments/:id") { request, context in
            let body = try await JSONBody.decode(UpdateExperimentRequest.self, from: request, context: context)
            let id = try context.parameters.require("id")
            return try JSONBody.response(try await experiments.update(body, id: id, orgID: try context.orgID))
        }
        group.delete("experiments/:id") { _, context in
            try await experiments.delete(id: try context.parameters.require("id"), orgID: try context.orgID)
            return Response(status: .noContent)
        }
        group.get("experiments/:id/model-config") { _, context in
            let id = try context.parameters.require("id")
            return try JSONBody.response(try await experiments.sample(id: id, orgID: try context.orgID))
        }
    }
}
