import Foundation
import HumanloopAPI
import Testing

/// Providers in the v4 enum without a public API Loopgate can call answer a 422 that names them.
@Suite("Providers without an adapter, through the gateway")
struct UnsupportedProviderGatewayTests {
    /// Answers anything; no request should ever reach it.
    static let anything: FakeProviderUpstream.Handler = { _, _ in .init(body: "{}") }

    @Test(arguments: ["bedrock", "replicate", "langchain"])
    func aProviderWithoutAnAdapterIsA422NamingIt(provider: String) async throws {
        try await GatewayWithFakeProvider.run(Self.anything) { world in
            try await world.server.run { api in
                let response = try await api.post(
                    "/v4/chat",
                    #"""
                    {"model_config":{"provider":"\#(provider)","model":"m"},"messages":[{"role":"user","content":"x"}]}
                    """#)
                #expect(response.status == .unprocessableContent)
                let issue = try #require(try response.json()["detail"]?[0])
                #expect(issue["loc"] == ["body", "model_config", "provider"])
                #expect(issue["msg"]?.stringValue?.contains("'\(provider)' is not supported") == true)
            }
            #expect(world.upstream.requests.isEmpty)
        }
    }
}
