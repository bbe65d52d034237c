using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Core.Sensors;
using Xunit.Abstractions;

namespace LiquidFlight.Core.Tests.Sensors;

/// <summary>
/// The Mahony estimator against synthetic IMU data whose truth is computed in double precision here
/// (quaternion exponential for constant body rates, gravity rotated into the body frame).
/// </summary>
public class AttitudeEstimatorTests
{
    private const double G = 9.80665;
    private readonly ITestOutputHelper output;

    public AttitudeEstimatorTests(ITestOutputHelper output)
    {
        this.output = output;
    }

    private static int Q(double v) => (int)Math.Round(v * 65536);

    private static double Deg(int q16) => q16 / 65536.0 * 180 / Math.PI;

    private static double Rad(double degrees) => degrees * Math.PI / 180;

    /// <summary>Specific force (m/s^2) in FRD body axes of a craft at rest with the given roll and pitch.</summary>
    private static (int X, int Y, int Z) AccelAtRest(double roll, double pitch)
    {
        // down_body = (-sin p, sin r cos p, cos r cos p); the accelerometer reads -g * down.
        return (Q(G * Math.Sin(pitch)), Q(-G * Math.Sin(roll) * Math.Cos(pitch)), Q(-G * Math.Cos(roll) * Math.Cos(pitch)));
    }

    private static AttitudeEstimator NewEstimator(double kp = 1.0, double ki = 0.0)
    {
        return new AttitudeEstimator(Q(kp), Q(ki), Q(0.15));
    }

    [Fact]
    public void FirstSampleLevelsFromTheAccelerometer()
    {
        var est = NewEstimator();
        var a = AccelAtRest(Rad(20), Rad(-10));
        est.Update(0, 0, 0, a.X, a.Y, a.Z, 0);
        Assert.True(est.Initialised);
        Assert.InRange(Deg(est.Roll), 19.99, 20.01);
        Assert.InRange(Deg(est.Pitch), -10.01, -9.99);
        Assert.InRange(Deg(est.Yaw), -0.01, 0.01);
    }

    [Theory]
    [InlineData(30.0, 0.0)]
    [InlineData(0.0, -30.0)]
    [InlineData(-25.0, 20.0)]
    public void ConvergesFromAWrongStartAsTheMahonyEquationPredicts(double rollDeg, double pitchDeg)
    {
        var est = NewEstimator(kp: 1.0, ki: 0.0);
        est.SetAttitude(Q(Rad(rollDeg)), Q(Rad(pitchDeg)), 0);
        var level = AccelAtRest(0, 0);
        double initial = Math.Sqrt(rollDeg * rollDeg + pitchDeg * pitchDeg);
        double timeToOneDegree = double.NaN;
        for (int k = 1; k <= 3000; k++) // 6 s at 500 Hz
        {
            est.Update(0, 0, 0, level.X, level.Y, level.Z, 2000);
            double error = Math.Sqrt(Deg(est.Roll) * Deg(est.Roll) + Deg(est.Pitch) * Deg(est.Pitch));
            if (double.IsNaN(timeToOneDegree) && error < 1.0)
            {
                timeToOneDegree = k * 0.002;
            }
        }

        // With a tilt error theta, the Mahony correction is Kp sin(theta) about the tilt axis, so
        // tan(theta/2) = tan(theta0/2) exp(-Kp t): from 30 deg to 1 deg takes ln(tan 15 / tan 0.5) / Kp = 3.42 s.
        double predicted = Math.Log(Math.Tan(Rad(initial) / 2) / Math.Tan(Rad(1.0) / 2)) / 1.0;
        output.WriteLine($"start error {initial:F1} deg: below 1 deg after {timeToOneDegree:F3} s (predicted {predicted:F3} s); " +
                         $"after 6 s roll {Deg(est.Roll):F4} pitch {Deg(est.Pitch):F4} deg");
        Assert.InRange(timeToOneDegree, predicted * 0.97, predicted * 1.03);
        Assert.InRange(Deg(est.Roll), -0.2, 0.2);
        Assert.InRange(Deg(est.Pitch), -0.2, 0.2);
    }

