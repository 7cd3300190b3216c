import HumanloopAPI

/// The adapters the server can call, by provider.
public struct ProviderRegistry: Sendable {
    private let providers: [ModelProvider: any Provider]

    public init(_ providers: [any Provider]) {
        self.providers = Dictionary(providers.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The registry of a server with no provider accounts: the mock alone.
    public static var offline: ProviderRegistry {
        ProviderRegistry([MockProvider()])
    }

    /// The adapter for `provider`, or `nil` when this server cannot call it.
    public func provider(for provider: ModelProvider) -> (any Provider)? {
        providers[provider]
    }
}
