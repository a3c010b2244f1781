namespace K2VV.Proxy.Scoring;

/// <summary>Arguments of the <c>score</c> command.</summary>
/// <param name="Results">The results file, or null when the argument is missing.</param>
/// <param name="Summary">Where to write the summary JSON, or null.</param>
/// <param name="Output">Where to write the scored lines, or null.</param>
/// <param name="FailOnDisagreement">Whether a disagreement makes the exit code 1.</param>
internal sealed record ScoreOptions(FileInfo? Results, FileInfo? Summary, FileInfo? Output, bool FailOnDisagreement);
