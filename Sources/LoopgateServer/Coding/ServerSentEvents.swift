import Foundation
import HumanloopAPI
import Hummingbird
import LoopgateCore
import NIOCore

/// Streams a generation as server-sent events: data-only events, one JSON chunk each, written whole.
enum ServerSentEvents {
    /// A `text/event-stream` response fed by a pump task that pulls the generation as the client reads.
    /// The pump is cancelled when the connection closes or the response stops being read, which stops
    /// the upstream call and records the log as cancelled.
    static func response<Chunk: Encodable & Sendable>(
        for stream: GenerationStream<Chunk>, channel: any Channel
    ) -> Response {
        let (events, continuation) = AsyncStream.makeStream(of: ByteBuffer.self)
        let canceller = StreamCanceller()
        let watch = ConnectionCloseWatch.shared
        let watchID = watch.add(canceller, on: channel)
        // Set before the pump starts, so it runs however soon the pump finishes.
        continuation.onTermination = { _ in
            canceller.cancel()
            watch.remove(watchID, on: channel)
        }
        let pump = Task {
            let encoder = StreamingJSONEncoder()
            // Per sample: its text chunk encoded once, with the delta's places kept (nil: encode each).
            var textChunks: [Int: JSONStringSlots?] = [:]
            await stream.run { event in
                try Task.checkCancellation()
                let buffer: ByteBuffer
                switch event {
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
                case .failure(let error): buffer = frame(Array(APIError(error).body))
                }
                if case .terminated = continuation.yield(buffer) { throw CancellationError() }
            }
            continuation.finish()
        }
        canceller.attach(pump)
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody(asyncSequence: events))
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
}
