using LiquidFlight.Core.Links;
using LiquidFlight.Core.Links.Mavlink;

namespace LiquidFlight.Core.Tests.Links.Mavlink;

/// <summary>A serial link in memory for the HIL tests: the simulator's bytes queue in, the board's bytes collect out.</summary>
internal sealed class MavlinkPipe : IByteLink
{
    public readonly Queue<byte> In = new();
    public readonly List<byte> Out = new();

    public int Read(byte[] buffer, int offset, int count)
    {
        int n = 0;
        while (n < count && In.Count > 0) buffer[offset + n++] = In.Dequeue();
        return n;
    }

    public int Write(byte[] buffer, int offset, int count)
    {
        for (int i = 0; i < count; i++) Out.Add(buffer[offset + i]);
        return count;
    }

    /// <summary>Queues the first <paramref name="n"/> bytes of the writer's frame for the board to read.</summary>
    public void Send(MavlinkWriter w, int n)
    {
        for (int i = 0; i < n; i++) In.Enqueue(w.Frame[i]);
    }
}
