import AsyncHTTPClient
import Foundation
import HumanloopAPI
import NIOCore
import ServerSentEventParsing

extension APITransport {
    /// Sends a streaming request and returns its events as chunks once the server has answered 2xx.
    ///
    /// Errors the server finds before streaming (validation, authentication, unknown ids) are thrown here,
    /// as for a non-streamed call. After that the stream yields one chunk per event and ends when the
    /// server closes the response, or throws the ``HumanloopError`` of an error event. A task reads the
    /// body; it stops, closing the connection, when the consumer's task is cancelled or the stream is
    /// dropped, so the server stops generating.
    func stream<Chunk: Decodable & Sendable>(_: Chunk.Type, _ request: APIRequest) async throws
        -> AsyncThrowingStream<Chunk, any Error>
    {
        var request = request
        request.streaming = true
        let response = try await execute(request)
        let requestID = response.headers.first(name: Self.requestIDHeader)
        let contentType = response.headers.first(name: "Content-Type") ?? ""
        guard (200..<300).contains(response.status.code), contentType.hasPrefix("text/event-stream") else {
            // An error, or a server that answered JSON: read it as a non-streamed answer would be read.
            let whole = try await read(response, requestID: requestID)
            let chunk = try StreamEvent<Chunk>.chunk(from: Array(whole.body), requestID: requestID)
            return AsyncThrowingStream { continuation in
                continuation.yield(chunk)
                continuation.finish()
            }
        }
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: Chunk.self)
        let body = response.body
        let maximumEventSize = configuration.maximumResponseSize
        let reader = Task {
            var parser = ServerSentEventParser(maximumEventSize: maximumEventSize)
            do {
                for try await buffer in body {
                    for event in try parser.consume(buffer.readableBytesView) {
                        let chunk = try StreamEvent<Chunk>.chunk(from: event.data, requestID: requestID)
                        if case .terminated = continuation.yield(chunk) { return }
                    }
                }
                continuation.finish()
            } catch let error as ServerSentEventParser.EventTooLarge {
                continuation.finish(
                    throwing: HumanloopError.invalidResponse(
                        message: "a stream event is larger than \(error.limit) bytes", requestID: requestID))
            } catch {
                continuation.finish(throwing: Self.map(error))
            }
        }
        continuation.onTermination = { _ in reader.cancel() }
        return stream
    }
}
