using System.CommandLine;

namespace K2VV.Proxy.Commands;

/// <summary>The `compare` command.</summary>
internal static class CompareCommand
{
    /// <summary>Builds the command with its options and action.</summary>
    public static Command Create()
    {
        var command = new Command("compare", "Not available yet.");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("k2vv compare: not available yet.");
            return 2;
        });
        return command;
    }
}
