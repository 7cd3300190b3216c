import Foundation

/// Runs a fuzz target's body over files (each argument a file, or a folder of them): how the corpus and
/// every crash the fuzzer found are replayed as regression tests, in a build without the fuzzer.
public func replayFiles(_ arguments: some Sequence<String>, through body: (UnsafeRawBufferPointer) -> Void) throws {
    var paths: [String] = []
    for argument in arguments {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
            throw ReplayError(description: "no such file: \(argument)")
        }
        if isDirectory.boolValue {
            paths += try FileManager.default.contentsOfDirectory(atPath: argument).sorted().map { argument + "/" + $0 }
        } else {
            paths.append(argument)
        }
    }
    for path in paths {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        data.withUnsafeBytes { body($0) }
    }
    print("replayed \(paths.count) inputs")
}

struct ReplayError: Error, CustomStringConvertible {
    var description: String
}

#if FUZZING
    /// libFuzzer's driver, for a target's entry point: SwiftPM names an executable's entry point after the
    /// target and links `main` to it, so libFuzzer's own `main` is not the one that runs.
    public func runFuzzer(
        _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt {
        var argc = argc
        var argv = argv
        return runFuzzerDriver(&argc, &argv, callback)
    }

    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt
#endif
