namespace K2VV.Verification.Schemas;

/// <summary>Outcome of one arguments check, with a short reason for logs and findings.</summary>
/// <param name="Outcome">What the check found.</param>
/// <param name="Detail">A one-line reason when the outcome is not <see cref="ArgumentsOutcome.Valid"/>.</param>
public readonly record struct ArgumentsCheck(ArgumentsOutcome Outcome, string? Detail = null)
{
    /// <summary>True when the call passes, as the reference's verdict counts it.</summary>
    public bool IsValid => Outcome == ArgumentsOutcome.Valid;
}
