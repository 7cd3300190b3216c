import Testing

@testable import HumanloopAPI

@Suite("JSONStringSlots")
struct JSONStringSlotsTests {
    /// A stream chunk as the chat endpoints send it: the delta is `output`, `raw_output` and the output
    /// message's content.
    static func chunk(_ delta: String, user: String? = "u") -> ChatResponse {
        ChatResponse(
            data: [
                ChatDataResponse(
                    sample: DataResponse(
                        id: "data_1", index: 0, output: delta, rawOutput: delta, inputs: ["x": "data: y"],
                        modelConfigID: "config_1", finishReason: nil, toolResults: nil),
                    messages: nil, outputMessage: ChatMessage(role: .assistant, content: .text(delta)))
            ],
            fields: GenerationResponseFields(
                providerResponses: [], projectID: "pr_1", numSamples: 1, user: user, usage: nil, metadata: nil,
                providerRequest: nil, sessionID: nil),
            toolCall: nil, toolChoice: nil)
    }

    @Test func rendersWhatTheEncoderWritesForAnyString() throws {
        let encoder = StreamingJSONEncoder()
        let slots = try #require(JSONStringSlots(encoder: encoder) { Self.chunk($0) })
        let texts = [
            "", "Hello", " world", "quote \" and \\ backslash", "line\nbreak\ttab\r", "\u{0}\u{1F}", "ü 日本 🙂",
            "data: not a frame", String(repeating: "long ", count: 500),
        ]
        for text in texts {
            #expect(slots.render(text) == (try encoder.encode(Self.chunk(text))), "\(text.debugDescription)")
        }
    }

    @Test func aStringThatIsNotWrittenAsItselfHasNoSlots() {
        struct Pair: Encodable {
            var plain: String
            var shouted: String
        }
        // The second place holds the text transformed: rendering would copy the marker into it.
        #expect(JSONStringSlots(encoder: StreamingJSONEncoder()) { Pair(plain: $0, shouted: $0.uppercased()) } == nil)
        // No place at all.
        #expect(JSONStringSlots(encoder: StreamingJSONEncoder()) { _ in Self.chunk("fixed") } == nil)
    }

    @Test func splitCutsAtEveryOccurrence() {
        #expect(JSONStringSlots.split(Array("a--b--".utf8), at: Array("--".utf8)).count == 3)
        #expect(JSONStringSlots.split(Array("abc".utf8), at: Array("--".utf8)) == [Array("abc".utf8)])
    }
}
