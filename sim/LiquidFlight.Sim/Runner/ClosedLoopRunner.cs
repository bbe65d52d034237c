using System.Runtime.CompilerServices;
using System.Diagnostics;
using LiquidFlight.Core.Flight;
using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Core.Safety;
using LiquidFlight.Sim.Board;
using LiquidFlight.Sim.Faults;
using LiquidFlight.Sim.Physics;
using LiquidFlight.Sim.Scenarios;
using LiquidFlight.Sim.Sensors;

namespace LiquidFlight.Sim.Runner;

/// <summary>
/// Flies one scenario through Core's whole board cycle (<see cref="SimulatedBoard"/>): the physics advances in
/// fixed steps, the IMU model writes register bursts at its own irregular times, the pilot's channels reach the
/// board as CRSF frames, and the board cycle runs at each deadline of its cyclic executive exactly as on the board
/// (convert + IMU health, supervisor, flight loop, ESC pulses, RC slot). The pulses drive the motor model until the
/// next cycle. Time is one integer microsecond clock shared by all of them, from the board's power-on.
///
/// Every flight starts as a hand launch: the craft is held level and still at the start height while the board
/// boots, calibrates its gyro and the pilot arms it by the switch handshake and spools up to the hover stick; then
/// it is released. Scenario time 0 is the release; setpoints, knocks, faults and metrics are on that clock.
/// </summary>
public static class ClosedLoopRunner
{
    /// <summary>Error band (deg) inside which an attitude step counts as settled.</summary>
    public const double SettleBandDeg = 3;

    /// <summary>Tilt beyond which the flight counts as crashed (deg): angle mode never asks for this.</summary>
    public const double CrashTiltDeg = 85;

    /// <summary>
    /// Touching the ground faster than this (m/s) is a crash: the landing limit of issue 11 (a failsafe landing
    /// ends on the ground at no more than 2 m/s). Only landings and falls reach the ground: every controller
    /// scenario flies at 30 m.
    /// </summary>
    public const double CrashTouchdownSpeedMs = 2.0;

    /// <summary>Longest pre-flight (board time) before a board that will not arm is reported as an error.</summary>
    public const double MaxPreflightS = 20;

