namespace K2VV.Proxy.Shadow;

/// <summary>Reads <c>--shadow-model vendor-name=official-name</c> entries and maps client model names.</summary>
internal static class ShadowModelMap
{
    /// <summary>
    /// Parses entries of the form <c>vendor-name=official-name</c> into <paramref name="map"/>;
    /// a later entry for the same vendor name replaces an earlier one.
    /// </summary>
    /// <returns>An error message for the first malformed entry, or null when all are valid; entries before it are already added.</returns>
    public static string? TryParse(IEnumerable<string> entries, IDictionary<string, string> map)
    {
        foreach (var entry in entries)
        {
            var separator = entry.IndexOf('=', StringComparison.Ordinal);
            var vendorModel = separator < 0 ? "" : entry[..separator].Trim();
            var officialModel = separator < 0 ? "" : entry[(separator + 1)..].Trim();
            if (vendorModel.Length == 0 || officialModel.Length == 0)
            {
                return $"Invalid shadow model-map entry '{entry}' (--shadow-model, K2VV:Shadow:ModelMapEntries): expected vendor-name=official-name, for example moonshotai/Kimi-K2-Instruct-0905=kimi-k2-0905-preview.";
            }

            map[vendorModel] = officialModel;
        }

        return null;
    }

    /// <summary>
    /// Finds the official model name for <paramref name="clientModel"/>. An empty map sends every
    /// model unchanged (<paramref name="officialModel"/> null); otherwise a model missing from the map is not shadowed.
    /// </summary>
    /// <returns>True when the request can be shadowed.</returns>
    public static bool TryResolve(IReadOnlyDictionary<string, string> map, string? clientModel, out string? officialModel)
    {
        officialModel = null;
        if (map.Count == 0)
        {
            return true;
        }

        if (clientModel is not null && map.TryGetValue(clientModel, out var mapped))
        {
            officialModel = mapped;
            return true;
        }

        return false;
    }
}
