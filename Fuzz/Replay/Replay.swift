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
