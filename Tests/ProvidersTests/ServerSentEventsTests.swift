import NIOCore
import ServerSentEventParsing
import Synchronization
import Testing

@testable import Providers

@Suite("Server-sent events parser")
struct ServerSentEventsTests {
    /// Feeds `chunks` one by one, as a body arrives, and returns every event.
    func parse(_ chunks: [String]) throws -> [ServerSentEvent] {
        var parser = ServerSentEventParser.forProviders()
        return try chunks.flatMap { try parser.feed(ByteBuffer(string: $0)) }
    }

    @Test func dataOnlyEventsEndAtABlankLine() throws {
        let events = try parse(["data: {\"a\":1}\n\ndata: [DONE]\n\n"])
        #expect(events == [ServerSentEvent(data: #"{"a":1}"#), ServerSentEvent(data: "[DONE]")])
    }

    @Test func namedEventsKeepTheirName() throws {
        let events = try parse(["event: message_start\ndata: {}\n\nevent: ping\ndata: {\"type\": \"ping\"}\n\n"])
        #expect(events.map(\.event) == ["message_start", "ping"])
        #expect(events.last?.data == #"{"type": "ping"}"#)
    }

    @Test func eventsSplitAnywhereAcrossChunksAreReassembled() throws {
        let whole = "event: content_block_delta\ndata: {\"text\":\"héllo wörld\"}\n\ndata: second\n\n"
        let bytes = Array(whole.utf8)
        // Every split point, including inside a multi-byte character and between \r and \n.
        for split in 1..<bytes.count {
            var parser = ServerSentEventParser.forProviders()
            let first = try parser.feed(ByteBuffer(bytes: bytes[..<split]))
            let second = try parser.feed(ByteBuffer(bytes: bytes[split...]))
            let events = first + second
            #expect(events.count == 2, "split at \(split)")
            #expect(events.first?.data == #"{"text":"héllo wörld"}"#, "split at \(split)")
        }
    }

    @Test func everyLineEndingIsALineEnding() throws {
        #expect(try parse(["data: a\r\n\r\ndata: b\r\rdata: c\n\n"]).map(\.data) == ["a", "b", "c"])
        // A \r\n split between two chunks is one line ending, not two (which would dispatch early).
        #expect(try parse(["data: x\r", "\ndata: y\r\n\r\n"]).map(\.data) == ["x\ny"])
    }

    @Test func multipleDataLinesJoinWithNewlines() throws {
        #expect(try parse(["data: first\ndata: second\ndata:third\n\n"]).map(\.data) == ["first\nsecond\nthird"])
    }

    @Test func commentsIdsRetriesAndEmptyEventsAreIgnored() throws {
        let events = try parse([": keep-alive\n\nid: 7\nretry: 1000\n\nevent: lonely\n\ndata: real\n\n"])
        #expect(events == [ServerSentEvent(data: "real")])
    }

    @Test func onlyOneSpaceAfterTheColonIsDropped() throws {
        #expect(try parse(["data:  two spaces\n\n"]).map(\.data) == [" two spaces"])
        #expect(try parse(["data\n\n"]).map(\.data) == [""])
    }

    @Test func anEventLeftIncompleteAtTheEndIsNotDelivered() async throws {
        let body = AsyncStreamOfBuffers(["data: complete\n\n", "data: {\"half\":"])
        var events: [ServerSentEvent] = []
        for try await event in ServerSentEvents(body) {
            events.append(event)
        }
        #expect(events == [ServerSentEvent(data: "complete")])
    }

    @Test func theSequenceReadsTheBodyLazily() async throws {
        let body = AsyncStreamOfBuffers(["data: one\n\n", "data: two\n\n", "data: three\n\n"])
        var iterator = ServerSentEvents(body).makeAsyncIterator()
        #expect(try await iterator.next()?.data == "one")
        #expect(body.pulled == 1)
        #expect(try await iterator.next()?.data == "two")
        #expect(body.pulled == 2)
    }
}

/// A body that counts how many chunks were pulled from it.
private final class AsyncStreamOfBuffers: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    private let chunks: [String]
    private let counter = Counter()

    init(_ chunks: [String]) { self.chunks = chunks }

    var pulled: Int { counter.value }

    func makeAsyncIterator() -> Iterator { Iterator(chunks: chunks[...], counter: counter) }

    struct Iterator: AsyncIteratorProtocol {
        var chunks: ArraySlice<String>
        let counter: Counter

        mutating func next() async throws -> ByteBuffer? {
            guard let chunk = chunks.popFirst() else { return nil }
            counter.increment()
            return ByteBuffer(string: chunk)
        }
    }
}

private final class Counter: Sendable {
    private let count = Atomic<Int>(0)
    var value: Int { count.load(ordering: .relaxed) }
    func increment() { count.add(1, ordering: .relaxed) }
}
