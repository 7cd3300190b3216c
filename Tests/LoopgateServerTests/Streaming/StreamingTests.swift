import AsyncHTTPClient
import Foundation
import HumanloopAPI
import NIOCore
import Providers
import Testing

/// A parsed server-sent event stream.
struct EventStream {
    let events: [JSONValue]
    let raw: String

    init(_ text: String) throws {
        raw = text
        var events: [JSONValue] = []
        for block in text.components(separatedBy: "\n\n") where !block.isEmpty {
            #expect(block.hasPrefix("data: "), "not a data-only event: \(block)")
            #expect(!block.contains("\n"), "an event spans lines: \(block)")
            events.append(try JSONDecoder().decode(JSONValue.self, from: Data(block.dropFirst(6).utf8)))
        }
        self.events = events
    }

    /// The concatenated outputs per sample index.
    var outputs: [Int: String] {
        var outputs: [Int: String] = [:]
        for event in events {
            guard let sample = event["data"]?[0], let index = sample["index"]?.int else { continue }
            outputs[index, default: ""] += sample["output"]?.stringValue ?? ""
        }
        return outputs
    }

    /// The events of one sample.
    func events(of index: Int) -> [JSONValue] {
        events.filter { $0["data"]?[0]?["index"]?.int == index }
    }
}

@Suite("Streaming generations")
struct StreamingTests {
    @Test func chunksConcatenateToTheNonStreamedOutputAndEndWithFinishAndUsage() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let body = Bodies.chat(
                messages: #"[{"role":"user","content":"  Stream these   words\nplease  "}]"#,
                extra: #","project":"sse""#)
            let plain = try await api.postJSON("/v4/chat", body)
            let response = try await api.post("/v4/chat", String(body.dropLast()) + #","stream":true}"#)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/event-stream")
            let stream = try EventStream(response.text)
            // One event per word (Stream, these, words, please), then the final one.
            #expect(stream.events.count == 4 + 1)
            #expect(stream.outputs[0] == plain["data"]?[0]?["raw_output"]?.stringValue)
            let ids = Set(stream.events.compactMap { $0["data"]?[0]?["id"]?.stringValue })
            #expect(ids.count == 1)
            #expect(stream.events.dropLast().allSatisfy { $0["data"]?[0]?["finish_reason"] == .null })
            let last = try #require(stream.events.last)
            #expect(last["data"]?[0]?["finish_reason"] == "stop")
            #expect(last["usage"] == plain["usage"])
            #expect(stream.events.dropLast().allSatisfy { $0["usage"] == .null })
            #expect(last["data"]?[0]?["output_message"]?["role"] == "assistant")
            #expect(last["project_id"] == plain["project_id"])

            // The stored log is what the non-streamed call stored.
            let streamedLog = try await api.getJSON("/v4/logs/\(try #require(ids.first))")
            let plainLog = try await api.getJSON("/v4/logs/\(try #require(plain["data"]?[0]?["id"]?.stringValue))")
            for field in [
                "output", "raw_output", "finish_reason", "inputs", "messages", "config_id", "prompt_tokens",
                "output_tokens", "output_message", "project_id", "error",
            ] {
                #expect(streamedLog[field] == plainLog[field], "\(field)")
            }
        }
    }

    @Test func samplesStreamWithTheirOwnIndexAndID() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let response = try await api.post(
                "/v4/completion",
                Bodies.completion(prompt: "one two three", inputs: "{}", extra: #","stream":true,"num_samples":3"#))
            let stream = try EventStream(response.text)
            #expect(stream.outputs == [0: "one two three", 1: "one two three", 2: "one two three"])
            for index in 0..<3 {
                let events = stream.events(of: index)
                #expect(Set(events.compactMap { $0["data"]?[0]?["id"]?.stringValue }).count == 1)
                #expect(events.last?["data"]?[0]?["finish_reason"] == "stop")
            }
            #expect(stream.events.last?["usage"]?["generation_tokens"] == 9)
        }
    }

