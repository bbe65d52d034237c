using System.Reflection;
using LiquidFlight.Core.Flight;
using LiquidFlight.Core.Safety;
using LiquidFlight.Core.Sensors;

namespace LiquidFlight.Core.Tests.Safety;

/// <summary>
/// SafetySupervisor (steady path + plain path) against its plain twin PlainSafetySupervisor, each hooked into its own
/// FlightLoop, over seeded random flights: random limits and loop periods (timeouts land exactly on their limits), the
/// clock started near long.MaxValue so it wraps in flight, RC outages, arm-switch flips, throttle moves, IMU samples
/// missing, frozen, saturated, with stuck, backwards or jumping stamps, bus faults, overruns, latched numeric faults
/// and failsafe landings. After every cycle every field of every component (private ones included) must be equal,
/// the landing's time line as the steady path keeps it implicitly, and the loops must agree (armed, pilot, outputs).
/// </summary>
public class SafetySupervisorTwinTests
{
    private const int G = 642690;

    private static readonly BindingFlags All = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    [Fact]
    public void Steady_path_decides_as_the_plain_twin_on_seeded_random_flights()
    {
        long steadyCycles = 0, cycles = 0, landings = 0, motorsOff = 0, arms = 0, armedIdle = 0;
        for (int run = 0; run < 160; run++)
        {
            var rng = new Random(12_000 + run);
            var limits = new SafetyLimits
            {
                RcLossTimeoutMs = rng.Next(1, 400),
                RcRecoveryMs = rng.Next(3) == 0 ? 0 : rng.Next(1, 800),
                ThrottleLowOnGroundMs = rng.Next(1, 2000),
                LandingMaxMs = rng.Next(1, 4000),
                TouchdownStillMs = rng.Next(1, 300),
                ImuStaleMs = rng.Next(1, 60),
                ImuFrozenMs = rng.Next(1, 120),
                ImuSaturatedMs = rng.Next(1, 60),
                ImuClockStuckMs = rng.Next(1, 60),
                OverrunForgiveMs = rng.Next(1, 600),
                OverrunTripStrikes = rng.Next(1, 12),
            };
            var fast = new SafetySupervisor(limits);
            var plain = new PlainSafetySupervisor(limits);
            var fastLoop = new FlightLoop(new FlightLoopConfig(), null!) { Supervisor = fast };
            var plainLoop = new FlightLoop(new FlightLoopConfig(), null!) { Supervisor = plain };

            // Every other run with a board's executive (slots advancing per cycle): the landing estimate's update
            // then waits for an odd slot on both paths.
            var executive = new LiquidFlight.Core.Scheduler.CyclicExecutive(1000, 4);
            if (run % 2 == 1)
            {
                fast.Landing.Executive = executive;
                plain.Landing.Executive = executive;
            }
            bool judge = rng.Next(6) == 0;
            fast.ImuWatch.JudgeFrozenValues = plain.ImuWatch.JudgeFrozenValues = judge;
            // A board with raw bytes leaves saturation to its health monitor (the steady path then skips its pre-check).
            fast.ImuWatch.JudgeSaturation = plain.ImuWatch.JudgeSaturation = rng.Next(3) != 0;
            if (rng.Next(6) == 0)
            {
                // Full scales at and around the steady path's pre-check bounds, or tiny ones.
                int[] gyro = [1 << 21, (1 << 21) + 1, 65536, 35 * 65536];
                int[] accel = [1 << 23, (1 << 23) + 1, 5 * 65536, 156 * 65536];
                fast.ImuWatch.GyroFullScale = plain.ImuWatch.GyroFullScale = gyro[rng.Next(gyro.Length)];
                fast.ImuWatch.AccelFullScale = plain.ImuWatch.AccelFullScale = accel[rng.Next(accel.Length)];
            }

            // Whole-ms periods without jitter make every timeout fall exactly on a cycle in some runs.
            int[] periods = [1000, 2000, 2500, 4000, 1250];
            int period = periods[rng.Next(periods.Length)];
            int jitter = rng.Next(3) == 0 ? rng.Next(1, 800) : 0;
            long now = rng.Next(3) == 0 ? long.MaxValue - rng.Next(0, 3_000_000) : rng.Next(0, 1_000_000);
            var fastSample = default(ImuSample);
            var plainSample = default(ImuSample);
            long stamp = now;
            bool arm = false, bus = true, detected = true, calibrated = true;
            int throttle = 0, rcOutage = 0, imuOutage = 0, frozen = 0, saturatedRun = 0, stampMode = 0;
            for (int k = 0; k < 6000; k++)
            {
                now += period + (jitter > 0 ? rng.Next(-jitter, jitter + 1) : 0);

                // Events, each rare, so long steady stretches come between them.
                int e = rng.Next(1500);
                if (e == 0) { rcOutage = rng.Next(1, 1 + (limits.RcLossTimeoutMs * 2500 / period)); }
                else if (e == 1) { arm = !arm; }
                else if (e == 2) { bus = !bus; }
                else if (e == 3) { imuOutage = rng.Next(1, 1 + (limits.ImuStaleMs * 2000 / period)); }
                else if (e == 4) { frozen = rng.Next(1, 200); }
                else if (e == 5) { saturatedRun = rng.Next(1, 60); }
                else if (e == 6) { stampMode = rng.Next(1, 5); }
                else if (e == 7) { fast.NumericFault = plain.NumericFault = true; }
                else if (e == 8) { fastLoop.State.Yaw = plainLoop.State.Yaw = int.MinValue; }
                else if (e == 9) { detected = !detected; }
                else if (e == 10) { calibrated = !calibrated; }
                else if (e < 20) { bus = true; detected = true; calibrated = true; }

                // The pilot: on the ground throttle down and the switch flipped now and then (a refusal or a
                // failsafe needs it cycled); in the air the throttle moves.
                if (!plainLoop.Armed)
                {
                    fast.ClearNumericFault();
                    plain.ClearNumericFault();
                    fastLoop.State.Yaw = plainLoop.State.Yaw = 0;
                    if (rng.Next(8) == 0) { arm = !arm; }
                    if (rng.Next(20) == 0) { throttle = rng.Next(6) == 0 ? rng.Next(0, 20_000) : 0; }
                }
                else if (rng.Next(20) == 0)
                {
                    throttle = rng.Next(4) == 0 ? rng.Next(0, 4000) : rng.Next(0, 50_000);
                }

                // RC frames: an outage, or a frame in most cycles.
                bool frame = false;
                if (rcOutage > 0)
                {
                    rcOutage--;
                }
                else
                {
                    frame = rng.Next(8) != 0;
                }

                if (frame)
                {
                    fastLoop.Pilot.Throttle = plainLoop.Pilot.Throttle = throttle;
                    fast.RcFrameReceived(now);
                    plain.RcFrameReceived(now);
                }

                fast.ArmSwitch = plain.ArmSwitch = arm;
                fast.ImuBusHealthy = plain.ImuBusHealthy = bus;
                fast.ImuDetected = plain.ImuDetected = detected;
                fast.GyroCalibrated = plain.GyroCalibrated = calibrated;

                // The sample: missing in an outage, else new in most cycles.
                bool isNew = imuOutage == 0 && rng.Next(8) != 0;
                if (imuOutage > 0)
                {
                    imuOutage--;
                }

                if (isNew)
                {
                    var s = fastSample;
                    if (frozen > 0)
                    {
                        frozen--;
                    }
                    else
                    {
                        s.GyroX = rng.Next(-2000, 2000);
                        s.GyroY = rng.Next(-2000, 2000);
                        s.GyroZ = rng.Next(-2000, 2000);
                        s.AccelX = rng.Next(-3000, 3000);
                        s.AccelY = rng.Next(-3000, 3000);
                        s.AccelZ = -G + rng.Next(-3000, 3000);
                        if (rng.Next(30) == 0)
                        {
                            // Large but plausible, past one pre-check bound or the other.
                            int[] big = [(1 << 21) - 1, 1 << 21, -(1 << 21), -(1 << 21) - 1, (1 << 23) - 1, 1 << 23, -(1 << 23) - 1, 35 * 65536, -(156 * 65536)];
                            int v = big[rng.Next(big.Length)];
                            switch (rng.Next(6))
                            {
                                case 0: s.GyroX = v; break;
                                case 1: s.GyroY = v; break;
                                case 2: s.GyroZ = v; break;
                                case 3: s.AccelX = v; break;
                                case 4: s.AccelY = v; break;
                                default: s.AccelZ = v; break;
                            }
                        }
                    }

                    if (saturatedRun > 0)
                    {
                        saturatedRun--;
                        s.GyroY = (k & 1) == 0 ? int.MaxValue : int.MinValue;
                    }

                    // Stamps: following the clock, or stuck, going back, jumping past 20 ms, exactly 20 ms on.
                    switch (stampMode)
                    {
                        case 1: break;
                        case 2: stamp -= rng.Next(0, 5000); break;
                        case 3: stamp += 20000 + rng.Next(0, 3); break;
                        case 4: stamp += rng.Next(2) == 0 ? 20000 : 19999; break;
                        default: stamp = now - rng.Next(0, 300); break;
                    }

                    if (stampMode != 0 && rng.Next(20) == 0)
                    {
                        stampMode = 0;
                    }

                    s.TimestampUs = stamp;
                    fastSample = s;
                    plainSample = s;
                }

                bool overran = rng.Next(2000) == 0 || (k % 2999 < 12 && rng.Next(2) == 0);
                if ((bool)Steady.GetValue(fast)!)
                {
                    steadyCycles++;
                }

                bool wasArmed = plainLoop.Armed;
                executive.BeginCycle(now);
                fastLoop.RunCycle(now, ref fastSample, isNew, false);
                plainLoop.RunCycle(now, ref plainSample, isNew, false);
                fast.LoopCycleFinished(overran, now);
                plain.LoopCycleFinished(overran, now);
                cycles++;
                armedIdle += plainLoop.Armed && plain.Failsafe.Phase == FailsafePhase.Idle ? 1 : 0;
                arms += !wasArmed && plainLoop.Armed ? 1 : 0;
                landings += plain.Failsafe.Phase == FailsafePhase.Landing ? 1 : 0;
                motorsOff += plain.Failsafe.Phase == FailsafePhase.MotorsOff ? 1 : 0;

                AssertSame(fast, plain, fastLoop, plainLoop, $"run {run} cycle {k}");
            }
        }

        // The comparison means something only if both paths ran a lot and the failsafe did its work.
        Assert.True(steadyCycles > cycles / 8 && steadyCycles < cycles * 9 / 10, $"{steadyCycles} steady of {cycles} cycles, {armedIdle} armed idle, {landings} landing, {motorsOff} motors off, {arms} arms");
        Assert.True(landings > 5_000 && motorsOff > 5_000 && arms > 500, $"{landings} landing, {motorsOff} motors-off cycles, {arms} arms");
    }

