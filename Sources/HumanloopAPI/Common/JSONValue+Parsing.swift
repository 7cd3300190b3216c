/// A JSON document that could not be parsed, with the byte offset where parsing stopped.
public struct JSONParsingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var offset: Int
    public var reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "\(reason) at byte \(offset)" }
}

extension JSONValue {
    /// Parses a whole JSON document (RFC 8259; surrounding whitespace allowed, nothing else after it).
    ///
    /// This is the hot path for free-form JSON (a provider's answer, stored JSON columns): one pass over the
    /// bytes straight into the tree, where `JSONDecoder` would try each type in turn through `Decodable`.
    /// Numbers without a fraction or exponent that fit an `Int` become `.integer`, all others `.number`, so
    /// a value echoes back as it came in. Strings must be valid UTF-8; nesting deeper than 512 levels is
    /// refused rather than recursed into.
    public init(parsing bytes: UnsafeRawBufferPointer) throws(JSONParsingError) {
        var parser = JSONParser(bytes: bytes)
        self = try parser.parseDocument()
    }

    /// Parses a whole JSON document from bytes.
    public init<Bytes: Collection<UInt8>>(parsing bytes: Bytes) throws(JSONParsingError) {
        let parsed: Result<JSONValue, JSONParsingError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONParsingError) in try JSONValue(parsing: UnsafeRawBufferPointer(buffer)) }
        }
        if let parsed {
            self = try parsed.get()
        } else {
            self = try JSONValue(parsing: Array(bytes))
        }
    }

    /// Parses a whole JSON document from text.
    public init(parsing text: String) throws(JSONParsingError) {
        var text = text
        let parsed = text.withUTF8 { buffer in
            Result { () throws(JSONParsingError) in try JSONValue(parsing: UnsafeRawBufferPointer(buffer)) }
        }
        self = try parsed.get()
    }
}

/// A recursive-descent JSON parser over a byte buffer.
struct JSONParser {
    static let maximumDepth = 512

    let bytes: UnsafeRawBufferPointer
    var index = 0
    var depth = 0

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    mutating func parseDocument() throws(JSONParsingError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else { throw failure("unexpected text after the JSON value") }
        return value
    }

    // MARK: - Values

