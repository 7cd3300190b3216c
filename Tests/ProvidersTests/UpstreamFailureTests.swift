import HumanloopAPI
import Testing

@testable import Providers

/// What every adapter does when its provider fails: the kind the server maps to a status, the
/// provider's own message passed through, retries only where they can help, and the key nowhere.
@Suite("Upstream failures, for every adapter")
struct UpstreamFailureTests {
    static let key = "sk-test-secret-key-123"

    func request(_ adapter: AdapterUnderTest) -> ProviderRequest {
        .chat(model: adapter.model, [.user("Hi")], key: Self.key)
    }

    @Test(arguments: AdapterUnderTest.all)
    func unauthorizedIsRejectedWithTheProvidersMessageButNeverTheKey(_ adapter: AdapterUnderTest) async throws {
        // Providers do echo (parts of) a wrong key; the whole key must still never come back.
        let body = adapter.errorBody("Incorrect API key provided: \(Self.key). Find your key in the dashboard.")
        try await ProviderHarness.run(FakeReply.json(body, status: 401).always) { harness in
            let provider = adapter.make(harness.configuration, harness.httpClient, harness.logger)
            let error = await #expect(throws: ProviderError.self) { try await provider.generate(request(adapter)) }
            #expect(error?.kind == .rejected)
            #expect(error?.provider == adapter.provider)
            #expect(error?.message.contains("Incorrect API key provided") == true)
            #expect(error?.message.contains("401") == true)
            #expect(error?.message.contains(Self.key) == false)
            #expect(harness.upstream.requests.count == 1, "a 401 is not retried")
            #expect(harness.logs.text.contains("Incorrect API key provided"), "the failure is logged")
            #expect(!harness.logs.text.contains(Self.key))
        }
    }

    @Test(arguments: AdapterUnderTest.all)
    func badRequestIsRejected(_ adapter: AdapterUnderTest) async throws {
        let body = adapter.errorBody("max_tokens is too large")
        try await ProviderHarness.run(FakeReply.json(body, status: 400).always) { harness in
            let provider = adapter.make(harness.configuration, harness.httpClient, harness.logger)
            let error = await #expect(throws: ProviderError.self) { try await provider.generate(request(adapter)) }
            #expect(error?.kind == .rejected)
            #expect(error?.message.contains("max_tokens is too large") == true)
            #expect(harness.upstream.requests.count == 1)
        }
    }

    @Test(arguments: AdapterUnderTest.all)
    func rateLimitedThenSuccessIsRetried(_ adapter: AdapterUnderTest) async throws {
        let limited = adapter.errorBody("Rate limit reached")
        try await ProviderHarness.run(
            FakeReply.json(limited, status: 429, headers: ["retry-after": "0"]).then(.json(adapter.success))
        ) { harness in
            let provider = adapter.make(harness.configuration, harness.httpClient, harness.logger)
            let result = try await provider.generate(request(adapter))
            #expect(result.choices.first?.text == "ok")
            #expect(harness.upstream.requests.count == 2)
            #expect(harness.upstream.requests[0].bodyText == harness.upstream.requests[1].bodyText)
        }
    }

    @Test(arguments: AdapterUnderTest.all)
    func rateLimitedThroughoutStaysRateLimited(_ adapter: AdapterUnderTest) async throws {
        let limited = adapter.errorBody("Rate limit reached")
        try await ProviderHarness.run(maxRetries: 1, FakeReply.json(limited, status: 429).always) { harness in
            let provider = adapter.make(harness.configuration, harness.httpClient, harness.logger)
            let error = await #expect(throws: ProviderError.self) { try await provider.generate(request(adapter)) }
            #expect(error?.kind == .rateLimited)
            #expect(error?.message.contains("Rate limit reached") == true)
            #expect(harness.upstream.requests.count == 2)
        }
    }

    @Test(arguments: AdapterUnderTest.all)
    func serverErrorIsBadGatewayAfterTheRetries(_ adapter: AdapterUnderTest) async throws {
        let failing = adapter.errorBody("The server had an error processing your request")
        try await ProviderHarness.run(maxRetries: 2, FakeReply.json(failing, status: 500).always) { harness in
            let provider = adapter.make(harness.configuration, harness.httpClient, harness.logger)
            let error = await #expect(throws: ProviderError.self) { try await provider.generate(request(adapter)) }
            #expect(error?.kind == .badGateway)
            #expect(error?.message.contains("The server had an error") == true)
            #expect(harness.upstream.requests.count == 3, "one call and two retries")
        }
    }