    private const long WindUpdateUs = 10_000;
    private static readonly double CrashTiltCosine = Math.Cos(CrashTiltDeg * Math.PI / 180);
    private const double RadToDeg = 180 / Math.PI;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static FlightResult Fly(FlightRequest request)
    {
        var wall = Stopwatch.StartNew();
        var frame = request.Frame;
        var c = request.Conditions;
        var scenario = request.Scenario;

        var body = new QuadrotorBody(frame, c.MassScale, c.InertiaScale, c.MotorLagScale);
        var esc = new EscMotorModel(frame);
        var imu = new SimulatedImu(frame.Imu, c.Imu, GaussianRandom.DeriveSeed(request.Seed, 10));
        var wind = new WindModel(c.Wind, GaussianRandom.DeriveSeed(request.Seed, 11));
        IFlightBoard board = request.Board != null
            ? request.Board(frame, c)
            : new LocalFlightBoard(new SimulatedBoard(frame, c,
                request.Controller ?? throw new ArgumentException("FlightRequest: a Controller or a Board is required")));
        var pilot = new ScenarioPilot(scenario, esc, frame.MassKg, frame.Motor.ThrustCoefficient, board.FlightConfig,
            request.StartHeightM, board.ChannelMap);
        var faultPlans = request.AllFaults;
        var faults = new FaultInjector(faultPlans);
        board.LandingThrottle = LandingThrottleFor(pilot);

        body.Position = new Vec3(0, 0, -request.StartHeightM);
        // Held relative to the air: a level craft in angle mode drifts with it, so starting at rest in a steady
        // wind would begin every windy flight with a sideways drag transient that only exists because of the start.
        body.Velocity = wind.Mean;
        body.Attitude = Attitude.Level;
        body.Wind = wind.Mean;
        var heldForce = new Vec3(0, 0, -QuadrotorBody.Gravity);

        long endUs = long.MaxValue;
        long flightUs = (long)Math.Round(c.Seconds * 1e6);
        long maxPreflightUs = (long)(MaxPreflightS * 1e6);
        long pilotPeriodUs = (long)Math.Round(1e6 / ScenarioPilot.UpdateHz);
        int stepUs = request.PhysicsStepUs;
        double loopPeriodS = board.PeriodUs * 1e-6;

        var recording = request.Record ? new FlightRecording(request.Neurons?.NeuronCount ?? 0) : null;
        var neuronStates = new double[request.Neurons?.NeuronCount ?? 0];
        var source = board.Imu;

        long t = 0;
        long releaseUs = -1;
        bool held = true;
        long metricCycles = 0;
        long nextPilotUs = 0;
        long nextWindUs = 0;
        long kickUs = long.MaxValue;
        var kick = new Vec3(scenario.KickDegS.P, scenario.KickDegS.Q, scenario.KickDegS.R) * (1 / RadToDeg);
        double sumSquaredError = 0, maxError = 0;
        long saturatedCycles = 0;

        // Settling: per setpoint segment, the last cycle time the error was outside the band.
        double segmentStart = 0, lastOutside = double.NaN, settleSum = 0;
        int settledSteps = 0, unsettledSteps = 0;
        SetpointStep segmentSetpoint = scenario.SetpointAt(0);
        bool lastCycleOutside = false;

        string? crashReason = null;
        double? crashTime = null;

        long armedUs = -1, landingUs = -1, motorsOffUs = -1, disarmedUs = -1;
        long touchdownUs = -1;
        double touchdownSpeedMs = 0;
        double motorsOffHeightM = double.NaN;
        long deliveredBeforeRelease = 0, droppedBeforeRelease = 0;

        board.Start();
        while (t < endUs)
        {
            long nextControlUs = board.NextDeadlineUs;
            long target = Math.Min(Math.Min(t + stepUs, nextControlUs), endUs);
            if (target > t)
            {
                long startUs = t;
                if (held)
                {
                    body.StepRotors((target - t) * 1e-6);
                    t = target;
                    while (imu.NextSampleTimeUs <= t)
                    {
                        if (imu.FollowingSlotDelivered && imu.FollowingSampleTimeUs <= nextControlUs)
                        {
                            imu.SampleUnread();
                            continue;
                        }

                        if (imu.Sample(Vec3.Zero, heldForce, source.Incoming))
                        {
                            source.Deliver();
                        }
                    }
                }
                else
                {
                    if (t >= nextWindUs)
                    {
                        body.Wind = wind.Step((t - releaseUs) * 1e-6, WindUpdateUs * 1e-6);
                        nextWindUs += WindUpdateUs;
                    }

                    // The state at the start of the step, for IMU slots that fall inside it.
                    var startRate = body.BodyRate;
                    var startAttitude = body.Attitude;
                    var startAcceleration = body.Acceleration;
                    body.Step((target - t) * 1e-6);
                    t = target;
                    if (touchdownUs < 0 && body.OnGround)
                    {
                        // First ground contact after the release: the downward speed the ground absorbed.
                        touchdownUs = t;
                        touchdownSpeedMs = body.MaxTouchdownSpeed;
                    }

                    if (t >= kickUs)
                    {
                        body.BodyRate += kick;
                        kickUs = long.MaxValue;
                        ResetSettling((t - releaseUs) * 1e-6);
                    }

                    if (imu.NextSampleTimeUs <= t)
                    {
                        // Slots are stamped anywhere in the step: the sensor sees the truth interpolated linearly to
                        // its stamp, so the step length does not shift what the controller measures in time.
                        // The end-of-step truth is computed only once a slot in the step is measured.
                        bool truthReady = false;
                        Vec3 endRate = default, endForce = default, startForce = default;
                        double inverseSpan = 0;
                        while (imu.NextSampleTimeUs <= t)
                        {
                            // The board reads only the newest sample at its next cycle: a sample that a delivered one
                            // replaces before then is never seen, so its streams advance but nothing is measured.
                            if (imu.FollowingSlotDelivered && imu.FollowingSampleTimeUs <= nextControlUs)
                            {
                                imu.SampleUnread();
                                continue;
                            }

                            if (!truthReady)
                            {
                                endRate = body.BodyRate;
                                endForce = body.SpecificForceBody;
                                startForce = startAttitude.WorldToBody(startAcceleration - new Vec3(0, 0, QuadrotorBody.Gravity));
                                inverseSpan = 1.0 / (t - startUs);
                                truthReady = true;
                            }

                            double f = Math.Max(0, (imu.NextSampleTimeUs - startUs) * inverseSpan);
                            var rate = startRate + (endRate - startRate) * f;
                            var force = startForce + (endForce - startForce) * f;
                            if (imu.Sample(rate, force, source.Incoming))
                            {
                                source.Deliver();
                            }
                        }
                    }

                    if (crashReason == null && !IsFlying(body, out crashReason))
                    {
                        crashTime = (t - releaseUs) / 1e6;
                        if (!request.ContinueAfterCrash)
                        {
                            break;
                        }
                    }
                }
            }

            if (t != nextControlUs)
            {
                continue;
            }

            // Scenario time: the nearest double to the µs clock (t / 1e6), so reported times read 1.8, not 1.7999...
            double ts = held ? 0 : (t - releaseUs) / 1e6;
            if (t >= nextPilotUs)
            {
                if (held)
                {
                    pilot.Preflight(t * 1e-6, board.GyroCalibrated, board.Armed, board.Receiver.ChannelUs);
                }
                else
                {
                    pilot.Update(ts, pilotPeriodUs * 1e-6, body, board.Receiver.ChannelUs);
                }

                if (held || !faults.RcWithheld(ts))
                {
                    board.Receiver.Send();
                }

                nextPilotUs += pilotPeriodUs;
            }

            source.Fault = held ? ImuSourceFault.None : faults.ImuFault(ts);
            if (!board.RunCycle(t))
            {
                // The HIL link is lost: the flight so far is the result (the link figures say why).
                break;
            }

            var pulses = board.PulsesUs;
            for (int m = 0; m < 4; m++)
            {
                body.SetRotorSpeedCommand(m, esc.RotorSpeedCommand(pulses[m]));
            }

            RecordSafety(board, t, ref armedUs, ref landingUs, ref motorsOffUs, ref disarmedUs, held);
            if (motorsOffUs == t)
            {
                motorsOffHeightM = -body.Position.Z;
            }

            if (held)
            {
                if (pilot.ReadyToRelease && board.Armed)
                {
                    held = false;
                    releaseUs = t;
                    deliveredBeforeRelease = imu.DeliveredCount;
                    droppedBeforeRelease = imu.DroppedCount;
                    endUs = t + flightUs;
                    nextWindUs = t;
                    kickUs = double.IsFinite(scenario.KickTimeS) ? t + (long)Math.Round(scenario.KickTimeS * 1e6) : long.MaxValue;
                }
                else if (t > maxPreflightUs)
                {
                    throw new InvalidOperationException(
                        $"the board did not arm within {MaxPreflightS} s of power-on ({board.NotArmedDetail})");
                }

                continue;
            }

            if (crashReason != null)
            {
                continue;
            }

            // Metrics against the truth.
            metricCycles++;
            var sp = pilot.Current;
            var att = body.Attitude;
            double roll = att.Roll * RadToDeg, pitch = att.Pitch * RadToDeg;
            double dr = roll - sp.RollDeg, dp = pitch - sp.PitchDeg;
            double error = Math.Sqrt(dr * dr + dp * dp);
            sumSquaredError += error * error;
            if (error > maxError)
            {
                maxError = error;
            }

            if (sp.RollDeg != segmentSetpoint.RollDeg || sp.PitchDeg != segmentSetpoint.PitchDeg)
            {
                segmentSetpoint = sp;
                ResetSettling(ts);
            }

            lastCycleOutside = error > SettleBandDeg;
            if (lastCycleOutside)
            {
                lastOutside = ts;
            }

            if (board.MixerSaturated == true)
            {
                saturatedCycles++;
            }

            if (recording != null)
            {
                Record(recording, ts, body, sp, board, request.Neurons, neuronStates);
            }
        }

        double flownUs = releaseUs >= 0 ? t - releaseUs : 0;
        CloseSegment(crashTime ?? flownUs / 1e6);
        wall.Stop();

        bool crashed = crashReason != null;
        double simSeconds = crashTime ?? flownUs / 1e6;
        double wallSeconds = wall.Elapsed.TotalSeconds;
        return new FlightResult
        {
            Controller = request.ControllerName.Length > 0 ? request.ControllerName : request.Controller?.Name ?? "",
            Scenario = scenario.Name,
            Frame = frame.Name,
            Seed = request.Seed,
            Crashed = crashed,
            CrashReason = crashReason,
            CrashTimeS = crashTime,
            RmsAttitudeErrorDeg = metricCycles > 0 ? Math.Sqrt(sumSquaredError / metricCycles) : 0,
            MaxAttitudeErrorDeg = maxError,
            SettleTimeS = settledSteps > 0 && !crashed ? settleSum / settledSteps : null,
            SettledSteps = settledSteps,
            UnsettledSteps = unsettledSteps,
            MotorSaturationPct = metricCycles > 0 ? 100.0 * saturatedCycles / metricCycles : 0,
            SimSeconds = simSeconds,
            WallSeconds = wallSeconds,
            // Simulated time actually computed (pre-flight and past a crash when asked to continue) over wall time.
            RealTimeFactor = wallSeconds > 0 ? t * 1e-6 / wallSeconds : double.PositiveInfinity,
            ControlCycles = metricCycles,
            ImuSamplesDelivered = imu.DeliveredCount - deliveredBeforeRelease,
            ImuSamplesDropped = imu.DroppedCount - droppedBeforeRelease,
            Conditions = c,
            Recording = recording,
            Faults = faultPlans,
            Safety = new SafetyOutcome
            {
                ArmedS = ScenarioSeconds(armedUs, releaseUs),
                PreflightS = releaseUs / 1e6,
                LandingStartS = ScenarioSeconds(landingUs, releaseUs),
                MotorsOffS = ScenarioSeconds(motorsOffUs, releaseUs),
                DisarmedS = ScenarioSeconds(disarmedUs, releaseUs),
                TouchdownS = ScenarioSeconds(touchdownUs, releaseUs),
                TouchdownSpeedMs = touchdownUs < 0 ? null : touchdownSpeedMs,
                MotorsOffHeightM = double.IsNaN(motorsOffHeightM) ? null : motorsOffHeightM,
                TouchdownDetectedS = board.LandingEndedByTouchdown == true ? ScenarioSeconds(motorsOffUs, releaseUs) : null,
                Cause = board.Cause ?? FailsafeCause.None,
                ArmingRefusals = board.ArmingRefusals ?? 0,
                LastRefusal = board.LastRefusal ?? ArmingDisableFlags.None,
            },
            Board = board.Counters(),
            StatusMessages = board.StatusMessages,
            Link = board.Link,
        };

        // A new setpoint step or a knock starts a new settling measurement.
        void ResetSettling(double time)
        {
            CloseSegment(time);
            segmentStart = time;
            lastOutside = double.NaN;
        }

        void CloseSegment(double endTime)
        {
            if (endTime <= segmentStart)
            {
                return;
            }

            if (lastCycleOutside)
            {
                unsettledSteps++;
                return;
            }

            settleSum += double.IsNaN(lastOutside) ? 0 : lastOutside - segmentStart + loopPeriodS;
            settledSteps++;
        }
    }

