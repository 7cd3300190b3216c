import HumanloopAPI
import Testing

/// `POST /v5/import/otel/v1/traces`: the SDK decorators' spans become logs in their traces
/// (CONTRACT-v5.md, "Files"). The bodies are what the 0.8.38 SDK sends (protobuf's JSON mapping, every
/// attribute a Python `str()`).
@Suite("v5 OpenTelemetry import")
struct TraceImportTests {
    static func attribute(_ key: String, _ value: String) -> String {
        #"{"key":"\#(key)","value":{"stringValue":\#(JSONValue.string(value).serialized())}}"#
    }

    static func spans(_ spans: [(name: String, attributes: [(String, String)])]) -> String {
        let encoded = spans.enumerated().map { index, span in
            #"{"traceId":"QMrVaMFu/g8W5FIBZ34zmg==","spanId":"span\#(index)","name":"\#(span.name)","kind":"SPAN_KIND_INTERNAL","startTimeUnixNano":"1796669862643204250","endTimeUnixNano":"1796669862893204250","attributes":[\#(span.attributes.map { attribute($0.0, $0.1) }.joined(separator: ","))]}"#
        }
        return
            #"{"resourceSpans":[{"scopeSpans":[{"scope":{"name":"humanloop.sdk.decorator","version":"0.1.0"},"spans":[\#(encoded.joined(separator: ","))]}]}]}"#
    }

    @Test func decoratorSpansBecomeTheLogsOfOneTrace() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            // `@flow` makes its log first, over REST.
            let flow = try await api.postJSON(
                "/v5/flows/log",
                #"{"path":"deco/flow","flow":{"attributes":{}},"inputs":{"q":"hi"},"log_status":"incomplete"}"#)
            let flowLogID = try #require(flow["id"]?.stringValue)
            let body = Self.spans([
                (
                    "humanloop.tool",
                    [
                        ("humanloop.file.function.strict", "True"),
                        ("humanloop.file.function.parameters.required", "('a', 'b')"),
                        ("humanloop.file.function.parameters.properties.a.type", "integer"),
                        ("humanloop.file.function.parameters.type", "object"),
                        ("humanloop.file.function.name", "adder"),
                        ("humanloop.file.function.description", "Add."),
                        ("humanloop.file.source_code", "def adder(a, b):\n    return a + b\n"),
                        ("humanloop.file.path", "deco/adder"), ("humanloop.file.type", "tool"),
                        ("humanloop.log.trace_parent_id", flowLogID), ("humanloop.log.output", "3"),
                        ("humanloop.log.inputs.a", "1"), ("humanloop.log.inputs.b", "2"),
                    ]
                ),
                (
                    "openai.chat",
                    [
                        ("humanloop.file.path", "deco/llm"), ("humanloop.file.type", "prompt"),
                        ("humanloop.log.trace_parent_id", flowLogID), ("gen_ai.provider.name", "openai"),
                        ("gen_ai.request.model", "gpt-4o-mini"), ("gen_ai.request.temperature", "0.3"),
                        ("gen_ai.request.max_tokens", "20"),
                        (
                            "gen_ai.input.messages",
                            #"[{"role":"user","parts":[{"content":"2+2?","type":"text"}]}]"#
                        ),
                        (
                            "gen_ai.output.messages",
                            #"[{"role":"assistant","parts":[{"content":"4","type":"text"}],"finish_reason":"stop"}]"#
                        ),
                        ("gen_ai.usage.input_tokens", "10"), ("gen_ai.usage.output_tokens", "1"),
                    ]
                ),
                ("some.other.span", [("http.method", "GET")]),
                (
                    "humanloop.flow",
                    [
                        ("humanloop.file.path", "deco/flow"), ("humanloop.file.type", "flow"),
                        ("humanloop.log.id", flowLogID), ("humanloop.log.output_message.role", "assistant"),
                        ("humanloop.log.output_message.content", "3 and 4"), ("humanloop.log.log_status", "complete"),
                    ]
                ),
            ])
            // The SDK sends no content type.
            let response = try await api.post("/v5/import/otel/v1/traces", body, contentType: nil)
            #expect(response.status == .ok)
            let answer = try response.json()
            #expect(answer["errors"] == [])
            let records = answer["records"]?.array?.compactMap { $0.stringValue } ?? []
            #expect(records.count == 3 && records[2] == flowLogID)

            let root = try await api.getJSON("/v5/logs/\(flowLogID)")
            #expect(root["log_status"] == "complete" && root["output_message"]?["content"] == "3 and 4")
            let children = try #require(root["trace_children"]?.array)
            #expect(children.compactMap { $0["id"]?.stringValue } == [records[0], records[1]])
            let tool = children[0]
            #expect(tool["inputs"] == ["a": "1", "b": "2"] && tool["output"] == "3")
            #expect(tool["tool"]?["function"]?["strict"] == true)
            #expect(tool["tool"]?["function"]?["parameters"]?["required"] == ["a", "b"])
            #expect(tool["tool"]?["source_code"]?.stringValue?.hasPrefix("def adder") == true)
            let prompt = children[1]
            #expect(prompt["prompt"]?["model"] == "gpt-4o-mini" && prompt["prompt"]?["provider"] == "openai")
            #expect(prompt["prompt"]?["temperature"]?.doubleValue == 0.3 && prompt["prompt"]?["max_tokens"] == 20)
            #expect(prompt["messages"]?[0]?["content"] == "2+2?" && prompt["output"] == "4")
            #expect(prompt["prompt_tokens"] == 10 && prompt["output_tokens"] == 1 && prompt["finish_reason"] == "stop")
            // A Prompt log is a v4 log too.
            #expect(try await api.get("/v4/logs/\(records[1])").status == .ok)
        }
    }

    @Test func spansThatCannotBeRecordedAreReportedAndTheRestRecorded() async throws {
        let server = try TestServer()
        defer { server.removeFiles() }
        try await server.run { api in
            let body = Self.spans([
                ("humanloop.tool", [("humanloop.file.type", "tool"), ("humanloop.log.output", "no path")]),
                ("humanloop.agent", [("humanloop.file.type", "agent"), ("humanloop.file.path", "a")]),
                (
                    "humanloop.tool",
                    [
                        ("humanloop.file.type", "tool"), ("humanloop.file.path", "t"),
                        ("humanloop.log.trace_parent_id", "log_unknown"),
                    ]
                ),
                ("humanloop.tool", [("humanloop.file.type", "tool"), ("humanloop.file.path", "t")]),
            ])
            let answer = try await api.postJSON("/v5/import/otel/v1/traces", body)
            #expect(answer["records"]?.array?.count == 1)
            let errors = try #require(answer["errors"]?.array)
            #expect(errors.compactMap { $0["span_id"]?.stringValue } == ["span0", "span1", "span2"])
            #expect(errors[2]["message"]?.stringValue?.contains("log_unknown") == true)

            let malformed = try await api.post("/v5/import/otel/v1/traces", "{not json")
            #expect(malformed.status == .unprocessableContent || malformed.status == .badRequest)
            var protobuf = try await api.post(
                "/v5/import/otel/v1/traces", "\u{0A}\u{00}", contentType: "application/x-protobuf")
            #expect(protobuf.status == .unsupportedMediaType)
            protobuf = try await api.post("/v5/import/otel/v1/traces", "{}", key: nil)
            #expect(protobuf.status == .unauthorized)
        }
    }
}
