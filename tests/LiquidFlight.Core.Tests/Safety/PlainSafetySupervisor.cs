using System;
using LiquidFlight.Core.Control;
using LiquidFlight.Core.Flight;
using LiquidFlight.Core.Safety;
using LiquidFlight.Core.Sensors;

namespace LiquidFlight.Core.Tests.Safety
{
    /// <summary>
    /// The plain twin of <see cref="SafetySupervisor"/>: every cycle through the components' own methods (watch,
    /// landing, failsafe, arming guard, loop health), as the supervisor was before its steady path, with the same
    /// order (a forced disarm before the arming guard looks). The tests compare the two; not used by the firmware.
    /// </summary>
    public sealed class PlainSafetySupervisor : IFlightSupervisor
    {
        public readonly SafetyLimits Limits;
        public readonly ArmingGuard Arming = new ArmingGuard();
        public readonly Failsafe Failsafe;
        public readonly LoopHealthMonitor LoopHealth;
        public readonly ImuSampleWatch ImuWatch;
        public readonly ArmingConditions Conditions = new ArmingConditions();
        public readonly FailsafeLanding Landing;

        public bool ArmSwitch;
        public bool ImuDetected;
        public bool ImuBusHealthy = true;
        public bool GyroCalibrated;
        public bool NumericFault;
        public FailsafeCause ActiveFaults;

        private bool landingStarted;

        public PlainSafetySupervisor(SafetyLimits limits)
        {
            limits.Validate();
            Limits = limits;
            Failsafe = new Failsafe(limits);
            Landing = new FailsafeLanding(limits);
            LoopHealth = new LoopHealthMonitor(SafetyLimits.Us(limits.OverrunForgiveMs), limits.OverrunTripStrikes);
            ImuWatch = new ImuSampleWatch(SafetyLimits.Us(limits.ImuStaleMs), SafetyLimits.Us(limits.ImuFrozenMs),
                SafetyLimits.Us(limits.ImuSaturatedMs), SafetyLimits.Us(limits.ImuClockStuckMs));
        }

        public bool LandingStarted => landingStarted;

        public void BeforeCycle(FlightLoop loop, long nowUs, ref ImuSample sample, bool sampleIsNew)
        {
            ImuWatch.Observe(nowUs, ref sample, sampleIsNew);
            if (sampleIsNew)
            {
                Landing.Observe(ref sample, loop);
            }

            Update(nowUs, loop);
        }

        public void AfterCycle(FlightLoop loop)
        {
            CheckNumeric(loop.State);
            CheckNumeric(loop.Command);
        }

        public void RcFrameReceived(long nowUs)
        {
            Failsafe.RcFrameReceived(nowUs);
        }

        public void LoopCycleFinished(bool overran, long nowUs)
        {
            LoopHealth.RecordCycle(overran, nowUs);
        }

        public void CheckNumeric(VehicleState state)
        {
            if (Saturated(state.Roll) || Saturated(state.Pitch) || Saturated(state.Yaw)
                || Saturated(state.RollRate) || Saturated(state.PitchRate) || Saturated(state.YawRate))
            {
                NumericFault = true;
            }
        }

        public void CheckNumeric(AxisCommand command)
        {
            if (Saturated(command.Roll) || Saturated(command.Pitch) || Saturated(command.Yaw))
            {
                NumericFault = true;
            }
        }

        public void ClearNumericFault()
        {
            if (!Arming.Armed)
            {
                NumericFault = false;
            }
        }

        public bool ImuHealthy(long nowUs)
        {
            return ImuDetected && ImuBusHealthy && !ImuWatch.IsFailing(nowUs);
        }

        public void Update(long nowUs, FlightLoop loop)
        {
            PilotInput pilot = loop.Pilot;
            bool imuHealthy = ImuHealthy(nowUs);
            FailsafeCause faults = FailsafeCause.None;
            if (!imuHealthy)
            {
                faults |= FailsafeCause.ImuFailure;
            }

            if (LoopHealth.IsFailing())
            {
                faults |= FailsafeCause.LoopOverrun;
            }

            if (NumericFault)
            {
                faults |= FailsafeCause.NumericFault;
            }

            ActiveFaults = faults;
            Failsafe.Update(nowUs, Arming.Armed, ArmSwitch, pilot.Throttle, faults);

            FailsafePhase phase = Failsafe.Phase;
            if (phase == FailsafePhase.Landing)
            {
                if (!landingStarted)
                {
                    Landing.Begin(Failsafe.LandingThrottle);
                    landingStarted = true;
                }
                else if (Landing.Stage == LandingStage.Landed)
                {
                    Failsafe.TouchedDown(nowUs);
                    phase = Failsafe.Phase;
                }
            }

            if (phase == FailsafePhase.MotorsOff && Arming.Armed)
            {
                Arming.Disarm();
            }

            ArmingConditions c = Conditions;
            c.ImuPresent = ImuDetected && ImuWatch.HasSample;
            c.ImuHealthy = imuHealthy;
            c.GyroCalibrated = GyroCalibrated;
            c.Roll = loop.State.Roll;
            c.Pitch = loop.State.Pitch;
            c.Throttle = pilot.Throttle;
            c.RcLinkUp = Failsafe.RcLinkUp(nowUs);
            c.LoopHealthy = LoopHealth.IsHealthy();
            c.FailsafeActive = Failsafe.IsActive();
            c.NumericHealthy = !NumericFault;
            Arming.Update(c, ArmSwitch);

            if (phase == FailsafePhase.Landing)
            {
                pilot.Roll = 0;
                pilot.Pitch = 0;
                pilot.Yaw = 0;
                pilot.Throttle = Landing.Throttle;
            }
            else if (landingStarted)
            {
                Landing.End();
                landingStarted = false;
            }

            if (Arming.Armed != loop.Armed)
            {
                if (Arming.Armed)
                {
                    loop.Arm();
                }
                else
                {
                    loop.Disarm();
                }
            }
        }

        private static bool Saturated(int value)
        {
            return value == int.MaxValue || value == int.MinValue;
        }
    }
}
