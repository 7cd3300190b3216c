import NIOCore
import NIOHTTP1
import Testing

@testable import Providers

@Suite("The provider HTTP client")
struct UpstreamHTTPClientTests {
    typealias Script = ScriptedHTTPServer.Script

    static let headers: HTTPHeaders = ["content-type": "application/json", "authorization": "Bearer sk-test"]

    /// Runs `body` with a scripted server and a client, stopping both however it ends.
    func withServer(
        readTimeout: TimeAmount = .seconds(10), maxConnections: Int = 16,
        _ script: ScriptedHTTPServer.Script,
        _ body: (ScriptedHTTPServer, UpstreamHTTPClient) async throws -> Void
    ) async throws {
        let server = try await ScriptedHTTPServer.start(script)
        let client = UpstreamHTTPClient(
            configuration: .init(readTimeout: readTimeout, maxConnectionsPerHost: maxConnections))
        do {
            try await body(server, client)
        } catch {
            client.shutdown()
            await server.stop()
            throw error
        }
        client.shutdown()
        await server.stop()
    }

    func post(_ client: UpstreamHTTPClient, _ server: ScriptedHTTPServer, _ body: String) async throws -> String {
        let answer = try await client.post(
            url: server.baseURL + "/v1/chat", headers: Self.headers, body: ByteBuffer(string: body),
            collectingUpTo: 1 << 20)
        return String(buffer: answer.body)
    }

    @Test func callsInTurnShareOneConnection() async throws {
        try await withServer(Script { index in .whole(body: "answer \(index)") }) { server, client async throws in
            for index in 0..<5 {
                #expect(try await post(client, server, "call \(index)") == "answer \(index)")
            }
            #expect(server.connectionsOpened == 1)
            let requests = server.requests
            #expect(requests.map(\.body) == (0..<5).map { "call \($0)" })
            let head = try #require(requests.first?.head)
            #expect(head.method == .POST)
            #expect(head.uri == "/v1/chat")
            #expect(head.headers["host"] == ["127.0.0.1:\(server.port)"])
            #expect(head.headers["content-length"] == ["6"])
            #expect(head.headers["authorization"] == ["Bearer sk-test"])
        }
    }

    @Test func anAnswerThatClosesItsConnectionIsWholeAndTheNextCallOpensAnother() async throws {
        try await withServer(Script { index in .whole(body: "answer \(index)", close: true) }) {
            server, client async throws in
            #expect(try await post(client, server, "a") == "answer 0")
            #expect(try await post(client, server, "b") == "answer 1")
            #expect(server.connectionsOpened == 2)
        }
    }

    /// A provider that closes an idle connection without saying so: the next call still succeeds, on a
    /// new connection (the pool saw the close, or the call found the connection dead before any answer
    /// and went again).
    @Test func aConnectionTheProviderClosedWhileIdleIsNotUsed() async throws {
        try await withServer(Script { index in .whole(body: "answer \(index)", close: true, announceClose: false) }) {
            server, client async throws in
            #expect(try await post(client, server, "a") == "answer 0")
            #expect(try await post(client, server, "b") == "answer 1")
            #expect(try await post(client, server, "c") == "answer 2")
            #expect(server.requests.count == 3)
        }
    }

    @Test func callsBeyondThePoolsLimitWaitForAConnection() async throws {
        try await withServer(maxConnections: 2, Script { index in .whole(body: "\(index)", delay: .milliseconds(50)) })
        {
            server, client async throws in
            let answers = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<6 { group.addTask { try await post(client, server, "\(index)") } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.sorted() == (0..<6).map { "\($0)" })
            #expect(server.connectionsOpened == 2)
        }
    }

    @Test func aStreamedAnswerArrivesPartByPart() async throws {
        let chunks = ["data: one\n\n", "data: two\n\n", "data: three\n\n"]
        try await withServer(
            Script { index in
                index == 0 ? .chunked(chunks: chunks, interval: .milliseconds(20)) : .whole(body: "next answer")
            }
        ) { server, client async throws in
            let answer = try await client.post(
                url: server.baseURL + "/stream", headers: Self.headers, body: ByteBuffer(string: "{}"))
            #expect(answer.status == 200)
            var parts: [String] = []
            for try await part in answer.body { parts.append(String(buffer: part)) }
            #expect(parts == chunks)
            // The connection went back to the pool whole.
            #expect(try await post(client, server, "next") == "next answer")
            #expect(server.connectionsOpened == 1)
        }
    }

    @Test func aStreamThatStallsFailsAfterTheReadTimeout() async throws {
        try await withServer(
            readTimeout: .milliseconds(300), Script { _ in .chunked(chunks: ["data: one\n\n"], stall: true) }
        ) {
            server, client async throws in
            // The last byte arrives after the call starts, and the stall is counted from it: so the failure
            // comes a read timeout after the start at the earliest (on a busy machine, maybe much later).
            let started = ContinuousClock.now
            let answer = try await client.post(
                url: server.baseURL + "/stream", headers: Self.headers, body: ByteBuffer(string: "{}"))
            let iterator = answer.body.makeAsyncIterator()
            #expect(try await iterator.next().map { String(buffer: $0) } == "data: one\n\n")
            let error = await #expect(throws: UpstreamHTTPError.self) { try await iterator.next() }
            #expect(error?.kind == .readTimeout)
            #expect(ContinuousClock.now - started >= .milliseconds(300))
            #expect(try await server.eventually { $0.connectionsOpen == 0 }, "the stalled connection is closed")
        }
    }

