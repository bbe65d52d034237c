using LiquidFlight.Core.Safety;
using LiquidFlight.Sim.Board;
using LiquidFlight.Sim.Tests.Board;
using LiquidFlight.Sim.Faults;
using LiquidFlight.Sim.Physics;
using LiquidFlight.Sim.Scenarios;
using LiquidFlight.Sim.Sensors;

namespace LiquidFlight.Sim.Tests.Faults;

/// <summary>
/// Each injected fault against Core's whole board cycle (the supervisor inside), on a craft held level: the
/// simulated IMU writes register bursts at its own rate (50 Hz, 1 kHz or 8 kHz), the receiver sends CRSF frames every
/// 10 ms, the pilot arms on the switch after the gyro calibration and then holds 40 % throttle. The faults act on
/// the sources only. Expected times follow from the board's documented limits (<see cref="SafetyLimits"/>) and the
/// supervisor's own record of the last frame and the last new sample, not from the simulator.
/// </summary>
public class BoardFaultTests
{
    /// <summary>The held board's receiver frame period.</summary>
    private const long FrameUs = 10_000;

    private static readonly SafetyLimits Limits = new();

    /// <summary>Runs to 3 s (armed from about 1.1 s), then the fault from 3 s, and returns the board.</summary>
    private static HeldBoard Fly(FaultPlan plan, double imuHz, double seconds, Action<HeldBoard>? each = null, double noiseScale = 1)
    {
        var h = new HeldBoard(imuHz, [plan], noiseScale: noiseScale);
        h.RunUntil((long)(seconds * 1e6), each == null ? null : () => each(h));
        return h;
    }

    [Theory]
    [InlineData(50)]
    [InlineData(1000)]
    [InlineData(8000)]
    public void A_healthy_held_sensor_never_trips_at_any_rate(double imuHz)
    {
        var h = Fly(new FaultPlan(FaultKind.RcLoss, 100), imuHz, 6);
        var s = h.Board.Cycle.Supervisor;
        Assert.True(h.Board.Cycle.Flight.Armed, $"flags {s.Arming.Flags}, cause {s.Failsafe.Cause}");
        Assert.Equal(FailsafePhase.Idle, s.Failsafe.Phase);
        Assert.True(h.FlyingSinceS < 2.5, $"armed at {h.FlyingSinceS} s");
    }

    [Theory]
    [InlineData(FaultKind.StuckSensor, 1000)]
    [InlineData(FaultKind.ImuBusError, 1000)]
    [InlineData(FaultKind.ImuDropout, 1000)]
    [InlineData(FaultKind.StuckSensor, 50)]
    public void The_bus_health_the_cycle_hands_the_supervisor_is_the_monitor_s_verdict_at_the_cycle_start(FaultKind kind, double imuHz)
    {
        // A converted burst brings its verdict back from the report (no second call); any other read asks the
        // monitor. Either way the supervisor sees what IsHealthy says at the cycle's start, through the fault.
        int cycles = 0, unhealthy = 0;
        Fly(new FaultPlan(kind, 3.0, 0.5), imuHz, 4, b =>
        {
            var cycle = b.Board.Cycle;
            bool verdict = cycle.ImuHealth!.IsHealthy(cycle.Executive.CycleStartUs);
            Assert.Equal(verdict, cycle.Supervisor.ImuBusHealthy);
            cycles++;
            unhealthy += verdict ? 0 : 1;
        });
        Assert.True(cycles > 1000, $"{cycles} cycles");
        Assert.True(unhealthy > 0 || kind == FaultKind.ImuDropout, $"{unhealthy} unhealthy cycles");
    }

    [Fact]
    public void A_noise_free_sensor_at_8_kHz_is_not_frozen_its_temperature_word_still_moves()
    {
        var h = Fly(new FaultPlan(FaultKind.RcLoss, 100), 8000, 6, noiseScale: 0);
        Assert.True(h.Board.Cycle.Flight.Armed);
        Assert.True(h.Board.Cycle.ImuHealth!.IsHealthy(h.Now));
    }

