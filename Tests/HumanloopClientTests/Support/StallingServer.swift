import Foundation
import HumanloopAPI
import NIOCore
import NIOPosix
import Synchronization
import Testing

/// A bare HTTP/1.1 server that answers any request with the head of an event stream and one chat chunk,
/// then sends nothing more and reads until the client closes the connection.
///
/// Loopgate's server (Hummingbird) allows half-closed connections, so it notices a client that left only
/// when it next writes; this server notices the close itself, which lets a test show that the client
/// closes the connection, not merely that it stops reading.
final class StallingServer: Sendable {
    private let state = Mutex(State())

    struct State {
        var answered = 0
        var closed = 0
    }

    /// Connections that received the stream's first event.
    var answered: Int { state.withLock { $0.answered } }
    /// Connections the client closed.
    var closed: Int { state.withLock { $0.closed } }

    /// Starts the server on a loopback port, runs `body` with its base URL, then stops it.
    static func run<T: Sendable>(_ body: (StallingServer, String) async throws -> T) async throws -> T {
        let server = StallingServer()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0) { child in
                child.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: child)
                }
            }
        let port = try #require(channel.channel.localAddress?.port)
        let accepting = Task {
            try await channel.executeThenClose { connections in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await connection in connections {
                        group.addTask { try? await server.serve(connection) }
                    }
                }
            }
        }
        defer { accepting.cancel() }
        return try await body(server, "http://127.0.0.1:\(port)/v4")
    }

    private func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async throws {
        try await connection.executeThenClose { inbound, outbound in
            var request = ""
            var answered = false
            for try await buffer in inbound {
                request += String(buffer: buffer)
                guard !answered, request.contains("\r\n\r\n") else { continue }
                answered = true
                try await outbound.write(Self.head)
                try await outbound.write(Self.chunked(Self.event))
                state.withLock { $0.answered += 1 }
            }
            state.withLock { $0.closed += 1 }
        }
    }

    static let head = ByteBuffer(
        string: "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")

    static func chunked(_ text: String) -> ByteBuffer {
        ByteBuffer(string: String(text.utf8.count, radix: 16) + "\r\n" + text + "\r\n")
    }

    /// One chunk of a chat stream: the first word of sample 0.
    static var event: String {
        let chunk = ChatResponse(
            data: [
                ChatDataResponse(
                    sample: DataResponse(
                        id: "data_stalling", index: 0, output: "first", rawOutput: "first", inputs: [:],
                        modelConfigID: "config_stalling", finishReason: nil),
                    messages: nil, outputMessage: ChatMessage(role: .assistant, content: .text("first")))
            ],
            fields: GenerationResponseFields(
                providerResponses: [], projectID: nil, numSamples: 1, user: nil, usage: nil, metadata: nil,
                providerRequest: nil, sessionID: nil),
            toolCall: nil, toolChoice: nil)
        let json = (try? JSONEncoder().encode(chunk)) ?? Data()
        return "data: " + String(decoding: json, as: UTF8.self) + "\n\n"
    }
}