    /// A caller that does not read holds the provider back: the server cannot hand more than the socket
    /// buffers and the client's high watermark to the connection until the caller reads.
    @Test func anUnreadStreamHoldsTheProviderBack() async throws {
        let size = 64 * 1024 * 1024
        try await withServer(Script { _ in .large(size: size) }) { server, client async throws in
            let answer = try await client.post(
                url: server.baseURL + "/large", headers: Self.headers, body: ByteBuffer(string: "{}"))
            try await Task.sleep(for: .milliseconds(300))
            #expect(server.bytesWritten < size / 2, "\(server.bytesWritten) bytes sent to a caller reading none")
            var received = 0
            for try await part in answer.body { received += part.readableBytes }
            #expect(received == size)
        }
    }

    @Test func aCallPastItsDeadlineFailsThenAndClosesItsConnection() async throws {
        try await withServer(Script { _ in .whole(body: "late", delay: .seconds(5)) }) {
            server, client async throws in
            let started = ContinuousClock.now
            let error = await #expect(throws: UpstreamHTTPError.self) {
                try await client.post(
                    url: server.baseURL, headers: Self.headers, body: ByteBuffer(string: "{}"), collectingUpTo: 100,
                    deadline: .now() + .milliseconds(200))
            }
            #expect(error?.kind == .deadlineExceeded)
            #expect(ContinuousClock.now - started < .seconds(4), "cut short of the 5 s answer")
            #expect(try await server.eventually { $0.connectionsOpen == 0 })
        }
    }

    /// The deadline bounds a stream until its head; after that only silences count.
    @Test func aStreamOutlivesItsDeadlineWhileItKeepsTalking() async throws {
        // The head comes at once, the whole stream only after 6 s: well past the deadline of 3 s.
        let chunks = (0..<20).map { "data: \($0)\n\n" }
        try await withServer(Script { _ in .chunked(chunks: chunks, interval: .milliseconds(300)) }) {
            server, client async throws in
            let answer = try await client.post(
                url: server.baseURL, headers: Self.headers, body: ByteBuffer(string: "{}"),
                deadline: .now() + .seconds(3))
            var parts: [String] = []
            for try await part in answer.body { parts.append(String(buffer: part)) }
            #expect(parts == chunks)
        }
    }

    @Test func aCancelledCallClosesItsConnection() async throws {
        try await withServer(Script { _ in .whole(body: "late", delay: .seconds(5)) }) { server, client async throws in
            let call = Task { try await post(client, server, "x") }
            #expect(try await server.eventually { $0.requests.count == 1 })
            call.cancel()
            await #expect(throws: CancellationError.self) { try await call.value }
            #expect(try await server.eventually { $0.connectionsOpen == 0 })
        }
    }

    @Test func aStreamDroppedBeforeItsEndClosesItsConnection() async throws {
        // The stream never ends (it stalls after three events), so only dropping it can free the connection.
        let chunks = (0..<3).map { "data: \($0)\n\n" }
        try await withServer(
            Script { index in
                index == 0 ? .chunked(chunks: chunks, interval: .milliseconds(20), stall: true) : .whole(body: "again")
            }
        ) { server, client async throws in
            do {
                let answer = try await client.post(
                    url: server.baseURL + "/stream", headers: Self.headers, body: ByteBuffer(string: "{}"))
                let iterator = answer.body.makeAsyncIterator()
                _ = try await iterator.next()
            }
            #expect(try await server.eventually { $0.connectionsOpen == 0 })
            #expect(try await post(client, server, "y") == "again")
            #expect(server.connectionsOpened == 2)
        }
    }

    @Test func anAnswerLargerThanTheLimitIsRefused() async throws {
        // One connection only: if the refused answer kept it, the next call would wait for it in vain.
        try await withServer(maxConnections: 1, Script { _ in .whole(body: String(repeating: "x", count: 2000)) }) {
            server, client async throws in
            let error = await #expect(throws: UpstreamHTTPError.self) {
                try await client.post(
                    url: server.baseURL, headers: Self.headers, body: ByteBuffer(string: "{}"), collectingUpTo: 1000)
            }
            #expect(error?.kind == .answerTooLarge)
            #expect(try await server.eventually { $0.connectionsOpen == 0 }, "the rest is not read")
            let next = try await client.post(
                url: server.baseURL, headers: Self.headers, body: ByteBuffer(string: "{}"), collectingUpTo: 4000,
                deadline: .now() + .seconds(5))
            #expect(next.body.readableBytes == 2000)
        }
    }

    @Test func anErrorAnswerIsAnAnswer() async throws {
        try await withServer(Script { _ in .whole(status: 429, body: #"{"error":"slow down"}"#) }) {
            server, client async throws in
            let answer = try await client.post(
                url: server.baseURL, headers: Self.headers, body: ByteBuffer(string: "{}"), collectingUpTo: 1000)
            #expect(answer.status == 429)
            #expect(String(buffer: answer.body) == #"{"error":"slow down"}"#)
        }
    }

    @Test func aURLThatIsNotHTTPIsRefusedWithoutACall() async throws {
        let client = UpstreamHTTPClient(configuration: .init())
        defer { client.shutdown() }
        let error = await #expect(throws: UpstreamHTTPError.self) {
            try await client.post(url: "file:///etc/passwd", headers: [:], body: ByteBuffer(), collectingUpTo: 10)
        }
        #expect(error?.kind == .invalidURL)
    }

    @Test func aShutDownClientRefusesCalls() async throws {
        try await withServer(Script { _ in .whole(body: "x") }) { server, client async throws in
            client.shutdown()
            let error = await #expect(throws: UpstreamHTTPError.self) { try await post(client, server, "x") }
            #expect(error?.kind == .shutDown)
        }
    }
}
