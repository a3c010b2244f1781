namespace K2VV.Verification.Rewriting;

/// <summary>Conditions the history id rewrite found in one request. Each value maps to one stable flag name.</summary>
[Flags]
internal enum RewriteFlags
{
    None = 0,

    /// <summary>A tool message without an id was paired with a call by position.</summary>
    MissingIdPositionalMatch = 1 << 0,

    /// <summary>A tool message whose id matched no unpaired call was paired by position.</summary>
    UnknownIdPositionalMatch = 1 << 1,

    /// <summary>The same call id appears in more than one assistant message.</summary>
    DuplicateIdAcrossTurns = 1 << 2,

    /// <summary>The same call id appears twice in one assistant message.</summary>
    DuplicateIdWithinTurn = 1 << 3,

    /// <summary>A call id of the form <c>functions.{name}:{idx}</c> had its index corrected.</summary>
    RenumberedWellformedId = 1 << 4,

    /// <summary>A call id of the form <c>functions.{name}:{idx}</c> named another function than the call.</summary>
    IdNameMismatch = 1 << 5,

    /// <summary>A tool message had no unpaired call to pair with and was left as it is.</summary>
    OrphanToolMessage = 1 << 6,
}
