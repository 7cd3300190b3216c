import HumanloopAPI

extension FinishReason {
    /// A provider's own stop reason, normalised (reference Q14): `stop`/`end_turn`/`stop_sequence` (and
    /// Cohere's `COMPLETE`) → `stop`; `length`/`max_tokens` → `length`; `tool_calls`/`function_call`/
    /// `tool_use` → `tool_call`. Any other reason (content filters, safety, refusals) still ended the
    /// sample, so it reads as `stop`; `nil` stays `nil`.
    init?(providerValue: String?) {
        guard let value = providerValue?.lowercased() else { return nil }
        switch value {
        case "length", "max_tokens", "model_context_window_exceeded": self = .length
        case "tool_calls", "function_call", "tool_use", "tool_call": self = .toolCall
        default: self = .stop
        }
    }

    /// A sample that made tool calls finished for them, whatever the provider said (Gemini says `STOP`).
    func accounting(forToolCalls calls: [ToolCall]) -> FinishReason {
        calls.isEmpty || self == .length ? self : .toolCall
    }
}
