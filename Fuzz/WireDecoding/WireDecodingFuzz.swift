import FuzzReplay
import HumanloopAPI

// Fuzzing the bytes every request body goes through (issue 28, item 2): the JSON parser, its
// serializer, and the decoding of the request bodies of v4, v5 and /v1. Built two ways: with
// `-sanitize=fuzzer -D FUZZING` (scripts/fuzz) it is a libFuzzer target; otherwise it replays the files it
// is given, which is how Fuzz/Corpus runs as a regression test in scripts/test.

/// One input. Parsing may refuse it but never crash; a document it accepts serializes to text that parses
/// back to what serializes to the same text (the serializer writes a whole-valued number as an integer,
/// so `-0.0` and `2.0` come back as `0` and `2`: the form content-addressed ids are hashed from); every
/// request body decodes or refuses it without crashing.
func fuzzWireDecoding(_ bytes: UnsafeRawBufferPointer) {
    if let value = try? JSONValue(parsing: bytes) {
        for sortedKeys in [false, true] {
            let text = value.serialized(sortedKeys: sortedKeys)
            guard let again = try? JSONValue(parsing: text) else {
                fatalError("its own serialization does not parse: \(text)")
            }
            guard again.serialized(sortedKeys: sortedKeys) == text else {
                fatalError("serialization is not stable: \(text)")
            }
        }
    }
    let decoder = JSONTreeDecoder()
    _ = decoder.decodeIfReadable(ChatBody<InlineConfig>.self, from: bytes)
    _ = decoder.decodeIfReadable(ChatBody<DeployedConfig>.self, from: bytes)
    _ = decoder.decodeIfReadable(CompletionBody<StoredConfig>.self, from: bytes)
    _ = decoder.decodeIfReadable(CompletionBody<ExperimentConfig>.self, from: bytes)
    _ = decoder.decodeIfReadable(ModelConfigRequest.self, from: bytes)
    _ = decoder.decodeIfReadable(LogRequest.self, from: bytes)
    _ = decoder.decodeIfReadable(FeedbackRequest.self, from: bytes)
    _ = decoder.decodeIfReadable(PromptCallRequest.self, from: bytes)
    _ = decoder.decodeIfReadable(OpenAIChatRequest.self, from: bytes)
    _ = decoder.decodeIfReadable([ChatMessage].self, from: bytes)
}

#if FUZZING
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        fuzzWireDecoding(UnsafeRawBufferPointer(start: size > 0 ? data : nil, count: size))
        return 0
    }

    // SwiftPM links an executable's entry point under this name (and `main` to it): it hands over to
    // libFuzzer's driver (FuzzReplay).
    @_cdecl("fuzz_wire_decoding_main")
    public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        runFuzzer(argc, argv, fuzzerTestOneInput)
    }
#else
    @main
    enum Replay {
        static func main() throws {
            try replayFiles(CommandLine.arguments.dropFirst(), through: fuzzWireDecoding)
        }
    }
#endif
