using System.Collections.Concurrent;

namespace K2VV.Proxy.Metrics;

/// <summary>
/// Maps a request's model name to a bounded <c>model</c> label: a configured model is used as
/// is; other names are admitted first seen first up to a limit, then recorded as <c>other</c>,
/// so clients cannot grow the series count without bound.
/// </summary>
internal sealed class ModelLabels
{
    /// <summary>The label of a model name past the limit.</summary>
    public const string Other = "other";

    /// <summary>The label of a request without a string <c>model</c>.</summary>
    public const string Missing = "none";

    private const int MaxModelNameLength = 128;

    private readonly HashSet<string> _configured;
    private readonly ConcurrentDictionary<string, byte> _admitted = new(StringComparer.Ordinal);
    private readonly int _maxDynamic;
    private int _dynamicCount;

    /// <summary>Creates the mapping for <paramref name="configured"/> names plus <paramref name="maxDynamic"/> first-seen names.</summary>
    public ModelLabels(IEnumerable<string> configured, int maxDynamic)
    {
        _configured = new HashSet<string>(configured, StringComparer.Ordinal);
        _maxDynamic = maxDynamic;
    }

    /// <summary>Returns the label for <paramref name="model"/>.</summary>
    public string Resolve(string? model)
    {
        if (model is null)
        {
            return Missing;
        }

        if (_configured.Contains(model) || _admitted.ContainsKey(model))
        {
            return model;
        }

        if (model.Length == 0 || model.Length > MaxModelNameLength || model.Any(char.IsControl))
        {
            return Other;
        }

        // Reserve a slot before admitting, so concurrent first sightings never exceed the limit.
        if (Interlocked.Increment(ref _dynamicCount) > _maxDynamic)
        {
            Interlocked.Decrement(ref _dynamicCount);
            return _admitted.ContainsKey(model) ? model : Other;
        }

        if (!_admitted.TryAdd(model, 0))
        {
            Interlocked.Decrement(ref _dynamicCount);
        }

        return model;
    }
}
