import HumanloopAPI
import HumanloopClient
import Testing

@Suite("Streaming calls")
struct StreamingTests {
    /// The concatenated outputs per sample, and the chunks' log ids per sample.
    struct Collected {
        var outputs: [Int: String] = [:]
        var ids: [Int: Set<String>] = [:]
        var finishReasons: [Int: [String?]] = [:]
        var usage: Usage?
        var count = 0

        mutating func add(_ sample: DataResponse, usage: Usage?) {
            outputs[sample.index, default: ""] += sample.output
            ids[sample.index, default: []].insert(sample.id)
            finishReasons[sample.index, default: []].append(sample.finishReason)
            if let usage { self.usage = usage }
            count += 1
        }
    }

    static func collect(_ stream: AsyncThrowingStream<CompletionResponse, any Error>) async throws -> Collected {
        var collected = Collected()
        for try await chunk in stream {
            #expect(chunk.data.count == 1)
            collected.add(chunk.data[0], usage: chunk.fields.usage)
        }
        return collected
    }

    static func collect(_ stream: AsyncThrowingStream<ChatResponse, any Error>) async throws -> Collected {
        var collected = Collected()
        for try await chunk in stream {
            #expect(chunk.data.count == 1)
            #expect(chunk.data[0].outputMessage.role == .assistant)
            collected.add(chunk.data[0].sample, usage: chunk.fields.usage)
        }
        return collected
    }

    @Test func theEightStreamingCallsYieldChunksThatConcatenateToTheOutput() async throws {
        try await TestServer().run { harness in
            let client = harness.client
            let fixture = try await Fixture.make(client)
            let chat = Requests.userMessages("stream this chat")
            let completions = [
                try await Self.collect(
                    client.completeStream(
                        Requests.completion(Requests.mockCompletionConfig("hello {{x}}"), inputs: ["x": "you"]))),
                try await Self.collect(
                    client.completeDeployedStream(
                        CompletionDeployedRequest(config: DeployedConfig(), options: fixture.options))),
                try await Self.collect(
                    client.completeExperimentStream(
                        CompletionExperimentRequest(
                            config: ExperimentConfig(experimentID: fixture.experimentID), options: fixture.options))),
                try await Self.collect(
                    client.completeModelConfigurationStream(
                        CompletionModelConfigRequest(
                            config: StoredConfig(modelConfigID: fixture.configID), options: fixture.options))),
            ]
            let chats = [
                try await Self.collect(client.chatStream(Requests.chat("stream this chat"))),
                try await Self.collect(
                    client.chatDeployedStream(
                        ChatDeployedRequest(config: DeployedConfig(), chat: chat, options: fixture.options))),
                try await Self.collect(
                    client.chatExperimentStream(
                        ChatExperimentRequest(
                            config: ExperimentConfig(experimentID: fixture.experimentID), chat: chat,
                            options: fixture.options))),
                try await Self.collect(
                    client.chatModelConfigurationStream(
                        ChatModelConfigRequest(
                            config: StoredConfig(modelConfigID: fixture.configID), chat: chat, options: fixture.options)
                    )),
            ]
            for (collected, expected) in zip(
                completions + chats,
                Array(repeating: "hello you", count: 4)
                    + Array(repeating: "stream this chat", count: 4))
            {
                #expect(collected.outputs == [0: expected])
                // One chunk per word, then the sample's final chunk.
                #expect(collected.count == expected.split(separator: " ").count + 1)
                #expect(collected.ids[0]?.count == 1)
                #expect(collected.finishReasons[0]?.last == "stop")
                #expect(collected.finishReasons[0]?.dropLast().allSatisfy { $0 == nil } == true)
                #expect(collected.usage != nil)
            }
            // The chunks carry the id of the log the server stored.
            let logID = try #require(chats[0].ids[0]?.first)
            #expect(try await client.logs.get(id: logID).output == "stream this chat")
        }
    }

    @Test func samplesStreamUnderTheirOwnIndexAndID() async throws {
        try await TestServer().run { harness in
            var request = Requests.completion(Requests.mockCompletionConfig("one two three"), inputs: [:])
            request.options.numSamples = 3
            let collected = try await Self.collect(harness.client.completeStream(request))
            #expect(collected.outputs == [0: "one two three", 1: "one two three", 2: "one two three"])
            #expect(collected.ids.values.allSatisfy { $0.count == 1 })
            #expect(Set(collected.ids.values.flatMap { $0 }).count == 3)
            #expect(collected.usage?.generationTokens == 9)
        }
    }

