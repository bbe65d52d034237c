using LiquidFlight.Sim.Board;

namespace LiquidFlight.Sim.Faults;

/// <summary>
/// Applies the faults of a flight to the board's sources, never to the supervisor's inputs: RC loss stops the
/// receiver's frames, the IMU faults act on the register reads and their stamps (<see cref="SimulatedImuSource"/>).
/// The safety supervisor then sees what it would see on the board. Several faults may overlap (an RC loss during
/// an IMU stall); times are scenario seconds.
/// </summary>
public sealed class FaultInjector(IReadOnlyList<FaultPlan> plans)
{
    public IReadOnlyList<FaultPlan> Plans { get; } = plans;

    /// <summary>Whether the receiver sends nothing at scenario time <paramref name="t"/>.</summary>
    public bool RcWithheld(double t)
    {
        foreach (var p in Plans)
        {
            if (p.Kind == FaultKind.RcLoss && p.IsActive(t))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What the IMU reads do at scenario time <paramref name="t"/> (the most severe active fault wins).</summary>
    public ImuSourceFault ImuFault(double t)
    {
        var result = ImuSourceFault.None;
        foreach (var p in Plans)
        {
            if (!p.IsActive(t))
            {
                continue;
            }

            var f = p.Kind switch
            {
                FaultKind.ImuDropout => ImuSourceFault.Dropout,
                FaultKind.StuckSensor => ImuSourceFault.Stuck,
                FaultKind.ImuBusError => ImuSourceFault.BusError,
                FaultKind.ImuClockStuck => ImuSourceFault.ClockStuck,
                _ => ImuSourceFault.None,
            };
            if (f > result)
            {
                result = f;
            }
        }

        return result;
    }
}
