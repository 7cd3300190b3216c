import NIOCore
import ServerSentEventParsing

/// One server-sent event as a provider sends it.
struct ServerSentEvent: Sendable, Hashable {
    /// The `event:` field, when the provider names its events (Anthropic, Cohere).
    var event: String?
    /// The `data:` lines joined with `\n`.
    var data: String
}

extension ServerSentEventParser {
    /// The most one provider event may hold: larger is not an event stream any provider sends, and is
    /// refused rather than grown without bound.
    static let providerEventLimit = 16 * 1024 * 1024

    /// The parser for a provider's stream.
    static func forProviders() -> ServerSentEventParser {
        ServerSentEventParser(maximumEventSize: providerEventLimit)
    }

    /// Parses the next chunk of a provider's body into the events it completed, their data as text.
    mutating func feed(_ buffer: ByteBuffer) throws(EventTooLarge) -> [ServerSentEvent] {
        try consume(buffer.readableBytesView).map {
            ServerSentEvent(event: $0.event, data: String(decoding: $0.data, as: UTF8.self))
        }
    }
}
