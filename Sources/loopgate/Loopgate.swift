import ArgumentParser

/// `loopgate`: the Humanloop v4 compatible gateway and its administration commands.
struct Loopgate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loopgate",
        abstract: "A self-hosted LLM gateway that speaks the Humanloop v4 API.",
        subcommands: [Serve.self, Migrate.self, Orgs.self, Keys.self, Environments.self, Import.self],
        defaultSubcommand: Serve.self
    )
}
