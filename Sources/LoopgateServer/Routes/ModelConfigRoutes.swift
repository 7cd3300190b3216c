import HumanloopAPI
import Hummingbird
import LoopgateCore

/// `POST /model-configs` (register), `GET /model-configs/{id}`, and the `.prompt` file conversions.
struct ModelConfigRoutes {
    let configs: ConfigService

    func addRoutes(to group: RouterGroup<LoopgateRequestContext>) {
        group.post("model-configs") { request, context in
            let body = try await JSONBody.decode(ProjectModelConfigRequest.self, from: request, context: context)
            return try JSONBody.response(try await configs.register(body, orgID: try context.orgID))
        }
        group.post("model-configs/serialize") { request, context in
            let body = try await JSONBody.decode(ModelConfigRequest.self, from: request, context: context)
            return try JSONBody.response(try configs.serialize(body))
        }
        group.post("model-configs/deserialize") { request, context in
            let body = try await JSONBody.decode(PromptFileBody.self, from: request, context: context)
            return try JSONBody.response(try configs.deserialize(body.config))
        }
        group.post("model-configs/:id/export") { _, context in
            let id = try context.parameters.require("id")
            return try JSONBody.response(try await configs.export(id: id, orgID: try context.orgID))
        }
        group.get("model-configs/:id") { _, context in
            try JSONBody.response(
                try await configs.config(id: try context.parameters.require("id"), orgID: try context.orgID))
        }
    }
}

/// `POST /model-configs/deserialize` body: the `.prompt` text.
struct PromptFileBody: Decodable {
    var config: String
}
