/// One event of a `text/event-stream` body.
public struct ParsedServerSentEvent: Sendable, Hashable {
    /// The `event:` field, when the stream names its events (Anthropic, Cohere).
    public var event: String?
    /// The `data:` lines, joined with LF.
    public var data: [UInt8]

    public init(event: String? = nil, data: [UInt8]) {
        self.event = event
        self.data = data
    }
}

/// Splits a `text/event-stream` body into its events, however the bytes are chunked: the one parser of
/// the providers' streams (Providers) and of Loopgate's own (the Swift client), in a module of its own so
/// that the client does not depend on server code.
///
/// Follows the WHATWG event-stream rules both need: lines end with LF, CR or CRLF (a CRLF split between
/// two chunks is one line ending); `data:` lines accumulate until a blank line dispatches the event; one
/// space after the colon is dropped; comments (`:`), `id` and `retry` are ignored; an event not closed by
/// a blank line when the body ends is never delivered (a cut stream never yields half an event).
public struct ServerSentEventParser: Sendable {
    /// An event grew past the limit before it ended: the body is not an event stream one can hold.
    public struct EventTooLarge: Error, Hashable {
        public let limit: Int
    }

    /// The most bytes one event (its pending line and data) may hold, so a body that never ends its event
    /// cannot exhaust memory.
    public let maximumEventSize: Int
    private var line: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false
    private var event: String?
    private var lastWasCarriageReturn = false

    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let colon = UInt8(ascii: ":")
    private static let space = UInt8(ascii: " ")

    public init(maximumEventSize: Int = .max) {
        self.maximumEventSize = maximumEventSize
    }

    /// Feeds the next bytes of the body and returns every event they complete.
    public mutating func consume<Bytes: Sequence<UInt8>>(_ bytes: Bytes) throws(EventTooLarge)
        -> [ParsedServerSentEvent]
    {
        var events: [ParsedServerSentEvent] = []
        for byte in bytes {
            if lastWasCarriageReturn {
                lastWasCarriageReturn = false
                // The LF of a CRLF pair: the line already ended at the CR.
                if byte == Self.lineFeed { continue }
            }
            switch byte {
            case Self.lineFeed, Self.carriageReturn:
                lastWasCarriageReturn = byte == Self.carriageReturn
                if let event = endLine() { events.append(event) }
            default:
                guard line.count + data.count < maximumEventSize else { throw EventTooLarge(limit: maximumEventSize) }
                line.append(byte)
            }
        }
        return events
    }

    /// Handles a complete line; returns an event when the line is the blank one that dispatches it.
    private mutating func endLine() -> ParsedServerSentEvent? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            defer {
                data.removeAll(keepingCapacity: true)
                hasData = false
                event = nil
            }
            return hasData ? ParsedServerSentEvent(event: event, data: data) : nil
        }
        let colonIndex = line.firstIndex(of: Self.colon)
        guard colonIndex != line.startIndex else { return nil }  // a comment
        let field = line[..<(colonIndex ?? line.endIndex)]
        var value = colonIndex.map { line[line.index(after: $0)...] } ?? []
        if value.first == Self.space { value = value.dropFirst() }
        if field.elementsEqual("data".utf8) {
            if hasData { data.append(Self.lineFeed) }
            data.append(contentsOf: value)
            hasData = true
        } else if field.elementsEqual("event".utf8) {
            event = String(decoding: value, as: UTF8.self)
        }
        return nil
    }
}
