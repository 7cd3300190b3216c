import HumanloopAPI
import Providers
import Storage

extension Gateway {
    /// Any of the four completion endpoints with `stream: true`. Throws before streaming for everything
    /// that can be known then (validation, lookups, the provider refusing the call).
    public func streamCompletion<Config: ConfigSelection>(_ request: CompletionBody<Config>, orgID: String)
        async throws -> GenerationStream<CompletionResponse>
    {
        let started = ContinuousClock.now
        let call = try await call(for: request, orgID: orgID)
        return GenerationStream(gateway: self, call: call, opened: try await open(call), started: started) { parts in
            CompletionResponse(data: [parts.sample], fields: parts.fields)
        }
    }

    /// Any of the four chat endpoints with `stream: true`.
    public func streamChat<Config: ConfigSelection>(_ request: ChatBody<Config>, orgID: String) async throws
        -> GenerationStream<ChatResponse>
    {
        let started = ContinuousClock.now
        let call = try await call(for: request, orgID: orgID)
        return GenerationStream(gateway: self, call: call, opened: try await open(call), started: started) { parts in
            let toolCalls = parts.toolCalls.isEmpty ? nil : parts.toolCalls
            let sample = ChatDataResponse(
                sample: parts.sample, messages: nil, toolCall: toolCalls?.first?.function, toolCalls: toolCalls,
                outputMessage: ChatMessage(role: .assistant, content: .text(parts.delta), toolCalls: toolCalls))
            return ChatResponse(data: [sample], fields: parts.fields, toolCall: nil, toolChoice: nil)
        }
    }

    /// Starts every group's provider stream; each returns once its upstream has accepted the call.
    func open(_ call: GenerationCall) async throws -> [(GenerationGroup, ProviderStream, ModelProvider)] {
        var opened: [(GenerationGroup, ProviderStream, ModelProvider)] = []
        for group in call.groups {
            let (provider, request) = try providerCall(for: group, call: call)
            do {
                opened.append((group, try await provider.stream(request), provider.name))
            } catch let error as ProviderError {
                try await recordFailure(call, error: error, createdAt: Clock.now())
                throw GatewayError.provider(ProviderFailure(error))
            }
        }
        return opened
    }
}
