/// One step of the path to a bad value: a field name or an array index.
public enum LocationComponent: Codable, Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case key(String)
    case index(Int)

    public init(stringLiteral value: String) { self = .key(value) }
    public init(integerLiteral value: Int) { self = .index(value) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let index = try? container.decode(Int.self) {
            self = .index(index)
        } else {
            self = .key(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .key(let key): try container.encode(key)
        case .index(let index): try container.encode(index)
        }
    }
}

/// One problem in a request (`ValidationError`): where, what, and a machine-readable kind.
public struct ValidationIssue: Codable, Sendable, Hashable, Error {
    public var loc: [LocationComponent]
    public var msg: String
    public var type: String

    public init(loc: [LocationComponent], msg: String, type: String) {
        self.loc = loc
        self.msg = msg
        self.type = type
    }

    /// A required field that is absent.
    public static func missing(_ loc: [LocationComponent]) -> ValidationIssue {
        ValidationIssue(loc: loc, msg: "field required", type: "value_error.missing")
    }
}

/// The FastAPI-shaped 422 body (`HTTPValidationError`): `{"detail": [{loc, msg, type}]}`.
public struct HTTPValidationError: Codable, Sendable, Hashable, Error {
    public var detail: [ValidationIssue]

    public init(detail: [ValidationIssue]) {
        self.detail = detail
    }
}

/// The object-shaped error body: `{"detail": {type, message, code, origin}}`.
public struct ErrorResponse: Codable, Sendable, Hashable {
    public struct Detail: Codable, Sendable, Hashable {
        public var type: String
        public var message: String
        public var code: Int
        public var origin: String

        public init(type: String, message: String, code: Int, origin: String) {
            self.type = type
            self.message = message
            self.code = code
            self.origin = origin
        }
    }

    public var detail: Detail

    public init(detail: Detail) {
        self.detail = detail
    }
}

extension Sequence<LocationComponent> {
    /// A location as one dotted text: `body.messages.0.role`.
    public var dotted: String {
        map { component in
            switch component {
            case .key(let key): key
            case .index(let index): String(index)
            }
        }.joined(separator: ".")
    }
}

extension ValidationIssue {
    /// The problems in one line: `body.inputs.a: field required; body.num_samples: value is not a valid integer`.
    public static func summary(of issues: [ValidationIssue]) -> String {
        issues.map { $0.loc.dotted + ": " + $0.msg }.joined(separator: "; ")
    }
}
