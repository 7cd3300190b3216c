import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import Providers
import Synchronization
import Testing

/// The whole path with a real HTTP upstream: a client that leaves a stream makes Loopgate close its
/// connection to the provider, which the provider sees as its writes failing.
@Suite("A client leaving a stream, seen from the provider")
struct UpstreamDisconnectTests {
    /// An OpenAI-style upstream that streams one chunk every 50 ms for 20 s and records how its stream
    /// ended.
    final class SlowOpenAI: Sendable {
        let outcome = Mutex<String?>(nil)

        var router: Router<BasicRequestContext> {
            let router = Router()
            router.post("v1/chat/completions") { [self] request, _ -> Response in
                _ = try await request.body.collect(upTo: 1 << 20)
                return Response(
                    status: .ok, headers: [.contentType: "text/event-stream"],
                    body: ResponseBody { [self] writer in
                        do {
                            for index in 0..<400 {
                                let chunk =
                                    #"{"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":" w\#(index)"},"finish_reason":null}]}"#
                                try await writer.write(ByteBuffer(string: "data: \(chunk)\n\n"))
                                try await Task.sleep(for: .milliseconds(50))
                            }
                            try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
                            try await writer.finish(nil)
                            outcome.withLock { $0 = "finished" }
                        } catch {
                            outcome.withLock { $0 = "closed" }
                            throw error
                        }
                    })
            }
            return router
        }
    }

    @Test func theUpstreamConnectionClosesWhenTheClientLeaves() async throws {
        let upstream = SlowOpenAI()
        let fake = Application(router: upstream.router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await fake.test(.live) { fakeClient in
            let base = "http://127.0.0.1:\(fakeClient.port!)"
            let configuration = ProviderConfiguration(
                openAIBaseURL: base + "/v1", anthropicBaseURL: base, cohereBaseURL: base, ai21BaseURL: base,
                azureEndpoint: base, googleBaseURL: base, groqBaseURL: base, timeout: .seconds(30),
                retry: RetryPolicy(maxRetries: 0, baseDelay: .milliseconds(10), maxDelay: .milliseconds(20)))
            let providerClient = ProviderRegistry.makeHTTPClient(configuration: configuration)
            var server = try TestServer()
            defer { server.removeFiles() }
            server.providers = .live(
                configuration: configuration, httpClient: providerClient, logger: TestServer.logger)
            try await server.run { api in
                let client = HTTPClient(eventLoopGroupProvider: .singleton)
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(api.client.port!)/v4/chat")
                request.method = .POST
                request.headers.add(name: "X-API-KEY", value: TestServer.apiKey)
                request.body = .bytes(
                    ByteBuffer(
                        string:
                            #"{"model_config":{"provider":"openai","model":"gpt-4o"},"messages":[{"role":"user","content":"x"}],"stream":true,"project":"leaving","provider_api_keys":{"openai":"sk-test"}}"#
                    ))
                let response = try await client.execute(request, timeout: .seconds(30))
                var received = ""
                for try await chunk in response.body {
                    received += String(buffer: chunk)
                    if received.contains("\n\n") { break }
                }
                #expect(received.hasPrefix("data: "))
                try await client.shutdown()
                // 400 chunks take 20 s; the upstream must see its connection closed long before.
                let deadline = ContinuousClock.now + .seconds(10)
                while upstream.outcome.withLock({ $0 }) == nil, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(upstream.outcome.withLock { $0 } == "closed")
            }
            providerClient.shutdown()
        }
    }
}
