using LiquidFlight.Core.Links;
using LiquidFlight.Core.Links.Crsf;

namespace LiquidFlight.Sim.Board;

/// <summary>
/// The pilot's CRSF receiver on the board's UART, simulated: <see cref="Send"/> puts one RC_CHANNELS_PACKED frame
/// of the pilot's channel values (µs) on the link, and the board cycle reads the bytes through Core's CRSF parser
/// and channel map like the firmware does. An RC-loss fault simply stops the frames; a garbage fault corrupts them.
/// </summary>
public sealed class SimulatedReceiver : IByteLink
{
    /// <summary>Channel pulse widths, µs (AETR order: roll, pitch, throttle, yaw, arm, mode, ...).</summary>
    public readonly int[] ChannelUs = new int[CrsfParser.ChannelCount];

    private readonly CrsfFrameWriter writer = new();
    private readonly Queue<byte> pending = new();

    public SimulatedReceiver()
    {
        Array.Fill(ChannelUs, 1500);
        ChannelUs[2] = 1000;
        ChannelUs[4] = 1000;
    }

    public long FramesSent { get; private set; }

    /// <summary>Queues one channel frame of <see cref="ChannelUs"/>.</summary>
    public void Send()
    {
        int n = writer.WriteChannels(ChannelUs);
        for (int i = 0; i < n; i++)
        {
            pending.Enqueue(writer.Frame[i]);
        }

        FramesSent++;
    }

    public int Read(byte[] buffer, int offset, int count)
    {
        int n = 0;
        while (n < count && pending.Count > 0)
        {
            buffer[offset + n] = pending.Dequeue();
            n++;
        }

        return n;
    }

    public int Write(byte[] buffer, int offset, int count) => count;
}
