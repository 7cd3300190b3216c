import HumanloopAPI

extension ProviderAPIKeys {
    /// Every provider key slot.
    static var slots: [WritableKeyPath<ProviderAPIKeys, String?>] {
        [
            \.openai, \.ai21, \.mock, \.anthropic, \.cohere, \.openaiAzure, \.openaiAzureEndpoint, \.bedrock, \.google,
            \.groq,
        ]
    }

    /// These keys, with each slot that is missing or empty taken from `defaults`: the call's own key wins,
    /// the client's fills the gaps (the TypeScript SDK's rule).
    func filling(from defaults: ProviderAPIKeys) -> ProviderAPIKeys {
        var merged = self
        for slot in Self.slots where (merged[keyPath: slot] ?? "").isEmpty {
            merged[keyPath: slot] = defaults[keyPath: slot]
        }
        return merged
    }

    /// Whether no slot holds a key.
    var isEmpty: Bool {
        Self.slots.allSatisfy { (self[keyPath: $0] ?? "").isEmpty }
    }
}
