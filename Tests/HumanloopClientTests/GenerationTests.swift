import HumanloopAPI
import HumanloopClient
import Testing

@Suite("Generation calls")
struct GenerationTests {
    @Test func theFourCompletionCallsAnswerWithTheirConfig() async throws {
        try await TestServer().run { harness in
            let client = harness.client
            let fixture = try await Fixture.make(client)

            let inline = try await client.complete(
                Requests.completion(Requests.mockCompletionConfig("hello {{x}}"), inputs: ["x": "you"]))
            #expect(inline.data.map(\.output) == ["hello you"])
            #expect(inline.data[0].modelConfigID == fixture.configID)  // content-addressed: the same config

            let deployed = try await client.completeDeployed(
                CompletionDeployedRequest(config: DeployedConfig(), options: fixture.options))
            let experiment = try await client.completeExperiment(
                CompletionExperimentRequest(
                    config: ExperimentConfig(experimentID: fixture.experimentID), options: fixture.options))
            let stored = try await client.completeModelConfiguration(
                CompletionModelConfigRequest(
                    config: StoredConfig(modelConfigID: fixture.configID), options: fixture.options))
            for response in [deployed, experiment, stored] {
                #expect(response.data.map(\.output) == ["hello you"])
                #expect(response.data[0].modelConfigID == fixture.configID)
                #expect(response.data[0].finishReason == "stop")
                #expect(response.fields.projectID == fixture.projectID)
                #expect(response.fields.usage?.totalTokens == 4)
            }
            // Each sample is a log the server stored.
            let log = try await client.logs.get(id: stored.data[0].id)
            #expect(log.output == "hello you")
            #expect(log.projectID == fixture.projectID)
        }
    }

    @Test func theFourChatCallsAnswerWithTheAssistantMessage() async throws {
        try await TestServer().run { harness in
            let client = harness.client
            let fixture = try await Fixture.make(client)
            let chat = Requests.userMessages("chat with me")

            let inline = try await client.chat(Requests.chat("chat with me"))
            let deployed = try await client.chatDeployed(
                ChatDeployedRequest(config: DeployedConfig(), chat: chat, options: fixture.options))
            let experiment = try await client.chatExperiment(
                ChatExperimentRequest(
                    config: ExperimentConfig(experimentID: fixture.experimentID), chat: chat, options: fixture.options))
            let stored = try await client.chatModelConfiguration(
                ChatModelConfigRequest(
                    config: StoredConfig(modelConfigID: fixture.configID), chat: chat, options: fixture.options))
            for response in [inline, deployed, experiment, stored] {
                #expect(response.data.map(\.sample.output) == ["chat with me"])
                #expect(response.data[0].outputMessage.role == .assistant)
                #expect(response.data[0].outputMessage.text == "chat with me")
                #expect(response.data[0].messages?.last?.text == "chat with me")
            }
            #expect(deployed.data[0].sample.modelConfigID == fixture.configID)
            #expect(experiment.data[0].sample.modelConfigID == fixture.configID)
        }
    }

    @Test func theSharedOptionsReachTheServer() async throws {
        try await TestServer().run { harness in
            let client = harness.client
            var request = Requests.completion(project: "options")
            request.options.numSamples = 2
            request.options.metadata = ["trace": "abc"]
            request.options.user = "ada@example.com"
            request.options.sessionReferenceID = "conversation-1"
            let response = try await client.complete(request)
            #expect(response.data.map(\.index) == [0, 1])
            #expect(Set(response.data.map(\.id)).count == 2)
            #expect(response.fields.numSamples == 2)
            #expect(response.fields.metadata == ["trace": "abc"])
            #expect(response.fields.user == "ada@example.com")
            let sessionID = try #require(response.fields.sessionID)
            let session = try await client.sessions.get(id: sessionID)
            #expect(session.referenceID == "conversation-1")
            #expect(session.datapointsCount == 2)
        }
    }

    @Test func clientProviderKeysFillTheSlotsACallLeavesEmpty() async throws {
        let provider = TestProvider()
        try await TestServer(provider: provider).run { harness in
            let clientKeys = ProviderAPIKeys(openai: "sk-client", anthropic: "sk-client-anthropic")
            try await harness.withClient(providerAPIKeys: clientKeys) { client in
                let scripted = Requests.scripted("echo")
                _ = try await client.complete(Requests.completion(scripted, inputs: [:]))
                _ = try await client.complete(
                    Requests.completion(scripted, inputs: [:], keys: ProviderAPIKeys(openai: "sk-call")))
                _ = try await client.chat(
                    Requests.chat(config: scripted, keys: ProviderAPIKeys(anthropic: "sk-call-anthropic")))
                _ = try await client.complete(
                    Requests.completion(scripted, inputs: [:], keys: ProviderAPIKeys(openai: "")))
                for try await _ in try await client.chatStream(Requests.chat(config: scripted)) {}
            }
            #expect(provider.keys == ["sk-client", "sk-call", "sk-client", "sk-client", "sk-client"])

            // A client without provider keys sends none: the server has no key for `openai` either.
            let refused = await #expect(throws: HumanloopError.self) {
                try await harness.client.complete(Requests.completion(Requests.scripted("echo"), inputs: [:]))
            }
            guard case .rejected(let failure) = refused else {
                Issue.record("expected a refusal, got \(String(describing: refused))")
                return
            }
            #expect(failure.status == 422)
            #expect(failure.message.contains("No API key for provider 'openai'"))
        }
    }
}
