namespace LiquidFlight.Core.Links
{
    /// <summary>
    /// The pilot's receiver as the board cycle sees it: channel pulse widths in µs and the state of the link.
    /// Core's CRSF receiver implements it over any <see cref="IByteLink"/> (the board's UART, the
    /// simulator's link); a host with no receiver passes null. Must not throw or allocate.
    /// </summary>
    public interface IRcSource
    {
        /// <summary>
        /// Takes in what the receiver sent since the last call (called from a slow slot at <paramref name="nowUs"/>);
        /// returns true when at least one valid channel frame arrived and holds the pilot's channels (not a receiver's
        /// own failsafe values: see <see cref="ReceiverFailsafe"/>, under which it returns false), <see cref="ChannelUs"/>
        /// then holds the newest.
        /// </summary>
        bool Poll(long nowUs);

        /// <summary>
        /// Channel pulse widths, µs (channel 1 = index 0), of the newest valid frame: the same array on every call (the
        /// board cycle reads it once, at construction).
        /// </summary>
        int[] ChannelUs { get; }

        /// <summary>
        /// The receiver itself reports that it lost the transmitter (for CRSF: link statistics with uplink quality 0)
        /// while it may still send frames with its own failsafe channel values: judged as RC loss (<see cref="Poll"/>
        /// reports no frame meanwhile).
        /// </summary>
        bool ReceiverFailsafe { get; }
    }
}
