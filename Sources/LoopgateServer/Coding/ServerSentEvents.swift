import Foundation
import HumanloopAPI
import Hummingbird
import LoopgateCore
import NIOCore
import Synchronization

/// Streams a generation as server-sent events: data-only events, one JSON chunk each, written whole.
enum ServerSentEvents {
    /// A `text/event-stream` response fed by a pump task that pulls the generation as the client reads:
    /// between them a `StreamBuffer`, so the pump waits while the client's socket cannot take more. The
    /// pump is cancelled when the connection closes or the response stops being written, which stops the
    /// upstream call and records the log as cancelled.
    ///
    /// A wire version whose one chunk is several events (OpenAI's) makes its chunks `EventBatch`es; one that
    /// ends a stream with a marker gives it as `trailer` (sent after a stream that did not fail), and one
    /// with its own error shape gives `errorBody`.
    static func response<Chunk: Encodable & Sendable>(
        for stream: GenerationStream<Chunk>, channel: any Channel, limits: StreamBuffer.Limits = .standard,
        trailer: StaticString? = nil,
        errorBody: @escaping @Sendable (any Error) -> [UInt8] = { Array(APIError($0).body) }
    ) -> Response {
        let events = StreamBuffer(limits: limits)
        let canceller = StreamCanceller()
        let watch = ConnectionCloseWatch.shared
        let watchID = watch.add(canceller, on: channel)
        let pump = Task {
            let encoder = StreamingJSONEncoder()
            // Per sample: its text chunk encoded once, with the delta's places kept (nil: encode each).
            var textChunks: [Int: JSONStringSlots?] = [:]
            var failed = false
            await stream.run { event in
                try Task.checkCancellation()
                let buffer: ByteBuffer
                switch event {
                case .text(let parts) where Chunk.self is any EventBatch.Type:
                    buffer = try batch(stream.chunk(parts), encoder: encoder)
                case .chunk(let chunk) where Chunk.self is any EventBatch.Type:
                    buffer = try batch(chunk, encoder: encoder)
                case .text(let parts):
                    let slots =
                        textChunks[parts.index]
                        ?? JSONStringSlots(encoder: encoder) { text in
                            var parts = parts
                            parts.delta = text
                            return stream.chunk(parts)
                        }
                    textChunks[parts.index] = slots
                    buffer = frame(try slots?.render(parts.delta) ?? encoder.encode(stream.chunk(parts)))
                case .chunk(let chunk): buffer = frame(try encoder.encode(chunk))
                case .failure(let error):
                    failed = true
                    buffer = frame(errorBody(error))
                }
                try await events.send(buffer)
            }
            if let trailer, !failed, !Task.isCancelled {
                var buffer = ByteBuffer()
                buffer.writeStaticString(trailer)
                try? await events.send(buffer)
            }
            events.finish()
        }
        canceller.attach(pump)
        // However the writing ends (done, the client gone, the server stopping, or the response dropped
        // unwritten), the pump is stopped and what it queued let go.
        let ending = StreamEnding {
            events.abandon()
            canceller.cancel()
            watch.remove(watchID, on: channel)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                defer { ending.run() }
                while let event = await events.next() {
                    try await writer.write(event)
                }
                try await writer.finish(nil)
            })
    }

    /// `data: <json>\n\n`. The 0.5 Python SDK takes the text between the first two `data: ` of a line,
    /// so that sequence is escaped inside the JSON (`\u003a` decodes to `:` in any JSON parser).
    static func frame(_ json: [UInt8]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(json.count + 8)
        buffer.writeStaticString("data: ")
        var runStart = 0
        var index = 0
        while let found = json[index...].firstIndex(of: UInt8(ascii: "d")) {
            if json[found...].starts(with: dataPrefix) {
                buffer.writeBytes(json[runStart..<found])
                buffer.writeStaticString("data\\u003a ")
                runStart = found + dataPrefix.count
            }
            index = found + 1
        }
        buffer.writeBytes(json[runStart...])
        buffer.writeStaticString("\n\n")
        return buffer
    }

    private static let dataPrefix = Array("data: ".utf8)

    /// A batch's events, framed one after the other.
    static func batch<Chunk: Encodable>(_ chunk: Chunk, encoder: StreamingJSONEncoder) throws -> ByteBuffer {
        var buffer = ByteBuffer()
        guard let batch = chunk as? any EventBatch else { return frame(try encoder.encode(chunk)) }
        for event in batch.events {
            var framed = frame(try encoder.encode(event))
            buffer.writeBuffer(&framed)
        }
        return buffer
    }
}

/// A stream chunk sent as several events (in order, each its own `data:` line).
protocol EventBatch: Sendable {
    associatedtype Event: Encodable
    var events: [Event] { get }
}

/// What ends a stream's pump, run once: when its response has been written, or when the response is
/// released without ever being written.
final class StreamEnding: Sendable {
    private let action: Mutex<(@Sendable () -> Void)?>

    init(_ action: @escaping @Sendable () -> Void) {
        self.action = Mutex(action)
    }

    func run() {
        action.withLock { action in
            defer { action = nil }
            return action
        }?()
    }

    deinit { run() }
}
