import HumanloopAPI

/// Something a `ProviderStream` pulls its events from, one at a time.
protocol ProviderEventSource: Sendable {
    /// The next event; `nil` once the stream is over.
    func next() async throws -> ProviderStreamEvent?
}

extension ProviderStream {
    /// A stream pulling from `source`, which the stream keeps alive until it is dropped.
    init(providerRequest: RawJSON, source: some ProviderEventSource) {
        self.init(providerRequest: providerRequest) { try await source.next() }
    }
}