    private static readonly FieldInfo Steady = typeof(SafetySupervisor).GetField("steady", All)!;
    private static readonly FieldInfo LandingBase = typeof(SafetySupervisor).GetField("landingBaseUs", All)!;
    private static readonly FieldInfo LandingLast = typeof(FailsafeLanding).GetField("lastTimestampUs", All)!;
    private static readonly FieldInfo LandingPending = typeof(FailsafeLanding).GetField("pendingUs", All)!;

    private static void AssertSame(SafetySupervisor fast, PlainSafetySupervisor plain, FlightLoop fastLoop, FlightLoop plainLoop, string where)
    {
        AssertFields(fast.Arming, plain.Arming, where);
        AssertFields(fast.Failsafe, plain.Failsafe, where);
        AssertFields(fast.LoopHealth, plain.LoopHealth, where);
        AssertFields(fast.ImuWatch, plain.ImuWatch, where);
        AssertFields(fast.Landing, plain.Landing, where, "lastTimestampUs", "pendingUs");

        // The landing's time line: while steady it is the watch's last stamp and the time since the base.
        long last = (long)LandingLast.GetValue(fast.Landing)!, pending = (long)LandingPending.GetValue(fast.Landing)!;
        if ((bool)Steady.GetValue(fast)!)
        {
            last = fast.ImuWatch.LastTimestampUs;
            pending = last - (long)LandingBase.GetValue(fast)!;
        }

        Assert.True((long)LandingLast.GetValue(plain.Landing)! == last && (long)LandingPending.GetValue(plain.Landing)! == pending, $"{where}: landing time line plain {LandingLast.GetValue(plain.Landing)} {LandingPending.GetValue(plain.Landing)} fast {last} {pending} steady {Steady.GetValue(fast)}");
        Assert.True(
            (plain.ArmSwitch, plain.ImuDetected, plain.ImuBusHealthy, plain.GyroCalibrated, plain.NumericFault, plain.ActiveFaults, plain.LandingStarted)
            == (fast.ArmSwitch, fast.ImuDetected, fast.ImuBusHealthy, fast.GyroCalibrated, fast.NumericFault, fast.ActiveFaults, (bool)typeof(SafetySupervisor).GetField("landingStarted", All)!.GetValue(fast)!),
            $"{where}: supervisor flags");
        PilotInput p = plainLoop.Pilot, f = fastLoop.Pilot;
        Assert.True((plainLoop.Armed, plainLoop.MotorsRunning, p.Roll, p.Pitch, p.Yaw, p.Throttle) == (fastLoop.Armed, fastLoop.MotorsRunning, f.Roll, f.Pitch, f.Yaw, f.Throttle), $"{where}: loop");
        Assert.Equal(plainLoop.MotorOutputs, fastLoop.MotorOutputs);
    }

    private static void AssertFields(object fast, object plain, string where, params string[] except)
    {
        foreach (FieldInfo field in fast.GetType().GetFields(All))
        {
            if (Array.IndexOf(except, field.Name) >= 0 || !field.FieldType.IsValueType)
            {
                continue;
            }

            object? a = field.GetValue(plain), b = field.GetValue(fast);
            Assert.True(Equals(a, b), $"{where}: {fast.GetType().Name}.{field.Name} plain {a} fast {b}");
        }
    }
}
