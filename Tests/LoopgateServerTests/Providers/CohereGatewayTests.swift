import Foundation
import HumanloopAPI
import Testing

/// `/v4/chat` and `/v4/completion` through the Cohere adapter to a fake Cohere v2 Chat.
@Suite("Cohere through the gateway")
struct CohereGatewayTests {
    static let key = "co-request-key-never-stored-34"

    static let handler: FakeProviderUpstream.Handler = { request, _ in
        guard request.path == "/v2/chat", request.header("authorization") == "Bearer \(key)" else {
            return .init(status: 401, body: #"{"id":"e1","message":"invalid api token"}"#)
        }
        return .init(
            body: #"""
                {"id":"c1","finish_reason":"COMPLETE",
                 "message":{"role":"assistant","content":[{"type":"text","text":"Bonjour !"}]},
                 "usage":{"billed_units":{"input_tokens":4,"output_tokens":3},"tokens":{"input_tokens":60.0,"output_tokens":3.0}}}
                """#)
    }

    @Test func chatAndCompletionReachCohere() async throws {
        try await GatewayWithFakeProvider.run(Self.handler) { world in
            try await world.server.run { api in
                let chat = try await api.post(
                    "/v4/chat",
                    #"""
                    {"model_config":{"provider":"cohere","model":"command-a-03-2025","top_p":0.5},
                     "messages":[{"role":"user","content":"Hello in French"}],"provider_api_keys":{"cohere":"\#(Self.key)"}}
                    """#)
                #expect(chat.status == .ok)
                let body = try chat.json()
                #expect(body["data"]?[0]?["output"] == "Bonjour !")
                #expect(body["usage"] == ["prompt_tokens": 60, "generation_tokens": 3, "total_tokens": 63])
                let completion = try await api.post(
                    "/v4/completion",
                    #"""
                    {"model_config":{"provider":"cohere","model":"command-r","prompt_template":"Hello in {{lang}}"},
                     "inputs":{"lang":"French"},"provider_api_keys":{"cohere":"\#(Self.key)"}}
                    """#)
                #expect(completion.status == .ok)
            }
            #expect(world.upstream.requests.first?.body["p"] == 0.5)
            #expect(world.upstream.requests.last?.body["messages"] == [["role": "user", "content": "Hello in French"]])
            #expect(try await world.server.databaseContains(Self.key) == false)
            #expect(!world.logs.text.contains(Self.key))
        }
    }

    @Test func aBadTokenIsA422NamingCohere() async throws {
        try await GatewayWithFakeProvider.run(Self.handler) { world in
            try await world.server.run { api in
                let response = try await api.post(
                    "/v4/chat",
                    #"""
                    {"model_config":{"provider":"cohere","model":"command-r"},"messages":[{"role":"user","content":"x"}],
                     "provider_api_keys":{"cohere":"wrong"}}
                    """#)
                #expect(response.status == .unprocessableContent)
                let detail = try #require(try response.json()["detail"])
                #expect(detail["origin"] == "Cohere")
                #expect(detail["message"]?.stringValue?.contains("invalid api token") == true)
            }
        }
    }
}
