import HumanloopAPI
import Testing

@testable import HumanloopClient

@Suite("Client configuration")
struct ConfigurationTests {
    @Test func theBaseURLIsRequiredOrReadFromTheEnvironment() throws {
        #expect(throws: HumanloopError.self) {
            try HumanloopClient.Configuration(apiKey: "key", environment: [:])
        }
        let fromEnvironment = try HumanloopClient.Configuration(
            environment: ["HUMANLOOP_BASE_URL": "http://gateway.internal:8080/v4/", "HUMANLOOP_API_KEY": "env-key"])
        #expect(fromEnvironment.baseURL == "http://gateway.internal:8080/v4")
        #expect(fromEnvironment.apiKey == "env-key")
        let explicit = try HumanloopClient.Configuration(
            apiKey: "key", baseURL: "https://api.example.com/v4",
            environment: ["HUMANLOOP_BASE_URL": "http://ignored/v4"])
        #expect(explicit.baseURL == "https://api.example.com/v4")
    }

    @Test func unusableSettingsAreRefused() {
        for baseURL in ["127.0.0.1:8080/v4", "ftp://host/v4", "http:///v4", "http://host/v4?x=1", "not a url"] {
            #expect(throws: HumanloopError.self, "\(baseURL)") {
                try HumanloopClient.Configuration(apiKey: "key", baseURL: baseURL, environment: [:])
            }
        }
        #expect(throws: HumanloopError.self) {
            try HumanloopClient.Configuration(baseURL: "http://host/v4", environment: [:])
        }
        #expect(throws: HumanloopError.self) {
            try HumanloopClient.Configuration(
                apiKey: "key", baseURL: "http://host/v4", timeout: .zero, environment: [:])
        }
    }

    @Test func callKeysWinAndClientKeysFillTheGaps() {
        let client = ProviderAPIKeys(openai: "client-openai", anthropic: "client-anthropic", cohere: "client-cohere")
        let call = ProviderAPIKeys(openai: "call-openai", anthropic: "", groq: "call-groq")
        let merged = call.filling(from: client)
        #expect(
            merged
                == ProviderAPIKeys(
                    openai: "call-openai", anthropic: "client-anthropic", cohere: "client-cohere", groq: "call-groq"))
        #expect(ProviderAPIKeys().isEmpty)
        #expect(ProviderAPIKeys(mock: "").isEmpty)
        #expect(!merged.isEmpty)
    }

    @Test func pathSegmentsAndQueryValuesArePercentEncoded() {
        let request = APIRequest(
            .GET, ["projects", "pr_a/b c", "configs"], query: [("filter", "a&b=c ü"), ("page", nil), ("size", "2")])
        #expect(request.target == "/projects/pr_a%2Fb%20c/configs?filter=a%26b%3Dc%20%C3%BC&size=2")
        #expect(
            APIRequest(.DELETE, ["logs"], query: [("id", "data_1"), ("id", "data_2")]).target
                == "/logs?id=data_1&id=data_2")
    }
}
