using System.CommandLine;

namespace K2VV.Proxy.Commands;

/// <summary>The `score` command.</summary>
internal static class ScoreCommand
{
    /// <summary>Builds the command with its options and action.</summary>
    public static Command Create()
    {
        var command = new Command("score", "Not available yet.");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("k2vv score: not available yet.");
            return 2;
        });
        return command;
    }
}