    mutating func parseValue() throws(JSONParsingError) -> JSONValue {
        guard index < bytes.count else { throw failure("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw failure("unexpected character")
        }
    }

    mutating func parseObject() throws(JSONParsingError) -> JSONValue {
        var members = JSONObject()
        if try openContainer(closedBy: UInt8(ascii: "}")) { return .object(members) }
        repeat {
            try expectKey()
            let key = try parseString()
            try expectColon()
            members[key] = try parseValue()
        } while try !closeAfterMember(closedBy: UInt8(ascii: "}"))
        return .object(members)
    }

    mutating func parseArray() throws(JSONParsingError) -> JSONValue {
        var elements: [JSONValue] = []
        if try openContainer(closedBy: UInt8(ascii: "]")) { return .array(elements) }
        repeat {
            skipWhitespace()
            elements.append(try parseValue())
        } while try !closeAfterMember(closedBy: UInt8(ascii: "]"))
        return .array(elements)
    }

    // MARK: - Containers, for parsing and for validating alike

    /// Steps into the object or array whose opening byte is at `index`; `true` when it is empty (and then
    /// already stepped out of).
    mutating func openContainer(closedBy closing: UInt8) throws(JSONParsingError) -> Bool {
        try enterContainer()
        index += 1
        skipWhitespace()
        guard peek() == closing else { return false }
        index += 1
        depth -= 1
        return true
    }

    /// Up to the opening quote of an object's next key.
    mutating func expectKey() throws(JSONParsingError) {
        skipWhitespace()
        guard peek() == UInt8(ascii: "\"") else { throw failure("expected a string key") }
    }

    /// The `:` after a key, and the whitespace around it.
    mutating func expectColon() throws(JSONParsingError) {
        skipWhitespace()
        guard peek() == UInt8(ascii: ":") else { throw failure("expected ':' after an object key") }
        index += 1
        skipWhitespace()
    }

    /// After a member or element: `false` past a `,` (another one follows), `true` once the container's
    /// closing byte is consumed (and the container stepped out of).
    mutating func closeAfterMember(closedBy closing: UInt8) throws(JSONParsingError) -> Bool {
        skipWhitespace()
        if peek() == UInt8(ascii: ",") {
            index += 1
            return false
        }
        guard peek() == closing else {
            throw failure(
                closing == UInt8(ascii: "}") ? "expected ',' or '}' in an object" : "expected ',' or ']' in an array")
        }
        index += 1
        depth -= 1
        return true
    }

    mutating func enterContainer() throws(JSONParsingError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw failure("JSON nested too deeply") }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParsingError) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw failure("unexpected end of input") }
        let matches = literal.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
        }
        guard matches else { throw failure("unexpected character") }
        index += count
    }

    // MARK: - Numbers

    mutating func parseNumber() throws(JSONParsingError) -> JSONValue {
        let start = index
        var isIntegral = true
        if peek() == UInt8(ascii: "-") { index += 1 }
        guard let first = peek(), Self.isDigit(first) else { throw failure("a number needs digits") }
        if first == UInt8(ascii: "0") {
            index += 1
            if let next = peek(), Self.isDigit(next) { throw failure("a number may not start with 0") }
        } else {
            skipDigits()
        }
        if peek() == UInt8(ascii: ".") {
            isIntegral = false
            index += 1
            guard let next = peek(), Self.isDigit(next) else { throw failure("a fraction needs digits") }
            skipDigits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            isIntegral = false
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard let next = peek(), Self.isDigit(next) else { throw failure("an exponent needs digits") }
            skipDigits()
        }
        let text = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
        if isIntegral, let integer = Self.integer(text) {
            return .integer(integer)
        }
        guard let number = Double(String(decoding: text, as: UTF8.self)), number.isFinite else {
            throw failure("number out of range")
        }
        return .number(number)
    }

    /// The digits as an `Int`, or nil when they overflow it.
    static func integer(_ text: UnsafeRawBufferPointer) -> Int? {
        var value = 0
        let negative = text.first == UInt8(ascii: "-")
        for byte in text.dropFirst(negative ? 1 : 0) {
            let digit = Int(byte &- UInt8(ascii: "0"))
            let (multiplied, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (added, overflow2) =
                negative ? multiplied.subtractingReportingOverflow(digit) : multiplied.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            value = added
        }
        return value
    }

    mutating func skipDigits() {
        while let byte = peek(), Self.isDigit(byte) { index += 1 }
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    // MARK: - Strings

    /// A string at `index` (which is its opening quote).
    mutating func parseString() throws(JSONParsingError) -> String {
        index += 1  // "
        let start = index
        // The common case: no escapes, so the bytes between the quotes are the string.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
                index += 1
                return try Self.validated(text, at: start)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw failure("control character in a string") }
            index += 1
        }
        guard index < bytes.count else { throw failure("unterminated string") }
        var decoded = [UInt8](UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return try Self.validated(decoded, at: start)
            case UInt8(ascii: "\\"):
                index += 1
                try parseEscape(into: &decoded)
            case 0..<0x20:
                throw failure("control character in a string")
            default:
                decoded.append(byte)
                index += 1
            }
        }
        throw failure("unterminated string")
    }

    static func validated(_ text: some Sequence<UInt8>, at offset: Int) throws(JSONParsingError) -> String {
        guard let string = String(validating: text, as: UTF8.self) else {
            throw JSONParsingError(offset: offset, reason: "string is not valid UTF-8")
        }
        return string
    }

    /// The escape after a backslash (`index` is just past it), appended as UTF-8.
    mutating func parseEscape(into output: inout [UInt8]) throws(JSONParsingError) {
        guard let byte = peek() else { throw failure("unterminated string") }
        index += 1
        switch byte {
        case UInt8(ascii: "\""): output.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): output.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): output.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = UInt32(try parseHex4())
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate must be followed by an escaped low one.
                guard peek() == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u")
                else { throw failure("unpaired surrogate in a string") }
                index += 2
                let low = UInt32(try parseHex4())
                guard (0xDC00..<0xE000).contains(low) else { throw failure("unpaired surrogate in a string") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw failure("unpaired surrogate in a string")
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw failure("invalid unicode escape") }
            output.append(contentsOf: UTF8.encode(unicode)!)
        default:
            throw failure("invalid escape in a string")
        }
    }

    mutating func parseHex4() throws(JSONParsingError) -> UInt16 {
        guard index + 4 <= bytes.count else { throw failure("unterminated unicode escape") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("invalid unicode escape")
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    // MARK: - Helpers

    func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    mutating func skipWhitespace() {
        while index < bytes.count, Self.isWhitespace(bytes[index]) { index += 1 }
    }

    /// JSON's four whitespace characters.
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
            || byte == UInt8(ascii: "\t")
    }

    func failure(_ reason: String) -> JSONParsingError {
        JSONParsingError(offset: index, reason: reason)
    }
}
