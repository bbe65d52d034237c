namespace LiquidFlight.Core.Links.Mavlink
{
    /// <summary>
    /// HIL without a radio: the simulator's link stands in for the receiver so arming and link loss go through the
    /// normal supervisor. <see cref="Poll"/> reports a frame whenever a good HIL_SENSOR arrived since the last poll
    /// (the simulator is the link: when it stops, the supervisor's RC-loss failsafe runs as for a lost receiver);
    /// the arm channel follows the latest COMMAND_LONG arm/disarm (<see cref="MavlinkHil.ArmRequested"/>); the stick
    /// channels are <see cref="ChannelUs"/>, which the host may set (centred sticks, throttle at minimum by default).
    /// Once the simulator sends HIL_RC_INPUTS_RAW (#92), its channels are the receiver's: chan1..chan12 replace
    /// <see cref="ChannelUs"/>[0..11], a frame is reported for each HIL_RC_INPUTS_RAW (so the RC link is lost when
    /// those stop, as with a radio), and the arm channel is the simulator's arm switch unless a COMMAND_LONG
    /// asked to arm (then it is held on until a COMMAND_LONG disarms).
    /// </summary>
    public sealed class MavlinkHilRcSource : IRcSource
    {
        private readonly MavlinkHil hil;
        private readonly RcChannelMap map;
        private readonly int[] channels = new int[16];
        private long seenSamples;
        private long seenRcFrames;

        public MavlinkHilRcSource(MavlinkHil hil, RcChannelMap map)
        {
            this.hil = hil;
            this.map = map ?? new RcChannelMap();
            for (int i = 0; i < channels.Length; i++)
            {
                channels[i] = 1500;
            }

            channels[this.map.ThrottleChannel] = 1000;
            channels[this.map.ArmChannel] = 1000;
        }

        public int[] ChannelUs
        {
            get { return channels; }
        }

        public bool ReceiverFailsafe
        {
            get { return false; }
        }

        public bool Poll(long nowUs)
        {
            if (hil == null)
            {
                return false;
            }

            if (hil.RcFrames > 0)
            {
                int[] rc = hil.RcChannelUs;
                for (int i = 0; i < rc.Length; i++)
                {
                    channels[i] = rc[i];
                }

                if (hil.ArmRequested)
                {
                    channels[map.ArmChannel] = 2000;
                }

                if (hil.RcFrames == seenRcFrames)
                {
                    return false;
                }

                seenRcFrames = hil.RcFrames;
                return true;
            }

            channels[map.ArmChannel] = hil.ArmRequested ? 2000 : 1000;
            long seen = hil.SensorFrames - hil.BadSamples;
            if (seen == seenSamples)
            {
                return false;
            }

            seenSamples = seen;
            return true;
        }
    }
}
