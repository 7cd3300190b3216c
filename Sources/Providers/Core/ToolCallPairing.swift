import HumanloopAPI

/// Makes a conversation's tool calls and tool results name each other, as the providers require.
///
/// 0.5 clients cannot send ids (reference Q13): an assistant message carries one `tool_call`
/// `{name, arguments}`, and the `tool` message answering it carries only the function's `name`. Each
/// such call gets an id synthesised from its position (so the same history always gives the same ids),
/// and each tool message without `tool_call_id` is paired with the earlier call it answers: the first
/// unanswered call of the latest assistant turn with the same name, else the first unanswered one.
enum ToolCallPairing {
    /// The messages with every assistant's calls in `toolCalls` (each with an id) and every tool
    /// message's `toolCallID` and `name` filled in from the call it answers, where one can be found.
    static func normalise(_ messages: [ChatMessage]) -> [ChatMessage] {
        var normalised: [ChatMessage] = []
        normalised.reserveCapacity(messages.count)
        var open: [(id: String, name: String)] = []
        for (position, original) in messages.enumerated() {
            var message = original
            switch message.role {
            case .assistant:
                let calls = calls(of: message, position: position)
                message.toolCalls = calls.isEmpty ? nil : calls
                message.toolCall = nil
                if !calls.isEmpty { open = calls.map { ($0.id, $0.function.name) } }
            case .tool:
                if let id = message.toolCallID, let index = open.firstIndex(where: { $0.id == id }) {
                    if message.name == nil { message.name = open[index].name }
                    open.remove(at: index)
                } else if message.toolCallID == nil, !open.isEmpty {
                    let index = open.firstIndex(where: { $0.name == message.name }) ?? open.startIndex
                    message.toolCallID = open[index].id
                    message.name = open[index].name
                    open.remove(at: index)
                }
            case .user, .system:
                break
            }
            normalised.append(message)
        }
        return normalised
    }

    /// An assistant message's calls: its 0.7 `tool_calls`, else its 0.5 `tool_call`; ids filled in.
    private static func calls(of message: ChatMessage, position: Int) -> [ToolCall] {
        if let calls = message.toolCalls, !calls.isEmpty {
            return calls.enumerated().map { index, call in
                var call = call
                if call.id.isEmpty { call.id = syntheticID(position: position, index: index) }
                return call
            }
        }
        if let call = message.toolCall {
            return [ToolCall(id: syntheticID(position: position, index: 0), function: call)]
        }
        return []
    }

    /// `call_lg_<message>_<call>`: stable for a given history, and valid in every provider's id syntax.
    static func syntheticID(position: Int, index: Int) -> String {
        "call_lg_\(position)_\(index)"
    }

    /// The id of a call in an answer whose provider gave none (`call_lg_out_<sample>_<call>`), apart from
    /// the ids of the history so the two never collide.
    static func answerID(sample: Int, index: Int) -> String {
        "call_lg_out_\(sample)_\(index)"
    }
}
