using LiquidFlight.Core.Flight;
using LiquidFlight.Core.Scheduler;
using LiquidFlight.Core.Sensors;

namespace LiquidFlight.Core.Safety
{
    /// <summary>
    /// The throttle of failsafe stage 1 and the touchdown detector, from the IMU alone (there is no barometer and
    /// no rangefinder). Fed every new sample by the <see cref="SafetySupervisor"/>:
    /// <list type="bullet">
    /// <item>Vertical speed: the specific force projected on the estimated world "down" plus g is the vertical
    /// acceleration; its at-rest offset (the accelerometer's bias along gravity) is averaged (0.5 s) while disarmed,
    /// when the craft stands still. Integrated from 0 at arming; under the pilot's control it leaks toward 0 with a
    /// time constant of 2^23 µs (8.4 s: on average a piloted craft neither climbs nor sinks for ever); in the
    /// landing it is integrated without a leak.</item>
    /// <item>Hover throttle: learnt while the pilot flies, a 0.5 s average of the stick corrected by what the
    /// accelerometer's thrust axis reads (thrust over mass: -g at hover), so climbs, sinks and a payload do not
    /// bias it much; the descent controller's integral takes up the rest.</item>
    /// <item><see cref="LandingStage.Descending"/>: the throttle holds the wanted sink rate (hover throttle times
    /// 1 + Kp e + Ki integral of e, e = estimated minus wanted rate). The wanted rate starts at
    /// <see cref="DescentRate"/> and grows by 1/64 of it per second up to twice it, because the estimate's error
    /// is one-sided: a horizontal accelerometer bias b tilts the attitude estimate by b/g, the craft then drifts
    /// against its drag, and the estimate over-reads the sink by about b^2/g (15 mg: 0.002 m/s^2; 40 mg:
    /// 0.016 m/s^2), so the craft sinks slower than estimated, never faster, and a growing target bounds the
    /// time. A thrust probe runs meanwhile: every other 262 ms the throttle dips by <see cref="ProbeDepth"/>,
    /// which in the air shows as extra downward acceleration (a few mm of height) and on the ground as nothing.</item>
    /// <item><see cref="LandingStage.GroundCheck"/> starts on any of: an impact (upward acceleration beyond
    /// <see cref="ImpactAccel"/> while the controller is not pulling up hard), a stopped descent (estimated rate
    /// below a quarter of the wanted one for 250 ms once the descent was established), two silent probes in a
    /// row with the rate settled, or the throttle held at three quarters of hover without sinking faster. The
    /// throttle then ramps down by the hover throttle per 2^20 µs. In the air that makes the craft sink faster
    /// (downward acceleration beyond <see cref="FallAccel"/>): back to Descending. On the ground nothing moves:
    /// once the throttle is at or below half the hover throttle and the craft has been still (|vertical
    /// acceleration| below <see cref="StillAccel"/>, every gyro axis below <see cref="StillRate"/>) for the
    /// touchdown time, <see cref="LandingStage.Landed"/>: the supervisor stops the motors and disarms.</item>
    /// </list>
    /// Integer only; nothing allocates or throws after construction.
    /// </summary>
    public sealed class FailsafeLanding
    {
        /// <summary>Standard gravity, m/s^2 Q16.16.</summary>
        public const int Gravity = AttitudeEstimator.GravityQ16;

        /// <summary>Wanted sink rate, m/s Q16.16 (from <see cref="SafetyLimits.LandingDescentMmPerS"/>).</summary>
        public readonly int DescentRate;

        /// <summary>Stillness at low throttle needed to call a touchdown, µs.</summary>
        public readonly long TouchdownStillUs;

        /// <summary>Upward acceleration (filtered, m/s^2 Q16.16) taken as a ground impact: 1 g.</summary>
        public int ImpactAccel = Gravity;

        /// <summary>Downward acceleration (filtered) in the ground check that proves the craft is still flying: 0.15 g.</summary>
        public int FallAccel = Gravity * 15 / 100;

        /// <summary>|Vertical acceleration| (filtered) below this counts as still: 0.1 g.</summary>
        public int StillAccel = Gravity / 10;

        /// <summary>Every |body rate| below this counts as still: 0.25 rad/s (14 deg/s), Q16.16.</summary>
        public int StillRate = 16384;

        /// <summary>Descent-rate controller gains: throttle change relative to the hover throttle per m/s of error (Q16.16) ...</summary>
        public int RateGain = 7864; // 0.12

        /// <summary>... and per metre of accumulated error (Q16.16).</summary>
        public int IntegralGain = 3932; // 0.06

        /// <summary>Thrust probe: the throttle dip, relative to the hover throttle (Q16.16) ...</summary>
        public int ProbeDepth = 3932; // 0.06

