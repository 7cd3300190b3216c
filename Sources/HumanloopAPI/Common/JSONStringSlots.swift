/// A value's JSON encoding in which only one string changes: encoded once, with the string's places kept,
/// so that each later value costs a copy of the fixed bytes and an escape of the string.
///
/// A streamed generation sends one chunk per text delta, and the chunks of one sample differ only in the
/// delta (`output` and `raw_output`); encoding the whole response type through `Encodable` for every
/// delta was most of a stream event's work.
///
/// The places are found by encoding the value around a random marker and splitting where the marker
/// landed. The slots are only kept if they rebuild exactly the value's encoding for another string (the
/// empty one), so a marker that also turned up elsewhere (by chance, or in a string the client sent) or a
/// value that encodes its string in some transformed way is caught, and `init` gives `nil`.
public struct JSONStringSlots: Sendable {
    /// The fixed bytes around the string's places: one more than there are places.
    let segments: [[UInt8]]

    /// `makeValue(text)` is the value holding `text`; `nil` when the string's places cannot be told.
    public init?<Value: Encodable>(encoder: StreamingJSONEncoder, _ makeValue: (String) -> Value) {
        let marker =
            "lgslot" + String(UInt64.random(in: .min ... .max), radix: 36)
            + String(UInt64.random(in: .min ... .max), radix: 36)
        guard let marked = try? encoder.encode(makeValue(marker)),
            let empty = try? encoder.encode(makeValue(""))
        else { return nil }
        // The marker is plain ASCII letters and digits, so it is encoded as itself, between quotes.
        let segments = Self.split(marked, at: Array("\"\(marker)\"".utf8))
        guard segments.count > 1, Array(segments.joined(separator: Array("\"\"".utf8))) == empty else { return nil }
        self.segments = segments
    }

    /// The value's encoding with `text` in every place.
    public func render(_ text: String) -> [UInt8] {
        var string: [UInt8] = []
        string.reserveCapacity(text.utf8.count + 2)
        JSONValue.writeString(text, into: &string)
        var output: [UInt8] = []
        output.reserveCapacity(segments.reduce(0) { $0 + $1.count } + string.count * (segments.count - 1))
        output.append(contentsOf: segments[0])
        for segment in segments.dropFirst() {
            output.append(contentsOf: string)
            output.append(contentsOf: segment)
        }
        return output
    }

    /// `bytes` cut at each occurrence of `separator` (which is dropped).
    static func split(_ bytes: [UInt8], at separator: [UInt8]) -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        var start = 0
        var index = 0
        while index + separator.count <= bytes.count {
            if bytes[index] == separator[0], bytes[index..<(index + separator.count)].elementsEqual(separator) {
                pieces.append(Array(bytes[start..<index]))
                index += separator.count
                start = index
            } else {
                index += 1
            }
        }
        pieces.append(Array(bytes[start...]))
        return pieces
    }
}
