using LiquidFlight.Core.Links.Crsf;

namespace LiquidFlight.Core.Tests.Links
{
    /// <summary>
    /// The plain twin of <see cref="CrsfParser"/>: the straightforward version it was before its hot path was
    /// hand-inlined (one window copy and one decision per byte, CRC and channel unpacking in loops). Kept as the
    /// reference the fast parser must match bit for bit (CrsfParserTwinTests); not used by the firmware.
    /// </summary>
    public sealed class PlainCrsfParser
    {
        /// <summary>Frame start as sent to a flight controller (CRSF_ADDRESS_FLIGHT_CONTROLLER).</summary>
        public const byte SyncFlightController = 0xC8;

        /// <summary>Also accepted: the transmitter-module address, used as sync by some radios and receivers (EdgeTX).</summary>
        public const byte SyncTransmitter = 0xEE;

        /// <summary>Largest frame on the wire: sync + length + 62.</summary>
        public const int MaxFrameBytes = 64;

        public const int ChannelCount = 16;

        /// <summary>RC_CHANNELS_PACKED payload: 16 channels x 11 bits.</summary>
        public const int ChannelsPayloadLength = 22;

        /// <summary>Latest channel values in CRSF ticks (172 .. 1811 nominal, 992 = centre).</summary>
        public readonly int[] ChannelTicks = new int[ChannelCount];

        /// <summary>Latest channel values as servo pulse widths in µs (172 -> 987, 992 -> 1500, 1811 -> 2012).</summary>
        public readonly int[] ChannelUs = new int[ChannelCount];

        public readonly CrsfLinkStatistics LinkStatistics = new CrsfLinkStatistics();

        public bool HasChannels;

        /// <summary>Time (caller's clock) of the chunk that completed the latest channel frame.</summary>
        public long LastChannelsUs;

        public long GoodFrames;
        public long ChannelFrames;
        public long LinkStatisticsFrames;

        /// <summary>Frames with a valid CRC whose type this parser does not use.</summary>
        public long OtherFrames;

        public long CrcErrors;

        /// <summary>Channel frames skipped unchecked because the last of their back-to-back run in the chunk holds.</summary>
        public long SupersededFrames;

        private const int FrameBytes = ChannelsPayloadLength + 4;

        /// <summary>Candidates dropped for a length byte outside 2 .. 62.</summary>
        public long LengthErrors;

        /// <summary>Frames with a valid CRC but a payload length that does not fit their type.</summary>
        public long MalformedFrames;

        /// <summary>Bytes discarded outside valid frames (noise, failed candidates).</summary>
        public long DroppedBytes;

        /// <summary>Feed calls refused because their (offset, length) range is not inside the buffer.</summary>
        public long RejectedCalls;

        private readonly byte[] window = new byte[MaxFrameBytes];
        private int count;

        /// <summary>Parses <paramref name="length"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.
        /// Returns the number of RC channel frames completed by this chunk. A call whose range does not lie inside
        /// the buffer (null buffer, negative offset or length, offset + length past the end, for any int values)
        /// parses nothing, returns 0 and counts <see cref="RejectedCalls"/>; it never throws.</summary>
        public int Feed(byte[] buffer, int offset, int length, long nowUs)
        {
            int newChannelFrames = 0;
            // buffer.Length - offset cannot overflow once 0 <= offset (unlike offset + length, which wraps for
            // large values and let an out-of-range call through to an IndexOutOfRangeException).
            if (buffer == null || offset < 0 || length < 0 || offset > buffer.Length || length > buffer.Length - offset)
            {
                RejectedCalls++;
                return 0;
            }

            for (int i = 0; i < length; i++)
            {
                byte b = buffer[offset + i];
                if (count == 0 && !IsSync(b))
                {
                    DroppedBytes++;
                    continue;
                }

                if (count == 0)
                {
                    // Superseded frames: of a run of whole candidate channel frames back to back in this chunk, if the
                    // last one's CRC holds, the ones before it are skipped (counted, not checked).
                    int run = 0;
                    while (IsChannelCandidate(buffer, offset + i + ((run + 1) * FrameBytes), offset + length) && IsChannelCandidate(buffer, offset + i, offset + length))
                    {
                        run++;
                    }

                    int last = offset + i + (run * FrameBytes);
                    if (run > 0 && Crc8DvbS2.Compute(buffer, last + 2, FrameBytes - 3) == buffer[last + FrameBytes - 1])
                    {
                        SupersededFrames += run;
                        i += (run * FrameBytes) - 1;
                        continue;
                    }
                }

                window[count++] = b;
                if (count == FrameBytes && window[1] == ChannelsPayloadLength + 2 && window[2] == CrsfFrameType.RcChannelsPacked)
                {
                    // A channel frame candidate just completed in the window heads a run the same way, if a run of
                    // whole candidates follows it in this chunk and the run's last holds.
                    int after = offset + i + 1;
                    int run = 0;
                    while (IsChannelCandidate(buffer, after + (run * FrameBytes), offset + length))
                    {
                        run++;
                    }

                    int last = after + ((run - 1) * FrameBytes);
                    if (run > 0 && Crc8DvbS2.Compute(buffer, last + 2, FrameBytes - 3) == buffer[last + FrameBytes - 1])
                    {
                        SupersededFrames += run;
                        count = 0;
                        i = last - offset - 1;
                        continue;
                    }
                }

                newChannelFrames += Evaluate(nowUs);
            }

            return newChannelFrames;
        }

