using System;
using LiquidFlight.Core.FixedPoint;

namespace LiquidFlight.Core.Links
{
    /// <summary>
    /// Which transmitter channel drives what, and how pulse widths become normalised commands. Channel numbers
    /// are 0-based indices into the receiver's channel array (channel 1 = index 0). Default AETR: roll on 1,
    /// pitch on 2, throttle on 3, yaw on 4, arm switch on 5 (AUX1), mode switch on 6 (AUX2).
    /// </summary>
    public sealed class RcChannelMap
    {
        public int RollChannel = 0;
        public int PitchChannel = 1;
        public int ThrottleChannel = 2;
        public int YawChannel = 3;
        public int ArmChannel = 4;
        public int ModeChannel = 5;

        /// <summary>Stick centre and half travel, µs: (us - Centre) / HalfTravel is the deflection.</summary>
        public int StickCentreUs = 1500;
        public int StickHalfTravelUs = 500;

        /// <summary>Throttle (us - ThrottleMinUs) / (ThrottleMaxUs - ThrottleMinUs), clamped to [0, 1].</summary>
        public int ThrottleMinUs = 1000;
        public int ThrottleMaxUs = 2000;

        /// <summary>Deflections within +-this many µs of centre read as zero (receiver jitter at rest); full
        /// deflection is still reached at centre +- half travel.</summary>
        public int StickDeadbandUs = 5;

        /// <summary>Arm switch is on above this pulse width (a 2-position switch sends about 1000 / 2000).</summary>
        public int ArmOnAboveUs = 1700;

        /// <summary>Mode switch: low below LowBelowUs, high above HighAboveUs, middle between.</summary>
        public int ModeLowBelowUs = 1300;
        public int ModeHighAboveUs = 1700;

        /// <summary>Reverses the pitch stick: by default pushing it forward (higher µs) commands nose down.</summary>
        public bool PitchStickForwardIsNoseUp = false;

        /// <summary>
        /// Sets the four stick channels from an order string of A (aileron/roll), E (elevator/pitch),
        /// T (throttle), R (rudder/yaw), e.g. "AETR" (default) or "TAER". Called at configuration time.
        /// </summary>
        public void SetStickOrder(string order)
        {
            if (order == null || order.Length != 4)
            {
                throw new ArgumentException("channel order must be 4 letters from A, E, T, R");
            }

            int seen = 0;
            for (int i = 0; i < 4; i++)
            {
                char c = order[i];
                int bit;
                switch (c)
                {
                    case 'A': RollChannel = i; bit = 1; break;
                    case 'E': PitchChannel = i; bit = 2; break;
                    case 'T': ThrottleChannel = i; bit = 4; break;
                    case 'R': YawChannel = i; bit = 8; break;
                    default: throw new ArgumentException("channel order must be 4 letters from A, E, T, R");
                }

                if ((seen & bit) != 0)
                {
                    throw new ArgumentException("channel order names a stick twice");
                }

                seen |= bit;
            }
        }

        /// <summary>The highest channel index the map reads (sticks, arm and mode switches).</summary>
        public int HighestChannel()
        {
            int h = RollChannel;
            h = PitchChannel > h ? PitchChannel : h;
            h = ThrottleChannel > h ? ThrottleChannel : h;
            h = YawChannel > h ? YawChannel : h;
            h = ArmChannel > h ? ArmChannel : h;
            return ModeChannel > h ? ModeChannel : h;
        }

        /// <summary>
        /// Largest stick or throttle span (µs) for which <see cref="Apply"/> takes its 32-bit path (2^15: a deflection
        /// inside the span is then below 2^15, so shifted by 16 it fits an int); the deadband must be below it too.
        /// </summary>
        public const int FastSpanLimitUs = 32768;

