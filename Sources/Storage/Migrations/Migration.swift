/// One versioned step of the schema. Most statements are written in the SQL that SQLite and PostgreSQL
/// share (TEXT, BIGINT, DOUBLE PRECISION, ON CONFLICT), so one list serves both; what the two spell
/// differently (triggers) comes as one list per dialect.
public struct Migration: Sendable {
    public var version: Int
    public var name: String
    public var sqliteStatements: [String]
    public var postgresStatements: [String]

    /// A migration whose statements both databases run as they are.
    public init(version: Int, name: String, statements: [String]) {
        self.init(version: version, name: name, sqlite: statements, postgres: statements)
    }

    /// A migration spelled once per database.
    public init(version: Int, name: String, sqlite: [String], postgres: [String]) {
        self.version = version
        self.name = name
        self.sqliteStatements = sqlite
        self.postgresStatements = postgres
    }

    /// The statements for the database behind `dialectName` (SQLKit's `SQLDialect.name`).
    func statements(forDialect dialectName: String) -> [String] {
        dialectName == "sqlite" ? sqliteStatements : postgresStatements
    }
}
