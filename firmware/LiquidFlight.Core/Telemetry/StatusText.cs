namespace LiquidFlight.Core.Telemetry
{
    /// <summary>
    /// One status message being assembled in a reused char buffer with integer formatting: Core builds its
    /// reports and events here and hands the buffer to an <see cref="IStatusSink"/>, so nothing allocates.
    /// Text beyond the capacity is cut off. The appends write the buffer directly (no call per character: on the
    /// interpreter a call costs more than the character's store).
    /// </summary>
    public sealed class StatusText
    {
        public readonly char[] Buffer;
        public int Length;

        public StatusText(int capacity)
        {
            Buffer = new char[capacity < 16 ? 16 : capacity];
        }

        public void Clear()
        {
            Length = 0;
        }

        public void Append(char c)
        {
            if (Length < Buffer.Length)
            {
                Buffer[Length++] = c;
            }
        }

        public void Append(string s)
        {
            char[] b = Buffer;
            int at = Length;
            int n = s.Length;
            if (n > b.Length - at)
            {
                n = b.Length - at;
            }

            for (int i = 0; i < n; i++)
            {
                b[at + i] = s[i];
            }

            Length = at + n;
        }

        /// <summary>Decimal, with a minus sign when negative (long.MinValue included).</summary>
        public void Append(long value)
        {
            ulong magnitude;
            if (value < 0)
            {
                Append('-');
                magnitude = (ulong)(-(value + 1)) + 1;
            }
            else
            {
                magnitude = (ulong)value;
            }

            ulong divisor = 1;
            while (magnitude / divisor >= 10)
            {
                divisor *= 10;
            }

            char[] b = Buffer;
            int at = Length;
            int capacity = b.Length;
            while (divisor > 0 && at < capacity)
            {
                b[at++] = (char)('0' + (int)(magnitude / divisor % 10));
                divisor /= 10;
            }

            Length = at;
        }

        /// <summary>Eight upper-case hex digits.</summary>
        public void AppendHex(int value)
        {
            char[] b = Buffer;
            int at = Length;
            int capacity = b.Length;
            for (int shift = 28; shift >= 0 && at < capacity; shift -= 4)
            {
                int nibble = (value >> shift) & 0xF;
                b[at++] = (char)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);
            }

            Length = at;
        }

        /// <summary>Sends the message to <paramref name="sink"/> (nothing when it is null).</summary>
        public void SendTo(IStatusSink sink, StatusSeverity severity)
        {
            if (sink != null)
            {
                sink.Write(severity, Buffer, Length);
            }
        }

        /// <summary>The text as a string (desktop and tests; allocates).</summary>
        public override string ToString()
        {
            return new string(Buffer, 0, Length);
        }
    }
}