        /// <summary>Maps channel pulse widths (µs, e.g. <see cref="Crsf.CrsfParser.ChannelUs"/>) into <paramref name="command"/>.</summary>
        /// <remarks>
        /// The stick scaling is hand-inlined for the interpreter (one call per frame instead of seven, 32-bit
        /// arithmetic): with a deadband in 0 .. <see cref="FastSpanLimitUs"/> - 1 and spans (half travel - deadband,
        /// throttle max - min) in 1 .. <see cref="FastSpanLimitUs"/> (one unsigned test of the three OR-ed: each of
        /// them, less 1 for a span, lies in 0 .. 2^15 - 1 exactly when their OR does), a deflection at or beyond the span is full scale, and one inside it is
        /// below 2^15, so (d &lt;&lt; 16) / span is the 64-bit Q16.MulDiv exactly and needs no clamp. Other settings take
        /// the plain path, <see cref="ApplyPlain"/>, which the tests compare this one against. The sticks go into the
        /// command's fields (a property is a call), which are marked changed as the properties would.
        /// </remarks>
        [InterpreterInline]
        public void Apply(int[] channelUs, RcCommand command)
        {
            int centre = StickCentreUs;
            int dead = StickDeadbandUs;
            int span = StickHalfTravelUs - dead;
            int throttleMin = ThrottleMinUs;
            int throttleSpan = ThrottleMaxUs - throttleMin;
            if ((uint)(dead | (span - 1) | (throttleSpan - 1)) >= FastSpanLimitUs)
            {
                ApplyPlain(channelUs, command);
                return;
            }

            int d = channelUs[RollChannel] - centre;
            int v = 0;
            if (d > dead)
            {
                d -= dead;
                v = d >= span ? Q16.One : (d << 16) / span;
            }
            else if (d < -dead)
            {
                d += dead;
                v = d <= -span ? -Q16.One : (d << 16) / span;
            }

            command.roll = v;

            d = channelUs[PitchChannel] - centre;
            v = 0;
            if (d > dead)
            {
                d -= dead;
                v = d >= span ? Q16.One : (d << 16) / span;
            }
            else if (d < -dead)
            {
                d += dead;
                v = d <= -span ? -Q16.One : (d << 16) / span;
            }

            command.pitch = PitchStickForwardIsNoseUp ? v : -v;

            d = channelUs[YawChannel] - centre;
            v = 0;
            if (d > dead)
            {
                d -= dead;
                v = d >= span ? Q16.One : (d << 16) / span;
            }
            else if (d < -dead)
            {
                d += dead;
                v = d <= -span ? -Q16.One : (d << 16) / span;
            }

            command.yaw = v;

            int throttleUs = channelUs[ThrottleChannel];
            command.ThrottleUs = throttleUs;
            d = throttleUs - throttleMin;
            command.throttle = d <= 0 ? 0 : (d >= throttleSpan ? Q16.One : (d << 16) / throttleSpan);
            command.changed = true;
            command.ArmSwitch = channelUs[ArmChannel] > ArmOnAboveUs;
            int mode = channelUs[ModeChannel];
            command.ModePosition = mode < ModeLowBelowUs ? 0 : (mode > ModeHighAboveUs ? 2 : 1);
        }

        /// <summary>The plain twin of <see cref="Apply"/> (one Stick per stick, 64-bit Q16.MulDiv and Q16.Clamp), which
        /// it equals for every input; it serves the settings outside the fast path's range.</summary>
        public void ApplyPlain(int[] channelUs, RcCommand command)
        {
            command.Roll = Stick(channelUs[RollChannel]);
            int pitch = Stick(channelUs[PitchChannel]);
            command.Pitch = PitchStickForwardIsNoseUp ? pitch : -pitch;
            command.Yaw = Stick(channelUs[YawChannel]);
            int throttleUs = channelUs[ThrottleChannel];
            command.ThrottleUs = throttleUs;
            command.Throttle = Q16.Clamp(Q16.MulDiv(throttleUs - ThrottleMinUs, Q16.One, ThrottleMaxUs - ThrottleMinUs), 0, Q16.One);
            command.ArmSwitch = channelUs[ArmChannel] > ArmOnAboveUs;
            int mode = channelUs[ModeChannel];
            command.ModePosition = mode < ModeLowBelowUs ? 0 : (mode > ModeHighAboveUs ? 2 : 1);
        }

        private int Stick(int us)
        {
            int d = us - StickCentreUs;
            if (d <= StickDeadbandUs && d >= -StickDeadbandUs)
            {
                return 0;
            }

            // The deadband is subtracted, not just masked, so the output rises continuously from zero at its edge.
            d = d > 0 ? d - StickDeadbandUs : d + StickDeadbandUs;
            return Q16.Clamp(Q16.MulDiv(d, Q16.One, StickHalfTravelUs - StickDeadbandUs), -Q16.One, Q16.One);
        }
    }
}
