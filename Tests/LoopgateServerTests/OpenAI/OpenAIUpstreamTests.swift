import Foundation
import HTTPTypes
import HumanloopAPI
import LoopgateCore
import Testing

/// `/v1/chat/completions` through the real provider adapters to fakes that speak OpenAI's and
/// Anthropic's wire formats: tools both ways, streamed tool calls, and upstream failures passed on in
/// OpenAI's statuses. The provider key is the server's own (an OpenAI request carries none for them).
@Suite("OpenAI-compatible API to providers")
struct OpenAIUpstreamTests {
    static let serverKey = "sk-server-key-for-v1-calls-00000077"
    static let bearer = ["Authorization": "Bearer \(TestServer.apiKey)"]

    static func run(
        _ handler: @escaping FakeProviderUpstream.Handler,
        _ body:
            @Sendable (APIClient, GatewayWithFakeProvider)
            async throws -> Void
    ) async throws {
        try await GatewayWithFakeProvider.run(handler) { world in
            var server = world.server
            server.providerKeys = ProviderKeys([.openai: serverKey, .anthropic: serverKey])
            try await server.run { api in try await body(api, world) }
        }
    }

    @Test func toolsGoToOpenAIAndItsToolCallsComeBack() async throws {
        let toolCalls =
            #"[{"id":"call_1","type":"function","function":{"name":"lookup","arguments":"{\"order\":\"A-1\"}"}}]"#
        let handler: FakeProviderUpstream.Handler = { request, _ in
            guard request.header("authorization") == "Bearer \(Self.serverKey)" else {
                return .init(status: 401, body: "{}")
            }
            return .init(body: OpenAIGatewayTests.completion(nil, finish: "tool_calls", toolCalls: toolCalls))
        }
        try await Self.run(handler) { api, world in
            let response = try await api.post(
                "/v1/chat/completions",
                #"""
                {"model":"openai/gpt-4o-mini","temperature":0.2,"max_completion_tokens":50,"seed":7,"tool_choice":"auto",
                 "tools":[{"type":"function","function":{"name":"lookup","description":"Find an order","parameters":{"type":"object","properties":{"order":{"type":"string"}}}}}],
                 "messages":[{"role":"user","content":"Where is A-1?"},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"call_0","type":"function","function":{"name":"lookup","arguments":"{\"order\":\"A-0\"}"}}]},
                  {"role":"tool","tool_call_id":"call_0","content":"shipped"}]}
                """#, headers: Self.bearer)
            #expect(response.status == .ok)
            let choice = try #require(try response.json()["choices"]?[0])
            #expect(choice["finish_reason"] == "tool_calls" && choice["message"]?["content"] == .null)
            #expect(
                choice["message"]?["tool_calls"]
                    == [
                        [
                            "id": "call_1", "type": "function",
                            "function": ["name": "lookup", "arguments": #"{"order":"A-1"}"#],
                        ]
                    ])
            let sent = try #require(world.upstream.requests.first?.body)
            #expect(sent["model"] == "gpt-4o-mini" && sent["temperature"] == 0.2 && sent["seed"] == 7)
            #expect(sent["tools"]?[0]?["function"]?["name"] == "lookup" && sent["tool_choice"] == "auto")
            #expect(sent["messages"]?[1]?["tool_calls"]?[0]?["id"] == "call_0")
            #expect(sent["messages"]?[2]?["tool_call_id"] == "call_0")
            #expect(try await world.server.databaseContains(Self.serverKey) == false)
        }
    }

    @Test func aStreamedToolCallIsStreamedAsOpenAIDoes() async throws {
        let events = [
            #"{"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_9","type":"function","function":{"name":"lookup","arguments":""}}]},"finish_reason":null}]}"#,
            #"{"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"order\":"}}]},"finish_reason":null}]}"#,
            #"{"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"A-9\"}"}}]},"finish_reason":null}]}"#,
            #"{"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}],"usage":null}"#,
            #"{"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":4,"total_tokens":13}}"#,
        ]
        let body = events.map { "data: \($0)\n\n" }.joined() + "data: [DONE]\n\n"
        let handler: FakeProviderUpstream.Handler = { _, _ in .init(body: body, contentType: "text/event-stream") }
        try await Self.run(handler) { api, _ in
            let response = try await api.post(
                "/v1/chat/completions",
                #"{"model":"openai/gpt-4o","stream":true,"stream_options":{"include_usage":true},"tools":[{"type":"function","function":{"name":"lookup"}}],"messages":[{"role":"user","content":"A-9?"}]}"#,
                headers: Self.bearer)
            #expect(response.status == .ok)
            let received = OpenAIChatTests.events(response.text)
            #expect(received.last == "[DONE]")
            let chunks = try received.dropLast().map { try JSONValue(parsing: $0) }
            let calls = chunks.compactMap { $0["choices"]?[0]?["delta"]?["tool_calls"] }
            #expect(calls.count == 1)
            #expect(calls.first?[0]?["function"] == ["name": "lookup", "arguments": #"{"order":"A-9"}"#])
            #expect(calls.first?[0]?["index"] == 0 && calls.first?[0]?["id"] == "call_9")
            let finishes = chunks.compactMap { $0["choices"]?[0]?["finish_reason"]?.stringValue }
            #expect(finishes == ["tool_calls"])
            #expect(chunks.last?["usage"]?["prompt_tokens"] == 9)
        }
    }

    @Test func anthropicsToolUseIsAnOpenAIToolCall() async throws {
        let content =
            #"[{"type":"text","text":"Checking."},{"type":"tool_use","id":"toolu_7","name":"lookup","input":{"order":"B-2"}}]"#
        let handler: FakeProviderUpstream.Handler = { request, _ in
            guard request.header("x-api-key") == Self.serverKey else { return .init(status: 401, body: "{}") }
            return .init(body: AnthropicGatewayTests.message(content, stop: "tool_use"))
        }
        try await Self.run(handler) { api, world in
            let response = try await api.post(
                "/v1/chat/completions",
                #"{"model":"anthropic/claude-haiku-4-5","max_tokens":100,"tools":[{"type":"function","function":{"name":"lookup","parameters":{"type":"object"}}}],"messages":[{"role":"system","content":"Be kind."},{"role":"user","content":"B-2?"}]}"#,
                headers: Self.bearer)
            #expect(response.status == .ok)
            let choice = try #require(try response.json()["choices"]?[0])
            #expect(choice["finish_reason"] == "tool_calls")
            #expect(choice["message"]?["tool_calls"]?[0]?["id"] == "toolu_7")
            #expect(choice["message"]?["tool_calls"]?[0]?["function"]?["arguments"] == #"{"order":"B-2"}"#)
            let sent = try #require(world.upstream.requests.first?.body)
            #expect(sent["system"] == "Be kind." && sent["max_tokens"] == 100)
            #expect(sent["tools"]?[0]?["name"] == "lookup")
        }
    }

    @Test func upstreamFailuresKeepOpenAIsStatuses() async throws {
        let handler: FakeProviderUpstream.Handler = { request, _ in
            switch request.body["model"]?.stringValue {
            case "busy":
                .init(status: 429, body: #"{"error":{"message":"Rate limit reached"}}"#, headers: ["retry-after": "7"])
            case "broken": .init(status: 500, body: #"{"error":{"message":"boom"}}"#)
            default: .init(status: 400, body: #"{"error":{"message":"bad temperature"}}"#)
            }
        }
        try await Self.run(handler) { api, _ in
            let message = #"[{"role":"user","content":"x"}]"#
            let busy = try await api.post(
                "/v1/chat/completions", #"{"model":"openai/busy","messages":\#(message)}"#, headers: Self.bearer)
            #expect(busy.status == .tooManyRequests && busy.headers[.retryAfter] == "7")
            #expect(try busy.json()["error"]?["code"] == "rate_limit_exceeded")
            let broken = try await api.post(
                "/v1/chat/completions", #"{"model":"openai/broken","messages":\#(message)}"#, headers: Self.bearer)
            #expect(broken.status == .badGateway)
            #expect(try broken.json()["error"]?["type"] == "api_error")
            let refused = try await api.post(
                "/v1/chat/completions", #"{"model":"openai/gpt-4o","messages":\#(message)}"#, headers: Self.bearer)
            #expect(refused.status == .badRequest)
            #expect(try refused.json()["error"]?["message"]?.stringValue?.contains("bad temperature") == true)
        }
    }

    /// The server's own key, quoted back by the provider in an error: not in any answer, the database, the
    /// providers' logs at any level, or the metrics (issue 28, item 5).
    @Test func aServerKeyQuotedByTheProviderIsNeverShown() async throws {
        let handler: FakeProviderUpstream.Handler = { request, _ in
            let sent = request.header("authorization") ?? ""
            return .init(status: 401, body: #"{"error":{"message":"Incorrect API key provided: \#(sent)"}}"#)
        }
        try await Self.run(handler) { api, world in
            let v1 = try await api.post(
                "/v1/chat/completions", #"{"model":"openai/gpt-4o","messages":[{"role":"user","content":"x"}]}"#,
                headers: Self.bearer)
            #expect(v1.status == .badRequest)
            let v4 = try await api.post(
                "/v4/chat",
                #"{"model_config":{"provider":"openai","model":"gpt-4o"},"messages":[{"role":"user","content":"x"}],"project":"keys"}"#
            )
            #expect(v4.status == .unprocessableContent)
            let metrics = try await api.get("/metrics", key: nil)
            for text in [v1.text, v4.text, metrics.text, world.logs.text] {
                #expect(!text.contains(Self.serverKey))
            }
            // The provider did quote it: the answers say where it was taken out.
            #expect(v1.text.contains("[redacted]") && v4.text.contains("[redacted]"))
            #expect(world.upstream.requests.count >= 2, "the key did reach the provider")
            #expect(try await world.server.databaseContains(Self.serverKey) == false)
        }
    }
}
