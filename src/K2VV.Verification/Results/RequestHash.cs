using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace K2VV.Verification.Results;

/// <summary>The reference's <c>hash</c> of a prepared request, used to match results across runs.</summary>
public static class RequestHash
{
    /// <summary>
    /// Returns the lowercase hex MD5 of <c>json.dumps(request, sort_keys=True, ensure_ascii=False)</c>
    /// encoded as UTF-8. MD5 is what the reference uses to identify a request, not a security measure.
    /// </summary>
    public static string Compute(JsonNode? request)
    {
#pragma warning disable CA5351 // MD5 is the reference's request identity, not used for security.
        var digest = MD5.HashData(PythonDumps.DumpsSortedUtf8(request));
#pragma warning restore CA5351
        return Convert.ToHexStringLower(digest);
    }
}
