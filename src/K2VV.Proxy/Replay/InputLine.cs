using System.Text.Json.Nodes;

namespace K2VV.Proxy.Replay;

/// <summary>One non-empty line of the input file: its request object, or why it could not be read.</summary>
/// <param name="LineNumber">1-based line number, empty lines counted.</param>
/// <param name="Request">The parsed request object, or null when <paramref name="Error"/> is set.</param>
/// <param name="Error">Why the line was skipped.</param>
internal sealed record InputLine(int LineNumber, JsonObject? Request, string? Error);
