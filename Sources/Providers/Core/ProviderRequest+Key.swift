import HumanloopAPI

extension ProviderRequest {
    /// The key for this call. The gateway refuses keyless calls before they get here; adapters still
    /// check, so that no path can send a request without one.
    func requireKey(for provider: ModelProvider) throws(ProviderError) -> String {
        guard let apiKey, !apiKey.isEmpty else {
            throw ProviderError(kind: .missingKey, provider: provider, message: "no API key was given or configured")
        }
        return apiKey
    }
}
