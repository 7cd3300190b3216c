/// Per-call provider credentials (`provider_api_keys`). Used for one call and never stored or echoed.
public struct ProviderAPIKeys: Codable, Sendable, Hashable {
    public var openai: String?
    public var ai21: String?
    public var mock: String?
    public var anthropic: String?
    public var cohere: String?
    public var openaiAzure: String?
    public var openaiAzureEndpoint: String?
    public var bedrock: String?
    public var google: String?
    public var groq: String?

    public init(
        openai: String? = nil, ai21: String? = nil, mock: String? = nil, anthropic: String? = nil,
        cohere: String? = nil, openaiAzure: String? = nil, openaiAzureEndpoint: String? = nil,
        bedrock: String? = nil, google: String? = nil, groq: String? = nil
    ) {
        self.openai = openai
        self.ai21 = ai21
        self.mock = mock
        self.anthropic = anthropic
        self.cohere = cohere
        self.openaiAzure = openaiAzure
        self.openaiAzureEndpoint = openaiAzureEndpoint
        self.bedrock = bedrock
        self.google = google
        self.groq = groq
    }

    enum CodingKeys: String, CodingKey {
        case openai, ai21, mock, anthropic, cohere, bedrock, google, groq
        case openaiAzure = "openai_azure"
        case openaiAzureEndpoint = "openai_azure_endpoint"
    }

    /// The non-empty key given for a provider, if any.
    public func key(for provider: ModelProvider) -> String? {
        let key: String?
        switch provider {
        case .openai: key = openai
        case .openaiAzure: key = openaiAzure
        case .ai21: key = ai21
        case .mock: key = mock
        case .anthropic: key = anthropic
        case .cohere: key = cohere
        case .bedrock: key = bedrock
        case .google: key = google
        case .groq: key = groq
        case .langchain, .replicate: key = nil
        }
        guard let key, !key.isEmpty else { return nil }
        return key
    }
}
