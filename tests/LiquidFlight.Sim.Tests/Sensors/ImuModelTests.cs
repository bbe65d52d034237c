using LiquidFlight.Core.Sensors;
using LiquidFlight.Sim.Frames;
using LiquidFlight.Sim.Physics;
using LiquidFlight.Sim.Sensors;

namespace LiquidFlight.Sim.Tests.Sensors;

public class ImuModelTests
{
    private const double G = 9.80665;
    private const double DegToRad = Math.PI / 180;

    private static (QuadrotorBody Body, FrameSpec Frame) RestingCraft()
    {
        var frame = TestFrames.Get("quad250-brushless");
        var body = new QuadrotorBody(frame) { Position = Vec3.Zero };
        body.Step(250e-6);
        return (body, frame);
    }

    private static List<ImuSample> Collect(SimulatedImu imu, QuadrotorBody body, int slots)
    {
        var samples = new List<ImuSample>(slots);
        var s = default(ImuSample);
        var reader = new CoreImuReader(TestFrames.Get("quad250-brushless").Imu);
        for (int i = 0; i < slots; i++)
        {
            if (reader.Sample(imu, body, ref s))
            {
                samples.Add(s);
            }
        }

        return samples;
    }

    private static double StdDev(IEnumerable<double> values)
    {
        var v = values.ToArray();
        double mean = v.Average();
        return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(10.0)]
    public void Measured_noise_rms_matches_density_times_sqrt_bandwidth(double noiseScale)
    {
        var (body, frame) = RestingCraft();
        // Expected from the datasheet numbers in the file: sigma = density * sqrt(bandwidth) * scale, plus the
        // uniform quantisation error of one LSB (variance LSB^2 / 12).
        double bandwidth = TestFrames.RawNumber(frame.Name, "imu.noiseBandwidthHz");
        double gyroDensity = TestFrames.RawNumber(frame.Name, "imu.gyroNoiseDensityDpsPerSqrtHz") * DegToRad;
        double accelDensity = TestFrames.RawNumber(frame.Name, "imu.accelNoiseDensityUgPerSqrtHz") * 1e-6 * G;
        // One register count: the datasheets' sensitivities at +-2000 deg/s and +-16 g, 16.4 LSB/(deg/s), 2048 LSB/g.
        Assert.Equal(2000, TestFrames.RawNumber(frame.Name, "imu.gyroRangeDps"));
        Assert.Equal(16, TestFrames.RawNumber(frame.Name, "imu.accelRangeG"));
        double gyroLsb = DegToRad / 16.4;
        double accelLsb = G / 2048;
        double gyroSigma = Math.Sqrt(Math.Pow(gyroDensity * Math.Sqrt(bandwidth) * noiseScale, 2) + gyroLsb * gyroLsb / 12);
        double accelSigma = Math.Sqrt(Math.Pow(accelDensity * Math.Sqrt(bandwidth) * noiseScale, 2) + accelLsb * accelLsb / 12);

        // Bias drift off so that the spread is the white noise alone.
        var spec = new ImuSpec
        {
            Model = frame.Imu.Model, Profile = frame.Imu.Profile, RateHz = frame.Imu.RateHz, NoiseBandwidthHz = frame.Imu.NoiseBandwidthHz,
            GyroNoiseDensityRadSPerSqrtHz = frame.Imu.GyroNoiseDensityRadSPerSqrtHz,
            AccelNoiseDensityMs2PerSqrtHz = frame.Imu.AccelNoiseDensityMs2PerSqrtHz,
            GyroBiasSigmaRadS = frame.Imu.GyroBiasSigmaRadS, GyroBiasRandomWalkRadSPerSqrtS = 0,
            AccelBiasSigmaMs2 = frame.Imu.AccelBiasSigmaMs2, AccelBiasRandomWalkMs2PerSqrtS = 0,
            GyroRangeRadS = frame.Imu.GyroRangeRadS, AccelRangeMs2 = frame.Imu.AccelRangeMs2,
            GyroLsbRadS = frame.Imu.GyroLsbRadS, AccelLsbMs2 = frame.Imu.AccelLsbMs2,
        };
        var imu = new SimulatedImu(spec, new ImuConditions(1000, 0, 0, 0, 0, noiseScale), seed: 7);
        var samples = Collect(imu, body, 40000);

        const double q = 1.0 / 65536;
        // 40,000 samples: the standard deviation estimate is good to about 0.4% (1 sigma); allow 3%.
        Assert.InRange(StdDev(samples.Select(s => s.GyroX * q)), gyroSigma * 0.97, gyroSigma * 1.03);
        Assert.InRange(StdDev(samples.Select(s => s.GyroZ * q)), gyroSigma * 0.97, gyroSigma * 1.03);
        Assert.InRange(StdDev(samples.Select(s => s.AccelX * q)), accelSigma * 0.97, accelSigma * 1.03);
        Assert.InRange(StdDev(samples.Select(s => s.AccelZ * q)), accelSigma * 0.97, accelSigma * 1.03);
        // At rest the mean reads the truth plus the constant bias (a few sigma_bias at most).
        Assert.InRange(samples.Average(s => s.AccelZ * q), -G - 5 * spec.AccelBiasSigmaMs2, -G + 5 * spec.AccelBiasSigmaMs2);
    }