        /// <summary>... and the least extra downward acceleration it must cause in the air, m/s^2 Q16.16 (0.2).</summary>
        public int ProbeResponse = 13107;

        public LandingStage Stage;

        /// <summary>Throttle the landing commands, [0, 1] Q16.16 (valid in the landing).</summary>
        public int Throttle;

        /// <summary>Learnt hover throttle, [0, 1] Q16.16 (0 until the pilot has flown).</summary>
        public int HoverThrottle;

        /// <summary>Sink rate the landing holds now, m/s Q16.16 (from <see cref="DescentRate"/>, growing to twice it).</summary>
        public int WantedRate;

        /// <summary>Estimated downward speed, m/s Q16.16 (positive = sinking).</summary>
        public int VerticalSpeed;

        /// <summary>Vertical acceleration, downward positive, low-passed (8 ms), m/s^2 Q16.16.</summary>
        public int VerticalAccel;

        /// <summary>At-rest offset of the vertical acceleration (the accelerometer's bias along gravity), m/s^2 Q16.16.</summary>
        public int AccelOffset;

        /// <summary>Sample time at which the touchdown was confirmed (µs; valid when <see cref="Stage"/> is Landed).</summary>
        public long TouchdownUs;

        /// <summary>Ground checks started and abandoned because the craft was still flying (false impacts or stops).</summary>
        public int GroundChecksAborted;

        /// <summary>Extra downward acceleration the last complete probe saw in its dip half, m/s^2 Q16.16.</summary>
        public int LastProbeResponse;

        /// <summary>Ground checks started by two silent thrust probes in a row.</summary>
        public int ProbesUnanswered;

        /// <summary>
        /// The board's executive, or null (the default: every 16 ms update runs when due). With it, the update of
        /// piloted flight waits for a slot that does not read the RC link (its costliest slot job), one cycle at most
        /// (the slot after an RC slot never is one), and the two then never share a cycle. The RC slots are those
        /// where (slot &amp; <see cref="RcSlotMask"/>) == 0.
        /// </summary>
        public CyclicExecutive Executive;

        /// <summary>BoardCycleConfig.RcPollStride() - 1, which the board cycle sets with <see cref="Executive"/> (1: every even slot).</summary>
        public int RcSlotMask = 1;

        // The piloted time line: internal for SafetySupervisor's steady path, which keeps lastTimestampUs and
        // pendingUs implicitly while it runs (see SafetySupervisor.BeforeCycle) and writes them back when it stops.
        internal bool hasSample;
        internal bool wasArmed;
        internal long pendingUs;
        internal bool landing;
        internal long lastTimestampUs;
        private bool offsetValid;
        private bool hoverValid;
        private bool descentSeen;
        private long speedQ48;
        private long integralQ48;
        private long wantedQ48;
        private long stalledSinceUs;
        private long stillSinceUs;
        private long probeStartUs;
        private long probeDipSum;
        private long probeBaseSum;
        private bool probeInDip;
        private bool probeBaseSeen;
        private bool probeComplete;
        private int probeSilent;

        public FailsafeLanding(SafetyLimits limits)
        {
            DescentRate = (int)(((long)limits.LandingDescentMmPerS << 16) / 1000);
            TouchdownStillUs = SafetyLimits.Us(limits.TouchdownStillMs);
        }

        /// <summary>Failsafe stage 1 starts: hold the hover throttle and start descending.</summary>
        public void Begin(int fallbackThrottle)
        {
            landing = true;
            VerticalAccel = 0;
            Stage = LandingStage.Descending;
            descentSeen = false;
            integralQ48 = 0;
            WantedRate = DescentRate;
            ResetProbe(lastTimestampUs);
            wantedQ48 = 0;
            Throttle = hoverValid ? HoverThrottle : fallbackThrottle;
            if (!hoverValid)
            {
                HoverThrottle = fallbackThrottle;
            }
        }

        private void ResetProbe(long nowUs)
        {
            probeStartUs = nowUs;
            probeInDip = false;
            probeBaseSeen = false;
            probeComplete = false;
            probeSilent = 0;
            probeDipSum = 0;
            probeBaseSum = 0;
        }

        /// <summary>The landing is over (touchdown, timeout, a fault or the pilot back in control).</summary>
        public void End()
        {
            landing = false;
        }