        /// <summary>Bytes of an unfinished candidate frame waiting in the window for the next chunk.</summary>
        public int PendingBytes
        {
            get { return count; }
        }

        /// <summary>Whether a channel frame arrived within <paramref name="timeoutUs"/> before <paramref name="nowUs"/>.</summary>
        public bool IsLinkUp(long nowUs, long timeoutUs)
        {
            return HasChannels && nowUs - LastChannelsUs <= timeoutUs;
        }

        /// <summary>Discards a partial frame (e.g. after the UART reported an overrun).</summary>
        public void ResetStream()
        {
            DroppedBytes += count;
            count = 0;
        }

        /// <summary>CRSF ticks to µs, rounded: 1500 + (ticks - 992) * 5 / 8.</summary>
        public static int TicksToMicroseconds(int ticks)
        {
            int d = (ticks - 992) * 5;
            return 1500 + (d >= 0 ? (d + 4) / 8 : -((-d + 4) / 8));
        }

        private static bool IsSync(byte b)
        {
            return b == SyncFlightController || b == SyncTransmitter;
        }

        // A whole candidate channel frame (sync, length 24, type RC_CHANNELS_PACKED; its CRC not checked) at buffer[at],
        // ending before end.
        private static bool IsChannelCandidate(byte[] buffer, int at, int end)
        {
            return end - at >= FrameBytes && IsSync(buffer[at]) && buffer[at + 1] == ChannelsPayloadLength + 2
                && buffer[at + 2] == CrsfFrameType.RcChannelsPacked;
        }

        // Decides as much as the window allows; loops because dropping a failed candidate can expose another.
        private int Evaluate(long nowUs)
        {
            int frames = 0;
            while (count >= 2)
            {
                int frameLength = window[1];
                if (frameLength < 2 || frameLength > MaxFrameBytes - 2)
                {
                    LengthErrors++;
                    DropFirstAndResync();
                    continue;
                }

                int total = frameLength + 2;
                if (count < total)
                {
                    return frames;
                }

                byte crc = Crc8DvbS2.Compute(window, 2, frameLength - 1);
                if (crc != window[total - 1])
                {
                    CrcErrors++;
                    DropFirstAndResync();
                    continue;
                }

                GoodFrames++;
                if (Dispatch(window[2], frameLength - 2, nowUs))
                {
                    frames++;
                }

                // After a resync the window can hold bytes beyond this frame: keep them for the next decision.
                Discard(total, false);
            }

            return frames;
        }

        private bool Dispatch(byte type, int payloadLength, long nowUs)
        {
            if (type == CrsfFrameType.RcChannelsPacked)
            {
                if (payloadLength != ChannelsPayloadLength)
                {
                    MalformedFrames++;
                    return false;
                }

                UnpackChannels(3);
                HasChannels = true;
                LastChannelsUs = nowUs;
                ChannelFrames++;
                return true;
            }

            if (type == CrsfFrameType.LinkStatistics)
            {
                if (payloadLength < CrsfLinkStatistics.PayloadLength)
                {
                    MalformedFrames++;
                    return false;
                }

                LinkStatistics.Decode(window, 3, nowUs);
                LinkStatisticsFrames++;
                return false;
            }

            OtherFrames++;
            return false;
        }

        // 16 little-endian 11-bit fields, channel 1 in the lowest bits of the first byte.
        private void UnpackChannels(int payloadStart)
        {
            int bit = 0;
            for (int ch = 0; ch < ChannelCount; ch++)
            {
                int index = payloadStart + (bit >> 3);
                int shift = bit & 7;
                int v = window[index] | (window[index + 1] << 8);
                if (shift > 5)
                {
                    v |= window[index + 2] << 16;
                }

                int ticks = (v >> shift) & 0x7FF;
                ChannelTicks[ch] = ticks;
                ChannelUs[ch] = TicksToMicroseconds(ticks);
                bit += 11;
            }
        }

        // Drops the failed candidate's sync byte and slides the window to the next sync byte in it, if any.
        private void DropFirstAndResync()
        {
            Discard(1, true);
        }

        // Removes the first n bytes (counted as dropped if they are not a valid frame), then any non-sync bytes
        // up to the next possible frame start.
        private void Discard(int n, bool dropped)
        {
            int next = n;
            while (next < count && !IsSync(window[next]))
            {
                next++;
            }

            DroppedBytes += dropped ? next : next - n;
            for (int i = next; i < count; i++)
            {
                window[i - next] = window[i];
            }

            count -= next;
        }
    }
}
