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
    /// no copy into the window, and an RC channel frame is checked and unpacked by straight-line code (one native copy
    /// of its 24 bytes so that every read is at a constant index, CRC unrolled, channels unpacked with constant shifts). Split frames, noise and failed candidates take the window path, which
    /// decides only when a candidate is complete (or its length byte is impossible), not after every byte; the board's
    /// <see cref="CrsfRcSource"/> keeps a frame cut off by the end of its chunk and puts it first in the next one, so
    /// its split frames are decided in place too (the decisions are the same either way). A chunk
    /// that holds several channel frames back to back (a poll slower than the receiver's frame rate: two frames a poll
    /// for 250 Hz ExpressLRS at the 125 Hz RC slot of a 250 Hz loop, four at 500 Hz) checks and unpacks the last first:
    /// if it holds, the ones before it are superseded (<see cref="SupersededFrames"/>: counted, not checked; a frame
    /// completed in the window from the previous chunk heads such a run too); if it fails, every one is checked and
    /// counted and only the last that passes its CRC is unpacked. The plain
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

        /// <summary>
        /// Latest channel values in CRSF ticks (172 .. 1811 nominal, 992 = centre): all 16 of the last channel frame
        /// accepted (0 before any), whatever <see cref="UnpackedChannels"/> says. Decoded from that frame's bytes when
        /// read (the same array each time, overwritten by every read): no flight code reads ticks, so a frame does not
        /// pay for storing them.
        /// </summary>
        public int[] ChannelTicks
        {
            get
            {
                byte[] f = accepted;
                int[] t = ticks;
                int bit = 8;
                for (int ch = 0; ch < ChannelCount; ch++, bit += 11)
                {
                    int at = bit >> 3;
                    int word = f[at] | (f[at + 1] << 8) | (f[at + 2] << 16);
                    t[ch] = (word >> (bit & 7)) & 0x7FF;
                }

                return t;
            }
        }

        /// <summary>Latest channel values as servo pulse widths in µs (172 -> 987, 992 -> 1500, 1811 -> 2012).</summary>
        public readonly int[] ChannelUs = new int[ChannelCount];

        public readonly CrsfLinkStatistics LinkStatistics = new CrsfLinkStatistics();

        /// <summary>Whether a channel frame has been decoded (<see cref="ChannelFrames"/> is not 0).</summary>
        public bool HasChannels
        {
            get { return ChannelFrames != 0; }
        }

        /// <summary>
        /// How many leading channels each RC frame unpacks into <see cref="ChannelUs"/>, in three steps: 6 (channels 1
        /// to 6: sticks, arm and mode on the default map) for a value up to 6, 8 for 7 or 8, all 16 (the default)
        /// above. A host that reads fewer may lower it (the board cycle does from its channel map,
        /// <see cref="CrsfRcSource.UnpackOnlyChannelsOf"/>): the channels not unpacked keep the values of the last frame
        /// that unpacked them (0 before any), and each frame costs their conversions less. Everything else (CRC,
        /// counters, the unpacked channels, <see cref="ChannelTicks"/>) is the same.
        /// </summary>
        public int UnpackedChannels = ChannelCount;

        /// <summary>Time (caller's clock) of the chunk that completed the latest channel frame.</summary>
        public long LastChannelsUs;

        /// <summary>
        /// Frames with a valid CRC: the sum of <see cref="ChannelFrames"/>, <see cref="LinkStatisticsFrames"/>,
        /// <see cref="OtherFrames"/> and <see cref="MalformedFrames"/> (each such frame is counted in exactly one of them;
        /// summed when read, so a frame costs one counter update, not two).
        /// </summary>
        public long GoodFrames
        {
            get { return ChannelFrames + LinkStatisticsFrames + OtherFrames + MalformedFrames; }
        }

        public long ChannelFrames;
        public long LinkStatisticsFrames;

        /// <summary>Frames with a valid CRC whose type this parser does not use.</summary>
        public long OtherFrames;

        public long CrcErrors;

        /// <summary>
        /// Channel frames that a later channel frame replaced within the same chunk: of a run of channel frames back to
        /// back whose last frame lies whole in one chunk and holds (the others whole in it too, or the first completed
        /// by it from the previous chunk), the ones before the last, which are neither CRC-checked nor unpacked (their
        /// channels would be overwritten at once) and not counted in <see cref="GoodFrames"/> or
        /// <see cref="CrcErrors"/>. A corrupt frame among them therefore goes uncounted.
        /// </summary>
        public long SupersededFrames;

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

        // A channel frame whose CRC held but whose unpacking waits for the end of the chunk because another candidate
        // channel frame followed it in the chunk (a run whose last frame failed): the array and index of its type
        // byte; null again once a later channel frame unpacks. A frame decided in the window is first copied to
        // deferredCopy (the window moves on). Cleared at the end of every Feed.
        private byte[] deferredFrame;
        private int deferredIndex;
        private readonly byte[] deferredCopy = new byte[ChannelsPayloadLength + 2];

        // ChannelFrame's copy of the frame it decides (type byte, payload, CRC), and the last one it accepted (whose
        // ticks ChannelTicks decodes): the two arrays swap on every accepted frame, so keeping it costs no copy.
        private byte[] frame = new byte[ChannelsPayloadLength + 2];
        private byte[] accepted = new byte[ChannelsPayloadLength + 2];
        private readonly int[] ticks = new int[ChannelCount];

        // Where Feed resumes in its chunk after Evaluate superseded the window's frame and a run after it (0: where
        // it was).
        private int resumeAt;

        // Set by CrsfRcSource, which keeps the bytes of a frame cut off by the end of its chunk and puts them first in
        // its next chunk: a candidate that begins with no bytes waiting in the window and is cut off by the end of a
        // chunk (its length byte missing, or a possible length longer than the rest of the chunk) is then not taken
        // into the window; Feed stops before it and leaves its byte count in cutOffBytes, which the caller clears. The
        // decisions, counters and channels are the same as when the window takes it, since those bytes do come first
        // in the next chunk: the frame is then decided where it lies, as a whole one, instead of being copied into the
        // window in one poll and completed there in the next (about 19,600 host instructions more per such poll on the
        // interpreter, il-count's bench).
        internal bool keepsCutOffFrame;
        internal int cutOffBytes;

        /// <summary>Parses <paramref name="length"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.
        /// Returns the number of RC channel frames completed by this chunk. A call whose range does not lie inside
        /// the buffer (null buffer, negative offset or length, offset + length past the end, for any int values)
        /// parses nothing, returns 0 and counts <see cref="RejectedCalls"/>; it never throws.</summary>
        public int Feed(byte[] buffer, int offset, int length, long nowUs)
        {
            // As unsigned numbers, offset lies in 0 .. buffer.Length and length in 0 .. buffer.Length - offset exactly when
            // both are inside the range (a negative int is above every length); buffer.Length - offset cannot overflow
            // once offset is in range (unlike offset + length, which wraps for large values and let an out-of-range call
            // through to an IndexOutOfRangeException).
            if (buffer == null || (uint)offset > (uint)buffer.Length || (uint)length > (uint)(buffer.Length - offset))
            {
                RejectedCalls++;
                return 0;
            }

            int frames = 0;
            int dropped = 0;
            int superseded = 0;
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
                        if (frameLength == ChannelsPayloadLength + 2 && buffer[i + 2] == CrsfFrameType.RcChannelsPacked
                            && left >= ChannelsPayloadLength + 4)
                        {
                            // A run of whole channel frames back to back: the last is checked and unpacked first,
                            // and if it holds, the frames before it are superseded (counted, neither checked nor
                            // unpacked: their channels would be replaced at once), with each follower's header tested
                            // once here (ChannelFrameFollows written out: a call costs more than its tests).
                            int last = i;
                            int b2;
                            while (end - last >= 2 * (ChannelsPayloadLength + 4)
                                   && buffer[last + (ChannelsPayloadLength + 6)] == CrsfFrameType.RcChannelsPacked
                                   && buffer[last + (ChannelsPayloadLength + 5)] == ChannelsPayloadLength + 2
                                   && ((b2 = buffer[last + (ChannelsPayloadLength + 4)]) == SyncFlightController || b2 == SyncTransmitter))
                            {
                                last += ChannelsPayloadLength + 4;
                            }

                            if (last == i)
                            {
                                if (ChannelFrame(buffer, i + 2))
                                {
                                    frames++;
                                    i += ChannelsPayloadLength + 4;
                                    continue;
                                }
                            }
                            else if (ChannelFrame(buffer, last + 2))
                            {
                                superseded += (last - i) / (ChannelsPayloadLength + 4);
                                frames++;
                                i = last + (ChannelsPayloadLength + 4);
                                continue;
                            }
                            else
                            {
                                // The run's last frame failed: frame by frame up to it. Each frame before it is only
                                // checked (Crc8DvbS2.ChannelFrameHolds; the last one that holds is kept in
                                // deferredFrame, to be unpacked at the end of the chunk); the first that fails, or the
                                // last, goes to the window path.
                                int runStart = i;
                                while (i < last && Crc8DvbS2.ChannelFrameHolds(buffer, i + 2))
                                {
                                    frames++;
                                    i += ChannelsPayloadLength + 4;
                                }

                                if (i != runStart)
                                {
                                    deferredFrame = buffer;
                                    deferredIndex = i - (ChannelsPayloadLength + 2);
                                }
                            }
                        }
                        else if (frameLength >= 2 && frameLength <= MaxFrameBytes - 2 && left >= frameLength + 2
                                 && Crc8DvbS2.Compute(buffer, i + 2, frameLength - 1) == buffer[i + frameLength + 1])
                        {
                            Dispatch(buffer, i + 2, frameLength - 2, nowUs);
                            i += frameLength + 2;
                            continue;
                        }
                    }

                    // A candidate cut off by the end of the chunk (its length byte missing, or possible and more bytes
                    // than the chunk holds): left in the caller's buffer if the caller keeps such bytes itself.
                    int cutLength;
                    if (keepsCutOffFrame
                        && (left < 2 || ((cutLength = buffer[i + 1]) >= 2 && cutLength <= MaxFrameBytes - 2 && left < cutLength + 2)))
                    {
                        cutOffBytes = left;
                        break;
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
                        // The rest of the candidate that this chunk holds, in one native copy (a loop costs the
                        // interpreter about 20 instructions a byte, and a frame split between two polls copies
                        // all of its bytes here).
                        int take = total - c;
                        if (take > end - i)
                        {
                            take = end - i;
                        }

                        if (take > 0)
                        {
                            System.Array.Copy(buffer, i, w, c, take);
                            c += take;
                            i += take;
                        }

                        if (c < total)
                        {
                            count = c;
                            break;
                        }
                    }

                    count = c;
                    frames += Evaluate(buffer, i, end, nowUs);
                    if (resumeAt != 0)
                    {
                        // The window's frame and a run after it were superseded: on after the run's last frame.
                        i = resumeAt;
                        resumeAt = 0;
                    }
                }
                else
                {
                    count = c;
                }
            }

            if (dropped != 0)
            {
                DroppedBytes += dropped;
            }

            if (superseded != 0)
            {
                SupersededFrames += superseded;
            }

            if (frames != 0)
            {
                // The channel frames' counts and time, once per chunk (each counted frame's CRC was checked where it lay).
                ChannelFrames += frames;
                LastChannelsUs = nowUs;
                if (deferredFrame != null)
                {
                    // The channel frame whose unpacking waited for the one after it, if that one failed: its channels
                    // are the latest after all (its CRC is checked again on the way).
                    ChannelFrame(deferredFrame, deferredIndex);
                    deferredFrame = null;
                }
            }

            return frames;
        }

        // Whether a whole candidate channel frame (sync, length and type right; its CRC not yet checked) starts at
        // buffer[at] and ends before end (for a frame completed in the window; Feed's in-place run tests the same
        // written out). The channel frame before it then heads a run: superseded if the run's last frame holds,
        // otherwise only CRC-checked, its unpacking left to the end of the chunk, where it is skipped if a later
        // channel frame has unpacked.
        private static bool ChannelFrameFollows(byte[] buffer, int at, int end)
        {
            if (end - at < ChannelsPayloadLength + 4 || buffer[at + 2] != CrsfFrameType.RcChannelsPacked
                || buffer[at + 1] != ChannelsPayloadLength + 2)
            {
                return false;
            }

            int b = buffer[at];
            return b == SyncFlightController || b == SyncTransmitter;
        }

        /// <summary>Bytes of an unfinished candidate frame waiting in the window for the next chunk.</summary>
        public int PendingBytes
        {
            get { return count; }
        }

        /// <summary>Whether a channel frame arrived within <paramref name="timeoutUs"/> before <paramref name="nowUs"/>.</summary>
        public bool IsLinkUp(long nowUs, long timeoutUs)
        {
            return ChannelFrames != 0 && nowUs - LastChannelsUs <= timeoutUs;
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
        // buffer[next .. end - 1] are the chunk's bytes after the window's last one.
        private int Evaluate(byte[] buffer, int next, int end, long nowUs)
        {
            int frames = 0;
            for (bool fresh = true; count >= 2; fresh = false)
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

                if (frameLength == ChannelsPayloadLength + 2 && window[2] == CrsfFrameType.RcChannelsPacked)
                {
                    // A whole candidate channel frame follows it in the chunk, and it ends the window.
                    bool follows = count == total && ChannelFrameFollows(buffer, next, end);
                    if (follows && fresh)
                    {
                        // The bytes just copied completed it (first decision of this call): it heads a run of
                        // channel frames, whose last is checked first; if that holds, this frame and the run's
                        // others are superseded (as in Feed's in-place run) and Feed resumes after the run.
                        int last = next;
                        while (ChannelFrameFollows(buffer, last + (ChannelsPayloadLength + 4), end))
                        {
                            last += ChannelsPayloadLength + 4;
                        }

                        if (ChannelFrame(buffer, last + 2))
                        {
                            SupersededFrames += 1 + ((last - next) / (ChannelsPayloadLength + 4));
                            count = 0;
                            resumeAt = last + (ChannelsPayloadLength + 4);
                            return 1;
                        }
                    }

                    // Otherwise its unpacking waits only if a whole candidate channel frame follows it; it is then
                    // copied out of the window first.
                    if (follows ? !Crc8DvbS2.ChannelFrameHolds(window, 2) : !ChannelFrame(window, 2))
                    {
                        CrcErrors++;
                        DropFirstAndResync();
                        continue;
                    }

                    if (follows)
                    {
                        System.Array.Copy(window, 2, deferredCopy, 0, ChannelsPayloadLength + 2);
                        deferredFrame = deferredCopy;
                        deferredIndex = 0;
                    }

                    frames++;
                }
                else
                {
                    byte crc = Crc8DvbS2.Compute(window, 2, frameLength - 1);
                    if (crc != window[total - 1])
                    {
                        CrcErrors++;
                        DropFirstAndResync();
                        continue;
                    }

                    Dispatch(window, 2, frameLength - 2, nowUs);
                }

                // After a resync the window can hold bytes beyond this frame: keep them for the next decision.
                Discard(total, false);
            }

            return frames;
        }

        // A frame with a valid CRC other than a channel frame of the right length (ChannelFrame decides those on
        // both paths). The frame's type byte is f[typeIndex], its payload follows.
        private void Dispatch(byte[] f, int typeIndex, int payloadLength, long nowUs)
        {
            int type = f[typeIndex];
            if (type == CrsfFrameType.RcChannelsPacked)
            {
                MalformedFrames++;
                return;
            }

            if (type == CrsfFrameType.LinkStatistics)
            {
                if (payloadLength < CrsfLinkStatistics.PayloadLength)
                {
                    MalformedFrames++;
                    return;
                }

                LinkStatistics.Decode(f, typeIndex + 1, nowUs);
                LinkStatisticsFrames++;
                return;
            }

            OtherFrames++;
        }

        // An RC_CHANNELS_PACKED frame whose type byte is f[s] (its length byte already checked): if its CRC (over the
        // type and the 22 payload bytes; f[s + 23] on the wire) holds, unpacks its channels (the first
        // UnpackedChannels, in steps of 6, 8, 16) and returns true (Feed counts it); otherwise changes nothing.
        // Straight-line for the interpreter: the CRC is Crc8DvbS2.Compute unrolled (nested in fours, so the register stays on the
        // stack); the nine bytes that hold channels 1 to 6, which every map reads, go into locals on their way
        // through the CRC, and the others are read from the frame again only by a wider unpack (a local costs the
        // interpreter its zeroing on every call and a store, a second read of a byte an array load); the channels
        // (little-endian 11-bit fields, channel 1 in the lowest bits of the first byte) come from an accumulator
        // topped up with the next byte(s) before each one. The µs value
        // is TicksToMicroseconds without a branch: 1500 + round((t - 992) * 5 / 8), half away from zero, equals
        // (5t + 7044 + (t < 992 ? -1 : 0)) >> 3 for every 11-bit t (the tests check all 2048).
        // A later channel frame replaces deferredFrame's channels, so it is cleared. Feed counts the frames this
        // accepts.
        private bool ChannelFrame(byte[] f, int s)
        {
            // The type byte, payload and CRC first into a fixed buffer (one native copy): every read below is then at a
            // constant index (an index computed from s costs the interpreter two loads and an add per byte).
            byte[] w = frame;
            System.Array.Copy(f, s, w, 0, ChannelsPayloadLength + 2);
            byte[] t = Crc8DvbS2.Table;
            int b0, b1, b2, b3, b4, b5, b6, b7, b8;
            int c = t[t[t[t[t[w[0]] ^ (b0 = w[1])] ^ (b1 = w[2])] ^ (b2 = w[3])] ^ (b3 = w[4])];
            c = t[t[t[t[c ^ (b4 = w[5])] ^ (b5 = w[6])] ^ (b6 = w[7])] ^ (b7 = w[8])];
            c = t[t[t[t[c ^ (b8 = w[9])] ^ w[10]] ^ w[11]] ^ w[12]];
            c = t[t[t[t[c ^ w[13]] ^ w[14]] ^ w[15]] ^ w[16]];
            c = t[t[t[t[c ^ w[17]] ^ w[18]] ^ w[19]] ^ w[20]];
            c = t[t[c ^ w[21]] ^ w[22]];
            if (c != w[23])
            {
                return false;
            }

            int[] us = ChannelUs;
            int a = b0 | (b1 << 8);
            int v = a & 0x7FF;
            us[0] = ((5 * v) + 7044 + ((v - 992) >> 31)) >> 3;
            a = (a >> 11) | (b2 << 5);
            v = a & 0x7FF;
            us[1] = ((5 * v) + 7044 + ((v - 992) >> 31)) >> 3;
            a = (a >> 11) | (b3 << 2) | (b4 << 10);
            v = a & 0x7FF;
            us[2] = ((5 * v) + 7044 + ((v - 992) >> 31)) >> 3;
            a = (a >> 11) | (b5 << 7);
            v = a & 0x7FF;
            us[3] = ((5 * v) + 7044 + ((v - 992) >> 31)) >> 3;
            a = (a >> 11) | (b6 << 4);
            v = a & 0x7FF;
            us[4] = ((5 * v) + 7044 + ((v - 992) >> 31)) >> 3;
            a = (a >> 11) | (b7 << 1) | (b8 << 9);
            v = a & 0x7FF;
            us[5] = ((5 * v) + 7044 + ((v - 992) >> 31)) >> 3;
            int unpacked = UnpackedChannels;
            if (unpacked > 6)
            {
                a = (a >> 11) | (w[10] << 6);
                v = a & 0x7FF;
                us[6] = ((5 * v) + 7044 + ((v - 992) >> 31)) >> 3;
                a = (a >> 11) | (w[11] << 3);
                v = a & 0x7FF;
                us[7] = ((5 * v) + 7044 + ((v - 992) >> 31)) >> 3;
                if (unpacked > 8)
                {
                    a = w[12] | (w[13] << 8);
                    v = a & 0x7FF;
                    us[8] = ((5 * v) + 7044 + ((v - 992) >> 31)) >> 3;
                    a = (a >> 11) | (w[14] << 5);
                    v = a & 0x7FF;
                    us[9] = ((5 * v) + 7044 + ((v - 992) >> 31)) >> 3;
                    a = (a >> 11) | (w[15] << 2) | (w[16] << 10);
                    v = a & 0x7FF;
                    us[10] = ((5 * v) + 7044 + ((v - 992) >> 31)) >> 3;
                    a = (a >> 11) | (w[17] << 7);
                    v = a & 0x7FF;
                    us[11] = ((5 * v) + 7044 + ((v - 992) >> 31)) >> 3;
                    a = (a >> 11) | (w[18] << 4);
                    v = a & 0x7FF;
                    us[12] = ((5 * v) + 7044 + ((v - 992) >> 31)) >> 3;
                    a = (a >> 11) | (w[19] << 1) | (w[20] << 9);
                    v = a & 0x7FF;
                    us[13] = ((5 * v) + 7044 + ((v - 992) >> 31)) >> 3;
                    a = (a >> 11) | (w[21] << 6);
                    v = a & 0x7FF;
                    us[14] = ((5 * v) + 7044 + ((v - 992) >> 31)) >> 3;
                    a = (a >> 11) | (w[22] << 3);
                    v = a & 0x7FF;
                    us[15] = ((5 * v) + 7044 + ((v - 992) >> 31)) >> 3;
                }
            }

            // The frame is the accepted one now: its array and the last accepted one trade places.
            frame = accepted;
            accepted = w;
            deferredFrame = null;
            return true;
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
