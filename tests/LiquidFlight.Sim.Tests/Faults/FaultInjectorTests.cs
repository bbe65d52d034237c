using LiquidFlight.Core.Flight;
using LiquidFlight.Core.Safety;
using LiquidFlight.Core.Sensors;
using LiquidFlight.Sim.Faults;

namespace LiquidFlight.Sim.Tests.Faults;

/// <summary>
/// Each injected fault against the real supervisor inside a real FlightLoop at 500 Hz (IMU at the loop rate, level
/// with a little noise, pilot at 40 % throttle). Expected times follow from the supervisor's documented limits:
/// RC timeout 300 ms, landing 5 s, IMU stale after 50 ms, frozen after 50 repeated samples.
/// </summary>
public class FaultInjectorTests
{
    private const long PeriodUs = 2000;

    private static SafetyOutcome Fly(FaultPlan plan, double seconds, out FlightLoop loop, Action<long, FlightLoop>? each = null)
    {
        loop = new FlightLoop(new FlightLoopConfig(), null!);
        var injector = new FaultInjector(plan, loop, 0.35);
        var pulses = new int[4];
        var sample = Level(0, 0);
        loop.Pilot.Throttle = 26214; // 40 %
        injector.ArmAtStart(0, ref sample);
        long end = (long)(seconds * 1e6);
        int n = 0;
        for (long t = 0; t <= end; t += PeriodUs, n++)
        {
            sample = Level(t, n);
            bool isNew = true;
            loop.Pilot.Throttle = 26214;
            injector.BeforeCycle(t, ref sample, ref isNew);
            loop.RunCycle(t, ref sample, isNew, pulses);
            each?.Invoke(t, loop);
        }

        injector.Finish();
        return injector.Outcome;
    }

    private static ImuSample Level(long t, int n) =>
        new() { TimestampUs = t, GyroX = n % 3, GyroY = n % 5, AccelZ = -642690 + n % 7 };

    [Fact]
    public void Without_a_fault_window_the_flight_stays_armed()
    {
        var outcome = Fly(new FaultPlan(FaultKind.RcLoss, 100), 3, out var loop);
        Assert.True(loop.Armed);
        Assert.Null(outcome.LandingStartS);
        Assert.Null(outcome.MotorsOffS);
    }

    [Fact]
    public void Rc_loss_in_flight_lands_level_then_stops_the_motors()
    {
        bool levelDuringLanding = true;
        var outcome = Fly(new FaultPlan(FaultKind.RcLoss, 2.0), 8, out var loop, (t, l) =>
        {
            if (t >= 2_300_000 && t < 7_300_000)
            {
                levelDuringLanding &= l.Pilot.Roll == 0 && l.Pilot.Pitch == 0 && l.Pilot.Throttle == 22938;
            }
        });

        // last frame at 1.998 s; the link is down once more than 300 ms have passed: first cycle at 2.300 s
        Assert.Equal(2.300, outcome.LandingStartS!.Value, 6);
        Assert.True(levelDuringLanding);
        Assert.Equal(7.300, outcome.MotorsOffS!.Value, 6);
        Assert.Equal(7.300, outcome.DisarmedS!.Value, 6);
        Assert.Equal(FailsafeCause.RcLoss, outcome.Cause);
        Assert.False(loop.Armed);
    }

    [Fact]
    public void Short_rc_dropout_is_ridden_through()
    {
        var outcome = Fly(new FaultPlan(FaultKind.RcLoss, 2.0, 0.2), 4, out var loop);
        Assert.Null(outcome.LandingStartS);
        Assert.True(loop.Armed);
    }

    [Fact]
    public void Imu_dropout_stops_the_motors_after_the_stale_timeout()
    {
        var outcome = Fly(new FaultPlan(FaultKind.ImuDropout, 2.0), 3, out var loop);
        // last new sample at 1.998 s; stale once more than 50 ms old: first cycle at 2.050 s
        Assert.Equal(2.050, outcome.MotorsOffS!.Value, 6);
        Assert.Null(outcome.LandingStartS);
        Assert.Equal(FailsafeCause.ImuFailure, outcome.Cause);
        Assert.False(loop.Armed);
    }

    [Fact]
    public void Stuck_sensor_stops_the_motors_after_fifty_repeats()
    {
        var outcome = Fly(new FaultPlan(FaultKind.StuckSensor, 2.0), 3, out var loop);
        // values captured at 2.000 s; the 50th identical sample arrives at 2.100 s
        Assert.Equal(2.100, outcome.MotorsOffS!.Value, 6);
        Assert.Equal(FailsafeCause.ImuFailure, outcome.Cause);
        Assert.False(loop.Armed);
    }

    [Fact]
    public void Landing_throttle_outside_the_stick_range_is_refused()
    {
        var loop = new FlightLoop(new FlightLoopConfig(), null!);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaultInjector(new FaultPlan(FaultKind.RcLoss, 1), loop, 1.5));
    }
}
