using System.Buffers;
using K2VV.Verification.Results;

namespace K2VV.Proxy.Replay;

/// <summary>Reads and rewrites a results file.</summary>
internal static class ResultFile
{
    /// <summary>Reads every parsable line; returns an empty list when the file does not exist.</summary>
    /// <param name="path">The results file.</param>
    /// <param name="skipped">Line numbers that are not results lines.</param>
    public static List<K2vvResult> Read(string path, out List<int> skipped)
    {
        skipped = [];
        var results = new List<K2vvResult>();
        if (!File.Exists(path))
        {
            return results;
        }

        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (K2vvResult.TryParse(line) is { } result)
            {
                results.Add(result);
            }
            else
            {
                skipped.Add(lineNumber);
            }
        }

        return results;
    }

    /// <summary>
    /// Keeps the latest result of each <c>data_index</c>, sorts by index and rewrites the file
    /// through a temporary file, so a crash mid-way leaves the old file whole.
    /// </summary>
    /// <returns>The results kept, in file order.</returns>
    public static IReadOnlyList<K2vvResult> Compact(string path, out List<int> skipped)
    {
        var latest = ResultOrdering.LatestByIndex(Read(path, out skipped)).Values.ToList();
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024))
        {
            var buffer = new ArrayBufferWriter<byte>(16 * 1024);
            foreach (var result in latest)
            {
                ResultJson.WriteLine(stream, result, buffer);
            }
        }

        File.Move(temporary, path, overwrite: true);
        return latest;
    }
}
