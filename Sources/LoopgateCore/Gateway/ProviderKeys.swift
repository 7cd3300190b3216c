import HumanloopAPI

/// The server's own provider keys (`LOOPGATE_<PROVIDER>_API_KEY`), the fallback after a request's
/// `provider_api_keys`.
public struct ProviderKeys: Sendable {
    private let keys: [ModelProvider: String]

    public init(_ keys: [ModelProvider: String] = [:]) {
        self.keys = keys.filter { !$0.value.isEmpty }
    }

    /// Reads the keys from `LOOPGATE_OPENAI_API_KEY` and its siblings.
    public init(environment: [String: String]) {
        let names: [ModelProvider: String] = [
            .openai: "LOOPGATE_OPENAI_API_KEY", .anthropic: "LOOPGATE_ANTHROPIC_API_KEY",
            .cohere: "LOOPGATE_COHERE_API_KEY", .ai21: "LOOPGATE_AI21_API_KEY",
            .openaiAzure: "LOOPGATE_AZURE_OPENAI_API_KEY", .google: "LOOPGATE_GOOGLE_API_KEY",
            .groq: "LOOPGATE_GROQ_API_KEY",
        ]
        self.init(names.compactMapValues { environment[$0] })
    }

    /// The providers the server has a key for.
    public var configured: [ModelProvider] { keys.keys.sorted { $0.rawValue < $1.rawValue } }

    /// The key for a call: the request's own first, then the server's.
    public func key(for provider: ModelProvider, requestKeys: ProviderAPIKeys?) -> String? {
        requestKeys?.key(for: provider) ?? keys[provider]
    }
}
