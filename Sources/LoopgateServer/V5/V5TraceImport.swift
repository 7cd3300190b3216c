import HumanloopAPI
import LoopgateCore

// OTLP spans from the 0.8.x SDK's decorators onto the core's imported spans: the one place the SDK's
// span attributes are read. `humanloop.file.type` says what a span is (`flow`, `tool`, `prompt`);
// `humanloop.file.*` is the file's version, `humanloop.log.*` the log, flattened with dots. The SDK
// writes every value as Python's `str()` of it (`"True"`, `"('a', 'b')"`), so the file's kernel is read
// back from those spellings. A provider call inside `@prompt` carries the instrumentor's `gen_ai.*`
// attributes instead (both the current `gen_ai.input.messages` form and the older `gen_ai.prompt.N.*`).

extension ImportedSpan {
    /// The span as the core records it; `nil` for a span that is not Humanloop's (no `humanloop.file.type`).
    init?(otlp span: OTLPTracesRequest.Span) throws {
        let attributes = SpanAttributes(span.attributes)
        guard let type = attributes.string("humanloop.file.type") else { return nil }
        let log = attributes.object(under: "humanloop.log", pythonLiterals: false)
        let path = attributes.string("humanloop.file.path")
        let start = span.startTimeUnixNano.map { Timestamp(microsecondsSinceEpoch: Int64($0 / 1000)) }
        let duration = span.startTimeUnixNano.flatMap { start in
            span.endTimeUnixNano.map { end in Double(end &- start) / 1_000_000_000 }
        }
        switch type {
        case "flow":
            if let logID = log["id"]?.stringValue {
                self = .completion(logID: logID, try FileLogUpdate(otlpLog: log))
                return
            }
            var entry = try FileLogEntry(otlpLog: log, kind: .flow, path: path, start: start, duration: duration)
            entry.definition = JSONObject([
                "attributes": .object(attributes.object(under: "humanloop.file.attributes", pythonLiterals: true))
            ])
            self = .log(entry)
        case "tool":
            var entry = try FileLogEntry(otlpLog: log, kind: .tool, path: path, start: start, duration: duration)
            let file = attributes.object(under: "humanloop.file", pythonLiterals: true).dictionary
            var kernel: [String: JSONValue] = [:]
            for key in ["function", "source_code", "setup_values", "attributes"] { kernel[key] = file[key] }
            entry.definition = JSONObject(kernel)
            self = .log(entry)
        case "prompt":
            guard let path else { throw GatewayError.invalid(["humanloop.file.path"], "a prompt span needs its path") }
            self = try Self.promptLog(attributes, log: log, path: path, start: start, duration: duration)
        default:
            throw GatewayError.invalid(
                ["humanloop.file.type"], "'\(type)' is not a kind of file a span is imported as (flow, tool, prompt)")
        }
    }

    /// A provider call inside `@prompt`: its settings are the version, its messages and answer the log.
    static func promptLog(
        _ attributes: SpanAttributes, log: JSONObject, path: String, start: Timestamp?, duration: Double?
    ) throws -> ImportedSpan {
        guard let model = attributes.string("gen_ai.request.model") ?? attributes.string("gen_ai.response.model")
        else { throw GatewayError.invalid(["gen_ai.request.model"], "a prompt span needs its model") }
        var config = ModelConfigRequest(model: model)
        config.provider = (attributes.string("gen_ai.provider.name") ?? attributes.string("gen_ai.system"))?
            .lowercased()
        config.temperature = attributes.double("gen_ai.request.temperature")
        config.maxTokens = attributes.double("gen_ai.request.max_tokens").map { Int($0) }
        config.topP = attributes.double("gen_ai.request.top_p")

        var entry = LogEntry()
        entry.idPrefix = .v5Log
        entry.messages = attributes.messages(current: "gen_ai.input.messages", legacy: "gen_ai.prompt")
        let answer = attributes.messages(current: "gen_ai.output.messages", legacy: "gen_ai.completion")?.first
        entry.outputMessage = answer.map { ChatMessage(role: .assistant, content: $0.content) }
        if case .text(let text)? = answer?.content { entry.output = text }
        entry.finishReason =
            attributes.outputFinishReason()
            ?? attributes.string("gen_ai.response.finish_reasons").flatMap { PythonLiteral.strings($0)?.first }
        entry.promptTokens =
            (attributes.double("gen_ai.usage.input_tokens")
            ?? attributes.double("gen_ai.usage.prompt_tokens")).map { Int($0) }
        entry.outputTokens =
            (attributes.double("gen_ai.usage.output_tokens")
            ?? attributes.double("gen_ai.usage.completion_tokens")).map { Int($0) }
        entry.createdAt = start
        entry.duration = duration
        entry.providerLatency = duration
        entry.inputs = log["inputs"]?.objectValue
        entry.sourceDatapointID = log["source_datapoint_id"]?.stringValue
        return .promptLog(
            path: path, config: config, entry: entry, traceParentID: log["trace_parent_id"]?.stringValue,
            runID: log["run_id"]?.stringValue)
    }
}

