/// Who wrote a chat message.
public enum ChatRole: String, Codable, Sendable, CaseIterable {
    case user, assistant, system, tool

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        guard let role = ChatRole(rawValue: raw) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: WireEnum.invalidMemberMessage(permitted: ChatRole.allCases.map(\.rawValue))
            )
        }
        self = role
    }
}

/// A message of a conversation, accepting both the 0.5 shape (`tool_call`) and the 0.7 shape
/// (`tool_calls`, `tool_call_id`, multimodal `content`).
public struct ChatMessage: Codable, Sendable, Hashable {
    public var role: ChatRole
    public var content: ChatContent?
    public var name: String?
    public var toolCallID: String?
    public var toolCalls: [ToolCall]?
    public var toolCall: FunctionCall?

    public init(
        role: ChatRole,
        content: ChatContent? = nil,
        name: String? = nil,
        toolCallID: String? = nil,
        toolCalls: [ToolCall]? = nil,
        toolCall: FunctionCall? = nil
    ) {
        self.role = role
        self.content = content
        self.name = name
        self.toolCallID = toolCallID
        self.toolCalls = toolCalls
        self.toolCall = toolCall
    }

    enum CodingKeys: String, CodingKey {
        case role, content, name
        case toolCallID = "tool_call_id"
        case toolCalls = "tool_calls"
        case toolCall = "tool_call"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(role, forKey: .role)
        try container.encodeOrNull(content, forKey: .content)
        try container.encodeOrNull(name, forKey: .name)
        try container.encodeOrNull(toolCallID, forKey: .toolCallID)
        try container.encodeOrNull(toolCalls, forKey: .toolCalls)
        try container.encodeOrNull(toolCall, forKey: .toolCall)
    }

    /// The message's text: the string content, or its text parts joined.
    public var text: String {
        content?.text ?? ""
    }
}

/// A message's content: plain text or a list of parts (text and images).
public enum ChatContent: Codable, Sendable, Hashable {
    case text(String)
    case parts([ChatContentPart])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            self = .parts(try container.decode([ChatContentPart].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .parts(let parts): try container.encode(parts)
        }
    }

    /// The text of the content; for parts, the text parts joined with no separator.
    public var text: String {
        switch self {
        case .text(let text): return text
        case .parts(let parts): return parts.compactMap(\.text).joined()
        }
    }
}

/// One part of multimodal content: `{"type":"text","text":…}` or `{"type":"image_url","image_url":{…}}`.
public struct ChatContentPart: Codable, Sendable, Hashable {
    public var type: String
    public var text: String?
    public var imageURL: JSONValue?

    public init(type: String, text: String? = nil, imageURL: JSONValue? = nil) {
        self.type = type
        self.text = text
        self.imageURL = imageURL
    }

    enum CodingKeys: String, CodingKey {
        case type, text
        case imageURL = "image_url"
    }

    /// Only the two documented parts (`TextChatContent`, `ImageChatContent`): a text part's `text` is a
    /// string, an image part's `image_url` an object with a string `url` and an optional `detail` (high,
    /// low, auto). Found by schema fuzzing: any JSON was kept here and answered back against the schema.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(String.self, forKey: .type)
        text = try container.decodeIfPresent(String.self, forKey: .text)
        imageURL = try container.decodeIfPresent(JSONValue.self, forKey: .imageURL)
        switch type {
        case "text":
            guard text != nil else {
                throw DecodingError.keyNotFound(
                    CodingKeys.text, .init(codingPath: container.codingPath, debugDescription: "a text part has text"))
            }
        case "image_url":
            guard case .object(let image)? = imageURL, image["url"]?.stringValue != nil,
                image["detail"].map({ $0.isNull || ["high", "low", "auto"].contains($0.stringValue ?? "") }) ?? true
            else {
                throw DecodingError.dataCorruptedError(
                    forKey: .imageURL, in: container,
                    debugDescription: "image_url is an object with a string url and a detail of high, low or auto")
            }
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container, debugDescription: "a content part's type is text or image_url")
        }
    }
}

/// A tool call in the 0.7 shape: `{"id", "type": "function", "function": {"name", "arguments"}}`.
public struct ToolCall: Codable, Sendable, Hashable {
    public var id: String
    public var type: String
    public var function: FunctionCall

    public init(id: String, type: String = "function", function: FunctionCall) {
        self.id = id
        self.type = type
        self.function = function
    }
}

/// A single function call (`{"name", "arguments"}`): the 0.5 `tool_call` and the 0.7 `FunctionTool`.
///
/// `arguments` is in practice the JSON text the model produced, but 0.5 clients may send any JSON.
public struct FunctionCall: Codable, Sendable, Hashable {
    public var name: String
    public var arguments: JSONValue?

    public init(name: String, arguments: JSONValue? = nil) {
        self.name = name
        self.arguments = arguments
    }
}
