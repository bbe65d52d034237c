using LiquidFlight.Core.Sensors;
using LiquidFlight.Core.Sensors.Imu;

namespace LiquidFlight.Core.Tests.Imu;

public class ImuConversionTests
{
    private const double G = 9.80665;

    private static ImuDeviceProfile Mpu(GyroRange g, AccelRange a) => ImuDeviceProfile.Mpu6050(g, a, Mpu6050LowPass.Hz42, 1);

    private static ImuDeviceProfile Icm(GyroRange g, AccelRange a) =>
        ImuDeviceProfile.Icm42688P(g, a, Icm42688OutputDataRate.Hz1000, Icm42688UiFilter.OdrOver4, Icm42688UiFilter.OdrOver4);

    private static double Q(int v) => v / 65536.0;

    /// <summary>Within two Q16 LSB: one for the rounded scale constant, one for the rounded product.</summary>
    private static void Near(double expected, int actualQ16) =>
        Assert.InRange(Q(actualQ16), expected - 2.0 / 65536, expected + 2.0 / 65536);

    [Fact]
    public void Mpu6050_level_at_rest_reads_minus_one_g_on_body_z()
    {
        // MPU-6050 burst: AX AY AZ TEMP GX GY GZ. +1 g on sensor Z at +-8 g = 4096 LSB = 0x10 0x00.
        byte[] burst = { 0, 0, 0, 0, 0x10, 0x00, 0, 0, 0, 0, 0, 0, 0, 0 };
        var conv = new ImuSampleConverter(Mpu(GyroRange.Dps2000, AccelRange.G8), AxisAlignment.For(BoardRotation.Cw0));
        var s = new ImuSample();
        Assert.True(conv.Convert(burst, 0, 123456, ref s));
        Assert.Equal(123456, s.TimestampUs);
        Assert.Equal(0, s.AccelX);
        Assert.Equal(0, s.AccelY);
        Near(-G, s.AccelZ);
    }

    [Fact]
    public void Mpu6050_gyro_rates_are_scaled_to_rad_per_second_in_FRD()
    {
        // 90 deg/s at +-2000 deg/s (16.4 LSB per deg/s) = 1476 LSB = 0x05C4 on sensor X; -1476 = 0xFA3C on sensor Y;
        // sensor Z +328 (20 deg/s) = 0x0148.
        byte[] burst = { 0, 0, 0, 0, 0, 0, 0, 0, 0x05, 0xC4, 0xFA, 0x3C, 0x01, 0x48 };
        var conv = new ImuSampleConverter(Mpu(GyroRange.Dps2000, AccelRange.G8), AxisAlignment.For(BoardRotation.Cw0));
        var s = new ImuSample();
        conv.Convert(burst, 0, 0, ref s);
        double rad90 = Math.PI / 2;
        Near(rad90, s.GyroX);
        Near(rad90, s.GyroY); // sensor Y is body left: -(-90) deg/s
        Near(-20 * Math.PI / 180, s.GyroZ); // sensor Z is up, body z is down
    }

    [Theory]
    [InlineData(GyroRange.Dps250, 131.0)]
    [InlineData(GyroRange.Dps500, 65.5)]
    [InlineData(GyroRange.Dps1000, 32.8)]
    [InlineData(GyroRange.Dps2000, 16.4)]
    public void Gyro_full_range_sensitivities_match_the_datasheet(GyroRange range, double lsbPerDps)
    {
        // raw 10000 on sensor X
        byte[] burst = { 0, 0, 0, 0, 0, 0, 0, 0, 0x27, 0x10, 0, 0, 0, 0 };
        var conv = new ImuSampleConverter(Mpu(range, AccelRange.G8), AxisAlignment.For(BoardRotation.Cw0));
        var s = new ImuSample();
        conv.Convert(burst, 0, 0, ref s);
        double expected = 10000 / lsbPerDps * Math.PI / 180;
        Assert.InRange(Q(s.GyroX), expected - 2.0 / 65536, expected + 2.0 / 65536);
    }

