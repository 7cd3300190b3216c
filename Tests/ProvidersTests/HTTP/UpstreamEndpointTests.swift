import Testing

@testable import Providers

@Suite("Provider URLs split into endpoint and request target")
struct UpstreamEndpointTests {
    @Test func schemesPortsAndTargets() throws {
        let https = try #require(UpstreamEndpoint.parse("https://api.openai.com/v1/chat/completions"))
        #expect(https.endpoint == UpstreamEndpoint(usesTLS: true, host: "api.openai.com", port: 443))
        #expect(https.target == "/v1/chat/completions")
        #expect(https.endpoint.hostHeader == "api.openai.com")

        let local = try #require(UpstreamEndpoint.parse("http://127.0.0.1:8080/v1beta/models/x:generate?alt=sse"))
        #expect(local.endpoint == UpstreamEndpoint(usesTLS: false, host: "127.0.0.1", port: 8080))
        #expect(local.target == "/v1beta/models/x:generate?alt=sse")
        #expect(local.endpoint.hostHeader == "127.0.0.1:8080")
        #expect(local.endpoint.isIPAddress)

        let bare = try #require(UpstreamEndpoint.parse("http://localhost?x=1#frag"))
        #expect(bare.endpoint.port == 80)
        #expect(bare.target == "/?x=1")
        #expect(!bare.endpoint.isIPAddress)

        let ipv6 = try #require(UpstreamEndpoint.parse("https://[::1]:8443/v1"))
        #expect(ipv6.endpoint == UpstreamEndpoint(usesTLS: true, host: "::1", port: 8443))
        #expect(ipv6.endpoint.hostHeader == "[::1]:8443")
        #expect(ipv6.endpoint.isIPAddress)
    }

    @Test(arguments: [
        "api.openai.com/v1", "ftp://host/x", "http://", "http:///path", "http://user:key@host/x",
        "http://host:0/x", "http://host:70000/x", "http://host:abc/x", "http://[::1/x", "http://[::1]x/y",
    ])
    func unusableURLsAreRefused(_ url: String) {
        #expect(UpstreamEndpoint.parse(url) == nil)
    }
}