        /// <summary>
        /// One new sample, before <paramref name="loop"/> processes it: its estimator holds the attitude up to the
        /// previous sample, its arming state and its pilot's throttle (learnt as hover while armed and not landing)
        /// are the previous cycle's. In piloted flight the work is done once per 16 ms or more of samples (in an odd
        /// slot when <see cref="Executive"/> is set), over the time they cover (the speed and the hover average move
        /// slowly; the board's cost per cycle stays small, and a change of arming is seen within those 16 ms);
        /// disarmed, every sample goes into the at-rest offset.
        /// </summary>
        public void Observe(ref ImuSample sample, FlightLoop loop)
        {
            long t = sample.TimestampUs;
            long dt = t - lastTimestampUs;
            lastTimestampUs = t;
            if (dt < 0 || !hasSample)
            {
                hasSample = true;
                dt = 0;
            }
            else if (dt > 20000)
            {
                dt = 20000;
            }

            if (landing)
            {
                Land(ref sample, loop.Estimator, t, dt);
                return;
            }

            dt += pendingUs;
            if (wasArmed && (dt < 16384 || HoldsUpdate()))
            {
                pendingUs = dt;
                return;
            }

            Piloted(ref sample, loop, dt);
        }

        /// <summary>Whether a due 16 ms update waits: this cycle is an RC slot of <see cref="Executive"/>.</summary>
        internal bool HoldsUpdate()
        {
            CyclicExecutive e = Executive;
            return e != null && (e.Slot & RcSlotMask) == 0;
        }

        /// <summary>
        /// The work <see cref="Observe"/> does outside the landing once the pending time reached 16 ms (or every
        /// sample while disarmed): <paramref name="dt"/> is the time the samples since the last call cover.
        /// </summary>
        internal void Piloted(ref ImuSample sample, FlightLoop loop, long dt)
        {
            pendingUs = 0;
            bool armed = loop.Armed;
            wasArmed = armed;
            int accel = VerticalAcceleration(ref sample, loop.Estimator);
            if (!armed)
            {
                // At rest: whatever is read is the offset (about 0.5 s average).
                if (!offsetValid)
                {
                    AccelOffset = accel;
                    offsetValid = true;
                }
                else
                {
                    AccelOffset += (int)(((long)(accel - AccelOffset) * dt) >> 19);
                }

                speedQ48 = 0;
                VerticalSpeed = 0;
                hoverValid = false;
                return;
            }

            // dt in Q32 seconds (2^32 / 10^6 = 4294.97): the speed keeps 48 fraction bits.
            long speed = speedQ48 + ((accel - AccelOffset) * dt * 4295);
            speed -= (speed >> 23) * dt;
            speedQ48 = speed;
            VerticalSpeed = (int)(speed >> 32);
            int pilotThrottle = loop.Pilot.throttle;
            if (pilotThrottle > 3277)
            {
                // Thrust over mass is what the thrust axis reads (-az); thrust grows about as throttle^1.5, so the
                // hover throttle is throttle * (1 + (az + g) / (1.5 g)) to first order.
                int hover = pilotThrottle + (int)(((long)pilotThrottle * (((long)(sample.AccelZ + Gravity) * 4456) >> 16)) >> 16);
                if (!hoverValid)
                {
                    HoverThrottle = hover;
                    hoverValid = true;
                }
                else
                {
                    HoverThrottle += (int)(((long)(hover - HoverThrottle) * dt) >> 19);
                }
            }
        }

        /// <summary>Specific force along the estimated world down, plus g (m/s^2 Q16.16, down positive; offset not removed).</summary>
        private static int VerticalAcceleration(ref ImuSample sample, AttitudeEstimator estimator)
        {
            // World "down" in body axes: the third row of the body-to-world rotation (Q30).
            long q0 = estimator.q0, q1 = estimator.q1, q2 = estimator.q2, q3 = estimator.q3;
            long down = ((((q1 * q3) - (q0 * q2)) >> 29) * sample.AccelX) + ((((q0 * q1) + (q2 * q3)) >> 29) * sample.AccelY)
                + ((((q0 * q0) - (q1 * q1) - (q2 * q2) + (q3 * q3)) >> 30) * sample.AccelZ);
            return (int)(down >> 30) + Gravity;
        }