    [Theory]
    [InlineData(AccelRange.G2, 16384)]
    [InlineData(AccelRange.G4, 8192)]
    [InlineData(AccelRange.G8, 4096)]
    [InlineData(AccelRange.G16, 2048)]
    public void Accel_sensitivities_match_the_datasheet(AccelRange range, int lsbPerG)
    {
        // -2 g on sensor X: forward deceleration reads negative on body x with Cw0.
        int raw = -2 * lsbPerG;
        if (raw < -32768)
        {
            raw = -32768;
        }

        byte[] burst = new byte[14];
        burst[0] = (byte)((raw >> 8) & 0xFF);
        burst[1] = (byte)(raw & 0xFF);
        var conv = new ImuSampleConverter(Mpu(GyroRange.Dps2000, range), AxisAlignment.For(BoardRotation.Cw0));
        var s = new ImuSample();
        conv.Convert(burst, 0, 0, ref s);
        double expected = raw * G / lsbPerG;
        Assert.InRange(Q(s.AccelX), expected - 2.0 / 65536, expected + 2.0 / 65536);
    }

    [Fact]
    public void Icm42688_burst_has_temperature_first_then_accel_then_gyro()
    {
        // TEMP = 1325 (0x052D): 1325 / 132.48 + 25 = 35.00 degC; AZ = +1 g at +-16 g = 2048 = 0x0800;
        // GX = -1000 deg/s at +-1000 = -32800 -> clipped: use -16400 (-500 deg/s) = 0xBFF0.
        byte[] burst = { 0x05, 0x2D, 0, 0, 0, 0, 0x08, 0x00, 0xBF, 0xF0, 0, 0, 0, 0 };
        var conv = new ImuSampleConverter(Icm(GyroRange.Dps1000, AccelRange.G16), AxisAlignment.For(BoardRotation.Cw0));
        var s = new ImuSample();
        conv.Convert(burst, 0, 42, ref s);
        Near(-G, s.AccelZ);
        Near(-500 * Math.PI / 180, s.GyroX);
        Assert.Equal(3500, conv.TemperatureCentiC());
    }

    [Fact]
    public void Mpu6050_temperature_follows_the_datasheet_formula()
    {
        // TEMP_OUT = -340 (0xFEAC): -1 + 36.53 = 35.53 degC
        byte[] burst = { 0, 0, 0, 0, 0, 0, 0xFE, 0xAC, 0, 0, 0, 0, 0, 0 };
        var conv = new ImuSampleConverter(Mpu(GyroRange.Dps2000, AccelRange.G8), AxisAlignment.For(BoardRotation.Cw0));
        var s = new ImuSample();
        conv.Convert(burst, 0, 0, ref s);
        Assert.Equal(3553, conv.TemperatureCentiC());
    }

    [Fact]
    public void Burst_at_an_offset_and_short_buffers()
    {
        byte[] buffer = new byte[20];
        buffer[3 + 4] = 0x10; // AZ high byte of a burst starting at 3
        var conv = new ImuSampleConverter(Mpu(GyroRange.Dps2000, AccelRange.G8), AxisAlignment.For(BoardRotation.Cw0));
        var s = new ImuSample { AccelX = 77 };
        Assert.True(conv.Convert(buffer, 3, 0, ref s));
        Near(-G, s.AccelZ);
        var untouched = new ImuSample { AccelX = 77 };
        Assert.False(conv.Convert(buffer, 7, 0, ref untouched));
        Assert.Equal(77, untouched.AccelX);
    }

    [Fact]
    public void Gyro_bias_is_subtracted_in_the_body_frame()
    {
        byte[] burst = { 0, 0, 0, 0, 0, 0, 0, 0, 0x05, 0xC4, 0, 0, 0, 0 };
        var conv = new ImuSampleConverter(Mpu(GyroRange.Dps2000, AccelRange.G8), AxisAlignment.For(BoardRotation.Cw0));
        var s = new ImuSample();
        conv.Convert(burst, 0, 0, ref s);
        int unbiased = s.GyroX;
        conv.SetGyroBias(1000, -2000, 3000);
        conv.Convert(burst, 0, 0, ref s);
        Assert.Equal(unbiased - 1000, s.GyroX);
        Assert.Equal(2000, s.GyroY);
        Assert.Equal(-3000, s.GyroZ);
    }

