import Foundation
import HumanloopAPI
import Testing

/// `/v4/chat` and `/v4/completion` through the Groq adapter to a fake Groq.
@Suite("Groq through the gateway")
struct GroqGatewayTests {
    static let key = "gsk_request_key_never_stored_55"

    static let handler: FakeProviderUpstream.Handler = { request, attempt in
        guard request.header("authorization") == "Bearer \(key)", request.path == "/openai/v1/chat/completions" else {
            return .init(status: 401, body: #"{"error":{"message":"Invalid API Key","type":"invalid_request_error"}}"#)
        }
        let text = JSONValue.string("sample \(attempt)").serialized()
        return .init(
            body: #"""
                {"id":"chatcmpl-g","object":"chat.completion","created":1727000000,"model":"llama-3.3-70b-versatile",
                 "choices":[{"index":0,"message":{"role":"assistant","content":\#(text)},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":7,"completion_tokens":2,"total_tokens":9},"x_groq":{"id":"req_1"}}
                """#)
    }

    @Test func numSamplesAreSeparateCallsWithSummedUsage() async throws {
        try await GatewayWithFakeProvider.run(Self.handler) { world in
            try await world.server.run { api in
                let response = try await api.post(
                    "/v4/chat",
                    #"""
                    {"model_config":{"provider":"groq","model":"llama-3.3-70b-versatile","max_tokens":20},
                     "messages":[{"role":"user","content":"Hi"}],"num_samples":2,
                     "provider_api_keys":{"groq":"\#(Self.key)"}}
                    """#)
                #expect(response.status == .ok)
                let body = try response.json()
                let outputs = Set((body["data"]?.array ?? []).compactMap { $0["output"]?.stringValue })
                #expect(outputs == ["sample 1", "sample 2"])
                #expect(body["usage"] == ["prompt_tokens": 14, "generation_tokens": 4, "total_tokens": 18])
                #expect(body["provider_responses"]?.array?.count == 2)
                let completion = try await api.post(
                    "/v4/completion",
                    #"""
                    {"model_config":{"provider":"groq","model":"llama-3.1-8b-instant","prompt_template":"Hi {{n}}"},
                     "inputs":{"n":"there"},"provider_api_keys":{"groq":"\#(Self.key)"}}
                    """#)
                #expect(completion.status == .ok)
            }
            #expect(world.upstream.requests.count == 3)
            #expect(world.upstream.requests.allSatisfy { $0.body["n"] == nil })
            #expect(world.upstream.requests.last?.body["messages"] == [["role": "user", "content": "Hi there"]])
            #expect(try await world.server.databaseContains(Self.key) == false)
            #expect(!world.logs.text.contains(Self.key))
        }
    }
}