    [Fact]
    public void Rc_loss_lands_after_the_timeout_and_a_held_craft_is_found_on_the_ground()
    {
        // The held craft never moves whatever the throttle: to the landing's thrust checks it is on the ground.
        long landingUs = -1, offUs = -1;
        bool levelDuringLanding = true;
        long lastFrameUs = 0;
        var h = Fly(new FaultPlan(FaultKind.RcLoss, 3.0), 1000, 15, b =>
        {
            var s = b.Board.Cycle.Supervisor;
            if (landingUs < 0 && s.Failsafe.Phase == FailsafePhase.Landing)
            {
                landingUs = b.Now;
                lastFrameUs = s.Failsafe.LastRcFrameUs;
            }

            if (s.Failsafe.Phase == FailsafePhase.Landing)
            {
                var p = b.Board.Cycle.Flight.Pilot;
                levelDuringLanding &= p.Roll == 0 && p.Pitch == 0 && p.Throttle == s.Landing.Throttle;
            }

            if (offUs < 0 && s.Failsafe.Phase == FailsafePhase.MotorsOff)
            {
                offUs = b.Now;
            }
        });

        long timeoutUs = SafetyLimits.Us(Limits.RcLossTimeoutMs);
        Assert.True(lastFrameUs < 3_000_000 && lastFrameUs >= 3_000_000 - FrameUs - 4000, $"last frame read at {lastFrameUs}");
        // The first 2 ms cycle with the last frame more than the timeout old.
        Assert.InRange(landingUs - lastFrameUs, timeoutUs + 1, timeoutUs + 2000);
        Assert.True(levelDuringLanding);
        var supervisor = h.Board.Cycle.Supervisor;
        Assert.True(supervisor.Failsafe.EndedByTouchdown);
        // Found on the ground well before the last-resort landing time, at least the touchdown time after it started.
        Assert.InRange(offUs - landingUs, SafetyLimits.Us(Limits.TouchdownStillMs), 10_000_000);
        Assert.False(h.Board.Cycle.Flight.Armed);
        Assert.Equal(FailsafeCause.RcLoss, supervisor.Failsafe.Cause);
    }

    [Fact]
    public void A_short_rc_dropout_is_ridden_through()
    {
        var h = Fly(new FaultPlan(FaultKind.RcLoss, 3.0, 0.2), 1000, 4);
        Assert.Equal(FailsafePhase.Idle, h.Board.Cycle.Supervisor.Failsafe.Phase);
        Assert.True(h.Board.Cycle.Flight.Armed);
    }

    [Theory]
    [InlineData(FaultKind.ImuDropout, 50)]
    [InlineData(FaultKind.ImuDropout, 1000)]
    [InlineData(FaultKind.ImuDropout, 8000)]
    [InlineData(FaultKind.StuckSensor, 50)]
    [InlineData(FaultKind.StuckSensor, 1000)]
    [InlineData(FaultKind.StuckSensor, 8000)]
    [InlineData(FaultKind.ImuBusError, 50)]
    [InlineData(FaultKind.ImuBusError, 1000)]
    [InlineData(FaultKind.ImuBusError, 8000)]
    [InlineData(FaultKind.ImuClockStuck, 50)]
    [InlineData(FaultKind.ImuClockStuck, 1000)]
    [InlineData(FaultKind.ImuClockStuck, 8000)]
    public void Imu_faults_stop_the_motors_within_their_limit_at_any_rate(FaultKind kind, double imuHz)
    {
        long offUs = -1;
        var h = Fly(new FaultPlan(kind, 3.0), imuHz, 3.5, b =>
        {
            if (offUs < 0 && b.Board.Cycle.Supervisor.Failsafe.Phase == FailsafePhase.MotorsOff)
            {
                offUs = b.Now;
            }
        });

        var s = h.Board.Cycle.Supervisor;
        Assert.Equal(FailsafeCause.ImuFailure, s.Failsafe.Cause);
        Assert.False(h.Board.Cycle.Flight.Armed);
        long limitMs = kind switch
        {
            FaultKind.ImuDropout => Limits.ImuStaleMs,
            FaultKind.StuckSensor => Limits.ImuFrozenMs,
            FaultKind.ImuBusError => Limits.ImuBusErrorMs,
            _ => Limits.ImuClockStuckMs,
        };

        // Detected no later than the limit after the fault began, plus one sample period (the last good sample
        // may be that old at the start for the limits counted from it) and one cycle; never sooner than the limit
        // minus one sample period.
        long periodUs = (long)Math.Round(1e6 / imuHz);
        long delay = offUs - 3_000_000;
        Assert.InRange(delay, SafetyLimits.Us((int)limitMs) - periodUs - 2000, SafetyLimits.Us((int)limitMs) + periodUs + 2000);
        Assert.True(delay <= 100_000 + periodUs + 2000, $"{kind} at {imuHz} Hz took {delay} us");
    }
}
