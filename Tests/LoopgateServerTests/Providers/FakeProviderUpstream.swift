import AsyncHTTPClient
import Foundation
import HTTPTypes
import HumanloopAPI
import Hummingbird
import Logging
import NIOCore
import Providers
import ServiceLifecycle
import Synchronization

/// A provider on loopback for the gateway's integration tests: it records what reaches it and answers
/// what the test says, in the provider's own format. (The provider suites have the fuller fakes that
/// check every field; here the point is the whole path from `/v4` to the provider and back.)
final class FakeProviderUpstream: Sendable {
    /// One request that reached the fake.
    struct Received: Sendable {
        var path: String
        var query: String?
        var headers: HTTPFields
        var body: JSONValue

        func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { headers[$0] } }
    }

    /// An answer: a status and a JSON body (or another type's, such as a stream's events), after an
    /// optional wait, with any more headers.
    struct Reply: Sendable {
        var status: Int = 200
        var body: String
        var delay: Duration?
        var contentType = "application/json"
        var headers: [String: String] = [:]
    }

    typealias Handler = @Sendable (_ request: Received, _ attempt: Int) -> Reply

    let port: Int
    private let received: Received.Log

    private init(port: Int, received: Received.Log) {
        self.port = port
        self.received = received
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var requests: [Received] { received.all }

    /// Starts the fake, runs `body`, shuts the fake down.
    static func run<T: Sendable>(
        _ handler: @escaping Handler, _ body: @Sendable (FakeProviderUpstream) async throws -> T
    )
        async throws -> T
    {
        let log = Received.Log()
        let router = Router()
        router.on("**", method: .post) { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 16 * 1024 * 1024)
            let received = Received(
                path: request.uri.path, query: request.uri.query, headers: request.headers,
                body: (try? JSONDecoder().decode(JSONValue.self, from: Data(bytes.readableBytesView))) ?? .null)
            let reply = handler(received, log.append(received))
            if let delay = reply.delay { try await Task.sleep(for: delay) }
            var headers: HTTPFields = [.contentType: reply.contentType]
            for (name, value) in reply.headers { HTTPField.Name(name).map { headers[$0] = value } }
            return Response(
                status: .init(code: reply.status), headers: headers,
                body: .init(byteBuffer: ByteBuffer(string: reply.body)))
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "fake-provider")
        logger.logLevel = .critical
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            }, logger: logger)
        let services = ServiceGroup(
            configuration: .init(services: [application], gracefulShutdownSignals: [], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            var iterator = ports.makeAsyncIterator()
            let fake = FakeProviderUpstream(port: await iterator.next() ?? 0, received: log)
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

extension FakeProviderUpstream.Received {
    /// The requests received so far; `append` returns the new request's 1-based number.
    final class Log: Sendable {
        private let requests = Mutex<[FakeProviderUpstream.Received]>([])

        var all: [FakeProviderUpstream.Received] { requests.withLock { $0 } }

        func append(_ request: FakeProviderUpstream.Received) -> Int {
            requests.withLock {
                $0.append(request)
                return $0.count
            }
        }
    }
}

/// A Loopgate whose providers are the live adapters pointed at a fake, with the fake, the shared HTTP
/// client and everything the providers logged.
struct GatewayWithFakeProvider: Sendable {
    var server: TestServer
    let upstream: FakeProviderUpstream
    let logs: ProviderLogCapture

    /// Starts a fake answering with `handler` and a server whose every provider points at it.
    static func run(
        timeout: Duration = .seconds(10), _ handler: @escaping FakeProviderUpstream.Handler,
        _ body: @Sendable (GatewayWithFakeProvider) async throws -> Void
    ) async throws {
        try await FakeProviderUpstream.run(handler) { upstream in
            let base = upstream.baseURL
            let configuration = ProviderConfiguration(
                openAIBaseURL: base + "/v1", anthropicBaseURL: base, cohereBaseURL: base,
                ai21BaseURL: base + "/studio/v1", azureEndpoint: base, googleBaseURL: base + "/v1beta",
                groqBaseURL: base + "/openai/v1", timeout: timeout,
                retry: RetryPolicy(maxRetries: 1, baseDelay: .milliseconds(10), maxDelay: .milliseconds(20)))
            let httpClient = ProviderRegistry.makeHTTPClient(configuration: configuration)
            let logs = ProviderLogCapture()
            var server = try TestServer()
            server.providers = .live(configuration: configuration, httpClient: httpClient, logger: logs.logger)
            let world = GatewayWithFakeProvider(server: server, upstream: upstream, logs: logs)
            defer {
                server.removeFiles()
                httpClient.shutdown()
            }
            try await body(world)
        }
    }
}

/// Keeps everything the providers log, to check that no key is ever in it.
final class ProviderLogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    var logger: Logger {
        var logger = Logger(label: "providers") { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    private struct Handler: LogHandler {
        let capture: ProviderLogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { _, new in new }
            let line = "\(event.level) \(event.message) \(all.map { "\($0.key)=\($0.value)" }.joined(separator: " "))"
            capture.lines.withLock { $0.append(line) }
        }
    }
}

extension Data {
    /// Whether `text`'s UTF-8 bytes occur anywhere in the data.
    func contains(_ text: String) -> Bool {
        range(of: Data(text.utf8)) != nil
    }
}
