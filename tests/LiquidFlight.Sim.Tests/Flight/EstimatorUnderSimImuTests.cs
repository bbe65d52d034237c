using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Core.Sensors;
using LiquidFlight.Sim.Frames;
using LiquidFlight.Sim.Physics;
using LiquidFlight.Sim.Sensors;

namespace LiquidFlight.Sim.Tests.Flight;

/// <summary>
/// Core's attitude estimator fed by the simulated IMU (noise, bias, quantisation, jitter, drops and stalls):
/// it must follow the true attitude of the rigid body through a manoeuvre, integrating the real dt of each sample.
/// </summary>
public class EstimatorUnderSimImuTests
{
    private const double RadToDeg = 180 / Math.PI;

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.8, 0.2)]
    public void Estimate_tracks_a_rolling_and_pitching_body_under_irregular_sampling(double jitter, double dropout)
    {
        var frame = FrameCatalog.Get("quad250-brushless");
        var body = new QuadrotorBody(TestFrames.WithoutDrag(frame)) { Position = new Vec3(0, 0, -1000) };
        var imu = new SimulatedImu(frame.Imu, new ImuConditions(1000, jitter, dropout, 0.002, 8, 1), seed: 17);
        var estimator = new AttitudeEstimator(Q16.FromRatio(1, 10), Q16.FromRatio(1, 20), Q16.FromRatio(15, 100));

        // The body is turned kinematically, as on a gimbal rig: prescribed rates integrated by the body's own
        // attitude update, no translation, so the specific force is gravity's reaction in the turning body frame.
        var sample = default(ImuSample);
        var reader = new LiquidFlight.Sim.Tests.Sensors.CoreImuReader(frame.Imu);
        long lastStamp = -1;
        double maxError = 0;
        int compared = 0;
        const double dt = 250e-6;
        for (int step = 0; step < 24000; step++)
        {
            double t = step * dt;
            // 0-1 s level, 1-2 s roll at 40 deg/s, 2-3 s pitch at -30 deg/s, 3-4.5 s both back, then hold.
            var rate = t < 1 ? Vec3.Zero
                : t < 2 ? new Vec3(40, 0, 0)
                : t < 3 ? new Vec3(0, -30, 0)
                : t < 4.5 ? new Vec3(-40 / 1.5, 30 / 1.5, 0)
                : Vec3.Zero;
            body.BodyRate = rate * (1 / RadToDeg);
            body.Attitude = body.Attitude.Integrate(body.BodyRate, dt);

            long nowUs = (long)Math.Round((t + dt) * 1e6);
            while (imu.NextSampleTimeUs <= nowUs)
            {
                if (!reader.Sample(imu, body, ref sample))
                {
                    continue;
                }

                long dtUs = lastStamp < 0 ? 0 : sample.TimestampUs - lastStamp;
                lastStamp = sample.TimestampUs;
                estimator.Update(sample.GyroX, sample.GyroY, sample.GyroZ, sample.AccelX, sample.AccelY, sample.AccelZ, dtUs);

                double er = estimator.Roll / 65536.0 * RadToDeg - body.Attitude.Roll * RadToDeg;
                double ep = estimator.Pitch / 65536.0 * RadToDeg - body.Attitude.Pitch * RadToDeg;
                maxError = Math.Max(maxError, Math.Max(Math.Abs(er), Math.Abs(ep)));
                compared++;
            }
        }

        // Up to 40 deg of excursion followed to within 1.5 deg: gyro integration over the real, irregular dt of
        // each delivered sample, with noise, bias and quantisation.
        // 6 s at 1 kHz, minus drops and stalls.
        Assert.True(compared > 6000 * (1 - dropout) * 0.85, $"{compared} samples");
        Assert.True(maxError < 1.5, $"max estimate error {maxError:F2} deg");
    }
}
