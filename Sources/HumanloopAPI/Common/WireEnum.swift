/// Shared wording for enum validation, so every enum the API checks reports the same way.
public enum WireEnum {
    /// The 422 issue for a value outside `Enum`, at `loc`, listing the permitted values.
    public static func issue<Enum: CaseIterable & RawRepresentable>(_: Enum.Type, at loc: [LocationComponent])
        -> ValidationIssue where Enum.RawValue == String
    {
        ValidationIssue(
            loc: loc, msg: invalidMemberMessage(permitted: Enum.allCases.map(\.rawValue)), type: "type_error.enum")
    }

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
