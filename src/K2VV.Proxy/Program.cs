using System.CommandLine;
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

        return root.Parse(WithDefaultCommand(args)).Invoke();
    }

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