    [Fact]
    public void Readings_are_quantised_to_the_lsb_and_clipped_at_full_scale()
    {
        var (body, frame) = RestingCraft();
        body.BodyRate = new Vec3(3000 * DegToRad, -40 * DegToRad, 0);
        var imu = new SimulatedImu(frame.Imu, ImuConditions.Regular(1000), seed: 3);
        var s = default(ImuSample);
        Assert.True(new CoreImuReader(frame.Imu).Sample(imu, body, ref s));

        double lsb = DegToRad / 16.4; // datasheet: 16.4 LSB per deg/s at +-2000 deg/s
        // 3000 deg/s is beyond the +-2000 deg/s range: the register saturates at +32767 counts.
        Assert.InRange(s.GyroX / 65536.0, 32767 * lsb - 1e-4, 32767 * lsb + 1e-4);
        // A whole number of LSB, up to the Q16 rounding (half of 1/65536 rad/s = 0.007 LSB).
        double counts = s.GyroY / 65536.0 / lsb;
        Assert.InRange(Math.Abs(counts - Math.Round(counts)), 0, 0.01);
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(0.8)]
    public void Timestamp_jitter_is_uniform_over_the_requested_fraction_of_the_period(double jitter)
    {
        var (body, frame) = RestingCraft();
        var imu = new SimulatedImu(frame.Imu, new ImuConditions(1000, jitter, 0, 0, 0, 1), seed: 11, startUs: 5000);
        const int n = 50000;
        var offsets = new double[n];
        var s = default(ImuSample);
        var reader = new CoreImuReader(frame.Imu);
        for (int k = 0; k < n; k++)
        {
            Assert.True(reader.Sample(imu, body, ref s));
            offsets[k] = s.TimestampUs - imu.NominalSlotTimeUs(k);
        }

        // Uniform on [-J P / 2, J P / 2]: mean 0, standard deviation J P / sqrt(12); rounding to the µs adds 1/12 µs^2.
        double half = jitter * 1000 / 2;
        double expectedSd = Math.Sqrt(Math.Pow(jitter * 1000, 2) / 12 + 1.0 / 12);
        Assert.InRange(offsets.Min(), -half - 0.5, -half + 5);
        Assert.InRange(offsets.Max(), half - 5, half + 0.5);
        Assert.InRange(offsets.Average(), -expectedSd * 0.02, expectedSd * 0.02);
        Assert.InRange(StdDev(offsets), expectedSd * 0.98, expectedSd * 1.02);

        // A quarter of the offsets fall in each quarter of the interval (uniform, not bunched).
        int firstQuarter = offsets.Count(o => o < -half / 2);
        Assert.InRange(firstQuarter, n / 4 * 0.95, n / 4 * 1.05);
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.3)]
    public void Independent_drops_occur_at_the_requested_rate(double dropout)
    {
        var (body, frame) = RestingCraft();
        var imu = new SimulatedImu(frame.Imu, new ImuConditions(1000, 0, dropout, 0, 0, 1), seed: 5);
        const int n = 40000;
        var delivered = Collect(imu, body, n);

        double rate = 1 - (double)delivered.Count / n;
        double sigma = Math.Sqrt(dropout * (1 - dropout) / n);
        Assert.InRange(rate, dropout - 4 * sigma, dropout + 4 * sigma);
        Assert.Equal(n - delivered.Count, imu.DroppedCount);
    }

    [Fact]
    public void A_bus_stall_loses_a_run_of_consecutive_samples()
    {
        var (body, frame) = RestingCraft();
        var imu = new SimulatedImu(frame.Imu, new ImuConditions(1000, 0, 0, 0.01, 10, 1), seed: 9);
        var delivered = Collect(imu, body, 20000);

        // Gaps between delivered samples are 1 ms or, after a stall, at least 11 ms (10 lost samples).
        var gaps = delivered.Zip(delivered.Skip(1), (a, b) => b.TimestampUs - a.TimestampUs).ToArray();
        Assert.All(gaps, g => Assert.True(g == 1000 || g >= 11000, $"gap {g} µs"));
        int stalls = gaps.Count(g => g >= 11000);
        // About 20000 * 0.01 / (1 + 0.01 * 10) stalls start; allow a wide statistical margin.
        Assert.InRange(stalls, 140, 230);
    }

    [Fact]
    public void Same_seed_gives_the_same_samples_and_timing_knobs_do_not_reshuffle_the_noise()
    {
        var (body, frame) = RestingCraft();
        var a = Collect(new SimulatedImu(frame.Imu, new ImuConditions(1000, 0.5, 0, 0, 0, 1), seed: 21), body, 500);
        var b = Collect(new SimulatedImu(frame.Imu, new ImuConditions(1000, 0.5, 0, 0, 0, 1), seed: 21), body, 500);
        Assert.Equal(a, b);

        var regular = Collect(new SimulatedImu(frame.Imu, new ImuConditions(1000, 0, 0, 0, 0, 1), seed: 21), body, 500);
        Assert.Equal(a.Select(s => s.GyroX), regular.Select(s => s.GyroX));
        Assert.NotEqual(a.Select(s => s.TimestampUs), regular.Select(s => s.TimestampUs));
    }

    [Fact]
    public void An_unread_slot_advances_every_stream_as_a_measured_one_and_the_lookahead_tells_the_next_slot()
    {
        // Jitter, drops and bus stalls all on, so the timing stream draws on every path of DrawLoss.
        var (body, frame) = RestingCraft();
        var conditions = new ImuConditions(1000, 0.6, 0.2, 0.01, 5, 1);
        var measuredAll = new SimulatedImu(frame.Imu, conditions, seed: 33);
        var someUnread = new SimulatedImu(frame.Imu, conditions, seed: 33);
        var sampleAll = default(ImuSample);
        var sampleSome = default(ImuSample);
        var readerAll = new CoreImuReader(frame.Imu);
        var readerSome = new CoreImuReader(frame.Imu);
        int compared = 0;
        bool? promisedDelivered = null;
        for (int k = 0; k < 20000; k++)
        {
            Assert.Equal(measuredAll.NextSampleTimeUs, someUnread.NextSampleTimeUs);
            long followingStamp = measuredAll.FollowingSampleTimeUs;
            bool followingDelivered = measuredAll.FollowingSlotDelivered;

            bool deliveredAll = readerAll.Sample(measuredAll, body, ref sampleAll);
            bool deliveredSome;
            if (k % 3 == 1)
            {
                deliveredSome = someUnread.SampleUnread();
            }
            else
            {
                deliveredSome = readerSome.Sample(someUnread, body, ref sampleSome);
                if (deliveredSome)
                {
                    // Same stamp and the same noisy, quantised register bytes, bit for bit.
                    Assert.Equal(sampleAll, sampleSome);
                    Assert.Equal(readerAll.Readout.Burst, readerSome.Readout.Burst);
                    compared++;
                }
            }

            Assert.Equal(deliveredAll, deliveredSome);

            // The lookahead taken before the previous slot promised this slot's fate and this slot's successor's stamp.
            if (promisedDelivered.HasValue)
            {
                Assert.Equal(promisedDelivered.Value, deliveredAll);
            }

            Assert.Equal(followingStamp, measuredAll.NextSampleTimeUs);
            promisedDelivered = followingDelivered;
        }

        Assert.Equal(measuredAll.DeliveredCount, someUnread.DeliveredCount);
        Assert.Equal(measuredAll.DroppedCount, someUnread.DroppedCount);
        Assert.True(compared > 8000, $"only {compared} samples compared");
    }
}