    /// <summary>
    /// The failsafe landing's fallback hover throttle (Q16.16 stick, 90 % of the pilot's hover stick): used only if
    /// the board learnt none in flight, which it does whenever the pilot has flown.
    /// </summary>
    public static int LandingThrottleFor(ScenarioPilot pilot) => (int)Math.Round(0.9 * pilot.HoverStick * Q16.One);

    private static double? ScenarioSeconds(long us, long releaseUs) => us < 0 ? null : (us - releaseUs) / 1e6;

    /// <summary>Notes the first cycle (board µs) in which the supervisor armed, started a landing, stopped the motors, disarmed.</summary>
    private static void RecordSafety(IFlightBoard board, long t, ref long armedUs, ref long landingUs, ref long motorsOffUs,
        ref long disarmedUs, bool held)
    {
        if (armedUs < 0 && board.Armed)
        {
            armedUs = t;
        }

        var phase = board.Phase;
        if (landingUs < 0 && phase == FailsafePhase.Landing)
        {
            landingUs = t;
        }

        if (motorsOffUs < 0 && phase == FailsafePhase.MotorsOff)
        {
            motorsOffUs = t;
        }

        if (disarmedUs < 0 && armedUs >= 0 && !held && !board.Armed)
        {
            disarmedUs = t;
        }
    }

