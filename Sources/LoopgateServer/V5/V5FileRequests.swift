import HumanloopAPI
import LoopgateCore

// The v5 upsert and log bodies of Tools, Flows, Evaluators and Datasets onto the core's: the one place
// each of their fields is read, and where the wire's rules on them (CONTRACT-v5.md, "Logging without
// generating") are checked.

extension FileUpsert {
    package init(v5 body: ToolUpsertRequest) {
        var kernel: [String: JSONValue] = [:]
        kernel["function"] = body.function.map(JSONValue.object)
        kernel["source_code"] = body.sourceCode.map(JSONValue.string)
        kernel["setup_values"] = body.setupValues.map(JSONValue.object)
        kernel["attributes"] = body.attributes.map(JSONValue.object)
        kernel["tool_type"] = body.toolType.map(JSONValue.string)
        self.init(kind: .tool, id: body.id, path: body.path, definition: JSONObject(kernel))
        describe(body.versionName, body.versionDescription, body.description, body.tags, body.readme)
    }

    /// A Flow's version is its `attributes` (required).
    package init(v5 body: FlowUpsertRequest) throws {
        guard let attributes = body.attributes else { throw GatewayError.invalid([.missing(["body", "attributes"])]) }
        self.init(
            kind: .flow, id: body.id, path: body.path, definition: JSONObject(["attributes": .object(attributes)]))
        describe(body.versionName, body.versionDescription, body.description, body.tags, body.readme)
    }

    /// An Evaluator's version is its `spec`, which must say its arguments, return and evaluator types.
    package init(v5 body: EvaluatorUpsertRequest) throws {
        let spec = try Self.evaluatorSpec(body.spec)
        self.init(kind: .evaluator, id: body.id, path: body.path, definition: JSONObject(["spec": .object(spec)]))
        describe(body.versionName, body.versionDescription, body.description, body.tags, body.readme)
    }

    init(v5 body: DatasetUpsertRequest) {
        self.init(kind: .dataset, id: body.id, path: body.path, definition: JSONObject())
        describe(body.versionName, body.versionDescription, body.description, body.tags, body.readme)
    }

    mutating func describe(
        _ versionName: String?, _ versionDescription: String?, _ description: String?, _ tags: [String]?,
        _ readme: String?
    ) {
        self.versionName = versionName
        self.versionDescription = versionDescription
        self.description = description
        self.tags = tags
        self.readme = readme
    }

    static let evaluatorSpecFields = ["arguments_type", "return_type", "evaluator_type"]

    static func evaluatorSpec(_ spec: JSONObject?) throws -> JSONObject {
        guard let spec else { throw GatewayError.invalid([.missing(["body", "spec"])]) }
        let missing = evaluatorSpecFields.filter { spec[$0]?.stringValue == nil }
        guard missing.isEmpty else {
            throw GatewayError.invalid(missing.map { .missing(["body", "spec", .key($0)]) })
        }
        return spec
    }
}

extension FileLogEntry {
    /// `tools.log`, `flows.log` or `evaluators.log`, with the query's `version_id` and `environment`.
    init(v5 body: FileLogRequest, kind: FileKind, versionID: String?, environment: String?) throws {
        self.init(kind: kind)
        fileID = body.id
        path = body.path
        switch kind {
        case .tool: definition = body.tool
        case .flow:
            definition = body.flow.map {
                JSONObject(["attributes": .object($0["attributes"]?.objectValue ?? JSONObject())])
            }
        case .evaluator:
            definition = try body.spec.map { JSONObject(["spec": .object(try FileUpsert.evaluatorSpec($0))]) }
        case .dataset: definition = nil
        }
        self.versionID = versionID ?? body.versionID
        versionEnvironment = environment
        self.environment = body.environment
        inputs = body.inputs
        output = body.output
        outputMessage = body.outputMessage
        messages = body.messages
        error = body.error
        metadata = body.metadata
        source = body.source
        user = body.user
        sourceDatapointID = body.sourceDatapointID
        createdAt = body.createdAt ?? body.startTime
        duration = Timestamp.seconds(from: body.startTime, to: body.endTime)
        providerLatency = body.providerLatency
        providerRequest = body.providerRequest
        providerResponse = body.providerResponse
        logStatus = try LogStatusField.read(body.logStatus)
        traceParentID = body.traceParentID
        runID = body.runID
        save = body.save ?? true
        parentID = body.parentID
        judgment = body.judgment
        markedCompleted = body.markedCompleted
    }
}

extension FileLogUpdate {
    init(v5 body: FileLogUpdateRequest) throws {
        self.init()
        inputs = body.inputs
        output = body.output
        outputMessage = body.outputMessage
        messages = body.messages
        error = body.error
        metadata = body.metadata
        source = body.source
        logStatus = try LogStatusField.read(body.logStatus)
        providerLatency = body.providerLatency
        providerRequest = body.providerRequest
        providerResponse = body.providerResponse
        duration = Timestamp.seconds(from: body.startTime, to: body.endTime)
    }
}

/// A log's `log_status`: `complete` or `incomplete` (422 otherwise).
enum LogStatusField {
    static func read(_ status: String?) throws -> String? {
        guard let status else { return nil }
        guard ["complete", "incomplete"].contains(status) else {
            throw GatewayError.invalid(["body", "log_status"], "log_status must be 'complete' or 'incomplete'")
        }
        return status
    }
}
