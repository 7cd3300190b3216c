import Foundation
import HumanloopAPI
import Testing

@testable import LoopgateImport

@Suite("JSONLinesReader")
struct JSONLinesReaderTests {
    static func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lines-\(UUID()).jsonl").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func lines(of path: String) throws -> [(Int, JSONValue?)] {
        var reader = try JSONLinesReader(path: path)
        var lines: [(Int, JSONValue?)] = []
        while let line = try reader.next() { lines.append((line.number, try? line.value.get())) }
        return lines
    }

    @Test func linesKeepTheirNumbersPastBlankAndMalformedOnes() throws {
        let path = try Self.file("{\"a\":1}\n\n  \n{\"b\":\n[1,2]\r\n{\"c\":\"no newline at the end\"}")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let lines = try Self.lines(of: path)
        #expect(lines.map(\.0) == [1, 4, 5, 6])
        #expect(lines[0].1 == ["a": 1])
        #expect(lines[1].1 == nil)  // malformed: reported by number, not fatal
        #expect(lines[2].1 == [1, 2])
        #expect(lines[3].1 == ["c": "no newline at the end"])
    }

    @Test func linesLongerThanTheBufferAndAcrossItsEdgesAreWhole() throws {
        let long = String(repeating: "x", count: JSONLinesReader.chunkSize + 17)
        var text = ""
        for index in 0..<5 { text += "{\"i\":\(index),\"s\":\"\(long)\"}\n" }
        let path = try Self.file(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let lines = try Self.lines(of: path)
        #expect(lines.map(\.0) == [1, 2, 3, 4, 5])
        for (index, line) in lines.enumerated() {
            #expect(line.1?["i"] == .integer(index) && line.1?["s"]?.stringValue?.count == long.count)
        }
    }

    @Test func aMissingFileIsAnErrorNamingIt() {
        #expect(throws: ImportFileError.self) { _ = try JSONLinesReader(path: "/nonexistent/1.jsonl") }
    }

    @Test func chunksAreReadInTheirNumericOrder() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chunks-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for name in ["10.jsonl", "2.jsonl", "1.jsonl", "notes.txt"] {
            _ = FileManager.default.createFile(atPath: directory + "/" + name, contents: Data())
        }
        #expect(
            ExportFiles.jsonlChunks(in: directory).map { ($0 as NSString).lastPathComponent } == [
                "1.jsonl", "2.jsonl", "10.jsonl",
            ])
    }
}
