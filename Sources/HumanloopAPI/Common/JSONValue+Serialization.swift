extension JSONValue {
    /// Compact JSON text (no whitespace). With `sortedKeys`, object members are ordered by the UTF-8
    /// bytes of their keys and integral numbers are written as integers, which makes the text canonical:
    /// equal values give equal text, whatever order or number spelling they arrived with.
    public func serialized(sortedKeys: Bool = false) -> String {
        var output = [UInt8]()
        output.reserveCapacity(64)
        write(into: &output, sortedKeys: sortedKeys)
        return String(decoding: output, as: UTF8.self)
    }

    func write(into output: inout [UInt8], sortedKeys: Bool) {
        switch self {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let value):
            output.append(contentsOf: (value ? "true" : "false").utf8)
        case .integer(let value):
            output.append(contentsOf: String(value).utf8)
        case .number(let value):
            output.append(contentsOf: Self.numberText(value).utf8)
        case .string(let value):
            Self.writeString(value, into: &output)
        case .array(let values):
            output.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                value.write(into: &output, sortedKeys: sortedKeys)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            if sortedKeys {
                for (index, key) in members.canonicallyOrderedKeys.enumerated() {
                    if index > 0 { output.append(UInt8(ascii: ",")) }
                    Self.writeMember(key, members[key]!, into: &output, sortedKeys: true)
                }
            } else {
                for (index, member) in members.enumerated() {
                    if index > 0 { output.append(UInt8(ascii: ",")) }
                    Self.writeMember(member.key, member.value, into: &output, sortedKeys: false)
                }
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    static func writeMember(_ key: String, _ value: JSONValue, into output: inout [UInt8], sortedKeys: Bool) {
        writeString(key, into: &output)
        output.append(UInt8(ascii: ":"))
        value.write(into: &output, sortedKeys: sortedKeys)
    }

    /// Integral values within the exactly-representable range are written without a fraction
    /// (`1.0` → `1`); others use Swift's shortest round-tripping form. Non-finite values have no JSON
    /// spelling and become `null`.
    static func numberText(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 {
            return String(Int64(value))
        }
        return String(value)
    }

    static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        let written: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            // Runs of bytes that need no escape are copied whole; most strings are one such run.
            var runStart = 0
            for (index, byte) in bytes.enumerated() where needsEscape(byte) {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                appendEscape(byte, into: &output)
                runStart = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        if written == nil {
            for byte in text.utf8 {
                if needsEscape(byte) {
                    appendEscape(byte, into: &output)
                } else {
                    output.append(byte)
                }
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// Control characters, `"` and `\` must be escaped inside a JSON string.
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private static func appendEscape(_ byte: UInt8, into output: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): output.append(contentsOf: "\\\"".utf8)
        case UInt8(ascii: "\\"): output.append(contentsOf: "\\\\".utf8)
        case 0x0A: output.append(contentsOf: "\\n".utf8)
        case 0x0D: output.append(contentsOf: "\\r".utf8)
        case 0x09: output.append(contentsOf: "\\t".utf8)
        case 0x08: output.append(contentsOf: "\\b".utf8)
        case 0x0C: output.append(contentsOf: "\\f".utf8)
        default:
            let hex: StaticString = "0123456789abcdef"
            output.append(contentsOf: "\\u00".utf8)
            output.append(hex.utf8Start[Int(byte >> 4)])
            output.append(hex.utf8Start[Int(byte & 0x0F)])
        }
    }
}
