import HumanloopAPI
import Testing

@testable import Providers

extension ProviderHarness {
    /// Checks that `request` is refused, whole and streamed, with a rejection saying `message`, and that
    /// nothing reached the fake: a setting out of the provider's range must never cost an upstream call.
    func expectRefusedBeforeAnyCall(
        _ provider: any Provider, _ request: ProviderRequest, saying message: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        let whole = await #expect(throws: ProviderError.self, sourceLocation: sourceLocation) {
            _ = try await provider.generate(request)
        }
        let streamed = await #expect(throws: ProviderError.self, sourceLocation: sourceLocation) {
            _ = try await provider.stream(request)
        }
        for error in [whole, streamed] {
            #expect(error?.kind == .rejected, sourceLocation: sourceLocation)
            #expect(error?.provider == provider.name, sourceLocation: sourceLocation)
            #expect(error?.message == message, sourceLocation: sourceLocation)
        }
        #expect(upstream.requests.isEmpty, "nothing reached the provider", sourceLocation: sourceLocation)
    }

    /// The same for each setting of `refused`, sent in the request `request` makes of it.
    func expectRefusedBeforeAnyCall(
        _ provider: any Provider, _ refused: [(SamplingParameters, message: String)],
        in request: (SamplingParameters) -> ProviderRequest, sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        for (parameters, message) in refused {
            await expectRefusedBeforeAnyCall(
                provider, request(parameters), saying: message, sourceLocation: sourceLocation)
        }
    }
}

extension [String] {
    /// `count` stop sequences, to go past a provider's limit.
    static func stopSequences(_ count: Int) -> [String] {
        (1...count).map { "stop \($0)" }
    }
}