    [Fact]
    public void TracksAConstantRateRotationUnderIrregularDt()
    {
        var rng = new Random(42);
        var est = NewEstimator(kp: 1.0, ki: 0.05);
        var level = AccelAtRest(0, 0);
        est.Update(0, 0, 0, level.X, level.Y, level.Z, 0);

        // Body rates as exact Q16 values; truth integrates the same (quantised) rates exactly.
        int gx = Q(0.6), gy = Q(-0.4), gz = Q(1.5);
        double wx = gx / 65536.0, wy = gy / 65536.0, wz = gz / 65536.0;
        double[] q = { 1, 0, 0, 0 };
        double maxError = 0;
        long t = 0;
        double roll, pitch, prevRoll = 0, prevPitch = 0, prevYaw = 0, prevTrueRoll = 0, prevTruePitch = 0;
        for (int k = 0; t < 2_000_000; k++)
        {
            long dt = 500 + rng.Next(3501); // 0.5 - 4 ms
            t += dt;
            q = Multiply(q, Exp(wx, wy, wz, dt / 1e6));
            var (r, p, yaw) = Euler(q);
            // Roll and pitch are extracted on one sample in DecimationPeriod (the first after the levelling one), from
            // the quaternion as it was after the previous sample, then advanced by the body rates over dt (roll
            // wrapped, pitch held within +-90 deg), as on every other sample from its predecessor's values. The
            // heading comes from the quaternion, which the odd samples rotate by both their own and the even
            // sample's rotation: the truth after odd samples, the previous sample's truth after even ones.
            double heading = k % 2 == 1 ? yaw : prevYaw;
            prevYaw = yaw;
            (double fromRoll, double fromPitch) = k % AttitudeEstimator.DecimationPeriod == 0 ? (prevTrueRoll, prevTruePitch) : (prevRoll, prevPitch);
            (prevTrueRoll, prevTruePitch) = (r, p);
            (roll, pitch) = (Math.IEEERemainder(fromRoll + (wx * dt / 1e6), 2 * Math.PI), Math.Clamp(fromPitch + (wy * dt / 1e6), -Math.PI / 2, Math.PI / 2));
            (prevRoll, prevPitch) = (roll, pitch);

            // Gravity in body axes from the true attitude: the accelerometer agrees with the truth.
            double dx = 2 * (q[1] * q[3] - q[0] * q[2]);
            double dy = 2 * (q[0] * q[1] + q[2] * q[3]);
            double dz = q[0] * q[0] - q[1] * q[1] - q[2] * q[2] + q[3] * q[3];
            est.Update(gx, gy, gz, Q(-G * dx), Q(-G * dy), Q(-G * dz), dt);

            maxError = Math.Max(maxError, AngleError(roll, est.Roll));
            maxError = Math.Max(maxError, AngleError(pitch, est.Pitch));
            maxError = Math.Max(maxError, AngleError(heading, est.Yaw));
        }

        output.WriteLine($"constant-rate tracking, jittered dt 0.5-4 ms over 2 s: max Euler error {maxError:F4} deg (roll, pitch against the decimated rule)");
        Assert.True(maxError < 0.02, $"max error {maxError:F4} deg");
    }

    [Fact]
    public void LearnsAConstantGyroBiasAndRemovesTheTiltErrorItWouldCause()
    {
        var est = NewEstimator(kp: 1.0, ki: 0.1);
        var level = AccelAtRest(0, 0);
        est.Update(0, 0, 0, level.X, level.Y, level.Z, 0);
        int bias = Q(0.02); // rad/s on the roll gyro
        for (int k = 0; k < 60000; k++) // 120 s at 500 Hz
        {
            est.Update(bias, 0, 0, level.X, level.Y, level.Z, 2000);
        }

        // Without the integral the roll error would settle at bias / Kp = 0.02 rad = 1.15 deg.
        output.WriteLine($"bias 0.02 rad/s: learned {est.BiasX / 65536.0:F5} rad/s, roll {Deg(est.Roll):F4} deg");
        Assert.InRange(est.BiasX / 65536.0, -0.0205, -0.0195);
        Assert.InRange(Deg(est.Roll), -0.05, 0.05);
    }

