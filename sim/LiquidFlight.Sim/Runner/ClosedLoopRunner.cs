using System.Runtime.CompilerServices;
using System.Diagnostics;
using LiquidFlight.Core.Flight;
using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Core.Sensors;
using LiquidFlight.Sim.Physics;
using LiquidFlight.Sim.Scenarios;
using LiquidFlight.Sim.Sensors;

namespace LiquidFlight.Sim.Runner;

/// <summary>
/// Flies one scenario: the physics advances in fixed steps, the IMU delivers samples at its own irregular times,
/// and the Core <see cref="FlightLoop"/> runs at the loop rate on the newest sample available (flagged new or
/// not), exactly as the firmware's cyclic executive calls it. The ESC pulses it returns drive the motor model
/// until the next cycle. Time is an integer microsecond clock shared by all three.
/// </summary>
public static class ClosedLoopRunner
{
    /// <summary>Error band (deg) inside which an attitude step counts as settled.</summary>
    public const double SettleBandDeg = 3;

    /// <summary>Tilt beyond which the flight counts as crashed (deg): angle mode never asks for this.</summary>
    public const double CrashTiltDeg = 85;

    /// <summary>Touching the ground faster than this (m/s) is a crash.</summary>
    public const double CrashTouchdownSpeedMs = 1.0;

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
        var config = FrameLoopConfig.For(frame);
        var loop = new FlightLoop(config, request.Controller);
        var pilot = new ScenarioPilot(scenario, esc, frame.MassKg, frame.Motor.ThrustCoefficient, config, request.StartHeightM);

        body.Position = new Vec3(0, 0, -request.StartHeightM);
        // In angle mode a level craft drifts with the air; starting at rest in a steady wind would begin every
        // windy flight with a sideways drag transient that only exists because the simulation started.
        body.Velocity = wind.Mean;
        body.Attitude = Attitude.Level;
        long kickUs = double.IsFinite(scenario.KickTimeS) ? (long)Math.Round(scenario.KickTimeS * 1e6) : long.MaxValue;
        var kick = new Vec3(scenario.KickDegS.P, scenario.KickDegS.Q, scenario.KickDegS.R) * (1 / RadToDeg);
        body.SetRotorSpeeds(body.HoverRotorSpeed);

        long endUs = (long)Math.Round(c.Seconds * 1e6);
        double loopPeriodUs = 1e6 / c.LoopHz;
        long pilotPeriodUs = (long)Math.Round(1e6 / ScenarioPilot.UpdateHz);
        int stepUs = request.PhysicsStepUs;

        var recording = request.Record ? new FlightRecording(request.Neurons?.NeuronCount ?? 0) : null;
        var neuronStates = new double[request.Neurons?.NeuronCount ?? 0];
        var pulses = new int[4];
        var sample = default(ImuSample);
        long sampleSequence = 0, consumedSequence = 0;

        long t = 0;
        long cycle = 0;
        long metricCycles = 0;
        long nextControlUs = 0;
        long nextPilotUs = 0;
        long nextWindUs = 0;
        double sumSquaredError = 0, maxError = 0;
        long saturatedCycles = 0;

        // Settling: per setpoint segment, the last cycle time the error was outside the band.
        double segmentStart = 0, lastOutside = double.NaN, settleSum = 0;
        int settledSteps = 0, unsettledSteps = 0;
        SetpointStep segmentSetpoint = scenario.SetpointAt(0);
        bool lastCycleOutside = false;

        string? crashReason = null;
        double? crashTime = null;

        pilot.Update(0, 0, body, loop.Pilot);
        // With a fault to inject, the Core safety supervisor arms the loop (switch cycle) and runs its failsafe;
        // stage 1 lands at 90 % of the pilot's hover stick so the craft sinks.
        var faultPlan = request.Fault ?? scenario.Fault;
        var faults = faultPlan is { } plan
            ? new LiquidFlight.Sim.Faults.FaultInjector(plan, loop, 0.9 * loop.Pilot.Throttle / Q16.One)
            : null;
        if (faults != null)
        {
            faults.ArmAtStart(0, ref sample);
        }
        else
        {
            loop.Arm();
        }

