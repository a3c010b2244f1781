using System.Diagnostics;

namespace K2VV.Proxy.Shadow;

/// <summary>The activity source and attribute names of shadow spans.</summary>
internal static class ShadowTelemetry
{
    /// <summary>Name of the activity source; add it to the tracer provider to export shadow spans.</summary>
    public const string SourceName = "K2VV.Proxy.Shadow";

    /// <summary>Name of the span that covers one shadow request to the official API.</summary>
    public const string ShadowCallSpanName = "k2vv.shadow chat.completions";

    public const string ShadowFinishReasonTag = "k2vv.shadow.finish_reason";
    public const string VendorFinishReasonTag = "k2vv.vendor.finish_reason";
    public const string TriggerOutcomeTag = "k2vv.trigger.outcome";
    public const string VendorTag = "k2vv.vendor";
    public const string PairingTag = "k2vv.shadow.pairing";

    public static readonly ActivitySource Source = new(SourceName);
}
