/// A Prompt version's definition (`PromptKernelRequest`): what `prompts.upsert` sends flat in its body and
/// `prompts.call`/`prompts.log` send as `prompt`.
public struct PromptKernelRequest: Codable, Sendable, Hashable {
    public var model: String
    public var endpoint: String?
    public var template: PromptTemplate?
    public var templateLanguage: String?
    public var provider: String?
    public var maxTokens: Int?
    public var temperature: Double?
    public var topP: Double?
    public var stop: StopSequences?
    public var presencePenalty: Double?
    public var frequencyPenalty: Double?
    public var other: JSONObject?
    public var seed: Int?
    public var responseFormat: JSONValue?
    public var reasoningEffort: ReasoningEffort?
    public var tools: [ToolDefinition]?
    public var linkedTools: [String]?
    public var attributes: JSONObject?
    /// The version's own name and description (`version_name`, `version_description`).
    public var versionName: String?
    public var versionDescription: String?

    public init(model: String, template: PromptTemplate? = nil, provider: String? = nil) {
        self.model = model
        self.template = template
        self.provider = provider
    }

    enum CodingKeys: String, CodingKey {
        case model, endpoint, template, provider, temperature, stop, other, seed, tools, attributes
        case templateLanguage = "template_language"
        case maxTokens = "max_tokens"
        case topP = "top_p"
        case presencePenalty = "presence_penalty"
        case frequencyPenalty = "frequency_penalty"
        case responseFormat = "response_format"
        case reasoningEffort = "reasoning_effort"
        case linkedTools = "linked_tools"
        case versionName = "version_name"
        case versionDescription = "version_description"
    }
}

/// A Prompt's template: a string makes completions, a list of messages chats.
public enum PromptTemplate: Codable, Sendable, Hashable {
    case text(String)
    case messages([ChatMessage])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            self = .messages(try container.decode([ChatMessage].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .messages(let messages): try container.encode(messages)
        }
    }
}