    [Fact]
    public void IgnoresTheAccelerometerWhenItDoesNotReadOneG()
    {
        var est = NewEstimator(kp: 5.0);
        var level = AccelAtRest(0, 0);
        est.Update(0, 0, 0, level.X, level.Y, level.Z, 0);
        // 1.5 g pulling sideways (a banked turn or a crash): not gravity, must not tilt the estimate.
        for (int k = 0; k < 500; k++)
        {
            est.Update(0, 0, 0, Q(0), Q(-1.5 * G * 0.7), Q(-1.5 * G * 0.7), 2000);
            Assert.False(est.AccelUsed);
        }

        Assert.Equal(0, est.Roll);
        Assert.Equal(0, est.Pitch);

        // One sample in DecimationPeriod is a correction sample: of the next ones at 1 g, exactly one uses the
        // accelerometer.
        int used = 0;
        for (int k = 0; k < AttitudeEstimator.DecimationPeriod; k++)
        {
            est.Update(0, 0, 0, level.X, level.Y, level.Z, 2000);
            used += est.AccelUsed ? 1 : 0;
        }

        Assert.Equal(1, used);
    }

    [Fact]
    public void CorrectionAndAngleExtractionAreDecimatedAndTheQuaternionTurnsOnTheSamplesBetween()
    {
        Assert.Equal(4, AttitudeEstimator.DecimationPeriod);
        Assert.Equal(2, AttitudeEstimator.CorrectionPhase);
        var est = NewEstimator(kp: 1.0);
        var level = AccelAtRest(0, 0);
        est.Update(0, 0, 0, level.X, level.Y, level.Z, 0);
        int rate = Q(1.0);
        for (int k = 0; k < 3 * AttitudeEstimator.DecimationPeriod; k++)
        {
            int q1Before = est.Q1, rollBefore = est.Roll;
            est.Update(rate, 0, 0, level.X, level.Y, level.Z, 2000);
            bool anglesSample = k % AttitudeEstimator.DecimationPeriod == 0;
            // The first sample after levelling extracts the angles, the one halfway to the next angles sample
            // corrects from the accelerometer.
            Assert.Equal(k % AttitudeEstimator.DecimationPeriod == AttitudeEstimator.CorrectionPhase, est.AccelUsed);
            // An even-phase sample (angles, correction) leaves its rotation to the next sample, which turns the
            // quaternion by both: about 2 * 1 rad/s * 2 ms / 2 = 2e-3 of q1 (2,147,484 Q30 LSB) from level.
            if (k % 2 == 0)
            {
                Assert.True(est.Q1 == q1Before, $"sample {k}: an even-phase sample must not turn the quaternion");
            }
            else
            {
                Assert.True(est.Q1 - q1Before > 2_000_000, $"sample {k}: the quaternion must turn by two samples' rotation");
            }

            // Roll from the quaternion, 2 * atan2(q1, q0) for a pure roll: an angles sample extracts it (the
            // quaternion as the previous sample left it) and advances it by this sample's 131 LSB.
            double fromQuaternion = 2 * Math.Atan2(est.Q1, est.Q0);
            if (anglesSample)
            {
                Assert.InRange((est.Roll - 131) / 65536.0 - fromQuaternion, -2e-4, 2e-4);
            }
            else if (!est.AccelUsed)
            {
                // Advanced by the applied rate, 1 rad/s over 2 ms: 131.07 LSB of Q16.16 (no bias is learned, Ki = 0).
                Assert.InRange(est.Roll - rollBefore, 130, 132);
            }
            else
            {
                // A correction sample applies the rate less the level-seeking correction (the accelerometer reads
                // level while the estimate rolls away), scaled by its span of DecimationPeriod samples.
                Assert.InRange((est.Roll - rollBefore) / 65536.0, 0.0015, 0.00199);
            }
        }

        // A reset starts again with an angles sample.
        est.Reset();
        est.Update(0, 0, 0, level.X, level.Y, level.Z, 0);
        est.Update(rate, 0, 0, level.X, level.Y, level.Z, 2000);
        Assert.False(est.AccelUsed);
        Assert.True(est.Roll > 0);
    }

