using LiquidFlight.Core.Links;

namespace LiquidFlight.Core.Bench
{
    /// <summary>The bench flight's telemetry UART: accepts every byte and counts it (nothing is received).</summary>
    public sealed class BenchLink : IByteLink
    {
        public long BytesWritten;

        public int Read(byte[] buffer, int offset, int count)
        {
            return 0;
        }

        public int Write(byte[] buffer, int offset, int count)
        {
            BytesWritten += count;
            return count;
        }
    }
}