        private void Land(ref ImuSample sample, AttitudeEstimator estimator, long t, long dt)
        {
            int accel = VerticalAcceleration(ref sample, estimator) - AccelOffset;
            if (dt >= 8192)
            {
                VerticalAccel = accel;
            }
            else
            {
                VerticalAccel += (int)(((long)(accel - VerticalAccel) * dt) >> 13);
            }

            long dtQ32 = dt * 4295;
            speedQ48 += accel * dtQ32;
            int speed = (int)(speedQ48 >> 32);
            VerticalSpeed = speed;

            // The wanted sink rate grows by 1/64 of itself per second, to twice the set rate: the estimate's
            // error makes the craft sink slower than estimated (see the class notes), never faster, so a growing
            // target bounds how long it can take.
            int wanted = WantedRate;
            if (wanted < DescentRate << 1)
            {
                wantedQ48 += DescentRate * dtQ32 >> 6;
                wanted = DescentRate + (int)(wantedQ48 >> 32);
                WantedRate = wanted;
            }

            int hoverThrottle = HoverThrottle;
            if (Stage == LandingStage.Descending)
            {
                int error = speed - wanted;
                integralQ48 += error * dtQ32;
                if (integralQ48 > (4L << 48))
                {
                    integralQ48 = 4L << 48;
                }
                else if (integralQ48 < -(4L << 48))
                {
                    integralQ48 = -(4L << 48);
                }

                long correction = (((long)RateGain * error) + ((long)IntegralGain * (integralQ48 >> 32))) >> 16;
                if (correction > 65536)
                {
                    correction = 65536;
                }
                else if (correction < -39322)
                {
                    correction = -39322;
                }

                int throttle = hoverThrottle + (int)((hoverThrottle * correction) >> 16);

                // Thrust probe: every other 2^18 µs (262 ms) the throttle dips by ProbeDepth of the hover throttle.
                // In the air the dip shows as downward acceleration (about 1 m/s^2, a few mm of height); on the
                // ground it shows nothing. The mean vertical acceleration of each half is summed (a dt).
                bool dip = ((t - probeStartUs) & (1L << 18)) != 0;
                if (dip)
                {
                    throttle -= (hoverThrottle * ProbeDepth) >> 16;
                    probeDipSum += (long)VerticalAccel * dt;
                }
                else
                {
                    if (probeInDip)
                    {
                        // A base half and a dip half are complete: did the dip make it sink faster?
                        LastProbeResponse = (int)((probeDipSum - probeBaseSum) >> 18);
                        probeSilent = LastProbeResponse >= ProbeResponse ? 0 : probeSilent + 1;
                        probeDipSum = 0;
                        probeBaseSum = 0;
                        probeComplete = probeBaseSeen;
                        probeBaseSeen = false;
                    }

                    probeBaseSeen = true;
                    probeBaseSum += (long)VerticalAccel * dt;
                }

                probeInDip = dip;
                Throttle = throttle > 65536 ? 65536 : (throttle < 0 ? 0 : throttle);

                if (!descentSeen && speed >= wanted >> 1)
                {
                    descentSeen = true;
                }

                bool stalled = descentSeen && speed < wanted >> 2;
                if (!stalled)
                {
                    stalledSinceUs = t;
                }

                // An impact is an upward acceleration the controller did not ask for (it is not pulling up hard).
                // Probes are judged only with the sink rate settled (within 0.25 m/s of the wanted one): in a
                // transient the controller's own throttle changes blur the dip's answer. Two silent ones in a row.
                bool unresponsive = probeComplete && probeSilent >= 2 && error < 16384 && error > -16384;
                // Held down at three quarters of the hover throttle without sinking faster: only the ground does that.
                int a = VerticalAccel;
                bool heldDown = Throttle <= hoverThrottle - (hoverThrottle >> 2) && a < StillAccel && a > -StillAccel;
                if ((a < -ImpactAccel && correction < 16384) || t - stalledSinceUs >= 250000 || unresponsive || heldDown)
                {
                    Stage = LandingStage.GroundCheck;
                    stillSinceUs = t;
                    if (unresponsive)
                    {
                        ProbesUnanswered++;
                    }
                }

                probeComplete = false;

                return;
            }

            if (Stage != LandingStage.GroundCheck)
            {
                return;
            }

            // Ground check: ramp the throttle down (the hover throttle per 2^20 µs) and watch.
            int ramped = Throttle - (int)((hoverThrottle * dt) >> 20);
            Throttle = ramped < 0 ? 0 : ramped;
            int vertical = VerticalAccel;
            if (vertical > FallAccel)
            {
                // Less throttle made it sink faster: still flying. Carry on descending.
                Stage = LandingStage.Descending;
                stalledSinceUs = t;
                ResetProbe(t);
                GroundChecksAborted++;
                return;
            }

            int rate = StillRate;
            int limit = StillAccel;
            int gx = sample.GyroX, gy = sample.GyroY, gz = sample.GyroZ;
            if (vertical > limit || vertical < -limit || gx > rate || gx < -rate || gy > rate || gy < -rate || gz > rate || gz < -rate)
            {
                stillSinceUs = t;
            }
            else if (Throttle <= hoverThrottle >> 1 && t - stillSinceUs >= TouchdownStillUs)
            {
                Stage = LandingStage.Landed;
                TouchdownUs = t;
            }
        }
    }
}
