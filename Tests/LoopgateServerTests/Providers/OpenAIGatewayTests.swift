import Foundation
import HumanloopAPI
import Testing

/// `/v4/chat` and `/v4/completion` through the real OpenAI adapter to a fake OpenAI on loopback.
@Suite("OpenAI through the gateway")
struct OpenAIGatewayTests {
    static let key = "sk-request-key-must-never-be-stored-0042"

    static func completion(_ content: String?, finish: String = "stop", toolCalls: String? = nil) -> String {
        let message =
            toolCalls.map { #"{"role":"assistant","content":null,"tool_calls":\#($0)}"# }
            ?? #"{"role":"assistant","content":\#(JSONValue.string(content ?? "").serialized())}"#
        return #"""
            {"id":"chatcmpl-9x","object":"chat.completion","created":1727000000,"model":"gpt-4o-2024-08-06",
             "choices":[{"index":0,"message":\#(message),"logprobs":null,"finish_reason":"\#(finish)"}],
             "usage":{"prompt_tokens":13,"completion_tokens":5,"total_tokens":18}}
            """#
    }

    /// A fake OpenAI that insists on the request's key.
    static func openAI(_ reply: @escaping @Sendable (FakeProviderUpstream.Received) -> FakeProviderUpstream.Reply)
        -> FakeProviderUpstream.Handler
    {
        { request, _ in
            guard request.header("authorization") == "Bearer \(key)" else {
                return .init(
                    status: 401,
                    body: #"{"error":{"message":"Incorrect API key provided","type":"invalid_request_error"}}"#)
            }
            return reply(request)
        }
    }

    static func chatBody(config: String = "", extra: String = "") -> String {
        #"""
        {"model_config":{"provider":"openai","model":"gpt-4o","temperature":0.5,"max_tokens":-1\#(config)},
         "messages":[{"role":"user","content":"Say hi"}],
         "provider_api_keys":{"openai":"\#(key)"}\#(extra)}
        """#
    }

    @Test func chatReachesOpenAIAndComesBackInTheV4Shape() async throws {
        try await GatewayWithFakeProvider.run(Self.openAI { _ in .init(body: Self.completion("  Hi there!  ")) }) {
            world in
            try await world.server.run { api in
                let response = try await api.post(
                    "/v4/chat",
                    Self.chatBody(
                        config: #","chat_template":[{"role":"system","content":"You are {{who}}."}]"#,
                        extra: #","inputs":{"who":"kind"},"project":"openai-gateway""#))
                #expect(response.status == .ok)
                let body = try response.json()
                let sample = try #require(body["data"]?[0])
                #expect(sample["output"] == "Hi there!")
                #expect(sample["raw_output"] == "  Hi there!  ")
                #expect(sample["finish_reason"] == "stop")
                #expect(sample["output_message"]?["content"] == "Hi there!")
                #expect(body["usage"] == ["prompt_tokens": 13, "generation_tokens": 5, "total_tokens": 18])
                #expect(body["provider_responses"]?[0]?["id"] == "chatcmpl-9x")
                let providerRequest = try #require(body["provider_request"])
                #expect(providerRequest["model"] == "gpt-4o")
                #expect(providerRequest["max_tokens"] == nil, "-1 means the provider's own limit")
                #expect(
                    providerRequest["messages"]
                        == [["role": "system", "content": "You are kind."], ["role": "user", "content": "Say hi"]])
            }
            let sent = try #require(world.upstream.requests.first)
            #expect(sent.path == "/v1/chat/completions")
            #expect(sent.body["temperature"] == 0.5)
        }
    }

    @Test func completionOnAChatModelIsOneUserMessage() async throws {
        try await GatewayWithFakeProvider.run(Self.openAI { _ in .init(body: Self.completion("Paris")) }) { world in
            try await world.server.run { api in
                let response = try await api.post(
                    "/v4/completion",
                    #"""
                    {"model_config":{"provider":"openai","model":"gpt-4o-mini","prompt_template":"Capital of {{country}}?"},
                     "inputs":{"country":"France"},"num_samples":2,"provider_api_keys":{"openai":"\#(Self.key)"}}
                    """#)
                #expect(response.status == .ok)
                let body = try response.json()
                #expect(body["data"]?[0]?["output"] == "Paris")
            }
            let sent = try #require(world.upstream.requests.first?.body)
            #expect(sent["messages"] == [["role": "user", "content": "Capital of France?"]])
            #expect(sent["n"] == 2)
        }
    }

    @Test func completionModelsUseTheLegacyAPI() async throws {
        let answer = #"""
            {"id":"cmpl-1","object":"text_completion","created":1727000000,"model":"gpt-3.5-turbo-instruct",
             "choices":[{"text":" blue.","index":0,"logprobs":null,"finish_reason":"length"}],
             "usage":{"prompt_tokens":4,"completion_tokens":2,"total_tokens":6}}
            """#
        try await GatewayWithFakeProvider.run(Self.openAI { _ in .init(body: answer) }) { world in
            try await world.server.run { api in
                let body = try await api.post(
                    "/v4/completion",
                    #"""
                    {"model_config":{"provider":"openai","model":"gpt-3.5-turbo-instruct","endpoint":"complete",
                      "prompt_template":"The sky is","max_tokens":2},
                     "logprobs":1,"suffix":"!","provider_api_keys":{"openai":"\#(Self.key)"}}
                    """#
                ).json()
                #expect(body["data"]?[0]?["raw_output"] == " blue.")
                #expect(body["data"]?[0]?["finish_reason"] == "length")
                #expect(body["logprobs"] == 1)
                #expect(body["suffix"] == "!")
            }
            let sent = try #require(world.upstream.requests.first)
            #expect(sent.path == "/v1/completions")
            #expect(sent.body["prompt"] == "The sky is")
            #expect(sent.body["suffix"] == "!")
            #expect(sent.body["logprobs"] == 1)
        }
    }

    @Test func toolCallsComeBackInBothSDKShapes() async throws {
        let calls =
            #"[{"id":"call_W1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Rome\"}"}}]"#
        try await GatewayWithFakeProvider.run(
            Self.openAI { _ in .init(body: Self.completion(nil, finish: "tool_calls", toolCalls: calls)) }
        ) { world in
            try await world.server.run { api in
                let body = try await api.post(
                    "/v4/chat",
                    Self.chatBody(
                        config: #","tools":[{"name":"get_weather","parameters":{"type":"object"}}]"#,
                        extra: #","tool_call":{"name":"get_weather"}"#)
                ).json()
                let sample = try #require(body["data"]?[0])
                #expect(sample["finish_reason"] == "tool_call")
                #expect(sample["output"] == "")
                #expect(sample["tool_call"] == ["name": "get_weather", "arguments": #"{"city":"Rome"}"#])
                #expect(sample["tool_calls"]?[0]?["id"] == "call_W1")
                #expect(sample["output_message"]?["tool_calls"]?[0]?["function"]?["name"] == "get_weather")
            }
            let sent = try #require(world.upstream.requests.first?.body)
            #expect(sent["tools"]?[0]?["function"]?["name"] == "get_weather")
            #expect(sent["tool_choice"] == ["type": "function", "function": ["name": "get_weather"]])
        }
    }

    @Test func upstreamFailuresBecomeTheContractsStatuses() async throws {
        let handler: FakeProviderUpstream.Handler = { request, _ in
            switch request.body["model"]?.stringValue {
            case "unauthorized": return .init(status: 401, body: #"{"error":{"message":"Incorrect API key provided"}}"#)
            case "rate-limited":
                return .init(status: 429, body: #"{"error":{"message":"Rate limit reached for gpt-4o"}}"#)
            case "broken": return .init(status: 500, body: #"{"error":{"message":"The server had an error"}}"#)
            case "garbled": return .init(body: "<html>not json</html>")
            default: return .init(body: Self.completion("late"), delay: .milliseconds(2500))
            }
        }
        try await GatewayWithFakeProvider.run(timeout: .seconds(1), handler) { world in
            try await world.server.run { api in
                let expectations: [(String, Int, String)] = [
                    ("unauthorized", 422, "unprocessable_entity_error"), ("rate-limited", 429, "rate_limit_error"),
                    ("broken", 502, "bad_gateway_error"), ("garbled", 502, "bad_gateway_error"),
                    ("slow", 504, "gateway_timeout_error"),
                ]
                for (model, status, type) in expectations {
                    let response = try await api.post(
                        "/v4/chat",
                        #"""
                        {"model_config":{"provider":"openai","model":"\#(model)"},"messages":[{"role":"user","content":"x"}],
                         "provider_api_keys":{"openai":"\#(Self.key)"}}
                        """#)
                    #expect(Int(response.status.code) == status, "\(model)")
                    let detail = try #require(try response.json()["detail"])
                    #expect(detail["type"]?.stringValue == type, "\(model)")
                    #expect(detail["origin"] == "OpenAI", "\(model)")
                    #expect(detail["message"]?.stringValue?.hasPrefix("OpenAI: ") == true, "\(model)")
                    #expect(!response.text.contains(Self.key))
                }
            }
            #expect(!world.logs.text.contains(Self.key))
            #expect(world.logs.text.contains("Rate limit reached"), "failures are logged")
        }
    }

    @Test func aRequestKeyIsNeverStoredLoggedOrEchoed() async throws {
        let handler = Self.openAI { request in
            request.body["model"] == "gpt-4o"
                ? .init(body: Self.completion("fine"))
                : .init(status: 400, body: #"{"error":{"message":"Bad key \#(Self.key) for this model"}}"#)
        }
        try await GatewayWithFakeProvider.run(handler) { world in
            try await world.server.run { api in
                let good = try await api.post("/v4/chat", Self.chatBody(extra: #","project":"keys""#))
                #expect(good.status == .ok)
                #expect(!good.text.contains(Self.key))
                // A failing call is logged too, with an upstream message that even quotes the key.
                let bad = try await api.post(
                    "/v4/chat",
                    Self.chatBody(extra: #","project":"keys""#).replacingOccurrences(of: "gpt-4o", with: "o1"))
                #expect(bad.status == .unprocessableContent)
                #expect(!bad.text.contains(Self.key))
                let logs = try await api.get("/v4/projects")
                #expect(!logs.text.contains(Self.key))
            }
            #expect(world.upstream.requests.count == 2, "the key did reach the provider")
            #expect(try await world.server.databaseContains("fine"), "the generation was stored")
            #expect(try await world.server.databaseContains(Self.key) == false)
            #expect(!world.logs.text.contains(Self.key))
        }
    }
}
