using System.Text.Json;

namespace K2VV.Verification.Schemas.Engine;

/// <summary>Measures nesting so that deep instances are rejected before a recursive schema walks them.</summary>
internal static class InstanceDepth
{
    /// <summary>True when arrays and objects nest no deeper than <paramref name="maxDepth"/>.</summary>
    public static bool IsWithin(JsonElement element, int maxDepth) => Check(element, 0, maxDepth);

    private static bool Check(JsonElement element, int depth, int maxDepth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (depth + 1 > maxDepth)
                {
                    return false;
                }

                foreach (var property in element.EnumerateObject())
                {
                    if (!Check(property.Value, depth + 1, maxDepth))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Array:
                if (depth + 1 > maxDepth)
                {
                    return false;
                }

                foreach (var item in element.EnumerateArray())
                {
                    if (!Check(item, depth + 1, maxDepth))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }
}
