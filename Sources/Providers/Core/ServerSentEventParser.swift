import NIOCore

/// The byte-level event-stream parser behind `ServerSentEvents`, kept apart so it can be fed by hand.
struct ServerSentEventParser: Sendable {
    /// One line longer than this is not an event stream any provider sends: refuse it rather than grow
    /// without bound.
    static let maximumLineLength = 16 * 1024 * 1024

    /// A stream whose line exceeds `maximumLineLength`.
    struct LineTooLong: Error, Hashable {}

    private var line: [UInt8] = []
    private var lastWasCarriageReturn = false
    private var event: String?
    private var dataLines: [String] = []
    private var hasData = false

    /// Parses the next chunk of the body and returns the events it completed.
    mutating func feed(_ buffer: ByteBuffer) throws(LineTooLong) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        for byte in buffer.readableBytesView {
            switch byte {
            case UInt8(ascii: "\n"):
                if lastWasCarriageReturn {
                    // The `\n` of a `\r\n` pair: the line already ended at the `\r`.
                    lastWasCarriageReturn = false
                    continue
                }
                endLine(into: &events)
            case UInt8(ascii: "\r"):
                endLine(into: &events)
                lastWasCarriageReturn = true
            default:
                lastWasCarriageReturn = false
                guard line.count < Self.maximumLineLength else { throw LineTooLong() }
                line.append(byte)
            }
        }
        return events
    }

    private mutating func endLine(into events: inout [ServerSentEvent]) {
        defer { line.removeAll(keepingCapacity: true) }
        guard !line.isEmpty else {
            dispatch(into: &events)
            return
        }
        if line.first == UInt8(ascii: ":") { return }
        let colon = line.firstIndex(of: UInt8(ascii: ":"))
        let field = String(decoding: line[..<(colon ?? line.endIndex)], as: UTF8.self)
        var valueStart = colon.map { line.index(after: $0) } ?? line.endIndex
        if valueStart < line.endIndex, line[valueStart] == UInt8(ascii: " ") {
            valueStart = line.index(after: valueStart)
        }
        let value = String(decoding: line[valueStart...], as: UTF8.self)
        switch field {
        case "event": event = value
        case "data":
            dataLines.append(value)
            hasData = true
        default: break  // `id` and `retry` mean nothing to a one-shot provider call.
        }
    }

    private mutating func dispatch(into events: inout [ServerSentEvent]) {
        defer {
            event = nil
            dataLines.removeAll(keepingCapacity: true)
            hasData = false
        }
        guard hasData else { return }
        events.append(ServerSentEvent(event: event, data: dataLines.joined(separator: "\n")))
    }
}
