using K2VV.Verification.Requests;
using K2VV.Verification.Schemas;
using K2VV.Verification.Streaming;

namespace K2VV.Verification.Verdicts;

/// <summary>
/// Computes the K2VV verdict and the strict findings of one response. Thread-safe; share one
/// instance so the compiled-schema cache is shared.
/// </summary>
public sealed class VerdictEvaluator
{
    /// <summary>Creates an evaluator that checks arguments with <paramref name="validator"/>.</summary>
    public VerdictEvaluator(ToolSchemaValidator validator)
    {
        Validator = validator;
    }

    /// <summary>The schema validator used for every tool call.</summary>
    public ToolSchemaValidator Validator { get; }

    /// <summary>Evaluates <paramref name="response"/> against the tools of <paramref name="request"/>.</summary>
    public ResponseVerdict Evaluate(ChatRequest request, AccumulatedResponse response)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);

        // Both views usually carry the same arguments: each distinct check runs once.
        var checks = new ArgumentsCheckMemo(Validator);
        var (k2vvFinishReason, toolCallsValid) = K2vvVerdict.Compute(response.ToK2vvResponse(request.Model), request.Tools, checks);
        var findings = StrictFindings.Collect(request, response, checks);
        return new ResponseVerdict(
            response.FinishReason,
            k2vvFinishReason,
            response.ToolCalls.Count,
            toolCallsValid,
            findings,
            response.Usage);
    }
}
