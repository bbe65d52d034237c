using LiquidFlight.Core.Sensors;
using LiquidFlight.Core.Sensors.Imu;

namespace LiquidFlight.Core.Tests.Imu;

public class GyroCalibratorTests
{
    private const int Deg2 = 2287;    // 2 deg/s in rad/s Q16: 2 * pi / 180 * 65536 = 2287.6
    private const int Deg30 = 34315;  // 30 deg/s

    /// <summary>A batch of 30 ms at 500 Hz: 16 samples, stamped 0, 2, ... 30 ms.</summary>
    private const long BatchUs = 30_000;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<GyroCalibrator, long[]> Clocks = new();

    private static long[] ClockOf(GyroCalibrator c) => Clocks.GetValue(c, _ => new long[1]);

    /// <summary>One sample, stamped 2 ms after the previous one fed to <paramref name="c"/>.</summary>
    private static GyroCalibrationStatus Feed(GyroCalibrator c, int x, int y, int z)
    {
        long[] clock = ClockOf(c);
        var s = new ImuSample { TimestampUs = clock[0], GyroX = x, GyroY = y, GyroZ = z };
        clock[0] += 2000;
        return c.AddSample(ref s);
    }

    [Fact]
    public void Still_batch_gives_the_mean_as_bias()
    {
        var c = new GyroCalibrator(BatchUs, Deg2, Deg30);
        var status = GyroCalibrationStatus.Collecting;
        for (int i = 0; i < 16; i++)
        {
            // noise +-100 around (655, -1310, 20): the mean of the alternating noise is 0
            int n = i % 2 == 0 ? 100 : -100;
            status = Feed(c, 655 + n, -1310 - n, 20 + n);
            if (i < 15)
            {
                Assert.Equal(GyroCalibrationStatus.Collecting, status);
            }
        }

        Assert.Equal(GyroCalibrationStatus.Complete, status);
        Assert.True(c.IsCalibrated);
        Assert.Equal((655, -1310, 20), (c.BiasX, c.BiasY, c.BiasZ));
        Assert.Equal(10000, c.LastVariance); // population variance of +-100
    }

    [Fact]
    public void Motion_during_the_batch_is_rejected_and_collection_restarts()
    {
        var c = new GyroCalibrator(BatchUs, Deg2, Deg30);
        var status = GyroCalibrationStatus.Collecting;
        for (int i = 0; i < 16; i++)
        {
            // +-3000 on y: standard deviation 3000 > 2287
            status = Feed(c, 0, i % 2 == 0 ? 3000 : -3000, 0);
        }

        Assert.Equal(GyroCalibrationStatus.RejectedMotion, status);
        Assert.False(c.IsCalibrated);
        Assert.Equal(1, c.Rejections);

        for (int i = 0; i < 16; i++)
        {
            status = Feed(c, 300, 300, 300);
        }

        Assert.Equal(GyroCalibrationStatus.Complete, status);
        Assert.Equal(300, c.BiasY);
    }

    [Fact]
    public void Implausibly_large_bias_is_rejected()
    {
        var c = new GyroCalibrator(BatchUs, Deg2, Deg30);
        var status = GyroCalibrationStatus.Collecting;
        for (int i = 0; i < 16; i++)
        {
            status = Feed(c, 0, 0, Deg30 + 1); // a steady turn, no spread
        }

        Assert.Equal(GyroCalibrationStatus.RejectedBias, status);
        Assert.False(c.IsCalibrated);
    }

    [Fact]
    public void A_single_absurd_sample_rejects_the_batch()
    {
        var c = new GyroCalibrator(BatchUs, Deg2, Deg30);
        var status = GyroCalibrationStatus.Collecting;
        for (int i = 0; i < 16; i++)
        {
            status = Feed(c, i == 3 ? int.MaxValue : 0, 0, 0);
        }

        Assert.Equal(GyroCalibrationStatus.RejectedMotion, status);
    }

    [Fact]
    public void Negative_bias_rounds_to_nearest()
    {
        var c = new GyroCalibrator(BatchUs, Deg2, Deg30);
        for (int i = 0; i < 16; i++)
        {
            // mean -10.5 -> rounds away from zero to -11; mean 10.25 -> 10
            Feed(c, i % 2 == 0 ? -10 : -11, i % 4 == 0 ? 11 : 10, 0);
        }

        Assert.Equal(-11, c.BiasX);
        Assert.Equal(10, c.BiasY);
    }

    [Fact]
    public void Applied_bias_zeroes_a_still_gyro()
    {
        var profile = ImuDeviceProfile.Mpu6050(GyroRange.Dps2000, AccelRange.G8, Mpu6050LowPass.Hz42, 1);
        var conv = new ImuSampleConverter(profile, AxisAlignment.For(BoardRotation.Cw0));
        // sensor at rest with a raw offset of +33 LSB on X, -20 on Y, +7 on Z
        byte[] burst = { 0, 0, 0, 0, 0x10, 0, 0, 0, 0x00, 0x21, 0xFF, 0xEC, 0x00, 0x07 };
        var c = new GyroCalibrator(BatchUs, Deg2, Deg30);
        var s = new ImuSample();
        for (int i = 0; i < 16; i++)
        {
            conv.Convert(burst, 0, i * 2000, ref s);
            c.AddSample(ref s);
        }

        Assert.True(c.IsCalibrated);
        c.ApplyTo(conv);
        conv.Convert(burst, 0, 40000, ref s);
        Assert.Equal((0, 0, 0), (s.GyroX, s.GyroY, s.GyroZ));
    }
}

public class GyroCalibratorTimeTests
{
    [Theory]
    [InlineData(125)]     // 8 kHz
    [InlineData(1000)]    // 1 kHz
    [InlineData(20000)]   // 50 Hz
    public void A_batch_spans_the_same_sample_time_at_any_rate(int periodUs)
    {
        var c = new GyroCalibrator(200_000, 2287, 34315);
        var s = new ImuSample();
        long t = 5_000_000;
        int samples = 0;
        while (!c.IsCalibrated)
        {
            s.TimestampUs = t;
            s.GyroX = 50;
            c.AddSample(ref s);
            samples++;
            t += periodUs;
        }

        // Complete at the first sample 200 ms after the batch's first (and never with fewer than 16).
        Assert.Equal(Math.Max(GyroCalibrator.MinimumSamples, (200_000 / periodUs) + 1), samples);
        Assert.Equal(50, c.BiasX);
    }

    [Fact]
    public void A_sample_clock_that_does_not_advance_never_completes_nor_overflows()
    {
        var c = new GyroCalibrator(200_000, 2287, 34315);
        var s = new ImuSample { TimestampUs = 1000, GyroX = 64 * 65536, GyroY = -64 * 65536, GyroZ = 64 * 65536 };
        for (int i = 0; i < 2 * GyroCalibrator.MaximumSamples; i++)
        {
            Assert.Equal(GyroCalibrationStatus.Collecting, c.AddSample(ref s));
        }

        Assert.False(c.IsCalibrated);
    }
}