    [Fact]
    public void AWiderTrustBandSetInFlightAdmitsTheAccelerometer()
    {
        // 1.2 g: outside a 15 % band, inside a 30 % band. The band is a public field changed at run time, and the
        // estimator keeps the squared bounds between cycles, so the change must reach the next update.
        var est = NewEstimator(kp: 1.0);
        var level = AccelAtRest(0, 0);
        est.Update(0, 0, 0, level.X, level.Y, level.Z, 0);
        Assert.False(UsedOverOnePeriod(est, Q(-1.2 * G)));
        est.AccelTrustBand = Q(0.3);
        Assert.True(UsedOverOnePeriod(est, Q(-1.2 * G)));
        est.AccelTrustBand = Q(0.1);
        Assert.False(UsedOverOnePeriod(est, Q(-1.12 * G)));

        // A decimation period holds one correction sample: whether any of its samples used the accelerometer
        // (reading z only).
        static bool UsedOverOnePeriod(AttitudeEstimator e, int accelZ)
        {
            bool used = false;
            for (int k = 0; k < AttitudeEstimator.DecimationPeriod; k++)
            {
                e.Update(0, 0, 0, 0, 0, accelZ, 2000);
                used |= e.AccelUsed;
            }

            return used;
        }
    }

    [Fact]
    public void NoElapsedTimeIntegratesNothingAndAHugeGapIsClamped()
    {
        var est = NewEstimator(kp: 0.0);
        var level = AccelAtRest(0, 0);
        est.Update(0, 0, 0, level.X, level.Y, level.Z, 0);
        est.Update(Q(1.0), 0, 0, level.X, level.Y, level.Z, 0);
        est.Update(Q(1.0), 0, 0, level.X, level.Y, level.Z, -5000);
        Assert.Equal(0, est.Roll);

        // 10 s gap at 1 rad/s is integrated as MaxDtUs = 20 ms: 0.02 rad = 1.146 deg, not 573 deg.
        est.Update(Q(1.0), 0, 0, level.X, level.Y, level.Z, 10_000_000);
        Assert.InRange(Deg(est.Roll), 1.14, 1.15);
    }

    [Theory]
    [InlineData(2.0, 2000)]    // a fast roll at 500 Hz: the two samples a rotation applies turn by 0.0085 rad, far below the skip limit
    [InlineData(6.0, 5000)]    // 0.064 rad over two 200 Hz samples
    [InlineData(14.0, 4000)]   // 0.119 rad: just below 1/8, about the largest rotation the first rotating sample leaves unnormalised
    [InlineData(50.0, 4000)]   // 0.43 rad: above it, normalised on every rotating sample
    public void SamplesThatLeaveTheNormalisationStayUnitLength(double rate, long dtUs)
    {
        // The quaternion's length after every sample (|omega| = 1.063 rate here): within 2e-6 of 1, where the
        // third-order increment and the Q30 rounding put it, and far inside the 1e-4 the Newton step is built for. The
        // first rotating sample after an angles sample skips the normalisation while the two samples it applies turn
        // by less than 1/8 rad (SmallTurnQ30); the next one always normalises.
        var est = NewEstimator(kp: 1.0, ki: 0.1);
        est.Update(0, 0, 0, 0, 0, -AttitudeEstimator.GravityQ16, 0);
        double worst = 0;
        for (int k = 0; k < 2000; k++)
        {
            est.Update(Q(rate), Q(-0.3 * rate), Q(0.2 * rate), Q(0.3), Q(-0.2), -AttitudeEstimator.GravityQ16, dtUs);
            double n = Math.Sqrt(Sq(est.Q0) + Sq(est.Q1) + Sq(est.Q2) + Sq(est.Q3));
            worst = Math.Max(worst, Math.Abs(n - 1));
        }

        Assert.True(worst < 2e-6, $"|q| off 1 by {worst:E2}");

        static double Sq(int q30) => (q30 / (double)(1 << 30)) * (q30 / (double)(1 << 30));
    }

