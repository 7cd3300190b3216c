import HumanloopAPI
import Logging

/// Azure OpenAI: the config's `model` is the deployment name, in the URL
/// (`/openai/deployments/{model}/chat/completions?api-version=…`); the key goes in `api-key`.
public struct AzureOpenAIProvider: Provider {
    public var name: ModelProvider { .openaiAzure }
    let client: OpenAICompatibleClient?

    public init(configuration: ProviderConfiguration, httpClient: UpstreamHTTPClient, logger: Logger) {
        // Azure has no default endpoint: without one configured, calls fail with a clear message.
        guard let endpoint = configuration.azureEndpoint else {
            client = nil
            return
        }
        let version = configuration.azureAPIVersion.percentEncodedComponent()
        let deployment: @Sendable (String) -> String = { model in
            endpoint + "/openai/deployments/" + model.percentEncodedComponent()
        }
        let flavor = OpenAIFlavor(
            provider: .openaiAzure,
            chatURL: { deployment($0) + "/chat/completions?api-version=" + version },
            completionsURL: { deployment($0) + "/completions?api-version=" + version },
            authorization: { key in [("api-key", key)] },
            // Azure OpenAI serves OpenAI's models with OpenAI's request schema and ranges (Azure OpenAI
            // REST reference: penalties −2–2, `n` 1–128, `stop` up to 4).
            limits: OpenAIProvider.limits, completionLimits: OpenAIProvider.completionLimits,
            sendsModel: false)
        client = OpenAICompatibleClient(
            flavor: flavor, configuration: configuration, httpClient: httpClient, logger: logger)
    }

    public func generate(_ request: ProviderRequest) async throws -> ProviderResult {
        try await configuredClient().generate(request)
    }

    public func stream(_ request: ProviderRequest) async throws -> ProviderStream {
        try await configuredClient().stream(request)
    }

    private func configuredClient() throws(ProviderError) -> OpenAICompatibleClient {
        guard let client else {
            throw ProviderError(
                kind: .unsupported, provider: .openaiAzure,
                message: "no Azure OpenAI endpoint is configured on this server (LOOPGATE_AZURE_OPENAI_ENDPOINT)")
        }
        return client
    }
}
