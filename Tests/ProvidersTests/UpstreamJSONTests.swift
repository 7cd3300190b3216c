import Foundation
import HumanloopAPI
import Testing

@testable import Providers

/// Providers' answers and stream chunks are read from the parsed tree by `JSONTreeDecoder`, with
/// `JSONDecoder` behind it: the tree decoder must read the providers' wire types exactly as `JSONDecoder`
/// does, or refuse (and the caller falls back). The usual wire shapes must take the fast path, or it
/// would be a slow path with extra steps.
@Suite("Provider answers read from the parsed tree")
struct UpstreamJSONTests {
    /// A value's full description with dictionaries in key order, so that equal values (the wire types
    /// are not `Equatable`) describe alike however their dictionaries were built.
    static func canonical(_ value: Any) -> String {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            return mirror.children.first.map { canonical($0.value) } ?? "nil"
        case .dictionary:
            let entries = mirror.children.map { entry -> String in
                let pair = Mirror(reflecting: entry.value).children.map { canonical($0.value) }
                return pair.joined(separator: ": ")
            }
            return "[" + entries.sorted().joined(separator: ", ") + "]"
        case .collection, .set:
            return "[" + mirror.children.map { canonical($0.value) }.joined(separator: ", ") + "]"
        case .struct, .class, .tuple:
            let fields = mirror.children.map { "\($0.label ?? "_"): \(canonical($0.value))" }
            return "\(mirror.subjectType)(" + fields.joined(separator: ", ") + ")"
        case .enum:
            guard let payload = mirror.children.first else { return String(reflecting: value) }
            return ".\(payload.label ?? "_")(\(canonical(payload.value)))"
        default:
            return String(reflecting: value)
        }
    }

    /// The tree decoder's and `JSONDecoder`'s readings of `json`: each a description of the value, or
    /// `nil` where that decoder refused.
    func readings<T: Decodable>(_ type: T.Type, _ json: String) throws -> (tree: String?, foundation: String?) {
        let tree = try (try? JSONTreeDecoder().decode(type, from: JSONValue(parsing: json))).map(Self.canonical)
        let foundation = (try? JSONDecoder().decode(type, from: Data(json.utf8))).map(Self.canonical)
        return (tree, foundation)
    }

    /// The usual shapes: the fast path reads them, and reads what `Decodable` reads.
    func expectFastAndEqual<T: Decodable>(_ type: T.Type, _ json: String) throws {
        let (tree, foundation) = try readings(type, json)
        #expect(tree != nil, "the tree decoder gave up on \(json)")
        #expect(foundation != nil, "JSONDecoder refused \(json)")
        #expect(tree == foundation, "\(json)")
    }

    /// Odd shapes: the tree decoder may give up, but must never accept what `JSONDecoder` refuses nor read
    /// it differently.
    func expectNeverDifferent<T: Decodable>(_ type: T.Type, _ json: String) throws {
        let (tree, foundation) = try readings(type, json)
        if let tree {
            #expect(tree == foundation, "\(json)")
        }
    }

    @Test func streamChunksOfEveryKindTakeTheFastPath() throws {
        let chunks = [
            #"{"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}"#,
            #"{"choices":[{"index":0,"delta":{"content":"Hel\"lo ü"},"logprobs":null,"finish_reason":null}]}"#,
            #"{"choices":[{"index":1,"delta":{},"finish_reason":"stop"}]}"#,
            #"{"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":40,"total_tokens":52}}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\""}}]}}]}"#,
            #"{"choices":[{"index":0,"text":"legacy text","finish_reason":null}]}"#,
            #"{"choices":[{"delta":{"content":"x"}}],"x_groq":{"id":"r","usage":{"prompt_tokens":3,"completion_tokens":4}}}"#,
            #"{"error":{"message":"overloaded","type":"server_error"}}"#,
            #"{"choices":null,"usage":null}"#,
            #"{}"#,
        ]
        for chunk in chunks {
            try expectFastAndEqual(OpenAIStreamDecoder.Chunk.self, chunk)
        }
    }

    @Test func answersOfEveryKindTakeTheFastPath() throws {
        try expectFastAndEqual(
            OpenAIChatCompletion.self,
            #"{"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":1}}"#
        )
        try expectFastAndEqual(
            OpenAIChatCompletion.self,
            #"{"choices":[{"index":0,"message":{"content":null,"tool_calls":[{"id":"call_9","type":"function","function":{"name":"f","arguments":"{}"}}]},"finish_reason":"tool_calls"},{"message":{"content":"b","function_call":{"name":"g"}}}]}"#
        )
        try expectFastAndEqual(
            OpenAITextCompletion.self,
            #"{"choices":[{"text":"once upon","index":0,"finish_reason":"length"}],"usage":{"prompt_tokens":2,"completion_tokens":2}}"#
        )
        try expectFastAndEqual(
            AnthropicMessage.self,
            #"{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":"Hi"},{"type":"tool_use","id":"toolu_1","name":"f","input":{"city":"Paris","days":[1,2]}}],"stop_reason":"tool_use","usage":{"input_tokens":10,"output_tokens":5}}"#
        )
        try expectFastAndEqual(
            GeminiResponse.self,
            #"{"candidates":[{"content":{"parts":[{"text":"Hi"}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":1,"totalTokenCount":4}}"#
        )
    }

    @Test func oddShapesAreNeverReadDifferently() throws {
        let chunks = [
            #"{"choices":{"index":0}}"#,  // choices not an array
            #"{"choices":[{"index":"0","delta":{"content":"x"}}]}"#,  // index as a string
            #"{"choices":[{"index":1.0,"delta":{"content":"x"}}]}"#,  // index as a float
            #"{"choices":[{"index":1e0}]}"#,
            #"{"choices":[{"delta":{"content":7}}]}"#,  // content not a string
            #"{"choices":[{"delta":"text"}]}"#,
            #"{"choices":[null]}"#,
            #"{"choices":[{"delta":{"tool_calls":[{"function":{"name":1}}]}}]}"#,
            #"{"usage":{"prompt_tokens":-1,"completion_tokens":9223372036854775807}}"#,
            #"{"usage":{"prompt_tokens":9223372036854775808}}"#,  // past Int
            #"{"usage":[]}"#,
            #"{"error":"a string"}"#,
            #"[1,2]"#,
            #""text""#,
        ]
        for chunk in chunks {
            try expectNeverDifferent(OpenAIStreamDecoder.Chunk.self, chunk)
        }
        let answers = [
            #"{"choices":[{"message":null}]}"#,  // a required member null
            #"{"choices":[{}]}"#,  // a required member missing
            #"{"usage":{}}"#,  // choices missing
            #"{"choices":[{"message":{"tool_calls":[{"id":"a","function":{"arguments":"{}"}}]}}]}"#,  // no name
            #"{"choices":[{"message":{"tool_calls":[{"id":"a"}]}}]}"#,  // no function
        ]
        for answer in answers {
            try expectNeverDifferent(OpenAIChatCompletion.self, answer)
        }
        try expectNeverDifferent(OpenAITextCompletion.self, #"{"choices":[{"index":0}]}"#)
    }

    /// A shape the tree decoder refuses still decodes through the fallback, and a broken one fails with
    /// `JSONDecoder`'s account of where.
    @Test func refusalsFallBackToDecodable() throws {
        let mismatched = #"{"choices":[{"index":1.0,"delta":{"content":"x"}}]}"#
        let (tree, foundation) = try readings(OpenAIStreamDecoder.Chunk.self, mismatched)
        #expect(tree == nil)
        let viaUpstream = try UpstreamJSON.decode(OpenAIStreamDecoder.Chunk.self, from: mismatched, provider: .openai)
        #expect(Self.canonical(viaUpstream) == foundation ?? "JSONDecoder refused it")

        #expect {
            try UpstreamJSON.decode(
                OpenAIStreamDecoder.Chunk.self, from: #"{"choices":[{"delta":{"content":7}}]}"#, provider: .openai)
        } throws: { error in
            (error as? ProviderError)?.message.contains("unexpected value at 'choices.[0].delta.content'") == true
        }
    }
}