    private static bool IsFlying(QuadrotorBody body, out string? crashReason)
    {
        crashReason = null;
        if (!double.IsFinite(body.Position.Z) || !double.IsFinite(body.Attitude.W) || !double.IsFinite(body.BodyRate.X))
        {
            crashReason = "state diverged (non-finite)";
        }
        else if (body.Attitude.TiltCosine < CrashTiltCosine)
        {
            crashReason = $"tilt beyond {CrashTiltDeg} deg";
        }
        else if (body.MaxTouchdownSpeed > CrashTouchdownSpeedMs)
        {
            crashReason = $"hit the ground at {body.MaxTouchdownSpeed:F1} m/s";
        }

        return crashReason == null;
    }

    private static void Record(FlightRecording r, double t, QuadrotorBody body, SetpointStep sp, IFlightBoard board,
        INeuronProbe? neurons, double[] neuronStates)
    {
        const double q = 1.0 / Q16.One;
        var att = body.Attitude;
        r.TimeS.Add(t);
        r.RollDeg.Add(att.Roll * RadToDeg);
        r.PitchDeg.Add(att.Pitch * RadToDeg);
        r.YawDeg.Add(att.Yaw * RadToDeg);
        r.RollSetpointDeg.Add(sp.RollDeg);
        r.PitchSetpointDeg.Add(sp.PitchDeg);
        r.YawRateSetpointDegS.Add(sp.YawRateDegS);
        r.EstimatedRollDeg.Add(board.EstimatedRollQ16 * q * RadToDeg);
        r.EstimatedPitchDeg.Add(board.EstimatedPitchQ16 * q * RadToDeg);
        r.RollRateDegS.Add(body.BodyRate.X * RadToDeg);
        r.PitchRateDegS.Add(body.BodyRate.Y * RadToDeg);
        r.YawRateDegS.Add(body.BodyRate.Z * RadToDeg);
        r.HeightM.Add(-body.Position.Z);
        for (int m = 0; m < 4; m++)
        {
            r.MotorOutput[m].Add(board.MotorOutputQ16(m) * q);
        }

        if (neurons != null)
        {
            neurons.Read(neuronStates);
            for (int n = 0; n < neuronStates.Length; n++)
            {
                r.NeuronState[n].Add(neuronStates[n]);
            }
        }
    }
}
