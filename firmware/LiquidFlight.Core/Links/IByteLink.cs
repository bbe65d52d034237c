namespace LiquidFlight.Core.Links
{
    /// <summary>
    /// A serial byte stream as Core sees it: a UART on the board, a pseudo-terminal or a simulated link on the
    /// desktop. Both calls return at once (the control loop never waits on a link): a link is polled from a slot of
    /// the cyclic executive. Implementations must not throw or allocate; a driver error is reported as 0 bytes
    /// (and counted by the driver), the parsers resynchronise on the next frame.
    /// </summary>
    public interface IByteLink
    {
        /// <summary>Copies up to <paramref name="count"/> received bytes into <paramref name="buffer"/> at
        /// <paramref name="offset"/>; returns how many were copied (0 when none are waiting).</summary>
        int Read(byte[] buffer, int offset, int count);

        /// <summary>Queues <paramref name="count"/> bytes from <paramref name="buffer"/> at <paramref name="offset"/>
        /// for sending; returns how many were accepted (fewer when the transmit buffer is full).</summary>
        int Write(byte[] buffer, int offset, int count);
    }
}
