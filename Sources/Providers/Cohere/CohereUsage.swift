import HumanloopAPI

/// Cohere's usage: the model's own token counts, else the billed ones. Counts may come as `12.0`.
struct CohereUsage: Decodable {
    struct Counts: Decodable {
        var inputTokens: Double?
        var outputTokens: Double?

        init(json: JSONValue?) {
            inputTokens = json?["input_tokens"].flatMap(Self.number)
            outputTokens = json?["output_tokens"].flatMap(Self.number)
        }

        static func number(_ value: JSONValue) -> Double? {
            switch value {
            case .integer(let number): return Double(number)
            case .number(let number): return number
            default: return nil
            }
        }

        enum CodingKeys: String, CodingKey {
            case inputTokens = "input_tokens"
            case outputTokens = "output_tokens"
        }
    }

    var tokens: Counts?
    var billedUnits: Counts?

    /// The usage of a stream's `message-end`, read from free JSON.
    init(json: JSONValue) {
        tokens = json["tokens"].map { Counts(json: $0) }
        billedUnits = json["billed_units"].map { Counts(json: $0) }
    }

    enum CodingKeys: String, CodingKey {
        case tokens
        case billedUnits = "billed_units"
    }

    var inputTokens: Int { Int(tokens?.inputTokens ?? billedUnits?.inputTokens ?? 0) }
    var outputTokens: Int { Int(tokens?.outputTokens ?? billedUnits?.outputTokens ?? 0) }
}
