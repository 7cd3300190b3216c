import Foundation
import HumanloopAPI
import Testing

@testable import LoopgateServer

/// Issue 21: slow and idle connections were never closed, bodies over 32 MiB were a 500, and
/// `Expect: 100-continue` was never answered. Each test plays the client over a raw socket.
@Suite("Client connection limits")
struct ConnectionLimitsTests {
    /// Short timeouts, but a header timeout long enough that a loaded machine's pause between a test's
    /// connecting and its sending cannot close the connection first (tests run in parallel, and 0.5 s
    /// did, in full runs): the header timeout's own tests use `quickHead`.
    static let limits = ConnectionLimits(
        headerTimeout: .seconds(3), bodyTimeout: .seconds(1), idleTimeout: .seconds(1),
        sendTimeout: .seconds(1), maxBodyBytes: 4096, maxConnections: 64)

    static var quickHead: ConnectionLimits {
        var limits = limits
        limits.headerTimeout = .milliseconds(500)
        return limits
    }

    func withServer(_ limits: ConnectionLimits = limits, _ body: @Sendable (APIClient, Int) async throws -> Void)
        async throws
    {
        var server = try TestServer()
        server.connectionLimits = limits
        defer { server.removeFiles() }
        try await server.run { api in
            try await body(api, try #require(api.client.port))
        }
    }

    static func request(_ path: String, body: String, extraHeaders: String = "") -> String {
        "POST \(path) HTTP/1.1\r\nHost: localhost\r\nX-API-KEY: \(TestServer.apiKey)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\(extraHeaders)\r\n\(body)"
    }

    @Test func aHeadThatNeverEndsIsClosedAfterTheHeaderTimeout() async throws {
        try await withServer(Self.quickHead) { _, port in
            // Taken before connecting: the server's clock starts when it accepts, which is after this.
            let start = ContinuousClock.now
            let connection = try await RawConnection.open(port: port)
            try await connection.send("GET /healthz HTTP/1.1\r\nHost: local")
            let closed = try #require(try await connection.waitForClose(timeout: .seconds(5)))
            #expect(closed - start >= .milliseconds(400))
            #expect(closed - start < .seconds(3))
        }
    }

    /// A head sent a byte at a time is bounded by the header timeout, not reset by each byte.
    @Test func aHeadTrickledAByteAtATimeIsClosedAfterTheHeaderTimeout() async throws {
        try await withServer(Self.quickHead) { _, port in
            let connection = try await RawConnection.open(port: port)
            let start = ContinuousClock.now
            for byte in Array("GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaa".utf8) {
                if connection.isClosed { break }
                try? await connection.send([byte])
                try await Task.sleep(for: .milliseconds(50))
            }
            let closed = try #require(try await connection.waitForClose(timeout: .seconds(5)))
            #expect(closed - start < .seconds(2))
        }
    }

    /// A body sent a byte at a time is closed after the body timeout.
    @Test func aBodyTrickledAByteAtATimeIsClosedAfterTheBodyTimeout() async throws {
        try await withServer { _, port in
            let connection = try await RawConnection.open(port: port)
            let body = Bodies.completion()
            let request = Self.request("/v4/completion", body: body)
            let headEnd = request.count - body.count
            // Taken before the head is sent: the server's body clock starts when it has read the head.
            let start = ContinuousClock.now
            try await connection.send(String(request.prefix(headEnd)))
            for character in body {
                if connection.isClosed { break }
                try? await connection.send(String(character))
                try await Task.sleep(for: .milliseconds(100))
            }
            let closed = try #require(try await connection.waitForClose(timeout: .seconds(5)))
            #expect(closed - start >= .milliseconds(900))
            #expect(closed - start < .seconds(3))
            #expect(!connection.text.contains("200 OK"))
        }
    }

    /// A keep-alive connection is served request after request, and closed once idle for the idle timeout.
    @Test func anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeoutButServedBeforeIt() async throws {
        var limits = Self.limits
        limits.idleTimeout = .seconds(2)
        try await withServer(limits) { _, port in
            let connection = try await RawConnection.open(port: port)
            let healthz = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"
            try await connection.send(healthz)
            #expect(try await connection.waitFor { $0.components(separatedBy: "200 OK").count == 2 })
            try await Task.sleep(for: .milliseconds(500))
            // Taken before the request: the server's idle clock starts once it has answered, after this.
            let sent = ContinuousClock.now
            try await connection.send(healthz)
            #expect(try await connection.waitFor { $0.components(separatedBy: "200 OK").count == 3 })
            let answered = ContinuousClock.now
            let closed = try #require(try await connection.waitForClose(timeout: .seconds(8)))
            #expect(closed - sent >= .milliseconds(1950))
            #expect(closed - answered < .seconds(5))
        }
    }

    /// A body declared over the limit is refused with a JSON 413 before it is read; with
    /// `Expect: 100-continue` the client never sends it.
    @Test func aBodyDeclaredOverTheLimitIs413BeforeItIsSent() async throws {
        try await withServer { _, port in
            let connection = try await RawConnection.open(port: port)
            try await connection.send(
                "POST /v4/completion HTTP/1.1\r\nHost: localhost\r\nX-API-KEY: \(TestServer.apiKey)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n")
            #expect(try await connection.waitFor { $0.contains("}") })
            let text = connection.text
            #expect(text.hasPrefix("HTTP/1.1 413"))
            #expect(!text.contains("100 Continue"))
            let headEnd = try #require(text.range(of: "\r\n\r\n"))
            let body = try JSONValue(parsing: Array(text[headEnd.upperBound...].utf8))
            #expect(body["detail"]?["type"] == "payload_too_large_error")
            #expect(body["detail"]?["message"]?.stringValue?.contains("4096") == true)
        }
    }

    /// Within the limit, `Expect: 100-continue` is answered at once, and the request then runs.
    @Test func expectContinueIsAnsweredForABodyWithinTheLimit() async throws {
        try await withServer { _, port in
            let connection = try await RawConnection.open(port: port)
            let body = Bodies.completion()
            let request = Self.request("/v4/completion", body: body, extraHeaders: "Expect: 100-continue\r\n")
            try await connection.send(String(request.dropLast(body.count)))
            #expect(
                try await connection.waitFor(timeout: .seconds(2)) { $0.hasPrefix("HTTP/1.1 100 Continue\r\n\r\n") })
            try await connection.send(body)
            #expect(try await connection.waitFor { $0.contains("HTTP/1.1 200 OK") && $0.hasSuffix("}") })
        }
    }

