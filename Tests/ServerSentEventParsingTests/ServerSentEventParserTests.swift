import ServerSentEventParsing
import Testing

@Suite("Server-sent event parsing")
struct ServerSentEventParserTests {
    static func parse(_ chunks: [String]) -> [String] {
        var parser = ServerSentEventParser()
        return chunks.flatMap { (try? parser.consume(Array($0.utf8))) ?? [] }.map {
            String(decoding: $0.data, as: UTF8.self)
        }
    }

    @Test func dataOnlyEventsSplitAnywhere() {
        let body = "data: {\"a\":1}\n\ndata: {\"b\":2}\n\n"
        #expect(Self.parse([body]) == [#"{"a":1}"#, #"{"b":2}"#])
        // Every way of cutting the body in two gives the same events.
        for cut in 0...body.utf8.count {
            let bytes = Array(body.utf8)
            let chunks = [
                String(decoding: bytes[..<cut], as: UTF8.self), String(decoding: bytes[cut...], as: UTF8.self),
            ]
            #expect(Self.parse(chunks) == [#"{"a":1}"#, #"{"b":2}"#], "cut at \(cut)")
        }
    }

    @Test func theLineEndingsFieldsAndCommentsOfTheFormat() {
        #expect(Self.parse(["data: one\r\n\r\ndata: two\r\rdata:three\n\n"]) == ["one", "two", "three"])
        #expect(Self.parse(["data: first line\ndata: second line\n\n"]) == ["first line\nsecond line"])
        #expect(Self.parse([": keep-alive\n\nevent: chunk\nid: 7\nretry: 10\ndata: x\n\n"]) == ["x"])
        #expect(Self.parse(["data:  two spaces\n\n"]) == [" two spaces"])
        #expect(Self.parse(["\n\n\n"]).isEmpty)
    }

    @Test func anEventNotClosedWhenTheBodyEndsIsDropped() {
        #expect(Self.parse(["data: done\n\ndata: cut off"]) == ["done"])
    }

    @Test func anEventLargerThanTheLimitIsRefused() throws {
        var parser = ServerSentEventParser(maximumEventSize: 16)
        #expect(try parser.consume(Array("data: 0123456789\n\n".utf8)).count == 1)
        #expect(throws: ServerSentEventParser.EventTooLarge.self) {
            _ = try parser.consume(Array("data: 0123456789\ndata: 0123456789".utf8))
        }
    }

    /// The `event:` field names its event (Anthropic and Cohere send one); it does not carry over.
    @Test func anEventKeepsItsNameAndOnlyItsOwn() throws {
        var parser = ServerSentEventParser()
        let events = try parser.consume(Array("event: message_start\ndata: {}\n\ndata: plain\n\n".utf8))
        #expect(events.map(\.event) == ["message_start", nil])
        #expect(events.map { String(decoding: $0.data, as: UTF8.self) } == ["{}", "plain"])
        #expect(try parser.consume(Array("event: lonely\n\n".utf8)).isEmpty)
    }
}