extension FileLogEntry {
    init(otlpLog log: JSONObject, kind: FileKind, path: String?, start: Timestamp?, duration: Double?) throws {
        self.init(kind: kind)
        guard let path else { throw GatewayError.invalid(["humanloop.file.path"], "a span needs its file's path") }
        self.path = path
        inputs = log["inputs"]?.objectValue
        output = log["output"]?.stringValue
        outputMessage = log["output_message"].flatMap(ChatMessage.init(otlp:))
        error = log["error"]?.stringValue
        metadata = log["metadata"]?.objectValue
        traceParentID = log["trace_parent_id"]?.stringValue
        runID = log["run_id"]?.stringValue
        sourceDatapointID = log["source_datapoint_id"]?.stringValue
        logStatus = log["log_status"]?.stringValue
        createdAt = start
        self.duration = duration
    }
}

extension FileLogUpdate {
    /// A `@flow` span's end: its output (or error) and `complete`, with the evaluation run it was made in.
    init(otlpLog log: JSONObject) throws {
        self.init()
        output = log["output"]?.stringValue
        outputMessage = log["output_message"].flatMap(ChatMessage.init(otlp:))
        error = log["error"]?.stringValue
        inputs = log["inputs"]?.objectValue
        logStatus = log["log_status"]?.stringValue ?? "complete"
        runID = log["run_id"]?.stringValue
        sourceDatapointID = log["source_datapoint_id"]?.stringValue
    }
}

extension ChatMessage {
    /// `{"role": …, "content": …}` as a span's flattened attributes give it.
    init?(otlp value: JSONValue) {
        guard let role = value["role"]?.stringValue.flatMap(ChatRole.init(rawValue:)) else { return nil }
        self.init(role: role, content: value["content"]?.stringValue.map(ChatContent.text))
    }
}

/// A span's attributes by key.
struct SpanAttributes {
    let values: [String: JSONValue]

    init(_ attributes: [OTLPTracesRequest.KeyValue]) {
        values = Dictionary(attributes.map { ($0.key, $0.value?.json ?? .null) }, uniquingKeysWith: { _, last in last })
    }

    func string(_ key: String) -> String? {
        switch values[key] {
        case .string(let text)?: text
        case .integer(let number)?: String(number)
        case .number(let number)?: String(number)
        default: nil
        }
    }

    func double(_ key: String) -> Double? {
        values[key]?.doubleValue ?? string(key).flatMap(Double.init)
    }

    /// The attributes below `prefix` as one object, nested at the dots (`a.0`, `a.1` as an array);
    /// with `pythonLiterals`, `True`/`False`/`None` and tuple or list spellings become JSON.
    func object(under prefix: String, pythonLiterals: Bool) -> JSONObject {
        var tree = Node()
        for (key, value) in values where key.hasPrefix(prefix + ".") {
            let path = key.dropFirst(prefix.count + 1).split(separator: ".").map(String.init)
            tree.insert(pythonLiterals ? PythonLiteral.json(value) : value, at: path[...])
        }
        return tree.json.objectValue ?? JSONObject()
    }

