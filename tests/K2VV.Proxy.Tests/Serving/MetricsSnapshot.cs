using System.Globalization;
using System.Text;

namespace K2VV.Proxy.Tests.Serving;

/// <summary>The samples of one Prometheus text exposition.</summary>
public sealed class MetricsSnapshot
{
    private readonly List<Sample> _samples;

    private MetricsSnapshot(List<Sample> samples)
    {
        _samples = samples;
    }

    /// <summary>Parses the text exposition format (comments skipped, label values unescaped).</summary>
    public static MetricsSnapshot Parse(string text)
    {
        var samples = new List<Sample>();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var valueStart = line.LastIndexOf(' ');
            var name = brace >= 0 ? line[..brace] : line[..valueStart];
            if (brace >= 0)
            {
                ParseLabels(line, brace + 1, labels);
            }

            samples.Add(new Sample(name, labels, double.Parse(line[(valueStart + 1)..], CultureInfo.InvariantCulture)));
        }

        return new MetricsSnapshot(samples);
    }

    /// <summary>Sums the samples of <paramref name="name"/> whose labels include all of <paramref name="labels"/>.</summary>
    public double Sum(string name, params (string Key, string Value)[] labels) =>
        _samples
            .Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value))
            .Sum(s => s.Value);

    /// <summary>True when a sample of <paramref name="name"/> with exactly these label values exists.</summary>
    public bool Has(string name, params (string Key, string Value)[] labels) =>
        _samples.Any(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value));

    /// <summary>The raw lines of <paramref name="name"/>, for failure messages and reports.</summary>
    public IEnumerable<string> Lines(string name) =>
        _samples.Where(s => s.Name == name)
            .Select(s => $"{s.Name}{{{string.Join(",", s.Labels.Select(l => $"{l.Key}=\"{l.Value}\""))}}} {s.Value.ToString(CultureInfo.InvariantCulture)}");

    private static void ParseLabels(string line, int start, Dictionary<string, string> labels)
    {
        var index = start;
        while (index < line.Length && line[index] != '}')
        {
            var equals = line.IndexOf('=', index);
            var key = line[index..equals].Trim(',', ' ');
            index = equals + 2;
            var value = new StringBuilder();
            while (line[index] != '"')
            {
                if (line[index] == '\\')
                {
                    index++;
                    value.Append(line[index] == 'n' ? '\n' : line[index]);
                }
                else
                {
                    value.Append(line[index]);
                }

                index++;
            }

            labels[key] = value.ToString();
            index++;
            if (index < line.Length && line[index] == ',')
            {
                index++;
            }
        }
    }

    private sealed record Sample(string Name, Dictionary<string, string> Labels, double Value);
}
