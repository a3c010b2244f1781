namespace K2VV.Verification.Rewriting;

/// <summary>How historical tool-call ids are rewritten before a request is forwarded.</summary>
public enum ToolIdRewriteMode
{
    /// <summary>Rename every history id to <c>functions.{name}:{idx}</c> with a conversation-wide index.</summary>
    Canonical,

    /// <summary>Only add a missing <c>functions.</c> prefix and keep the rest of the id.</summary>
    PrefixOnly,

    /// <summary>Leave ids as they are.</summary>
    Off,
}
