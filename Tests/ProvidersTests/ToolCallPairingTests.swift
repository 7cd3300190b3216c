import HumanloopAPI
import Testing

@testable import Providers

@Suite("Pairing tool results with tool calls")
struct ToolCallPairingTests {
    @Test func legacyCallsGetStableIdsAndTheirResultsFollow() {
        let messages = [
            ChatMessage(role: .user, content: .text("Weather and time?")),
            ChatMessage(role: .assistant, toolCall: FunctionCall(name: "weather", arguments: "{}")),
            ChatMessage(role: .tool, content: .text("sunny"), name: "weather"),
            ChatMessage(role: .assistant, toolCall: FunctionCall(name: "time", arguments: "{}")),
            ChatMessage(role: .tool, content: .text("noon")),
        ]
        let normalised = ToolCallPairing.normalise(messages)
        #expect(normalised[1].toolCall == nil)
        #expect(normalised[1].toolCalls?.map(\.id) == ["call_lg_1_0"])
        #expect(normalised[2].toolCallID == "call_lg_1_0")
        // A result without a name answers the turn's first open call.
        #expect(normalised[4].toolCallID == "call_lg_3_0")
        #expect(normalised[4].name == "time")
        #expect(ToolCallPairing.normalise(messages) == normalised, "the same history gives the same ids")
    }

    @Test func resultsPairByNameAmongParallelCalls() {
        let messages = [
            ChatMessage(
                role: .assistant,
                toolCalls: [
                    ToolCall(id: "a", function: FunctionCall(name: "one")),
                    ToolCall(id: "b", function: FunctionCall(name: "two")),
                    ToolCall(id: "", function: FunctionCall(name: "three")),
                ]),
            ChatMessage(role: .tool, content: .text("2"), name: "two"),
            ChatMessage(role: .tool, content: .text("1"), toolCallID: "a"),
            ChatMessage(role: .tool, content: .text("3"), name: "three"),
        ]
        let normalised = ToolCallPairing.normalise(messages)
        #expect(normalised[0].toolCalls?.map(\.id) == ["a", "b", "call_lg_0_2"])
        #expect(normalised[1].toolCallID == "b")
        #expect(normalised[2].toolCallID == "a")
        #expect(normalised[2].name == "one", "a result given by id learns its function's name")
        #expect(normalised[3].toolCallID == "call_lg_0_2")
    }

    @Test func aResultWithNoOpenCallIsLeftAsItCame() {
        let messages = [ChatMessage(role: .tool, content: .text("orphan"), name: "x")]
        #expect(ToolCallPairing.normalise(messages) == messages)
    }

    @Test func argumentsConvertBothWays() {
        #expect(FunctionCall(name: "f", arguments: ["a": 1]).argumentsText == #"{"a":1}"#)
        #expect(FunctionCall(name: "f", arguments: #"{"a":1}"#).argumentsText == #"{"a":1}"#)
        #expect(FunctionCall(name: "f").argumentsText == "{}")
        #expect(FunctionCall(name: "f", arguments: #"{"a":1}"#).argumentsObject == ["a": 1])
        #expect(FunctionCall(name: "f", arguments: "").argumentsObject == [:])
        #expect(FunctionCall(name: "f", arguments: "not json").argumentsObject == ["arguments": "not json"])
    }
}