    @Test(arguments: AdapterUnderTest.all)
    func aSlowAnswerPastTheDeadlineIsATimeout(_ adapter: AdapterUnderTest) async throws {
        let slow = FakeReply.delayed(.milliseconds(6000), .json(adapter.success))
        try await ProviderHarness.run(timeout: .milliseconds(300), slow.always) { harness in
            let provider = adapter.make(harness.configuration, harness.httpClient, harness.logger)
            let started = ContinuousClock.now
            let error = await #expect(throws: ProviderError.self) { try await provider.generate(request(adapter)) }
            #expect(error?.kind == .timeout)
            #expect(ContinuousClock.now - started < .milliseconds(3000), "the deadline cuts the 6 s wait short")
        }
    }

    @Test(arguments: AdapterUnderTest.all)
    func retriesStopAtTheDeadline(_ adapter: AdapterUnderTest) async throws {
        let failing = adapter.errorBody("overloaded")
        try await ProviderHarness.run(
            timeout: .milliseconds(400), maxRetries: 50,
            FakeReply.delayed(.milliseconds(150), .json(failing, status: 503)).always
        ) { harness in
            let provider = adapter.make(harness.configuration, harness.httpClient, harness.logger)
            let started = ContinuousClock.now
            let error = await #expect(throws: ProviderError.self) { try await provider.generate(request(adapter)) }
            #expect(error?.kind == .timeout || error?.kind == .badGateway)
            // All 50 retries would take 7.5 s; the 400 ms deadline stops them (the bound leaves room
            // for a loaded machine).
            #expect(ContinuousClock.now - started < .milliseconds(3000))
            #expect(harness.upstream.requests.count <= 3)
        }
    }

    @Test(arguments: AdapterUnderTest.all)
    func aMalformedBodyIsABadGateway(_ adapter: AdapterUnderTest) async throws {
        for body in ["<html>upstream proxy says hi</html>", #"{"unexpected": true}"#, "[1, 2]", #"{"choices": 5"#] {
            try await ProviderHarness.run(FakeReply.json(body).always) { harness in
                let provider = adapter.make(harness.configuration, harness.httpClient, harness.logger)
                let error = await #expect(throws: ProviderError.self) { try await provider.generate(request(adapter)) }
                #expect(error?.kind == .badGateway, "for \(body)")
                #expect(harness.upstream.requests.count == 1, "a malformed 200 is not retried")
            }
        }
    }

    @Test(arguments: AdapterUnderTest.all)
    func anUnreachableProviderIsABadGateway(_ adapter: AdapterUnderTest) async throws {
        // A port that was just free: nothing listens there.
        let port = try await FakeUpstream.run(FakeReply.json("{}").always) { $0.port }
        let base = "http://127.0.0.1:\(port)"
        let configuration = ProviderHarness.configuration(pointingAt: base, timeout: .seconds(5), maxRetries: 1)
        let httpClient = ProviderRegistry.makeHTTPClient(configuration: configuration)
        let logs = LogCapture()
        let provider = adapter.make(configuration, httpClient, logs.logger)
        let error = await #expect(throws: ProviderError.self) { try await provider.generate(request(adapter)) }
        httpClient.shutdown()
        #expect(error?.kind == .badGateway)
        #expect(logs.text.contains("retrying"), "connection errors are retried")
    }

    @Test(arguments: AdapterUnderTest.all)
    func noKeyIsRefusedWithoutCallingTheProvider(_ adapter: AdapterUnderTest) async throws {
        try await ProviderHarness.run(FakeReply.json(adapter.success).always) { harness in
            let provider = adapter.make(harness.configuration, harness.httpClient, harness.logger)
            var request = request(adapter)
            request.apiKey = nil
            let error = await #expect(throws: ProviderError.self) { try await provider.generate(request) }
            #expect(error?.kind == .missingKey)
            #expect(harness.upstream.requests.isEmpty)
        }
    }
}

/// The same failures on streamed calls: all before the first event, except a stream that breaks off
/// or stalls once begun, which throws from the stream.
@Suite("Upstream failures of streams, for every adapter")
struct StreamFailureTests {
    static let key = "sk-test-secret-key-123"

    func request(_ adapter: AdapterUnderTest) -> ProviderRequest {
        .chat(model: adapter.model, [.user("Hi")], key: Self.key)
    }

