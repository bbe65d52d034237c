using LiquidFlight.Core.Safety;
using LiquidFlight.Core.Sensors;

namespace LiquidFlight.Core.Tests.Safety;

/// <summary>
/// Issue 11 item 3 at the watch itself: implausible gyro data (alternating int.MinValue / int.MaxValue) and
/// backwards sample timestamps are caught within 100 ms at 50 Hz, 1 kHz and 8 kHz, by the default time limits.
/// </summary>
public class ImuSampleWatchTests
{
    private const long DetectWithinUs = 100_000;

    private static ImuSampleWatch Watch()
    {
        var limits = new SafetyLimits();
        return new ImuSampleWatch(SafetyLimits.Us(limits.ImuStaleMs), SafetyLimits.Us(limits.ImuFrozenMs),
            SafetyLimits.Us(limits.ImuSaturatedMs), SafetyLimits.Us(limits.ImuClockStuckMs));
    }

    /// <summary>
    /// Feeds one healthy second, then the fault from t = 1 s; returns how long after the fault's start the watch
    /// first reports failing (or -1 if not within 1 s). Healthy samples carry a changing value (sensor noise).
    /// </summary>
    private static long DetectionDelayUs(int hz, Action<ImuSample[], int, long> fault)
    {
        var w = Watch();
        long period = 1_000_000 / hz;
        var s = new ImuSample[1];
        const long faultUs = 1_000_000;
        for (int i = 0; ; i++)
        {
            long now = i * period;
            if (now > faultUs + 1_000_000)
            {
                return -1;
            }

            s[0].TimestampUs = now;
            s[0].GyroX = i % 3;
            s[0].AccelZ = -9 * 65536 - (i % 5);
            if (now >= faultUs)
            {
                fault(s, i, now);
            }

            w.Observe(now, ref s[0], true);
            if (w.IsFailing(now))
            {
                Assert.True(now >= faultUs, $"false trip at {now} us on a healthy sensor at {hz} Hz");
                return now - faultUs;
            }
        }
    }

    [Theory]
    [InlineData(50)]
    [InlineData(1000)]
    [InlineData(8000)]
    public void A_gyro_alternating_between_int_min_and_int_max_is_caught_within_100_ms(int hz)
    {
        long delay = DetectionDelayUs(hz, (s, i, now) => s[0].GyroY = i % 2 == 0 ? int.MinValue : int.MaxValue);
        Assert.InRange(delay, 0, DetectWithinUs);
    }

    [Theory]
    [InlineData(50)]
    [InlineData(1000)]
    [InlineData(8000)]
    public void Timestamps_running_backwards_are_caught_within_100_ms(int hz)
    {
        // From 1 s on the sample clock runs backwards one period per sample (the board's clock keeps going).
        long period = 1_000_000 / hz;
        long delay = DetectionDelayUs(hz, (s, i, now) => s[0].TimestampUs = 1_000_000 - (now - 1_000_000) - period);
        Assert.InRange(delay, 0, DetectWithinUs);
    }

    [Theory]
    [InlineData(50)]
    [InlineData(1000)]
    [InlineData(8000)]
    public void A_timestamp_that_jumps_back_a_second_and_then_advances_is_caught_within_100_ms(int hz)
    {
        long delay = DetectionDelayUs(hz, (s, i, now) => s[0].TimestampUs = now - 1_000_000);
        Assert.InRange(delay, 0, DetectWithinUs);
    }
}
