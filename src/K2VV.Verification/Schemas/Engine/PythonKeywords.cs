using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;
using Json.Schema.Keywords;

namespace K2VV.Verification.Schemas.Engine;

/// <summary><c>type</c> with Python jsonschema's types: a float with no fraction is an integer, except in draft-04.</summary>
internal sealed class PythonTypeKeyword(bool floatsCanBeIntegers) : TypeKeyword, IKeywordHandler
{
    // TypeKeyword.Evaluate is not virtual, so the interface method is re-implemented.
    KeywordEvaluation IKeywordHandler.Evaluate(KeywordData keyword, EvaluationContext context)
    {
        var expected = (SchemaValueType)keyword.Value!;
        var isValid = context.Instance.ValueKind switch
        {
            JsonValueKind.Object => expected.HasFlag(SchemaValueType.Object),
            JsonValueKind.Array => expected.HasFlag(SchemaValueType.Array),
            JsonValueKind.String => expected.HasFlag(SchemaValueType.String),
            JsonValueKind.True or JsonValueKind.False => expected.HasFlag(SchemaValueType.Boolean),
            JsonValueKind.Null => expected.HasFlag(SchemaValueType.Null),
            JsonValueKind.Number => expected.HasFlag(SchemaValueType.Number)
                || (expected.HasFlag(SchemaValueType.Integer) && IsInteger(context.Instance)),
            _ => false,
        };

        return new KeywordEvaluation
        {
            Keyword = Name,
            IsValid = isValid,
            Error = isValid ? null : $"{context.Instance.ValueKind} is not of type {expected}",
        };
    }

    private bool IsInteger(JsonElement number)
    {
        if (!PythonJson.IsFloatLiteral(number))
        {
            return true;
        }

        var value = PythonJson.ToDouble(number);
        return floatsCanBeIntegers && double.IsFinite(value) && Math.Floor(value) == value;
    }
}

/// <summary>Evaluation shared by the numeric limit keywords.</summary>
internal static class NumericLimit
{
    public static KeywordEvaluation Evaluate(string name, KeywordData keyword, EvaluationContext context, Func<int, bool> passes)
    {
        if (context.Instance.ValueKind != JsonValueKind.Number)
        {
            return KeywordEvaluation.Ignore;
        }

        // Python: every comparison with NaN is false, so no limit rejects NaN.
        var comparison = PythonNumbers.Compare(context.Instance, keyword.RawValue);
        var isValid = comparison is null || passes(comparison.Value);
        return new KeywordEvaluation
        {
            Keyword = name,
            IsValid = isValid,
            Error = isValid ? null : $"{context.Instance.GetRawText()} breaks {name} {keyword.RawValue.GetRawText()}",
        };
    }
}

/// <summary><c>minimum</c> compared as Python compares int and float.</summary>
internal sealed class PythonMinimumKeyword : MinimumKeyword
{
    public override KeywordEvaluation Evaluate(KeywordData keyword, EvaluationContext context) =>
        NumericLimit.Evaluate(Name, keyword, context, comparison => comparison >= 0);
}

/// <summary><c>maximum</c> compared as Python compares int and float.</summary>
internal sealed class PythonMaximumKeyword : MaximumKeyword
{
    public override KeywordEvaluation Evaluate(KeywordData keyword, EvaluationContext context) =>
        NumericLimit.Evaluate(Name, keyword, context, comparison => comparison <= 0);
}

/// <summary><c>exclusiveMinimum</c> (numeric form, draft-06 and later) compared as Python does.</summary>
internal sealed class PythonExclusiveMinimumKeyword : ExclusiveMinimumKeyword
{
    public override KeywordEvaluation Evaluate(KeywordData keyword, EvaluationContext context) =>
        NumericLimit.Evaluate(Name, keyword, context, comparison => comparison > 0);
}

/// <summary><c>exclusiveMaximum</c> (numeric form, draft-06 and later) compared as Python does.</summary>
internal sealed class PythonExclusiveMaximumKeyword : ExclusiveMaximumKeyword
{
    public override KeywordEvaluation Evaluate(KeywordData keyword, EvaluationContext context) =>
        NumericLimit.Evaluate(Name, keyword, context, comparison => comparison < 0);
}

/// <summary><c>multipleOf</c> with Python float arithmetic, as jsonschema computes it.</summary>
internal sealed class PythonMultipleOfKeyword : MultipleOfKeyword
{
    public override KeywordEvaluation Evaluate(KeywordData keyword, EvaluationContext context)
    {
        if (context.Instance.ValueKind != JsonValueKind.Number)
        {
            return KeywordEvaluation.Ignore;
        }

        var isValid = !PythonNumbers.IsNotMultipleOf(context.Instance, keyword.RawValue);
        return new KeywordEvaluation
        {
            Keyword = Name,
            IsValid = isValid,
            Error = isValid ? null : $"{context.Instance.GetRawText()} is not a multiple of {keyword.RawValue.GetRawText()}",
        };
    }
}

/// <summary><c>pattern</c> compiled from Python's regex dialect, with a match timeout.</summary>
internal sealed class PythonPatternKeyword(TimeSpan matchTimeout) : PatternKeyword
{
    public override object? ValidateKeywordValue(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new JsonSchemaException($"'{Name}' value must be a string, found {value.ValueKind}");
        }

        return PythonRegex.Create(value.GetString()!, matchTimeout);
    }
}

/// <summary><c>patternProperties</c> compiled from Python's regex dialect, with a match timeout.</summary>
internal sealed class PythonPatternPropertiesKeyword(TimeSpan matchTimeout) : PatternPropertiesKeyword
{
    public override object? ValidateKeywordValue(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new JsonSchemaException($"'{Name}' value must be an object, found {value.ValueKind}");
        }

        var regexes = new Dictionary<string, Regex>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            if (property.Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False))
            {
                throw new JsonSchemaException($"'{Name}' values must be schemas");
            }

            regexes[property.Name] = PythonRegex.Create(property.Name, matchTimeout);
        }

        return regexes;
    }
}
