using System.Globalization;

namespace K2VV.Verification.Results;

/// <summary>The reference's end-of-run rule: per <c>data_index</c> the latest <c>last_run_at</c> wins.</summary>
public static class ResultOrdering
{
    /// <summary>Returns the latest result of each index, sorted by index.</summary>
    public static SortedDictionary<int, K2vvResult> LatestByIndex(IEnumerable<K2vvResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var latest = new SortedDictionary<int, K2vvResult>();
        foreach (var result in results)
        {
            if (!latest.TryGetValue(result.DataIndex, out var current) || IsLaterOrSame(result.LastRunAt, current.LastRunAt))
            {
                latest[result.DataIndex] = result;
            }
        }

        return latest;
    }

    /// <summary>
    /// True when <paramref name="candidate"/> is not earlier than <paramref name="current"/>, so a
    /// later line in the file wins a tie. Unparsable times compare as the earliest.
    /// </summary>
    internal static bool IsLaterOrSame(string? candidate, string? current) =>
        ParseTime(candidate) >= ParseTime(current);

    private static DateTime ParseTime(string? text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time) ? time : DateTime.MinValue;
}
