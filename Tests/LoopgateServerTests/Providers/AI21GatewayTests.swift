import Foundation
import HumanloopAPI
import Testing

/// `/v4/chat` and `/v4/completion` through the AI21 adapter to a fake AI21 Studio.
@Suite("AI21 through the gateway")
struct AI21GatewayTests {
    static let key = "ai21-request-key-never-stored-99"

    static let handler: FakeProviderUpstream.Handler = { request, _ in
        guard request.header("authorization") == "Bearer \(key)", request.path == "/studio/v1/chat/completions" else {
            return .init(status: 401, body: #"{"detail":"Forbidden: Bad or missing API token."}"#)
        }
        return .init(
            body: #"""
                {"id":"chat-9","choices":[{"index":0,"message":{"role":"assistant","content":" Jamba here. ",
                 "tool_calls":null},"logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":3,"completion_tokens":3,"total_tokens":6}}
                """#)
    }

    @Test func chatAndCompletionReachAI21() async throws {
        try await GatewayWithFakeProvider.run(Self.handler) { world in
            try await world.server.run { api in
                let chat = try await api.post(
                    "/v4/chat",
                    #"""
                    {"model_config":{"provider":"ai21","model":"jamba-large","presence_penalty":0.5},
                     "messages":[{"role":"user","content":"Who are you?"}],"provider_api_keys":{"ai21":"\#(Self.key)"}}
                    """#)
                #expect(chat.status == .ok)
                #expect(try chat.json()["data"]?[0]?["output"] == "Jamba here.")
                #expect(try chat.json()["data"]?[0]?["raw_output"] == " Jamba here. ")
                let completion = try await api.post(
                    "/v4/completion",
                    #"""
                    {"model_config":{"provider":"ai21","model":"jamba-mini","prompt_template":"Who are you?"},
                     "provider_api_keys":{"ai21":"\#(Self.key)"}}
                    """#)
                #expect(completion.status == .ok)
            }
            #expect(world.upstream.requests.first?.body["presence_penalty"] == nil, "AI21 has no penalties")
            #expect(try await world.server.databaseContains(Self.key) == false)
        }
    }

    @Test func aRejectedTokenIsA422NamingAI21() async throws {
        try await GatewayWithFakeProvider.run(Self.handler) { world in
            try await world.server.run { api in
                let response = try await api.post(
                    "/v4/chat",
                    #"""
                    {"model_config":{"provider":"ai21","model":"jamba-large"},"messages":[{"role":"user","content":"x"}],
                     "provider_api_keys":{"ai21":"wrong"}}
                    """#)
                #expect(response.status == .unprocessableContent)
                let detail = try #require(try response.json()["detail"])
                #expect(detail["origin"] == "AI21")
                #expect(detail["message"]?.stringValue?.contains("Bad or missing API token") == true)
            }
        }
    }
}
