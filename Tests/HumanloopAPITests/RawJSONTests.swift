import Foundation
import HumanloopAPI
import Testing

@Suite("RawJSON")
struct RawJSONTests {
    static let valid = [
        #"{"i":1,"f":1.5,"b":true,"n":null,"s":"x","a":[1,[],{}]}"#,
        "  [ -0 , 0.25 , -12.5e-3 , 1E+2 ]\n", #""escapes: \" \\ \/ \b \f \n \r \t \u00e9 \ud83c\udf89""#,
        #"{"emoji":"🎉","é":"clé","cjk":"漢字"}"#, "0", "true", "null", "{}", "[]",
    ]

    static let invalid = [
        "", " ", "{", "[1,]", #"{"a":1,}"#, #"{"a" 1}"#, "01", "1.", "tru", #""unterminated"#, "\"tab\there\"",
        #""\x""#, #""\ud83c""#, "[1] x", "{\"a\":1}{}",
    ]

    @Test(arguments: valid)
    func acceptsWhatTheParserAccepts(_ text: String) throws {
        let raw = try RawJSON(validating: text)
        #expect(raw.text == text)
        #expect(raw.value == (try JSONValue(parsing: text)))
    }

    @Test(arguments: invalid)
    func refusesWhatTheParserRefuses(_ text: String) {
        #expect(throws: JSONParsingError.self) { try RawJSON(validating: text) }
        #expect(throws: JSONParsingError.self) { try JSONValue(parsing: text) }
    }

    /// RFC 3629: no overlong forms, no encoded surrogates, nothing past U+10FFFF, no stray continuations.
    @Test(
        arguments: [
            [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xC3],
            [0xF0, 0x9F, 0x8E],
        ] as [[UInt8]])
    func refusesInvalidUTF8InStrings(_ sequence: [UInt8]) {
        let bytes = [UInt8(ascii: "\"")] + sequence + [UInt8(ascii: "\"")]
        #expect(throws: JSONParsingError.self) { try RawJSON(validating: bytes) }
        #expect(throws: JSONParsingError.self) { try JSONValue(parsing: bytes) }
        // The same after an escape, which the parser decodes on its slower path.
        let escaped = Array(#""\n"#.utf8) + sequence + [UInt8(ascii: "\"")]
        #expect(throws: JSONParsingError.self) { try JSONValue(parsing: escaped) }
    }

    @Test func streamingEncoderCopiesTheBytesAndFoundationGetsTheValue() throws {
        let raw = try RawJSON(validating: #"{ "b": [1, 2.5],  "a": "x" }"#)
        let streamed = try StreamingJSONEncoder().encodeText(["raw": raw])
        #expect(streamed == #"{"raw":{ "b": [1, 2.5],  "a": "x" }}"#)
        let foundation = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(["raw": raw]))
        #expect(foundation == ["raw": ["b": [1, 2.5], "a": "x"]])
        let decoded = try JSONDecoder().decode(RawJSON.self, from: Data(streamed.utf8).dropFirst(7).dropLast())
        #expect(decoded.value == raw.value)
    }
}
