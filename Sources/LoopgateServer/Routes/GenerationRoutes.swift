import HumanloopAPI
import Hummingbird
import LoopgateCore

/// The eight generation endpoints: `/completion` and `/chat` with their `-model-config`, `-deployed`
/// and `-experiment` variants, which differ only in how the config is chosen; each answers JSON, or
/// server-sent events with `stream: true`.
struct GenerationRoutes {
    let gateway: Gateway

    func addRoutes(to group: RouterGroup<LoopgateRequestContext>) {
        addCompletion(InlineConfig.self, at: "completion", to: group)
        addCompletion(StoredConfig.self, at: "completion-model-config", to: group)
        addCompletion(DeployedConfig.self, at: "completion-deployed", to: group)
        addCompletion(ExperimentConfig.self, at: "completion-experiment", to: group)
        addChat(InlineConfig.self, at: "chat", to: group)
        addChat(StoredConfig.self, at: "chat-model-config", to: group)
        addChat(DeployedConfig.self, at: "chat-deployed", to: group)
        addChat(ExperimentConfig.self, at: "chat-experiment", to: group)
    }

    func addCompletion<Config: ConfigSelection>(
        _: Config.Type, at path: RouterPath, to group: RouterGroup<LoopgateRequestContext>
    ) {
        group.post(path) { request, context in
            let body = try await JSONBody.decode(CompletionBody<Config>.self, from: request, context: context)
            let generation = GenerationRequest(v4: body)
            if body.options.stream == true {
                let stream = try await gateway.stream(generation, orgID: try context.orgID) { parts in
                    CompletionResponse(v4: parts, for: body)
                }
                return ServerSentEvents.response(for: stream, channel: context.channel)
            }
            let result = try await gateway.generate(generation, orgID: try context.orgID)
            context.timing.addProviderTime(result.providerDuration)
            return try JSONBody.response(CompletionResponse(v4: result.response, for: body))
        }
    }

    func addChat<Config: ConfigSelection>(
        _: Config.Type, at path: RouterPath, to group: RouterGroup<LoopgateRequestContext>
    ) {
        group.post(path) { request, context in
            let body = try await JSONBody.decode(ChatBody<Config>.self, from: request, context: context)
            let generation = GenerationRequest(v4: body)
            if body.options.stream == true {
                let stream = try await gateway.stream(generation, orgID: try context.orgID) { parts in
                    ChatResponse(v4: parts, for: body)
                }
                return ServerSentEvents.response(for: stream, channel: context.channel)
            }
            let result = try await gateway.generate(generation, orgID: try context.orgID)
            context.timing.addProviderTime(result.providerDuration)
            return try JSONBody.response(ChatResponse(v4: result.response, for: body))
        }
    }
}
