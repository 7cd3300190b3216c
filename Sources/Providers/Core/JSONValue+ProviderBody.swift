import Foundation
import HumanloopAPI

extension JSONValue {
    /// Parses JSON text; `nil` when it is not JSON.
    static func parse(_ text: String) -> JSONValue? {
        try? JSONValue(parsing: text)
    }
}

extension JSONObject {
    /// The body with the config's `other` merged over it: `other` is the user's escape hatch for any
    /// provider parameter, so it wins over everything Loopgate mapped.
    func merging(other: JSONObject) -> JSONObject {
        var merged = self
        for (key, value) in other { merged[key] = value }
        return merged
    }
}

extension FunctionCall {
    /// The arguments as the JSON text OpenAI-style APIs carry: a string as it is, anything else (0.5
    /// clients may send an object) serialised, none as `{}`.
    var argumentsText: String {
        switch arguments {
        case .string(let text)?: return text
        case nil, .null?: return "{}"
        case let value?: return value.serialized()
        }
    }

    /// The arguments as the JSON object Anthropic and Gemini carry: an object as it is, JSON text parsed;
    /// text that is not a JSON object is kept under `"arguments"` rather than lost.
    var argumentsObject: JSONValue {
        switch arguments {
        case .object?: return arguments!
        case nil, .null?: return .object([:])
        case .string(let text)?:
            if text.trimmingWhitespace().isEmpty { return .object([:]) }
            if let parsed = JSONValue.parse(text), case .object = parsed { return parsed }
            return .object(["arguments": .string(text)])
        case let value?: return .object(["arguments": value])
        }
    }
}
