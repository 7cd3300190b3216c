import Foundation
import HumanloopAPI
import Testing

/// `/v4/chat` and `/v4/completion` through the Gemini adapter (`provider: "google"`) to a fake Gemini.
@Suite("Gemini through the gateway")
struct GeminiGatewayTests {
    static let key = "AIza-request-key-never-stored-21"

    static let handler: FakeProviderUpstream.Handler = { request, _ in
        guard request.header("x-goog-api-key") == key, request.path == "/v1beta/models/gemini-2.5-flash:generateContent"
        else {
            return .init(
                status: 400,
                body:
                    #"{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT"}}"#
            )
        }
        let count = request.body["generationConfig"]?["candidateCount"]?.int ?? 1
        let candidates = (0..<count).map { index in
            #"{"content":{"parts":[{"text":"Answer \#(index)\n"}],"role":"model"},"finishReason":"STOP","index":\#(index)}"#
        }
        return .init(
            body: #"""
                {"candidates":[\#(candidates.joined(separator: ","))],
                 "usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":\#(3 * count),"totalTokenCount":\#(5 + 3 * count)},
                 "modelVersion":"gemini-2.5-flash"}
                """#)
    }

    @Test func chatAndCompletionReachGemini() async throws {
        try await GatewayWithFakeProvider.run(Self.handler) { world in
            try await world.server.run { api in
                let chat = try await api.post(
                    "/v4/chat",
                    #"""
                    {"model_config":{"provider":"google","model":"gemini-2.5-flash","max_tokens":100,
                      "chat_template":[{"role":"system","content":"Be {{tone}}."}]},
                     "inputs":{"tone":"brief"},"messages":[{"role":"user","content":"Hi"}],"num_samples":2,
                     "provider_api_keys":{"google":"\#(Self.key)"}}
                    """#)
                #expect(chat.status == .ok)
                let body = try chat.json()
                #expect(body["data"]?[0]?["output"] == "Answer 0")
                #expect(body["data"]?[1]?["raw_output"] == "Answer 1\n")
                #expect(body["usage"] == ["prompt_tokens": 5, "generation_tokens": 6, "total_tokens": 11])
                #expect(body["provider_request"]?["systemInstruction"] == ["parts": [["text": "Be brief."]]])
                let completion = try await api.post(
                    "/v4/completion",
                    #"""
                    {"model_config":{"provider":"google","model":"gemini-2.5-flash","prompt_template":"Say {{w}}"},
                     "inputs":{"w":"hi"},"provider_api_keys":{"google":"\#(Self.key)"}}
                    """#)
                #expect(completion.status == .ok)
                #expect(!chat.text.contains(Self.key) && !completion.text.contains(Self.key))
            }
            #expect(
                world.upstream.requests.last?.body["contents"] == [["role": "user", "parts": [["text": "Say hi"]]]])
            #expect(try await world.server.databaseContains(Self.key) == false)
            #expect(!world.logs.text.contains(Self.key))
        }
    }

    @Test func anInvalidKeyIsA422NamingGoogle() async throws {
        try await GatewayWithFakeProvider.run(Self.handler) { world in
            try await world.server.run { api in
                let response = try await api.post(
                    "/v4/chat",
                    #"""
                    {"model_config":{"provider":"google","model":"gemini-2.5-flash"},"messages":[{"role":"user","content":"x"}],
                     "provider_api_keys":{"google":"wrong"}}
                    """#)
                #expect(response.status == .unprocessableContent)
                let detail = try #require(try response.json()["detail"])
                #expect(detail["origin"] == "Google")
                #expect(detail["message"]?.stringValue?.contains("API key not valid") == true)
            }
        }
    }
}
