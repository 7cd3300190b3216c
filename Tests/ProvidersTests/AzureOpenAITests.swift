import HumanloopAPI
import Testing

@testable import Providers

@Suite("Azure OpenAI adapter against a fake Azure OpenAI")
struct AzureOpenAITests {
    static let key = "azure-secret-key-456"

    /// A fake Azure resource: deployments under `/openai/deployments/{name}/…`, `api-version` required,
    /// the key in `api-key`; the body is OpenAI's, without `model`.
    static func azureAPI(deployment: String, operation: String, reply: FakeReply) -> FakeUpstream.Handler {
        { request, _ in
            guard request.path == "/openai/deployments/\(deployment)/\(operation)" else {
                return .json(OpenAIWire.error("The API deployment for this resource does not exist."), status: 404)
            }
            guard request.query["api-version"] == "2024-10-21" else {
                return .json(OpenAIWire.error("Missing or unsupported api-version"), status: 400)
            }
            guard request.header("api-key") == key, request.header("authorization") == nil else {
                return .json(OpenAIWire.error("Access denied due to invalid subscription key."), status: 401)
            }
            let rejection =
                operation == "completions"
                ? OpenAIWire.completionRejection(request.body.addingModel)
                : OpenAIWire.chatRejection(request.body, requiresModel: false)
            return rejection ?? reply
        }
    }

    /// A chat deployment `prod-gpt4o` that answers "Bonjour".
    static let bonjourDeployment = azureAPI(
        deployment: "prod-gpt4o", operation: "chat/completions",
        reply: .json(OpenAIWire.chatCompletion(choices: [(content: "Bonjour", toolCalls: [], finish: "stop")])))

    @Test func chatGoesToTheDeploymentWithTheApiKeyHeader() async throws {
        try await ProviderHarness.run(Self.bonjourDeployment) { harness in
            let provider = AzureOpenAIProvider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            let result = try await provider.generate(
                .chat(
                    model: "prod-gpt4o", [.user("Hello in French")], parameters: SamplingParameters(temperature: 0),
                    samples: 2, key: Self.key))
            #expect(result.choices.first?.text == "Bonjour")
            let sent = try #require(harness.upstream.requests.first?.body)
            #expect(sent["model"] == nil, "the deployment is in the URL")
            #expect(sent["n"] == 2)
            #expect(sent["temperature"] == 0)
            #expect(result.providerRequest.value.isSameJSON(as: sent))
        }
    }

    @Test func theSDKDefaultConfigIsAcceptedAndOutOfRangeSettingsAreRefused() async throws {
        try await ProviderHarness.run(Self.bonjourDeployment) { harness in
            let provider = AzureOpenAIProvider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            await harness.expectRefusedBeforeAnyCall(
                provider,
                .chat(model: "prod-gpt4o", [.user("Hi")], parameters: SamplingParameters(topP: 1.5), key: Self.key),
                saying: "model_config.top_p must be between 0 and 1 (got 1.5)")
            let result = try await provider.generate(
                .chat(model: "prod-gpt4o", [.user("Hi")], parameters: .sdkDefaults, key: Self.key))
            #expect(result.choices.first?.text == "Bonjour")
            let sent = try #require(harness.upstream.requests.first?.body)
            #expect(sent["top_p"] == 1)
            #expect(sent["temperature"] == 1)
            #expect(sent["presence_penalty"] == 0)
        }
    }

    @Test func aDeploymentNameCannotEscapeItsPathSegment() async throws {
        let handler = Self.azureAPI(deployment: "x", operation: "chat/completions", reply: .json("{}"))
        try await ProviderHarness.run(handler) { harness in
            let provider = AzureOpenAIProvider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            _ = try? await provider.generate(.chat(model: "../../evil?x=1", [.user("Hi")], key: Self.key))
            #expect(
                harness.upstream.requests.first?.path == "/openai/deployments/..%2F..%2Fevil%3Fx%3D1/chat/completions")
        }
    }

    @Test func completionDeploymentsUseTheCompletionsOperation() async throws {
        let answer = OpenAIWire.textCompletion([(" world", "stop")])
        let handler = Self.azureAPI(deployment: "gpt-35-turbo-instruct", operation: "completions", reply: .json(answer))
        try await ProviderHarness.run(
            configure: ConfigurationChange { $0.completionModels.insert("gpt-35-turbo-instruct") }, handler
        ) { harness in
            let provider = AzureOpenAIProvider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            let result = try await provider.generate(
                .completion(model: "gpt-35-turbo-instruct", "Hello", key: Self.key))
            #expect(result.choices.first?.text == " world")
            #expect(harness.upstream.requests.first?.body["prompt"] == "Hello")
        }
    }

    @Test func streamsFromTheDeployment() async throws {
        let events = [
            OpenAIWire.chunk(delta: ["role": "assistant", "content": ""]),
            OpenAIWire.chunk(delta: ["content": "Bon"]),
            OpenAIWire.chunk(delta: ["content": "jour"], finish: "stop"),
            OpenAIWire.usageChunk(prompt: 4, completion: 2),
            "[DONE]",
        ]
        let handler = Self.azureAPI(deployment: "prod-gpt4o", operation: "chat/completions", reply: .events(events))
        try await ProviderHarness.run(handler) { harness in
            let provider = AzureOpenAIProvider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            let answer = try await StreamedAnswer.collect(
                try await provider.stream(.chat(model: "prod-gpt4o", [.user("Hi")], key: Self.key)))
            #expect(answer.text() == "Bonjour")
            #expect(answer.finish() == .some(.stop))
            #expect(answer.usage?.generation == 2)
        }
    }

    @Test func withoutAConfiguredEndpointAzureIsUnsupported() async throws {
        try await ProviderHarness.run(
            configure: ConfigurationChange { $0.azureEndpoint = nil }, FakeReply.json("{}").always
        ) { harness in
            let provider = AzureOpenAIProvider(
                configuration: harness.configuration, httpClient: harness.httpClient, logger: harness.logger)
            let error = await #expect(throws: ProviderError.self) {
                try await provider.generate(.chat(model: "d", [.user("Hi")], key: Self.key))
            }
            #expect(error?.kind == .unsupported)
            #expect(error?.message.contains("LOOPGATE_AZURE_OPENAI_ENDPOINT") == true)
            #expect(harness.upstream.requests.isEmpty)
        }
    }
}

extension JSONValue {
    /// The body with a `model`, for checking an Azure body (which has none) against OpenAI's rules.
    fileprivate var addingModel: JSONValue {
        guard var object = objectValue else { return self }
        object["model"] = "deployment"
        return .object(object)
    }
}
