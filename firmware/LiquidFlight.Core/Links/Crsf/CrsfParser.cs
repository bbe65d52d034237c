namespace LiquidFlight.Core.Links.Crsf
{
    /// <summary>
    /// Streaming CRSF receiver-to-flight-controller parser. Fed whatever chunk the UART returned (any size, frames
    /// split anywhere, line noise between them), it finds frames of the form
    /// <c>sync, length, type, payload[length - 2], crc8</c> (crc over type + payload), and keeps the latest RC
    /// channels and link statistics. Allocation-free: one 64-byte window reused for every frame.
    /// <para>
    /// Resynchronisation: when a candidate frame fails (impossible length, bad CRC), only its first byte is
    /// dropped and the bytes after it are searched again for a sync byte, so a real frame that began inside a
    /// false start (a 0xC8 in noise) is still found.
    /// </para>
    /// <para>
    /// Cost on the interpreter: a frame that lies whole in the chunk (the usual case) is decided where it lies, with
    /// no copy into the window, and an RC channel frame is checked and unpacked by straight-line code (CRC unrolled,
    /// channels unpacked with constant shifts). Split frames, noise and failed candidates take the window path, which
    /// decides only when a candidate is complete (or its length byte is impossible), not after every byte. The plain
    /// version (one window copy and one decision per byte, loops) is kept in the tests as PlainCrsfParser, and the
    /// two agree on every counter, channel and waiting byte over seeded random, corrupt and split streams.
    /// </para>
    /// </summary>
    public sealed class CrsfParser
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
            // buffer.Length - offset cannot overflow once 0 <= offset (unlike offset + length, which wraps for
            // large values and let an out-of-range call through to an IndexOutOfRangeException).
            if (buffer == null || offset < 0 || length < 0 || offset > buffer.Length || length > buffer.Length - offset)
            {
                RejectedCalls++;
                return 0;
            }

            int frames = 0;
            int dropped = 0;
            int i = offset;
            int end = offset + length;
            while (i < end)
            {
                if (count == 0)
                {
                    int b = buffer[i];
                    if (b != SyncFlightController && b != SyncTransmitter)
                    {
                        dropped++;
                        i++;
                        continue;
                    }

                    // A candidate that lies whole in the chunk is decided in place. One that fails (bad length or
                    // CRC) or is cut off goes through the window below, which reaches the same decision.
                    int left = end - i;
                    if (left >= 3)
                    {
                        int frameLength = buffer[i + 1];
                        if (frameLength == ChannelsPayloadLength + 2 && buffer[i + 2] == CrsfFrameType.RcChannelsPacked)
                        {
                            if (left >= ChannelsPayloadLength + 4 && ChannelFrame(buffer, i + 2, nowUs))
                            {
                                frames++;
                                i += ChannelsPayloadLength + 4;
                                continue;
                            }
                        }
                        else if (frameLength >= 2 && frameLength <= MaxFrameBytes - 2 && left >= frameLength + 2
                                 && Crc8DvbS2.Compute(buffer, i + 2, frameLength - 1) == buffer[i + frameLength + 1])
                        {
                            GoodFrames++;
                            if (Dispatch(buffer, i + 2, frameLength - 2, nowUs))
                            {
                                frames++;
                            }

                            i += frameLength + 2;
                            continue;
                        }
                    }
                }

                // Window path: copy up to the next point where the candidate can be decided (its length byte, then
                // its last byte); the bytes in between change nothing.
                byte[] w = window;
                int c = count;
                w[c++] = buffer[i++];
                if (c >= 2)
                {
                    int total = w[1] + 2;
                    if (total >= 4 && total <= MaxFrameBytes)
                    {
                        while (c < total && i < end)
                        {
                            w[c++] = buffer[i++];
                        }

                        if (c < total)
                        {
                            count = c;
                            break;
                        }
                    }

                    count = c;
                    frames += Evaluate(nowUs);
                }
                else
                {
                    count = c;
                }
            }

            DroppedBytes += dropped;
            return frames;
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
                if (Dispatch(window, 2, frameLength - 2, nowUs))
                {
                    frames++;
                }

                // After a resync the window can hold bytes beyond this frame: keep them for the next decision.
                Discard(total, false);
            }

            return frames;
        }

        // The frame's type byte is f[typeIndex], its payload follows.
        private bool Dispatch(byte[] f, int typeIndex, int payloadLength, long nowUs)
        {
            int type = f[typeIndex];
            if (type == CrsfFrameType.RcChannelsPacked)
            {
                if (payloadLength != ChannelsPayloadLength)
                {
                    MalformedFrames++;
                    return false;
                }

                UnpackChannels(f, typeIndex + 1);
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

                LinkStatistics.Decode(f, typeIndex + 1, nowUs);
                LinkStatisticsFrames++;
                return false;
            }

            OtherFrames++;
            return false;
        }

        // An RC_CHANNELS_PACKED frame whose type byte is f[s] (length byte already checked): if its CRC (over the type
        // and the 22 payload bytes, f[s + 23] on the wire) holds, counts and unpacks it and returns true; otherwise
        // changes nothing. The CRC is Crc8DvbS2.Compute unrolled: one table look-up per byte at a constant offset.
        private bool ChannelFrame(byte[] f, int s, long nowUs)
        {
            byte[] t = Crc8DvbS2.Table;
            int c = t[f[s]];
            c = t[c ^ f[s + 1]];
            c = t[c ^ f[s + 2]];
            c = t[c ^ f[s + 3]];
            c = t[c ^ f[s + 4]];
            c = t[c ^ f[s + 5]];
            c = t[c ^ f[s + 6]];
            c = t[c ^ f[s + 7]];
            c = t[c ^ f[s + 8]];
            c = t[c ^ f[s + 9]];
            c = t[c ^ f[s + 10]];
            c = t[c ^ f[s + 11]];
            c = t[c ^ f[s + 12]];
            c = t[c ^ f[s + 13]];
            c = t[c ^ f[s + 14]];
            c = t[c ^ f[s + 15]];
            c = t[c ^ f[s + 16]];
            c = t[c ^ f[s + 17]];
            c = t[c ^ f[s + 18]];
            c = t[c ^ f[s + 19]];
            c = t[c ^ f[s + 20]];
            c = t[c ^ f[s + 21]];
            c = t[c ^ f[s + 22]];
            if (c != f[s + 23])
            {
                return false;
            }

            GoodFrames++;
            UnpackChannels(f, s + 1);
            HasChannels = true;
            LastChannelsUs = nowUs;
            ChannelFrames++;
            return true;
        }

        // 16 little-endian 11-bit fields from f[p], channel 1 in the lowest bits of the first byte: straight-line, an
        // accumulator topped up with the next byte(s) before each channel. The µs value is TicksToMicroseconds without
        // a branch: 1500 + round((t - 992) * 5 / 8), half away from zero, is (5t + 7044 + (t < 992 ? -1 : 0)) >> 3 for
        // every 11-bit t (the tests check all 2048).
        private void UnpackChannels(byte[] f, int p)
        {
            int[] ticks = ChannelTicks;
            int[] us = ChannelUs;
            int t;
            int a = f[p] | (f[p + 1] << 8);
            t = a & 0x7FF;
            ticks[0] = t;
            us[0] = (5 * t + 7044 + ((t - 992) >> 31)) >> 3;
            a = (a >> 11) | (f[p + 2] << 5);
            t = a & 0x7FF;
            ticks[1] = t;
            us[1] = (5 * t + 7044 + ((t - 992) >> 31)) >> 3;
            a = (a >> 11) | (f[p + 3] << 2) | (f[p + 4] << 10);
            t = a & 0x7FF;
            ticks[2] = t;
            us[2] = (5 * t + 7044 + ((t - 992) >> 31)) >> 3;
            a = (a >> 11) | (f[p + 5] << 7);
            t = a & 0x7FF;
            ticks[3] = t;
            us[3] = (5 * t + 7044 + ((t - 992) >> 31)) >> 3;
            a = (a >> 11) | (f[p + 6] << 4);
            t = a & 0x7FF;
            ticks[4] = t;
            us[4] = (5 * t + 7044 + ((t - 992) >> 31)) >> 3;
            a = (a >> 11) | (f[p + 7] << 1) | (f[p + 8] << 9);
            t = a & 0x7FF;
            ticks[5] = t;
            us[5] = (5 * t + 7044 + ((t - 992) >> 31)) >> 3;
            a = (a >> 11) | (f[p + 9] << 6);
            t = a & 0x7FF;
            ticks[6] = t;
            us[6] = (5 * t + 7044 + ((t - 992) >> 31)) >> 3;
            a = (a >> 11) | (f[p + 10] << 3);
            t = a & 0x7FF;
            ticks[7] = t;
            us[7] = (5 * t + 7044 + ((t - 992) >> 31)) >> 3;
            a = f[p + 11] | (f[p + 12] << 8);
            t = a & 0x7FF;
            ticks[8] = t;
            us[8] = (5 * t + 7044 + ((t - 992) >> 31)) >> 3;
            a = (a >> 11) | (f[p + 13] << 5);
            t = a & 0x7FF;
            ticks[9] = t;
            us[9] = (5 * t + 7044 + ((t - 992) >> 31)) >> 3;
            a = (a >> 11) | (f[p + 14] << 2) | (f[p + 15] << 10);
            t = a & 0x7FF;
            ticks[10] = t;
            us[10] = (5 * t + 7044 + ((t - 992) >> 31)) >> 3;
            a = (a >> 11) | (f[p + 16] << 7);
            t = a & 0x7FF;
            ticks[11] = t;
            us[11] = (5 * t + 7044 + ((t - 992) >> 31)) >> 3;
            a = (a >> 11) | (f[p + 17] << 4);
            t = a & 0x7FF;
            ticks[12] = t;
            us[12] = (5 * t + 7044 + ((t - 992) >> 31)) >> 3;
            a = (a >> 11) | (f[p + 18] << 1) | (f[p + 19] << 9);
            t = a & 0x7FF;
            ticks[13] = t;
            us[13] = (5 * t + 7044 + ((t - 992) >> 31)) >> 3;
            a = (a >> 11) | (f[p + 20] << 6);
            t = a & 0x7FF;
            ticks[14] = t;
            us[14] = (5 * t + 7044 + ((t - 992) >> 31)) >> 3;
            a = (a >> 11) | (f[p + 21] << 3);
            t = a & 0x7FF;
            ticks[15] = t;
            us[15] = (5 * t + 7044 + ((t - 992) >> 31)) >> 3;
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
