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
        // Cohere's v2 Chat takes `p` only from 0.01 to 0.99 (docs.cohere.com/reference/chat) and answers
        // anything else with a 400.
        if let p = request.body["p"], !(0.01...0.99).contains(number(p)) {
            return .init(
                status: 400,
                body: #"{"id":"e2","message":"p must be between 0.01 and 0.99, received \#(p.serialized())"}"#)
        }
        return .init(
            body: #"""
                {"id":"c1","finish_reason":"COMPLETE",
                 "message":{"role":"assistant","content":[{"type":"text","text":"Bonjour !"}]},
                 "usage":{"billed_units":{"input_tokens":4,"output_tokens":3},"tokens":{"input_tokens":60.0,"output_tokens":3.0}}}
                """#)
    }

    /// A JSON number as a `Double`; anything else is no number at all.
    static func number(_ value: JSONValue) -> Double {
        switch value {
        case .integer(let integer): return Double(integer)
        case .number(let number): return number
        default: return .nan
        }
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

    @Test func theSDKDefaultConfigReachesCohere() async throws {
        // The official SDKs' examples send these defaults; Cohere refuses `p: 1`, so the top_p of 1 must
        // not reach it.
        try await GatewayWithFakeProvider.run(Self.handler) { world in
            try await world.server.run { api in
                let chat = try await api.post(
                    "/v4/chat",
                    #"""
                    {"model_config":{"provider":"cohere","model":"command-a-03-2025","max_tokens":-1,"temperature":1,
                                     "top_p":1,"presence_penalty":0,"frequency_penalty":0},
                     "messages":[{"role":"user","content":"Hello in French"}],"provider_api_keys":{"cohere":"\#(Self.key)"}}
                    """#)
                #expect(chat.status == .ok)
                #expect(try chat.json()["data"]?[0]?["output"] == "Bonjour !")
            }
            let sent = try #require(world.upstream.requests.first?.body)
            #expect(sent["p"] == nil)
            #expect(sent["temperature"] == 1)
            #expect(sent["presence_penalty"] == 0)
        }
    }

    @Test func aTopPOutsideCoheresRangeIsA422BeforeAnyCall() async throws {
        try await GatewayWithFakeProvider.run(Self.handler) { world in
            try await world.server.run { api in
                let response = try await api.post(
                    "/v4/chat",
                    #"""
                    {"model_config":{"provider":"cohere","model":"command-r","top_p":0.995},
                     "messages":[{"role":"user","content":"x"}],"provider_api_keys":{"cohere":"\#(Self.key)"}}
                    """#)
                #expect(response.status == .unprocessableContent)
                let detail = try #require(try response.json()["detail"])
                #expect(detail["origin"] == "Cohere")
                #expect(detail["message"] == "Cohere: model_config.top_p must be between 0.01 and 0.99 (got 0.995)")
            }
            #expect(world.upstream.requests.isEmpty)
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