public class ImuRegisterTests
{
    [Fact]
    public void A_level_craft_at_rest_reads_plus_one_g_on_the_chip_z_axis_and_minus_g_on_body_z()
    {
        var frame = TestFrames.Get("quad250-brushless");
        var imu = new SimulatedImu(frame.Imu, new ImuConditions(1000, 0, 0, 0, 0, 0), seed: 1);
        var readout = new LiquidFlight.Core.Sensors.Imu.ImuReadout();
        Assert.True(imu.Sample(Vec3.Zero, new Vec3(0, 0, -9.80665), readout));
        // MPU-6050 burst: accel X, Y, Z, temperature, gyro X, Y, Z, big-endian; chip axes z up (datasheet).
        int chipZ = (short)((readout.Burst[4] << 8) | readout.Burst[5]);
        Assert.InRange(chipZ, 2048 - 40, 2048 + 40); // 1 g at 2048 LSB/g, within the accelerometer's bias spread
        var sample = default(ImuSample);
        new LiquidFlight.Core.Sensors.Imu.ImuSampleConverter(frame.Imu.Profile,
            LiquidFlight.Core.Sensors.Imu.AxisAlignment.For(LiquidFlight.Core.Sensors.Imu.BoardRotation.Cw0))
            .Convert(readout.Burst, 0, readout.TimestampUs, ref sample);
        Assert.InRange(sample.AccelZ / 65536.0, -9.81 - 0.2, -9.81 + 0.2);
    }

    [Fact]
    public void The_temperature_word_carries_lsb_noise_even_from_a_noise_free_sensor()
    {
        var frame = TestFrames.Get("quad250-brushless");
        var imu = new SimulatedImu(frame.Imu, new ImuConditions(8000, 0, 0, 0, 0, 0), seed: 2);
        var readout = new LiquidFlight.Core.Sensors.Imu.ImuReadout();
        var words = new HashSet<int>();
        for (int i = 0; i < 100; i++)
        {
            Assert.True(imu.Sample(Vec3.Zero, new Vec3(0, 0, -9.80665), readout));
            words.Add((short)((readout.Burst[6] << 8) | readout.Burst[7]));
        }

        // Uniform in +-2 LSB around 30 degC (raw -2220 on the MPU-6050: (30 - 36.53) * 340).
        Assert.Equal(5, words.Count);
        Assert.All(words, w => Assert.InRange(w, -2222, -2218));
    }
}
