import Foundation
import HumanloopAPI
import Testing

/// `/v4/chat` and `/v4/completion` through the Anthropic adapter to a fake Anthropic.
@Suite("Anthropic through the gateway")
struct AnthropicGatewayTests {
    static let key = "sk-ant-request-key-never-stored-13"

    static func message(_ content: String, stop: String = "end_turn") -> String {
        #"""
        {"id":"msg_01G","type":"message","role":"assistant","model":"claude-sonnet-4-5",
         "content":\#(content),"stop_reason":"\#(stop)","stop_sequence":null,
         "usage":{"input_tokens":11,"output_tokens":6}}
        """#
    }

    static func handler(_ content: String, stop: String = "end_turn") -> FakeProviderUpstream.Handler {
        { request, _ in
            guard request.path == "/v1/messages", request.header("x-api-key") == key,
                request.header("anthropic-version") == "2023-06-01"
            else {
                return .init(
                    status: 401,
                    body: #"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#)
            }
            return .init(body: message(content, stop: stop))
        }
    }

    @Test func chatSendsTheSystemPromptApartAndMaxTokens() async throws {
        try await GatewayWithFakeProvider.run(Self.handler(#"[{"type":"text","text":"Ahoy!"}]"#)) { world in
            try await world.server.run { api in
                let response = try await api.post(
                    "/v4/chat",
                    #"""
                    {"model_config":{"provider":"anthropic","model":"claude-sonnet-4-5","max_tokens":-1,
                      "chat_template":[{"role":"system","content":"Talk like a {{who}}."}]},
                     "inputs":{"who":"pirate"},"messages":[{"role":"user","content":"Hello"}],
                     "provider_api_keys":{"anthropic":"\#(Self.key)"}}
                    """#)
                #expect(response.status == .ok)
                let body = try response.json()
                #expect(body["data"]?[0]?["output"] == "Ahoy!")
                #expect(body["usage"] == ["prompt_tokens": 11, "generation_tokens": 6, "total_tokens": 17])
                #expect(body["provider_request"]?["system"] == "Talk like a pirate.")
                #expect(body["provider_responses"]?[0]?["id"] == "msg_01G")
            }
            let sent = try #require(world.upstream.requests.first?.body)
            #expect(sent["max_tokens"] == 4096)
            #expect(sent["messages"] == [["role": "user", "content": "Hello"]])
            #expect(try await world.server.databaseContains(Self.key) == false)
            #expect(!world.logs.text.contains(Self.key))
        }
    }

    @Test func completionAndToolUseComeBack() async throws {
        let content = #"[{"type":"tool_use","id":"toolu_G1","name":"lookup","input":{"q":"tides"}}]"#
        try await GatewayWithFakeProvider.run(Self.handler(content, stop: "tool_use")) { world in
            try await world.server.run { api in
                let response = try await api.post(
                    "/v4/completion",
                    #"""
                    {"model_config":{"provider":"anthropic","model":"claude-haiku-4-5","prompt_template":"Tides at {{place}}?",
                      "max_tokens":200,"tools":[{"name":"lookup","parameters":{"type":"object"}}]},
                     "inputs":{"place":"Brest"},"provider_api_keys":{"anthropic":"\#(Self.key)"}}
                    """#)
                #expect(response.status == .ok)
                #expect(try response.json()["data"]?[0]?["finish_reason"] == "tool_call")
                let chat = try await api.post(
                    "/v4/chat",
                    #"""
                    {"model_config":{"provider":"anthropic","model":"claude-haiku-4-5","tools":[{"name":"lookup"}]},
                     "messages":[{"role":"user","content":"Tides?"}],"provider_api_keys":{"anthropic":"\#(Self.key)"}}
                    """#
                ).json()
                #expect(chat["data"]?[0]?["tool_calls"]?[0]?["id"] == "toolu_G1")
                #expect(chat["data"]?[0]?["tool_call"] == ["name": "lookup", "arguments": #"{"q":"tides"}"#])
            }
            let sent = try #require(world.upstream.requests.first?.body)
            #expect(sent["max_tokens"] == 200)
            #expect(sent["messages"] == [["role": "user", "content": "Tides at Brest?"]])
        }
    }

    @Test func aBadKeyIsA422NamingAnthropic() async throws {
        try await GatewayWithFakeProvider.run(Self.handler("[]")) { world in
            try await world.server.run { api in
                let response = try await api.post(
                    "/v4/chat",
                    #"""
                    {"model_config":{"provider":"anthropic","model":"claude-sonnet-4-5"},"messages":[{"role":"user","content":"x"}],
                     "provider_api_keys":{"anthropic":"wrong"}}
                    """#)
                #expect(response.status == .unprocessableContent)
                let detail = try #require(try response.json()["detail"])
                #expect(detail["origin"] == "Anthropic")
                #expect(detail["message"]?.stringValue?.contains("invalid x-api-key") == true)
            }
        }
    }
}