    @Test(arguments: AdapterUnderTest.all)
    func aWholeStreamSaysOk(_ adapter: AdapterUnderTest) async throws {
        try await ProviderHarness.run(FakeReply.stream(adapter.stream).always) { harness in
            let provider = adapter.make(harness.configuration, harness.httpClient, harness.logger)
            let answer = try await StreamedAnswer.collect(try await provider.stream(request(adapter)))
            #expect(answer.text() == "ok")
            #expect(answer.finish() == .some(.stop))
        }
    }

    @Test(arguments: AdapterUnderTest.all)
    func aRejectedStreamFailsBeforeItsFirstEventAndIsNotRetried(_ adapter: AdapterUnderTest) async throws {
        let body = adapter.errorBody("Incorrect API key provided: \(Self.key)")
        try await ProviderHarness.run(FakeReply.json(body, status: 401).always) { harness in
            let provider = adapter.make(harness.configuration, harness.httpClient, harness.logger)
            let error = await #expect(throws: ProviderError.self) { _ = try await provider.stream(request(adapter)) }
            #expect(error?.kind == .rejected)
            #expect(error?.message.contains("Incorrect API key provided") == true)
            #expect(error?.message.contains(Self.key) == false)
            #expect(harness.upstream.requests.count == 1)
            #expect(!harness.logs.text.contains(Self.key))
        }
    }

    @Test(arguments: AdapterUnderTest.all)
    func aStreamIsRetriedAfter429And5xxBeforeItsFirstByte(_ adapter: AdapterUnderTest) async throws {
        let handler: FakeUpstream.Handler = { _, attempt in
            switch attempt {
            case 1: return .json(adapter.errorBody("Rate limit reached"), status: 429)
            case 2: return .json(adapter.errorBody("Bad gateway"), status: 502)
            default: return .stream(adapter.stream)
            }
        }
        try await ProviderHarness.run(handler) { harness in
            let provider = adapter.make(harness.configuration, harness.httpClient, harness.logger)
            let answer = try await StreamedAnswer.collect(try await provider.stream(request(adapter)))
            #expect(answer.text() == "ok")
            #expect(harness.upstream.requests.count == 3)
        }
    }

    @Test(arguments: AdapterUnderTest.all)
    func aStreamCutMidwayThrowsFromTheStream(_ adapter: AdapterUnderTest) async throws {
        try await ProviderHarness.run(FakeReply.stream(adapter.streamStart, cut: true).always) { harness in
            let provider = adapter.make(harness.configuration, harness.httpClient, harness.logger)
            let stream = try await provider.stream(request(adapter))
            let error = await #expect(throws: ProviderError.self) { _ = try await StreamedAnswer.collect(stream) }
            #expect(error?.kind == .badGateway)
            #expect(error?.provider == adapter.provider)
            #expect(harness.upstream.requests.count == 1, "nothing is retried once a stream has begun")
            #expect(harness.logs.text.contains("provider call failed"), "the failure is logged")
        }
    }

    @Test(arguments: AdapterUnderTest.all)
    func aStreamThatStallsPastTheTimeoutThrows(_ adapter: AdapterUnderTest) async throws {
        // The stream opens well within the timeout, then goes silent for longer than it.
        let stalled = FakeReply.stalledStream(adapter.streamStart, stall: .seconds(20))
        try await ProviderHarness.run(timeout: .seconds(6), stalled.always) { harness in
            let provider = adapter.make(harness.configuration, harness.httpClient, harness.logger)
            let started = ContinuousClock.now
            let stream = try await provider.stream(request(adapter))
            var text = ""
            let error = await #expect(throws: ProviderError.self) {
                for try await event in stream {
                    if case .text(_, let delta) = event { text += delta }
                }
            }
            #expect(text == "o", "what came before the stall was delivered")
            #expect(error?.kind == .timeout)
            #expect(error?.message.contains("stalled") == true)
            #expect(
                ContinuousClock.now - started < .seconds(15), "the stall is cut at the timeout, not waited out")
        }
    }

    @Test(arguments: AdapterUnderTest.all)
    func aSlowStreamHeadPastTheDeadlineIsATimeout(_ adapter: AdapterUnderTest) async throws {
        let slow = FakeReply.delayed(.milliseconds(1500), .stream(adapter.stream))
        try await ProviderHarness.run(timeout: .milliseconds(300), slow.always) { harness in
            let provider = adapter.make(harness.configuration, harness.httpClient, harness.logger)
            let error = await #expect(throws: ProviderError.self) { _ = try await provider.stream(request(adapter)) }
            #expect(error?.kind == .timeout)
        }
    }
}
