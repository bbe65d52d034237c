using LiquidFlight.Core.Sensors;
using LiquidFlight.Core.Sensors.Imu;
using LiquidFlight.Sim.Frames;
using LiquidFlight.Sim.Physics;
using LiquidFlight.Sim.Sensors;

namespace LiquidFlight.Sim.Tests.Sensors;

/// <summary>The simulated IMU's register bursts read back through Core's converter, as the board reads them.</summary>
internal sealed class CoreImuReader(ImuSpec spec)
{
    private readonly ImuSampleConverter converter = new(spec.Profile, AxisAlignment.For(BoardRotation.Cw0));

    public ImuReadout Readout { get; } = new();

    public bool Sample(SimulatedImu imu, QuadrotorBody body, ref ImuSample sample) =>
        imu.Sample(body, Readout) && converter.Convert(Readout.Burst, 0, Readout.TimestampUs, ref sample);
}
