import ArgumentParser
import LoopgateCore
import Storage

/// `loopgate orgs create NAME`.
struct Orgs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage organisations.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an organisation; prints its id and its first API key.")

        @Argument(help: "The organisation's name.")
        var name: String

        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let name = self.name
            let (organization, key) = try await databaseOptions.withStore { store in
                try await KeyManagement(store: store).createOrganization(named: name)
            }
            print("organization: \(organization.id)")
            print("api key: \(key)")
        }
    }
}

/// `loopgate keys create [--org NAME]` and `loopgate keys revoke PREFIX`.
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage API keys.", subcommands: [Create.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API key; prints only the key.")

        @Option(help: "The organisation the key opens.")
        var org: String = KeyManagement.defaultOrganization

        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let org = self.org
            let key = try await databaseOptions.withStore { store in
                try await KeyManagement(store: store).createKey(organizationName: org)
            }
            print(key)
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a key, given whole or by its first characters (at least 6).",
            discussion: """
                Only a hash of each key and its first characters (lg_ and 8 more) are stored, so characters \
                past those cannot be checked: any beginning of a key from 6 characters to the whole key \
                names it. A beginning that two live keys share is refused.
                """)

        @Argument(help: "The key, or its beginning (e.g. lg_AbCdEfGh).")
        var prefix: String

        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let prefix = self.prefix
            let count = try await databaseOptions.withStore { store in
                try await KeyManagement(store: store).revoke(prefix: prefix)
            }
            guard count > 0 else { throw ValidationError("no live key starts with '\(prefix)'") }
            print("revoked \(count) key")
        }
    }
}

/// `loopgate environments create NAME [--org NAME]`.
struct Environments: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage deployment environments.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an environment (tag 'other').")

        @Argument(help: "The environment's name.")
        var name: String

        @Option(help: "The organisation to add it to.")
        var org: String = KeyManagement.defaultOrganization

        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let (name, org) = (self.name, self.org)
            try await databaseOptions.withStore { store in
                try await KeyManagement(store: store).createEnvironment(named: name, organizationName: org)
            }
            print("created environment '\(name)'")
        }
    }
}
