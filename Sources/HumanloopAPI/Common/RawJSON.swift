/// One JSON value kept as its text: a provider's request and answer, which Loopgate echoes
/// (`provider_request`, `provider_responses`) and stores but never looks inside.
///
/// Keeping the bytes saves building a tree from them and writing it out again for every echo and every
/// stored copy. The bytes are always one valid JSON value: they come from `init(validating:)`, which
/// checks them, or from a `JSONValue`.
public struct RawJSON: Sendable, Hashable {
    /// The value's UTF-8 JSON text.
    public let bytes: [UInt8]

    /// Checks that `bytes` hold exactly one JSON value (surrounding whitespace allowed) in valid UTF-8.
    public init(validating bytes: [UInt8]) throws(JSONParsingError) {
        let problem = bytes.withUnsafeBytes { buffer -> JSONParsingError? in
            var scanner = JSONParser(bytes: buffer)
            do throws(JSONParsingError) {
                try scanner.validateDocument()
                return nil
            } catch {
                return error
            }
        }
        if let problem { throw problem }
        self.bytes = bytes
    }

    /// Checks that `text` is exactly one JSON value.
    public init(validating text: String) throws(JSONParsingError) {
        try self.init(validating: Array(text.utf8))
    }

    /// The value's compact text.
    public init(_ value: JSONValue) {
        self.bytes = Array(value.serialized().utf8)
    }

    /// A value's encoding by `StreamingJSONEncoder`, kept to be written again as it is (the encoder's
    /// output is one valid JSON value, so it is not scanned again).
    public init(encoding value: some Encodable) throws {
        self.bytes = try StreamingJSONEncoder().encode(value)
    }

    /// The value as a tree.
    public var value: JSONValue {
        // The bytes were validated when this was made, so parsing them cannot fail.
        (try? JSONValue(parsing: bytes)) ?? .null
    }

    /// Whether the value is an object (its first byte past any whitespace is `{`).
    public var isObject: Bool {
        bytes.first(where: { !JSONParser.isWhitespace($0) }) == UInt8(ascii: "{")
    }

    /// The value's JSON text.
    public var text: String {
        String(decoding: bytes, as: UTF8.self)
    }
}

extension RawJSON: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(try JSONValue(from: decoder))
    }

    /// `StreamingJSONEncoder` copies the bytes as they are; any other encoder gets the value.
    public func encode(to encoder: any Encoder) throws {
        if let writer = encoder as? JSONStreamWriter {
            writer.output.append(contentsOf: bytes)
        } else {
            try value.encode(to: encoder)
        }
    }
}

extension JSONParser {
    /// Checks a whole document without building anything: the scan `RawJSON` trusts its bytes on.
    mutating func validateDocument() throws(JSONParsingError) {
        skipWhitespace()
        try skipValue()
        skipWhitespace()
        guard index == bytes.count else { throw failure("unexpected text after the JSON value") }
    }

    mutating func skipValue() throws(JSONParsingError) {
        guard index < bytes.count else { throw failure("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "{"):
            guard try !openContainer(closedBy: UInt8(ascii: "}")) else { return }
            repeat {
                try expectKey()
                try skipString()
                try expectColon()
                try skipValue()
            } while try !closeAfterMember(closedBy: UInt8(ascii: "}"))
        case UInt8(ascii: "["):
            guard try !openContainer(closedBy: UInt8(ascii: "]")) else { return }
            repeat {
                skipWhitespace()
                try skipValue()
            } while try !closeAfterMember(closedBy: UInt8(ascii: "]"))
        default:
            // Literals and numbers are short: parse them as usual.
            _ = try parseValue()
        }
    }

    /// Skips a string, checking its escapes and that its bytes are UTF-8.
    mutating func skipString() throws(JSONParsingError) {
        index += 1  // "
        var escaped: [UInt8] = []  // what an escape decodes to; checked, then dropped
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return
            case UInt8(ascii: "\\"):
                index += 1
                escaped.removeAll(keepingCapacity: true)
                try parseEscape(into: &escaped)
            case 0..<0x20:
                throw failure("control character in a string")
            case 0..<0x80:
                index += 1
            default:
                try skipMultibyteScalar(leading: byte)
            }
        }
        throw failure("unterminated string")
    }

    /// One UTF-8 sequence of two to four bytes (RFC 3629: no overlongs, no surrogates, nothing past U+10FFFF).
    mutating func skipMultibyteScalar(leading: UInt8) throws(JSONParsingError) {
        let length: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch leading {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            upper = 0x9F
        case 0xF0:
            length = 4
            lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            upper = 0x8F
        default: throw failure("string is not valid UTF-8")
        }
        guard index + length <= bytes.count else { throw failure("string is not valid UTF-8") }
        for offset in 1..<length {
            let continuation = bytes[index + offset]
            let (low, high) = offset == 1 ? (lower, upper) : (UInt8(0x80), UInt8(0xBF))
            guard continuation >= low, continuation <= high else { throw failure("string is not valid UTF-8") }
        }
        index += length
    }
}