    /// Chat messages in the instrumentors' current form (a JSON text of `{"role", "parts": [{"content"}]}`)
    /// or their older one (`gen_ai.prompt.0.role`, `gen_ai.prompt.0.content`, …).
    func messages(current: String, legacy: String) -> [ChatMessage]? {
        if let text = string(current), case .array(let items)? = try? JSONValue(parsing: text) {
            return items.compactMap { item in
                guard let role = item["role"]?.stringValue.flatMap(ChatRole.init(rawValue:)) else { return nil }
                let parts = item["parts"]?.arrayValue?.compactMap { $0["content"]?.stringValue }
                return ChatMessage(
                    role: role, content: (parts?.joined() ?? item["content"]?.stringValue).map(ChatContent.text))
            }
        }
        let legacyMessages = object(under: legacy, pythonLiterals: false)
        guard !legacyMessages.isEmpty, case .array(let items) = Node.arrayIfIndexed(legacyMessages) else { return nil }
        return items.compactMap { item in
            ChatMessage(
                role: item["role"]?.stringValue.flatMap(ChatRole.init(rawValue:)) ?? .assistant,
                content: item["content"]?.stringValue.map(ChatContent.text))
        }
    }

    func outputFinishReason() -> String? {
        guard let text = string("gen_ai.output.messages"), case .array(let items)? = try? JSONValue(parsing: text)
        else { return nil }
        return items.first?["finish_reason"]?.stringValue
    }

    /// A tree of attribute path segments; objects whose keys are all 0, 1, … are arrays.
    struct Node {
        var value: JSONValue?
        var children: [String: Node] = [:]

        mutating func insert(_ value: JSONValue, at path: ArraySlice<String>) {
            guard let first = path.first else {
                self.value = value
                return
            }
            children[first, default: Node()].insert(value, at: path.dropFirst())
        }

        var json: JSONValue {
            if children.isEmpty { return value ?? .null }
            return Self.arrayIfIndexed(JSONObject(children.mapValues(\.json)))
        }

        static func arrayIfIndexed(_ object: JSONObject) -> JSONValue {
            let indices = object.keys.compactMap { Int($0) }
            guard indices.count == object.count, Set(indices) == Set(0..<object.count) else { return .object(object) }
            return .array((0..<object.count).compactMap { object[String($0)] })
        }
    }
}

/// Python's `str()` spellings the SDK writes attribute values in.
enum PythonLiteral {
    static func json(_ value: JSONValue) -> JSONValue {
        guard case .string(let text) = value else { return value }
        switch text {
        case "True": return .bool(true)
        case "False": return .bool(false)
        case "None": return .null
        default: return strings(text).map { .array($0.map(JSONValue.string)) } ?? value
        }
    }

    /// The strings of a tuple or list of strings (`('a', 'b')`, `['a']`, `()`); `nil` for anything else.
    static func strings(_ text: String) -> [String]? {
        guard let open = text.first, let close = text.last, text.count >= 2,
            (open == "(" && close == ")") || (open == "[" && close == "]")
        else { return nil }
        var items: [String] = []
        var index = text.index(after: text.startIndex)
        let end = text.index(before: text.endIndex)
        while index < end {
            let character = text[index]
            if character == "'" || character == "\"" {
                var item = ""
                var cursor = text.index(after: index)
                while cursor < end, text[cursor] != character {
                    if text[cursor] == "\\", text.index(after: cursor) < end { cursor = text.index(after: cursor) }
                    item.append(text[cursor])
                    cursor = text.index(after: cursor)
                }
                guard cursor < end else { return nil }
                items.append(item)
                index = text.index(after: cursor)
            } else if character == "," || character == " " {
                index = text.index(after: index)
            } else {
                return nil
            }
        }
        return items
    }
}
