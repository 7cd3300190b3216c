import Foundation
import HumanloopAPI
import Testing

/// `/v4/chat` and `/v4/completion` through the Azure OpenAI adapter to a fake Azure resource.
@Suite("Azure OpenAI through the gateway")
struct AzureOpenAIGatewayTests {
    static let key = "azure-request-key-never-stored-77"

    static let answer = #"""
        {"id":"chatcmpl-az","object":"chat.completion","created":1727000000,"model":"gpt-4o",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Hallo!"},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":6,"completion_tokens":2,"total_tokens":8}}
        """#

    static let handler: FakeProviderUpstream.Handler = { request, _ in
        guard request.header("api-key") == key, request.path == "/openai/deployments/team-gpt4o/chat/completions",
            request.query == "api-version=2024-10-21"
        else {
            return .init(status: 401, body: #"{"error":{"code":"401","message":"Access denied"}}"#)
        }
        return .init(body: answer)
    }

    @Test func chatAndCompletionReachTheDeployment() async throws {
        try await GatewayWithFakeProvider.run(Self.handler) { world in
            try await world.server.run { api in
                let chat = try await api.post(
                    "/v4/chat",
                    #"""
                    {"model_config":{"provider":"openai_azure","model":"team-gpt4o"},
                     "messages":[{"role":"user","content":"Hello in German"}],
                     "provider_api_keys":{"openai_azure":"\#(Self.key)","openai_azure_endpoint":"evil.example.com"}}
                    """#)
                #expect(chat.status == .ok)
                #expect(try chat.json()["data"]?[0]?["output"] == "Hallo!")
                let completion = try await api.post(
                    "/v4/completion",
                    #"""
                    {"model_config":{"provider":"openai_azure","model":"team-gpt4o","prompt_template":"Hello in {{lang}}"},
                     "inputs":{"lang":"German"},"provider_api_keys":{"openai_azure":"\#(Self.key)"}}
                    """#)
                #expect(completion.status == .ok)
                #expect(try completion.json()["data"]?[0]?["output"] == "Hallo!")
                #expect(!chat.text.contains(Self.key) && !completion.text.contains(Self.key))
            }
            // The endpoint in the request is ignored: both calls went to the configured resource.
            #expect(world.upstream.requests.count == 2)
            #expect(world.upstream.requests[1].body["messages"] == [["role": "user", "content": "Hello in German"]])
            #expect(try await world.server.databaseContains(Self.key) == false)
            #expect(!world.logs.text.contains(Self.key))
        }
    }

    @Test func aWrongKeyIsA422FromAzure() async throws {
        try await GatewayWithFakeProvider.run(Self.handler) { world in
            try await world.server.run { api in
                let response = try await api.post(
                    "/v4/chat",
                    #"""
                    {"model_config":{"provider":"openai_azure","model":"team-gpt4o"},"messages":[{"role":"user","content":"x"}],
                     "provider_api_keys":{"openai_azure":"wrong"}}
                    """#)
                #expect(response.status == .unprocessableContent)
                #expect(try response.json()["detail"]?["origin"] == "Azure OpenAI")
                #expect(try response.json()["detail"]?["message"]?.stringValue?.contains("Access denied") == true)
            }
        }
    }
}
