using System.CommandLine;

namespace K2VV.Proxy.Commands;

/// <summary>The `serve` command.</summary>
internal static class ServeCommand
{
    /// <summary>Builds the command with its options and action.</summary>
    public static Command Create()
    {
        var command = new Command("serve", "Not available yet.");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("k2vv serve: not available yet.");
            return 2;
        });
        return command;
    }
}
