using System.Globalization;

namespace K2VV.Proxy.Replay;

/// <summary>Formats times as Python's <c>datetime.isoformat()</c> does, which the reference writes.</summary>
internal static class PythonTime
{
    /// <summary>
    /// Formats the local wall time without offset, with microseconds unless they are zero, as
    /// <c>datetime.now().isoformat()</c> prints it.
    /// </summary>
    public static string IsoFormat(DateTimeOffset localNow)
    {
        var wall = localNow.DateTime;
        var microseconds = wall.Ticks / 10 % 1_000_000;
        return microseconds == 0
            ? wall.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)
            : wall.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
    }
}
