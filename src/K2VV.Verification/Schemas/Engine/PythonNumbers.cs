using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace K2VV.Verification.Schemas.Engine;

/// <summary>Number comparisons and <c>multipleOf</c> with the semantics of Python's int and float.</summary>
/// <remarks>
/// A number token without fraction or exponent is a Python int (exact, any size); any other token is a
/// Python float (an IEEE double, so <c>1e999</c> is infinity).
/// </remarks>
internal static class PythonNumbers
{
    /// <summary>Compares two numbers as Python does; returns null when either is NaN (every comparison is false).</summary>
    public static int? Compare(JsonElement left, JsonElement right)
    {
        if (!PythonJson.IsFloatLiteral(left) && !PythonJson.IsFloatLiteral(right))
        {
            return left.TryGetInt64(out var a64) && right.TryGetInt64(out var b64)
                ? a64.CompareTo(b64)
                : ParseInteger(left).CompareTo(ParseInteger(right));
        }

        // NOTE: Python compares an int with a float exactly; this converts the int to a double first,
        // which differs only for ints beyond 2^53 that fall between two doubles.
        var a = PythonJson.ToDouble(left);
        var b = PythonJson.ToDouble(right);
        if (double.IsNaN(a) || double.IsNaN(b))
        {
            return null;
        }

        return a.CompareTo(b);
    }

    /// <summary>True when Python's jsonschema <c>multipleOf</c> check fails for this instance and divisor.</summary>
    /// <exception cref="OverflowException">Python raises here (NaN or infinite quotient of an infinite instance); the call is invalid.</exception>
    public static bool IsNotMultipleOf(JsonElement instance, JsonElement divisor)
    {
        if (!PythonJson.IsFloatLiteral(divisor))
        {
            var intDivisor = ParseInteger(divisor);
            if (!PythonJson.IsFloatLiteral(instance))
            {
                return !(ParseInteger(instance) % intDivisor).IsZero;
            }

            // float % int: Python converts the int to a float and takes the floored remainder.
            var remainder = PythonJson.ToDouble(instance) % (double)intDivisor;
            return remainder != 0 || double.IsNaN(remainder);
        }

        // Python: quotient = instance / dB; failed = int(quotient) != quotient, and on OverflowError
        // (infinite quotient) an exact Fraction remainder instead.
        var dividend = PythonJson.ToDouble(instance);
        var divisorValue = PythonJson.ToDouble(divisor);
        var quotient = dividend / divisorValue;
        if (double.IsNaN(quotient))
        {
            throw new OverflowException("cannot convert float NaN to integer");
        }

        if (double.IsInfinity(quotient))
        {
            if (double.IsInfinity(dividend))
            {
                throw new OverflowException("cannot convert Infinity to integer ratio");
            }

            return !ExactRemainderIsZero(dividend, divisorValue);
        }

        return Math.Truncate(quotient) != quotient;
    }

    private static BigInteger ParseInteger(JsonElement number) =>
        number.TryGetInt64(out var small)
            ? small
            : BigInteger.Parse(number.GetRawText(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private static bool ExactRemainderIsZero(double dividend, double divisor)
    {
        var (dividendMantissa, dividendExponent) = Decompose(dividend);
        var (divisorMantissa, divisorExponent) = Decompose(divisor);
        if (dividendMantissa.IsZero)
        {
            return true;
        }

        // dividend / divisor = (m1 / m2) * 2^(e1 - e2); an integer exactly when m2 divides m1 * 2^(e1 - e2).
        var shift = dividendExponent - divisorExponent;
        var numerator = shift >= 0 ? dividendMantissa << shift : dividendMantissa;
        var denominator = shift >= 0 ? divisorMantissa : divisorMantissa << -shift;
        return (numerator % denominator).IsZero;
    }

    private static (BigInteger Mantissa, int Exponent) Decompose(double value)
    {
        var bits = BitConverter.DoubleToInt64Bits(Math.Abs(value));
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0)
        {
            exponent = 1;
        }
        else
        {
            mantissa |= 1L << 52;
        }

        return (mantissa, exponent - 1075);
    }
}
