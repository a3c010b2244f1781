namespace K2VV.Verification.Schemas;

/// <summary>A number token exactly as it appeared in the parsed text (or a special-value token).</summary>
internal sealed record PythonNumber(string Token);
