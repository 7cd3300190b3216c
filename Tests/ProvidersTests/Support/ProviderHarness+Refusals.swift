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
}
