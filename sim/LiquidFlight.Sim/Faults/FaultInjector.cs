using LiquidFlight.Core.Flight;
using LiquidFlight.Core.Safety;
using LiquidFlight.Core.Sensors;

namespace LiquidFlight.Sim.Faults;

/// <summary>
/// Puts the Core <see cref="SafetySupervisor"/> into a simulated flight and injects one <see cref="FaultPlan"/>
/// into what the flight loop receives: RC frames withheld, IMU samples withheld, or IMU values frozen.
/// A runner uses it in two places:
/// <code>
/// injector.ArmAtStart(t, ref sample);              // instead of loop.Arm(): arms through the supervisor
/// ...
/// bool isNew = ...;                                // per cycle, after the pilot wrote the sticks
/// injector.BeforeCycle(t, ref sample, ref isNew);
/// loop.RunCycle(t, ref sample, isNew, pulses);     // the supervisor runs inside (FlightLoop.Supervisor)
/// </code>
/// and calls <see cref="Finish"/> then reads <see cref="Outcome"/> afterwards. Outcome times are those of the cycle
/// in which the supervisor acted. The same supervisor code runs on the board.
/// </summary>
public sealed class FaultInjector
{
    private readonly FaultPlan plan;
    private readonly FlightLoop loop;
    private bool stuckCaptured;
    private ImuSample stuck;
    private double? landingStart;
    private double? motorsOff;
    private double? disarmed;
    private double lastCycleS = double.NaN;

    /// <param name="landingThrottle">Failsafe stage-1 throttle, [0, 1]: a little under the frame's hover stick.</param>
    public FaultInjector(FaultPlan plan, FlightLoop loop, double landingThrottle)
    {
        if (!double.IsFinite(landingThrottle) || landingThrottle < 0 || landingThrottle > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(landingThrottle), landingThrottle, "landing throttle must be within [0, 1]");
        }

        this.plan = plan;
        this.loop = loop;
        Safety = new SafetySupervisor
        {
            ImuDetected = true,
            GyroCalibrated = true, // the simulated gyro has no boot bias to measure
        };
        Safety.Failsafe.LandingThrottle = (int)Math.Round(landingThrottle * 65536);
    }

    public SafetySupervisor Safety { get; }

    public SafetyOutcome Outcome => new()
    {
        LandingStartS = landingStart,
        MotorsOffS = motorsOff,
        DisarmedS = disarmed,
        Cause = Safety.Failsafe.Cause,
    };

    /// <summary>
    /// Arms the way a pilot does, before the first cycle: link up, throttle low, arm switch off then on. The
    /// sticks are restored afterwards. Throws if the supervisor refuses, naming its reasons.
    /// </summary>
    public void ArmAtStart(long nowUs, ref ImuSample sample)
    {
        int throttle = loop.Pilot.Throttle;
        loop.Pilot.Throttle = 0;
        Safety.RcFrameReceived(nowUs);
        Safety.ObserveSample(nowUs, ref sample, true);
        Safety.ArmSwitch = false;
        Safety.Update(nowUs, loop);
        Safety.ArmSwitch = true;
        Safety.Update(nowUs, loop);
        loop.Pilot.Throttle = throttle;
        if (!loop.Armed)
        {
            throw new InvalidOperationException($"the safety supervisor refused to arm: {Safety.Arming.Flags}");
        }

        loop.Supervisor = Safety;
    }

    /// <summary>Applies the fault to this cycle's inputs and records the supervisor's reactions to the previous one.</summary>
    public void BeforeCycle(long nowUs, ref ImuSample sample, ref bool sampleIsNew)
    {
        double t = nowUs / 1e6; // division: the reported seconds are the nearest doubles to the µs times (1.8, not 1.7999999999999998)
        if (!double.IsNaN(lastCycleS))
        {
            Record(lastCycleS); // the supervisor acted inside the previous cycle's RunCycle
        }

        lastCycleS = t;
        bool active = plan.IsActive(t);
        if (!(active && plan.Kind == FaultKind.RcLoss))
        {
            Safety.RcFrameReceived(nowUs);
        }

        if (!active)
        {
            stuckCaptured = false;
            return;
        }

        switch (plan.Kind)
        {
            case FaultKind.ImuDropout:
                sampleIsNew = false;
                break;
            case FaultKind.StuckSensor when sampleIsNew:
                if (!stuckCaptured)
                {
                    stuck = sample;
                    stuckCaptured = true;
                }

                long timestamp = sample.TimestampUs;
                sample = stuck;
                sample.TimestampUs = timestamp;
                break;
        }
    }

    /// <summary>Records the supervisor's reaction to the last cycle (call once after the flight ends).</summary>
    public void Finish()
    {
        if (!double.IsNaN(lastCycleS))
        {
            Record(lastCycleS);
        }
    }

    private void Record(double t)
    {
        var phase = Safety.Failsafe.Phase;
        if (phase == FailsafePhase.Landing && landingStart == null)
        {
            landingStart = t;
        }

        if (phase == FailsafePhase.MotorsOff && motorsOff == null)
        {
            motorsOff = t;
        }

        if (!loop.Armed && disarmed == null && loop.Supervisor != null)
        {
            disarmed = t;
        }
    }
}
