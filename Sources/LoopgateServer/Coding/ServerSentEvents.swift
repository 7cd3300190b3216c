import Foundation
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
        let pump = Task {
            let encoder = JSONEncoder()
            await stream.run { event in
                try Task.checkCancellation()
                let buffer: ByteBuffer
                switch event {
                case .chunk(let chunk): buffer = frame(try encoder.encode(chunk))
                case .failure(let error): buffer = frame(APIError(error).body)
                }
                if case .terminated = continuation.yield(buffer) { throw CancellationError() }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in pump.cancel() }
        channel.closeFuture.whenComplete { _ in pump.cancel() }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody(asyncSequence: events))
    }

    /// `data: <json>\n\n`. The 0.5 Python SDK takes the text between the first two `data: ` of a line,
    /// so that sequence is escaped inside the JSON (`\u003a` decodes to `:` in any JSON parser).
    static func frame(_ json: Data) -> ByteBuffer {
        var text = String(decoding: json, as: UTF8.self)
        if text.contains("data: ") {
            text = text.replacing("data: ", with: "data\\u003a ")
        }
        var buffer = ByteBuffer()
        buffer.reserveCapacity(text.utf8.count + 8)
        buffer.writeString("data: ")
        buffer.writeString(text)
        buffer.writeString("\n\n")
        return buffer
    }
}
