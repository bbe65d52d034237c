using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Core.Sensors;

namespace LiquidFlight.Core.Tests.Sensors;

public class Pt1FilterTests
{
    private static int Q(double v) => (int)Math.Round(v * 65536);

    [Fact]
    public void TimeConstantIsOneOverTwoPiFc()
    {
        // 80 Hz: RC = 1 / (2 pi 80) s = 1989.44 µs.
        var filter = new Pt1Filter(Q16.FromInt(80));
        Assert.InRange(filter.TimeConstantUs, 1988, 1990);
    }

    [Fact]
    public void StepResponseFollowsTheExponentialAtRegularDt()
    {
        var filter = new Pt1Filter(Q16.FromInt(20)); // RC = 7957.7 µs
        double rc = 1e6 / (2 * Math.PI * 20);
        long t = 0;
        for (int k = 0; k < 400; k++)
        {
            filter.Apply(Q16.One, 100);
            t += 100;
            double continuous = 1 - Math.Exp(-t / rc);
            // The discrete alpha = dt/(RC+dt) lags the continuous filter by about dt/2: within 0.5 % at dt = RC/80.
            Assert.InRange(filter.Output / 65536.0, continuous - 0.005, continuous + 0.005);
        }
    }

    [Fact]
    public void IrregularSamplingKeepsTheCutoffWhereItWasConfigured()
    {
        var rng = new Random(7);
        var filter = new Pt1Filter(Q16.FromInt(20));
        double rc = 1e6 / (2 * Math.PI * 20);
        long t = 0;
        while (t < 20000)
        {
            long dt = 500 + rng.Next(3501); // 0.5 - 4 ms
            filter.Apply(Q16.One, dt);
            t += dt;
        }

        // After 20 ms = 2.51 RC the continuous response is 0.919; a fixed-alpha filter tuned for 1 ms would read
        // 0.919 only by luck of the sample count, the dt-aware one reads it within the discretisation lag.
        double expected = 1 - Math.Exp(-t / rc);
        Assert.InRange(filter.Output / 65536.0, expected - 0.06, expected + 0.01);
    }

    [Fact]
    public void NoElapsedTimeLeavesTheOutputAlone()
    {
        var filter = new Pt1Filter(Q16.FromInt(50));
        filter.Reset(Q(0.25));
        Assert.Equal(Q(0.25), filter.Apply(Q16.One, 0));
        Assert.Equal(Q(0.25), filter.Apply(Q16.One, -1000));
    }

    [Fact]
    public void ZeroCutoffPassesThrough()
    {
        var filter = new Pt1Filter(0);
        Assert.Equal(Q(-3.5), filter.Apply(Q(-3.5), 1000));
        Assert.Equal(int.MaxValue, filter.Apply(int.MaxValue, 1));
    }

    [Fact]
    public void ExtremeInputsDoNotOverflow()
    {
        var filter = new Pt1Filter(Q16.FromInt(100));
        filter.Reset(int.MinValue);
        int y = filter.Apply(int.MaxValue, long.MaxValue);
        Assert.InRange(y, int.MaxValue - 65536, int.MaxValue); // alpha ~ 1 for an enormous dt
    }

    [Fact]
    public void AlphaFollowsACutoffChangeAtAnUnchangedDt()
    {
        // Alpha is kept between calls with the same dt; a new cutoff must not reuse the old value. Expected:
        // dt / (RC + dt) with RC = 1 / (2 pi fc) in double; the filter's RC is whole microseconds from a Q16 2 pi,
        // within 0.2 % of it (80 Hz -> 20 Hz moves alpha by a factor of 4).
        var filter = new Pt1Filter(Q16.FromInt(80));
        Assert.InRange(filter.Alpha(2000), Expected(80, 2000) * 0.998, Expected(80, 2000) * 1.002);
        filter.SetCutoff(Q16.FromInt(20));
        Assert.InRange(filter.Alpha(2000), Expected(20, 2000) * 0.998, Expected(20, 2000) * 1.002);
        filter.SetCutoff(0);
        Assert.Equal(Q16.One, filter.Alpha(2000)); // no filtering
    }

    [Fact]
    public void AlphaForAlternatingDtMatchesTheDefinitionEachTime()
    {
        var kept = new Pt1Filter(Q16.FromInt(80));
        long[] dts = [2000, 2000, 1000, 2000, 0, -5, 0, 2500, 2500, 1000];
        foreach (long dt in dts)
        {
            double expected = dt <= 0 ? 0 : Expected(80, dt);
            Assert.InRange(kept.Alpha(dt), expected * 0.998, expected * 1.002);
        }
    }

    private static double Expected(double hz, double dtUs) => dtUs / ((1e6 / (2 * Math.PI * hz)) + dtUs) * 65536;
}

public class DTermFilterTests
{
    [Fact]
    public void DerivativeOfARampUnderIrregularDtIsTheSlope()
    {
        var rng = new Random(3);
        var d = new PlainDTermFilter(Q16.FromInt(100), Q16.FromInt(200));
        double slope = 12.5; // rad/s^2
        long t = 0;
        d.Update(0, 0);
        for (int k = 0; k < 500; k++)
        {
            long dt = 500 + rng.Next(3501);
            t += dt;
            d.Update((int)Math.Round(slope * t / 1e6 * 65536), dt);
        }

        // Each raw derivative is the slope within the 1-LSB rounding of the ramp divided by dt (< 0.14 rad/s^2).
        Assert.InRange(d.Output / 65536.0, slope - 0.15, slope + 0.15);
    }

    [Fact]
    public void FirstSampleAndZeroDtOnlySetTheReference()
    {
        var d = new PlainDTermFilter(0, 0);
        Assert.Equal(0, d.Update(5 << 16, 1000));
        Assert.Equal(0, d.Update(9 << 16, 0));
        // From 9 to 10 rad/s in 1 ms: 1000 rad/s^2 (filters disabled).
        Assert.Equal(1000 << 16, d.Update(10 << 16, 1000));
    }

    [Fact]
    public void HighFrequencyNoiseIsAttenuatedLikeTwoPt1Stages()
    {
        double Amplitude(double hz)
        {
            var d = new PlainDTermFilter(Q16.FromInt(60), Q16.FromInt(60));
            double peak = 0;
            for (int k = 0; k <= 8000; k++)
            {
                double t = k * 250e-6; // 4 kHz
                int value = (int)Math.Round(0.5 * Math.Sin(2 * Math.PI * hz * t) * 65536);
                int y = d.Update(value, k == 0 ? 0 : 250);
                if (k > 4000)
                {
                    peak = Math.Max(peak, Math.Abs(y / 65536.0));
                }
            }

            return peak;
        }

        foreach (double hz in new[] { 5.0, 300.0 })
        {
            // |d/dt| of 0.5 sin = 0.5 * 2 pi f, times two PT1 magnitudes 1/(1 + (f/fc)^2).
            double expected = 0.5 * 2 * Math.PI * hz / (1 + (hz / 60) * (hz / 60));
            double measured = Amplitude(hz);
            Assert.InRange(measured, expected * 0.9, expected * 1.1);
        }
    }
}
