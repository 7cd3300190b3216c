import Foundation
import HTTPTypes
import HumanloopAPI
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A provider on loopback for one test: it records every request it receives (so the test can check it
/// against the provider's documented wire format) and answers what the test's handler says.
final class FakeUpstream: Sendable {
    /// Decides the answer to the `attempt`-th request (1-based) the fake has received.
    typealias Handler = @Sendable (_ request: ReceivedRequest, _ attempt: Int) async throws -> FakeReply

    let port: Int
    private let recorder: Recorder

    private init(port: Int, recorder: Recorder) {
        self.port = port
        self.recorder = recorder
    }

    /// `http://127.0.0.1:<port>`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Every request received so far, in order.
    var requests: [ReceivedRequest] { recorder.received.withLock { $0 } }

    /// Starts a fake answering with `handler`, runs `body` against it, then shuts it down.
    static func run<T: Sendable>(
        _ handler: @escaping Handler, _ body: @Sendable (FakeUpstream) async throws -> T
    ) async throws -> T {
        let recorder = Recorder()
        let router = Router()
        router.on("**", method: .post) { request, context in
            try await recorder.answer(request, context: context, handler: handler)
        }
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "fake-upstream")
        logger.logLevel = .critical
        let application = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "fake-upstream"),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: logger)
        let services = ServiceGroup(
            configuration: .init(services: [application], gracefulShutdownSignals: [], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            var portIterator = ports.makeAsyncIterator()
            let port = await portIterator.next() ?? 0
            let fake = FakeUpstream(port: port, recorder: recorder)
            do {
                let value = try await body(fake)
                await services.triggerGracefulShutdown()
                return value
            } catch {
                await services.triggerGracefulShutdown()
                throw error
            }
        }
    }
}

/// Records requests and turns the handler's replies into responses.
private final class Recorder: Sendable {
    let received = Mutex<[ReceivedRequest]>([])

    func answer(_ request: Request, context: some RequestContext, handler: FakeUpstream.Handler) async throws
        -> Response
    {
        let bytes = try await request.body.collect(upTo: 16 * 1024 * 1024)
        let text = String(buffer: bytes)
        let uri = request.uri
        var query: [String: String] = [:]
        for (name, value) in uri.queryParameters {
            query[String(name)] = String(value)
        }
        let received = ReceivedRequest(
            path: uri.path, query: query, headers: request.headers, bodyText: text,
            body: (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) ?? .null)
        let attempt = self.received.withLock { requests in
            requests.append(received)
            return requests.count
        }
        return try await handler(received, attempt).response()
    }
}

/// One request the fake received.
struct ReceivedRequest: Sendable {
    var path: String
    var query: [String: String]
    var headers: HTTPFields
    var bodyText: String
    /// The body as JSON, `.null` when it was not JSON.
    var body: JSONValue

    func header(_ name: String) -> String? {
        HTTPField.Name(name).flatMap { headers[$0] }
    }
}

/// What the fake answers.
indirect enum FakeReply: Sendable {
    /// A JSON body (or anything claiming to be one) with a status.
    case json(String, status: Int = 200, headers: [String: String] = [:])
    /// An event stream written chunk by chunk; `cut` drops the connection after the last chunk instead
    /// of ending the body properly.
    case stream([String], cut: Bool = false)
    /// An event stream that writes its chunks, then goes silent for `stall` before ending.
    case stalledStream([String], stall: Duration)
    /// The reply, after a wait.
    case delayed(Duration, FakeReply)

    /// A stream of `data:`-only events (OpenAI style), one chunk per event.
    static func events(_ data: [String], cut: Bool = false) -> FakeReply {
        .stream(data.map { "data: \($0)\n\n" }, cut: cut)
    }

    /// A stream of named events (Anthropic and Cohere style), one chunk per event.
    static func namedEvents(_ events: [(name: String, data: String)], cut: Bool = false) -> FakeReply {
        .stream(events.map { "event: \($0.name)\ndata: \($0.data)\n\n" }, cut: cut)
    }

    func response() async throws -> Response {
        switch self {
        case .json(let body, let status, let extraHeaders):
            var headers: HTTPFields = [.contentType: "application/json"]
            for (name, value) in extraHeaders {
                headers[HTTPField.Name(name)!] = value
            }
            return Response(
                status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
        case .stream(let chunks, let cut):
            return Response(
                status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                body: ResponseBody { writer in
                    for chunk in chunks {
                        try await writer.write(ByteBuffer(string: chunk))
                    }
                    if cut {
                        // Let the bytes written so far reach the client before the connection drops.
                        try await Task.sleep(for: .milliseconds(50))
                        throw ConnectionCut()
                    }
                    try await writer.finish(nil)
                })
        case .stalledStream(let chunks, let stall):
            return Response(
                status: .ok, headers: [.contentType: "text/event-stream"],
                body: ResponseBody { writer in
                    for chunk in chunks {
                        try await writer.write(ByteBuffer(string: chunk))
                    }
                    try await Task.sleep(for: stall)
                    try await writer.finish(nil)
                })
        case .delayed(let delay, let reply):
            try await Task.sleep(for: delay)
            return try await reply.response()
        }
    }
}

extension FakeReply {
    /// A handler answering this to every request.
    var always: FakeUpstream.Handler {
        { _, _ in self }
    }

    /// A handler answering this to the first request and `next` to every later one.
    func then(_ next: FakeReply) -> FakeUpstream.Handler {
        { _, attempt in attempt == 1 ? self : next }
    }
}

/// Thrown by a stream's writer to drop the connection mid-body.
struct ConnectionCut: Error {}
