import HumanloopAPI

/// A `GenerateContentResponse` (whole, or one chunk of a stream), as far as Loopgate reads it.
struct GeminiResponse: Decodable {
    struct Candidate: Decodable {
        var content: Content?
        var finishReason: String?
        var index: Int?
    }

    struct Content: Decodable {
        var parts: [Part]?
    }

    struct Part: Decodable {
        struct FunctionCall: Decodable {
            var id: String?
            var name: String
            var args: JSONValue?
        }

        var text: String?
        /// A thought summary of a thinking model: not part of the answer.
        var thought: Bool?
        var functionCall: FunctionCall?
    }

    struct Usage: Decodable {
        var promptTokenCount: Int?
        var candidatesTokenCount: Int?
        var thoughtsTokenCount: Int?

        /// Output tokens as billed: the answer's and the thinking's.
        var generationTokens: Int { (candidatesTokenCount ?? 0) + (thoughtsTokenCount ?? 0) }
    }

    struct PromptFeedback: Decodable {
        var blockReason: String?
    }

    var candidates: [Candidate]?
    var usageMetadata: Usage?
    var promptFeedback: PromptFeedback?

    /// The samples in index order: text parts joined, function calls as v4 tool calls.
    var providerChoices: [ProviderChoice] {
        let all = (candidates ?? []).enumerated().map { ($0.element.index ?? $0.offset, $0.element) }
        return all.sorted { $0.0 < $1.0 }.map { index, candidate in
            let parts = candidate.content?.parts ?? []
            let calls = Self.toolCalls(in: parts, sample: index, from: 0)
            return ProviderChoice(
                text: Self.text(of: parts),
                finishReason: FinishReason(providerValue: candidate.finishReason)?.accounting(forToolCalls: calls),
                toolCalls: calls, generationTokens: all.count == 1 ? usageMetadata?.generationTokens : nil)
        }
    }

    static func text(of parts: [Part]) -> String {
        parts.filter { $0.thought != true }.compactMap(\.text).joined()
    }

    /// Gemini's calls as v4 tool calls; ids are made up where Gemini gave none, numbered from `first`.
    static func toolCalls(in parts: [Part], sample: Int, from first: Int) -> [ToolCall] {
        parts.compactMap(\.functionCall).enumerated().map { offset, call in
            ToolCall(
                id: call.id ?? ToolCallPairing.answerID(sample: sample, index: first + offset),
                function: FunctionCall(name: call.name, arguments: .string((call.args ?? [:]).serialized())))
        }
    }
}
