import HumanloopAPI

/// Token counts as OpenAI-style APIs report them.
struct OpenAIUsage: Decodable {
    var promptTokens: Int?
    var completionTokens: Int?

    enum CodingKeys: String, CodingKey {
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
    }
}

extension OpenAIUsage: JSONTreeReadable {
    init(tree: JSONValue) throws(TreeShapeMismatch) {
        let members = try tree.members()
        promptTokens = try members.optionalInt("prompt_tokens")
        completionTokens = try members.optionalInt("completion_tokens")
    }
}
