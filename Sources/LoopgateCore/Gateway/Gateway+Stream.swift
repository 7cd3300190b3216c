import HumanloopAPI
import Providers
import Storage

extension Gateway {
    /// A generation streamed: each chunk shaped by `makeChunk` (the API version's response type). Throws
    /// before streaming for everything that can be known then (validation, lookups, the provider refusing
    /// the call).
    public func stream<Chunk: Sendable>(
        _ request: GenerationRequest, orgID: String,
        makeChunk: @escaping @Sendable (StreamChunkParts) -> Chunk
    ) async throws -> GenerationStream<Chunk> {
        let started = ContinuousClock.now
        let call = try await call(for: request, orgID: orgID)
        return GenerationStream(
            gateway: self, call: call, opened: try await open(call), started: started, makeChunk: makeChunk)
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