    @Test func everyGenerationEndpointStreams() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let registered = try await api.postJSON(
                "/v4/model-configs", #"{"provider":"mock","model":"m","prompt_template":"hello {{x}}","project":"all"}"#
            )
            let configID = try #require(registered["config"]?["id"]?.stringValue)
            let projectID = try #require(registered["project_id"]?.stringValue)
            let experiment = try await api.postJSON(
                "/v4/projects/\(projectID)/experiments",
                #"{"name":"e","positive_labels":[{"type":"rating","value":"good"}],"config_ids":["\#(configID)"]}"#)
            let experimentID = try #require(experiment["id"]?.stringValue)
            let completion = #""inputs":{"x":"you"},"stream":true"#
            let chat = #""messages":[{"role":"user","content":"chat stream"}],"inputs":{"x":"y"},"stream":true"#
            let cases: [(String, String, String)] = [
                (
                    "/v4/completion",
                    #"{"model_config":{"provider":"mock","model":"m","prompt_template":"hello {{x}}"},\#(completion)}"#,
                    "hello you"
                ),
                ("/v4/completion-model-config", #"{"model_config_id":"\#(configID)",\#(completion)}"#, "hello you"),
                ("/v4/completion-deployed", #"{"project":"all",\#(completion)}"#, "hello you"),
                ("/v4/completion-experiment", #"{"experiment_id":"\#(experimentID)",\#(completion)}"#, "hello you"),
                ("/v4/chat", #"{"model_config":{"provider":"mock","model":"m"},\#(chat)}"#, "chat stream"),
                ("/v4/chat-model-config", #"{"model_config_id":"\#(configID)",\#(chat)}"#, "chat stream"),
                ("/v4/chat-deployed", #"{"project_id":"\#(projectID)",\#(chat)}"#, "chat stream"),
                ("/v4/chat-experiment", #"{"experiment_id":"\#(experimentID)",\#(chat)}"#, "chat stream"),
            ]
            for (path, body, output) in cases {
                let response = try await api.post(path, body)
                #expect(response.headers[.contentType] == "text/event-stream", "\(path): \(response.text)")
                #expect(try EventStream(response.text).outputs[0] == output, "\(path)")
            }
        }
    }

    @Test func errorsBeforeTheFirstEventAreJSON() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let missing = try await api.post(
                "/v4/completion", Bodies.completion(prompt: "{{nope}}", inputs: "{}", extra: #","stream":true"#))
            #expect(missing.status == .unprocessableContent)
            #expect(missing.headers[.contentType] == "application/json")
            let unknown = try await api.post("/v4/chat", Bodies.chat(extra: #","stream":true,"project_id":"pr_none""#))
            #expect(unknown.status == .notFound)
        }
    }

    @Test func dataMarkersInTheTextAreEscapedForTheOldPythonParser() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let response = try await api.post(
                "/v4/chat",
                Bodies.chat(messages: #"[{"role":"user","content":"the data: is here"}]"#, extra: #","stream":true"#))
            for line in response.text.split(separator: "\n") {
                #expect(line.components(separatedBy: "data: ").count == 2, "\(line)")
            }
            #expect(try EventStream(response.text).outputs[0] == "the data: is here")
        }
    }

    @Test func aMidStreamFailureEndsWithAnErrorEventAndAPartialLog() async throws {
        var server = try TestServer()
        defer { server.removeFiles() }
        let provider = ScriptedProvider(words: ["partial", " answer", " lost"], delay: .milliseconds(5), failAfter: 2)
        server.providers = ProviderRegistry([MockProvider(), provider])
        try await server.run { api in
            let response = try await api.post(
                "/v4/chat",
                #"{"model_config":{"provider":"openai","model":"gpt"},"messages":[{"role":"user","content":"x"}],"stream":true,"project":"cut","provider_api_keys":{"openai":"sk-test"}}"#
            )
            #expect(response.status == .ok)
            let stream = try EventStream(response.text)
            #expect(stream.outputs[0] == "partial answer")
            let last = try #require(stream.events.last)
            #expect(last["detail"]?["type"] == "bad_gateway_error")
            #expect(last["detail"]?["origin"] == "OpenAI")
            let logID = try #require(stream.events.first?["data"]?[0]?["id"]?.stringValue)
            let log = try await api.getJSON("/v4/logs/\(logID)")
            #expect(log["output"] == "partial answer")
            #expect(log["error"]?.stringValue?.contains("stream cut") == true)
        }
    }

    @Test func aClientThatLeavesStopsTheUpstreamAndTheLogSaysCancelled() async throws {
        var server = try TestServer()
        defer { server.removeFiles() }
        let provider = ScriptedProvider(words: Array(repeating: " word", count: 400), delay: .milliseconds(50))
        server.providers = ProviderRegistry([MockProvider(), provider])
        try await server.run { api in
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(api.client.port!)/v4/chat")
            request.method = .POST
            request.headers.add(name: "X-API-KEY", value: TestServer.apiKey)
            request.body = .bytes(
                ByteBuffer(
                    string:
                        #"{"model_config":{"provider":"openai","model":"gpt"},"messages":[{"role":"user","content":"x"}],"stream":true,"project":"gone","provider_api_keys":{"openai":"sk-test"}}"#
                ))
            let reader = Task {
                let response = try await client.execute(request, timeout: .seconds(30))
                var received = ""
                for try await chunk in response.body {
                    received += String(buffer: chunk)
                    if received.contains("\n\n") { break }
                }
                return received
            }
            let firstEvent = try await reader.value
            #expect(firstEvent.hasPrefix("data: "))
            try await client.shutdown()
            // The provider notices within a few of its 50 ms steps, long before its 20 s of words (the
            // generous wait only absorbs a loaded test machine).
            let deadline = ContinuousClock.now + .seconds(10)
            while provider.stopped == 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(provider.stopped >= 1)
            #expect(provider.finished == 0)
            let projects = try await api.getJSON("/v4/projects?filter=gone")
            let projectID = try #require(projects["records"]?[0]?["id"]?.stringValue)
            var log: JSONValue?
            while log == nil, ContinuousClock.now < deadline + .seconds(2) {
                log = try await api.getJSON("/v4/logs?project_id=\(projectID)")["records"]?[0]
                if log == nil { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(log?["error"]?.stringValue?.hasPrefix("cancelled") == true)
        }
    }

    @Test func manySlowStreamsRunAtOnce() async throws {
        var server = try TestServer()
        defer { server.removeFiles() }
        // Each stream takes ~1 s upstream (10 words, 100 ms apart); 200 at once must not queue.
        let provider = ScriptedProvider(words: Array(repeating: " w", count: 10), delay: .milliseconds(100))
        server.providers = ProviderRegistry([MockProvider(), provider])
        try await server.run { api in
            // A client with a connection per stream (the test client has one connection).
            var configuration = HTTPClient.Configuration()
            configuration.connectionPool = .init(
                idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: 256)
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            let url = "http://127.0.0.1:\(api.client.port!)/v4/chat"
            let started = ContinuousClock.now
            // The client is shut down however the streams end: an HTTPClient dropped without it traps,
            // and the trap would take every other test in the process down with this one.
            let streams: Result<[String?], any Error>
            do {
                streams = .success(try await Self.collectStreams(200, to: url, with: client))
            } catch {
                streams = .failure(error)
            }
            try await client.shutdown()
            let outputs = try streams.get()
            let elapsed = ContinuousClock.now - started
            #expect(outputs.count == 200)
            #expect(outputs.allSatisfy { $0 == String(repeating: " w", count: 10) })
            // Queued one after another they would take 200 × 1.2 s; at once, about one stream's time plus
            // the commits (the bound leaves room for a loaded machine running the other suites).
            #expect(elapsed < .seconds(15), "200 streams of ~1.2 s took \(elapsed)")
            #expect(provider.finished == 200)
        }
    }

    /// Opens `count` chat streams at once and returns each one's output.
    private static func collectStreams(_ count: Int, to url: String, with client: HTTPClient) async throws
        -> [String?]
    {
        try await withThrowingTaskGroup(of: String?.self) { group in
            for _ in 0..<count {
                group.addTask {
                    var request = HTTPClientRequest(url: url)
                    request.method = .POST
                    request.headers.add(name: "X-API-KEY", value: TestServer.apiKey)
                    request.body = .bytes(
                        ByteBuffer(
                            string:
                                #"{"model_config":{"provider":"openai","model":"gpt"},"messages":[{"role":"user","content":"x"}],"stream":true,"provider_api_keys":{"openai":"k"}}"#
                        ))
                    let response = try await client.execute(request, timeout: .seconds(30))
                    let body = try await response.body.collect(upTo: 1 << 20)
                    return try EventStream(String(buffer: body)).outputs[0]
                }
            }
            return try await group.reduce(into: [String?]()) { $0.append($1) }
        }
    }
}
