namespace LiquidFlight.Sim.Hil;

/// <summary>
/// The byte stream of a HIL link: a serial port (the CLI's System.IO.Ports adapter, also over a pseudo-terminal)
/// or <see cref="HilPipe"/> in memory. Full duplex; one reader and one writer.
/// </summary>
public interface IHilStream : IDisposable
{
    /// <summary>What has arrived, up to <paramref name="count"/> bytes, waiting up to <paramref name="timeoutMs"/>
    /// for the first one (0 = do not wait); 0 when nothing came in that time.</summary>
    int Read(byte[] buffer, int offset, int count, int timeoutMs);

    void Write(byte[] buffer, int offset, int count);
}

/// <summary>Two <see cref="IHilStream"/> ends joined in memory: what one end writes, the other reads.</summary>
public sealed class HilPipe : IHilStream
{
    private readonly Queue<byte> incoming;
    private readonly Queue<byte> outgoing;

    private HilPipe(Queue<byte> incoming, Queue<byte> outgoing)
    {
        this.incoming = incoming;
        this.outgoing = outgoing;
    }

    /// <summary>A connected pair (the simulator's end, the board's end).</summary>
    public static (HilPipe A, HilPipe B) Create()
    {
        var ab = new Queue<byte>();
        var ba = new Queue<byte>();
        return (new HilPipe(ba, ab), new HilPipe(ab, ba));
    }

    /// <summary>Bytes written by this end since it was made.</summary>
    public long BytesWritten { get; private set; }

    public int Read(byte[] buffer, int offset, int count, int timeoutMs)
    {
        lock (incoming)
        {
            if (incoming.Count == 0 && timeoutMs > 0)
            {
                Monitor.Wait(incoming, timeoutMs);
            }

            int n = 0;
            while (n < count && incoming.Count > 0)
            {
                buffer[offset + n++] = incoming.Dequeue();
            }

            return n;
        }
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        lock (outgoing)
        {
            for (int i = 0; i < count; i++)
            {
                outgoing.Enqueue(buffer[offset + i]);
            }

            BytesWritten += count;
            Monitor.PulseAll(outgoing);
        }
    }

    public void Dispose()
    {
    }
}