        while (t < endUs)
        {
            long target = Math.Min(Math.Min(t + stepUs, nextControlUs), endUs);
            if (target > t)
            {
                if (t >= nextWindUs)
                {
                    body.Wind = wind.Step(t * 1e-6, WindUpdateUs * 1e-6);
                    nextWindUs += WindUpdateUs;
                }

                // The state at the start of the step, for IMU slots that fall inside it.
                var startRate = body.BodyRate;
                var startAttitude = body.Attitude;
                var startAcceleration = body.Acceleration;
                long startUs = t;
                body.Step((target - t) * 1e-6);
                t = target;
                if (t >= kickUs)
                {
                    body.BodyRate += kick;
                    kickUs = long.MaxValue;
                    ResetSettling(t * 1e-6);
                }

                if (imu.NextSampleTimeUs <= t)
                {
                    // Slots are stamped anywhere in the step: the sensor sees the truth interpolated linearly to its
                    // stamp, so the step length does not shift what the controller measures in time.
                    // The end-of-step truth is computed only once a slot in the step is measured.
                    bool truthReady = false;
                    Vec3 endRate = default, endForce = default, startForce = default;
                    double inverseSpan = 0;
                    while (imu.NextSampleTimeUs <= t)
                    {
                        // The loop reads only the newest sample at its next cycle: a sample that a delivered one
                        // replaces before then is never seen, so its streams advance but nothing is measured.
                        if (imu.FollowingSlotDelivered && imu.FollowingSampleTimeUs <= nextControlUs)
                        {
                            if (imu.SampleUnread())
                            {
                                sampleSequence++;
                            }

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
                        if (imu.Sample(rate, force, ref sample))
                        {
                            sampleSequence++;
                        }
                    }
                }

                if (crashReason == null && !IsFlying(body, out crashReason))
                {
                    crashTime = t / 1e6;
                    if (!request.ContinueAfterCrash)
                    {
                        break;
                    }
                }
            }

            if (t != nextControlUs)
            {
                continue;
            }

            double ts = t * 1e-6;
            if (t >= nextPilotUs)
            {
                pilot.Update(ts, pilotPeriodUs * 1e-6, body, loop.Pilot);
                nextPilotUs += pilotPeriodUs;
            }

            bool sampleIsNew = sampleSequence != consumedSequence;
            faults?.BeforeCycle(t, ref sample, ref sampleIsNew);
            loop.RunCycle(t, ref sample, sampleIsNew, pulses);
            consumedSequence = sampleSequence;
            for (int m = 0; m < 4; m++)
            {
                body.SetRotorSpeedCommand(m, esc.RotorSpeedCommand(pulses[m]));
            }

            cycle++;
            nextControlUs = (long)Math.Round(cycle * loopPeriodUs);
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

            if (loop.Mixer.Saturated)
            {
                saturatedCycles++;
            }

            if (recording != null)
            {
                Record(recording, ts, body, sp, loop, request.Neurons, neuronStates);
            }
        }

        CloseSegment(simSecondsEnd());

        double simSecondsEnd() => crashTime ?? t / 1e6;
        wall.Stop();

        bool crashed = crashReason != null;
        double simSeconds = crashTime ?? t / 1e6;
        double wallSeconds = wall.Elapsed.TotalSeconds;
        faults?.Finish();
        return new FlightResult
        {
            Controller = request.ControllerName.Length > 0 ? request.ControllerName : request.Controller.Name,
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
            // Simulated time actually computed (past a crash when asked to continue) over wall time.
            RealTimeFactor = wallSeconds > 0 ? t * 1e-6 / wallSeconds : double.PositiveInfinity,
            ControlCycles = metricCycles,
            ImuSamplesDelivered = imu.DeliveredCount,
            ImuSamplesDropped = imu.DroppedCount,
            Conditions = c,
            Recording = recording,
            Fault = faultPlan,
            Safety = faults?.Outcome,
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

            settleSum += double.IsNaN(lastOutside) ? 0 : lastOutside - segmentStart + loopPeriodUs * 1e-6;
            settledSteps++;
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

    private static void Record(FlightRecording r, double t, QuadrotorBody body, SetpointStep sp, FlightLoop loop,
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
        r.EstimatedRollDeg.Add(loop.State.Roll * q * RadToDeg);
        r.EstimatedPitchDeg.Add(loop.State.Pitch * q * RadToDeg);
        r.RollRateDegS.Add(body.BodyRate.X * RadToDeg);
        r.PitchRateDegS.Add(body.BodyRate.Y * RadToDeg);
        r.YawRateDegS.Add(body.BodyRate.Z * RadToDeg);
        r.HeightM.Add(-body.Position.Z);
        for (int m = 0; m < 4; m++)
        {
            r.MotorOutput[m].Add(loop.MotorOutputs[m] * q);
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
