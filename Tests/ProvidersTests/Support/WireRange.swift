import HumanloopAPI

/// A range a provider's API documents for one number in the request body, as the fakes check it: written
/// out apart from the adapters' own limits, so that a wrong limit in an adapter reaches a fake that
/// answers as the real API would.
struct WireRange: Sendable {
    /// The number's place in the body: `["p"]`, `["generationConfig", "temperature"]`.
    var path: [String]
    var lowest: Double?
    var highest: Double?
    var excludesHighest = false

    init(_ path: String..., lowest: Double? = nil, highest: Double? = nil, excludesHighest: Bool = false) {
        self.path = path
        self.lowest = lowest
        self.highest = highest
        self.excludesHighest = excludesHighest
    }

    var name: String { path.last ?? "" }

    /// The number the body carries at `path` when it is outside the range.
    func violation(in body: JSONValue) -> Double? {
        var value: JSONValue? = body
        for key in path { value = value?[key] }
        guard let number = value?.double else { return nil }
        if let lowest, number < lowest { return number }
        if let highest, excludesHighest ? number >= highest : number > highest { return number }
        return nil
    }

    /// Whether `value`, out of the range, is below it rather than above.
    func isBelow(_ value: Double) -> Bool {
        value < (lowest ?? -.infinity)
    }

    /// Every range `body` breaks, with the number it carries.
    static func violations(of ranges: [WireRange], in body: JSONValue) -> [(range: WireRange, value: Double)] {
        ranges.compactMap { range in range.violation(in: body).map { (range, $0) } }
    }
}
