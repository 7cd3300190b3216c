import Foundation
import HumanloopAPI
import Testing

@Suite("JSONValue")
struct JSONValueTests {
    @Test func decodesAndKeepsIntegersApartFromFloats() throws {
        let value = try JSONDecoder().decode(
            JSONValue.self, from: Data(#"{"i":1,"f":1.5,"b":true,"n":null,"s":"x","a":[1]}"#.utf8))
        #expect(value["i"] == .integer(1))
        #expect(value["f"] == .number(1.5))
        #expect(value["b"] == .bool(true))
        #expect(value["n"] == .null)
        #expect(value["a"] == [1])
    }

    @Test func canonicalSerialisationSortsKeysAndEscapes() {
        let value: JSONValue = ["b": 1, "a": ["z": "q\"\\\n\u{01}", "y": 2.0], "é": nil]
        #expect(value.serialized(sortedKeys: true) == #"{"a":{"y":2,"z":"q\"\\\n\u0001"},"b":1,"é":null}"#)
    }

    @Test func serialisedTextParsesBackToTheSameValue() throws {
        let value: JSONValue = ["list": [1, 2.25, "three", false, nil, ["nested": []]], "emoji": "🎉"]
        let parsed = try JSONDecoder().decode(JSONValue.self, from: Data(value.serialized().utf8))
        #expect(parsed == value)
    }
}
