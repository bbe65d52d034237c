using LiquidFlight.Core.FixedPoint;
using Xunit.Abstractions;

namespace LiquidFlight.Core.Tests.FixedPointTests; // not "...Tests.FixedPoint": it would shadow LiquidFlight.Core.FixedPoint in sibling test namespaces

public sealed class SigmoidTests(ITestOutputHelper output)
{
    private const int One = 65536;

    /// <summary>The analytic bound of Sigmoid.cs: interpolation error 4.7e-5 plus two half-LSB roundings.</summary>
    private const double ErrorBound = 6.2e-5;

    private static double Exact(double x) => 1.0 / (1.0 + Math.Exp(-x));

    [Fact]
    public void Every_table_entry_is_the_rounded_exact_sigmoid()
    {
        for (int k = 0; k <= Sigmoid.SegmentCount; k++)
        {
            int expected = (int)Math.Round(One * Exact(k / 16.0), MidpointRounding.AwayFromZero);
            Assert.True(expected == Sigmoid.TableEntry(k), $"entry {k}: table {Sigmoid.TableEntry(k)}, exact {expected}");
        }
    }

    [Fact]
    public void Max_error_against_the_exact_sigmoid_over_every_raw_input_in_plus_minus_20()
    {
        double maxError = 0;
        int worst = 0;
        for (int raw = -20 * One; raw <= 20 * One; raw++)
        {
            double error = Math.Abs((Sigmoid.Eval(raw) / (double)One) - Exact(raw / (double)One));
            if (error > maxError)
            {
                maxError = error;
                worst = raw;
            }
        }

        output.WriteLine($"sigmoid table max abs error over [-20, 20] (every raw Q16.16 input): {maxError:E3} at x = {worst / (double)One:F5}");
        Assert.True(maxError <= ErrorBound, $"max error {maxError:E3} at x = {worst / (double)One}");
        Assert.True(maxError > 1e-5, "a 256-segment linear table cannot be this exact: the measurement is broken");
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
    }
}
