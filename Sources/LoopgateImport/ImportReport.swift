/// What an import did: counts per kind (new now, and found already there from an earlier import), and
/// everything it left out, each with where it was in the export.
public struct ImportReport: Sendable {
    /// New and already-there counts of one kind of record.
    public struct Count: Sendable, Hashable {
        public var new = 0
        public var existing = 0
    }

    public var prompts = Count()
    public var tools = Count()
    public var flows = Count()
    public var evaluators = Count()
    public var datasets = Count()
    public var versions = Count()
    public var deployments = Count()
    public var datapoints = 0
    public var logs = Count()
    public var feedback = Count()
    public var evaluations = Count()
    public var runs = Count()

    /// Lines and files that could not be read (`path:line: reason`): skipped, the rest imported.
    public var skipped: [String] = []
    /// What has no counterpart in Loopgate (Agents, unknown file types, …): listed, not imported.
    public var withoutCounterpart: [String] = []
    /// Files not imported because their path or id is taken.
    public var conflicts: [String] = []
    /// Files the export tool did not finish (no `.done`): imported as far as they go.
    public var unfinished: [String] = []

    /// Whether something was left out that the export meant to hold: the exit status says so.
    public var isComplete: Bool { skipped.isEmpty && conflicts.isEmpty }

    /// The report as the terminal shows it.
    public var text: String {
        var lines = ["Imported (new / already there):"]
        let rows: [(String, Count)] = [
            ("prompts", prompts), ("tools", tools), ("flows", flows), ("evaluators", evaluators),
            ("datasets", datasets), ("versions", versions), ("deployments", deployments), ("logs", logs),
            ("feedback", feedback), ("evaluations", evaluations), ("evaluation runs", runs),
        ]
        for (name, count) in rows {
            let label = name + String(repeating: " ", count: max(1, 16 - name.count))
            lines.append("  \(label)\(count.new) / \(count.existing)")
        }
        lines.append("  datapoints      \(datapoints)")
        for (title, items) in [
            ("Skipped (unreadable)", skipped), ("Not imported (path or id taken)", conflicts),
            ("No counterpart in Loopgate (not imported)", withoutCounterpart),
            ("Unfinished by the export tool (no .done; imported as far as they go)", unfinished),
        ] where !items.isEmpty {
            lines.append("\(title): \(items.count)")
            lines.append(contentsOf: items.prefix(Self.listLimit).map { "  " + $0 })
            if items.count > Self.listLimit { lines.append("  … and \(items.count - Self.listLimit) more") }
        }
        return lines.joined(separator: "\n")
    }

    static let listLimit = 50
}
