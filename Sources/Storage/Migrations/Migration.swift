/// One versioned step of the schema. Statements are written in the SQL that SQLite and PostgreSQL
/// share (TEXT, BIGINT, DOUBLE PRECISION, ON CONFLICT), so one list serves both.
public struct Migration: Sendable {
    public var version: Int
    public var name: String
    public var statements: [String]

    public init(version: Int, name: String, statements: [String]) {
        self.version = version
        self.name = name
        self.statements = statements
    }
}
