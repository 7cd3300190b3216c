/// Splits a `text/event-stream` body into the data of its events, however the bytes are chunked.
///
/// Follows the WHATWG event-stream rules the client needs: lines end with LF, CR or CRLF; `data:` lines
/// accumulate (joined with LF) until a blank line dispatches the event; comments (`:`) and the `event`,
/// `id` and `retry` fields are ignored; an event not closed by a blank line when the body ends is dropped.
struct ServerSentEventParser {
    /// An event grew past the limit before it ended: the body is not an event stream one can hold.
    struct EventTooLarge: Error {
        let limit: Int
    }

    /// The most bytes one event may hold, so a body that never ends its event cannot exhaust memory.
    let maximumEventSize: Int
    private var line: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false
    private var lastWasCarriageReturn = false

    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let colon = UInt8(ascii: ":")
    private static let space = UInt8(ascii: " ")

    init(maximumEventSize: Int = .max) {
        self.maximumEventSize = maximumEventSize
    }

    /// Feeds the next bytes of the body and returns the data of every event they complete.
    /// - Throws: ``EventTooLarge`` when an event exceeds ``maximumEventSize``.
    mutating func consume<Bytes: Sequence<UInt8>>(_ bytes: Bytes) throws -> [[UInt8]] {
        var events: [[UInt8]] = []
        for byte in bytes {
            if lastWasCarriageReturn {
                lastWasCarriageReturn = false
                if byte == Self.lineFeed { continue }
            }
            switch byte {
            case Self.lineFeed, Self.carriageReturn:
                lastWasCarriageReturn = byte == Self.carriageReturn
                if let event = endLine() { events.append(event) }
            default:
                guard line.count + data.count < maximumEventSize else {
                    throw EventTooLarge(limit: maximumEventSize)
                }
                line.append(byte)
            }
        }
        return events
    }

    /// Handles a complete line; returns an event when the line is the blank one that dispatches it.
    private mutating func endLine() -> [UInt8]? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            guard hasData else { return nil }
            let event = data
            data.removeAll(keepingCapacity: true)
            hasData = false
            return event
        }
        let colonIndex = line.firstIndex(of: Self.colon)
        guard colonIndex != line.startIndex else { return nil }
        let field = line[..<(colonIndex ?? line.endIndex)]
        guard field.elementsEqual("data".utf8) else { return nil }
        var value = colonIndex.map { line[line.index(after: $0)...] } ?? []
        if value.first == Self.space { value = value.dropFirst() }
        if hasData { data.append(Self.lineFeed) }
        data.append(contentsOf: value)
        hasData = true
        return nil
    }
}