    /// A chunked body (no declared length) over the limit is a JSON 413 too, not a 500.
    @Test func aChunkedBodyOverTheLimitIs413() async throws {
        try await withServer { _, port in
            let connection = try await RawConnection.open(port: port)
            let chunk = String(repeating: "a", count: 3000)
            let hex = String(chunk.utf8.count, radix: 16)
            try await connection.send(
                "POST /v4/completion HTTP/1.1\r\nHost: localhost\r\nX-API-KEY: \(TestServer.apiKey)\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "\(hex)\r\n\(chunk)\r\n\(hex)\r\n\(chunk)\r\n0\r\n\r\n")
            #expect(try await connection.waitFor { $0.contains("payload_too_large_error") })
            #expect(connection.text.hasPrefix("HTTP/1.1 413"))
        }
    }

    /// Slow clients beside a normal one: with more trickling connections than the cap allows, the normal
    /// client is still answered, and every slow connection is closed by the header timeout.
    @Test func slowClientsBesideANormalOneDoNotStarveIt() async throws {
        var limits = Self.limits
        limits.maxConnections = 20
        try await withServer(limits) { api, port in
            var slow: [RawConnection] = []
            for _ in 0..<60 {
                let connection = try await RawConnection.open(port: port)
                try? await connection.send("GET /healthz HTTP/1.1\r\nHost: local")
                slow.append(connection)
            }
            let start = ContinuousClock.now
            let normal = try await RawConnection.open(port: port)
            try await normal.send(Self.request("/v4/completion", body: Bodies.completion()))
            #expect(try await normal.waitFor(timeout: .seconds(10)) { $0.contains("200 OK") && $0.hasSuffix("}") })
            #expect(ContinuousClock.now - start < .seconds(8))
            for connection in slow {
                #expect(try await connection.waitForClose(timeout: .seconds(10)) != nil)
            }
            await normal.close()
        }
    }

    // The connection cap is tested against a real `loopgate serve` (compat/test_hostile_clients.py):
    // HummingbirdTesting's live server rebuilds the application's configuration without its
    // `availableConnectionsDelegate`, so no in-process server has the cap.
}
