import HumanloopAPI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A JSONL file read a chunk at a time, so an export of any size passes through a bounded buffer.
///
/// Written on `read(2)` rather than Foundation's `FileHandle`: one reusable buffer, lines handed out as
/// views into it and parsed in place by `JSONValue(parsing:)` (the server's own parser), with no `Data`
/// or `String` made per line.
struct JSONLinesReader: ~Copyable {
    /// One line: its 1-based number and its value, or why it could not be parsed.
    struct Line {
        var number: Int
        var value: Result<JSONValue, JSONParsingError>
    }

    let path: String
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    /// Where the unread part of `buffer` starts.
    private var start = 0
    private var atEnd = false
    private var lineNumber = 0

    static let chunkSize = 1 << 20

    init(path: String) throws(ImportFileError) {
        self.path = path
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw ImportFileError(path: path, reason: "cannot open it") }
    }

    deinit { close(descriptor) }

    /// The next non-empty line, or `nil` at the end of the file.
    mutating func next() throws(ImportFileError) -> Line? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 10) {
                let line = start..<newline
                start = newline + 1
                lineNumber += 1
                if let parsed = parse(line) { return parsed }
                continue
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = start..<buffer.count
                start = buffer.count
                lineNumber += 1
                if let parsed = parse(line) { return parsed }
                return nil
            }
            try fill()
        }
    }

    /// A line's value; `nil` for a blank line.
    private func parse(_ range: Range<Int>) -> Line? {
        let isBlank = buffer[range].allSatisfy { $0 == 32 || $0 == 9 || $0 == 13 }
        guard !isBlank else { return nil }
        let value = buffer.withUnsafeBytes { bytes in
            Result { () throws(JSONParsingError) in
                try JSONValue(parsing: UnsafeRawBufferPointer(rebasing: bytes[range]))
            }
        }
        return Line(number: lineNumber, value: value)
    }

    /// Drops what was read and appends the next chunk.
    private mutating func fill() throws(ImportFileError) {
        if start > 0 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        let before = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: Self.chunkSize))
        let count = buffer.withUnsafeMutableBytes { bytes in
            read(descriptor, bytes.baseAddress! + before, Self.chunkSize)
        }
        guard count >= 0 else {
            buffer.removeSubrange(before...)
            throw ImportFileError(path: path, reason: "cannot read it (errno \(errno))")
        }
        buffer.removeSubrange((before + count)...)
        if count == 0 { atEnd = true }
    }
}

/// A file of the export that could not be read at all.
struct ImportFileError: Error, CustomStringConvertible {
    var path: String
    var reason: String

    var description: String { "\(path): \(reason)" }
}

/// Reading whole small files (file.json, a version, deployments.json) and listing directories.
enum ExportFiles {
    /// The file's JSON value; `nil` when it does not exist.
    static func json(at path: String) throws(ImportFileError) -> JSONValue? {
        guard exists(path) else { return nil }
        // A whole JSON file may span lines: read it all, then parse it as one document.
        var bytes: [UInt8] = []
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw ImportFileError(path: path, reason: "cannot open it") }
        defer { close(descriptor) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            guard count >= 0 else { throw ImportFileError(path: path, reason: "cannot read it (errno \(errno))") }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        do {
            return try JSONValue(parsing: bytes)
        } catch {
            throw ImportFileError(path: path, reason: "not JSON: \(error)")
        }
    }

    static func exists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0
    }

    static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// The names in a directory (not `.`, `..` or hidden ones), sorted; empty when it does not exist.
    static func names(in path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if !name.hasPrefix(".") { names.append(name) }
        }
        return names.sorted()
    }

    /// The JSONL chunks of a directory (`1.jsonl`, `2.jsonl`, …) in their numeric order.
    static func jsonlChunks(in path: String) -> [String] {
        names(in: path).filter { $0.hasSuffix(".jsonl") }
            .sorted { (Int($0.dropLast(6)) ?? Int.max, $0) < (Int($1.dropLast(6)) ?? Int.max, $1) }
            .map { path + "/" + $0 }
    }
}
