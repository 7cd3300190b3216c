import Foundation
import HTTPTypes
import HumanloopAPI
import Hummingbird
import LoopgateCore

/// OpenAI's API beside v4 and v5 (issue 27): `POST /v1/chat/completions` (JSON and streamed) on the one
/// pipeline, logged into Loopgate's projects, and `GET /v1/models`.
struct OpenAIRoutes {
    let gateway: Gateway
    let models: OpenAIModelCatalog

    static let projectHeader = HTTPField.Name("X-Loopgate-Project")!

    func addRoutes(to group: RouterGroup<LoopgateRequestContext>) {
        let gateway = self.gateway
        group.post("chat/completions") { request, context in
            let body = try await JSONBody.decode(OpenAIChatRequest.self, from: request, context: context)
            guard let model = OpenAIModelName(body.model) else { throw OpenAIError.modelNotFound(body.model) }
            let generation = try GenerationRequest(
                openAI: body, model: model, projectHeader: request.headers[Self.projectHeader])
            let orgID = try context.orgID
            do {
                if body.stream == true {
                    let shaper = OpenAIStreamShaper(
                        model: body.model, includeUsage: body.streamOptions?.includeUsage == true,
                        created: Int64(Date().timeIntervalSince1970))
                    let stream = try await gateway.stream(generation, orgID: orgID) { parts in
                        shaper.events(for: parts)
                    }
                    return ServerSentEvents.response(
                        for: stream, channel: context.channel, trailer: "data: [DONE]\n\n",
                        errorBody: { OpenAIError($0).encodedBody })
                }
                let result = try await gateway.generate(generation, orgID: orgID)
                context.timing.addProviderTime(result.providerDuration)
                return try JSONBody.response(OpenAIChatCompletion(openAI: result.response, model: body.model))
            } catch GatewayError.notFound(let message) where model.isDeployment {
                // The project or its deployment is missing: that is the model not existing.
                throw OpenAIError.modelNotFound(body.model, message)
            }
        }
        group.get("models") { _, context in
            try JSONBody.response(try await models.list(orgID: try context.orgID))
        }
    }
}

extension OpenAIModelName {
    var isDeployment: Bool {
        if case .deployment = self { return true }
        return false
    }
}
