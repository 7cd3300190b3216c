/// `POST /v5/import/otel/v1/traces`: OpenTelemetry spans in OTLP's JSON encoding, as the 0.8.x SDK's
/// exporter sends them (protobuf's JSON mapping: camelCase keys, ids in base64, nanoseconds as strings).
/// Only what the import reads is decoded.
public struct OTLPTracesRequest: Decodable, Sendable {
    public var resourceSpans: [ResourceSpans]

    public struct ResourceSpans: Decodable, Sendable {
        public var scopeSpans: [ScopeSpans]

        enum CodingKeys: String, CodingKey {
            case scopeSpans
            /// The name before OTLP 0.19.
            case instrumentationLibrarySpans
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            scopeSpans =
                try container.decodeIfPresent([ScopeSpans].self, forKey: .scopeSpans)
                ?? container.decodeIfPresent([ScopeSpans].self, forKey: .instrumentationLibrarySpans) ?? []
        }
    }

    public struct ScopeSpans: Decodable, Sendable {
        public var spans: [Span]

        enum CodingKeys: String, CodingKey {
            case spans
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            spans = try container.decodeIfPresent([Span].self, forKey: .spans) ?? []
        }
    }

    public struct Span: Decodable, Sendable {
        public var spanID: String?
        public var name: String?
        public var startTimeUnixNano: UInt64?
        public var endTimeUnixNano: UInt64?
        public var attributes: [KeyValue]

        enum CodingKeys: String, CodingKey {
            case name, attributes, startTimeUnixNano, endTimeUnixNano
            case spanID = "spanId"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            spanID = try container.decodeIfPresent(String.self, forKey: .spanID)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            startTimeUnixNano = try Self.nanoseconds(container, .startTimeUnixNano)
            endTimeUnixNano = try Self.nanoseconds(container, .endTimeUnixNano)
            attributes = try container.decodeIfPresent([KeyValue].self, forKey: .attributes) ?? []
        }

        /// 64-bit integers are strings in protobuf's JSON mapping; other encoders write numbers.
        static func nanoseconds(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> UInt64? {
            if let text = try? container.decodeIfPresent(String.self, forKey: key) { return UInt64(text) }
            return try container.decodeIfPresent(UInt64.self, forKey: key)
        }
    }

    public struct KeyValue: Decodable, Sendable {
        public var key: String
        public var value: AnyValue?
    }

    /// An attribute's value: one of OTLP's kinds, as JSON.
    public struct AnyValue: Decodable, Sendable {
        public var json: JSONValue

        enum CodingKeys: String, CodingKey {
            case stringValue, boolValue, intValue, doubleValue, arrayValue, kvlistValue, bytesValue
        }

        struct ArrayValue: Decodable {
            var values: [AnyValue]?
        }

        struct KeyValueList: Decodable {
            var values: [KeyValue]?
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let text = try container.decodeIfPresent(String.self, forKey: .stringValue) {
                json = .string(text)
            } else if let flag = try container.decodeIfPresent(Bool.self, forKey: .boolValue) {
                json = .bool(flag)
            } else if let text = try? container.decodeIfPresent(String.self, forKey: .intValue), let number = Int(text)
            {
                json = .integer(number)
            } else if let number = try? container.decodeIfPresent(Int.self, forKey: .intValue) {
                json = .integer(number)
            } else if let number = try container.decodeIfPresent(Double.self, forKey: .doubleValue) {
                json = .number(number)
            } else if let array = try container.decodeIfPresent(ArrayValue.self, forKey: .arrayValue) {
                json = .array((array.values ?? []).map(\.json))
            } else if let list = try container.decodeIfPresent(KeyValueList.self, forKey: .kvlistValue) {
                json = .object(JSONObject(ordered: (list.values ?? []).map { ($0.key, $0.value?.json ?? .null) }))
            } else {
                json = .null
            }
        }
    }
}

/// What the import made of the spans: the log each span wrote or completed, in order, and the spans it
/// could not use (each with why).
public struct OTLPImportResponse: Encodable, Sendable {
    public var records: [String]
    public var errors: [SpanError]

    public struct SpanError: Encodable, Sendable {
        public var spanID: String?
        public var message: String

        public init(spanID: String?, message: String) {
            self.spanID = spanID
            self.message = message
        }

        enum CodingKeys: String, CodingKey {
            case message
            case spanID = "span_id"
        }
    }

    public init(records: [String], errors: [SpanError]) {
        self.records = records
        self.errors = errors
    }
}
