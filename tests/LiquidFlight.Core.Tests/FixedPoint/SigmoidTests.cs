using LiquidFlight.Core.FixedPoint;
using Xunit.Abstractions;

namespace LiquidFlight.Core.Tests.FixedPointTests; // not "...Tests.FixedPoint": it would shadow LiquidFlight.Core.FixedPoint in sibling test namespaces

public sealed class SigmoidTests(ITestOutputHelper output)
{
    private const int One = 65536;
    private const int FineOne = 1 << 24;
    private const int ArgumentOne = 1 << 20;

    /// <summary>
    /// The analytic bound of Sigmoid.cs for the Q8.24 value at a Q11.20 argument: interpolation error
    /// max|s''| h^2 / 8 = 0.0962 / 8 / 64^2 = 2.94e-6 plus two half-LSB roundings of Q8.24 (2 x 2.98e-8).
    /// </summary>
    private const double FineErrorBound = 3.0e-6;

    /// <summary>The Q16.16 Eval adds the rounding to 16 fraction bits: half an LSB, 7.63e-6.</summary>
    private const double ErrorBound = FineErrorBound + 7.63e-6;

    private static double Exact(double x) => 1.0 / (1.0 + Math.Exp(-x));

    [Fact]
    public void Every_table_entry_is_the_rounded_exact_sigmoid()
    {
        Assert.Equal(1024, Sigmoid.SegmentCount);
        for (int k = 0; k <= Sigmoid.SegmentCount; k++)
        {
            int expected = (int)Math.Round(FineOne * Exact(k / 64.0), MidpointRounding.AwayFromZero);
            Assert.True(expected == Sigmoid.TableEntry(k), $"entry {k}: table {Sigmoid.TableEntry(k)}, exact {expected}");
        }
    }

    [Fact]
    public void Max_error_of_the_solver_format_against_the_exact_sigmoid_over_every_q11_20_argument_in_plus_minus_20()
    {
        (double maxError, double worst) = MaxError(raw => Sigmoid.EvalFine(raw) / (double)FineOne, ArgumentOne);
        output.WriteLine($"sigmoid (Q11.20 -> Q8.24) max abs error over [-20, 20] (every raw argument): {maxError:E3} at x = {worst:F6}");
        Assert.True(maxError <= FineErrorBound, $"max error {maxError:E3} at x = {worst}");
        Assert.True(maxError > 1e-6, "a 1024-segment linear table cannot be this exact: the measurement is broken");
    }

    [Fact]
    public void Max_error_of_q16_eval_against_the_exact_sigmoid_over_every_raw_input_in_plus_minus_20()
    {
        (double maxError, double worst) = MaxError(raw => Sigmoid.Eval(raw) / (double)One, One);
        output.WriteLine($"sigmoid (Q16.16) max abs error over [-20, 20] (every raw Q16.16 input): {maxError:E3} at x = {worst:F5}");
        Assert.True(maxError <= ErrorBound, $"max error {maxError:E3} at x = {worst}");
        Assert.True(maxError > 5e-6, "rounding to Q16.16 alone is up to 7.6e-6: the measurement is broken");
    }

    /// <summary>Largest |eval(raw) - s(raw / one)| over every raw argument in [-20, 20], and where (as a real).</summary>
    private static (double MaxError, double Worst) MaxError(Func<int, double> eval, int one)
    {
        double maxError = 0;
        int worst = 0;
        for (int raw = -20 * one; raw <= 20 * one; raw++)
        {
            double error = Math.Abs(eval(raw) - Exact(raw / (double)one));
            if (error > maxError)
            {
                maxError = error;
                worst = raw;
            }
        }

        return (maxError, worst / (double)one);
    }

    [Fact]
    public void Look_up_equals_the_interpolation_between_table_entries_at_every_argument()
    {
        // The reference is the interpolation written plainly from the entries: Table[k] + ((slope (x & mask) + 2^13) >> 14)
        // for x >= 0, One minus that at -x for x < 0. Every in-range Q11.20 argument of both signs.
        int[] entries = new int[Sigmoid.SegmentCount + 1];
        for (int k = 0; k <= Sigmoid.SegmentCount; k++)
        {
            entries[k] = Sigmoid.TableEntry(k);
        }

        for (int x = 0; x < Sigmoid.RangeRaw; x++)
        {
            int k = x >> 14;
            int expected = entries[k] + ((((entries[k + 1] - entries[k]) * (x & 16383)) + 8192) >> 14);
            if (Sigmoid.EvalFine(x) != expected || Sigmoid.EvalFine(-x) != FineOne - expected)
            {
                Assert.Fail($"argument {x}: look-up {Sigmoid.EvalFine(x)} / {Sigmoid.EvalFine(-x)}, interpolation {expected}");
            }
        }
    }

    [Fact]
    public void Saturates_exactly_from_plus_and_minus_16_and_interpolates_just_inside()
    {
        // The look-up's one unsigned test must serve exactly -16 < x < 16: at +-16 the value is One and 0 (the line
        // through the last entries would give Table[1024] = One - 2 and 2), just inside it the last segment's
        // interpolation, which the plain formula computes from the entries.
        int r = Sigmoid.RangeRaw;
        int last = Sigmoid.TableEntry(Sigmoid.SegmentCount - 1);
        int end = Sigmoid.TableEntry(Sigmoid.SegmentCount);
        int inside = last + ((((end - last) * 16383) + 8192) >> 14);
        Assert.Equal(FineOne, Sigmoid.EvalFine(r));
        Assert.Equal(FineOne, Sigmoid.EvalFine(r + 1));
        Assert.Equal(0, Sigmoid.EvalFine(-r));
        Assert.Equal(0, Sigmoid.EvalFine(-r - 1));
        Assert.Equal(inside, Sigmoid.EvalFine(r - 1));
        Assert.Equal(FineOne - inside, Sigmoid.EvalFine(1 - r));
        Assert.NotEqual(FineOne, end);
    }

    [Fact]
    public void Symmetric_monotonic_and_saturating()
    {
        int previous = Sigmoid.Eval(int.MinValue);
        Assert.Equal(0, previous);
        Assert.Equal(One, Sigmoid.Eval(int.MaxValue));
        Assert.Equal(One / 2, Sigmoid.Eval(0));
        for (int raw = -17 * One; raw <= 17 * One; raw += 7)
        {
            int y = Sigmoid.Eval(raw);
            Assert.True(y >= previous, $"not monotonic at {raw}");
            Assert.Equal(One - y, Sigmoid.Eval(-raw));
            previous = y;
        }

        previous = Sigmoid.EvalFine(int.MinValue);
        Assert.Equal(0, previous);
        Assert.Equal(FineOne, Sigmoid.EvalFine(int.MaxValue));
        Assert.Equal(FineOne / 2, Sigmoid.EvalFine(0));
        for (int raw = -17 * ArgumentOne; raw <= 17 * ArgumentOne; raw += 97)
        {
            int y = Sigmoid.EvalFine(raw);
            Assert.True(y >= previous, $"not monotonic at {raw}");
            Assert.Equal(FineOne - y, Sigmoid.EvalFine(-raw));
            previous = y;
        }
    }
}
