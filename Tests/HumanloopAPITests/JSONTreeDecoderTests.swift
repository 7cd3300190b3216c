import Foundation
import HumanloopAPI
import Testing

/// `JSONTreeDecoder` may refuse what `JSONDecoder` accepts (the caller then decodes with `JSONDecoder`),
/// but whatever it accepts it must read exactly as `JSONDecoder` does: the bodies below, and every body
/// made from them by replacing or dropping one member, are decoded both ways and compared.
@Suite("JSONTreeDecoder")
struct JSONTreeDecoderTests {
    static let chat = #"""
        {"project": "support", "model_config": {"model": "gpt-4o", "provider": "openai", "max_tokens": -1,
          "temperature": 0.7, "top_p": 1, "stop": ["\n\n", "END"], "presence_penalty": 0, "frequency_penalty": 0.5,
          "other": {"logit_bias": {"50256": -100}}, "endpoint": "chat", "seed": 7,
          "chat_template": [{"role": "system", "content": "You help {{name}}."}],
          "tools": [{"name": "get_weather", "description": "Weather", "parameters": {"type": "object",
            "properties": {"city": {"type": "string"}}, "required": ["city"]}, "strict": true}],
          "response_format": {"type": "json_object"}},
         "messages": [{"role": "user", "content": "Hello ü 🙂"},
           {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function",
             "function": {"name": "get_weather", "arguments": "{\"city\": \"Paris\"}"}}]},
           {"role": "tool", "content": "12°C", "tool_call_id": "call_1", "name": "get_weather"},
           {"role": "user", "content": [{"type": "text", "text": "And this?"},
             {"type": "image_url", "image_url": {"url": "https://example.com/a.png", "detail": "low"}}]}],
         "inputs": {"name": "Ada", "count": 3, "ratio": 0.25, "flags": [true, false, null], "nested": {"a": [1, {"b": "c"}]}},
         "metadata": {"team": "x", "n": 1}, "session_reference_id": "s-1", "parent_reference_id": "p-1",
         "source": "sdk", "num_samples": 2, "stream": false, "user": "u-9", "save": true, "seed": 42,
         "return_inputs": true, "tool_choice": {"type": "function", "function": {"name": "get_weather"}},
         "tool_call": "auto", "provider_api_keys": {"openai": "sk-test"}}
        """#

    static let completion = #"""
        {"project_id": "pr_1", "model_config": {"model": "gpt-3.5-turbo-instruct", "prompt_template": "Say {{x}}",
          "stop": "\n", "max_tokens": 64},
         "inputs": {"x": "hi"}, "logprobs": 2, "suffix": "!", "session_id": "sesn_1", "source_datapoint_id": "dp"}
        """#

    static let stored = #"{"model_config_id": "config_abc", "messages": [{"role": "user", "content": "x"}]}"#
    static let deployed = #"{"project": "p", "environment": "staging", "messages": []}"#
    static let experiment =
        #"{"experiment_id": "exp_1", "messages": [{"role": "user", "content": "x"}], "num_samples": 1}"#

    static let log = #"""
        {"project": "p", "reference_id": "r-1", "messages": [{"role": "user", "content": "q"}], "output": "a",
         "output_message": {"role": "assistant", "content": "a"}, "config": {"model": "m", "temperature": 1},
         "created_at": "2024-05-01T12:00:00.123456Z", "duration": 1.5, "prompt_tokens": 3, "output_tokens": 4,
         "provider_request": {"model": "m"}, "provider_response": [1, "two"], "feedback": [{"type": "rating", "value": "good"}],
         "metadata": {"k": [1, 2]}}
        """#

    /// One member replaced by each of these in turn, and dropped.
    static let probes: [JSONValue] = [
        .null, 0, 1, -1, 1.5, .number(100), "", "x", "user", true, false, [], ["a"], [1], [:], ["a": 1],
        .number(9_223_372_036_854_775_808),
    ]

    func expectAgreement<T: Decodable & Equatable>(
        _ type: T.Type, _ tree: JSONValue, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Bool {
        let text = tree.serialized()
        let read = try? JSONTreeDecoder().decode(type, from: JSONValue(parsing: text))
        let foundation = try? JSONDecoder().decode(type, from: Data(text.utf8))
        if let read {
            #expect(foundation == read, "\(text)", sourceLocation: sourceLocation)
        }
        return read != nil
    }

    /// `tree` with the member at `path` (keys and indices) changed by `change`; `nil` removes it.
    static func replacing(_ path: ArraySlice<JSONValue>, in tree: JSONValue, with value: JSONValue?) -> JSONValue {
        guard let step = path.first else { return value ?? .null }
        switch (tree, step) {
        case (.object(var members), .string(let key)):
            if path.count == 1, value == nil {
                members[key] = nil
            } else if let member = members[key] {
                members[key] = replacing(path.dropFirst(), in: member, with: value)
            }
            return .object(members)
        case (.array(var elements), .integer(let index)) where elements.indices.contains(index):
            elements[index] = replacing(path.dropFirst(), in: elements[index], with: value)
            return .array(elements)
        default:
            return tree
        }
    }

    /// Every path to a member of objects and arrays in `tree`, up to `depth` levels down.
    static func paths(in tree: JSONValue, depth: Int) -> [[JSONValue]] {
        guard depth > 0 else { return [] }
        switch tree {
        case .object(let members):
            return members.flatMap { key, value in
                [[.string(key)]] + paths(in: value, depth: depth - 1).map { [.string(key)] + $0 }
            }
        case .array(let elements):
            return elements.indices.flatMap { index in
                [[.integer(index)]] + paths(in: elements[index], depth: depth - 1).map { [.integer(index)] + $0 }
            }
        default:
            return []
        }
    }

    func checkEveryVariant<T: Decodable & Equatable>(_ type: T.Type, _ body: String) throws {
        let tree = try JSONValue(parsing: body)
        #expect(try expectAgreement(type, tree), "the usual body must take the fast path: \(body)")
        for path in Self.paths(in: tree, depth: 4) {
            for probe in Self.probes {
                _ = try expectAgreement(type, Self.replacing(path[...], in: tree, with: probe))
            }
            _ = try expectAgreement(type, Self.replacing(path[...], in: tree, with: nil))
        }
    }

    @Test func generationBodiesAreReadAsJSONDecoderReadsThem() throws {
        try checkEveryVariant(ChatRequest.self, Self.chat)
        try checkEveryVariant(CompletionRequest.self, Self.completion)
        try checkEveryVariant(ChatModelConfigRequest.self, Self.stored)
        try checkEveryVariant(ChatDeployedRequest.self, Self.deployed)
        try checkEveryVariant(ChatExperimentRequest.self, Self.experiment)
    }

    @Test func logBodiesAreReadAsJSONDecoderReadsThem() throws {
        try checkEveryVariant(LogRequest.self, Self.log)
    }

    @Test func scalarsFollowJSONDecodersRules() throws {
        struct Numbers: Codable, Equatable {
            var int: Int?
            var double: Double?
            var int8: Int8?
            var uint: UInt?
            var float: Float?
        }
        for body in [
            #"{"int": 3, "double": 3}"#, #"{"int": 3.0}"#, #"{"int": 1e3}"#, #"{"int8": 300}"#, #"{"int8": -128}"#,
            #"{"uint": -1}"#, #"{"float": 1e300}"#, #"{"float": 0.1}"#, #"{"double": 0.1}"#,
            #"{"double": 1.7976931348623157e308}"#, #"{"int": 9223372036854775807}"#, #"{"int": "3"}"#,
        ] {
            _ = try expectAgreement(Numbers.self, try JSONValue(parsing: body))
        }
        // The common shapes take the fast path.
        #expect(try expectAgreement(Numbers.self, try JSONValue(parsing: #"{"int": 3, "double": 2.5, "int8": 1}"#)))
    }

    /// The one place the two differ on purpose: a member written twice is read as its last value.
    @Test func aMemberWrittenTwiceIsReadAsItsLastValue() throws {
        let body = #"{"model_config_id": "config_first", "model_config_id": "config_last", "messages": []}"#
        let read = try JSONTreeDecoder().decode(ChatModelConfigRequest.self, from: JSONValue(parsing: body))
        #expect(read.config.modelConfigID == "config_last")
    }
}