    [Theory]
    [InlineData(GyroRange.Dps2000, AccelRange.G16, 35.0, 157.0, 0, true, true)]
    [InlineData(GyroRange.Dps2000, AccelRange.G16, 35.0, 157.0, 0.1, true, true)]
    [InlineData(GyroRange.Dps2000, AccelRange.G16, 35.0, 157.0, 0.2, false, true)]
    [InlineData(GyroRange.Dps2000, AccelRange.G16, 34.8, 157.0, 0, false, false)]
    [InlineData(GyroRange.Dps2000, AccelRange.G16, 35.0, 156.8, 0, false, false)]
    [InlineData(GyroRange.Dps250, AccelRange.G8, 35.0, 157.0, 0.3, true, true)]
    public void Output_within_limits_holds_exactly_when_every_extreme_word_converts_inside_them(
        GyroRange gyro, AccelRange accel, double maxGyroRadS, double maxAccelMS2, double biasRadS, bool expected, bool expectedWithoutBias)
    {
        // The largest word at 2000 deg/s, 32768 / 16.4 = 1,998 deg/s, is 34.87 rad/s, and at 16 g 156.9 m/s^2: the
        // flight loop's default clamps (35 rad/s, 157 m/s^2) hold every converted value, until a gyro bias of more
        // than 0.12 rad/s adds to the full scale.
        int maxGyro = (int)Math.Round(maxGyroRadS * 65536);
        int maxAccel = (int)Math.Round(maxAccelMS2 * 65536);
        int bias = (int)Math.Round(biasRadS * 65536);
        foreach (BoardRotation rotation in Enum.GetValues<BoardRotation>())
        {
            var conv = new ImuSampleConverter(Mpu(gyro, accel), AxisAlignment.For(rotation));
            Assert.False(conv.OutputWithinLimits);
            conv.SetOutputLimits(maxGyro, maxAccel);
            conv.SetGyroBias(bias, -bias, bias);

            // The independent check: convert every combination of extreme words and see whether any leaves the limits.
            bool inside = true;
            var s = new ImuSample();
            short[] extremes = { short.MinValue, short.MaxValue };
            foreach (short a in extremes)
            {
                foreach (short g in extremes)
                {
                    byte[] burst = new byte[14];
                    for (int w = 0; w < 7; w++)
                    {
                        short v = w < 3 ? a : (w == 3 ? (short)0 : g);
                        burst[2 * w] = (byte)(v >> 8);
                        burst[(2 * w) + 1] = (byte)v;
                    }

                    conv.Convert(burst, 0, 0, ref s);
                    inside &= Math.Abs((long)s.GyroX) <= maxGyro && Math.Abs((long)s.GyroY) <= maxGyro && Math.Abs((long)s.GyroZ) <= maxGyro
                        && Math.Abs((long)s.AccelX) <= maxAccel && Math.Abs((long)s.AccelY) <= maxAccel && Math.Abs((long)s.AccelZ) <= maxAccel;
                }
            }

            Assert.Equal(expected, inside);
            Assert.Equal(expected, conv.OutputWithinLimits);
            // Judged again when the bias goes.
            conv.ClearGyroBias();
            Assert.Equal(expectedWithoutBias, conv.OutputWithinLimits);
        }
    }

    [Fact]
    public void Rotated_mounting_is_applied_by_the_converter()
    {
        // Chip turned 90 deg clockwise: its X points right, its Y forward. Sensor accel X = +1 g (0x1000 at +-8 g),
        // sensor gyro Y = +90 deg/s (0x05C4 at +-2000): the craft accelerates right and rolls right.
        byte[] burst = { 0x10, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x05, 0xC4, 0, 0 };
        var conv = new ImuSampleConverter(Mpu(GyroRange.Dps2000, AccelRange.G8), AxisAlignment.For(BoardRotation.Cw90));
        var s = new ImuSample();
        conv.Convert(burst, 0, 0, ref s);
        Near(G, s.AccelY);
        Assert.Equal(0, s.AccelX);
        Near(Math.PI / 2, s.GyroX);
        Assert.Equal(0, s.GyroY);
    }

    [Fact]
    public void Upside_down_icm42688_level_at_rest_reads_minus_one_g_on_body_z()
    {
        // Under the board the chip's Z points down, so at rest it reads -1 g: 0xF800 at +-16 g.
        byte[] burst = { 0, 0, 0, 0, 0, 0, 0xF8, 0x00, 0, 0, 0, 0, 0, 0 };
        var conv = new ImuSampleConverter(Icm(GyroRange.Dps2000, AccelRange.G16), AxisAlignment.For(BoardRotation.Cw180Flip));
        var s = new ImuSample();
        conv.Convert(burst, 0, 0, ref s);
        Near(-G, s.AccelZ);
        Assert.Equal((0, 0), (s.AccelX, s.AccelY));
    }
}