    [Fact]
    public void GarbageSamplesKeepAUnitQuaternionAndAnglesInRange()
    {
        var rng = new Random(11);
        var est = NewEstimator(kp: 2.0, ki: 0.5);
        int[] specials = { int.MinValue, int.MaxValue, 0, -1, 1, Q(9.81), -Q(9.81) };
        int Pick() => rng.Next(3) == 0 ? specials[rng.Next(specials.Length)] : rng.Next(int.MinValue, int.MaxValue);
        for (int k = 0; k < 20000; k++)
        {
            long dt = rng.Next(4) switch { 0 => -rng.NextInt64(1, long.MaxValue), 1 => rng.NextInt64(), 2 => 0, _ => rng.Next(5000) };
            est.Update(Pick(), Pick(), Pick(), Pick(), Pick(), Pick(), dt);
            double n = Math.Sqrt(Sq(est.Q0) + Sq(est.Q1) + Sq(est.Q2) + Sq(est.Q3));
            Assert.InRange(n, 0.999, 1.001);
            Assert.InRange(est.Roll, -Trig.Pi - 2, Trig.Pi + 2);
            Assert.InRange(est.Pitch, -Trig.HalfPi - 2, Trig.HalfPi + 2);
            Assert.InRange(est.Yaw, -Trig.Pi - 2, Trig.Pi + 2);
        }

        static double Sq(int q30) => (q30 / (double)(1 << 30)) * (q30 / (double)(1 << 30));
    }

    private static double AngleError(double truthRad, int estimateQ16)
    {
        double e = estimateQ16 / 65536.0 - truthRad;
        e = Math.IEEERemainder(e, 2 * Math.PI);
        return Math.Abs(e) * 180 / Math.PI;
    }

    private static double[] Exp(double wx, double wy, double wz, double dt)
    {
        double n = Math.Sqrt(wx * wx + wy * wy + wz * wz);
        double half = n * dt / 2;
        double s = n > 0 ? Math.Sin(half) / n : 0;
        return new[] { Math.Cos(half), wx * s, wy * s, wz * s };
    }

    private static double[] Multiply(double[] a, double[] b)
    {
        return new[]
        {
            a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3],
            a[0] * b[1] + a[1] * b[0] + a[2] * b[3] - a[3] * b[2],
            a[0] * b[2] - a[1] * b[3] + a[2] * b[0] + a[3] * b[1],
            a[0] * b[3] + a[1] * b[2] - a[2] * b[1] + a[3] * b[0],
        };
    }

    private static (double Roll, double Pitch, double Yaw) Euler(double[] q)
    {
        double roll = Math.Atan2(2 * (q[0] * q[1] + q[2] * q[3]), 1 - 2 * (q[1] * q[1] + q[2] * q[2]));
        double pitch = Math.Asin(Math.Clamp(2 * (q[0] * q[2] - q[1] * q[3]), -1, 1));
        double yaw = Math.Atan2(2 * (q[0] * q[3] + q[1] * q[2]), 1 - 2 * (q[2] * q[2] + q[3] * q[3]));
        return (roll, pitch, yaw);
    }
}
