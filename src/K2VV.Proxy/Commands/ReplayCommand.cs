using System.CommandLine;

namespace K2VV.Proxy.Commands;

/// <summary>The `replay` command.</summary>
internal static class ReplayCommand
{
    /// <summary>Builds the command with its options and action.</summary>
    public static Command Create()
    {
        var command = new Command("replay", "Not available yet.");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("k2vv replay: not available yet.");
            return 2;
        });
        return command;
    }
}
