import HumanloopAPI

/// A tool call as OpenAI-style APIs return it.
struct OpenAIToolCall: Decodable {
    struct Function: Decodable {
        var name: String
        var arguments: String?
    }

    var id: String?
    var function: Function

    /// The call in the v4 shape; an id is made up when a compatible server sent none.
    func toolCall(fallbackID: String) -> ToolCall {
        ToolCall(
            id: id.flatMap { $0.isEmpty ? nil : $0 } ?? fallbackID,
            function: FunctionCall(name: function.name, arguments: .string(function.arguments ?? "")))
    }
}
