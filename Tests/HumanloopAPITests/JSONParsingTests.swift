import Foundation
import HumanloopAPI
import Testing

@Suite("JSONValue parsing")
struct JSONParsingTests {
    /// What Foundation's decoder makes of the same text, through `JSONValue`'s `Decodable` conformance.
    func foundation(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    @Test(arguments: [
        #"{"i":1,"f":1.5,"b":true,"n":null,"s":"x","a":[1,[],{}]}"#,
        #"  [ -0 , 0.25 , -12.5e-3 , 1.25E+1 , 9223372036854775807 , -9223372036854775808 ]  "#,
        #"{"nested":{"deeper":{"list":[{"k":"v"},false,null]}}}"#,
        #""escapes: \" \\ \/ \b \f \n \r \t \u0041 \u00e9 \u20ac \ud83c\udf89""#,
        #"{"emoji":"🎉 straight","é":"clé"}"#,
        "\"\"", "0", "-1", "true", "null", "{}", "[]",
    ])
    func parsesWhatFoundationParses(_ text: String) throws {
        #expect(try JSONValue(parsing: text) == foundation(text))
    }

    /// Only digits make an integer: `1e2` is a float, where Foundation's decoder would take it for the
    /// integer 100. Both write back as `100`.
    @Test func keepsIntegersApartFromFloats() throws {
        let value = try JSONValue(parsing: #"[1, 1.0, 1e2, 92233720368547758070]"#)
        #expect(value == .array([.integer(1), .number(1), .number(100), .number(92_233_720_368_547_758_070)]))
    }

    @Test(arguments: [
        "", " ", "{", "[1,]", #"{"a":1,}"#, #"{"a" 1}"#, #"{a:1}"#, "01", "-", "1.", "1e", ".5", "+1",
        "tru", "nul", #""unterminated"#, "\"tab\there\"", #""\x""#, #""\u12""#, #""\ud83c""#, #""\udf89""#,
        "[1] x", "1e400", "{\"a\":1}{}",
    ])
    func refusesWhatIsNotJSON(_ text: String) {
        #expect(throws: JSONParsingError.self) { try JSONValue(parsing: text) }
    }

    @Test func refusesInvalidUTF8() {
        let bytes: [UInt8] = [0x22, 0xC3, 0x28, 0x22]  // "\xC3(" : a broken two-byte sequence
        #expect(throws: JSONParsingError.self) { try JSONValue(parsing: bytes) }
    }

    @Test func refusesNestingDeeperThanTheLimit() throws {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONParsingError.self) { try JSONValue(parsing: deep) }
        let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        _ = try JSONValue(parsing: fine)
    }

    @Test func saysWhereItStopped() {
        #expect(throws: JSONParsingError(offset: 7, reason: "expected ',' or '}' in an object")) {
            try JSONValue(parsing: #"{"a":1 "b":2}"#)
        }
    }

    @Test func serialisedRandomValuesParseBack() throws {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<300 {
            let value = JSONValue.random(depth: 4, using: &generator)
            #expect(try JSONValue(parsing: value.serialized()) == value)
        }
    }
}

/// A small deterministic generator, so a failing random case is the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension JSONValue {
    static func random(depth: Int, using generator: inout SplitMix64) -> JSONValue {
        let kind = Int.random(in: 0..<(depth > 0 ? 8 : 6), using: &generator)
        switch kind {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .integer(Int.random(in: Int.min...Int.max, using: &generator))
        case 3: return .number(Double.random(in: -1e6...1e6, using: &generator) + 0.5)
        case 4, 5: return .string(randomText(using: &generator))
        case 6:
            return .array(
                (0..<Int.random(in: 0..<5, using: &generator)).map { _ in random(depth: depth - 1, using: &generator) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0..<5, using: &generator) {
                members[randomText(using: &generator)] = random(depth: depth - 1, using: &generator)
            }
            return .object(members)
        }
    }

    static func randomText(using generator: inout SplitMix64) -> String {
        let alphabet = Array("aZ 0\"\\/\n\t\u{01}\u{1F}é€🎉{}[],:")
        return String(
            (0..<Int.random(in: 0..<12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
