import HumanloopAPI
import Testing

/// Issue 21: objects a caller sent came back in a `Dictionary`'s random order.
@Suite("JSONObject")
struct JSONObjectTests {
    static let scrambledKeys = ["zeta", "alpha", "mu", "beta", "omega", "delta", "kappa", "epsilon", "iota", "gamma"]

    static var text: String {
        "{" + scrambledKeys.enumerated().map { #""\#($1)":\#($0)"# }.joined(separator: ",")
            + #","nested":{"b":1,"a":2}}"#
    }

    @Test func parsingThenSerialisingKeepsTheMembersInTheOrderGiven() throws {
        let value = try JSONValue(parsing: Self.text)
        #expect(value.serialized() == Self.text)
        #expect(Array(try #require(value.objectValue).keys) == Self.scrambledKeys + ["nested"])
    }

    @Test func sortedSerialisationIsCanonicalWhateverTheOrder() throws {
        let given = try JSONValue(parsing: #"{"b":1,"a":{"y":2,"x":3}}"#)
        let reordered = try JSONValue(parsing: #"{"a":{"x":3,"y":2},"b":1}"#)
        #expect(given.serialized(sortedKeys: true) == reordered.serialized(sortedKeys: true))
        #expect(given.serialized() != reordered.serialized())
    }

    @Test func equalityAndHashingIgnoreOrder() throws {
        let given = try #require(try JSONValue(parsing: #"{"b":1,"a":2}"#).objectValue)
        let reordered = try #require(try JSONValue(parsing: #"{"a":2,"b":1}"#).objectValue)
        #expect(given == reordered)
        #expect(given.hashValue == reordered.hashValue)
        #expect(given != (try JSONValue(parsing: #"{"a":2,"b":3}"#).objectValue))
        #expect(given != (try JSONValue(parsing: #"{"a":2}"#).objectValue))
    }

    /// A key given twice keeps its first place and takes its last value, as Python's json does.
    @Test func aRepeatedKeyKeepsItsFirstPlaceAndLastValue() throws {
        #expect(try JSONValue(parsing: #"{"a":1,"b":2,"a":3}"#).serialized() == #"{"a":3,"b":2}"#)
    }

    /// Through `Codable` (the wire types' `inputs` and `metadata`), with the streaming encoder.
    @Test func aDecodedObjectIsEncodedInTheOrderGiven() throws {
        struct Body: Codable { var inputs: JSONObject }
        let body = try JSONTreeDecoder().decode(Body.self, from: try JSONValue(parsing: #"{"inputs":\#(Self.text)}"#))
        #expect(
            String(decoding: try StreamingJSONEncoder().encode(body), as: UTF8.self) == #"{"inputs":\#(Self.text)}"#)
    }

    @Test func sortingKeysOrdersEveryObjectAtEveryDepth() throws {
        let value = try JSONValue(parsing: #"{"b":[{"z":1,"a":2}],"a":{"y":{"d":1,"c":2},"x":3}}"#)
        #expect(value.sortingKeys().serialized() == #"{"a":{"x":3,"y":{"c":2,"d":1}},"b":[{"a":2,"z":1}]}"#)
        #expect(value.sortingKeys() == value)
    }
}
