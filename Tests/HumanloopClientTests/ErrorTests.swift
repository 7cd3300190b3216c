import HumanloopAPI
import HumanloopClient
import Testing

@Suite("Typed errors")
struct ErrorTests {
    @Test func a422CarriesTheDecodedDetailList() async throws {
        try await TestServer().run { harness in
            let config = Requests.mockCompletionConfig("{{a}} and {{ b }}")
            let error = await #expect(throws: HumanloopError.self) {
                try await harness.client.complete(Requests.completion(config, inputs: [:]))
            }
            guard case .validation(let failure) = error else {
                Issue.record("expected a validation error, got \(String(describing: error))")
                return
            }
            #expect(failure.detail.map(\.loc) == [["body", "inputs", "a"], ["body", "inputs", "b"]])
            #expect(failure.detail.allSatisfy { !$0.msg.isEmpty && !$0.type.isEmpty })
            #expect(failure.response.status == 422)
            #expect(failure.response.requestID?.isEmpty == false)
            #expect(failure.response.body.contains("\"detail\""))
            #expect(error?.status == 422)
            #expect(error?.isRetryable == false)
            #expect(error?.description.contains("body.inputs.a") == true)

            let badEnum = await #expect(throws: HumanloopError.self) {
                try await harness.client.chat(Requests.chat(config: ModelConfigRequest(model: "m", provider: "nope")))
            }
            #expect(badEnum?.validationIssues.first?.loc == ["body", "model_config", "provider"])
            #expect(badEnum?.validationIssues.first?.type == "type_error.enum")
        }
    }

    @Test func anUnknownKeyIsUnauthorized() async throws {
        try await TestServer().run { harness in
            try await harness.withClient(apiKey: "lg_notAKeyOfThisServer") { client in
                let error = await #expect(throws: HumanloopError.self) {
                    _ = try await client.projects.list()
                }
                guard case .unauthorized(let failure) = error else {
                    Issue.record("expected unauthorized, got \(String(describing: error))")
                    return
                }
                #expect(failure.status == 401)
                #expect(failure.type == "authentication_error")
                #expect(failure.message == "Invalid API key")
                #expect(failure.requestID?.isEmpty == false)
            }
        }
    }

    @Test func aMissingResourceIsNotFound() async throws {
        try await TestServer().run { harness in
            let error = await #expect(throws: HumanloopError.self) {
                _ = try await harness.client.projects.get(id: "pr_missing")
            }
            guard case .notFound(let failure) = error else {
                Issue.record("expected not found, got \(String(describing: error))")
                return
            }
            #expect(failure.status == 404)
            #expect(failure.type == "not_found_error")
            #expect(failure.origin == "Humanloop")
            #expect(!failure.message.isEmpty)
            #expect(error?.requestID == failure.requestID)
        }
    }

    @Test func aProviderRateLimitIsRateLimited() async throws {
        try await TestServer().run { harness in
            let error = await #expect(throws: HumanloopError.self) {
                try await harness.client.complete(Self.scripted("rate-limited"))
            }
            guard case .rateLimited(let failure) = error else {
                Issue.record("expected rate limited, got \(String(describing: error))")
                return
            }
            #expect(failure.status == 429)
            #expect(failure.type == "rate_limit_error")
            #expect(failure.origin == "OpenAI")
            #expect(failure.message.contains("slow down"))
            #expect(error?.isRetryable == true)
        }
    }

    @Test func providerAndServerFailuresAreServerErrors() async throws {
        try await TestServer().run { harness in
            let expectations: [(model: String, status: Int, type: String)] = [
                ("bad-gateway", 502, "bad_gateway_error"),
                ("provider-timeout", 504, "gateway_timeout_error"),
                ("crash", 500, "internal_server_error"),
            ]
            for expected in expectations {
                let error = await #expect(throws: HumanloopError.self) {
                    try await harness.client.complete(Self.scripted(expected.model))
                }
                guard case .server(let failure) = error else {
                    Issue.record("\(expected.model): expected a server error, got \(String(describing: error))")
                    continue
                }
                #expect(failure.status == expected.status, "\(expected.model)")
                #expect(failure.type == expected.type, "\(expected.model)")
                #expect(failure.requestID != nil)
            }
        }
    }

    @Test func otherRefusalsAreRejectedWithTheServerMessage() async throws {
        try await TestServer().run { harness in
            _ = try await harness.client.projects.create(CreateProjectRequest(name: "taken"))
            let error = await #expect(throws: HumanloopError.self) {
                _ = try await harness.client.projects.create(CreateProjectRequest(name: "taken"))
            }
            guard case .rejected(let failure) = error else {
                Issue.record("expected a refusal, got \(String(describing: error))")
                return
            }
            #expect(failure.status == 409)
            #expect(failure.type == "conflict_error")
            #expect(failure.message == "A project named 'taken' already exists")
        }
    }

    @Test func noAnswerWithinTheTimeoutIsTimeout() async throws {
        try await TestServer().run { harness in
            try await harness.withClient(timeout: .milliseconds(300)) { client in
                let started = ContinuousClock.now
                let error = await #expect(throws: HumanloopError.self) {
                    try await client.complete(Self.scripted("slow"))
                }
                guard case .timeout = error else {
                    Issue.record("expected a timeout, got \(String(describing: error))")
                    return
                }
                #expect(ContinuousClock.now - started < .seconds(1.5))
            }
        }
    }

    @Test func anUnreachableServerIsAConnectionError() async throws {
        // Port 9 (discard) on loopback: nothing listens there in a test environment. A refused connection
        // is retried until the connect timeout.
        let client = HumanloopClient(
            configuration: try HumanloopClient.Configuration(
                apiKey: "key", baseURL: "http://127.0.0.1:9/v4", connectTimeout: .milliseconds(300), environment: [:]))
        let started = ContinuousClock.now
        let error = await #expect(throws: HumanloopError.self) {
            _ = try await client.sessions.create()
        }
        try await client.shutdown()
        #expect(ContinuousClock.now - started < .seconds(5))
        guard case .connection = error else {
            Issue.record("expected a connection error, got \(String(describing: error))")
            return
        }
        #expect(error?.status == nil)
        #expect(error?.isRetryable == true)
    }

    @Test func cancellingTheCallingTaskThrowsCancellation() async throws {
        try await TestServer().run { harness in
            let call = Task { try await harness.client.complete(Self.scripted("slow")) }
            try await Task.sleep(for: .milliseconds(100))
            call.cancel()
            let started = ContinuousClock.now
            let result = await call.result
            #expect(ContinuousClock.now - started < .seconds(1))
            guard case .failure(let error) = result else {
                Issue.record("the call finished despite the cancellation")
                return
            }
            #expect(error is CancellationError)
        }
    }

    static func scripted(_ model: String) -> CompletionRequest {
        Requests.completion(Requests.scripted(model), inputs: [:], keys: ProviderAPIKeys(openai: "sk-test"))
    }
}
