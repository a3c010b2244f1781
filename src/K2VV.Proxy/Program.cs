using System.CommandLine;
using System.CommandLine.Parsing;
using K2VV.Proxy.Commands;

namespace K2VV.Proxy;

internal static class Program
{
    public static int Main(string[] args)
    {
        // Must run before the first Regex is built: JsonSchema.Net compiles `pattern` keywords
        // without a timeout, and a value set any later is silently ignored.
        AppContext.SetData("REGEX_DEFAULT_MATCH_TIMEOUT", TimeSpan.FromSeconds(1));

        var root = new RootCommand("K2VV Proxy: verify the tool calls of Kimi K2 vendors on live traffic and offline.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(CompareCommand.Create());
        root.Subcommands.Add(ScoreCommand.Create());

        var parseResult = root.Parse(WithDefaultCommand(args));
        if (parseResult.Errors.Count > 0)
        {
            // Usage errors exit with 2, like every other invalid argument the commands check.
            foreach (var error in parseResult.Errors)
            {
                var option = error.SymbolResult switch
                {
                    OptionResult result => result.Option.Name,
                    ArgumentResult { Parent: OptionResult result } => result.Option.Name,
                    _ => null,
                };
                Console.Error.WriteLine(option is null ? $"k2vv: {error.Message}" : $"k2vv: {option}: {error.Message}");
            }

            var command = parseResult.CommandResult.Command;
            var help = command is RootCommand ? "k2vv --help" : $"k2vv {command.Name} --help";
            Console.Error.WriteLine($"Run '{help}' for usage.");
            return UsageErrorExitCode;
        }

        return parseResult.Invoke();
    }

    private const int UsageErrorExitCode = 2;

    // `serve` is the default command: no arguments, or options without a command, run it.
    private static string[] WithDefaultCommand(string[] args)
    {
        if (args.Length == 0)
        {
            return ["serve"];
        }

        var first = args[0];
        var isRootOption = first is "-h" or "--help" or "-?" or "/?" or "--version";
        return first.StartsWith('-') && !isRootOption ? ["serve", .. args] : args;
    }
}
