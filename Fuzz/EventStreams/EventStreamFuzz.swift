import FuzzReplay
import ServerSentEventParsing

// Fuzzing the event-stream parser under every provider's stream and the Swift client (issue 28, item 2).
// Built as WireDecodingFuzz.swift is (a libFuzzer target with FUZZING, a replayer of files otherwise).

/// One input: the events the parser finds do not depend on how the bytes are split into reads, and an
/// event over the size limit is refused, not kept.
func fuzzEventStream(_ bytes: UnsafeRawBufferPointer) {
    let all = Array(bytes)
    let limit = 64
    var whole = ServerSentEventParser(maximumEventSize: limit)
    let wholeEvents = try? whole.consume(all)
    // Split at points taken from the input itself, so the fuzzer explores them too.
    var parser = ServerSentEventParser(maximumEventSize: limit)
    var events: [ParsedServerSentEvent]? = []
    var start = 0
    var step = all.isEmpty ? 1 : Int(all[0] % 7) + 1
    while start < all.count, events != nil {
        let end = min(all.count, start + step)
        do {
            events! += try parser.consume(all[start..<end])
        } catch {
            events = nil
        }
        start = end
        step = step % 5 + 1
    }
    guard (wholeEvents == nil) == (events == nil) else { fatalError("the size limit depends on the reads") }
    if let wholeEvents, let events {
        guard wholeEvents == events else { fatalError("events depend on how the stream was read") }
        for event in events where event.data.count >= limit { fatalError("an event over the limit was kept") }
    }
}

#if FUZZING
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        fuzzEventStream(UnsafeRawBufferPointer(start: size > 0 ? data : nil, count: size))
        return 0
    }

    // SwiftPM links an executable's entry point under this name (and `main` to it): it hands over to
    // libFuzzer's driver (FuzzReplay).
    @_cdecl("fuzz_event_streams_main")
    public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        runFuzzer(argc, argv, fuzzerTestOneInput)
    }
#else
    @main
    enum Replay {
        static func main() throws {
            try replayFiles(CommandLine.arguments.dropFirst(), through: fuzzEventStream)
        }
    }
#endif
