import HumanloopAPI
import Hummingbird
import LoopgateCore

/// `POST /completion` and `POST /chat`.
struct GenerationRoutes {
    let gateway: Gateway

    func addRoutes(to group: RouterGroup<LoopgateRequestContext>) {
        group.post("completion") { request, context in
            let body = try await JSONBody.decode(CompletionRequest.self, from: request, context: context)
            try Self.refuseStreaming(body.options)
            let result = try await gateway.complete(body, orgID: try context.orgID)
            context.timing.addProviderTime(result.providerDuration)
            return try JSONBody.response(result.response)
        }
        group.post("chat") { request, context in
            let body = try await JSONBody.decode(ChatRequest.self, from: request, context: context)
            try Self.refuseStreaming(body.options)
            let result = try await gateway.chat(body, orgID: try context.orgID)
            context.timing.addProviderTime(result.providerDuration)
            return try JSONBody.response(result.response)
        }
    }

    /// Streamed answers are not built yet; say so instead of answering in the wrong format.
    static func refuseStreaming(_ options: GenerationOptions) throws {
        if options.stream == true {
            throw APIError.validation([
                ValidationIssue(
                    loc: ["body", "stream"], msg: "streaming (stream: true) is not supported by this server yet",
                    type: "value_error.not_supported")
            ])
        }
    }
}
