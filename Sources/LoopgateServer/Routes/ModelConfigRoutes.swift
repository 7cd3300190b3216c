import HumanloopAPI
import Hummingbird
import LoopgateCore

/// `POST /model-configs` (register) and `GET /model-configs/{id}`.
struct ModelConfigRoutes {
    let configs: ConfigService

    func addRoutes(to group: RouterGroup<LoopgateRequestContext>) {
        group.post("model-configs") { request, context in
            let body = try await JSONBody.decode(ProjectModelConfigRequest.self, from: request, context: context)
            return try JSONBody.response(try await configs.register(body, orgID: try context.orgID))
        }
        group.get("model-configs/:id") { _, context in
            try JSONBody.response(
                try await configs.config(id: try context.parameters.require("id"), orgID: try context.orgID))
        }
    }
}
