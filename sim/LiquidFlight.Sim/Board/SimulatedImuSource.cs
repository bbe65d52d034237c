using LiquidFlight.Core.Sensors.Imu;

namespace LiquidFlight.Sim.Board;

/// <summary>What an injected IMU fault does to the register reads.</summary>
public enum ImuSourceFault
{
    None,

    /// <summary>No new data reaches the board (a dead or stalled bus): every read finds nothing new.</summary>
    Dropout,

    /// <summary>The sensor hangs and keeps returning the registers it held when the fault began, with fresh stamps.</summary>
    Stuck,

    /// <summary>Every read fails on the bus (NACK, timeout).</summary>
    BusError,

    /// <summary>Samples keep arriving but their stamps stop advancing (a stuck sample clock).</summary>
    ClockStuck,
}

/// <summary>
/// The board cycle's <see cref="IImuSource"/> in the simulator: the simulated sensor delivers each sample's burst
/// here at its own time (<see cref="Deliver"/>); a board read returns the newest burst once, as a data-ready
/// driver does, and nothing when no sample arrived since the last read. Faults act here, on the bytes and stamps.
/// </summary>
public sealed class SimulatedImuSource : IImuSource
{
    private readonly ImuReadout latest = new();
    private readonly byte[] stuckBurst = new byte[ImuDeviceProfile.BurstLength];
    private bool fresh;
    private bool stuckCaptured;
    private long frozenStampUs;
    private bool stampFrozen;

    public ImuSourceFault Fault { get; set; }

    /// <summary>The readout the sensor model writes the next delivered sample into.</summary>
    public ImuReadout Incoming => latest;

    /// <summary>Marks the burst just written into <see cref="Incoming"/> as a new sample.</summary>
    public void Deliver() => fresh = true;

    public long Reads { get; private set; }

    public ImuReadStatus Read(long nowUs, ImuReadout readout)
    {
        Reads++;
        var fault = Fault;
        if (fault != ImuSourceFault.Stuck)
        {
            stuckCaptured = false;
        }

        if (fault == ImuSourceFault.BusError)
        {
            fresh = false;
            return ImuReadStatus.BusError;
        }

        if (!fresh || fault == ImuSourceFault.Dropout)
        {
            fresh = false;
            return ImuReadStatus.NoData;
        }

        fresh = false;
        byte[] from = latest.Burst;
        if (fault == ImuSourceFault.Stuck)
        {
            if (!stuckCaptured)
            {
                Array.Copy(readout.Burst, stuckBurst, stuckBurst.Length);
                stuckCaptured = true;
            }

            from = stuckBurst;
        }

        Array.Copy(from, readout.Burst, from.Length);
        if (fault == ImuSourceFault.ClockStuck)
        {
            if (!stampFrozen)
            {
                stampFrozen = true;
                frozenStampUs = readout.TimestampUs;
            }

            readout.TimestampUs = frozenStampUs;
        }
        else
        {
            stampFrozen = false;
            readout.TimestampUs = latest.TimestampUs;
        }

        return ImuReadStatus.Burst;
    }
}
