using System.Runtime.CompilerServices;

namespace K2VV.Verification.Tests.Schemas;

/// <summary>Sets a process-wide regex timeout before any test runs, as the k2vv executable does in Main.</summary>
internal static class RegexTimeoutInitializer
{
    [ModuleInitializer]
    internal static void SetDefaultRegexTimeout() =>
        AppDomain.CurrentDomain.SetData("REGEX_DEFAULT_MATCH_TIMEOUT", TimeSpan.FromSeconds(1));
}
