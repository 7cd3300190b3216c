/// Where a v5 log sits beyond its file: the Flow log it is a child of (and that trace's root), and the
/// evaluation run it joined. Resolved and checked before a log is built (`TraceService.placement`);
/// v4 logs have none.
public struct LogTrace: Sendable, Hashable {
    /// The Flow log this log is a child of.
    public var parentID: String?
    /// The trace's root Flow log.
    public var traceID: String?
    public var runID: String?

    public init(parentID: String? = nil, traceID: String? = nil, runID: String? = nil) {
        self.parentID = parentID
        self.traceID = traceID
        self.runID = runID
    }
}

extension LogRecordBuilder {
    /// Places the log in its trace and run.
    mutating func join(_ trace: LogTrace) {
        columns.traceParentID = trace.parentID
        columns.traceID = trace.traceID
        columns.runID = trace.runID
    }
}