    @Test func aRefusedStreamThrowsFromTheCallBeforeAnyChunk() async throws {
        try await TestServer().run { harness in
            let client = harness.client
            let invalid = await #expect(throws: HumanloopError.self) {
                _ = try await client.completeStream(Requests.completion(inputs: [:]))
            }
            #expect(invalid?.validationIssues.map(\.loc) == [["body", "inputs", "word"]])
            var unknownProject = Requests.chat()
            unknownProject.options.project = nil
            unknownProject.options.projectID = "pr_doesNotExist"
            let notFound = await #expect(throws: HumanloopError.self) {
                _ = try await client.chatStream(unknownProject)
            }
            guard case .notFound(let failure) = notFound else {
                Issue.record("expected not found, got \(String(describing: notFound))")
                return
            }
            #expect(failure.requestID != nil)
        }
    }

    @Test func aFailureAfterTheStreamBeganIsThrownWhileIterating() async throws {
        try await TestServer().run { harness in
            let stream = try await harness.client.chatStream(
                Requests.chat(config: Requests.scripted("cut-stream"), keys: ProviderAPIKeys(openai: "sk-test")))
            var received = ""
            var logID: String?
            let thrown = await #expect(throws: HumanloopError.self) {
                for try await chunk in stream {
                    received += chunk.data[0].sample.output
                    logID = chunk.data[0].sample.id
                }
            }
            #expect(received == "partial answer")
            guard case .server(let failure) = thrown else {
                Issue.record("expected a server error, got \(String(describing: thrown))")
                return
            }
            #expect(failure.status == 502)
            #expect(failure.type == "bad_gateway_error")
            #expect(failure.origin == "OpenAI")
            #expect(failure.message.contains("stream cut"))
            #expect(failure.requestID != nil)
            let log = try await harness.client.logs.get(id: try #require(logID))
            #expect(log.output == "partial answer")
            #expect(log.error?.contains("stream cut") == true)
        }
    }

    @Test func cancellingTheConsumingTaskClosesTheConnection() async throws {
        try await StallingServer.run { server, baseURL in
            try await Harness.withClient(baseURL: baseURL) { client in
                let (firstChunk, signal) = AsyncStream.makeStream(of: String.self)
                let consumer = Task {
                    // Ends the signal however the consumer ends, so a failed call fails the test below
                    // instead of leaving it waiting for a first chunk forever.
                    defer { signal.finish() }
                    let stream = try await client.chatStream(Requests.chat())
                    var received = 0
                    for try await chunk in stream {
                        received += 1
                        signal.yield(chunk.data[0].sample.output)
                    }
                    return received
                }
                var chunks = firstChunk.makeAsyncIterator()
                #expect(await chunks.next() == "first")
                #expect(server.closed == 0)
                consumer.cancel()
                switch await consumer.result {
                case .success(let received): #expect(received == 1)
                case .failure(let error): #expect(error is CancellationError)
                }
                // The server sends nothing more: only the client closing the connection ends it.
                #expect(await eventually(timeout: .seconds(5)) { server.closed == 1 })
            }
        }
    }

    @Test func droppingAStreamClosesTheConnection() async throws {
        try await StallingServer.run { server, baseURL in
            try await Harness.withClient(baseURL: baseURL) { client in
                do {
                    let stream = try await client.chatStream(Requests.chat())
                    for try await chunk in stream {
                        #expect(chunk.data[0].sample.output == "first")
                        break
                    }
                }
                #expect(server.answered == 1)
                #expect(await eventually(timeout: .seconds(5)) { server.closed == 1 })
            }
        }
    }

    @Test func aCancelledStreamStopsTheGenerationAndTheServerRecordsIt() async throws {
        let provider = TestProvider()
        try await TestServer(provider: provider).run { harness in
            let client = harness.client
            let (firstChunk, signal) = AsyncStream.makeStream(of: String.self)
            let consumer = Task {
                defer { signal.finish() }  // as above: a failed call must not leave the test waiting
                // 400 words, 50 ms apart: 20 s unless the cancellation reaches the provider.
                let stream = try await client.chatStream(
                    Requests.chat(config: Requests.scripted("slow-stream"), keys: ProviderAPIKeys(openai: "sk-test")))
                for try await chunk in stream {
                    signal.yield(chunk.data[0].sample.id)
                }
            }
            var chunks = firstChunk.makeAsyncIterator()
            let logID = try #require(await chunks.next())
            consumer.cancel()
            _ = await consumer.result
            // The server notices at its next write to the closed connection and cancels the provider call…
            #expect(await eventually { provider.streamsCancelled == 1 })
            #expect(provider.streamsFinished == 0)
            // …and records the log as cancelled.
            let log = try await Self.storedLog(logID, client: client)
            #expect(log?.error?.hasPrefix("cancelled") == true)
            #expect(log?.output?.isEmpty == false)
        }
    }

    /// The log once the server's writer has stored it.
    static func storedLog(_ id: String, client: HumanloopClient) async throws -> LogResponse? {
        var log: LogResponse?
        _ = try await eventually {
            do {
                log = try await client.logs.get(id: id)
                return true
            } catch HumanloopError.notFound {
                return false
            }
        }
        return log
    }
}
