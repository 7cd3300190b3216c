import Foundation
import HumanloopAPI
import Testing

@Suite("StreamingJSONEncoder")
struct StreamingJSONEncoderTests {
    /// The same JSON as Foundation's encoder writes (compared as values: Foundation's member order is its
    /// dictionary's, the streaming encoder's is the order of the `encode` calls).
    func expectSameJSON<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let streamed = try JSONValue(parsing: try StreamingJSONEncoder().encode(value))
        let foundation = try JSONDecoder().decode(JSONValue.self, from: try JSONEncoder().encode(value))
        #expect(streamed == foundation, sourceLocation: sourceLocation)
    }

    static let message = ChatMessage(
        role: .assistant,
        content: .parts([
            .init(type: "text", text: "a/b \"q\" \n"), .init(type: "image_url", imageURL: ["url": "https://x/y.png"]),
        ]),
        name: "bot", toolCallID: nil,
        toolCalls: [ToolCall(id: "call_1", function: FunctionCall(name: "f", arguments: .string("{\"x\":1}")))],
        toolCall: FunctionCall(name: "legacy", arguments: ["x": [1, 2.5, nil, true]]))

    static let fields = GenerationResponseFields(
        providerResponses: [try! RawJSON(validating: #" {"id": "chatcmpl-1", "choices": [{"index": 0}]}\#n"#)],
        projectID: "pr_1", numSamples: 2,
        logprobs: nil, suffix: "s", user: "u", usage: Usage(promptTokens: 3, generationTokens: 4),
        metadata: ["k": "v", "n": 1], providerRequest: RawJSON(["model": "m", "temperature": 0.7]), sessionID: nil)

    @Test func writesTheResponseTypesAsJSONEncoderDoes() throws {
        let sample = DataResponse(
            id: "data_1", index: 0, output: "out", rawOutput: " out ", inputs: ["name": "Ada", "list": [1, 2]],
            modelConfigID: "config_1", finishReason: "stop")
        try expectSameJSON(CompletionResponse(data: [sample, sample], fields: Self.fields))
        try expectSameJSON(
            ChatResponse(
                data: [
                    ChatDataResponse(
                        sample: sample, messages: [Self.message, ChatMessage(role: .user, content: .text("hi"))],
                        toolCall: nil, toolCalls: Self.message.toolCalls, outputMessage: Self.message)
                ],
                fields: Self.fields, toolCall: nil, toolChoice: ["type": "function", "function": ["name": "f"]]))
        try expectSameJSON(Self.message)
        try expectSameJSON([Self.message])
    }

    @Test func writesLeafValuesNestingAndOptionalsAsJSONEncoderDoes() throws {
        struct Leaves: Encodable {
            var text = "é\u{01}"
            var int8: Int8 = -8
            var uint64: UInt64 = .max
            var float: Float = 0.5
            var double = 2.0
            var flag = false
            var none: String? = nil
            var some: Int? = 3
            var nestedOptional: [Int?] = [1, nil]
            var dictionary: [String: [Int]] = ["only": [1]]
            var empty: [String] = []
        }
        try expectSameJSON(Leaves())
        try expectSameJSON([[1], [], [2, 3]])
        try expectSameJSON("top-level string")
        try expectSameJSON(Optional<Int>.none)
    }

    @Test func handlesNestedContainersAndSuperEncoders() throws {
        struct Nested: Encodable {
            enum Keys: String, CodingKey { case a, b, c, inner }
            enum Inner: String, CodingKey { case x }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Keys.self)
                try container.encode(1, forKey: .a)
                var inner = container.nestedContainer(keyedBy: Inner.self, forKey: .inner)
                try inner.encode("y", forKey: .x)
                var list = container.nestedUnkeyedContainer(forKey: .b)
                try list.encode(1)
                var deeper = list.nestedUnkeyedContainer()
                try deeper.encode(2)
                try list.encode(3)
                // Writing into the outer container again closes the ones opened since.
                try container.encode(true, forKey: .c)
            }
        }
        try expectSameJSON(Nested())
        try expectSameJSON([Nested(), Nested()])
    }

    @Test func writesMembersInTheOrderTheyAreEncoded() throws {
        let text = try StreamingJSONEncoder().encodeText(ChatMessage(role: .user, content: .text("a/b")))
        #expect(
            text
                == #"{"role":"user","content":"a/b","name":null,"tool_call_id":null,"tool_calls":null,"tool_call":null}"#
        )
    }

    @Test func refusesNonFiniteNumbersAsJSONEncoderDoes() {
        #expect(throws: EncodingError.self) { try StreamingJSONEncoder().encode([Double.nan]) }
        #expect(throws: EncodingError.self) { try JSONEncoder().encode([Double.nan]) }
    }

    @Test func writesRandomFreeFormValuesThatParseBack() throws {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let value = JSONValue.random(depth: 4, using: &generator)
            let bytes = try StreamingJSONEncoder().encode(["wrapped": value])
            #expect(try JSONValue(parsing: bytes) == ["wrapped": value])
        }
    }
}
