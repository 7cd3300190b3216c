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

extension OpenAIToolCall: JSONTreeReadable {
    init(tree: JSONValue) throws(TreeShapeMismatch) {
        let members = try tree.members()
        id = try members.optionalString("id")
        guard let function = try members.optional("function", as: Function.self) else { throw TreeShapeMismatch() }
        self.function = function
    }
}

extension OpenAIToolCall.Function: JSONTreeReadable {
    init(tree: JSONValue) throws(TreeShapeMismatch) {
        let members = try tree.members()
        name = try members.requiredString("name")
        arguments = try members.optionalString("arguments")
    }
}
