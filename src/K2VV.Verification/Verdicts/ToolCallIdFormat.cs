using System.Globalization;
using System.Text.RegularExpressions;

namespace K2VV.Verification.Verdicts;

/// <summary>Parses K2's canonical tool-call id, <c>functions.{name}:{idx}</c>.</summary>
internal static partial class ToolCallIdFormat
{
    /// <summary>Splits a canonical id into its name and index; returns false for any other shape.</summary>
    public static bool TryParse(string id, out string name, out long index)
    {
        var match = CanonicalId().Match(id);
        if (!match.Success || !long.TryParse(match.Groups["index"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out index))
        {
            name = string.Empty;
            index = -1;
            return false;
        }

        name = match.Groups["name"].Value;
        return true;
    }

    // The name runs to the last colon, so a name that contains a colon still parses.
    [GeneratedRegex(@"^functions\.(?<name>.+):(?<index>[0-9]+)$", RegexOptions.CultureInvariant | RegexOptions.Singleline, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CanonicalId();
}
