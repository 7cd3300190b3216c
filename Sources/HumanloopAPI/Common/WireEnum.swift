/// Shared wording for enum validation, so every enum the API checks reports the same way.
public enum WireEnum {
    /// The FastAPI-style message for a value outside an enum.
    public static func invalidMemberMessage(permitted: [String]) -> String {
        "value is not a valid enumeration member; permitted: "
            + permitted.map { "'\($0)'" }.joined(separator: ", ")
    }
}

/// The providers of the v4 `ModelProviders` enum (0.5 and later values).
public enum ModelProvider: String, Codable, Sendable, CaseIterable {
    case openai
    case openaiAzure = "openai_azure"
    case ai21
    case mock
    case anthropic
    case langchain
    case cohere
    case replicate
    case bedrock
    case google
    case groq
}

/// The provider endpoint flavours of the v4 `ModelEndpoints` enum.
public enum ModelEndpoint: String, Codable, Sendable, CaseIterable {
    case complete
    case chat
    case edit
}
